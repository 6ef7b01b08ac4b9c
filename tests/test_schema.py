"""Form structure: each rule of docs/format.md, "Form keys" and "Field keys" reports its code at the right place."""

from __future__ import annotations

import pytest

from forms.model import Form
from tests.conftest import load, located

VALID = """\
kind: form
id: visit
title: Home visit
version: 2
status: published
purpose: To record what we saw and heard on a visit.
owner: Children's Services
sections:
  - id: visit
    title: The visit
    intro: Write what you saw and heard.
    fields:
      - id: visit_date
        label: Date of the visit
        type: date
        required: true
        max: today
      - id: seen_alone
        label: Was the child seen alone?
        type: yes_no
        purpose: inspection
      - id: why_not
        label: Why was the child not seen alone?
        type: long_text
        hint: Say what got in the way.
        show_if: {field: seen_alone, equals: false}
      - id: feelings
        label: How is the child feeling?
        type: scale
        min: 0
        max: 10
        min_label: Very worried
        max_label: Very happy
      - id: present
        label: Who was there
        type: repeating_group
        max_items: 10
        fields:
          - {id: person_name, label: Name, type: short_text, max_length: 100}
          - id: relationship
            label: Relationship
            type: single_choice
            options: [parent, {value: other_adult, label: Another adult}]
"""


def test_a_valid_form_builds_the_whole_model():
    result = load(VALID)
    assert result.issues == ()
    form = result.form
    assert isinstance(form, Form)
    assert (form.id, form.version, form.status, form.owner) == ("visit", 2, "published", "Children's Services")
    fields = {p.field.id: p for p in form.walk()}
    assert list(fields) == ["visit_date", "seen_alone", "why_not", "feelings", "present", "person_name",
                            "relationship"]
    assert fields["visit_date"].field.max == "today" and fields["visit_date"].field.required
    assert fields["seen_alone"].field.purpose == "inspection"
    assert fields["why_not"].field.show_if.field == "seen_alone"
    assert fields["why_not"].field.show_if.value is False
    assert fields["relationship"].group.id == "present"
    assert [(o.value, o.label) for o in fields["relationship"].field.options] == [
        ("parent", "Parent"), ("other_adult", "Another adult")]
    assert fields["feelings"].field.at("min") == position(VALID, "0\n")
    # defaults from docs/format.md
    f = fields["visit_date"].field
    assert (f.completed_by, f.data_category, f.visible_to_person, f.own_words) == (
        "practitioner", "personal", True, False)


def form(fields: str) -> str:
    """A minimal valid form around some fields."""
    header = ("kind: form\nid: f\ntitle: F\nversion: 1\npurpose: Testing.\nsections:\n"
              "  - {id: s, title: S, fields: [\n")
    return header + fields + "\n  ]}\n"


