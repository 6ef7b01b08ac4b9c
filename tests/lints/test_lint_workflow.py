"""The same question asked again along a workflow (LINT_013)."""

from __future__ import annotations

import pytest

from forms.model import Form
from tests.conftest import load
from tests.lints.support import found

CONTACT = """\
    kind: form
    id: contact-record
    title: Contact
    version: 1
    purpose: To record a contact.
    sections:
      - id: s
        title: S
        fields:
          - {id: name, label: Child's full name, type: short_text}
          - {id: dob, label: Date of birth, type: date}
          - {id: worry, label: What is the worry?, type: long_text, hint: In the caller's words}
    """
ASSESSMENT = """\
    kind: form
    id: assessment
    title: Assessment
    version: 1
    purpose: To assess.
    sections:
      - id: s
        title: S
        fields:
          - {id: child_name, label: "Child's full name:", type: short_text}
          - {id: strengths, label: What is going well?, type: long_text, hint: Strengths}
    """


def library() -> dict[str, Form]:
    forms = {}
    for text in (CONTACT, ASSESSMENT):
        result = load(text)
        assert result.form is not None and not result.errors
        forms[result.form.id] = result.form
    return forms


def test_a_question_asked_again_at_a_later_step_is_reported_at_that_step():
    assert found("""\
        kind: workflow
        id: w
        title: W
        version: 1
        purpose: To test.
        start: contact
        steps:
          - id: contact
            title: Contact received
            form: contact-record
            next: [{to: screening}]
          - id: screening
            title: Decide
            next: [{to: assess}, {to: closed}]
          - id: assess
            title: Assess
            form: assessment
            next: [{to: closed}]
          - id: closed
            title: Closed
            end: true
        """, "LINT_013", forms=library()) == [("LINT_013", 17)]


@pytest.mark.parametrize("second_form", ["assessment", "contact-record"])
def test_steps_on_different_branches_or_with_the_same_form_are_not_compared(second_form):
    # contact and assess are alternatives: no path goes through both. And contact-record at
    # two steps (a form filled again, as at a review) is not a repeat.
    assert found(f"""\
        kind: workflow
        id: w
        title: W
        version: 1
        purpose: To test.
        start: screening
        steps:
          - id: screening
            title: Decide
            next: [{{to: contact}}, {{to: assess}}]
          - id: contact
            title: Contact received
            form: contact-record
            next: [{{to: closed}}]
          - id: assess
            title: Assess
            form: {second_form}
            next: [{{to: closed}}]
          - id: closed
            title: Closed
            end: true
        """, "LINT_013", forms=library()) == []


def test_in_a_loop_the_step_nearer_the_start_asked_first():
    assert found("""\
        kind: workflow
        id: w
        title: W
        version: 1
        purpose: To test.
        start: assess
        steps:
          - id: assess
            title: Assess
            form: assessment
            next: [{to: review}]
          - id: review
            title: Review
            form: contact-record
            next: [{to: assess}, {to: closed}]
          - id: closed
            title: Closed
            end: true
        """, "LINT_013", forms=library()) == [("LINT_013", 14)]
