"""The syllable table: the same counts as textstat's dictionary, read only as far as needed, and linear."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import textstat

from forms.lints import syllables as S
from forms.lints.make_syllables import counts, table_text
from forms.loader import load_text
from tests.conftest import ROOT


def test_the_shipped_table_is_what_the_generator_makes_from_cmudict():
    assert S.TABLE.read_text(encoding="utf-8") == table_text(), \
        "regenerate it with `python -m forms.lints.make_syllables`"


def test_every_dictionary_word_counts_as_the_dictionary_says():
    mismatches = []
    for word, count in counts().items():
        if S._NOT_WORD.sub("", word).strip("'") != word:
            continue  # "a.m." or "'bout": a token is stripped of that punctuation before it is looked up
        if S.syllables(word) != max(count, 1):
            mismatches.append(word)
    assert mismatches == []


@pytest.mark.parametrize("word", ["safeguarding", "practitioner", "whatsapp", "coform", "xyzzyqwerty", "don't",
                                  "carers", "wellbeing", "multidisciplinary", "pneumonoultramicroscopicsilicovolcanoconiosis"])
def test_words_count_as_textstat_counts_them(word):
    assert S.syllables(word) == textstat.syllable_count(word)


class _Spy:
    """Stands in for Pyphen, recording the longest word it is asked to hyphenate."""

    def __init__(self, real: object) -> None:
        self.real, self.longest = real, 0

    def positions(self, word: str) -> list[int]:
        self.longest = max(self.longest, len(word))
        return self.real.positions(word)  # type: ignore[attr-defined]


def test_a_huge_word_is_hyphenated_only_in_part(monkeypatch):
    # Pyphen's time grows with the word: a 5 MB one-word label took 16-38 s to validate.
    spy = _Spy(S._hyphenator())
    monkeypatch.setattr(S, "_hyphenator", lambda: spy)
    S.syllables.cache_clear()
    word = "abracadabra" * 20_000  # 220,000 letters, in no dictionary
    count = S.syllables(word)
    assert spy.longest <= S.MAX_HYPHENATED
    assert count == round(S.syllables(word[:S.MAX_HYPHENATED]) * len(word) / S.MAX_HYPHENATED)


def test_validating_a_huge_word_in_scored_prose_hyphenates_only_part_of_it(monkeypatch):
    spy = _Spy(S._hyphenator())
    monkeypatch.setattr(S, "_hyphenator", lambda: spy)
    S.syllables.cache_clear()
    prose = "We ask about your home. We ask who lives with you. We ask what help you want from us today. " * 2
    word = "zq" * 100_000
    result = load_text(textwrap.dedent(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: s
            title: S
            intro: {prose}
            fields:
              - {{id: a, label: {word}, type: short_text}}
        """), "t.yaml", forms={})
    assert spy.longest <= S.MAX_HYPHENATED
    (reading_age,) = [i for i in result.issues if i.code == "LINT_001"]
    assert len(reading_age.format()) < 600  # the hardest word is shown cut, not 200,000 letters long


STARTUP = textwrap.dedent("""\
    import sys
    from forms.cli import main
    code = main(["validate", sys.argv[1]])
    from forms.lints import syllables
    from forms.loader import shipped_forms
    heavy = sorted(m for m in ("cmudict", "pyphen", "networkx", "textstat", "forms.burden", "forms.diff")
                   if m in sys.modules)
    print(code, heavy, syllables._lines.cache_info().currsize, syllables._group.cache_info().currsize,
          shipped_forms.cache_info().currsize)
""")


def startup(path) -> list[str]:
    out = subprocess.run([sys.executable, "-c", STARTUP, str(path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()[-1].split(" ", 1)


def test_validating_a_one_field_form_loads_no_dictionary_and_no_library(tmp_path):
    # Structural, not timed: the start-up cost was the syllable dictionary (0.3-0.8 s), networkx
    # and the shipped library; a form too short to score needs none of them.
    path = tmp_path / "one.yaml"
    path.write_text(textwrap.dedent("""\
        kind: form
        id: one
        title: One field
        version: 1
        purpose: To ask one thing.
        sections:
          - id: s
            title: S
            fields:
              - {id: name, label: Your name, type: short_text, own_words: true}
    """))
    code, rest = startup(path)
    assert (code, rest) == ("0", "[] 0 0 0")


def test_prose_long_enough_to_score_reads_only_the_table_lines_it_needs(tmp_path):
    intro = "We ask about your home. We ask who lives with you. We ask what help you want from us today. " * 3
    path = tmp_path / "prose.yaml"
    path.write_text(textwrap.dedent(f"""\
        kind: form
        id: prose
        title: Prose
        version: 1
        purpose: To ask one thing.
        sections:
          - id: s
            title: S
            intro: {intro}
            fields:
              - {{id: name, label: Your name, type: short_text, own_words: true}}
    """))
    code, rest = startup(path)
    prefixes = {w.strip(".").lower()[:2] for w in f"{intro} Your name To ask one thing.".split()}
    assert code == "0"
    assert rest.startswith("[] 1 ")  # every word is in the dictionary: neither cmudict nor Pyphen is imported
    assert int(rest.split()[2]) <= len(prefixes)


@pytest.mark.parametrize("token", ["word", "'quoted'", "don't", "'", "''", "...", "—", "42", "x.", "(a)", "é"])
def test_is_word_agrees_with_syllables(token):
    assert S.is_word(token) == (S.syllables(token) > 0)
