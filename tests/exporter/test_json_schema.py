"""JSON Schema export: a valid 2020-12 schema whose verdict on records is Coform's own, checked by jsonschema."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from exporter.base import COFORM_URL, FORMATS, Subject
from exporter.json_schema import export_json_schema, pretty_json, record_schema
from forms.conditions import evaluate
from forms.loader import load_text, shipped_forms
from forms.model import Field, Form

LIBRARY = shipped_forms()
SETTINGS = settings(derandomize=True, max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

DEMO = """\
kind: form
id: conditions-demo
title: Every kind of condition
version: 1
status: in_review
purpose: To show how each kind of condition is written.
sections:
  - id: home
    title: Your home
    fields:
      - {id: lives_alone, label: Do you live alone?, type: yes_no}
      - id: living
        label: Where do you live?
        type: single_choice
        options: [own_home, rented, temporary, no_fixed_address]
        show_if: {field: lives_alone, not_equals: true}
      - {id: worry, label: Are you worried about losing your home?, type: yes_no, required: true,
         show_if: {field: living, in: [rented, temporary]}}
      - id: help
        label: What help with housing would you like?
        type: long_text
        hint: For example help to talk to your landlord.
        required: true
        max_length: 200
        show_if: {any: [{field: living, equals: no_fixed_address}, {field: worry, equals: true}]}
      - id: supports
        label: Who supports you?
        type: multi_choice
        options: [family, friends, nobody]
        max_selected: 2
      - {id: age, label: Your age, type: number, integer: true, min: 0, max: 120}
      - id: plan18
        label: Would you like help to plan for when you turn 18?
        type: yes_no
        required: true
        show_if: {all: [{field: supports, equals: family}, {field: age, in: [16, 17]}]}
      - id: find_help
        label: Who could we ask to help you?
        type: short_text
        required: true
        show_if: {not: {field: supports, answered: true}}
      - id: mood
        label: How are you feeling?
        type: scale
        min: 1
        max: 5
        required: true
        show_if: {not: {any: [{field: lives_alone, equals: true},
                              {all: [{field: age, not_equals: 30}, {field: worry, answered: false}]}]}}
      - {id: visit, label: Date of the last visit, type: date, max: today, show_if: {field: age, answered: true}}
      - {id: followed_up, label: Was it followed up?, type: yes_no, required: true,
         show_if: {field: visit, equals: "2024-01-01"}}
      - {id: why_not_home, label: Why not a home of your own?, type: long_text, required: true,
         show_if: {not: {field: living, in: [own_home, rented]}}}
      - {id: no_family, label: Tell us about the friends who help, type: long_text, required: true,
         show_if: {not: {field: supports, in: [family, nobody]}}}
      - id: contact_us
        label: How should we contact you?
        type: short_text
        required: true
        show_if:
          any:
            - {all: [{field: lives_alone, equals: true}, {field: age, in: [16, 17]}]}
            - {all: [{field: supports, equals: friends}, {not: {field: worry, answered: true}}]}
  - id: people
    title: The people you live with
    fields:
      - id: household
        label: People in the household
        type: repeating_group
        required: true
        max_items: 3
        show_if: {field: lives_alone, equals: false}
        fields:
          - {id: member, label: Name, type: short_text, required: true, max_length: 40}
          - {id: relation, label: Relationship, type: single_choice, options: [parent, child, other]}
          - {id: relation_more, label: Tell us more, type: short_text, required: true,
             show_if: {any: [{field: relation, equals: other}, {field: worry, equals: true}]}}
          - id: tasks
            label: What they help with
            type: repeating_group
            fields:
              - {id: task, label: Task, type: short_text, required: true, show_if: {field: living, equals: rented}}
