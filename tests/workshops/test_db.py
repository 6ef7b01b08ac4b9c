"""The store: SQLite settings, retries, 60 voters at once counted exactly once, and migrations without loss."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import OperationalError

from tests.workshops.conftest import REWORD, case_note, edited
from workshops import access, db, participation, queries, service
from workshops.db import Store, database_url, make_engine
from workshops.errors import WorkshopError
from workshops.records import records_for
from workshops.schema import ChangeCounter, Vote

VOTERS = 60
HEAD = "0006"


def old_form_version(connection) -> None:
    """Version 2 of the case note, written with plain SQL as every revision's form_version table holds it."""
    connection.execute(text(
        "INSERT INTO form_version (id, form_id, version, yaml_text, sha256, status, created_at, changelog) "
        "VALUES (1, 'case-note', 2, :yaml, 'x', 'published', '2026-01-01 10:00:00', '')"), {"yaml": case_note()})


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        pragmas = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")}
    engine.dispose()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": db.BUSY_TIMEOUT_MS, "synchronous": 1}


def test_the_default_database_is_a_file_under_data_and_postgres_urls_use_psycopg(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == f"sqlite:///{db.ROOT / 'data' / 'workshops.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@h/d")
    assert database_url() == "postgresql+psycopg://u:p@h/d"


def test_locked_database_errors_are_retried_not_shown(store):
    calls = []

    def flaky(session):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT ...", {}, Exception("database is locked"))
        return "done"

    assert store.run(flaky) == "done" and len(calls) == 3


