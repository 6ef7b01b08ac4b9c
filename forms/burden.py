"""Burden figures: what a form, or a path through a workflow, costs the people filling it (docs/format.md).

Minutes come from default seconds per field type (overridden by `estimated_seconds`, and by the
median of measured timings where a field has at least 3 observations: see `forms.timings`). A field
completed `together` counts for both practitioner and person; `admin` and `system` for neither.
The practitioner's minutes split into time *with the person* (fields completed `together`) and
time *at the computer* (fields the practitioner completes alone); the two add up to the whole.
Fields in a repeating group count once per expected item (2 unless `expected_items` says).
Conditional fields count in full in the worst case and at half weight in the typical case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from forms import vocabulary as V
from forms.model import Field, Form, Workflow
from forms.validate import graph

MAX_PATHS = 20_000  # simple paths examined per workflow; real workflows have a few dozen


@dataclass(frozen=True, slots=True)
class FormBurden:
    """The figures for one form. Minutes are worst case unless named typical."""

    form: str
    fields: int
    required: int
    by_type: Mapping[str, int]
    by_purpose: Mapping[str, int]
    by_completed_by: Mapping[str, int]
    practitioner_minutes: float
    person_minutes: float
    practitioner_minutes_typical: float
    person_minutes_typical: float
    non_practice_share: float
    narrative_share: float
    own_words_share: float
    personal: int
    special_category: int
    criminal_offence: int
    non_practice_fields: int
    practitioner_minutes_with_person: float = 0.0
    budget_minutes: float | None = None
    measured_fields: int = 0  # fields whose minutes come from measured timings (the rest are estimated)
    estimated_fields: int = 0

    @property
    def practitioner_minutes_at_computer(self) -> float:
        return self.practitioner_minutes - self.practitioner_minutes_with_person

    @property
    def over_budget(self) -> bool:
        return self.budget_minutes is not None and _r(self.practitioner_minutes) > self.budget_minutes

    @property
    def basis(self) -> str:
        """Where the minutes come from, in words."""
        return basis(self.measured_fields, self.estimated_fields)

    def as_dict(self) -> dict[str, object]:
        whole, together = _r(self.practitioner_minutes), _r(self.practitioner_minutes_with_person)
        return {
            "form": self.form, "fields": self.fields, "required": self.required,
            "by_type": dict(self.by_type), "by_purpose": dict(self.by_purpose),
            "by_completed_by": dict(self.by_completed_by),
            "practitioner_minutes": _r(self.practitioner_minutes), "person_minutes": _r(self.person_minutes),
            "practitioner_minutes_typical": _r(self.practitioner_minutes_typical),
            "person_minutes_typical": _r(self.person_minutes_typical),
            "non_practice_share": _r(self.non_practice_share, 3), "narrative_share": _r(self.narrative_share, 3),
            "own_words_share": _r(self.own_words_share, 3), "personal": self.personal,
            "special_category": self.special_category, "criminal_offence": self.criminal_offence,
            "non_practice_fields": self.non_practice_fields,
            # Rounded so that the two parts add up to the rounded whole, as the documentation promises.
            "practitioner_minutes_with_person": together, "practitioner_minutes_at_computer": _r(whole - together),
            "budget_minutes": self.budget_minutes, "over_budget": self.over_budget,
            "measured_fields": self.measured_fields, "estimated_fields": self.estimated_fields,
            "minutes_basis": self.basis,
        }


def basis(measured: int, estimated: int) -> str:
    if not measured:
        return "estimated from the kind of each question"
    if not estimated:
        return f"measured for all {measured} questions"
    return f"measured for {measured} of {measured + estimated} questions, estimated for the rest"


def _r(value: float, digits: int = 1) -> float:
    return round(value + 0.0, digits)


def seconds(field: Field, measured: Mapping[str, float] | None = None) -> float:
    """Seconds one answer to this field takes: measured (a median), else its own estimate, else the type's default."""
    if measured and field.id in measured:
        return measured[field.id]
    if field.estimated_seconds is not None:
        return field.estimated_seconds
    return V.DEFAULT_SECONDS.get(field.type, 0)


