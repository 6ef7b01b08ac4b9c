"""The guided editor: change a form with menus and plain fields, no YAML needed.

Every change goes through `forms.editing` (the rest of the file stays as its author wrote it)
and is shown as plain-English changes with the burden summary. The page that hosts it owns
the YAML text; this panel only reads it and hands back the edited text.

A form in several languages (docs/format.md "Languages") gets one box per language for each
text people read (a question's wording, hint and options; a section's title and guidance; the
form's title and purpose), side by side in columns, which Streamlit stacks on a phone. What is
typed is written back as `{en: ..., cy: ...}` (`forms.languages.written`); a form in one language
edits exactly as before. The studio's words come from `ui.words`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from forms import vocabulary as V
from forms.editing import EditError, EditResult, Operation, edit_all
from forms.languages import versions_of, written
from forms.model import Field, Form
from ui.text import md
from ui.words import word

LAST_EDIT = "guided_last_edit"  # session key: the changes of the last guided edit, to show after rerun
TASKS = tuple(word(f"guided.task.{t}") for t in ("change_question", "add_question", "change_section", "add_section",
                                                  "form_details"))
NOT_SET = word("guided.not_set")

Texts = dict[str, str]  # language tag → what is in its box


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
            field.own("lawful_basis"), field.processing_condition, field.min_label, field.max_label, field.translations,
            tuple(o.translations for o in field.options))


def _choice(label: str, options: tuple[str, ...], current: str | None, key: str, optional: bool = False) -> str | None:
    values = ((NOT_SET,) if optional else ()) + options
    index = values.index(current) if current in values else 0
    picked = st.selectbox(label, values, index=index, key=key, format_func=lambda v: v.replace("_", " "))
    return None if picked == NOT_SET else picked


def _options_text(field: Field, language: str | None = None) -> str:
    if language is None:
        return "\n".join(option.label for option in field.options)
    return "\n".join(option.translations.get("label", language) or "" for option in field.options)


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


def _lines(texts: Texts, languages: tuple[str, ...]) -> list[dict[str, str]]:
    """Options typed per language: each main-language line with the line at the same place in the other
    languages' boxes; an empty or missing line there leaves that option untranslated."""
    split = {tag: [line.strip() for line in texts.get(tag, "").splitlines()] for tag in languages}
    main = languages[0]
    return [{tag: split[tag][n] for tag in languages if n < len(split[tag]) and split[tag][n]}
            for n in range(len(split[main])) if split[main][n]]


def _translated_option_operations(field: Field | None, texts: Texts, languages: tuple[str, ...]) -> list[Operation]:
    """Options in several languages become add/update/remove operations; an option is known by its
    main-language label, so its value is kept, and a changed translation updates its label."""
    by_label = {o.label: o for o in field.options} if field else {}
    field_id = field.id if field else ""
    ops: list[Operation] = []
    kept = set()
    for versions in _lines(texts, languages):
        label = written(versions, languages)
        known = by_label.get(versions[languages[0]])
        if known is not None:
            kept.add(known.value)
            if label != written(versions_of(known, "label", languages), languages):
                ops.append(("update_option", (field_id, known.value, label), {}))
            continue
        value = V.slug(versions[languages[0]])
        ops.append(("add_option", (field_id, value, label), {}))
        kept.add(value)
    ops += [("remove_option", (field_id, o.value), {}) for o in (field.options if field else ()) if o.value not in kept]
    return ops


def _in(text: str, tag: str, languages: tuple[str, ...]) -> str:
    """A box's label: as today for a form in one language, else naming the box's language."""
    return text if len(languages) < 2 else word("guided.in_language", text=text, language=V.language_name(tag))


Row = tuple[str, str, Texts, dict[str, object]]  # name, label, what each language has now, widget options


