"""Spreadsheet-safe text: formula neutralisation for CSV, and characters XML-based workbooks cannot hold.

A spreadsheet decides what a cell *is* when it reads it. In an `.xlsx` the file says so (a string
cell is text, whatever it begins with), but a CSV cell is re-read by the spreadsheet, and one
that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets skip
before looking) is taken as a formula: `=HYPERLINK("http://x")` becomes a live link. OWASP's
guidance for CSV injection is to put a single quote in front of such a cell; spreadsheets then
show the text and hide the quote, and any other reader sees the quote followed by exactly the
text that was typed.
"""

from __future__ import annotations

import re

# What a spreadsheet may read as the start of a formula (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

# The most characters Excel keeps in one cell; longer text is cut when the file is opened.
EXCEL_CELL_LIMIT = 32_767

# Characters XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return;
# lone surrogates; U+FFFE and U+FFFF). openpyxl refuses them and so does every XForm parser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet reading this text from a CSV take it for a formula?"""
    return text.startswith(FORMULA_STARTS)


def _needs_quote(text: str) -> bool:
    # Looking past quotes already there makes the rule reversible: "'=x" (typed) becomes "''=x",
    # so taking one quote off always gives back what was typed.
    return looks_like_formula(text.lstrip(QUOTE))


def csv_cell(text: str) -> str:
    """The text made inert for a CSV cell: one more leading ' when, after any leading quotes, it
    begins with =, +, -, @, tab or carriage return; any other text is unchanged."""
    return QUOTE + text if _needs_quote(text) else text


def without_csv_quote(cell: str) -> str:
    """What was typed, from a cell made by `csv_cell` (its exact inverse, for readers and tests)."""
    return cell[1:] if cell.startswith(QUOTE) and _needs_quote(cell[1:]) else cell


def xml_text(text: str) -> tuple[str, bool]:
    """The text with characters XML cannot hold replaced by U+FFFD, and whether any were."""
    cleaned = _NOT_XML.sub(REPLACEMENT, text)
    return cleaned, cleaned != text