"""


def form_of(text: str) -> Form:
    result = load_text(textwrap.dedent(text), "t.yaml", forms={}, lint=False)
    assert not [i for i in result.issues if i.is_error], [i.format() for i in result.issues]
    assert isinstance(result.document, Form)
    return result.document


def validator(form: Form) -> Draft202012Validator:
    schema, _ = record_schema(form)
    return Draft202012Validator(schema, format_checker=FormatChecker())


# --- the oracle: Coform's own rules, applied to a nested record ---------------------------------------
def missing_required(form: Form, record: dict[str, Any]) -> list[str]:
    """Required questions shown (by forms.conditions.evaluate, hidden answers not counting) but unanswered."""
    def visit(fields: tuple[Field, ...], answers: dict[str, Any], outer: dict[str, Any]) -> list[str]:
        counted, missing = dict(outer), []
        for f in fields:
            if f.type == "guidance" or not (f.show_if is None or evaluate(f.show_if, counted)):
                continue
            if f.id in answers and f.type != "repeating_group":
                counted[f.id] = answers[f.id]
            if f.required and f.id not in answers:
                missing.append(f.id)
            for item in answers.get(f.id, []) if f.type == "repeating_group" else []:
                missing += visit(f.fields, item, counted)
        return missing
    return visit(tuple(f for s in form.sections for f in s.fields), record, {})


# --- records: a deterministic generator, and hypothesis for the many combinations ----------------------
def condition_values(form: Form) -> dict[str, list[Any]]:
    """Values conditions compare each field with: records should hit them, not just miss them."""
    found: dict[str, list[Any]] = {}
    for placed in form.walk():
        if placed.field.show_if is not None:
            for name, leaf in placed.field.show_if.fields():
                values = leaf.value if leaf.op == "in" else [leaf.value]
                found.setdefault(name, []).extend(v for v in values if v is not None and not isinstance(v, bool))
    return found


def sample_value(f: Field, variant: int = 0) -> Any:
    """A valid answer to the field; `variant` picks another one."""
    if f.type in ("short_text", "long_text"):
        if f.pattern == "^[0-9]{10}$":
            return "0123456789"
        if f.pattern:
            return "09:30"
        return ("Text", "Another answer", "é ✓ مرحبا")[variant % 3][: f.max_length or None]
    if f.type in ("number", "scale"):
        low = f.min if f.min is not None else 0
        return int(low) + variant if f.integer or f.type == "scale" else low + 0.5 + variant
    if f.type == "date":
        return ("2024-01-01", "2023-12-31")[variant % 2]
    if f.type == "yes_no":
        return variant % 2 == 0
    if f.type == "single_choice":
        return f.options[variant % len(f.options)].value
    if f.type == "multi_choice":
        return [f.options[variant % len(f.options)].value]
    raise AssertionError(f.type)


def full_record(fields: tuple[Field, ...] | list[Field], variant: int = 0) -> dict[str, Any]:
    """Every question answered (hidden ones too: their answers are allowed and do not count)."""
    out: dict[str, Any] = {}
    for f in fields:
        if f.type == "repeating_group":
            out[f.id] = [full_record(f.fields, variant + i) for i in range(max(1, f.min_items or 0))]
        elif f.type != "guidance":
            out[f.id] = sample_value(f, variant)
    return out


def answers(fields: tuple[Field, ...] | list[Field], hints: dict[str, list[Any]]) -> st.SearchStrategy:
    """Records of valid answers, each question answered or left out."""
    parts: dict[str, st.SearchStrategy] = {}
    for f in fields:
        if f.type == "guidance":
            continue
        if f.type == "repeating_group":
            value = st.lists(answers(f.fields, hints), min_size=max(1, f.min_items or 0), max_size=2)
        elif f.type == "yes_no":
            value = st.booleans()
        elif f.type == "single_choice":
            value = st.sampled_from(f.option_values())
        elif f.type == "multi_choice":
            value = st.lists(st.sampled_from(f.option_values()), min_size=1, max_size=f.max_selected or 3,
                             unique=True)
        else:
            value = st.sampled_from([v for v in hints.get(f.id, []) if v is not None] + [sample_value(f, 1)])
        parts[f.id] = st.one_of(st.none(), value)
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


# --- the tests -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_library_schema_is_valid_2020_12_and_matches_its_golden_file(form_id, golden):
    form = LIBRARY[form_id]
    result = export_json_schema(Subject(form))
    (file,) = result.files
    assert file.name == f"{form.id}-v{form.version}.schema.json"
    schema = json.loads(file.data)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{COFORM_URL}/json-schema/{form.id}-v{form.version}.schema.json"
    assert (schema["title"], schema["description"]) == (form.title, form.purpose)
    assert file.data == export_json_schema(Subject(form)).files[0].data  # byte-identical every time
    assert file.data.endswith(b"}\n") and b"\r" not in file.data
    golden(f"export/json-schema/{file.name}", file.data.decode("utf-8"))


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_library_sample_records_validate_and_wrong_ones_fail(form_id):
    form = LIBRARY[form_id]
    check = validator(form)
    top = [f for s in form.sections for f in s.fields]
    for variant in range(3):
        record = full_record(top, variant)
        assert not list(check.iter_errors(record)), [e.message for e in check.iter_errors(record)]
    record = full_record(top)
    placed = list(form.walk())
    for p in placed:
        f = p.field
        if p.group is not None or f.type == "guidance":
            continue
        wrong_type = {**record, f.id: {"an": "object"}}
        assert not check.is_valid(wrong_type), f.id
        if f.required and f.show_if is None:
            assert not check.is_valid({k: v for k, v in record.items() if k != f.id}), f.id
        if f.type == "single_choice":
            assert not check.is_valid({**record, f.id: "not_an_option"}), f.id
        if f.type == "multi_choice":
            assert not check.is_valid({**record, f.id: ["not_an_option"]}), f.id
            assert not check.is_valid({**record, f.id: []}), f.id  # an empty list is not an answer
        if f.max_length:
            assert not check.is_valid({**record, f.id: "x" * (f.max_length + 1)}), f.id
        if f.type in ("short_text", "long_text"):
            assert not check.is_valid({**record, f.id: ""}), f.id
        if f.type == "date":
            assert not check.is_valid({**record, f.id: "01/04/2024"}), f.id
        if f.type in ("number", "scale") and f.max is not None:
            assert not check.is_valid({**record, f.id: f.max + 1}), f.id
    assert not check.is_valid({**record, "not_a_field": "x"})


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_library_schema_agrees_with_coform_on_which_answers_are_missing(form_id):
    form = LIBRARY[form_id]
    check = validator(form)
    top = [f for s in form.sections for f in s.fields]

    @settings(SETTINGS, max_examples=100)
    @given(answers(top, condition_values(form)))
    def agree(record):
        assert check.is_valid(record) == (missing_required(form, record) == []), record

    agree()


@SETTINGS
@given(answers([f for s in form_of(DEMO).sections for f in s.fields], condition_values(form_of(DEMO))))
def test_conditional_requirement_is_exactly_coforms(record):
    """equals, not_equals, in, answered, all, any, not; chains through hidden questions; groups in groups."""
    form = form_of(DEMO)
    assert validator(form).is_valid(record) == (missing_required(form, record) == []), record


ALONE = {"lives_alone": True, "supports": ["family"], "why_not_home": "In a hostel"}
WITH_OTHERS = {"lives_alone": False, "living": "own_home", "supports": ["friends"], "no_family": "Jo",
               "contact_us": "By text", "household": [{"member": "Sam"}]}


@pytest.mark.parametrize(("record", "valid"), [
    (ALONE, True),
    ({"lives_alone": True}, False),  # find_help is shown (no supports) and required
    ({"lives_alone": True, "find_help": "My aunt", "why_not_home": "x", "no_family": "x"}, True),
    (WITH_OTHERS, True),
    # the condition holds: living is rented, so worry is required
    ({**WITH_OTHERS, "living": "rented"}, False),
    ({**WITH_OTHERS, "living": "rented", "worry": False, "mood": 3}, True),
    # a hidden question's answer does not count: living is hidden, so 'rented' requires nothing
    ({**ALONE, "living": "rented"}, True),
    # required inside a group, because of an answer inside it or outside it
    ({**WITH_OTHERS, "household": [{"member": "Sam", "relation": "other"}]}, False),
    ({**WITH_OTHERS, "household": [{"member": "Sam", "relation": "other", "relation_more": "Aunt"}]}, True),
    ({**WITH_OTHERS, "household": [{"member": "Sam", "tasks": [{}]}]}, True),
    ({**WITH_OTHERS, "living": "rented", "worry": False, "mood": 3,
      "household": [{"member": "Sam", "tasks": [{}]}]}, False),  # task is required: living is rented
    ({**WITH_OTHERS, "household": []}, False),  # an empty list is not an answer
    ({**ALONE, "age": "16"}, False),  # wrong type
    ({**ALONE, "supports": ["family", "family"]}, False),  # a choice picked twice
    ({**ALONE, "supports": ["family", "friends", "nobody"]}, False),  # max_selected: 2
    ({**ALONE, "help": "x" * 201}, False),  # over max_length
    ({**ALONE, "visit": "2024-02-30x"}, False),
    ({**ALONE, "living": "somewhere"}, False),  # not an option
    ({**ALONE, "unknown": 1}, False),  # no such question
])
def test_demo_records(record, valid):
    form = form_of(DEMO)
    assert validator(form).is_valid(record) is valid
    if valid:
        assert missing_required(form, record) == []


def test_date_limits_are_described_and_reported():
    form = form_of(DEMO)
    schema, warnings = record_schema(form)
    visit = schema["properties"]["visit"]
    assert visit["format"] == "date"
    assert "on or before the day the answer is given" in visit["description"]
    assert visit["x-coform"]["max"] == "today"
    line = next(n for n, text in enumerate(DEMO.splitlines(), 1) if "max: today" in text)
    assert [(w.code, w.line) for w in warnings] == [("EXPORT_002", line)]


def test_metadata_is_under_x_coform():
    form = form_of("""
        kind: form
        id: meta
        title: Metadata
        version: 2
        purpose: To show the metadata.
        sections:
          - id: s
            title: S
            fields:
              - {id: g, label: Read this first, type: guidance}
              - id: faith
                label: Your religion or belief
                type: single_choice
                options: [{value: none, label: No religion}, {value: prefer_not_to_say, label: Prefer not to say}]
                purpose: statutory_return
                completed_by: person
                own_words: true
                data_category: special_category
                special_category: religious_or_philosophical_beliefs
                lawful_basis: public_task
                processing_condition: g
                visible_to_person: false
                shared_with: [health]
                retention: 25 years
                statutory_item: "CIN census: Religion"
    """)
    schema, _ = record_schema(form)
    assert list(schema["properties"]) == ["faith"]  # guidance records nothing
    assert schema["properties"]["faith"]["x-coform"] == {
        "section": "s", "required": False, "type": "single_choice", "purpose": "statutory_return",
        "completed_by": "person", "data_category": "special_category",
        "special_category": "religious_or_philosophical_beliefs", "lawful_basis": "public_task",
        "processing_condition": "g", "own_words": True, "visible_to_person": False, "shared_with": ["health"],
        "retention": "25 years", "statutory_item": "CIN census: Religion",
        "options": [{"value": "none", "label": "No religion"},
                    {"value": "prefer_not_to_say", "label": "Prefer not to say"}],
    }


def test_a_condition_too_big_to_split_is_reported_and_left_unrequired():
    outer = "\n".join(f"      - {{id: o{i}, label: Outer {i}, type: yes_no}}" for i in range(8))
    inner = ", ".join(f"{{all: [{{field: o{i}, equals: true}}, {{field: i{i}, equals: true}}]}}" for i in range(8))
    inner_fields = "\n".join(f"          - {{id: i{i}, label: Inner {i}, type: yes_no}}" for i in range(8))
    form = form_of(f"""\
