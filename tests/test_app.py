"""The studio's landing page, driven with Streamlit's AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from forms.loader import LIBRARY_DIR, load_paths
from tests.conftest import ROOT

DOCUMENTS = [r.document for r in load_paths([LIBRARY_DIR], lint=False)[0]]
TITLES = [d.title for d in DOCUMENTS]


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def test_library_page_lists_every_form_and_workflow_with_its_burden():
    at = app()
    assert not at.exception
    assert [s.value for s in at.subheader] == TITLES
    labels = [m.label for m in at.metric]
    assert labels.count("Fields") == 9 and labels.count("Steps") == 2
    assert {"Practitioner minutes", "Person minutes", "Time not on practice"} <= set(labels)
    checks = [m.value for m in at.markdown if m.value.startswith("Check:")]
    assert len(checks) == 11 and all(c.startswith("Check: No errors") for c in checks)


def test_search_filters_the_cards():
    at = app()
    at.text_input(key="library_search").input("carer").run()
    assert not at.exception
    expected = [d.title for d in DOCUMENTS if "carer" in f"{d.title} {d.purpose}".lower()]
    assert 0 < len(expected) < len(TITLES)
    assert [s.value for s in at.subheader] == expected
    at.text_input(key="library_search").input("zzzz-nothing").run()
    assert [s.value for s in at.subheader] == []
    assert "Nothing in the library matches" in at.info[0].value
