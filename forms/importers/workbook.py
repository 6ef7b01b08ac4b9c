"""XLSForm workbook → sheets of rows keyed by normalised column names, with one language chosen."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import openpyxl

from forms.errors import Code, Issue
from forms.importers.naming import is_id, option_value, unique
from forms.reader import MAX_BYTES as READER_MAX_BYTES

# Bounds checked before openpyxl reads anything (a 311 KB zip once unpacked to a 300 MB cell):
# real XLSForms unpack to well under a megabyte; the XLSForm spec test form, one of the largest, to 2.2 MB.
MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 16 * 1024 * 1024
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_CELL_CHARS = 32_767  # what Excel itself lets a cell hold
MAX_TEXT_CHARS = READER_MAX_BYTES  # all cells together: no form the reader accepts holds more
MAX_ROWS = 20_000  # filled rows per sheet; real forms have hundreds, more is a mistake or a bomb
# Spreadsheets often carry thousands of formatted but empty rows; a gap this long means the
# form has ended, and stopping there bounds the time a padded file can take.
MAX_GAP = 2_000

# pyxform accepts these spellings of the same column; Coform reads them all the same way.
ALIASES = {
    "list name": "list_name", "caption": "label", "relevance": "relevant", "readonly": "read_only",
    "requiredmsg": "required_message", "jr:requiredmsg": "required_message",
    "constraintmsg": "constraint_message", "jr:constraintmsg": "constraint_message",
    "jr:count": "repeat_count", "count": "repeat_count", "media::image": "image",
    "media::audio": "audio", "media::video": "video", "media::big-image": "big-image",
    "calculate": "calculation", "bind::calculate": "calculation", "bind::relevant": "relevant",
    "bind::required": "required", "bind::constraint": "constraint", "bind::readonly": "read_only",
    "body::appearance": "appearance",
}
# Columns that may carry a language suffix: label::English (en), hint:french, image::chinese.
_LANG_COLUMN = re.compile(
    r"^(label|hint|guidance_hint|constraint_message|required_message|requiredmsg|constraintmsg|"
    r"jr:constraintmsg|jr:requiredmsg|image|audio|video|big-image|media::image|media::audio|"
    r"media::video|media::big-image)\s*::?\s*(.+)$", re.I)


@dataclass(slots=True)
class Column:
    index: int  # 1-based spreadsheet column
    raw: str
    base: str
    lang: str | None


@dataclass(slots=True)
class Row:
    number: int  # 1-based spreadsheet row
    cells: dict[str, tuple[object, int]]  # column key -> (value, column index)

    def get(self, key: str) -> object:
        return self.cells.get(key, (None, 0))[0]

    def column(self, key: str) -> int:
        return self.cells.get(key, (None, 0))[1]


@dataclass(slots=True)
class Sheet:
    name: str
    header_row: int
    columns: list[Column]
    rows: list[Row]
    chosen: dict[str, str] = field(default_factory=dict)  # base -> key of the column used
    dropped: set[str] = field(default_factory=set)  # keys of other-language columns

    def key(self, base: str) -> str:
        return self.chosen.get(base, base)


def column_key(header: str) -> tuple[str, str | None]:
    text = " ".join(str(header).split())
    match = _LANG_COLUMN.match(text)
    if match:
        base = match.group(1).lower()
        return ALIASES.get(base, base), match.group(2).strip()
    lowered = text.lower()
    return ALIASES.get(lowered, lowered), None


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _unpacked_too_large(data: bytes) -> Issue | None:
    """IMPORT_009 when the .xlsx (a zip) would unpack to more than the limits, checked before openpyxl reads it.

    The central directory's sizes are checked first (cheap), then every member is decompressed
    once, in chunks and without keeping it, counting what really comes out: a zip whose headers
    lie about its sizes is caught too, having cost at most the limit in time and a chunk in memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip at all: openpyxl says so in its own words (IMPORT_001)
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            return _unpack_issue(f"{len(members):,} files", f"{MAX_MEMBERS:,} files")
        declared = 0
        for info in members:
            declared += info.file_size
            if info.file_size > MAX_MEMBER_BYTES:
                return _unpack_issue(f"a part '{info.filename[:60]}' of {info.file_size:,} bytes",
                                     f"{MAX_MEMBER_BYTES:,} bytes a part")
        if declared > MAX_UNPACKED_BYTES:
            return _unpack_issue(f"{declared:,} bytes", f"{MAX_UNPACKED_BYTES:,} bytes")
        total = 0
        try:
            for info in members:
                size = 0
                with archive.open(info) as member:
                    while chunk := member.read(1 << 16):
                        size += len(chunk)
                        if size > MAX_MEMBER_BYTES:
                            return _unpack_issue(f"a part '{info.filename[:60]}' of more than {MAX_MEMBER_BYTES:,} "
                                                 "bytes", f"{MAX_MEMBER_BYTES:,} bytes a part")
                total += size
                if total > MAX_UNPACKED_BYTES:
                    return _unpack_issue(f"more than {MAX_UNPACKED_BYTES:,} bytes", f"{MAX_UNPACKED_BYTES:,} bytes")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, zlib.error):
            # damaged, encrypted, or a compression method zipfile lacks (it raises NotImplementedError):
            return None  # openpyxl then reports the file as unreadable, located
    return None


