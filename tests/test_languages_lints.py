"""Lints in each of a form's languages (docs/format.md "Languages"): located at the text, naming the language."""

from __future__ import annotations

import pytest

from forms.errors import Code
from tests.conftest import load

LONG_CY = ("Beth sy'n bwysig i chi a'ch teulu pan fyddwch chi'n meddwl am y dyfodol a'r hyn rydych chi "
           "eisiau ei wneud gyda'ch bywyd bob dydd o'r wythnos?")  # 27 words, 142 characters
HARD = ("The practitioner will facilitate comprehensive multidisciplinary consideration of "
        "individualised interventions. Subsequently, organisational responsibilities regarding "
        "accommodation arrangements necessitate collaborative documentation. Additionally, "
        "safeguarding considerations necessitate proportionate information sharing between "
        "organisations. Please provide comprehensive documentation regarding your circumstances.")

FORM = """\
kind: form
id: visit
title: {en: Your visit, cy: Eich ymweliad}
version: 1
purpose: {en: To hear about your visit., cy: I glywed am eich ymweliad.}
languages: [en, cy]
sections:
  - id: about
    title: {en: About you, cy: Amdanoch chi}
    fields:
      - id: wishes
        label:
          en: What matters to you?
          cy: WELSH_LABEL
        hint: {en: ENGLISH_HINT, cy: Dywedwch yn eich geiriau eich hun.}
        type: long_text
        completed_by: person
        own_words: true
        lawful_basis: public_task
        retention: 8 years
      - id: phone
        label: {en: Your phone number, cy: Eich rhif ffôn}
        type: short_text
        completed_by: person
        lawful_basis: public_task
        retention: 8 years
"""


def lint(text: str) -> list:
    return [i for i in load(text, lint=True).issues]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def form(welsh_label: str = "Beth sy'n bwysig i chi?", english_hint: str = "Tell us in your own words.") -> str:
    return FORM.replace("WELSH_LABEL", welsh_label).replace("ENGLISH_HINT", english_hint)


def test_a_long_welsh_sentence_is_reported_at_the_welsh_text_and_names_welsh():
    text = form(LONG_CY)
    issues = [i for i in lint(text) if i.code in ("LINT_002", "LINT_017")]
    at = (line_of(text, "cy: Beth sy'n bwysig i chi a'ch"), text.splitlines()[
        line_of(text, "cy: Beth sy'n bwysig i chi a'ch") - 1].index("Beth") + 1)
    assert [(i.code, i.line, i.column) for i in issues] == [("LINT_002", *at), ("LINT_017", *at)]
    assert issues[0].message.startswith("field 'wishes' (Welsh): a sentence of 27 words")
    assert issues[1].message.startswith("field 'wishes' (Welsh) has a label of 142 characters")


def test_the_english_word_lists_and_reading_age_apply_to_english_and_not_to_welsh():
    liaise = "We will liaise with you."
    english = lint(form(english_hint=liaise))
    assert [(i.code, i.message.split(":")[0]) for i in english if i.code == "LINT_003"] == [
        ("LINT_003", "the hint of field 'wishes' (English)")]
    welsh = lint(form(welsh_label=liaise))
    assert [i for i in welsh if i.code in ("LINT_003", "LINT_001")] == []
    purpose = "{en: To hear about your visit., cy: I glywed am eich ymweliad.}"
    hard_in_english = form().replace(purpose, f"{{en: '{HARD}', cy: I glywed am eich ymweliad.}}")
    hard_in_welsh = form().replace(purpose, f"{{en: To hear about your visit., cy: '{HARD}'}}")
    assert [i.message.split(":")[0] for i in lint(hard_in_english) if i.code == "LINT_001"] == [
        "the form's purpose (English)"]
    assert [i for i in lint(hard_in_welsh) if i.code in ("LINT_001", "LINT_003")] == []


def test_a_text_not_yet_translated_is_checked_once_in_the_main_language():
    text = form(english_hint="We will liaise with you.").replace(", cy: Dywedwch yn eich geiriau eich hun.}", "}")
    issues = lint(text)
    assert [i.code for i in issues if i.code == "LINT_003"] == ["LINT_003"]
    assert [i.code for i in issues if i.code == "LINT_022"] == ["LINT_022"]


