"""XLSForm import: each mapping, each report, and bad workbooks, on forms written inline."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
import yaml

from forms.importers import import_file
from tests.importers.support import codes, fields, form, located, xlsform

COLOURS = [("colours", "red", "Red"), ("colours", "green", "Green"), ("yn", "yes", "Yes"), ("yn", "no", "No")]


@pytest.mark.parametrize(("row", "expected", "code"), [
    (("text", "q", "Q"), {"type": "short_text"}, None),
    (("text", "q", "Q", "multiline"), {"type": "long_text"}, None),
    (("integer", "q", "Q"), {"type": "number", "integer": True}, None),
    (("decimal", "q", "Q"), {"type": "number"}, None),
    (("date", "q", "Q"), {"type": "date"}, None),
    (("note", "q", "Q"), {"type": "guidance"}, None),
    (("select_one colours", "q", "Q"), {"type": "single_choice", "options": ["red", "green"]}, None),
    (("select_multiple colours", "q", "Q"), {"type": "multi_choice", "options": ["red", "green"]}, None),
    (("select_one yn", "q", "Q"), {"type": "yes_no"}, None),
    (("select_multiple yn", "q", "Q"), {"type": "multi_choice", "options": ["yes", "no"]}, None),
    (("rank colours", "q", "Q"), {"type": "multi_choice"}, "IMPORT_002"),
    (("datetime", "q", "Q"), {"type": "date"}, "IMPORT_002"),
    (("time", "q", "Q"), {"type": "short_text"}, "IMPORT_002"),
    (("geopoint", "q", "Q"), {"type": "short_text"}, "IMPORT_002"),
    (("barcode", "q", "Q"), {"type": "short_text"}, "IMPORT_002"),
    (("acknowledge", "q", "Q"), {"type": "yes_no"}, "IMPORT_002"),
    (("range", "q", "Q", None, "start=0 end=5"), {"type": "scale", "min": 0, "max": 5}, "IMPORT_002"),
    (("select_one_from_file places.csv", "q", "Q"), {"type": "short_text"}, "IMPORT_002"),
    (("select_one nolist", "q", "Q"), {"type": "short_text"}, "IMPORT_002"),
])
def test_types_map_to_coform_types(tmp_path, row, expected, code):
    result = xlsform(tmp_path, [row], COLOURS, header=("type", "name", "label", "appearance", "parameters"))
    field = fields(form(result))["q"]
    assert {k: field[k] for k in expected} == expected
    assert codes(result) == ([code] if code else [])
    if code:
        assert located(result) == [(code, "survey", 2)]


@pytest.mark.parametrize("kind", ["image", "audio", "video", "calculate", "start", "deviceid", "hidden"])
def test_media_calculations_and_metadata_are_dropped_with_a_report(tmp_path, kind):
    result = xlsform(tmp_path, [("text", "keep", "Keep"), (kind, "gone", "Gone")])
    assert set(fields(form(result))) == {"keep"}
    assert located(result) == [("IMPORT_003", "survey", 3)]


@pytest.mark.parametrize(("value", "required"), [("yes", True), ("TRUE", True), (True, True), ("no", None), (None, None)])
def test_required(tmp_path, value, required):
    result = xlsform(tmp_path, [("text", "q", "Q", value)], header=("type", "name", "label", "required"))
    assert fields(form(result))["q"].get("required") is required
    assert codes(result) == []


BEFORE = [("select_one colours", "colour", "Colour"), ("select_one yn", "ok", "OK?"),
          ("select_multiple colours", "many", "Many"), ("integer", "n", "N"), ("text", "t", "T")]


@pytest.mark.parametrize(("relevant", "show_if"), [
    ("${colour} = 'red'", {"field": "colour", "equals": "red"}),
    ("${colour} != 'red'", {"field": "colour", "not_equals": "red"}),
    ("'red' = ${colour}", {"field": "colour", "equals": "red"}),
    ("selected(${many}, 'green')", {"field": "many", "equals": "green"}),
    ("${ok} = 'yes'", {"field": "ok", "equals": True}),
    ("selected(${ok}, 'no')", {"field": "ok", "equals": False}),
    ("${n} = 3", {"field": "n", "equals": 3}),
    ("${t} = 'hello'", {"field": "t", "equals": "hello"}),
    ("${t} != ''", {"field": "t", "answered": True}),
    ("string-length(${t}) > 0", {"field": "t", "answered": True}),
    ("count-selected(${many}) > 0", {"field": "many", "answered": True}),
    ("not(${colour} = 'red')", {"not": {"field": "colour", "equals": "red"}}),
    ("${colour} = 'red' and ${ok} = 'yes'",
     {"all": [{"field": "colour", "equals": "red"}, {"field": "ok", "equals": True}]}),
    ("${colour} = 'red' or ${colour} = 'green' or ${n} = 1",
     {"any": [{"field": "colour", "equals": "red"}, {"field": "colour", "equals": "green"}, {"field": "n", "equals": 1}]}),
    ("(${colour} = 'red' or ${ok} = 'no') and not(${n} = 2)",
     {"all": [{"any": [{"field": "colour", "equals": "red"}, {"field": "ok", "equals": False}]},
              {"not": {"field": "n", "equals": 2}}]}),
])
def test_simple_relevant_becomes_show_if(tmp_path, relevant, show_if):
    result = xlsform(tmp_path, [*BEFORE, ("text", "target", "Target", relevant)], COLOURS,
                     header=("type", "name", "label", "relevant"))
    assert fields(form(result))["target"]["show_if"] == show_if
    assert codes(result) == []


@pytest.mark.parametrize("relevant", [
    "${n} > 3",                      # Coform compares for equality only
    "${colour} = 'blue'",            # not an option of the list
    "${later} = 'x'",                # names a question further down
    "${nowhere} = 'x'",              # names no question at all
    "${n} + 1 = 3",                  # arithmetic
    "regex(${t}, '^a')",
    "${ok} = 'maybe'",
])
def test_other_relevant_is_reported_and_the_field_always_shown(tmp_path, relevant):
    rows = [*BEFORE, ("text", "target", "Target", relevant), ("text", "later", "Later")]
    result = xlsform(tmp_path, rows, COLOURS, header=("type", "name", "label", "relevant"))
    assert "show_if" not in fields(form(result))["target"]
    assert located(result) == [("IMPORT_004", "survey", 7)]
    assert result.issues[0].column == 4


@pytest.mark.parametrize(("row", "expected"), [
    (("integer", "q", "Q", ". >= 0 and . <= 120"), {"min": 0, "max": 120}),
    (("integer", "q", "Q", ". > 0 and . < 10"), {"min": 1, "max": 9}),
    (("decimal", "q", "Q", "0.5 <= ."), {"min": 0.5}),
    (("text", "q", "Q", "string-length(.) <= 10"), {"max_length": 10}),
    (("text", "q", "Q", "string-length(.) < 10"), {"max_length": 9}),
    (("text", "q", "Q", "regex(., '^[0-9]{5}$')"), {"pattern": "^[0-9]{5}$"}),
    (("date", "q", "Q", ". <= today()"), {"max": "today"}),
    (("date", "q", "Q", ". >= date('2020-01-01')"), {"min": "2020-01-01"}),
])
def test_simple_constraints_become_limits(tmp_path, row, expected):
    result = xlsform(tmp_path, [row], header=("type", "name", "label", "constraint"))
    field = fields(form(result))["q"]
    assert {k: field.get(k) for k in expected} == expected
    assert codes(result) == []


@pytest.mark.parametrize("row", [
    ("decimal", "q", "Q", ". > 0"),                 # a strict bound on a decimal has no Coform key
    ("integer", "q", "Q", ". <= ${other}"),
    ("integer", "q", "Q", ". >= 10 and . <= 5"),    # impossible range
    ("text", "q", "Q", "regex(., '[unclosed')"),
    ("select_multiple colours", "q", "Q", "not(selected(., 'red') and selected(., 'green'))"),
])
def test_other_constraints_are_reported(tmp_path, row):
    result = xlsform(tmp_path, [row, ], COLOURS, header=("type", "name", "label", "constraint"))
    field = fields(form(result))["q"]
    assert not {"min", "max", "pattern", "max_length"} & set(field)
    assert [(i.code, i.line, i.column) for i in result.issues] == [("IMPORT_003", 2, 4)]


def test_condition_value_outside_the_questions_limits_is_reported(tmp_path):
    rows = [("integer", "n", "N", ". >= 0 and . <= 10", None), ("text", "t", "T", None, "${n} = 20")]
    result = xlsform(tmp_path, rows, header=("type", "name", "label", "constraint", "relevant"))
    assert "show_if" not in fields(form(result))["t"]
    assert located(result) == [("IMPORT_004", "survey", 3)]


def test_range_with_odd_parameters_keeps_the_default_scale_and_reports_them(tmp_path):
    result = xlsform(tmp_path, [("range", "q", "Q", "start=5 end=1")], header=("type", "name", "label", "parameters"))
    assert {k: fields(form(result))["q"][k] for k in ("type", "min", "max")} == {"type": "scale", "min": 1, "max": 10}
    assert [(i.code, i.column) for i in result.issues] == [("IMPORT_002", 1), ("IMPORT_003", 4)]


def test_groups_become_sections_and_loose_fields_go_in_default_sections(tmp_path):
    rows = [("text", "first", "First"),
            ("begin group", "about", "About you"), ("text", "name", "Name"), ("end group", "", ""),
            ("text", "last", "Last")]
    doc = form(xlsform(tmp_path, rows))
    assert [(s["id"], s["title"], [f["id"] for f in s["fields"]]) for s in doc["sections"]] == [
        ("questions", "Questions", ["first"]), ("about", "About you", ["name"]),
        ("more-questions", "More questions", ["last"])]


def test_nested_group_is_flattened_with_its_heading_and_a_report(tmp_path):
    rows = [("begin_group", "outer", "Outer"), ("begin_group", "inner", "Inner heading"), ("text", "q", "Q"),
            ("end_group", "", ""), ("end_group", "", "")]
    result = xlsform(tmp_path, rows)
    doc = form(result)
    assert doc["sections"][0]["fields"] == [
        {"id": "inner", "label": "Inner heading", "type": "guidance"}, {"id": "q", "label": "Q", "type": "short_text"}]
    assert located(result) == [("IMPORT_003", "survey", 3)]


def test_group_relevant_is_pushed_down_to_its_fields(tmp_path):
    rows = [("select_one yn", "skip", "Skip?", None), ("begin group", "g", "G", "${skip} = 'no'"),
            ("text", "a", "A", "${skip} != ''"), ("begin repeat", "r", "R", None), ("text", "b", "B", None),
            ("end repeat", "", "", None), ("end group", "", "", None)]
    doc = form(xlsform(tmp_path, rows, COLOURS, header=("type", "name", "label", "relevant")))
    found = fields(doc)
    skip = {"field": "skip", "equals": False}
    assert found["a"]["show_if"] == {"all": [skip, {"field": "skip", "answered": True}]}
    assert found["r"]["show_if"] == skip
    assert "show_if" not in found["b"]


def test_repeat_becomes_repeating_group_with_fixed_count(tmp_path):
    rows = [("begin repeat", "people", "People", 3), ("text", "who", "Who", None), ("end repeat", "", "", None)]
    result = xlsform(tmp_path, rows, header=("type", "name", "label", "repeat_count"))
    assert fields(form(result))["people"] == {
        "id": "people", "label": "People", "type": "repeating_group", "min_items": 3, "max_items": 3,
        "fields": [{"id": "who", "label": "Who", "type": "short_text"}]}
    assert codes(result) == []


def test_condition_on_a_field_in_a_repeat_from_outside_is_reported(tmp_path):
    rows = [("begin repeat", "r", "R", None), ("integer", "n", "N", None), ("end repeat", "", "", None),
            ("text", "after", "After", "${n} = 1")]
    result = xlsform(tmp_path, rows, header=("type", "name", "label", "relevant"))
    assert "show_if" not in fields(form(result))["after"]
    assert located(result) == [("IMPORT_004", "survey", 5)]


def test_empty_repeat_and_unbalanced_rows_are_reported(tmp_path):
    rows = [("end group", "", ""), ("begin repeat", "r", "R"), ("calculate", "c", ""), ("end repeat", "", ""),
            ("text", "q", "Q"), ("begin group", "open", "Never closed"), ("text", "z", "Z")]
    result = xlsform(tmp_path, rows)
    assert set(fields(form(result))) == {"q", "z"}
    assert codes(result).count("IMPORT_003") == 4  # stray end, calculate, empty repeat, missing end


def test_english_is_the_main_language_and_other_languages_are_kept_as_translations(tmp_path):
    header = ("type", "name", "label::Français (fr)", "label::English (en)", "hint::English (en)")
    result = xlsform(tmp_path, [("text", "q", "Nom", "Name", "Full name")], header=header)
    doc = form(result)
    assert doc["languages"] == ["en", "fr"]
    assert fields(doc)["q"] == {"id": "q", "label": {"en": "Name", "fr": "Nom"}, "type": "short_text",
                                "hint": "Full name"}
    assert result.issues == ()


def test_settings_give_id_and_title_and_unused_settings_are_reported(tmp_path):
    settings = [("form_id", "form_title", "version", "default_language"), ("Home visit!", "Home visit", "2024", "en")]
    result = xlsform(tmp_path, [("text", "q", "Q")], settings=settings)
    doc = form(result)
    assert (doc["kind"], doc["id"], doc["title"], doc["version"], doc["status"]) == (
        "form", "home_visit", "Home visit", 1, "draft")
    assert "XLSForm form.xlsx" in doc["purpose"]
    assert located(result) == [("IMPORT_003", "settings", 2)]


def test_without_settings_the_file_name_gives_id_and_title(tmp_path):
    doc = form(xlsform(tmp_path, [("text", "q", "Q")], name="Carers assessment.xlsx"))
    assert (doc["id"], doc["title"]) == ("carers_assessment", "Carers assessment")


def test_invalid_choice_names_are_renamed_and_conditions_follow(tmp_path):
    choices = [("c", "1", "One"), ("c", "Two words", "Two words"), ("c", "ok", "OK")]
    rows = [("select_one c", "pick", "Pick", None), ("text", "why", "Why?", "selected(${pick}, 'Two words')"),
            ("text", "num", "Num?", "${pick} = '1'")]
    result = xlsform(tmp_path, rows, choices, header=("type", "name", "label", "relevant"))
    found = fields(form(result))
    assert found["pick"]["options"] == [
        {"value": "o_1", "label": "One"}, {"value": "two_words", "label": "Two words"}, {"value": "ok", "label": "OK"}]
    assert found["why"]["show_if"] == {"field": "pick", "equals": "two_words"}
    assert found["num"]["show_if"] == {"field": "pick", "equals": "o_1"}
    assert located(result) == [("IMPORT_005", "choices", 2), ("IMPORT_005", "choices", 3)]


def test_invalid_and_duplicate_field_names_are_renamed_and_conditions_follow(tmp_path):
    rows = [("integer", "Age", "Age", None), ("text", "_1", "Numbered question", None),
            ("text", "age", "Age again", None), ("text", "q", "Q", "${Age} = 30")]
    result = xlsform(tmp_path, rows, header=("type", "name", "label", "relevant"))
    found = fields(form(result))
    assert list(found) == ["age_2", "numbered_question", "age", "q"]
    assert found["q"]["show_if"] == {"field": "age_2", "equals": 30}
    assert located(result) == [("IMPORT_005", "survey", 2), ("IMPORT_005", "survey", 3)]


def test_choice_filter_is_reported_where_it_is(tmp_path):
    choices = [("c", "a", "A", None), ("d", "x", "X", "a")]
    rows = [("select_one c", "first", "First", None), ("select_one d", "second", "Second", "cf=${first}")]
    result = xlsform(tmp_path, rows, choices, header=("type", "name", "label", "choice_filter"),
                     choices_header=("list_name", "name", "label", "cf"))
    form(result)
    assert [(i.code, i.path, i.line, i.column) for i in result.issues] == [
        ("IMPORT_003", "choices", 1, 4), ("IMPORT_003", "survey", 3, 4)]


def test_or_other_adds_an_option_and_a_specify_field(tmp_path):
    result = xlsform(tmp_path, [("select_one colours or_other", "colour", "Colour")], COLOURS)
    found = fields(form(result))
    assert found["colour"]["options"] == ["red", "green", "other"]
    assert found["colour_other"] == {"id": "colour_other", "label": "Specify other.", "type": "short_text",
                                     "show_if": {"field": "colour", "equals": "other"}}


def test_missing_label_is_made_from_the_name_and_reported(tmp_path):
    result = xlsform(tmp_path, [("text", "date_of_visit", None)])
    assert fields(form(result))["date_of_visit"]["label"] == "Date of visit"
    assert located(result) == [("IMPORT_006", "survey", 2)]


@pytest.mark.parametrize(("column", "value"), [
    ("default", "0"), ("read_only", "yes"), ("calculation", "1+1"), ("appearance", "minimal"),
    ("image", "a.jpg"), ("constraint_message", "Too big"), ("trigger", "${x}"),
])
def test_columns_coform_has_no_key_for_are_reported_by_cell(tmp_path, column, value):
    result = xlsform(tmp_path, [("integer", "q", "Q", value)], header=("type", "name", "label", column))
    form(result)
    assert [(i.code, i.path, i.line, i.column) for i in result.issues] == [("IMPORT_003", "survey", 2, 4)]


def test_piped_answers_in_labels_are_reported(tmp_path):
    result = xlsform(tmp_path, [("text", "name", "Name"), ("note", "hi", "Hello ${name}")])
    assert fields(form(result))["hi"]["label"] == "Hello ${name}"
    assert located(result) == [("IMPORT_003", "survey", 3)]


def test_awkward_text_survives_exactly(tmp_path):
    label = "Say \"why\": <b>it's</b> #1 & more\nsecond line  \n\tend: yes"
    hint = "- starts like a list item, and 'quotes'"
    result = xlsform(tmp_path, [("text", "q", label, hint)], header=("type", "name", "label", "hint"))
    field = fields(form(result))["q"]
    assert (field["label"], field["hint"]) == (label.strip(), hint)


def test_output_keys_follow_format_order(tmp_path):
    rows = [("select_one yn", "a", "A", None, None, None), ("integer", "q", "Q", "yes", "${a} = 'yes'", ". <= 9")]
    result = xlsform(tmp_path, rows, COLOURS, header=("type", "name", "label", "required", "relevant", "constraint"))
    doc = form(result)
    assert list(doc) == ["kind", "id", "title", "version", "status", "purpose", "sections"]
    assert list(fields(doc)["q"]) == ["id", "label", "type", "required", "show_if", "max", "integer"]
    assert "\n  fields:\n  - id: a\n" in result.yaml_text  # block style, no flow mappings


# --- bad input ---------------------------------------------------------------------------


def _only_unreadable(result) -> None:
    assert result.yaml_text == ""
    assert codes(result) == ["IMPORT_001"]
    assert result.issues[0].is_error and not result.ok


def test_garbage_bytes(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"\x00\xffnot a workbook" * 50)
    _only_unreadable(import_file(str(path), "xlsform"))


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "form.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    _only_unreadable(import_file(str(path), "xlsform"))


def test_a_workbook_without_a_survey_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "questions"
    book.active.append(["type", "name", "label"])
    book.save(tmp_path / "form.xlsx")
    _only_unreadable(import_file(str(tmp_path / "form.xlsx"), "xlsform"))


def test_a_survey_with_nothing_importable(tmp_path):
    result = xlsform(tmp_path, [("calculate", "c", None)])
    assert result.yaml_text == "" and "IMPORT_001" in codes(result)


@pytest.mark.parametrize(("path", "source"), [("/no/such/file.xlsx", "xlsform"), ("x.xlsx", "odk")])
def test_missing_file_or_unknown_source(path, source):
    _only_unreadable(import_file(path, source))


def test_yaml_loads_with_plain_pyyaml_too(tmp_path):
    result = xlsform(tmp_path, [("select_one yn", "a", "Yes or no?")], COLOURS)
    assert yaml.load(result.yaml_text, Loader=yaml.CSafeLoader)["sections"][0]["fields"][0]["type"] == "yes_no"
