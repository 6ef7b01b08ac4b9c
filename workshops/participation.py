"""The rest of a workshop's life: rounds, what participants see, comments, signals and assisted votes.

Like `workshops.service`, each function takes the session and a credential and checks it first.
What a participant sees follows docs/codesign.md decision 4: tallies are hidden until the workshop
closes (unless the facilitator chose live results), and constituencies with fewer than 3 ballots
are folded into "others". Signals (vendor feasibility, manager legal concerns) are shown beside
a tally and never counted as votes (decision 10).
"""

from __future__ import annotations

import json
from functools import partial

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from forms.errors import Code
from workshops import access
from workshops.ballots import after_commit
from workshops.db import checkpoint, vacuum
from workshops.errors import refuse
from workshops.queries import (
    COUNTED,
    close_workshop,
    counter,
    log_event,
    method_of,
    proposal_in,
    require_open,
    rival_groups,
    summaries,
    tallies,
)
from workshops.schema import (
    BallotReceipt,
    Comment,
    Decision,
    FormVersion,
    Participant,
    Proposal,
    Signal,
    Vote,
    Workshop,
)
from workshops.service import results
from workshops.votes import cast
from workshops.voting import CONSTITUENCIES, METHODS, fold_small_groups

STATUSES = ("open", "voting", "closed")
STANCES = ("for", "against", "question")
SIGNALS = {"feasibility": ("vendor", ("easy", "needs_work", "not_possible")),
           "legal": ("manager", ("concern", "no_concern"))}
MAX_TEXT = 4000  # characters in a comment or note: room for a paragraph, not for a pasted file


def set_status(session: Session, key: str, status: str, *, live_results: bool | None = None,
               method: str | None = None) -> dict[str, object]:
    """Open, move to voting, or close the workshop; choose live or after-close results; and, for the next
    round, the vote method (decision 2: rounds may differ).

    A new method applies to proposals made from now on and to open proposals nobody has voted on
    yet; a proposal with votes keeps the method its votes were cast with, so no vote is lost or
    reinterpreted.
    """
    if status not in STATUSES or (method is not None and method not in METHODS):
        raise ValueError(f"unknown status {status!r} or method {method!r}")
    workshop = access.facilitator(session, key)
    kept: list[int] = []
    if method is not None and method != workshop.method:
        if method == "dots" and workshop.anonymity == "secret":
            raise refuse(Code.WORKSHOP_SECRET_DOTS, "--method")
        voted = select(Vote.proposal_id).where(Vote.is_current).distinct()
        kept = list(session.scalars(select(Proposal.id).where(
            Proposal.workshop_id == workshop.id, Proposal.status == "open", Proposal.id.in_(voted))
            .order_by(Proposal.id)))
        session.execute(update(Proposal).where(Proposal.workshop_id == workshop.id, Proposal.status == "open",
                                               Proposal.id.not_in(voted)).values(method=method))
        workshop.method = method
    if live_results is not None:
        workshop.results_visibility = "live" if live_results else "after_close"
    if status == "closed":
        close_workshop(session, workshop)
    else:
        workshop.status = status
        log_event(session, workshop.id, "facilitator", "status", status=status, method=workshop.method)
    return {"workshop": workshop.id, "status": status, "results_visibility": workshop.results_visibility,
            "method": workshop.method, "kept_method": kept}


def participation(session: Session, key: str) -> dict[str, object]:
    """Live participation for the facilitator: people joined and ballots cast, by constituency."""
    workshop = access.facilitator(session, key)
    joined = dict(session.execute(select(Participant.constituency, func.count()).where(
        Participant.workshop_id == workshop.id).group_by(Participant.constituency)).all())
    ballots = dict(session.execute(select(Vote.constituency, func.count()).join(Proposal).where(
        Proposal.workshop_id == workshop.id, *COUNTED).group_by(Vote.constituency)).all())
    return {"workshop": workshop.id, "status": workshop.status, "changes": counter(session, workshop.id),
            "by_constituency": {c: {"joined": joined.get(c, 0), "ballots": ballots.get(c, 0)}
                                for c in CONSTITUENCIES if joined.get(c) or ballots.get(c)}}


