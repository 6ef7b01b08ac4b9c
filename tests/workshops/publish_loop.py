"""Publishes new versions in a loop until killed: `python -m tests.workshops.publish_loop KEY TOKEN FOLDER`.

Each step proposes a reworded label, votes for it, accepts and publishes it (publishing first anything
accepted and not yet published by a run killed before). It prints "ready" once it has started, so the
test kills it while it works, not while Python starts.
"""

from __future__ import annotations

import contextlib
import secrets
import sys

from tests.workshops.conftest import case_note
from workshops import queries, service
from workshops.db import Store
from workshops.errors import WorkshopError


def main(key: str, token: str, folder: str) -> None:
    store = Store()
    print("ready", flush=True)
    while True:
        with contextlib.suppress(WorkshopError):  # WORKSHOP_008: nothing accepted was waiting
            store.run(service.publish, key, folder, close=False)
        latest = store.run(lambda s: queries.latest_version(s, "case-note"))
        text = latest.yaml_text if latest.version > 1 else case_note()
        start = text.index("label: Why we met")
        end = text.index("\n", start)
        changed = text[:start] + f"label: Why we met ({secrets.token_hex(4)})" + text[end:]
        proposal = store.run(service.propose, token, changed, "p.yaml", "step")["proposal"]
        store.run(service.vote, token, proposal, "support")
        store.run(service.decide, key, proposal, "accept", "step")
        store.run(service.publish, key, folder, close=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
