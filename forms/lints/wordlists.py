"""The word lists the wording lints search for, as data: what to flag and what to say instead.

Each entry: a pattern, the word shown, a plain alternative, and an anchor word. Patterns are
regexes matched whole-word and case-insensitively, each list compiled once into one regex. The
anchor is one word every match must contain (a regex over a single lower-case word, by
default the pattern itself): the lint first looks for anchors among a passage's distinct
words (memoised per word), and runs the list's regex only on passages that hold one. Phrases
come before single words that start them: an alternation takes the first branch that
matches, not the longest.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    """One word or phrase to flag, what to show, what to say instead, and its anchor word."""

    pattern: str
    word: str
    instead: str
    anchor: str = ""

# GOV.UK style guide, "Words to avoid". Some words are fine in one sense and jargon in
# another; the patterns below only catch the jargon sense, and say why.
AVOID: tuple[Entry, ...] = tuple(Entry(*e) for e in (
    (r"deliver(?:s|ed|ing)?", "deliver", "give, provide or do (say what)"),
    (r"empower(?:s|ed|ing|ment)?", "empower", "help you decide, let you"),
    (r"facilitat(?:e|es|ed|ing|or|ors)", "facilitate", "help, run or lead"),
    # "key" as an adjective ("key issues") is jargon; "key worker" is the everyday name of a
    # named worker, and a key safe, key code or key holder is a real key. So: flag "key" only
    # when another word follows it, and not one of those.
    (r"key(?=\s+[a-z])(?!\s+(?:workers?|working|safes?|holders?|codes?|rings?|cards?|box|fob|stage|to|for|and|or"
     r"|is|are|was|in|of|on|at|with|from|the|a|an|your|my)\b)", "key", "important or main", "key"),
    (r"leverag(?:e|es|ed|ing)", "leverage", "use or influence"),
    (r"liais(?:e|es|ed|ing|on)", "liaise", "work with, talk to"),
    (r"robust(?:ly)?", "robust", "strong, thorough"),
    (r"tackl(?:e|es|ed|ing)", "tackle", "deal with, stop or reduce"),
    (r"utili[sz](?:e|es|ed|ing|ation)", "utilise", "use"),
    # An agenda for a meeting is fine (GOV.UK: "unless it's for a meeting").
    (r"(?<!meeting\s)(?<!review\s)agenda(?!\s+(?:for|of)\s+(?:the\s+|this\s+|your\s+|my\s+|our\s+)?"
     r"(?:meeting|review|conference))", "agenda", "plan", "agenda"),
    (r"collaborat(?:e|es|ed|ing|ion|ive)", "collaborate", "work with"),
    (r"combat(?:s|ed|ing|ting)?", "combat", "stop or reduce"),
    # "commit" alone is kept for offences ("has committed an offence"); the pledge sense is "commit to".
    (r"commit(?:s|ted|ting)?\s+to|pledg(?:e|es|ed|ing)", "commit to or pledge", "plan to, will",
     r"commit(?:s|ted|ting)?|pledg(?:e|es|ed|ing)"),
    (r"counter(?:ed|ing)", "countering", "stopping or answering"),
    (r"deploy(?:s|ed|ing|ment)?", "deploy", "use or send"),
    (r"dialogue", "dialogue", "talk, conversation"),
    (r"disincentivi[sz](?:e|es|ed|ing)", "disincentivise", "discourage"),
    (r"(?:drive|drives|driving|drove|driven)\s+out", "drive out", "stop or remove",
     "drive|drives|driving|drove|driven"),
    # "foster" is mostly foster care here ("would you like to foster?", "foster carer", "was
    # fostered"); only "foster" with an abstract object ("foster collaboration") is jargon.
    (r"foster(?:s|ed|ing)?\s+(?:(?:good|positive|strong|stronger|better|greater|a|an)\s+)?"
     r"(?:collaboration|relationships?|partnerships?|independence|resilience|engagement|co-?operation|links"
     r"|trust|understanding|innovation|learning|growth|development|inclusion|culture|sense|environment)",
     "foster", "encourage or build", r"foster(?:s|ed|ing)?"),
    (r"going\s+forwards?", "going forward", "from now on, in future", "forwards?"),
    # "impact" as a noun ("what impact does it have") is fine; only the verb is on the list.
    (r"impact(?:ed|ing)|(?:will|would|can|could|may|might|to|does|did|not)\s+(?:it\s+|this\s+|that\s+)?impact",
     "impact (as a verb)",
     "affect", r"impact(?:s|ed|ing)?"),
    (r"incentivi[sz](?:e|es|ed|ing)", "incentivise", "encourage"),
    (r"initiat(?:e|es|ed|ing)", "initiate", "start"),
    (r"in\s+order\s+to", "in order to", "to", "order"),
    (r"overarching", "overarching", "main, overall"),
    # "your progress" (a noun) is fine; only the verb is on the list.
    (r"progress(?:ed|ing)|(?:will|would|can|could|may|might|to)\s+progress", "progress (as a verb)",
     "move forward, go ahead", r"progress(?:ed|ing)?"),
    (r"promot(?:e|es|ed|ing)", "promote", "support or encourage"),
    (r"ring[\s-]?fenc(?:e|es|ed|ing)", "ring fencing", "keep for, set aside",
     r"ring|ringfenc(?:e|es|ed|ing)"),
    (r"streamlin(?:e|es|ed|ing)", "streamline", "simplify"),
    (r"strengthen(?:s|ed|ing)?", "strengthen", "build, increase"),
    (r"transform(?:s|ed|ing|ation|ational)?", "transform", "change (say how)"),
    (r"advancing", "advancing", "improving"),
    (r"focusing", "focusing", "working on"),
    (r"one[\s-]stop[\s-]shop", "one-stop shop", "one place", "shop"),
    (r"slimming\s+down", "slimming down", "cutting, reducing", "slimming"),
))

# Language that labels people: TACT "Language that cares" (children in care) and the deficit
# words social work language guides ask us to drop. Only person-facing text is searched.
DEFICIT: tuple[Entry, ...] = tuple(Entry(*e) for e in (
    # "contact" is also the children's front door ("Contact received") and plain English
    # ("contact details", "how can we contact you"): only the sense of seeing family is flagged.
    (r"(?:family|supervised|direct|indirect|sibling|parental|face[\s-]to[\s-]face)\s+contact"
     r"|contact\s+(?:with\s+(?:your\s+|his\s+|her\s+|their\s+|my\s+|the\s+)?(?:birth\s+)?"
     r"(?:famil(?:y|ies)|parents?|mum|dad|mother|father|brothers?|sisters?|siblings?|grandparents?|relatives)"
     r"|arrangements?|visits?|sessions?|centres?|centers?|time|plans?)", "contact", "family time", "contact"),
    (r"(?:lac|cla)\s+reviews?", "LAC review", "my review meeting", "lac|cla"),
    (r"looked[\s-]after\s+(?:child(?:ren)?|young\s+(?:person|people))|lac|cla", "looked after child",
     "child in care, or the child's name", "looked|lac|cla"),
    (r"challenging\s+behaviou?rs?", "challenging behaviour", "finding things hard", "challenging"),
    (r"abscond(?:s|ed|ing|er|ers)?", "abscond", "go missing"),
    (r"care\s+leavers?", "care leaver", "care-experienced adult", "leavers?"),
    (r"placement\s+(?:breakdown|disruption)s?|placements?\s+(?:broke|breaks)\s+down", "placement breakdown",
     "moving home", "placements?"),
    (r"(?:foster\s+)?placements?", "placement", "home", "placements?"),
    (r"respite(?:\s+care)?", "respite", "short break", "respite"),
    (r"siblings?", "siblings", "brothers and sisters"),
    (r"delegated\s+authority", "delegated authority", "permission (who can say yes)",
     "delegated"),
    (r"statutory\s+visits?", "statutory visit", "a visit from my social worker",
     "statutory"),
    (r"attention[\s-]seeking", "attention seeking", "needing connection", "seeking"),
    (r"hard[\s-]to[\s-]reach", "hard to reach", "we have not yet found a way to reach",
     "reach"),
    (r"(?:failed|fails|failing|refused|refuses)\s+to\s+engage|disengaged", "failed to engage",
     "did not take up the offer", "engage|disengaged"),
    (r"non[\s-]?complian(?:t|ce)", "non-compliant", "did not agree, or chose not to",
     r"(?:non)?complian(?:t|ce)"),
    (r"unaccompanied\s+asylum[\s-]seeking\s+(?:child(?:ren)?|minors?|young\s+(?:person|people))|uasc",
     "unaccompanied asylum seeking child", "young person seeking asylum, or their name", "unaccompanied|uasc"),
    (r"manipulative", "manipulative", "say what happened"),
))

# Acronyms people know without being told (GOV.UK: spell out unless well known, like NHS).
# Kept short on purpose: every entry is one the person may not know.
KNOWN_ACRONYMS = frozenset({"NHS", "GP", "UK", "OK", "TV", "ID", "PIN", "DVD", "CV", "BBC", "AM", "PM"})
# Words written in capitals for emphasis are not acronyms ("Do NOT sign"). Shouting is its
# own readability problem, not an unexplained abbreviation.
EMPHASIS = frozenset({
    "A", "NOT", "NO", "YES", "AND", "OR", "ALL", "ANY", "ONLY", "MUST", "NEVER", "DO", "DONT", "NOW", "YOU",
    "YOUR", "WE", "IF", "THE", "OF", "TO", "IN", "ON", "IS", "IT", "AT", "BY", "ME", "MY", "US", "OUR",
})
# Acronyms that are themselves labelling language: LINT_004 reports them, so LINT_005 does not.
DEFICIT_ACRONYMS = frozenset({"LAC", "CLA", "UASC"})
