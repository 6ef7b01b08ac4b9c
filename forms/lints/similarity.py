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
that differ by two or more words on one side are not found. Long labels' keys are the XOR of
their word hashes (mixed with the set size), so a deletion key costs one XOR; candidates are
checked with the real Jaccard index, and a bucket keeps only its first few entries, since the
first asking is the one reported.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from functools import lru_cache, reduce
from operator import xor
from typing import Generic, NamedTuple, TypeVar

from forms.model import Placed

T = TypeVar("T")

NEAR = 0.9
MIN_WORDS = 4
_MIN_SHARED = 9  # the fewest words two different sets can share at Jaccard >= 0.9
# Two sets of one size n that share a key are equal, or differ by one word each way:
# Jaccard (n-1)/(n+1), which reaches 0.9 only from n = 19. Below that only equality counts.
_SAME_SIZE_NEAR = 19
_BUCKET = 8
_PUNCTUATION = re.compile(r"[^\w\s]+|_")


def question(item: Placed) -> str:
    """What a field asks, in words. Inside a repeating group a label is read under the group's
    ("People in the household" → "Name"), so "Name" of a household member and "Name" of a
    professional are different questions."""
    return f"{item.group.label}: {item.field.label}" if item.group is not None else item.field.label


def question_labels(placed: list[Placed]) -> list[Label | None]:
    """Each field's question prepared for comparison; None for guidance, which asks nothing."""
    return [None if item.field.type == "guidance" else prepare(question(item)) for item in placed]


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
    # The set size is mixed into the key so sets of different sizes rarely share a bucket.
    smaller = whole ^ _size_mix(size - 1)
    return Label(label, normal, tokens, (whole ^ _size_mix(size), *[smaller ^ h for h in hashes]))


@lru_cache(maxsize=256)
def _size_mix(size: int) -> int:
    return hash(("size", size))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return shared / union if union else 1.0


class LabelIndex(Generic[T]):
    """Labels seen so far, each with an item; finds the first item asking the same question.

    Labels are numbered in the order added; buckets hold those numbers (a bare number while a
    bucket has one entry, which most have), not tuples: on a big form that is tens of thousands
    fewer objects for the garbage collector to walk.
    """

    __slots__ = ("_exact", "_items", "_near", "_tokens")

    def __init__(self) -> None:
        self._exact: dict[str, int] = {}
        self._near: dict[Hashable, int | list[int]] = {}
        self._items: list[T] = []
        self._tokens: list[frozenset[str]] = []

    def find(self, label: Label) -> T | None:
        """The earliest item asking the same question: the same label or a near duplicate."""
        best = self._exact.get(label.normal)
        near = self._near
        tokens = label.tokens
        size = len(tokens)
        for key in label.keys:
            bucket = near.get(key)
            if bucket is None:
                continue
            # Buckets are in the order labels were added: the first match in one is its earliest.
            for seq in (bucket,) if isinstance(bucket, int) else bucket:
                if best is not None and seq >= best:
                    break
                other = self._tokens[seq]
                if len(other) == size and size < _SAME_SIZE_NEAR and other != tokens:
                    continue  # one word different each way: too far apart at this length
                if jaccard(tokens, other) >= NEAR:
                    best = seq
                    break
        return self._items[best] if best is not None else None

    def add(self, label: Label, item: T) -> None:
        """Remember a label (the first item per label and per bucket is the one kept)."""
        if not label.normal:
            return
        seq = len(self._items)
        self._items.append(item)
        self._tokens.append(label.tokens)
        self._exact.setdefault(label.normal, seq)
        near = self._near
        for key in label.keys:
            bucket = near.get(key)
            if bucket is None:
                near[key] = seq
            elif isinstance(bucket, int):
                near[key] = [bucket, seq]
            elif len(bucket) < _BUCKET:
                bucket.append(seq)
