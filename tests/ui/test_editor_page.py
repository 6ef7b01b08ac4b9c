"""The form editor page driven with AppTest: edit → preview, located errors, show_if, groups, sections, views, saving."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Widget

from forms.burden import form_burden, minutes_text
from forms.loader import LIBRARY_DIR, shipped_forms
from tests.conftest import load
from tests.ui.guided import box
from ui import preview, save_conflict, state
from ui.text import md

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "ui" / "editor_page.py")

VISIT = textwrap.dedent("""\
    kind: form
    id: visit
    title: Home visit
    version: 1
    purpose: To hear how things are going at home.
    defaults: {lawful_basis: public_task, retention: 8 years after care ends}
    sections:
      - id: home
        title: At home
        intro: Tell us about home.
        fields:
          - id: has_carer
            label: Does someone help look after you?
            type: yes_no
            completed_by: together
          - id: carer_name
            label: Who helps you?
            type: short_text
            completed_by: together
            show_if: {field: has_carer, equals: true}
          - id: worker_notes
            label: Worker's private notes
            type: long_text
            hint: Only the worker sees these.
            visible_to_person: false
          - id: household
            label: People at home
            type: repeating_group
            min_items: 1
            max_items: 3
            fields:
              - {id: member_name, label: Name, type: short_text}
              - {id: member_age, label: Age, type: number, integer: true, min: 0, max: 120}
      - id: next
        title: What happens next
        fields:
          - id: next_step
            label: What will happen next?
            type: long_text
            hint: In plain words.
            own_words: true
          - id: review_date
            label: Review date
            type: date
            min: today
