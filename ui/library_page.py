"""Library page: every shipped form and workflow as a card with its purpose, status and burden."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from forms import vocabulary as V
from forms.burden import form_burden, workflow_burden
from forms.loader import shipped_forms
from forms.model import Form
from ui.library_data import is_published, library, sample_versions
from ui.text import md
from ui.words import word


def _library_cards() -> list[dict]:
    """Card data for every library file (the parse is cached; these figures are cheap)."""
    forms = shipped_forms()
    samples = [(name, later.form) for name, later in sample_versions() if later.form is not None]  # read once
    cards = []
    for r in library():
        doc = r.document
        card = {"path": r.path, "errors": len(r.errors), "warnings": len(r.warnings),
                "kind": getattr(doc, "kind", "unreadable"), "title": getattr(doc, "title", r.path),
                "purpose": getattr(doc, "purpose", ""), "version": getattr(doc, "version", 0),
                "status": word("library.published_workshop") if is_published(r) else getattr(doc, "status", "")}
        if isinstance(doc, Form):
            b = form_burden(doc)
            card["later"] = [(name, round(form_burden(later).practitioner_minutes, 1), later.version)
                             for name, later in samples if later.id == doc.id and later.version > doc.version]
            card.update(fields=b.fields, prac=round(b.practitioner_minutes, 1), person=round(b.person_minutes, 1),
                        non_practice=round(b.non_practice_share * 100), purposes=set(b.by_purpose),
                        roles=set(b.by_completed_by))
        elif doc is not None:
            wb = workflow_burden(doc, forms)
            longest = wb.longest_path
            used = [form_burden(forms[s.form]) for s in doc.steps if s.form in forms]
            card.update(steps=len(doc.steps), prac=round(longest.practitioner_minutes, 1) if longest else 0,
                        purposes={p for b in used for p in b.by_purpose},
                        roles={r for b in used for r in b.by_completed_by})
        cards.append(card)
    return cards


st.title(word("library.title"))
st.write(word("library.intro"))
st.page_link(str(Path(__file__).with_name("participant_page.py")), label=word("library.joining_workshop_start_here"),
             icon=":material/how_to_vote:")  # a full path: it resolves whatever script is the entry point
st.write(word("library.below_forms_workflows_library"))
query = st.text_input(word("library.search_titles_purposes"), key="library_search",
                      placeholder=word("library.e_g_carer"))
filters = st.columns(2)
purposes = filters[0].multiselect(word("library.has_questions_kept"), V.PURPOSES, key="library_purposes",
                                  format_func=lambda p: p.replace("_", " "),
                                  help=word("library.forms_workflows_using_them"))
roles = filters[1].multiselect(word("library.has_questions_filled"), V.COMPLETED_BY, key="library_roles",
                               format_func=lambda r: r.replace("_", " "))
cards = _library_cards()
shown = [c for c in cards if query.lower() in (c["title"] + " " + c["purpose"]).lower()
         and (not purposes or c.get("purposes", set()) & set(purposes))
         and (not roles or c.get("roles", set()) & set(roles))]
if not shown:
    st.info(word("library.nothing_library_matches_search"))
for card in shown:
    with st.container(border=True):
        st.subheader(md(card["title"]))
        st.caption(word("library.version", kind=card['kind'].capitalize(), version=card['version'],
                        status=md(card['status'])))
        st.write(md(card["purpose"]))
        if card["kind"] == "form":
            cols = st.columns(4)
            cols[0].metric(word("library.fields"), card["fields"])
            cols[1].metric(word("library.practitioner_minutes"), card["prac"])
            cols[2].metric(word("library.person_minutes"), card["person"])
            cols[3].metric(word("library.time_not_practice"), f"{card['non_practice']}%")
        elif card["kind"] == "workflow":
            cols = st.columns(2)
            cols[0].metric(word("library.steps"), card["steps"])
            cols[1].metric(word("library.practitioner_minutes_longest_path"), card["prac"])
        for name, minutes, version in card.get("later", ()):
            st.write(word("library.sample_workshop_co_produced", version=version, minutes=minutes, prac=card['prac'],
                          name=md(name)))
        status = word("library.no_errors") if not card["errors"] else word("library.error_s", count=card['errors'])
        st.write(word("library.check_warning_s", status=status, warnings=card['warnings']))
