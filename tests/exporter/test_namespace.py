"""COFORM_URL: the organisation's own namespace in every format, the example domain by default, a bad value refused."""

from __future__ import annotations

import json
import textwrap

from lxml import etree

from exporter.base import COFORM_URL, Subject
from exporter.cli import main
from exporter.formats import FORMATS
from forms.loader import LIBRARY_DIR, load_file, load_text, shipped_forms

FORM = textwrap.dedent("""\
    kind: form
    id: tiny
    title: Tiny
    version: 1
    purpose: To test namespaces.
    sections:
      - id: s
        title: S
        fields:
          - {id: mood, label: Mood, type: single_choice, options: [good, bad]}
    """)
OWN = "https://forms.example-council.gov.uk/fhir"


def exported(format_name: str, document) -> bytes:
    return FORMATS[format_name].export(Subject(document, shipped_forms())).files[0].data


def test_without_the_variable_the_example_domain_stays(monkeypatch):
    monkeypatch.delenv("COFORM_URL", raising=False)
    form = load_text(FORM, lint=False).document
    questionnaire = json.loads(exported("fhir", form))
    assert questionnaire["url"] == f"{COFORM_URL}/Questionnaire/tiny"
    assert COFORM_URL == "https://coform.example.org/fhir"


def test_the_variable_names_every_namespace(monkeypatch):
    monkeypatch.setenv("COFORM_URL", OWN + "/")  # a trailing slash is dropped, not doubled
    form = load_text(FORM, lint=False).document
    questionnaire = json.loads(exported("fhir", form))
    assert questionnaire["url"] == f"{OWN}/Questionnaire/tiny"
    (option, _) = questionnaire["item"][0]["item"][0]["answerOption"]  # section s, then field mood
    assert option["valueCoding"]["system"] == f"{OWN}/CodeSystem/tiny-mood"
    assert json.loads(exported("json-schema", form))["$id"] == f"{OWN}/json-schema/tiny-v1.schema.json"
    workflow = load_file(LIBRARY_DIR / "adults-contact-to-review.yaml", lint=False).document
    root = etree.fromstring(exported("bpmn", workflow))
    assert root.nsmap["coform"] == OWN
    assert root.get("targetNamespace") == f"{OWN}/workflow/adults-contact-to-review"
    assert COFORM_URL.encode() not in exported("bpmn", workflow)


def test_a_malformed_variable_is_refused_with_a_located_message(monkeypatch, tmp_path, capsys):
    path = tmp_path / "tiny.yaml"
    path.write_text(FORM)
    monkeypatch.setenv("COFORM_URL", 'javascript:alert("x")')
    assert main([str(path), "--format", "fhir", "--out", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:1:1: EXPORT_096 ")
    assert not (tmp_path / "out").exists()
