"""The Compare page: its plain-Python comparison, and the page driven with AppTest (library files and uploads)."""

from __future__ import annotations

import re
import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from forms.diff import diff
from forms.loader import LIBRARY_DIR, load_file, load_paths, shipped_forms
from tests.conftest import ROOT
from ui import compare_page as cp
from ui.text import issue_list

LIBRARY = {r.path.rsplit("/", 1)[-1]: r for r in load_paths([LIBRARY_DIR])[0]}
CASE_NOTE = (LIBRARY_DIR / "case-note.yaml").read_text(encoding="utf-8")
# The modified version drops the optional start time and becomes version 3.
START_TIME = textwrap.indent(textwrap.dedent("""\
    - id: visit_time
      label: Start time
      type: short_text
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$'
      hint: Use the 24-hour clock, for example 09:30.
    """), " " * 6)
assert START_TIME in CASE_NOTE
MODIFIED = CASE_NOTE.replace(START_TIME, "").replace("version: 2", "version: 3", 1)
BROKEN = "kind: form\nid: case-note\ntitle: [unclosed\n"
LATIN_1 = "kind: form\ntitle: Café\n".encode("latin-1")


def side(name: str) -> cp.Side:
    return cp.library_side(LIBRARY[name])


def figures(deltas: tuple[cp.Delta, ...]) -> dict[str, tuple[float, float]]:
    return {d.label: (d.before, d.after) for d in deltas}


# --- the comparison, as plain Python ----------------------------------------------------
def test_the_same_form_on_both_sides_has_no_changes_and_zero_deltas():
    outcome = cp.compare(side("case-note.yaml"), side("case-note.yaml"))
    assert outcome.blocked is None and outcome.result.changes == ()
    assert outcome.result.summary == "This version does not change the burden figures."
    assert [d.label for d in outcome.deltas] == ["Practitioner minutes", "Person minutes", "Fields",
                                                 "Fields not for practice", "Own-words share (%)"]
    assert all(d.change == 0 and d.delta_text == "0" and d.in_words == "same as before" for d in outcome.deltas)


@pytest.mark.parametrize(("before", "after", "message"), [
    ("case-note.yaml", "adults-contact-to-review.yaml", "You cannot compare a form with a workflow."),
    ("children-contact-to-plan.yaml", "contact-record.yaml", "You cannot compare a workflow with a form."),
])
def test_a_form_and_a_workflow_are_not_compared(before, after, message):
    outcome = cp.compare(side(before), side(after))
    assert outcome.result is None and outcome.blocked.startswith(message)


def test_an_uploaded_version_is_compared_with_the_library_one():
    upload = cp.read_upload("case-note-v3.yaml", MODIFIED.encode("utf-8"))
    assert upload.result.ok and upload.name == "case-note-v3.yaml (uploaded)"
    outcome = cp.compare(side("case-note.yaml"), upload)
    expected = diff(LIBRARY["case-note.yaml"].form, upload.result.form)
    assert outcome.result == expected
    assert [c.text for c in outcome.result.changes] == [
        "Version 2 becomes version 3.", "Question 'Start time' is removed from section 'The visit'."]
    b, a = expected.before, expected.after
    assert figures(outcome.deltas) == {
        "Practitioner minutes": (b["practitioner_minutes"], a["practitioner_minutes"]),
        "Person minutes": (b["person_minutes"], a["person_minutes"]),
        "Fields": (b["fields"], a["fields"]),
        "Fields not for practice": (b["non_practice_fields"], a["non_practice_fields"]),
        "Own-words share (%)": (round(b["own_words_share"] * 100), round(a["own_words_share"] * 100)),
    }
    fields = outcome.deltas[2]
    assert (fields.change, fields.delta_text, fields.in_words) == (-1, "-1", "lower than before")


def test_two_workflows_compare_their_steps_and_longest_paths():
    outcome = cp.compare(side("adults-contact-to-review.yaml"), side("children-contact-to-plan.yaml"))
    assert outcome.blocked is None
    assert any(c.kind == "step_added" for c in outcome.result.changes)
    longest = outcome.result.before["longest_path"], outcome.result.after["longest_path"]
    assert figures(outcome.deltas)["Steps, longest path"] == (len(longest[0]["steps"]), len(longest[1]["steps"]))
    assert figures(outcome.deltas)["Practitioner minutes, longest path"] == (
        longest[0]["practitioner_minutes"], longest[1]["practitioner_minutes"])


