"""Signed-in facilitators: an account acts on its own workshops only; keys still work; tokens never do."""

from __future__ import annotations

import dataclasses

import pytest

from tests.workshops.conftest import CASE_NOTE, REWORD, case_note, edited
from workshops import access, participation, service
from workshops.access import SignedIn
from workshops.errors import WorkshopError

ISSUER = "https://login.example.org"
ALICE = access.account(ISSUER, "alice-0001")
BOB = access.account(ISSUER, "bob-0002")


def refused(store, operation, *args, **kwargs) -> list[str]:
    with pytest.raises(WorkshopError) as caught:
        store.run(operation, *args, **kwargs)
    return [issue.code for issue in caught.value.issues]


@pytest.fixture
def owned(store):
    """A workshop Alice made while signed in, an expert who joined it and a proposal to decide."""
    made = store.run(service.create_workshop, "Alice's review", case_note(), str(CASE_NOTE), quorum=1, owner=ALICE)
    expert = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")["token"]
    proposal = store.run(service.propose, expert, edited([REWORD]), "p.yaml", "clearer")["proposal"]
    store.run(service.vote, expert, proposal, "support")
    return {**made, "expert": expert, "proposal": proposal}


def test_an_account_is_its_issuer_and_subject_never_its_email():
    assert access.account(" https://login.example.org ", "alice-0001") == "https://login.example.org|alice-0001"
    # The same subject at another provider is another person.
    assert access.account("https://other.example.org", "alice-0001") != ALICE
    for issuer, subject in [("", "alice-0001"), (ISSUER, ""), (None, "x"), (ISSUER, "x" * 600)]:
        with pytest.raises(ValueError):
            access.account(issuer, subject)


def test_the_owner_runs_the_whole_workshop_without_the_key(store, owned, tmp_path):
    me = SignedIn(ALICE, owned["workshop"], name="Alice  Example")
    assert store.run(service.results, me)["title"] == "Alice's review"
    assert store.run(participation.participation, me)["status"] == "open"
    decided = store.run(service.decide, me, owned["proposal"], "accept", "Agreed by the group")
    assert (decided["outcome"], decided["decided_by"]) == ("accepted", "Alice Example")
    assert store.run(service.publish, me, tmp_path)["version"] == 3
    assert store.run(participation.set_status, me, "closed")["status"] == "closed"


def test_another_account_is_refused_every_facilitator_power(store, owned, tmp_path):
    stranger = SignedIn(BOB, owned["workshop"])
    assert refused(store, service.results, stranger) == ["WORKSHOP_018"]
    assert refused(store, service.decide, stranger, owned["proposal"], "accept", "mine") == ["WORKSHOP_018"]
    assert refused(store, service.publish, stranger, tmp_path / "published") == ["WORKSHOP_018"]
    assert refused(store, participation.set_status, stranger, "closed") == ["WORKSHOP_018"]
    assert refused(store, participation.participation, stranger) == ["WORKSHOP_018"]
    assert not (tmp_path / "published").exists()  # nothing was published


@pytest.mark.parametrize("credential", [
    SignedIn(ALICE, 999),  # a workshop that does not exist is refused like someone else's
    SignedIn(ALICE, None),
    SignedIn("", 1),
    SignedIn(ALICE.upper(), 1),  # identities are compared exactly
    SignedIn(access.account("https://other.example.org", "alice-0001"), 1),
], ids=["missing", "no-workshop", "empty-owner", "case", "other-issuer"])
def test_only_the_exact_owner_of_an_existing_workshop_is_let_in(store, owned, credential):
    assert owned["workshop"] == 1
    assert refused(store, service.results, credential) == ["WORKSHOP_018"]


def test_a_workshop_made_with_a_key_has_no_owner_and_no_account_opens_it(store):
    made = store.run(service.create_workshop, "From the command line", case_note(), str(CASE_NOTE))
    assert refused(store, service.results, SignedIn(ALICE, made["workshop"])) == ["WORKSHOP_018"]
    assert refused(store, service.results, SignedIn("", made["workshop"])) == ["WORKSHOP_018"]
    assert store.run(service.results, made["facilitator_key"])["workshop"] == made["workshop"]
    assert store.run(service.workshops_of, ALICE) == []


def test_the_key_of_an_owned_workshop_still_opens_it(store, owned):
    assert store.run(service.results, owned["facilitator_key"])["workshop"] == owned["workshop"]


@pytest.mark.parametrize("credential", ["", "   ", None, 1, {"owner": ALICE, "workshop_id": 1}, ("x", 1)])
def test_anything_but_a_key_or_a_signed_in_account_is_refused(store, owned, credential):
    assert refused(store, service.results, credential) == ["WORKSHOP_001"]


def test_a_participant_token_opens_no_facilitator_power_even_for_the_owners_workshop(store, owned):
    token = owned["expert"]
    assert refused(store, service.results, token) == ["WORKSHOP_001"]
    assert refused(store, service.decide, token, owned["proposal"], "accept", "mine") == ["WORKSHOP_001"]
    assert refused(store, service.results, SignedIn(token, owned["workshop"])) == ["WORKSHOP_018"]


def test_a_signed_in_credential_cannot_be_changed_after_it_is_built():
    me = SignedIn(ALICE, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        me.owner = BOB  # type: ignore[misc]


def test_an_account_lists_its_own_workshops_newest_first_and_nobody_elses(store, owned):
    second = store.run(service.create_workshop, "Second", case_note(), str(CASE_NOTE), owner=ALICE)
    store.run(service.create_workshop, "Bob's", case_note(), str(CASE_NOTE), owner=BOB)
    store.run(service.create_workshop, "Keyed", case_note(), str(CASE_NOTE))
    mine = store.run(service.workshops_of, ALICE, read_only=True)
    assert [(w["workshop"], w["title"], w["status"], w["join_code"]) for w in mine] == [
        (second["workshop"], "Second", "open", second["join_code"]),
        (owned["workshop"], "Alice's review", "open", owned["join_code"])]
    assert all(isinstance(w["created"], str) for w in mine)
    assert [w["title"] for w in store.run(service.workshops_of, BOB)] == ["Bob's"]
    assert store.run(service.workshops_of, "") == []
    assert store.run(service.workshops_of, access.account(ISSUER, "carol")) == []
