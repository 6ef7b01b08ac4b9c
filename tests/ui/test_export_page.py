"""The Export page with AppTest: choose, export with progress, download every file, preview the spec."""

from __future__ import annotations

import base64
import io
import json
import zipfile

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGE = str(ROOT / "ui" / "export_page.py")
RESULT_KEY = "export_result"  # ui.export_page.RESULT_KEY (the page module runs its script when imported)


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


def test_a_version_published_by_a_workshop_is_exported_with_its_decision_log(tmp_path, monkeypatch):
    from workshops import service
    from workshops.db import Store

    url = f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
    forms = tmp_path / "forms"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COFORM_FORMS_DIR", str(forms))
    case_note = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")
    store = Store(url)
    try:
        made = store.run(service.create_workshop, "Case note review", case_note, "case-note.yaml", quorum=1)
        token = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")["token"]
        reworded = case_note.replace("label: Why we met\n", "label: Why we met today\n", 1)
        proposal = store.run(service.propose, token, reworded, "p.yaml", "Plainer words")["proposal"]
        store.run(service.vote, token, proposal, "support")
        store.run(service.decide, made["facilitator_key"], proposal, "accept", "Agreed: say why we met today.")
        published = store.run(service.publish, made["facilitator_key"], forms)  # saved into the studio's folder
    finally:
        store.close()
    assert published["path"] == str(forms / "case-note-v3.yaml")

    at = open_page()
    at.selectbox(key="export_source").set_value("case-note-v3.yaml").run()
    at.multiselect(key="export_formats_form").set_value(["html"]).run()
    at.checkbox(key="export_pack").uncheck().run()
    at.button(key="export_go").click().run()
    assert not at.exception
    assert [d.proto.label for d in at.get("download_button")] == ["Download case\\-note\\-v3\\.html"]
    # The bytes the download button was given (AppTest's media store lasts only one run) ...
    [(name, data, _mime)] = at.session_state[RESULT_KEY]["files"]
    html = data.decode("utf-8")
    assert name == "case-note-v3.html"
    assert "Agreed: say why we met today." in html
    assert "<h4>Version 3" in html and "No workshop decisions are recorded" not in html
    # ... and the same spec in the preview.
    [frame] = at.get("iframe")
    assert base64.b64decode(frame.proto.src.split(",", 1)[1]) == data
    # The zip migrates from the version the workshop's publish replaced, chosen by default.
    at.checkbox(key="export_pack").check().run()
    previous = at.selectbox(key="export_previous_case-note-v3.yaml")
    assert previous.value == "Version 2, as the workshop records hold it"
    at.button(key="export_go").click().run()
    assert not at.exception
    [(_, zipped, _)] = [f for f in at.session_state[RESULT_KEY]["files"] if f[0].endswith(".pack.zip")]
    with zipfile.ZipFile(io.BytesIO(zipped)) as pack:
        migration = json.loads(pack.read("migration.json"))
        assert "MIGRATION.md" in pack.namelist()
    assert (migration["from"], migration["to"]) == ({"id": "case-note", "version": 2},
                                                    {"id": "case-note", "version": 3})
    assert (migration["compatibility"], migration["version_bump"], migration["breaking_changes"]) == (
        "compatible", "patch", [])


def test_an_unreachable_workshop_database_is_a_warning_and_the_export_still_works(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:x@127.0.0.1:1/none")
    at = open_page()
    at.selectbox(key="export_source").set_value("case-note.yaml").run()
    at.multiselect(key="export_formats_form").set_value(["html"]).run()
    at.checkbox(key="export_pack").uncheck().run()
    at.button(key="export_go").click().run()
    assert not at.exception
    assert [w.value for w in at.warning if "workshop records could not be read" in w.value]
    assert [d.proto.label for d in at.get("download_button")] == ["Download case\\-note\\-v2\\.html"]
