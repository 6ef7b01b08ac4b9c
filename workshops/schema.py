"""The workshop tables (the model in docs/codesign.md) as SQLAlchemy 2 ORM classes.

Uniqueness that matters for fairness is enforced by the database, not only by code: one current
vote per person and proposal, one secret-ballot receipt per person and proposal, one hash per
credential. Votes and events are append-only: a changed vote marks the old row not current.
The migrations in workshops/migrations create exactly these tables; change both together.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# An OIDC issuer URL, a separator and a subject (at most 255 characters by OpenID Connect Core 2).
OWNER_LENGTH = 512


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """All workshop tables share one metadata (what alembic compares against)."""


class FormVersion(Base):
    """One version of a form, as the exact YAML text people agreed."""

    __tablename__ = "form_version"
    __table_args__ = (UniqueConstraint("form_id", "version", name="uq_form_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    yaml_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("form_version.id"))
    status: Mapped[str] = mapped_column(String(16), default="published")
    # A plain number, not a foreign key: workshop already points here, and SQLite cannot add a
    # constraint to break the cycle afterwards.
    created_from_workshop_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    changelog: Mapped[str] = mapped_column(Text, default="")


class Workshop(Base):
    __tablename__ = "workshop"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    base_form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    facilitator_key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    anonymity: Mapped[str] = mapped_column(String(16), default="named")
    method: Mapped[str] = mapped_column(String(16), default="support")
    rule: Mapped[str] = mapped_column(String(16), default="majority")
    quorum: Mapped[int] = mapped_column(Integer, default=3)
    dots_budget: Mapped[int] = mapped_column(Integer, default=5)
    results_visibility: Mapped[str] = mapped_column(String(16), default="after_close")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # The signed-in facilitator's stable identity, "issuer|subject" (never an email, which can be
    # reassigned); NULL for a workshop made with a facilitator key only. Added by revision 0003.
    owner: Mapped[str | None] = mapped_column(String(OWNER_LENGTH), index=True)


class Participant(Base):
    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    constituency: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    attribution: Mapped[str] = mapped_column(String(16), default="anonymous")
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Proposal(Base):
    __tablename__ = "proposal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    parent_proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    base_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"))
    proposed_yaml: Mapped[str] = mapped_column(Text)
    changes_json: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="")
    touched_fields_json: Mapped[str] = mapped_column(Text, default="[]")
    # The vote method this proposal is voted with: the workshop's when it was made (or when a round
    # changed the method before anyone voted on it). NULL only in rows older than revision 0004.
    method: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Vote(Base):
    """One ballot. In secret mode participant_id is NULL: only the constituency is kept."""

    __tablename__ = "vote"
    __table_args__ = (
        # One current vote per person and proposal; secret ballots (NULL) are guarded by ballot_receipt.
        Index("uq_vote_current", "proposal_id", "participant_id", unique=True,
              sqlite_where=text("is_current"), postgresql_where=text("is_current")),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"))
    constituency: Mapped[str] = mapped_column(String(32))
    choice: Mapped[str] = mapped_column(String(16))
    dots: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(Text)
    assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    # False for the votes vendors and managers cast before revision 0005 (decision 10: they give
    # signals, never counted votes): kept in the record, left out of every tally and count.
    counted: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    cast_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class BallotReceipt(Base):
    """That a person voted on a proposal, and nothing about how: it shares no key with the vote row."""

    __tablename__ = "ballot_receipt"
    # No timestamp and (on SQLite) no rowid, so insertion order cannot be matched with the votes.
    __table_args__ = {"sqlite_with_rowid": False}
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), primary_key=True)


class Comment(Base):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    body: Mapped[str] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(16))
    field_id: Mapped[str | None] = mapped_column(String(64))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Signal(Base):
    """Vendor feasibility or manager legal/policy concern: shown beside a tally, never counted."""

    __tablename__ = "signal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Decision(Base):
    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(16))
    tally_json: Mapped[str] = mapped_column(Text)
    statement: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(64), default="facilitator")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    review_on: Mapped[date | None] = mapped_column(Date)
    result_version_id: Mapped[int | None] = mapped_column(ForeignKey("form_version.id"))


class FieldProvenance(Base):
    """Which decision shaped each changed field of a published version, and with what support."""

    __tablename__ = "field_provenance"
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"), primary_key=True)
    field_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), primary_key=True)
    summary: Mapped[str] = mapped_column(Text)


class EventLog(Base):
    """Append-only record of what happened. Secret-mode votes are logged without an actor."""

    __tablename__ = "event_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    payload_json: Mapped[str] = mapped_column(Text, default="{}")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ChangeCounter(Base):
    """One row per workshop, bumped in every write transaction: screens poll it, cheaply."""

    __tablename__ = "change_counter"
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class JoinAttempt(Base):
    """A wrong join code, by client, so guessing can be rate-limited (added by revision 0002)."""

    __tablename__ = "join_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class TimeTrial(Base):
    """One time trial run in a workshop: someone filled the form as in a real visit (forms/trials.py).

    Only seconds per question are kept, never the answers typed during the trial: they were practice
    answers, and a trial must not become a second, unconsented record about a real person."""

    __tablename__ = "time_trial"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    constituency: Mapped[str] = mapped_column(String(32))
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"))
    seconds_json: Mapped[str] = mapped_column(Text)  # forms.trials.as_data: [field, item, seconds] rows and pauses
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
