"""The guided editor: change a form with menus and plain fields, no YAML needed.

Every change goes through `forms.editing` (the rest of the file stays as its author wrote it)
and is shown as plain-English changes with the burden summary. The page that hosts it owns
the YAML text; this panel only reads it and hands back the edited text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from forms import vocabulary as V
from forms.editing import EditError, EditResult, Operation, edit_all
from forms.model import Field, Form
from ui.text import md

LAST_EDIT = "guided_last_edit"  # session key: the changes of the last guided edit, to show after rerun
TASKS = ("Change a question", "Add a question", "Change a section", "Add a section", "Form details")
NOT_SET = "(not set)"


def owned_key(key: str, item_id: str, *content: object) -> str:
    """A widget key that belongs to one item as it is now: its id and a digest of the values shown.

    Streamlit keeps a keyed widget's value and ignores `value=` once the key exists, so a key shared
    by every question would show (and save) the first question's values on the next one picked; and
    an item changed underneath (saved, undone, edited as YAML) gets new keys, so its boxes show it anew.
    """
    digest = hashlib.sha256(repr(content).encode("utf-8")).hexdigest()[:12]
    return f"{key}_{item_id}_{digest}"


def _shown(field: Field) -> tuple[object, ...]:
    """Everything the question form shows of FIELD: its widgets are keyed on these values."""
    return (field.label, field.hint, field.type, _options_text(field), field.required, field.own_words,
            field.visible_to_person, field.purpose, field.completed_by, field.data_category, field.special_category,
            field.own("lawful_basis"), field.processing_condition)


def _choice(label: str, options: tuple[str, ...], current: str | None, key: str, optional: bool = False) -> str | None:
    values = ((NOT_SET,) if optional else ()) + options
    index = values.index(current) if current in values else 0
    picked = st.selectbox(label, values, index=index, key=key, format_func=lambda v: v.replace("_", " "))
    return None if picked == NOT_SET else picked


def _options_text(field: Field) -> str:
    return "\n".join(option.label for option in field.options)


def _option_operations(field: Field, text: str) -> list[Operation]:
    """Options typed one per line become add/update/remove operations; existing values are kept."""
    labels = [line.strip() for line in text.splitlines() if line.strip()]
    by_label = {o.label: o for o in field.options}
    ops: list[Operation] = []
    kept = set()
    for label in labels:
        if label in by_label:
            kept.add(by_label[label].value)
            continue
        value = V.slug(label)
        ops.append(("add_option", (field.id, value, label), {}))
        kept.add(value)
    ops += [("remove_option", (field.id, o.value), {}) for o in field.options if o.value not in kept]
    return ops


def _field_form(field: Field | None, key: str) -> dict[str, object] | None:
    """The widgets for a question's wording and metadata; returns the values when submitted.

    KEY must belong to the field (owned_key) so no other question's values are shown or saved here."""
    with st.form(key=f"{key}_form"):
        label = st.text_input("Question, as the person reads it", value=field.label if field else "",
                              key=f"{key}_label", max_chars=500)
        hint = st.text_input("Hint (optional)", value=(field.hint or "") if field else "", key=f"{key}_hint")
        ftype = _choice("Kind of answer", V.FIELD_TYPES, field.type if field else "short_text", f"{key}_type")
        options = st.text_area("Options, one per line (for choices)", value=_options_text(field) if field else "",
                               key=f"{key}_options", height=100)
        cols = st.columns(2)
        with cols[0]:
            required = st.checkbox("Must be answered", value=field.required if field else False,
                                   key=f"{key}_required")
            own_words = st.checkbox("In the person's own words", value=field.own_words if field else False,
                                    key=f"{key}_own_words")
            visible = st.checkbox("The person can see it in their record",
                                  value=field.visible_to_person if field else True, key=f"{key}_visible")
            purpose = _choice("Why it is recorded", V.PURPOSES, field.purpose if field else "practice",
                              f"{key}_purpose")
            who = _choice("Who fills it in", V.COMPLETED_BY, field.completed_by if field else "practitioner",
                          f"{key}_who")
        with cols[1]:
            category = _choice("Kind of personal data", V.DATA_CATEGORIES,
                               field.data_category if field else "personal", f"{key}_category")
            special = _choice("Special category (if any)", V.SPECIAL_CATEGORIES,
                              field.special_category if field else None, f"{key}_special", optional=True)
            # The field's own basis: one it takes from the form's defaults stays there, not copied in.
            basis = _choice("Lawful basis", V.LAWFUL_BASES, field.own("lawful_basis") if field else None,
                            f"{key}_basis", optional=True)
            condition = _choice("Article 9(2) condition", V.PROCESSING_CONDITIONS,
                                field.processing_condition if field else None, f"{key}_condition", optional=True)
        submitted = st.form_submit_button("Save this question" if field else "Add this question")
    if not submitted:
        return None
    return {"label": label.strip(), "hint": hint.strip() or None, "type": ftype, "required": required or None,
            "own_words": own_words or None, "visible_to_person": None if visible else False,
            "purpose": None if purpose == "practice" else purpose,
            "completed_by": None if who == "practitioner" else who,
            "data_category": None if category == "personal" else category, "special_category": special,
            "lawful_basis": basis, "processing_condition": condition, "options_text": options}


def _apply(text: str, operations: list[Operation], on_change: Callable[[str], None]) -> None:
    try:
        result: EditResult = edit_all(text, operations)
    except EditError as exc:
        st.error(md(str(exc)))
        return
    st.session_state[LAST_EDIT] = {"changes": list(result.changes), "summary": result.summary,
                                   "errors": [f"Line {i.line}: {i.sentence()}" for i in result.result.errors]}
    on_change(result.text)


