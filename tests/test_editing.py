"""Guided edits change only what they say, keep comments and style, and report their changes."""

from __future__ import annotations

import textwrap

import pytest

from forms.editing import EditError, edit
from forms.loader import LIBRARY_DIR, load_text

FORM = textwrap.dedent("""\
    # Why this form exists: a comment the author wants kept.
    kind: form
    id: visit
    title: Home visit
    version: 1
    purpose: To record a visit.
    sections:
      - id: visit
        title: The visit
        fields:
          - id: seen
            label: Did you see the child?   # inspection asks for this
            type: yes_no
            purpose: inspection
          - {id: place, label: Where, type: single_choice, options: [home, school]}
      - id: next
        title: Next steps
        fields:
          - {id: actions, label: What happens next, type: long_text, hint: Who does what by when}
""")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = before.splitlines(), after.splitlines()
    return [line for line in old if line not in new], [line for line in new if line not in old]


def test_updating_a_field_changes_only_its_lines_and_keeps_comments():
    result = edit(FORM, "update_field", "seen", label="Did you see the child today?", required=True)
    assert changed_lines(FORM, result.text) == (
        ["        label: Did you see the child?   # inspection asks for this"],
        ["        label: Did you see the child today? # inspection asks for this", "        required: true"])
    assert result.text.startswith("# Why this form exists")
    assert result.changes == ("Question 'Did you see the child?' is reworded as 'Did you see the child today?'.",
                              "'Did you see the child today?' will now be required.")
    assert result.result.ok


def test_a_new_key_goes_where_the_format_puts_it():
    result = edit(FORM, "update_field", "seen", hint="Say if you saw them in person")
    lines = result.text.splitlines()
    assert lines[lines.index("      - id: seen") + 3] == "        hint: Say if you saw them in person"


def test_removing_a_key_restores_its_default():
    result = edit(FORM, "update_field", "seen", purpose=None)
    assert "purpose: inspection" not in result.text
    assert result.changes == ("'Did you see the child?': purpose changes from 'inspection' to 'practice'.",)


def test_adding_a_field_in_block_style():
    result = edit(FORM, "add_field", "next", {"id": "good_day", "label": "What does a good day look like?",
                                             "type": "long_text", "hint": "In your words", "own_words": True,
                                             "completed_by": "together"})
    assert changed_lines(FORM, result.text)[1] == [
        "      - id: good_day", "        label: What does a good day look like?", "        type: long_text",
        "        hint: In your words", "        completed_by: together", "        own_words: true"]
    assert result.changes == ("New question 'What does a good day look like?' in section 'Next steps'.",)
    assert "adds about 3 practitioner minutes" in result.summary


@pytest.mark.parametrize(("operation", "args", "kwargs", "expected"), [
    ("add_option", ("place", "hospital", "In hospital"), {}, ["'Where' gains the option(s) 'In hospital'."]),
    ("remove_option", ("place", "school"), {}, ["'Where' loses the option(s) 'School'."]),
    ("update_option", ("place", "home", "At home"), {}, ["'Where': option 'Home' is now worded 'At home'."]),
    ("remove_field", ("place",), {}, ["Question 'Where' is removed from section 'The visit'."]),
    ("move_field", ("place", "next"), {}, ["'Where' moves from section 'The visit' to 'Next steps'."]),
    ("add_section", ("about-you", "About you"), {"index": 0}, None),
    ("update_section", ("next",), {"title": "What happens next"},
     ["Section 'Next steps' is renamed 'What happens next'."]),
    ("move_section", ("next", 0), {}, ["Sections are reordered: 'Next steps', 'The visit'."]),
    ("set_form", ("title", "Home or school visit"), {},
     ["The form's title changes from 'Home visit' to 'Home or school visit'."]),
])
def test_each_operation_reports_its_change(operation, args, kwargs, expected):
    result = edit(FORM, operation, *args, **kwargs)
    if expected is None:  # an empty new section is an error until it gets a field
        assert [i.code for i in result.result.errors] == ["FORM_003"]
    else:
        assert list(result.changes) == expected
        assert result.result.ok