def _unpack_issue(what: str, limit: str) -> Issue:
    return Code.IMPORT_UNPACKS_TOO_LARGE.issue("workbook", 1, 1, what=what, limit=limit)


def read_workbook(data: bytes) -> tuple[dict[str, Sheet], list[Issue]]:
    """The workbook's sheets by lower-case name; an IMPORT_001, 009 or 010 issue when it cannot be read."""
    too_large = _unpacked_too_large(data)
    if too_large is not None:
        return {}, [too_large]
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        return {}, [Code.IMPORT_UNREADABLE.issue(
            problem=f"it is not an Excel .xlsx workbook ({type(exc).__name__})",
            fix="Save the XLSForm from Excel, LibreOffice or Google Sheets as .xlsx "
                "(an old .xls file must be saved again as .xlsx) and import that file.")]
    sheets: dict[str, Sheet] = {}
    budget = _Budget()
    try:
        for ws in book.worksheets:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # some writers record wrong sizes; read every row
            sheet = _read_sheet(ws, budget)
            if sheet is None:
                return {}, [Code.IMPORT_UNREADABLE.issue(
                    ws.title, problem=f"the sheet '{ws.title}' has more than {MAX_ROWS} filled rows",
                    fix="Remove empty or stray rows, or split the form.")]
            sheets.setdefault(ws.title.strip().lower(), sheet)
    except _TooLong as exc:
        return {}, [exc.issue]
    except Exception as exc:
        return {}, [Code.IMPORT_UNREADABLE.issue(
            problem=f"a sheet could not be read ({type(exc).__name__})",
            fix="Open the file in a spreadsheet program, save it again as .xlsx and retry.")]
    finally:
        book.close()
    return sheets, []


