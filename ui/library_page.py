"""Library page: every shipped form and workflow as a card with its purpose, status and burden."""

from __future__ import annotations

import streamlit as st

from forms.burden import form_burden, workflow_burden
from forms.loader import shipped_forms
from forms.model import Form
from ui.library_data import library
from ui.text import md


def _library_cards() -> list[dict]:
    """Card data for every library file (the parse is cached; these figures are cheap)."""
    forms = shipped_forms()
    cards = []
    for r in library():
        doc = r.document
        card = {"path": r.path, "errors": len(r.errors), "warnings": len(r.warnings),
                "kind": getattr(doc, "kind", "unreadable"), "title": getattr(doc, "title", r.path),
                "purpose": getattr(doc, "purpose", ""), "version": getattr(doc, "version", 0),
                "status": getattr(doc, "status", "")}
        if isinstance(doc, Form):
            b = form_burden(doc)
            card.update(fields=b.fields, prac=round(b.practitioner_minutes, 1), person=round(b.person_minutes, 1),
                        non_practice=round(b.non_practice_share * 100))
        elif doc is not None:
            wb = workflow_burden(doc, forms)
            longest = wb.longest_path
            card.update(steps=len(doc.steps), prac=round(longest.practitioner_minutes, 1) if longest else 0)
        cards.append(card)
    return cards


st.title("Coform library")
st.write("Forms and workflows for social care, with what each costs the people who fill it in.")
query = st.text_input("Search titles and purposes", key="library_search", placeholder="e.g. carer")
cards = _library_cards()
shown = [c for c in cards if query.lower() in (c["title"] + " " + c["purpose"]).lower()]
if not shown:
    st.info("Nothing in the library matches your search.")
for card in shown:
    with st.container(border=True):
        st.subheader(md(card["title"]))
        st.caption(f"{card['kind'].capitalize()} · version {card['version']} · {md(card['status'])}")
        st.write(md(card["purpose"]))
        if card["kind"] == "form":
            cols = st.columns(4)
            cols[0].metric("Fields", card["fields"])
            cols[1].metric("Practitioner minutes", card["prac"])
            cols[2].metric("Person minutes", card["person"])
            cols[3].metric("Time not on practice", f"{card['non_practice']}%")
        elif card["kind"] == "workflow":
            cols = st.columns(2)
            cols[0].metric("Steps", card["steps"])
            cols[1].metric("Practitioner minutes, longest path", card["prac"])
        status = "No errors" if not card["errors"] else f"{card['errors']} error(s)"
        st.write(f"Check: {status}, {card['warnings']} warning(s).")
