"""The Export page with AppTest: choose, export with progress, download every file, preview the spec."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGE = str(ROOT / "ui" / "export_page.py")


def open_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    return at


def test_exporting_a_form_gives_a_download_per_file_and_a_preview():
    at = open_page()
    at.selectbox(key="export_source").set_value("case-note.yaml").run()
    assert at.multiselect(key="export_formats_form").value == ["csv", "fhir", "html", "json-schema", "markdown",
                                                          "xlsform"]
    at.button(key="export_go").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    labels = sorted(d.proto.label for d in downloads)
    assert labels == sorted(f"Download case\\-note\\-v2{suffix}" for suffix in (
        "\\.dictionary\\.csv", "\\.questionnaire\\.json", "\\.html", "\\.schema\\.json", "\\.md", "\\.xlsx",
        "\\.pack\\.zip"))
    assert any(p.proto.text.startswith("Done: 7 file(s)") for p in at.get("progress"))
    assert at.get("iframe"), "the HTML spec is previewed"


def test_a_workflow_offers_only_workflow_formats_and_fhir_release_only_for_fhir():
    at = open_page()
    at.selectbox(key="export_source").set_value("adults-contact-to-review.yaml").run()
    assert at.multiselect(key="export_formats_workflow").value == ["bpmn", "csv", "dot", "html", "markdown",
                                                                     "mermaid"]
    assert not [r for r in at.radio if r.key == "export_fhir"]
    at.selectbox(key="export_source").set_value("case-note.yaml").run()
    assert [r.key for r in at.radio] == ["export_fhir"]


def test_nothing_chosen_means_nothing_to_export():
    at = open_page()
    at.selectbox(key="export_source").set_value("case-note.yaml").run()
    at.multiselect(key="export_formats_form").set_value([]).run()
    at.checkbox(key="export_pack").uncheck().run()
    assert at.button(key="export_go").disabled
