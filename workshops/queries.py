"""The workshop steps and reads every operation shares: log an event, find a proposal, read tallies.

These take a session that is already inside the caller's one transaction and an object the caller
has checked a credential for; they check no credential themselves. `workshops.service`,
`workshops.participation`, `workshops.votes` and `workshops.trials` build their operations from
them, so none of those imports another for its helpers.
"""

from __future__ import annotations

import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from forms.errors import Code
from workshops.ballots import round_closed
from workshops.errors import refuse
from workshops.schema import ChangeCounter, Decision, EventLog, FormVersion, Proposal, Vote, Workshop
from workshops.voting import Ballot, Tally, tally

# What lists of proposals show: never the proposed YAML, which is read only for the one proposal opened.
SUMMARY_COLUMNS = (Proposal.id, Proposal.status, Proposal.changes_json, Proposal.rationale,
                   Proposal.parent_proposal_id, Proposal.method, Proposal.touched_fields_json)
BALLOT_COLUMNS = (Vote.proposal_id, Vote.constituency, Vote.choice, Vote.dots, Vote.reason, Vote.assisted)
# Which vote rows are ballots: the current ones that count (a vendor's or manager's old vote is kept, not counted).
COUNTED = (Vote.is_current, Vote.counted)


# --- writing --------------------------------------------------------------------------------
def log_event(session: Session, workshop_id: int, actor: str, action: str, **payload: object) -> None:
    """Append to the event log and bump the change counter other screens poll."""
    session.add(EventLog(workshop_id=workshop_id, actor=actor, action=action, payload_json=json.dumps(payload)))
    session.execute(update(ChangeCounter).where(ChangeCounter.workshop_id == workshop_id)
                    .values(value=ChangeCounter.value + 1))


def close_workshop(session: Session, workshop: Workshop) -> None:
    """Close: nothing more can be proposed or voted on, and everyone sees the results."""
    workshop.status = "closed"
    log_event(session, workshop.id, "facilitator", "status", status="closed", method=workshop.method)
    if workshop.anonymity == "secret":
        round_closed(session)  # earlier states of the ballot boxes leave the database (docs/secret-ballots.md)


# --- finding and checking -------------------------------------------------------------------
def counter(session: Session, workshop_id: int) -> int:
    """The workshop's change counter: cheap to poll, moves on every write."""
    return session.scalar(select(ChangeCounter.value).where(ChangeCounter.workshop_id == workshop_id)) or 0


def form_of(session: Session, workshop: Workshop) -> str:
    """The id of the form the workshop changes."""
    return session.get(FormVersion, workshop.base_form_version_id).form_id


def latest_version(session: Session, form_id: str) -> FormVersion:
    """The newest stored version of a form: what proposals start from and publishing builds on."""
    return session.scalars(select(FormVersion).where(FormVersion.form_id == form_id)
                           .order_by(FormVersion.version.desc()).limit(1)).one()


def proposal_in(session: Session, workshop: Workshop, proposal_id: int | str) -> Proposal:
    """The proposal, only if it belongs to this workshop (others are not even said to exist)."""
    try:
        number = int(proposal_id)
    except (TypeError, ValueError):
        number = -1
    found = session.get(Proposal, number)
    if found is None or found.workshop_id != workshop.id:
        raise refuse(Code.WORKSHOP_NO_PROPOSAL, "PROPOSAL_ID", proposal=proposal_id)
    return found


def require_open(workshop: Workshop) -> None:
    """Refuse (WORKSHOP_005) once the workshop is closed."""
    if workshop.status == "closed":
        raise refuse(Code.WORKSHOP_CLOSED, "TOKEN", title=workshop.title)


def method_of(workshop: Workshop, proposal_method: str | None) -> str:
    """The method a proposal is voted with: its own (rounds may differ, decision 2), else the workshop's."""
    return proposal_method or workshop.method


# --- tallies --------------------------------------------------------------------------------
def tally_of(session: Session, workshop: Workshop, proposal: Proposal) -> Tally:
    """One proposal's tally under the workshop's rule, from its counted ballots."""
    rows = session.execute(select(*BALLOT_COLUMNS).where(Vote.proposal_id == proposal.id, *COUNTED))
    return _tally(workshop, proposal.id, proposal.method, [Ballot(*row[1:]) for row in rows])


def summaries(session: Session, workshop: Workshop) -> list:
    """The workshop's proposals as SUMMARY_COLUMNS rows, in order (what lists and tallies are made from)."""
    return list(session.execute(select(*SUMMARY_COLUMNS).where(Proposal.workshop_id == workshop.id)
                                .order_by(Proposal.id)))


def tallies(session: Session, workshop: Workshop, listed: list) -> dict[int, Tally]:
    """The tallies of the LISTED proposals (summaries rows) from one read of the current votes.

    Tallies are made for exactly the proposals listed: on PostgreSQL each statement sees the
    newest commits, so a proposal made between two reads is simply not in this screen's list yet.
    """
    ballots: dict[int, list[Ballot]] = {row.id: [] for row in listed}
    for row in session.execute(select(*BALLOT_COLUMNS).join(Proposal).where(Proposal.workshop_id == workshop.id,
                                                                             *COUNTED)):
        if row[0] in ballots:
            ballots[row[0]].append(Ballot(*row[1:]))
    return {row.id: _tally(workshop, row.id, row.method, ballots[row.id]) for row in listed}


def rival_groups(session: Session, workshop: Workshop, listed: list, counted: dict[int, Tally] | None
                 ) -> tuple[list[dict[str, object]], dict[int, int]]:
    """The LISTED proposals' rival groups (as dicts; the rule's pick only when COUNTED is given) and the
    open amendments whose parent is accepted ({amendment: parent}), from one more read: which accepted
    proposals are published already (their change is in the form, so they compete with nothing)."""
    from workshops.rivals import Listed, flagged, groups

    published = set(session.scalars(select(Decision.proposal_id).join(Proposal).where(
        Proposal.workshop_id == workshop.id, Decision.result_version_id.is_not(None))))
    rows = [Listed(p.id, p.status, p.parent_proposal_id, tuple(json.loads(p.touched_fields_json)),
                   p.status == "open" or (p.status == "accepted" and p.id not in published)) for p in listed]
    return [g.as_dict() for g in groups(rows, counted, workshop.rule)], flagged(rows)


def _tally(workshop: Workshop, number: int, method: str | None, ballots: list[Ballot]) -> Tally:
    return tally(str(number), ballots, method_of(workshop, method), workshop.rule, workshop.quorum, workshop.quorum)
