"""ACCEPTANCE.md: a Given/When/Then scenario for each branch, required question, check and time limit."""

from __future__ import annotations

import re
import textwrap

from exporter.acceptance import vendor_tests
from exporter.base import Subject
from forms.loader import LIBRARY_DIR, load_file, load_text, shipped_forms

FORM = textwrap.dedent("""\
    kind: form
    id: visit
    title: Home visit
    version: 3
    purpose: To record a visit.
    sections:
      - id: s
        title: The visit
        fields:
          - {id: seen, label: Was the child seen?, type: yes_no, required: true}
          - id: why_not
            label: 'Why not? [see](http://x.example) <b>'
            type: short_text
            max_length: 20
            required: true
            show_if: {field: seen, equals: false}
          - {id: score, label: Score, type: number, min: 1, max: 5, integer: true}
    """)


def acceptance(document, forms=None) -> str:
    files, _ = vendor_tests(Subject(document, forms or {}))
    return next(f.data.decode() for f in files if f.name == "ACCEPTANCE.md")


def scenarios(text: str) -> dict[str, str]:
    """Scenario id → its whole text."""
    parts = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    return {part.split(".", 1)[0]: part for part in parts}


def test_a_form_has_a_scenario_for_each_branch_required_question_and_check():
    form = load_text(FORM, "visit.yaml", lint=False).document
    text = acceptance(form)
    found = scenarios(text)
    assert sorted(found) == ["C1", "C2", "E1", "E2", "R1", "R2", "V1", "V2", "V3", "V4"]
    shown, hidden = found["C1"], found["C2"]
    assert "is shown" in shown and "'Was the child seen?' answered No" in shown
    assert "examples/valid/" in shown
    assert "is hidden" in hidden and "'Was the child seen?' answered Yes" in hidden
    assert "leave 'Was the child seen?' blank" in found["R1"]
    assert "in which 'Was the child seen?' is No" in found["R2"]  # required only when shown
    checks = "".join(found[k] for k in ("V1", "V2", "V3", "V4"))
    assert "longer than 20 characters" in checks and "below its minimum of 1" in checks
    assert "above its maximum of 5" in checks and "whole number" in checks
    # The form's own text is inert: the link and the tag are escaped, never markup.
    assert "\\[see\\](http\\://x.example) \\<b\\>" in text and "[see](" not in text


def test_the_same_form_gives_the_same_text():
    form = load_text(FORM, "visit.yaml", lint=False).document
    assert acceptance(form) == acceptance(load_text(FORM, "visit.yaml", lint=False).document)


def test_a_workflow_has_time_limits_with_their_clock_and_the_ways_out():
    workflow = load_file(LIBRARY_DIR / "adults-contact-to-review.yaml", lint=False).document
    found = scenarios(acceptance(workflow, shipped_forms()))
    timed = [s for s in workflow.steps if s.time_limit]
    assert sorted(k for k in found if k.startswith("T")) == sorted(f"T{i + 1}" for i in range(len(timed)))
    first = found["T1"]
    assert "**Given** the request for support is received" in first
    assert "**When** 24 hours pass" in first
    assert "**Then** the duty manager is told and calls the person back the same day" in first
    assert "shown as overdue" in found["T2"]  # no if_missed given: the least a system must do
    conditional = next(v for v in found.values() if "been offered" in v)
    assert "'Has the person who cares for you been offered a carer's assessment?' is Yes" in conditional


def test_hostile_text_renders_inert_in_every_vendor_markdown_file():
    from tests.exporter.test_html_spec import hostile_form, hostile_workflow
    from tests.exporter.test_markdown_spec import Rendered, to_html

    form = hostile_form()
    for document, forms in ((form, {}), (hostile_workflow(form), {form.id: form})):
        files, _ = vendor_tests(Subject(document, forms))
        for file in files:
            if file.name.endswith(".md"):
                tags = {t for t, _ in Rendered(to_html(file.data.decode())).tags}
                assert not {"script", "img", "a", "iframe", "b"} & tags, (file.name, tags)
