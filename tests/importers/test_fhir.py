"""FHIR Questionnaire import: each mapping, each report, and bad resources, on JSON written inline."""

from __future__ import annotations

import json

import pytest

from forms.importers import import_bytes
from tests.importers.support import codes, fields, form, located, questionnaire

EXT = "http://hl7.org/fhir/StructureDefinition/"
SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"


def coding(code: str, display: str | None = None) -> dict:
    return {"valueCoding": {"system": "http://example.org", "code": code, **({"display": display} if display else {})}}


def control(code: str) -> dict:
    return {"url": EXT + "questionnaire-itemControl",
            "valueCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control",
                                                 "code": code}]}}


@pytest.mark.parametrize(("item", "expected", "code"), [
    ({"type": "string"}, {"type": "short_text"}, None),
    ({"type": "text"}, {"type": "long_text"}, None),
    ({"type": "boolean"}, {"type": "yes_no"}, None),
    ({"type": "integer"}, {"type": "number", "integer": True}, None),
    ({"type": "decimal"}, {"type": "number"}, None),
    ({"type": "date"}, {"type": "date"}, None),
    ({"type": "display"}, {"type": "guidance"}, None),
    ({"type": "choice", "answerOption": [coding("A", "Apple"), coding("B", "Banana")]},
     {"type": "single_choice", "options": ["apple", "banana"]}, None),
    ({"type": "choice", "repeats": True, "answerOption": [coding("A", "Apple")]},
     {"type": "multi_choice", "options": ["apple"]}, None),
    ({"type": "coding", "answerOption": [coding("LA33-6")]}, {"type": "single_choice", "options": [{"value": "la33-6", "label": "LA33-6"}]}, None),
    ({"type": "string", "answerOption": [{"valueString": "Up"}, {"valueString": "Down"}]},
     {"type": "single_choice", "options": ["up", "down"]}, None),
    ({"type": "integer", "answerOption": [{"valueInteger": 1}, {"valueInteger": 2}]},
     {"type": "single_choice", "options": [{"value": "o_1", "label": "1"}, {"value": "o_2", "label": "2"}]}, "IMPORT_002"),
    ({"type": "open-choice", "answerOption": [coding("A", "Apple")]}, {"type": "single_choice"}, "IMPORT_002"),
    ({"type": "choice", "answerValueSet": "http://example.org/ValueSet/x"}, {"type": "short_text"}, "IMPORT_002"),
    ({"type": "dateTime"}, {"type": "date"}, "IMPORT_002"),
    ({"type": "time"}, {"type": "short_text"}, "IMPORT_002"),
    ({"type": "url"}, {"type": "short_text"}, "IMPORT_002"),
    ({"type": "reference"}, {"type": "short_text"}, "IMPORT_002"),
    ({"type": "quantity"}, {"type": "number"}, "IMPORT_002"),
    ({"type": "mystery"}, {"type": "short_text"}, "IMPORT_002"),
])
def test_item_types_map_to_coform_types(item, expected, code):
    result = questionnaire([{"linkId": "q", "text": "Q", **item}])
    field = fields(form(result))["q"]
    assert {k: field[k] for k in expected} == expected
    assert located(result) == ([(code, "item[0]", 7)] if code else [])  # the line of its linkId


def test_attachment_is_dropped_with_a_report():
    result = questionnaire([{"linkId": "keep", "text": "Keep", "type": "string"},
                            {"linkId": "file", "text": "Upload", "type": "attachment"}])
    assert set(fields(form(result))) == {"keep"}
    assert [(i.code, i.path) for i in result.issues] == [("IMPORT_003", "item[1]")]


