"""The guided editor changes a form through menus: the YAML and the plain-English changes follow."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


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
    at.text_input(key="guided_edit_label").input("Did you talk with the child on their own?")
    at.checkbox(key="guided_edit_required").check()
    at.button(key="FormSubmitter:guided_edit_form-Save this question").click().run()
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
    assert "id: bedroom_seen" not in at.session_state["yaml"]
    assert "is removed from section" in at.success[0].value


def test_a_broken_file_pauses_guided_editing():
    at = AppTest.from_function(harness, default_timeout=30)
    at.session_state["yaml"] = "kind: form\nsections: [\n"
    at.run()
    assert not at.exception
    assert "needs a form without errors" in at.info[0].value
