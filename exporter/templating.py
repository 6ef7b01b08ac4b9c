"""The one Jinja2 environment of the exporter, with every filter the spec templates use.

HTML templates (`*.html.j2`) are autoescaped by Jinja2. Markdown templates (`*.md.j2`) get the
same protection from `finalize`: every value printed into them is Markdown-escaped unless it
is already `MdSafe` (made by a filter here that escapes what it wraps). So a template that
forgets a filter still cannot turn a participant's text into a link, an image or HTML.
Undefined variables are errors (`StrictUndefined`), so a typo in a template fails the tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup

from exporter.accessibility import EVERY_FORM, WCAG, access_rows
from forms.codesign_words import RULE_NAMES, SIGNAL_NAMES, SIGNAL_VALUE_NAMES
from forms.consent import sharing_basis
from forms.model import Field
from forms.vocabulary import PROCESSING_CONDITION_NAMES, agency_name, readable

TEMPLATES = Path(__file__).resolve().parent / "templates"

# --- words for the format's fixed values ---------------------------------------------------
TYPE_NAMES = {
    "short_text": "Short text (one line)", "long_text": "Long text (narrative)", "number": "Number",
    "date": "Date", "yes_no": "Yes or no", "single_choice": "Choose one option",
    "multi_choice": "Choose any options", "scale": "Scale (an ordered rating)",
    "repeating_group": "Repeating group (a list of items)", "guidance": "Guidance (text shown; nothing recorded)",
}
PURPOSE_NAMES = {
    "practice": "Practice: working with the person", "statutory_return": "Statutory return",
    "performance": "Performance reporting", "inspection": "Inspection", "finance": "Finance",
    "legal_evidence": "Legal evidence", "safeguarding": "Safeguarding", "administration": "Administration",
}
# Reading age 9, second person: why we record something, as the person would ask it.
PURPOSE_FOR_PERSON = {
    "practice": "To help you and plan your support", "statutory_return": "To send numbers the law asks for",
    "performance": "To check how well our service works", "inspection": "So inspectors can check our work",
    "finance": "To work out money and payments", "legal_evidence": "In case a court needs it",
    "safeguarding": "To keep you and other people safe", "administration": "To run our service",
}
WHO_NAMES = {
    "practitioner": "Practitioner", "person": "The person", "together": "The practitioner and the person together",
    "carer": "Carer", "manager": "Manager", "admin": "Business support or admin staff",
    "other_agency": "Another agency", "system": "The system (filled in automatically)",
}
CATEGORY_NAMES = {
    "none": "Not personal data", "personal": "Personal data", "special_category": "Special category data",
    "criminal_offence": "Criminal offence data",
}
SPECIAL_NAMES = {
    "racial_or_ethnic_origin": "racial or ethnic origin", "political_opinions": "political opinions",
    "religious_or_philosophical_beliefs": "religious or philosophical beliefs",
    "trade_union_membership": "trade union membership", "genetic": "genetic data", "biometric": "biometric data",
    "health": "health", "sex_life_or_sexual_orientation": "sex life or sexual orientation",
}
SPECIAL_FOR_PERSON = {
    "racial_or_ethnic_origin": "your race or ethnic group", "political_opinions": "your political views",
    "religious_or_philosophical_beliefs": "your religion or beliefs",
    "trade_union_membership": "being in a trade union", "genetic": "your genes",
    "biometric": "your body, like your fingerprints", "health": "your health",
    "sex_life_or_sexual_orientation": "your sex life or who you love",
}
# The basis an agency gets the answer on, in the data inventory's "Shared with" column.
BASIS_SHORT = {
    "contract": "contract", "legal_obligation": "legal obligation", "vital_interests": "vital interests",
    "public_task": "public task", "legitimate_interests": "legitimate interests", "consent": "consent",
}
BASIS_NAMES = {
    "consent": "Consent (UK GDPR Article 6(1)(a))", "contract": "Contract (Article 6(1)(b))",
    "legal_obligation": "Legal obligation (Article 6(1)(c))", "vital_interests": "Vital interests (Article 6(1)(d))",
    "public_task": "Public task (Article 6(1)(e))", "legitimate_interests": "Legitimate interests (Article 6(1)(f))",
}
STATUS_NAMES = {"draft": "Draft", "in_review": "In review", "published": "Published", "retired": "Retired"}
# Choices of each voting method in their natural order; anything else is sorted after them.
CHOICE_ORDER = ("support", "neutral", "oppose", "agree", "can_live_with", "object", "dots")


def named(table: dict[str, str]):
    """A filter saying a fixed value in words (an unknown value is made readable, never dropped)."""
    return lambda value: table.get(value, readable(value)) if value else ""


def article9(letter: str | None) -> str:
    """'h' → 'Article 9(2)(h): health or social care'."""
    return f"Article 9(2)({letter}): {PROCESSING_CONDITION_NAMES[letter]}" if letter else ""


def agency(agency_id: str) -> str:
    """An agency id in its proper form (the one table is `forms.vocabulary.AGENCY_NAMES`)."""
    return agency_name(agency_id)


def sharing(f: Field) -> tuple[str, ...]:
    """Each agency a field is shared with, and on what basis: 'GP (by consent)', 'Police (public task)'."""
    out = []
    for who in f.shared_with:
        basis = sharing_basis(f, who)
        words = "by consent" if basis == "consent" else (BASIS_SHORT.get(basis, "lawful basis not stated"))
        out.append(f"{agency_name(who)} ({words})")
    return tuple(out)


def minutes(value: float) -> str:
    """Minutes to one decimal place, without a trailing '.0' (12.0 → '12', 7.25 → '7.3')."""
    text = f"{round(value + 0.0, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def yes_no(value: object) -> str:
    return "Yes" if value else "No"


def choice_order(choices: Iterable[str]) -> list[str]:
    known = {c: i for i, c in enumerate(CHOICE_ORDER)}
    return sorted(set(choices), key=lambda c: (known.get(c, len(known)), c))


# --- HTML -------------------------------------------------------------------------------------
# C0 controls other than tab and line breaks, DEL and C1 controls are errors in HTML and invisible
# anyway; YAML lets them in through escapes ("\x01"), so they are shown as U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    return _CONTROL.sub("\ufffd", str(text))


def bdi(text: object) -> Markup:
    """Participant text isolated for bidi, so a right-to-left override cannot reorder the page around it.

    Safe: `Markup.__mod__` escapes the argument; only the <bdi> tags are markup.
    """
    return Markup("<bdi>%s</bdi>") % clean(text).strip("\n")


@pass_context
def said(context, text: object) -> Markup:
    """A text of the form itself (title, label, hint, option...) as `bdi` does, saying its language.

    In the spec of a form read in another language than the page's English (`text_lang`), the form's
    own words say which language they are in, so a screen reader speaks Welsh as Welsh; the spec's
    sentences around them stay English. A tag is letters, digits and '-', and is escaped anyway.
    """
    lang = context.get("text_lang") or ""
    if not lang:
        return bdi(text)
    return Markup('<bdi lang="%s">%s</bdi>') % (lang, clean(text).strip("\n"))


# --- Markdown ---------------------------------------------------------------------------------
class MdSafe(str):
    """Text that is already valid, inert Markdown (the Markdown counterpart of `Markup`)."""

    __slots__ = ()


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Block markers count only at a line start and before a space, the end, or (rules, underlines) a run.
_MD_LINE_START = re.compile(r"^(?:([#+=-])(?=[ \t]|$|\1)|(\d{1,9})([.)])(?=[ \t]|$))", re.MULTILINE)
_MD_SCHEME = re.compile(r":(?=//)")
_MD_WWW = re.compile(r"(?<=www)\.", re.IGNORECASE)
# GitHub links e-mail addresses even when '@' is escaped; an empty comment splits the address
# into two text nodes, which no renderer links and every renderer hides.
_MD_EMAIL = re.compile(r"(?<=[0-9A-Za-z._+-])@(?=[0-9A-Za-z_-]+\.)")


def md(text: object) -> MdSafe:
    """Participant text made inert for GitHub-flavoured Markdown, in a paragraph or a table cell.

    Every metacharacter that could start a link, image, HTML, code, emphasis, math, a table
    cell boundary or a block (at the start of a line) is backslash-escaped, so a reader sees
    exactly what was typed. Line breaks become <br> so the text stays in its table cell.
    """
    if isinstance(text, MdSafe):
        return text
    # Outer line breaks (YAML's folded text ends in one) would only become stray <br>s.
    value = clean(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    value = _MD_INLINE.sub(r"\\\1", value)
    value = _MD_ENTITY.sub(r"\\&", value)
    value = _MD_SCHEME.sub(r"\\:", value)
    value = _MD_WWW.sub(r"\\.", value)
    value = _MD_EMAIL.sub("@<!-- -->", value)
    value = _MD_LINE_START.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], value)
    return MdSafe(value.replace("\n", "<br>"))


def md_code(text: object) -> MdSafe:
    """Text as an inline code span (for ids), fenced so no backtick inside can close it early."""
    value = str(text).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    # A '|' ends a table cell even inside a code span; GitHub reads '\|' there as '|'.
    return MdSafe(f"{fence}{pad}{value.replace('|', chr(92) + '|')}{pad}{fence}")


def md_fence(text: str, info: str = "") -> MdSafe:
    """A fenced code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return MdSafe(f"{fence}{info}\n{text.rstrip(chr(10))}\n{fence}")


