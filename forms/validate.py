"""Checks on a built model: unique identifiers, conditions, and the workflow graph (networkx)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from forms.conditions import check_answer_test, check_conditions
from forms.errors import Code, Issue, shown
from forms.model import Form, Step, Transition, Workflow
from forms.suggest import did_you_mean

if TYPE_CHECKING:
    import networkx as nx


def _duplicates(items: Iterable[tuple[str, tuple[int, int]]], what: str) -> list[Issue]:
    seen: dict[str, int] = {}
    issues = []
    for ident, at in items:
        if not ident:
            continue
        if ident in seen:
            issues.append(Code.ID_DUPLICATE.issue("", at[0], at[1], what=what, value=shown(ident), first=seen[ident]))
        else:
            seen[ident] = at[0]
    return issues


def check_form(form: Form) -> list[Issue]:
    """Identifier uniqueness (sections; fields across the whole form) and every show_if."""
    placed = list(form.walk())
    issues = _duplicates(((s.id, s.at("id")) for s in form.sections), "section id")
    issues += _duplicates(((p.field.id, p.field.at("id")) for p in placed), "field id")
    issues += _retired_reused(form, placed)
    issues += check_conditions(form, placed)
    return issues


def _retired_reused(form: Form, placed: list) -> list[Issue]:
    """A retired id used again: old records' answers to another question would read as answers to this one."""
    retired = {r.id: r for r in form.retired}
    issues = []
    for p in placed:
        gone = retired.get(p.field.id)
        if gone is not None:
            line, column = p.field.at("id")
            issues.append(Code.ID_RETIRED_REUSED.issue(
                "", line, column, value=shown(p.field.id), since=gone.since_version,
                was=f" ({shown(gone.was)})" if gone.was else "", suggestion=f"{p.field.id}_v{form.version}"))
    return issues


def _check_way_out(step: Step, way: Transition, known_forms: Collection[str] | None) -> list[Issue]:
    """A way out's `if` reads a known form's answers, with the rules of show_if (forms/conditions.py)."""
    assert way.condition is not None
    form_id = way.answers_of or step.form
    at = way.condition.loc
    if form_id is None:
        return [Code.WORKFLOW_CONDITION_NO_FORM.issue("", *at, step=step.id, target=way.to, suggestion="",
                                                      problem="the step has no form whose answers it could read")]
    if known_forms is None or not isinstance(known_forms, Mapping):
        return []  # names only: the fields cannot be checked here
    form = known_forms.get(form_id)
    if form is None:
        return [] if not way.answers_of else [Code.WORKFLOW_CONDITION_NO_FORM.issue(
            "", *at, step=step.id, target=way.to, problem=f"'answers_of' names '{form_id}', which is not a known form",
            suggestion=did_you_mean(form_id, known_forms))]
    fields = form.field_map()
    issues = []
    for name, leaf in way.condition.fields():
        placed = fields.get(name)
        if placed is None:
            issues.append(Code.WORKFLOW_CONDITION_UNKNOWN_FIELD.issue(
                "", *leaf.loc, step=step.id, target=way.to, field=name, form=form_id,
                suggestion=did_you_mean(name, [fid for fid, p in fields.items() if p.field.records])))
            continue
        issue = check_answer_test(name, leaf, placed)
        if issue is not None:
            issues.append(issue)
    return issues


def graph(workflow: Workflow) -> nx.DiGraph:
    """The workflow as a directed graph of step ids (edges only to steps that exist)."""
    import networkx as nx  # only workflows need it; importing it costs a quarter of a second at start-up

    g = nx.DiGraph()
    steps = workflow.step_map()
    for step in workflow.steps:
        g.add_node(step.id)
    for step in workflow.steps:
        for t in step.next:
            if t.to in steps:
                g.add_edge(step.id, t.to, when=t.when)
    return g


def check_workflow(workflow: Workflow, known_forms: Collection[str] | None = None) -> list[Issue]:
    """Unknown start, targets and forms; unreachable steps; dead ends; traps; no reachable end."""
    issues = _duplicates(((s.id, s.at("id")) for s in workflow.steps), "step id")
    steps = workflow.step_map()
    ids = list(steps)
    for step in workflow.steps:
        if step.end and step.next:
            issues.append(Code.WORKFLOW_END_WITH_NEXT.issue("", *step.at("next"), step=step.id))
        if not step.end and not step.next:
            issues.append(Code.WORKFLOW_DEAD_END.issue("", *step.loc, step=step.id))
        for t in step.next:
            if t.to and t.to not in steps:
                issues.append(Code.WORKFLOW_UNKNOWN_TARGET.issue(
                    "", *t.loc, step=step.id, target=t.to, suggestion=did_you_mean(t.to, ids)))
            if t.condition is not None:
                issues += _check_way_out(step, t, known_forms)
        if step.form and known_forms is not None and step.form not in known_forms:
            issues.append(Code.WORKFLOW_UNKNOWN_FORM.issue(
                "", *step.at("form"), step=step.id, form=step.form, suggestion=did_you_mean(step.form, known_forms)))
    if workflow.start not in steps:
        if workflow.start:
            issues.append(Code.WORKFLOW_UNKNOWN_START.issue(
                "", *workflow.at("start"), step=workflow.start, suggestion=did_you_mean(workflow.start, ids)))
        return issues
    import networkx as nx

    g = graph(workflow)
    reachable = nx.descendants(g, workflow.start) | {workflow.start}
    for step in workflow.steps:
        if step.id not in reachable:
            issues.append(Code.WORKFLOW_UNREACHABLE.issue("", *step.loc, step=step.id, start=workflow.start))
    ends = {s.id for s in workflow.steps if s.end}
    if not ends & reachable:
        issues.append(Code.WORKFLOW_NO_END.issue("", *workflow.at("start"), start=workflow.start))
        return issues
    # A trap: a reachable step from which no end can be reached (a loop with no way out).
    can_finish = set(ends)
    for end in ends:
        can_finish |= nx.ancestors(g, end)
    for step in workflow.steps:
        if step.id in reachable and step.id not in can_finish and step.next:
            issues.append(Code.WORKFLOW_TRAP.issue("", *step.loc, step=step.id))
    return issues
