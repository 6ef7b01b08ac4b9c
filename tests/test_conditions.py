"""show_if: checked against earlier fields and their types, evaluated on answers, said in plain English."""

from __future__ import annotations

import pytest

from forms.conditions import describe, evaluate, visible_fields
from tests.conftest import load, located
from tests.test_schema import form, position

FIELDS = """\
    {id: lives_alone, label: Do you live alone?, type: yes_no},
    {id: housing, label: Where do you live, type: single_choice, options: [own_home, rented, {value: no_fixed_abode, label: No fixed home}]},
    {id: support, label: What support do you get, type: multi_choice, options: [meals, cleaning, personal_care]},
    {id: age, label: Age, type: number, min: 18, max: 120},
    {id: since, label: Living there since, type: date},
    {id: note, label: Note, type: guidance},
    {id: pets, label: Pets, type: repeating_group, fields: [{id: pet_kind, label: Kind of pet, type: short_text}]},
"""


def with_condition(condition: str) -> str:
    return form(FIELDS + "    {id: target, label: Target, type: short_text, show_if: " + condition + "}")


@pytest.mark.parametrize("condition", [
    "{field: lives_alone, equals: true}",
    "{field: lives_alone, not_equals: false}",
    "{field: housing, in: [own_home, rented]}",
    "{field: support, equals: meals}",
    "{field: age, equals: 40}",
    "{field: since, equals: '2020-01-01'}",
    "{field: since, answered: true}",
    "{all: [{field: lives_alone, equals: true}, {not: {field: housing, equals: rented}}]}",
    "{any: [{field: age, answered: false}, {field: support, in: [cleaning]}]}",
])
def test_valid_conditions_pass(condition):
    assert load(with_condition(condition)).issues == ()


@pytest.mark.parametrize(("code", "condition", "marker"), [
    ("COND_001", "{field: housing}", "{field: housing}"),
    ("COND_001", "{field: housing, equals: rented, in: [rented]}", "{field: housing, equals"),
    ("COND_001", "{equals: rented}", "{equals"),
    ("COND_001", "{all: []}", "[]}"),
    ("COND_001", "{all: [{field: age, answered: true}], field: age}", "{all"),
    ("COND_001", "{field: housing, in: rented}", "rented}"),
    ("COND_001", "{field: age, answered: 'yes'}", "'yes'"),
    ("COND_001", "[housing]", "[housing]"),
    ("COND_002", "{field: lives_alon, equals: true}", "{field: lives_alon"),
    ("COND_003", "{field: target, answered: true}", "{field: target"),
    ("COND_004", "{field: lives_alone, equals: 'yes'}", "{field: lives_alone, equals: 'yes'"),
    ("COND_004", "{field: housing, equals: rentd}", "{field: housing, equals: rentd"),
    ("COND_004", "{field: support, in: [meals, gardening]}", "{field: support, in"),
    ("COND_004", "{field: age, equals: 200}", "{field: age, equals: 200"),
    ("COND_004", "{field: age, equals: old}", "{field: age, equals: old"),
    ("COND_004", "{field: since, equals: yesterday}", "{field: since, equals: yesterday"),
    ("COND_005", "{field: note, answered: true}", "{field: note"),
    ("COND_005", "{field: pets, answered: true}", "{field: pets"),
    ("COND_005", "{field: pet_kind, equals: cat}", "{field: pet_kind"),
])
def test_condition_problems_are_located(code, condition, marker):
    text = with_condition(condition)
    assert located(load(text)) == [(code, *position(text, marker))]


def test_a_condition_naming_a_later_field_is_refused():
    text = form("    {id: a, label: A, type: yes_no, show_if: {field: b, equals: true}},\n"
                "    {id: b, label: B, type: yes_no}")
    issue = load(text).issues[0]
    assert (issue.code, issue.line) == ("COND_003", 8)
    assert "comes later in the form (line 9)" in issue.message


def test_a_field_in_a_group_may_depend_on_an_earlier_sibling():
    text = form("    {id: people, label: People, type: repeating_group, fields: [\n"
                "      {id: is_carer, label: Are they a carer, type: yes_no},\n"
                "      {id: caring_hours, label: Hours a week, type: number, show_if: {field: is_carer, equals: true}}]}")
    assert load(text).issues == ()


def test_misspelt_field_suggests_an_earlier_field():
    issue = load(with_condition("{field: lives_alon, equals: true}")).issues[0]
    assert "Did you mean 'lives_alone'?" in issue.message


def model():
    return load(with_condition("{all: [{field: lives_alone, equals: true}, {not: {field: housing, in: [rented]}}]}")).form


def condition():
    return next(p.field for p in model().walk() if p.field.id == "target").show_if


@pytest.mark.parametrize(("answers", "shown"), [
    ({"lives_alone": True, "housing": "own_home"}, True),
    ({"lives_alone": True}, True),
    ({"lives_alone": True, "housing": "rented"}, False),
    ({"lives_alone": False, "housing": "own_home"}, False),
    ({}, False),
])
def test_evaluate_combines_conditions(answers, shown):
    assert evaluate(condition(), answers) is shown


@pytest.mark.parametrize(("cond", "answers", "shown"), [
    ("{field: support, equals: meals}", {"support": ["meals", "cleaning"]}, True),
    ("{field: support, equals: meals}", {"support": ["cleaning"]}, False),
    ("{field: support, not_equals: meals}", {"support": []}, True),
    ("{field: support, in: [meals, personal_care]}", {"support": ["personal_care"]}, True),
    ("{field: age, answered: true}", {"age": 40}, True),
    ("{field: age, answered: true}", {"age": None}, False),
    ("{field: age, answered: false}", {}, True),
    ("{field: age, equals: 40}", {"age": 40}, True),
    ("{field: lives_alone, not_equals: true}", {}, True),
])
def test_evaluate_leaf_operators(cond, answers, shown):
    f = next(p.field for p in load(with_condition(cond)).form.walk() if p.field.id == "target")
    assert evaluate(f.show_if, answers) is shown


def test_a_hidden_field_does_not_count_as_answered():
    text = form("    {id: a, label: A, type: yes_no},\n"
                "    {id: b, label: B, type: short_text, show_if: {field: a, equals: true}},\n"
                "    {id: c, label: C, type: short_text, show_if: {field: b, answered: true}}")
    f = load(text).form
    assert visible_fields(f, {"a": True, "b": "x"}) == {"a", "b", "c"}
    # b keeps its typed answer while hidden (nothing typed is lost), but c no longer depends on it
    assert visible_fields(f, {"a": False, "b": "x"}) == {"a"}


def test_describe_says_the_condition_in_plain_english():
    assert describe(condition(), model()) == "'Do you live alone?' is Yes and it is not the case that " \
                                             "'Where do you live' is 'Rented'"
    f = load(with_condition("{field: support, in: [meals, personal_care]}")).form
    target = next(p.field for p in f.walk() if p.field.id == "target")
    assert describe(target.show_if, f) == "'What support do you get' includes 'Meals' or 'Personal care'"
