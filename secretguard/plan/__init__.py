"""Rotation plans: what leaked joined with what is live, ordered, with provider-specific steps."""
