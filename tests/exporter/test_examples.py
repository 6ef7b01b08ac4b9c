"""Example records in the pack: valid ones pass the pack's own JSON Schema and take every branch of every
condition; invalid ones each fail it, on the rule their README names; unreachable branches are reported."""

from __future__ import annotations

import io
import json
import textwrap
import zipfile

import pytest
from jsonschema import Draft202012Validator

from exporter.base import Subject
from exporter.counterexamples import example_files
from exporter.examples import answers_of, pattern_text
from exporter.pack import export_pack
from forms.conditions import visible_fields
from forms.loader import LIBRARY_DIR, load_paths, load_text, shipped_forms
from forms.model import Form

LIBRARY = {r.document.id: r.document for r in load_paths([LIBRARY_DIR], lint=False)[0]
           if isinstance(r.document, Form)}

# Every kind of condition, a group whose questions depend on each other and on an outside answer, limits.
TRICKY = textwrap.dedent("""\
    kind: form
    id: tricky
    title: Tricky
    version: 1
    purpose: To exercise every branch.
    sections:
      - id: s
        title: S
        fields:
          - {id: ref, label: Reference, type: short_text, pattern: '^[A-Z]{2}[0-9]{4}$', required: true}
          - {id: age, label: Age, type: number, integer: true, min: 0, max: 120}
          - {id: disabled, label: Disabled?, type: yes_no, required: true}
          - {id: needs, label: Needs, type: multi_choice, options: [care, housing, money], max_selected: 2}
          - id: support
            label: Support
            type: long_text
            max_length: 40
            required: true
            show_if: {all: [{field: disabled, equals: true}, {field: age, not_equals: 16}]}
          - id: housing_detail
            label: Housing detail
            type: short_text
            show_if: {any: [{field: needs, equals: housing}, {not: {field: age, answered: true}}]}
          - id: band
            label: Band
            type: single_choice
            options: [low, mid, high]
            show_if: {field: needs, in: [care, money]}
          - id: people
            label: People
            type: repeating_group
            max_items: 3
            show_if: {field: disabled, equals: false}
            fields:
              - {id: person_name, label: Name, type: short_text, required: true}
              - {id: relation, label: Relation, type: single_choice, options: [parent, friend]}
              - id: parent_age
                label: Parent's age
                type: scale
                min: 1
                max: 5
                required: true
                show_if: {field: relation, equals: parent}
          - {id: when_seen, label: Seen on, type: date, required: true}
    """)


def pack_entries(document, forms=None) -> dict[str, bytes]:
    data = export_pack(Subject(document, forms if forms is not None else shipped_forms())).files[0].data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def check_examples(form: Form, entries: dict[str, bytes]) -> tuple[list[dict], list[dict]]:
    """Every valid example passes and every invalid one fails the pack's own schema; the records, by kind."""
    schema = json.loads(entries[f"{form.id}-v{form.version}.schema.json"])
    validator = Draft202012Validator(schema)
    valid = {n: json.loads(d) for n, d in entries.items() if n.startswith("examples/valid/") and n.endswith(".json")}
    invalid = {n: json.loads(d) for n, d in entries.items()
               if n.startswith("examples/invalid/") and n.endswith(".json")}
    assert valid and invalid
    for name, record in valid.items():
        assert [e.message for e in validator.iter_errors(record)] == [], name
    readme = entries["examples/invalid/README.md"].decode()
    for name, record in invalid.items():
        errors = list(validator.iter_errors(record))
        assert errors, f"{name} passes the schema"
        assert f"`{name.rsplit('/', 1)[1]}`" in readme  # its rule is written down
    return list(valid.values()), list(invalid.values())


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_library_examples_pass_and_fail_the_packs_schema(form_id):
    form = LIBRARY[form_id]
    valid, _ = check_examples(form, pack_entries(form))
    shown_in = [visible_fields(form, dict(answers_of(record))) for record in valid]
    for placed in form.walk():
        if placed.field.show_if is not None and placed.group is None:
            assert any(placed.field.id in s for s in shown_in), f"{placed.field.id} never shown"
            assert any(placed.field.id not in s for s in shown_in), f"{placed.field.id} never hidden"


