"""Run the exporter command line: `python -m exporter PATH --format FORMAT --out DIR`."""

import sys

from exporter.cli import main

sys.exit(main())