def test_structure_groups_sections_and_repeating_groups():
    items = [
        {"linkId": "intro", "text": "Before we start", "type": "display"},
        {"linkId": "about", "text": "About you", "type": "group", "item": [
            {"linkId": "name", "text": "Name", "type": "string"},
            {"linkId": "kids", "text": "Children", "type": "group", "repeats": True, "item": [
                {"linkId": "kid_name", "text": "Child's name", "type": "string"}]},
            {"linkId": "home", "text": "Home", "type": "group", "item": [
                {"linkId": "street", "text": "Street", "type": "string"}]}]},
        {"linkId": "visits", "text": "Visits", "type": "group", "repeats": True, "item": [
            {"linkId": "when", "text": "When", "type": "date"}]},
    ]
    result = questionnaire(items)
    doc = form(result)
    assert [(s["id"], s["title"]) for s in doc["sections"]] == [
        ("questions", "Questions"), ("about", "About you"), ("visits", "Visits")]
    about = doc["sections"][1]["fields"]
    assert [f["id"] for f in about] == ["name", "kids", "home", "street"]
    assert about[1]["type"] == "repeating_group" and about[1]["fields"][0]["id"] == "kid_name"
    assert about[2] == {"id": "home", "label": "Home", "type": "guidance"}
    visits = doc["sections"][2]["fields"][0]
    assert (visits["id"], visits["type"], visits["fields"][0]["id"]) == ("visits_items", "repeating_group", "when")
    assert [(i.code, i.path) for i in result.issues] == [("IMPORT_003", "item[1].item[2]")]


BEFORE = [
    {"linkId": "ok", "text": "OK?", "type": "boolean"},
    {"linkId": "n", "text": "N", "type": "integer"},
    {"linkId": "d", "text": "D", "type": "date"},
    {"linkId": "t", "text": "T", "type": "string"},
    {"linkId": "c", "text": "C", "type": "choice", "answerOption": [coding("A", "Apple"), coding("B", "Banana")]},
    {"linkId": "m", "text": "M", "type": "choice", "repeats": True, "answerOption": [coding("A", "Apple")]},
]


@pytest.mark.parametrize(("rules", "behavior", "show_if"), [
    ([{"question": "ok", "operator": "=", "answerBoolean": True}], None, {"field": "ok", "equals": True}),
    ([{"question": "ok", "operator": "!=", "answerBoolean": True}], None, {"field": "ok", "not_equals": True}),
    ([{"question": "ok", "operator": "exists", "answerBoolean": True}], None, {"field": "ok", "answered": True}),
    ([{"question": "n", "operator": "exists", "answerBoolean": False}], None,
     {"not": {"field": "n", "answered": True}}),
    ([{"question": "n", "operator": "=", "answerInteger": 4}], None, {"field": "n", "equals": 4}),
    ([{"question": "d", "operator": "=", "answerDate": "2024-01-31"}], None, {"field": "d", "equals": "2024-01-31"}),
    ([{"question": "t", "operator": "=", "answerString": "x"}], None, {"field": "t", "equals": "x"}),
    ([{"question": "c", "operator": "=", "answerCoding": {"system": "http://example.org", "code": "B"}}], None,
     {"field": "c", "equals": "banana"}),
    ([{"question": "m", "operator": "=", "answerCoding": {"code": "A"}}], None, {"field": "m", "equals": "apple"}),
    ([{"question": "ok", "operator": "=", "answerBoolean": True}, {"question": "n", "operator": "=", "answerInteger": 1}],
     "all", {"all": [{"field": "ok", "equals": True}, {"field": "n", "equals": 1}]}),
    ([{"question": "ok", "operator": "=", "answerBoolean": True}, {"question": "n", "operator": "=", "answerInteger": 1}],
     "any", {"any": [{"field": "ok", "equals": True}, {"field": "n", "equals": 1}]}),
])
def test_enable_when_becomes_show_if(rules, behavior, show_if):
    target = {"linkId": "target", "text": "Target", "type": "string", "enableWhen": rules,
              **({"enableBehavior": behavior} if behavior else {})}
    result = questionnaire([*BEFORE, target])
    assert fields(form(result))["target"]["show_if"] == show_if
    assert codes(result) == []


