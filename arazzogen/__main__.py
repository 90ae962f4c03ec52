"""``python -m arazzogen``: the same command line as the ``arazzogen`` script."""

from arazzogen.cli import main

raise SystemExit(main())
