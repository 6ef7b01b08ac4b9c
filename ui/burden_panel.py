"""The burden panel: what a form costs the people filling it in, now against the saved version.

Figures (`st.metric` with the change since the saved version), charts of minutes by who fills
fields in, fields by purpose and the narrative, own-words and non-practice shares (saved and now
side by side), and the plain-English diff (`forms.diff`) between the saved version and the text
in the editor. The figures are `forms.burden`'s: estimates for comparing versions, not
time-and-motion measurements.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from forms import vocabulary as V
from forms.burden import FormBurden, budget_sentence, form_burden, seconds, split_sentence
from forms.diff import diff
from forms.model import Field, Form
from ui.text import md
from ui.words import word

SAVED, NOW = word("burden.saved"), word("burden.now")


def minutes_by_who(form: Form) -> dict[str, float]:
    """Worst-case minutes by `completed_by`, by the rules of `forms.burden` (group fields once per expected item)."""
    out: Counter[str] = Counter()

    def add(fields: tuple[Field, ...], times: float) -> None:
        for field in fields:
            if field.type == "repeating_group":
                add(field.fields, times * (field.expected_items if field.expected_items is not None
                                           else V.DEFAULT_EXPECTED_ITEMS))
            elif field.type != "guidance":
                out[field.completed_by] += seconds(field) * times / 60

    for section in form.sections:
        add(section.fields, 1.0)
    return {who: round(minutes, 1) for who, minutes in sorted(out.items())}


def _delta(now: float, before: float | None, unit: str = "", digits: int = 1) -> str | None:
    """The change since the saved version as metric text ("+1.5"), or None when there is none to show."""
    if before is None:
        return None
    change = round(now - before, digits)
    if change == 0:  # st.metric would draw a zero as a rise; say nothing instead
        return None
    return f"{change:+.{digits}f}{unit}"


def _pct(share: float) -> float:
    return round(share * 100)


def summary(current: FormBurden, saved: FormBurden | None) -> str:
    """One line for under the preview: the main figures, and how they moved since the saved version."""
    def since(now: float, before: float | None) -> str:
        if before is None:
            return ""
        change = round(now - before, 1)
        return word("burden.no_change_since_saved") if change == 0 else word("burden.since_saved", change=change)

    return word("burden.fields_about_practitioner_minutes", fields=current.fields,
                practitioner=current.practitioner_minutes,
                practitioner_since=since(current.practitioner_minutes, saved.practitioner_minutes if saved else None),
                person=current.person_minutes,
                person_since=since(current.person_minutes, saved.person_minutes if saved else None))


def render(current: Form, saved: Form | None) -> None:
    """The whole panel: figures, charts, and the changes since the saved version."""
    now = form_burden(current)
    before = form_burden(saved) if saved is not None else None
    # First what a workshop holds the form to (its budget), then where the practitioner's time goes.
    if now.over_budget and now.budget_minutes is not None:
        st.warning(md(budget_sentence(now.practitioner_minutes, now.budget_minutes, word("burden.form"))))
    st.markdown(f"**{md(split_sentence(now.practitioner_minutes_with_person, now.practitioner_minutes_at_computer))}**"
                f" ({md(now.basis)}).")
    if before is None:
        st.caption(word("burden.there_no_saved_version"))
    else:
        st.caption(word("burden.changes_against_saved_version"))
    b = before
    sensitive = now.special_category + now.criminal_offence
    figures = [  # (label, value, change, colour rule, help)
        (word("burden.fields"), now.fields, _delta(now.fields, b.fields if b else None, digits=0), "off",
         word("burden.recorded_fields_guidance_not")),
        (word("burden.required_fields"), now.required, _delta(now.required, b.required if b else None, digits=0),
         "off", None),
        (word("burden.practitioner_minutes"), f"{now.practitioner_minutes:.1f}",
         _delta(now.practitioner_minutes, b.practitioner_minutes if b else None), "inverse",
         word("burden.worst_case_typically_questions", typical=now.practitioner_minutes_typical)),
        (word("burden.person_minutes"), f"{now.person_minutes:.1f}",
         _delta(now.person_minutes, b.person_minutes if b else None),
         "inverse", word("burden.worst_case_typically", typical=now.person_minutes_typical)),
        (word("burden.time_not_practice"), f"{_pct(now.non_practice_share)}%",
         _delta(_pct(now.non_practice_share), _pct(b.non_practice_share) if b else None, " pts", 0), "inverse",
         word("burden.share_practitioner_minutes_fields")),
        (word("burden.narrative"), f"{_pct(now.narrative_share)}%",
         _delta(_pct(now.narrative_share), _pct(b.narrative_share) if b else None, " pts", 0), "off",
         word("burden.share_fields_free_text")),
        (word("burden.own_words"), f"{_pct(now.own_words_share)}%",
         _delta(_pct(now.own_words_share), _pct(b.own_words_share) if b else None, " pts", 0), "normal",
         word("burden.share_fields_recorded_person")),
        (word("burden.sensitive_fields"), sensitive,
         _delta(sensitive, b.special_category + b.criminal_offence if b else None, digits=0), "inverse",
         word("burden.special_category_criminal_offence")),
    ]
    # Two to a row: the panel shares the page with the editor, and four to a row cut the labels short.
    for pair in (figures[i:i + 2] for i in range(0, len(figures), 2)):
        for column, (name, value, change, colour, about) in zip(st.columns(2), pair, strict=False):
            column.metric(name, value, change, delta_color=colour, help=about)
    _charts(current, saved, now, before)
    _changes(current, saved)


def _table(now: dict[str, float], before: dict[str, float] | None, names: dict[str, str]) -> pd.DataFrame:
    keys = sorted(set(now) | set(before or {}))
    data = {NOW: [now.get(k, 0) for k in keys]}
    if before is not None:
        data = {SAVED: [before.get(k, 0) for k in keys], **data}
    return pd.DataFrame(data, index=[names.get(k, k.replace("_", " ")) for k in keys])


def _alt(title: str, table: pd.DataFrame) -> str:
    """The chart said in words, for screen readers (and for anyone who cannot tell the colours apart)."""
    parts = [f"{name}: " + ", ".join(f"{col.lower()} {table.at[name, col]:g}" for col in table.columns)
             for name in table.index]
    return f"{title}. " + "; ".join(parts) + "."


def _chart(title: str, table: pd.DataFrame, unit: str) -> None:
    st.markdown(f"**{title}**")
    st.bar_chart(table, horizontal=True, stack=False, x_label=unit, alt=_alt(title, table))


def _charts(current: Form, saved: Form | None, now: FormBurden, before: FormBurden | None) -> None:
    left, right = st.columns(2)
    with left:
        who = _table(minutes_by_who(current), minutes_by_who(saved) if saved is not None else None, {})
        _chart(word("burden.minutes_who_fills_fields"), who, "minutes")
    with right:
        purposes = _table(dict(now.by_purpose), dict(before.by_purpose) if before else None, {})
        _chart(word("burden.fields_purpose"), purposes, "fields")
    shares = _table(
        {"narrative": _pct(now.narrative_share), "own_words": _pct(now.own_words_share),
         "not_on_practice": _pct(now.non_practice_share)},
        {"narrative": _pct(before.narrative_share), "own_words": _pct(before.own_words_share),
         "not_on_practice": _pct(before.non_practice_share)} if before else None,
        {"narrative": word("burden.narrative_share"), "own_words": word("burden.own_words_share"),
         "not_on_practice": word("burden.not_practice")})
    _chart(word("burden.shares"), shares, "percent")


def _changes(current: Form, saved: Form | None) -> None:
    st.markdown(word("burden.what_changed_since_saved"))
    if saved is None:
        st.caption(word("burden.nothing_compare_yet"))
        return
    result = diff(saved, current)
    st.markdown(md(result.summary))
    if not result.changes:
        st.caption(word("burden.no_changes_since_saved"))
        return
    st.markdown("\n".join(f"- {md(change.text)}" for change in result.changes))