def view(session: Session, token: str) -> dict[str, object]:
    """What one participant sees: proposals, comments, signals, their own votes, and results when shown."""
    person = access.participant(session, token)
    workshop = session.get(Workshop, person.workshop_id)
    show = workshop.results_visibility == "live" or workshop.status == "closed"
    secret = workshop.anonymity == "secret"
    mine = {} if secret else {v.proposal_id: v.choice if v.choice != "dots" else str(v.dots)
                              for v in session.scalars(select(Vote).where(Vote.participant_id == person.id,
                                                                          *COUNTED))}
    # A secret ballot cannot be read back, but its receipt says that this person has voted.
    receipts = set(session.scalars(select(BallotReceipt.proposal_id).where(
        BallotReceipt.participant_id == person.id))) if secret else set()
    listed = summaries(session, workshop)
    counted = tallies(session, workshop, listed) if show else {}
    comments, signals = _comments(session, workshop), _signals(session, workshop)
    # Rivals are shown to everyone; the rule's pick only with the results (it would give away the counts).
    rivals, amends_accepted = rival_groups(session, workshop, listed, counted if show else None)
    proposals = []
    for proposal in listed:
        entry: dict[str, object] = {
            "proposal": proposal.id, "status": proposal.status, "rationale": proposal.rationale,
            "changes": json.loads(proposal.changes_json), "parent": proposal.parent_proposal_id,
            "my_vote": mine.get(proposal.id), "voted": proposal.id in mine or proposal.id in receipts,
            "comments": comments.get(proposal.id, []),
            "method": method_of(workshop, proposal.method),
            "signals": signals.get(proposal.id, []), "fields": json.loads(proposal.touched_fields_json),
            "amends_accepted": amends_accepted.get(proposal.id)}
        if show:
            t = counted[proposal.id]
            entry.update(overall=dict(t.overall), by_constituency=fold_small_groups(t.by_constituency),
                         passed=t.passed, reason=t.folded_reason)  # the sentence folds groups as the table does
        proposals.append(entry)
    return {"workshop": workshop.id, "title": workshop.title, "status": workshop.status,
            "method": workshop.method, "rule": workshop.rule, "results_shown": show,
            "changes": counter(session, workshop.id), "proposals": proposals, "rivals": rivals,
            "published": published_by(session, workshop)}


def published_by(session: Session, workshop: Workshop) -> list[dict[str, object]]:
    """The versions this workshop made, oldest first: what the room's work became."""
    made = session.scalars(select(FormVersion).where(FormVersion.created_from_workshop_id == workshop.id)
                           .order_by(FormVersion.version))
    return [{"form": v.form_id, "version": v.version, "changes": v.changelog.splitlines() if v.changelog else []}
            for v in made]


def facilitator_view(session: Session, key: str) -> dict[str, object]:
    """Everything the facilitator's screen draws, in one read: every group's counts (before close too),
    participation, the people who joined (for assisted votes and erasure), comments and signals."""
    out = results(session, key)  # checks the key
    workshop = session.get(Workshop, out["workshop"])
    comments, signals = _comments(session, workshop), _signals(session, workshop)
    for entry in out["proposals"]:
        entry.update(comments=comments.get(entry["proposal"], []), signals=signals.get(entry["proposal"], []))
    people = session.execute(select(Participant.id, Participant.display_name, Participant.constituency)
                             .where(Participant.workshop_id == workshop.id).order_by(Participant.id))
    return {**out, "status": workshop.status, "results_visibility": workshop.results_visibility,
            "participation": participation(session, key)["by_constituency"],
            "people": [{"participant": number, "name": name, "constituency": constituency}
                       for number, name, constituency in people]}


def proposal_texts(session: Session, token: str, proposal_id: int | str) -> dict[str, object]:
    """A proposal's form before (its base version) and after, for a participant of its workshop."""
    person = access.participant(session, token)
    return _texts(session, session.get(Workshop, person.workshop_id), proposal_id)


def facilitator_proposal_texts(session: Session, key: str, proposal_id: int | str) -> dict[str, object]:
    """The same for the facilitator."""
    return _texts(session, access.facilitator(session, key), proposal_id)


def _texts(session: Session, workshop: Workshop, proposal_id: int | str) -> dict[str, object]:
    proposal = proposal_in(session, workshop, proposal_id)
    base = session.get(FormVersion, proposal.base_version_id)
    # An erased proposal has no text left: it is shown as changing nothing.
    return {"proposal": proposal.id, "form": base.form_id, "version": base.version, "before": base.yaml_text,
            "after": proposal.proposed_yaml or base.yaml_text, "changes": json.loads(proposal.changes_json),
            "parent": proposal.parent_proposal_id, "erased": not proposal.proposed_yaml}


def _signals(session: Session, workshop: Workshop) -> dict[int, list[dict[str, object]]]:
    """Every proposal's signals, by proposal number, in one read."""
    out: dict[int, list[dict[str, object]]] = {}
    for number, kind, value, note in session.execute(
            select(Signal.proposal_id, Signal.kind, Signal.value, Signal.note).join(Proposal)
            .where(Proposal.workshop_id == workshop.id).order_by(Signal.id)):
        out.setdefault(number, []).append({"kind": kind, "value": value, "note": note})
    return out


