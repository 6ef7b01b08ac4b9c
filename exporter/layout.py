"""A deterministic swimlane grid layout of a workflow, shared by the SVG diagram and BPMN's diagram (DI).

Lanes are horizontal bands, one per actor in order of first appearance (steps with no actor share a
last lane). Columns are the shortest distance from `start`, so reading left to right follows the
work. A step with more than one way out gets an exclusive gateway to its right, and each way out
leaves the gateway on its own row with its `when` text above it. Edges are orthogonal: they run
through the gaps between columns and, when they skip columns or go back (reviews), along a gutter
at the foot of the source lane, each on its own track so lines never lie on top of each other.

Everything is computed from the workflow alone, in file order, so the same workflow always gives
the same coordinates. Node ids are the BPMN ids: steps keep their own ids (lower case by docs/format.md);
generated ids start with a capital letter, so they can never collide with a step.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from exporter.labels import wrap
from forms.model import Step, Workflow
from forms.vocabulary import readable

# Sizes in SVG user units (pixels). Chosen so 12px text wraps at about 24 characters per task.
LANE_HEAD = 130  # width of the lane name column on the left
TASK_W, TASK_H = 170, 72
EVENT = 36  # start and end events are circles of this diameter
GATEWAY = 40
JOG = 14  # horizontal run from a gateway's point before a way out turns to its own row
LABEL_W = 104  # room for a `when` text on a way out: bpmn.io wraps flow names at 90px, so this matches
CELL_PAD = 12
TRACK = 9  # distance between parallel edge tracks in gaps and gutters
LINE = 14  # line height of task text (12px font)
LABEL_LINE = 13  # line height of `when` text (11px font)
TASK_CHARS, LABEL_CHARS, LANE_CHARS = 24, 16, 18
# Longer text is cut at labels.MAX_LINES lines with an ellipsis (exporter/labels.py holds the one `wrap`);
# the full text is kept in a tooltip and the description.
NO_ACTOR = "No actor named"

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    actor: str | None
    name: str
    box: Box
    nodes: tuple[str, ...]  # ids of the flow nodes in this lane


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str  # start | task | gateway | end
    step: Step | None  # None for the start event
    lane: str
    box: Box
    column: int


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    when: str | None
    points: tuple[Point, ...]
    label: Box | None  # where the `when` text goes, above the edge's row


@dataclass(frozen=True, slots=True)
class Layout:
    width: float
    height: float
    lanes: tuple[Lane, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def incoming(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.target == node_id]

    def outgoing(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.source == node_id]


def ncname(text: str, prefix: str) -> str:
    """An XML NCName made from an id: unsafe characters become '_', and a prefix keeps the first one a letter."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", text)
    return f"{prefix}{safe}"


def task_text(step: Step) -> tuple[list[str], bool, list[str], list[str]]:
    """What a task box says: title lines (and whether they were cut), time limit lines, form lines."""
    title, cut = wrap(step.title, TASK_CHARS)
    limit = wrap(f"Within {step.time_limit.describe()}", TASK_CHARS)[0] if step.time_limit else []
    form = wrap(f"Form: {step.form}", TASK_CHARS + 2)[0] if step.form else []
    return title, cut, limit, form


def step_lines(step: Step) -> int:
    """How many text lines a task box holds: the title, then the time limit and form lines."""
    title, _, limit, form = task_text(step)
    return len(title) + len(limit) + len(form)


def _columns(workflow: Workflow) -> dict[str, int]:
    """Column of each step: 1 + its shortest distance from start (unreachable steps go last)."""
    steps = workflow.step_map()
    column = {workflow.start: 1} if workflow.start in steps else {}
    queue = deque(column)
    while queue:
        here = queue.popleft()
        for transition in steps[here].next:
            if transition.to in steps and transition.to not in column:
                column[transition.to] = column[here] + 1
                queue.append(transition.to)
    last = max(column.values(), default=0) + 1
    return {s.id: column.get(s.id, last) for s in workflow.steps}


def _exit_heights(step: Step) -> list[float]:
    """Height of each way-out row: room for its `when` text above the line."""
    return [max(20.0, len(wrap(t.when, LABEL_CHARS)[0]) * LABEL_LINE + 10) if t.when else 20.0 for t in step.next]


def _cell_height(step: Step) -> float:
    if step.end:  # an end event's title sits beside its circle
        task_h = max(float(EVENT), len(wrap(step.title, TASK_CHARS)[0]) * LINE + 4)
    else:
        task_h = max(TASK_H, step_lines(step) * LINE + 16)
    exits = _exit_heights(step)
    if len(step.next) == 1:  # the way out leaves the task's middle, its text above: keep it inside the cell
        return max(task_h, 2 * exits[0]) + 2 * CELL_PAD
    return max(task_h, sum(exits)) + 2 * CELL_PAD


