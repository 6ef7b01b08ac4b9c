"""ui/dot.py: every step drawn with who does it, numbered ways out with their legend, hostile text kept inert.

Debian's `dot` binary is not needed: a strict tokenizer written from Graphviz's own lexer rules
(lib/cgraph/scan.l) reads the DOT back, refuses anything our output should never contain (comments,
HTML strings, raw newlines in strings, backslash escapes other than line breaks), and decodes
labels the way Graphviz shows them. When `dot` is installed, one more test renders for real.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest

from exporter.labels import escape, quote
from forms.loader import LIBRARY_DIR, load_file, load_text, shipped_forms
from forms.model import Workflow
from forms.vocabulary import readable
from ui.dot import WRAP, WRAP_WIDE, label, legend_lines, row_load, ways, workflow_dot

LIBRARY_WORKFLOWS = ["adults-contact-to-review.yaml", "children-contact-to-plan.yaml"]

_NAME = re.compile(r"[A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


# --- a strict DOT reader ---------------------------------------------------------------
def tokenize(dot: str) -> list[tuple[str, str]]:
    """(kind, text) tokens; quoted strings are returned as Graphviz's lexer stores them."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(dot)
    while i < n:
        c = dot[i]
        if c in " \t\r\n":
            i += 1
        elif c == "#" or dot.startswith(("//", "/*"), i):
            raise AssertionError(f"comment outside a string at {i}: {dot[i:i + 40]!r}")
        elif c == "<":
            raise AssertionError(f"HTML string at {i}: {dot[i:i + 40]!r}")
        elif c == '"':
            j, buf = i + 1, []
            while True:
                assert j < n, f"unterminated string from {i}: {dot[i:i + 60]!r}"
                ch = dot[j]
                if ch == '"':
                    break
                assert ch != "\n", f"raw newline inside a string at {j}"
                if ch == "\\" and dot[j + 1:j + 2] == '"':
                    buf.append('"')
                    j += 2
                elif ch == "\\" and dot[j + 1:j + 2] == "\\":
                    buf.append("\\\\")
                    j += 2
                else:
                    assert not (ch == "\\" and dot[j + 1:j + 2] == "\n"), "line continuation inside a string"
                    buf.append(ch)
                    j += 1
            # Older Graphviz lexers read a doubled backslash before the closing quote as an escaped quote.
            assert not dot[i + 1:j].endswith("\\"), f"string ends in a backslash at {j}: {dot[i:j + 1]!r}"
            out.append(("STR", "".join(buf)))
            i = j + 1
        elif dot.startswith("->", i):
            out.append(("EDGE", "->"))
            i += 2
        elif dot.startswith("--", i):
            raise AssertionError("undirected edge in a digraph")
        elif c in "{}[];,=:":
            out.append((c, c))
            i += 1
        elif m := _NUMBER.match(dot, i) or _NAME.match(dot, i):
            out.append(("ID", m.group()))
            i = m.end()
        else:
            raise AssertionError(f"unexpected character {c!r} at {i}")
    return out


def shown(stored: str) -> str:
    """A label as Graphviz draws it: `\\\\` is a backslash, `\\n` a line break, `&amp;` an ampersand."""
    out, i = [], 0
    while i < len(stored):
        c = stored[i]
        if c == "\\":
            nxt = stored[i + 1:i + 2]
            assert nxt in ("\\", "n"), f"escape \\{nxt} would be interpreted by Graphviz: {stored!r}"
            out.append("\\" if nxt == "\\" else "\n")
            i += 2
        elif c == "&":
            assert stored.startswith("&amp;", i), f"'&' that Graphviz would decode as an entity: {stored!r}"
            out.append("&")
            i += 5
        else:
            out.append(c)
            i += 1
    return "".join(out)


@dataclass
class Dot:
    """What the diagram holds: nodes (with attributes), edges, and clusters with their members."""

    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    clusters: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