@pytest.mark.parametrize(("operation", "args", "kwargs", "code", "words"), [
    ("remove_field", ("nope",), {}, "EDIT_004", "There is no field 'nope'."),
    ("update_section", ("nope",), {"title": "x"}, "EDIT_003", "There is no section 'nope'."),
    ("add_field", ("visit", {"id": "seen", "label": "Again", "type": "yes_no"}), {}, "EDIT_007",
     "A field called 'seen' already exists. Choose another id."),
    ("add_field", ("visit", {"id": "Bad Id", "label": "x", "type": "yes_no"}), {}, "EDIT_011",
     "'Bad Id' cannot be an id. Use lower-case letters, digits, '_' and '-', starting with a letter "
     "(for example 'bad_id')."),
    ("add_field", ("visit", {"id": "inner", "label": "x", "type": "yes_no"}), {"group_id": "seen"}, "EDIT_008",
     "'seen' is not a repeating group."),
    ("add_section", ("visit", "Again"), {}, "EDIT_006", "A section called 'visit' already exists."),
    ("update_field", ("seen",), {"id": "other"}, "EDIT_005", "'id' cannot be set on a question."),
    ("update_section", ("visit",), {"fields": []}, "EDIT_005", "'fields' cannot be set on a section."),
    ("set_form", ("kind", "workflow"), {}, "EDIT_005", "'kind' cannot be set on the form."),
    ("add_option", ("place", "home"), {}, "EDIT_009", "'place' already has the option 'home'."),
    ("remove_option", ("place", "hospital"), {}, "EDIT_010", "'place' has no option 'hospital'."),
    ("update_option", ("place", "hospital", "Hospital"), {}, "EDIT_010", "'place' has no option 'hospital'."),
    ("text", (), {}, "EDIT_012", "'text' is not an edit."),
])
def test_impossible_edits_say_where_what_and_how_to_fix(operation, args, kwargs, code, words):
    with pytest.raises(EditError) as caught:
        edit(FORM, operation, *args, **kwargs)
    assert caught.value.problem.code == code
    assert str(caught.value).startswith(words)
    assert caught.value.problem.fix  # every refusal says how to go on


def test_broken_yaml_pauses_guided_editing():
    with pytest.raises(EditError, match="guided editing is paused") as caught:
        edit("kind: form\nsections: [\n", "set_form", "title", "x")
    assert caught.value.problem.code == "EDIT_001"
    assert "\n" not in str(caught.value) and "line 3" in str(caught.value)  # ruamel's report, on one line


def test_a_workflow_is_not_edited_here():
    with pytest.raises(EditError) as caught:
        edit("kind: workflow\nid: w\n", "set_form", "title", "x")
    assert caught.value.problem.code == "EDIT_002"
    assert str(caught.value) == ("Guided editing works on forms (a file starting with 'kind: form'). "
                                 "Edit a workflow in the YAML editor.")