def test_a_file_that_is_not_utf8_gets_a_clear_message_and_no_comparison():
    upload = cp.read_upload("cafe.yaml", LATIN_1)
    assert upload.result is None and "not valid UTF-8 text (byte 22 " in upload.problem
    assert cp.compare(side("case-note.yaml"), upload).blocked.startswith("The after file cannot be read")


def test_a_file_over_the_limit_is_refused_before_reading():
    upload = cp.read_upload("big.yaml", b"#" * (cp.UPLOAD_BYTES + 1))
    assert upload.result is None and f"more than the limit of {cp.UPLOAD_BYTES:,} bytes" in upload.problem


def test_a_side_with_errors_is_located_and_not_compared():
    upload = cp.read_upload("broken.yaml", BROKEN.encode())
    assert [(i.code, i.line) for i in upload.result.errors] == [("YAML_001", 4)]
    outcome = cp.compare(upload, side("case-note.yaml"))
    assert outcome.result is None and outcome.blocked.startswith("The before file cannot be read")
    invalid = cp.read_upload("invalid.yaml", CASE_NOTE.replace("type: date", "type: dait", 1).encode())
    assert invalid.result.document is not None and invalid.result.errors
    assert cp.compare(side("case-note.yaml"), invalid).blocked.startswith("The after file has 1 error(s).")
    listed = issue_list(invalid.result.errors)
    assert listed.startswith(f"- **Error, line {invalid.result.errors[0].line}, column ")


def test_the_form_outline_is_text_with_participant_markdown_escaped():
    form = load_file(LIBRARY_DIR / "case-note.yaml").form
    outline = cp.form_outline(form)
    assert "- **Date of the visit or call** · date · required" in outline
    assert "- **Start time** · short text · optional" in outline
    assert "**Did you spend time with the child on their own?** · yes no · optional · shown when " \
           "'Did you see the child?' is Yes" in outline
    assert "  - **Name** · short text · optional" in outline  # a repeating group's questions, indented
    hostile = cp.read_upload("h.yaml", textwrap.dedent("""\
        kind: form
        id: h
        title: "![pixel](https://tracker.example/p.png) <b>x</b>"
        version: 1
        purpose: Escaping.
        sections:
          - id: s
            title: "# Not a heading\\n\\n- not a list"
            fields:
              - {id: a, label: "[link](javascript:alert(1)) *bold* `code`", type: short_text}
        """).encode(), forms={}).result.form
    text = cp.form_outline(hostile)
    outside_code = re.sub(r"(`+).*?\1", "", text)  # inline code is shown as typed, never as an image or link
    assert "![" not in outside_code and "](" not in outside_code and "<b>" not in text and "\n#" not in text
    assert "`![pixel](https://tracker.example/p.png`\\) \\<b\\>x\\</b\\>" in text
    assert "**\\# Not a heading \\- not a list**" in text  # one line: a line break cannot end the item


def test_the_workflow_outline_names_every_step():
    workflow = LIBRARY["adults-contact-to-review.yaml"].workflow
    outline = cp.workflow_outline(workflow, shipped_forms())
    numbered = [line for line in outline.splitlines() if line[:1].isdigit()]
    assert [line.split(". ", 1)[0] for line in numbered] == [str(n) for n in range(1, len(workflow.steps) + 1)]
    assert "**Information, advice and help to prevent needs** · by practitioner · within 24 hours" in outline
    assert "form: What matters to me" in outline


# --- the page ---------------------------------------------------------------------------
def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui" / "compare_page.py"), default_timeout=30).run()
    assert not at.exception
    return at


def choose(at: AppTest, before: str, after: str) -> AppTest:
    at.selectbox(key="compare_before").select(before)
    at.selectbox(key="compare_after").select(after)
    at.run()
    assert not at.exception
    return at


def test_mixed_kinds_say_they_cannot_be_compared():
    at = choose(page(), "case-note.yaml", "adults-contact-to-review.yaml")
    assert [w.value for w in at.warning] == [
        "You cannot compare a form with a workflow\\. Choose two forms, or two workflows\\."]
    assert not at.metric and "What changes" not in [s.value for s in at.subheader]


def test_the_same_form_on_both_sides_shows_no_changes_and_a_zero_delta():
    at = choose(page(), "case-note.yaml", "case-note.yaml")
    assert [i.value for i in at.info] == ["No changes: the two versions are the same."]
    assert len(at.metric) == 5 and all(m.delta == "0" for m in at.metric)


