"""An accessible inline SVG drawing of a workflow, from the shared grid layout (exporter/layout.py).

`workflow_svg(workflow)` returns one `<svg>` element for the HTML spec to embed: lanes labelled by
actor, steps with their time limits and forms, gateways, and every way out labelled with its `when`.
It is built with ElementTree, so participants' text is escaped by the serializer and can never
become markup. Styling uses presentation attributes only (an inline `<style>` would leak into the
page), in black, white and greys so it prints on any printer and never relies on colour. Because
`role="img"` hides the drawing's own text from screen readers, `<desc>` carries the whole workflow
in words.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from exporter.labels import wrap
from exporter.layout import (
    LABEL_CHARS,
    LABEL_LINE,
    LANE_CHARS,
    LANE_HEAD,
    LINE,
    TASK_CHARS,
    Box,
    Layout,
    Node,
    layout,
    task_text,
)
from forms.model import Workflow
from forms.vocabulary import readable

FONT = "Arial, Helvetica, sans-serif"
INK, GREY, PAPER, BAND = "#1a1a1a", "#595959", "#ffffff", "#f2f2f2"  # contrast above 7:1 on both papers
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text safe to put in XML: characters XML 1.0 forbids become U+FFFD (the serializer escapes the rest)."""
    return _NOT_XML.sub("\ufffd", str(text))


