"""Stable ids across versions: a kept field keeps its FHIR linkId, XLSForm name and JSON Schema property name,
and a published form's removed ids stay retired."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from exporter.fhir import questionnaire
from exporter.json_schema import record_schema
from exporter.xlsform import xlsform_sheets
from forms.editing import edit_all
from tests.conftest import ROOT, load

CASE_NOTE = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")


def link_ids(items: list[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        yield item["linkId"]
        yield from link_ids(item.get("item", []))


def properties(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        yield from schema.get("properties", {})
        for value in schema.values():
            yield from properties(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from properties(value)


def names(form) -> dict[str, set[str]]:
    fields = {p.field.id for p in form.walk()}
    survey = xlsform_sheets(form).survey
    column = survey[0].index("name")
    return {"fhir": set(link_ids(questionnaire(form)[0]["item"])) & fields,
            "xlsform": {row[column] for row in survey[1:]} & fields,
            "json-schema": set(properties(record_schema(form)[0])) & fields}


def test_a_kept_field_keeps_its_name_in_every_format_and_a_removed_one_is_retired():
    old = load(CASE_NOTE).form
    new_text = edit_all(CASE_NOTE, [
        ("remove_field", ("visit_time",), {}),
        ("add_field", ("the-visit", {"id": "what_matters", "label": "What matters to you today?",
                                      "type": "long_text", "own_words": True}), {}),
        ("update_field", ("visit_type",), {"label": "How we met"}),
        ("move_field", ("child_seen", "the-visit", 0), {}),
    ]).text.replace("version: 2", "version: 3")
    new = load(new_text).form
    kept = {p.field.id for p in old.walk()} & {p.field.id for p in new.walk()}
    before, after = names(old), names(new)
    for format_name in before:
        assert before[format_name] & kept == after[format_name] & kept == kept, format_name
    assert [(r.id, r.since_version, r.was) for r in new.retired] == [("visit_time", 3, "Start time")]
