"""Time trials: seconds per question from the moments answers were given, and the trials as a timings CSV.

A time trial is someone filling a form in the studio as in a real visit. The studio can only see
when an answer *changes* (Streamlit tells the server when a box loses focus, a choice is clicked or
a date is picked; it never sees where the cursor is). So a question's time is measured from the
previous answer given (or the start of the trial) to this answer: reading the question, thinking,
talking it through and typing all count. A gap longer than `IDLE_SECONDS` is taken as a pause (a
phone call, a break) and left out: it is measured for no question. Changing an answer later adds
the new gap to the same question. Questions never answered are not measured. docs/format.md
("Time trials") says the same for users, with its limits.

The CSV is the one `python -m forms burden --timings` reads (`forms.timings`): one line per
question answered in a trial, with columns `trial`, `role`, `field` and `seconds`.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from forms.burden import seconds as estimated_seconds
from forms.model import Form
from forms.timings import MAX_SECONDS

IDLE_SECONDS = 5 * 60  # no one question in a visit takes five minutes of silence; a long answer is typed in less
CSV_COLUMNS = ("trial", "role", "field", "seconds")


@dataclass(frozen=True, slots=True)
class Event:
    """An answer given: which question (and, inside a repeating group, which item) and when, in seconds."""

    field: str
    at: float
    item: str = ""


@dataclass(frozen=True, slots=True)
class Measured:
    """One trial's seconds per answer, in the order first answered, and what was left out as pauses."""

    seconds: tuple[tuple[str, str, float], ...] = ()  # (field id, item, seconds)
    idle_gaps: int = 0
    idle_seconds: float = 0.0

    @property
    def total(self) -> float:
        return sum(s for _f, _i, s in self.seconds)

    def by_field(self) -> dict[str, list[float]]:
        """Observations per field id: one per item answered (a repeating group's question counts per item)."""
        out: dict[str, list[float]] = {}
        for fid, _item, value in self.seconds:
            out.setdefault(fid, []).append(value)
        return out


def measure(start: float, events: Iterable[Event], idle: float = IDLE_SECONDS) -> Measured:
    """Seconds per answer from the trial's start and its events (any order; sorted by time here)."""
    totals: dict[tuple[str, str], float] = {}
    previous = start
    gaps, lost = 0, 0.0
    for event in sorted(events, key=lambda e: e.at):
        gap, previous = event.at - previous, max(previous, event.at)
        if gap < 0:  # before the start (a clock step backwards): nothing can be said about this answer's time
            continue
        if gap > idle:  # a pause: measured for no question, and the next gap starts from here
            gaps, lost = gaps + 1, lost + gap
            continue
        key = (event.field, event.item)
        totals[key] = totals.get(key, 0.0) + gap
    return Measured(tuple((f, i, round(v, 1)) for (f, i), v in totals.items()), gaps, round(lost, 1))


def medians(trials: Iterable[Measured]) -> dict[str, tuple[float, int]]:
    """Median seconds per field over all trials' observations, with how many observations there were."""
    seen: dict[str, list[float]] = {}
    for trial in trials:
        for fid, values in trial.by_field().items():
            seen.setdefault(fid, []).extend(values)
    return {fid: (statistics.median(values), len(values)) for fid, values in seen.items()}


@dataclass(frozen=True, slots=True)
class Row:
    """One question, or a section's total: estimated and measured seconds (measured is None if never timed)."""

    section: str
    label: str
    estimated: float
    measured: float | None
    observations: int


def comparison(form: Form, trials: Sequence[Measured]) -> tuple[list[Row], list[Row]]:
    """Measured against estimated, per question and per section (a section's measured total uses the
    estimate for questions nobody timed, and counts how many of its questions were timed)."""
    found = medians(trials)
    fields: list[Row] = []
    sections: list[Row] = []
    for section in form.sections:
        est_total = meas_total = 0.0
        timed = 0
        for placed in form.walk():
            if placed.section is not section or placed.field.type in ("guidance", "repeating_group"):
                continue
            f = placed.field
            estimate = estimated_seconds(f)
            median, count = found.get(f.id, (None, 0))
            fields.append(Row(section.title, f.label, estimate, median, count))
            est_total += estimate
            meas_total += estimate if median is None else median
            timed += median is not None
        sections.append(Row(section.title, section.title, est_total, meas_total if timed else None, timed))
    return fields, sections


def to_csv(trials: Iterable[tuple[str, str, Measured]]) -> str:
    """The trials as the CSV `burden --timings` reads: (trial name, role, measured) → one line per answer.
    Names and roles are the studio's own words (a number and a time, a constituency), never typed text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name, role, trial in trials:
        for fid, _item, value in trial.seconds:
            writer.writerow((name, role, fid, f"{value:g}"))
    return out.getvalue()


def from_csv(text: str) -> list[tuple[str, str, Measured]]:
    """Trials back from such a CSV (the file kept beside a form), grouped by the `trial` column in order.
    Lines that are not a trial's answer (bad seconds, too few cells) are left out, never trusted."""
    trials: dict[tuple[str, str], list[tuple[str, str, float]]] = {}
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, [])
    if [h.strip().lower() for h in header[:4]] != list(CSV_COLUMNS):
        return []
    try:
        for row in rows:
            if len(row) < 4:
                continue
            try:
                value = float(row[3])
            except ValueError:
                continue
            if 0 <= value <= MAX_SECONDS:
                trials.setdefault((row[0], row[1]), []).append((row[2], "", value))
    except csv.Error:
        pass  # a damaged end of file: keep the trials read so far
    return [(name, role, Measured(tuple(seconds))) for (name, role), seconds in trials.items()]


def as_data(trial: Measured) -> dict[str, object]:
    """Plain data to store (JSON in the workshop database, or beside the form)."""
    return {"seconds": [list(s) for s in trial.seconds], "idle_gaps": trial.idle_gaps,
            "idle_seconds": trial.idle_seconds}


def from_data(data: Mapping[str, object]) -> Measured:
    """The stored form back; anything malformed is left out rather than trusted."""
    rows = []
    for entry in data.get("seconds", ()) if isinstance(data.get("seconds"), list) else ():
        if (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and isinstance(entry[1], str)
                and isinstance(entry[2], (int, float)) and not isinstance(entry[2], bool) and entry[2] >= 0):
            rows.append((entry[0], entry[1], float(entry[2])))
    gaps, lost = data.get("idle_gaps", 0), data.get("idle_seconds", 0.0)
    return Measured(tuple(rows), gaps if isinstance(gaps, int) else 0,
                    float(lost) if isinstance(lost, (int, float)) else 0.0)
