"""The workflow SVG: well-formed, accessible, faithful to every title, inert with hostile text, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from exporter.diagram import workflow_svg
from forms.model import Step, Workflow
from forms.vocabulary import readable
from tests.exporter.workflow_fixtures import HOSTILE_TITLES, LIBRARY_WORKFLOWS, hostile_workflow

NS = "{http://www.w3.org/2000/svg}"
DRAWING_TAGS = {"svg", "title", "desc", "defs", "marker", "path", "g", "rect", "line", "text", "tspan", "circle",
                "polygon", "polyline"}
ALL = [*LIBRARY_WORKFLOWS.values(), hostile_workflow()]


def _parse(workflow: Workflow) -> ET.Element:
    return ET.fromstring(workflow_svg(workflow))


def _texts(svg: ET.Element) -> list[str]:
    """Every visible <text>, its lines joined by single spaces (how a reader takes in wrapped text)."""
    return [" ".join(" ".join(t.text or "" for t in text.iter(f"{NS}tspan")).split()) or (text.text or "")
            for text in svg.iter(f"{NS}text")]


def _said(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_svg_is_an_accessible_image(workflow):
    svg = _parse(workflow)
    assert svg.tag == f"{NS}svg" and svg.get("role") == "img"
    title, desc = svg.find(f"{NS}title"), svg.find(f"{NS}desc")
    assert title is not None and desc is not None and list(svg)[:2] == [title, desc]
    assert svg.get("aria-labelledby") == title.get("id") and svg.get("aria-describedby") == desc.get("id")
    assert title.text == f"Workflow diagram: {workflow.title} (version {workflow.version})"
    # role="img" hides the drawing's text from screen readers, so the description carries every step and way out.
    for step in workflow.steps:
        assert f"“{step.title}”" in desc.text
        for transition in step.next:
            assert transition.when is None or f"when {transition.when}" in desc.text
    width, height = (float(v) for v in svg.get("viewBox").split()[2:])
    assert width > 0 and height > 0 and svg.get("width") and svg.get("height")


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_every_step_title_is_drawn_once_as_text(workflow):
    texts = _texts(_parse(workflow))
    for step in workflow.steps:
        assert texts.count(_said(step.title)) == 1, step.title


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_lanes_ways_out_and_time_limits_are_labelled(workflow):
    texts = _texts(_parse(workflow))
    for actor in {s.actor for s in workflow.steps}:
        assert (readable(actor) if actor else "No actor named") in texts
    for step in workflow.steps:
        if step.time_limit:
            assert f"Within {step.time_limit.describe()}" in texts
        if step.form:
            assert f"Form: {step.form}" in texts
        for transition in step.next:
            assert transition.when is None or _said(transition.when) in texts


def test_hostile_titles_stay_text():
    workflow = hostile_workflow()
    out = workflow_svg(workflow)
    svg = ET.fromstring(out)
    assert {el.tag.removeprefix(NS) for el in svg.iter()} <= DRAWING_TAGS  # no <script>, <b>, <img>, comments
    assert "<script" not in out and "<b>" not in out and "<!--" not in out
    assert not [name for el in svg.iter() for name in el.attrib if name.lower().startswith("on")]
    texts = _texts(svg)
    for title in HOSTILE_TITLES.values():
        assert texts.count(_said(title)) == 1


def test_a_title_too_long_for_its_box_is_cut_but_kept_whole_in_a_tooltip():
    long = "word " * 400
    base = LIBRARY_WORKFLOWS["children-contact-to-plan"]
    steps = tuple(Step(s.id, long.strip() if s.id == "contact" else s.title, s.actor, s.form, s.time_limit, s.next,
                       s.end, s.description) for s in base.steps)
    svg = _parse(Workflow(base.id, base.title, base.version, base.purpose, base.start, steps))
    group = next(g for g in svg.iter(f"{NS}g") if g.get("data-step") == "contact")
    assert group.find(f"{NS}title").text == long.strip()
    lines = [t.text for t in group.find(f"{NS}text").iter(f"{NS}tspan")]
    assert len(lines) == 6 and lines[-1].endswith("…")


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_same_workflow_same_svg(workflow):
    assert workflow_svg(workflow) == workflow_svg(workflow)


def test_arrow_marker_ids_are_unique_per_workflow():
    """Two diagrams on one page must not share ids (the HTML spec of a pack can hold both)."""
    ids = [
        {el.get("id") for el in _parse(w).iter() if el.get("id")} for w in LIBRARY_WORKFLOWS.values()
    ]
    assert not set.intersection(*ids)
