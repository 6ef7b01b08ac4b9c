"""Workflows are graphs: unknown targets, unreachable steps, dead ends, traps and unknown forms are located."""

from __future__ import annotations

import pytest

from forms.model import Workflow
from tests.conftest import load, located
from tests.test_schema import position

VALID = """\
kind: workflow
id: referral
title: From contact to a plan
version: 1
purpose: How a contact about a child becomes help.
start: contact
steps:
  - id: contact
    title: Contact received
    actor: business_support
    form: contact-record
    time_limit: {working_days: 1}
    next:
      - {to: screening}
  - id: screening
    title: Decide what happens next
    actor: practitioner
    next:
      - {to: assessment, when: Needs a social work assessment}
      - {to: closed, when: No further action}
  - id: assessment
    title: Single assessment
    actor: practitioner
    time_limit: {working_days: 45}
    next: [{to: review}]
  - id: review
    title: Review
    time_limit: {hours: 12.5}
    next: [{to: assessment, when: Needs reassessment}, {to: closed}]
  - id: closed
    title: Closed with advice
    end: true
"""

FORMS = {"contact-record": object()}


def test_a_valid_workflow_builds_with_cycles_allowed():
    result = load(VALID, forms=FORMS)
    assert result.issues == ()
    wf = result.workflow
    assert isinstance(wf, Workflow)
    steps = wf.step_map()
    assert steps["contact"].time_limit.describe() == "1 working day"
    assert steps["assessment"].time_limit.describe() == "45 working days"
    assert steps["review"].time_limit.describe() == "12.5 hours"
    assert [t.to for t in steps["screening"].next] == ["assessment", "closed"]
    assert steps["screening"].next[0].when == "Needs a social work assessment"


@pytest.mark.parametrize(("code", "old", "new", "marker"), [
    ("WORKFLOW_001", "start: contact", "start: contct", "contct"),
    ("WORKFLOW_002", "{to: screening}", "{to: screning}", "screning}"),
    ("WORKFLOW_003", "{to: assessment, when: Needs a social work assessment}",
     "{to: closed, when: Needs a social work assessment}", "id: assessment"),
    ("WORKFLOW_004", "    next: [{to: assessment, when: Needs reassessment}, {to: closed}]\n", "",
     "id: review"),
    ("WORKFLOW_006", "form: contact-record", "form: contact-recrd", "contact-recrd"),
    ("WORKFLOW_007", "    end: true\n", "    end: true\n    next: [{to: contact}]\n", "[{to: contact}]"),
    ("WORKFLOW_008", "{working_days: 45}", "{weeks: 6}", "{weeks"),
    ("WORKFLOW_008", "{working_days: 45}", "{working_days: -1}", "-1"),
    ("WORKFLOW_008", "{working_days: 45}", "{working_days: 5, hours: 3}", "{working_days: 5, hours"),
    ("WORKFLOW_009", "{to: assessment, when: Needs reassessment}, {to: closed}", "{to: assessment}", "id: assessment"),
])
def test_graph_problems_are_located(code, old, new, marker):
    assert old in VALID
    text = VALID.replace(old, new)
    found = located(load(text, forms=FORMS))
    assert (code, *position(text, marker)) in found, found


def test_no_reachable_end_is_reported_once_at_start():
    text = VALID.replace("    end: true\n", "    next: [{to: contact}]\n")
    found = located(load(text, forms=FORMS))
    assert found == [("WORKFLOW_005", *position(text, "contact\nsteps"))]


def test_unknown_form_suggests_a_known_one():
    text = VALID.replace("form: contact-record", "form: contact-recrd")
    issue = load(text, forms=FORMS).issues[0]
    assert "Did you mean 'contact-record'?" in issue.message


def test_duplicate_step_ids_are_errors():
    text = VALID.replace("  - id: review\n", "  - id: screening\n")
    assert ("ID_002", *position(text, "screening\n    title: Review")) in located(load(text, forms=FORMS))


def test_the_shipped_library_is_the_default_for_known_forms():
    from forms.loader import load_text

    result = load_text(VALID, "w.yaml")
    assert "WORKFLOW_006" not in [i.code for i in result.issues]