def test_every_branch_of_every_kind_of_condition_has_a_record():
    form = load_text(TRICKY, "tricky.yaml", lint=False).document
    entries = pack_entries(form, {})
    valid, invalid = check_examples(form, entries)
    conditional = ["support", "housing_detail", "band", "people"]
    shown_in = [visible_fields(form, dict(answers_of(record))) for record in valid]
    for field_id in conditional:
        assert any(field_id in s for s in shown_in) and any(field_id not in s for s in shown_in), field_id
    # Inside the group: an item where the parent's age is asked (and, being required, answered) and one where not.
    items = [item for record in valid for item in record.get("people", [])]
    assert any("parent_age" in item for item in items) and any("parent_age" not in item for item in items)
    empty = json.loads(entries["examples/valid/optional-left-out.json"])
    assert set(empty) == {"ref", "disabled", "support", "when_seen"} or set(empty) == {"ref", "disabled", "when_seen"}
    assert len(invalid) >= 12


def test_each_invalid_example_breaks_the_rule_its_readme_names():
    form = load_text(TRICKY, "tricky.yaml", lint=False).document
    files, _, _ = example_files(Subject(form))
    readme = next(f.data.decode() for f in files if f.name == "examples/invalid/README.md")
    schema = json.loads(pack_entries(form, {})["tricky-v1.schema.json"])
    validator = Draft202012Validator(schema)
    expected = {  # rule in the file name → the JSON Schema keyword that refuses it
        "required": "required", "pattern": "pattern", "max-length": "maxLength", "minimum": "minimum",
        "maximum": "maximum", "whole-number": "type", "not-an-option": "enum", "repeated-option": "uniqueItems",
        "too-many-chosen": "maxItems", "too-many-items": "maxItems", "date-format": "pattern",
        "unknown-question": "additionalProperties", "text-empty": "minLength", "yes-no-type": "type",
    }
    seen = set()
    for f in files:
        if not (f.name.startswith("examples/invalid/") and f.name.endswith(".json")):
            continue
        stem = f.name.rsplit("/", 1)[1][:-5]
        rule = next((r for r in expected if stem[3:].startswith(r + "-") or stem[3:] == r), None)
        if rule is None:
            continue
        keywords = {e.validator for e in validator.iter_errors(json.loads(f.data))}
        keywords |= {c.validator for e in validator.iter_errors(json.loads(f.data)) for c in e.context or ()}
        assert expected[rule] in keywords or (rule == "required" and "then" in keywords), (stem, keywords)
        assert f"`{stem}.json`" in readme
        seen.add(rule)
    assert seen >= {"required", "pattern", "max-length", "minimum", "maximum", "whole-number", "not-an-option",
                    "too-many-chosen", "too-many-items", "unknown-question"}


def test_a_branch_no_answers_can_take_is_reported_where_the_condition_is_written():
    form = load_text(textwrap.dedent("""\
        kind: form
        id: never
        title: Never
        version: 1
        purpose: P.
        sections:
          - id: s
            title: S
            fields:
              - {id: a, label: A, type: yes_no}
              - id: b
                label: B
                type: short_text
                show_if: {all: [{field: a, equals: true}, {field: a, equals: false}]}
        """), "never.yaml", lint=False).document
    _, issues, valid = example_files(Subject(form))
    assert [(i.code, i.line, i.column) for i in issues] == [("EXPORT_097", 14, 18)]
    assert "show" in issues[0].message
    assert all("b" not in record.record for record in valid)


@pytest.mark.parametrize("pattern, expected", [
    ("^[0-9]{10}$", "0000000000"), ("^[A-Z]{2}[0-9]{4}$", "AA0000"), (r"^\d+(\.\d\d)?$", "1"),
    ("^(yes|no)$", "yes"), ("[^a-z]", "Z"),
])
def test_sample_text_matches_the_pattern(pattern, expected):
    assert pattern_text(pattern) == expected


def test_branches_past_the_record_cap_are_reported(monkeypatch):
    import exporter.examples

    monkeypatch.setattr(exporter.examples, "MAX_ROUNDS", 2)
    # Each of the four questions is shown by another option: four records are needed, two are allowed.
    fields = "\n".join(f"      - {{id: q{i}, label: Q{i}, type: yes_no, show_if: {{field: pick, equals: o{i}}}}}"
                       for i in range(4))
    form = load_text(textwrap.dedent("""\
        kind: form
        id: many
        title: Many
        version: 1
        purpose: P.
        sections:
          - id: s
            title: S
            fields:
              - {id: pick, label: Pick, type: single_choice, options: [o0, o1, o2, o3]}
        """) + fields + "\n", "many.yaml", lint=False).document
    _, issues, valid = example_files(Subject(form))
    assert [(i.code, i.line) for i in issues] == [("EXPORT_098", 13)]  # q2: q0 and q1 got the two records
    assert "and 1 other branch(es)" in issues[0].message
    assert len(valid) == 3  # two records and the optional-left-out one
