"""Time budgets (LINT_018): a form, or a path through a workflow, over its agreed practitioner minutes."""

from __future__ import annotations

import pytest

from tests.conftest import load
from tests.lints.support import found

FORM = """\
    kind: form
    id: visit
    title: Visit
    version: 1
    budget_minutes: {budget}
    purpose: To record a visit.
    sections:
      - id: s
        title: S
        fields:
          - {{id: story, label: What happened?, type: long_text, hint: In your words}}
          - {{id: next, label: What happens next?, type: long_text, hint: Who does what}}
    """  # two long texts: 6 practitioner minutes


@pytest.mark.parametrize(("budget", "expected"), [(5, [("LINT_018", 5)]), (6, []), (20, [])])
def test_a_form_over_its_budget_is_warned_at_the_budget_key(budget, expected):
    assert found(FORM.format(budget=budget), "LINT_018") == expected


def test_the_warning_gives_both_figures():
    result = load(FORM.format(budget=5.5), lint=True)
    (issue,) = [i for i in result.issues if i.code == "LINT_018"]
    assert (issue.line, issue.column) == (5, 17)
    assert "the form takes about 6 minutes of practitioner time at most, over its budget of 5.5 minutes" in \
        issue.sentence()


def test_a_workflow_budget_is_checked_along_its_heaviest_path():
    visit = load(FORM.format(budget=20)).form
    workflow = """\
        kind: workflow
        id: w
        title: W
        version: 1
        purpose: To test.
        budget_minutes: {budget}
        start: first
        steps:
          - {{id: first, title: First visit, form: visit, next: [{{to: second}}, {{to: done}}]}}
          - {{id: second, title: Second visit, form: visit, next: [{{to: done}}]}}
          - {{id: done, title: Done, end: true}}
        """
    assert found(workflow.format(budget=10), "LINT_018", forms={"visit": visit}) == [("LINT_018", 6)]
    result = load(workflow.format(budget=10), lint=True, forms={"visit": visit})
    assert "the path first → second → done takes about 12 minutes" in result.issues[0].sentence()
    assert found(workflow.format(budget=12), "LINT_018", forms={"visit": visit}) == []
