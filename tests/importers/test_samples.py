"""The real forms in tests/data/import-samples import, validate, and report what they lost."""

from __future__ import annotations

import pytest

from forms.importers import import_file
from tests.importers.support import SAMPLES, codes, fields, form, located

FILES = sorted((source, path.name) for source, ext in (("xlsform", "xlsx"), ("fhir", "json"))
               for path in (SAMPLES / source).glob(f"*.{ext}"))


def imported(source: str, name: str):
    return import_file(str(SAMPLES / source / name), source)


def test_all_samples_are_found():
    assert len(FILES) == 13, FILES


@pytest.mark.parametrize(("source", "name"), FILES)
def test_every_sample_imports_and_validates(source, name):
    result = imported(source, name)
    doc = form(result)  # loads with Coform's loader and has no errors
    assert doc["kind"] == "form" and doc["version"] == 1 and doc["status"] == "draft"
    assert all(i.code.startswith("IMPORT_") and not i.is_error for i in result.issues)
    assert all(i.path and (i.line or source == "xlsform") for i in result.issues)


def test_phq9_takes_its_answers_from_the_contained_value_set():
    result = imported("fhir", "argonaut-phq9-ish.json")
    found = fields(form(result))
    assert found["g1_q1"]["options"] == ["not_at_all", "several_days", "more_than_half_the_days", "nearly_every_day"]
    assert found["g1_q9"]["options"] == found["g1_q1"]["options"]  # referenced by canonical url
    assert found["g1_q1"]["label"] == "1. Little interest or pleasure in doing things,"
    assert found["g1_q1"]["required"] is True
    assert ("IMPORT_003", "item[0].item[10]") in [(i.code, i.path) for i in result.issues]  # the hidden score
    assert "g1_s" not in found


def test_enable_when_cases_become_show_if():
    result = imported("fhir", "enableWhen-test.R4.json")
    found = fields(form(result))
    assert found["q1-exists"]["show_if"] == {"field": "q1", "answered": True}
    assert found["q1-not-exists"]["show_if"] == {"not": {"field": "q1", "answered": True}}
    assert found["q1-false"]["show_if"] == {"field": "q1", "equals": False}
    assert found["q1-not-true"]["show_if"] == {"field": "q1", "not_equals": True}
    assert found["q2-equal"]["show_if"] == {"field": "q2", "equals": 5.6}
    assert found["q4-equal"]["show_if"] == {"field": "q4", "equals": "2020-05-01"}
    assert found["q7-notequals"]["show_if"] == {"field": "q7", "not_equals": "test"}
    assert found["q8-eq-b-and-c"]["show_if"] == {"all": [{"field": "q8", "equals": "b"}, {"field": "q8", "equals": "c"}]}
    assert found["q9-noteq-b"]["show_if"] == {"field": "q9", "not_equals": "b"}
    assert found["q9b-eq-b"]["show_if"] == {"field": "q9b", "equals": "o_34"}
    assert found["q9c-eq-b"]["show_if"] == {"field": "q9c", "equals": "o_2022-09"}
    unconverted = {i.message.split("'")[1] for i in result.issues if i.code == "IMPORT_004"}
    assert unconverted == {"Q2-ge", "Q3-ge", "Q4-ge", "Q7-gt", "Q7-ge", "Q7-ge2", "Q7-lt", "Q7-le", "Q7-le2", "Q10-ewe"}
    assert "show_if" not in found["q2-ge"]


def test_bit_of_everything_maps_or_reports_each_type():
    result = imported("fhir", "bit-of-everything.json")
    found = fields(form(result))
    assert {k: found[k]["type"] for k in ("item-string", "item-text", "item-bool", "item-integer", "item-rb-local")} == {
        "item-string": "short_text", "item-text": "long_text", "item-bool": "yes_no", "item-integer": "number",
        "item-rb-local": "single_choice"}
    assert "item-attachment" not in found
    mapped = {i.message.split("'")[1] for i in result.issues if i.code == "IMPORT_002"}
    assert mapped == {"Item-datetime", "Item-time", "Item-url", "Item-reference", "Item-quantity",
                      "Item-rb", "Item10", "Item11", "Item12"}
    assert ("IMPORT_003", "item[0].item[11]") in [(i.code, i.path) for i in result.issues]


def test_family_portrait_keeps_repeating_groups_conditions_and_help():
    result = imported("fhir", "ussg-fhp.json")
    doc = form(result)
    found = fields(doc)
    assert found["name"]["hint"] == "A plain text instruction on Name"
    assert found["family_member_health_history_items"]["type"] == "repeating_group"
    assert found["diseases_history_panel_2"]["type"] == "repeating_group"
    assert found["date_of_birth"]["show_if"] == {"field": "living", "equals": "yes"}
    assert found["cause_of_death"]["show_if"] == {"field": "living", "equals": "no"}
    assert ("IMPORT_005", "item[0].item[0]", 61) in located(result)
    assert "IMPORT_004" not in codes(result)


def test_r5_coding_items_and_calculations():
    result = imported("fhir", "R5-weightHeightQuestionnaire.json")
    found = fields(form(result))
    assert found["clothing_worn_during_measure"]["type"] == "single_choice"
    assert found["weight"]["hint"] == "Unit: kg"
    calculation = [i for i in result.issues if i.code == "IMPORT_003" and "calculation" in i.message]
    assert [(i.path, i.message.split("'")[1]) for i in calculation] == [("item[3]", "/39156-5")]


def test_dates_in_a_repeating_group():
    found = fields(form(imported("fhir", "date-in-repeating-group.json")))
    assert [f["type"] for f in found["x1_items"]["fields"]] == ["date", "date", "short_text"]


def test_loop_gives_a_repeating_group():
    result = imported("xlsform", "loop.xlsx")
    found = fields(form(result))
    assert found["loop_toilet_types"]["type"] == "repeating_group"
    assert [f["id"] for f in found["loop_toilet_types"]["fields"]] == ["number"]
    assert ("IMPORT_002", "survey", 3) in located(result)


def test_specify_other_gives_a_show_if_on_the_other_option():
    found = fields(form(imported("xlsform", "specify_other.xlsx")))
    assert found["sex"]["options"] == ["male", "female", "other"]
    assert found["sex_other"]["show_if"] == {"field": "sex", "equals": "other"}


def test_choice_filter_is_reported():
    result = imported("xlsform", "choice_filter_test.xlsx")
    form(result)
    assert [(i.line, i.column) for i in result.issues if i.code == "IMPORT_003" and i.path == "survey"] == [(3, 4), (4, 4)]


def test_yes_no_and_groups():
    assert fields(form(imported("xlsform", "yes_or_no_question.xlsx")))["good_day"]["type"] == "yes_no"
    doc = form(imported("xlsform", "group.xlsx"))
    assert [s["id"] for s in doc["sections"]] == ["questions", "father"]


def test_spec_test_form():
    result = imported("xlsform", "xlsform_spec_test.xlsx")
    doc = form(result)
    found = fields(doc)
    assert (doc["id"], doc["title"]) == ("spec_test", "Spec test")
    assert found["skip_to_end"]["type"] == "yes_no"
    assert found["my_name"]["show_if"] == {"not": {"field": "skip_to_end", "equals": True}}
    assert found["repeat_test"]["min_items"] == 2
    assert found["required_text"]["required"] is True
    assert "calculate_test" not in found and "image_test" not in found
    assert ("IMPORT_003", "survey", 40) in located(result)  # the calculation
    assert ("IMPORT_005", "survey", 54) in located(result)  # the name '_1'