def form_burden(form: Form, measured: Mapping[str, float] | None = None) -> FormBurden:
    """All figures of docs/format.md "Burden figures" for one form, in one pass over its fields.

    MEASURED maps field ids to measured seconds (medians of timings), which replace the estimates."""
    by_type: Counter[str] = Counter()
    by_purpose: Counter[str] = Counter()
    by_who: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    required = narrative = own_words = non_practice = measured_fields = timed_fields = 0
    prac = person = prac_typ = person_typ = prac_non_practice = with_person = 0.0
    for section in form.sections:
        # (fields, how many times each is filled, whether an enclosing group is conditional)
        stack = [(section.fields, 1.0, False)]
        while stack:
            fields, times, conditional = stack.pop()
            for f in fields:
                cond = conditional or f.show_if is not None
                if f.type == "repeating_group":
                    items = f.expected_items if f.expected_items is not None else V.DEFAULT_EXPECTED_ITEMS
                    stack.append((f.fields, times * items, cond))
                    continue
                cost = seconds(f, measured) * times / 60
                typical = cost / 2 if cond else cost
                if f.type != "guidance":
                    timed_fields += 1
                    measured_fields += bool(measured) and f.id in measured
                if f.completed_by in V.PRACTITIONER_ROLES:
                    prac += cost
                    prac_typ += typical
                    if f.completed_by == "together":
                        with_person += cost
                    if f.purpose != "practice":
                        prac_non_practice += cost
                if f.completed_by in V.PERSON_ROLES:
                    person += cost
                    person_typ += typical
                if f.type == "guidance":
                    continue
                by_type[f.type] += 1
                by_purpose[f.purpose] += 1
                by_who[f.completed_by] += 1
                categories[f.data_category] += 1
                required += f.required
                narrative += f.type == "long_text"
                own_words += f.own_words
                non_practice += f.purpose != "practice"
    total = sum(by_type.values())
    return FormBurden(
        form=form.id, fields=total, required=required,
        by_type=dict(sorted(by_type.items())), by_purpose=dict(sorted(by_purpose.items())),
        by_completed_by=dict(sorted(by_who.items())),
        practitioner_minutes=prac, person_minutes=person,
        practitioner_minutes_typical=prac_typ, person_minutes_typical=person_typ,
        non_practice_share=prac_non_practice / prac if prac else 0.0,
        narrative_share=narrative / total if total else 0.0,
        own_words_share=own_words / total if total else 0.0,
        personal=categories["personal"], special_category=categories["special_category"],
        criminal_offence=categories["criminal_offence"], non_practice_fields=non_practice,
        practitioner_minutes_with_person=with_person, budget_minutes=form.budget_minutes,
        measured_fields=measured_fields, estimated_fields=timed_fields - measured_fields,
    )


def describe(b: FormBurden) -> list[str]:
    """The figures as plain sentences, for people rather than programs."""
    return [
        *([budget_sentence(b.practitioner_minutes, b.budget_minutes, "form")] if b.over_budget else []),
        split_sentence(b.practitioner_minutes_with_person, b.practitioner_minutes_at_computer) + f" ({b.basis}).",
        f"{b.fields} fields to record ({b.required} required).",
        f"About {_r(b.practitioner_minutes)} minutes of practitioner time at most "
        f"(typically {_r(b.practitioner_minutes_typical)}), and {_r(b.person_minutes)} minutes of the person's "
        f"(typically {_r(b.person_minutes_typical)}).",
        f"{round(b.non_practice_share * 100)}% of practitioner time goes on fields kept for something other than "
        f"practice (returns, performance, finance, administration...).",
        f"{round(b.narrative_share * 100)}% of fields are narrative; {round(b.own_words_share * 100)}% are in the "
        f"person's own words.",
        f"Personal data: {b.personal} personal, {b.special_category} special category and "
        f"{b.criminal_offence} criminal offence fields.",
    ]


def split_sentence(with_person: float, at_computer: float, whom: str = "the person") -> str:
    """'6 minutes with the person, 6 at the computer': where the practitioner's time goes, first."""
    return f"Practitioner time: {_say(with_person)} with {whom}, {_say(at_computer, unit=False)} at the computer"


def budget_sentence(minutes: float, budget: float, what: str) -> str:
    return (f"Over budget: this {what} takes about {_say(minutes)} of practitioner time, more than its "
            f"{_say(budget, unit=False)}-minute budget.")


def minutes_text(minutes: float) -> str:
    """Minutes to one decimal place, without a trailing '.0' (12.0 → '12')."""
    value = _r(minutes)
    return str(int(value)) if value == int(value) else str(value)


def _say(minutes: float, unit: bool = True) -> str:
    text = minutes_text(minutes)
    return f"{text} minute{'s' if text != '1' else ''}" if unit else text


# --- workflows -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PathBurden:
    """Minutes summed over the forms met along one path from start to an end."""

    steps: tuple[str, ...]
    forms: tuple[str, ...]
    fields: int
    practitioner_minutes: float
    person_minutes: float
    practitioner_minutes_typical: float
    person_minutes_typical: float
    practitioner_minutes_with_person: float = 0.0

    @property
    def practitioner_minutes_at_computer(self) -> float:
        return self.practitioner_minutes - self.practitioner_minutes_with_person

    def as_dict(self) -> dict[str, object]:
        whole, together = _r(self.practitioner_minutes), _r(self.practitioner_minutes_with_person)
        return {
            "steps": list(self.steps), "forms": list(self.forms), "fields": self.fields,
            "practitioner_minutes": whole, "person_minutes": _r(self.person_minutes),
            "practitioner_minutes_typical": _r(self.practitioner_minutes_typical),
            "person_minutes_typical": _r(self.person_minutes_typical),
            "practitioner_minutes_with_person": together, "practitioner_minutes_at_computer": _r(whole - together),
        }


