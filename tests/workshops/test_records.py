"""What exported records say of the people in a workshop: names only with consent, in a named workshop."""

from __future__ import annotations

import pytest

from tests.workshops.conftest import REWORD, case_note, edited
from tests.workshops.test_service import refused
from workshops import service
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
