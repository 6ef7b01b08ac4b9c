"""The same question asked again along a workflow (LINT_013, WCAG 3.3.7 Redundant Entry).

A question is asked again when step B comes after step A on some path from the start to an
end, and a field of B's form has the same or a near-duplicate label as a field of A's form
(see `forms.lints.similarity`). Paths are never enumerated (there can be exponentially many,
and loops): B comes after A when B can be reached from A, A from the start, and an end from
B. With loops (reviews), A and B may each come after the other; the one nearer the start is
taken as asked first.

Two steps using the same form are not compared: a form used again (a review, a
reassessment) is meant to be filled again, and every field would be reported. What this
finds is the contact form, the assessment and the plan each asking for the same facts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from forms.errors import Code, Issue
from forms.lints.similarity import Label, LabelIndex, prepare, question
from forms.model import Field, Form, Step, Workflow


def _reach(start: str, edges: Mapping[str, list[str]]) -> dict[str, int]:
    """Steps reachable from a step, with their distance (breadth first)."""
    distance = {start: 0}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for there in edges.get(here, ()):
            if there not in distance:
                distance[there] = distance[here] + 1
                queue.append(there)
    return distance


def _questions(form: Form) -> list[tuple[Field, Label]]:
    return [(p.field, prepare(question(p))) for p in form.walk() if p.field.type != "guidance"]


def check_repeats(workflow: Workflow, forms: Mapping[str, Form]) -> list[Issue]:
    """LINT_013: each field of a later step's form that an earlier step's form already asked."""
    steps = workflow.step_map()
    if workflow.start not in steps:
        return []
    edges = {s.id: [t.to for t in s.next if t.to in steps] for s in workflow.steps}
    backwards: dict[str, list[str]] = {}
    for source, targets in edges.items():
        for target in targets:
            backwards.setdefault(target, []).append(source)
    from_start = _reach(workflow.start, edges)
    to_end: set[str] = set()
    for step in workflow.steps:
        if step.end:
            to_end |= _reach(step.id, backwards).keys()
    order = {s.id: i for i, s in enumerate(workflow.steps)}
    # Steps on some path from the start to an end, with a known form, nearest the start first.
    on_path = sorted((s for s in workflow.steps if s.id in from_start and s.id in to_end and s.form in forms),
                     key=lambda s: (from_start[s.id], order[s.id]))
    questions: dict[str, list[tuple[Field, Label]]] = {}
    indexes: dict[str, LabelIndex[Field]] = {}
    for step in on_path:
        assert step.form is not None
        if step.form not in indexes:
            questions[step.form] = _questions(forms[step.form])
            index: LabelIndex[Field] = LabelIndex()
            for field, label in questions[step.form]:
                index.add(label, field)
            indexes[step.form] = index
    reach = {s.id: _reach(s.id, edges) for s in on_path}
    issues = []
    for position, later in enumerate(on_path):
        earlier = [s for s in on_path[:position] if s.form != later.form and later.id in reach[s.id]]
        if earlier:
            issues += _repeats(later, earlier, questions, indexes)
    return issues


def _repeats(later: Step, earlier: list[Step], questions: Mapping[str, list[tuple[Field, Label]]],
             indexes: Mapping[str, LabelIndex[Field]]) -> list[Issue]:
    issues = []
    assert later.form is not None
    for field, label in questions[later.form]:
        for first in earlier:
            assert first.form is not None
            if indexes[first.form].find(label) is not None:
                issues.append(Code.LINT_REPEATED_IN_WORKFLOW.issue(
                    "", *later.at("form"), step=later.id, label=field.label, form=later.form, field=field.id,
                    first_step=first.id, first_form=first.form))
                break
    return issues
