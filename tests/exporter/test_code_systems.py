"""Options on a statutory code list (`code_system`, `code`): checked where written, carried into every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from exporter.base import Subject
from exporter.formats import FORMATS
from forms.compatibility import BREAKING
from forms.diff import diff
from tests.conftest import load, located
from tests.exporter.test_xlsform import compile_xform, sheets_of

CLD = "https://example.nhs.uk/CodeSystem/delivery-mechanism"
FORM = f"""\
    kind: form
    id: plan
    title: Plan
    version: 1
    purpose: To test code lists.
    sections:
      - id: s
        title: S
        fields:
          - id: delivery
            label: Who manages the money?
            type: single_choice
            statutory_item: 'ASC CLD: Delivery mechanism'
            options:
              - {{value: direct_payment, label: You do, code_system: '{CLD}', code: Direct Payment}}
              - {{value: council, label: The council, code_system: '{CLD}'}}
          - id: amount
            label: How much?
            type: number
            show_if: {{field: delivery, equals: direct_payment}}
    """


def exported(format_name: str) -> bytes:
    return FORMATS[format_name].export(Subject(load(FORM).document)).files[0].data


@pytest.mark.parametrize("item, option, code, line, column", [
    ("hint: no item", "{value: a, code_system: 'https://x.org/cs'}", "FIELD_015", 15, 13),  # no statutory_item on the field
    ("statutory_item: 'Return: item'", "{value: a, code_system: not a uri}", "FIELD_016", 15, 37),
    ("statutory_item: 'Return: item'", "{value: a, code: A1}", "FIELD_017", 15, 30),
])
def test_a_code_list_is_checked_where_it_is_written(item, option, code, line, column):
    result = load(f"""\
        kind: form
        id: f
        title: F
        version: 1
        purpose: P.
        sections:
          - id: s
            title: S
            fields:
              - id: q
                label: Q
                type: single_choice
                {item}
                options:
                  - {option}
        """)
    assert [c for c in located(result) if c[0].startswith("FIELD_01")] == [(code, line, column)]


def test_fhir_codings_name_the_statutory_list_in_options_and_enable_when():
    questionnaire = json.loads(exported("fhir"))
    delivery, amount = questionnaire["item"][0]["item"]
    assert [o["valueCoding"] for o in delivery["answerOption"]] == [
        {"system": CLD, "code": "Direct Payment", "display": "You do"},
        {"system": CLD, "code": "council", "display": "The council"}]
    assert amount["enableWhen"][0]["answerCoding"] == {"system": CLD, "code": "Direct Payment", "display": "You do"}


def test_json_schema_xlsform_and_dictionary_carry_the_codes():
    schema = json.loads(exported("json-schema"))
    options = schema["properties"]["delivery"]["x-coform"]["options"]
    assert options == [{"value": "direct_payment", "label": "You do", "code_system": CLD, "code": "Direct Payment"},
                       {"value": "council", "label": "The council", "code_system": CLD}]
    workbook = exported("xlsform")
    choices = sheets_of(workbook)["choices"]
    assert choices[0] == ["list_name", "name", "label", "coform_code_system", "coform_code"]
    assert ["delivery", "direct_payment", "You do", CLD, "Direct Payment"] in choices
    _, warnings = compile_xform(workbook)
    assert warnings == []
    rows = list(csv.DictReader(io.StringIO(exported("csv").decode("utf-8-sig"))))
    assert rows[0]["Options (value = label)"] == (f"direct_payment = You do [code Direct Payment in {CLD}]; "
                                  f"council = The council [code council in {CLD}]")


def test_a_new_code_is_a_breaking_change():
    before = load(FORM).document
    after = load(FORM.replace("code: Direct Payment", "code: DP").replace("version: 1", "version: 2")).document
    (change,) = [c for c in diff(before, after).changes if c.kind == "field_options"]
    assert change.compatibility == BREAKING
    assert "now has code 'DP'" in change.text