def _comments(session: Session, workshop: Workshop) -> dict[int, list[dict[str, object]]]:
    """Every proposal's visible comments, by proposal number, in one read."""
    secret = workshop.anonymity == "secret"
    out: dict[int, list[dict[str, object]]] = {}
    for comment, author in session.execute(
            select(Comment, Participant).join(Participant).join(Proposal, Comment.proposal_id == Proposal.id)
            .where(Proposal.workshop_id == workshop.id, Comment.hidden.is_(False)).order_by(Comment.id)):
        # Names appear only with the person's consent, and never in a secret workshop.
        named = author.attribution == "named" and author.display_name and not secret
        out.setdefault(comment.proposal_id, []).append(
            {"comment": comment.id, "body": comment.body, "stance": comment.stance, "field": comment.field_id,
             "by": author.display_name if named else author.constituency})
    return out


def comment(session: Session, token: str, proposal_id: int | str, body: str, stance: str,
            field_id: str | None = None) -> dict[str, object]:
    """A comment for, against or asking about a proposal, optionally about one field."""
    if stance not in STANCES:
        raise ValueError(f"unknown stance {stance!r}")
    person = access.participant(session, token)
    workshop = session.get(Workshop, person.workshop_id)
    require_open(workshop)
    proposal = proposal_in(session, workshop, proposal_id)
    row = Comment(proposal_id=proposal.id, author_id=person.id, body=body.strip()[:MAX_TEXT], stance=stance,
                  field_id=(field_id or "").strip()[:64] or None)
    session.add(row)
    session.flush()
    log_event(session, workshop.id, f"participant:{person.id}", "commented", proposal=proposal.id, comment=row.id)
    return {"comment": row.id, "proposal": proposal.id}


def hide_comment(session: Session, key: str, comment_id: int) -> dict[str, object]:
    """The facilitator removes an abusive comment from view (it stays in the record, hidden)."""
    workshop = access.facilitator(session, key)
    row = session.get(Comment, comment_id)
    if row is None or session.get(Proposal, row.proposal_id).workshop_id != workshop.id:
        raise refuse(Code.WORKSHOP_NO_COMMENT, "COMMENT_ID", comment=comment_id)
    row.hidden = True
    log_event(session, workshop.id, "facilitator", "hid_comment", comment=comment_id)
    return {"comment": comment_id, "hidden": True}


def signal(session: Session, token: str, proposal_id: int | str, kind: str, value: str,
           note: str = "") -> dict[str, object]:
    """A vendor's feasibility mark or a manager's legal or policy flag: shown, never counted."""
    if kind not in SIGNALS or value not in SIGNALS[kind][1]:
        raise ValueError(f"unknown signal {kind!r}={value!r}")
    person = access.participant(session, token)
    workshop = session.get(Workshop, person.workshop_id)
    if person.constituency != SIGNALS[kind][0]:
        raise refuse(Code.WORKSHOP_SIGNAL_NOT_YOURS, "TOKEN", constituency=person.constituency, kind=kind)
    require_open(workshop)
    proposal = proposal_in(session, workshop, proposal_id)
    row = Signal(proposal_id=proposal.id, author_id=person.id, kind=kind, value=value, note=note.strip()[:MAX_TEXT])
    session.add(row)
    session.flush()
    log_event(session, workshop.id, f"participant:{person.id}", "signal", proposal=proposal.id, kind=kind)
    return {"signal": row.id, "proposal": proposal.id, "kind": kind, "value": value}


def assisted_vote(session: Session, key: str, participant_id: int, proposal_id: int | str, choice: str,
                  reason: str | None = None) -> dict[str, object]:
    """The facilitator records a vote for a participant without a device; the tally flags it."""
    workshop = access.facilitator(session, key)
    person = session.get(Participant, participant_id)
    if person is None or person.workshop_id != workshop.id:
        raise refuse(Code.WORKSHOP_NO_PARTICIPANT, "PARTICIPANT_ID", participant=participant_id)
    proposal = proposal_in(session, workshop, proposal_id)
    # Someone who voted on their own device keeps that vote: assistance never overrides a person.
    own = session.scalar(select(Vote.id).where(Vote.proposal_id == proposal.id, Vote.participant_id == person.id,
                                               *COUNTED, Vote.assisted.is_(False)))
    if own is not None:
        raise refuse(Code.WORKSHOP_OWN_VOTE, "PARTICIPANT_ID", participant=person.id, proposal=proposal_id)
    return cast(session, workshop, person, proposal_id, choice, reason, assisted=True)


REMOVED = "(removed at the person's request)"