@pytest.mark.parametrize("rules", [
    [{"question": "n", "operator": ">=", "answerInteger": 4}],
    [{"question": "c", "operator": "=", "answerCoding": {"code": "Z"}}],
    [{"question": "later", "operator": "exists", "answerBoolean": True}],
    [{"question": "nowhere", "operator": "exists", "answerBoolean": True}],
    [{"question": "ok", "operator": "=", "answerBoolean": True}, {"question": "n", "operator": "<", "answerInteger": 1}],
])
def test_other_enable_when_is_reported_and_the_field_always_shown(rules):
    target = {"linkId": "target", "text": "Target", "type": "string", "enableWhen": rules, "enableBehavior": "all"}
    result = questionnaire([*BEFORE, target, {"linkId": "later", "text": "Later", "type": "string"}])
    assert "show_if" not in fields(form(result))["target"]
    assert [(i.code, i.path) for i in result.issues] == [("IMPORT_004", "item[6]")]


def test_enable_when_expression_is_reported():
    ext = {"url": SDC + "sdc-questionnaire-enableWhenExpression",
           "valueExpression": {"language": "text/fhirpath", "expression": "%a + %b = 3"}}
    result = questionnaire([{"linkId": "q", "text": "Q", "type": "string", "extension": [ext]}])
    form(result)
    assert located(result) == [("IMPORT_004", "item[0]", 7)]
    assert "%a + %b = 3" in result.issues[0].message


def test_group_enable_when_applies_to_its_questions_and_inner_fields_stay_in_their_group():
    items = [{"linkId": "ok", "text": "OK?", "type": "boolean"},
             {"linkId": "g", "text": "G", "type": "group",
              "enableWhen": [{"question": "ok", "operator": "=", "answerBoolean": True}], "item": [
                  {"linkId": "a", "text": "A", "type": "string"},
                  {"linkId": "r", "text": "R", "type": "group", "repeats": True, "item": [
                      {"linkId": "x", "text": "X", "type": "integer"},
                      {"linkId": "y", "text": "Y", "type": "string",
                       "enableWhen": [{"question": "x", "operator": "=", "answerInteger": 1}]}]},
                  {"linkId": "b", "text": "B", "type": "string",
                   "enableWhen": [{"question": "x", "operator": "=", "answerInteger": 1}]}]}]
    result = questionnaire(items)
    found = fields(form(result))
    assert found["a"]["show_if"] == found["r"]["show_if"] == found["b"]["show_if"] == {"field": "ok", "equals": True}
    assert found["y"]["show_if"] == {"field": "x", "equals": 1}
    assert [(i.code, i.path) for i in result.issues] == [("IMPORT_004", "item[1].item[2]")]


def test_link_ids_that_are_not_ids_are_renamed_and_conditions_follow():
    items = [{"linkId": "/54126-8/54125-0", "text": "Your name", "type": "string"},
             {"linkId": "1.1", "text": "Your name", "type": "boolean"},
             {"linkId": "Q-3", "text": "Third", "type": "string",
              "enableWhen": [{"question": "1.1", "operator": "=", "answerBoolean": False}]}]
    result = questionnaire(items)
    found = fields(form(result))
    assert list(found) == ["your_name", "your_name_2", "q-3"]
    assert found["q-3"]["show_if"] == {"field": "your_name_2", "equals": False}
    assert [(i.code, i.path, i.line) for i in result.issues] == [
        ("IMPORT_005", "item[0]", 7), ("IMPORT_005", "item[1]", 12), ("IMPORT_005", "item[2]", 17)]


