"""The print view: a whole form as read-only text and tables, with no widgets at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from forms.conditions import describe
from forms.model import Field, Form
from ui.text import md


def render(form: Form) -> None:
    """Every section at once as read-only text and tables: no widgets at all."""
    st.header(md(form.title))
    st.caption(f"Version {form.version} · {form.status.replace('_', ' ')}"
               + (f" · {md(form.owner)}" if form.owner else ""))
    st.markdown(md(form.purpose))
    fields = {p.field.id: p.field for p in form.walk()}  # one walk, however many conditions
    for number, section in enumerate(form.sections, 1):
        st.subheader(f"{number}. {md(section.title)}")
        if section.intro:
            st.markdown(md(section.intro))
        rows = ["| " + " | ".join(COLUMNS) + " |", "|---" * len(COLUMNS) + "|"]
        rows += [_row(field, depth, fields) for field, depth in _flatten(section.fields)]
        st.markdown("\n".join(rows))


def _flatten(fields: Iterable[Field], depth: int = 0) -> Iterable[tuple[Field, int]]:
    for field in fields:
        yield field, depth
        yield from _flatten(field.fields, depth + 1)


def _cell(text: object) -> str:
    return md(" ".join(str(text).split()), limit=500)  # a table cell is one line; md escapes '|'


COLUMNS = ("Question", "Answer", "Required", "Filled in by", "Shown when")


def cells(field: Field, fields: Mapping[str, Field], depth: int = 0) -> tuple[str, ...]:
    """A field's print-view cells, in COLUMNS order, as escaped one-line Markdown."""
    question = "↳ " * depth + _cell(field.label)
    if field.hint:
        question += f" · *{_cell(field.hint)}*"  # raw HTML such as <br> is not rendered by st.markdown
    shown = _cell(describe(field.show_if, fields=fields)) if field.show_if else "Always"
    required = "Yes" if field.required else "No"
    who = field.completed_by.replace("_", " ") if field.records else "—"
    return question, _answer(field), required, who, shown


def _row(field: Field, depth: int, fields: Mapping[str, Field]) -> str:
    return "| " + " | ".join(cells(field, fields, depth)) + " |"


def _answer(field: Field) -> str:
    kind = field.type
    if kind in ("single_choice", "multi_choice"):
        options = " / ".join(_cell(o.label) for o in field.options)
        return ("One of: " if kind == "single_choice" else "Any of: ") + options
    if kind == "yes_no":
        return "Yes / No"
    if kind in ("short_text", "long_text"):
        text = "Short text" if kind == "short_text" else "Narrative"
        return text + (f" (up to {field.max_length} characters)" if field.max_length else "")
    if kind in ("number", "scale", "date"):
        low = _cell(field.min) if field.min is not None else None
        high = _cell(field.max) if field.max is not None else None
        name = {"number": "Whole number" if field.integer else "Number", "scale": "Scale", "date": "Date"}[kind]
        if kind == "scale":
            low = f"{low or 1}" + (f" ({_cell(field.min_label)})" if field.min_label else "")
            high = f"{high or 5}" + (f" ({_cell(field.max_label)})" if field.max_label else "")
        if low and high:
            return f"{name} from {low} to {high}"
        return name + (f" from {low}" if low else "") + (f" up to {high}" if high else "")
    if kind == "repeating_group":
        limit = f", up to {field.max_items}" if field.max_items else ""
        return f"A list of items{limit}; each item asks:"
    if kind == "guidance":
        return "Guidance: nothing recorded"
    return _cell(kind)
