"""CSV data dictionary: reads back as the fields with their metadata, and no cell can run as a formula."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest

from exporter.base import FORMATS, Subject
from exporter.cells import csv_cell, looks_like_formula, without_csv_quote
from exporter.csv_dictionary import HEADERS, export_csv
from forms.loader import LIBRARY_DIR, load_paths, load_text, shipped_forms
from forms.model import Form, Workflow

LIBRARY = shipped_forms()
WORKFLOWS = {r.document.id: r.document for r in load_paths([LIBRARY_DIR], lint=False)[0]
             if isinstance(r.document, Workflow)}
HOSTILE = [
    "<script>alert(1)</script>",
    "\"quotes' & ampersands",
    "\u202eمرحبا שלום",
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturned",
    "'=already quoted",
    "'Tis a quote",
    "line one\nline two",
    "A" * 10_000,
]


def form_of(text: str) -> Form:
    result = load_text(textwrap.dedent(text), "t.yaml", forms={}, lint=False)
    assert not [i for i in result.issues if i.is_error], [i.format() for i in result.issues]
    assert isinstance(result.document, Form)
    return result.document


def read(data: bytes, label_columns: tuple[str, ...] = ("Label",)) -> list[dict[str, str]]:
    """The file as a spreadsheet-minded reader gets it: BOM dropped, RFC 4180 parsed, one dict per row.
    A form in several languages has LABEL_COLUMNS (one per language) where others have "Label"."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    at = HEADERS.index("Label")
    assert tuple(reader.fieldnames or ()) == HEADERS[:at] + label_columns + HEADERS[at + 1:]
    return list(reader)


def export(document, forms=None):
    result = export_csv(Subject(document=document, forms=forms or {}))
    (file,) = result.files
    return file, result.warnings


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_one_row_per_field_in_document_order(form_id):
    form = LIBRARY[form_id]
    file, warnings = export(form)
    names = {"en": "English", "cy": "Welsh", "en-x-easy": "Easy Read"}
    several = len(form.languages) > 1
    rows = read(file.data, tuple(f"Label ({names[t]})" for t in form.languages) if several else ("Label",))
    placed = list(form.walk())
    assert len(rows) == len(placed)
    assert [r["Field id"] for r in rows] == [p.field.id for p in placed]
    assert {r["Form"] for r in rows} == {form.id}
    assert {r["Form version"] for r in rows} == {str(form.version)}
    for row, p in zip(rows, placed, strict=True):
        assert row[f"Label ({names[form.languages[0]]})" if several else "Label"] == p.field.label
        for tag in form.languages[1:]:  # every library form in several languages is fully translated
            assert row[f"Label ({names[tag]})"] == p.field.translations.get("label", tag)
        assert row["Type"] == p.field.type
        assert row["Required"] == ("yes" if p.field.required else "no")
        assert row["Purpose"] == p.field.purpose
        assert row["Section id"] == p.section.id
        assert row["Repeating group"] == (p.group.id if p.group else "")
    assert warnings == ()
    assert file.name == f"{form.id}-v{form.version}.dictionary.csv"


def test_bytes_are_utf8_with_bom_and_crlf():
    file, _ = export(LIBRARY["early-help-assessment"])
    assert file.data.startswith(b"\xef\xbb\xbfForm,Form version,")
    assert file.data.endswith(b"\r\n")
    lines = file.data.split(b"\r\n")
    assert len(lines) - 1 == 1 + len(list(LIBRARY["early-help-assessment"].walk()))  # no field holds a line break
    assert b"\n" not in b"".join(lines)
    assert export(LIBRARY["early-help-assessment"])[0].data == file.data


def test_metadata_columns_in_words():
    form = form_of("""
        kind: form
        id: t
        title: T
        version: 2
        purpose: P
        sections:
          - id: s
            title: Section S
            fields:
              - {id: why, label: Why?, type: yes_no, completed_by: together, own_words: true}
              - id: health
                label: Health
                type: multi_choice
                options: [{value: a, label: Asthma}, {value: b, label: Back pain}]
                max_selected: 1
                show_if: {field: why, equals: true}
                data_category: special_category
                special_category: health
                lawful_basis: public_task
                processing_condition: h
                visible_to_person: false
                shared_with: [gp, school]
                retention: 8 years
                statutory_item: "CIN census: Disability"
    """)
    rows = read(export(form)[0].data)
    assert rows[1] == {
        "Form": "t", "Form version": "2", "Section id": "s", "Section": "Section S", "Repeating group": "",
        "Field id": "health", "Label": "Health", "Type": "multi_choice", "Required": "no",
        "Shown when": "'Why?' is Yes", "Options (value = label)": "a = Asthma; b = Back pain",
        "Validation": "choose at most 1", "Hint": "", "Purpose": "practice", "Completed by": "practitioner",
        "In the person's own words": "no", "Data category": "special_category", "Special category": "health",
        "Lawful basis": "public_task", "Article 9 condition": "9(2)(h) health or social care",
        "Visible to the person": "no", "Shared with": "gp, school", "Retention": "8 years",
        "Statutory item": "CIN census: Disability", "Estimated seconds": "20",
    }
    assert (rows[0]["Completed by"], rows[0]["In the person's own words"]) == ("together", "yes")


