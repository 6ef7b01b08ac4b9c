"""The shipped sample library: no errors, only deliberate warnings, and golden burden and diff figures."""

from __future__ import annotations

import dataclasses
import json

import pytest

from forms.burden import form_burden, workflow_burden
from forms.diff import diff
from forms.loader import LIBRARY_DIR, load_paths, shipped_forms
from forms.model import Field, Form

RESULTS, PROBLEMS = load_paths([LIBRARY_DIR])
BY_NAME = {r.path.rsplit("/", 1)[-1]: r for r in RESULTS}
FORMS = {n: r for n, r in BY_NAME.items() if r.form is not None}
WORKFLOWS = {n: r for n, r in BY_NAME.items() if r.workflow is not None}


def test_the_library_holds_the_promised_forms_and_workflows():
    assert {r.document.id for r in RESULTS} == {
        "early-help-assessment", "contact-record", "single-assessment", "care-act-needs-assessment",
        "carers-assessment", "care-and-support-plan", "looked-after-child-review", "what-matters-to-me",
        "case-note", "children-contact-to-plan", "adults-contact-to-review", "adult-safeguarding-enquiry",
        "care-act-review", "mental-capacity-assessment", "ask-for-care-and-support", "my-support-review"}
    assert PROBLEMS == []


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_library_file_has_no_errors(name):
    result = BY_NAME[name]
    assert result.errors == (), [i.format() for i in result.errors]
    assert result.document.id == name.removesuffix(".yaml")


def test_every_warning_in_the_library_is_deliberate(golden):
    """Each warning left in the samples is listed (and so reviewed) in the golden file."""
    lines = [f"{name}:{i.line}: {i.code} {i.message}" for name, r in sorted(BY_NAME.items()) for i in r.warnings]
    golden("library_warnings.txt", "\n".join(lines) + "\n")


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_burden_golden(name, golden):
    figures = form_burden(FORMS[name].form).as_dict()
    golden(f"burden/{name.removesuffix('.yaml')}.json", json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow_burden_golden(name, golden):
    figures = workflow_burden(WORKFLOWS[name].workflow, shipped_forms()).as_dict()
    assert figures["missing_forms"] == []
    golden(f"burden/{name.removesuffix('.yaml')}.json", json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


def streamlined(form: Form) -> Form:
    """A version a workshop might agree: performance and inspection fields go (unless a condition
    needs them), only dates stay required, and the person's own words get a question of their own."""
    def keep(f: Field) -> Field | None:
        if f.purpose in ("performance", "inspection") and f.id not in referenced:
            return None
        kids = tuple(k for k in (keep(c) for c in f.fields) if k is not None)
        return dataclasses.replace(f, fields=kids, required=f.required and f.type == "date")

    referenced = {name for p in form.walk() if p.field.show_if for name, _ in p.field.show_if.fields()}
    sections = [dataclasses.replace(s, fields=tuple(k for k in (keep(f) for f in s.fields) if k is not None))
                for s in form.sections]
    voice = Field(id="in_your_words", label="What would you like us to know, in your own words?", type="long_text",
                  hint="We will read it back to you.", own_words=True, completed_by="together")
    sections[0] = dataclasses.replace(sections[0], fields=(*sections[0].fields, voice))
    return dataclasses.replace(form, version=form.version + 1, sections=tuple(s for s in sections if s.fields))


@pytest.mark.parametrize("name", sorted(FORMS))
def test_diff_golden(name, golden):
    form = FORMS[name].form
    result = diff(form, streamlined(form))
    golden(f"diff/{name.removesuffix('.yaml')}.txt", "\n".join(result.lines()) + "\n")

