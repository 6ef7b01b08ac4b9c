"""Reading age of each section's person-facing text (LINT_001); sentences over 25 words (LINT_002).

Grades use the Flesch-Kincaid formula as textstat computes it (0.39 × words per sentence +
11.8 × syllables per word − 15.59) with textstat's syllable counts (`forms.lints.syllables`:
CMU dictionary, Pyphen for unknown words). Two things differ from calling
`textstat.flesch_kincaid_grade` on the joined text, both on purpose:
- syllables are memoised per word, so a 5,000-field form costs one table lookup per word
  instead of textstat's regexes on every call (textstat caches whole texts only);
- sentences are the ones we joined (each label and hint its own sentence). textstat ignores
  sentences of one or two words ("Home address."), which would glue short labels onto their
  neighbours and make the section look harder than it reads.
On ordinary prose with no two-word sentences the two grades agree (a test holds us to it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import repeat

from forms.errors import Code, Issue
from forms.errors import shown as shown_value
from forms.lints.syllables import is_word, syllables
from forms.lints.text import BULLETS, ENDINGS, SENTENCE_END, WORD, Passage, TextItem, person_text_sections
from forms.model import Form, Section

# UK reading age is about the US grade plus 5; GOV.UK aims for a reading age of 9. Any grade
# above 4 is reported as the next whole age up, so a grade of 4.1 reads "about 10", never "about 9".
MAX_GRADE = 4.0
UK_AGE_OFFSET = 5
# Flesch-Kincaid is an average over words and sentences: on a handful of words one long word
# swings it by several grades. So a passage is scored only with at least this much text, and
# short labels are never scored alone (plain-language practice: score paragraphs, not labels).
MIN_WORDS = 30
MIN_SENTENCES = 3
MAX_SENTENCE_WORDS = 25
HARDEST_SHOWN = 5
_START_SHOWN = 80  # characters of a long sentence quoted in LINT_002 (six words, unless one is huge)
_PUNCTUATION = ".,;:!?\"'()[]{}<>“”‘’…–—-/*•"


def grade(passage: Passage) -> tuple[float, int, int]:
    """(Flesch-Kincaid grade, words, sentences) of a passage."""
    tokens = passage.tokens
    counts = list(map(syllables, tokens))
    words = len(counts) - counts.count(0)
    # Items are joined as sentences, so sentence ends are tokens ending in . ! or ?; a bullet
    # starts a new one (lists are often written without full stops).
    sentences = sum(map(str.endswith, tokens, repeat(ENDINGS))) + sum(map(tokens.count, BULLETS))
    if not words:
        return 0.0, 0, sentences
    sentences = max(sentences, 1)
    return 0.39 * words / sentences + 11.8 * sum(counts) / words - 15.59, words, sentences


def hardest(tokens: tuple[str, ...]) -> list[str]:
    """The words with the most syllables (two or more), most first, each once."""
    first: dict[str, int] = {}
    for i, token in enumerate(tokens):
        word = token.strip(_PUNCTUATION)
        if syllables(token) >= 2 and not word.isdigit():
            first.setdefault(word, i)
    return sorted(first, key=lambda w: (-syllables(w), first[w]))[:HARDEST_SHOWN]


@dataclass(frozen=True, slots=True)
class ReadingAge:
    """The reading-age rule's verdict on one passage: the one place it is decided (lint and preview)."""

    grade: float
    words: int
    sentences: int
    hardest: tuple[str, ...] = ()  # filled only when the passage is over the aim

    @property
    def scored(self) -> bool:
        """Enough text to score: a grade on fewer words swings too far to mean anything."""
        return self.words >= MIN_WORDS and self.sentences >= MIN_SENTENCES

    @property
    def age(self) -> int:
        """The UK reading age: the next whole age above the grade plus 5 (never under 5)."""
        return max(math.ceil(self.grade) + UK_AGE_OFFSET, UK_AGE_OFFSET)

    @property
    def over(self) -> bool:
        """Above the aim of a reading age of 9 (only a scored passage can be)."""
        return self.scored and self.grade > MAX_GRADE


def reading_age(passage: Passage) -> ReadingAge:
    """The reading age of a passage, with its hardest words when it is over the aim."""
    score, words, sentences = grade(passage)
    verdict = ReadingAge(score, words, sentences)
    if not verdict.over:
        return verdict
    return ReadingAge(score, words, sentences, tuple(hardest(passage.tokens)))


def section_reading_age(form: Form, section: Section) -> ReadingAge | None:
    """The reading age of what the person reads in one section (None when nothing there is for them)."""
    placed = [p for p in form.walk() if p.section is section]
    where = f"section '{section.id}'"
    passage = next((p for p in person_text_sections(form, placed) if p.where == where), None)
    return None if passage is None else reading_age(passage)


def long_enough(passage: Passage) -> bool:
    """True when a passage has enough words and sentences to score, found without counting syllables.

    Most forms' sections (and every one-field form) are too short to score: deciding that first
    means the syllable table is never opened for them, which keeps `python -m forms validate` quick.
    """
    tokens = passage.tokens
    if len(tokens) < MIN_WORDS:
        return False
    sentences = sum(map(str.endswith, tokens, repeat(ENDINGS))) + sum(map(tokens.count, BULLETS))
    return sentences >= MIN_SENTENCES and sum(map(is_word, tokens)) >= MIN_WORDS


def check_reading_age(passages: list[Passage]) -> list[Issue]:
    """LINT_001: a passage long enough to score that needs a reading age above 9."""
    issues = []
    for passage in passages:
        if not long_enough(passage):
            continue
        verdict = reading_age(passage)
        if not verdict.over:
            continue
        shown = verdict.hardest
        issues.append(Code.LINT_READING_AGE.issue(
            "", *passage.loc, where=passage.where, age=verdict.age, grade=f"{verdict.grade:.1f}",
            words=", ".join(map(shown_value, shown)) if shown else "none stand out; the sentences are long"))
    return issues


def long_sentences(item: TextItem, limit: int = MAX_SENTENCE_WORDS) -> list[list[str]]:
    """The sentences of an item longer than LIMIT words (25 unless said), as lists of words."""
    text = item.text
    out = []
    start = 0
    for end in [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]:
        words = WORD.findall(text, start, end)
        if len(words) > limit:
            out.append(words)
        start = end
    return out


def check_long_sentences(passages: list[Passage]) -> list[Issue]:
    """LINT_002: each sentence of more than 25 words, at the label, hint or intro that holds it."""
    issues = []
    for passage in passages:
        for item in passage.items:
            text = item.text
            # 26 words need at least 51 characters and 25 spaces: most labels are passed over
            # without a regex (this runs on every label and hint of the form).
            if len(text) <= 2 * MAX_SENTENCE_WORDS or text.count(" ") + text.count("\n") < MAX_SENTENCE_WORDS:
                continue
            for words in long_sentences(item):
                issues.append(Code.LINT_LONG_SENTENCE.issue(
                    "", *item.loc, where=item.where, count=len(words), start=" ".join(words[:6])[:_START_SHOWN]))
    return issues