def parse(dot: str) -> Dot:
    """A strict reader for the subset of DOT that ui.dot writes; anything else fails the test."""
    toks = tokenize(dot)
    pos = 0
    out = Dot()

    def take(kind: str, text: str | None = None) -> str:
        nonlocal pos
        assert pos < len(toks), f"ran out of tokens, wanted {kind} {text}"
        k, t = toks[pos]
        assert k == kind and (text is None or t == text), f"token {pos}: wanted {kind} {text!r}, got {k} {t!r}"
        pos += 1
        return t

    def peek(offset: int = 0) -> tuple[str, str]:
        return toks[pos + offset] if pos + offset < len(toks) else ("EOF", "")

    def value() -> str:
        kind, _ = peek()
        return shown(take("STR")) if kind == "STR" else take("ID")

    def attrs() -> dict[str, str]:
        found: dict[str, str] = {}
        if peek()[0] != "[":
            return found
        take("[")
        while peek()[0] != "]":
            key = take("ID")
            take("=")
            found[key] = value()
            if peek()[0] == ",":
                take(",")
        take("]")
        return found

    def body(cluster: str | None) -> None:
        while peek()[0] != "}":
            kind, text = peek()
            if kind == "ID" and text == "subgraph":
                take("ID")
                name = take("ID")
                assert name.startswith("cluster_"), name
                out.clusters[name] = ("", [])
                take("{")
                body(name)
                take("}")
                continue
            if kind == "ID" and text in ("graph", "node", "edge"):
                take("ID")
                attrs()
            elif kind == "ID" and peek(1)[0] == "=":
                key = take("ID")
                take("=")
                setting = value()
                if key == "label" and cluster:
                    out.clusters[cluster] = (setting, out.clusters[cluster][1])
            elif kind == "ID" and peek(1)[0] == "EDGE":
                source = take("ID")
                take("EDGE")
                target = take("ID")
                out.edges.append((source, target, attrs()))
            else:
                name = take("ID")
                assert re.fullmatch(r"s\d+|g\d+|m\d+|start", name), f"unexpected node name {name!r}"
                assert name not in out.nodes, f"node {name} declared twice"
                out.nodes[name] = attrs()
                if cluster:
                    out.clusters[cluster][1].append(name)
            take(";")

    take("ID", "digraph")
    take("ID", "workflow")
    take("{")
    body(None)
    take("}")
    assert pos == len(toks), f"text after the graph: {toks[pos:pos + 5]}"
    for source, target, _ in out.edges:
        assert source in out.nodes and target in out.nodes, f"edge {source} -> {target} to an undeclared node"
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def squash(text: str) -> str:
    """Text without any whitespace: labels break words longer than a line, so compare without it."""
    return "".join(text.split())


def library_workflow(name: str) -> Workflow:
    result = load_file(LIBRARY_DIR / name)
    assert result.ok and result.workflow is not None
    return result.workflow


def step_nodes(workflow: Workflow, drawn: Dot) -> dict[str, str]:
    """Step id → node name, found by the step's title at the top of a label."""
    found = {}
    for step in workflow.steps:
        matches = [n for n, a in drawn.nodes.items() if n.startswith("s") and squash(a["label"]).startswith(squash(step.title))]
        assert len(matches) == 1, f"step {step.id!r}: {matches}"
        found[step.id] = matches[0]
    return found


# --- the library workflows -------------------------------------------------------------
@pytest.mark.parametrize("name", LIBRARY_WORKFLOWS)
def test_every_step_is_drawn_once_saying_who_does_it(name):
    workflow = library_workflow(name)
    drawn = parse(workflow_dot(workflow, shipped_forms()))
    nodes = step_nodes(workflow, drawn)
    assert len(set(nodes.values())) == len(workflow.steps)
    assert drawn.clusters == {}  # lanes made the drawing too wide for a phone; each box names its actor
    for step in workflow.steps:
        said = squash(f"({readable(step.actor)})") if step.actor else "("
        assert (said in squash(drawn.nodes[nodes[step.id]]["label"])) == bool(step.actor), step.id


