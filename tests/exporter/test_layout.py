"""The shared grid layout: every node in its actor's lane, no overlaps, orthogonal edges that end on their target."""

from __future__ import annotations

import pytest

from exporter.layout import Box, layout
from tests.exporter.workflow_fixtures import LIBRARY_WORKFLOWS, hostile_workflow

ALL = [*LIBRARY_WORKFLOWS.values(), hostile_workflow()]


def _inside(inner: Box, outer: Box) -> bool:
    return outer.x <= inner.x and inner.x + inner.w <= outer.x + outer.w and \
        outer.y <= inner.y and inner.y + inner.h <= outer.y + outer.h


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_nodes_sit_in_their_actors_lane_without_overlapping(workflow):
    plan = layout(workflow)
    lanes = {lane.id: lane for lane in plan.lanes}
    assert [lane.actor for lane in plan.lanes if lane.actor] == list(dict.fromkeys(
        s.actor for s in sorted(workflow.steps, key=lambda s: s.id != workflow.start) if s.actor))
    for node in plan.nodes:
        assert node.id in lanes[node.lane].nodes
        assert _inside(node.box, lanes[node.lane].box)
        if node.step and node.kind != "gateway":
            assert lanes[node.lane].actor == node.step.actor
    boxes = [n.box for n in plan.nodes]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    assert sorted(n for lane in plan.lanes for n in lane.nodes) == sorted(n.id for n in plan.nodes)


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_every_transition_is_an_orthogonal_edge_from_source_to_target(workflow):
    plan = layout(workflow)
    nodes = {n.id: n for n in plan.nodes}
    expected = 1 + sum(len(s.next) + (len(s.next) > 1) for s in workflow.steps)
    assert len(plan.edges) == expected and len({e.id for e in plan.edges}) == expected
    for edge in plan.edges:
        (x0, y0), (x1, y1) = edge.points[0], edge.points[-1]
        source, target = nodes[edge.source].box, nodes[edge.target].box
        assert x0 == round(source.x + source.w, 1) and source.y <= y0 <= source.y + source.h
        assert (x1, y1) == (round(target.x, 1), round(target.cy, 1))
        for (ax, ay), (bx, by) in zip(edge.points, edge.points[1:], strict=False):
            assert ax == bx or ay == by, edge
        assert all(0 <= x <= plan.width and 0 <= y <= plan.height for x, y in edge.points)


def test_reviews_loop_back_on_themselves():
    plan = layout(LIBRARY_WORKFLOWS["children-contact-to-plan"])
    loop = next(e for e in plan.edges if e.source == "Gateway_cin_review" and e.target == "cin_review")
    assert loop.when == "Plan continues" and len(loop.points) >= 4


def test_layout_is_deterministic():
    for workflow in ALL:
        assert layout(workflow) == layout(workflow)
