from session.cli import main

raise SystemExit(main())
