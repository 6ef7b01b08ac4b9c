"""Words to avoid (LINT_003), language that labels people (LINT_004) and unexplained acronyms (LINT_005)."""

from __future__ import annotations

import re
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
    """A word list compiled once: one regex for all its patterns, one for all its anchors."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        # Each entry a named group, so a match says which entry it is.
        branches = "|".join(f"(?P<w{i}>{e.pattern})" for i, e in enumerate(entries))
        self.pattern = re.compile(rf"\b(?:{branches})\b", re.IGNORECASE)
        anchors = re.compile("|".join(f"(?:{e.anchor or e.pattern})" for e in entries))
        self.anchored = lru_cache(maxsize=1 << 14)(
            lambda token: any(anchors.fullmatch(part) for part in _PARTS.split(token.strip(_PUNCTUATION))))

    def find(self, passage: Passage) -> Iterator[tuple[TextItem, Entry]]:
        """(item, entry) for each entry found in an item, once per item and entry."""
        # Scanning text with a big alternation costs far more than looking words up, so the
        # regex only runs on passages holding one of the anchor words.
        if not any(map(self.anchored, set(passage.tokens))):
            return
        seen: set[tuple[int, str]] = set()
        # One search over the passage (items are joined with full stops, so no phrase spans two).
        for match in self.pattern.finditer(passage.text):
            item = passage.item_at(match.start())
            group = match.lastgroup or "w0"
            if (id(item), group) not in seen:
                seen.add((id(item), group))
                yield item, self.entries[int(group[1:])]


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
            if text[start - 1:start] == "(" and text[end:end + 1] == ")" or _FOLLOWED_BY_BRACKET.match(text, end):
                continue
            item = passage.item_at(start)
            issues.append(Code.LINT_ACRONYM.issue("", *item.loc, where=item.where, acronym=acronym))
    return issues
