from secretguard.cli import main

raise SystemExit(main())
