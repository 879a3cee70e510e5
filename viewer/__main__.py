"""``python -m viewer``: the same as the ``factline`` command."""

from viewer.app import main

raise SystemExit(main())
