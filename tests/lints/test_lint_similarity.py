"""Finding repeated questions: the bucketed index agrees with comparing every pair, in linear time."""

from __future__ import annotations

import random

import pytest

from forms.lints import lint, similarity
from forms.lints.similarity import MIN_WORDS, NEAR, LabelIndex, jaccard, normalise, prepare
from forms.model import Field, Form, Section


def near(words: list[str], other: list[str]) -> bool:
    """Near duplicates as promised: Jaccard >= 0.9, and (what that implies below 18 shared
    words) at most one word different each way; longer labels further apart are not sought."""
    a, b = frozenset(words), frozenset(other)
    return (len(words) >= MIN_WORDS and len(other) >= MIN_WORDS and jaccard(a, b) >= NEAR
            and len(a - b) <= 1 and len(b - a) <= 1)


def brute_force(labels: list[str]) -> list[int | None]:
    """For each label, the index of the first earlier label asking the same (every pair compared)."""
    out: list[int | None] = []
    for i, label in enumerate(labels):
        words = normalise(label).split()
        match = None
        for j in range(i):
            if normalise(label) == normalise(labels[j]) or near(words, normalise(labels[j]).split()):
                match = j
                break
        out.append(match)
    return out


def indexed(labels: list[str]) -> list[int | None]:
    index: LabelIndex[int] = LabelIndex()
    out = []
    for i, text in enumerate(labels):
        label = prepare(text)
        out.append(index.find(label))
        index.add(label, i)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_the_index_finds_what_comparing_every_pair_finds(seed):
    rnd = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(40)]
    labels = []
    for _ in range(150):
        if labels and rnd.random() < 0.4:
            # A variant of an earlier label: words dropped, added, swapped or reordered.
            words = rnd.choice(labels).split()
            for _ in range(rnd.randint(0, 2)):
                action = rnd.choice(("drop", "add", "swap", "shuffle"))
                if action == "drop" and len(words) > 1:
                    words.pop(rnd.randrange(len(words)))
                elif action == "add":
                    words.insert(rnd.randrange(len(words) + 1), rnd.choice(vocabulary))
                elif action == "swap":
                    words[rnd.randrange(len(words))] = rnd.choice(vocabulary)
                else:
                    rnd.shuffle(words)
        else:
            words = rnd.sample(vocabulary, rnd.randint(2, 24))
        labels.append(" ".join(words) + rnd.choice(("", "?", ".")))
    assert indexed(labels) == brute_force(labels)


def test_lint_stays_linear_on_a_big_form_of_near_duplicates(monkeypatch):
    # 6,000 fields whose long labels all differ by one word (Jaccard 18/20): the worst case
    # for the buckets, since every label shares a deletion key with every other. Linear is
    # counted, not timed: comparing every pair would be 18 million comparisons.
    words = [f"word{i}" for i in range(18)]
    fields = tuple(Field(id=f"f{i}", label=" ".join(words) + f" extra{i}", type="short_text", own_words=True,
                         loc=(i + 10, 7)) for i in range(6000))
    form = Form(id="big", title="Big", version=1, purpose="To test.",
                sections=(Section(id="s", title="S", fields=fields, loc=(8, 5)),))
    compared = []
    monkeypatch.setattr(similarity, "jaccard", lambda a, b: compared.append(1) or jaccard(a, b))
    issues = lint(form, {})
    assert sum(1 for i in issues if i.code == "LINT_012") == 5999
    assert len(compared) <= 2 * len(fields)
