"""Issue 13.2: the guided editor on a form in several languages edits every language side by side."""

from __future__ import annotations

import textwrap

from streamlit.testing.v1 import AppTest

from tests.ui.guided import box, press
from tests.ui.test_guided_editor import harness

BILINGUAL = textwrap.dedent("""\
    kind: form
    id: chat
    title: {en: A chat, cy: Sgwrs}
    version: 1
    purpose: To hear what matters.
    languages: [en, cy]
    sections:
      - id: you
        title: About you
        fields:
          - id: wishes
            label: {en: What matters to you?, cy: Beth sy'n bwysig i chi?}
            type: long_text
          - id: contact
            label: How should we contact you?
            type: single_choice
            options:
              - phone
              - {value: email, label: {en: Email, cy: E-bost}}
""")
QUESTION = "Question, as the person reads it"
OPTIONS = "Options, one per line, in the same order in every language (for choices)"


def app(text: str = BILINGUAL) -> AppTest:
    at = AppTest.from_function(harness, default_timeout=30)
    at.session_state["yaml"] = text
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_question_shows_a_box_per_language_with_what_each_language_has():
    at = app()
    at.selectbox(key="guided_field").set_value("contact").run()
    assert box(at, f"{QUESTION} — English").value == "How should we contact you?"
    assert box(at, f"{QUESTION} — Welsh").value == ""  # not translated yet: empty, not the English
    assert box(at, f"{OPTIONS} — English").value == "Phone\nEmail"
    assert box(at, f"{OPTIONS} — Welsh").value == "\nE-bost"  # by place: phone has no Welsh yet
    headings = [m.value for m in at.markdown]
    assert "**English**" in headings and "**Cymraeg**" in headings  # each column under its own name
    assert any(c.value.startswith("This form is written in English and Welsh. Each text has a box per language")
               for c in at.caption)


def test_saving_writes_each_language_into_the_yaml():
    at = app()
    at.selectbox(key="guided_field").set_value("contact").run()
    box(at, f"{QUESTION} — Welsh").input("Sut dylen ni gysylltu â chi?")
    box(at, "Hint (optional) — Welsh").input("Dewiswch un.")
    box(at, "Hint (optional) — English").input("Pick one.")
    box(at, f"{OPTIONS} — Welsh").input("Ffôn\nE-bost")
    press(at, "Save this question")
    assert not at.exception
    text = at.session_state["yaml"]
    assert "        label: {en: How should we contact you?, cy: Sut dylen ni gysylltu â chi?}\n" in text
    assert "        hint: {en: Pick one., cy: Dewiswch un.}\n" in text
    assert "          - {value: phone, label: {en: Phone, cy: Ffôn}}\n" in text
    assert "          - {value: email, label: {en: Email, cy: E-bost}}\n" in text  # unchanged, kept as written
    assert not at.error


def test_a_new_option_in_both_languages_and_the_wishes_label_kept():
    at = app()
    at.selectbox(key="guided_field").set_value("contact").run()
    box(at, f"{OPTIONS} — English").input("Phone\nEmail\nText message")
    box(at, f"{OPTIONS} — Welsh").input("\nE-bost\nNeges destun")
    press(at, "Save this question")
    text = at.session_state["yaml"]
    assert "          - {value: text_message, label: {en: Text message, cy: Neges destun}}\n" in text
    assert "          - phone\n" in text  # untouched: still English only
    assert "        label: {en: What matters to you?, cy: Beth sy'n bwysig i chi?}\n" in text


def test_a_section_title_and_the_form_details_per_language():
    at = app()
    at.radio(key="guided_task").set_value("Change a section").run()
    box(at, "Title — Welsh").input("Amdanoch chi")
    press(at, "Save this section")
    assert "    title: {en: About you, cy: Amdanoch chi}\n" in at.session_state["yaml"]
    at.radio(key="guided_task").set_value("Form details").run()
    assert box(at, "Title — Welsh").value == "Sgwrs"
    box(at, "Why this form exists — Welsh").input("I glywed beth sy'n bwysig.")
    press(at, "Save form details")
    assert "purpose: {en: To hear what matters., cy: I glywed beth sy'n bwysig.}\n" in at.session_state["yaml"]


def test_a_form_in_one_language_has_one_box_per_text_as_before():
    at = app(BILINGUAL.replace("languages: [en, cy]\n", "").replace(", cy: Sgwrs", "")
             .replace("{en: What matters to you?, cy: Beth sy'n bwysig i chi?}", "What matters to you?")
             .replace("{value: email, label: {en: Email, cy: E-bost}}", "email")
             .replace("title: {en: A chat}", "title: A chat"))
    at.selectbox(key="guided_field").set_value("contact").run()
    assert box(at, QUESTION).value == "How should we contact you?"
    assert not [w for w in at.text_input if w.label.endswith("— Welsh")]
    assert not any("box per language" in c.value for c in at.caption)


