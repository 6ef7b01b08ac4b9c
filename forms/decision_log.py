"""The record a form's versions carry: changelog entries, decisions and the signals beside them.

These are plain values: `workshops.records` fills them from the workshop database and the exporters
show them. They live here, below both, so that neither of those packages imports the other.
(`DecisionNote` is a decision as the record shows it; `workshops.schema.Decision` is its database row.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SignalNote:
    """A vendor's feasibility mark or a manager's legal or policy flag on a proposal: shown, never counted."""

    kind: str  # feasibility | legal
    value: str  # easy | needs_work | not_possible; concern | no_concern
    note: str = ""
    by: str = ""  # as records may name people: a name only with consent in a named workshop, else the group


@dataclass(frozen=True, slots=True)
class DecisionNote:
    """A workshop decision as the record shows it (filled from the workshop database, read by exporters)."""

    proposal: str
    outcome: str  # accepted | rejected
    rule: str
    statement: str
    decided_at: str
    tallies: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # constituency → choice → count
    fields: tuple[str, ...] = ()
    decided_by: str = ""  # the signed-in facilitator's name, or "the facilitator (with the key)"
    review_on: str = ""  # ISO date the group means to look at the decision again, if it set one
    proposed_by: str = ""  # a name only with the person's consent in a named workshop, else their group
    signals: tuple[SignalNote, ...] = ()  # beside the tally, never part of it (vendors and managers)


@dataclass(frozen=True, slots=True)
class VersionNote:
    """One entry of the changelog: a version and its plain-English changes."""

    version: int
    summary: str
    changes: tuple[str, ...] = ()
    date: str = ""
