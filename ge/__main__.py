from ge.cli import main

raise SystemExit(main())
