"""The preview's widgets: the one a real form would use for each field type, seeded with a kept answer.

`draw` draws a field's question and returns its answer; `seed` gives a widget appearing afresh the
answer kept in `ui.state.answers` (if an edit has not made it impossible); `normalise` turns a
widget's value into plain data, as conditions compare it. Every answer is stamped through
`time_trial.answered` while a time trial runs.

All participant text goes through `ui.text.md` where Streamlit renders Markdown (labels, radio
and slider options, captions, markdown); selectbox and multiselect options are shown as plain
text by Streamlit, so there it is only stripped of invisible characters (escaping would show
backslashes).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import streamlit as st

from forms import vocabulary as V
from forms.model import Field
from ui import time_trial
from ui.text import md, plain
from ui.words import word

RADIO_MAX_OPTIONS = 5  # more options than this: a selectbox, which stays one line on a phone
SCALE_MAX_STEPS = 100  # a wider "scale" is really a number
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


def label(field: Field, language: str = "en") -> str:
    """A widget label: the escaped question, with '(required)' in words (never colour alone)."""
    return md(field.label) + (V.form_word("required", language) if field.required else "")


def normalise(value: Any) -> Any:
    """A widget value as plain data, as conditions compare it (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def seed(key: str, field: Field, answer: Any) -> None:
    """Give a widget appearing afresh its kept answer, if the answer still fits the field as edited."""
    if key in st.session_state or answer is None:
        return
    value = _fit(field, answer)
    if value is not None:
        st.session_state[key] = value


def _fit(field: Field, answer: Any) -> Any:
    """The answer as the field's widget takes it, or None when an edit has made it impossible."""
    kind = field.type
    if kind in ("short_text", "long_text"):
        if not isinstance(answer, str):
            return None
        return answer[:field.max_length] if field.max_length else answer
    if kind == "yes_no":
        return answer if isinstance(answer, bool) else None
    if kind == "single_choice":
        return answer if answer in field.option_values() else None
    if kind == "multi_choice":
        if not isinstance(answer, list):
            return None
        kept = [a for a in answer if a in field.option_values()]
        return kept[:field.max_selected] if field.max_selected else kept
    if kind == "date":
        try:
            day = dt.date.fromisoformat(answer)
        except (TypeError, ValueError):
            return None
        low, high = _date_bounds(field)
        return day if low <= day <= high else None
    if kind in ("number", "scale"):
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            return None
        if kind == "scale" and _scale_steps(field) is not None:
            return answer if answer in _scale_steps(field) else None
        low, high, _ = _number_bounds(field)
        if (low is not None and answer < low) or (high is not None and answer > high):
            return None
        return int(answer) if _integer(field) else float(answer)
    return None


def draw(field: Field, key: str, form_id: str = "", item: str | None = None, language: str = "en") -> Any:
    kind = field.type
    text = label(field, language)
    # Every answer given is stamped while a time trial runs (the callback does nothing otherwise).
    timed = {"on_change": time_trial.answered, "args": (form_id, field.id, item)}
    if kind == "short_text":
        return st.text_input(text, key=key, **timed, max_chars=field.max_length)
    if kind == "long_text":
        return st.text_area(text, key=key, **timed, max_chars=field.max_length, height=100)
    if kind == "yes_no":
        return st.radio(text, [True, False], index=None, key=key, **timed, horizontal=True,
                        format_func=lambda v: V.form_word("yes" if v else "no", language))
    if kind == "single_choice":
        values = list(field.option_values())
        names = {o.value: o.label for o in field.options}
        if len(values) <= RADIO_MAX_OPTIONS:
            return st.radio(text, values, index=None, key=key, **timed, format_func=lambda v: md(names[v]))
        return st.selectbox(text, values, index=None, key=key, **timed, format_func=lambda v: plain(names[v]),
                            placeholder=V.form_word("choose_one", language))
    if kind == "multi_choice":
        names = {o.value: o.label for o in field.options}
        return st.multiselect(text, list(names), key=key, **timed, format_func=lambda v: plain(names[v]),
                              max_selections=field.max_selected, placeholder=V.form_word("choose_any", language))
    if kind == "date":
        low, high = _date_bounds(field)
        return st.date_input(text, value=None, min_value=low, max_value=high, key=key, **timed, format="DD/MM/YYYY")
    if kind == "scale" and _scale_steps(field) is not None:
        steps = _scale_steps(field)
        ends = {steps[0]: field.min_label, steps[-1]: field.max_label}
        return st.select_slider(text, options=steps, key=key, **timed,
                                format_func=lambda v: f"{v} – {md(ends[v])}" if ends.get(v) else str(v))
    if kind in ("number", "scale"):
        low, high, step = _number_bounds(field)
        return st.number_input(text, min_value=low, max_value=high, step=step, value=None, key=key, **timed,
                               placeholder=V.form_word("type_number", language))
    st.caption(word("preview.no_preview", label=label(field, language), kind=md(kind)))
    return None


def _integer(field: Field) -> bool:
    return field.integer or field.type == "scale"


def _number_bounds(field: Field) -> tuple[Any, Any, Any]:
    low, high = field.min, field.max
    if low is not None and high is not None and low > high:  # an edit in progress: draw without bounds
        low = high = None
    if _integer(field):
        return (None if low is None else math.ceil(low)), (None if high is None else math.floor(high)), 1
    return (None if low is None else float(low)), (None if high is None else float(high)), None


def _scale_steps(field: Field) -> list[int] | None:
    low = 1 if field.min is None else field.min
    high = 5 if field.max is None else field.max
    if not (float(low).is_integer() and float(high).is_integer()) or not 0 < high - low <= SCALE_MAX_STEPS:
        return None
    return list(range(int(low), int(high) + 1))


def _date(value: Any, default: dt.date) -> dt.date:
    if value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def _date_bounds(field: Field) -> tuple[dt.date, dt.date]:
    low, high = _date(field.min, EARLIEST), _date(field.max, LATEST)
    # 'today' is not compared when the form is checked (it moves), so min may pass max: draw, don't fail.
    return (low, high) if low <= high else (high, low)
