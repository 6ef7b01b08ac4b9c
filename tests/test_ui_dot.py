"""ui/dot.py: every step drawn, actors as clusters, gateways and time limits shown, hostile text kept inert.

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
from ui.dot import WRAP, label, workflow_dot

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
def test_every_step_is_drawn_once_in_its_actors_cluster(name):
    workflow = library_workflow(name)
    drawn = parse(workflow_dot(workflow, shipped_forms()))
    nodes = step_nodes(workflow, drawn)
    assert len(set(nodes.values())) == len(workflow.steps)
    lanes = {squash(label): members for label, members in drawn.clusters.values()}
    actors = {s.actor for s in workflow.steps if s.actor}
    assert set(lanes) == {squash(readable(a)) for a in actors}
    for step in workflow.steps:
        in_lane = [lbl for lbl, members in lanes.items() if nodes[step.id] in members]
        assert in_lane == ([squash(readable(step.actor))] if step.actor else []), step.id


@pytest.mark.parametrize("name", LIBRARY_WORKFLOWS)
def test_ways_out_gateways_time_limits_forms_and_ends(name):
    workflow = library_workflow(name)
    forms = shipped_forms()
    drawn = parse(workflow_dot(workflow, forms))
    nodes = step_nodes(workflow, drawn)
    by_node = {v: k for k, v in nodes.items()}
    steps = workflow.step_map()
    gateways = {n for n, a in drawn.nodes.items() if a.get("shape") == "diamond"}
    assert all(drawn.nodes[g]["label"] == "Which\nway?" for g in gateways)
    # One way out: a direct arrow. Several: an arrow to a gateway, then one per way out, each with its `when`.
    for step in workflow.steps:
        source = nodes[step.id]
        out = [(t, a) for s, t, a in drawn.edges if s == source]
        if len(step.next) > 1:
            assert len(out) == 1 and out[0][0] in gateways
            out = [(t, a) for s, t, a in drawn.edges if s == out[0][0]]
        drawn_ways = sorted((by_node[t], squash(a.get("label", ""))) for t, a in out)
        assert drawn_ways == sorted((t.to, squash(t.when or "")) for t in step.next), step.id
        text = drawn.nodes[source]["label"]
        limit = f"Within {step.time_limit.describe()}" if step.time_limit else "Within"
        assert (squash(limit) in squash(text)) == (step.time_limit is not None)
        if step.form:
            assert squash(f"Form: {forms[step.form].title}") in squash(text)
        assert text.endswith("\nEnd") == step.end
        assert (drawn.nodes[source].get("peripheries") == "2") == step.end
    assert len(gateways) == sum(1 for s in workflow.steps if len(s.next) > 1)
    assert [t for s, t, _ in drawn.edges if s == "start"] == [nodes[workflow.start]]
    assert drawn.nodes["start"]["label"] == "Start"
    assert len(drawn.edges) == 1 + len(gateways) + sum(len(s.next) for s in steps.values())


def test_the_diagram_reads_top_to_bottom_and_uses_no_colour_for_meaning():
    dot = workflow_dot(library_workflow("adults-contact-to-review.yaml"), shipped_forms())
    assert "rankdir=TB" in dot
    colours = set(re.findall(r'color="(#[0-9a-f]{6})"', dot))
    assert colours <= {"#1a1a1a", "#595959"}  # ink and one grey: nothing is told apart by hue


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


def test_hostile_titles_and_conditions_stay_inside_their_strings():
    workflow = hostile()
    drawn = parse(workflow_dot(workflow))
    nodes = step_nodes(workflow, drawn)
    # Structure is exactly what the workflow says: no extra nodes or edges smuggled in by text.
    assert set(drawn.nodes) == {"start", "s0", "s1", "s2", "g0"}
    assert len(drawn.edges) == 1 + 1 + 2 + 1
    labels = {squash(a.get("label", "")) for _, _, a in drawn.edges}
    assert squash('" -> s0 [label="pwned"]; //') in labels
    assert squash("C:\\temp\\") in labels
    assert squash("<script>alert('x')</script> & &lt;b&gt; \\N \\G \\l") in squash(drawn.nodes[nodes["two"]]["label"])
    assert squash('He said "stop" } digraph x { a -> b; }') in squash(drawn.nodes[nodes["one"]]["label"])
    assert flat(drawn.nodes[nodes["three"]]["label"]).startswith("ends with a backslash \\")


def test_newlines_in_text_become_graphviz_line_breaks():
    drawn = parse(workflow_dot(hostile()))
    (edge,) = [a for s, _, a in drawn.edges if s == "s1"]
    assert edge["label"].split("\n") == ["line one", "line two", "line three"]


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
    assert drawn.nodes["m0"] == {"style": "dashed", "label": "Unknown step:\nnowhere"}
    assert ("g0", "m0", {"style": "dashed", "label": "Something\nhappens"}) in drawn.edges
    assert ("g0", "s1", {}) in drawn.edges


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
