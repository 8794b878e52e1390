from secretguard.entry import run

raise SystemExit(run())
