"""Credentials: join codes, facilitator keys, signed-in accounts and participant tokens, and their checks.

Every action names its credential and is checked here, on the server, every time. A facilitator
acts with the workshop's key or, where the studio has an OpenID Connect provider, as the signed-in
account that owns the workshop (`SignedIn`, built by the studio from the provider's verified
identity, never from anything a browser sends). Keys and tokens
are stored only as SHA-256 hashes (they are long random strings, so a plain hash is enough; a slow
password hash would only slow every vote). Join codes are short enough to read out in a room but
hold 50 bits, use no look-alike characters, and wrong guesses are counted per client and slowed:
after a few, every code that client types waits a little longer before it is checked (never refused,
so the right code still works for a room that shares one address with someone guessing).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.errors import Code
from workshops.db import PAUSE
from workshops.errors import WrongJoinCode, refuse
from workshops.schema import OWNER_LENGTH, JoinAttempt, Participant, Workshop, now

# Digits and capitals without 0/O, 1/I (look-alikes) : 32 symbols, 5 bits each.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 50 bits
FREE_GUESSES = 3  # wrong codes per client (typos) before anything slows down ...
GUESS_WINDOW_MINUTES = 10  # ... counted over this many minutes
FIRST_DELAY = 0.5  # seconds before the next code is checked, doubling with each wrong code ...
MAX_DELAY = 5.0  # ... up to this: a person behind the same address as a guesser waits at most this long
SLEEP = time.sleep  # tests replace it, so they never wait for real


def digest(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode("utf-8")).hexdigest()


def new_join_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def show_join_code(code: str) -> str:
    """Two groups of five, easier to read out and to type."""
    return f"{code[:5]}-{code[5:]}"


def normalise_join_code(typed: str) -> str:
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def new_facilitator_key() -> str:
    return "fk_" + secrets.token_urlsafe(24)


def new_participant_token() -> str:
    return "pt_" + secrets.token_urlsafe(24)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A facilitator signed in with an organisation account, acting on one workshop (None: no workshop yet).

    `owner` is `account(issuer, subject)` of the identity the provider vouched for; the studio
    builds it on the server from `st.user` on every run, so a browser cannot choose it.
    """

    owner: str
    workshop_id: int | None = None
    name: str = field(default="", compare=False)  # the person's name or email, for "who decided"; never checked


Credential = str | SignedIn  # what every facilitator action is given


def decider(credential: Credential) -> str:
    """Who decided, for the decision record: the signed-in person, or the holder of the workshop's key."""
    if isinstance(credential, SignedIn) and credential.name.strip():
        return " ".join(credential.name.split())[:64]
    return "the facilitator (signed in)" if isinstance(credential, SignedIn) else "the facilitator (with the key)"



def account(issuer: str, subject: str) -> str:
    """The stable identity of an account: issuer and subject (an email can be reassigned, so never that)."""
    issuer, subject = str(issuer or "").strip(), str(subject or "").strip()
    if not issuer or not subject:
        raise ValueError("the identity provider gave no issuer or subject for this account")
    owner = f"{issuer}|{subject}"
    if len(owner) > OWNER_LENGTH:
        raise ValueError(f"the account's identity is longer than {OWNER_LENGTH} characters")
    return owner


def facilitator(session: Session, credential: Credential) -> Workshop:
    """The workshop this facilitator key opens (else WORKSHOP_001), or the signed-in account's own
    workshop (else WORKSHOP_018). Anything else, a participant token included, opens nothing."""
    if isinstance(credential, SignedIn):
        return _owned(session, credential)
    if not isinstance(credential, str) or not credential.strip():
        raise refuse(Code.WORKSHOP_BAD_KEY, "FACILITATOR_KEY")
    workshop = session.scalar(select(Workshop).where(Workshop.facilitator_key_hash == digest(credential)))
    if workshop is None:
        raise refuse(Code.WORKSHOP_BAD_KEY, "FACILITATOR_KEY")
    return workshop


def _owned(session: Session, credential: SignedIn) -> Workshop:
    number = credential.workshop_id
    workshop = session.get(Workshop, number) if type(number) is int else None
    # The same refusal whether the workshop is missing or someone else's: ids are not confirmed to strangers.
    if workshop is None or not credential.owner or workshop.owner != credential.owner:
        raise refuse(Code.WORKSHOP_NOT_YOURS, "ACCOUNT", workshop=number)
    return workshop


def participant(session: Session, token: str) -> Participant:
    """The participant this token names, or WORKSHOP_002."""
    found = session.scalar(select(Participant).where(Participant.token_hash == digest(token)))
    if found is None:
        raise refuse(Code.WORKSHOP_BAD_TOKEN, "TOKEN")
    return found


def guess_delay(wrong: int) -> float:
    """Seconds a client with WRONG recent wrong codes waits before its next code is checked."""
    if wrong < FREE_GUESSES:
        return 0.0
    return min(MAX_DELAY, FIRST_DELAY * 2 ** (wrong - FREE_GUESSES))


def workshop_by_code(session: Session, typed: str, client: str) -> Workshop:
    """The open workshop with this code. Wrong codes are counted per client; a client that has typed
    several waits `guess_delay` seconds before any code of theirs is checked, the right one included
    (so the wait limits guessing), but no code is ever refused for it (README: the arithmetic).
    Call it first in a transaction: the wait ends the transaction so far, to hold no lock meanwhile."""
    since = now() - timedelta(minutes=GUESS_WINDOW_MINUTES)
    wrong = session.scalar(select(func.count()).select_from(JoinAttempt)
                           .where(JoinAttempt.client == client[:64], JoinAttempt.at >= since)) or 0
    wait = guess_delay(wrong)
    if wait:
        session.rollback()  # on SQLite this transaction holds the write lock: every vote would wait too
        pause = session.info.get(PAUSE)  # ... and so would the studio's other writers, queued in the Store
        if pause is not None:
            pause(wait, SLEEP)
        else:
            SLEEP(wait)
    code = normalise_join_code(typed)
    workshop = session.scalar(select(Workshop).where(Workshop.join_code == code, Workshop.status != "closed"))
    if workshop is None:
        session.add(JoinAttempt(client=client[:64]))
        raise WrongJoinCode(Code.WORKSHOP_BAD_JOIN_CODE.issue("JOIN_CODE", 0, 0, code=typed.strip()[:20]))
    return workshop
