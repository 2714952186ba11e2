"""`python -m session.bench` (scripts/bench): the same as `session bench`."""

from session.bench import main

raise SystemExit(main())
