"""What exported records say of the people in a workshop: names only with consent, in a named workshop."""

from __future__ import annotations

import pytest

from forms.decision_log import SignalNote
from tests.workshops.conftest import REWORD, case_note, edited
from tests.workshops.test_service import refused
from workshops import participation, service
from workshops.records import records_for


@pytest.mark.parametrize(("anonymity", "attribution", "shown"), [
    ("named", "named", "Sam Okafor (expert by experience)"),
    ("named", "anonymous", "an expert by experience"),  # no consent: the group only
    ("pseudonymous", "named", "an expert by experience"),  # a chosen name means nothing outside the room
    ("secret", "named", "an expert by experience"),
])
def test_the_decision_log_names_a_proposer_only_with_consent_in_a_named_workshop(store, tmp_path, anonymity,
                                                                                  attribution, shown):
    made = store.run(service.create_workshop, "Records", case_note(), "case-note.yaml", quorum=1,
                     anonymity=anonymity)
    token = store.run(service.join, made["join_code"], "expert_by_experience", " Sam Okafor ",
                      attribution=attribution)["token"]
    number = store.run(service.propose, token, edited([REWORD]), "p.yaml", "plainer")["proposal"]
    store.run(service.vote, token, number, "support")
    store.run(service.decide, made["facilitator_key"], number, "accept", "Agreed.")
    published = store.run(service.publish, made["facilitator_key"], tmp_path)
    _notes, decisions = store.run(records_for, "case-note", published["version"], read_only=True)
    assert [d.proposed_by for d in decisions] == [shown]


def test_anonymity_is_one_of_the_three_modes(store):
    with pytest.raises(ValueError):
        store.run(service.create_workshop, "W", case_note(), "case-note.yaml", anonymity="public")
    with pytest.raises(ValueError):
        store.run(service.create_workshop, "W", case_note(), "case-note.yaml", secret=True, anonymity="named")
    assert refused(store, service.create_workshop, "W", case_note(), "case-note.yaml", method="dots",
                   anonymity="secret") == ["WORKSHOP_012"]


def test_the_decision_log_shows_signals_with_notes_and_only_groups_of_three_or_more(store, tmp_path):
    made = store.run(service.create_workshop, "Signals", case_note(), "case-note.yaml", quorum=1)
    key = made["facilitator_key"]

    def person(constituency: str, name: str = "", attribution: str = "anonymous") -> str:
        return store.run(service.join, made["join_code"], constituency, name, attribution=attribution)["token"]

    experts = [person("expert_by_experience") for _ in range(3)]
    practitioners = [person("practitioner") for _ in range(3)]
    support_staff = person("business_support")
    vendor, manager = person("vendor", "Ada at Acme", "named"), person("manager", "Lee", "anonymous")
    number = store.run(service.propose, experts[0], edited([REWORD]), "p.yaml", "plainer")["proposal"]
    for token in [*experts, *practitioners[:2]]:
        store.run(service.vote, token, number, "support")
    store.run(service.vote, practitioners[2], number, "oppose")
    store.run(service.vote, support_staff, number, "support")
    store.run(participation.signal, vendor, number, "feasibility", "needs_work", "A new list in <our> system")
    store.run(participation.signal, manager, number, "legal", "no_concern")
    store.run(service.decide, key, number, "accept", "Agreed.")
    published = store.run(service.publish, key, tmp_path)
    _notes, (decision,) = store.run(records_for, "case-note", published["version"], read_only=True)
    assert decision.signals == (
        SignalNote("feasibility", "needs_work", "A new list in <our> system", "Ada at Acme (vendor)"),
        SignalNote("legal", "no_concern", "", "a manager"))
    # The lone business-support ballot is never shown on its own, and nothing is lost by folding.
    assert all(sum(counts.values()) >= 3 for counts in decision.tallies.values())
    assert "business_support" not in decision.tallies
    assert sum(n for counts in decision.tallies.values() for n in counts.values()) == 7
    assert decision.tallies["expert_by_experience"] == {"support": 3, "neutral": 0, "oppose": 0}
