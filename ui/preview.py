"""The preview: a form as it will be filled, one section per page, as the person or practitioner sees it; a print view.

Every field type gets the widget a real form would use; `show_if` is applied live in document
order on the answers given so far (a hidden field keeps its answer but it does not count);
repeating groups add and remove items. Only one page of widgets is ever rendered: widget cost
grows faster than linearly with the number of widgets (docs/streamlit.md 2), so a big section is
split into parts of at most `PAGE_BUDGET` widgets.

Answers live in one plain dict per form (`ui.state.answers`), not in widget keys: a widget's key
is dropped when the widget is not drawn (another section, a hidden field), and its answer must
survive that. Widgets are seeded from the dict when they appear, and write back to it as they
are answered.

With a `time_trial.Place`, the page starts with the time trial bar, and every widget stamps its
answers through `time_trial.answered` (on_change) while a trial runs (see ui/time_trial.py).

The widgets themselves, how a kept answer is given back to one, and how participant text is shown in
them are in `ui.preview_widgets`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from forms import vocabulary as V
from forms.conditions import describe, evaluate
from forms.lints import reads
from forms.lints.readability import MIN_SENTENCES, MIN_WORDS, section_reading_age
from forms.model import Field, Form, Section
from ui import consent_ask, language_switch, record_view, state, time_trial
from ui import preview_widgets as widgets
from ui.text import md, plain
from ui.words import word

PERSON = "person"
PRACTITIONER = "practitioner"
PRINT = "print"
RECORD = "record"
VIEW_LABELS = {view: word(f"preview.view.{view}") for view in (PERSON, PRACTITIONER, PRINT, RECORD)}

PAGE_BUDGET = 40  # form widgets per page; the editor's own controls bring a page to about 50


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the preview: a section, or a part of a big one."""

    key: str
    section: Section
    fields: tuple[Field, ...]
    part: int = 1
    parts: int = 1

    def title(self, number: int, total: int) -> str:
        extra = word("preview.page_part", part=self.part, parts=self.parts) if self.parts > 1 else ""
        return word("preview.page_title", number=number, total=total, title=plain(self.section.title), part=extra)


def shown_in(view: str, field: Field) -> bool:
    """Is the field drawn in this view? The person sees what is visible to them or what they fill in."""
    return view != PERSON or reads(field)


# --- pages ----------------------------------------------------------------------------
def cost(field: Field) -> int:
    """Widgets a field will draw, roughly: a group counts its fields per expected item plus its buttons."""
    if field.type != "repeating_group":
        return 1
    items = field.expected_items or V.DEFAULT_EXPECTED_ITEMS
    return items * (sum(cost(f) for f in field.fields) + 1) + 1


def pages(form: Form, view: str) -> list[Page]:
    """Sections in order, big ones split so that no page draws more than about PAGE_BUDGET widgets."""
    out: list[Page] = []
    for section in form.sections:
        fields = [f for f in section.fields if shown_in(view, f)]
        if not fields and (view == PERSON or not section.intro):
            continue
        chunks: list[list[Field]] = [[]]
        used = 0
        for field in fields:
            weight = cost(field)
            if chunks[-1] and used + weight > PAGE_BUDGET:
                chunks.append([])
                used = 0
            chunks[-1].append(field)
            used += weight
        for part, chunk in enumerate(chunks, 1):
            key = section.id if part == 1 else f"{section.id}~{part}"
            out.append(Page(key, section, tuple(chunk), part, len(chunks)))
    return out


def duplicate_ids(form: Form) -> list[str]:
    """Field ids used twice (a valid form has none; checked anyway, since they become widget keys)."""
    seen: set[str] = set()
    twice: list[str] = []
    for placed in form.walk():
        fid = placed.field.id
        if fid in seen and fid not in twice:
            twice.append(fid)
        seen.add(fid)
    return twice


