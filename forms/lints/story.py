"""The person's story: own words buried after the tick boxes (LINT_020), a story split into boxes (LINT_021)."""

from __future__ import annotations

import re

from forms.errors import Code, Issue
from forms.model import Field, Form, Placed

TICK_BOXES = ("yes_no", "single_choice", "multi_choice", "scale")
MIN_TICK_BOXES = 4  # fewer than this, and there is no pile of tick boxes to bury anything under
MIN_RUN = 4  # short text questions in a row that ask for a story
# An open question: one that asks for an account, not a name, a number or a place.
_OPEN = re.compile(r"^\s*(how|what|why|tell|describe|explain|say)\b", re.IGNORECASE)


def check_buried(placed: list[Placed]) -> list[Issue]:
    """LINT_020: the first own-words question comes after most (over half) of the tick-box questions."""
    ticks = [p.field for p in placed if p.field.type in TICK_BOXES]
    first = next((p.field for p in placed if p.field.own_words and p.field.records), None)
    if first is None or len(ticks) < MIN_TICK_BOXES:
        return []
    order = {id(p.field): p.order for p in placed}
    before = sum(order[id(f)] < order[id(first)] for f in ticks)
    if before * 2 <= len(ticks):
        return []
    return [Code.LINT_STORY_BURIED.issue("", *first.at("own_words"), field=first.id, before=before,
                                         total=len(ticks))]


def _asks_for_story(f: Field) -> bool:
    return f.type == "short_text" and (f.own_words or bool(_OPEN.match(f.label)))


def check_split(form: Form) -> list[Issue]:
    """LINT_021: MIN_RUN or more short text questions in a row, each asking for part of a story."""
    issues = []
    lists = [s.fields for s in form.sections] + [p.field.fields for p in form.walk() if p.field.fields]
    for fields in lists:
        run: list[Field] = []
        for f in (*fields, None):
            if f is not None and _asks_for_story(f):
                run.append(f)
                continue
            if len(run) >= MIN_RUN:
                issues.append(Code.LINT_STORY_SPLIT.issue("", *run[0].at("id"), first=run[0].id, last=run[-1].id,
                                                          count=len(run)))
            run = []
    return issues


def check(form: Form, placed: list[Placed]) -> list[Issue]:
    return check_buried(placed) + check_split(form)
