"""The studio's own words, by key: one place for every sentence a studio screen shows, in English.

Screens ask `word(key, **facts)` instead of writing sentences inline, so a Welsh studio can be
added later as data (a second mapping with the same keys, chosen in `STUDIO`), with no screen
changed. Facts fill `{name}` places; text people wrote must be made safe (`ui.text.md`) before it
is passed in, as anywhere else. Moved here so far: the preview's page chrome and language switch,
and the guided editor; other screens still write their words inline.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # --- the preview (ui/preview.py, ui/language_switch.py) ---
    "preview.language": "Language",
    "preview.language_help": "The form in each of the languages it is written in. Answers typed so far are kept.",
    "preview.reading_age_other_language": (
        "Reading age: not measured in {language}. Coform's reading-age measures are made for English "
        "and Easy Read; switch to English to see it."),
}

# Studio languages: tag → words. Only English so far; a missing key falls back to the English words.
STUDIO: dict[str, dict[str, str]] = {"en": ENGLISH}
STUDIO_LANGUAGE = "en"


def word(key: str, **facts: object) -> str:
    """The studio's words for KEY in the studio's language, with FACTS filled in."""
    text = STUDIO.get(STUDIO_LANGUAGE, ENGLISH).get(key) or ENGLISH[key]
    return text.format(**facts) if facts else text
