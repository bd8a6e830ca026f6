"""`python -m generator.audit`: the same as `python -m generator audit`."""

import sys

from .cli import main

sys.exit(main())
