"""Exports of a form in several languages (docs/format.md "Languages"): every format carries every language.

XLSForm has `label::Welsh (cy)` columns pyxform turns into itext translations; FHIR has HL7's translation
extension; JSON Schema has `x-coform.translations`; the CSV dictionary has a label column per language;
the HTML and Markdown specs are written once per language, and the pack holds them all.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from jsonschema import Draft202012Validator
from markupsafe import escape

from exporter.base import Subject
from exporter.cli import main
from exporter.csv_dictionary import export_csv
from exporter.fhir import TRANSLATION, export_fhir
from exporter.fhir_checks import check_questionnaire
from exporter.html_spec import export_html
from exporter.json_schema import export_json_schema
from exporter.markdown_spec import export_markdown
from exporter.pack import export_pack
from exporter.xlsform import export_xlsform, xlsform_sheets
from forms.languages import texts
from forms.loader import load_file
from tests.conftest import ROOT
from tests.exporter.test_fhir import by_link, parses
from tests.exporter.test_fhir import form_of as fhir_form_of
from tests.exporter.test_xlsform import NS, compile_xform, render

FIXTURE = ROOT / "tests" / "data" / "languages" / "what-matters.yaml"  # English, Welsh and Easy Read
WELSH = """\
    kind: form
    id: visit
    title: {en: Home visit, cy: Ymweliad cartref}
    version: 2
    purpose: {en: To record a visit., cy: I gofnodi ymweliad.}
    languages: [en, cy]
    sections:
      - id: s
        title: {en: The visit, cy: Yr ymweliad}
        intro: {en: Fill in after the visit., cy: Llenwch ar ôl yr ymweliad.}
        fields:
          - id: seen
            label: {en: Was the person seen?, cy: A welwyd y person?}
            hint: {en: "Seen in person, not by phone.", cy: "Wedi'i weld wyneb yn wyneb, nid ar y ffôn."}
            type: yes_no
            required: true
          - id: where
            label: {en: Where?, cy: Ble?}
            type: single_choice
            options:
              - {value: home, label: {en: At home, cy: Gartref}}
              - {value: office, label: Office}
          - id: note
            label: {en: Please be kind., cy: Byddwch yn garedig os gwelwch yn dda.}
            hint: {en: Take your time., cy: Cymerwch eich amser.}
            type: guidance
    """


def fixture():
    return load_file(str(FIXTURE), lint=False).document


def welsh():
    return fhir_form_of(WELSH)


def translations_of(shadow: dict) -> dict[str, str]:
    """{lang: content} of the translation extensions on a FHIR shadow element (`_text`)."""
    out = {}
    for ext in shadow["extension"]:
        assert ext["url"] == TRANSLATION == "http://hl7.org/fhir/StructureDefinition/translation"
        parts = {p["url"]: p for p in ext["extension"]}
        out[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return out


# --- XLSForm ----------------------------------------------------------------------------------------------
def itext(xform) -> dict[str, dict[str, str]]:
    """{translation lang: {itext id: text}} from the compiled XForm."""
    out = {}
    for translation in xform.xpath("//x:itext/x:translation", namespaces=NS):
        out[translation.get("lang")] = {
            text.get("id"): "".join(text.xpath("x:value/text()", namespaces=NS))
            for text in translation.xpath("x:text", namespaces=NS)}
    return out


def test_xlsform_has_a_column_per_language_and_the_default_language_in_settings():
    sheets = xlsform_sheets(welsh())
    header, *rows = sheets.survey
    assert header[:6] == ("type", "name", "label::English (en)", "label::Welsh (cy)", "hint::English (en)",
                          "hint::Welsh (cy)")
    seen = next(r for r in rows if r[1] == "seen")
    assert seen[2:6] == ("Was the person seen?", "A welwyd y person?", "Seen in person, not by phone.",
                         "Wedi'i weld wyneb yn wyneb, nid ar y ffôn.")
    assert sheets.choices[0] == ("list_name", "name", "label::English (en)", "label::Welsh (cy)")
    # Not translated: the English words in the Welsh column, as people reading Welsh see them.
    assert ("where", "office", "Office", "Office") in sheets.choices
    assert dict(zip(*sheets.settings, strict=True))["default_language"] == "English (en)"


def test_pyxform_compiles_it_with_the_itext_translations_of_each_language():
    xform, warnings = compile_xform(export_xlsform(Subject(welsh())).files[0].data)
    assert warnings == []
    texts = itext(xform)
    assert set(texts) == {"English (en)", "Welsh (cy)"}
    english, welsh_texts = texts["English (en)"], texts["Welsh (cy)"]
    assert welsh_texts["/data/s/seen:label"] == "A welwyd y person?"
    assert welsh_texts["/data/s/seen:hint"] == "Wedi'i weld wyneb yn wyneb, nid ar y ffôn."
    assert english["/data/s/seen:label"] == "Was the person seen?"
    assert welsh_texts["/data/s:label"] == "Yr ymweliad"
    assert welsh_texts["/data/s/s_intro:label"] == "Llenwch ar ôl yr ymweliad."
    assert welsh_texts["/data/s/note:hint"] == "Cymerwch eich amser."
    assert welsh_texts["where-0"] == "Gartref" and english["where-0"] == "At home"
    (default,) = xform.xpath("//x:itext/x:translation[@default='true()']", namespaces=NS)
    assert default.get("lang") == "English (en)"


def test_easy_read_is_a_column_of_its_own_which_pyxform_compiles():
    xform, warnings = compile_xform(export_xlsform(Subject(fixture())).files[0].data)
    texts = itext(xform)
    assert texts["Easy Read (en)"]["/data/about/contact:label"] == "How can we talk to you?"
    assert texts["English (en)"]["/data/about/contact:label"] != texts["Easy Read (en)"]["/data/about/contact:label"]
    assert texts["Welsh (cy)"]["contact-0"] == "Ffôn"
    # The bracket holds a code pyxform knows (Easy Read is English), so it has nothing to warn about.
    assert warnings == []


ENGLISH_ONLY = """\
    kind: form
    id: x
    title: Home visit
    version: 1
    purpose: To record a visit.
    sections:
      - id: s
        title: The visit
        fields:
          - {id: seen, label: Was the person seen?, hint: In person., type: yes_no}
          - {id: where, label: Where?, type: single_choice, options: [home, office]}
    """


def test_a_one_language_form_keeps_plain_columns():
    sheets = xlsform_sheets(fhir_form_of(ENGLISH_ONLY))
    assert sheets.survey[0][:4] == ("type", "name", "label", "hint")
    assert sheets.choices[0] == ("list_name", "name", "label")
    assert "default_language" not in sheets.settings[0]


# --- FHIR -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["R4", "R5"])
def test_fhir_carries_each_text_in_the_translation_extension(version):
    result = export_fhir(Subject(welsh(), fhir_version=version))
    resource = json.loads(result.files[0].data)
    parses(resource, version)  # fhir.resources reads every extension back unchanged
    assert check_questionnaire(resource, version) == []
    assert resource["language"] == "en"
    assert resource["title"] == "Home visit" and translations_of(resource["_title"]) == {"cy": "Ymweliad cartref"}
    assert translations_of(resource["_description"]) == {"cy": "I gofnodi ymweliad."}
    assert translations_of(resource["_purpose"]) == {"cy": "I gofnodi ymweliad."}
    items = by_link(resource)
    assert items["seen"]["text"] == "Was the person seen?"
    assert translations_of(items["seen"]["_text"]) == {"cy": "A welwyd y person?"}
    assert translations_of(items["seen.hint"]["_text"]) == {"cy": "Wedi'i weld wyneb yn wyneb, nid ar y ffôn."}
    assert translations_of(items["s"]["_text"]) == {"cy": "Yr ymweliad"}
    assert translations_of(items["s.intro"]["_text"]) == {"cy": "Llenwch ar ôl yr ymweliad."}
    assert translations_of(items["note"]["_text"]) == {"cy": "Byddwch yn garedig os gwelwch yn dda.\n\n"
                                                             "Cymerwch eich amser."}
    home, office = (o["valueCoding"] for o in items["where"]["answerOption"])
    assert home["display"] == "At home" and translations_of(home["_display"]) == {"cy": "Gartref"}
    assert "_display" not in office  # not translated: readers fall back to the display


def test_fhir_of_a_one_language_form_has_no_language_element():
    resource = json.loads(export_fhir(Subject(fhir_form_of(ENGLISH_ONLY))).files[0].data)
    assert "language" not in resource and "_title" not in resource
    assert not any(key.startswith("_") for item in by_link(resource).values() for key in item)


def test_fhir_language_is_the_main_language_when_it_is_not_english():
    form = fhir_form_of("""\
        kind: form
        id: welsh-first
        title: {cy: Ymweliad cartref, en: Home visit}
        version: 1
        purpose: {cy: I gofnodi ymweliad., en: To record a visit.}
        languages: [cy, en]
        sections:
          - {id: s, title: {cy: Yr ymweliad, en: The visit}, fields: [{id: q, label: {cy: Ble?, en: Where?},
             type: short_text}]}
        """)
    resource = json.loads(export_fhir(Subject(form)).files[0].data)
    parses(resource, "R4")
    assert resource["language"] == "cy" and resource["title"] == "Ymweliad cartref"
    assert translations_of(resource["_title"]) == {"en": "Home visit"}
    assert translations_of(by_link(resource)["q"]["_text"]) == {"en": "Where?"}


# --- JSON Schema ------------------------------------------------------------------------------------------
def test_json_schema_has_the_main_language_and_translations_under_x_coform():
    schema = json.loads(export_json_schema(Subject(welsh())).files[0].data)
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == "Home visit"
    meta = schema["x-coform"]
    assert meta["languages"] == ["en", "cy"]
    assert meta["translations"] == {"cy": {"title": "Ymweliad cartref", "description": "I gofnodi ymweliad."}}
    assert meta["sections"][0]["translations"] == {"cy": {"title": "Yr ymweliad",
                                                          "intro": "Llenwch ar ôl yr ymweliad."}}
    seen = schema["properties"]["seen"]
    assert seen["title"] == "Was the person seen?"
    assert seen["x-coform"]["translations"] == {"cy": {"title": "A welwyd y person?",
                                                      "description": "Wedi'i weld wyneb yn wyneb, nid ar y ffôn."}}
    options = schema["properties"]["where"]["x-coform"]["options"]
    assert options == [{"value": "home", "label": "At home", "translations": {"cy": {"label": "Gartref"}}},
                       {"value": "office", "label": "Office"}]
    Draft202012Validator(schema).validate({"seen": True, "where": "home"})


def test_json_schema_translations_keep_the_scale_labels_and_the_form_language_order():
    schema = json.loads(export_json_schema(Subject(fixture())).files[0].data)
    Draft202012Validator.check_schema(schema)
    assert list(schema["x-coform"]["translations"]) == ["cy", "en-x-easy"]
    assert schema["properties"]["feeling"]["x-coform"]["translations"]["en-x-easy"] == {
        "title": "How do you feel today?", "min_label": "Sad", "max_label": "Happy"}


# --- CSV dictionary ---------------------------------------------------------------------------------------
def test_csv_dictionary_has_one_label_column_per_language():
    data = export_csv(Subject(fixture())).files[0].data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert "Label" not in rows[0]
    assert [k for k in rows[0] if k.startswith("Label")] == ["Label (English)", "Label (Welsh)", "Label (Easy Read)"]
    contact = next(r for r in rows if r["Field id"] == "contact")
    assert (contact["Label (English)"], contact["Label (Welsh)"], contact["Label (Easy Read)"]) == (
        "How should we contact you?", "Sut dylen ni gysylltu â chi?", "How can we talk to you?")


# --- specs per language -----------------------------------------------------------------------------------
def test_the_spec_in_welsh_is_written_from_the_welsh_texts_and_says_so():
    form = welsh()
    html = export_html(Subject(form, language="cy")).files[0]
    md = export_markdown(Subject(form, language="cy")).files[0]
    assert (html.name, md.name) == ("visit-v2.cy.html", "visit-v2.cy.md")
    page = html.data.decode()
    assert '<h1><bdi lang="cy">Ymweliad cartref</bdi></h1>' in page
    assert '<bdi lang="cy">A welwyd y person?</bdi>' in page and "Was the person seen?" not in page
    note = ("This specification shows the form in Welsh (cy). The form is written in English (en, its main "
            "language) and Welsh (cy); each has its own specification.")
    assert note in page
    # Only the form's own words say they are Welsh; the spec's English sentences around them do not.
    marked = set(re.findall(r'<bdi lang="cy">([^<]*)</bdi>', page))
    shown = {str(escape(t.versions.get("cy", t.versions["en"]))) for t in texts(form)}
    assert marked and marked <= shown, marked - shown
    assert "<bdi>This part is for you" in page
    text = md.data.decode()
    assert text.startswith("# Ymweliad cartref\n") and note in text and "A welwyd y person?" in text
    main = export_html(Subject(form)).files[0]
    assert main.name == "visit-v2.html" and "in English (en)" in main.data.decode()


def test_cli_writes_the_spec_in_the_language_asked_for(tmp_path, capsys):
    assert main([str(FIXTURE), "--format", "markdown", "--out", str(tmp_path), "--language", "en-x-easy"]) == 0
    written = tmp_path / "what-matters-v1.en-x-easy.md"
    assert written.read_text(encoding="utf-8").startswith("# What is important to you\n")
    assert capsys.readouterr().out.strip() == str(written)


LANGUAGES_AT = next(f"{n}:12" for n, line in enumerate(FIXTURE.read_text().splitlines(), 1)
                    if line.startswith("languages: ["))  # where the form lists its languages


@pytest.mark.parametrize(("args", "code", "place"), [
    (["--format", "html", "--language", "fr"], "LANG_006", LANGUAGES_AT),
    (["--format", "markdown", "--language", "CY"], "LANG_006", LANGUAGES_AT),
    (["--format", "fhir", "--language", "cy"], "EXPORT_100", "1:1"),
])
def test_a_language_the_form_does_not_have_is_a_located_usage_error(tmp_path, capsys, args, code, place):
    assert main([str(FIXTURE), "--out", str(tmp_path), *args]) == 2
    out = capsys.readouterr()
    assert out.out.startswith(f"{FIXTURE}:{place}: {code} ") and "Traceback" not in out.out + out.err
    if code == "LANG_006":
        assert "en (English), cy (Welsh), en-x-easy (Easy Read)" in out.out
    assert list(tmp_path.iterdir()) == []


def test_the_pack_holds_the_spec_in_every_language_and_is_deterministic():
    first = export_pack(Subject(fixture())).files[0]
    assert export_pack(Subject(fixture())).files[0].data == first.data
    names = zipfile.ZipFile(io.BytesIO(first.data)).namelist()
    for stem in ("what-matters-v1", "what-matters-v1.cy", "what-matters-v1.en-x-easy"):
        assert f"{stem}.html" in names and f"{stem}.md" in names
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(first.data)).read("manifest.json"))
    assert "what-matters-v1.cy.html" in [f["name"] for f in manifest["files"]]


# --- goldens ----------------------------------------------------------------------------------------------
EXPORTS = {
    "what-matters-v1.html": lambda f: export_html(Subject(f)),
    "what-matters-v1.cy.html": lambda f: export_html(Subject(f, language="cy")),
    "what-matters-v1.en-x-easy.md": lambda f: export_markdown(Subject(f, language="en-x-easy")),
    "what-matters-v1.questionnaire.json": lambda f: export_fhir(Subject(f)),
    "what-matters-v1.schema.json": lambda f: export_json_schema(Subject(f)),
    "what-matters-v1.dictionary.csv": lambda f: export_csv(Subject(f)),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_multilingual_exports_match_their_golden_files(name, golden):
    (file,) = EXPORTS[name](fixture()).files
    assert file.name == name
    assert EXPORTS[name](fixture()).files[0].data == file.data  # same input, same bytes
    # Read back with universal newlines, so the CSV's CRLF is compared as '\n' (its bytes are checked elsewhere).
    golden(f"export/languages/{name}", file.data.decode("utf-8-sig").replace("\r\n", "\n"))


def test_multilingual_xlsform_matches_its_golden_file(golden):
    result = export_xlsform(Subject(fixture()))
    (file,) = result.files
    assert export_xlsform(Subject(fixture())).files[0].data == file.data
    golden("export/languages/what-matters-v1.xlsform.txt", render(file.name, file.data, result.warnings))
