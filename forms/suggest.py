""""Did you mean" suggestions for near misses of keys, values and ids."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(word: object, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a misspelt word, if one is close enough to be the intended one."""
    if not isinstance(word, str) or not word:
        return None
    pool = list(candidates)
    lowered = word.lower()
    for candidate in pool:
        if candidate.lower() == lowered or candidate.lower().replace("_", " ") == lowered.replace("_", " "):
            return candidate
    found = get_close_matches(word, pool, n=1, cutoff=0.72)
    return found[0] if found else None


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """A sentence to append to a message: " Did you mean 'x'?" or nothing."""
    match = closest(word, candidates)
    return f". Did you mean '{match}'?" if match else ""