""")
OTHER = VISIT.replace("id: visit", "id: other-visit").replace("title: Home visit", "title: Another visit")
BAD_LINE = VISIT.splitlines().index("        type: short_text") + 1  # the line of carer_name's type


def key(field: str, item: int | None = None) -> str:
    return state.preview_key("visit", field, item)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "visit.yaml").write_text(VISIT, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(OTHER, encoding="utf-8")
    return tmp_path


def open_editor(folder: Path, name: str = "visit.yaml") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[state.FOLDER] = str(folder)
    at.session_state[state.CURRENT] = name
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def edit(at: AppTest, text: str) -> AppTest:
    at.text_area(key=state.EDITOR).input(text)
    return run(at)


def widgets(at: AppTest) -> list[Widget]:
    found: list[Widget] = []

    def walk(node) -> None:
        if isinstance(node, Widget):
            found.append(node)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return found


def keys(at: AppTest) -> set[str]:
    return {w.key for w in widgets(at) if w.key}


def texts(at: AppTest) -> list[str]:
    """Everything shown as Markdown: widget labels and option labels, markdown, captions, alerts, titles."""
    out = [w.label for w in widgets(at) if getattr(w, "label", None)]
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "header", "title"):
        out += [e.value for e in at.get(kind)]
    for radio in at.radio:
        out += [str(option) for option in radio.options]
    return out


def test_the_page_opens_the_form_with_its_yaml_and_preview(folder):
    at = open_editor(folder)
    assert at.selectbox(key=state.CHOOSER).value == "visit.yaml"
    assert at.text_area(key=state.EDITOR).value == VISIT
    assert at.radio(key=key("has_carer")).label == "Does someone help look after you?"
    assert "Checked: no errors and no warnings." in [c.value for c in at.caption]
    assert at.button(key=state.SAVE).disabled  # nothing to save yet


def test_an_edit_changes_the_preview(folder):
    at = open_editor(folder)
    edit(at, VISIT.replace("Does someone help look after you?", "Does anyone help you at home?"))
    assert at.radio(key=key("has_carer")).label == "Does anyone help you at home?"
    assert not at.button(key=state.SAVE).disabled
    assert "Unsaved changes. They are kept while you switch forms or pages." in [c.value for c in at.caption]


def test_broken_yaml_shows_a_located_error_and_keeps_the_last_valid_preview(folder):
    at = open_editor(folder)
    edit(at, VISIT.replace("Does someone help look after you?", "Anyone helping you?"))
    broken = VISIT.replace("Does someone help look after you?", "Anyone helping you?") \
        .replace("        type: short_text", "        type: shrt_text")
    edit(at, broken)
    error = at.error[0].value
    assert f"line {BAD_LINE}, column 15" in error and "FIELD_003" in error and "short\\_text" in error
    assert f"> {BAD_LINE} |" in at.code[0].value  # the numbered lines around it, with a caret
    assert "Showing the last valid version — fix the error above to update it." in [w.value for w in at.warning]
    assert at.radio(key=key("has_carer")).label == "Anyone helping you?"  # the last valid version, not the saved one
    assert at.button(key=state.SAVE).disabled
    assert "Fix the errors to save: errors block saving; warnings do not." in [c.value for c in at.caption]
    # The broken text itself is kept in the editor: nothing typed is lost.
    assert at.text_area(key=state.EDITOR).value == broken
    edit(at, VISIT)
    assert not at.error and not [w for w in at.warning if "last valid" in w.value]


def test_a_yaml_syntax_error_is_located_too(folder):
    at = open_editor(folder)
    edit(at, VISIT.replace("title: At home", "title: [At home"))
    assert "YAML_001" in at.error[0].value and "line " in at.error[0].value
    assert at.radio(key=key("has_carer"))  # the preview is still there


def test_show_if_hides_and_shows_as_you_answer(folder):
    at = open_editor(folder)
    assert key("carer_name") not in keys(at)
    assert any("Hidden for now" in c.value and "Who helps you?" in c.value for c in at.caption)
    at.radio(key=key("has_carer")).set_value(True)
    run(at)
    assert at.text_input(key=key("carer_name")).label == "Who helps you?"
    at.text_input(key=key("carer_name")).input("My sister")
    run(at)
    at.radio(key=key("has_carer")).set_value(False)
    run(at)
    assert key("carer_name") not in keys(at)
    at.radio(key=key("has_carer")).set_value(True)
    run(at)
    assert at.text_input(key=key("carer_name")).value == "My sister"  # hidden fields keep their answers


def test_show_if_still_applies_on_another_section_and_after_an_edit(folder):
    at = open_editor(folder)
    at.radio(key=key("has_carer")).set_value(True)
    run(at)
    edit(at, VISIT.replace("Who helps you?", "Who helps you most?"))
    assert at.text_input(key=key("carer_name")).label == "Who helps you most?"
    assert at.radio(key=key("has_carer")).value is True


def test_repeating_group_adds_and_removes_items_within_its_limits(folder):
    at = open_editor(folder)
    remove = state.preview_key("visit", "household", "0:remove")
    add = state.preview_key("visit", "household", ":add")
    assert {key("member_name", 0), key("member_age", 0)} <= keys(at)
    assert at.button(key=remove).disabled  # min_items: 1
    at.text_input(key=key("member_name", 0)).input("Ann")
    run(at)
    at.button(key=add).click()
    run(at)
    at.text_input(key=key("member_name", 1)).input("Bob")
    run(at)
    at.button(key=add).click()
    run(at)
    assert key("member_name", 2) in keys(at)
    assert at.button(key=add).disabled  # max_items: 3
    at.button(key=remove).click()  # remove the first item: the others move up
    run(at)
    assert at.text_input(key=key("member_name", 0)).value == "Bob"
    assert key("member_name", 2) not in keys(at)
    assert not at.button(key=add).disabled
    assert "2 item(s): at least 1, at most 3." in [c.value for c in at.caption]


def test_one_section_at_a_time_with_navigation(folder):
    at = open_editor(folder)
    first = {key("has_carer"), key("worker_notes")}
    second = {key("next_step"), key("review_date")}
    assert first <= keys(at) and not second & keys(at)
    assert [s.value for s in at.subheader] == ["At home"]
    section = at.selectbox(key=state.preview_key("visit", "~section"))
    assert section.options == ["1 of 2 · At home", "2 of 2 · What happens next"]
    at.button(key=state.preview_key("visit", "~next")).click()
    run(at)
    assert second <= keys(at) and not first & keys(at)
    assert [s.value for s in at.subheader] == ["What happens next"]
    assert at.button(key=state.preview_key("visit", "~next")).disabled
    at.selectbox(key=state.preview_key("visit", "~section")).select_index(0)
    run(at)
    assert first <= keys(at) and not second & keys(at)


def test_the_person_view_hides_practitioner_only_fields_and_notes_reading_age(folder):
    at = open_editor(folder)
    assert key("worker_notes") in keys(at)
    at.segmented_control(key=state.VIEW).set_value("person")
    run(at)
    assert key("worker_notes") not in keys(at)
    assert key("has_carer") in keys(at)
    assert any(c.value.startswith("Reading age:") for c in at.caption)
    assert not any(c.value.startswith("Filled in by") for c in at.caption)  # no practitioner notes here


def test_the_print_view_shows_every_section_without_widgets(folder):
    at = open_editor(folder)
    at.segmented_control(key=state.VIEW).set_value("print")
    run(at)
    assert not {k for k in keys(at) if k.startswith("pv:visit:")}
    shown = "\n".join(m.value for m in at.markdown)
    for label in ("Does someone help look after you?", "Who helps you?", "What will happen next?", "Review date"):
        assert label in shown
    assert "has\\_carer" not in shown  # conditions are said in words, not ids
    assert "'Does someone help look after you?' is Yes" in shown


def test_the_burden_panel_compares_with_the_saved_version(folder):
    at = open_editor(folder)
    at.segmented_control(key=state.VIEW).set_value("burden")
    run(at)
    fields = next(m for m in at.metric if m.label == "Fields")
    assert fields.value == "7"
    without = VISIT.replace("      - id: review_date\n        label: Review date\n        type: date\n"
                            "        min: today\n", "")
    assert without != VISIT
    edit(at, without)
    fields = next(m for m in at.metric if m.label == "Fields")
    assert fields.value == "6" and fields.delta == "-1"
    shown = "\n".join(m.value for m in at.markdown)
    assert "removes 1 field" in shown and "Review date" in shown
    assert len(at.get("vega_lite_chart")) == 3
    figures = form_burden(load(without).form)
    panel = [m.value for m in at.markdown]
    split = next(i for i, text in enumerate(panel) if text.startswith("**Practitioner time: "))
    assert split < next(i for i, text in enumerate(panel) if "removes 1 field" in text)  # the split comes first
    assert f"{md(minutes_text(figures.practitioner_minutes_at_computer))} at the computer" in panel[split]
    assert not at.warning
    edit(at, without.replace("purpose:", "budget_minutes: 1\npurpose:", 1))
    assert at.warning[0].value.startswith("Over budget: this form takes about ")  # the budget, first of all


def test_saving_writes_the_file_and_keeps_the_previous_version(folder):
    at = open_editor(folder)
    edited = VISIT.replace("Who helps you?", "Who helps you most?")
    edit(at, edited)
    at.button(key=state.SAVE).click()
    run(at)
    assert (folder / "visit.yaml").read_text(encoding="utf-8") == edited
    assert (folder / ".history" / "visit.yaml.1").read_text(encoding="utf-8") == VISIT
    assert any("Saved visit\\.yaml" in s.value for s in at.success)  # file names are escaped too
    assert at.button(key=state.SAVE).disabled


def test_a_file_changed_on_disk_is_not_overwritten_and_both_versions_are_shown(folder):
    at = open_editor(folder)
    mine = VISIT.replace("Who helps you?", "Mine")
    theirs = VISIT.replace("Who helps you?", "Theirs")
    edit(at, mine)
    (folder / "visit.yaml").write_text(theirs, encoding="utf-8")
    at.button(key=state.SAVE).click()
    run(at)
    assert (folder / "visit.yaml").read_text(encoding="utf-8") == theirs
    assert any("someone else changed visit\\.yaml" in w.value for w in at.warning)
    assert [c.value.strip() for c in at.code][-2:] == [mine.strip(), theirs.strip()]
    at.button(key=state.TAKE_THEIRS).click()
    run(at)
    assert at.text_area(key=state.EDITOR).value == theirs
    assert at.button(key=state.SAVE).disabled


def test_keep_mine_saves_over_theirs_after_a_conflict(folder):
    at = open_editor(folder)
    mine = VISIT.replace("Who helps you?", "Mine")
    edit(at, mine)
    (folder / "visit.yaml").write_text(VISIT.replace("Who helps you?", "Theirs"), encoding="utf-8")
    at.button(key=state.SAVE).click()
    run(at)
    at.button(key=state.KEEP_MINE).click()
    run(at)
    assert (folder / "visit.yaml").read_text(encoding="utf-8") == mine


def test_edits_to_different_things_are_merged_and_saved_over_theirs(folder):
    at = open_editor(folder)
    mine = VISIT.replace("Who helps you?", "Who helps you most?")
    theirs = VISIT.replace("title: What happens next", "title: Next steps  # agreed with the team")
    edit(at, mine)
    (folder / "visit.yaml").write_text(theirs, encoding="utf-8")
    at.button(key=state.SAVE).click()
    run(at)
    assert (folder / "visit.yaml").read_text(encoding="utf-8") == theirs  # nothing written yet
    at.button(key=save_conflict.MERGE).click()
    run(at)
    saved = (folder / "visit.yaml").read_text(encoding="utf-8")
    assert "label: Who helps you most?" in saved
    assert "title: Next steps  # agreed with the team" in saved  # their text kept, comment and all
    assert at.text_area(key=state.EDITOR).value == saved
    assert at.button(key=state.SAVE).disabled  # the merge is the saved version now


def test_their_edit_is_described_as_theirs_not_as_something_you_undo(folder):
    at = open_editor(folder)
    edit(at, VISIT.replace("Who helps you?", "Who helps you most?"))
    added = VISIT.replace("      - id: review_date\n", "      - id: worry\n        label: What worries you?\n"
                          "        type: long_text\n      - id: review_date\n")
    (folder / "visit.yaml").write_text(added, encoding="utf-8")
    at.button(key=state.SAVE).click()
    run(at)
    theirs = next(m.value for m in at.markdown if m.value.startswith("**Their edit"))
    mine = next(m.value for m in at.markdown if m.value.startswith("**Your edit"))
    assert "New question 'What worries you?'" in theirs
    assert "worries" not in mine and "Who helps you most?" in mine  # not "removes 'What worries you?'"


def test_edits_to_the_same_question_name_the_clash_and_offer_no_merge(folder):
    at = open_editor(folder)
    edit(at, VISIT.replace("Who helps you?", "Mine"))
    (folder / "visit.yaml").write_text(VISIT.replace("Who helps you?", "Theirs"), encoding="utf-8")
    at.button(key=state.SAVE).click()
    run(at)
    assert save_conflict.MERGE not in keys(at)
    clash = next(i.value for i in at.info if "cannot be merged" in i.value)
    assert "The label of the field 'carer\\_name': they made it 'Theirs'; you made it 'Mine'" in clash


def test_copy_mine_to_a_new_file_after_a_conflict(folder):
    at = open_editor(folder)
    mine = VISIT.replace("Who helps you?", "Mine")
    edit(at, mine)
    (folder / "visit.yaml").write_text(VISIT.replace("Who helps you?", "Theirs"), encoding="utf-8")
    at.button(key=state.SAVE).click()
    run(at)
    at.button(key=state.COPY_MINE).click()
    run(at)
    assert (folder / "visit-copy.yaml").read_text(encoding="utf-8") == mine
    assert at.selectbox(key=state.CHOOSER).value == "visit-copy.yaml"
    assert at.text_area(key=state.EDITOR).value == mine


def test_switching_forms_keeps_each_draft(folder):
    at = open_editor(folder)
    edited = VISIT.replace("Who helps you?", "Who helps you most?")
    edit(at, edited)
    at.selectbox(key=state.CHOOSER).select("other.yaml")
    run(at)
    assert at.text_area(key=state.EDITOR).value == OTHER
    assert "visit\\.yaml" in next(c.value for c in at.caption if c.value.startswith("Also unsaved"))
    at.selectbox(key=state.CHOOSER).select("visit.yaml")
    run(at)
    assert at.text_area(key=state.EDITOR).value == edited


def test_discarding_asks_first(folder):
    at = open_editor(folder)
    edit(at, VISIT.replace("Who helps you?", "Who?"))
    at.button(key=state.DISCARD).click()
    run(at)
    assert at.text_area(key=state.EDITOR).value != VISIT
    at.button(key=state.DISCARD_YES).click()
    run(at)
    assert at.text_area(key=state.EDITOR).value == VISIT


def test_hostile_labels_are_shown_escaped(folder):
    hostile = "![x](http://tracker/pixel.png) <script>alert(1)</script> [click](javascript:alert(1))"
    text = VISIT.replace("Does someone help look after you?", f"'{hostile}'") \
        .replace("intro: Tell us about home.", f"intro: '{hostile}'") \
        .replace("hint: Only the worker sees these.", f"hint: '{hostile}'")
    (folder / "visit.yaml").write_text(text, encoding="utf-8")
    at = open_editor(folder)
    label = at.radio(key=key("has_carer")).label
    assert label.startswith("`![x](http://tracker/pixel.png`\\) \\<script\\>")  # inline code: shown as typed
    for view in ("practitioner", "person", "print", "burden"):
        at.segmented_control(key=state.VIEW).set_value(view)
        run(at)
        for shown in texts(at):
            shown = re.sub(r"(`+).*?\1", "", shown)  # inline code is shown as typed, never as an image or link
            assert "![x](" not in shown and "<script>" not in shown and "](javascript" not in shown, shown


def test_the_biggest_library_forms_first_section_stays_under_60_widgets(tmp_path):
    biggest = max(shipped_forms().values(), key=lambda f: sum(1 for _ in f.walk()))
    source = next(p for p in LIBRARY_DIR.glob("*.yaml") if f"\nid: {biggest.id}\n" in p.read_text(encoding="utf-8"))
    shutil.copy(source, tmp_path / source.name)
    at = open_editor(tmp_path, source.name)
    drawn = widgets(at)
    first = {p.field.id for p in biggest.walk() if p.section is biggest.sections[0]}
    assert any(w.key and w.key.count(":") >= 2 and w.key.split(":")[2] in first for w in drawn)
    assert len(drawn) <= 60, len(drawn)
    later = {p.field.id for p in biggest.walk() if p.section is not biggest.sections[0]}
    assert not any(w.key and w.key.count(":") >= 2 and w.key.split(":")[2] in later for w in drawn)


def test_every_library_form_opens_in_every_view_without_an_exception(tmp_path):
    for path in LIBRARY_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    names = sorted(p.name for p in tmp_path.glob("*.yaml") if "\nkind: form\n" in p.read_text(encoding="utf-8"))
    assert len(names) == len(shipped_forms())
    at = open_editor(tmp_path, names[0])
    for name in names:
        at.selectbox(key=state.CHOOSER).select(name)
        run(at)
        for view in ("person", "print", "burden", "practitioner"):
            at.segmented_control(key=state.VIEW).set_value(view)
            run(at)


def test_what_was_typed_survives_a_trip_to_another_page(folder):
    router = textwrap.dedent(f"""\
        import streamlit as st
        pages = [st.Page({str(ROOT / "ui" / "library_page.py")!r}, title="Library", default=True),
                 st.Page({PAGE!r}, title="Form editor"),
                 st.Page({str(ROOT / "ui" / "participant_page.py")!r}, title="Join a workshop")]
        st.navigation(pages).run()
    """)
    at = AppTest.from_string(router, default_timeout=30)
    at.session_state[state.FOLDER] = str(folder)
    at.session_state[state.CURRENT] = "visit.yaml"
    run(at)
    at.switch_page(PAGE)
    run(at)
    edited = VISIT.replace("Who helps you?", "Who helps you most?")
    edit(at, edited)
    at.switch_page(str(ROOT / "ui" / "library_page.py"))
    run(at)
    assert state.EDITOR not in at.session_state  # the widget's own key is gone with the page...
    at.switch_page(PAGE)
    run(at)
    assert at.text_area(key=state.EDITOR).value == edited  # ...but the draft brought the text back


def test_a_big_section_is_split_into_parts_of_at_most_the_page_budget(tmp_path):
    fields = "\n".join(f"      - {{id: q{i}, label: Question {i}, type: short_text}}" for i in range(100))
    text = textwrap.dedent("""\
        kind: form
        id: big
        title: One huge section
        version: 1
        purpose: To test paging.
        sections:
          - id: all
            title: Everything
            fields:
        """) + fields + "\n"
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    at = open_editor(tmp_path, "big.yaml")
    section = at.selectbox(key=state.preview_key("big", "~section"))
    assert section.options == [f"{n} of 3 · Everything (part {n} of 3)" for n in (1, 2, 3)]
    assert len(widgets(at)) <= 60
    assert {w.key for w in at.text_input} == {state.preview_key("big", f"q{i}") for i in range(40)}


def test_a_file_changed_on_disk_without_local_changes_is_shown_afresh(folder):
    at = open_editor(folder)
    theirs = VISIT.replace("Who helps you?", "Theirs")
    (folder / "visit.yaml").write_text(theirs, encoding="utf-8")
    run(at)
    assert at.text_area(key=state.EDITOR).value == theirs
    assert any("was changed on disk" in s.value for s in at.success)
    assert at.button(key=state.SAVE).disabled


def test_the_yaml_with_line_numbers_is_drawn_only_when_opened(folder):
    at = open_editor(folder)
    assert not at.code  # closed: a big form's text is not sent on every edit
    at.session_state[state.LINES] = True  # AppTest cannot click an expander open; its state can be set
    run(at)
    assert [(c.language, c.proto.show_line_numbers, c.value.strip()) for c in at.code] == \
        [("yaml", True, VISIT.strip())]


def test_text_handed_over_by_a_tool_replaces_the_editors_text(folder):
    at = open_editor(folder)
    new = VISIT.replace("Does someone help look after you?", "Does anyone help you?")
    at.session_state[state.PENDING] = new  # what replace_text() leaves for the next run
    run(at)
    assert at.text_area(key=state.EDITOR).value == new
    assert at.radio(key=key("has_carer")).label == "Does anyone help you?"
    assert at.session_state[state.PENDING] is None
    assert not at.button(key=state.SAVE).disabled


def test_a_guided_edit_changes_the_yaml_and_the_preview(folder):
    at = open_editor(folder)
    at.segmented_control(key=state.VIEW).set_value("guided")
    run(at)
    at.selectbox(key="guided_field").set_value("has_carer")
    run(at)
    box(at, "Question, as the person reads it").input("Does anyone help you at home?")
    next(b for b in at.button if b.label == "Save this question").click()
    run(at)
    assert "label: Does anyone help you at home?\n" in at.text_area(key=state.EDITOR).value
    assert "is reworded as 'Does anyone help you at home?'" in at.success[0].value
    at.segmented_control(key=state.VIEW).set_value(preview.PRACTITIONER)
    run(at)
    assert at.radio(key=key("has_carer")).label == "Does anyone help you at home?"
    assert not at.button(key=state.SAVE).disabled  # the guided change is unsaved until saved