def test_lints_about_fields_and_data_are_not_repeated_per_language():
    text = """\
        kind: form
        id: visit
        title: {en: Visit, cy: Ymweliad, en-x-easy: Visit}
        version: 1
        purpose: {en: To hear about it., cy: I glywed amdano., en-x-easy: To hear about it.}
        languages: [en, cy, en-x-easy]
        sections:
          - id: s
            title: {en: Visit, cy: Ymweliad, en-x-easy: Visit}
            fields:
              - id: story
                label: {en: What happened?, cy: "LONG_CY", en-x-easy: What happened?}
                type: long_text
                data_category: none
        """.replace("LONG_CY", LONG_CY)
    issues = lint(text)
    codes = [i.code for i in issues]
    assert codes.count("LINT_011") == 1  # no own words: about the form, not its words
    assert codes.count("LINT_015") == 1  # long text without a hint: about the field
    assert [i.message.split(":")[0] for i in issues if i.code == "LINT_002"] == ["field 'story' (Welsh)"]


def test_an_acronym_is_checked_in_every_language():
    text = form(welsh_label="Pwy yw eich meddyg yn y GIG?")
    issues = [i for i in lint(text) if i.code == "LINT_005"]
    assert [(i.line, i.message.split(":")[0]) for i in issues] == [
        (line_of(text, "GIG"), "field 'wishes' (Welsh)")]


def test_the_same_label_twice_in_welsh_only_is_a_duplicate_in_welsh():
    text = form().replace("cy: Eich rhif ffôn", "cy: \"Beth sy'n bwysig i chi?\"")
    issues = [i for i in lint(text) if i.code == "LINT_014"]
    assert [(i.line, i.message) for i in issues] == [
        (line_of(text, "cy: \"Beth sy'n"),
         "section 'about' has two fields labelled \"Beth sy'n bwysig i chi?\" (Welsh)")]


EASY = """\
kind: form
id: visit
title: {en: Your visit, en-x-easy: Your visit}
version: 1
purpose:
  en: To hear about your visit and what you would like to happen next time we see you at home.
  en-x-easy: We want to hear about your visit. Tell us what you would like to happen the next time we come to see you at your home.
languages: [en, en-x-easy]
sections:
  - id: about
    title: {en: About you, en-x-easy: About you}
    fields:
      - id: wishes
        label: {en: What matters to you?, en-x-easy: What is important to you?}
        hint: {en: Your own words., en-x-easy: Use your own words.}
        type: long_text
        own_words: true
        lawful_basis: public_task
        retention: 8 years
"""


def test_easy_read_sentences_over_15_words_are_reported_instead_of_the_25_word_rule():
    issues = lint(EASY)
    long = [i for i in issues if i.code in ("LINT_002", "LINT_023")]
    # The English sentence has 19 words (fine in English); the Easy Read one has a sentence of 19.
    assert [(i.code, i.line) for i in long] == [("LINT_023", line_of(EASY, "en-x-easy: We want"))]
    assert long[0].message.startswith("the form's purpose (Easy Read): a sentence of 19 words, too long for Easy Read")
    assert Code.LINT_EASY_READ_SENTENCE.code == "LINT_023"


@pytest.mark.parametrize(("languages", "expected"), [
    ("[en]", ["LINT_003"]),
    ("[en-x-easy]", ["LINT_003"]),
    ("[cy]", []),
    ("[pl]", []),
])
def test_a_one_language_form_is_linted_in_its_language_without_naming_it(languages, expected):
    text = f"""\
        kind: form
        id: visit
        title: Visit
        version: 1
        purpose: We will liaise with you.
        languages: {languages}
        sections:
          - {{id: s, title: Visit, fields: [{{id: seen, label: Seen?, type: yes_no, data_category: none}}]}}
        """
    issues = [i for i in lint(text) if i.code.startswith("LINT_00") and i.code != "LINT_011"]
    assert [i.code for i in issues] == expected
    assert all("(English)" not in i.message and "(Easy Read)" not in i.message for i in issues)
