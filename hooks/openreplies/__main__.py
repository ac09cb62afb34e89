"""`python -m openreplies`: see `openreplies.cli`."""

import sys

from .cli import main

sys.exit(main())
