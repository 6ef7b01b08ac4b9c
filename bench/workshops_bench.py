"""Benchmark: 60 participants voting at the same moment (SQLite, and PostgreSQL when available), and tally time.

Run: python bench/workshops_bench.py [--voters 60] [--postgres URL]
PostgreSQL is used when --postgres, COFORM_TEST_POSTGRES_URL or tests/.postgres-url (written by
tests/setup.sh) names a server. Prints votes per second, median and 95th-percentile latency, and
the time to tally 200 participants' ballots on 100 proposals.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workshops import service  # noqa: E402
from workshops.db import Store  # noqa: E402
from workshops.voting import CONSTITUENCIES, Ballot, tally  # noqa: E402

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


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=60)
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: the test server, if any)")
    args = parser.parse_args()
    backends = []
    with tempfile.TemporaryDirectory() as folder:
        backends.append(("SQLite", f"sqlite:///{folder}/bench.sqlite3"))
        pg = postgres_url(args.postgres)
        if pg:
            backends.append(("PostgreSQL", pg))
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
            finally:
                if name == "PostgreSQL":
                    with admin.begin() as connection:
                        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            median = statistics.median(latencies) * 1000
            print(f"{name:<11} {args.voters:>6} {args.voters / wall:>8.0f} {median:>6.0f} ms "
                  f"{p95(latencies) * 1000:>6.0f} ms {max(latencies) * 1000:>6.0f} ms")
    ballots = [Ballot(CONSTITUENCIES[i % len(CONSTITUENCIES)], random.choice(["support", "neutral", "oppose"]))
               for i in range(200)]
    started = time.perf_counter()
    for number in range(100):
        tally(str(number), ballots, rule="double_majority")
    print(f"tally: 200 participants × 100 proposals in {(time.perf_counter() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