def export_participant(session: Session, token: str) -> dict[str, object]:
    """Everything a participant contributed, for them to keep (a subject access request)."""
    person = access.participant(session, token)
    workshop = session.get(Workshop, person.workshop_id)
    votes = session.scalars(select(Vote).where(Vote.participant_id == person.id).order_by(Vote.id))
    return {
        "participant": person.id, "workshop": workshop.id, "name": person.display_name,
        "constituency": person.constituency, "attribution": person.attribution,
        "joined_at": person.joined_at.isoformat(),
        "proposals": [{"proposal": p.id, "rationale": p.rationale, "status": p.status, "yaml": p.proposed_yaml}
                      for p in session.scalars(select(Proposal).where(Proposal.author_id == person.id))],
        "comments": [{"comment": c.id, "proposal": c.proposal_id, "stance": c.stance, "body": c.body}
                     for c in session.scalars(select(Comment).where(Comment.author_id == person.id))],
        "signals": [{"proposal": s.proposal_id, "kind": s.kind, "value": s.value, "note": s.note}
                    for s in session.scalars(select(Signal).where(Signal.author_id == person.id))],
        # Secret ballots hold no link to their voter, so they cannot be found to be exported.
        "votes": [{"proposal": v.proposal_id, "choice": v.choice, "dots": v.dots, "reason": v.reason,
                   "current": v.is_current, "counted": v.counted, "cast_at": v.cast_at.isoformat()} for v in votes],
    }


def erase_participant(session: Session, key: str, participant_id: int) -> dict[str, object]:
    """Erase every text a participant wrote, on request; counts and decisions stay true.

    Their name goes and their token stops working; their comments, signal notes, vote reasons and
    rationales are removed; their proposals not yet decided are withdrawn and lose their YAML and
    change list, those decided against lose them too, and an accepted one keeps only what became
    the organisation's form (its content laid out on the version it changed, without the author's
    own YAML comments). Their votes keep only the constituency and choice (as a secret ballot
    would), and their objections leave the frozen tallies, so decisions still add up. After the
    commit, SQLite's WAL is truncated (with secure_delete on, the words leave every file) and
    PostgreSQL VACUUMs the tables. A secret ballot's reason cannot be found to be erased: nothing
    links it to its writer.
    """
    workshop = access.facilitator(session, key)
    person = session.get(Participant, participant_id)
    if person is None or person.workshop_id != workshop.id:
        raise refuse(Code.WORKSHOP_NO_PARTICIPANT, "PARTICIPANT_ID", participant=participant_id)
    person.display_name, person.attribution = "", "anonymous"
    person.token_hash = access.digest(access.new_participant_token())  # nobody holds this token
    for row in session.scalars(select(Comment).where(Comment.author_id == person.id)):
        row.body = REMOVED
    for row in session.scalars(select(Signal).where(Signal.author_id == person.id)):
        row.note = ""
    for row in session.scalars(select(Proposal).where(Proposal.author_id == person.id)):
        row.rationale = REMOVED
        if row.status == "accepted":
            row.proposed_yaml = _form_content(session.get(FormVersion, row.base_version_id).yaml_text,
                                              row.proposed_yaml)
            continue
        if row.status == "open":
            row.status = "withdrawn"
        row.proposed_yaml, row.changes_json, row.touched_fields_json = "", "[]", "[]"
    objections: dict[int, set[str]] = {}
    for row in session.scalars(select(Vote).where(Vote.participant_id == person.id)):
        if row.reason and row.choice == "object":
            objections.setdefault(row.proposal_id, set()).add(row.reason)
        row.participant_id, row.reason = None, None
    for decision in session.scalars(select(Decision).where(Decision.proposal_id.in_(objections))):
        frozen = json.loads(decision.tally_json)
        gone = objections[decision.proposal_id]
        frozen["objections"] = [REMOVED if text in gone else text for text in frozen.get("objections", [])]
        decision.tally_json = json.dumps(frozen)
    log_event(session, workshop.id, "facilitator", "erased", participant=person.id)
    after_commit(session, checkpoint)
    after_commit(session, partial(vacuum, tables=ERASED_TABLES))
    return {"participant": person.id, "erased": True}


ERASED_TABLES = ("participant", "comment", "signal", "proposal", "vote", "decision")


def _form_content(base_text: str, proposed_text: str) -> str:
    """An accepted proposal's content written onto the version it changed: what becomes the form, with
    the base's layout and comments and none of the proposer's own (their YAML comments are their words)."""
    import yaml  # only erasing needs YAML and merging: the vote and results commands start without them

    from forms.editing import EditError
    from workshops.form_items import plain_data
    from workshops.proposals import with_version
    from workshops.rebase import rebase

    wanted = plain_data(proposed_text)
    try:
        made = rebase(base_text, plain_data(base_text), wanted).text
    except EditError:
        made = None
    if made is None or {**plain_data(made), "version": None} != {**wanted, "version": None}:
        made = yaml.safe_dump(wanted, sort_keys=False, allow_unicode=True)  # the content alone
    return with_version(made, wanted.get("version", 1)) if "version" in wanted else made
