"""Proportionality: admin work on practitioners, required fields, own words, questions asked twice.

LINT_009 admin on the practitioner, LINT_010 mostly required, LINT_011 no own words, LINT_012
the same question twice in a form. Counts are of recorded fields (docs/format.md, "Burden figures"):
guidance records nothing and a repeating group's own entry only holds its fields.
"""

from __future__ import annotations

from forms.errors import Code, Issue
from forms.lints.similarity import Label, LabelIndex, question_labels
from forms.model import Form, Placed

# Purposes that serve the organisation rather than the work with the person.
ADMIN_PURPOSES = {"performance": "performance reporting", "statutory_return": "a statutory return",
                  "finance": "finance"}


def check_admin_on_practitioner(placed: list[Placed]) -> list[Issue]:
    """LINT_009: a performance, statutory return or finance field left to the practitioner."""
    issues = []
    for item in placed:
        f = item.field
        if f.records and f.purpose in ADMIN_PURPOSES and f.completed_by == "practitioner":
            # completed_by defaults to the practitioner: point at it if written, else at the purpose.
            at = f.locs.get("completed_by") or f.at("purpose")
            issues.append(Code.LINT_ADMIN_ON_PRACTITIONER.issue("", *at, field=f.id, purpose=ADMIN_PURPOSES[f.purpose]))
    return issues


def check_mostly_required(form: Form, placed: list[Placed]) -> list[Issue]:
    """LINT_010: more than half the recorded fields are required (one warning, at the form)."""
    recorded = [item.field for item in placed if item.field.records]
    required = sum(1 for f in recorded if f.required)
    if required * 2 > len(recorded):
        return [Code.LINT_MOSTLY_REQUIRED.issue("", *form.loc, required=required, total=len(recorded))]
    return []


def check_own_words(form: Form, placed: list[Placed]) -> list[Issue]:
    """LINT_011: a form that records things but nothing in the person's own words."""
    recorded = [item.field for item in placed if item.field.records]
    if recorded and not any(f.own_words for f in recorded):
        return [Code.LINT_NO_OWN_WORDS.issue("", *form.loc)]
    return []


def check_repeated_questions(placed: list[Placed], labels: list[Label | None] | None = None) -> list[Issue]:
    """LINT_012: a field asking what an earlier one asked (same or near-duplicate label).

    The same label twice in one section is LINT_014 (duplicate labels, an accessibility
    problem: a screen reader announces two identical questions), so it is not reported here
    as well; near duplicates in one section, and repeats across sections, are. `labels` are
    the fields' prepared labels (None for guidance), when the caller has them already.
    """
    issues = []
    index: LabelIndex[Placed] = LabelIndex()
    in_section: set[tuple[int, str]] = set()
    for item, label in zip(placed, question_labels(placed) if labels is None else labels, strict=True):
        f = item.field
        if label is None:
            continue
        here = (id(item.section), label.normal)
        if here in in_section:
            continue  # LINT_014 reports it
        in_section.add(here)
        first = index.find(label)
        if first is not None:
            issues.append(Code.LINT_REPEATED_QUESTION.issue(
                "", *f.at("label"), field=f.id, other=first.field.id, other_line=first.field.at("label")[0],
                label=f.label))
        index.add(label, item)
    return issues


def check(form: Form, placed: list[Placed], labels: list[Label | None] | None = None) -> list[Issue]:
    return (check_admin_on_practitioner(placed) + check_mostly_required(form, placed)
            + check_own_words(form, placed) + check_repeated_questions(placed, labels))
