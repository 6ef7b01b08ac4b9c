"""What a vote may be, tallies and decision rules (docs/codesign.md decisions 2-4, 7, 10 and 11), as pure functions.

A vote is checked here before anything is written: who may vote, which choices each method has, that
an objection gives a reason and that dots stay within the budget. A tally counts current ballots
overall and by constituency, applies the workshop's rule, and says in words which rule was applied,
whether the proposal passed, and why. Constituencies come first: the pooled count never hides how
experts by experience voted. No database here: the callers read what the rules need and pass it in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from forms.codesign_words import CONSTITUENCY_PLURALS
from forms.errors import Code
from workshops.errors import WorkshopError, refuse

CONSTITUENCIES = ("practitioner", "expert_by_experience", "manager", "business_support", "vendor", "other")
METHODS = {"support": ("support", "neutral", "oppose"), "consent": ("agree", "can_live_with", "object"),
           "dots": ("dots",)}
RULES = ("majority", "double_majority", "consent")
EXPERTS = "expert_by_experience"
DEFAULT_QUORUM = 3
SMALL_GROUP = 3  # fewer ballots than this are folded into "others" in what participants see
OTHERS = "others"
# Decision 10: vendors and managers give signals (shown beside the tally), never counted votes, so a
# vendor cannot outvote people with lived experience. Business support staff and "other" work with
# people and forms day to day, and docs/codesign.md (decision 10) gives them no signal of their own: they vote.
SIGNAL_ONLY = {"vendor": "Mark the proposal's feasibility (feasibility easy, needs_work or not_possible)",
               "manager": "Flag a legal or policy concern (legal concern or no_concern)"}


# --- what a vote may be ---------------------------------------------------------------------
def check_voter(constituency: str, where: str = "TOKEN") -> None:
    """Refuse (VOTE_010) a vendor or a manager: they give signals, never counted votes (decision 10)."""
    if constituency in SIGNAL_ONLY:
        raise refuse(Code.VOTE_SIGNAL_ONLY, where, group=constituency, how=SIGNAL_ONLY[constituency])


def check_choice(method: str, choice: str, reason: str | None) -> tuple[str, int]:
    """The choice as stored and the dots it gives, under METHOD (decision 2). Refused: a choice the method
    does not have (VOTE_001, which lists the ones it has; under dots, anything but a whole number) and an
    objection without a reason (VOTE_002: the room must see what would have to change). Whether the dots
    fit the budget is `check_dots`, which needs what the person gave elsewhere."""
    if method == "dots":
        try:
            return "dots", int(choice)
        except ValueError:
            raise refuse(Code.VOTE_BAD_CHOICE, "CHOICE", choice=choice, method="dots",
                         choices="a whole number of dots") from None
    choices = METHODS[method]
    if choice not in choices:
        raise refuse(Code.VOTE_BAD_CHOICE, "CHOICE", choice=choice, method=method, choices=", ".join(choices))
    if choice == "object" and not (reason or "").strip():
        raise refuse(Code.VOTE_REASON_NEEDED, "--reason")
    return choice, 0


def choice_allowed(method: str, choice: str, reason: str | None) -> bool:
    """Whether `check_choice` takes this choice (a caller that leaves refusals to someone else asks this)."""
    try:
        check_choice(method, choice, reason)
    except WorkshopError:
        return False
    return True


def check_dots(dots: int, spent: int, budget: int) -> None:
    """Refuse (VOTE_003) negative dots, or more than the BUDGET leaves after the dots SPENT on other proposals."""
    left = budget - spent
    if dots < 0 or dots > left:
        why = "dots cannot be negative" if dots < 0 else f"only {left} are left"
        raise refuse(Code.VOTE_BAD_DOTS, "CHOICE", dots=dots, why=why, left=left, budget=budget)


# --- counting -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Ballot:
    """One current vote. It holds the constituency but no person: secret ballots store no link."""

    constituency: str
    choice: str
    dots: int = 0
    reason: str | None = None
    assisted: bool = False


@dataclass(frozen=True, slots=True)
class Tally:
    """The counted result of one proposal under one rule, explained in plain English."""

    proposal: str
    method: str
    rule: str
    overall: Mapping[str, int]
    by_constituency: Mapping[str, Mapping[str, int]]
    passed: bool
    reason: str
    ballots: int
    assisted: int = 0
    objections: tuple[str, ...] = field(default=())
    # The reason as it may be shown beside fold_small_groups(by_constituency): it never states the
    # counts of a group the table folds into "others" (participants, secret workshops, exports).
    folded_reason: str = ""

    @property
    def score(self) -> tuple[int, int]:
        """How strongly supported, for choosing between competing proposals: (for, -against)."""
        if self.method == "dots":
            return self.overall.get("dots", 0), 0
        positive = self.overall.get("support", 0) + self.overall.get("agree", 0)
        negative = self.overall.get("oppose", 0) + self.overall.get("object", 0)
        return positive - negative, -negative

    def as_dict(self) -> dict[str, object]:
        return {"proposal": self.proposal, "method": self.method, "rule": self.rule, "overall": dict(self.overall),
                "by_constituency": {c: dict(v) for c, v in self.by_constituency.items()}, "passed": self.passed,
                "reason": self.reason, "ballots": self.ballots, "assisted": self.assisted,
                "objections": list(self.objections)}


def _counts(ballots: Iterable[Ballot], method: str) -> Counter[str]:
    counts: Counter[str] = Counter({choice: 0 for choice in METHODS[method]})
    for ballot in ballots:
        if method == "dots":
            counts["dots"] += ballot.dots
        else:
            counts[ballot.choice] += 1
    return counts


def _for_against(counts: Mapping[str, int], method: str) -> tuple[int, int]:
    if method == "consent":
        return counts.get("agree", 0), counts.get("object", 0)
    return counts.get("support", 0), counts.get("oppose", 0)


_ONE = {"people": "person", "experts by experience": "expert by experience"}  # the noun for a count of 1


def shortfall(tally: Tally, quorum: int, experts_quorum: int, folded: bool = False) -> str:
    """What a proposal still lacks before its rule can decide it, in words ('' when nothing): "2 more people
    and 1 more expert by experience need to vote". FOLDED (a secret workshop): the experts' own count is
    never given, since with it their few ballots could be told apart; only the threshold is said."""
    parts = []
    if tally.ballots < quorum:
        more = quorum - tally.ballots
        parts.append(f"{more} more {_ONE['people'] if more == 1 else 'people'}")
    if tally.rule == "double_majority":
        experts = sum(tally.by_constituency.get("expert_by_experience", {}).values())
        if folded and experts < experts_quorum:
            return ((" and ".join(parts) + " need to vote; and " if parts else "")
                    + f"at least {_n(experts_quorum, 'experts by experience')} must have voted")
        if experts < experts_quorum:
            more = experts_quorum - experts
            parts.append(f"{more} more {_ONE['experts by experience'] if more == 1 else 'experts by experience'}")
    if not parts:
        return ""
    return " and ".join(parts) + (" needs" if len(parts) == 1 and parts[0].startswith("1 ") else " need") + " to vote"


def quorum_meaning(rule: str, quorum: int, expected: int | None = None,
                   expected_experts: int | None = None) -> tuple[str, str]:
    """What a quorum means under a rule, for the facilitator choosing it, and a warning ('' when none)
    when the people expected could never meet it (the experts' quorum is the same number)."""
    needs = f"at least {_n(quorum, 'people')} {'has' if quorum == 1 else 'have'} voted"
    if rule == "double_majority":
        meaning = (f"A proposal can be decided once {needs}, {_n(quorum, 'experts by experience')} "
                   "among them. It passes only with more support than opposition overall and among experts "
                   "by experience.")
    elif rule == "consent":
        meaning = f"A proposal can be decided once {needs}. It passes if nobody objects."
    else:
        meaning = f"A proposal can be decided once {needs}. It passes with more support than opposition."
    if expected is not None and expected < quorum:
        return meaning, (f"With {_n(expected, 'people')} expected, no proposal can reach a quorum of {quorum}: "
                         f"set the quorum to {max(expected, 1)} or fewer.")
    if rule == "double_majority" and expected_experts == 0:
        return meaning, ("With no experts by experience expected, no proposal can pass under double majority: "
                         "invite experts by experience, or choose another rule.")
    if rule == "double_majority" and expected_experts is not None and expected_experts < quorum:
        return meaning, (f"With {_n(expected_experts, 'experts by experience')} expected, no proposal can pass "
                         f"under double majority, which needs {quorum} of them to vote: set the quorum to "
                         f"{max(expected_experts, 1)} or fewer, or invite more experts by experience.")
    return meaning, ""


def _n(count: int, who: str) -> str:
    """A count with its noun agreeing: '1 person', '2 people', '1 expert by experience'."""
    return f"{count} {_ONE.get(who, who) if count == 1 else who}"


def _majority(ballots: Sequence[Ballot], method: str, quorum: int, who: str) -> tuple[bool, str]:
    """More for than against among ballots cast, with a quorum of ballots. (passed, reason)"""
    if len(ballots) < quorum:
        return False, f"only {_n(len(ballots), who)} voted; at least {quorum} are needed"
    if method == "dots":
        voters = sum(1 for b in ballots if b.dots > 0)
        dots = sum(b.dots for b in ballots)
        if voters * 2 > len(ballots):
            return True, f"{voters} of {len(ballots)} {who} gave it dots ({dots} in all)"
        return False, f"only {voters} of {len(ballots)} {who} gave it dots"
    counts = _counts(ballots, method)
    yes, no = _for_against(counts, method)
    word_yes, word_no = ("agreed", "objected") if method == "consent" else ("supported it", "opposed it")
    if yes > no:
        return True, f"{_n(yes, who)} {word_yes} and {no} {word_no}"
    return False, f"{_n(yes, who)} {word_yes} but {no} {word_no}" if no else \
        f"no more {who} {word_yes} than {word_no} ({yes} to {no})"


def tally(proposal: str, ballots: Sequence[Ballot], method: str = "support", rule: str = "majority",
          quorum: int = DEFAULT_QUORUM, experts_quorum: int = DEFAULT_QUORUM) -> Tally:
    """Count current ballots and apply the rule. Pure: the same ballots always give the same tally."""
    if method not in METHODS:
        raise ValueError(f"unknown vote method {method!r}")
    if rule not in RULES:
        raise ValueError(f"unknown decision rule {rule!r}")
    by: dict[str, dict[str, int]] = {}
    for constituency in CONSTITUENCIES:
        group = [b for b in ballots if b.constituency == constituency]
        if group:
            by[constituency] = dict(_counts(group, method))
    overall = dict(_counts(ballots, method))
    objections = tuple(b.reason or "(no reason given)" for b in ballots if b.choice == "object")
    if rule == "consent":
        if len(ballots) < quorum:
            passed = False
            reason = f"Not decided: only {_n(len(ballots), 'people')} voted; at least {quorum} are needed."
        elif objections:
            passed = False
            reason = (f"Not agreed by consent: {len(objections)} objection(s) are not resolved. An amendment "
                      "that meets the objection can be proposed.")
        else:
            passed, reason = True, f"Agreed by consent: {len(ballots)} people voted and nobody objected."
        folded_reason = reason  # only overall counts: nothing that a folded table hides
    else:
        passed, why = _majority(ballots, method, quorum, "people")
        reason = ("Passed by majority: " if passed else "Not passed by majority: ") + why + "."
        folded_reason = reason
        if rule == "double_majority":
            experts = [b for b in ballots if b.constituency == EXPERTS]
            experts_passed, experts_why = _majority(experts, method, experts_quorum, CONSTITUENCY_PLURALS[EXPERTS])
            if passed and experts_passed:
                reason = f"Passed by double majority: overall {why}, and {experts_why}."
            elif passed:
                reason = (f"Not passed: a majority overall ({why}), but not among experts by experience "
                          f"({experts_why}). The double majority rule needs both.")
            else:
                reason = f"Not passed by double majority: overall {why}; among experts by experience {experts_why}."
            folded_reason = _folded_double(passed, why, experts_passed) \
                if EXPERTS in by and EXPERTS not in fold_small_groups(by) else reason
            passed = passed and experts_passed
    assisted = sum(1 for b in ballots if b.assisted)
    if assisted:
        reason += f" {assisted} vote(s) were recorded with a facilitator's help."
        folded_reason += f" {assisted} vote(s) were recorded with a facilitator's help."
    return Tally(proposal, method, rule, overall, by, passed, reason, len(ballots), assisted, objections,
                 folded_reason)


FOLDED_EXPERTS = ("the votes of experts by experience are counted with others here, so that a small group "
                  "stays anonymous")


def _folded_double(overall_passed: bool, why: str, experts_passed: bool) -> str:
    """The double majority's reason when experts by experience are folded into "others": their counts
    and the cause of their result (a quorum names their number) are left out. Whether they passed is
    said only where the verdict already shows it (the overall majority passed)."""
    if not overall_passed:
        return f"Not passed by double majority: overall {why}; {FOLDED_EXPERTS}."
    if experts_passed:
        return f"Passed by double majority: overall {why}, and among experts by experience too ({FOLDED_EXPERTS})."
    return (f"Not passed: a majority overall ({why}), but not among experts by experience ({FOLDED_EXPERTS}). "
            "The double majority rule needs both.")


def fold_small_groups(by_constituency: Mapping[str, Mapping[str, int]], minimum: int = SMALL_GROUP
                      ) -> dict[str, dict[str, int]]:
    """What participants see: constituencies with fewer than `minimum` ballots are merged into "others",
    so a small group cannot be de-anonymised.

    "Others" itself must hold at least `minimum` ballots, or the one vendor's vote could be read off
    it (or off the pooled count minus the groups shown); while it is smaller, the smallest group
    still shown joins it. Experts by experience join last: their result is what the product exists
    to show, and the double majority rule depends on it.
    """
    def size(counts: Mapping[str, int]) -> int:
        # Choice counts add up to ballots; a dots tally keeps no ballot count, so its dots stand in.
        return sum(v for k, v in counts.items() if k != "dots") or counts.get("dots", 0)

    shown = [c for c, counts in by_constituency.items() if size(counts) >= minimum]
    folded = [c for c in by_constituency if c not in shown]
    while folded and shown and sum(size(by_constituency[c]) for c in folded) < minimum:
        smallest = min(shown, key=lambda c: (c == "expert_by_experience", size(by_constituency[c]), c))
        shown.remove(smallest)
        folded.append(smallest)
    out = {c: dict(by_constituency[c]) for c in shown}
    if folded:
        merged: Counter[str] = Counter()
        for constituency in folded:
            merged.update(by_constituency[constituency])
        out[OTHERS] = dict(merged)
    return out


def pick_winner(tallies: Sequence[Tally]) -> Tally | None:
    """Among competing proposals (touching the same field), the passed one with most support wins.

    Ties on support go to fewer objections, then to the earlier proposal (the order given)."""
    passed = [t for t in tallies if t.passed]
    if not passed:
        return None
    return max(passed, key=lambda t: (t.score, -tallies.index(t)))