def _boxes(languages: tuple[str, ...], key: str, rows: list[Row]) -> dict[str, Texts]:
    """For each row (name, label, current texts per language, widget options), a box per language:
    one column per language, side by side on a wide screen and stacked on a phone. A row whose
    options hold `area` is a text area. Returns name → language → what is in the box."""
    out: dict[str, Texts] = {name: {} for name, *_ in rows}
    columns = st.columns(len(languages)) if len(languages) > 1 else [st.container()]
    for tag, column in zip(languages, columns, strict=True):
        suffix = "" if tag == languages[0] else f"~{tag}"  # the main language keeps the one-language key
        with column:
            if len(languages) > 1:
                st.markdown(f"**{md(V.language_endonym(tag))}**")
            for name, label, current, options in rows:
                widget = st.text_area if options.get("area") else st.text_input
                extra = {k: v for k, v in options.items() if k != "area"}
                out[name][tag] = widget(_in(label, tag, languages), value=current.get(tag, ""),
                                        key=f"{key}_{name}{suffix}", **extra)
    return out


def _field_form(field: Field | None, key: str, languages: tuple[str, ...] = ("en",)) -> dict[str, object] | None:
    """The widgets for a question's wording and metadata; returns the values when submitted.

    KEY must belong to the field (owned_key) so no other question's values are shown or saved here."""
    main = languages[0]
    many = len(languages) > 1
    with st.form(key=f"{key}_form"):
        current = {"label": versions_of(field, "label", languages) if field else {},
                   "hint": versions_of(field, "hint", languages) if field else {},
                   "options": ({tag: _options_text(field, None if tag == main else tag) for tag in languages}
                               if field else {})}
        typed = _boxes(languages, key, [("label", word("guided.label"), current["label"], {"max_chars": 500}),
                                        ("hint", word("guided.hint"), current["hint"], {})])
        ftype = _choice(word("guided.type"), V.FIELD_TYPES, field.type if field else "short_text", f"{key}_type")
        typed |= _boxes(languages, key, [("options", word("guided.options_in_order" if many else "guided.options"),
                                          current["options"], {"area": True, "height": 100})])
        scale = field is not None and field.type == "scale"
        if scale:  # what the two ends of the scale mean, in every language (a form's widgets cannot follow `type`)
            typed |= _boxes(languages, key, [
                ("min_label", word("guided.min_label"), versions_of(field, "min_label", languages), {}),
                ("max_label", word("guided.max_label"), versions_of(field, "max_label", languages), {})])
        cols = st.columns(2)
        with cols[0]:
            required = st.checkbox(word("guided.required"), value=field.required if field else False,
                                   key=f"{key}_required")
            own_words = st.checkbox(word("guided.own_words"), value=field.own_words if field else False,
                                    key=f"{key}_own_words")
            visible = st.checkbox(word("guided.visible"), value=field.visible_to_person if field else True,
                                  key=f"{key}_visible")
            purpose = _choice(word("guided.purpose"), V.PURPOSES, field.purpose if field else "practice",
                              f"{key}_purpose")
            who = _choice(word("guided.who"), V.COMPLETED_BY, field.completed_by if field else "practitioner",
                          f"{key}_who")
        with cols[1]:
            category = _choice(word("guided.category"), V.DATA_CATEGORIES,
                               field.data_category if field else "personal", f"{key}_category")
            special = _choice(word("guided.special"), V.SPECIAL_CATEGORIES,
                              field.special_category if field else None, f"{key}_special", optional=True)
            # The field's own basis: one it takes from the form's defaults stays there, not copied in.
            basis = _choice(word("guided.basis"), V.LAWFUL_BASES, field.own("lawful_basis") if field else None,
                            f"{key}_basis", optional=True)
            condition = _choice(word("guided.condition"), V.PROCESSING_CONDITIONS,
                                field.processing_condition if field else None, f"{key}_condition", optional=True)
        submitted = st.form_submit_button(word("guided.save_question" if field else "guided.add_question"))
    if not submitted:
        return None
    # One language: the label is always written (empty, it is refused as before); more: per language.
    labels, hints = ({tag: text.strip() for tag, text in typed[name].items()} for name in ("label", "hint"))
    label = written(labels, languages) if many else labels[main]
    ends = {}
    if field is not None and field.type == "scale":
        # Kept on a scale, as typed; gone when it stops being one (the ends belong to scales only).
        for name in ("min_label", "max_label"):
            texts = {tag: text.strip() for tag, text in typed[name].items()}
            ends[name] = written(texts, languages) if ftype == "scale" else None
    return {"label": label, "hint": written(hints, languages), "type": ftype, **ends,
            "required": required or None, "own_words": own_words or None,
            "visible_to_person": None if visible else False,
            "purpose": None if purpose == "practice" else purpose,
            "completed_by": None if who == "practitioner" else who,
            "data_category": None if category == "personal" else category, "special_category": special,
            "lawful_basis": basis, "processing_condition": condition, "options_text": typed["options"]}