def test_two_different_library_forms_show_changes_delta_and_both_outlines():
    at = choose(page(), "case-note.yaml", "contact-record.yaml")
    expected = diff(LIBRARY["case-note.yaml"].form, LIBRARY["contact-record.yaml"].form)
    text = "\n".join(m.value for m in at.markdown)
    assert "- The form's title changes from 'Case note or visit' to 'Contact about a child'\\." in text
    outcome = cp.compare(side("case-note.yaml"), side("contact-record.yaml"))
    assert [(m.label, m.value, m.delta) for m in at.metric] == [
        (d.label, d.shown(d.after), d.delta_text) for d in outcome.deltas]
    assert at.metric[2].value == str(expected.after["fields"])
    assert "**Before: case\\-note\\.yaml**" in text and "**After: contact\\-record\\.yaml**" in text
    assert "- **Date of the visit or call** · date · required" in text
    assert "- **Date we heard about the child** · date · required" in text
    assert not at.text_input and not at.checkbox  # the side-by-side view is text, not widgets


def test_an_uploaded_modified_version_is_compared():
    at = choose(page(), "case-note.yaml", "case-note.yaml")
    at.file_uploader(key="compare_after_upload").set_value(
        ("case-note-v3.yaml", MODIFIED.encode(), "application/yaml")).run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "- **Breaking:** Question 'Start time' is removed from section 'The visit'\\." in text
    assert [w.value for w in at.warning] == [
        "Breaking for systems built on the old version: 1 change marked 'Breaking' need work in records or systems "
        "\\(a major version\\)\\."]
    assert "**After: case\\-note\\-v3\\.yaml \\(uploaded\\)**" in text
    fields = next(m for m in at.metric if m.label == "Fields")
    assert fields.delta == "-1"


def test_an_upload_that_is_not_utf8_shows_a_message_and_no_comparison():
    at = page()
    at.file_uploader(key="compare_before_upload").set_value(("cafe.yaml", LATIN_1, "application/yaml")).run()
    assert not at.exception
    assert "not valid UTF\\-8 text" in at.error[0].value
    assert not at.metric


def test_an_upload_with_errors_shows_them_located_and_does_not_compare():
    at = page()
    at.file_uploader(key="compare_before_upload").set_value(("broken.yaml", BROKEN.encode(), "text/yaml")).run()
    assert not at.exception
    assert "**Error, line 4, column 1** (YAML_001)" in at.error[0].value
    assert not at.metric and "What changes" not in [s.value for s in at.subheader]


def test_every_widget_has_a_label_and_uploads_are_small_yaml_files():
    at = page()
    widgets = [*at.selectbox, *at.file_uploader]
    assert len(widgets) == 4 and all(w.label.strip() for w in widgets)
    assert all(set(u.allowed_type) == {".yaml", ".yml"} for u in at.file_uploader)


def test_saved_copies_can_be_compared(tmp_path, monkeypatch):
    from forms.storage import save
    from ui.library_data import library

    for path in LIBRARY_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("COFORM_FORMS_DIR", str(tmp_path))
    note = tmp_path / "case-note.yaml"
    original = note.read_text(encoding="utf-8")
    import hashlib

    result = save(note, original.replace("label: Who was there", "label: Who else was there"),
                  hashlib.sha256(original.encode("utf-8")).hexdigest())
    assert result.ok, result.message
    assert all(r.path.startswith(str(tmp_path)) for r in library())
    at = AppTest.from_file(str(ROOT / "ui" / "compare_page.py"), default_timeout=30).run()
    assert not at.exception
    options = at.selectbox(key="compare_before").options
    assert "Case note or visit (case-note.yaml, saved copy 1)" in options
    at.selectbox(key="compare_before").set_value("case-note.yaml, saved copy 1")
    at.selectbox(key="compare_after").set_value("case-note.yaml").run()
    assert not at.exception
    assert any("is reworded as 'Who else was there'" in m.value for m in at.markdown)


def test_the_sample_workshops_version_is_offered_and_shows_what_co_design_saved():
    at = choose(page(), "early-help-assessment.yaml",
                "early-help-workshop/early-help-assessment-v4.yaml (sample workshop)")
    summary = [m.value for m in at.markdown if "practitioner minutes per assessment" in m.value]
    assert summary and summary[0].startswith("This version saves about 76 practitioner minutes per assessment")
    assert {m.label: m.value for m in at.metric}["Practitioner minutes"] == "42.4"
