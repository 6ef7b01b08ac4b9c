"""Benchmark: 60 participants voting at the same moment (SQLite, and PostgreSQL when available), and tally time.

Run: python bench/workshops_bench.py [--voters 60] [--processes 50] [--postgres URL]
PostgreSQL is used when --postgres, COFORM_TEST_POSTGRES_URL or tests/.postgres-url (written by
tests/setup.sh) names a server. Prints votes per second, median and 95th-percentile latency, what
a live screen's re-read costs in a workshop of 200 participants and 100 proposals (the counter
poll every screen makes every 2 s, a participant's view, the facilitator's view), and the time
to tally 200 participants' ballots on 100 proposals, and N `python -m workshops vote` commands
started at the same moment as separate processes (each pays Python's start-up and opens the
database itself): how many succeed, and the wall time until the last one ends.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from workshops import participation, queries, service  # noqa: E402
from workshops.db import Store  # noqa: E402
from workshops.schema import Comment, Participant, Proposal, Vote, Workshop  # noqa: E402
from workshops.voting import CONSTITUENCIES, SIGNAL_ONLY, Ballot, tally  # noqa: E402

CASE_NOTE = ROOT / "forms" / "library" / "case-note.yaml"


def postgres_url(given: str | None) -> str | None:
    url_file = ROOT / "tests" / ".postgres-url"
    return given or os.environ.get("COFORM_TEST_POSTGRES_URL") or (
        url_file.read_text(encoding="utf-8").strip() if url_file.exists() else None)


def voting_round(url: str, voters: int) -> tuple[float, list[float]]:
    """All voters wait at a barrier, then vote at once; returns (wall seconds, per-vote latencies)."""
    store = Store(url)
    text = CASE_NOTE.read_text(encoding="utf-8")
    made = store.run(service.create_workshop, "Bench", text, str(CASE_NOTE), quorum=1)
    tokens = [store.run(service.join, made["join_code"], CONSTITUENCIES[i % 2], f"P{i}", client=f"bench{i}")["token"]
              for i in range(voters)]
    proposal = store.run(service.propose, tokens[0], text.replace("label: Why we met\n", "label: Why we met today\n"),
                         "proposal.yaml", "bench")["proposal"]
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(voters)

    def vote(token: str) -> None:
        barrier.wait()
        started = time.perf_counter()
        store.run(service.vote, token, proposal, random.choice(["support", "neutral", "oppose"]))
        with lock:
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=vote, args=(t,)) for t in tokens]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    counted = store.run(service.results, made["facilitator_key"], read_only=True)["proposals"][0]["overall"]
    assert sum(counted.values()) == voters, counted  # every vote counted exactly once
    store.close()
    return wall, latencies


def processes_at_once(url: str, processes: int) -> tuple[int, float]:
    """PROCESSES `python -m workshops vote` commands started together; (how many exited 0, wall seconds).
    Every vote must be counted exactly once."""
    store = Store(url)
    text = CASE_NOTE.read_text(encoding="utf-8")
    made = store.run(service.create_workshop, "Processes", text, str(CASE_NOTE), quorum=1)
    tokens = [store.run(service.join, made["join_code"], CONSTITUENCIES[i % 2], client=f"proc{i}")["token"]
              for i in range(processes)]
    proposal = store.run(service.propose, tokens[0], text.replace("label: Why we met\n", "label: Why we met today\n"),
                         "proposal.yaml", "bench")["proposal"]
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    children = [subprocess.Popen([sys.executable, "-m", "workshops", "vote", token, str(proposal), "support"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
                for token in tokens]
    succeeded = sum(child.wait() == 0 for child in children)
    wall = time.perf_counter() - started
    counted = store.run(service.results, made["facilitator_key"], read_only=True)["proposals"][0]["overall"]
    assert counted["support"] == succeeded, (counted, succeeded)  # each success counted exactly once
    store.close()
    return succeeded, wall


def screen_reads(url: str, people: int = 200, proposals: int = 100, repeat: int = 5) -> dict[str, float]:
    """What a live screen costs when the change counter moves, in a big workshop: median ms per read.

    The workshop is filled directly (people, proposals, one current vote each, a comment per
    proposal), since only the reads are measured.
    """
    store = Store(url)
    text = CASE_NOTE.read_text(encoding="utf-8")
    made = store.run(service.create_workshop, "Screens", text, str(CASE_NOTE), quorum=3)
    first = store.run(service.join, made["join_code"], "practitioner", "P0", client="screens")["token"]
    store.run(service.propose, first, text.replace("label: Why we met\n", "label: Why we met today\n"), "p.yaml", "x")

    def fill(session) -> None:
        workshop = session.get(Workshop, made["workshop"])
        template = session.scalars(select(Proposal).where(Proposal.workshop_id == workshop.id)).one()
        persons = [Participant(workshop_id=workshop.id, display_name=f"P{i}", token_hash=f"screens-{i}",
                               constituency=CONSTITUENCIES[i % len(CONSTITUENCIES)]) for i in range(1, people)]
        session.add_all(persons)
        rows = [Proposal(workshop_id=workshop.id, author_id=template.author_id,
                         base_version_id=template.base_version_id, proposed_yaml=template.proposed_yaml,
                         changes_json=template.changes_json, rationale="bench",
                         touched_fields_json=template.touched_fields_json) for _ in range(1, proposals)]
        session.add_all(rows)
        session.flush()
        everyone = [template.author_id] + [p.id for p in persons]
        constituency = dict(session.execute(select(Participant.id, Participant.constituency).where(
            Participant.workshop_id == workshop.id)).all())
        for proposal in [template, *rows]:
            session.add_all(Vote(proposal_id=proposal.id, participant_id=who, constituency=constituency[who],
                                 counted=constituency[who] not in SIGNAL_ONLY,  # as revision 0005 left them
                                 choice=random.choice(["support", "neutral", "oppose"])) for who in everyone)
            session.add(Comment(proposal_id=proposal.id, author_id=everyone[1], body="A comment", stance="for"))

    store.run(fill)

    def median_ms(operation, *args) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.run(operation, *args, read_only=True)
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    figures = {"counter poll": median_ms(queries.counter, made["workshop"]),
               "participant view": median_ms(participation.view, first),
               "facilitator view": median_ms(participation.facilitator_view, made["facilitator_key"])}
    store.close()
    return figures


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=60)
    parser.add_argument("--processes", type=int, default=50, help="vote commands started at once")
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: the test server, if any)")
    args = parser.parse_args()
    backends = []
    with tempfile.TemporaryDirectory() as folder:
        backends.append(("SQLite", f"sqlite:///{folder}/bench.sqlite3"))
        pg = postgres_url(args.postgres)
        if pg:
            backends.append(("PostgreSQL", pg))
        screens: dict[str, dict[str, float]] = {}
        at_once: dict[str, tuple[int, float]] = {}
        print(f"{'database':<11} {'voters':>6} {'votes/s':>8} {'median':>9} {'p95':>9} {'slowest':>9}")
        for name, url in backends:
            if name == "PostgreSQL":
                # a schema of its own, so the bench never touches other data in that database
                from sqlalchemy import create_engine, text

                from workshops.db import database_url
                schema = f"bench_{os.getpid()}"
                admin = create_engine(database_url(url))
                with admin.begin() as connection:
                    connection.execute(text(f"CREATE SCHEMA {schema}"))
                url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
            try:
                wall, latencies = voting_round(url, args.voters)
                screens[name] = screen_reads(url)
                at_once[name] = processes_at_once(url, args.processes)
            finally:
                if name == "PostgreSQL":
                    with admin.begin() as connection:
                        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            median = statistics.median(latencies) * 1000
            print(f"{name:<11} {args.voters:>6} {args.voters / wall:>8.0f} {median:>6.0f} ms "
                  f"{p95(latencies) * 1000:>6.0f} ms {max(latencies) * 1000:>6.0f} ms")
    print(f"\n{args.processes} `python -m workshops vote` processes started at once")
    for name, (succeeded, wall) in at_once.items():
        print(f"{name:<11} {succeeded} of {args.processes} succeeded, all done in {wall:.1f} s "
              f"({wall / args.processes * 1000:.0f} ms of wall time per command)")
    print("\nlive screens, 200 participants × 100 proposals (one vote each, a comment each): median ms per read")
    for name, figures in screens.items():
        print(f"{name:<11} " + ", ".join(f"{what} {ms:.1f} ms" for what, ms in figures.items()))
    ballots = [Ballot(CONSTITUENCIES[i % len(CONSTITUENCIES)], random.choice(["support", "neutral", "oppose"]))
               for i in range(200)]
    started = time.perf_counter()
    for number in range(100):
        tally(str(number), ballots, rule="double_majority")
    print(f"tally: 200 participants × 100 proposals in {(time.perf_counter() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
