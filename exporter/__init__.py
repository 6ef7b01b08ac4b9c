"""Exporter: the vendor spec pack in every format (see issue 5)."""
