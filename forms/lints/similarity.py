"""Finding a question asked before: the same label, or a near duplicate, in linear time.

Same: labels equal once lower-cased with punctuation and extra spaces removed. Near
duplicate: labels of 4 or more words whose sets of words overlap by a Jaccard index of 0.9 or
more ("Who lives at home with you" / "Who lives with you at home").

Comparing every pair would be quadratic (12.5 million pairs for 5,000 fields), so labels are
bucketed by keys that near duplicates must share. Two different word sets with Jaccard ≥ 0.9
share at least 9 words (9/10 is the smallest such ratio), so shorter labels can only match
with equal word sets: one key, the set itself. Longer labels also get one key per word left
out ("deletion keys"), so two sets that differ by at most one word on each side share a key.
That is exact below 18 shared words; longer labels (over ~120 characters, themselves a lint)
that differ by two or more words on one side are not found. Long labels' keys are (size, XOR
of word hashes), so a deletion key costs one XOR; candidates are checked with the real
Jaccard index, and a bucket keeps only its first few entries, since the first asking is the
one reported.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from functools import reduce
from operator import xor
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")

NEAR = 0.9
MIN_WORDS = 4
_MIN_SHARED = 9  # the fewest words two different sets can share at Jaccard >= 0.9
_BUCKET = 8
_PUNCTUATION = re.compile(r"[^\w\s]+|_")


def words(label: str) -> list[str]:
    """A label's words: lower case, punctuation removed."""
    return _PUNCTUATION.sub(" ", label.lower()).split()


def normalise(label: str) -> str:
    """A label reduced for equality: lower case, no punctuation, single spaces."""
    return " ".join(words(label))


class Label(NamedTuple):
    """A label prepared for lookups: its normal form, its word set and its bucket keys."""

    text: str
    normal: str
    tokens: frozenset[str]
    keys: tuple[Hashable, ...]


_NO_WORDS: frozenset[str] = frozenset()


def prepare(label: str) -> Label:
    found = words(label)
    normal = " ".join(found)
    if len(found) < MIN_WORDS:
        return Label(label, normal, _NO_WORDS, ())
    tokens = frozenset(found)
    size = len(tokens)
    if size < _MIN_SHARED:
        # Only an equal word set can be a near duplicate: the set itself is the key.
        return Label(label, normal, tokens, (tokens,))
    hashes = list(map(hash, tokens))
    whole = reduce(xor, hashes)
    return Label(label, normal, tokens, ((size, whole), *[(size - 1, whole ^ h) for h in hashes]))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


class LabelIndex(Generic[T]):
    """Labels seen so far, each with an item; finds the first item asking the same question."""

    __slots__ = ("_exact", "_near", "_count")

    def __init__(self) -> None:
        self._exact: dict[str, T] = {}
        self._near: dict[Hashable, list[tuple[int, frozenset[str], T]]] = {}
        self._count = 0

    def exact(self, label: Label) -> T | None:
        """The first item with the same label (normalised)."""
        return self._exact.get(label.normal)

    def near(self, label: Label) -> T | None:
        """The earliest item whose label is a near duplicate (not checked for exact equality)."""
        best: tuple[int, T] | None = None
        for key in label.keys:
            for seq, tokens, item in self._near.get(key, ()):
                if (best is None or seq < best[0]) and jaccard(label.tokens, tokens) >= NEAR:
                    best = (seq, item)
        return best[1] if best else None

    def find(self, label: Label) -> T | None:
        """The first item asking the same question: same label, else a near duplicate."""
        found = self.exact(label)
        return found if found is not None else self.near(label)

    def add(self, label: Label, item: T) -> None:
        """Remember a label (the first item per label and per bucket is the one kept)."""
        if not label.normal:
            return
        self._exact.setdefault(label.normal, item)
        self._count += 1
        for key in label.keys:
            bucket = self._near.setdefault(key, [])
            if len(bucket) < _BUCKET:
                bucket.append((self._count, label.tokens, item))
