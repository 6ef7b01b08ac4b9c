"""`python -m workshops ...`: see workshops/cli.py."""

import sys

from workshops.cli import main

sys.exit(main())
