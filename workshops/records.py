"""What the exporter shows of workshops: the changelog and decision log of a form version, read from the store.

`records_of` is the one way exports get them (`python -m exporter` and the studio's Export page).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.codesign_words import SOMEONE
from forms.decision_log import DecisionNote, SignalNote, VersionNote
from forms.model import Form
from workshops.db import DEFAULT_PATH, Store, shared_store
from workshops.schema import Decision, FieldProvenance, FormVersion, Participant, Proposal, Signal, Workshop
from workshops.voting import SIGNAL_ONLY, fold_small_groups


def has_store(url: str | None = None) -> bool:
    """Is there a workshop database to read? (Exporting never creates one.)"""
    return bool(url or os.environ.get("DATABASE_URL")) or DEFAULT_PATH.exists()


def records_for(session: Session, form_id: str, version: int) -> tuple[tuple[VersionNote, ...],
                                                                     tuple[DecisionNote, ...]]:
    """The changelog of every version up to this one, and the decisions that made it (newest first)."""
    versions = session.scalars(select(FormVersion).where(FormVersion.form_id == form_id,
                                                         FormVersion.version <= version)
                               .order_by(FormVersion.version.desc())).all()
    notes = []
    for row in versions:
        made_by = session.get(Workshop, row.created_from_workshop_id) if row.created_from_workshop_id else None
        summary = (f"Published by the workshop '{made_by.title}'." if made_by else
                   "The version the first workshop started from.")
        parent = session.get(FormVersion, row.parent_id) if row.parent_id else None
        if parent is not None:  # what the workshop saved (or cost), in the diff's own words
            summary = " ".join(filter(None, (summary, burden_change(parent.yaml_text, row.yaml_text))))
        notes.append(VersionNote(row.version, summary, tuple(row.changelog.splitlines()) if row.changelog else (),
                                 row.created_at.date().isoformat() if row.created_at else ""))
    current = next((row for row in versions if row.version == version), None)
    decisions = []
    if current is not None:
        rows = session.execute(select(Decision, Proposal).join(Proposal, Decision.proposal_id == Proposal.id)
                               .where(Decision.result_version_id == current.id).order_by(Decision.id)).all()
        for decision, proposal in rows:
            tally = json.loads(decision.tally_json)
            fields = session.scalars(select(FieldProvenance.field_id).where(
                FieldProvenance.decision_id == decision.id).order_by(FieldProvenance.field_id)).all()
            decisions.append(DecisionNote(
                proposal=str(proposal.id), proposed_by=proposer(session, proposal),
                outcome=decision.outcome, rule=decision.rule, statement=decision.statement,
                decided_at=decision.decided_at.date().isoformat() if decision.decided_at else "",
                # Exports travel beyond the room: a group of fewer than three is counted with others.
                tallies=fold_small_groups(counted_groups(tally)), fields=tuple(fields),
                decided_by=decision.decided_by,
                review_on=decision.review_on.isoformat() if decision.review_on else "",
                signals=signals_of(session, proposal)))
    return tuple(notes), tuple(decisions)


def burden_change(before: str, after: str) -> str:
    """The diff's burden sentence between two stored versions ("This version saves about 76 practitioner
    minutes ..."), or '' when either no longer loads (a record is never refused for its changelog)."""
    from forms.diff import diff
    from forms.loader import load_text

    old, new = load_text(before, "<before>", lint=False).form, load_text(after, "<after>", lint=False).form
    return diff(old, new).summary if old is not None and new is not None else ""


def signals_of(session: Session, proposal: Proposal) -> tuple[SignalNote, ...]:
    """The vendors' and managers' signals on a proposal, in the order given, each attributed as records may."""
    workshop = session.get(Workshop, proposal.workshop_id)
    rows = session.execute(select(Signal, Participant).join(Participant, Signal.author_id == Participant.id)
                           .where(Signal.proposal_id == proposal.id).order_by(Signal.id)).all()
    return tuple(SignalNote(signal.kind, signal.value, signal.note, shown_as(workshop, author))
                 for signal, author in rows)


def counted_groups(tally: dict) -> dict:
    """A frozen tally's groups without vendors' or managers' votes: a decision taken before revision 0005
    froze them in, but they give signals, never counted votes (decision 10), so no export shows them."""
    return {c: v for c, v in tally.get("by_constituency", {}).items() if c not in SIGNAL_ONLY}


def proposer(session: Session, proposal: Proposal) -> str:
    """Who proposed it, as exported records may say (CODESIGN decisions 5 and 13): the person's name only
    in a named workshop and with their consent; otherwise the group they took part as."""
    return shown_as(session.get(Workshop, proposal.workshop_id), session.get(Participant, proposal.author_id))


def shown_as(workshop: Workshop, author: Participant) -> str:
    """A participant as exported records show them: a name with consent in a named workshop, else the group."""
    group = author.constituency.replace("_", " ")
    if workshop.anonymity == "named" and author.attribution == "named" and author.display_name.strip():
        return f"{author.display_name.strip()} ({group})"
    return SOMEONE.get(author.constituency, "a participant")




@dataclass(frozen=True, slots=True)
class Records:
    """A form version's changelog and decisions for an export, or why they could not be read."""

    changelog: tuple[VersionNote, ...] = ()
    decisions: tuple[DecisionNote, ...] = ()
    previous_text: str = ""  # the YAML of the version this one replaced (for migration notes), if stored
    problem: str | None = None  # a sentence for the person exporting; the export goes ahead without records
    detail: str = ""  # the database's own message, for operators (the command line shows it, the studio not)


def records_of(document: object, store: Callable[[], Store] = shared_store) -> Records:
    """The records of a form version from the workshop database, when there is one (none for workflows).

    `store` gives the Store to read (the studio passes its cached one); it is only called when a
    database exists, so exporting never creates one.
    """
    if not isinstance(document, Form) or not has_store():
        return Records()
    try:
        changelog, decisions, previous = store().run(_records_and_previous, document.id, document.version,
                                                     read_only=True)
    except Exception as exc:  # the spec is still worth having; say plainly what it lacks
        return Records(problem=f"the workshop records could not be read ({type(exc).__name__}); the export has "
                               "no changelog or decision log. Check DATABASE_URL.", detail=str(exc))
    return Records(changelog, decisions, previous)


def previous_text(session: Session, form_id: str, version: int) -> str:
    """The stored version just before VERSION of the form (what a workshop's publish replaced), or ''."""
    row = session.scalar(select(FormVersion.yaml_text).where(FormVersion.form_id == form_id,
                                                             FormVersion.version < version)
                         .order_by(FormVersion.version.desc()).limit(1))
    return row or ""


def _records_and_previous(session: Session, form_id: str, version: int):
    return (*records_for(session, form_id, version), previous_text(session, form_id, version))