def test_contained_value_set_gives_the_options():
    valueset = {"resourceType": "ValueSet", "id": "vs", "url": "http://example.org/vs",
                "expansion": {"contains": [{"code": "1", "display": "Never"}, {"code": "2", "display": "Often"}]}}
    items = [{"linkId": "a", "text": "A", "type": "choice", "answerValueSet": "#vs"},
             {"linkId": "b", "text": "B", "type": "choice", "answerValueSet": "http://example.org/vs|1.0"},
             {"linkId": "c", "text": "C", "type": "string",
              "enableWhen": [{"question": "a", "operator": "=", "answerCoding": {"code": "2"}}]}]
    result = questionnaire(items, contained=[valueset])
    found = fields(form(result))
    assert found["a"]["options"] == found["b"]["options"] == ["never", "often"]
    assert found["c"]["show_if"] == {"field": "a", "equals": "often"}
    assert codes(result) == []


def test_extensions_with_a_coform_key_are_carried():
    items = [
        {"linkId": "n", "text": "N", "type": "integer", "extension": [
            {"url": EXT + "minValue", "valueInteger": 0}, {"url": EXT + "maxValue", "valueInteger": 120},
            {"url": EXT + "questionnaire-unit", "valueCoding": {"system": "http://unitsofmeasure.org", "code": "a"}}]},
        {"linkId": "d", "text": "D", "type": "date", "extension": [{"url": EXT + "maxValue", "valueDate": "2030-01-01"}]},
        {"linkId": "p", "text": "P", "type": "string", "maxLength": 8, "extension": [
            {"url": EXT + "regex", "valueString": "^[A-Z0-9 ]+$"}, {"url": EXT + "entryFormat", "valueString": "AB1 2CD"}]},
        {"linkId": "h", "text": "H", "type": "string", "required": True, "item": [
            {"linkId": "h-help", "text": "Say it your way", "type": "display", "extension": [control("help")]}]},
    ]
    result = questionnaire(items)
    found = fields(form(result))
    assert found["n"] == {"id": "n", "label": "N", "type": "number", "hint": "Unit: years", "min": 0, "max": 120,
                          "integer": True}
    assert found["d"]["max"] == "2030-01-01"
    assert found["p"] == {"id": "p", "label": "P", "type": "short_text", "hint": "Format: AB1 2CD",
                          "max_length": 8, "pattern": "^[A-Z0-9 ]+$"}
    assert found["h"] == {"id": "h", "label": "H", "type": "short_text", "hint": "Say it your way", "required": True}
    assert codes(result) == []


@pytest.mark.parametrize("extra", [
    {"extension": [control("drop-down")]},
    {"extension": [{"url": SDC + "sdc-questionnaire-calculatedExpression",
                    "valueExpression": {"language": "text/fhirpath", "expression": "1 + 1"}}]},
    {"extension": [{"url": SDC + "sdc-questionnaire-initialExpression",
                    "valueExpression": {"language": "text/fhirpath", "expression": "%patient.name"}}]},
    {"initial": [{"valueString": "x"}]},
    {"code": [{"system": "http://loinc.org", "code": "1234-5"}]},
    {"readOnly": True},
    {"repeats": True},
    {"_text": {"extension": [{"url": EXT + "rendering-xhtml", "valueString": "<b>Q</b>"}]}},
])
def test_what_coform_has_no_key_for_is_reported(extra):
    result = questionnaire([{"linkId": "q", "text": "Q", "type": "string", **extra}])
    assert fields(form(result))["q"]["type"] == "short_text"
    assert [(i.code, i.path) for i in result.issues] == [("IMPORT_003", "item[0]")]


def test_hidden_items_and_group_required_are_reported():
    hidden = {"url": EXT + "questionnaire-hidden", "valueBoolean": True}
    items = [{"linkId": "g", "text": "G", "type": "group", "required": True, "item": [
        {"linkId": "a", "text": "A", "type": "string"},
        {"linkId": "s", "text": "Score", "type": "integer", "extension": [hidden]}]}]
    result = questionnaire(items)
    assert set(fields(form(result))) == {"a"}
    assert [(i.code, i.path) for i in result.issues] == [("IMPORT_003", "item[0]"), ("IMPORT_003", "item[0].item[1]")]


