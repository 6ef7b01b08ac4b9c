"""The HTML spec in a real browser: axe-core finds no serious or critical problems, on a desk or a phone."""

from __future__ import annotations

import textwrap

import pytest

from exporter.base import Subject
from exporter.formats import FORMATS
from forms.loader import LIBRARY_DIR, load_paths, load_text, shipped_forms
from tests.browser.conftest import axe_violations

HOSTILE = textwrap.dedent("""\
    kind: form
    id: hostile
    title: "<script>alert('t')</script> Title"
    version: 1
    purpose: "Purpose with <b>markup</b> & =SUM(A1) and \u202eright-to-left"
    sections:
      - id: s
        title: "<img src=x onerror=alert(1)>"
        fields:
          - {id: a, label: "<script>alert(1)</script>", type: short_text, hint: "\\"quotes' & amps"}
          - {id: b, label: "=HYPERLINK(\\"http://x\\")", type: single_choice, options: [{value: x, label: "<i>x</i>"}]}
""")

DOCUMENTS = {r.document.id: r.document for r in load_paths([LIBRARY_DIR], lint=False)[0]}


@pytest.mark.parametrize("document_id", ["care-act-needs-assessment", "what-matters-to-me",
                                         "children-contact-to-plan", "hostile"])
@pytest.mark.parametrize("width", [1280, 375])
def test_spec_has_no_serious_accessibility_problems(browser, axe_script, tmp_path, document_id, width):
    document = load_text(HOSTILE, "hostile.yaml", forms={}, lint=False).document if document_id == "hostile" \
        else DOCUMENTS[document_id]
    html = FORMATS["html"].export(Subject(document, shipped_forms())).files[0].data
    page_file = tmp_path / "spec.html"
    page_file.write_bytes(html)
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(page_file.as_uri())
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert axe_violations(page, axe_script) == []
        if width == 375:  # a phone: nothing may force sideways scrolling of the page itself
            assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
        page.screenshot(path=str(tmp_path / f"{document_id}-{width}.png"), full_page=False)
    finally:
        page.close()


@pytest.mark.parametrize("language", ["cy", "en-x-easy"])
def test_spec_in_another_language_has_no_serious_accessibility_problems(browser, axe_script, tmp_path, language):
    """The form's own words are marked `lang` (axe checks each value is a real language); on a phone."""
    document = load_paths([LIBRARY_DIR.parents[1] / "tests" / "data" / "languages"], lint=False)[0][0].document
    html = FORMATS["html"].export(Subject(document, language=language)).files[0].data
    assert f'<bdi lang="{language}">'.encode() in html
    page_file = tmp_path / "spec.html"
    page_file.write_bytes(html)
    page = browser.new_page(viewport={"width": 375, "height": 900})
    try:
        page.goto(page_file.as_uri())
        assert axe_violations(page, axe_script) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    finally:
        page.close()
