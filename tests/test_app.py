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
    assert labels.count("Fields") == 14 and labels.count("Steps") == 2
    assert {"Practitioner minutes", "Person minutes", "Time not on practice"} <= set(labels)
    checks = [m.value for m in at.markdown if m.value.startswith("Check:")]
    assert len(checks) == 16 and all(c.startswith("Check: No errors") for c in checks)


def test_the_library_lists_a_version_a_workshop_published(monkeypatch, tmp_path):
    published = tmp_path / "published"
    published.mkdir()
    text = (LIBRARY_DIR / "case-note.yaml").read_text(encoding="utf-8")
    newer = text.replace("\nversion: 2\n", "\nversion: 3\n")
    assert newer != text
    (published / "case-note-v3.yaml").write_text(newer, encoding="utf-8")
    monkeypatch.setenv("COFORM_PUBLISH_DIR", str(published))
    at = app()
    assert not at.exception
    titles = [s.value for s in at.subheader]
    assert len(titles) == len(TITLES) + 1 and titles[-1] == titles[TITLES.index(titles[-1])]
    assert "Form · version 3 · published by a workshop" in [c.value for c in at.caption]


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


def test_filters_by_purpose_and_by_who_completes():
    from forms.burden import form_burden
    from forms.loader import shipped_forms

    forms = shipped_forms()
    at = app()
    at.multiselect(key="library_purposes").select("finance").run()
    assert not at.exception
    with_finance = {f.title for f in forms.values() if "finance" in form_burden(f).by_purpose}
    workflows = {d.title for d in DOCUMENTS if d.kind == "workflow" and any(
        s.form in forms and "finance" in form_burden(forms[s.form]).by_purpose for s in d.steps)}
    assert set(s.value for s in at.subheader) == with_finance | workflows
    assert 0 < len(with_finance) < 12
    at.multiselect(key="library_roles").select("carer").run()
    both = {f.title for f in forms.values() if "finance" in form_burden(f).by_purpose
            and "carer" in form_burden(f).by_completed_by}
    assert {s.value for s in at.subheader} - workflows == both


def test_the_landing_page_says_what_coform_is_and_where_to_join():
    at = app()
    assert "design recording forms together" in at.markdown[0].value
    [link] = at.get("page_link")
    assert link.proto.label == "Joining a workshop? Start here"
    assert link.proto.page.endswith("participant_page")


def test_the_early_help_card_points_to_the_version_a_sample_workshop_co_produced():
    at = app()
    notes = [m.value for m in at.markdown if m.value.startswith("A sample workshop")]
    assert len(notes) == 1 and notes[0].startswith(
        "A sample workshop co-produced version 4 with families and workers: about 42.4 practitioner minutes "
        "instead of 118.6. Compare them on the Compare page")
    assert "early\\-help\\-assessment\\-v4" in notes[0]  # the file name, escaped as all shown text is
