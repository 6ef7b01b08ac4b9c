"""Words to avoid (LINT_003), language that labels people (LINT_004) and unexplained acronyms (LINT_005)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from forms.errors import Code, Issue
from forms.lints.text import Passage, TextItem
from forms.lints.wordlists import AVOID, DEFICIT, DEFICIT_ACRONYMS, EMPHASIS, KNOWN_ACRONYMS, Entry

_PUNCTUATION = ".,;:!?\"'()[]{}<>“”‘’…–—*•"
_PARTS = re.compile(r"[-'’/]")  # anchors are looked for in each part of "ring-fencing", "child's"
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_FOLLOWED_BY_BRACKET = re.compile(r"\s*\(")


class WordList:
    """A word list compiled once: a regex per entry, and one regex for all their anchor words.

    Why not one big alternation for the whole list: Python's regex engine tries every branch at
    every character, about 0.3 µs a character (30 ms for the text of a 1,000-field form),
    while a pattern that starts with a literal word is found by a fast substring search, a
    hundred times quicker. So each entry is its own regex, with no leading \\b (that would
    switch the fast search off; the word boundary before a match is checked by hand), run on
    the lower-cased text, and only when its anchor word is among the passage's words.
    """

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self.patterns = [re.compile(rf"(?:{e.pattern})\b") for e in entries]
        self.folded = [re.compile(rf"(?:{e.pattern})\b", re.IGNORECASE) for e in entries]
        self._anchors = [re.compile(e.anchor or e.pattern) for e in entries]
        self._any_anchor = re.compile("|".join(f"(?:{e.anchor or e.pattern})" for e in entries))
        self.anchored = lru_cache(maxsize=1 << 14)(self._entries_anchored)

    def _entries_anchored(self, token: str) -> tuple[int, ...]:
        """The entries whose anchor is this token (or a part of it: "ring-fencing", "child's")."""
        parts = _PARTS.split(token.strip(_PUNCTUATION))
        if not any(self._any_anchor.fullmatch(part) for part in parts):
            return ()
        return tuple(i for i, anchor in enumerate(self._anchors) if any(anchor.fullmatch(p) for p in parts))

    def find(self, passage: Passage) -> Iterator[tuple[TextItem, Entry]]:
        """(item, entry) for each entry found in an item, once per item and entry."""
        present = sorted(set().union(*map(self.anchored, set(passage.tokens))))
        if not present:
            return
        text = passage.text.lower()
        # Lower-casing keeps positions except for a few letters (Turkish İ): then match the
        # original text case-insensitively, which is slower but right.
        patterns = self.patterns if len(text) == len(passage.text) else self.folded
        if patterns is self.folded:
            text = passage.text
        taken: set[int] = set()  # positions inside a match already reported
        for i in present:
            seen: set[int] = set()
            # Items are joined with full stops, so a phrase never spans two of them.
            for match in patterns[i].finditer(text):
                start, end = match.span()
                if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                    continue  # inside a longer word: not a whole-word match
                if start in taken or end - 1 in taken:
                    continue  # part of a phrase found already ("LAC review", not also "LAC")
                taken.update(range(start, end))
                item_index = bisect_right(passage.starts, start) - 1
                if item_index not in seen:
                    seen.add(item_index)
                    yield passage.items[item_index], self.entries[i]


_AVOID = WordList(AVOID)
_DEFICIT = WordList(DEFICIT)


def check_avoid_words(passages: list[Passage]) -> list[Issue]:
    """LINT_003: GOV.UK words to avoid, with a plain alternative."""
    issues = []
    for passage in passages:
        for item, entry in _AVOID.find(passage):
            issues.append(Code.LINT_AVOID_WORD.issue(
                "", *item.loc, where=item.where, word=entry.word, instead=entry.instead))
    return issues


def check_deficit_language(passages: list[Passage]) -> list[Issue]:
    """LINT_004: language that labels people (TACT, Language that cares)."""
    issues = []
    for passage in passages:
        for item, entry in _DEFICIT.find(passage):
            issues.append(Code.LINT_DEFICIT_LANGUAGE.issue(
                "", *item.loc, where=item.where, phrase=entry.word, instead=entry.instead))
    return issues


def check_acronyms(passages: list[Passage]) -> list[Issue]:
    """LINT_005: an acronym used before it is spelled out, reported once, where it is first used.

    Spelled out means written next to its expansion, either way round: "Education, Health and
    Care Plan (EHCP)" or "EHCP (Education, Health and Care Plan)". Passages come in document
    order, so "earlier" is earlier in the file, across sections.
    """
    issues = []
    done = set(KNOWN_ACRONYMS | EMPHASIS | DEFICIT_ACRONYMS)
    for passage in passages:
        text = passage.text
        for match in _ACRONYM.finditer(text):
            acronym = match.group()
            if acronym in done:
                continue
            done.add(acronym)
            start, end = match.span()
            if (text[start - 1:start] == "(" and text[end:end + 1] == ")") or _FOLLOWED_BY_BRACKET.match(text, end):
                continue
            item = passage.item_at(start)
            issues.append(Code.LINT_ACRONYM.issue("", *item.loc, where=item.where, acronym=acronym))
    return issues
