"""The privacy summary for the person: second person, grouped by what the information is for.

Built here as plain sentences (the HTML and Markdown templates only lay them out), so the same
words can be measured for reading age: about 9 for adults, 7 or below for a form whose
`audience` is `child`. Headings say what the information is for in the reader's terms, never in
statute wording; agencies are named from the one table in `forms.vocabulary`; how long things
are kept is said once per retention, not on every line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forms.model import Field, Form
from forms.vocabulary import PURPOSE_FOR_ADULT, PURPOSE_FOR_CHILD, PURPOSES, agency_for_person

FOR_ADULT = PURPOSE_FOR_ADULT  # one home: forms.vocabulary
FOR_CHILD = PURPOSE_FOR_CHILD
SPECIAL_FOR_PERSON = {
    "racial_or_ethnic_origin": "your race or ethnic group", "political_opinions": "your political views",
    "religious_or_philosophical_beliefs": "your religion or beliefs", "trade_union_membership": "your trade union",
    "genetic": "your genes", "biometric": "your body, such as your fingerprints", "health": "your health",
    "sex_life_or_sexual_orientation": "your sex life or who you love",
}
ICO = "the Information Commissioner's Office (ICO), at ico.org.uk or on 0303 123 1113"
# Third person in a retention, said to the person it is about.
_YOU = ((r"\b(?:the person|the carer) was last seen\b", "we last saw you"), (r"\bthe person was\b", "you were"),
        (r"\bthe carer was\b", "you were"), (r"\bthe person's\b", "your"), (r"\bthe person\b", "you"),
        (r"\bthe carer\b", "you"), (r"(?<!your )\bcare ends\b", "your care ends"),
        (r"(?<!your )\bsupport ends\b", "your support ends"))


@dataclass(frozen=True, slots=True)
class Item:
    label: str  # the question, as the form asks it (untrusted text: the templates escape it)
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Group:
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    intro: tuple[str, ...]
    groups: tuple[Group, ...]
    hidden: Group | None
    keeping: tuple[tuple[str, tuple[str, ...]], ...]  # (how long, in words; the things kept that long)
    rights_heading: str
    rights: tuple[str, ...]
    contact: tuple[str, ...]
    child: bool

    @property
    def all_groups(self) -> tuple[Group, ...]:
        """The groups by purpose, then what the person will not see."""
        return self.groups + ((self.hidden,) if self.hidden else ())

    def text(self) -> str:
        """Every word of the summary as a reader meets it, one sentence per line (for reading age)."""
        lines = [self.title, *self.intro]
        for group in self.all_groups:
            lines.append(group.heading + ".")
            for item in group.items:
                lines += [_sentence(item.label), *item.notes]
        for how_long, labels in self.keeping:
            lines += [how_long, *(_sentence(label) for label in labels)]
        lines += [self.rights_heading + ".", *self.rights, *self.contact]
        return "\n".join(lines)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def retention_words(text: str) -> str:
    """A retention said to the person: '8 years after care ends' → 'We keep it for 8 years after your care ends.'"""
    words = " ".join(text.split()).rstrip(".")
    for pattern, replacement in _YOU:
        words = re.sub(pattern, replacement, words, flags=re.IGNORECASE)
    if words[:1].isdigit():
        return f"We keep it for {words}."
    if words.lower().startswith(("until ", "for ")):
        return f"We keep it {words[0].lower()}{words[1:]}."
    return f"How long we keep it: {words[0].lower()}{words[1:]}."


def sharing_note(f: Field, child: bool) -> str:
    by_consent = [agency_for_person(a) for a in f.consent_agencies]
    always = [agency_for_person(a) for a in f.shared_with if a not in f.consent_agencies]
    notes = []
    if always:
        notes.append(f"We share it with {_and(always)}.")
    if by_consent:
        notes.append(f"We share it with {_and(by_consent)} only if you say yes."
                     + (" You can change your mind." if not child else " You can say no."))
    return " ".join(notes)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def item(f: Field, child: bool, hidden: bool, table: dict[str, str]) -> Item:
    notes = []
    if hidden:
        notes.append(f"Why: {table[f.purpose][0].lower()}{table[f.purpose][1:]}.")
    if f.special_category:
        about = SPECIAL_FOR_PERSON.get(f.special_category, "you")
        notes.append(f"It is about {about}. We take extra care of it." if child else
                     f"It is about {about}. The law says we must take extra care of it.")
    elif f.data_category == "criminal_offence":
        notes.append("It is about crimes. We take extra care of it." if child else
                     "It is about crimes. The law says we must take extra care of it.")
    if f.own_words:
        notes.append("We write it in your own words.")
    shared = sharing_note(f, child)
    if shared:
        notes.append(shared)
    return Item(f.label, tuple(notes))


def summary(form: Form, fields: tuple[Field, ...]) -> Summary:
    """The privacy summary of FORM over FIELDS (the fields that record personal data, in form order)."""
    child = form.audience == "child"
    table = FOR_CHILD if child else FOR_ADULT
    groups = tuple(Group(table[purpose], tuple(item(f, child, False, table) for f in fields
                                               if f.visible_to_person and f.purpose == purpose))
                   for purpose in PURPOSES)
    hidden_fields = tuple(f for f in fields if not f.visible_to_person)
    hidden = Group("Things we write down that you will not see" if child else
                   "Things we record that you will not see in your record",
                   tuple(item(f, child, True, table) for f in hidden_fields)) if hidden_fields else None
    keeping: dict[str, list[str]] = {}
    for f in fields:
        keeping.setdefault(retention_words(f.retention) if f.retention else
                           "Ask us how long we keep it.", []).append(f.label)
    # The usual retention is said once for everything; only the others name what they cover.
    ordered = sorted(keeping.items(), key=lambda kv: -len(kv[1]))  # stable: ties keep form order
    whole = "all" if len(ordered) == 1 else "most"
    keeping_out = tuple((how.replace("We keep it", f"We keep {whole} of it", 1) if n == 0 else how,
                         () if n == 0 else tuple(labels)) for n, (how, labels) in enumerate(ordered))
    title = "What we write down about you" if child else "What we record about you, why, and who sees it"
    if child:
        intro = (f"This is about the form called \u201c{form.title}\u201d.",
                 "We write down things about you. This page tells you what we write, why we write it, "
                 "and who sees it.") if fields else (f"This is about the form called \u201c{form.title}\u201d.",
                                                     "This form does not write down anything about you.")
        rights = ("You can ask to see what we wrote about you.",
                  "You can ask us to change it if it is wrong.",
                  "You can tell us if you do not want us to use it.",
                  "If you are not happy, you can tell the ICO. They check that we look after what we know "
                  "about you. Ask your worker to help you.")
    else:
        intro = (f"This part is for you, the person this record is about. It is about the form called "
                 f"\u201c{form.title}\u201d.",
                 "It tells you what we write down about you, why we write it down, and who we share it with. "
                 "If a thing does not say who we share it with, we do not share it.") if fields else (
            f"This part is for you. It is about the form called \u201c{form.title}\u201d.",
            "This form does not record anything about you.")
        rights = ("You can see what we write about you. Ask us for a copy.",
                  "You can ask us to put right anything that is wrong.",
                  "You can tell us you do not want us to use your information in a certain way. We will tell "
                  "you what we can do.",
                  f"If you are not happy with how we use your information, you can complain to {ICO}.")
    contact = _contact(form, child)
    return Summary(title, intro, tuple(g for g in groups if g.items), hidden, keeping_out if fields else (),
                   "What you can do" if child else "Your rights", rights, contact, child)


def _contact(form: Form, child: bool) -> tuple[str, ...]:
    out = []
    if form.controller:
        out.append(f"{form.controller} looks after what we write down." if child else
                   f"{form.controller} is in charge of your information (the data controller).")
    if form.contact:
        out.append(f"To ask about it, you can talk to: {form.contact}." if child else
                   f"To ask about your information, or to use these rights, contact: {form.contact}.")
    if not out:
        out.append("Ask your worker who to talk to." if child else
                   "Ask your worker who is in charge of your information and how to contact them.")
    return tuple(out)
