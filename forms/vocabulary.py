"""The fixed words of the Coform format (docs/format.md): field types, metadata values, keys and defaults."""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,63}")

KINDS = ("form", "workflow")
STATUSES = ("draft", "in_review", "published", "retired")

FIELD_TYPES = (
    "short_text", "long_text", "number", "date", "yes_no", "single_choice", "multi_choice",
    "scale", "repeating_group", "guidance",
)
CHOICE_TYPES = ("single_choice", "multi_choice")
# What a question asks of whoever fills it in, in their terms (forms.diff: "now asks you to pick one of
# three answers", never "changes from short text to single choice"). {n} is the number of options.
ASKS_YOU_TO = {
    "short_text": "write a short answer", "long_text": "write an answer in words, as long as it needs",
    "number": "give a number", "date": "give a date", "yes_no": "answer yes or no",
    "single_choice": "pick one of {n} answers", "multi_choice": "pick any of {n} answers",
    "scale": "pick a point on a scale", "repeating_group": "add an entry for each one",
    "guidance": "read some guidance, with nothing to answer",
}
# Who fills a question in, as a sentence would say it ("will be filled in by the practitioner").
WHO_FILLS = {
    "practitioner": "the practitioner", "person": "the person", "together": "the practitioner and the person together",
    "carer": "the carer", "manager": "a manager", "admin": "business support or admin staff",
    "other_agency": "another agency", "system": "the system, by itself",
}
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

PURPOSES = (
    "practice", "statutory_return", "performance", "inspection", "finance", "legal_evidence",
    "safeguarding", "administration",
)
COMPLETED_BY = ("practitioner", "person", "together", "carer", "manager", "admin", "other_agency", "system")
DATA_CATEGORIES = ("none", "personal", "special_category", "criminal_offence")
SPECIAL_CATEGORIES = (
    "racial_or_ethnic_origin", "political_opinions", "religious_or_philosophical_beliefs",
    "trade_union_membership", "genetic", "biometric", "health", "sex_life_or_sexual_orientation",
)
LAWFUL_BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests")
PROCESSING_CONDITIONS = tuple("abcdefghij")
PROCESSING_CONDITION_NAMES = {
    "a": "explicit consent", "b": "employment and social security law", "c": "vital interests",
    "d": "not-for-profit bodies", "e": "made public by the person", "f": "legal claims",
    "g": "substantial public interest", "h": "health or social care", "i": "public health",
    "j": "archiving, research or statistics",
}

# Seconds a field takes to fill, by type (docs/format.md, "Burden figures"); estimated_seconds overrides.
DEFAULT_SECONDS = {
    "short_text": 30, "long_text": 180, "number": 15, "date": 15, "yes_no": 8,
    "single_choice": 12, "multi_choice": 20, "scale": 10, "guidance": 0, "repeating_group": 0,
}
DEFAULT_EXPECTED_ITEMS = 2

# Who the minutes fall on: together counts for both; admin and system for neither.
PRACTITIONER_ROLES = frozenset({"practitioner", "together"})
PERSON_ROLES = frozenset({"person", "together"})

FORM_KEYS = ("kind", "id", "title", "version", "status", "purpose", "owner", "budget_minutes", "retired",
             "defaults", "controller", "contact", "audience", "languages", "sections")
# Values every personal-data field takes unless it says otherwise (docs/format.md "Form defaults").
DEFAULTS_KEYS = ("lawful_basis", "retention")
# Who reads the form: a child or young person gets a privacy summary at reading age 7 or below.
AUDIENCES = ("adult", "child")

# --- Languages (docs/format.md "Languages") ------------------------------------------------
# A tag is a BCP 47 language subtag with optional subtags: `cy`, `en-GB`, or a private-use
# variant such as `en-x-easy` (Easy Read English).
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
LANGUAGE_NAMES = {
    "en": "English", "cy": "Welsh", "en-x-easy": "Easy Read", "ga": "Irish", "gd": "Scottish Gaelic",
    "pl": "Polish", "ur": "Urdu", "pa": "Punjabi", "bn": "Bengali", "ar": "Arabic", "so": "Somali",
    "ro": "Romanian", "pt": "Portuguese", "es": "Spanish", "fr": "French", "gu": "Gujarati", "zh": "Chinese",
}
# Each language's own name for itself, for the studio's language switch (someone looking for Welsh
# looks for "Cymraeg"); a tag without one here is shown by its English name.
LANGUAGE_ENDONYMS = {
    "en": "English", "cy": "Cymraeg", "en-x-easy": "Easy Read", "ga": "Gaeilge", "gd": "Gàidhlig",
    "pl": "Polski", "ur": "اردو", "pa": "ਪੰਜਾਬੀ", "bn": "বাংলা", "ar": "العربية", "so": "Soomaali",
    "ro": "Română", "pt": "Português", "es": "Español", "fr": "Français", "gu": "ગુજરાતી", "zh": "中文",
}
# The languages Coform's reading-age measures are made for (textstat's English formulas).
EASY_READ = "en-x-easy"
READING_AGE_LANGUAGES = frozenset({"en", EASY_READ})
# The keys whose text a person or practitioner reads, so they may be written per language.
TRANSLATABLE = {
    "form": ("title", "purpose", "contact"),
    "section": ("title", "intro"),
    "field": ("label", "hint", "min_label", "max_label"),
    "option": ("label",),
}


