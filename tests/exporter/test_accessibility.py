"""The accessibility requirements: one mapping from field types to GOV.UK patterns and WCAG 2.2 criteria,
shown in both specs for the types a form uses, and written out in docs/format.md."""

from __future__ import annotations

import textwrap

from exporter.accessibility import PATTERNS, access_rows, docs_table
from exporter.base import Subject
from exporter.formats import FORMATS
from forms.loader import load_text
from forms.vocabulary import FIELD_TYPES
from tests.conftest import ROOT

FORM = load_text(textwrap.dedent("""\
    kind: form
    id: two
    title: Two questions
    version: 1
    purpose: P.
    sections:
      - id: s
        title: S
        fields:
          - {id: when, label: When?, type: date}
          - {id: which, label: Which?, type: multi_choice, options: [a, b]}
          - {id: also, label: Also?, type: multi_choice, options: [a, b]}
    """), "two.yaml", lint=False).document


def test_every_field_type_has_one_pattern_and_criteria_from_wcag_22():
    assert set(PATTERNS) == set(FIELD_TYPES)
    for pattern in PATTERNS.values():
        assert pattern.url.startswith("https://design-system.service.gov.uk/")
        assert pattern.criteria and all(c[0].isdigit() for c in pattern.criteria)
    # 2.5.8 Target Size (Minimum) is new in WCAG 2.2: the radios and checkboxes must meet it.
    assert "2.5.8 Target Size (Minimum)" in PATTERNS["single_choice"].criteria


def test_a_form_lists_only_the_types_it_uses_with_their_counts():
    assert [(r.type, r.count, r.pattern.component) for r in access_rows(FORM)] == [
        ("date", 1, "Date input"), ("multi_choice", 2, "Checkboxes")]


def test_both_specs_carry_the_section():
    markdown = FORMATS["markdown"].export(Subject(FORM)).files[0].data.decode()
    html = FORMATS["html"].export(Subject(FORM)).files[0].data.decode()
    for text in (markdown, html):
        assert "Accessibility requirements" in text and "WCAG 2.2 level AA" in text
        assert "Date input" in text and "Checkboxes" in text and "Add multiple things" not in text
        assert "https://design-system.service.gov.uk/components/checkboxes/" in text


def test_the_docs_table_is_the_mapping():
    assert docs_table() in (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
