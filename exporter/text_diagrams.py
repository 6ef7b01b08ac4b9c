"""Workflows as diagram text: Mermaid (`flowchart`) and Graphviz DOT, from the shared layout's nodes and flows.

Both put each actor's steps in a box of their own (a Mermaid subgraph, a DOT cluster), draw a
diamond where a step has more than one way out, label each way out with its `when`, and show time
limits and forms inside the step's label.

Participants' text only ever appears inside quoted labels, escaped for the notation (DOT by
exporter/labels.py, the one writer of DOT strings), so a title such as `"] --> end; }` stays text.
Identifiers are never built from free text: Mermaid ids are the step ids behind a capital prefix (so
no id is ever a bare `end`, nor starts with the `o`/`x` that Mermaid reads as an arrow head); DOT
ids are the layout's ids, always quoted.
"""

from __future__ import annotations

import re

from exporter.base import ExportFile, ExportResult, Subject, file_stem, register
from exporter.labels import label, quote
from exporter.layout import Layout, Node, layout
from forms.model import Workflow

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Mermaid decodes `#name;` and `#123;` in labels; these characters would otherwise be read as syntax
# (quotes end the label, backticks start Markdown, < > & become HTML, # starts an entity, and `%%{`
# anywhere in the text starts a configuration directive).
_MERMAID_ESCAPES = {"#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "`": "#96;", "%": "#37;"}


def mermaid_escape(text: str) -> str:
    """Text for inside a double-quoted Mermaid label: entities for syntax characters, `<br/>` for line breaks."""
    text = _CONTROL.sub(" ", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    return "<br/>".join("".join(_MERMAID_ESCAPES.get(c, c) for c in line) for line in text.split("\n"))


def _label_lines(node: Node) -> list[str]:
    """A step's label: its title (kept whole; the notations wrap it), time limit and form."""
    step = node.step
    if node.kind == "start":
        return ["Start"]
    if node.kind == "gateway":
        return ["Which way out?"]
    lines = [step.title]
    if step.time_limit:
        lines.append(f"Within {step.time_limit.describe()}")
    if step.form:
        lines.append(f"Form: {step.form}")
    return lines


def _mermaid_ids(plan: Layout) -> dict[str, str]:
    """Node id → Mermaid id: steps 'S_<id>', gateways 'G_<id>' ('-' becomes '_'; clashes get a number)."""
    out: dict[str, str] = {}
    for node in plan.nodes:
        if node.kind == "start":
            base = "Start"
        else:
            base = ("G_" if node.kind == "gateway" else "S_") + node.step.id.replace("-", "_")
        mid, n = base, 1
        while mid in out.values():
            n += 1
            mid = f"{base}_{n}"
        out[node.id] = mid
    return out


def mermaid_text(workflow: Workflow) -> str:
    """A Mermaid `flowchart TD` of the workflow, one subgraph per actor."""
    plan = layout(workflow)
    ids = _mermaid_ids(plan)
    nodes = {n.id: n for n in plan.nodes}
    # accTitle and accDescr are not quoted and Mermaid decodes no entities there, so they hold ids only.
    out = ["flowchart TD", f"  accTitle: Workflow {workflow.id}, version {workflow.version}",
           "  accDescr: Each box is an actor's steps; diamonds are decisions, labelled with when each way is taken"]
    shapes = {"start": ('(["', '"])'), "end": ('(["', '"])'), "gateway": ('{"', '"}'), "task": ('["', '"]')}
    for i, lane in enumerate(plan.lanes, 1):
        out.append(f'  subgraph L{i}["{mermaid_escape(lane.name)}"]')
        for node_id in lane.nodes:
            node = nodes[node_id]
            left, right = shapes[node.kind]
            label = "<br/>".join(mermaid_escape(line) for line in _label_lines(node))
            out.append(f"    {ids[node.id]}{left}{label}{right}")
        out.append("  end")
    for edge in plan.edges:
        text = f'|"{mermaid_escape(edge.when)}"|' if edge.when else ""
        out.append(f"  {ids[edge.source]} -->{text} {ids[edge.target]}")
    ends = [ids[n.id] for n in plan.nodes if n.kind == "end"]
    out.append("  classDef endStep stroke-width:4px")
    if ends:
        out.append(f"  class {','.join(ends)} endStep")
    return "\n".join(out) + "\n"


def dot_text(workflow: Workflow) -> str:
    """A Graphviz DOT digraph of the workflow, one cluster per actor, gateways as diamonds."""
    plan = layout(workflow)
    nodes = {n.id: n for n in plan.nodes}
    out = [
        f"digraph {quote(workflow.id)} {{",
        f"  graph [label={quote(f'{workflow.title} (version {workflow.version})')}, labelloc=t, rankdir=LR, "
        'fontname="Helvetica", charset="UTF-8"];',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for i, lane in enumerate(plan.lanes, 1):
        out += [f"  subgraph cluster_{i} {{", f"    label={quote(lane.name)};", '    style=rounded; color="#595959";']
        for node_id in lane.nodes:
            node = nodes[node_id]
            # Titles are wrapped at spaces so boxes stay narrow; every character is kept.
            attrs = [f"label={label(_label_lines(node), 28, max_lines=None)}"]
            attrs += {"start": ["shape=circle"], "end": ['style="rounded,bold"', "peripheries=2"],
                      "gateway": ["shape=diamond"]}.get(node.kind, [])
            out.append(f"    {quote(node.id)} [{', '.join(attrs)}];")
        out.append("  }")
    for edge in plan.edges:
        when = f" [label={label([edge.when], 28, max_lines=None)}]" if edge.when else ""
        out.append(f"  {quote(edge.source)} -> {quote(edge.target)}{when};")
    out.append("}")
    return "\n".join(out) + "\n"


@register("mermaid", ("workflow",), "Mermaid flowchart text with a subgraph per actor")
def export_mermaid(subject: Subject) -> ExportResult:
    """`<stem>.mmd` for a workflow subject."""
    text = mermaid_text(subject.document)
    return ExportResult((ExportFile(f"{file_stem(subject.document)}.mmd", text.encode("utf-8"), "text/vnd.mermaid"),))


@register("dot", ("workflow",), "Graphviz DOT text with a cluster per actor and gateways as diamonds")
def export_dot(subject: Subject) -> ExportResult:
    """`<stem>.dot` for a workflow subject."""
    text = dot_text(subject.document)
    return ExportResult((ExportFile(f"{file_stem(subject.document)}.dot", text.encode("utf-8"),
                                    "text/vnd.graphviz"),))
