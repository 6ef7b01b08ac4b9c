"""Issue 11.1 in the studio: the record view shows the example record, story first, text kept as text."""

from __future__ import annotations

from tests.ui.test_editor_page import VISIT, edit, open_editor, run
from tests.ui.test_editor_page import folder as folder
from ui import preview, record_view, state
from ui.text import md

EXAMPLES = (VISIT.replace("        type: yes_no\n", "        type: yes_no\n        example: true\n", 1)
            .replace("        show_if: {field: has_carer, equals: true}\n",
                     "        show_if: {field: has_carer, equals: true}\n        example: Sam <b>*me*</b>\n", 1)
            .replace("        hint: Only the worker sees these.\n",
                     "        hint: Only the worker sees these.\n        example: Secret\n", 1)
            .replace("        hint: In plain words.\n",
                     "        hint: In plain words.\n        example: We will fix the stairs rail.\n", 1))


def markdown(at) -> list[str]:
    return [e.value for e in at.markdown]


def test_the_record_view_tells_the_story_first_then_the_facts_then_what_is_hidden(folder):
    assert EXAMPLES.count("example:") == 4
    at = open_editor(folder)
    edit(at, EXAMPLES)
    at.session_state[state.VIEW] = preview.RECORD
    run(at)
    shown = markdown(at)
    story, facts, hidden = (shown.index(h) for h in ("#### In your words", "#### The facts",
                                                      "#### What you will not see, and why"))
    assert story < facts < hidden
    assert shown[story + 1] == f"**{md('What will happen next?')}**  \n{md('We will fix the stairs rail.')}"
    assert md("Sam <b>*me*</b>") in shown[facts + 1] and "\\*me\\*" in shown[facts + 1]  # never bold
    assert "Secret" not in "\n".join(shown)  # named with its reason, never shown
    notes = md("Worker's private notes")
    assert shown[hidden + 1] == f"- {notes}: to understand you and plan your support."
    assert not at.radio  # a document to read, not a form to fill


def test_without_examples_the_view_says_how_to_get_one(folder):
    at = open_editor(folder)
    at.session_state[state.VIEW] = preview.RECORD
    run(at)
    assert any("No question has an example answer yet" in e.value for e in at.info)


def test_the_record_can_be_filled_with_the_answers_given_in_the_preview(folder):
    """Issue 11.1: sample answers come from a time trial (the preview as filled in a visit) or from examples."""
    at = open_editor(folder)
    edit(at, EXAMPLES)
    at.radio(key=state.preview_key("visit", "has_carer")).set_value(True)
    run(at)
    at.text_input(key=state.preview_key("visit", "carer_name")).input("Aunt <i>Jo</i>")
    run(at)
    at.session_state[state.VIEW] = preview.RECORD
    run(at)
    facts = "\n".join(markdown(at))
    assert md("Aunt <i>Jo</i>") in facts and md("Sam <b>*me*</b>") not in facts
    assert any("(the answers filled in the preview)" in c.value for c in at.caption)
    at.toggle(key=record_view.TYPED).set_value(False)
    run(at)
    assert md("Sam <b>*me*</b>") in "\n".join(markdown(at))  # back to the examples