@pytest.mark.parametrize("path", sorted(LIBRARY_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_library_files_survive_a_no_op_edit_byte_for_byte(path):
    from forms.editing import Editor

    text = path.read_text(encoding="utf-8")
    if "kind: form" not in text:
        with pytest.raises(EditError):
            Editor(text)
        return
    assert Editor(text).text == text


def test_several_operations_make_one_change():
    from forms.editing import edit_all

    result = edit_all(FORM, [("update_field", ("place",), {"label": "Where did you meet?"}),
                             ("add_option", ("place", "phone"), {})])
    assert result.changes == ("Question 'Where' is reworded as 'Where did you meet?'.",
                              "'Where did you meet?' gains the option(s) 'Phone'.")


def test_setting_an_unchanged_value_keeps_its_style():
    text = FORM.replace("purpose: To record a visit.", "purpose: >\n  To record\n  a visit.")
    result = edit(text, "set_form", "purpose", "To record a visit.\n")
    assert result.text == text
    assert result.changes == ()


PUBLISHED = textwrap.dedent("""\
    kind: form
    id: visit
    title: Visit
    version: 4
    status: published
    purpose: To record a visit.
    sections:
      - id: s
        title: S
        fields:
          - {id: story, label: What happened?, type: long_text}
          - {id: kids, label: Children, type: repeating_group, fields: [{id: kid_name, label: Name, type: short_text}]}
          - {id: mood, label: Mood, type: short_text}
    """)


def test_removing_a_field_from_a_published_form_retires_its_id():
    result = edit(PUBLISHED, "remove_field", "mood")
    assert result.result.ok
    assert "retired:\n  - {id: mood, since_version: 5, was: Mood}\nsections:\n" in result.text
    again = edit(result.text, "remove_field", "kids")  # a group retires its own fields too
    assert [(r.id, r.since_version, r.was) for r in again.result.form.retired] == [
        ("mood", 5, "Mood"), ("kids", 5, "Children"), ("kid_name", 5, "Name")]


def test_a_draft_retires_nothing_since_no_record_used_it():
    result = edit(PUBLISHED.replace("status: published", "status: draft"), "remove_field", "mood")
    assert "retired" not in result.text and result.result.form.retired == ()


def test_a_retired_id_cannot_come_back_and_the_error_is_located():
    removed = edit(PUBLISHED, "remove_field", "mood").text
    back = edit(removed, "add_field", "s", {"id": "mood", "label": "How are you feeling?", "type": "short_text"})
    assert [(i.code, i.line, i.column) for i in back.result.errors] == [("ID_010", 15, 13)]
    assert "was retired in version 5 ('Mood')" in back.result.errors[0].sentence()
    assert "for example 'mood_v4'" in back.result.errors[0].sentence()


# --- issue 13.2: texts per language, written by the guided editor --------------------------
BILINGUAL = textwrap.dedent("""\
    kind: form
    id: chat
    title: {en: A chat, cy: Sgwrs}
    version: 1
    status: published
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
              - {value: phone, label: {en: Phone, cy: Ffôn}}
              - email
""")


def test_written_gives_plain_text_for_the_main_language_alone_and_a_mapping_for_more():
    from forms.languages import written

    assert written({"en": "Hello", "cy": ""}, ("en", "cy")) == "Hello"
    assert written({"en": "Hello", "cy": "Helo"}, ("en", "cy")) == {"en": "Hello", "cy": "Helo"}
    assert list(written({"cy": "Helo", "en": "Hello"}, ("en", "cy"))) == ["en", "cy"]  # declared order
    assert written({"en": " ", "cy": ""}, ("en", "cy")) is None
    assert written({"en": "Hello", "fr": "Bonjour"}, ("en", "cy")) == "Hello"  # only declared languages


def test_versions_of_reads_each_language_with_no_fallback():
    from forms.languages import versions_of

    form = load_text(BILINGUAL, "chat.yaml").form
    wishes, contact = form.sections[0].fields
    assert versions_of(wishes, "label", form.languages) == {"en": "What matters to you?", "cy": "Beth sy'n bwysig i chi?"}
    assert versions_of(contact, "label", form.languages) == {"en": "How should we contact you?"}
    assert versions_of(contact, "hint", form.languages) == {}
    assert versions_of(contact.options[1], "label", form.languages) == {"en": "Email"}


def test_a_label_per_language_is_written_as_a_mapping_and_read_back():
    result = edit(BILINGUAL, "update_field", "contact",
                  label={"en": "How should we contact you?", "cy": "Sut dylen ni gysylltu â chi?"},
                  hint={"en": "Pick one.", "cy": "Dewiswch un."})
    assert changed_lines(BILINGUAL, result.text) == (
        ["        label: How should we contact you?"],
        ["        label: {en: How should we contact you?, cy: Sut dylen ni gysylltu â chi?}",
         "        hint: {en: Pick one., cy: Dewiswch un.}"])
    assert result.result.ok
    before = load_text(BILINGUAL, "chat.yaml")
    missing = [w.line for w in before.warnings if w.code == "LINT_022"]
    assert 16 in missing  # the contact question was in English only...
    assert 16 not in [w.line for w in result.result.warnings if w.code == "LINT_022"]  # ...and is in Welsh now
    contact = result.result.form.sections[0].fields[1]
    assert contact.translations.get("label", "cy") == "Sut dylen ni gysylltu â chi?"
    assert contact.translations.get("hint", "cy") == "Dewiswch un."


def test_an_unchanged_mapping_keeps_its_style_and_a_translation_can_be_taken_out():
    same = edit(BILINGUAL, "update_field", "wishes", label={"en": "What matters to you?", "cy": "Beth sy'n bwysig i chi?"})
    assert same.text == BILINGUAL
    out = edit(BILINGUAL, "update_field", "wishes", label="What matters to you?")
    assert changed_lines(BILINGUAL, out.text) == (
        ["        label: {en: What matters to you?, cy: Beth sy'n bwysig i chi?}"],
        ["        label: What matters to you?"])
    assert (13, "LINT_022") in [(w.line, w.code) for w in out.result.warnings]  # the Welsh is missing, and said so


def test_options_and_section_titles_per_language():
    result = edit(BILINGUAL, "update_option", "contact", "email", {"en": "Email", "cy": "E-bost"})
    assert "          - {value: email, label: {en: Email, cy: E-bost}}\n" in result.text
    titled = edit(result.text, "update_section", "you", title={"en": "About you", "cy": "Amdanoch chi"})
    assert "    title: {en: About you, cy: Amdanoch chi}\n" in titled.text
    added = edit(titled.text, "add_option", "contact", "text", {"en": "Text message", "cy": "Neges destun"})
    assert "          - {value: text, label: {en: Text message, cy: Neges destun}}\n" in added.text
    form = added.result.form
    assert [o.translations.get("label", "cy") for o in form.sections[0].fields[1].options] == [
        "Ffôn", "E-bost", "Neges destun"]
    assert form.sections[0].translations.get("title", "cy") == "Amdanoch chi"


def test_a_removed_question_with_a_label_per_language_is_retired_under_its_main_language_words():
    result = edit(BILINGUAL, "remove_field", "wishes")
    assert "  - {id: wishes, since_version: 2, was: What matters to you?}\n" in result.text
