from runbook_lint.cli import main

raise SystemExit(main())