class _TooLong(Exception):
    """A cell, or all the cells together, hold more text than a form can use (IMPORT_010 / 008)."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


@dataclass(slots=True)
class _Budget:
    """Characters of cell text read so far, across every sheet.

    One shared string may be used by every cell, so bounding the zip's size does not bound the
    text: 20,000 rows of a 32,767-character cell would be 650 MB of YAML. No form the reader
    accepts can hold more text than the reader's own limit.
    """

    used: int = 0


def _check_cells(ws: object, number: int, values: tuple, budget: _Budget) -> None:
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            if len(value) > MAX_CELL_CHARS:
                title = ws.title  # type: ignore[attr-defined]
                raise _TooLong(Code.IMPORT_CELL_TOO_LONG.issue(
                    title, number, index, where=f"{title} row {number} column {index}", length=f"{len(value):,}",
                    limit=f"{MAX_CELL_CHARS:,}"))
            budget.used += len(value)
    if budget.used > MAX_TEXT_CHARS:
        raise _TooLong(Code.IMPORT_TOO_LARGE.issue(
            ws.title, number, 1, size=f"more than {MAX_TEXT_CHARS:,}",  # type: ignore[attr-defined]
            limit=f"{MAX_TEXT_CHARS:,}"))


def _read_sheet(ws: object, budget: _Budget) -> Sheet | None:
    header_row, columns, rows, last = 0, [], [], 0
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        _check_cells(ws, number, values, budget)
        values = [_cell(v) for v in values]
        if not any(v is not None for v in values):
            if number - last > MAX_GAP:
                break
            continue
        last = number
        if len(rows) >= MAX_ROWS:
            return None
        if not header_row:
            header_row = number
            for index, value in enumerate(values, start=1):
                if value is not None:
                    base, lang = column_key(str(value))
                    columns.append(Column(index, str(value).strip(), base, lang))
            continue
        cells: dict[str, tuple[object, int]] = {}
        for col in columns:
            value = values[col.index - 1] if col.index <= len(values) else None
            key = col.base if col.lang is None else f"{col.base}::{col.lang}"
            if value is not None and key not in cells:
                cells[key] = (value, col.index)
        if cells:
            rows.append(Row(number, cells))
    return Sheet(ws.title, header_row or 1, columns, rows)  # type: ignore[attr-defined]


# --- the type column ------------------------------------------------------------------------

PLAIN = {"text": "short_text", "string": "short_text", "integer": "number", "int": "number",
         "decimal": "number", "date": "date", "note": "guidance"}
# Types with no exact Coform match: the nearest type, and what the user should know.
MAPPED = {
    "datetime": "date", "time": "short_text", "geopoint": "short_text", "geotrace": "short_text",
    "geoshape": "short_text", "barcode": "short_text", "phone_number": "short_text",
    "acknowledge": "yes_no", "trigger": "yes_no", "range": "scale", "rank": "multi_choice",
    "select_one_from_file": "short_text", "select_multiple_from_file": "short_text",
}
MEDIA = {"image", "audio", "video", "file", "background-audio", "background-video", "signature"}
METADATA = {"start", "end", "today", "deviceid", "phonenumber", "username", "email", "simserial",
            "subscriberid", "audit", "start-geopoint", "imei"}
COLUMN_FIXES = {
    "default": "Coform has no default answers; mention the usual answer in the hint if it helps.",
    "read_only": "Coform questions can always be answered; use a guidance field to show fixed text.",
    "calculation": "Coform does not calculate; work the value out in the case system or ask for it.",
    "constraint_message": "Put the explanation in the hint.",
    "required_message": "Put the explanation in the hint.",
    "appearance": "Coform lays questions out itself; nothing to do unless the layout carried meaning.",
    "required": "Coform questions are required always or never; add 'required: true' by hand if it fits.",
    "constraint": "Coform checks simple limits only (min, max, max_length, pattern); explain the rule in the hint.",
    "choice_filter": "Coform shows every option; split the question, or add show_if conditions by hand.",
    "image": "Coform forms hold text; describe the picture in the hint if it matters.",
    "audio": "Coform forms hold text; write out what the recording says if it matters.",
    "video": "Coform forms hold text; describe the video in the hint if it matters.",
}
_SELECT = re.compile(
    r"^(select_one|select one|select1|select_multiple|select multiple|select all that apply)"
    r"(?: from)?\s+(\S+)(\s+or_other|\s+or other|\s+or specify other)?$", re.I)


@dataclass(frozen=True, slots=True)
class RowType:
    kind: str  # normalised type, e.g. 'select_one', 'begin_group', 'integer'
    list_name: str = ""
    or_other: bool = False


def parse_type(raw: object) -> RowType:
    text = " ".join(str(raw).split())
    lowered = text.lower()
    match = _SELECT.match(text)
    if match:
        single = match.group(1).lower() in ("select_one", "select one", "select1")
        return RowType("select_one" if single else "select_multiple", match.group(2), bool(match.group(3)))
    match = re.match(r"^(select_one_from_file|select_multiple_from_file|rank)\s+(\S+)$", lowered)
    if match:
        return RowType(match.group(1), match.group(2))
    match = re.match(r"^begin[ _]loop over\s+(\S+)$", lowered)
    if match:
        return RowType("begin_loop", match.group(1))
    match = re.match(r"^(begin|end)[ _](group|repeat|loop)$", lowered)
    if match:
        return RowType(f"{match.group(1)}_{match.group(2)}")
    return RowType(lowered.replace(" ", "_"))


def choice_lists(sheet: Sheet | None, languages=None) -> tuple[dict[str, list[tuple[str, object, Row]]], list[Issue]]:
    """list name -> [(option value, label, row)], names slugged (IMPORT_005) and duplicates merged."""
    lists: dict[str, list[tuple[str, str, Row]]] = {}
    issues: list[Issue] = []
    if sheet is None:
        return lists, issues
    originals: dict[str, dict[str, int]] = {}
    for row in sheet.rows:
        list_name, name = row.get("list_name"), row.get("name")
        if list_name is None or name is None:
            continue
        list_name, name = str(list_name), str(name)
        seen = originals.setdefault(list_name, {})
        if name in seen:
            issues.append(Code.IMPORT_DROPPED.issue(
                sheet.name, row.number, row.column("name"), where=f"{sheet.name} row {row.number}",
                what=f"the second choice '{name}' in list '{list_name}' (row {seen[name]} has the same name)",
                fix="Both rows record the same answer; Coform keeps one option for it."))
            continue
        seen[name] = row.number
        entries = lists.setdefault(list_name, [])
        value = name if is_id(name) else option_value(name)
        value = unique(value, {v for v, _, _ in entries})
        if value != name:
            issues.append(Code.IMPORT_RENAMED.issue(
                sheet.name, row.number, row.column("name"),
                where=f"{sheet.name} row {row.number} (list '{list_name}')", old=name, new=value))
        label = row.get(sheet.key("label"))
        text = str(label) if label is not None else name
        # Every language of the label when the form has several (forms.importers.xlsform_languages).
        entries.append((value, languages.texts(sheet.name, row, "label", text) if languages else text, row))
    return lists, issues
