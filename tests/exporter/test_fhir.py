"""FHIR Questionnaire export: parsed by fhir.resources, passing the checks it does not make, meaning what Coform means.

R4 (4.0.1) files are parsed with `fhir.resources.R4B`: fhir.resources 8 ships R5 (the default), R4B and
STU3 but no 4.0.1 package, and R4B (4.3.0) kept R4's Questionnaire (the same elements, item types and
enableWhen), so its model reads an R4 Questionnaire as R4 does.
"""

from __future__ import annotations

import copy
import html
import json
import textwrap
from typing import Any

import pytest
from fhir.resources.questionnaire import Questionnaire as QuestionnaireR5
from fhir.resources.R4B.questionnaire import Questionnaire as QuestionnaireR4
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from exporter.base import COFORM_URL, FORMATS, Subject
from exporter.fhir import export_fhir, fhir_id, machine_name, markdown_text, questionnaire
from exporter.fhir_checks import check_questionnaire
from forms.conditions import visible_fields
from forms.importers import import_bytes
from forms.loader import load_text, shipped_forms
from forms.model import Form
from tests.exporter.test_json_schema import DEMO, HOSTILE, condition_values
from tests.importers.support import SAMPLES

LIBRARY = shipped_forms()
MODELS = {"R4": QuestionnaireR4, "R5": QuestionnaireR5}


def form_of(text: str) -> Form:
    result = load_text(textwrap.dedent(text), "t.yaml", forms={}, lint=False)
    assert not [i for i in result.issues if i.is_error], [i.format() for i in result.issues]
    assert isinstance(result.document, Form)
    return result.document


def items(resource: dict) -> list[dict]:
    """Every item, in document order."""
    out, stack = [], list(reversed(resource.get("item", [])))
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(reversed(item.get("item", [])))
    return out


def by_link(resource: dict) -> dict[str, dict]:
    return {item["linkId"]: item for item in items(resource)}


def parses(resource: dict, version: str) -> None:
    """fhir.resources reads it, and writes back exactly what it read (nothing dropped or changed)."""
    model = MODELS[version].model_validate(resource)
    assert json.loads(model.model_dump_json(by_alias=True, exclude_none=True)) == resource


