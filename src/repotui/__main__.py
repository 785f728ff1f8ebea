"""`python -m repotui` runs the same entry point as the `repotui` script."""

from repotui.cli.main import main

raise SystemExit(main())