@pytest.mark.parametrize("workflow_id", sorted(WORKFLOWS))
def test_workflow_dictionary_covers_every_form_it_uses(workflow_id):
    workflow = WORKFLOWS[workflow_id]
    subject = Subject(document=workflow, forms=LIBRARY)
    file, _ = export(workflow, LIBRARY)
    rows = read(file.data)
    used = subject.used_forms()
    assert used
    assert [r["Form"] for r in rows] == [f.id for f in used for _ in f.walk()]
    assert file.name == f"{workflow.id}-v{workflow.version}.dictionary.csv"


def test_registered_for_forms_and_workflows():
    assert FORMATS["csv"].kinds == ("form", "workflow")


# --- formula injection --------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "", "'", "''=x", "plain", "a=b", " =1"])
def test_csv_cell_is_inert_and_exactly_reversible(text):
    cell = csv_cell(text)
    assert not looks_like_formula(cell)
    assert without_csv_quote(cell) == text
    assert cell == text or cell == "'" + text


def test_hostile_text_round_trips_with_only_the_documented_quote():
    fields = "".join(f"\n              - {{id: f{i}, label: {json.dumps(t)}, hint: {json.dumps(t)}, type: short_text,"
                     f" retention: {json.dumps(t)}}}" for i, t in enumerate(HOSTILE))
    form = form_of(f"""
        kind: form
        id: hostile
        title: T
        version: 1
        purpose: P
        sections:
          - id: s
            title: {json.dumps(HOSTILE[3])}
            fields:{fields}
              - id: pick
                label: Pick
                type: single_choice
                options: [{{value: a, label: "=1+1"}}]
    """)
    file, warnings = export(form)
    rows = read(file.data)
    assert len(rows) == len(HOSTILE) + 1
    for row in rows:
        for value in row.values():
            assert not looks_like_formula(value), value
    for row, text in zip(rows, HOSTILE, strict=False):
        for column in ("Label", "Hint", "Retention"):
            assert without_csv_quote(row[column]) == text
            assert row[column] == (("'" + text) if looks_like_formula(text.lstrip("'")) else text)
        assert without_csv_quote(row["Section"]) == HOSTILE[3]
    assert rows[-1]["Options (value = label)"] == "a = =1+1"  # not at the start of the cell: nothing to do
    quoted = [w for w in warnings if w.code == "EXPORT_030"]
    # Each formula-like text in label, hint and retention, plus the section title on every row.
    formula_like = sum(looks_like_formula(t.lstrip("'")) for t in HOSTILE)
    assert len(quoted) == 3 * formula_like + len(rows)
    assert {(w.line, w.column) for w in quoted} >= {(11, 9)}


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_golden_form(form_id, golden):
    file, _ = export(LIBRARY[form_id])
    golden(f"export/csv/{file.name}", _golden_text(file.data))


@pytest.mark.parametrize("workflow_id", sorted(WORKFLOWS))
def test_golden_workflow(workflow_id, golden):
    file, _ = export(WORKFLOWS[workflow_id], LIBRARY)
    golden(f"export/csv/{file.name}", _golden_text(file.data))


def _golden_text(data: bytes) -> str:
    # Golden files are compared as text read with universal newlines, so they hold the CSV decoded
    # with '\n' line ends; the BOM and CRLF are checked on the real bytes above.
    return data.decode("utf-8-sig").replace("\r\n", "\n")


def test_cells_longer_than_a_spreadsheet_keeps_are_kept_whole_and_reported():
    form = form_of(f"""
        kind: form
        id: t
        title: T
        version: 1
        purpose: P
        sections:
          - id: s
            title: S
            fields:
              - {{id: a, label: Long, hint: {"h" * 40_000}, type: short_text}}
    """)
    file, warnings = export(form)
    assert [(w.code, w.line, w.column) for w in warnings] == [("EXPORT_024", 11, 9)]
    assert read(file.data)[0]["Hint"] == "h" * 40_000