def test_head_revision_is_read_from_the_file_names_as_alembic_would_say():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    assert db.head_revision() == ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_opening_an_up_to_date_database_takes_no_write_lock(tmp_path):
    """The cause of "database cannot be used" when many commands start at once: each took the write
    lock to ask alembic whether to upgrade. Now opening only reads, so a writer holding the lock for
    longer than the busy timeout does not stop a store opening."""
    import sqlite3

    path = tmp_path / "w.sqlite3"
    Store(f"sqlite:///{path}").close()
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
        began = time.perf_counter()
        Store(f"sqlite:///{path}").close()
        assert time.perf_counter() - began < db.BUSY_TIMEOUT_MS / 1000
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_busy_upgrade_is_retried(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    real, calls = db.upgrade, []

    def busy_twice(engine, revision="head"):
        calls.append(revision)
        if len(calls) < 3:
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        real(engine, revision)

    monkeypatch.setattr(db, "upgrade", busy_twice)
    store = Store(url)  # a new file: the schema must be made, and the lock is busy twice first
    try:
        assert len(calls) == 3 and db.stored_revision(store.engine) == HEAD
    finally:
        store.close()


def test_sixty_voters_at_once_are_each_counted_exactly_once(store, database_url):
    made = store.run(service.create_workshop, "Busy room", case_note(), "case-note.yaml")
    tokens = [store.run(service.join, made["join_code"], "practitioner" if i % 2 else "expert_by_experience")["token"]
              for i in range(VOTERS)]
    proposal = store.run(service.propose, tokens[0], edited([REWORD]), "p.yaml", "clearer")["proposal"]
    before = store.run(queries.counter, made["workshop"], read_only=True)
    start = threading.Barrier(VOTERS)
    errors: list[BaseException] = []
    seconds: list[float] = []

    def voter(token: str, index: int) -> None:
        try:
            start.wait()
            began = time.perf_counter()
            store.run(service.vote, token, proposal, "oppose")
            if index % 3 == 0:  # a third change their mind twice; each must still count once
                store.run(service.vote, token, proposal, "neutral")
                store.run(service.vote, token, proposal, "support")
            seconds.append(time.perf_counter() - began)
        except BaseException as exc:  # collected, and asserted empty below
            errors.append(exc)

    threads = [threading.Thread(target=voter, args=(t, i)) for i, t in enumerate(tokens)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    assert errors == []
    result = store.run(service.results, made["facilitator_key"])["proposals"][0]
    changed = len(range(0, VOTERS, 3))
    assert result["ballots"] == VOTERS
    assert result["overall"] == {"support": changed, "neutral": 0, "oppose": VOTERS - changed}
    assert result["by_constituency"]["practitioner"]["support"] + result["by_constituency"][
        "expert_by_experience"]["support"] == changed
    rows = store.run(lambda s: s.scalar(select(func.count()).select_from(Vote)))
    assert rows == VOTERS + 2 * changed  # every change is kept as history
    after = store.run(lambda s: s.scalar(select(ChangeCounter.value)))
    assert after - before == rows
    writes = VOTERS + 2 * changed
    print(f"\n{database_url.split(':')[0]}: {writes} votes by {VOTERS} threads in {elapsed:.2f}s "
          f"({writes / elapsed:.0f} votes/s, slowest voter {max(seconds):.2f}s)")


def test_a_database_made_at_the_first_revision_upgrades_without_loss(database_url):
    engine = make_engine(database_url)
    db.upgrade(engine, "0001")  # what the first release of workshops created
    with engine.begin() as connection:
        assert "join_attempt" not in inspect(connection).get_table_names()
        old_form_version(connection)
        connection.execute(text(
            "INSERT INTO workshop (id, title, base_form_version_id, join_code, facilitator_key_hash, status, "
            "anonymity, method, rule, quorum, dots_budget, results_visibility, created_at) VALUES (1, 'Old', 1, "
            "'ABCDEFGHJK', 'h', 'open', 'named', 'support', 'majority', 3, 5, 'after_close', '2026-01-01 10:00:00')"))
        connection.execute(text("INSERT INTO change_counter (workshop_id, value) VALUES (1, 7)"))
    engine.dispose()
    store = Store(database_url)  # opening upgrades to head
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            assert "join_attempt" in inspect(connection).get_table_names()
            assert connection.execute(text("SELECT title, join_code FROM workshop")).all() == [("Old", "ABCDEFGHJK")]
            assert connection.execute(text("SELECT yaml_text FROM form_version")).scalar() == case_note()
        # The old workshop still works: people can join it with its code.
        assert store.run(service.join, "ABCDE-FGHJK", "vendor")["workshop"] == 1
    finally:
        store.close()


def test_a_database_at_revision_0002_gains_workshop_owners_without_loss(database_url):
    engine = make_engine(database_url)
    db.upgrade(engine, "0002")  # before facilitators could sign in
    with engine.begin() as connection:
        assert "owner" not in {c["name"] for c in inspect(connection).get_columns("workshop")}
    engine.dispose()
    old = Store(database_url, migrate=False)
    try:
        with old.engine.begin() as connection:  # the tables exactly as 0002 left them, written with plain SQL
            old_form_version(connection)
            connection.execute(text(
                "INSERT INTO workshop (id, title, base_form_version_id, join_code, facilitator_key_hash, status, "
                "anonymity, method, rule, quorum, dots_budget, results_visibility, created_at) VALUES (1, 'Keyed', "
                "1, 'ABCDEFGHJK', :hash, 'voting', 'secret', 'consent', 'consent', 4, 5, 'live', "
                "'2026-01-01 10:00:00')"), {"hash": access.digest("fk_old-key")})
            connection.execute(text("INSERT INTO change_counter (workshop_id, value) VALUES (1, 7)"))
            connection.execute(text("INSERT INTO join_attempt (client, at) VALUES ('10.0.0.1', '2026-01-01 10:00:00')"))
    finally:
        old.close()
    store = Store(database_url)  # opening upgrades to head
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            columns = {c["name"]: c for c in inspect(connection).get_columns("workshop")}
            assert columns["owner"]["nullable"]
            assert "ix_workshop_owner" in {i["name"] for i in inspect(connection).get_indexes("workshop")}
            assert connection.execute(text(
                "SELECT title, join_code, status, anonymity, method, rule, quorum, results_visibility, owner "
                "FROM workshop")).all() == [("Keyed", "ABCDEFGHJK", "voting", "secret", "consent", "consent", 4,
                                             "live", None)]
            assert connection.execute(text("SELECT value FROM change_counter")).scalar() == 7
            assert connection.execute(text("SELECT client FROM join_attempt")).scalar() == "10.0.0.1"
            assert connection.execute(text("SELECT yaml_text FROM form_version")).scalar() == case_note()
        # Its key still opens it, and no signed-in account does.
        assert store.run(service.results, "fk_old-key")["title"] == "Keyed"
        with pytest.raises(WorkshopError):
            store.run(service.results, access.SignedIn(access.account("https://idp.example", "x"), 1))
        assert store.run(service.workshops_of, access.account("https://idp.example", "x")) == []
    finally:
        store.close()


def test_a_database_at_revision_0003_keeps_each_proposals_vote_method(database_url):
    engine = make_engine(database_url)
    db.upgrade(engine, "0003")  # when a workshop had one vote method for all its proposals
    engine.dispose()
    old = Store(database_url, migrate=False)
    try:
        with old.engine.begin() as connection:  # the tables as 0003 left them, written with plain SQL
            old_form_version(connection)
            for number, method in ((1, "consent"), (2, "dots")):
                connection.execute(text(
                    "INSERT INTO workshop (id, title, base_form_version_id, join_code, facilitator_key_hash, status, "
                    "anonymity, method, rule, quorum, dots_budget, results_visibility, created_at) VALUES (:n, 'W', "
                    "1, :code, :hash, 'open', 'named', :method, 'majority', 1, 5, 'live', '2026-01-01 10:00:00')"),
                    {"n": number, "code": f"ABCDEFGHJ{number}", "hash": f"h{number}", "method": method})
                connection.execute(text(
                    "INSERT INTO participant (id, workshop_id, display_name, constituency, token_hash, attribution, "
                    "joined_at) VALUES (:n, :n, '', 'practitioner', :token, 'anonymous', '2026-01-01 10:00:00')"),
                    {"n": number, "token": f"t{number}"})
                connection.execute(text(
                    "INSERT INTO proposal (id, workshop_id, author_id, base_version_id, proposed_yaml, changes_json, "
                    "rationale, touched_fields_json, status, created_at) VALUES (:n, :n, :n, 1, :yaml, '[]', '', "
                    "'[]', 'open', '2026-01-01 10:00:00')"), {"n": number, "yaml": case_note()})
    finally:
        old.close()
    store = Store(database_url)  # opening upgrades to head
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            assert connection.execute(text("SELECT id, method FROM proposal ORDER BY id")).all() == [
                (1, "consent"), (2, "dots")]
    finally:
        store.close()


def test_a_database_at_revision_0004_keeps_vendor_and_manager_votes_but_never_counts_them(database_url):
    """3 experts by experience support, 4 vendors and a manager oppose: before decision 10 was enforced
    that read "Not passed"; after the upgrade every row is kept, the vendors' and manager's are marked not
    counted, and the experts' support passes under the workshop's double majority rule."""
    engine = make_engine(database_url)
    db.upgrade(engine, "0004")  # when vendors and managers could vote
    engine.dispose()
    people = ["expert_by_experience"] * 3 + ["vendor"] * 4 + ["manager"]
    old = Store(database_url, migrate=False)
    try:
        with old.engine.begin() as connection:  # the tables as 0004 left them, written with plain SQL
            old_form_version(connection)
            connection.execute(text(
                "INSERT INTO form_version (id, form_id, version, yaml_text, sha256, status, created_from_workshop_id, "
                "created_at, changelog) VALUES (2, 'case-note', 3, :yaml, 'y', 'published', 1, "
                "'2026-01-02 10:00:00', 'Why we met is reworded')"), {"yaml": case_note()})
            connection.execute(text(
                "INSERT INTO workshop (id, title, base_form_version_id, join_code, facilitator_key_hash, status, "
                "anonymity, method, rule, quorum, dots_budget, results_visibility, created_at) VALUES (1, 'Mixed', "
                "1, 'ABCDEFGHJK', :hash, 'voting', 'named', 'support', 'double_majority', 3, 5, 'live', "
                "'2026-01-01 10:00:00')"), {"hash": access.digest("fk_old-key")})
            connection.execute(text("INSERT INTO change_counter (workshop_id, value) VALUES (1, 20)"))
            for number, constituency in enumerate(people, start=1):
                connection.execute(text(
                    "INSERT INTO participant (id, workshop_id, display_name, constituency, token_hash, attribution, "
                    "joined_at) VALUES (:n, 1, '', :c, :token, 'anonymous', '2026-01-01 10:00:00')"),
                    {"n": number, "c": constituency, "token": f"t{number}"})
            for number, status in ((1, "open"), (2, "accepted")):
                connection.execute(text(
                    "INSERT INTO proposal (id, workshop_id, author_id, base_version_id, proposed_yaml, changes_json, "
                    "rationale, touched_fields_json, method, status, created_at) VALUES (:n, 1, 1, 1, :yaml, '[]', "
                    "'', '[]', 'support', :status, '2026-01-01 10:00:00')"),
                    {"n": number, "yaml": case_note(), "status": status})
            votes = [(who, "support" if c == "expert_by_experience" else "oppose", True)
                     for who, c in enumerate(people, start=1)]
            votes += [(4, "support", False),  # vendor 4 changed their mind: the old row is history
                      (None, "oppose", True)]  # an erased vendor's vote keeps only the constituency
            for number, (who, choice, current) in enumerate(votes, start=1):
                connection.execute(text(
                    "INSERT INTO vote (id, proposal_id, participant_id, constituency, choice, dots, reason, assisted, "
                    "is_current, cast_at) VALUES (:n, 1, :who, :c, :choice, 0, NULL, :no, :current, "
                    "'2026-01-01 11:00:00')"),
                    {"n": number, "who": who, "c": people[who - 1] if who else "vendor", "choice": choice,
                     "no": False, "current": current})
            # A decision taken before the upgrade froze the vendors' votes into its tally.
            frozen = {"by_constituency": {"expert_by_experience": {"support": 3, "neutral": 0, "oppose": 0},
                                          "vendor": {"support": 0, "neutral": 0, "oppose": 4}}, "reason": "old"}
            connection.execute(text(
                "INSERT INTO decision (id, proposal_id, outcome, rule, tally_json, statement, decided_by, decided_at, "
                "result_version_id) VALUES (1, 2, 'accepted', 'double_majority', :tally, 'Agreed', 'facilitator', "
                "'2026-01-02 09:00:00', 2)"), {"tally": json.dumps(frozen)})
    finally:
        old.close()
    store = Store(database_url)  # opening upgrades to head
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            rows = connection.execute(text("SELECT id, participant_id, constituency, choice, is_current, counted "
                                           "FROM vote ORDER BY id")).all()
        assert [(n, who, c, choice, bool(current), bool(counted)) for n, who, c, choice, current, counted in rows] == [
            (1, 1, "expert_by_experience", "support", True, True),
            (2, 2, "expert_by_experience", "support", True, True),
            (3, 3, "expert_by_experience", "support", True, True),
            (4, 4, "vendor", "oppose", True, False), (5, 5, "vendor", "oppose", True, False),
            (6, 6, "vendor", "oppose", True, False), (7, 7, "vendor", "oppose", True, False),
            (8, 8, "manager", "oppose", True, False),
            (9, 4, "vendor", "support", False, False), (10, None, "vendor", "oppose", True, False)]
        result = store.run(service.results, "fk_old-key")["proposals"][0]
        assert result["ballots"] == 3 and result["overall"] == {"support": 3, "neutral": 0, "oppose": 0}
        assert result["by_constituency"] == {"expert_by_experience": {"support": 3, "neutral": 0, "oppose": 0}}
        assert result["passed"] is True and result["reason"].startswith("Passed by double majority")
        counts = store.run(participation.participation, "fk_old-key")["by_constituency"]
        assert counts["vendor"] == {"joined": 4, "ballots": 0} and counts["manager"] == {"joined": 1, "ballots": 0}
        # The export of the version made before: the frozen tally without the vendors' votes.
        _notes, [decision] = store.run(records_for, "case-note", 3, read_only=True)
        assert decision.tallies == {"expert_by_experience": {"support": 3, "neutral": 0, "oppose": 0}}
        decided = store.run(service.decide, "fk_old-key", 1, "accept", "Lived experience decides")
        assert decided["outcome"] == "accepted" and decided["passed"] is True
    finally:
        store.close()


def test_alembic_upgrade_head_by_hand_gives_the_same_schema(database_url, tmp_path, monkeypatch):
    """`alembic -c workshops/alembic.ini upgrade head` (what an operator runs) matches the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.config import main as alembic_main
    from alembic.migration import MigrationContext

    from workshops.schema import Base

    monkeypatch.chdir(tmp_path)  # the ini file finds its migrations from anywhere
    ini = str(db.ROOT / "workshops" / "alembic.ini")
    alembic_main(["-c", ini, "-x", f"url={database_url}", "upgrade", "0001"])
    alembic_main(["-c", ini, "-x", f"url={database_url}", "upgrade", "head"])
    engine = create_engine(db.database_url(database_url))
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def _vote_in_a_process(url: str, token: str, proposal: int, barrier, failures) -> None:
    store = Store(url, migrate=False)  # a fresh engine: connections are never shared across a fork
    try:
        barrier.wait()
        store.run(service.vote, token, proposal, "oppose")
        store.run(service.vote, token, proposal, "support")
    except BaseException as exc:  # reported to the parent, which asserts there were none
        failures.put(repr(exc))
    finally:
        store.close()


def test_sixty_separate_processes_voting_at_once_are_each_counted_once(store, database_url):
    import multiprocessing

    context = multiprocessing.get_context("fork")  # no re-import per process: the test stays quick
    made = store.run(service.create_workshop, "Many devices", case_note(), "case-note.yaml")
    tokens = [store.run(service.join, made["join_code"], "practitioner")["token"] for _ in range(VOTERS)]
    proposal = store.run(service.propose, tokens[0], edited([REWORD]), "p.yaml", "clearer")["proposal"]
    store.engine.dispose()  # the children must not inherit pooled connections
    barrier, failures = context.Barrier(VOTERS), context.Queue()
    processes = [context.Process(target=_vote_in_a_process, args=(database_url, t, proposal, barrier, failures))
                 for t in tokens]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0] * VOTERS
    assert failures.empty()
    result = store.run(service.results, made["facilitator_key"])["proposals"][0]
    assert result["overall"] == {"support": VOTERS, "neutral": 0, "oppose": 0}