def hashes(level: int) -> MdSafe:
    """The '#' marks of a Markdown heading at a level (1-6)."""
    return MdSafe("#" * max(1, min(6, int(level))))


def safe_md(text: str) -> MdSafe:
    """A template's own Markdown literal (never participant text) passed through unescaped."""
    return MdSafe(text)


@pass_context
def finalize(context, value: object) -> object:
    """Escape every value printed into a Markdown template (HTML templates are autoescaped after this)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if (context.name or "").endswith(".md.j2"):
        return value if isinstance(value, MdSafe) else md(value)
    return value if isinstance(value, Markup) else clean(value)


FILTERS = {
    "type_name": named(TYPE_NAMES), "purpose_name": named(PURPOSE_NAMES), "who_name": named(WHO_NAMES),
    "category_name": named(CATEGORY_NAMES), "special_name": named(SPECIAL_NAMES),
    "basis_name": named(BASIS_NAMES), "status_name": named(STATUS_NAMES), "rule_name": named(RULE_NAMES),
    "signal_name": named(SIGNAL_NAMES), "signal_value": named(SIGNAL_VALUE_NAMES),
    "purpose_for_person": named(PURPOSE_FOR_PERSON), "special_for_person": named(SPECIAL_FOR_PERSON),
    "readable": readable, "agency": agency, "sharing": sharing, "article9": article9, "minutes": minutes,
    "percent": percent,
    "yes_no": yes_no,
    "choice_order": choice_order, "bdi": bdi, "said": said, "md": md, "md_code": md_code, "md_fence": md_fence,
    "hashes": hashes, "safe_md": safe_md, "access_rows": access_rows,
}


@functools.cache
def environment() -> Environment:
    """The one environment: autoescape for HTML, Markdown escaping by `finalize`, strict undefined."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=True),
        undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        finalize=finalize,
    )
    env.filters.update(FILTERS)
    env.globals.update(wcag=WCAG, every_form=EVERY_FORM)  # the accessibility section's fixed words
    return env


def render(template: str, **context: object) -> str:
    """Render a template by name; output lines end in '\\n' only, with one newline at the end."""
    text = environment().get_template(template).render(**context)
    return text.rstrip("\n") + "\n"