@pytest.mark.parametrize("name", LIBRARY_WORKFLOWS)
def test_ways_out_are_numbered_in_the_legend_order_with_time_limits_forms_and_ends(name):
    workflow = library_workflow(name)
    forms = shipped_forms()
    drawn = parse(workflow_dot(workflow, forms))
    nodes = step_nodes(workflow, drawn)
    steps = workflow.step_map()
    numbered = {int(a["label"]): (s, t) for s, t, a in drawn.edges if "label" in a}
    legend = ways(workflow)
    assert sorted(numbered) == [w.number for w in legend] == list(range(1, len(legend) + 1))
    for way in legend:  # the number on each arrow is the one the legend gives its condition
        source, target = numbered[way.number]
        assert squash(drawn.nodes[source]["label"]).startswith(squash(way.source))
        assert squash(drawn.nodes[target]["label"]).startswith(squash(way.target))
    for step in workflow.steps:
        source = nodes[step.id]
        out = sorted((t, a.get("label")) for s, t, a in drawn.edges if s == source)
        assert len(out) == len(step.next), step.id  # one arrow per way out, straight from the step
        text = drawn.nodes[source]["label"]
        assert all(len(line) <= 2 * WRAP for line in text.split("\n"))
        limit = f"Within {step.time_limit.describe()}" if step.time_limit else "Within"
        assert (squash(limit) in squash(text)) == (step.time_limit is not None)
        if step.form:
            assert squash(f"Form: {forms[step.form].title}") in squash(text)
        assert text.endswith("\nEnd") == step.end
        assert (drawn.nodes[source].get("peripheries") == "2") == step.end
    assert not [n for n, a in drawn.nodes.items() if a.get("shape") == "diamond"]
    assert [t for s, t, _ in drawn.edges if s == "start"] == [nodes[workflow.start]]
    assert drawn.nodes["start"]["label"] == "Start"
    assert len(drawn.edges) == 1 + sum(len(s.next) for s in steps.values())


def test_the_legend_says_each_condition_in_words_with_where_it_leads():
    workflow = library_workflow("adults-contact-to-review.yaml")
    lines = legend_lines(workflow)
    assert lines[0] == ("Information and advice meet the need (from “Information, advice and help to prevent "
                        "needs” to “Closed with information and advice”)")
    assert len(lines) == sum(1 for s in workflow.steps for t in s.next if t.when)


def test_the_diagram_reads_top_to_bottom_and_uses_no_colour_for_meaning():
    dot = workflow_dot(library_workflow("adults-contact-to-review.yaml"), shipped_forms())
    assert "rankdir=TB" in dot
    colours = set(re.findall(r'color="(#[0-9a-f]{6})"', dot))
    assert colours <= {"#1a1a1a", "#595959"}  # ink and one grey: nothing is told apart by hue


def fan(ways_out: int) -> Workflow:
    """A start step with WAYS_OUT ways out, each to its own end: one row of that many boxes."""
    branches = "\n".join(f"      - {{to: end{i}, when: Case {i}}}" for i in range(ways_out))
    ends = "\n".join(f"  - {{id: end{i}, title: Closed after case number {i}, end: true}}" for i in range(ways_out))
    text = f"""\
kind: workflow
id: fan
title: Fan
version: 1
purpose: One step that branches many ways.
start: first
steps:
  - id: first
    title: Decide which way the request goes
    next:
{branches}
{ends}
"""
    result = load_text(text, "fan.yaml", forms={}, lint=False)
    assert result.ok, result.issues
    return result.workflow


@pytest.mark.parametrize(("ways_out", "width"), [(2, WRAP), (5, WRAP), (6, WRAP_WIDE)])
def test_a_crowded_row_gets_narrower_boxes(ways_out, width):
    workflow = fan(ways_out)
    assert row_load(workflow) == ways_out
    drawn = parse(workflow_dot(workflow))
    lines = [line for a in drawn.nodes.values() for line in a["label"].split("\n")]
    assert max(map(len, lines)) == width  # "Closed after case number 0" wraps to exactly the width


@pytest.mark.parametrize(("name", "load"), [("adults-contact-to-review.yaml", 4.0),
                                            ("children-contact-to-plan.yaml", 6.5)])
def test_row_load_counts_boxes_and_half_the_arrows_passing_through(name, load):
    assert row_load(library_workflow(name)) == load


# --- hostile text ----------------------------------------------------------------------
HOSTILE = textwrap.dedent(r'''
    kind: workflow
    id: hostile
    title: "Hostile \"titles\""
    version: 1
    purpose: Text that tries to break out of DOT strings.
    start: one
    steps:
      - id: one
        title: "He said \"stop\" } digraph x { a -> b; }"
        actor: "front_door"
        time_limit: {days: 2}
        next:
          - {to: two, when: "\" -> s0 [label=\"pwned\"]; //"}
          - {to: three, when: "C:\\temp\\"}
      - id: two
        title: "<script>alert('x')</script> & &lt;b&gt; \\N \\G \\l"
        actor: "social_worker"
        next:
          - {to: three, when: "line one\nline two\r\nline three"}
      - id: three
        title: "ends with a backslash \\"
        end: true
    ''')