def _num(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    """A child element; attribute names use '_' for '-' (stroke_width → stroke-width)."""
    el = ET.SubElement(parent, tag, {k.replace("_", "-"): (_num(v) if isinstance(v, float | int) else clean(v))
                                     for k, v in attrs.items()})
    if text is not None:
        el.text = clean(text)
    return el


def _lines(parent: ET.Element, lines: list[str], x: float, first_y: float, height: int, **attrs: object) -> ET.Element:
    """A <text> with one <tspan> per line, so wrapped text stays one piece of text to copy and search."""
    text = _el(parent, "text", **attrs)
    for i, line in enumerate(lines):
        _el(text, "tspan", line, x=x, y=first_y + i * height)
    return text


def _describe(workflow: Workflow, plan: Layout) -> str:
    """The whole workflow in words: the text alternative for people who cannot see the drawing."""
    steps = workflow.step_map()
    lanes = "; ".join(lane.name for lane in plan.lanes)
    out = [f"Workflow diagram with {len(workflow.steps)} steps in {len(plan.lanes)} lanes, one per actor: {lanes}. "
           f"It starts at “{steps[workflow.start].title if workflow.start in steps else workflow.start}”."]
    for i, step in enumerate(workflow.steps, 1):
        said = f"Step {i}: “{step.title}”"
        said += f", by {readable(step.actor)}" if step.actor else ""
        said += f", within {step.time_limit.describe()}" if step.time_limit else ""
        said += f", using the form {step.form}" if step.form else ""
        if step.end:
            said += "; the workflow ends here."
        else:
            ways = [f"“{steps[t.to].title if t.to in steps else t.to}”" + (f" when {t.when}" if t.when else "")
                    for t in step.next]
            said += "; then " + ("; or ".join(ways)) + "."
        out.append(said)
    return " ".join(out)


def _task(group: ET.Element, node: Node) -> None:
    box, step = node.box, node.step
    _el(group, "rect", x=box.x, y=box.y, width=box.w, height=box.h, rx=6, fill=PAPER, stroke=INK, stroke_width=1.5)
    lines, cut, limit, form = task_text(step)
    y = box.cy - (len(lines) + len(limit) + len(form)) * LINE / 2 + LINE - 3
    _lines(group, lines, box.cx, y, LINE, text_anchor="middle", font_size=12, fill=INK)
    y += len(lines) * LINE
    if limit:
        _lines(group, limit, box.cx, y, LINE, text_anchor="middle", font_size=11, font_weight="bold", fill=INK)
        y += len(limit) * LINE
    if form:
        _lines(group, form, box.cx, y, LINE, text_anchor="middle", font_size=11, font_style="italic", fill=INK)
    if cut:  # the box shows the first lines; the tooltip keeps every word
        _el(group, "title", step.title)


def _event(group: ET.Element, node: Node) -> None:
    box = node.box
    end = node.kind == "end"
    _el(group, "circle", cx=box.cx, cy=box.cy, r=box.w / 2, fill=PAPER, stroke=INK, stroke_width=4 if end else 1.5)
    if not end:
        _el(group, "text", "Start", x=box.cx, y=box.y + box.h + 13, text_anchor="middle", font_size=11, fill=INK)
        return
    lines, cut = wrap(node.step.title, TASK_CHARS)
    _lines(group, lines, box.x + box.w + 8, box.cy - len(lines) * LINE / 2 + LINE - 3, LINE, font_size=12, fill=INK)
    if cut:
        _el(group, "title", node.step.title)


def _gateway(group: ET.Element, node: Node) -> None:
    b = node.box
    corners = ((b.cx, b.y), (b.x + b.w, b.cy), (b.cx, b.y + b.h), (b.x, b.cy))
    diamond = " ".join(f"{_num(x)},{_num(y)}" for x, y in corners)
    _el(group, "polygon", points=diamond, fill=PAPER, stroke=INK, stroke_width=1.5)
    d = b.w / 5  # the BPMN exclusive-gateway cross, drawn (not typed) so it adds no text
    _el(group, "path", d=f"M{_num(b.cx - d)},{_num(b.cy - d)}L{_num(b.cx + d)},{_num(b.cy + d)}"
                         f"M{_num(b.cx + d)},{_num(b.cy - d)}L{_num(b.cx - d)},{_num(b.cy + d)}",
        stroke=INK, stroke_width=2.5)


def _label(group: ET.Element, when: str, box: Box) -> None:
    lines, cut = wrap(when, LABEL_CHARS)
    text = _lines(group, lines, box.x, box.y + LABEL_LINE - 3, LABEL_LINE, font_size=11, fill=INK,
                  stroke=PAPER, stroke_width=3, paint_order="stroke")  # a paper halo keeps text clear of lines
    if cut:
        _el(text, "title", when)


def workflow_svg(workflow: Workflow) -> str:
    """One self-contained, accessible `<svg>` element drawing the workflow (see the module docstring)."""
    plan = layout(workflow)
    prefix = "coform-" + re.sub(r"[^a-z0-9_-]", "_", workflow.id)  # ids unique within a page of several diagrams
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "role": "img",
        "aria-labelledby": f"{prefix}-title", "aria-describedby": f"{prefix}-desc",
        "viewBox": f"0 0 {_num(plan.width)} {_num(plan.height)}",
        "width": _num(plan.width), "height": _num(plan.height),
        "font-family": FONT, "class": "coform-workflow-diagram",
    })
    _el(svg, "title", f"Workflow diagram: {workflow.title} (version {workflow.version})", id=f"{prefix}-title")
    _el(svg, "desc", _describe(workflow, plan), id=f"{prefix}-desc")
    defs = _el(svg, "defs")
    marker = _el(defs, "marker", id=f"{prefix}-arrow", viewBox="0 0 10 10", refX=10, refY=5,
                 markerWidth=8, markerHeight=8, orient="auto-start-reverse", markerUnits="userSpaceOnUse")
    _el(marker, "path", d="M0,0L10,5L0,10z", fill=INK)

    lanes = _el(svg, "g", **{"class": "lanes"})
    for i, lane in enumerate(plan.lanes):
        b = lane.box
        _el(lanes, "rect", x=b.x, y=b.y, width=b.w, height=b.h, fill=BAND if i % 2 == 0 else PAPER,
            stroke=GREY, stroke_width=1)
        _el(lanes, "line", x1=LANE_HEAD, y1=b.y, x2=LANE_HEAD, y2=b.y + b.h, stroke=GREY, stroke_width=1)
        name, _ = wrap(lane.name, LANE_CHARS)
        _lines(lanes, name, 10, b.y + 22, LINE, font_size=12, font_weight="bold", fill=INK)

    edges = _el(svg, "g", **{"class": "flows"}, fill="none")
    for edge in plan.edges:
        group = _el(edges, "g")
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in edge.points)
        _el(group, "polyline", points=points, fill="none", stroke=INK, stroke_width=1.25,
            marker_end=f"url(#{prefix}-arrow)")
        if edge.when and edge.label:
            _label(group, edge.when, edge.label)

    nodes = _el(svg, "g", **{"class": "steps"})
    for node in plan.nodes:
        group = _el(nodes, "g", **({"data-step": node.step.id} if node.step and node.kind != "gateway" else {}))
        {"task": _task, "gateway": _gateway}.get(node.kind, _event)(group, node)
    return ET.tostring(svg, encoding="unicode")
