"""The one catalog of problems Coform reports: stable codes, what is wrong, how to fix it.

Every message anywhere in Coform (loader, validator, lints, importers, CLI) is made from an
entry here, so codes stay stable and wording stays in one place. Tests assert codes and
locations, never wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from itertools import groupby

ERROR = "error"
WARNING = "warning"
# Every command line's exit status: done (warnings allowed), refused or invalid input, misused command.
OK, INVALID, USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Detail:
    """One catalog entry: a stable code, a severity, and templates for what and how to fix."""

    code: str
    severity: str
    what: str
    fix: str


class Code(Enum):
    """Every problem Coform can report. The member value holds the stable code string."""

    # --- Reading the file ---------------------------------------------------------------
    YAML_SYNTAX = Detail("YAML_001", ERROR, "the YAML cannot be read: {problem}", "{fix}")
    YAML_TOO_LARGE = Detail(
        "YAML_002", ERROR, "the file is {size} bytes, more than the limit of {limit} bytes",
        "Split it into smaller forms, or remove pasted text that does not belong in a form definition.")
    YAML_NOT_UTF8 = Detail(
        "YAML_003", ERROR, "the file is not valid UTF-8 text (byte {byte} cannot be decoded)",
        "Save the file as UTF-8 (in most editors: 'Save with encoding' and choose UTF-8).")
    YAML_EMPTY = Detail(
        "YAML_004", ERROR, "the file is empty",
        "Start the file with 'kind: form' or 'kind: workflow'; see the README for an example.")
    YAML_TAB = Detail(
        "YAML_005", ERROR, "a tab character is used for indentation",
        "YAML only allows spaces for indentation: replace the tab with spaces.")
    YAML_DUPLICATE_KEY = Detail(
        "YAML_006", ERROR, "the key '{key}' appears twice in the same mapping (first at line {first})",
        "Keep one of them; YAML would otherwise silently drop the first value.")
    YAML_UNSAFE_TAG = Detail(
        "YAML_007", ERROR, "the tag '{tag}' is not allowed",
        "Remove the tag: Coform files hold plain text, numbers, true/false, lists and mappings only.")
    YAML_ALIAS_LIMIT = Detail(
        "YAML_008", ERROR, "aliases (*name) expand to more than {limit} values{extra}",
        "Write the repeated content out, or use fewer nested aliases.")
    YAML_TOO_DEEP = Detail(
        "YAML_009", ERROR, "the content is nested more than {limit} levels deep",
        "Flatten the structure: forms need only a few levels (sections, fields, conditions).")
    YAML_MULTIPLE_DOCUMENTS = Detail(
        "YAML_010", ERROR, "the file holds more than one YAML document ('---' separator)",
        "Put each form or workflow in a file of its own.")
    YAML_NOT_MAPPING = Detail(
        "YAML_011", ERROR, "the file must be a mapping of keys (kind:, id:, ...), not {found}",
        "Start the file with 'kind: form' or 'kind: workflow' followed by the other keys.")
    YAML_COMPLEX_KEY = Detail(
        "YAML_012", ERROR, "a key must be a plain word, not a {found}",
        "Write the key as a single word such as 'label:'.")
    YAML_NOT_FINITE = Detail(
        "YAML_013", ERROR, "'{text}' is not a number Coform can use (it means {meaning})",
        "Write an ordinary number such as 10, or put the text in quotes if it is meant as words.")
    YAML_NUMBER_TOO_LONG = Detail(
        "YAML_014", ERROR, "this number has {digits} digits, more than the {limit} Coform reads",
        "Write a smaller number, or put it in quotes if it is text such as a reference.")
    FILE_UNREADABLE = Detail(
        "FILE_001", ERROR, "the file cannot be read: {reason}",
        "Check that the path is right and that you have permission to read it.")
    FILE_NONE_FOUND = Detail(
        "FILE_002", ERROR, "no .yaml files were found here",
        "Give a .yaml file, or a folder that contains .yaml files.")
    FILE_NOT_REGULAR = Detail(
        "FILE_003", ERROR, "this is {found}, not a regular file",
        "Give the path of a file saved on disk; a named pipe, device or socket is never read (it may never end).")
    # Opening and saving in the studio (forms/storage.py). The file's name is where: these are shown
    # beside the editor, not on a command line, so the name is part of the sentence.
    FILE_OPEN_MISSING = Detail(
        "FILE_004", ERROR, "{name} does not exist (it may have been moved or deleted)",
        "Check the folder it was in, then choose the form again from the list.")
    FILE_OPEN_NOT_A_FILE = Detail(
        "FILE_005", ERROR, "{name} is {kind}, not a file saved on disk; it is never opened (reading it could wait "
        "for ever)",
        "Open a form saved as an ordinary .yaml file.")
    FILE_OPEN_TOO_LARGE = Detail(
        "FILE_006", ERROR, "{name} is {size} bytes, more than the {limit} bytes a form may be; it was not opened",
        "Split it into smaller forms, or remove pasted text that does not belong in a form definition.")
    FILE_SAVE_INVALID = Detail(
        "FILE_007", ERROR, "Not saved: the text has {count} (errors block saving; warnings do not). "
        "First{at}: {first}",
        "Fix the errors, then save.")
    FILE_SAVE_NOT_UTF8 = Detail(
        "FILE_008", ERROR, "Not saved: the text holds characters that cannot be saved as UTF-8",
        "Nothing was written; your text is still in the editor. Remove the broken characters (usually left by a "
        "paste), then save again.")
    FILE_SAVE_GONE = Detail(
        "FILE_009", ERROR, "Not saved: {name} was moved or deleted since you opened it",
        "Save anyway to create it again, or save your text as a new file.")
    FILE_SAVE_CONFLICT = Detail(
        "FILE_010", ERROR, "Not saved: someone else changed {name} since you opened it",
        "Compare the two versions, then keep yours, take theirs, or save yours as a new file.")
    FILE_SAVE_DENIED = Detail(
        "FILE_011", ERROR, "Not saved: Coform is not allowed to {action} {place} (permission denied)",
        "Ask whoever looks after that folder for write access, or save your text as a new file somewhere you can "
        "write. Nothing on disk was changed; your text is still in the editor.")
    FILE_SAVE_DISK_FULL = Detail(
        "FILE_012", ERROR, "Not saved: the disk holding {place} is full",
        "Free some space, then save again. Nothing on disk was changed; your text is still in the editor.")
    FILE_SAVE_READ_ONLY = Detail(
        "FILE_013", ERROR, "Not saved: {place} is on a read-only disk",
        "Save your text as a new file somewhere else. Nothing on disk was changed; your text is still in the "
        "editor.")
    FILE_SAVE_FOLDER_GONE = Detail(
        "FILE_014", ERROR, "Not saved: the folder of {place} no longer exists",
        "Nothing on disk was changed; your text is still in the editor: save it as a new file in a folder that "
        "exists.")
    FILE_SAVE_FAILED = Detail(
        "FILE_015", ERROR, "Not saved: could not {action} {place}: {reason}",
        "Nothing on disk was changed; your text is still in the editor. Save again, or save it as a new file "
        "somewhere else.")

    # --- The guided editor (forms/editing.py) -------------------------------------------
    EDIT_YAML_BROKEN = Detail(
        "EDIT_001", ERROR, "the YAML has an error, so guided editing is paused until it is fixed ({problem})",
        "Correct the YAML in the text editor (its error is shown there with its line), then edit here again.")
    EDIT_NOT_A_FORM = Detail(
        "EDIT_002", ERROR, "guided editing works on forms (a file starting with 'kind: form')",
        "Edit a workflow in the YAML editor.")
    EDIT_NO_SECTION = Detail(
        "EDIT_003", ERROR, "there is no section '{section}'",
        "Choose a section the form has; it may have been removed or renamed in the YAML.")
    EDIT_NO_FIELD = Detail(
        "EDIT_004", ERROR, "there is no field '{field}'",
        "Choose a question the form has; it may have been removed or renamed in the YAML.")
    EDIT_NOT_SETTABLE = Detail(
        "EDIT_005", ERROR, "'{key}' cannot be set on {owner}",
        "The guided editor sets {allowed}; change anything else in the YAML editor.")
    EDIT_SECTION_EXISTS = Detail(
        "EDIT_006", ERROR, "a section called '{section}' already exists", "Choose another id for the new section.")
    EDIT_FIELD_EXISTS = Detail(
        "EDIT_007", ERROR, "a field called '{field}' already exists", "Choose another id.")
    EDIT_NOT_A_GROUP = Detail(
        "EDIT_008", ERROR, "'{field}' is not a repeating group",
        "Put the question in a section, or in a question of type 'repeating_group'.")
    EDIT_OPTION_EXISTS = Detail(
        "EDIT_009", ERROR, "'{field}' already has the option '{value}'",
        "Give the new option another value, or change the label of the one it has.")
    EDIT_NO_OPTION = Detail(
        "EDIT_010", ERROR, "'{field}' has no option '{value}'",
        "Choose one of its options; it may have been removed in the YAML.")
    EDIT_BAD_ID = Detail(
        "EDIT_011", ERROR, "{value} cannot be an id",
        "Use lower-case letters, digits, '_' and '-', starting with a letter (for example '{example}').")
    EDIT_UNKNOWN_OPERATION = Detail(
        "EDIT_012", ERROR, "'{name}' is not an edit",
        "Use one of the guided editor's operations, such as 'add_field' or 'update_field'.")

    # --- Keys and values ----------------------------------------------------------------
    SCHEMA_UNKNOWN_KEY = Detail(
        "SCHEMA_001", ERROR, "'{key}' is not a key of {owner}{suggestion}", "{fix}")
    SCHEMA_MISSING_KEY = Detail(
        "SCHEMA_002", ERROR, "{owner} has no '{key}', which is required", "Add '{key}: {example}'.")
    SCHEMA_WRONG_KIND = Detail(
        "SCHEMA_003", ERROR, "'{key}' of {owner} must be {expected}, not {found}", "{fix}")
    SCHEMA_NOT_ALLOWED = Detail(
        "SCHEMA_004", ERROR, "{value} is not an allowed value of '{key}'{suggestion}",
        "Use one of: {allowed}.")
    SCHEMA_EMPTY_TEXT = Detail(
        "SCHEMA_005", ERROR, "'{key}' of {owner} is empty", "Write the {key} in plain words.")
    LANG_BAD_TAG = Detail(
        "LANG_001", ERROR, "{value} is not a language tag{suggestion}",
        "Write a tag such as 'en' (English), 'cy' (Welsh) or 'en-x-easy' (Easy Read).")
    LANG_NOT_DECLARED = Detail(
        "LANG_002", ERROR, "'{key}' of {owner} has a text in {tag}, which the form's 'languages' does not list "
        "({declared}){suggestion}",
        "Add {tag} to 'languages:' at the top of the form, or correct the tag.")
    LANG_NO_LANGUAGES = Detail(
        "LANG_003", ERROR, "'{key}' of {owner} is written in several languages, but {document} declares none",
        "{fix}")
    LANG_NO_DEFAULT = Detail(
        "LANG_004", ERROR, "'{key}' of {owner} has no text in '{tag}', the form's first language",
        "Add '{tag}: ...' to it: the first language in 'languages:' is the one every text must have.")
    LANG_TWICE = Detail(
        "LANG_005", ERROR, "the language '{tag}' is listed twice in 'languages'",
        "List each language once; the first is the form's main language.")
    LANG_NOT_A_LANGUAGE_OF_FORM = Detail(
        "LANG_006", ERROR, "{document} is not written in {tag}: its languages are {declared}",
        "Ask for one of the languages it lists, or add {tag} to the form's 'languages:' and write its texts.")
    ID_BAD = Detail(
        "ID_001", ERROR, "{value} is not a valid identifier",
        "Identifiers start with a lower-case letter and use only a-z, 0-9, '_' and '-' "
        "(at most 64 characters){suggestion}.")
    ID_DUPLICATE = Detail(
        "ID_002", ERROR, "the {what} {value} is used twice (first at line {first})",
        "Give each {what} its own identifier.")
    ID_RETIRED_REUSED = Detail(
        "ID_010", ERROR, "the field id {value} was retired in version {since}{was}; records made before then hold "
        "answers to that question under this id",
        "Give the new question an id never used before, for example '{suggestion}' (ids in 'retired:' are kept "
        "for ever).")

    # --- Forms --------------------------------------------------------------------------
    FORM_KIND = Detail(
        "FORM_001", ERROR, "'kind' must be 'form' or 'workflow', not {found}{suggestion}",
        "Start the file with 'kind: form' or 'kind: workflow'.")
    FORM_VERSION = Detail(
        "FORM_002", ERROR, "'version' must be a whole number of 1 or more, not {found}",
        "Write 'version: 1' for a new form; publishing a change raises it by one.")
    FORM_EMPTY = Detail(
        "FORM_003", ERROR, "{owner} has no {what}", "Add at least one {what_one}.")
    FIELD_OPTIONS_REQUIRED = Detail(
        "FIELD_001", ERROR, "field '{field}' is a {type} but has no options",
        "Add 'options: [first, second]' or a list of '{{value, label}}' mappings.")
    FIELD_KEY_NOT_FOR_TYPE = Detail(
        "FIELD_002", ERROR, "field '{field}': '{key}' does not apply to a {type} field",
        "Remove '{key}', or change the type to one that uses it ({types}).")
    FIELD_UNKNOWN_TYPE = Detail(
        "FIELD_003", ERROR, "field '{field}': type {type} is not a field type{suggestion}",
        "Use one of: {allowed}.")
    FIELD_RANGE = Detail(
        "FIELD_004", ERROR, "field '{field}': '{low_key}' ({low}) is greater than '{high_key}' ({high})",
        "Swap the two values, or correct the one that is wrong.")
    FIELD_SPECIAL_CATEGORY = Detail(
        "FIELD_005", ERROR, "field '{field}': {problem}", "{fix}")
    FIELD_BAD_PATTERN = Detail(
        "FIELD_006", ERROR, "field '{field}': the pattern is not a valid regular expression ({problem})",
        "Correct the pattern, or remove it and describe the expected format in the hint.")
    FIELD_BAD_DATE = Detail(
        "FIELD_007", ERROR, "field '{field}': '{key}' must be a date such as 2024-04-01 or 'today', not {found}",
        "Write the date as YYYY-MM-DD, or 'today'.")
    FIELD_BAD_CONDITION_LETTER = Detail(
        "FIELD_008", ERROR, "field '{field}': processing_condition '{value}' is not an Article 9(2) condition",
        "Use a letter from a to j, for example 'h' (health or social care) or 'g' (substantial public interest).")
    FIELD_GROUP_EMPTY = Detail(
        "FIELD_009", ERROR, "repeating group '{field}' has no fields",
        "Add the fields each item holds under 'fields:'.")
    FIELD_TOO_FEW_OPTIONS = Detail(
        "FIELD_010", ERROR, "field '{field}': '{key}' is {value} but there are only {count} options",
        "Lower '{key}' or add options.")
    FIELD_CONSENT_NOT_SHOWN = Detail(
        "FIELD_011", ERROR, "field '{field}' is shared with {agencies} only if the person agrees, but "
        "'visible_to_person' is false: nobody can agree to share what they are not shown",
        "Show the answer to the person (remove 'visible_to_person: false'), or share it on another lawful basis "
        "(remove 'needs_consent' and 'sharing_decided_by: person').")
    FIELD_PERSON_DECIDES_NOBODY = Detail(
        "FIELD_012", ERROR, "field '{field}' says the person decides who it is shared with, but 'shared_with' "
        "names no one",
        "List the agencies the person may choose, for example 'shared_with: [gp, school]', or remove "
        "'sharing_decided_by'.")
    FIELD_BAD_EXAMPLE = Detail(
        "FIELD_013", ERROR, "field '{field}': the example {value} is not an answer it accepts",
        "Write as the example {expected}.")
    FIELD_CODE_SYSTEM_WITHOUT_ITEM = Detail(
        "FIELD_015", ERROR, "field '{field}': an option has 'code_system' but the field has no 'statutory_item'",
        "Name the statutory return item the options are coded for ('statutory_item: ...'), or remove 'code_system'.")
    FIELD_CODE_SYSTEM_NOT_URI = Detail(
        "FIELD_016", ERROR, "field '{field}': code_system {value} is not an absolute URI",
        "Write the code list's canonical address, such as https://fhir.nhs.uk/CodeSystem/... or urn:oid:1.2.3.")
    FIELD_CODE_WITHOUT_SYSTEM = Detail(
        "FIELD_017", ERROR, "field '{field}': option '{value}' has a 'code' but no 'code_system' to read it in",
        "Add 'code_system: URI' to the option, or remove 'code' (the option's value is its code).")

    # --- Conditions (show_if) -----------------------------------------------------------
    COND_SHAPE = Detail(
        "COND_001", ERROR, "this condition is not understood: {problem}",
        "Write it as {{field: ID, equals: VALUE}}, {{field: ID, not_equals: VALUE}}, {{field: ID, in: [V, ...]}}, "
        "{{field: ID, answered: true}}, or combine with {{all: [...]}}, {{any: [...]}}, {{not: ...}}.")
    COND_UNKNOWN_FIELD = Detail(
        "COND_002", ERROR, "the condition names '{field}', which is not a field of this form{suggestion}",
        "Name the id of a field that comes earlier in the form.")
    COND_LATER_FIELD = Detail(
        "COND_003", ERROR, "the condition names '{field}', which {where}",
        "A question can only depend on answers given before it: move '{field}' earlier or change the condition.")
    COND_BAD_VALUE = Detail(
        "COND_004", ERROR, "'{value}' can never be an answer to '{field}' ({type}){suggestion}", "{fix}")
    COND_NOT_COMPARABLE = Detail(
        "COND_005", ERROR, "the condition names '{field}', a {type}, {problem}", "{fix}")

    # --- Workflows ----------------------------------------------------------------------
    WORKFLOW_UNKNOWN_START = Detail(
        "WORKFLOW_001", ERROR, "'start' names '{step}', which is not a step{suggestion}",
        "Name the id of the first step.")
    WORKFLOW_UNKNOWN_TARGET = Detail(
        "WORKFLOW_002", ERROR, "step '{step}' leads to '{target}', which is not a step{suggestion}",
        "Name the id of an existing step, or add a step with that id.")
    WORKFLOW_UNREACHABLE = Detail(
        "WORKFLOW_003", ERROR, "step '{step}' can never be reached from the start '{start}'",
        "Add a 'next: [{{to: {step}}}]' on the step that should lead here, or remove the step.")
    WORKFLOW_DEAD_END = Detail(
        "WORKFLOW_004", ERROR, "step '{step}' has no 'next' and is not an end",
        "Add 'next:' with the steps that follow, or mark it 'end: true'.")
    WORKFLOW_NO_END = Detail(
        "WORKFLOW_005", ERROR, "no end step can be reached from the start '{start}'",
        "Mark the final step(s) with 'end: true' and make sure a path leads to them.")
    WORKFLOW_UNKNOWN_FORM = Detail(
        "WORKFLOW_006", ERROR, "step '{step}' uses the form '{form}', which is not known{suggestion}",
        "Use the id of a form in the library or one given in the same command.")
    WORKFLOW_END_WITH_NEXT = Detail(
        "WORKFLOW_007", ERROR, "step '{step}' is marked 'end: true' but also has 'next'",
        "Remove 'next', or remove 'end: true' if the work continues.")
    WORKFLOW_TIME_LIMIT = Detail(
        "WORKFLOW_008", ERROR, "step '{step}': time_limit {problem}",
        "Write one of {{working_days: N}}, {{days: N}} or {{hours: N}} with a positive number.")
    WORKFLOW_TRAP = Detail(
        "WORKFLOW_009", ERROR, "from step '{step}' no end can ever be reached",
        "Give one of the steps in this loop a 'next' that leads towards an end step.")
    WORKFLOW_CONDITION_NO_FORM = Detail(
        "WORKFLOW_010", ERROR, "step '{step}': the way to '{target}' has an 'if' but {problem}{suggestion}",
        "Give the step a 'form', or say whose answers the condition reads with 'answers_of: FORM_ID'.")
    WORKFLOW_CONDITION_UNKNOWN_FIELD = Detail(
        "WORKFLOW_011", ERROR, "step '{step}': the way to '{target}' reads '{field}', which is not a field of the "
        "form '{form}'{suggestion}",
        "Name a question of '{form}' (its id), or read another form's answers with 'answers_of'.")
    WORKFLOW_TIME_LIMIT_TEXT = Detail(
        "WORKFLOW_012", ERROR, "step '{step}': time_limit '{key}' must be text, not {found}",
        "Write in words {what}, for example '{key}: {example}'.")

    # --- Lints (warnings) ---------------------------------------------------------------
    LINT_READING_AGE = Detail(
        "LINT_001", WARNING, "{where}: the text the person reads needs a reading age of about {age} "
        "(Flesch-Kincaid grade {grade}); the aim is 9 or under",
        "Use shorter sentences and everyday words; hardest words here: {words}.")
    LINT_LONG_SENTENCE = Detail(
        "LINT_002", WARNING, "{where}: a sentence of {count} words (\"{start}...\")",
        "Split it so no sentence is longer than 25 words.")
    LINT_AVOID_WORD = Detail(
        "LINT_003", WARNING, "{where}: '{word}' is on the plain-English list of words to avoid",
        "Say what you mean instead, for example '{instead}'.")
    LINT_DEFICIT_LANGUAGE = Detail(
        "LINT_004", WARNING, "{where}: '{phrase}' is language that labels people",
        "Say '{instead}' (TACT, Language that cares).")
    LINT_ACRONYM = Detail(
        "LINT_005", WARNING, "{where}: the acronym '{acronym}' is not spelled out before it is used",
        "Write it in full the first time, for example 'Education, Health and Care Plan (EHCP)'.")
    LINT_NO_LAWFUL_BASIS = Detail(
        "LINT_006", WARNING, "field '{field}' records {category} data but has no lawful_basis",
        "Add 'lawful_basis:' (for statutory social care usually 'public_task' or 'legal_obligation').")
    LINT_NO_CONDITION = Detail(
        "LINT_007", WARNING, "field '{field}' records special category data but has no processing_condition",
        "Add 'processing_condition: h' (health or social care) or 'g' (substantial public interest).")
    LINT_NO_PREFER_NOT = Detail(
        "LINT_008", WARNING, "field '{field}' asks about {topic} but has no 'prefer not to say' option",
        "Add an option such as '{{value: prefer_not_to_say, label: Prefer not to say}}'.")
    LINT_ADMIN_ON_PRACTITIONER = Detail(
        "LINT_009", WARNING, "field '{field}' serves {purpose} but is left to the practitioner",
        "Could business support ('completed_by: admin') or the system ('completed_by: system') fill it?")
    LINT_MOSTLY_REQUIRED = Detail(
        "LINT_010", WARNING, "{required} of {total} fields are required",
        "Require only what the work cannot go on without; let practitioners use judgement for the rest.")
    LINT_NO_OWN_WORDS = Detail(
        "LINT_011", WARNING, "no field records the person's own words",
        "Add a long_text field with 'own_words: true', such as 'What matters most to you?'.")
    LINT_REPEATED_QUESTION = Detail(
        "LINT_012", WARNING, "field '{field}' asks the same as '{other}' (line {other_line}): \"{label}\"",
        "Ask once and reuse the answer.")
    LINT_REPEATED_IN_WORKFLOW = Detail(
        "LINT_013", WARNING, "step '{step}' asks \"{label}\" again (form '{form}', field '{field}'); "
        "it was already asked at step '{first_step}' (form '{first_form}')",
        "Carry the earlier answer forward instead of asking again (WCAG 3.3.7 Redundant Entry).")
    LINT_DUPLICATE_LABEL = Detail(
        "LINT_014", WARNING, "section '{section}' has two fields labelled \"{label}\"{in_language}",
        "Make each label say what is different about its question.")
    LINT_LONG_TEXT_NO_HINT = Detail(
        "LINT_015", WARNING, "long text field '{field}' has no hint",
        "Add a hint saying what a good answer covers.")
    LINT_TOO_MANY_OPTIONS = Detail(
        "LINT_016", WARNING, "field '{field}' offers {count} options in one choice",
        "Offer 12 or fewer, group them, or use a searchable list.")
    LINT_LONG_LABEL = Detail(
        "LINT_017", WARNING, "field '{field}'{in_language} has a label of {length} characters",
        "Keep the question under 120 characters and move the explanation into 'hint'.")
    LINT_OVER_BUDGET = Detail(
        "LINT_018", WARNING, "{what} takes about {minutes} minutes of practitioner time at most, over its budget "
        "of {budget} minutes",
        "Remove or simplify questions that do not serve practice (the burden figures show which), or agree a "
        "new budget with the people who fill it in.")
    LINT_NO_DATA_PROTECTION = Detail(
        "LINT_019", WARNING, "field '{field}' records personal data but says no {missing}",
        "Add '{key}:' to the field, or once for the whole form: 'defaults: {{{key}: {example}}}'; "
        "if it records nothing about a person, say 'data_category: none'.")
    LINT_STORY_BURIED = Detail(
        "LINT_020", WARNING, "the first question in the person's own words ('{field}') comes after {before} of the "
        "form's {total} tick-box questions: the story is buried at the end",
        "Move the own-words questions near the start, so the record reads as the person's story first and the "
        "facts after.")
    LINT_STORY_SPLIT = Detail(
        "LINT_021", WARNING, "fields '{first}' to '{last}' are {count} short text questions in a row: a story "
        "split into boxes",
        "Ask one long_text question, with a hint listing the points it could cover.")

    LINT_MISSING_TRANSLATION = Detail(
        "LINT_022", WARNING, "'{key}' of {owner} has no {language} text ({tag}): people reading in {language} "
        "will see the {default} text",
        "Add '{tag}: ...' to its {key}, or take '{tag}' out of 'languages:' until the translation is done.")
    LINT_EASY_READ_SENTENCE = Detail(
        "LINT_023", WARNING, "{where}: a sentence of {count} words, too long for Easy Read (\"{start}...\")",
        "Easy Read says one thing in each sentence, in 15 words or fewer: split it into short sentences.")

    # --- Measured timings (burden --timings) ---------------------------------------------
    TIMING_NO_COLUMNS = Detail(
        "TIMING_001", ERROR, "the timings file has no {missing} column in its first line (found: {found})",
        "Start the file with a header line naming at least the columns 'field' and 'seconds', "
        "for example 'field,seconds'.")
    TIMING_UNKNOWN_FIELD = Detail(
        "TIMING_002", WARNING, "'{field}' is not a question of {form}; this observation is not used",
        "Use the field's id as written in the form{suggestion}, or remove the row.")
    TIMING_BAD_SECONDS = Detail(
        "TIMING_003", WARNING, "'{value}' is not a number of seconds; this observation is not used",
        "Write the seconds as a number of 0 or more, for example '42' or '42.5'.")
    TIMING_TOO_FEW = Detail(
        "TIMING_004", WARNING, "'{field}' has {count} observation(s); at least 3 are needed, so its estimate is kept",
        "Time this question in more visits or trials.")
    TIMING_UNREADABLE = Detail(
        "TIMING_005", ERROR, "the timings file cannot be read: {problem}",
        "Save it as a CSV file in UTF-8 (at most {limit} bytes) with a header line 'field,seconds'.")
    TIMING_TRIALS_NOT_SAVED = Detail(
        "TIMING_006", ERROR, "the time trial could not be kept in {file}: {reason}",
        "Check that the folder beside the form can be written to, then finish the trial again.")

    # --- Importers ----------------------------------------------------------------------
    IMPORT_UNREADABLE = Detail(
        "IMPORT_001", ERROR, "the file cannot be imported: {problem}", "{fix}")
    IMPORT_TYPE_MAPPED = Detail(
        "IMPORT_002", WARNING, "{where}: {source_type} has no exact Coform type; imported as {target_type}",
        "Check the field and change its type if another fits better.")
    IMPORT_DROPPED = Detail(
        "IMPORT_003", WARNING, "{where}: {what} could not be carried over and was left out",
        "{fix}")
    IMPORT_CONDITION = Detail(
        "IMPORT_004", WARNING,
        "{where}: the condition '{expression}' could not be converted; the field is always shown",
        "Write the condition by hand as a 'show_if'.")
    IMPORT_RENAMED = Detail(
        "IMPORT_005", WARNING, "{where}: the name '{old}' is not a valid Coform identifier; it was renamed '{new}'",
        "Check references to it (in conditions or reports) use the new name.")
    IMPORT_BAD_NUMBER = Detail(
        "IMPORT_007", ERROR, "the file holds {what}, which is not a number Coform can use ({why})",
        "Correct the number in the source file (numbers must be finite and of an ordinary size), then import again.")
    IMPORT_TOO_LARGE = Detail(
        "IMPORT_008", ERROR, "the imported form would be {size} bytes of YAML, more than the {limit} bytes "
        "Coform reads",
        "Nothing was written. Import a smaller form, or split the source into several forms first.")
    IMPORT_UNPACKS_TOO_LARGE = Detail(
        "IMPORT_009", ERROR, "the workbook unpacks to {what}, more than the {limit} an XLSForm needs",
        "Nothing was imported. Check this is the right file; an XLSForm saved again from a spreadsheet program "
        "(without stray content or images) is far smaller.")
    IMPORT_CELL_TOO_LONG = Detail(
        "IMPORT_010", ERROR, "{where}: the cell holds {length} characters, more than the {limit} a spreadsheet "
        "cell may hold",
        "Nothing was imported. Shorten the text in that cell (a label or hint is a sentence or two), then import "
        "again.")
    IMPORT_NO_LABEL = Detail(
        "IMPORT_006", WARNING, "{where}: {what} has no label; it was labelled '{label}' from its name",
        "Write the label in the words the person or practitioner will read.")
    IMPORT_LANGUAGE_UNKNOWN = Detail(
        "IMPORT_011", WARNING, "{where}: the language '{language}' has no language tag Coform recognises, so its "
        "texts were left out",
        "Give the language as a BCP 47 tag, such as 'cy' for Welsh (in an XLSForm, name the column "
        "'label::Welsh (cy)'), then import again.")
    IMPORT_NO_MAIN_TEXT = Detail(
        "IMPORT_012", WARNING, "{where}: the {part} has no column in '{main}', the form's main language; the "
        "texts of '{used}' were taken as the {main} ones",
        "Check those texts in the imported form and move them to the right language by hand.")

    # --- Workshops ----------------------------------------------------------------------
    WORKSHOP_BAD_KEY = Detail(
        "WORKSHOP_001", ERROR, "this facilitator key does not open any workshop",
        "Use the facilitator key printed when the workshop was created; it is stored only as a hash and "
        "cannot be shown again.")
    WORKSHOP_BAD_TOKEN = Detail(
        "WORKSHOP_002", ERROR, "this participant token does not belong to any workshop",
        "Use the token printed when you joined this workshop, or join it again with its code.")
    WORKSHOP_BAD_JOIN_CODE = Detail(
        "WORKSHOP_003", ERROR, "no open workshop has the join code '{code}'",
        "Type the code the facilitator shows; it uses digits 2-9 and capital letters without I or O.")
    # WORKSHOP_004 (too many wrong join codes) is retired: wrong codes now slow a client down, never lock it out.
    WORKSHOP_NO_PROPOSAL = Detail(
        "WORKSHOP_005", ERROR, "this workshop has no proposal {proposal}",
        "Use a proposal number listed by 'results' for this workshop.")
    WORKSHOP_WRONG_FORM = Detail(
        "WORKSHOP_006", ERROR, "the proposal is {found}, but this workshop changes the form '{form}'",
        "Start from the workshop's form and keep 'kind: form' and 'id: {form}'.")
    WORKSHOP_NO_CHANGE = Detail(
        "WORKSHOP_007", ERROR, "the proposal changes nothing in the form",
        "Edit the form first, then propose it with a rationale.")
    WORKSHOP_NOTHING_TO_PUBLISH = Detail(
        "WORKSHOP_008", ERROR, "no accepted proposal is waiting to be published",
        "Accept a proposal with 'decide ... accept' first.")
    WORKSHOP_CONFLICT = Detail(
        "WORKSHOP_009", ERROR, "accepted proposals {first} and {second} both change {what}",
        "Nothing was published. Reject one of them, or propose one change that combines them, then publish again.")
    WORKSHOP_INVALID_VERSION = Detail(
        "WORKSHOP_010", ERROR, "the new version would not be valid: {problem}",
        "Nothing was published. Reject or amend the accepted proposal that causes it, then publish again.")
    WORKSHOP_BAD_FORM = Detail(
        "WORKSHOP_011", ERROR, "the workshop's form cannot be used: {problem}",
        "Give a valid form (check it with 'python -m forms validate'), then create the workshop again.")
    WORKSHOP_SECRET_DOTS = Detail(
        "WORKSHOP_012", ERROR, "secret ballots cannot use the dots method",
        "A dot budget can only be checked by linking a person to their ballots; use --method support or "
        "consent for a secret workshop, or drop --secret.")
    WORKSHOP_CANNOT_WRITE = Detail(
        "WORKSHOP_013", ERROR, "the new version cannot be written to '{out}': {reason}",
        "Nothing was published. Choose a folder you can write to, then publish again.")
    WORKSHOP_CLOSED = Detail(
        "WORKSHOP_014", ERROR, "the workshop '{title}' is closed",
        "Nothing more can be proposed or voted on; ask the facilitator if it should be opened again.")
    WORKSHOP_SIGNAL_NOT_YOURS = Detail(
        "WORKSHOP_015", ERROR, "{constituency} participants cannot give a {kind} signal",
        "Vendors mark feasibility and managers flag legal or policy concerns; everyone can comment instead.")
    WORKSHOP_NO_PARTICIPANT = Detail(
        "WORKSHOP_016", ERROR, "this workshop has no participant {participant}",
        "Use a participant number from this workshop's participation list.")
    WORKSHOP_NO_COMMENT = Detail(
        "WORKSHOP_017", ERROR, "this workshop has no comment {comment}",
        "Use a comment number shown on one of this workshop's proposals.")
    WORKSHOP_NOT_YOURS = Detail(
        "WORKSHOP_018", ERROR, "workshop {workshop} does not belong to the facilitator account you are signed in with",
        "Sign in with the account that created it, or open it with its facilitator key (a workshop made on the "
        "command line has only a key).")
    WORKSHOP_STALE_CONFLICT = Detail(
        "WORKSHOP_019", ERROR, "accepted proposal {proposal} was made on version {base} and changes {what}, "
        "which version {current} already changed: {current_value} in version {current}, {proposal_value} "
        "in the proposal",
        "Nothing was published. Reject proposal {proposal}, or propose the change again on version {current}, "
        "then publish again.")
    WORKSHOP_OWN_VOTE = Detail(
        "WORKSHOP_020", ERROR, "participant {participant} has already voted on proposal {proposal} themselves",
        "Their own vote stands: an assisted vote is for someone without a device. They can change their vote "
        "on their own device while the proposal is open.")
    TRIAL_UNKNOWN_VERSION = Detail(
        "WORKSHOP_026", ERROR, "version {version} of '{form}' is not stored in this workshop, so this time trial "
        "is not kept", "Reload the page and time the version the workshop shows.")
    TRIAL_UNKNOWN_FIELD = Detail(
        "WORKSHOP_027", ERROR, "the time trial times '{field}', which is not a question of version {version} of "
        "'{form}', so it is not kept", "Reload the page and time the form as the workshop shows it.")
    TRIAL_EMPTY = Detail(
        "WORKSHOP_028", ERROR, "the time trial has no answered question, so there is nothing to keep",
        "Start the trial, answer the questions as in a real visit, then press Finish.")
    WORKSHOP_RIVAL_ACCEPTED = Detail(
        "WORKSHOP_021", ERROR, "proposal {proposal} cannot be accepted: it changes {what}, which accepted proposal "
        "{accepted} changes differently",
        "Proposals {accepted} and {proposal} are rivals: only one can shape that field. Reject proposal {proposal}, "
        "or publish proposal {accepted} first and propose the change again on the new version.")
    VOTE_BAD_CHOICE = Detail(
        "VOTE_001", ERROR, "'{choice}' is not a choice of the {method} method",
        "Choose one of: {choices}.")
    VOTE_REASON_NEEDED = Detail(
        "VOTE_002", ERROR, "an objection needs a reason",
        "Add --reason saying what would have to change for you to agree, so the proposal can be amended.")
    VOTE_BAD_DOTS = Detail(
        "VOTE_003", ERROR, "{dots} dot(s) cannot be given: {why}",
        "Give a whole number of dots between 0 and the {left} you have left (each person has {budget}).")
    VOTE_CLOSED = Detail(
        "VOTE_004", ERROR, "proposal {proposal} is already {status}",
        "Votes and decisions are taken only on open proposals; see 'results' for the others.")
    VOTE_SECRET_DUPLICATE = Detail(
        "VOTE_005", ERROR, "you have already voted on proposal {proposal}",
        "In a secret workshop a ballot keeps no link to its voter, so it cannot be found again to be changed.")
    VOTE_NOT_PASSED = Detail(
        "VOTE_006", ERROR, "proposal {proposal} cannot be accepted: it did not pass under the {rule} rule ({reason})",
        "Reject it with a statement, or leave it open for more votes or an amendment.")
    VOTE_SIGNAL_ONLY = Detail(
        "VOTE_010", ERROR, "a {group} cannot vote: vendors and managers give signals, which are shown beside the "
        "tally and never counted",
        "{how} instead: 'signal' on the command line, or the signal box in the studio. Practitioners, experts by "
        "experience, business support staff and others vote; votes vendors or managers cast before this rule are "
        "kept in the record, marked not counted.")
    VOTE_NOT_THE_PICK = Detail(
        "VOTE_011", ERROR, "proposal {proposal} cannot be accepted: its rival, proposal {winner}, also changes {what} "
        "and the {rule} rule picks proposal {winner} ({why})",
        "Rivals are decided together: the rule picks the passed one with the most support. Accept proposal "
        "{winner}, or reject it with a statement first if the room prefers proposal {proposal}.")

    # --- Exporter -----------------------------------------------------------------------
    EXPORT_FORMAT_NOT_FOR_KIND = Detail(
        "EXPORT_080", ERROR, "the format '{format}' does not apply to a {kind}",
        "For a {kind} use one of: {allowed}.")
    EXPORT_CANNOT_WRITE = Detail(
        "EXPORT_081", ERROR, "the export cannot be written to '{out}': {reason}",
        "Choose a folder you can write to, with enough free space.")
    EXPORT_PREVIOUS_UNUSABLE = Detail(
        "EXPORT_090", ERROR, "the previous version cannot be used for migration notes: {problem}",
        "Give --previous the published version of the same form that this version replaces.")
    EXPORT_BAD_URL = Detail(
        "EXPORT_096", ERROR, "the environment variable COFORM_URL ({value}) cannot be a namespace: {problem}",
        "Set it to your organisation's address, such as https://forms.example-council.gov.uk/fhir, or unset it.")
    EXPORT_LANGUAGE_NOT_FOR = Detail(
        "EXPORT_100", ERROR, "--language does not apply to {what}",
        "Leave out --language: {why}")
    EXPORT_EXAMPLES_CAPPED = Detail(
        "EXPORT_098", WARNING, "{where} and {count} other branch(es) of conditions have no example record: their "
        "conditions exclude each other, and the pack stops at {records} records",
        "Test those branches by hand from ACCEPTANCE.md, or split the form: so many exclusive conditions are hard "
        "for people to follow too.")
    EXPORT_EXAMPLE_UNREACHABLE = Detail(
        "EXPORT_097", WARNING, "{where}: no answers can {branch} it, so the examples and acceptance tests have no "
        "record for that case",
        "Check the condition (and those of the questions it reads) for parts that contradict each other.")

    # Exporter: XLSForm and the CSV data dictionary (EXPORT_020–EXPORT_039).
    EXPORT_XLSFORM_NOT_CARRIED = Detail(
        "EXPORT_020", WARNING, "{where}: {what} cannot be said in XLSForm, so apps built from it will not {effect}",
        "It is kept in the column '{kept_in}' for the vendor to read; {fix}")
    EXPORT_XLSFORM_RENAMED = Detail(
        "EXPORT_021", WARNING, "{where}: the id '{old}' cannot be an XLSForm name ({reason}); it is written as '{new}'",
        "Read '{new}' as '{old}' in submitted records; the column 'bind::coform:id' keeps the Coform id.")
    EXPORT_XLSFORM_REFERENCE_TEXT = Detail(
        "EXPORT_022", WARNING,
        "{where}: the {what} contains '${{', which XLSForm reads as a reference to an answer; an invisible word "
        "joiner (U+2060) was put between '$' and '{{' so the text is shown as written",
        "Nothing to do; if you edit the file by hand, keep the joiner, or pyxform will look for an answer "
        "with that name.")
    EXPORT_CONTROL_CHARACTERS = Detail(
        "EXPORT_023", WARNING,
        "{where}: the {what} holds {count} control character(s) that XML and spreadsheets cannot store; "
        "each was replaced by U+FFFD",
        "Remove the control characters from the form's text (they are usually pasted by accident).")
    EXPORT_CELL_TOO_LONG = Detail(
        "EXPORT_024", WARNING,
        "{where}: the {what} is {length} characters long, more than the 32,767 a spreadsheet cell holds; {consequence}",
        "Shorten the text, or move the detail into guidance or the hint of another field.")
    EXPORT_XLSFORM_DEFAULT_USED = Detail(
        "EXPORT_025", WARNING, "{where}: {what} is not set, so XLSForm apps will use {default}", "{fix}")
    EXPORT_CSV_FORMULA_QUOTED = Detail(
        "EXPORT_030", WARNING,
        "{where}: the {part} begins with '{start}', which a spreadsheet would run as a formula; "
        "a ' was put in front of it",
        "Nothing to do: the text after the added ' is exactly what was written.")

    # Exporter: JSON Schema and FHIR Questionnaire (EXPORT_001–EXPORT_019).
    EXPORT_CONDITION_TOO_COMPLEX = Detail(
        "EXPORT_001", WARNING,
        "{where}: its condition ({condition}) is too complex to write in {standard}, so {effect}",
        "Split the condition (for example into two questions), or build the rule into the case system by hand; "
        "the condition is kept in words in the file.")
    EXPORT_DATE_LIMIT_UNCHECKED = Detail(
        "EXPORT_002", WARNING,
        "{where}: JSON Schema cannot compare dates, so the limit {limit} is not checked by the schema",
        "The limit is written in the field's description and in 'x-coform'; check it in the case system.")

    # Exporter: the HTML and Markdown spec (EXPORT_060–EXPORT_079).
    EXPORT_SPEC_FORM_MISSING = Detail(
        "EXPORT_060", WARNING,
        "step '{step}' names the form '{form}', which was not given to the exporter, so the spec shows the step "
        "without that form's fields, data inventory and minutes",
        "Export the workflow together with the form (give the form's file in the same command), "
        "or correct the step's form id.")

    @property
    def code(self) -> str:
        return self.value.code

    @property
    def severity(self) -> str:
        return self.value.severity

    def issue(self, path: str = "", line: int = 0, column: int = 0, **facts: object) -> Issue:
        """Make an Issue at a place, filling the catalog templates with facts."""
        detail = self.value
        what = detail.what.format_map(_Facts(facts))
        fix = detail.fix.format_map(_Facts(facts))
        return Issue(detail.code, detail.severity, what, fix, path, line, column)


def shown(value: object, limit: int = 60) -> str:
    """A value as a message shows it: text in quotes cut to `limit` characters, any other kind named.

    A pasted paragraph or a 10,000-character id must not fill the screen, and a mapping or list
    given where a word is expected is named ("a mapping") rather than printed as Python's repr.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = str(value) if not isinstance(value, int) or value.bit_length() < 128 else "a very long number"
        return text
    if isinstance(value, str):
        if len(value) <= limit:
            return f"'{value}'"
        return f"'{value[:limit]}...' ({len(value):,} characters)"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