def language_name(tag: str) -> str:
    """'Welsh' for cy; a tag Coform has no name for is shown as itself."""
    return LANGUAGE_NAMES.get(tag) or LANGUAGE_NAMES.get(tag.split("-")[0], tag)


def language_endonym(tag: str) -> str:
    """'Cymraeg' for cy: the language's name in itself where Coform knows it, else its English name."""
    return LANGUAGE_ENDONYMS.get(tag) or LANGUAGE_ENDONYMS.get(tag.split("-")[0]) or language_name(tag)


# The form's own words around the questions, as the person reads them in each language (the preview, the
# person's record, the yes/no choices of an XLSForm): the form's words, not the studio's, so they follow the
# language the form is read in. A Welsh speaker must review the Welsh words (written with care, not yet
# reviewed). A language not listed reads the English words; a word missing in one reads its English word.
FORM_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "yes": "Yes",
        "no": "No",
        "required": " (required)",
        "choose_one": "Choose an answer",
        "choose_any": "Choose any that apply",
        "type_number": "Type a number",
        "item_of": "Item {number} of {count}",
        "add_item": "Add an item to {label}",
        "remove_item": "Remove item {number}",
        "story": "In your words",
        "facts": "The facts",
        "unseen": "What you will not see, and why",
        "share_yes": "Yes, you can share it",
        "share_no": "No, do not share it",
        "plain_words_hint": "Write it in plain words.",
    },
    "cy": {
        "yes": "Ie",
        "no": "Na",
        "required": " (gofynnol)",
        "choose_one": "Dewiswch ateb",
        "choose_any": "Dewiswch bob un sy'n berthnasol",
        "type_number": "Teipiwch rif",
        "item_of": "Eitem {number} o {count}",
        "add_item": "Ychwanegu eitem at {label}",
        "remove_item": "Tynnu eitem {number}",
        "story": "Yn eich geiriau chi",
        "facts": "Y ffeithiau",
        "unseen": "Beth na fyddwch chi'n ei weld, a pham",
        "share_yes": "Ie, cewch ei rannu",
        "share_no": "Na, peidiwch â'i rannu",
        "plain_words_hint": "Ysgrifennwch mewn geiriau syml.",
    },
    "en-x-easy": {
        "yes": "Yes",
        "no": "No",
        "required": " (you must answer this)",
        "choose_one": "Choose 1 answer",
        "choose_any": "Choose all the answers that are true",
        "type_number": "Type a number",
        "item_of": "Item {number} of {count}",
        "add_item": "Add another one to {label}",
        "remove_item": "Take away item {number}",
        "story": "What you told us",
        "facts": "The facts",
        "unseen": "What you will not see, and why",
        "share_yes": "Yes, you can share it",
        "share_no": "No, do not share it",
        "plain_words_hint": "Use easy words.",
    },
}


def form_word(key: str, tag: str, **facts: object) -> str:
    """The form's word for KEY in language TAG (English when TAG has none), with FACTS filled in."""
    text = FORM_WORDS.get(tag, {}).get(key) or FORM_WORDS["en"][key]
    return text.format(**facts) if facts else text


RETIRED_KEYS = ("id", "since_version", "was")
RETIRED_REQUIRED = ("id", "since_version")
FORM_REQUIRED = ("kind", "id", "title", "version", "purpose", "sections")
SECTION_KEYS = ("id", "title", "intro", "fields")
SECTION_REQUIRED = ("id", "title", "fields")
COMMON_FIELD_KEYS = (
    "id", "label", "type", "hint", "required", "show_if", "purpose", "completed_by", "own_words",
    "data_category", "special_category", "lawful_basis", "processing_condition", "visible_to_person",
    "shared_with", "sharing_decided_by", "retention", "estimated_seconds", "statutory_item",
)
# An item of `shared_with` written as a mapping: `{agency: gp, needs_consent: true}`.
SHARED_WITH_KEYS = ("agency", "needs_consent")
# Who decides who else sees an answer: the service (on its lawful basis) or the person (by consent).
SHARING_DECIDERS = ("service", "person")
# Keys that belong to some types only: key → the types that take it.
TYPE_KEYS = {
    "max_length": ("short_text", "long_text"),
    "pattern": ("short_text",),
    "min": ("number", "date", "scale"),
    "max": ("number", "date", "scale"),
    "integer": ("number",),
    "options": CHOICE_TYPES,
    "min_selected": ("multi_choice",),
    "max_selected": ("multi_choice",),
    "min_label": ("scale",),
    "max_label": ("scale",),
    "fields": ("repeating_group",),
    # A sample answer, for the example record the person will read (docs/format.md "example").
    "example": ("short_text", "long_text", "number", "date", "yes_no", "single_choice", "multi_choice", "scale"),
    "min_items": ("repeating_group",),
    "max_items": ("repeating_group",),
    "expected_items": ("repeating_group",),
}
FIELD_KEYS = COMMON_FIELD_KEYS + tuple(TYPE_KEYS)
FIELD_REQUIRED = ("id", "label", "type")
OPTION_KEYS = ("value", "label", "code_system", "code")
# An absolute URI naming a code list: http(s) address, urn:oid: or urn:uuid: (FHIR Coding.system).
# XLSForm choices columns for a statutory code list (written by exporter/xlsform.py, read by the importer).
CODE_SYSTEM_COLUMN, CODE_COLUMN = "coform_code_system", "coform_code"
CODE_SYSTEM_PATTERN = re.compile(r"(https?://[^\s<>\"]+|urn:(oid|uuid):[A-Za-z0-9.-]+)")

