"""Imports of forms in several languages: XLSForm `label::Welsh (cy)` columns and FHIR translation extensions.

Each round trip (XLSForm → YAML → XLSForm compiled by pyxform; FHIR → YAML → FHIR) keeps every translation.
"""

from __future__ import annotations

import json

import pytest

from exporter.base import Subject
from exporter.fhir import TRANSLATION, export_fhir
from exporter.xlsform import export_xlsform
from forms.importers import import_bytes
from forms.importers.xlsform_languages import tag_of
from forms.loader import load_text
from tests.exporter.test_fhir import by_link, parses
from tests.exporter.test_languages_export import itext
from tests.exporter.test_xlsform import compile_xform
from tests.importers.support import SAMPLES, fields, form, located, questionnaire, xlsform

HEADER = ("type", "name", "label::English (en)", "label::Welsh (cy)", "hint::English (en)", "hint::Welsh (cy)")
SURVEY = [
    ("begin_group", "visit", "The visit", "Yr ymweliad", None, None),
    ("select_one yn", "seen", "Was the person seen?", "A welwyd y person?", "In person.", "Wyneb yn wyneb."),
    ("select_one where", "where", "Where?", "Ble?", None, None),
    ("text", "notes", "Notes", None, None, None),  # not translated
    ("end_group", None, None, None, None, None),
]
CHOICES_HEADER = ("list_name", "name", "label::English (en)", "label::Welsh (cy)")
CHOICES = [("yn", "yes", "Yes", "Ydy"), ("yn", "no", "No", "Nac ydy"),
           ("where", "home", "At home", "Gartref"), ("where", "office", "Office", None)]
SETTINGS = [("form_title", "form_id", "default_language"), ("Home visit", "visit_form", "English (en)")]


@pytest.mark.parametrize(("written", "tag"), [
    ("Welsh (cy)", "cy"), ("English (en)", "en"), ("cy", "cy"), ("Welsh", "cy"), ("english", "en"),
    ("chinese", "zh"), ("Easy Read (en-x-easy)", "en-x-easy"), ("en-x-easy", "en-x-easy"),
    ("Easy Read (en)", "en-x-easy"), ("Easy Read (cy)", "cy"),
    ("Cymraeg (cy)", "cy"), ("Klingon", None), ("default", None),
])
def test_a_column_language_is_read_as_pyxform_writes_it(written, tag):
    assert tag_of(written) == tag


def test_label_and_hint_columns_of_every_language_become_texts_per_language(tmp_path):
    result = xlsform(tmp_path, SURVEY, CHOICES, SETTINGS, header=HEADER, choices_header=CHOICES_HEADER)
    doc = form(result)  # Coform's loader accepts it: languages declared, every text has its English
    assert doc["languages"] == ["en", "cy"]
    assert doc["sections"][0]["title"] == {"en": "The visit", "cy": "Yr ymweliad"}
    found = fields(doc)
    assert found["seen"]["label"] == {"en": "Was the person seen?", "cy": "A welwyd y person?"}
    assert found["seen"]["hint"] == {"en": "In person.", "cy": "Wyneb yn wyneb."}
    assert found["where"]["options"] == [{"value": "home", "label": {"en": "At home", "cy": "Gartref"}},
                                         {"value": "office", "label": "Office"}]
    assert found["notes"]["label"] == "Notes"  # no Welsh yet: the lint (LINT_022) will say so
    assert result.issues == ()


def test_the_settings_default_language_is_the_main_language(tmp_path):
    settings = [("form_id", "default_language"), ("x", "Welsh (cy)")]
    result = xlsform(tmp_path, [("text", "q", "Name", "Enw", None, None)], settings=settings, header=HEADER)
    doc = form(result)
    assert doc["languages"] == ["cy", "en"]
    assert fields(doc)["q"]["label"] == {"cy": "Enw", "en": "Name"}


def test_bare_names_and_tags_and_an_unsuffixed_default_column(tmp_path):
    header = ("type", "name", "label", "label::cy", "label::Polish")
    result = xlsform(tmp_path, [("text", "q", "Name", "Enw", "Imię")], header=header)
    doc = form(result)
    assert doc["languages"] == ["en", "cy", "pl"]
    assert fields(doc)["q"]["label"] == {"en": "Name", "cy": "Enw", "pl": "Imię"}