# --- the interactive preview ----------------------------------------------------------
def render(form: Form, view: str, trial: time_trial.Place | None = None) -> None:
    """Draw one page of the form as it will be filled, with a section chooser; with TRIAL (where trials
    are kept), a time trial can be run on it (ui/time_trial.py). A form in several languages is shown
    in the one chosen on its language switch (ui/language_switch.py)."""
    form = language_switch.choose(form)
    if view == RECORD:
        record_view.render(form)  # issue 11: the record as the person will read it
        return
    twice = duplicate_ids(form)
    if twice:
        st.error(word("preview.ids_twice", ids=md(", ".join(twice))))
        return
    if trial is not None:
        time_trial.bar(form, trial)
    page_list = pages(form, view)
    if not page_list:
        st.info(word("preview.nothing_for_person"))
        return
    page = _choose_page(form, page_list)
    section = page.section
    st.subheader(md(section.title))
    if page.parts > 1:
        st.caption(word("preview.part_of_section", part=page.part, parts=page.parts))
    if section.intro and page.part == 1:
        st.markdown(md(section.intro))
    if view == PERSON and form.languages[0] not in V.READING_AGE_LANGUAGES:  # textstat's formulas are English
        st.caption(word("preview.reading_age_other_language", language=V.language_name(form.languages[0])))
    elif view == PERSON:
        note, hard = reading_note(form, section)
        (st.warning if hard else st.caption)(note)
    store = state.answers(form.id)
    effective: dict[str, Any] = {}
    on_page = {id(f) for f in page.fields}
    last = page.fields[-1] if page.fields else None
    done = False
    for sec in form.sections:
        for field in sec.fields:
            if id(field) in on_page:
                _render_field(form, field, view, store, effective, None, ())
            else:
                _count_answer(field, store, effective)
            if field is last:
                done = True
                break
        if done or sec is section:
            break
    _page_buttons(form, page_list, page)


def _count_answer(field: Field, store: Mapping[str, Any], effective: dict[str, Any]) -> None:
    """A field not drawn on this page still counts for later conditions, if it is shown and answered."""
    if field.records and field.id in store and (field.show_if is None or evaluate(field.show_if, effective)):
        effective[field.id] = store[field.id]


def _choose_page(form: Form, page_list: list[Page]) -> Page:
    keys = [p.key for p in page_list]
    widget = section_key(form.id)
    remembered = st.session_state[state.PAGES].get(form.id)
    if st.session_state.get(widget) not in keys:
        # First view of this form, or the section was renamed or removed by an edit: reset before drawing.
        st.session_state[widget] = remembered if remembered in keys else keys[0]
    titles = {p.key: p.title(n, len(page_list)) for n, p in enumerate(page_list, 1)}
    if len(page_list) > 1:
        chosen = st.selectbox(word("preview.section"), keys, key=widget, format_func=titles.__getitem__)
    else:
        chosen = keys[0]
    st.session_state[state.PAGES][form.id] = chosen
    return page_list[keys.index(chosen)]


def section_key(form_id: str) -> str:
    """The section chooser's widget key; '~' cannot occur in a field id, so it never meets a field's key."""
    return state.preview_key(form_id, "~section")


def _go(widget: str, target: str) -> None:
    st.session_state[widget] = target


def _page_buttons(form: Form, page_list: list[Page], page: Page) -> None:
    if len(page_list) < 2:
        return
    index = page_list.index(page)
    widget = section_key(form.id)
    left, right = st.columns(2)
    with left:
        st.button(word("preview.previous"), key=state.preview_key(form.id, "~previous"), disabled=index == 0,
                  on_click=_go, args=(widget, page_list[max(index - 1, 0)].key), width="stretch")
    with right:
        st.button(word("preview.next"), key=state.preview_key(form.id, "~next"), disabled=index == len(page_list) - 1,
                  on_click=_go, args=(widget, page_list[min(index + 1, len(page_list) - 1)].key), width="stretch")


def _render_field(form: Form, field: Field, view: str, store: dict[str, Any], effective: dict[str, Any],
                  item: str | None, where: tuple[tuple[str, int], ...]) -> None:
    visible = field.show_if is None or evaluate(field.show_if, effective)
    if not shown_in(view, field):
        if visible and field.records and field.id in store:
            effective[field.id] = store[field.id]
        return
    if not visible:
        if view == PRACTITIONER:
            st.caption(word("preview.hidden_for_now", label=md(field.label),
                            condition=md(describe(field.show_if, form))))
        return
    if field.type == "guidance":
        st.info(md(field.label))
        return
    if field.type == "repeating_group":
        _render_group(form, field, view, store, effective, item, where)
        return
    key = state.preview_key(form.id, field.id, item)
    widgets.seed(key, field, store.get(field.id))
    answer = widgets.normalise(widgets.draw(field, key, form.id, item, form.languages[0]))
    store[field.id] = answer
    effective[field.id] = answer
    notes = ([md(field.hint)] if field.hint else []) + ([_about(field)] if view == PRACTITIONER else [])
    if notes:
        st.caption("  \n".join(notes))  # one element, two lines: each element costs a little on every rerun
    consent_ask.ask(form, field, item)


def _about(field: Field) -> str:
    words = [word("preview.filled_in_by", who=field.completed_by.replace("_", " "))]
    if field.purpose != "practice":
        words.append(word("preview.kept_for", purpose=field.purpose.replace("_", " ")))
    if not reads(field):
        words.append(word("preview.not_shown"))
    return " · ".join(words)


