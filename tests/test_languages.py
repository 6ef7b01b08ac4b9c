"""A form in several languages (docs/format.md "Languages"): the format, its checks, and reading it in one language."""

from __future__ import annotations

import pytest

from forms.languages import in_language, text_in, texts
from tests.conftest import codes, load, located

WELSH = """\
kind: form
id: what-matters
title: {en: What matters to you, cy: Beth sy'n bwysig i chi}
version: 1
purpose: {en: To hear what matters to you., cy: I glywed beth sy'n bwysig i chi.}
languages: [en, cy]
sections:
  - id: about
    title: {en: About you, cy: Amdanoch chi}
    fields:
      - id: wishes
        label: {en: What matters to you?, cy: Beth sy'n bwysig i chi?}
        hint: Tell us in your own words.
        type: long_text
      - id: contact
        label: {en: How should we contact you?, cy: Sut dylen ni gysylltu â chi?}
        type: single_choice
        options:
          - {value: phone, label: {en: Phone, cy: Ffôn}}
          - email
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_texts_per_language_build_a_form_whose_plain_texts_are_the_first_language():
    result = load(WELSH)
    assert result.issues == ()
    form = result.form
    assert form.languages == ("en", "cy")
    assert form.title == "What matters to you"
    assert form.translations.get("title", "cy") == "Beth sy'n bwysig i chi"
    wishes, contact = form.sections[0].fields
    assert wishes.label == "What matters to you?" and wishes.translations.get("label", "cy") == "Beth sy'n bwysig i chi?"
    assert wishes.hint == "Tell us in your own words." and wishes.translations.get("hint", "cy") is None
    assert contact.options[0].translations.get("label", "cy") == "Ffôn"
    assert text_in(contact.options[0], "label", "cy", "en") == "Ffôn"
    assert text_in(contact.options[1], "label", "cy", "en") == "Email"  # not translated: the English shows


def test_a_form_without_languages_is_english_and_plain_text_still_works():
    form = load("""\
        kind: form
        id: visit
        title: Home visit
        version: 1
        purpose: To record a visit.
        sections:
          - {id: s, title: Visit, fields: [{id: seen, label: Seen?, type: yes_no}]}
        """).form
    assert form.languages == ("en",)
    assert not form.translations and not form.sections[0].fields[0].translations


def test_in_language_reads_the_whole_form_in_welsh_and_back_without_loss():
    form = load(WELSH).form
    welsh = in_language(form, "cy")
    assert welsh.languages == ("cy", "en")
    assert (welsh.title, welsh.purpose) == ("Beth sy'n bwysig i chi", "I glywed beth sy'n bwysig i chi.")
    assert welsh.sections[0].title == "Amdanoch chi"
    wishes, contact = welsh.sections[0].fields
    assert wishes.label == "Beth sy'n bwysig i chi?"
    assert wishes.hint == "Tell us in your own words."  # falls back to English until translated
    assert [o.label for o in contact.options] == ["Ffôn", "Email"]
    assert wishes.translations.get("label", "en") == "What matters to you?"
    assert in_language(welsh, "en") == form
    assert in_language(form, "en") is form and in_language(form, "fr") is form


def test_every_translatable_text_is_listed_with_its_versions_and_place():
    form = load(WELSH).form
    found = [(t.owner, t.key, t.loc[0], sorted(t.versions)) for t in texts(form)]
    assert found == [
        ("the form", "title", 3, ["cy", "en"]),
        ("the form", "purpose", 5, ["cy", "en"]),
        ("section 'about'", "title", 9, ["cy", "en"]),
        ("field 'wishes'", "label", 12, ["cy", "en"]),
        ("field 'wishes'", "hint", 13, ["en"]),
        ("field 'contact'", "label", 16, ["cy", "en"]),
        ("an option of field 'contact'", "label", 19, ["cy", "en"]),
        ("an option of field 'contact'", "label", 20, ["en"]),
    ]


def test_a_text_missing_in_a_declared_language_is_a_located_warning():
    result = load(WELSH, lint=True)
    missing = [(code, line) for code, line, _ in located(result) if code == "LINT_022"]
    assert missing == [("LINT_022", line_of(WELSH, "hint: Tell us")), ("LINT_022", line_of(WELSH, "- email"))]
    assert "Welsh" in result.issues[[i.code for i in result.issues].index("LINT_022")].message


def test_one_language_forms_get_no_translation_warnings():
    result = load(WELSH.replace("languages: [en, cy]", "languages: [en]").replace(", cy: ", ", en-x-unused: "),
                  lint=True)
    assert "LINT_022" not in codes(result)


@pytest.mark.parametrize(("languages", "code", "needle"), [
    ("languages: [en, Welsh]", "LANG_001", "languages:"),
    ("languages: [en, CY]", "LANG_001", "languages:"),
    ("languages: [en, cy, cy]", "LANG_005", "languages:"),
    ("languages: en", "SCHEMA_003", "languages:"),
    ("languages: []", "SCHEMA_003", "languages:"),
])
def test_a_bad_languages_list_is_reported_once_where_it_is_written(languages, code, needle):
    text = WELSH.replace("languages: [en, cy]", languages)
    result = load(text)
    assert codes(result) == [code]
    assert result.issues[0].line == line_of(text, needle)


def test_a_text_in_an_undeclared_language_is_an_error_at_its_tag_with_a_suggestion():
    text = WELSH.replace("cy: Ffôn", "cz: Ffôn")
    result = load(text)
    assert located(result) == [("LANG_002", line_of(text, "cz: Ffôn"), text.splitlines()[
        line_of(text, "cz: Ffôn") - 1].index("cz") + 1)]
    assert "Did you mean 'cy'?" in result.issues[0].message


def test_texts_per_language_need_languages_declared_and_the_first_language_present():
    undeclared = WELSH.replace("languages: [en, cy]\n", "")
    assert set(codes(load(undeclared))) == {"LANG_003"}
    welsh_first = WELSH.replace("languages: [en, cy]", "languages: [cy, en]").replace(
        "{en: Phone, cy: Ffôn}", "{en: Phone}")
    result = load(welsh_first)
    assert located(result) == [("LANG_004", line_of(welsh_first, "{en: Phone}"),
                                welsh_first.splitlines()[line_of(welsh_first, "{en: Phone}") - 1].index("{en") + 1)]


def test_ids_values_and_other_plain_words_refuse_a_mapping():
    assert codes(load(WELSH.replace("id: wishes", "id: {en: wishes}"))) == ["ID_001"]
    assert codes(load(WELSH.replace("- email", "- {value: {en: email}}"))) == ["ID_001"]
    assert codes(load(WELSH.replace("type: long_text", "type: {en: long_text}")))[0] == "FIELD_003"
    owner = WELSH.replace("languages: [en, cy]", "languages: [en, cy]\nowner: {en: Team, cy: Tîm}")
    assert codes(load(owner)) == ["SCHEMA_003"]


def test_an_empty_translation_is_reported_like_any_empty_text():
    text = WELSH.replace("cy: Amdanoch chi}", "cy: ' '}")
    assert located(load(text)) == [("SCHEMA_005", line_of(text, "cy: ' '"),
                                    text.splitlines()[line_of(text, "cy: ' '") - 1].index("' '") + 1)]


def test_hostile_translations_stay_text():
    text = WELSH.replace("cy: Ffôn", "cy: \"<script>alert(1)</script>\"").replace(
        "cy: Amdanoch chi", "cy: '=HYPERLINK(\"http://x\")'")
    form = load(text).form
    welsh = in_language(form, "cy")
    assert welsh.sections[0].title == '=HYPERLINK("http://x")'
    assert welsh.sections[0].fields[1].options[0].label == "<script>alert(1)</script>"