def test_english_is_the_main_language_even_after_easy_read(tmp_path):
    header = ("type", "name", "label::Easy Read (en-x-easy)", "label::English (en)")
    doc = form(xlsform(tmp_path, [("text", "q", "Your name", "Full name")], header=header))
    assert doc["languages"] == ["en", "en-x-easy"]
    assert fields(doc)["q"]["label"] == {"en": "Full name", "en-x-easy": "Your name"}


def test_a_language_without_a_tag_is_reported_where_its_column_is(tmp_path):
    header = ("type", "name", "label::English (en)", "label::Klingon")
    result = xlsform(tmp_path, [("text", "q", "Name", "Pong")], header=header)
    assert fields(form(result))["q"]["label"] == "Name"
    assert [(i.code, i.path, i.line, i.column) for i in result.issues] == [("IMPORT_011", "survey", 1, 4)]


def test_a_hint_with_no_main_language_column_is_reported(tmp_path):
    header = ("type", "name", "label::English (en)", "label::Welsh (cy)", "hint::Welsh (cy)")
    result = xlsform(tmp_path, [("text", "q", "Name", "Enw", "Eich enw llawn")], header=header)
    found = fields(form(result))["q"]
    assert found["hint"] == "Eich enw llawn"  # kept, in the English place, and said so
    assert [(i.code, i.line, i.column) for i in result.issues] == [("IMPORT_012", 1, 5)]


def test_xlsform_round_trip_keeps_every_translation_and_pyxform_compiles_it(tmp_path):
    result = xlsform(tmp_path, SURVEY, CHOICES, SETTINGS, header=HEADER, choices_header=CHOICES_HEADER)
    loaded = load_text(result.yaml_text, "imported.yaml", forms={}, lint=False)
    assert loaded.errors == ()
    xform, warnings = compile_xform(export_xlsform(Subject(loaded.document)).files[0].data)
    assert warnings == []
    texts = itext(xform)
    assert set(texts) == {"English (en)", "Welsh (cy)"}
    welsh = texts["Welsh (cy)"]
    assert welsh["/data/visit:label"] == "Yr ymweliad"
    assert welsh["/data/visit/seen:label"] == "A welwyd y person?"
    assert welsh["/data/visit/seen:hint"] == "Wyneb yn wyneb."
    assert welsh["where-0"] == "Gartref" and texts["English (en)"]["where-0"] == "At home"
    # ...and importing that workbook again gives the same form.
    again = import_bytes(export_xlsform(Subject(loaded.document)).files[0].data, "xlsform", "visit.xlsx")
    assert fields(form(again))["seen"] == fields(form(result))["seen"]


def test_the_xlsform_spec_test_form_keeps_its_chinese_translations():
    result = import_bytes((SAMPLES / "xlsform" / "xlsform_spec_test.xlsx").read_bytes(), "xlsform",
                          "xlsform_spec_test.xlsx")
    doc = form(result)
    assert doc["languages"] == ["en", "zh"]
    found = fields(doc)
    assert found["address"]["label"] == {"en": "Enter an address", "zh": "您好"}
    assert found["text_image_audio_video_test"]["hint"]["zh"] == "ni hao"
    assert ("IMPORT_012", "survey", 1) in located(result)  # the unsuffixed hint column is taken as English


# --- FHIR -------------------------------------------------------------------------------------------------
def translation(lang: str, text: str) -> dict:
    return {"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": lang},
                                              {"url": "content", "valueString": text}]}


def shadow(**texts: str) -> dict:
    return {"extension": [translation(lang.replace("_", "-"), text) for lang, text in texts.items()]}


