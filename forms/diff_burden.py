"""The burden sentences of `forms.diff`: what a new version costs or saves, in plain English.

"This version saves about 14 practitioner minutes per assessment and removes 6 fields ...", for a
form; along the longest path, for a workflow; and whether the change takes it over its budget.
"""

from __future__ import annotations

from forms.burden import FormBurden, PathBurden, minutes_text


def burden_sentence(before: FormBurden, after: FormBurden) -> str:
    """'This version saves about 14 practitioner minutes per assessment and removes 6 ...'"""
    parts = []
    delta = after.practitioner_minutes - before.practitioner_minutes
    if abs(delta) >= 0.05:
        parts.append(f"{'saves' if delta < 0 else 'adds'} about {_minutes(delta)} practitioner "
                     f"minute{'s' if abs(delta) >= 1.05 else ''} per {_noun(after.form)}")
    person = after.person_minutes - before.person_minutes
    if abs(person) >= 0.05:
        parts.append(f"{'saves the person' if person < 0 else 'asks the person for'} about {_minutes(person)} "
                     f"minute{'s' if abs(person) >= 1.05 else ''}")
    fields = after.fields - before.fields
    if fields:
        parts.append(f"{'removes' if fields < 0 else 'adds'} {abs(fields)} field{'s' if abs(fields) != 1 else ''}")
    non_practice = after.non_practice_fields - before.non_practice_fields
    if non_practice:
        parts.append(f"{'removes' if non_practice < 0 else 'adds'} {abs(non_practice)} field"
                     f"{'s' if abs(non_practice) != 1 else ''} kept for returns, performance or administration "
                     f"rather than practice")
    own = after.own_words_share - before.own_words_share
    if abs(own) >= 0.005:
        parts.append(f"{'raises' if own > 0 else 'lowers'} the share in the person's own words from "
                     f"{round(before.own_words_share * 100)}% to {round(after.own_words_share * 100)}%")
    sensitive = (after.special_category + after.criminal_offence) - (before.special_category + before.criminal_offence)
    if sensitive:
        parts.append(f"records {abs(sensitive)} {'more' if sensitive > 0 else 'fewer'} special category or "
                     f"criminal offence field{'s' if abs(sensitive) != 1 else ''}")
    crossing = budget_crossing(before.over_budget, after.over_budget, after.budget_minutes or before.budget_minutes,
                               "form")
    if crossing:
        parts.append(crossing)
    if not parts:
        return "This version does not change the burden figures."
    return "This version " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + "."


def budget_crossing(was_over: bool, is_over: bool, budget: float | None, what: str) -> str:
    """'takes the form over its 20-minute budget' when a change crosses the budget, either way."""
    if was_over == is_over or budget is None:
        return ""
    limit = f"{minutes_text(budget)}-minute budget"
    return f"takes the {what} over its {limit}" if is_over else f"brings the {what} back within its {limit}"


def _minutes(delta: float) -> str:
    value = abs(delta)
    return str(round(value)) if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def _noun(form_id: str) -> str:
    for word in ("assessment", "review", "plan", "note", "record"):
        if word in form_id:
            return word
    return "form"


def path_sentence(before: PathBurden | None, after: PathBurden | None) -> str:
    if before is None or after is None:
        return "The burden along the workflow cannot be compared (no complete path)."
    delta = after.practitioner_minutes - before.practitioner_minutes
    steps = len(after.steps) - len(before.steps)
    if abs(delta) < 0.05 and not steps:
        return "This version does not change the burden along the longest path."
    parts = []
    if abs(delta) >= 0.05:
        parts.append(f"{'saves' if delta < 0 else 'adds'} about {_minutes(delta)} practitioner minutes")
    if steps:
        parts.append(f"{'removes' if steps < 0 else 'adds'} {abs(steps)} step{'s' if abs(steps) != 1 else ''}")
    return "Along the longest path, this version " + " and ".join(parts) + "."