def position(text: str, marker: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of marker: where the issue must point."""
    offset = text.index(marker)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


ONE_FIELD = "sections: [{id: s, title: S, fields: [{id: a, label: A, type: yes_no}]}]\n"
CASES = [
    # (expected code, the text the issue points at, YAML)
    ("SCHEMA_001", "idd:", "kind: form\nidd: f\ntitle: F\nversion: 1\npurpose: P\n" + ONE_FIELD),
    ("SCHEMA_001", "requird", form("    {id: a, label: A, type: yes_no, requird: true}")),
    ("SCHEMA_002", "kind", "kind: form\nid: f\nversion: 1\npurpose: P\n" + ONE_FIELD),
    ("SCHEMA_002", "{id: a", form("    {id: a, type: yes_no}")),
    ("SCHEMA_003", "'yes'", form("    {id: a, label: A, type: yes_no, required: 'yes'}")),
    ("SCHEMA_003", "[a]", form("    {id: a, label: A, type: short_text, hint: [a]}")),
    ("SCHEMA_004", "performnce", form("    {id: a, label: A, type: yes_no, purpose: performnce}")),
    ("SCHEMA_005", "'  '", form("    {id: a, label: '  ', type: yes_no}")),
    ("ID_001", "Early Help", "kind: form\nid: Early Help\ntitle: F\nversion: 1\npurpose: P\n" + ONE_FIELD),
    ("ID_001", "1st", form("    {id: 1st, label: A, type: yes_no}")),
    ("ID_002", "a, label: B", form("    {id: a, label: A, type: yes_no},\n    {id: a, label: B, type: yes_no}")),
    ("ID_002", "x]", form("    {id: a, label: A, type: single_choice, options: [x, y, x]}")),
    ("FORM_001", "from", "kind: from\nid: f\n"),
    ("FORM_002", "0", "kind: form\nid: f\ntitle: F\nversion: 0\npurpose: P\n" + ONE_FIELD),
    ("FORM_003", "[]", "kind: form\nid: f\ntitle: F\nversion: 1\npurpose: P\nsections: []\n"),
    ("FIELD_001", "{id: a", form("    {id: a, label: A, type: single_choice}")),
    ("FIELD_002", "max_length", form("    {id: a, label: A, type: yes_no, max_length: 3}")),
    ("FIELD_003", "nmber", form("    {id: a, label: A, type: nmber}")),
    ("FIELD_004", "10", form("    {id: a, label: A, type: number, min: 10, max: 1}")),
    ("FIELD_005", "special_category}", form("    {id: a, label: A, type: long_text, data_category: special_category}")),
    ("FIELD_005", "health", form("    {id: a, label: A, type: long_text, special_category: health}")),
    ("FIELD_006", "'[a-'", form("    {id: a, label: A, type: short_text, pattern: '[a-'}")),
    ("FIELD_007", "01/02", form("    {id: a, label: A, type: date, min: 01/02/2024}")),
    ("FIELD_008", "z}", form("    {id: a, label: A, type: long_text, processing_condition: z}")),
    ("FIELD_009", "{id: a", form("    {id: a, label: A, type: repeating_group}")),
    ("FIELD_010", "3}", form("    {id: a, label: A, type: multi_choice, options: [x, y], min_selected: 3}")),
]


@pytest.mark.parametrize(("code", "marker", "text"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_reports_its_code_where_the_problem_is(code, marker, text):
    result = load(text)
    assert (code, *position(text, marker)) in located(result), located(result)
    assert not result.ok


def test_all_problems_are_collected_at_once():
    result = load(form("    {id: a, label: A, type: nmber, requird: true},\n    {id: B, label: B, type: yes_no}"))
    assert [c for c, _, _ in located(result)] == ["FIELD_003", "SCHEMA_001", "ID_001"]


@pytest.mark.parametrize(("text", "suggestion"), [
    (form("    {id: a, label: A, type: yes_no, requird: true}"), "Did you mean 'required'?"),
    (form("    {id: a, label: A, type: nmber}"), "Did you mean 'number'?"),
    (form("    {id: a, label: A, type: yes_no, completed_by: practitoner}"), "Did you mean 'practitioner'?"),
    ("kind: fomr\n", "Did you mean 'form'?"),
])
def test_near_misses_get_a_did_you_mean(text, suggestion):
    assert any(suggestion in issue.message for issue in load(text).issues)


def test_every_message_says_what_and_how_to_fix():
    result = load(form("    {id: a, label: A, type: nmber}"))
    issue = result.issues[0]
    assert issue.message and issue.fix
    assert issue.format() == f"t.yaml:8:29: FIELD_003 {issue.message} {issue.fix}"


def test_yes_is_text_so_required_yes_explains_itself():
    issue = load(form("    {id: a, label: A, type: yes_no, required: yes}")).issues[0]
    assert issue.code == "SCHEMA_003"
    assert "'yes' and 'no' are read as text" in issue.fix


def test_valid_dates_and_today_are_accepted():
    result = load(form("    {id: a, label: A, type: date, min: '2020-01-01', max: today}"))
    assert result.issues == ()


def test_a_long_label_full_of_markup_is_kept_verbatim():
    label = "<script>alert(1)</script> =SUM(A1) " + "x" * 10_000
    result = load(form("    {id: a, label: '" + label + "', type: short_text}"))
    assert result.ok
    assert result.form.sections[0].fields[0].label == label
