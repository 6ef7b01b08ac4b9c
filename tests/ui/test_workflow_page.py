"""The Workflow page, driven with AppTest: diagram, steps, burden along the paths and per actor, checks."""

from __future__ import annotations

import re
import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from forms.burden import workflow_burden
from forms.loader import LIBRARY_DIR, load_paths, load_text, shipped_forms
from forms.vocabulary import readable
from tests.conftest import ROOT
from ui.dot import workflow_dot
from ui.text import md

RESULTS = {r.path.rsplit("/", 1)[-1]: r for r in load_paths([LIBRARY_DIR])[0] if r.workflow is not None}
PATH_METRICS = ["Practitioner minutes (worst case)", "Practitioner minutes (typical)", "Person minutes (worst case)",
                "Person minutes (typical)", "Fields", "Steps"]


def page(name: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui" / "workflow_page.py"), default_timeout=30).run()
    if name is not None:
        at.selectbox(key="workflow_choice").select(name).run()
    assert not at.exception
    return at


def test_offers_every_library_workflow():
    at = page()
    assert at.selectbox(key="workflow_choice").options == [
        f"{RESULTS[n].workflow.title} ({n})" for n in sorted(RESULTS)]
    assert len(RESULTS) == 2


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_shows_the_diagram_built_from_the_workflow(name):
    at = page(name)
    charts = at.get("graphviz_chart")
    assert len(charts) == 1
    assert charts[0].proto.spec == workflow_dot(RESULTS[name].workflow, shipped_forms())


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_lists_every_step_with_actor_form_time_limit_and_ways_out(name):
    workflow = RESULTS[name].workflow
    forms = shipped_forms()
    table = page(name).dataframe[0].value
    assert list(table["Step"]) == [s.title for s in workflow.steps]
    assert list(table["Who"]) == [readable(s.actor) if s.actor else "" for s in workflow.steps]
    assert list(table["Form"]) == [forms[s.form].title if s.form else "" for s in workflow.steps]
    assert list(table["Time limit"]) == [f"Within {s.time_limit.describe()}" if s.time_limit else "None set"
                                         for s in workflow.steps]
    steps = workflow.step_map()
    for step, ways in zip(workflow.steps, table["Next"], strict=True):
        if step.end:
            assert ways == "End of the workflow"
        for t in step.next:
            assert f"→ {steps[t.to].title}" + (f" (when: {t.when})" if t.when else "") in ways


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_burden_metrics_are_forms_burden_figures(name):
    burden = workflow_burden(RESULTS[name].workflow, shipped_forms()).as_dict()
    metrics = page(name).metric
    assert [m.label for m in metrics] == PATH_METRICS * 2
    for path, shown in (("shortest_path", metrics[:6]), ("longest_path", metrics[6:])):
        figures = burden[path]
        expected = [figures["practitioner_minutes"], figures["practitioner_minutes_typical"], figures["person_minutes"],
                    figures["person_minutes_typical"], figures["fields"], len(figures["steps"])]
        assert [float(m.value) for m in shown] == expected


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_per_actor_figures_are_forms_burden_figures(name):
    burden = workflow_burden(RESULTS[name].workflow, shipped_forms())
    table = page(name).dataframe[1].value
    assert list(table["Who"]) == [readable(a) for a in burden.by_actor]
    assert list(table["Steps"]) == [f["steps"] for f in burden.by_actor.values()]
    assert list(table["Practitioner minutes"]) == [f["practitioner_minutes"] for f in burden.by_actor.values()]
    assert list(table["Person minutes"]) == [f["person_minutes"] for f in burden.by_actor.values()]


def test_checks_are_listed_with_their_lines_in_words():
    result = RESULTS["children-contact-to-plan.yaml"]
    assert result.warnings and not result.errors
    at = page("children-contact-to-plan.yaml")
    text = "\n".join(m.value for m in at.markdown)
    assert f"0 error(s) and {len(result.warnings)} warning(s)" in text
    for issue in result.warnings:
        assert f"**Warning, line {issue.line}, column {issue.column}** ({issue.code})" in text


def test_a_workflow_without_issues_says_so():
    at = page("adults-contact-to-review.yaml")
    assert "No errors or warnings." in [m.value for m in at.markdown]


def test_every_widget_has_a_label():
    at = page()
    assert all(w.label.strip() for w in at.selectbox)


def test_a_workflow_with_errors_still_shows_what_it_can_and_the_errors_located(monkeypatch):
    broken = load_text(textwrap.dedent("""\
        kind: workflow
        id: broken
        title: Broken
        version: 1
        purpose: Show what can be shown.
        start: nowhere
        steps:
          - id: one
            title: First
            next:
              - {to: two}
          - id: two
            title: Second
            end: true
        """), "/library/broken.yaml", forms={})
    assert [(i.code, i.line) for i in broken.errors] == [("WORKFLOW_001", 6)]
    monkeypatch.setattr("ui.library_data.library", lambda: (broken,))
    at = page()
    assert len(at.get("graphviz_chart")) == 1
    assert list(at.dataframe[0].value["Step"]) == ["First", "Second"]
    assert not at.metric
    assert "There is no complete path from the start to an end" in at.info[0].value
    text = "\n".join(m.value for m in at.markdown)
    assert f"**Error, line 6, column {broken.errors[0].column}** (WORKFLOW_001)" in text


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_the_legend_lists_each_numbered_way_in_words_in_order(name):
    workflow = RESULTS[name].workflow
    at = page(name)
    assert "**When each numbered way is taken**" in [m.value for m in at.markdown]
    (legend,) = [m.value for m in at.markdown if m.value.startswith("1. ")]
    items = legend.split("\n")
    assert len(items) == sum(1 for s in workflow.steps for t in s.next if t.when)
    numbered = re.findall(r'label="(\d+)"', at.get("graphviz_chart")[0].proto.spec)
    assert sorted(map(int, numbered)) == list(range(1, len(items) + 1))  # every arrow's number is explained
    first = next(t for s in workflow.steps for t in s.next if t.when)
    assert items[0].startswith(f"1. {md(first.when)} ")


def test_the_legend_shows_hostile_conditions_as_text(monkeypatch):
    hostile = load_text(textwrap.dedent("""\
        kind: workflow
        id: hostile
        title: Hostile
        version: 1
        purpose: Conditions that try to be markup.
        start: one
        steps:
          - id: one
            title: First
            next:
              - {to: two, when: "<script>alert(1)</script> **bold** [link](http://x)"}
              - {to: two, when: "\\u202eevil"}
          - id: two
            title: Second
            end: true
        """), "/library/hostile.yaml", forms={})
    assert hostile.ok, hostile.issues
    monkeypatch.setattr("ui.library_data.library", lambda: (hostile,))
    at = page()
    (legend,) = [m.value for m in at.markdown if m.value.startswith("1. ")]
    assert legend.split("\n") == [
        "1. " + md("<script>alert(1)</script> **bold** [link](http://x) (from “First” to “Second”)"),
        "2. " + md("\u202eevil (from “First” to “Second”)"),
    ]
    assert "<script>" not in legend and "**bold**" not in legend  # escaped: shown as typed, never as markup


def test_a_workflow_without_conditions_says_no_arrow_is_numbered(monkeypatch):
    plain = load_text(textwrap.dedent("""\
        kind: workflow
        id: plain
        title: Plain
        version: 1
        purpose: A straight line.
        start: one
        steps:
          - id: one
            title: First
            next:
              - {to: two}
          - id: two
            title: Second
            end: true
        """), "/library/plain.yaml", forms={})
    monkeypatch.setattr("ui.library_data.library", lambda: (plain,))
    at = page()
    assert "No way out of a step has a condition, so no arrow is numbered." in [c.value for c in at.caption]
