"""Spreadsheet-safe text: formula neutralisation for CSV, characters XML cannot hold, and string-only workbooks.

A spreadsheet decides what a cell *is* when it reads it. In an `.xlsx` the file says so (a string
cell is text, whatever it begins with: `workbook_bytes` writes nothing else), but a CSV cell is
re-read by the spreadsheet, and one that begins with `=`, `+`, `-` or `@` (or a tab or carriage
return, which some spreadsheets skip before looking) is taken as a formula:
`=HYPERLINK("http://x")` becomes a live link. OWASP's guidance for CSV injection is to put a single
quote in front of such a cell; the spreadsheet then keeps it as text (some show the quote, some
hide it), and the text after the quote is exactly what was typed.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

# What a spreadsheet may read as the start of a formula (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

# The most characters Excel keeps in one cell; longer text is cut when the file is opened.
EXCEL_CELL_LIMIT = 32_767

# Characters XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return;
# lone surrogates; U+FFFE and U+FFFF). openpyxl refuses them and so does every XForm parser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
FIXED_TIME = _dt.datetime(1980, 1, 1)  # the earliest time a zip entry can hold


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


def workbook_bytes(sheets: dict[str, tuple[tuple[str, ...], ...]], title: str = "") -> bytes:
    """An .xlsx of string cells (never formulas), byte-identical for the same sheets."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        widths: dict[int, int] = {}
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                widths[c] = max(widths.get(c, 8), min(len(value), 60) + 2)
                if not value:
                    continue
                cell = sheet.cell(r, c)
                cell.value = value  # openpyxl makes a formula of text starting with '='...
                cell.data_type = "s"  # ...so the type is set back to string, whatever the text
                if looks_like_formula(value):
                    cell.quotePrefix = True  # and a spreadsheet keeps it text when the cell is edited
                if r == 1:
                    cell.font = Font(bold=True)
        for c, width in widths.items():
            sheet.column_dimensions[get_column_letter(c)].width = width
        sheet.freeze_panes = "A2"
    props = book.properties
    props.created = props.modified = FIXED_TIME
    props.creator = props.lastModifiedBy = "Coform"
    props.title = xml_text(title)[0] or None
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not save_workbook(), which stamps the current time
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with entries in name order and fixed times ([Content_Types].xml sorts first)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = sorted((info.filename, source.read(info)) for info in source.infolist())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the default depends on the platform; fix it
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
