"""The studio's own words, by key: one place for every sentence a studio screen shows, in English.

Screens ask `word(key, **facts)` instead of writing sentences inline, so a Welsh studio can be
added later as data (a second mapping with the same keys, chosen in `STUDIO`), with no screen
changed. The words live in one module per screen area (`ui/words/pages.py`, `editor.py`,
`preview.py`, `guided.py`, `workshop.py`), each a plain `WORDS` mapping; `word` is the one lookup.
Facts fill `{name}` places; text people wrote must be made safe (`ui.text.md`) before it is passed
in, as anywhere else.

The words of the form itself as the person reads it ("Yes", "(required)") are not the studio's:
they follow the language the form is read in (`forms.vocabulary.form_word`, which exporters use too).
"""

from __future__ import annotations

from ui.words import editor, guided, pages, preview, workshop

__all__ = ["ENGLISH", "STUDIO", "STUDIO_LANGUAGE", "word"]


def _merged(*modules) -> dict[str, str]:
    """One table from the screen areas' tables; a key written in two areas is a mistake, caught at import."""
    table: dict[str, str] = {}
    for module in modules:
        twice = table.keys() & module.WORDS.keys()
        if twice:
            raise ValueError(f"studio words defined twice: {sorted(twice)}")
        table.update(module.WORDS)
    return table


ENGLISH: dict[str, str] = _merged(pages, editor, preview, guided, workshop)

# Studio languages: tag → words. Only English so far; a missing key falls back to the English words.
STUDIO: dict[str, dict[str, str]] = {"en": ENGLISH}
STUDIO_LANGUAGE = "en"


def word(key: str, **facts: object) -> str:
    """The studio's words for KEY in the studio's language, with FACTS filled in."""
    text = STUDIO.get(STUDIO_LANGUAGE, ENGLISH).get(key) or ENGLISH[key]
    return text.format(**facts) if facts else text
