"""BPMN 2.0 export, proved by its consumers: the OMG XSDs and SpiffWorkflow's parser and engine."""

from __future__ import annotations

from pathlib import Path

import pytest
import SpiffWorkflow
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.util.task import TaskState

from exporter.base import COFORM_URL, Subject, file_stem
from exporter.bpmn import BPMN, BPMNDI, DC, DI, bpmn_text, process_id
from exporter.formats import FORMATS
from forms.loader import shipped_forms
from forms.model import Workflow
from forms.vocabulary import readable
from tests.exporter.workflow_fixtures import HOSTILE_TITLES, HOSTILE_WHENS, LIBRARY_WORKFLOWS, hostile_workflow

XSD = Path(SpiffWorkflow.__file__).parent / "bpmn" / "parser" / "schema" / "BPMN20.xsd"
NS = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI}
FORMS = shipped_forms()
ALL = [*LIBRARY_WORKFLOWS.values(), hostile_workflow()]
FLOW_NODES = ("startEvent", "userTask", "exclusiveGateway", "endEvent")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _text(workflow: Workflow) -> str:
    return bpmn_text(Subject(document=workflow, forms=FORMS))


def _tree(workflow: Workflow) -> etree._Element:
    return etree.fromstring(_text(workflow).encode("utf-8"))


def _spec(workflow: Workflow):
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_str(_text(workflow).encode("utf-8"), f"{workflow.id}.bpmn")
    assert parser.get_process_ids() == [process_id(workflow)]
    return parser.get_spec(process_id(workflow))