WORKFLOW_KEYS = ("kind", "id", "title", "version", "status", "purpose", "owner", "budget_minutes", "start", "steps")
WORKFLOW_REQUIRED = ("kind", "id", "title", "version", "purpose", "start", "steps")
STEP_KEYS = ("id", "title", "actor", "form", "time_limit", "next", "end", "description")
STEP_REQUIRED = ("id", "title")
TRANSITION_KEYS = ("to", "when", "if", "answers_of")
TIME_UNITS = ("working_days", "days", "hours")
TIME_LIMIT_TEXT = {"starts": "the event that starts the clock", "if_missed": "what happens when the time runs out"}
TIME_LIMIT_EXAMPLES = {"starts": "the contact is received", "if_missed": "the team manager is told the same day"}

CONDITION_LEAF_OPS = ("equals", "not_equals", "in", "answered")
CONDITION_GROUP_OPS = ("all", "any", "not")

# Example values used in "add this key" fixes.
EXAMPLES = {
    "kind": "form", "id": "my-form", "title": "A short title", "version": "1",
    "purpose": "Why this form exists, in plain words", "sections": "[...]", "fields": "[...]",
    "label": "The question, as the person will read it", "type": "short_text", "start": "first-step",
    "steps": "[...]", "to": "next-step", "value": "an_option", "field": "an_earlier_field",
}


def readable(value: str) -> str:
    """An option value made readable as a label: 'step_parent' → 'Step parent'."""
    text = str(value).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    """A valid identifier made from free text, for "did you mean" suggestions."""
    out = re.sub(r"[^a-z0-9_-]+", "_", str(text).strip().lower()).strip("_-")
    if not out or not out[0].isalpha():
        out = "x_" + out
    return out[:64]


# Agencies in their proper form: one home for every export, the preview and the privacy summary.
# (id → the name a list shows, the words said to the person.) Other ids are made readable.
AGENCY_NAMES = {
    "gp": ("GP", "your GP"), "nhs_england": ("NHS England", "NHS England"),
    "dfe": ("Department for Education", "the Department for Education"),
    "police": ("Police", "the police"), "school": ("School", "your school"),
    "health_visitor": ("Health visitor", "your health visitor"), "health_team": ("Health team", "the health team"),
    "virtual_school": ("Virtual School", "the Virtual School"), "nhs_trust": ("NHS trust", "the NHS trust"),
    "shared_care_record": ("Shared care record", "the shared care record"),
    "housing": ("Housing", "the housing team"), "probation": ("Probation Service", "the Probation Service"),
    "cqc": ("Care Quality Commission", "the Care Quality Commission"),
}


def agency_name(agency_id: str) -> str:
    """An agency id in its proper form: 'gp' → 'GP', 'nhs_england' → 'NHS England', 'health_visitor' → 'Health visitor'.

    An id not in the table is read word by word; a word without a vowel is read as initials ('nhs').
    """
    known = AGENCY_NAMES.get(agency_id)
    if known:
        return known[0]
    words = readable(agency_id).split(" ")
    return " ".join(w.upper() if w and not set(w.lower()) & set("aeiouy") else w for w in words)


def agency_for_person(agency_id: str) -> str:
    """How the agency is named to the person: 'gp' → 'your GP', 'police' → 'the police'."""
    known = AGENCY_NAMES.get(agency_id)
    return known[1] if known else agency_name(agency_id)


# What the information is for, said to the person (the privacy summary, the example record).
# `legal_evidence` is what shows how a decision about them was made: never "in case a court needs
# it" over questions about food and drink. Never statute wording.
PURPOSE_FOR_ADULT = {
    "practice": "To understand you and plan your support",
    "statutory_return": "To count how many people we help (the government asks for these numbers)",
    "performance": "To check that our service works well",
    "inspection": "So that inspectors can check our work",
    "finance": "To work out money and payments",
    "legal_evidence": "To show how we made decisions about you, so they can be checked",
    "safeguarding": "To keep you and other people safe",
    "administration": "To run our service",
}
PURPOSE_FOR_CHILD = {
    "practice": "To help you",
    "statutory_return": "To count how many children we help",
    "performance": "To check that we do a good job",
    "inspection": "So other people can check our work",
    "finance": "To sort out money",
    "legal_evidence": "To show how we made choices about you",
    "safeguarding": "To keep you safe",
    "administration": "To run things",
}