def layout(workflow: Workflow) -> Layout:
    """Positions of every lane, flow node and edge of a workflow (see the module docstring)."""
    steps = [s for s in workflow.steps if s.id in workflow.step_map() and workflow.step_map()[s.id] is s]
    columns = _columns(workflow)
    n_columns = max(columns.values(), default=1) + 1  # column 0 holds the start event

    # Lanes in order of first appearance, the start step's actor first, actorless steps last.
    ordered = sorted(steps, key=lambda s: (s.id != workflow.start, steps.index(s)))
    actors: list[str | None] = []
    for step in ordered:
        if step.actor not in actors and step.actor is not None:
            actors.append(step.actor)
    if any(s.actor is None for s in steps):
        actors.append(None)
    lane_ids: dict[str | None, str] = {}
    for actor in actors:
        base = ncname(actor, "Lane_") if actor else "Lane_NoActor"
        lane_id, n = base, 1
        while lane_id in lane_ids.values():
            n += 1
            lane_id = f"{base}_{n}"
        lane_ids[actor] = lane_id
    start_actor = workflow.step_map()[workflow.start].actor if workflow.start in workflow.step_map() else actors[0]

    # Flow edges first (before coordinates), so gaps and gutters can be sized for their tracks.
    gateway_of = {s.id: f"Gateway_{s.id}" for s in steps if len(s.next) > 1}
    flows: list[tuple[str, str, str | None, Step | None, int]] = [("StartEvent", workflow.start, None, None, 0)]
    for step in steps:
        if step.id in gateway_of:
            flows.append((step.id, gateway_of[step.id], None, None, -1))
            flows += [(gateway_of[step.id], t.to, t.when, step, i) for i, t in enumerate(step.next)]
        else:
            flows += [(step.id, t.to, t.when, step, i) for i, t in enumerate(step.next)]

    # Column widths are uniform; gaps are as wide as the most crowded gap needs.
    lane_rows: dict[str | None, dict[int, list[Step]]] = {a: {} for a in actors}
    for step in steps:
        lane_rows[step.actor].setdefault(columns[step.id], []).append(step)
    cell_w = CELL_PAD + TASK_W + 16 + GATEWAY + JOG + LABEL_W + CELL_PAD
    step_column = {**columns, "StartEvent": 0}
    gap_use = [0] * (n_columns + 1)  # gap c is just left of column c
    gutter_use: dict[str | None, int] = {a: 0 for a in actors}
    lane_of = {s.id: s.actor for s in steps} | {"StartEvent": start_actor}
    lane_of |= {g: lane_of[s] for s, g in gateway_of.items()}
    routes: list[tuple[int, int, int | None, int | None]] = []  # exit track, entry track, gutter track, or None
    for source, target, _, owner, _ in flows:
        if target.startswith("Gateway_"):
            routes.append((-1, -1, None, None))
            continue
        src_col = step_column[owner.id if owner else "StartEvent"]
        tgt_col = step_column.get(target, n_columns - 1)
        exit_track = gap_use[src_col + 1]
        gap_use[src_col + 1] += 1
        if tgt_col == src_col + 1:
            routes.append((exit_track, exit_track, None, None))
            continue
        entry_track = gap_use[tgt_col]
        gap_use[tgt_col] += 1
        gutter = gutter_use[lane_of[source]]
        gutter_use[lane_of[source]] += 1
        routes.append((exit_track, entry_track, gutter, 1))
    gap_w = max(48, (max(gap_use) + 1) * TRACK)
    start_w = EVENT + 2 * CELL_PAD

    def column_x(col: int) -> float:
        return LANE_HEAD + start_w + gap_w + (col - 1) * (cell_w + gap_w) if col else LANE_HEAD

    def gap_x(col: int, track: int) -> float:  # x of a track in the gap left of `col`
        return column_x(col) - gap_w + (track + 1) * TRACK

    # Vertical placement: cells stack inside each lane's column; the gutter sits below.
    lanes: list[Lane] = []
    boxes: dict[str, Box] = {}
    cells: dict[str, Box] = {}
    y = 0.0
    for actor in actors:
        name = readable(actor) if actor else NO_ACTOR
        content = max([sum(_cell_height(s) for s in col) for col in lane_rows[actor].values()] + [EVENT + 2 * CELL_PAD])
        content = max(content, len(wrap(name, LANE_CHARS)[0]) * LINE + 2 * CELL_PAD)
        gutter_h = (gutter_use[actor] + 1) * TRACK if gutter_use[actor] else 0
        height = content + gutter_h
        for col, col_steps in sorted(lane_rows[actor].items()):
            top = y
            for step in col_steps:
                h = _cell_height(step)
                cells[step.id] = Box(column_x(col), top, cell_w, h)
                top += h
        lane_nodes = [s.id for s in steps if s.actor == actor]
        if actor == start_actor:
            first = cells[workflow.start] if workflow.start in cells else Box(0, y, 0, content)
            boxes["StartEvent"] = Box(LANE_HEAD + CELL_PAD, first.y + CELL_PAD + (first.h - 2 * CELL_PAD - EVENT) / 2,
                                 EVENT, EVENT)
            lane_nodes.insert(0, "StartEvent")
        lane_nodes += [gateway_of[s] for s in lane_nodes if s in gateway_of]
        lanes.append(Lane(lane_ids[actor], actor, name, Box(0, y, 0, height), tuple(lane_nodes)))
        y += height
    width = column_x(n_columns - 1) + cell_w + gap_w
    lanes = [Lane(ln.id, ln.actor, ln.name, Box(0, ln.box.y, width, ln.box.h), ln.nodes) for ln in lanes]
    gutter_top = {ln.actor: ln.box.y + ln.box.h - (gutter_use[ln.actor] + 1) * TRACK for ln in lanes}

    nodes: list[Node] = [Node("StartEvent", "start", None, lane_ids[start_actor], boxes["StartEvent"], 0)]
    exit_rows: dict[str, list[float]] = {}
    for step in steps:
        cell = cells[step.id]
        inner_h = cell.h - 2 * CELL_PAD
        if step.end:
            box = Box(cell.x + CELL_PAD, cell.y + CELL_PAD + (inner_h - EVENT) / 2, EVENT, EVENT)
        else:
            task_h = max(TASK_H, step_lines(step) * LINE + 16)
            box = Box(cell.x + CELL_PAD, cell.y + CELL_PAD + (inner_h - task_h) / 2, TASK_W, task_h)
        boxes[step.id] = box
        nodes.append(Node(step.id, "end" if step.end else "task", step, lane_ids[step.actor], box, columns[step.id]))
        heights = _exit_heights(step)
        if step.id in gateway_of:
            gw = Box(box.x + TASK_W + 16, box.cy - GATEWAY / 2, GATEWAY, GATEWAY)
            boxes[gateway_of[step.id]] = gw
            nodes.append(Node(gateway_of[step.id], "gateway", step, lane_ids[step.actor], gw, columns[step.id]))
            top = cell.y + CELL_PAD + (inner_h - sum(heights)) / 2
            rows = []
            for h in heights:
                rows.append(top + h - 5)
                top += h
            exit_rows[step.id] = rows
        else:
            exit_rows[step.id] = [box.cy] * len(step.next)

    edges: list[Edge] = []
    taken: set[str] = set()
    for (source, target, when, owner, index), route in zip(flows, routes, strict=True):
        if source == "StartEvent":
            base = "Flow_start"
        elif target.startswith("Gateway_"):  # the capital G keeps it apart from flows to lower-case step ids
            base = f"Flow_{source}_Gateway"
        else:
            base = f"Flow_{owner.id}_{target}"
        edge_id, n = ncname(base, ""), 1
        while edge_id in taken:
            n += 1
            edge_id = f"{ncname(base, '')}_{n}"
        taken.add(edge_id)
        src, tgt = boxes[source], boxes.get(target)
        if tgt is None:  # a `to` naming no step: validation stops this; draw nothing rather than fail
            continue
        if target.startswith("Gateway_"):
            edges.append(Edge(edge_id, source, target, when, ((src.x + src.w, src.cy), (tgt.x, tgt.cy)), None))
            continue
        exit_track, entry_track, gutter, _ = route
        src_col = step_column[owner.id if owner else "StartEvent"]
        tgt_col = step_column[target]
        row_y = exit_rows[owner.id][index] if owner else src.cy
        points: list[Point] = [(src.x + src.w, src.cy)]
        label = None
        if source.startswith("Gateway_"):
            points += [(src.x + src.w + JOG, src.cy), (src.x + src.w + JOG, row_y)]
            if when:
                label = Box(src.x + src.w + JOG + 4, row_y - len(wrap(when, LABEL_CHARS)[0]) * LABEL_LINE - 3,
                            LABEL_W - 8, len(wrap(when, LABEL_CHARS)[0]) * LABEL_LINE)
        elif when:
            lines = len(wrap(when, LABEL_CHARS)[0])
            label = Box(src.x + src.w + 8, row_y - lines * LABEL_LINE - 3, cell_w - TASK_W - 2 * CELL_PAD - 8,
                        lines * LABEL_LINE)
        out_x = gap_x(src_col + 1, exit_track)
        points.append((out_x, row_y))
        if gutter is None:
            points.append((out_x, tgt.cy))
        else:
            gy = gutter_top[lane_of[source]] + (gutter + 1) * TRACK
            in_x = gap_x(tgt_col, entry_track)
            points += [(out_x, gy), (in_x, gy), (in_x, tgt.cy)]
        points.append((tgt.x, tgt.cy))
        edges.append(Edge(edge_id, source, target, when, tuple(_tidy(points)), label))
    return Layout(width, y, tuple(lanes), tuple(nodes), tuple(edges))


def _tidy(points: list[Point]) -> list[Point]:
    """Drop repeated and collinear middle points, so edges have only the bends they need."""
    out: list[Point] = []
    for p in points:
        p = (round(p[0], 1), round(p[1], 1))
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
            continue
        out.append(p)
    return out
