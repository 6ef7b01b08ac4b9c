"""CSV data dictionary: one row per field with every piece of metadata, ready for a spreadsheet.

The file is RFC 4180 CSV (comma-separated, CRLF line ends, double quotes around cells that need
them) in UTF-8 with a byte-order mark, so spreadsheets open accented and right-to-left text
correctly. A workflow's dictionary covers every form its steps use, in step order; the Form
column says which form a row belongs to.

Safe to open: a spreadsheet runs a CSV cell that begins with =, +, -, @, tab or carriage return
as a formula. Such a cell (looking past any quotes it already begins with) gets one extra
single quote in front, as OWASP advises; the text after that quote is exactly what was written,
and `exporter.cells.without_csv_quote` gives it back.

A form in several languages (docs/format.md "Languages") has one label column per language,
"Label (English)", "Label (Welsh)", ... in place of "Label"; a label not yet translated shows the main
language's words, as people reading in that language see them. A workflow's dictionary has a column
for every language any of its forms has.
"""

from __future__ import annotations

import csv
import io

from exporter.base import ExportFile, ExportResult, Subject, file_stem, register
from exporter.cells import EXCEL_CELL_LIMIT, csv_cell
from exporter.rows import field_rows
from forms.errors import Code, Issue
from forms.languages import text_in
from forms.model import Form
from forms.vocabulary import language_name

MEDIA_TYPE = "text/csv; charset=utf-8; header=present"

# FieldRow attribute (or extra column) → the header a reader sees, in column order.
COLUMNS = (
    ("form", "Form"),
    ("form_version", "Form version"),
    ("section", "Section id"),
    ("section_title", "Section"),
    ("group", "Repeating group"),
    ("field", "Field id"),
    ("label", "Label"),
    ("type", "Type"),
    ("required", "Required"),
    ("shown_when", "Shown when"),
    ("options", "Options (value = label)"),
    ("validation", "Validation"),
    ("hint", "Hint"),
    ("purpose", "Purpose"),
    ("completed_by", "Completed by"),
    ("own_words", "In the person's own words"),
    ("data_category", "Data category"),
    ("special_category", "Special category"),
    ("lawful_basis", "Lawful basis"),
    ("processing_condition", "Article 9 condition"),
    ("visible_to_person", "Visible to the person"),
    ("shared_with", "Shared with"),
    ("retention", "Retention"),
    ("statutory_item", "Statutory item"),
    ("seconds", "Estimated seconds"),
)
HEADERS = tuple(header for _, header in COLUMNS)


@register("csv", ("form", "workflow"), "CSV data dictionary: one row per field with all its metadata")
def export_csv(subject: Subject) -> ExportResult:
    """`<stem>.dictionary.csv` for a form, or for a workflow covering every form it uses."""
    data, warnings = dictionary_bytes(subject.used_forms())
    name = f"{file_stem(subject.document)}.dictionary.csv"
    return ExportResult((ExportFile(name, data, MEDIA_TYPE),), tuple(warnings))


def languages_of(forms: list[Form]) -> list[str]:
    """Every language of the forms, each form's main language first, in the order they are met."""
    return list(dict.fromkeys(tag for form in forms for tag in form.languages))


def headers(forms: list[Form]) -> tuple[str, ...]:
    languages = languages_of(forms)
    if len(languages) < 2:
        return HEADERS
    return tuple(h for header in HEADERS
                 for h in ([f"Label ({language_name(t)})" for t in languages] if header == "Label" else [header]))


def dictionary_rows(forms: list[Form]) -> list[dict[str, str]]:
    """Every field of the forms as {header: text}, before any spreadsheet neutralisation."""
    out = []
    languages = languages_of(forms)
    for form in forms:
        fields = [placed.field for placed in form.walk()]
        for field, row in zip(fields, field_rows(form), strict=True):
            values = row.as_dict() | {"form_version": form.version}
            cells = {header: _text(values[key]) for key, header in COLUMNS}
            if len(languages) > 1:
                labels = {f"Label ({language_name(t)})": text_in(field, "label", t, form.languages[0]) or ""
                          if t in form.languages else "" for t in languages}
                cells = {h: v for header, value in cells.items()
                         for h, v in (labels.items() if header == "Label" else ((header, value),))}
            out.append(cells)
    return out


def dictionary_bytes(forms: list[Form]) -> tuple[bytes, list[Issue]]:
    """The CSV file's bytes and a warning for each cell that had to be neutralised or is too long."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180's line end, also inside the file
    writer.writerow(headers(forms))
    warnings: list[Issue] = []
    places = [(form, placed.field) for form in forms for placed in form.walk()]
    for (form, field), row in zip(places, dictionary_rows(forms), strict=True):
        where = f"field '{field.id}'" + (f" of form '{form.id}'" if len(forms) > 1 else "")
        cells = []
        for header, text in row.items():
            cell = csv_cell(text)
            if cell != text:
                warnings.append(Code.EXPORT_CSV_FORMULA_QUOTED.issue(
                    "", *field.loc, where=where, part=f"'{header}' cell", start=_shown(text.lstrip("'")[0])))
            if len(cell) > EXCEL_CELL_LIMIT:
                warnings.append(Code.EXPORT_CELL_TOO_LONG.issue(
                    "", *field.loc, where=where, what=f"'{header}' cell", length=len(cell),
                    consequence="the file holds it all, but a spreadsheet opening it will cut it"))
            cells.append(cell)
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig"), warnings


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _shown(first: str) -> str:
    return {"\t": "a tab", "\r": "a carriage return"}.get(first, first)
