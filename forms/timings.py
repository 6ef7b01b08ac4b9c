"""Measured timings: seconds per question observed in real visits or time trials, read from a CSV file.

The file has a header line naming at least the columns `field` and `seconds` (others are allowed
and ignored), then one observation per line. For each question with at least `MIN_OBSERVATIONS`
observations the median replaces the estimate in every burden figure (`forms.burden`). Bad lines
are located warnings (`OBS.csv:LINE:COL: ...`) and are left out; nothing here raises on bad input.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from forms.errors import Code, Issue
from forms.model import Form
from forms.suggest import closest

MIN_OBSERVATIONS = 3  # fewer and one unusual visit would set the figure
MAX_BYTES = 10 * 1024 * 1024  # a year of visits at a few hundred rows a day; more is not a timings file
MAX_SECONDS = 24 * 3600  # one answer taking more than a day is a typing error, not a measurement


@dataclass(frozen=True, slots=True)
class Timings:
    """Medians by field id (only fields with enough observations), all observations, and the problems found."""

    medians: Mapping[str, float] = field(default_factory=dict)
    observations: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]


def read_timings(path: str | Path, form: Form) -> Timings:
    """Read PATH (at most MAX_BYTES of a regular file) as timings for FORM's questions."""
    name = str(path)
    try:
        target = Path(path)
        if not target.is_file():
            raise OSError("it is not a regular file")
        with target.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise OSError(f"it is larger than {MAX_BYTES} bytes")
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, UnicodeDecodeError):
            problem = f"it is not UTF-8 text (byte {exc.start})"
        return Timings(issues=(Code.TIMING_UNREADABLE.issue(name, 1, 1, problem=problem, limit=MAX_BYTES),))
    return parse_timings(text, form, name)


def parse_timings(text: str, form: Form, path: str = "<timings>") -> Timings:
    """The same from text already read (the studio's time trials and tests use it)."""
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(rows, [])]
    except csv.Error as exc:
        return Timings(issues=(Code.TIMING_UNREADABLE.issue(path, 1, 1, problem=str(exc), limit=MAX_BYTES),))
    missing = [name for name in ("field", "seconds") if name not in header]
    if missing:
        found = ", ".join(f"'{h[:40]}'" for h in header[:10]) or "nothing"
        return Timings(issues=(Code.TIMING_NO_COLUMNS.issue(path, 1, 1, missing=" and ".join(f"'{m}'" for m in missing),
                                                            found=found),))
    at_field, at_seconds = header.index("field"), header.index("seconds")
    known = [p.field.id for p in form.walk() if p.field.type not in ("guidance", "repeating_group")]
    ids = set(known)
    seen: dict[str, list[float]] = {}
    first_line: dict[str, int] = {}
    issues: list[Issue] = []
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            field_id = row[at_field].strip() if at_field < len(row) else ""
            raw = row[at_seconds].strip() if at_seconds < len(row) else ""
            if field_id not in ids:
                match = closest(field_id, known)
                issues.append(Code.TIMING_UNKNOWN_FIELD.issue(
                    path, line, at_field + 1, field=field_id[:80], form=f"'{form.id}'",
                    suggestion=f" (did you mean '{match}'?)" if match else ""))
                continue
            value = _seconds(raw)
            if value is None:
                issues.append(Code.TIMING_BAD_SECONDS.issue(path, line, at_seconds + 1, value=raw[:40]))
                continue
            seen.setdefault(field_id, []).append(value)
            first_line.setdefault(field_id, line)
    except csv.Error as exc:
        issues.append(Code.TIMING_UNREADABLE.issue(path, rows.line_num, 1, problem=str(exc), limit=MAX_BYTES))
    medians = {fid: statistics.median(values) for fid, values in seen.items() if len(values) >= MIN_OBSERVATIONS}
    issues += [Code.TIMING_TOO_FEW.issue(path, first_line[fid], at_field + 1, field=fid, count=len(values))
               for fid, values in seen.items() if len(values) < MIN_OBSERVATIONS]
    return Timings(medians, {fid: tuple(v) for fid, v in seen.items()},
                   tuple(sorted(issues, key=lambda i: (i.line, i.column, i.code))))


def _seconds(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value <= MAX_SECONDS else None