def _render_group(form: Form, field: Field, view: str, store: dict[str, Any], effective: dict[str, Any],
                  item: str | None, where: tuple[tuple[str, int], ...]) -> None:
    items = store.get(field.id)
    if not isinstance(items, list):
        items = [{} for _ in range(_initial_items(field))]
        store[field.id] = items
    low, high = field.min_items or 0, field.max_items
    st.markdown(f"**{widgets.label(field, form.languages[0])}**")
    if field.hint:
        st.caption(md(field.hint))
    for index, entry in enumerate(items):
        path = str(index) if item is None else f"{item}.{index}"
        with st.container(border=True):
            st.caption(V.form_word("item_of", form.languages[0], number=index + 1, count=len(items)))
            local = dict(effective)  # conditions inside an item see the item's own answers
            for child in field.fields:
                _render_field(form, child, view, entry, local, path, (*where, (field.id, index)))
            st.button(V.form_word("remove_item", form.languages[0], number=index + 1),
                      key=state.preview_key(form.id, field.id, f"{path}:remove"), disabled=len(items) <= low,
                      on_click=_remove_item, args=(form.id, field, where, index, item))
    limits = word("preview.at_most", high=high) if high is not None else word("preview.no_upper_limit")
    st.button(V.form_word("add_item", form.languages[0], label=md(field.label)),
              key=state.preview_key(form.id, field.id, f"{item or ''}:add"),
              disabled=high is not None and len(items) >= high, on_click=_add_item, args=(form.id, field, where))
    st.caption(word("preview.items", count=len(items), low=low, limits=limits))


def _initial_items(field: Field) -> int:
    start = field.min_items if field.min_items is not None else 1
    return min(start, field.max_items) if field.max_items is not None else start


def _items(form_id: str, field: Field, where: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    holder: dict[str, Any] = state.answers(form_id)
    for group_id, index in where:
        holder = holder[group_id][index]
    items = holder.get(field.id)
    if not isinstance(items, list):
        items = holder[field.id] = [{} for _ in range(_initial_items(field))]
    return items


def _add_item(form_id: str, field: Field, where: tuple[tuple[str, int], ...]) -> None:
    items = _items(form_id, field, where)
    if field.max_items is None or len(items) < field.max_items:
        items.append({})


def _remove_item(form_id: str, field: Field, where: tuple[tuple[str, int], ...], index: int,
                 item: str | None) -> None:
    items = _items(form_id, field, where)
    if len(items) <= (field.min_items or 0) or index >= len(items):
        return
    _sync(form_id, field, items, item)
    del items[index]
    # Later items move up one place, so their widgets must be drawn afresh from the answers.
    names = "|".join(re.escape(state.preview_key(form_id, child.id)) for child in _descendants(field))
    stale = re.compile(f"(?:{names}):[0-9.]+")
    for key in [k for k in st.session_state if isinstance(k, str) and stale.fullmatch(k)]:
        del st.session_state[key]


def _sync(form_id: str, field: Field, items: list[dict[str, Any]], item: str | None) -> None:
    """Copy what the item widgets hold into the answers (a value typed just before the click included)."""
    for index, entry in enumerate(items):
        path = str(index) if item is None else f"{item}.{index}"
        for child in field.fields:
            if child.type == "repeating_group":
                nested = entry.get(child.id)
                if isinstance(nested, list):
                    _sync(form_id, child, nested, path)
                continue
            key = state.preview_key(form_id, child.id, path)
            if key in st.session_state:
                entry[child.id] = widgets.normalise(st.session_state[key])


def _descendants(field: Field) -> Iterable[Field]:
    for child in field.fields:
        yield child
        yield from _descendants(child)

# --- reading age ----------------------------------------------------------------------
def reading_note(form: Form, section: Section) -> tuple[str, bool]:
    """A plain note on the reading age of what the person reads in a section, and whether it is above 9."""
    verdict = section_reading_age(form, section)  # the lint's own rule (forms/lints/readability.py)
    if verdict is None:
        return word("preview.reading_age.nothing"), False
    if not verdict.scored:
        return word("preview.reading_age.too_little", words=verdict.words, needs=MIN_WORDS,
                    sentences=MIN_SENTENCES), False
    if not verdict.over:
        return word("preview.reading_age.within", age=verdict.age, words=verdict.words), False
    words_shown = ", ".join(verdict.hardest) or word("preview.reading_age.no_long_words")
    return word("preview.reading_age.above", age=verdict.age, words=verdict.words, longest=md(words_shown)), True
