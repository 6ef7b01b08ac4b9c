"""A workflow's ways out may say when they are taken as a condition over a form's answers (`if`), and a time
limit may say what starts the clock and what happens when it runs out: both checked where they are written."""

from __future__ import annotations

import pytest

from forms.conditions import evaluate
from forms.loader import shipped_forms
from tests.conftest import load, located
from tests.test_schema import position

WORKFLOW = """\
kind: workflow
id: referral
title: From contact to a decision
version: 1
purpose: How a contact about a child is decided.
start: contact
steps:
  - id: contact
    title: Contact received
    form: contact-record
    time_limit: {working_days: 1, starts: the contact is received, if_missed: the team manager is told}
    next:
      - {to: strategy, when: The child may be in danger, if: {field: immediate_danger, equals: true}}
      - {to: closed, when: No further action, if: {field: immediate_danger, equals: false}}
  - id: strategy
    title: Strategy discussion
    next:
      - {to: closed, answers_of: contact-record, if: {field: parents_aware, answered: true}}
  - id: closed
    title: Closed
    end: true
"""


def test_ways_out_and_time_limits_keep_their_machine_readable_parts():
    result = load(WORKFLOW, forms=shipped_forms())
    assert result.issues == ()
    steps = result.workflow.step_map()
    limit = steps["contact"].time_limit
    assert (limit.unit, limit.amount, limit.starts, limit.if_missed) == (
        "working_days", 1, "the contact is received", "the team manager is told")
    danger, safe = steps["contact"].next
    assert danger.when == "The child may be in danger" and danger.answers_of is None
    assert evaluate(danger.condition, {"immediate_danger": True}) and not evaluate(safe.condition,
                                                                                   {"immediate_danger": True})
    assert steps["strategy"].next[0].answers_of == "contact-record"


@pytest.mark.parametrize(("code", "old", "new", "marker"), [
    # No form to read: the step has none and no answers_of names one.
    ("WORKFLOW_010", "{to: closed, answers_of: contact-record, if:", "{to: closed, if:", "{field: parents_aware"),
    ("WORKFLOW_010", "answers_of: contact-record", "answers_of: contact-recrd", "{field: parents_aware"),
    ("WORKFLOW_011", "{field: immediate_danger, equals: true}", "{field: imediate_danger, equals: true}",
     "{field: imediate_danger"),
    ("COND_004", "{field: immediate_danger, equals: false}", "{field: immediate_danger, equals: nope}",
     "{field: immediate_danger, equals: nope"),
    ("COND_005", "{field: parents_aware, answered: true}", "{field: household_name, answered: true}",
     "{field: household_name"),
    ("COND_001", "{field: immediate_danger, equals: true}", "{field: immediate_danger}", "{field: immediate_danger}"),
    ("WORKFLOW_012", "if_missed: the team manager is told", "if_missed: [a, b]", "[a, b]"),
    ("WORKFLOW_012", "starts: the contact is received", "starts: ''", "''"),
    ("WORKFLOW_008", "starts: the contact is received", "start: the contact is received", "{working_days"),
])
def test_problems_are_located(code, old, new, marker):
    assert old in WORKFLOW
    text = WORKFLOW.replace(old, new)
    found = located(load(text, forms=shipped_forms()))
    assert (code, *position(text, marker)) in found, found


def test_an_unknown_field_suggests_the_forms_own():
    text = WORKFLOW.replace("{field: immediate_danger, equals: true}", "{field: imediate_danger, equals: true}")
    (issue,) = load(text, forms=shipped_forms()).issues
    assert "not a field of the form 'contact-record'" in issue.message
    assert "Did you mean 'immediate_danger'?" in issue.message


def test_diff_reports_a_changed_rule_as_breaking_and_a_first_one_as_compatible():
    from forms.compatibility import BREAKING, COMPATIBLE
    from forms.diff import diff

    before = load(WORKFLOW, forms=shipped_forms()).workflow
    changed = load(WORKFLOW.replace("{field: immediate_danger, equals: true}",
                                    "{field: parents_aware, equals: false}")
                   .replace("if_missed: the team manager is told", "if_missed: the duty manager is told"),
                   forms=shipped_forms()).workflow
    found = [(c.text, c.compatibility) for c in diff(before, changed).changes if c.kind.startswith("step_")]
    assert ("'Contact received': the time running out now means 'the duty manager is told' "
            "(was 'the team manager is told').", COMPATIBLE) in found
    assert ("'Contact received' now leads to 'strategy' if 'parents_aware' is No (the condition changed).",
            BREAKING) in found
    words_only = load(WORKFLOW.replace(", if: {field: immediate_danger, equals: true}", ""),
                      forms=shipped_forms()).workflow
    (first,) = [c for c in diff(words_only, before).changes if c.kind == "step_next"]
    assert first.compatibility == COMPATIBLE
