"""Every export format registered in `exporter.base.FORMATS`: the pack imports each format it holds,
which is all of them, so importing the pack registers the lot."""

from exporter import pack  # noqa: F401 - imported for its registrations
from exporter.base import FORMATS

__all__ = ["FORMATS"]
