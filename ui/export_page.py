"""Export page: choose a form or workflow and formats, watch progress, download the files, preview the spec.

A form version published by a workshop is exported with its changelog and decision log, read from
the workshop store exactly as `python -m exporter` reads them (`workshops.records.records_of`).
"""

from __future__ import annotations

import base64

import streamlit as st

from exporter.base import ExportFile, Subject
from exporter.formats import FORMATS
from exporter.pack import export_pack
from forms.loader import LoadResult, load_text, shipped_forms
from forms.model import Form
from ui import workshop_state
from ui.library_data import library, name_of, saved_versions
from ui.text import md
from ui.words import word
from workshops.records import records_of

RESULT_KEY = "export_result"  # {"source": name, "files": [(name, bytes, mime)], "warnings": [str]}


def earlier_versions(form: Form, stored: str, saved: list[tuple[str, LoadResult]]) -> dict[str, Form]:
    """Older versions of FORM to migrate from, by the name to show: the workshop's stored one first."""
    found: dict[str, Form] = {}
    if stored:
        result = load_text(stored, "<previous version>", lint=False)
        if result.ok and isinstance(result.document, Form):
            found[word("export.version_workshop_records_hold", version=result.document.version)] = result.document
    for name, result in saved:
        old = result.document
        if result.ok and isinstance(old, Form) and old.id == form.id and old.version < form.version:
            found[word("export.version", version=old.version, name=name)] = old
    return found

st.title(word("export.title"))
st.write(word("export.intro"))

usable = [r for r in library() if r.ok]
if not usable:
    st.error(word("export.no_form_workflow_library"))
    st.stop()
by_name = {name_of(r): r for r in usable}
choice = st.selectbox(word("export.form_workflow"), list(by_name), key="export_source",
                      format_func=lambda name: f"{by_name[name].document.title} ({by_name[name].document.kind})")
# (selectbox options are shown as plain text, unlike radio options, which are Markdown)
document = by_name[choice].document
applicable = [name for name, f in sorted(FORMATS.items()) if document.kind in f.kinds and name != "pack"]
# One selection per kind of document: a form's formats never linger when a workflow is chosen.
formats = st.multiselect(word("export.formats"), applicable, default=applicable, key=f"export_formats_{document.kind}")
fhir_version = "R4"
if "fhir" in formats:
    fhir_version = st.radio(word("export.fhir_release"), ["R4", "R5"], horizontal=True, key="export_fhir",
                            help=word("export.r_what_most_systems"))
with_pack = st.checkbox(word("export.also_make_one_zip"), value=True, key="export_pack")
records = records_of(document, workshop_state.store)
previous = None
if isinstance(document, Form) and with_pack:
    # Earlier versions of this form: the one a workshop publish replaced, and copies kept by earlier saves.
    candidates = earlier_versions(document, records.previous_text, saved_versions(by_name[choice]))
    picked = st.selectbox(word("export.previous_version_migration_notes"), [None, *candidates],
                          key=f"export_previous_{choice}",
                          index=1 if records.previous_text and candidates else 0,
                          format_func=lambda name: word("export.none_no_migration_notes") if name is None else name,
                          help=word("export.zip_then_holds_migration"))
    previous = candidates.get(picked) if picked else None

if st.button(word("export.export"), type="primary", key="export_go", disabled=not formats and not with_pack):
    subject = Subject(document, shipped_forms(), changelog=records.changelog, decisions=records.decisions,
                      fhir_version=fhir_version, previous=previous)
    steps = len(formats) + (1 if with_pack else 0)
    bar = st.progress(0.0, text=word("export.starting"))
    files: list[ExportFile] = []
    warnings: list[str] = [records.problem[0].upper() + records.problem[1:]] if records.problem else []
    for done, name in enumerate(formats):
        bar.progress(done / steps, text=word("export.making", name=name))
        result = FORMATS[name].export(subject)
        files.extend(result.files)
        warnings.extend(w.sentence() for w in result.warnings)
    if with_pack:
        bar.progress(len(formats) / steps, text=word("export.making_zip"))
        files.extend(export_pack(subject).files)
    bar.progress(1.0, text=word("export.done_file_s", count=len(files)))
    st.session_state[RESULT_KEY] = {"source": choice, "warnings": warnings,
                                    "files": [(f.name, f.data, f.media_type) for f in files]}

result = st.session_state.get(RESULT_KEY)
if result and result["source"] == choice:
    st.subheader(word("export.download"))
    for warning in result["warnings"]:
        st.warning(md(warning))
    for index, (name, data, mime) in enumerate(result["files"]):
        st.download_button(word("export.download_file", name=md(name)), data, file_name=name, mime=mime,
                           key=f"export_dl_{index}")
    spec = next((data for name, data, _ in result["files"] if name.endswith(".html")), None)
    if spec is not None:
        st.subheader(word("export.preview_spec"))
        # A data: URL gives the preview an opaque origin: even if something in it could run, it
        # could not reach the studio. (The spec escapes all participant text and has no scripts.)
        st.iframe("data:text/html;base64," + base64.b64encode(spec).decode("ascii"), height=600)