# --- the library ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_library_questionnaires_parse_pass_the_checks_and_match_golden_files(form_id, version, golden):
    form = LIBRARY[form_id]
    result = export_fhir(Subject(form, fhir_version=version))
    (file,) = result.files
    suffix = ".r5" if version == "R5" else ""
    assert file.name == f"{form.id}-v{form.version}.questionnaire{suffix}.json"
    assert result.warnings == ()
    resource = json.loads(file.data)
    parses(resource, version)
    assert check_questionnaire(resource, version) == []
    assert file.data == export_fhir(Subject(form, fhir_version=version)).files[0].data
    assert file.data.endswith(b"}\n") and b"\r" not in file.data
    golden(f"export/fhir/{file.name}", file.data.decode("utf-8"))


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_every_field_is_an_item_with_its_id_text_and_type(form_id):
    form = LIBRARY[form_id]
    r4, _ = questionnaire(form, "R4")
    r5, _ = questionnaire(form, "R5")
    assert (r4["id"], r4["url"], r4["version"]) == (form.id, f"{COFORM_URL}/Questionnaire/{form.id}", str(form.version))
    assert r4["status"] == {"draft": "draft", "in_review": "draft", "published": "active", "retired": "retired"}[
        form.status]
    field_ids = {p.field.id for p in form.walk()}  # a section may share its id with a field (que-2)
    assert [item["linkId"] for item in r4["item"]] == [f"{s.id}.section" if s.id in field_ids else s.id
                                                       for s in form.sections]
    links4, links5 = by_link(r4), by_link(r5)
    for placed in form.walk():
        f = placed.field
        item = links4[f.id]
        assert item["text"] == f.label
        assert item.get("required", False) == (f.required and f.type != "guidance")
        expected = {"short_text": "string", "long_text": "text", "date": "date", "yes_no": "boolean",
                    "single_choice": "choice", "multi_choice": "choice", "scale": "integer", "guidance": "display",
                    "repeating_group": "group", "number": "integer" if f.integer else "decimal"}[f.type]
        assert item["type"] == expected
        assert links5[f.id]["type"] == ("coding" if expected == "choice" else expected)
        assert item.get("repeats", False) == (f.type in ("multi_choice", "repeating_group"))
        if f.options:
            assert [o["valueCoding"]["code"] for o in item["answerOption"]] == [o.coding()[1] for o in f.options]
            assert [o["valueCoding"]["display"] for o in item["answerOption"]] == [o.label for o in f.options]
            assert links5[f.id]["answerConstraint"] == "optionsOnly"
        if f.hint:
            (hint,) = [c for c in item["item"] if c["linkId"] == f"{f.id}.hint"]
            assert hint["text"] == f.hint
            assert hint["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "flyover"
        metadata = {e["url"].rsplit("/", 1)[1]: e for e in item.get("extension", []) if e["url"].startswith(COFORM_URL)}
        if f.records:
            assert metadata["purpose"]["valueCode"] == f.purpose
            assert metadata["data_category"]["valueCode"] == f.data_category
            assert metadata["own_words"]["valueBoolean"] == f.own_words


# --- conditions: FHIR's enableWhen rules give the same questions as Coform's show_if ---------------------------------
def enabled(resource: dict, answers: dict[str, Any], form: Form | None = None) -> set[str]:
    """The linkIds a FHIR renderer enables, by the enableWhen rules of the spec (one occurrence per group).

    A renderer answers a choice with the option's Coding: its statutory code where FORM gives one.
    """
    codes = {p.field.id: {o.value: o.coding()[1] for o in p.field.options} for p in form.walk()} if form else {}
    answers = {k: [codes.get(k, {}).get(x, x) for x in v] if isinstance(v, list) else codes.get(k, {}).get(v, v)
               for k, v in answers.items()}
    counted: dict[str, list[Any]] = {}
    out: set[str] = set()

    def value(rule: dict) -> Any:
        key = next(k for k in rule if k.startswith("answer"))
        return rule[key]["code"] if key == "answerCoding" else rule[key]

    def holds(rule: dict) -> bool:
        given = counted.get(rule["question"], [])
        if rule["operator"] == "exists":
            return bool(given) == rule["answerBoolean"]
        equal = any(a == value(rule) and isinstance(a, bool) == isinstance(value(rule), bool) for a in given)
        return equal if rule["operator"] == "=" else not equal  # '!=': no answer equals it

    def visit(children: list[dict], parent: bool) -> None:
        for item in children:
            rules = item.get("enableWhen", [])
            tests = [holds(rule) for rule in rules]
            on = parent and (not rules or (any(tests) if item.get("enableBehavior") == "any" else all(tests)))
            if on:
                out.add(item["linkId"])
                if item["linkId"] in answers:  # a disabled question's answer counts as none
                    given = answers[item["linkId"]]
                    counted[item["linkId"]] = given if isinstance(given, list) else [given]
            visit(item.get("item", []), on)

    visit(resource["item"], True)
    return out


def flat_answers(form: Form) -> st.SearchStrategy:
    hints = condition_values(form)
    parts = {}
    for placed in form.walk():
        f = placed.field
        if not f.records:
            continue
        if f.type == "yes_no":
            value = st.booleans()
        elif f.type == "single_choice":
            value = st.sampled_from(f.option_values())
        elif f.type == "multi_choice":
            value = st.lists(st.sampled_from(f.option_values()), min_size=1, unique=True)
        else:
            value = st.sampled_from([*hints.get(f.id, []), "2024-01-01" if f.type == "date" else 2])
        parts[f.id] = st.one_of(st.none(), value)
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


DEMO_FORM = form_of(DEMO)


@pytest.mark.parametrize("version", ["R4", "R5"])
@settings(derandomize=True, max_examples=400, deadline=None)
@given(answers=flat_answers(DEMO_FORM))
def test_enable_when_means_show_if(version, answers):
    resource, warnings = questionnaire(DEMO_FORM, version)
    assert warnings == []
    fields = {p.field.id for p in DEMO_FORM.walk()}
    assert enabled(resource, answers) & fields == visible_fields(DEMO_FORM, answers)


@pytest.mark.parametrize("form_id", sorted(LIBRARY))
def test_enable_when_means_show_if_in_the_library(form_id):
    form = LIBRARY[form_id]
    resource, _ = questionnaire(form)
    fields = {p.field.id for p in form.walk()}

    @settings(derandomize=True, max_examples=100, deadline=None)
    @given(flat_answers(form))
    def agree(answers):
        assert enabled(resource, answers, form) & fields == visible_fields(form, answers)

    agree()


def test_conditions_that_need_two_levels_get_a_wrapper_group():
    resource, _ = questionnaire(DEMO_FORM)
    links = by_link(resource)
    wrapper = links["plan18.when-1"]
    assert wrapper["type"] == "group" and "text" not in wrapper
    assert [w["question"] for w in wrapper["enableWhen"]] == ["supports"]
    assert [i["linkId"] for i in wrapper["item"]] == ["plan18"]
    assert links["plan18"]["enableBehavior"] == "any"
    assert [(w["question"], w["operator"], w["answerInteger"]) for w in links["plan18"]["enableWhen"]] == [
        ("age", "=", 16), ("age", "=", 17)]
    assert links["find_help"]["enableWhen"] == [{"question": "supports", "operator": "exists", "answerBoolean": False}]
    assert links["living"]["enableWhen"] == [{"question": "lives_alone", "operator": "!=", "answerBoolean": True}]


def test_a_condition_too_big_for_enable_when_is_reported():
    pairs = ", ".join(f"{{all: [{{field: a{i}, equals: true}}, {{field: b{i}, equals: true}}]}}" for i in range(4))
    questions = "\n".join(f"      - {{id: a{i}, label: A{i}, type: yes_no}}\n      - {{id: b{i}, label: B{i}, type: yes_no}}"
                          for i in range(4))
    form = form_of(f"""\
kind: form
id: big
title: Big
version: 1
purpose: Sixteen clauses.
sections:
  - id: s
    title: S
    fields:
{questions}
      - {{id: last, label: Last, type: short_text, required: true, show_if: {{any: [{pairs}]}}}}
""")
    resource, warnings = questionnaire(form)
    assert [(w.code, w.line) for w in warnings] == [("EXPORT_001", 18)]
    last = by_link(resource)["last"]
    assert "enableWhen" not in last and "required" not in last
    assert any(e["url"].endswith("/condition") for e in last["extension"])
    assert check_questionnaire(resource) == []


# --- the checks catch what fhir.resources lets through -------------------------------------------------------
def broken(version: str, change) -> dict:
    resource, _ = questionnaire(DEMO_FORM, version)
    resource = copy.deepcopy(resource)
    change(resource, by_link(resource))
    return resource


def _set(link: str, key: str, value: Any):
    def change(resource, links):
        links[link][key] = value
    return change


@pytest.mark.parametrize(("version", "change", "rule"), [
    ("R4", _set("age", "linkId", "lives_alone"), "que-2"),
    ("R4", _set("age", "type", "coding"), "item-type"),
    ("R5", _set("age", "type", "choice"), "item-type"),
    ("R4", _set("age", "type", "question"), "item-type"),
    ("R4", _set("age", "enableWhen", [{"question": "visit", "operator": "exists", "answerBoolean": True}]),
     "enable-when-target"),
    ("R4", _set("age", "enableWhen", [{"question": "age", "operator": "exists", "answerBoolean": True}]),
     "enable-when-target"),
    ("R4", _set("age", "enableWhen", [{"question": "home", "operator": "exists", "answerBoolean": True}]),
     "enable-when-target"),
    ("R4", _set("age", "enableWhen", [{"question": "lives_alone", "operator": ">", "answerBoolean": True}]),
     "enable-when-operator"),
    ("R4", _set("age", "enableWhen", [{"question": "lives_alone", "operator": "~", "answerBoolean": True}]),
     "enable-when-operator"),
    ("R4", _set("age", "enableWhen", [{"question": "lives_alone", "operator": "exists", "answerString": "x"}]),
     "que-7"),
    ("R4", _set("age", "enableWhen", [{"question": "living", "operator": "=", "answerBoolean": True}]),
     "enable-when-answer"),
    ("R4", _set("age", "enableWhen", [{"question": "living", "operator": "=",
                                       "answerCoding": {"system": "x", "code": "rented"}}]), "enable-when-answer"),
    ("R4", _set("age", "enableWhen", [{"question": "lives_alone", "operator": "=", "answerBoolean": True},
                                      {"question": "lives_alone", "operator": "!=", "answerBoolean": False}]), "que-12"),
    ("R4", _set("age", "enableBehavior", "some"), "enable-behavior"),
    ("R4", _set("age", "answerOption", [{"valueCoding": {"code": "x"}}]), "answer-option"),
    ("R4", _set("supports", "answerOption", [{"valueCoding": {"code": "x"}}, {"valueCoding": {"code": "x"}}]),
     "answer-option"),
    ("R4", _set("living", "answerConstraint", "optionsOnly"), "answer-constraint"),
    ("R5", _set("age", "answerConstraint", "optionsOnly"), "que-14"),
    ("R4", _set("visit", "maxLength", 10), "que-10"),
    ("R4", _set("help.hint", "item", [{"linkId": "x", "type": "display", "text": "x"}]), "que-1"),
    ("R4", _set("tasks", "item", []), "que-1"),
    ("R4", _set("help.hint", "required", True), "que-6"),
    ("R4", _set("mood", "extension", [{"url": "http://hl7.org/fhir/StructureDefinition/minValue",
                                       "valueDate": "2024-01-01"}]), "min-max"),
    ("R4", _set("age", "extension", [{"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs",
                                      "valueInteger": 2}]), "occurs"),
    ("R4", _set("age", "extension", [{"url": "x", "valueCode": "a", "valueString": "b"}]), "ext-1"),
    ("R4", lambda r, links: r.update(name="conditions-demo"), "que-0"),
    ("R4", lambda r, links: r.update(status="published"), "status"),
    ("R4", lambda r, links: r.update(id="conditions_demo"), "id"),
])
def test_checks_catch_broken_resources(version, change, rule):
    resource = broken(version, change)
    assert rule in {p.rule for p in check_questionnaire(resource, version)}


def test_the_checks_accept_what_fhir_allows():
    resource = broken("R4", lambda r, links: links["help"]["item"].append(
        {"linkId": "help.more", "text": "More", "type": "string",
         "enableWhen": [{"question": "help", "operator": "exists", "answerBoolean": True}]}))
    assert check_questionnaire(resource) == []  # an item nested under a question may depend on it


@pytest.mark.parametrize("name", ["bit-of-everything.json", "date-in-repeating-group.json"])
def test_the_checks_pass_questionnaires_written_elsewhere(name):
    resource = json.loads((SAMPLES / "fhir" / name).read_text(encoding="utf-8"))
    QuestionnaireR4.model_validate(resource)
    assert check_questionnaire(resource, "R4") == []


def test_the_demo_passes_the_checks_in_both_versions():
    for version in ("R4", "R5"):
        resource, _ = questionnaire(DEMO_FORM, version)
        parses(resource, version)
        assert check_questionnaire(resource, version) == []


# --- read back by Coform's own FHIR importer ---------------------------------------------------------------------
@pytest.mark.parametrize("form_id", [*sorted(LIBRARY), "conditions-demo"])
def test_coforms_importer_reads_the_questions_back(form_id):
    form = LIBRARY.get(form_id) or DEMO_FORM
    resource, _ = questionnaire(form)
    result = import_bytes(json.dumps(resource).encode("utf-8"), "fhir", "q.json")
    back = load_text(result.yaml_text, "q.yaml", forms={}, lint=False)
    assert not [i for i in back.issues if i.is_error], [i.format() for i in back.issues]
    imported = {p.field.id: p.field for p in back.document.walk()}
    for placed in form.walk():
        f = placed.field
        if f.type == "guidance":
            continue
        g = imported[f.id]
        assert g.label == f.label
        assert g.type == ("number" if f.type == "scale" else f.type)
        assert (g.required, g.hint, g.max_length, g.pattern) == (
            f.required and f.type != "repeating_group", f.hint, f.max_length, f.pattern)
        assert [o.label for o in g.options] == [o.label for o in f.options]
        assert (g.show_if is None) == (f.show_if is None)
    if form is DEMO_FORM:  # plain options keep their values, so the conditions can be compared exactly
        @settings(derandomize=True, max_examples=200, deadline=None)
        @given(flat_answers(form))
        def same(answers):
            assert visible_fields(back.document, answers) & set(imported) == visible_fields(form, answers)
        same()


# --- names, markdown and hostile text ---------------------------------------------------------------------------
def test_names_and_ids():
    assert machine_name("care-act-needs-assessment") == "CareActNeedsAssessment"
    assert machine_name("a_b-c") == "ABC"
    assert fhir_id("my_form") == "my-form"


@pytest.mark.parametrize("text", [*HOSTILE, "# Heading\n1. one\n- item\n> quote\n[link](http://x) *em* `code` &amp;"])
def test_markdown_text_renders_as_exactly_what_was_written(text):
    rendered = MarkdownIt("commonmark").render(markdown_text(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
    shown = html.unescape(rendered[3:-5])
    assert [line.strip() for line in shown.split("\n")] == [line.strip() for line in text.split("\n")]
    assert "<script>" not in rendered


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_hostile_text_is_kept_exactly(version):
    quoted = [json.dumps(text) for text in HOSTILE]
    options = ", ".join(f"{{value: o{i}, label: {q}}}" for i, q in enumerate(quoted))
    fields = "\n".join(f"      - {{id: f{i}, label: {q}, hint: {q}, type: short_text, retention: {q}}}"
                       for i, q in enumerate(quoted))
    form = form_of(f"""\
kind: form
id: hostile
title: {quoted[0]}
version: 1
purpose: {quoted[1]}
sections:
  - id: s
    title: {quoted[2]}
    intro: {quoted[4]}
    fields:
{fields}
      - {{id: pick, label: {quoted[3]}, type: single_choice, options: [{options}]}}
      - {{id: after, label: {quoted[5]}, type: yes_no, show_if: {{field: pick, equals: o0}}}}
""")
    (file,) = export_fhir(Subject(form, fhir_version=version)).files
    resource = json.loads(file.data.decode("utf-8"))
    parses(resource, version)
    assert check_questionnaire(resource, version) == []
    assert resource["title"] == HOSTILE[0]
    assert resource["purpose"] == markdown_text(HOSTILE[1]) == '"quotes\' \\& ampersands'
    links = by_link(resource)
    assert links["s"]["text"] == HOSTILE[2] and links["s.intro"]["text"] == HOSTILE[4]
    for i, text in enumerate(HOSTILE):
        assert links[f"f{i}"]["text"] == text and links[f"f{i}.hint"]["text"] == text
        retention = [e for e in links[f"f{i}"]["extension"] if e["url"].endswith("/retention")]
        assert retention[0]["valueString"] == text
    assert [o["valueCoding"]["display"] for o in links["pick"]["answerOption"]] == HOSTILE
    assert links["after"]["enableWhen"][0]["answerCoding"]["display"] == HOSTILE[0]


def test_registered_for_forms_only_and_unknown_versions_are_refused():
    assert FORMATS["fhir"].kinds == ("form",)
    with pytest.raises(ValueError):
        export_fhir(Subject(DEMO_FORM, fhir_version="R3"))
