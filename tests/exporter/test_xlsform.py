"""XLSForm export: pyxform compiles every library form, binds say what the form says, text stays text."""

from __future__ import annotations

import io
import json
import textwrap
import zipfile

import openpyxl
import pytest
from lxml import etree
from pyxform.xls2xform import convert

from exporter.base import FORMATS, Subject
from exporter.xlsform import JOINER, export_xlsform, xlsform_sheets
from exporter.xlsform_xpath import literal
from forms.importers import import_bytes
from forms.loader import load_text, shipped_forms
from forms.model import Condition, Form

LIBRARY = shipped_forms()
NS = {"x": "http://www.w3.org/2002/xforms", "h": "http://www.w3.org/1999/xhtml",
      "jr": "http://openrosa.org/javarosa", "coform": "https://coform.example.org/fhir"}
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
    "  spaced  ",
]


def form_of(text: str) -> Form:
    result = load_text(textwrap.dedent(text), "t.yaml", forms={}, lint=False)
    assert not [i for i in result.issues if i.is_error], [i.format() for i in result.issues]
    assert isinstance(result.document, Form)
    return result.document


def export(form: Form):
    result = export_xlsform(Subject(document=form))
    (file,) = result.files
    return file, result.warnings


def compile_xform(data: bytes) -> tuple[etree._Element, list[str]]:
    """pyxform's compile, with no ODK Validate (Java): the XForm as a tree, and pyxform's warnings."""
    warnings: list[str] = []
    result = convert(xlsform=data, warnings=warnings, validate=False, file_type=".xlsx")
    return etree.fromstring(result.xform.encode("utf-8")), warnings


def bind(xform: etree._Element, name: str) -> etree._Element:
    (found,) = xform.xpath(f"//x:bind[substring(@nodeset, string-length(@nodeset) - {len(name)})"
                           f" = '/{name}']", namespaces=NS)
    return found


