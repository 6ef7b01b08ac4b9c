"""BPMN 2.0 XML of a workflow: a pool with a lane per actor, a user task per step, and its diagram.

Modelling tools (bpmn.io, Camunda Modeler) draw only what the BPMN diagram interchange (DI) part
places, so every flow node, lane, the pool and every flow gets a shape or an edge from the shared
grid layout (exporter/layout.py): the file opens as the same picture as the HTML spec's SVG.

Semantics kept faithful to the Coform workflow:
- A step with more than one way out is a user task followed by an exclusive gateway. Each way out
  is a sequence flow named with its `when` text, with an executable condition
  `way_out == "<next step id>"`: the person doing the step records which way they took in the
  process variable `way_out`, so an engine (SpiffWorkflow in the tests) can run the workflow.
- Time limits cannot be BPMN timers (`P45D` cannot say "working days"), so they are written in words
  in each task's `documentation`, with the form used and the step's description.
- The form is also a foreign-namespace attribute `coform:form="<form id>"` on the task.

Built with lxml, so participants' text is escaped by the serializer and never becomes markup.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from exporter.base import COFORM_VERSION, ExportFile, ExportResult, Subject, coform_url, file_stem, register
from exporter.diagram import clean
from exporter.layout import Box, Layout, layout
from forms.model import Condition, Step, Workflow
from forms.vocabulary import readable

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI}  # and "coform": coform_url() per export
PYTHON = "https://docs.python.org/3/reference/expressions.html"  # the language of the way-out conditions
WAY_OUT = "way_out"
POOL_HEAD = 30  # modelling tools draw the pool's name in a strip this wide, left of the lanes


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _el(parent: etree._Element, tag: str, text: str | None = None, ns: str = BPMN, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _q(ns, tag), {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = clean(text)
    return el


def process_id(workflow: Workflow) -> str:
    """The process id: the workflow id (already an NCName), unless a step has taken it."""
    if workflow.id in workflow.step_map():
        return f"Process_{workflow.id}"
    return workflow.id


def condition_data(c: Condition) -> dict[str, Any]:
    """A condition as it is written in YAML (docs/format.md "Conditions"), for JSON."""
    if c.op in ("all", "any"):
        return {c.op: [condition_data(child) for child in c.children]}
    if c.op == "not":
        return {"not": condition_data(c.children[0])}
    return {"field": c.field, c.op: list(c.value) if c.op == "in" else c.value}


def task_documentation(step: Step, subject: Subject) -> str:
    """What a vendor needs to build the step, in words: who, within what time, with which form, and why."""
    lines = [f"Done by: {readable(step.actor) if step.actor else 'no actor named'}."]
    limit = step.time_limit
    lines.append(f"Time limit: within {limit.describe()}." if limit else "Time limit: none set.")
    if limit is not None:
        lines.append(f"The clock starts when: {limit.starts or 'the step begins'}.")
        lines.append(f"If the time runs out: {limit.if_missed or 'the step is shown as overdue to whoever does it'}.")
    if step.form:
        form = subject.forms.get(step.form)
        lines.append(f"Form: {form.title} ({form.id}, version {form.version})." if form
                     else f"Form: {step.form} (not in the forms given with this workflow).")
    else:
        lines.append("Form: none.")
    if step.description:
        lines.append(f"Description: {step.description}")
    if len(step.next) > 1:
        lines.append(f"Record the way out taken as the variable {WAY_OUT} (the id of the next step).")
    return "\n".join(lines)


def _bounds(parent: etree._Element, box: Box) -> None:
    _el(parent, "Bounds", ns=DC, x=_n(box.x), y=_n(box.y), width=_n(box.w), height=_n(box.h))


def _n(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def bpmn_tree(subject: Subject) -> etree._Element:
    """The BPMN definitions element for a workflow subject."""
    workflow: Workflow = subject.document
    plan: Layout = layout(workflow)
    pid = process_id(workflow)
    defs = etree.Element(_q(BPMN, "definitions"), nsmap={**NSMAP, "coform": coform_url()}, attrib={
        "id": f"Definitions_{pid}", "targetNamespace": f"{coform_url()}/workflow/{workflow.id}",
        "expressionLanguage": PYTHON, "exporter": "Coform", "exporterVersion": COFORM_VERSION,
    })
    collaboration = _el(defs, "collaboration", id=f"Collaboration_{pid}")
    _el(collaboration, "participant", id=f"Participant_{pid}", name=workflow.title, processRef=pid)

    process = _el(defs, "process", id=pid, name=workflow.title, isExecutable="true")
    _el(process, "documentation", f"{workflow.purpose.strip()}\nVersion {workflow.version}, {workflow.status}.")
    lane_set = _el(process, "laneSet", id=f"LaneSet_{pid}")
    for lane in plan.lanes:
        el = _el(lane_set, "lane", id=lane.id, name=lane.name)
        for node_id in lane.nodes:
            _el(el, "flowNodeRef", node_id)

    for node in plan.nodes:
        step = node.step
        if node.kind == "start":
            el = _el(process, "startEvent", id=node.id, name="Start")
        elif node.kind == "gateway":
            # No name: the ways out carry the answers, and a repeated label would crowd the diagram.
            el = _el(process, "exclusiveGateway", id=node.id)
            _el(el, "documentation", f"The ways out of “{step.title}”: the one recorded as {WAY_OUT} is taken.")
        elif node.kind == "end":
            el = _el(process, "endEvent", id=node.id, name=step.title)
            if step.description:
                _el(el, "documentation", step.description)
        else:
            el = _el(process, "userTask", id=node.id, name=step.title)
            if step.form:
                el.set(_q(coform_url(), "form"), clean(step.form))
            if step.time_limit is not None:  # beside the words, for a case system's timer and escalation
                limit = step.time_limit
                el.set(_q(coform_url(), "timeLimit"), limit.describe())
                for name, value in (("clockStarts", limit.starts), ("ifMissed", limit.if_missed)):
                    if value:
                        el.set(_q(coform_url(), name), clean(value))
            _el(el, "documentation", task_documentation(step, subject))
        for edge in plan.incoming(node.id):
            _el(el, "incoming", edge.id)
        for edge in plan.outgoing(node.id):
            _el(el, "outgoing", edge.id)

    # Ways out with a machine-readable `if`, by the flow that takes them (from the step, or its gateway).
    ways = {(f"Gateway_{s.id}" if len(s.next) > 1 else s.id, t.to): t
            for s in workflow.steps for t in s.next if t.condition is not None}
    for edge in plan.edges:
        attrs = {"id": edge.id, "sourceRef": edge.source, "targetRef": edge.target}
        if edge.when:
            attrs["name"] = edge.when
        flow = _el(process, "sequenceFlow", **attrs)
        way = ways.get((edge.source, edge.target))
        if way is not None and way.condition is not None:
            flow.set(_q(coform_url(), "if"), json.dumps(condition_data(way.condition), ensure_ascii=False))
            if way.answers_of:
                flow.set(_q(coform_url(), "answersOf"), way.answers_of)
        if edge.source.startswith("Gateway_"):
            condition = _el(flow, "conditionExpression", f'{WAY_OUT} == "{edge.target}"')
            condition.set(_q(XSI, "type"), "bpmn:tFormalExpression")

    diagram = _el(defs, "BPMNDiagram", ns=BPMNDI, id=f"Diagram_{pid}", name=workflow.title)
    plane = _el(diagram, "BPMNPlane", ns=BPMNDI, id=f"Plane_{pid}", bpmnElement=f"Collaboration_{pid}")
    pool = _el(plane, "BPMNShape", ns=BPMNDI, id=f"Shape_Participant_{pid}", bpmnElement=f"Participant_{pid}",
               isHorizontal="true")
    _bounds(pool, Box(0, 0, plan.width + POOL_HEAD, plan.height))
    shift = POOL_HEAD  # everything moves right to make room for the pool's name strip
    for lane in plan.lanes:
        shape = _el(plane, "BPMNShape", ns=BPMNDI, id=f"Shape_{lane.id}", bpmnElement=lane.id, isHorizontal="true")
        _bounds(shape, Box(lane.box.x + shift, lane.box.y, lane.box.w, lane.box.h))
    for node in plan.nodes:
        attrs = {"isMarkerVisible": "true"} if node.kind == "gateway" else {}
        shape = _el(plane, "BPMNShape", ns=BPMNDI, id=f"Shape_{node.id}", bpmnElement=node.id, **attrs)
        b = node.box
        _bounds(shape, Box(b.x + shift, b.y, b.w, b.h))
        if node.kind in ("start", "end"):  # event names sit below (start) or beside (end) the circle
            label = _el(shape, "BPMNLabel", ns=BPMNDI)
            if node.kind == "start":
                _bounds(label, Box(b.x + shift - 12, b.y + b.h + 2, b.w + 24, 16))
            else:
                _bounds(label, Box(b.x + shift + b.w + 6, b.y - 4, 160, b.h + 8))
    for edge in plan.edges:
        shape = _el(plane, "BPMNEdge", ns=BPMNDI, id=f"Edge_{edge.id}", bpmnElement=edge.id)
        for x, y in edge.points:
            _el(shape, "waypoint", ns=DI, x=_n(x + shift), y=_n(y))
        if edge.label:
            _bounds(_el(shape, "BPMNLabel", ns=BPMNDI), Box(edge.label.x + shift, edge.label.y, edge.label.w,
                                                             edge.label.h))
    return defs


def bpmn_text(subject: Subject) -> str:
    """The BPMN file's text: UTF-8 XML with a declaration, two-space indented, ending in a newline."""
    tree = bpmn_tree(subject)
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8").decode("utf-8") + "\n"


@register("bpmn", ("workflow",), "BPMN 2.0 XML with a lane per actor and a diagram modelling tools can display")
def export_bpmn(subject: Subject) -> ExportResult:
    """`<stem>.bpmn` for a workflow subject."""
    name = f"{file_stem(subject.document)}.bpmn"
    return ExportResult((ExportFile(name, bpmn_text(subject).encode("utf-8"), "application/xml"),))