def hostile() -> Workflow:
    result = load_text(HOSTILE, "hostile.yaml", forms={}, lint=False)
    assert result.workflow is not None and not result.errors, result.issues
    return result.workflow


def test_hostile_titles_stay_inside_their_strings_and_conditions_go_to_the_legend():
    workflow = hostile()
    dot = workflow_dot(workflow)
    drawn = parse(dot)
    nodes = step_nodes(workflow, drawn)
    # Structure is exactly what the workflow says: no extra nodes or edges smuggled in by text.
    assert set(drawn.nodes) == {"start", "s0", "s1", "s2"}
    assert len(drawn.edges) == 1 + 2 + 1
    assert sorted(a.get("label", "") for _, _, a in drawn.edges) == ["", "1", "2", "3"]
    assert "pwned" not in dot and "temp" not in dot  # the conditions are in the legend, not the drawing
    assert squash("<script>alert('x')</script> & &lt;b&gt; \\N \\G \\l") in squash(drawn.nodes[nodes["two"]]["label"])
    assert squash('He said "stop" } digraph x { a -> b; }') in squash(drawn.nodes[nodes["one"]]["label"])
    assert flat(drawn.nodes[nodes["three"]]["label"]).startswith("ends with a backslash \\")
    assert [w.when for w in ways(workflow)] == ['" -> s0 [label="pwned"]; //', "C:\\temp\\",
                                                "line one\nline two\r\nline three"]


def test_newlines_in_text_become_graphviz_line_breaks():
    drawn = shown(tokenize(label(["line one\nline two\r\nline three"], 40))[0][1])
    assert drawn.split("\n") == ["line one", "line two", "line three"]


def test_a_workflow_with_errors_is_still_drawn_and_shows_them_in_words():
    result = load_text(textwrap.dedent("""\
        kind: workflow
        id: broken
        title: Broken
        version: 1
        purpose: Draw what can be drawn.
        start: one
        steps:
          - id: one
            title: First
            form: no-such-form
            next:
              - {to: nowhere, when: Something happens}
              - {to: two}
          - id: two
            title: Second
            end: true
        """), "broken.yaml", forms={}, lint=False)
    assert result.errors and result.workflow is not None
    drawn = parse(workflow_dot(result.workflow))
    assert drawn.nodes["s0"]["label"] == "First\nForm:\nno-such-form\n(not found)"
    assert drawn.nodes["m0"] == {"style": "dashed", "label": "Unknown\nstep:\nnowhere"}
    assert ("s0", "m0", {"style": "dashed", "label": "1"}) in drawn.edges
    assert ("s0", "s1", {}) in drawn.edges
    assert legend_lines(result.workflow) == ["Something happens (from “First” to “nowhere (no such step)”)"]


@pytest.mark.parametrize(("text", "escaped"), [
    ('say "hi"', 'say \\"hi\\"'),
    ("back\\slash", "back\\\\slash"),
    ("ends\\", "ends\\\\\\n"),
    ("two\nlines", "two\\nlines"),
    ("cr\r\nlf\rhere", "cr\\nlf\\nhere"),
    ("a & b &lt;", "a &amp; b &amp;lt;"),
    ("<b>{x} -> [y];</b>", "<b>{x} -> [y];</b>"),
    ("bidi\u202eevil\x00\x07", "bidievil"),
])
def test_escape(text, escaped):
    assert escape(text) == escaped
    assert tokenize(quote(text)) == tokenize(f'"{escaped}"')
    assert len(tokenize(quote(text))) == 1


def test_labels_wrap_long_text_and_cap_it():
    text = "word " * 100
    lines = shown(tokenize(label([text]))[0][1]).split("\n")
    assert all(len(line) <= WRAP for line in lines)
    assert lines[-1].endswith("…") and sum(len(line) for line in lines) < 200


@pytest.mark.parametrize("source", ["adults-contact-to-review.yaml", "children-contact-to-plan.yaml", "hostile"])
def test_graphviz_renders_the_text_exactly(source):
    assert shutil.which("dot"), "Debian's graphviz is needed for this test: run tests/setup.sh"
    workflow = hostile() if source == "hostile" else library_workflow(source)
    run = subprocess.run(["dot", "-Tsvg"], input=workflow_dot(workflow, shipped_forms()), capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 0 and not run.stderr, run.stderr
    svg = ET.fromstring(run.stdout)
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))
    for step in workflow.steps:
        assert squash(step.title) in squash(texts)
