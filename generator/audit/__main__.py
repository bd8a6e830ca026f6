"""`python -m generator.audit`: the same as `python -m generator audit`."""

import sys

from generator.audit.cli import main

sys.exit(main())
