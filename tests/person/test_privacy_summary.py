"""Issue 11.3: a privacy summary that respects the reader (second person, by purpose, rights, contact, reading age)."""

from __future__ import annotations

import re
import textwrap

import pytest
import textstat

from exporter.base import FORMATS, Subject
from exporter.formats import FORMATS as _REGISTERED  # noqa: F401 - registers every format
from exporter.html_spec import form_view
from exporter.privacy_summary import FOR_ADULT, FOR_CHILD, retention_words
from forms.loader import load_text, shipped_forms
from forms.model import Form
from tests.conftest import load

LIBRARY = shipped_forms()


def form_of(top: str, fields: str) -> Form:
    text = textwrap.dedent("""\
        kind: form
        id: f
        title: A visit
        version: 1
        purpose: To test.
        {top}
        sections:
          - id: s
            title: S
            fields:
        {fields}""").format(top=top, fields=textwrap.indent(textwrap.dedent(fields), " " * 6))
    result = load_text(text, "t.yaml", forms={}, lint=False)
    assert not result.errors, [i.format() for i in result.errors]
    return result.document


def markdown_of(form: Form) -> str:
    text = FORMATS["markdown"].export(Subject(form)).files[0].data.decode("utf-8")
    start = text.index("## What we")
    return text[start:text.index("\n## ", start + 1)]  # up to the next section (accessibility, then changes)


def test_textstat_is_the_pinned_version():
    assert textstat.__version__ == (0, 7, 8)


def test_questions_about_food_are_never_headed_by_courts_or_statute():
    section = markdown_of(LIBRARY["care-act-needs-assessment"])
    assert "court" not in section.lower()
    headings = re.findall(r"^### (.+)$", section, re.M)
    food = section.index("What makes food and drink hard?")
    above = [h for h in headings if section.index(f"### {h}") < food][-1]
    assert above == FOR_ADULT["legal_evidence"] == "To show how we made decisions about you, so they can be checked"
    assert not any(re.search(r"\b(act|section|article|regulation|statutory|gdpr)\b", h, re.I) for h in headings)


def test_second_person_retention_said_once_agencies_named_properly_and_rights():
    form = form_of("controller: Northshire County Council\ncontact: the data protection officer, 01234 567890\n"
                   "defaults: {lawful_basis: public_task, retention: 8 years after care ends or the person was last seen}",
                   """\
                   - {id: name, label: Your name, type: short_text}
                   - {id: nhs, label: Your NHS number, type: short_text, shared_with: [nhs_england]}
                   - {id: worry, label: What worries you?, type: long_text, own_words: true,
                      shared_with: [police, {agency: gp, needs_consent: true}], retention: 2 years}
                   """)
    section = markdown_of(form)
    assert "We keep most of it for 8 years after your care ends or we last saw you." in section
    assert "We keep it for 2 years. This is for:\n\n- What worries you?" in section
    assert "the person" not in section.split("the person this record is about.")[1]  # spoken to, never about
    assert "We share it with NHS England." in section
    assert "We share it with the police.<br>" in section or "We share it with the police. " in section
    assert "We share it with your GP only if you say yes. You can change your mind." in section
    for right in ("You can see what we write about you", "put right anything that is wrong",
                  "do not want us to use your information", "Information Commissioner's Office (ICO)"):
        assert right in section
    assert "Northshire County Council is in charge of your information" in section
    assert "contact: the data protection officer, 01234 567890." in section


def test_without_a_controller_the_person_is_told_whom_to_ask():
    section = markdown_of(form_of("", "- {id: name, label: Your name, type: short_text, retention: 1 year}\n"))
    assert "Ask your worker who is in charge of your information" in section


@pytest.mark.parametrize(("text", "said"), [
    ("8 years after care ends or the person was last seen",
     "We keep it for 8 years after your care ends or we last saw you."),
    ("Until the person's 75th birthday", "We keep it until your 75th birthday."),
    ("Same as the main case file", "How long we keep it: same as the main case file."),
])
def test_retention_in_words_to_the_person(text, said):
    assert retention_words(text) == said


def test_a_child_gets_their_own_version_at_reading_age_7_or_below():
    form = LIBRARY["looked-after-child-review"]
    assert form.audience == "child"
    summary = form_view(form).privacy
    assert summary.child and summary.title == "What we write down about you"
    assert {g.heading for g in summary.groups} <= set(FOR_CHILD.values())
    grade = textstat.flesch_kincaid_grade(summary.text())
    assert grade <= 2, f"reading age {grade + 5:.1f}: a child's version must read at 7 or below (US grade 2)"
    adult = form_view(form.__class__(**{**{k: getattr(form, k) for k in form.__slots__}, "audience": "adult"}))
    assert textstat.flesch_kincaid_grade(adult.privacy.text()) > grade  # the child's version is the easier one


@pytest.mark.parametrize("form_id", sorted(f for f in LIBRARY if LIBRARY[f].audience == "adult"))
def test_every_adult_library_summary_reads_at_age_9_or_below(form_id):
    grade = textstat.flesch_kincaid_grade(form_view(LIBRARY[form_id]).privacy.text())
    assert grade <= 4, f"{form_id}: reading age {grade + 5:.1f}"


def test_hostile_labels_stay_text_in_the_html_summary():
    form = form_of("", "- {id: x, label: '<script>alert(1)</script> **bold**', type: short_text, retention: 1 year}\n")
    page = FORMATS["html"].export(Subject(form)).files[0].data.decode("utf-8")
    section = page[page.index('<section class="privacy"'):]
    assert "<script>alert" not in section and "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in section


def test_audience_must_be_adult_or_child():
    result = load("kind: form\nid: f\ntitle: T\nversion: 1\npurpose: P.\naudience: children\nsections:\n"
                  "  - id: s\n    title: S\n    fields:\n      - {id: a, label: A, type: short_text}\n")
    assert [(i.code, i.line, i.column) for i in result.errors] == [("SCHEMA_004", 6, 11)]
