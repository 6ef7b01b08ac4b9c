"""`python -m workshops COMMAND`: a workshop's whole life from the command line (the README says how).

Commands: create, join, propose (with --amends for an amendment), comment, signal, vote, round,
assist, hide-comment, results, decide, publish, my-data and erase.

Only formatting lives here: each command reads its files, runs one service call through the
store (one retried transaction) and prints JSON. Refusals print `PATH:LINE:COL: CODE message`
lines on stderr and `{"ok": false, "issues": [...]}` on stdout. Exit codes: 0 success, 1 refused
or invalid input, 2 usage errors. Never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from forms.errors import INVALID, OK, USAGE, Code
from workshops import participation, publishing, service
from workshops.db import Store
from workshops.errors import WorkshopError
from workshops.participation import SIGNALS, STANCES, STATUSES
from workshops.voting import CONSTITUENCIES, METHODS, RULES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m workshops", description="Run a Coform co-design workshop: "
                                     "the database is DATABASE_URL, by default an SQLite file under data/.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("create", help="start a workshop on a form; prints the join code and facilitator key")
    p.add_argument("--title", required=True)
    p.add_argument("--form", required=True, metavar="PATH")
    p.add_argument("--method", choices=tuple(METHODS), default="support")
    p.add_argument("--rule", choices=RULES, default="majority")
    appear = p.add_mutually_exclusive_group()
    appear.add_argument("--secret", action="store_true", help="secret ballots: a vote keeps no link to its voter")
    appear.add_argument("--pseudonymous", action="store_true",
                   help="people choose any name to show; exported records show only their group")
    p.add_argument("--quorum", type=int, default=3, help="votes needed overall and among experts (default 3)")
    p = sub.add_parser("join", help="join with the code and a constituency; prints your token")
    p.add_argument("join_code", metavar="JOIN_CODE")
    p.add_argument("--constituency", required=True, choices=CONSTITUENCIES)
    p.add_argument("--name", default="")
    p.add_argument("--name-in-records", action="store_true",
                   help="agree that your name may appear in the workshop's exported records")
    p = sub.add_parser("propose", help="propose a changed version of the workshop's form")
    p.add_argument("token", metavar="TOKEN")
    p.add_argument("--yaml", required=True, metavar="PATH")
    p.add_argument("--rationale", required=True)
    p.add_argument("--amends", metavar="PROPOSAL_ID", type=int,
                   help="make this an amendment to another proposal (voted on as its own proposal)")
    p = sub.add_parser("comment", help="comment on a proposal: for, against, or a question")
    p.add_argument("token", metavar="TOKEN")
    p.add_argument("proposal", metavar="PROPOSAL_ID")
    p.add_argument("--stance", required=True, choices=STANCES)
    p.add_argument("--text", required=True)
    p.add_argument("--field", metavar="FIELD_ID", help="the field the comment is about")
    p = sub.add_parser("signal", help="vendors: mark feasibility; managers: flag a legal or policy concern "
                       "(shown beside the tally, never counted as a vote)")
    p.add_argument("token", metavar="TOKEN")
    p.add_argument("proposal", metavar="PROPOSAL_ID")
    p.add_argument("kind", choices=tuple(SIGNALS))
    p.add_argument("value", metavar="VALUE", help="; ".join(f"{kind}: {'|'.join(values)}"
                                                            for kind, (_who, values) in SIGNALS.items()))
    p.add_argument("--note", default="")
    p = sub.add_parser("vote", help="vote on a proposal (again to change your vote)")
    p.add_argument("token", metavar="TOKEN")
    p.add_argument("proposal", metavar="PROPOSAL_ID")
    p.add_argument("choice", metavar="CHOICE", help="support|neutral|oppose, agree|can_live_with|object, or dots")
    p.add_argument("--reason")
    p = sub.add_parser("round", help="open the workshop, move it to voting, or close it")
    p.add_argument("key", metavar="FACILITATOR_KEY")
    p.add_argument("status", choices=STATUSES)
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--live-results", dest="live_results", action="store_true", default=None,
                       help="participants see the tallies while voting")
    shown.add_argument("--results-after-close", dest="live_results", action="store_false",
                       help="participants see the tallies only once the workshop closes (the default)")
    p.add_argument("--method", choices=tuple(METHODS),
                   help="how people vote from now on (proposals that already have votes keep theirs)")
    p = sub.add_parser("assist", help="record a vote for a participant without a device (flagged as assisted)")
    p.add_argument("key", metavar="FACILITATOR_KEY")
    p.add_argument("participant", metavar="PARTICIPANT_ID", type=int)
    p.add_argument("proposal", metavar="PROPOSAL_ID")
    p.add_argument("choice", metavar="CHOICE", help="support|neutral|oppose, agree|can_live_with|object, or dots")
    p.add_argument("--reason")
    p = sub.add_parser("hide-comment", help="remove an abusive comment from view (it stays in the record)")
    p.add_argument("key", metavar="FACILITATOR_KEY")
    p.add_argument("comment", metavar="COMMENT_ID", type=int)
    p = sub.add_parser("results", help="every proposal's tally, by constituency first")
    p.add_argument("key", metavar="FACILITATOR_KEY")
    p = sub.add_parser("decide", help="accept or reject a proposal, with a statement")
    p.add_argument("key", metavar="FACILITATOR_KEY")
    p.add_argument("proposal", metavar="PROPOSAL_ID")
    p.add_argument("outcome", choices=("accept", "reject"))
    p.add_argument("--statement", required=True)
    p.add_argument("--review-on", type=_day, metavar="YYYY-MM-DD",
                   help="when the group should look at the decision again")
    p = sub.add_parser("publish", help="apply accepted proposals and write the next version")
    p.add_argument("key", metavar="FACILITATOR_KEY")
    p.add_argument("--out", default="data/published", metavar="DIR")
    p.add_argument("--keep-open", action="store_true",
                   help="leave the workshop open after publishing (by default publishing closes it)")
    p = sub.add_parser("my-data", help="everything you contributed, as JSON to keep")
    p.add_argument("token", metavar="TOKEN")
    p = sub.add_parser("erase", help="erase a participant's name and words on request (counts stay true)")
    p.add_argument("key", metavar="FACILITATOR_KEY")
    p.add_argument("participant", metavar="PARTICIPANT_ID", type=int)
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What argparse cannot say alone: a signal's value depends on its kind (exits 2 like any usage error)."""
    if args.command == "signal" and args.value not in SIGNALS[args.kind][1]:
        parser.error(f"argument VALUE: a {args.kind} signal is one of {', '.join(SIGNALS[args.kind][1])}, "
                     f"not {args.value!r}")


