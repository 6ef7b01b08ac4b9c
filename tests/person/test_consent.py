"""Issue 11.2: sharing by the person's consent, from the YAML to every export that carries the question."""

from __future__ import annotations

import json
import textwrap

import pytest
from fhir.resources.questionnaire import Questionnaire as QuestionnaireR5
from fhir.resources.R4B.questionnaire import Questionnaire as QuestionnaireR4
from jsonschema import Draft202012Validator

from exporter.base import FORMATS, Subject
from exporter.fhir_checks import check_questionnaire
from exporter.formats import FORMATS as _REGISTERED  # noqa: F401 - registers every format
from exporter.xlsform import xlsform_sheets
from forms.loader import load_text
from forms.model import Form
from tests.conftest import load
from tests.exporter.test_xlsform import compile_xform

FORM = """\
kind: form
id: f
title: T
version: 1
purpose: To test.
defaults: {{lawful_basis: public_task, retention: 2 years}}
sections:
  - id: s
    title: S
    fields:
      - id: worries
        label: What worries you?
        type: long_text
{keys}"""


def form_of(keys: str) -> Form:
    result = load_text(FORM.format(keys=textwrap.indent(keys, " " * 8)), "t.yaml", forms={}, lint=False)
    assert not result.errors, [i.format() for i in result.errors]
    return result.document


def test_plain_ids_and_mappings_mix_and_consent_is_per_agency():
    f = form_of("shared_with: [police, {agency: gp, needs_consent: true}, {agency: school}]\n").sections[0].fields[0]
    assert f.shared_with == ("police", "gp", "school")
    assert f.consent_agencies == ("gp",)


def test_the_person_deciding_makes_every_agency_consent():
    f = form_of("shared_with: [gp, school]\nsharing_decided_by: person\n").sections[0].fields[0]
    assert f.consent_agencies == ("gp", "school")


@pytest.mark.parametrize(("keys", "expected"), [
    ("shared_with: [{agency: gp, needs_consent: true}]\nvisible_to_person: false\n", [("FIELD_011", 15, 28)]),
    ("shared_with: [gp]\nsharing_decided_by: person\nvisible_to_person: false\n", [("FIELD_011", 16, 28)]),
    ("sharing_decided_by: person\n", [("FIELD_012", 14, 29)]),
    ("sharing_decided_by: family\n", [("SCHEMA_004", 14, 29)]),
    ("shared_with: [{needs_consent: true}]\n", [("SCHEMA_002", 14, 23)]),
    ("shared_with: [{agency: gp, needs_consent: yes}]\n", [("SCHEMA_003", 14, 51)]),
    ("shared_with: [{agency: gp, consent: true}]\n", [("SCHEMA_001", 14, 36)]),
    ("shared_with: [gp, {agency: gp, needs_consent: true}]\n", [("ID_002", 14, 36)]),
    ("shared_with: [{agency: GP}]\n", [("ID_001", 14, 32)]),
])
def test_mistakes_are_located_errors(keys, expected):
    result = load(FORM.format(keys=textwrap.indent(keys, " " * 8)))
    assert [(i.code, i.line, i.column) for i in result.errors] == expected


CONSENTING = "shared_with: [{agency: gp, needs_consent: true}, police]\n"


def test_json_schema_carries_the_question_after_the_answer():
    (file,) = FORMATS["json-schema"].export(Subject(form_of(CONSENTING))).files
    schema = json.loads(file.data)
    Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == ["worries", "worries__share_gp"]
    asked = schema["properties"]["worries__share_gp"]
    assert asked["type"] == "boolean" and asked["title"] == "Can we share your answer to \u201cWhat worries you?\u201d with your GP?"
    assert asked["x-coform"]["lawful_basis"] == "consent" and asked["x-coform"]["consent_for"] == "worries"
    assert schema["properties"]["worries"]["x-coform"]["shared_by_consent"] == ["gp"]
    validator = Draft202012Validator(schema)
    assert validator.is_valid({"worries": "Money", "worries__share_gp": False})
    assert not validator.is_valid({"worries": "Money", "worries__share_gp": "maybe"})


@pytest.mark.parametrize(("version", "model"), [("R4", QuestionnaireR4), ("R5", QuestionnaireR5)])
def test_fhir_carries_the_question_enabled_once_the_answer_is_given(version, model):
    (file,) = FORMATS["fhir"].export(Subject(form_of(CONSENTING), fhir_version=version)).files
    resource = json.loads(file.data)
    model.model_validate(resource)
    assert check_questionnaire(resource, version) == []
    links = [item["linkId"] for item in resource["item"][0]["item"]]
    assert links == ["worries", "worries__share_gp"]
    asked = resource["item"][0]["item"][1]
    assert asked["type"] == "boolean" and asked["required"] is True
    assert asked["enableWhen"] == [{"question": "worries", "operator": "exists", "answerBoolean": True}]


def test_xlsform_carries_the_question_and_pyxform_compiles_it():
    form = form_of(CONSENTING)
    sheets = xlsform_sheets(form)
    header, *rows = sheets.survey
    named = {row[header.index("name")]: dict(zip(header, row, strict=True)) for row in rows}
    asked = named["worries__share_gp"]
    assert asked["type"].startswith("select_one ") and asked["relevant"] == "${worries} != ''"
    assert asked["bind::coform:lawful_basis"] == "consent" and asked["bind::coform:shared_with"] == "gp"
    (file,) = FORMATS["xlsform"].export(Subject(form)).files
    xform, warnings = compile_xform(file.data)
    assert warnings == []
    assert xform.xpath("//*[local-name()='bind'][contains(@nodeset, '/worries__share_gp')]")


def test_the_dpia_inventory_says_which_sharing_is_by_consent():
    form = form_of(CONSENTING)
    for name in ("html", "markdown"):
        (file,) = FORMATS[name].export(Subject(form)).files
        text = file.data.decode("utf-8").replace("<bdi>", "").replace("</bdi>", "")
        assert "GP (by consent), Police (public task)" in text, name


def test_a_field_with_no_consent_exports_as_before():
    form = form_of("shared_with: [police]\n")
    (file,) = FORMATS["json-schema"].export(Subject(form)).files
    assert list(json.loads(file.data)["properties"]) == ["worries"]


def test_diff_says_when_the_person_starts_or_stops_being_asked():
    from forms.diff import diff

    plain = form_of("shared_with: [gp, police]\n")
    asked = form_of("shared_with: [{agency: gp, needs_consent: true}, police]\n")
    assert [c.text for c in diff(plain, asked).changes] == [
        "'What worries you?': the person will be asked before it is shared with gp."]
    assert [c.text for c in diff(asked, plain).changes] == [
        "'What worries you?': the person will no longer be asked before it is shared with gp."]
