"""The studio's own words, by key: one place for every sentence a studio screen shows, in English.

Screens ask `word(key, **facts)` instead of writing sentences inline, so a Welsh studio can be
added later as data (a second mapping with the same keys, chosen in `STUDIO`), with no screen
changed. Facts fill `{name}` places; text people wrote must be made safe (`ui.text.md`) before it
is passed in, as anywhere else. Moved here so far: the preview (its pages, the person's record, the
print view, the language switch) and the guided editor; other screens still write their words inline.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # --- the preview (ui/preview.py, ui/language_switch.py) ---
    "preview.view.person": "As the person sees it",
    "preview.view.practitioner": "As the practitioner sees it",
    "preview.view.print": "Print view",
    "preview.view.record": "The person's record",
    "preview.page_title": "{number} of {total} · {title}{part}",
    "preview.page_part": " (part {part} of {parts})",
    "preview.ids_twice": "The preview cannot be drawn: these ids are used twice: {ids}.",
    "preview.nothing_for_person": (
        "Nothing in this form is shown to the person: every field is for the practitioner only."),
    "preview.part_of_section": "Part {part} of {parts} of this section.",
    "preview.section": "Section",
    "preview.previous": "Previous section",
    "preview.next": "Next section",
    "preview.required": " (required)",
    "preview.hidden_for_now": "Hidden for now: {label}. Shown when {condition}.",
    "preview.filled_in_by": "Filled in by: {who}",
    "preview.kept_for": "kept for: {purpose}",
    "preview.not_shown": "not shown to the person",
    "preview.item_of": "Item {number} of {count}",
    "preview.remove_item": "Remove item {number}",
    "preview.at_most": "at most {high}",
    "preview.no_upper_limit": "no upper limit",
    "preview.add_item": "Add an item to {label}",
    "preview.items": "{count} item(s): at least {low}, {limits}.",
    "preview.choose_one": "Choose an answer",
    "preview.choose_any": "Choose any that apply",
    "preview.type_number": "Type a number",
    "preview.no_preview": "{label} ({kind}: no preview for this type)",
    "preview.yes": "Yes",
    "preview.no": "No",
    "preview.language": "Language",
    "preview.language_help": "The form in each of the languages it is written in. Answers typed so far are kept.",
    "preview.reading_age_other_language": (
        "Reading age: not measured in {language}. Coform's reading-age measures are made for English "
        "and Easy Read; switch to English to see it."),
    # --- the person's record (ui/record_view.py) ---
    "record.use_typed": "Use the answers filled in the preview (a time trial's, say)",
    "record.heading": "The record as the person will read it",
    "record.source_typed": "the answers filled in the preview",
    "record.source_examples": "each question's example",
    "record.about": ("An example of the record from \u201c{title}\u201d, filled in with sample answers ({source}). "
                     "The story comes first, in the person's words, then the facts."),
    "record.no_examples": ("No question has an example answer yet. Give questions an example (the key 'example:') "
                           "to see the record the person will get."),
    "record.story": "#### In your words",
    "record.facts": "#### The facts",
    "record.unseen": "#### What you will not see, and why",
    "record.without_example_one": "1 more question the person would read has no example answer yet.",
    "record.without_example_many": "{count} more questions the person would read have no example answer yet.",
    # --- the print view (ui/print_view.py) ---
    "print.version": "Version {version} · {status}",
    "print.section": "{number}. {title}",
    "print.column.question": "Question",
    "print.column.answer": "Answer",
    "print.column.required": "Required",
    "print.column.who": "Filled in by",
    "print.column.shown": "Shown when",
    "print.always": "Always",
    "print.yes": "Yes",
    "print.no": "No",
    "print.one_of": "One of: {options}",
    "print.any_of": "Any of: {options}",
    "print.yes_no": "Yes / No",
    "print.short_text": "Short text",
    "print.narrative": "Narrative",
    "print.up_to_characters": " (up to {count} characters)",
    "print.whole_number": "Whole number",
    "print.number": "Number",
    "print.scale": "Scale",
    "print.date": "Date",
    "print.from_to": "{name} from {low} to {high}",
    "print.from": " from {low}",
    "print.up_to": " up to {high}",
    "print.list": "A list of items{limit}; each item asks:",
    "print.list_limit": ", up to {count}",
    "print.guidance": "Guidance: nothing recorded",
    # --- the guided editor (ui/guided_editor.py) ---
    "guided.needs_valid": "Guided editing needs a form without errors: fix the YAML first, or undo the last change.",
    "guided.task": "What do you want to change?",
    "guided.task.change_question": "Change a question",
    "guided.task.add_question": "Add a question",
    "guided.task.change_section": "Change a section",
    "guided.task.add_section": "Add a section",
    "guided.task.form_details": "Form details",
    "guided.not_set": "(not set)",
    "guided.languages": (
        "This form is written in {languages}. Each text has a box per language, side by side (one under "
        "another on a phone). A box left empty shows the {main} words in that language until it is translated."),
    "guided.in_language": "{text} — {language}",
    "guided.and": "{first} and {last}",
    "guided.question": "Question",
    "guided.label": "Question, as the person reads it",
    "guided.hint": "Hint (optional)",
    "guided.type": "Kind of answer",
    "guided.options": "Options, one per line (for choices)",
    "guided.options_in_order": "Options, one per line, in the same order in every language (for choices)",
    "guided.required": "Must be answered",
    "guided.own_words": "In the person's own words",
    "guided.visible": "The person can see it in their record",
    "guided.purpose": "Why it is recorded",
    "guided.who": "Who fills it in",
    "guided.category": "Kind of personal data",
    "guided.special": "Special category (if any)",
    "guided.basis": "Lawful basis",
    "guided.condition": "Article 9(2) condition",
    "guided.save_question": "Save this question",
    "guided.add_question": "Add this question",
    "guided.move_up": "Move up",
    "guided.move_down": "Move down",
    "guided.remove_question": "Remove this question",
    "guided.in_section": "In section",
    "guided.new_id": "Short id for the new question (letters, digits, _ )",
    "guided.new_id_placeholder": "e.g. good_day",
    "guided.section": "Section",
    "guided.section_title": "Title",
    "guided.section_intro": "Guidance shown above the section",
    "guided.save_section": "Save this section",
    "guided.section_up": "Move section up",
    "guided.section_remove": "Remove this section",
    "guided.new_section_title": "Title of the new section",
    "guided.new_section_first": "Its first question",
    "guided.add_section": "Add this section",
    "guided.form_title": "Title",
    "guided.form_purpose": "Why this form exists",
    "guided.status": "Status",
    "guided.save_form": "Save form details",
    "guided.changes": "What this change does:",
    "guided.line_error": "Line {line}: {sentence}",
    "guided.group_moves": "Questions inside a repeating group move with their group.",
}

# Studio languages: tag → words. Only English so far; a missing key falls back to the English words.
STUDIO: dict[str, dict[str, str]] = {"en": ENGLISH}
STUDIO_LANGUAGE = "en"


def word(key: str, **facts: object) -> str:
    """The studio's words for KEY in the studio's language, with FACTS filled in."""
    text = STUDIO.get(STUDIO_LANGUAGE, ENGLISH).get(key) or ENGLISH[key]
    return text.format(**facts) if facts else text
