"""Run the forms command line: `python -m forms validate|burden|diff|import`."""

import sys

from forms.cli import main

sys.exit(main())
