"""What the exporter shows of workshops: the changelog and decision log of a form version, read from the store."""

from __future__ import annotations

import json
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from exporter.base import Decision as DecisionRecord
from exporter.base import VersionNote
from workshops.db import DEFAULT_PATH
from workshops.schema import Decision, FieldProvenance, FormVersion, Proposal, Workshop


def has_store(url: str | None = None) -> bool:
    """Is there a workshop database to read? (Exporting never creates one.)"""
    return bool(url or os.environ.get("DATABASE_URL")) or DEFAULT_PATH.exists()


def records_for(session: Session, form_id: str, version: int) -> tuple[tuple[VersionNote, ...],
                                                                     tuple[DecisionRecord, ...]]:
    """The changelog of every version up to this one, and the decisions that made it (newest first)."""
    versions = session.scalars(select(FormVersion).where(FormVersion.form_id == form_id,
                                                         FormVersion.version <= version)
                               .order_by(FormVersion.version.desc())).all()
    notes = []
    for row in versions:
        made_by = session.get(Workshop, row.created_from_workshop_id) if row.created_from_workshop_id else None
        summary = (f"Published by the workshop '{made_by.title}'." if made_by else
                   "The version the first workshop started from.")
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
            decisions.append(DecisionRecord(
                proposal=str(proposal.id),
                outcome=decision.outcome, rule=decision.rule, statement=decision.statement,
                decided_at=decision.decided_at.date().isoformat() if decision.decided_at else "",
                tallies=tally.get("by_constituency", {}), fields=tuple(fields)))
    return tuple(notes), tuple(decisions)