def _apply(text: str, operations: list[Operation], on_change: Callable[[str], None]) -> None:
    try:
        result: EditResult = edit_all(text, operations)
    except EditError as exc:
        st.error(md(str(exc)))
        return
    st.session_state[LAST_EDIT] = {"changes": list(result.changes), "summary": result.summary,
                                   "errors": [word("guided.line_error", line=i.line, sentence=i.sentence())
                                              for i in result.result.errors]}
    on_change(result.text)


def show_last_edit() -> None:
    last = st.session_state.get(LAST_EDIT)
    if not last:
        return
    if last["changes"]:
        st.success(word("guided.changes") + "\n\n" + "\n".join(f"- {md(c)}" for c in last["changes"]) +
                   (f"\n\n{md(last['summary'])}" if last["summary"] else ""))
    for error in last["errors"]:
        st.error(md(error))


def guided_editor(text: str, form: Form | None, on_change: Callable[[str], None], key: str = "guided") -> None:
    """Menus for the common changes to `form` (the last valid version of `text`)."""
    if form is None:
        st.info(word("guided.needs_valid"))
        return
    show_last_edit()
    languages = form.languages
    if len(languages) > 1:
        names = [V.language_name(t) for t in languages]
        st.caption(word("guided.languages", main=names[0],
                        languages=word("guided.and", first=", ".join(names[:-1]), last=names[-1])))
    task = st.radio(word("guided.task"), TASKS, horizontal=True, key=f"{key}_task")
    if task == TASKS[0]:
        _change_question(text, form, on_change, key)
    elif task == TASKS[1]:
        _add_question(text, form, on_change, key)
    elif task == TASKS[2]:
        _change_section(text, form, on_change, key)
    elif task == TASKS[3]:
        _add_section(text, form, on_change, key)
    else:
        _form_details(text, form, on_change, key)


def _add_section(text: str, form: Form, on_change: Callable[[str], None], key: str) -> None:
    """A new section with its first question, each worded in every language the form is written in."""
    languages = form.languages
    main = languages[0]
    with st.form(key=f"{key}_new_section_form"):
        typed = _boxes(languages, f"{key}_new_section", [
            ("title", word("guided.new_section_title"), {}, {}), ("first", word("guided.new_section_first"), {}, {})])
        if not st.form_submit_button(word("guided.add_section")):
            return
    title, first = typed["title"][main].strip(), typed["first"][main].strip()
    if not (title and first):
        return
    # The first question's hint is form content, so it is in the form's own words for each language.
    hints = {tag: V.form_word("plain_words_hint", tag) for tag in languages}
    if len(languages) > 1:
        title_text, label, hint = written(typed["title"], languages), written(typed["first"], languages), hints
    else:
        title_text, label, hint = title, first, hints[main]
    section_id = V.slug(title).replace("_", "-")
    _apply(text, [("add_section", (section_id, title_text), {}),
                  ("add_field", (section_id, {"id": V.slug(first), "label": label, "type": "long_text", "hint": hint}),
                   {})], on_change)


def _change_question(text: str, form: Form, on_change: Callable[[str], None], key: str) -> None:
    placed = {p.field.id: p for p in form.walk()}
    field_id = st.selectbox(word("guided.question"), list(placed), key=f"{key}_field",
                            format_func=lambda i: f"{placed[i].field.label[:60]} ({i})")
    field = placed[field_id].field
    values = _field_form(field, owned_key(f"{key}_edit", field_id, *_shown(field)), form.languages)
    cols = st.columns(3)
    if cols[0].button(word("guided.move_up"), key=f"{key}_up"):
        _move(text, form, field_id, -1, on_change)
    if cols[1].button(word("guided.move_down"), key=f"{key}_down"):
        _move(text, form, field_id, +1, on_change)
    if cols[2].button(word("guided.remove_question"), key=f"{key}_remove"):
        _apply(text, [("remove_field", (field_id,), {})], on_change)
    if values is not None:
        options: Texts = values.pop("options_text")  # type: ignore[assignment]
        ops: list[Operation] = [("update_field", (field_id,), values)]
        if values["type"] in V.CHOICE_TYPES:
            if len(form.languages) > 1:
                ops += _translated_option_operations(field, options, form.languages)
            else:
                ops += _option_operations(field, options[form.languages[0]])
        _apply(text, ops, on_change)


