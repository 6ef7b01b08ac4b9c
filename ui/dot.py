"""DOT text for a workflow diagram (`st.graphviz_chart`): actors as clusters, gateways, time limits, safe labels.

The diagram is built from `forms.validate.graph` (the networkx graph every check and burden figure
uses), so what people see is what was checked. It reads top to bottom with narrow, wrapped boxes so
it stays legible on a phone held upright. Nothing is said by colour: the start is a node labelled
"Start", ends carry the word "End" (and a double border), gateways say "Which way?", and every way
out carries its `when` as text.

Participant text only ever appears inside DOT quoted strings written by exporter/labels.py; node
names are generated (`s0`, `g0`, ...), never taken from the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from exporter import labels
from forms.model import Form, Step, Workflow
from forms.validate import graph
from forms.vocabulary import readable

# Characters per label line. A workflow that branches four ways is four boxes wide, and on a phone
# the whole drawing is scaled to the screen: narrow boxes and tight spacing keep the text largest.
WRAP = 16
EDGE_WRAP = 12
MAX_LINES = 10  # per piece of text; a pasted paragraph must not make a box the size of the page
FONT = "Helvetica,Arial,sans-serif"
INK = "#1a1a1a"
GREY = "#595959"  # contrast above 7:1 on white, for lines and lane borders only


def label(pieces: Iterable[object], width: int = WRAP) -> str:
    """A quoted multi-line label (exporter/labels.py writes every DOT string), capped at MAX_LINES a piece."""
    return labels.label(pieces, width, MAX_LINES)


def _step_lines(step: Step, forms: Mapping[str, Form]) -> list[str]:
    pieces = [step.title or step.id]
    if step.form:
        form = forms.get(step.form)
        pieces.append(f"Form: {form.title}" if form is not None else f"Form: {step.form} (not found)")
    if step.time_limit is not None:
        pieces.append(f"Within {step.time_limit.describe()}")
    if step.end:
        pieces.append("End")
    return pieces


def workflow_dot(workflow: Workflow, forms: Mapping[str, Form] | None = None) -> str:
    """The workflow as DOT: one cluster per actor, a gateway wherever a step has several ways out."""
    forms = forms or {}
    g = graph(workflow)
    steps = workflow.step_map()
    names = {sid: f"s{index}" for index, sid in enumerate(g.nodes)}
    # Ways out to steps that do not exist are not in the graph; they are drawn (dashed, in words)
    # so the diagram shows the problem the validation list reports.
    unknown = {sid: [t for t in steps[sid].next if t.to and t.to not in steps] for sid in g.nodes}
    gateways = {sid: f"g{index}" for index, sid in enumerate(g.nodes)
                if g.out_degree(sid) + len(unknown[sid]) > 1}

    out = [
        "digraph workflow {",
        f'  graph [rankdir=TB, fontname="{FONT}", fontsize=12, nodesep=0.12, ranksep=0.3, '
        f'newrank=true, color="{GREY}", fontcolor="{INK}"];',
        f'  node [shape=box, style=rounded, fontname="{FONT}", fontsize=11, margin="0.12,0.06", '
        f'color="{INK}", fontcolor="{INK}"];',
        f'  edge [fontname="{FONT}", fontsize=10, arrowsize=0.7, color="{GREY}", fontcolor="{INK}"];',
    ]

    def nodes(sid: str, indent: str) -> list[str]:
        step = steps[sid]
        extra = ", peripheries=2" if step.end else ""
        lines = [f"{indent}{names[sid]} [label={label(_step_lines(step, forms))}{extra}];"]
        if sid in gateways:
            lines.append(f'{indent}{gateways[sid]} [shape=diamond, style=solid, label="Which\\nway?", '
                         f'fontsize=9, margin="0.02,0.02"];')
        return lines

    lanes: dict[str, list[str]] = {}
    loose: list[str] = []
    for sid in g.nodes:
        actor = steps[sid].actor
        if actor:
            lanes.setdefault(actor, []).append(sid)
        else:
            loose.append(sid)
    for index, (actor, members) in enumerate(lanes.items()):
        out.append(f"  subgraph cluster_{index} {{")
        out.append(f'    label={label([readable(actor)])}; labeljust=l; style="rounded,dashed";')
        for sid in members:
            out += nodes(sid, "    ")
        out.append("  }")
    for sid in loose:
        out += nodes(sid, "  ")

    if workflow.start in names:
        out.append('  start [shape=oval, style=solid, label="Start"];')
        out.append(f"  start -> {names[workflow.start]};")
    missing = 0
    for sid in g.nodes:
        source = names[sid]
        if sid in gateways:
            out.append(f"  {source} -> {gateways[sid]} [arrowhead=none];")
            source = gateways[sid]
        for _, target, data in g.out_edges(sid, data=True):
            when = data.get("when")
            attrs = f" [label={label([when], EDGE_WRAP)}]" if when else ""
            out.append(f"  {source} -> {names[target]}{attrs};")
        for t in unknown[sid]:
            out.append(f"  m{missing} [style=dashed, label={label([f'Unknown step: {t.to}'])}];")
            attrs = f", label={label([t.when], EDGE_WRAP)}" if t.when else ""
            out.append(f"  {source} -> m{missing} [style=dashed{attrs}];")
            missing += 1
    out.append("}")
    return "\n".join(out) + "\n"


def alt_text(workflow: Workflow) -> str:
    """A short description of the diagram for screen readers (the steps table says the rest)."""
    steps = workflow.step_map()
    start = steps.get(workflow.start)
    ends = sum(1 for s in workflow.steps if s.end)
    actors = sorted({readable(s.actor) for s in workflow.steps if s.actor})
    text = (f"Diagram of the workflow {workflow.title}: {len(workflow.steps)} steps from "
            f"{start.title if start else workflow.start} to {ends} possible end(s), grouped by who does them"
            f"{': ' + ', '.join(actors) if actors else ''}. The steps table below lists every step in words.")
    return labels.plain(" ".join(text.split()))[:1000]