def _read(path: str) -> str:
    from forms.reader import decode  # YAML's reader, only for the commands that read a file

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise WorkshopError(Code.FILE_UNREADABLE.issue(path, 1, 1, reason=exc.strerror or str(exc))) from None
    text, problems = decode(raw)  # invalid UTF-8 is located like any other reading problem
    if text is None:
        raise WorkshopError(*(issue.located(path) for issue in problems))
    return text


def _day(typed: str) -> date:
    """A date as YYYY-MM-DD; anything else is a usage error that says how to write it."""
    try:
        return date.fromisoformat(typed)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{typed}' is not a date: write it as YYYY-MM-DD, e.g. 2027-06-01") from None


def _create(store: Store, a: argparse.Namespace) -> dict:
    return store.run(service.create_workshop, a.title, _read(a.form), a.form, method=a.method, rule=a.rule,
                     secret=a.secret, quorum=a.quorum, anonymity="pseudonymous" if a.pseudonymous else None)


def _join(store: Store, a: argparse.Namespace) -> dict:
    return store.run(service.join, a.join_code, a.constituency, a.name, client=f"cli:{getpass.getuser()}",
                     attribution="named" if a.name_in_records else "anonymous")


def _propose(store: Store, a: argparse.Namespace) -> dict:
    return store.run(service.propose, a.token, _read(a.yaml), a.yaml, a.rationale, parent=a.amends)