def show_last_edit() -> None:
    last = st.session_state.get(LAST_EDIT)
    if not last:
        return
    if last["changes"]:
        st.success("What this change does:\n\n" + "\n".join(f"- {md(c)}" for c in last["changes"]) +
                   (f"\n\n{md(last['summary'])}" if last["summary"] else ""))
    for error in last["errors"]:
        st.error(md(error))


def guided_editor(text: str, form: Form | None, on_change: Callable[[str], None], key: str = "guided") -> None:
    """Menus for the common changes to `form` (the last valid version of `text`)."""
    if form is None:
        st.info("Guided editing needs a form without errors: fix the YAML first, or undo the last change.")
        return
    show_last_edit()
    task = st.radio("What do you want to change?", TASKS, horizontal=True, key=f"{key}_task")
    placed = {p.field.id: p for p in form.walk()}
    if task == "Change a question":
        field_id = st.selectbox("Question", list(placed), key=f"{key}_field",
                                format_func=lambda i: f"{placed[i].field.label[:60]} ({i})")
        field = placed[field_id].field
        values = _field_form(field, owned_key(f"{key}_edit", field_id, *_shown(field)))
        cols = st.columns(3)
        if cols[0].button("Move up", key=f"{key}_up"):
            _move(text, form, field_id, -1, on_change)
        if cols[1].button("Move down", key=f"{key}_down"):
            _move(text, form, field_id, +1, on_change)
        if cols[2].button("Remove this question", key=f"{key}_remove"):
            _apply(text, [("remove_field", (field_id,), {})], on_change)
        if values is not None:
            options_text = str(values.pop("options_text"))
            ops: list[Operation] = [("update_field", (field_id,), values)]
            if values["type"] in V.CHOICE_TYPES:
                ops += _option_operations(field, options_text)
            _apply(text, ops, on_change)
    elif task == "Add a question":
        sections = {s.id: s for s in form.sections}
        section_id = st.selectbox("In section", list(sections), key=f"{key}_add_section",
                                  format_func=lambda i: sections[i].title)
        new_id = st.text_input("Short id for the new question (letters, digits, _ )", key=f"{key}_new_id",
                               placeholder="e.g. good_day")
        values = _field_form(None, f"{key}_add")
        if values is not None:
            options_text = str(values.pop("options_text"))
            values["id"] = new_id.strip() or V.slug(str(values["label"]))
            if values["type"] in V.CHOICE_TYPES:
                values["options"] = [V.slug(line) for line in options_text.splitlines() if line.strip()] or None
            _apply(text, [("add_field", (section_id, values), {})], on_change)
    elif task == "Change a section":
        sections = {s.id: s for s in form.sections}
        section_id = st.selectbox("Section", list(sections), key=f"{key}_section",
                                  format_func=lambda i: sections[i].title)
        section = sections[section_id]
        owned = owned_key(f"{key}_section", section_id, section.title, section.intro)
        with st.form(key=f"{owned}_form"):
            title = st.text_input("Title", value=section.title, key=f"{owned}_title")
            intro = st.text_area("Guidance shown above the section", value=section.intro or "",
                                 key=f"{owned}_intro", height=80)
            if st.form_submit_button("Save this section"):
                _apply(text, [("update_section", (section_id,), {"title": title, "intro": intro or None})],
                       on_change)
        position = list(sections).index(section_id)
        cols = st.columns(2)
        if cols[0].button("Move section up", key=f"{key}_section_up", disabled=position == 0):
            _apply(text, [("move_section", (section_id, position - 1), {})], on_change)
        if cols[1].button("Remove this section", key=f"{key}_section_remove"):
            _apply(text, [("remove_section", (section_id,), {})], on_change)
    elif task == "Add a section":
        with st.form(key=f"{key}_new_section_form"):
            title = st.text_input("Title of the new section", key=f"{key}_new_section_title")
            first = st.text_input("Its first question", key=f"{key}_new_section_first")
            if st.form_submit_button("Add this section") and title.strip() and first.strip():
                section_id = V.slug(title).replace("_", "-")
                _apply(text, [("add_section", (section_id, title.strip()), {}),
                              ("add_field", (section_id, {"id": V.slug(first), "label": first.strip(),
                                                          "type": "long_text", "hint": "Write it in plain words."}),
                               {})], on_change)
    else:
        owned = owned_key(f"{key}_meta", form.id, form.title, form.purpose, form.status)
        with st.form(key=f"{owned}_form"):
            title = st.text_input("Title", value=form.title, key=f"{owned}_title")
            purpose = st.text_area("Why this form exists", value=form.purpose, key=f"{owned}_purpose", height=80)
            status = _choice("Status", V.STATUSES, form.status, f"{owned}_status")
            if st.form_submit_button("Save form details"):
                _apply(text, [("set_form", ("title", title), {}), ("set_form", ("purpose", purpose), {}),
                              ("set_form", ("status", status), {})], on_change)


def _move(text: str, form: Form, field_id: str, step: int, on_change: Callable[[str], None]) -> None:
    for section in form.sections:
        ids = [f.id for f in section.fields]
        if field_id in ids:
            index = ids.index(field_id) + step
            if 0 <= index < len(ids):
                _apply(text, [("move_field", (field_id, section.id, index), {})], on_change)
            return
    st.info("Questions inside a repeating group move with their group.")