@pytest.mark.parametrize("workflow", LIBRARY_WORKFLOWS.values(), ids=lambda w: w.id)
def test_golden(workflow, golden):
    result = FORMATS["bpmn"].export(Subject(document=workflow, forms=FORMS))
    [file] = result.files
    assert file.name == f"{file_stem(workflow)}.bpmn" and not result.warnings
    golden(f"export/bpmn/{file.name}", file.data.decode("utf-8"))


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_valid_against_the_bpmn_xsd(workflow, schema):
    schema.assertValid(_tree(workflow))


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_spiffworkflow_reads_names_and_lanes(workflow):
    spec = _spec(workflow)
    assert spec.description == workflow.title  # Spiff keeps the process name here
    for step in workflow.steps:
        task = spec.task_specs[step.id]
        assert task.bpmn_name == step.title
        assert task.lane == (readable(step.actor) if step.actor else "No actor named")
        assert type(task).__name__ == ("EndEvent" if step.end else "UserTask")
        outputs = sorted(t.name for t in task.outputs if not t.name.endswith(".EndJoin"))  # Spiff's own join
        if len(step.next) > 1:
            gateway = spec.task_specs[f"Gateway_{step.id}"]
            assert outputs == [gateway.name]
            assert sorted(t.name for t in gateway.outputs) == sorted({t.to for t in step.next})
        else:
            assert outputs == [t.to for t in step.next]


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_every_flow_node_and_lane_has_a_shape_and_every_flow_an_edge(workflow):
    tree = _tree(workflow)
    process = tree.find("bpmn:process", NS)
    shapes = {s.get("bpmnElement"): s for s in tree.iterfind(".//bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in tree.iterfind(".//bpmndi:BPMNEdge", NS)}
    nodes = [el for tag in FLOW_NODES for el in process.iterfind(f"bpmn:{tag}", NS)]
    lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
    flows = process.findall("bpmn:sequenceFlow", NS)
    assert len(nodes) == 1 + len(workflow.steps) + sum(len(s.next) > 1 for s in workflow.steps)
    assert len(lanes) == len({s.actor for s in workflow.steps})
    for el in [*nodes, *lanes]:
        bounds = shapes[el.get("id")].find("dc:Bounds", NS)
        assert float(bounds.get("width")) > 0 and float(bounds.get("height")) > 0
    assert {lane.get("id"): lane for lane in lanes}.keys() <= shapes.keys()
    assert sorted(edges) == sorted(f.get("id") for f in flows)
    for flow in flows:
        assert len(edges[flow.get("id")].findall("di:waypoint", NS)) >= 2
    # The plane shows the collaboration whose pool holds the process, as modelling tools expect.
    plane = tree.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    participant = tree.find("bpmn:collaboration/bpmn:participant", NS)
    assert plane.get("bpmnElement") == tree.find("bpmn:collaboration", NS).get("id")
    assert participant.get("processRef") == process.get("id") and participant.get("id") in shapes


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_incoming_and_outgoing_match_the_flows(workflow):
    process = _tree(workflow).find("bpmn:process", NS)
    flows = process.findall("bpmn:sequenceFlow", NS)
    lane_refs = sorted(ref.text for ref in process.iterfind("bpmn:laneSet/bpmn:lane/bpmn:flowNodeRef", NS))
    ids = []
    for tag in FLOW_NODES:
        for node in process.iterfind(f"bpmn:{tag}", NS):
            ids.append(node.get("id"))
            assert [i.text for i in node.findall("bpmn:incoming", NS)] == [
                f.get("id") for f in flows if f.get("targetRef") == node.get("id")]
            assert [o.text for o in node.findall("bpmn:outgoing", NS)] == [
                f.get("id") for f in flows if f.get("sourceRef") == node.get("id")]
    assert lane_refs == sorted(ids)  # every flow node is in exactly one lane


def test_tasks_carry_time_limit_form_and_description():
    workflow = LIBRARY_WORKFLOWS["children-contact-to-plan"]
    process = _tree(workflow).find("bpmn:process", NS)
    task = process.find("bpmn:userTask[@id='single_assessment']", NS)
    assert task.get(f"{{{COFORM_URL}}}form") == "single-assessment"
    doc = task.find("bpmn:documentation", NS).text
    form = FORMS["single-assessment"]
    assert "Time limit: within 45 working days." in doc
    assert f"Form: {form.title} (single-assessment, version {form.version})." in doc
    assert "Description: To be completed within 45 working days of the referral." in doc
    assert "Done by: Social worker." in doc
    # Named ways out and executable conditions: the user records the next step's id as `way_out`.
    flow = process.find("bpmn:sequenceFlow[@id='Flow_single_assessment_icpc']", NS)
    assert flow.get("name") == "Child is likely to suffer significant harm"
    assert flow.find("bpmn:conditionExpression", NS).text == 'way_out == "icpc"'


@pytest.mark.parametrize("workflow", LIBRARY_WORKFLOWS.values(), ids=lambda w: w.id)
def test_reviews_are_drawn(workflow):
    tree = _tree(workflow)
    loops = [s for s in workflow.steps if any(t.to == s.id for t in s.next)]
    assert loops  # both library workflows review in a loop
    edges = {e.get("bpmnElement") for e in tree.iterfind(".//bpmndi:BPMNEdge", NS)}
    for step in loops:
        assert f"Flow_{step.id}_{step.id}" in edges


def _run(workflow: Workflow, choices: list[str]) -> tuple[list[str], bool]:
    """Run the engine, taking the given ways out in turn; the user tasks met and whether it ended."""
    engine = BpmnWorkflow(_spec(workflow))
    engine.do_engine_steps()
    met, choices = [], list(choices)
    while ready := engine.get_tasks(state=TaskState.READY):
        [task] = ready
        met.append(task.task_spec.name)
        if len(workflow.step_map()[task.task_spec.name].next) > 1:
            task.data["way_out"] = choices.pop(0)
        task.run()
        engine.do_engine_steps()
    return met, engine.is_completed()


def test_the_engine_follows_a_review_loop_to_its_end():
    workflow = LIBRARY_WORKFLOWS["children-contact-to-plan"]
    met, done = _run(workflow, ["single_assessment", "cin_plan", "cin_review", "cin_review", "closed_needs_met"])
    assert met == ["contact", "decision", "single_assessment", "cin_plan", "cin_review", "cin_review", "cin_review"]
    assert done


@pytest.mark.parametrize("choices", [["closed_information"], ["needs_assessment", "eligibility", "closed_not_eligible"],
                                     ["carers_assessment", "support_planning", "planned_review", "planned_review",
                                      "closed_support_ended"]])
def test_the_engine_runs_adult_paths(choices):
    workflow = LIBRARY_WORKFLOWS["adults-contact-to-review"]
    met, done = _run(workflow, choices)
    assert done and met[:2] == ["request", "information_advice"]


def test_hostile_text_round_trips_exactly_and_stays_text(schema):
    workflow = hostile_workflow()
    tree = _tree(workflow)
    schema.assertValid(tree)
    process = tree.find("bpmn:process", NS)
    names = {el.get("id"): el.get("name") for el in process.iter() if el.get("name") is not None}
    for step_id, title in HOSTILE_TITLES.items():
        assert names[step_id] == title
    assert {f.get("name") for f in process.iterfind("bpmn:sequenceFlow", NS)} >= set(HOSTILE_WHENS)
    assert tree.find("bpmn:collaboration/bpmn:participant", NS).get("name") == workflow.title
    assert "<img src=x onerror=alert(1)>" in process.find("bpmn:userTask[@id='second']/bpmn:documentation", NS).text
    assert {etree.QName(el).namespace for el in tree.iter()} <= {BPMN, BPMNDI, DC, DI}


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_deterministic(workflow):
    assert _text(workflow) == _text(workflow)
