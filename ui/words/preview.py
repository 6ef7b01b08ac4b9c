"""The words of the preview: its pages, the person's record, the print view and the language switch."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # --- the preview (ui/preview.py, ui/preview_widgets.py, ui/language_switch.py) ---
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
    "preview.hidden_for_now": "Hidden for now: {label}. Shown when {condition}.",
    "preview.filled_in_by": "Filled in by: {who}",
    "preview.kept_for": "kept for: {purpose}",
    "preview.not_shown": "not shown to the person",
    "preview.at_most": "at most {high}",
    "preview.no_upper_limit": "no upper limit",
    "preview.items": "{count} item(s): at least {low}, {limits}.",
    "preview.no_preview": "{label} ({kind}: no preview for this type)",
    "preview.language": "Language",
    "preview.language_help": "The form in each of the languages it is written in. Answers typed so far are kept.",
    "preview.reading_age_other_language": (
        "Reading age: not measured in {language}. Coform's reading-age measures are made for English "
        "and Easy Read; switch to English to see it."),
    "preview.reading_age.nothing": "Reading age: nothing in this section is written for the person.",
    "preview.reading_age.too_little": (
        "Reading age: too little text to score ({words} words; scoring needs {needs} words in {sentences} "
        "sentences). Short labels are never scored alone."),
    "preview.reading_age.within": "Reading age: about {age}, within the aim of 9 or under ({words} words).",
    "preview.reading_age.no_long_words": "none stand out; the sentences are long",
    "preview.reading_age.above": (
        "Reading age: about {age}, above the aim of 9 or under ({words} words). Longest words: {longest}."),
    # --- the person's record (ui/record_view.py) ---
    "record.use_typed": "Use the answers filled in the preview (a time trial's, say)",
    "record.heading": "The record as the person will read it",
    "record.source_typed": "the answers filled in the preview",
    "record.source_examples": "each question's example",
    "record.about": ("An example of the record from \u201c{title}\u201d, filled in with sample answers ({source}). "
                     "The story comes first, in the person's words, then the facts."),
    "record.no_examples": ("No question has an example answer yet. Give questions an example (the key 'example:') "
                           "to see the record the person will get."),
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
}