def _comment(store: Store, a: argparse.Namespace) -> dict:
    return store.run(participation.comment, a.token, a.proposal, a.text, a.stance, a.field)


def _signal(store: Store, a: argparse.Namespace) -> dict:
    return store.run(participation.signal, a.token, a.proposal, a.kind, a.value, a.note)


def _vote(store: Store, a: argparse.Namespace) -> dict:
    return store.run(service.vote, a.token, a.proposal, a.choice, a.reason)


def _round(store: Store, a: argparse.Namespace) -> dict:
    return store.run(participation.set_status, a.key, a.status, live_results=a.live_results, method=a.method)


def _assist(store: Store, a: argparse.Namespace) -> dict:
    return store.run(participation.assisted_vote, a.key, a.participant, a.proposal, a.choice, a.reason)


def _hide_comment(store: Store, a: argparse.Namespace) -> dict:
    return store.run(participation.hide_comment, a.key, a.comment)


def _my_data(store: Store, a: argparse.Namespace) -> dict:
    return store.run(participation.export_participant, a.token, read_only=True)


def _erase(store: Store, a: argparse.Namespace) -> dict:
    return store.run(participation.erase_participant, a.key, a.participant)


def _results(store: Store, a: argparse.Namespace) -> dict:
    return store.run(service.results, a.key, read_only=True)


def _decide(store: Store, a: argparse.Namespace) -> dict:
    return store.run(service.decide, a.key, a.proposal, a.outcome, a.statement, a.review_on)


def _publish(store: Store, a: argparse.Namespace) -> dict:
    return store.run(service.publish, a.key, a.out, close=not a.keep_open)


def _recover(store: Store, args: argparse.Namespace) -> None:
    """Before any command, finish or remove what a publish killed half-way left (workshops/publishing.py):
    in the studio's folder, and in --out for a publish (a folder without leftovers costs no database read)."""
    folders = {publishing.default_dir()} | ({Path(args.out)} if args.command == "publish" else set())
    for folder in sorted(folders):
        if publishing.leftovers(folder):
            store.run(publishing.recover, folder, read_only=True)


_COMMANDS: dict[str, Callable[[Store, argparse.Namespace], dict]] = {
    "create": _create, "join": _join, "propose": _propose, "comment": _comment, "signal": _signal, "vote": _vote,
    "round": _round, "assist": _assist, "hide-comment": _hide_comment, "results": _results, "decide": _decide,
    "publish": _publish, "my-data": _my_data, "erase": _erase,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        _check(parser, args)
    except SystemExit as exc:  # argparse has printed the usage message
        return USAGE if exc.code else OK
    store = None
    try:
        store = Store()
        _recover(store, args)
        print(json.dumps(_COMMANDS[args.command](store, args), indent=2, ensure_ascii=False))
        return OK
    except WorkshopError as exc:
        for issue in exc.issues:
            print(issue.format(), file=sys.stderr)
        print(json.dumps({"ok": False, "issues": [i.as_dict() for i in exc.issues]}, indent=2, ensure_ascii=False))
        return INVALID
    except SQLAlchemyError as exc:
        print(f"coform: the workshop database cannot be used ({type(exc).__name__}). Check DATABASE_URL and "
              "that the database server is running.", file=sys.stderr)
        return INVALID
    except KeyboardInterrupt:
        return INVALID
    except Exception as exc:
        print(f"coform: internal error ({type(exc).__name__}: {exc}). Please report it.", file=sys.stderr)
        return INVALID
    finally:
        if store is not None:
            store.close()
