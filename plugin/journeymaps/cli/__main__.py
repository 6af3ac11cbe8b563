from journeymaps.cli import main

raise SystemExit(main())
