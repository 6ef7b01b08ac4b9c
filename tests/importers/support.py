"""Helpers for importer tests: build XLSForms and Questionnaires inline, read the result back."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import yaml

from forms.importers import ImportResult, import_bytes, import_file
from forms.loader import load_text

# Copies of real forms kept in the repository (origin and licence in its README.md).
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "import-samples"
SURVEY_HEADER = ("type", "name", "label")


def xlsform(tmp_path: Path, survey: list, choices: list | None = None, settings: list | None = None,
            header: tuple = SURVEY_HEADER, choices_header: tuple = ("list_name", "name", "label"),
            name: str = "form.xlsx") -> ImportResult:
    """Write the rows as an XLSForm workbook (header row first) and import it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in [header, *survey]:
        sheet.append(list(row))
    if choices is not None:
        book.create_sheet("choices").append(list(choices_header))
        for row in choices:
            book["choices"].append(list(row))
    if settings is not None:
        book.create_sheet("settings")
        for row in settings:
            book["settings"].append(list(row))
    path = tmp_path / name
    book.save(path)
    return import_file(str(path), "xlsform")


def questionnaire(items: list, **top: object) -> ImportResult:
    """Import a FHIR R4 Questionnaire holding these items (and any top-level elements given)."""
    resource = {"resourceType": "Questionnaire", "status": "draft", "title": "Test", **top, "item": items}
    return import_bytes(json.dumps(resource, indent=2).encode(), "fhir", "test.json")


def form(result: ImportResult) -> dict:
    """The imported form as data, after checking Coform's loader accepts it with no error."""
    assert result.yaml_text, [i.format() for i in result.issues]
    loaded = load_text(result.yaml_text, "imported.yaml", forms={}, lint=False)
    assert loaded.errors == (), [i.format() for i in loaded.errors]
    return yaml.load(result.yaml_text, Loader=yaml.CSafeLoader)


def fields(doc: dict) -> dict[str, dict]:
    """Every field by id, repeating groups' inner fields included."""
    out: dict[str, dict] = {}

    def walk(items: list) -> None:
        for item in items:
            out[item["id"]] = item
            walk(item.get("fields", []))

    for section in doc["sections"]:
        walk(section["fields"])
    return out


def located(result: ImportResult, code: str | None = None) -> list[tuple[str, str, int]]:
    """(code, path, line) of the issues, optionally of one code only."""
    return [(i.code, i.path, i.line) for i in result.issues if code is None or i.code == code]


def codes(result: ImportResult) -> list[str]:
    return [i.code for i in result.issues]
