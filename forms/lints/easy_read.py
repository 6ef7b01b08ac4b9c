"""Easy Read (`en-x-easy`): sentences over 15 words (LINT_023), stricter than LINT_002's 25.

Easy Read guidance (for example Mencap's "Am I making myself clear?") asks for short sentences
with one idea each, in everyday words; 15 words is the upper limit Easy Read writers commonly
work to. LINT_002's limit of 25 is for plain English read by anyone.
"""

from __future__ import annotations

from forms.errors import Code, Issue
from forms.lints.readability import long_sentences
from forms.lints.text import Passage

MAX_WORDS = 15
_START_SHOWN = 80


def check_sentences(passages: list[Passage]) -> list[Issue]:
    """LINT_023: each sentence of more than 15 words, at the label, hint or intro that holds it."""
    issues = []
    for passage in passages:
        for item in passage.items:
            if item.text.count(" ") + item.text.count("\n") < MAX_WORDS:
                continue  # fewer than 16 words: no regex needed
            for words in long_sentences(item, MAX_WORDS):
                issues.append(Code.LINT_EASY_READ_SENTENCE.issue(
                    "", *item.loc, where=item.where, count=len(words), start=" ".join(words[:6])[:_START_SHOWN]))
    return issues
