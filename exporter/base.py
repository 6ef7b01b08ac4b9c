"""What every exporter takes and gives: the subject to export, the files made, and the registry of formats."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from forms.decision_log import DecisionNote, VersionNote
from forms.errors import Issue
from forms.model import Form, Workflow

COFORM_VERSION = "0.1.0"
COFORM_URL = "https://coform.example.org/fhir"  # the default namespace for Coform's FHIR extensions and XML attributes
URL_VARIABLE = "COFORM_URL"  # set it to the organisation's own address; read at each export, never cached
_URL_SHAPE = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?")


def url_problem(value: str | None = None) -> str | None:
    """Why COFORM_URL (or VALUE) cannot be a namespace, or None when it can (or is not set)."""
    value = os.environ.get(URL_VARIABLE) if value is None else value
    if value is None or value == "":
        return None
    if not _URL_SHAPE.fullmatch(value):
        return "it is not an http(s) address of letters, digits and . - _ ~ % / only"
    return None


def coform_url() -> str:
    """The namespace of FHIR extensions, code systems, JSON Schema ids and BPMN/XLSForm attributes.

    COFORM_URL when it is set and well formed (the CLI refuses a malformed one with EXPORT_096),
    else the example domain, so the same input and environment always give the same bytes.
    """
    value = os.environ.get(URL_VARIABLE, "")
    return value.rstrip("/") if value and url_problem(value) is None else COFORM_URL


@dataclass(frozen=True, slots=True)
class Subject:
    """What is exported: a valid form or workflow, the forms a workflow uses, and any records."""

    document: Form | Workflow
    forms: Mapping[str, Form] = field(default_factory=dict)
    changelog: tuple[VersionNote, ...] = ()
    decisions: tuple[DecisionNote, ...] = ()
    fhir_version: str = "R4"  # R4 (4.0.1) by default; "R5" on request
    previous: Form | None = None  # the version this one replaces, for migration notes (forms only)
    language: str | None = None  # the language the human-readable spec is written in (None: the main language)

    @property
    def is_form(self) -> bool:
        return isinstance(self.document, Form)

    def used_forms(self) -> list[Form]:
        """The forms a workflow's steps name, in step order, each once (for a form: itself)."""
        if isinstance(self.document, Form):
            return [self.document]
        seen: dict[str, Form] = {}
        for step in self.document.steps:
            if step.form and step.form in self.forms and step.form not in seen:
                seen[step.form] = self.forms[step.form]
        return list(seen.values())


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One produced file: its name inside the pack, its bytes and its media type."""

    name: str
    data: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class ExportResult:
    """The files a format produced and anything the reader should know (e.g. what a format cannot say)."""

    files: tuple[ExportFile, ...]
    warnings: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class Format:
    """A registered output format: its name, the document kinds it takes, and the function that makes it."""

    name: str
    kinds: tuple[str, ...]
    export: Callable[[Subject], ExportResult]
    description: str


FORMATS: dict[str, Format] = {}


def register(name: str, kinds: tuple[str, ...], description: str):
    """Decorator adding an export function to the registry under a format name."""
    def add(fn: Callable[[Subject], ExportResult]) -> Callable[[Subject], ExportResult]:
        FORMATS[name] = Format(name, kinds, fn, description)
        return fn
    return add


def file_stem(document: Form | Workflow) -> str:
    """A file name stem: '<id>-v<version>', safe on every file system."""
    return re.sub(r"[^a-z0-9_-]", "_", f"{document.id}-v{document.version}")
