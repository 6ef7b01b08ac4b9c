"""A workflow's machine-readable parts reach the vendor: time limits' clock and escalation, and ways out's `if`,
in the BPMN (attributes beside the words) and the spec's steps table."""

from __future__ import annotations

import json
import textwrap

from lxml import etree

from exporter.base import Subject, coform_url
from exporter.formats import FORMATS
from forms.loader import load_text, shipped_forms

WORKFLOW = textwrap.dedent("""\
    kind: workflow
    id: referral
    title: From contact to a decision
    version: 1
    purpose: How a contact about a child is decided.
    start: contact
    steps:
      - id: contact
        title: Contact received
        form: contact-record
        time_limit: {working_days: 1, starts: the contact is received, if_missed: the team manager is told}
        next:
          - {to: strategy, when: The child may be in danger, if: {field: immediate_danger, equals: true}}
          - {to: closed, when: No further action}
      - id: strategy
        title: Strategy discussion
        time_limit: {hours: 4}
        next:
          - {to: closed, answers_of: contact-record, if: {any: [{field: parents_aware, answered: true}]}}
      - id: closed
        title: Closed
        end: true
    """)


def exported(format_name: str) -> bytes:
    workflow = load_text(WORKFLOW, "referral.yaml", forms=shipped_forms(), lint=False).document
    return FORMATS[format_name].export(Subject(workflow, shipped_forms())).files[0].data


def test_bpmn_tasks_and_flows_carry_the_clock_the_escalation_and_the_condition():
    root = etree.fromstring(exported("bpmn"))
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    c = f"{{{coform_url()}}}"
    contact = root.find(".//bpmn:userTask[@id='contact']", ns)
    assert (contact.get(c + "timeLimit"), contact.get(c + "clockStarts"), contact.get(c + "ifMissed")) == (
        "1 working day", "the contact is received", "the team manager is told")
    strategy = root.find(".//bpmn:userTask[@id='strategy']", ns)
    assert strategy.get(c + "timeLimit") == "4 hours" and strategy.get(c + "ifMissed") is None
    assert "If the time runs out: the step is shown as overdue" in strategy.find("bpmn:documentation", ns).text
    flows = {f.get("targetRef") + ":" + f.get("sourceRef"): f for f in root.iterfind(".//bpmn:sequenceFlow", ns)}
    danger = flows["strategy:Gateway_contact"]
    assert json.loads(danger.get(c + "if")) == {"field": "immediate_danger", "equals": True}
    assert danger.get(c + "answersOf") is None
    assert flows["closed:Gateway_contact"].get(c + "if") is None  # words only
    later = flows["closed:strategy"]
    assert json.loads(later.get(c + "if")) == {"any": [{"field": "parents_aware", "answered": True}]}
    assert later.get(c + "answersOf") == "contact-record"


def test_the_spec_steps_table_says_the_clock_and_the_condition_in_words():
    text = exported("markdown").decode()
    assert "1 working day<br>Clock starts: the contact is received<br>If missed: the team manager is told" in text
    assert "(when: The child may be in danger; if 'Is the child in danger now?' is Yes (in Contact about a child))" in text
