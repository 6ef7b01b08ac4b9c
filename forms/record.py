"""The record as the person will read it: an example record, filled in from each field's `example:`.

Story first: answers in the person's own words and other narrative answers, as prose, in the
order of the form; then the facts; then what the person will not see, each with the reason.
Conditions are applied to the example answers, so a question the examples would hide is not in
the record. The studio's record view and the exported spec both draw this; the studio may pass the
answers filled in its preview (a time trial's) as `answers` instead of the examples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.conditions import evaluate
from forms.model import Field, Form
from forms.vocabulary import PURPOSE_FOR_ADULT, PURPOSE_FOR_CHILD, form_word


@dataclass(frozen=True, slots=True)
class Entry:
    """One answer as the person reads it: the question, and the answer in words."""

    field: str
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Unseen:
    field: str
    question: str
    why: str


@dataclass(frozen=True, slots=True)
class Record:
    story: tuple[Entry, ...]  # own-words and narrative answers, as prose, in form order
    facts: tuple[Entry, ...]
    unseen: tuple[Unseen, ...]
    without_example: tuple[str, ...]  # questions the person would read that have no sample answer yet

    @property
    def empty(self) -> bool:
        return not (self.story or self.facts)


def is_story(f: Field) -> bool:
    return f.own_words or f.type == "long_text"


def answer_words(f: Field, value: Any, language: str = "en") -> str:
    """An answer as the person reads it: option labels, 'Yes'/'No' (in LANGUAGE), dates as '3 March 2025'."""
    if f.type == "yes_no":
        return form_word("yes" if value else "no", language)
    labels = {o.value: o.label for o in f.options}
    if f.type == "single_choice":
        return labels.get(value, str(value))
    if f.type == "multi_choice":
        return "; ".join(labels.get(v, str(v)) for v in value)
    if f.type == "date":
        day = dt.date.fromisoformat(str(value))
        return f"{day.day} {day:%B %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if f.type != "long_text" else str(value).strip()


def example_answers(form: Form) -> dict[str, Any]:
    return {p.field.id: p.field.example for p in form.walk() if p.field.example is not None}


def example_record(form: Form, answers: Mapping[str, Any] | None = None) -> Record:
    """The record FORM makes from ANSWERS (by default each field's `example:`)."""
    given = example_answers(form) if answers is None else dict(answers)
    reasons = PURPOSE_FOR_CHILD if form.audience == "child" else PURPOSE_FOR_ADULT
    shown: dict[str, Any] = {}
    hidden_groups: set[str] = set()
    story: list[Entry] = []
    facts: list[Entry] = []
    unseen: list[Unseen] = []
    missing: list[str] = []
    for placed in form.walk():
        f = placed.field
        if placed.group is not None and placed.group.id in hidden_groups:
            continue
        if f.show_if is not None and not evaluate(f.show_if, shown):
            if f.type == "repeating_group":
                hidden_groups.add(f.id)
            continue
        if not f.records:
            continue
        if f.id in given:  # a hidden answer still decides what follows it
            shown[f.id] = given[f.id]
        if not f.visible_to_person:
            why = reasons[f.purpose]
            unseen.append(Unseen(f.id, f.label, why[0].lower() + why[1:]))
            continue
        if f.id not in given:
            missing.append(f.label)
            continue
        entry = Entry(f.id, f.label, answer_words(f, given[f.id], form.languages[0]))
        (story if is_story(f) else facts).append(entry)
    return Record(tuple(story), tuple(facts), tuple(unseen), tuple(missing))
