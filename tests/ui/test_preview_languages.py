"""Issue 13.2: the preview's language switch: the form in Welsh or Easy Read, answers kept, the choice remembered."""

from __future__ import annotations

import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.test_editor_page import PAGE, ROOT, keys, open_editor, run
from ui import language_switch, preview, state
from ui.text import md

# A visit form in English, Welsh and Easy Read. The hint of `name` is not in Easy Read yet (it falls back).
TEAM_VISIT = textwrap.dedent("""\
    kind: form
    id: team-visit
    title: {en: Home visit, cy: Ymweliad cartref, en-x-easy: A visit to your home}
    version: 1
    purpose: {en: To hear how things are at home., cy: I glywed sut mae pethau gartref., en-x-easy: We want to know about your home.}
    languages: [en, cy, en-x-easy]
    sections:
      - id: you
        title: {en: About you, cy: Amdanoch chi, en-x-easy: About you}
        fields:
          - id: name
            label: {en: What would you like us to call you?, cy: Beth hoffech chi i ni eich galw chi?, en-x-easy: Your name}
            hint: {en: The name you use every day., cy: Yr enw rydych chi'n ei ddefnyddio bob dydd.}
            type: short_text
            completed_by: person
            example: Sam
          - id: contact
            label: {en: How should we contact you?, cy: Sut dylen ni gysylltu â chi?, en-x-easy: How do we talk to you?}
            type: single_choice
            completed_by: person
            options:
              - {value: phone, label: {en: Phone, cy: Ffôn, en-x-easy: Phone call}}
              - {value: letter, label: {en: Letter, cy: Llythyr, en-x-easy: A letter}}
          - id: notes
            label: {en: Worker's notes, cy: Nodiadau'r gweithiwr, en-x-easy: Notes}
            type: long_text
            visible_to_person: false
""")
ONE_LANGUAGE = textwrap.dedent("""\
    kind: form
    id: plain-visit
    title: Plain visit
    version: 1
    purpose: To hear how things are.
    sections:
      - id: you
        title: About you
        fields:
          - {id: name, label: What would you like us to call you?, type: short_text}
""")
SWITCH = language_switch.switch_key("team-visit")


def key(field: str) -> str:
    return state.preview_key("team-visit", field)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "team-visit.yaml").write_text(TEAM_VISIT, encoding="utf-8")
    (tmp_path / "plain-visit.yaml").write_text(ONE_LANGUAGE, encoding="utf-8")
    return tmp_path


def choose(at, tag: str):
    at.radio(key=SWITCH).set_value(tag)
    return run(at)


def test_the_switch_names_each_language_in_itself_and_starts_on_the_main_language(folder):
    at = open_editor(folder, "team-visit.yaml")
    switch = at.radio(key=SWITCH)
    assert switch.label == "Language" and switch.value == "en"
    assert switch.options == ["English", "Cymraeg", "Easy Read"]
    assert at.text_input(key=key("name")).label == md("What would you like us to call you?")


def test_choosing_welsh_shows_the_welsh_words_and_back_to_english_keeps_the_answers(folder):
    at = open_editor(folder, "team-visit.yaml")
    at.text_input(key=key("name")).input("Sam")
    at.radio(key=key("contact")).set_value("letter")
    run(at)
    choose(at, "cy")
    assert at.text_input(key=key("name")).label == md("Beth hoffech chi i ni eich galw chi?")
    assert at.text_input(key=key("name")).value == "Sam"  # typed in English, kept in Welsh
    contact = at.radio(key=key("contact"))
    assert contact.label == md("Sut dylen ni gysylltu â chi?") and contact.options == ["Ffôn", "Llythyr"]
    assert contact.value == "letter"
    assert md("Yr enw rydych chi'n ei ddefnyddio bob dydd.") in [c.value.split("  \n")[0] for c in at.caption]
    assert at.subheader[0].value == md("Amdanoch chi")
    choose(at, "en")
    assert at.text_input(key=key("name")).label == md("What would you like us to call you?")
    assert at.text_input(key=key("name")).value == "Sam"
    assert at.radio(key=key("contact")).value == "letter"
    assert at.session_state[state.ANSWERS]["team-visit"]["name"] == "Sam"  # one answer, whatever the language


def test_a_text_not_yet_translated_shows_in_the_main_language(folder):
    at = choose(open_editor(folder, "team-visit.yaml"), "en-x-easy")
    assert at.text_input(key=key("name")).label == "Your name"
    assert md("The name you use every day.") in [c.value.split("  \n")[0] for c in at.caption]


def test_the_choice_holds_across_views_and_pages(folder):
    at = choose(open_editor(folder, "team-visit.yaml"), "cy")
    at.segmented_control(key=state.VIEW).set_value(preview.PERSON)
    run(at)
    assert at.radio(key=SWITCH).value == "cy"
    assert at.text_input(key=key("name")).label == md("Beth hoffech chi i ni eich galw chi?")
    assert key("notes") not in keys(at)  # still the person's view: the worker's notes are not shown
    # Textstat's formulas are English: the person's view says so instead of scoring Welsh as English.
    assert any(c.value.startswith("Reading age: not measured in Welsh.") for c in at.caption)
    at.segmented_control(key=state.VIEW).set_value(preview.PRINT)
    run(at)
    shown = "\n".join(m.value for m in at.markdown)
    assert md("Sut dylen ni gysylltu â chi?") in shown and "Ffôn" in shown and "How should we" not in shown
    at.segmented_control(key=state.VIEW).set_value(preview.RECORD)
    run(at)
    assert at.radio(key=SWITCH).value == "cy"
    assert any(md("Ymweliad cartref") in c.value for c in at.caption)  # the record, in Welsh too


def test_the_choice_survives_a_trip_to_another_page(folder):
    router = textwrap.dedent(f"""\
        import streamlit as st
        pages = [st.Page({str(ROOT / "ui" / "library_page.py")!r}, title="Library", default=True),
                 st.Page({PAGE!r}, title="Form editor"),
                 st.Page({str(ROOT / "ui" / "participant_page.py")!r}, title="Join a workshop")]
        st.navigation(pages).run()
    """)
    at = AppTest.from_string(router, default_timeout=30)
    at.session_state[state.FOLDER] = str(folder)
    at.session_state[state.CURRENT] = "team-visit.yaml"
    run(at)
    at.switch_page(PAGE)
    choose(run(at), "cy")
    at.switch_page(str(ROOT / "ui" / "library_page.py"))
    run(at)
    assert SWITCH not in at.session_state  # the switch's own key went with the page...
    at.switch_page(PAGE)
    run(at)
    assert at.radio(key=SWITCH).value == "cy"  # ...and the kept choice brought Welsh back
    assert at.text_input(key=key("name")).label == md("Beth hoffech chi i ni eich galw chi?")


def test_a_form_in_one_language_has_no_switch(folder):
    at = open_editor(folder, "plain-visit.yaml")
    assert language_switch.switch_key("plain-visit") not in keys(at)
    assert not [r for r in at.radio if r.label == "Language"]
