"""Issue 13.2: the form's own words around the questions (Yes/No, "(required)", placeholders) follow the language
the form is read in, on the language switch; the studio's words stay English."""

from __future__ import annotations

import textwrap

import pytest

from tests.ui.test_editor_page import open_editor, run
from ui import language_switch, preview, state
from ui.text import md

VISIT = textwrap.dedent("""\
    kind: form
    id: cy-visit
    title: {en: Home visit, cy: Ymweliad cartref}
    version: 1
    purpose: {en: To hear how things are at home., cy: I glywed sut mae pethau gartref.}
    languages: [en, cy]
    sections:
      - id: you
        title: {en: About you, cy: Amdanoch chi}
        fields:
          - id: alone
            label: {en: Do you live alone?, cy: Ydych chi'n byw ar eich pen eich hun?}
            type: yes_no
            required: true
            completed_by: person
            example: true
          - id: pets
            label: {en: How many pets do you have?, cy: Faint o anifeiliaid anwes sydd gennych chi?}
            type: number
            completed_by: person
""")


def key(field: str) -> str:
    return state.preview_key("cy-visit", field)


@pytest.fixture
def at(tmp_path):
    (tmp_path / "cy-visit.yaml").write_text(VISIT, encoding="utf-8")
    return open_editor(tmp_path, "cy-visit.yaml")


def in_language(at, tag: str):
    at.radio(key=language_switch.switch_key("cy-visit")).set_value(tag)
    return run(at)


def test_in_english_the_yes_no_question_reads_yes_and_no(at):
    alone = at.radio(key=key("alone"))
    assert alone.options == ["Yes", "No"] and alone.label == md("Do you live alone?") + " (required)"
    assert at.number_input(key=key("pets")).proto.placeholder == "Type a number"


def test_in_welsh_the_form_says_ie_and_na_and_the_studio_stays_english(at):
    in_language(at, "cy")
    alone = at.radio(key=key("alone"))
    assert alone.options == ["Ie", "Na"]
    assert alone.label == md("Ydych chi'n byw ar eich pen eich hun?") + " (gofynnol)"
    assert at.number_input(key=key("pets")).proto.placeholder == "Teipiwch rif"
    assert at.radio(key=language_switch.switch_key("cy-visit")).label == "Language"  # the studio's own word
    alone.set_value(True)
    run(at)
    assert at.radio(key=key("alone")).value is True  # the answer is the value, whatever the words
    in_language(at, "en")
    assert at.radio(key=key("alone")).value is True and at.radio(key=key("alone")).options == ["Yes", "No"]


def test_the_persons_record_in_welsh_has_welsh_headings_and_answers(at):
    in_language(at, "cy")
    at.segmented_control(key=state.VIEW).set_value(preview.RECORD)
    run(at)
    shown = [m.value for m in at.markdown]
    assert "#### Y ffeithiau" in shown and "#### The facts" not in shown
    assert "- **" + md("Ydych chi'n byw ar eich pen eich hun?") + "**: Ie" in shown

