"""The time budget lint (LINT_018): a form, or a path through a workflow, that takes the practitioner longer
than the `budget_minutes` its owners agreed, worst case, located at the budget key."""

from __future__ import annotations

from collections.abc import Mapping

from forms.errors import Code, Issue
from forms.model import Form, Workflow


def check_form(form: Form) -> list[Issue]:
    if form.budget_minutes is None:
        return []
    from forms.burden import form_burden, minutes_text  # only forms with a budget need the figures (fast start)

    figures = form_burden(form)
    if not figures.over_budget:
        return []
    line, column = form.at("budget_minutes")
    return [Code.LINT_OVER_BUDGET.issue("", line, column, what="the form",
                                        minutes=minutes_text(figures.practitioner_minutes),
                                        budget=minutes_text(form.budget_minutes))]


def check_workflow(workflow: Workflow, forms: Mapping[str, Form]) -> list[Issue]:
    if workflow.budget_minutes is None:
        return []
    from forms.burden import minutes_text, workflow_burden

    figures = workflow_burden(workflow, forms)
    if not figures.over_budget or figures.heaviest_path is None:
        return []
    line, column = workflow.at("budget_minutes")
    path = " → ".join(figures.heaviest_path.steps)
    return [Code.LINT_OVER_BUDGET.issue("", line, column, what=f"the path {path}",
                                        minutes=minutes_text(figures.heaviest_path.practitioner_minutes),
                                        budget=minutes_text(workflow.budget_minutes))]
