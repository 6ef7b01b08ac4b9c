"""One `python -m workshops` command run in a child process, for tests that start many at once.

The children come from a fork server that has already imported the command line, so fifty of them
start in a moment and meet the database together; each then does exactly what `python -m
workshops ...` does after its imports (workshops/__main__.py), opening the store included.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

from workshops.cli import main


def command(url: str, argv: list[str], barrier, messages) -> None:
    """Wait at BARRIER, run one command on the database URL, put what it printed on stderr in
    MESSAGES, and exit with its exit code."""
    os.environ["DATABASE_URL"] = url
    barrier.wait()
    printed = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(printed):
        code = main(argv)
    if printed.getvalue():
        messages.put(printed.getvalue())
    sys.exit(code)