def test_fhir_translation_extensions_become_texts_per_language():
    items = [{"linkId": "s", "text": "The visit", "_text": shadow(cy="Yr ymweliad"), "type": "group", "item": [
        {"linkId": "where", "text": "Where?", "_text": shadow(cy="Ble?", en_x_easy="Where were you?"),
         "type": "choice", "answerOption": [
             {"valueCoding": {"code": "home", "display": "At home", "_display": shadow(cy="Gartref")}},
             {"valueCoding": {"code": "office", "display": "Office"}}],
         "item": [{"linkId": "where.hint", "text": "Pick one.", "_text": shadow(cy="Dewiswch un."),
                   "type": "display", "extension": [{
                       "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
                       "valueCodeableConcept": {"coding": [{"code": "flyover"}]}}]}]}]}]
    result = questionnaire(items, language="en", _title=shadow(cy="Prawf"),
                           purpose="To test.", _purpose=shadow(cy="I brofi."))
    doc = form(result)
    assert doc["languages"] == ["en", "cy", "en-x-easy"]
    assert doc["title"] == {"en": "Test", "cy": "Prawf"} and doc["purpose"] == {"en": "To test.", "cy": "I brofi."}
    assert doc["sections"][0]["title"] == {"en": "The visit", "cy": "Yr ymweliad"}
    where = fields(doc)["where"]
    assert where["label"] == {"en": "Where?", "cy": "Ble?", "en-x-easy": "Where were you?"}
    assert where["hint"] == {"en": "Pick one.", "cy": "Dewiswch un."}
    assert where["options"] == [{"value": "at_home", "label": {"en": "At home", "cy": "Gartref"}},
                                {"value": "office", "label": "Office"}]
    assert result.issues == ()  # the translations are read, not reported as formatting left out


def test_a_fhir_translation_whose_lang_is_not_a_tag_is_reported_once():
    items = [{"linkId": "q", "text": "Q", "_text": shadow(**{"Welsh please": "C"}), "type": "string"},
             {"linkId": "r", "text": "R", "_text": shadow(**{"Welsh please": "D"}), "type": "string"}]
    result = questionnaire(items)
    assert fields(form(result))["q"]["label"] == "Q"
    assert [i.code for i in result.issues] == ["IMPORT_011"]


WELSH = """\
kind: form
id: visit
title: {en: Home visit, cy: Ymweliad cartref}
version: 1
purpose: {en: To record a visit., cy: I gofnodi ymweliad.}
languages: [en, cy]
sections:
  - id: s
    title: {en: The visit, cy: Yr ymweliad}
    fields:
      - id: seen
        label: {en: Was the person seen?, cy: A welwyd y person?}
        hint: {en: In person., cy: Wyneb yn wyneb.}
        type: yes_no
      - id: where
        label: {en: Where?, cy: Ble?}
        type: single_choice
        options:
          - {value: home, label: {en: At home, cy: Gartref}}
          - {value: office, label: Office}
"""


def translations_by_link(resource: dict) -> dict[str, object]:
    """Every translation in the resource: by linkId (item text and option displays), and the title's."""
    out: dict[str, object] = {key: resource.get(key) for key in ("language", "_title", "_purpose")}
    for link, item in by_link(resource).items():
        out[link] = (item.get("_text"), [o["valueCoding"].get("_display") for o in item.get("answerOption", [])])
    return out


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_fhir_round_trip_keeps_every_translation(version):
    original = json.loads(export_fhir(Subject(load_text(WELSH, "w.yaml", lint=False).document,
                                              fhir_version=version)).files[0].data)
    imported = import_bytes(json.dumps(original).encode(), "fhir", "visit.json")
    loaded = load_text(imported.yaml_text, "imported.yaml", forms={}, lint=False)
    assert loaded.errors == ()
    again = json.loads(export_fhir(Subject(loaded.document, fhir_version=version)).files[0].data)
    parses(again, version)
    assert translations_by_link(again) == translations_by_link(original)
    assert translations_by_link(original)["where"][1][0] is not None  # the test compares something


def test_a_welsh_only_form_keeps_its_language_through_xlsform():
    form_text = """\
kind: form
id: welsh-only
title: Ymweliad cartref
version: 1
purpose: I gofnodi ymweliad.
languages: [cy]
sections:
  - {id: s, title: Yr ymweliad, fields: [{id: q, label: Ble?, type: short_text}]}
"""
    data = export_xlsform(Subject(load_text(form_text, "w.yaml", lint=False).document)).files[0].data
    xform, warnings = compile_xform(data)
    assert warnings == [] and set(itext(xform)) == {"Welsh (cy)"}
    doc = form(import_bytes(data, "xlsform", "welsh-only.xlsx"))
    assert doc["languages"] == ["cy"] and fields(doc)["q"]["label"] == "Ble?"
