"""The sample early help workshop: replayed through the service, it publishes the shipped version 4,
and the exported records show the decisions, tallies by constituency and what the change saves."""

from __future__ import annotations

from exporter.base import Subject
from exporter.formats import FORMATS
from forms.burden import form_burden
from forms.loader import load_file, shipped_forms
from tests.conftest import ROOT
from workshops.records import records_for
from workshops.samples import main, replay

SAMPLE = ROOT / "samples" / "early-help-workshop"


def test_replaying_the_record_publishes_the_shipped_co_produced_version(store, tmp_path):
    done = replay(store, SAMPLE / "workshop.yaml", tmp_path)
    assert done["decisions"] == [(1, "accepted"), (2, "accepted"), (3, "rejected")]
    published = (tmp_path / "early-help-assessment-v4.yaml").read_text(encoding="utf-8")
    assert published == (SAMPLE / "early-help-assessment-v4.yaml").read_text(encoding="utf-8")
    before, after = shipped_forms()["early-help-assessment"], load_file(SAMPLE / "early-help-assessment-v4.yaml")
    assert after.issues == ()  # valid and without a single warning (its budget of 60 minutes holds)
    assert (before.version, after.form.version, after.form.budget_minutes) == (3, 4, 60)
    assert round(form_burden(before).practitioner_minutes) == 119
    assert round(form_burden(after.form).practitioner_minutes) == 42


def test_the_exported_records_show_the_saving_and_the_tallies_by_constituency(store, tmp_path):
    replay(store, SAMPLE / "workshop.yaml", tmp_path)
    notes, decisions = store.run(records_for, "early-help-assessment", 4, read_only=True)
    assert [n.version for n in notes] == [4, 3]
    assert "This version saves about 76 practitioner minutes per assessment" in notes[0].summary
    assert notes[1].summary == "The version the first workshop started from."
    first, second = decisions  # the rejected proposal made nothing in this version, so it is not listed
    assert first.proposed_by == "Grace (expert by experience)" and first.review_on == "2027-06-01"
    assert first.tallies["expert_by_experience"]["support"] == 5 and first.tallies["practitioner"]["support"] == 4
    assert second.proposed_by == "Amira (practitioner)"
    assert [s.kind for s in second.signals] == ["legal"]
    spec = FORMATS["markdown"].export(Subject(load_file(SAMPLE / "early-help-assessment-v4.yaml").form,
                                              changelog=notes, decisions=decisions)).files[0].data.decode()
    assert "saves about 76 practitioner minutes" in spec
    assert "| Expert by experience | 5 | 0 | 0 |" in spec and "| Practitioner | 4 | 1 | 0 |" in spec


def test_the_command_prints_what_it_published_and_a_missing_file_is_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'w.sqlite3'}")
    assert main([str(SAMPLE / "workshop.yaml"), "--out", str(tmp_path / "out")]) == 0
    assert '"version": 4' in capsys.readouterr().out
    assert main([str(tmp_path / "no-such-record.yaml")]) == 1
    assert "cannot be replayed" in capsys.readouterr().err
