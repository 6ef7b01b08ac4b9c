"""Mermaid and DOT text: goldens, structure checked line by line (Mermaid) and by real parsers (DOT), hostile text inert."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pydot
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporter.base import Subject, file_stem
from exporter.formats import FORMATS
from exporter.labels import escape as dot_escape
from exporter.labels import plain
from exporter.labels import unescape as dot_unescape
from exporter.layout import layout
from exporter.text_diagrams import dot_text, mermaid_escape, mermaid_text
from forms.model import Workflow
from forms.vocabulary import readable
from tests.exporter.workflow_fixtures import HOSTILE_TITLES, HOSTILE_WHENS, LIBRARY_WORKFLOWS, hostile_workflow

ALL = [*LIBRARY_WORKFLOWS.values(), hostile_workflow()]
# pydot's parser calls pyparsing names that newer pyparsing deprecates; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# --- Mermaid: a line grammar strict enough that any escaping slip fails a line.
LABEL = r'(?:[^"#<>&`%\n]|#(?:35|37|quot|amp|lt|gt|96);|<br/>)*'
ID = r"(?:Start|[SG]_[a-z0-9_]+)"
SHAPES = {'(["': '"])', '["': '"]', '{"': '"}'}
NODE = re.compile(rf'^    (?P<id>{ID})(?P<open>\(\["|\["|\{{")(?P<label>{LABEL})(?P<close>"\]\)|"\]|"\}})$')
EDGE = re.compile(rf'^  (?P<source>{ID}) -->(?:\|"(?P<label>{LABEL})"\|)? (?P<target>{ID})$')
SUBGRAPH = re.compile(rf'^  subgraph L\d+\["(?P<label>{LABEL})"\]$')
FIXED = re.compile(rf"^(?:flowchart TD|  end|  accTitle: [^\n]*|  accDescr: [^\n]*|"
                   rf"  classDef endStep stroke-width:4px|  class {ID}(?:,{ID})* endStep)$")
_ENTITIES = {"#35;": "#", "#37;": "%", "#quot;": '"', "#amp;": "&", "#lt;": "<", "#gt;": ">", "#96;": "`", "<br/>": "\n"}


def mermaid_unescape(label: str) -> str:
    return re.sub(r"#(?:35|37|quot|amp|lt|gt|96);|<br/>", lambda m: _ENTITIES[m.group(0)], label)


def parse_mermaid(text: str) -> dict:
    """Nodes (id → label, shape, lane), edges and lanes, failing on any line the grammar does not allow."""
    nodes, edges, lanes, lane = {}, [], [], None
    assert text.endswith("\n") and "\r" not in text
    for number, line in enumerate(text.splitlines(), 1):
        if m := SUBGRAPH.match(line):
            assert lane is None, f"line {number}: nested subgraph"
            lane = mermaid_unescape(m["label"])
            lanes.append(lane)
        elif line == "  end":
            assert lane is not None, f"line {number}: 'end' outside a subgraph"
            lane = None
        elif m := NODE.match(line):
            assert lane is not None and SHAPES[m["open"]] == m["close"] and m["id"] not in nodes, line
            nodes[m["id"]] = (mermaid_unescape(m["label"]), m["open"], lane)
        elif m := EDGE.match(line):
            assert lane is None and m["source"] in nodes and m["target"] in nodes, line
            edges.append((m["source"], m["target"], None if m["label"] is None else mermaid_unescape(m["label"])))
        else:
            assert FIXED.match(line), f"line {number} is not Mermaid this exporter writes: {line!r}"
    assert lane is None
    return {"nodes": nodes, "edges": edges, "lanes": lanes}


@pytest.mark.parametrize("workflow", LIBRARY_WORKFLOWS.values(), ids=lambda w: w.id)
@pytest.mark.parametrize(("fmt", "ext"), [("mermaid", "mmd"), ("dot", "dot")])
def test_golden(workflow, fmt, ext, golden):
    result = FORMATS[fmt].export(Subject(document=workflow))
    [file] = result.files
    assert file.name == f"{file_stem(workflow)}.{ext}"
    golden(f"export/{fmt}/{file.name}", file.data.decode("utf-8"))


def _expected_edges(workflow: Workflow) -> list[tuple[str, str, str | None]]:
    """Step-level ways out, as (from, to, when), through the gateway where there is one."""
    out = [("StartEvent", workflow.start, None)]
    for step in workflow.steps:
        source = f"Gateway_{step.id}" if len(step.next) > 1 else step.id
        if len(step.next) > 1:
            out.append((step.id, source, None))
        out += [(source, t.to, t.when) for t in step.next]
    return out


def _layout_id(mermaid_id: str) -> str:
    return "StartEvent" if mermaid_id == "Start" else mermaid_id.replace("G_", "Gateway_", 1).removeprefix("S_")


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_mermaid_structure_and_text(workflow):
    parsed = parse_mermaid(mermaid_text(workflow))
    assert parsed["lanes"] == [lane.name for lane in layout(workflow).lanes]
    for step in workflow.steps:
        label, shape, lane = parsed["nodes"][f"S_{step.id}"]
        assert label.split("\n")[: len(step.title.splitlines())] == step.title.splitlines()
        assert shape == ('(["' if step.end else '["')
        assert lane == (readable(step.actor) if step.actor else "No actor named")
        if step.time_limit:
            assert f"\nWithin {step.time_limit.describe()}" in label
        if len(step.next) > 1:
            assert parsed["nodes"][f"G_{step.id}"][1] == '{"'
    edges = [(_layout_id(a), _layout_id(b), when) for a, b, when in parsed["edges"]]
    assert edges == _expected_edges(workflow)
    assert not [i for i in parsed["nodes"] if i.lower() == "end"]


def test_mermaid_hostile_text_is_quoted_and_faithful():
    text = mermaid_text(hostile_workflow())
    parsed = parse_mermaid(text)
    labels = {i: label for i, (label, _, _) in parsed["nodes"].items()}
    for step_id, title in HOSTILE_TITLES.items():
        assert labels[f"S_{step_id}"].startswith(title)
    assert {when for _, _, when in parsed["edges"] if when} >= set(HOSTILE_WHENS)
    assert "<script" not in text and "<b>" not in text and "-->" not in "".join(
        line for line in text.splitlines() if not EDGE.match(line))


# --- DOT: parsed by pydot, and by Graphviz itself when it is installed.


def _pydot(text: str) -> pydot.Dot:
    [graph] = pydot.graph_from_dot_data(text)
    return graph


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_dot_parses_with_clusters_diamonds_and_labels(workflow):
    graph = _pydot(dot_text(workflow))
    plan = layout(workflow)
    clusters = graph.get_subgraphs()
    assert [dot_unescape(c.get_label()[1:-1]) for c in clusters] == [plain(lane.name) for lane in plan.lanes]
    nodes = {n.get_name().strip('"'): n for c in clusters for n in c.get_nodes()}
    assert sorted(nodes) == sorted(n.id for n in plan.nodes)
    for lane, cluster in zip(plan.lanes, clusters, strict=True):
        assert [n.get_name().strip('"') for n in cluster.get_nodes()] == list(lane.nodes)
    for step in workflow.steps:
        label = dot_unescape(nodes[step.id].get_label()[1:-1])
        assert " ".join(plain(step.title).split()) in " ".join(label.split())
        if step.time_limit:
            assert label.endswith(f"Within {step.time_limit.describe()}") or f"\nWithin {step.time_limit.describe()}\n" in label
        if len(step.next) > 1:
            assert nodes[f"Gateway_{step.id}"].get_shape() == "diamond"
    edges = [(e.get_source().strip('"'), e.get_destination().strip('"'),
              None if e.get_label() is None else " ".join(dot_unescape(e.get_label()[1:-1]).split()))
             for e in graph.get_edges()]
    assert edges == [(a, b, None if w is None else " ".join(plain(w).split())) for a, b, w in _expected_edges(workflow)]


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_graphviz_reads_every_label_as_written(workflow):
    """Graphviz's own scanner: every node and the right number of edges, hostile labels intact."""
    assert shutil.which("dot"), "Debian's graphviz is needed for this test: run tests/setup.sh"
    run = subprocess.run(["dot", "-Tjson0"], input=dot_text(workflow), capture_output=True, text=True, check=True,
                         timeout=60)
    assert "Warning" not in run.stderr and "Error" not in run.stderr, run.stderr
    data = json.loads(run.stdout)
    labels = {o["name"]: o.get("label", "") for o in data["objects"] if "nodes" not in o}
    assert len(data["edges"]) == len(_expected_edges(workflow))
    for step in workflow.steps:
        # Graphviz keeps escString escapes (\\n, \\\\) and entities (&amp;) in labels until it draws them.
        assert " ".join(plain(step.title).split()) in " ".join(dot_unescape(labels[step.id]).split())


def _string_end(source: str) -> int:
    """Where a quoted DOT string starting at 0 ends, scanned as Graphviz's lexer does (`\\"` is a quote in the text)."""
    i = 1
    while i < len(source):
        if source.startswith('\\"', i):
            i += 2
        elif source[i] == '"':
            return i
        else:
            i += 1
    return -1


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('\\"\n')))
def test_dot_escape_round_trips(text):
    escaped = dot_escape(text)
    assert _string_end(f'"{escaped}" ;') == len(escaped) + 1  # the string closes at our quote, not before or after
    assert dot_unescape(escaped) == plain(text)
    label = pydot.graph_from_dot_data(f'digraph {{ a [label="{escaped}"]; }}')[0].get_node("a")[0].get_label()
    assert dot_unescape(label[1:-1]) == dot_unescape(escaped)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('#"<>&`%\n')))
def test_mermaid_escape_round_trips(text):
    escaped = mermaid_escape(text)
    assert re.fullmatch(LABEL, escaped)
    assert mermaid_unescape(escaped) == text


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.id)
def test_deterministic(workflow):
    assert mermaid_text(workflow) == mermaid_text(workflow) and dot_text(workflow) == dot_text(workflow)