kind: form
id: big
title: Big
version: 1
purpose: Too many branches.
sections:
  - id: s
    title: S
    fields:
{outer}
      - id: g
        label: G
        type: repeating_group
        fields:
{inner_fields}
          - {{id: last, label: Last, type: short_text, required: true, show_if: {{any: [{inner}]}}}}
""")
    schema, warnings = record_schema(form)
    assert [w.code for w in warnings] == ["EXPORT_001"]
    Draft202012Validator.check_schema(schema)
    assert "allOf" not in schema and "required" not in schema["properties"]["g"]["items"]


HOSTILE = [
    "<script>alert(1)</script>", "\"quotes' & ampersands", "\u202eمرحبا שלום", "A" * 10_000,
    '=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)",
]


def test_hostile_text_is_kept_exactly():
    quoted = [json.dumps(text) for text in HOSTILE]
    options = ", ".join(f"{{value: o{i}, label: {q}}}" for i, q in enumerate(quoted))
    fields = "\n".join(f"      - {{id: f{i}, label: {q}, hint: {q}, type: short_text}}" for i, q in enumerate(quoted))
    form = form_of(f"""\
kind: form
id: hostile
title: {quoted[0]}
version: 1
purpose: {quoted[1]}
sections:
  - id: s
    title: {quoted[2]}
    fields:
{fields}
      - {{id: pick, label: {quoted[3]}, type: single_choice, options: [{options}]}}
""")
    (file,) = export_json_schema(Subject(form)).files
    schema = json.loads(file.data.decode("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert (schema["title"], schema["description"]) == (HOSTILE[0], HOSTILE[1])
    for i, text in enumerate(HOSTILE):
        assert schema["properties"][f"f{i}"]["title"] == text
        assert schema["properties"][f"f{i}"]["description"] == text
    assert [o["label"] for o in schema["properties"]["pick"]["x-coform"]["options"]] == HOSTILE
    assert Draft202012Validator(schema).is_valid({"f0": HOSTILE[0], "pick": "o3"})


def test_pretty_json_keeps_short_parts_on_one_line():
    value = {"a": [1, 2], "b": {"c": "x" * 120}}
    assert pretty_json(value) == '{\n  "a": [1, 2],\n  "b": {\n    "c": "' + "x" * 120 + '"\n  }\n}'
    assert json.loads(pretty_json(value)) == value


def test_registered_for_forms_only():
    assert FORMATS["json-schema"].kinds == ("form",)
