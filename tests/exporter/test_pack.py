"""The vendor pack: every format in one deterministic zip with a manifest, for forms and workflows."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from exporter.base import Subject
from exporter.pack import export_pack
from forms.loader import LIBRARY_DIR, load_paths, shipped_forms

DOCUMENTS = {r.document.id: r.document for r in load_paths([LIBRARY_DIR], lint=False)[0]}


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_form_pack_holds_every_form_format_and_a_true_manifest():
    result = export_pack(Subject(DOCUMENTS["case-note"], shipped_forms()))
    (file,) = result.files
    assert file.name == "case-note-v2.pack.zip"
    entries = unpack(file.data)
    assert sorted(name for name in entries if not name.startswith("examples/")) == [
        "ACCEPTANCE.md", "case-note-v2.dictionary.csv", "case-note-v2.html", "case-note-v2.md",
        "case-note-v2.questionnaire.json", "case-note-v2.schema.json", "case-note-v2.xlsx", "manifest.json"]
    examples = sorted(name for name in entries if name.startswith("examples/"))
    assert {"examples/valid/README.md", "examples/invalid/README.md",
            "examples/valid/optional-left-out.json"} <= set(examples)
    manifest = json.loads(entries["manifest.json"])
    assert (manifest["kind"], manifest["id"], manifest["version"]) == ("form", "case-note", 2)
    assert manifest["coform_version"]
    for item in manifest["files"]:
        assert hashlib.sha256(entries[item["name"]]).hexdigest() == item["sha256"]
        assert len(entries[item["name"]]) == item["bytes"]
    assert len(manifest["files"]) == len(entries) - 1


def test_a_workflow_pack_holds_the_forms_it_uses():
    workflow = DOCUMENTS["adults-contact-to-review"]
    entries = unpack(export_pack(Subject(workflow, shipped_forms())).files[0].data)
    top = sorted(name for name in entries if "/" not in name)
    assert top == ["ACCEPTANCE.md", "adults-contact-to-review-v3.bpmn", "adults-contact-to-review-v3.dot",
                   "adults-contact-to-review-v3.html", "adults-contact-to-review-v3.md",
                   "adults-contact-to-review-v3.mmd", "manifest.json"]
    used = sorted({s.form for s in workflow.steps if s.form})
    folders = sorted({name.split("/")[1].rsplit("-v", 1)[0] for name in entries if name.startswith("forms/")})
    assert folders == used
    for folder in {name.rsplit("/", 1)[0] for name in entries if name.count("/") == 2}:
        assert f"{folder}/ACCEPTANCE.md" in entries and f"{folder}/examples/invalid/README.md" in entries
    manifest = json.loads(entries["manifest.json"])
    assert sorted(f["id"] for f in manifest["forms"]) == used


@pytest.mark.parametrize("document_id", ["care-act-needs-assessment", "children-contact-to-plan"])
def test_the_same_input_gives_a_byte_identical_pack(document_id):
    subject = Subject(DOCUMENTS[document_id], shipped_forms())
    first = export_pack(subject).files[0].data
    second = export_pack(Subject(DOCUMENTS[document_id], shipped_forms())).files[0].data
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = [info.filename for info in archive.infolist()]
        assert names == sorted(names)
        assert any(name.endswith("ACCEPTANCE.md") for name in names)  # the vendor tests are part of the promise
        assert any("/examples/valid/" in name or name.startswith("examples/valid/") for name in names)


def test_progress_is_reported_for_each_format():
    seen: list[str] = []
    export_pack(Subject(DOCUMENTS["case-note"], shipped_forms()), progress=seen.append)
    assert seen == ["html", "markdown", "json-schema", "fhir", "xlsform", "csv"]