def sheets_of(data: bytes) -> dict[str, list[list]]:
    """The workbook as it reads back: every sheet's rows of cell values (a stable text for goldens)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


# --- the real consumer: pyxform ------------------------------------------------------------


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_pyxform_compiles_every_library_form_without_warnings(form_id):
    form = LIBRARY[form_id]
    file, _ = export(form)
    xform, warnings = compile_xform(file.data)
    assert warnings == []
    recording = [p.field for p in form.walk() if p.field.records]
    binds = {b.get("nodeset").rsplit("/", 1)[1]: b for b in xform.xpath("//x:bind", namespaces=NS)}
    for field in recording:
        assert binds[field.id].get(f"{{{NS['coform']}}}purpose") == field.purpose
        assert binds[field.id].get(f"{{{NS['coform']}}}data_category") == field.data_category
        assert (binds[field.id].get("required") == "true()") == field.required
        assert ("relevant" in binds[field.id].attrib) == (field.show_if is not None)
    title = xform.xpath("/h:html/h:head/h:title/text()", namespaces=NS)
    assert title == [form.title]
    (root,) = xform.xpath("//x:instance[not(@id)]/*", namespaces=NS)
    assert (root.get("id"), root.get("version")) == (form.id, str(form.version))


@pytest.mark.parametrize(("form_id", "field", "attribute", "expected"), [
    ("early-help-assessment", "disability_detail", "relevant", " /data/about-the-child/disability_or_sen  = 'yes'"),
    ("early-help-assessment", "nhs_number", "constraint", "regex(., '^[0-9]{10}$')"),
    ("early-help-assessment", "child_ethnicity", "{coform}special_category", "racial_or_ethnic_origin"),
    ("early-help-assessment", "child_ethnicity", "{coform}processing_condition", "g"),
    ("early-help-assessment", "disability_detail", "{coform}shared_with", "school health_visitor"),
    ("early-help-assessment", "disability_detail", "{coform}own_words", "true"),
    ("case-note", "visit_date", "constraint", ". <= today()"),
    ("case-note", "visit_date", "required", "true()"),
    ("case-note", "bedroom_seen", "relevant",
     " /data/the-visit/child_seen  = 'yes' and ( /data/the-visit/visit_type  = 'home_visit' or "
     " /data/the-visit/visit_type  = 'statutory_visit')"),
    ("single-assessment", "not_seen_alone_reason", "relevant",
     " /data/seeing-the-child/child_seen  = 'no' or  /data/seeing-the-child/child_seen_alone  = 'no'"),
    ("carers-assessment", "hours_per_week", "constraint", ". >= 0 and . <= 168"),
    ("carers-assessment", "hours_per_week", "type", "int"),
    ("care-and-support-plan", "support_hours", "type", "decimal"),
    ("single-assessment", "safety_scale_worker", "{coform}min_label", "Too unsafe to stay at home"),
])
def test_compiled_binds(form_id, field, attribute, expected):
    xform, _ = compile_xform(export(LIBRARY[form_id])[0].data)
    assert bind(xform, field).get(attribute.format(coform="{" + NS["coform"] + "}")) == expected


def test_body_controls_for_each_type():
    form = form_of("""
        kind: form
        id: t
        title: Types
        version: 4
        purpose: To test.
        sections:
          - id: s
            title: S
            intro: Read this first.
            fields:
              - {id: short, label: Short, type: short_text, max_length: 20}
              - {id: long, label: Long, type: long_text}
              - {id: yn, label: YN, type: yes_no, required: true}
              - {id: one, label: One, type: single_choice, options: [a, b]}
              - {id: many, label: Many, type: multi_choice, options: [a, b], min_selected: 1, max_selected: 2}
              - {id: rate, label: Rate, type: scale, min: 1, max: 5}
              - {id: when, label: When, type: date, min: 2020-01-01, max: today}
              - {id: note, label: Just so you know, type: guidance, show_if: {field: many, equals: a}}
              - id: people
                label: People
                type: repeating_group
                hint: Add everyone.
                show_if: {not: {field: short, answered: true}}
                fields:
                  - {id: person, label: Name, type: short_text}
                  - {id: age, label: Age, type: number, integer: true, show_if: {field: person, not_equals: Bob}}
    """)
    file, warnings = export(form)
    xform, pyxform_warnings = compile_xform(file.data)
    assert pyxform_warnings == []
    body = xform.xpath("//h:body", namespaces=NS)[0]
    controls = [(etree.QName(e).localname, e.get("ref", e.get("nodeset", "")).rsplit("/", 1)[1])
                for e in body.iter() if etree.QName(e).localname in ("input", "select1", "select", "range", "group",
                                                                       "repeat")]
    assert controls == [
        ("group", "s"), ("input", "s_intro"), ("input", "short"), ("input", "long"), ("select1", "yn"),
        ("select1", "one"), ("select", "many"), ("range", "rate"), ("input", "when"), ("input", "note"),
        ("input", "people_hint"), ("group", "people"), ("repeat", "people"), ("input", "person"), ("input", "age")]
    assert body.xpath("//x:input[contains(@ref, '/long')]/@appearance", namespaces=NS) == ["multiline"]
    assert body.xpath("//x:range/@start", namespaces=NS) == ["1"]
    assert body.xpath("//x:range/@end", namespaces=NS) == ["5"]
    assert bind(xform, "short").get("constraint") == "string-length(.) <= 20"
    assert bind(xform, "short").get("{http://openrosa.org/javarosa}constraintMsg") == "At most 20 characters"
    assert bind(xform, "many").get("constraint") == "count-selected(.) >= 1 and count-selected(.) <= 2"
    assert bind(xform, "when").get("constraint") == ". >= date('2020-01-01') and . <= today()"
    assert bind(xform, "when").get("type") == "date"
    assert bind(xform, "note").get("relevant") == "selected( /data/s/many , 'a')"
    assert bind(xform, "people").get("relevant") == "not(string-length( /data/s/short ) > 0)"
    assert bind(xform, "people_hint").get("relevant") == "not(string-length( /data/s/short ) > 0)"
    assert bind(xform, "age").get("relevant") == " ../person  != 'Bob'"
    assert bind(xform, "age").get("type") == "int"
    assert [w.code for w in warnings] == []
    settings = sheets_of(file.data)["settings"]
    assert settings == [["form_title", "form_id", "version", "namespaces"],
                        ["Types", "t", "4", 'coform="https://coform.example.org/fhir"']]


def test_yes_no_uses_one_shared_list_and_each_choice_field_its_own():
    form = form_of("""
        kind: form
        id: t
        title: T
        version: 1
        purpose: P
        sections:
          - id: s
            title: S
            fields:
              - {id: a, label: A, type: yes_no}
              - {id: b, label: B, type: yes_no}
              - {id: yes_no, label: C, type: single_choice, options: [{value: x, label: Ex}]}
    """)
    sheets = xlsform_sheets(form)
    assert [row[0] for row in sheets.survey[1:]] == [
        "begin_group", "select_one yes_no", "select_one yes_no", "select_one yes_no_2", "end_group"]
    assert sheets.choices == (("list_name", "name", "label"), ("yes_no", "yes", "Yes"), ("yes_no", "no", "No"),
                              ("yes_no_2", "x", "Ex"))


def test_what_xlsform_cannot_carry_is_reported_where_it_is_written():
    form = form_of("""
        kind: form
        id: t
        title: T
        version: 1
        purpose: P
        sections:
          - id: s
            title: S
            fields:
              - id: kids
                label: Children
                type: repeating_group
                min_items: 1
                max_items: 9
                fields: [{id: kid, label: Name, type: short_text}]
              - {id: rate, label: Rate, type: scale, min_label: Bad, max: 5}
    """)
    file, warnings = export(form)
    assert [(w.code, w.line, w.column) for w in warnings] == [
        ("EXPORT_020", 14, 20), ("EXPORT_020", 15, 20), ("EXPORT_025", 17, 9), ("EXPORT_020", 17, 57)]
    survey = sheets_of(file.data)["survey"]
    header = survey[0]
    kids = dict(zip(header, survey[2], strict=True))
    assert (kids["bind::coform:min_items"], kids["bind::coform:max_items"]) == ("1", "9")
    rate = dict(zip(header, survey[5], strict=True))
    assert (rate["parameters"], rate["bind::coform:min_label"]) == ("end=5", "Bad")


@pytest.mark.parametrize(("fields", "renamed", "code_count"), [
    ("[{id: s, label: Same as the section, type: short_text}]", {"s": "s_section"}, 1),
    ("[{id: meta, label: Reserved, type: short_text}, {id: meta_field, label: Taken, type: short_text}]",
     {"meta": "meta_field_2"}, 1),
    ("[{id: data, label: Root, type: repeating_group, fields: [{id: x, label: X, type: short_text}]}]",
     {"data": "data_field"}, 1),
])
def test_names_pyxform_refuses_are_mapped_and_reported(fields, renamed, code_count):
    form = form_of(f"""
        kind: form
        id: t
        title: T
        version: 1
        purpose: P
        sections:
          - id: s
            title: S
            fields: {fields}
    """)
    file, warnings = export(form)
    compile_xform(file.data)
    sheets = xlsform_sheets(form)
    names = {row[1] for row in sheets.survey[1:]}
    assert set(renamed.values()) <= names
    assert [w.code for w in warnings] == ["EXPORT_021"] * code_count
    header = sheets.survey[0]
    for row in sheets.survey[1:]:
        cells = dict(zip(header, row, strict=True))
        if cells["name"] in renamed.values():
            assert renamed.get(cells["bind::coform:id"]) == cells["name"]


def test_ids_with_hyphens_are_valid_xlsform_names_and_kept():
    form = form_of("""
        kind: form
        id: t-form
        title: T
        version: 1
        purpose: P
        sections:
          - id: about-you
            title: S
            fields:
              - {id: first-name, label: A, type: short_text}
              - {id: b, label: B, type: short_text, show_if: {field: first-name, answered: true}}
    """)
    file, warnings = export(form)
    xform, _ = compile_xform(file.data)
    assert warnings == ()
    assert bind(xform, "b").get("relevant") == "string-length( /data/about-you/first-name ) > 0"


# --- text stays text -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "it's", 'say "hi"', "it's \"both\"", "a${b}c", "${x", "$", "{}", ""])
def test_literal_is_exact_under_xpath_and_has_no_reference(text):
    expression = literal(text)
    assert "${" not in expression
    assert etree.XPath(expression)(etree.Element("x")) == text


def test_hostile_text_compiles_reads_back_exactly_and_is_never_a_formula():
    long_label = "A" * 10_000
    options = "".join(f"\n                  - {{value: o{i}, label: {json.dumps(t)}}}" for i, t in enumerate(HOSTILE))
    fields = "".join(f"\n              - {{id: f{i}, label: {json.dumps(t)}, hint: {json.dumps(t)}, type: short_text}}"
                     for i, t in enumerate(HOSTILE))
    form = form_of(f"""
        kind: form
        id: hostile
        title: {json.dumps(HOSTILE[0] + HOSTILE[3])}
        version: 1
        purpose: P
        sections:
          - id: s
            title: {json.dumps(HOSTILE[3])}
            intro: "See ${{f0}} and $"
            fields:{fields}
              - {{id: long, label: {long_label}, type: short_text, pattern: "^it's \\"x\\"[${{]$",
                  retention: "=1+1"}}
              - id: pick
                label: Pick
                type: single_choice
                options:{options}
              - {{id: shown, label: Shown, type: short_text, show_if: {{field: f1, equals: {json.dumps(HOSTILE[1])}}}}}
    """)
    file, warnings = export(form)
    assert sorted({w.code for w in warnings}) == ["EXPORT_022"]
    xform, pyxform_warnings = compile_xform(file.data)
    assert pyxform_warnings == []

    # In the workbook: every written cell is a string cell holding exactly the text, formulas included.
    book = openpyxl.load_workbook(io.BytesIO(file.data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" and isinstance(c.value, str) for c in cells)
    by_value = {c.value: c for c in cells}
    for text in [*HOSTILE, long_label, "=1+1"]:
        assert text in by_value, text
    assert by_value['=HYPERLINK("http://x")'].quotePrefix
    assert by_value["@SUM(A1)"].quotePrefix
    assert not by_value["Pick"].quotePrefix
    assert "See $" + JOINER + "{f0} and $" in by_value  # shown as written, but no reference for pyxform
    # ...and no formula anywhere in the sheet XML itself.
    with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))

    # In the compiled XForm: labels are text nodes equal to what was written, never elements.
    assert not xform.xpath("//*[local-name() = 'script']")
    labels = xform.xpath("//x:label/text()", namespaces=NS)
    hints = xform.xpath("//x:hint/text()", namespaces=NS)
    for text in HOSTILE[:7]:
        assert text in labels and text in hints
    assert long_label in labels
    constraint = bind(xform, "long").get("constraint")
    assert constraint == "regex(., concat('^it', \"'\", 's \"x\"[$', '{]$'))"
    assert etree.XPath(constraint[len("regex(., "):-1])(etree.Element("x")) == "^it's \"x\"[${]$"
    assert bind(xform, "long").get(f"{{{NS['coform']}}}retention") == "=1+1"
    compared = bind(xform, "shown").get("relevant").split(" /data/s/f1  = ", 1)[1]
    assert etree.XPath(compared)(etree.Element("x")) == HOSTILE[1]


def test_control_characters_are_replaced_and_reported():
    form = form_of("""
        kind: form
        id: t
        title: T
        version: 1
        purpose: P
        sections:
          - id: s
            title: S
            fields:
              - {id: a, label: "Bell\\x07 here", type: short_text}
    """)
    file, warnings = export(form)
    compile_xform(file.data)
    assert [(w.code, w.line) for w in warnings] == [("EXPORT_023", 11)]
    assert sheets_of(file.data)["survey"][2][2] == "Bell\ufffd here"


# --- the file ------------------------------------------------------------------------------


def test_same_form_gives_byte_identical_workbooks_with_fixed_times():
    form = LIBRARY["early-help-assessment"]
    first, second = export(form)[0], export(form)[0]
    assert first.data == second.data
    assert first.name == "early-help-assessment-v3.xlsx"
    with zipfile.ZipFile(io.BytesIO(first.data)) as archive:
        infos = archive.infolist()
        core = archive.read("docProps/core.xml").decode()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert "1980-01-01T00:00:00Z" in core


def test_registered_for_forms_only():
    assert FORMATS["xlsform"].kinds == ("form",)


def render(name: str, data: bytes, warnings) -> str:
    """A reviewable text of a workbook: each sheet's rows one per line as JSON, then the warnings."""
    lines = [f"file: {name}"]
    for sheet, rows in sheets_of(data).items():
        lines += [f"sheet: {sheet}", *(json.dumps(row, ensure_ascii=False) for row in rows)]
    lines += ["warnings:", *(w.format() for w in warnings)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_golden(form_id, golden):
    file, warnings = export(LIBRARY[form_id])
    golden(f"export/xlsform/{file.name.removesuffix('.xlsx')}.txt", render(file.name, file.data, warnings))


# --- back through Coform's own importer ----------------------------------------------------


def _plain(c: Condition | None) -> Condition | None:
    """A condition with 'in' spelt as any-of-equals, as XPath has to say it."""
    if c is None:
        return None
    if c.op == "in":
        parts = tuple(Condition("equals", c.field, v) for v in c.value)
        return parts[0] if len(parts) == 1 else Condition("any", children=parts)
    return Condition(c.op, c.field, c.value, tuple(_plain(k) for k in c.children))


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_importing_the_export_gives_back_the_same_questions(form_id):
    form = LIBRARY[form_id]
    imported = import_bytes(export(form)[0].data, "xlsform", f"{form_id}.xlsx")
    back = load_text(imported.yaml_text, "back.yaml", forms={}, lint=False).document
    assert isinstance(back, Form)
    before = {p.field.id: p.field for p in form.walk()}
    # The export adds the person's consent questions ('<field>__share_<agency>', issue 11): not the form's own.
    after = {p.field.id: p.field for p in back.walk()
             if not p.field.id.endswith("_intro") and "__share_" not in p.field.id}
    assert list(after) == list(before)
    keys = ("label", "type", "hint", "required", "options", "max_length", "pattern", "min", "max", "integer")
    for fid, field in before.items():
        again = after[fid]
        assert {k: getattr(again, k) for k in keys} == {k: getattr(field, k) for k in keys}, fid
        assert _plain(again.show_if) == _plain(field.show_if), fid


def test_text_longer_than_a_spreadsheet_cell_is_cut_and_reported():
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
    assert [(w.code, w.line) for w in warnings] == [("EXPORT_024", 11)]
    assert sheets_of(file.data)["survey"][2][3] == "h" * 32_767  # openpyxl stores no more in a cell
    compile_xform(file.data)
