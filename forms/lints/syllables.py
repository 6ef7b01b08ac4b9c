"""Syllables per word, counted as textstat 0.7.8 counts them, from a compact table read a line at a time.

textstat counts a word's syllables from the CMU Pronouncing Dictionary (the stress marks of
its first pronunciation) and, for words not in it, from Pyphen's hyphenation points plus one.
We use the same two sources, but the dictionary comes as a word → count table shipped beside
this module (`syllables.txt`, made by `python -m forms.lints.make_syllables`, CMU's licence in its
header). Parsing the whole dictionary took 0.3–0.8 s at every start of `python -m forms validate`;
the table is grouped by the words' first two letters, and only the groups of words actually met
are parsed (a fraction of a millisecond each). Pyphen is imported only for a word the table lacks.

One difference from textstat, on purpose: Pyphen takes time in proportion to a word's length
(a 5 MB "word" took 16–38 s), so a word longer than MAX_HYPHENATED characters is counted from
its first MAX_HYPHENATED characters, scaled to its length. No English word is that long (the
dictionary's longest has 28 letters), so real text scores exactly as textstat scores it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

TABLE = Path(__file__).with_name("syllables.txt")
MAX_HYPHENATED = 64

# What textstat removes from a word before looking it up: all punctuation (hyphens too) except
# apostrophes inside contractions ("don't" stays, "'quoted'" loses its quotes).
_NOT_WORD = re.compile(r"[^\w']")
_WORD_CHAR = re.compile(r"\w")


@functools.cache
def _lines() -> dict[str, str]:
    """First two letters → that group's line of the table, not yet parsed (reading the file: ~1 ms)."""
    text = TABLE.read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))


@functools.cache
def _group(prefix: str) -> dict[str, int]:
    """Word → syllables for the words starting with `prefix` (a few hundred at most)."""
    out: dict[str, int] = {}
    line = _lines().get(prefix)
    if line:
        for part in line.split("|"):
            count, _, words = part.partition(" ")
            out.update(dict.fromkeys(words.split(), int(count)))
    return out


def in_dictionary(word: str) -> int | None:
    """Syllables of a lower-case word in the CMU dictionary's first pronunciation; None if it is not there."""
    return _group(word[:2]).get(word)


@functools.cache
def _hyphenator():  # type: ignore[no-untyped-def]
    import pyphen  # textstat's fallback for words the dictionary does not know

    return pyphen.Pyphen(lang="en_US")


def is_word(token: str) -> bool:
    """True when the token holds a word (syllables() > 0), decided without any dictionary.

    What is left after removing all but word characters and apostrophes, then the apostrophes at
    either end, is empty exactly when the token holds no word character at all.
    """
    return _WORD_CHAR.search(token) is not None


@functools.lru_cache(maxsize=1 << 16)
def syllables(token: str) -> int:
    """Syllables in one lower-case token (punctuation around it is ignored); 0 if it is no word."""
    word = _NOT_WORD.sub("", token).strip("'")
    if not word:
        return 0
    known = in_dictionary(word)
    if known is not None:
        return max(known, 1)  # a word has a syllable, even "hmm" (no stress mark in the dictionary)
    if len(word) > MAX_HYPHENATED:
        head = len(_hyphenator().positions(word[:MAX_HYPHENATED])) + 1
        return max(1, round(head * len(word) / MAX_HYPHENATED))
    return len(_hyphenator().positions(word)) + 1