def test_in_the_editor_page_the_welsh_boxes_sit_beside_the_preview_and_saving_updates_the_welsh_preview(tmp_path):
    from tests.ui.test_editor_page import open_editor, run
    from ui import language_switch, preview, state

    (tmp_path / "chat.yaml").write_text(BILINGUAL, encoding="utf-8")
    at = open_editor(tmp_path, "chat.yaml")
    at.segmented_control(key=state.VIEW).set_value("guided")
    run(at)
    at.selectbox(key="guided_field").set_value("contact")
    run(at)
    box(at, f"{QUESTION} — Welsh").input("Sut dylen ni gysylltu â chi?")
    press(at, "Save this question")
    assert not at.exception
    at.segmented_control(key=state.VIEW).set_value(preview.PRACTITIONER)
    run(at)
    at.radio(key=language_switch.switch_key("chat")).set_value("cy")
    run(at)
    assert at.radio(key=state.preview_key("chat", "contact")).label == "Sut dylen ni gysylltu â chi?"


def test_a_new_section_is_worded_in_every_language_with_its_first_question():
    at = app()
    at.radio(key="guided_task").set_value("Add a section").run()
    box(at, "Title of the new section — English").input("Your home")
    box(at, "Title of the new section — Welsh").input("Eich cartref")
    box(at, "Its first question — English").input("What is your home like?")
    box(at, "Its first question — Welsh").input("Sut le yw eich cartref?")
    press(at, "Add this section")
    assert not at.exception
    text = at.session_state["yaml"]
    assert "    title: {en: Your home, cy: Eich cartref}\n" in text
    assert "        label: {en: What is your home like?, cy: Sut le yw eich cartref?}\n" in text
    assert "        hint: {en: Write it in plain words., cy: Ysgrifennwch mewn geiriau syml.}\n" in text
    from forms.loader import load_text

    result = load_text(text, "chat.yaml", forms={})
    assert not [i for i in result.issues if i.is_error]
    home = result.form.sections[-1]
    assert (home.id, home.translations.get("title", "cy")) == ("your-home", "Eich cartref")
    assert home.fields[0].translations.get("hint", "cy") == "Ysgrifennwch mewn geiriau syml."


def test_a_new_section_in_a_one_language_form_is_written_as_plain_text_as_before():
    at = app(BILINGUAL.replace("languages: [en, cy]", "languages: [en]").replace(", cy: Sgwrs", "")
             .replace(", cy: Beth sy'n bwysig i chi?", "").replace(", cy: E-bost", ""))
    at.radio(key="guided_task").set_value("Add a section").run()
    box(at, "Title of the new section").input("Your home")
    box(at, "Its first question").input("What is your home like?")
    press(at, "Add this section")
    text = at.session_state["yaml"]
    assert "    title: Your home\n" in text and "        hint: Write it in plain words.\n" in text


SCALE = BILINGUAL + (
    "      - id: mood\n"
    "        label: {en: How do you feel today?, cy: Sut ydych chi'n teimlo heddiw?}\n"
    "        type: scale\n"
    "        min: 1\n"
    "        max: 5\n"
    "        min_label: Very low\n")


def test_a_scale_names_its_two_ends_in_every_language_and_a_question_that_is_not_a_scale_has_no_such_boxes():
    at = app(SCALE)
    at.selectbox(key="guided_field").set_value("contact").run()
    assert not [b for b in at.text_input if b.label.startswith("What the lowest point")]
    at.selectbox(key="guided_field").set_value("mood").run()
    assert box(at, "What the lowest point of the scale means (optional) — English").value == "Very low"
    assert box(at, "What the lowest point of the scale means (optional) — Welsh").value == ""
    box(at, "What the lowest point of the scale means (optional) — Welsh").input("Isel iawn")
    box(at, "What the highest point of the scale means (optional) — English").input("Very good")
    box(at, "What the highest point of the scale means (optional) — Welsh").input("Da iawn")
    press(at, "Save this question")
    assert not at.exception and not at.error
    text = at.session_state["yaml"]
    assert "min_label: {en: Very low, cy: Isel iawn}\n" in text and "max_label: {en: Very good, cy: Da iawn}\n" in text
    from forms.loader import load_text

    mood = load_text(text, "chat.yaml", forms={}).form.field_map()["mood"].field
    assert (mood.min_label, mood.translations.get("max_label", "cy")) == ("Very low", "Da iawn")


def test_a_scale_that_becomes_another_type_loses_its_end_labels():
    at = app(SCALE)
    at.selectbox(key="guided_field").set_value("mood").run()
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Kind of answer")).set_value("long_text")
    press(at, "Save this question")
    assert not at.exception and not at.error
    assert "min_label" not in at.session_state["yaml"] and "type: long_text" in at.session_state["yaml"]
