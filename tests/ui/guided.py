"""Finding the guided editor's boxes in AppTest: their keys belong to the item edited, so by label."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

CASE_NOTE = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")
# The question form's boxes, by label, and what each shows of a field (menus show "(not set)" for None).
BOXES = {"Question, as the person reads it": lambda f: f.label, "Hint (optional)": lambda f: f.hint or "",
         "Kind of answer": lambda f: f.type,
         "Options, one per line (for choices)": lambda f: "\n".join(o.label for o in f.options),
         "Must be answered": lambda f: f.required, "In the person's own words": lambda f: f.own_words,
         "The person can see it in their record": lambda f: f.visible_to_person,
         "Why it is recorded": lambda f: f.purpose, "Who fills it in": lambda f: f.completed_by,
         "Kind of personal data": lambda f: f.data_category,
         "Special category (if any)": lambda f: f.special_category or "(not set)",
         "Lawful basis": lambda f: f.own("lawful_basis") or "(not set)",  # a default stays in `defaults:`
         "Article 9(2) condition": lambda f: f.processing_condition or "(not set)"}


def box(at: AppTest, label: str):
    """The one widget with this label (the keys belong to the item edited, so tests find boxes by label)."""
    found = [w for kind in ("text_input", "text_area", "selectbox", "checkbox") for w in getattr(at, kind)
             if w.label == label]
    assert len(found) == 1, (label, found)
    return found[0]


def press(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()

