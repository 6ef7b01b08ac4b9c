"""The guided editor changes a form through menus: the YAML and the plain-English changes follow."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from forms.loader import load_text
from tests.conftest import ROOT
from tests.ui.guided import BOXES, CASE_NOTE, box, press


def harness():
    import streamlit as st

    from forms.loader import load_text
    from ui.guided_editor import guided_editor

    def keep(text: str) -> None:
        st.session_state["yaml"] = text
        st.rerun()

    result = load_text(st.session_state["yaml"], "case-note.yaml", lint=False)
    guided_editor(st.session_state["yaml"], result.form if result.ok else None, keep)


def app() -> AppTest:
    at = AppTest.from_function(harness, args=(), default_timeout=30)
    at.session_state["yaml"] = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")
    return at.run()


def test_rewording_a_question_changes_the_yaml_and_says_so():
    at = app()
    assert not at.exception
    at.selectbox(key="guided_field").set_value("child_seen_alone").run()
    box(at, "Question, as the person reads it").input("Did you talk with the child on their own?")
    box(at, "Must be answered").check()
    press(at, "Save this question")
    assert not at.exception
    text = at.session_state["yaml"]
    assert "label: Did you talk with the child on their own?\n" in text
    assert "# Seeing the child, and seeing them alone, is checked at inspection." in text  # comments kept
    message = at.success[0].value
    assert "is reworded as 'Did you talk with the child on their own?'" in message
    assert "will now be required" in message


def test_adding_a_question_with_options():
    at = app()
    at.radio(key="guided_task").set_value("Add a question").run()
    at.text_input(key="guided_new_id").input("feeling")
    at.text_input(key="guided_add_label").input("How are you feeling today?")
    at.selectbox(key="guided_add_type").set_value("single_choice")
    at.text_area(key="guided_add_options").input("Good\nNot so good\nPrefer not to say")
    at.button(key="FormSubmitter:guided_add_form-Add this question").click().run()
    assert not at.exception
    text = at.session_state["yaml"]
    assert "- id: feeling\n" in text and "options: [good, not_so_good, prefer_not_to_say]" in text
    assert "New question 'How are you feeling today?'" in at.success[0].value


def test_removing_a_question():
    at = app()
    at.selectbox(key="guided_field").set_value("bedroom_seen").run()
    at.button(key="guided_remove").click().run()
    assert not at.exception
    assert "      - id: bedroom_seen\n" not in at.session_state["yaml"]
    assert "  - {id: bedroom_seen, since_version: 3, was: Did you see where the child sleeps?}\n" in \
        at.session_state["yaml"]  # the case note is published: its removed id is retired, never reused
    assert "is removed from section" in at.success[0].value


def test_a_broken_file_pauses_guided_editing():
    at = AppTest.from_function(harness, default_timeout=30)
    at.session_state["yaml"] = "kind: form\nsections: [\n"
    at.run()
    assert not at.exception
    assert "needs a form without errors" in at.info[0].value


def test_each_question_picked_in_turn_shows_its_own_values_and_saving_changes_only_it():
    """Issue 16.1: the boxes kept the first question's values when another was picked, and saved them onto it."""
    at = app()
    form = load_text(CASE_NOTE, "case-note.yaml", lint=False).form
    placed = [p.field for p in form.walk()]
    for field in placed + placed[:1]:  # and back to the first: nothing kept from the last one picked
        at.selectbox(key="guided_field").set_value(field.id).run()
        assert not at.exception
        shown = {label: box(at, label).value for label in BOXES}
        assert shown == {label: value(field) for label, value in BOXES.items()}, field.id
    # Pick one question, then another, and save the second after rewording it: only that question changes.
    at.selectbox(key="guided_field").set_value("visit_type").run()
    at.selectbox(key="guided_field").set_value("child_seen").run()
    box(at, "Question, as the person reads it").input("Did you see the child today?")
    press(at, "Save this question")
    assert not at.exception
    assert at.session_state["yaml"] == CASE_NOTE.replace(
        "        label: Did you see the child?\n", "        label: Did you see the child today?\n")
    # The saved question shows its new wording (its boxes belong to what it is now).
    assert box(at, "Question, as the person reads it").value == "Did you see the child today?"


def test_a_section_and_the_form_details_show_what_is_in_the_yaml_now():
    at = app()
    at.radio(key="guided_task").set_value("Change a section").run()
    sections = {s.id: s for s in load_text(CASE_NOTE, "case-note.yaml", lint=False).form.sections}
    for section in sections.values():
        at.selectbox(key="guided_section").set_value(section.id).run()
        assert box(at, "Title").value == section.title
        assert box(at, "Guidance shown above the section").value == (section.intro or "")
    at.selectbox(key="guided_section").set_value("the-visit").run()
    box(at, "Title").input("About the visit")
    press(at, "Save this section")
    assert at.session_state["yaml"] == CASE_NOTE.replace("    title: The visit\n", "    title: About the visit\n")
    # The text changed underneath (another editor, an undo): the boxes show the text as it is now.
    at.session_state["yaml"] = CASE_NOTE.replace("title: Case note or visit\n", "title: Visit record\n")
    at.radio(key="guided_task").set_value("Form details").run()
    assert box(at, "Title").value == "Visit record"
    at.session_state["yaml"] = CASE_NOTE
    at.run()
    assert box(at, "Title").value == "Case note or visit"
    assert box(at, "Status").value == "published"
