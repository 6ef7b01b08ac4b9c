"""Data protection: lawful basis (LINT_006), Article 9 condition (LINT_007), 'prefer not to say' (LINT_008),
a personal-data field with no lawful basis or retention after the form's defaults (LINT_019)."""

from __future__ import annotations

import re

from forms import vocabulary as V
from forms.errors import Code, Issue
from forms.model import Field, Placed

_CATEGORY_NAMES = {"special_category": "special category", "criminal_offence": "criminal offence"}
# Topics people may not want to disclose (Equality Act protected characteristics that are also
# special category data, or close to it), looked for in a choice's label and id.
_SENSITIVE = re.compile(
    r"\b(ethnic(?:ity)?|race|religio(?:n|us)|beliefs?|faith|sexual\s+orientation|sexuality|gender\s+identity"
    r"|gender|sex|disab(?:ility|ilities|led))\b", re.IGNORECASE)
# An option that lets the person decline: "Prefer not to say", "I'd rather not say", "Not
# stated" (the NHS data dictionary's code for a declined answer), "Information refused".
_DECLINE = re.compile(
    r"prefer\s+not|rather\s+not|not\s+stated|(?:don'?t|do\s+not)\s+want\s+to\s+(?:say|answer)"
    r"|declined?\s+to\s+(?:say|answer)|information\s+refused", re.IGNORECASE)


def check_lawful_basis(placed: list[Placed]) -> list[Issue]:
    """LINT_006: special category or criminal offence data with no lawful_basis."""
    issues = []
    for item in placed:
        f = item.field
        if f.records and f.data_category in _CATEGORY_NAMES and f.lawful_basis is None:
            issues.append(Code.LINT_NO_LAWFUL_BASIS.issue(
                "", *f.at("data_category"), field=f.id, category=_CATEGORY_NAMES[f.data_category]))
    return issues


def check_processing_condition(placed: list[Placed]) -> list[Issue]:
    """LINT_007: special category data with no Article 9(2) processing_condition."""
    issues = []
    for item in placed:
        f = item.field
        if f.records and f.data_category == "special_category" and f.processing_condition is None:
            issues.append(Code.LINT_NO_CONDITION.issue("", *f.at("data_category"), field=f.id))
    return issues


def sensitive_topic(f: Field) -> str | None:
    """What sensitive topic a field asks about, if any (its special category, or its words)."""
    if f.special_category:
        return V.readable(f.special_category).lower()
    found = _SENSITIVE.search(f.label) or _SENSITIVE.search(f.id.replace("_", " ").replace("-", " "))
    return re.sub(r"\s+", " ", found.group(1).lower()) if found else None


def check_prefer_not_to_say(placed: list[Placed]) -> list[Issue]:
    """LINT_008: a single choice about a sensitive topic with no way to decline."""
    issues = []
    for item in placed:
        f = item.field
        if f.type != "single_choice":
            continue
        topic = sensitive_topic(f)
        if topic is None:
            continue
        if any(_DECLINE.search(o.label) or _DECLINE.search(o.value.replace("_", " ")) for o in f.options):
            continue
        issues.append(Code.LINT_NO_PREFER_NOT.issue("", *f.at("options"), field=f.id, topic=topic))
    return issues


def check_gaps(placed: list[Placed]) -> list[Issue]:
    """LINT_019: personal data with no lawful_basis or no retention, after the form's `defaults`.

    A missing basis on special category or criminal offence data is LINT_006's (one warning, not two).
    """
    issues = []
    for item in placed:
        f = item.field
        if not f.records or f.data_category == "none":
            continue
        missing = []
        if f.lawful_basis is None and f.data_category not in _CATEGORY_NAMES:
            missing.append(("lawful_basis", "lawful basis", "public_task"))
        if f.retention is None:
            missing.append(("retention", "retention", "8 years after care ends"))
        for key, words, example in missing:
            issues.append(Code.LINT_NO_DATA_PROTECTION.issue("", *f.at("id"), field=f.id, missing=words, key=key,
                                                             example=example))
    return issues


def check(placed: list[Placed]) -> list[Issue]:
    return (check_lawful_basis(placed) + check_processing_condition(placed) + check_prefer_not_to_say(placed)
            + check_gaps(placed))
