"""Issue 11.2 in the studio: the preview asks the person, at the point of recording, before sharing by consent."""

from __future__ import annotations

from tests.ui.test_editor_page import VISIT, edit, key, open_editor, run, widgets
from tests.ui.test_editor_page import folder as folder
from ui import consent_ask, preview, state
from ui.text import md

# 'next_step' (own words) goes to the GP only if the person agrees; the police get it on the service's basis.
CONSENT = VISIT.replace(
    "        hint: In plain words.\n        own_words: true\n",
    "        hint: In plain words.\n        own_words: true\n"
    "        shared_with: [{agency: gp, needs_consent: true}, police]\n")


def test_the_person_is_asked_right_after_the_answer_and_only_for_consent_sharing(folder):
    at = open_editor(folder)
    assert CONSENT != VISIT
    edit(at, CONSENT)
    at.selectbox(key=preview.section_key("visit")).set_value("next")
    run(at)
    asked = at.radio(key=key("next_step__share_gp"))
    assert asked.label == md("Can we share your answer to \u201cWhat will happen next?\u201d with your GP?")
    assert list(asked.options) == list(consent_ask.CHOICES) and asked.value is None  # nothing chosen for them
    assert "next_step__share_police" not in {w.key for w in at.radio}  # not the person's choice
    # Asked at the point of recording: the question is the very next widget after the answer's own box.
    order = [w.key for w in widgets(at) if w.key and w.key.startswith(state.PREVIEW_PREFIX)]
    assert order[order.index(key("next_step")) + 1] == key("next_step__share_gp")

def test_the_person_view_asks_too_and_hostile_labels_stay_text(folder):
    hostile = CONSENT.replace("What will happen next?", "<b>Next</b> **now**")
    at = open_editor(folder)
    edit(at, hostile)
    at.session_state[state.VIEW] = preview.PERSON
    run(at)
    at.selectbox(key=preview.section_key("visit")).set_value("next")
    run(at)
    asked = at.radio(key=key("next_step__share_gp"))
    assert asked.label == md("Can we share your answer to \u201c<b>Next</b> **now**\u201d with your GP?")
    assert "\\*\\*now\\*\\*" in asked.label  # escaped: shown as typed, never bold or HTML
