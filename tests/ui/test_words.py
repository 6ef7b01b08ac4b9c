"""Issue 13.2: the studio's words live in one place (ui/words.py), so a Welsh studio can be added as data."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from ui import words
from ui.words import ENGLISH, word

# word("key") and word("key" if x else "other") name their keys literally; word(f"family.{x}") names a family.
LITERAL = re.compile(r"""word\(\s*(?:"([a-z_.]+)"(?:\s+if\s+.+?\s+else\s+"([a-z_.]+)")?|f"([a-z_.]+)\{)""")


def used_keys() -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    families: set[str] = set()
    for path in (ROOT / "ui").glob("*.py"):
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            first, second, family = match.groups()
            keys.update(k for k in (first, second) if k)
            if family:
                families.add(family)
    return keys, families


def test_every_key_a_screen_asks_for_has_words_and_every_word_is_used():
    keys, families = used_keys()
    assert {"preview.language", "guided.label", "preview.yes"} <= keys  # the scan finds the screens' keys
    assert keys - set(ENGLISH) == set()
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ui").glob("*.py") if p.name != "words.py")
    # A key is used when a screen names it in quotes (some choose the key in a table first) or by its family.
    unused = {k for k in ENGLISH if f'"{k}"' not in sources and not any(k.startswith(f) for f in families)}
    assert unused == set()


def test_facts_fill_their_places_and_braces_in_peoples_text_stay_as_typed():
    assert word("preview.item_of", number=2, count=3) == "Item 2 of 3"
    assert word("preview.add_item", label="Pets {name}") == "Add an item to Pets {name}"


def test_a_studio_language_is_data_and_a_word_not_yet_translated_falls_back_to_english(monkeypatch):
    monkeypatch.setitem(words.STUDIO, "cy", {"preview.language": "Iaith"})
    monkeypatch.setattr(words, "STUDIO_LANGUAGE", "cy")
    assert word("preview.language") == "Iaith"
    assert word("guided.hint") == "Hint (optional)"
