"""The print view: a whole form as read-only text and tables, with no widgets at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from forms.conditions import describe
from forms.model import Field, Form
from ui.text import md
from ui.words import word


def render(form: Form) -> None:
    """Every section at once as read-only text and tables: no widgets at all."""
    st.header(md(form.title))
    st.caption(word("print.version", version=form.version, status=form.status.replace("_", " "))
               + (f" · {md(form.owner)}" if form.owner else ""))
    st.markdown(md(form.purpose))
    fields = {p.field.id: p.field for p in form.walk()}  # one walk, however many conditions
    for number, section in enumerate(form.sections, 1):
        st.subheader(word("print.section", number=number, title=md(section.title)))
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


COLUMNS = tuple(word(f"print.column.{c}") for c in ("question", "answer", "required", "who", "shown"))


def cells(field: Field, fields: Mapping[str, Field], depth: int = 0) -> tuple[str, ...]:
    """A field's print-view cells, in COLUMNS order, as escaped one-line Markdown."""
    question = "↳ " * depth + _cell(field.label)
    if field.hint:
        question += f" · *{_cell(field.hint)}*"  # raw HTML such as <br> is not rendered by st.markdown
    shown = _cell(describe(field.show_if, fields=fields)) if field.show_if else word("print.always")
    required = word("print.yes" if field.required else "print.no")
    who = field.completed_by.replace("_", " ") if field.records else "—"
    return question, _answer(field), required, who, shown


def _row(field: Field, depth: int, fields: Mapping[str, Field]) -> str:
    return "| " + " | ".join(cells(field, fields, depth)) + " |"


def _answer(field: Field) -> str:
    kind = field.type
    if kind in ("single_choice", "multi_choice"):
        options = " / ".join(_cell(o.label) for o in field.options)
        return word("print.one_of" if kind == "single_choice" else "print.any_of", options=options)
    if kind == "yes_no":
        return word("print.yes_no")
    if kind in ("short_text", "long_text"):
        text = word("print.short_text" if kind == "short_text" else "print.narrative")
        return text + (word("print.up_to_characters", count=field.max_length) if field.max_length else "")
    if kind in ("number", "scale", "date"):
        low = _cell(field.min) if field.min is not None else None
        high = _cell(field.max) if field.max is not None else None
        name = word({"number": "print.whole_number" if field.integer else "print.number", "scale": "print.scale",
                     "date": "print.date"}[kind])
        if kind == "scale":
            low = f"{low or 1}" + (f" ({_cell(field.min_label)})" if field.min_label else "")
            high = f"{high or 5}" + (f" ({_cell(field.max_label)})" if field.max_label else "")
        if low and high:
            return word("print.from_to", name=name, low=low, high=high)
        return name + (word("print.from", low=low) if low else "") + (word("print.up_to", high=high) if high else "")
    if kind == "repeating_group":
        limit = word("print.list_limit", count=field.max_items) if field.max_items else ""
        return word("print.list", limit=limit)
    if kind == "guidance":
        return word("print.guidance")
    return _cell(kind)
