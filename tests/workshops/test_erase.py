"""Erase must erase (issue 14 item 2): a person's words leave the records, the views and every database file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import MetaData, select

from tests.workshops.conftest import case_note, edited
from tests.workshops.test_service import refused
from workshops import participation as P
from workshops import service
from workshops.db import Store

# What the person wrote: each is looked for, byte for byte, after the erase.
NAME = "Zanzibar Quillfeather"
TEXTS = {
    "name": NAME,
    "comment": "zqcomment I was treated badly by the duty team",
    "rationale_open": "zqrationale-open my own story",
    "rationale_accepted": "zqrationale-accepted because of my case",
    "label": "zqlabel What happened to me at home",
    "yaml_comment": "zqyamlcomment a note about my family",
    "objection": "zqobjection this brings back my assessment",
    "signal_note": "zqsignal our legal team knows Ms Quillfeather",
}


def scenario(store: Store) -> dict:
    """A consent workshop where the person proposes (one proposal open, one accepted and not yet
    published), comments, objects to someone else's proposal (rejected, so the objection is frozen in
    its decision), and a manager flags a concern with a note."""
    made = store.run(service.create_workshop, "Erase", case_note(), "case-note.yaml", method="consent",
                     rule="consent", quorum=1)
    me = store.run(service.join, made["join_code"], "practitioner", NAME, attribution="named")
    other = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")
    manager = store.run(service.join, made["join_code"], "manager", "Mo")
    open_one = store.run(service.propose, me["token"], edited([("label: Start time\n", f"label: {TEXTS['label']}\n")]),
                         "a.yaml", TEXTS["rationale_open"])["proposal"]
    accepted_yaml = edited([("label: Why we met\n", f"label: Why we met today  # {TEXTS['yaml_comment']}\n")])
    accepted = store.run(service.propose, me["token"], accepted_yaml, "b.yaml", TEXTS["rationale_accepted"])["proposal"]
    theirs = store.run(service.propose, other["token"], edited([("label: Why we met\n", "label: Reason\n")]),
                       "c.yaml", "shorter")["proposal"]
    store.run(P.comment, me["token"], open_one, TEXTS["comment"], "for")
    store.run(P.signal, manager["token"], accepted, "legal", "concern", TEXTS["signal_note"])
    store.run(service.vote, other["token"], accepted, "agree")
    store.run(service.vote, me["token"], theirs, "object", TEXTS["objection"])
    key = made["facilitator_key"]
    store.run(service.decide, key, theirs, "reject", "Objection stands")
    store.run(service.decide, key, accepted, "accept", "Agreed")
    return {"key": key, "me": me, "manager": manager, "open": open_one, "accepted": accepted, "theirs": theirs}


def everything_stored(store: Store) -> str:
    """Every row of every table, as text (what a database administrator could read)."""
    metadata = MetaData()
    metadata.reflect(store.engine)
    with store.engine.connect() as connection:
        return "\n".join(str(value) for table in metadata.sorted_tables for row in connection.execute(select(table))
                         for value in row)


def test_erase_removes_every_text_the_person_wrote_and_decisions_still_work(store, tmp_path):
    s = scenario(store)
    before = everything_stored(store)
    assert all(text in before for text in TEXTS.values())
    store.run(P.erase_participant, s["key"], s["me"]["participant"])
    store.run(P.erase_participant, s["key"], s["manager"]["participant"])
    after = everything_stored(store)
    assert [name for name, text in TEXTS.items() if text in after] == []
    # Nothing of it in what the facilitator sees, and the person's own link no longer opens anything.
    seen = json.dumps(store.run(P.facilitator_view, s["key"]), ensure_ascii=False)
    assert [name for name, text in TEXTS.items() if text in seen] == []
    assert refused(store, P.export_participant, s["me"]["token"]) == ["WORKSHOP_002"]
    # The open proposal is withdrawn and shows no change; the accepted one keeps what becomes the form.
    statuses = {e["proposal"]: e["status"] for e in store.run(service.results, s["key"])["proposals"]}
    assert statuses == {s["open"]: "withdrawn", s["accepted"]: "accepted", s["theirs"]: "rejected"}
    texts = store.run(P.facilitator_proposal_texts, s["key"], s["open"])
    assert texts["after"] == texts["before"] and texts["changes"] == [] and texts["erased"] is True
    kept = store.run(P.facilitator_proposal_texts, s["key"], s["accepted"])
    assert "label: Why we met today\n" in kept["after"] and kept["changes"] and not kept["erased"]
    # The frozen tally keeps the count of the objection but not its words.
    rejected = store.run(lambda session: session.scalar(select(service.Decision.tally_json).where(
        service.Decision.proposal_id == s["theirs"])))
    assert json.loads(rejected)["objections"] == [P.REMOVED] and json.loads(rejected)["overall"]["object"] == 1
    # Publishing still works, and the new version carries the change without the person's comment.
    published = store.run(service.publish, s["key"], tmp_path)
    text = Path(published["path"]).read_text(encoding="utf-8")
    assert "label: Why we met today\n" in text and "zq" not in text


def test_no_byte_of_the_erased_words_stays_in_the_sqlite_files_while_the_studio_holds_them_open(tmp_path):
    path = tmp_path / "erase.sqlite3"
    store = Store(f"sqlite:///{path}")
    studio = Store(f"sqlite:///{path}")  # a second process's engine, as the studio keeps one
    watcher = sqlite3.connect(path)  # and a plain connection left open
    try:
        s = scenario(store)
        studio.run(P.facilitator_view, s["key"], read_only=True)  # its pooled connection has read the words
        watcher.execute("SELECT count(*) FROM comment").fetchone()
        files = [path, Path(f"{path}-wal")]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert all(text.encode() in raw for text in TEXTS.values())  # the attack would find them before
        store.run(P.erase_participant, s["key"], s["me"]["participant"])
        store.run(P.erase_participant, s["key"], s["manager"]["participant"])
        # Main file (free pages and free space inside pages included) and WAL, byte for byte.
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        found = [name for name, text in TEXTS.items() if text.encode() in raw]
        assert found == []
        assert Path(f"{path}-wal").stat().st_size == 0
    finally:
        watcher.close()
        studio.close()
        store.close()