def test_hidden_top_level_item_is_reported_once():
    hidden = {"url": EXT + "questionnaire-hidden", "valueBoolean": True}
    result = questionnaire([{"linkId": "a", "text": "A", "type": "string"},
                            {"linkId": "s", "text": "Score", "type": "display", "extension": [hidden]}])
    assert set(fields(form(result))) == {"a"}
    assert [(i.code, i.path) for i in result.issues] == [("IMPORT_003", "item[1]")]


def test_damaged_elements_do_not_stop_the_import():
    items = [{"linkId": "a", "text": "A", "type": "choice", "answerOption": 3, "extension": True, "item": "x"},
             {"linkId": "b", "text": "B", "type": "string", "enableWhen": [7], "code": {"x": 1}},
             "not an item"]
    result = questionnaire(items, contained=[{"resourceType": "ValueSet", "expansion": []}])
    assert fields(form(result))["a"]["type"] == "short_text"
    assert "IMPORT_004" in codes(result)


def test_untitled_group_is_named_and_reported():
    result = questionnaire([{"linkId": "g1", "type": "group", "item": [{"linkId": "a", "text": "A", "type": "string"}]}])
    assert form(result)["sections"][0]["title"] == "Part 1"
    assert located(result) == [("IMPORT_006", "item[0]", 7)]


def test_form_header_comes_from_the_resource():
    result = questionnaire([{"linkId": "a", "text": "A", "type": "string"}], id="home-visit", title="Home visit",
                           publisher="Adult Social Care", purpose="To plan support with the person.",
                           copyright="(c) Someone")
    doc = form(result)
    assert {k: doc.get(k) for k in ("id", "title", "owner", "purpose", "version", "status")} == {
        "id": "home-visit", "title": "Home visit", "owner": "Adult Social Care",
        "purpose": "To plan support with the person.", "version": 1, "status": "draft"}
    assert [(i.code, i.path, i.line) for i in result.issues] == [("IMPORT_003", "Questionnaire", 1)]


def test_text_with_html_quotes_and_newlines_survives_exactly():
    text = "<p>Is it \"safe\"?</p>\n  - yes: 'maybe'\n# not a comment"
    result = questionnaire([{"linkId": "q", "text": text, "type": "text"}])
    assert fields(form(result))["q"]["label"] == text


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"\x00\xff\xfe garbage",
    b"{not json",
    b"[1, 2, 3]",
    b'"just a string"',
    json.dumps({"resourceType": "Patient", "id": "p"}).encode(),
    json.dumps({"id": "no-resource-type"}).encode(),
    json.dumps({"resourceType": "Questionnaire", "status": "draft"}).encode(),
    json.dumps({"resourceType": "Questionnaire", "group": {"linkId": "root", "question": []}}).encode(),
    json.dumps({"resourceType": "Questionnaire", "item": [
        {"linkId": "q", "type": "choice", "option": [{"valueString": "a"}]}]}).encode(),
    json.dumps({"resourceType": "Questionnaire", "item": [
        {"linkId": "a", "type": "boolean"},
        {"linkId": "b", "type": "string", "enableWhen": [{"question": "a", "hasAnswer": True}]}]}).encode(),
    json.dumps({"resourceType": "Questionnaire", "item": [{"linkId": "f", "type": "attachment"}]}).encode(),
    b"[" * 100_000,
])
def test_bad_input_gives_one_unreadable_issue_and_no_yaml(data):
    result = import_bytes(data, "fhir", "bad.json")
    assert result.yaml_text == ""
    assert codes(result)[-1] == "IMPORT_001"
    assert not result.ok


def test_invalid_json_is_located():
    result = import_bytes(b'{\n  "resourceType": "Questionnaire",\n  "item": [,]\n}', "fhir", "bad.json")
    assert [(i.code, i.line) for i in result.issues] == [("IMPORT_001", 3)]