@dataclass(frozen=True, slots=True)
class WorkflowBurden:
    """The shortest and longest path (by steps; ties broken by practitioner minutes) and per-actor figures."""

    workflow: str
    shortest_path: PathBurden | None
    longest_path: PathBurden | None
    by_actor: Mapping[str, Mapping[str, object]]
    missing_forms: tuple[str, ...] = field(default=())
    paths_examined: int = 0
    heaviest_path: PathBurden | None = None  # the path with the most practitioner minutes (what a budget bounds)
    budget_minutes: float | None = None

    @property
    def over_budget(self) -> bool:
        return (self.budget_minutes is not None and self.heaviest_path is not None
                and _r(self.heaviest_path.practitioner_minutes) > self.budget_minutes)

    def as_dict(self) -> dict[str, object]:
        return {
            "workflow": self.workflow,
            "shortest_path": self.shortest_path.as_dict() if self.shortest_path else None,
            "longest_path": self.longest_path.as_dict() if self.longest_path else None,
            "heaviest_path": self.heaviest_path.as_dict() if self.heaviest_path else None,
            "budget_minutes": self.budget_minutes, "over_budget": self.over_budget,
            "by_actor": {k: dict(v) for k, v in self.by_actor.items()},
            "missing_forms": list(self.missing_forms), "paths_examined": self.paths_examined,
        }


def workflow_burden(workflow: Workflow, forms: Mapping[str, Form],
                    measured: Mapping[str, Mapping[str, float]] | None = None) -> WorkflowBurden:
    """Figures along the shortest, longest and heaviest simple paths from start to an end, and per actor.
    MEASURED: measured seconds by form id, then field id (see `form_burden`)."""
    steps = workflow.step_map()
    per_form = {fid: form_burden(form, (measured or {}).get(fid)) for fid, form in forms.items()
                if any(s.form == fid for s in workflow.steps)}
    missing = tuple(sorted({s.form for s in workflow.steps if s.form and s.form not in per_form}))

    def path_burden(path: list[str]) -> PathBurden:
        met = [steps[s].form for s in path if steps[s].form in per_form]
        figures = [per_form[f] for f in met]
        return PathBurden(
            tuple(path), tuple(met), sum(b.fields for b in figures),
            sum(b.practitioner_minutes for b in figures), sum(b.person_minutes for b in figures),
            sum(b.practitioner_minutes_typical for b in figures), sum(b.person_minutes_typical for b in figures),
            sum(b.practitioner_minutes_with_person for b in figures))

    import networkx as nx  # only workflows need it: a form's figures start without it

    g = graph(workflow)
    ends = [s.id for s in workflow.steps if s.end]
    shortest = longest = heaviest = None
    examined = 0
    if workflow.start in steps:
        for end in ends:
            if end == workflow.start:
                candidates = [[end]]
            else:
                candidates = nx.all_simple_paths(g, workflow.start, end)
            for path in candidates:
                examined += 1
                pb = path_burden(list(path))
                key = (len(pb.steps), pb.practitioner_minutes)
                if shortest is None or key < (len(shortest.steps), shortest.practitioner_minutes):
                    shortest = pb
                if longest is None or key > (len(longest.steps), longest.practitioner_minutes):
                    longest = pb
                if heaviest is None or pb.practitioner_minutes > heaviest.practitioner_minutes:
                    heaviest = pb
                if examined >= MAX_PATHS:
                    break
            if examined >= MAX_PATHS:
                break
    by_actor: dict[str, dict[str, object]] = {}
    for actor in sorted({step.actor or "unassigned" for step in workflow.steps}):
        acting = [s for s in workflow.steps if (s.actor or "unassigned") == actor]
        met = [per_form[s.form] for s in acting if s.form in per_form]
        whole = _r(sum(b.practitioner_minutes for b in met))
        together = _r(sum(b.practitioner_minutes_with_person for b in met))
        by_actor[actor] = {
            "steps": len(acting), "forms": [s.form for s in acting if s.form in per_form],
            "practitioner_minutes": whole, "person_minutes": _r(sum(b.person_minutes for b in met)),
            "practitioner_minutes_with_person": together, "practitioner_minutes_at_computer": _r(whole - together),
        }
    return WorkflowBurden(workflow.id, shortest, longest, by_actor, missing, examined, heaviest,
                          workflow.budget_minutes)
