"""Workshop test fixtures: a fresh database per test, on SQLite always and on PostgreSQL when asked.

The PostgreSQL variant exists when COFORM_TEST_POSTGRES_URL is set (for example
postgresql://coform:coform@localhost/coform_test) or tests/setup.sh has written the URL of the
server it started to tests/.postgres-url; the parameter is simply not generated otherwise. Each PostgreSQL test gets a schema of its own, dropped after.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT
from workshops import service
from workshops.db import Store
from workshops.db import database_url as normalised

# tests/setup.sh starts Debian's PostgreSQL and writes its URL here, so CI runs every store test
# on both databases; the environment variable, when set, names another server.
URL_FILE = ROOT / "tests" / ".postgres-url"
POSTGRES = os.environ.get("COFORM_TEST_POSTGRES_URL") or (
    URL_FILE.read_text(encoding="utf-8").strip() if URL_FILE.exists() else None)
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES else [])
CASE_NOTE = ROOT / "forms" / "library" / "case-note.yaml"


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path: Path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
        return
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(normalised(POSTGRES))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES else "?"
    yield f"{POSTGRES}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def store(database_url):
    opened = Store(database_url)
    yield opened
    opened.close()


def case_note() -> str:
    return CASE_NOTE.read_text(encoding="utf-8")


def edited(replacements: list[tuple[str, str]], text: str | None = None) -> str:
    """The case note with exact snippets replaced (each must be present: a typo fails loudly)."""
    text = case_note() if text is None else text
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


REWORD = ("label: Why we met\n", "label: Why we met today\n")
DROP_PERFORMANCE = ("""      - id: written_up_date
        label: Date this note was written
        type: date
        purpose: performance
        completed_by: system
""", "")


@pytest.fixture
def workshop(store):
    """A workshop on the case note (quorum 2) with an expert by experience and a practitioner."""
    made = store.run(service.create_workshop, "Case note review", case_note(), str(CASE_NOTE), quorum=2)
    expert = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")
    worker = store.run(service.join, made["join_code"], "practitioner", "Alex")
    return {**made, "expert": expert["token"], "worker": worker["token"]}
