"""`secretguard rotate`: carry out the automatable part of a rotation plan, resumably."""
