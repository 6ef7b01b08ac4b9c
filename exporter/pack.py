"""The vendor pack: one zip of every format for a form (or a workflow and the forms it uses), with a manifest.

Deterministic: entries are sorted, stamped 1980-01-01 and given fixed permissions, and the
manifest lists each file's sha256, so the same input always gives a byte-identical zip. A form in
several languages also gets its HTML and Markdown specs in each other language (`<stem>.cy.html`,
`<stem>.cy.md`); the other formats already carry every language.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile
from collections.abc import Callable

# The formats the pack holds: importing them registers them (and is why no circle is needed to find them).
from exporter import bpmn, csv_dictionary, fhir, html_spec, json_schema, markdown_spec, text_diagrams, xlsform  # noqa: F401
from exporter.acceptance import vendor_tests
from exporter.base import COFORM_VERSION, FORMATS, ExportFile, ExportResult, Subject, file_stem, register
from exporter.migration import migration_files
from forms.errors import Issue
from forms.model import Form

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FORM_FORMATS = ("html", "markdown", "json-schema", "fhir", "xlsform", "csv")
SPEC_FORMATS = ("html", "markdown")  # written once per language the form has
WORKFLOW_FORMATS = ("html", "markdown", "bpmn", "mermaid", "dot")


def pack_files(subject: Subject, progress: Callable[[str], None] | None = None) -> ExportResult:
    """Every file the pack holds (not yet zipped), in a stable order, with all warnings."""
    files: list[ExportFile] = []
    warnings: list[Issue] = []

    def run(format_name: str, target: Subject, folder: str) -> None:
        if progress is not None:
            progress(f"{folder}{format_name}")
        result = FORMATS[format_name].export(target)
        files.extend(ExportFile(folder + f.name, f.data, f.media_type) for f in result.files)
        warnings.extend(result.warnings)

    def contract(target: Subject, folder: str) -> None:
        """Example records and acceptance tests: what a vendor's build must accept, refuse and do."""
        made, issues = vendor_tests(target, folder)
        files.extend(made)
        warnings.extend(issues)

    def translations(target: Subject, folder: str) -> None:
        form = target.document
        assert isinstance(form, Form)
        for language in form.languages[1:]:
            for name in SPEC_FORMATS:
                run(name, dataclasses.replace(target, language=language), folder)

    if isinstance(subject.document, Form):
        for name in FORM_FORMATS:
            run(name, subject, "")
        translations(subject, "")
        files.extend(migration_files(subject))  # MIGRATION.md and migration.json when a previous version is given
        contract(subject, "")
    else:
        for name in WORKFLOW_FORMATS:
            run(name, subject, "")
        contract(subject, "")
        for form in subject.used_forms():
            form_subject = Subject(form, subject.forms, fhir_version=subject.fhir_version)
            for name in FORM_FORMATS:
                run(name, form_subject, f"forms/{file_stem(form)}/")
            translations(form_subject, f"forms/{file_stem(form)}/")
            contract(form_subject, f"forms/{file_stem(form)}/")
    files.sort(key=lambda f: f.name)
    return ExportResult(tuple(files), tuple(warnings))


def manifest(subject: Subject, files: tuple[ExportFile, ...]) -> bytes:
    doc = subject.document
    body = {
        "coform_version": COFORM_VERSION,
        "kind": doc.kind, "id": doc.id, "version": doc.version, "title": doc.title,
        "forms": [{"id": f.id, "version": f.version} for f in subject.used_forms()],
        **({"previous_version": subject.previous.version} if subject.previous is not None else {}),
        "files": [{"name": f.name, "media_type": f.media_type, "bytes": len(f.data),
                   "sha256": hashlib.sha256(f.data).hexdigest()} for f in files],
    }
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on the entries' names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


@register("pack", ("form", "workflow"), "a zip of every format, with manifest.json")
def export_pack(subject: Subject, progress: Callable[[str], None] | None = None) -> ExportResult:
    inner = pack_files(subject, progress)
    entries = [(f.name, f.data) for f in inner.files] + [("manifest.json", manifest(subject, inner.files))]
    name = f"{file_stem(subject.document)}.pack.zip"
    return ExportResult((ExportFile(name, zip_bytes(entries), "application/zip"),), inner.warnings)
