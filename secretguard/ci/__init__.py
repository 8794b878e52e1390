"""`secretguard ci`: read the CI's own environment, decide which commits the gate scans, and say why."""