class _Facts(dict):
    """Template facts; a missing fact renders empty rather than failing (wording only)."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True, slots=True)
class Issue:
    """One reported problem: where (path, 1-based line and column), what, and how to fix it."""

    code: str
    severity: str
    message: str
    fix: str
    path: str = ""
    line: int = 0
    column: int = 0

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def located(self, path: str) -> Issue:
        """The same issue placed in a file (locations are found before the file name is known)."""
        return Issue(self.code, self.severity, self.message, self.fix, path, self.line, self.column)

    def format(self) -> str:
        """The command-line form: PATH:LINE:COL: CODE what. How to fix."""
        where = f"{self.path or '<text>'}:{self.line}:{self.column}"
        return f"{where}: {self.code} {self.sentence()}"

    def sentence(self) -> str:
        """What is wrong and how to fix it, as one line of plain text."""
        joint = " " if self.message.endswith(("?", ".", "!")) else ". "
        return f"{self.message}{joint}{self.fix}".rstrip()

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "severity": self.severity, "message": self.message, "fix": self.fix,
            "path": self.path, "line": self.line, "column": self.column,
        }


def by_code(code: str) -> Code:
    """Look a catalog entry up by its stable code string (e.g. 'FIELD_003')."""
    return _BY_CODE[code]


_BY_CODE = {member.code: member for member in Code}
assert len(_BY_CODE) == len(Code), "two catalog entries share a code"


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Issues in reading order: by file, line, column, then code."""
    return sorted(issues, key=lambda i: (i.path, i.line, i.column, i.code))


def catalog_markdown() -> str:
    """docs/errors.md: every code with its severity, what it means and how to fix it."""
    lines = ["# Coform error and warning codes", "",
             "Generated from `forms/errors.py`; do not edit by hand. Regenerate with",
             "`python -c \"from forms.errors import catalog_markdown; print(catalog_markdown(), end='')\" "
             "> docs/errors.md`.",
             "", "Words in {braces} are filled in with the details of each problem.", ""]
    for topic, members in groupby(Code, key=lambda m: m.code.split("_")[0]):
        lines += [f"## {topic}", "", "| code | severity | what is wrong | how to fix it |", "|---|---|---|---|"]
        for member in members:
            what, fix = (text.replace("|", "\\|").replace("{{", "{").replace("}}", "}")
                         for text in (member.value.what, member.value.fix))
            lines.append(f"| {member.code} | {member.severity} | {what} | {fix} |")
        lines.append("")
    return "\n".join(lines)
