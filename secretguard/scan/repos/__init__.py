"""`secretguard scan repos`: many repositories in one run (an organisation's clones or bare mirrors).

listing.py finds the repositories, families.py groups forks by their shared root commits, scan.py scans each
family with one engine and one blob-verdict cache (a blob seen in ten forks is read once; a commit already
scanned in an earlier fork is not listed again), merge.py folds the findings of every repository into one per
credential with all its places, and cluster.py fans the families out as Ray tasks (`--ray ADDRESS`).
"""
