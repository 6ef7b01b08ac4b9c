"""`python -m workshops`, end to end in subprocesses, exactly as the README describes it ("Workshops from the command line")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types

import pytest

from forms.loader import load_file
from tests.conftest import ROOT
from tests.workshops.conftest import CASE_NOTE, DROP_PERFORMANCE, REWORD, edited
from workshops.db import Store
from workshops.records import records_for


def cli(database_url: str, *args: str, cwd=None) -> tuple[int, dict, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "workshops", *args], capture_output=True, text=True, env=env,
                          cwd=cwd or ROOT, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    try:
        output = json.loads(done.stdout) if done.stdout.strip() else {}
    except json.JSONDecodeError:
        output = {"raw": done.stdout}
    return done.returncode, output, done.stderr


def ok(database_url: str, *args: str) -> dict:
    code, output, stderr = cli(database_url, *args)
    assert code == 0, stderr
    return output


def test_a_whole_workshop_from_the_command_line(database_url, tmp_path):
    made = ok(database_url, "create", "--title", "Case note review", "--form", str(CASE_NOTE), "--quorum", "2",
              "--rule", "majority")
    assert set(made) == {"workshop", "join_code", "facilitator_key"}
    key = made["facilitator_key"]
    expert = ok(database_url, "join", made["join_code"], "--constituency", "expert_by_experience", "--name", "Sam")
    worker = ok(database_url, "join", made["join_code"], "--constituency", "practitioner")
    assert set(expert) >= {"participant", "token"}

    proposed = tmp_path / "proposal.yaml"
    proposed.write_text(edited([REWORD, DROP_PERFORMANCE]), encoding="utf-8")
    proposal = ok(database_url, "propose", expert["token"], "--yaml", str(proposed), "--rationale",
                  "Say why we met in plain words; the write-up date is recorded by the system anyway.")
    assert proposal["changes"] == ["Question 'Date this note was written' is removed from section 'Next steps'.",
                                   "Question 'Why we met' is reworded as 'Why we met today'."]
    number = str(proposal["proposal"])
    ok(database_url, "vote", expert["token"], number, "support")
    ok(database_url, "vote", worker["token"], number, "oppose", "--reason", "we need the date")
    ok(database_url, "vote", worker["token"], number, "support")  # changed: counts once

    results = ok(database_url, "results", key)
    assert (results["workshop"], results["rule"]) == (made["workshop"], "majority")
    [row] = results["proposals"]
    assert {k: row[k] for k in ("proposal", "status", "overall", "by_constituency", "passed")} == {
        "proposal": int(number), "status": "open", "overall": {"support": 2, "neutral": 0, "oppose": 0},
        "by_constituency": {"practitioner": {"support": 1, "neutral": 0, "oppose": 0},
                            "expert_by_experience": {"support": 1, "neutral": 0, "oppose": 0}},
        "passed": True}
    assert row["reason"].startswith("Passed by majority")

    decided = ok(database_url, "decide", key, number, "accept", "--statement", "Agreed: clearer and less admin.")
    assert decided["outcome"] == "accepted"
    published = ok(database_url, "publish", key, "--out", str(tmp_path / "out"))
    assert (published["form"], published["version"], published["status"]) == ("case-note", 3, "closed")
    assert published["path"] == str(tmp_path / "out" / "case-note-v3.yaml")
    new = load_file(published["path"])
    assert new.ok and new.form.version == 3
    assert "written_up_date" not in {p.field.id for p in new.form.walk()}
    assert ok(database_url, "results", key)["proposals"][0]["status"] == "accepted"

    # The vendor's spec of the new version carries the changelog and the decision log.
    env = {**os.environ, "DATABASE_URL": database_url}
    exported = subprocess.run([sys.executable, "-m", "exporter", published["path"], "--format", "html", "--out",
                               str(tmp_path / "spec")], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
    assert exported.returncode == 0, exported.stderr
    html = (tmp_path / "spec" / "case-note-v3.html").read_text(encoding="utf-8")
    assert "Agreed: clearer and less admin." in html
    assert "<h4>Version 3" in html and "<h4>Version 2" in html
    assert "Question &#39;Why we met&#39; is reworded as &#39;Why we met today&#39;." in html
    assert "No workshop decisions are recorded" not in html
    assert "<dt>Decided by</dt><dd><bdi>the facilitator (with the key)</bdi></dd>" in html
    # Sam joined without agreeing to be named in records: only the group appears.
    assert "<dt>Proposed by</dt><dd><bdi>an expert by experience</bdi></dd>" in html and "Sam<" not in html and "Sam (" not in html
    # One expert and one practitioner voted: in a record that leaves the room they are counted together.
    assert "<th scope=\"row\">Others</th>" in html and "<th scope=\"row\">Expert by experience</th>" not in html


def test_refusals_are_located_lines_and_json_with_exit_1(database_url, tmp_path):
    made = ok(database_url, "create", "--title", "W", "--form", str(CASE_NOTE))
    token = ok(database_url, "join", made["join_code"], "--constituency", "vendor")["token"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(edited([("type: long_text\n        hint: What the visit", "type: long_txt\n        hint: What the visit")]),
                   encoding="utf-8")
    code, output, stderr = cli(database_url, "propose", token, "--yaml", str(bad), "--rationale", "x")
    assert code == 1 and output["ok"] is False
    line = bad.read_text(encoding="utf-8").splitlines().index("        type: long_txt") + 1
    assert [(i["code"], i["line"]) for i in output["issues"]] == [("FIELD_003", line)]
    assert stderr.startswith(f"{bad}:{line}:")
    code, output, stderr = cli(database_url, "decide", token, "1", "accept", "--statement", "mine now")
    assert code == 1 and output["issues"][0]["code"] == "WORKSHOP_001"
    code, output, stderr = cli(database_url, "join", "ZZZZZ-ZZZZZ", "--constituency", "other")
    assert code == 1 and output["issues"][0]["code"] == "WORKSHOP_003"
    code, output, stderr = cli(database_url, "create", "--title", "W", "--form", str(tmp_path / "missing.yaml"))
    assert code == 1 and output["issues"][0]["code"] == "FILE_001"


@pytest.mark.parametrize(("flags", "proposer"), [
    ((), "Sam (expert by experience)"),
    (("--pseudonymous",), "an expert by experience"),
])
def test_a_name_reaches_the_records_only_when_the_person_agreed(database_url, tmp_path, flags, proposer):
    made = ok(database_url, "create", "--title", "W", "--form", str(CASE_NOTE), "--quorum", "1", *flags)
    sam = ok(database_url, "join", made["join_code"], "--constituency", "expert_by_experience", "--name", "Sam",
             "--name-in-records")["token"]
    proposed = tmp_path / "proposal.yaml"
    proposed.write_text(edited([REWORD]), encoding="utf-8")
    number = str(ok(database_url, "propose", sam, "--yaml", str(proposed), "--rationale", "plainer")["proposal"])
    ok(database_url, "vote", sam, number, "support")
    decided = ok(database_url, "decide", made["facilitator_key"], number, "accept", "--statement", "Agreed.",
                 "--review-on", "2031-01-31")
    assert decided["review_on"] == "2031-01-31"
    published = ok(database_url, "publish", made["facilitator_key"], "--out", str(tmp_path), "--keep-open")
    assert published["status"] == "open"
    version = published["version"]
    store = Store(database_url)
    try:
        _notes, decisions = store.run(records_for, "case-note", version, read_only=True)
    finally:
        store.close()
    assert [d.proposed_by for d in decisions] == [proposer]


@pytest.mark.parametrize("args", [
    ["create", "--title", "W"],
    ["create", "--title", "W", "--form", "f.yaml", "--secret", "--pseudonymous"],
    ["decide", "fk_x", "1", "accept", "--statement", "s", "--review-on", "next spring"],
    ["join", "ABCDE-FGHJK", "--constituency", "boss"],
    ["decide", "fk_x", "1", "maybe", "--statement", "s"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(database_url, args):
    code, _output, stderr = cli(database_url, *args)
    assert code == 2 and "usage:" in stderr
    if "--review-on" in args:
        assert "'next spring' is not a date: write it as YYYY-MM-DD" in stderr


def test_an_unreachable_database_is_a_message_not_a_traceback(tmp_path):
    code, _output, stderr = cli("postgresql://nobody:x@127.0.0.1:1/none", "results", "fk_x")
    assert code == 1 and "database cannot be used" in stderr


def test_a_form_that_is_not_utf8_is_located(database_url, tmp_path):
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"kind: form\ntitle: caf\xe9\n")
    code, output, stderr = cli(database_url, "create", "--title", "W", "--form", str(binary))
    assert code == 1
    assert [(i["code"], i["line"], i["column"]) for i in output["issues"]] == [("YAML_003", 2, 11)]
    assert stderr.startswith(f"{binary}:2:11: YAML_003 ")


def refused_with(database_url: str, *args: str) -> str:
    """The one catalog code a refusal gives (exit 1, JSON on stdout, a located line on stderr)."""
    code, output, stderr = cli(database_url, *args)
    assert code == 1 and output["ok"] is False, stderr
    [issue] = output["issues"]
    assert stderr.startswith(f"{issue['path']}:0:0: {issue['code']} ")
    return issue["code"]


def test_comments_signals_amendments_rounds_assisted_votes_and_personal_data(database_url, tmp_path):
    made = ok(database_url, "create", "--title", "Case note review", "--form", str(CASE_NOTE), "--quorum", "2")
    key = made["facilitator_key"]
    people = {who: ok(database_url, "join", made["join_code"], "--constituency", who, "--name", who.title())
              for who in ("expert_by_experience", "practitioner", "vendor", "manager")}
    expert, worker = people["expert_by_experience"]["token"], people["practitioner"]["token"]
    proposed = tmp_path / "proposal.yaml"
    proposed.write_text(edited([REWORD]), encoding="utf-8")
    first = str(ok(database_url, "propose", expert, "--yaml", str(proposed), "--rationale", "Plainer")["proposal"])
    amended = tmp_path / "amendment.yaml"
    amended.write_text(edited([("label: Why we met\n", "label: Why we met you today\n")]), encoding="utf-8")
    amendment = ok(database_url, "propose", worker, "--yaml", str(amended), "--rationale", "Speak to the person",
                   "--amends", first)
    assert refused_with(database_url, "propose", worker, "--yaml", str(amended), "--rationale", "x",
                        "--amends", "999") == "WORKSHOP_005"

    said = ok(database_url, "comment", worker, first, "--stance", "question", "--text", "Today, or this visit?",
              "--field", "visit_purpose")
    assert said == {"comment": said["comment"], "proposal": int(first)}
    assert ok(database_url, "signal", people["vendor"]["token"], first, "feasibility", "easy", "--note",
              "A label change") == {"signal": 1, "proposal": int(first), "kind": "feasibility", "value": "easy"}
    assert ok(database_url, "signal", people["manager"]["token"], first, "legal", "no_concern")["value"] == \
        "no_concern"
    assert refused_with(database_url, "signal", worker, first, "feasibility", "easy") == "WORKSHOP_015"
    # A vendor's or manager's vote is refused, pointing to `signal` (decision 10), also when assisted.
    code, output, stderr = cli(database_url, "vote", people["vendor"]["token"], first, "oppose")
    assert code == 1 and [i["code"] for i in output["issues"]] == ["VOTE_010"]
    assert stderr.startswith("TOKEN:0:0: VOTE_010 a vendor cannot vote") and "'signal'" in stderr
    assert refused_with(database_url, "assist", key, str(people["manager"]["participant"]), first, "oppose") == \
        "VOTE_010"

    assert ok(database_url, "round", key, "voting", "--live-results") == {
        "workshop": made["workshop"], "status": "voting", "results_visibility": "live", "method": "support",
        "kept_method": []}
    assisted = ok(database_url, "assist", key, str(people["expert_by_experience"]["participant"]), first,
                  "support", "--reason", "Said so on paper")
    assert (assisted["proposal"], assisted["choice"]) == (int(first), "support")
    assert refused_with(database_url, "assist", key, "999", first, "support") == "WORKSHOP_016"
    ok(database_url, "vote", worker, first, "support")
    [row, _amendment] = ok(database_url, "results", key)["proposals"]
    assert row["overall"] == {"support": 2, "neutral": 0, "oppose": 0}

    assert ok(database_url, "hide-comment", key, str(said["comment"])) == {"comment": said["comment"],
                                                                          "hidden": True}
    assert refused_with(database_url, "hide-comment", key, "999") == "WORKSHOP_017"
    assert refused_with(database_url, "hide-comment", worker, str(said["comment"])) == "WORKSHOP_001"

    mine = ok(database_url, "my-data", worker)
    assert (mine["participant"], mine["name"], mine["constituency"]) == (
        people["practitioner"]["participant"], "Practitioner", "practitioner")
    assert [p["proposal"] for p in mine["proposals"]] == [amendment["proposal"]]
    assert [(c["stance"], c["body"]) for c in mine["comments"]] == [("question", "Today, or this visit?")]
    assert [(v["proposal"], v["choice"]) for v in mine["votes"]] == [(int(first), "support")]

    # A new round by consent: the first proposal has votes and keeps support; the amendment has none.
    moved = ok(database_url, "round", key, "voting", "--method", "consent")
    assert (moved["method"], moved["kept_method"]) == ("consent", [int(first)])
    assert refused_with(database_url, "vote", expert, str(amendment["proposal"]), "support") == "VOTE_001"
    assert ok(database_url, "round", key, "closed")["results_visibility"] == "live"
    assert refused_with(database_url, "vote", expert, str(amendment["proposal"]), "support") == "WORKSHOP_014"
    assert refused_with(database_url, "comment", expert, first, "--stance", "for", "--text", "late") == \
        "WORKSHOP_014"

    assert ok(database_url, "erase", key, str(mine["participant"])) == {"participant": mine["participant"],
                                                                        "erased": True}
    assert refused_with(database_url, "my-data", worker) == "WORKSHOP_002"  # the token no longer works
    assert ok(database_url, "results", key)["proposals"][0]["overall"]["support"] == 2  # counts stay true

    # The erased person's amendment, not yet decided, is withdrawn (its words go with them).
    assert ok(database_url, "results", key)["proposals"][1]["status"] == "withdrawn"

    from workshops.db import Store
    from workshops.schema import Proposal

    store = Store(database_url)
    try:
        parent = store.run(lambda s: s.get(Proposal, amendment["proposal"]).parent_proposal_id, read_only=True)
    finally:
        store.close()
    assert parent == int(first)


@pytest.mark.parametrize("args", [
    ["round", "fk_x", "voting", "--live-results", "--results-after-close"],
    ["round", "fk_x", "paused"],
    ["comment", "pt_x", "1", "--stance", "maybe", "--text", "t"],
    ["comment", "pt_x", "1", "--stance", "for"],
    ["signal", "pt_x", "1", "legal", "easy"],
    ["signal", "pt_x", "1", "price", "high"],
    ["assist", "fk_x", "sam", "1", "support"],
    ["hide-comment", "fk_x", "first"],
    ["erase", "fk_x"],
    ["propose", "pt_x", "--yaml", "p.yaml", "--rationale", "r", "--amends", "the-other-one"],
])
def test_usage_errors_of_the_newer_commands_exit_2(tmp_path, args):
    code, _output, stderr = cli(f"sqlite:///{tmp_path / 'unused.sqlite3'}", *args)  # refused before any database
    assert code == 2 and "usage:" in stderr


PROCESSES = 50


def test_fifty_vote_commands_started_at_once_all_succeed(database_url, monkeypatch):
    """Opening the database (and checking its schema) waits and retries like every write: no
    'database cannot be used' and no lost vote when a room votes from the command line together."""
    import multiprocessing

    from tests.workshops import at_once
    from workshops import service

    store = Store(database_url)
    try:
        made = store.run(service.create_workshop, "Busy room", CASE_NOTE.read_text(encoding="utf-8"), "case-note.yaml")
        tokens = [store.run(service.join, made["join_code"], ("practitioner", "expert_by_experience")[i % 2])["token"]
                  for i in range(PROCESSES)]
        proposal = store.run(service.propose, tokens[0], edited([REWORD]), "p.yaml", "clearer")["proposal"]
    finally:
        store.close()
    # Separate processes, each with its own engine (a fork server shares no connection with this one),
    # all started before any of them is let go.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.workshops.at_once"])
    # A child re-runs the parent's __main__ first; after an AppTest in this process that is a studio page,
    # which the children must not run. pytest's own __main__ needs no re-running either.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    barrier, messages = context.Barrier(PROCESSES), context.Queue()
    children = [context.Process(target=at_once.command,
                                args=(database_url, ["vote", token, str(proposal), "support"], barrier, messages))
                for token in tokens]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    problems = []
    while not messages.empty():
        problems.append(messages.get())
    assert problems == [] and [child.exitcode for child in children] == [0] * PROCESSES
    result = ok(database_url, "results", made["facilitator_key"])["proposals"][0]
    assert result["ballots"] == PROCESSES and result["overall"] == {"support": PROCESSES, "neutral": 0, "oppose": 0}


HEAVY = ("alembic", "forms.diff", "forms.loader", "forms.burden", "networkx", "yaml", "workshops.proposals")
COMMANDS_THEN_MODULES = (
    "import contextlib, io, json, sys\nfrom workshops.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    codes = [main(['vote', sys.argv[1], sys.argv[2], 'support']), main(['results', sys.argv[3]])]\n"
    "print(json.dumps({'codes': codes, 'loaded': sorted(m for m in sys.modules if m.split('.')[0] in "
    "('alembic', 'networkx', 'yaml') or m in sys.argv[4:])}))\n")


def test_vote_and_results_load_neither_alembic_nor_the_form_reader_and_differ(database_url):
    """Start-up is mostly imports: a vote or results command on an up-to-date database never imports
    alembic (no upgrade is needed), the form loader, the differ (with networkx) or the YAML reader."""
    from workshops import service

    store = Store(database_url)
    try:
        made = store.run(service.create_workshop, "Quick", CASE_NOTE.read_text(encoding="utf-8"), "case-note.yaml")
        token = store.run(service.join, made["join_code"], "practitioner")["token"]
        proposal = store.run(service.propose, token, edited([REWORD]), "p.yaml", "clearer")["proposal"]
    finally:
        store.close()
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", COMMANDS_THEN_MODULES, token, str(proposal), made["facilitator_key"],
                           *HEAVY], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert json.loads(done.stdout) == {"codes": [0, 0], "loaded": []}, done.stderr
