"""secretguard: secret and configuration hygiene scanner."""

__version__ = "0.1.0"
