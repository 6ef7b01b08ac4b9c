"""Replay a sample workshop record (samples/*/workshop.yaml) into a workshop database, through the service.

`python -m workshops.samples samples/early-help-workshop/workshop.yaml [--out DIR]` creates the
workshop, joins its participants, makes their proposals, comments and signals, runs the vote,
records the decisions and publishes the next version, so the exporter's changelog and decision
log (workshops/records.py) have a real record to show. Nothing here invents a tally: every
figure comes from the same calls a live workshop makes. Prints JSON, like `python -m workshops`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from workshops import participation, service
from workshops.db import Store
from workshops.errors import WorkshopError


def _vote_of(entry: object) -> tuple[str, str | None]:
    """A vote written as a choice ('support') or as {choice, reason}."""
    if isinstance(entry, dict):
        return str(entry["choice"]), entry.get("reason")
    return str(entry), None


def replay(store: Store, record_path: str | Path, out_dir: str | Path) -> dict[str, object]:
    """Run the workshop the record describes; returns its ids, key and what was published."""
    record_path = Path(record_path)
    folder = record_path.parent
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))  # our own sample file, not user input
    form_path = folder / record["form"]
    made = store.run(service.create_workshop, record["title"], form_path.read_text(encoding="utf-8"), str(form_path),
                     method=record.get("method", "support"), rule=record.get("rule", "majority"))
    key = made["facilitator_key"]
    tokens: dict[str, str] = {}
    for person in record["participants"]:
        joined = store.run(service.join, made["join_code"], person["constituency"], person["name"],
                           attribution="named" if person.get("name_in_records") else "anonymous")
        tokens[person["name"]] = joined["token"]
    numbers = []
    for proposal in record["proposals"]:
        path = folder / proposal["file"]
        made_proposal = store.run(service.propose, tokens[proposal["by"]], path.read_text(encoding="utf-8"),
                                  str(path), proposal["rationale"].strip())
        number = made_proposal["proposal"]
        numbers.append(number)
        for note in proposal.get("comments", ()):
            store.run(participation.comment, tokens[note["by"]], number, note["text"], note["stance"],
                      note.get("field"))
        for sign in proposal.get("signals", ()):
            store.run(participation.signal, tokens[sign["by"]], number, sign["kind"], sign["value"],
                      sign.get("note", ""))
    store.run(participation.set_status, key, "voting")
    for proposal, number in zip(record["proposals"], numbers, strict=True):
        for name, entry in proposal.get("votes", {}).items():
            choice, reason = _vote_of(entry)
            store.run(service.vote, tokens[name], number, choice, reason)
    store.run(participation.set_status, key, "closed")
    decisions = []
    for proposal, number in zip(record["proposals"], numbers, strict=True):
        decided = proposal["decision"]
        review = decided.get("review_on")
        decisions.append(store.run(service.decide, key, number, decided["outcome"], decided["statement"].strip(),
                                   review if isinstance(review, date) or review is None
                                   else date.fromisoformat(str(review))))
    published = store.run(service.publish, key, out_dir)
    return {"workshop": made["workshop"], "join_code": made["join_code"], "facilitator_key": key,
            "proposals": numbers, "decisions": [(d["proposal"], d["outcome"]) for d in decisions],
            "published": published}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshops.samples",
                                     description="Replay a sample workshop record into DATABASE_URL "
                                                 "(by default data/workshops.sqlite3).")
    parser.add_argument("record", metavar="WORKSHOP.yaml")
    parser.add_argument("--out", default="data/published", metavar="DIR", help="where the new version is written")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    try:
        result = replay(Store(), args.record, args.out)
    except WorkshopError as exc:
        for issue in exc.issues:
            print(issue.format(), file=sys.stderr)
        return 1
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        print(f"coform: the sample record {args.record} cannot be replayed ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
