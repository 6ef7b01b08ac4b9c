"""DOT text for a workflow diagram (`st.graphviz_chart`) that stays readable on a phone, and its legend.

The diagram is built from `forms.validate.graph` (the networkx graph every check and burden figure
uses), so what people see is what was checked. On a phone the whole drawing is scaled to the
screen (343 px wide on a 375 px phone), so what decides the size of its text is how many characters
sit side by side in the widest row. So the drawing keeps rows narrow:
- each box says the step, who does it, its form and time limit, wrapped at WRAP characters (fewer
  when the workflow branches wide);
- a way out that has a condition carries only a short number; the words are in the legend under
  the chart (`ways`), where they wrap like any text instead of widening the drawing;
- no lanes or "Which way?" diamonds (each adds width and height); who does a step is in its box;
- spacing is set relative to the text (font size 13 points: nodesep and ranksep a fraction of it),
  and `size` caps the drawing at DESKTOP_INCHES wide, so a wide screen shows it at 16-17 px text.
Nothing is said by colour: the start is a node labelled "Start", ends carry the word "End" (and a
double border).

Participant text only ever appears inside DOT quoted strings written by exporter/labels.py; node
names are generated (`s0`, `m0`, ...), never taken from the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exporter import labels
from forms.model import Form, Step, Workflow
from forms.validate import graph
from forms.vocabulary import readable
from ui.words import word

if TYPE_CHECKING:
    import networkx as nx

# Characters per label line: 12, or 10 when the widest row is crowded (`row_load` over CROWDED: about
# five boxes side by side). Measured in Chromium at 343 px wide: see tests/browser/test_workflow_diagram.py.
WRAP, WRAP_WIDE, CROWDED = 12, 10, 5.0
MAX_LINES = 10  # per piece of text; a pasted paragraph must not make a box the size of the page
FONT_SIZE = 13  # points; Graphviz's own spacing is in inches, so it is set in proportion below
DESKTOP_INCHES = 4.2  # widest drawing on a wide screen (about 400 px): text there is 16-17 px
FONT = "Helvetica,Arial,sans-serif"
INK = "#1a1a1a"
GREY = "#595959"  # contrast above 7:1 on white, for lines only


@dataclass(frozen=True, slots=True)
class Way:
    """A way out with a condition: the number on its arrow and, for the legend, what it says."""

    number: int
    source: str  # the titles of the steps it joins
    target: str
    when: str


def label(pieces: Iterable[object], width: int = WRAP) -> str:
    """A quoted multi-line label (exporter/labels.py writes every DOT string), capped at MAX_LINES a piece."""
    return labels.label(pieces, width, MAX_LINES)


def _step_lines(step: Step, forms: Mapping[str, Form]) -> list[str]:
    pieces = [step.title or step.id]
    if step.actor:
        pieces.append(f"({readable(step.actor)})")
    if step.form:
        form = forms.get(step.form)
        pieces.append(word("dot.form", form=form.title) if form is not None
                      else word("dot.form_not_found", form=step.form))
    if step.time_limit is not None:
        pieces.append(word("dot.within", time_limit=step.time_limit.describe()))
    if step.end:
        pieces.append(word("dot.end"))
    return pieces


def _width(workflow: Workflow) -> int:
    """Characters per line for this workflow: fewer when the widest row of the drawing is crowded."""
    return WRAP if row_load(workflow) <= CROWDED else WRAP_WIDE


def row_load(workflow: Workflow) -> float:
    """How crowded the widest row of the drawing is, roughly as Graphviz's `dot` will rank it.

    Steps are ranked by their longest path from the start once the arrows that go back (reviews,
    loops) are set aside; a row's load is its steps plus half an arrow passing through it (an arrow
    that skips rows takes a thin slot in each).
    """
    import networkx as nx

    g = graph(workflow)
    if workflow.start not in g:
        return 0.0
    back = _back_edges(g, workflow.start)
    forward = nx.DiGraph()
    forward.add_nodes_from(nx.descendants(g, workflow.start) | {workflow.start})
    forward.add_edges_from((u, v) for u, v in g.edges if (u, v) not in back and u != v and u in forward)
    rank: dict[str, int] = {}
    for node in nx.topological_sort(forward):
        rank[node] = max((rank[p] + 1 for p in forward.predecessors(node)), default=0)
    load = Counter(rank.values())
    passing: Counter[int] = Counter()
    for u, v in g.edges:
        if u in rank and v in rank:
            low, high = sorted((rank[u], rank[v]))
            passing.update(range(low + 1, high))
    return max(load[r] + passing[r] / 2 for r in load)


def _back_edges(g: nx.DiGraph, start: str) -> set[tuple[str, str]]:
    """Arrows that lead back to a step on the current path from the start (depth first, no recursion)."""
    state = {start: 1}  # 1: on the path, 2: done
    stack = [(start, iter(g.successors(start)))]
    back = set()
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            state[node] = 2
            stack.pop()
        elif state.get(child) == 1:
            back.add((node, child))
        elif child not in state:
            state[child] = 1
            stack.append((child, iter(g.successors(child))))
    return back


def ways(workflow: Workflow) -> list[Way]:
    """Every way out that has a condition, numbered in the order the diagram draws them (the legend)."""
    steps = workflow.step_map()
    out: list[Way] = []
    for sid in graph(workflow).nodes:
        step = steps[sid]
        for t in step.next:
            if t.when and t.to:
                target = steps[t.to].title if t.to in steps else word("dot.no_such_step", step=t.to)
                out.append(Way(len(out) + 1, step.title or step.id, target, t.when))
    return out


def legend_lines(workflow: Workflow) -> list[str]:
    """The legend in words, one line per numbered arrow (plain text: the page escapes it as Markdown)."""
    return [word("dot.legend", when=way.when, source=way.source, target=way.target) for way in ways(workflow)]


def workflow_dot(workflow: Workflow, forms: Mapping[str, Form] | None = None) -> str:
    """The workflow as DOT: a box per step, an arrow per way out, numbered where it has a condition."""
    forms = forms or {}
    g = graph(workflow)
    steps = workflow.step_map()
    names = {sid: f"s{index}" for index, sid in enumerate(g.nodes)}
    width = _width(workflow)
    points = FONT_SIZE / 72  # one line of text, in inches: Graphviz's spacing is given in its multiples
    out = [
        "digraph workflow {",
        f'  graph [rankdir=TB, fontname="{FONT}", fontsize={FONT_SIZE}, nodesep={points * 0.35:.2f}, '
        f'ranksep={points * 1.0:.2f}, size="{DESKTOP_INCHES},1000", fontcolor="{INK}"];',
        f'  node [shape=box, style=rounded, fontname="{FONT}", fontsize={FONT_SIZE}, '
        f'margin="{points * 0.35:.2f},{points * 0.15:.2f}", color="{INK}", fontcolor="{INK}"];',
        f'  edge [fontname="{FONT}", fontsize={FONT_SIZE}, arrowsize=0.6, color="{GREY}", fontcolor="{INK}"];',
    ]
    for sid in g.nodes:
        extra = ", peripheries=2" if steps[sid].end else ""
        out.append(f"  {names[sid]} [label={label(_step_lines(steps[sid], forms), width)}{extra}];")
    if workflow.start in names:
        start = label([word("dot.start")], width)
        out.append(f"  start [shape=oval, label={start}];")
        out.append(f"  start -> {names[workflow.start]};")
    # Ways out to steps that do not exist are not in the graph; they are drawn (dashed, in words) so the
    # diagram shows the problem the validation list reports. Numbers follow `ways`, in the same order.
    number, missing = 0, 0
    for sid in g.nodes:
        for t in steps[sid].next:
            marker = ""
            if t.when and t.to:
                number += 1
                marker = f'label="{number}"'
            if t.to in names:
                out.append(f"  {names[sid]} -> {names[t.to]}" + (f" [{marker}]" if marker else "") + ";")
            elif t.to:
                unknown = label([word("dot.unknown_step", step=t.to)], width)
                out.append(f"  m{missing} [style=dashed, label={unknown}];")
                out.append(f"  {names[sid]} -> m{missing} [style=dashed" + (f", {marker}" if marker else "") + "];")
                missing += 1
    out.append("}")
    return "\n".join(out) + "\n"


def alt_text(workflow: Workflow) -> str:
    """A short description of the diagram for screen readers (the legend and the steps table say the rest)."""
    steps = workflow.step_map()
    start = steps.get(workflow.start)
    ends = sum(1 for s in workflow.steps if s.end)
    actors = sorted({readable(s.actor) for s in workflow.steps if s.actor})
    done_by = word("dot.done_by", actors=", ".join(actors)) if actors else ""
    text = word("dot.alt", title=workflow.title, steps=len(workflow.steps),
                start=start.title if start else workflow.start, ends=ends, done_by=done_by)
    return labels.plain(" ".join(text.split()))[:1000]