def _add_question(text: str, form: Form, on_change: Callable[[str], None], key: str) -> None:
    sections = {s.id: s for s in form.sections}
    section_id = st.selectbox(word("guided.in_section"), list(sections), key=f"{key}_add_section",
                              format_func=lambda i: sections[i].title)
    new_id = st.text_input(word("guided.new_id"), key=f"{key}_new_id", placeholder=word("guided.new_id_placeholder"))
    values = _field_form(None, f"{key}_add", form.languages)
    if values is None:
        return
    options: Texts = values.pop("options_text")  # type: ignore[assignment]
    main = form.languages[0]
    label = values["label"]
    values["id"] = new_id.strip() or V.slug(str(label.get(main, "") if isinstance(label, dict) else label))
    if values["type"] in V.CHOICE_TYPES:
        if len(form.languages) > 1:
            values["options"] = [{"value": V.slug(v[main]), "label": written(v, form.languages)}
                                 if len(v) > 1 else V.slug(v[main]) for v in _lines(options, form.languages)] or None
        else:
            values["options"] = [V.slug(line) for line in options[main].splitlines() if line.strip()] or None
    _apply(text, [("add_field", (section_id, values), {})], on_change)


def _change_section(text: str, form: Form, on_change: Callable[[str], None], key: str) -> None:
    sections = {s.id: s for s in form.sections}
    section_id = st.selectbox(word("guided.section"), list(sections), key=f"{key}_section",
                              format_func=lambda i: sections[i].title)
    section = sections[section_id]
    languages = form.languages
    owned = owned_key(f"{key}_section", section_id, section.title, section.intro, section.translations)
    with st.form(key=f"{owned}_form"):
        typed = _boxes(languages, owned, [
            ("title", word("guided.section_title"), versions_of(section, "title", languages), {}),
            ("intro", word("guided.section_intro"), versions_of(section, "intro", languages),
             {"area": True, "height": 80})])
        if st.form_submit_button(word("guided.save_section")):
            main = languages[0]
            if len(languages) > 1:
                title, intro = written(typed["title"], languages), written(typed["intro"], languages)
            else:  # as typed, so an unchanged text is left exactly as written
                title, intro = typed["title"][main], typed["intro"][main] or None
            _apply(text, [("update_section", (section_id,), {"title": title, "intro": intro})], on_change)
    position = list(sections).index(section_id)
    cols = st.columns(2)
    if cols[0].button(word("guided.section_up"), key=f"{key}_section_up", disabled=position == 0):
        _apply(text, [("move_section", (section_id, position - 1), {})], on_change)
    if cols[1].button(word("guided.section_remove"), key=f"{key}_section_remove"):
        _apply(text, [("remove_section", (section_id,), {})], on_change)


def _form_details(text: str, form: Form, on_change: Callable[[str], None], key: str) -> None:
    languages = form.languages
    owned = owned_key(f"{key}_meta", form.id, form.title, form.purpose, form.status, form.translations)
    with st.form(key=f"{owned}_form"):
        typed = _boxes(languages, owned, [
            ("title", word("guided.form_title"), versions_of(form, "title", languages), {}),
            ("purpose", word("guided.form_purpose"), versions_of(form, "purpose", languages),
             {"area": True, "height": 80})])
        status = _choice(word("guided.status"), V.STATUSES, form.status, f"{owned}_status")
        if st.form_submit_button(word("guided.save_form")):
            many = len(languages) > 1
            title, purpose = ((written(typed[k], languages) if many else typed[k][languages[0]])
                              for k in ("title", "purpose"))
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
    st.info(word("guided.group_moves"))
