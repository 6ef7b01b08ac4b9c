"""XLSForm export: a form as an `.xlsx` workbook (survey, choices, settings) that pyxform compiles to an XForm.

Mapping (xlsform.org): each section is a `begin_group`/`end_group` (its intro a `note`), a repeating
group a `begin_repeat`/`end_repeat`; short_text → `text`, long_text → `text` with appearance
`multiline`, number → `integer` or `decimal`, date → `date`, yes_no → `select_one yes_no` (the
standard's own yes/no list), choices → `select_one`/`select_multiple` with one list per field,
scale → `range` (start/end; step 1 is the default), guidance → `note`. `show_if` becomes `relevant`,
validation a `constraint` with a plain-English `constraint_message`, and Coform's metadata goes in
`bind::coform:<key>` columns (namespace declared in settings), which pyxform keeps as attributes
of each field's `<bind>`.

Text stays text: every cell is written as a string cell, so `=HYPERLINK(...)` is never a formula,
and cells a spreadsheet would take for a formula also carry the quote-prefix style (so editing them
keeps them text). Because XLSForm reads `${name}` in labels, hints and bind attributes as a
reference to an answer, a word joiner (U+2060) is put between `$` and `{` in written text; values
inside expressions are XPath literals split with `concat()` instead, so they stay exact.
A form in several languages (docs/format.md "Languages") gets one `label::Welsh (cy)` column per
language for every text column (label, hint, constraint_message, and the choices' label), named as
pyxform reads them, and `default_language` in settings; a text not yet translated is written in the
main language, as people reading in that language see it. An English-only form keeps plain columns.
The workbook's bytes are deterministic: fixed document dates, and zip entries in name order with
fixed times. What XLSForm cannot say (repeat item limits, scale end labels, ...) is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporter.base import ExportFile, ExportResult, Subject, coform_url, file_stem, register
from exporter.cells import EXCEL_CELL_LIMIT, workbook_bytes, xml_text
from exporter.xlsform_xpath import constraint, number, relevant
from forms.consent import consent_questions
from forms.errors import Code, Issue
from forms.languages import text_in
from forms.model import Field, Form, Option, Section
from forms.vocabulary import CODE_COLUMN, CODE_SYSTEM_COLUMN, form_word, language_name

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
META = "bind::coform:"
SURVEY_COLUMNS = (
    "type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message",
    "appearance", "parameters",
)
METADATA = (
    "id", "purpose", "completed_by", "own_words", "data_category", "special_category", "lawful_basis",
    "processing_condition", "visible_to_person", "shared_with", "retention", "statutory_item",
    "min_label", "max_label", "min_items", "max_items", "consent_for",
)
ALWAYS = ("type", "name", "label")  # survey columns kept even when empty, so the sheet reads as an XLSForm
PLAIN_TYPES = {"short_text": "text", "long_text": "text", "date": "date", "guidance": "note"}
YES_NO = ("yes", "no")  # the standard list's names; its labels are the form's words in each language
RESERVED = {"meta": "pyxform keeps 'meta' for the form's own metadata"}
ROOT = "data"  # pyxform's default root element; a repeat may not share its name
JOINER = "\u2060"  # WORD JOINER: invisible, and breaks XLSForm's '${' reference syntax
TRANSLATED = ("label", "hint", "constraint_message")  # the survey columns written once per language
Row = dict[str, str]


@dataclass(frozen=True, slots=True)
class Sheets:
    """The workbook's content as plain rows (header first) and what the reader should know."""

    survey: tuple[tuple[str, ...], ...]
    choices: tuple[tuple[str, ...], ...]
    settings: tuple[tuple[str, ...], ...]
    warnings: tuple[Issue, ...] = ()

    def as_dict(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        return {"survey": self.survey, "choices": self.choices, "settings": self.settings}


@register("xlsform", ("form",), "XLSForm workbook (survey, choices, settings) for ODK, Kobo and other XForm tools")
def export_xlsform(subject: Subject) -> ExportResult:
    """The form as `<stem>.xlsx`, with warnings for whatever XLSForm cannot carry."""
    form = subject.document
    if not isinstance(form, Form):
        raise TypeError("the XLSForm export takes a form, not a workflow")
    sheets = xlsform_sheets(form)
    data = workbook_bytes(sheets.as_dict(), form.title)
    return ExportResult((ExportFile(f"{file_stem(form)}.xlsx", data, MEDIA_TYPE),), sheets.warnings)


def language_column(tag: str) -> str:
    """The language part of a translated column as pyxform reads it: 'Welsh (cy)' (name, then the tag).

    The bracket is for machines (ODK reads it for text direction and speech) and must be a registered
    subtag, so a private-use variant gives its language: Easy Read is 'Easy Read (en)', told apart
    from 'English (en)' by its name, which the importer reads back as en-x-easy.
    """
    return f"{language_name(tag)} ({tag.split('-x-')[0]})"


def xlsform_sheets(form: Form) -> Sheets:
    """The survey, choices and settings rows for a form (no file yet: tests and goldens read these)."""
    return _Builder(form).build()


# --- names ---------------------------------------------------------------------------------


def _names(form: Form) -> tuple[dict[str, str], dict[str, str], list[tuple[Field, str, str]]]:
    """XLSForm names for fields and sections: unique over the whole survey, as `${...}` needs.

    Coform ids are already XML names; only pyxform's reserved names and a section sharing an id
    with a field need another name, chosen the same way every time.
    """
    fields = [p.field for p in form.walk()]
    taken = {f.id for f in fields if _reserved(f) is None}
    renamed: list[tuple[Field, str, str]] = []
    field_names: dict[str, str] = {}
    for f in fields:
        reason = _reserved(f)
        field_names[f.id] = f.id if reason is None else _free(f"{f.id}_field", taken)
        if reason is not None:
            renamed.append((f, field_names[f.id], reason))
    section_names = {}
    for section in form.sections:
        clash = section.id in taken or section.id in RESERVED
        section_names[section.id] = _free(f"{section.id}_section", taken) if clash else _free(section.id, taken)
    return field_names, section_names, renamed


def _reserved(f: Field) -> str | None:
    if f.id in RESERVED:
        return RESERVED[f.id]
    if f.id == ROOT and f.type == "repeating_group":
        return f"a repeat may not be named like the form's root element '{ROOT}'"
    return None


def _free(want: str, taken: set[str]) -> str:
    """`want`, or `want_2`, `want_3`, ... : the first not yet taken (which it then takes)."""
    name, n = want, 1
    while name in taken:
        n += 1
        name = f"{want}_{n}"
    taken.add(name)
    return name


# --- the sheets ----------------------------------------------------------------------------


class _Builder:
    """Walks the form once, writing survey rows and choice lists and collecting warnings."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.fields = {p.field.id: p.field for p in form.walk()}
        self.names, self.section_names, renamed = _names(form)
        self.taken = set(self.names.values()) | set(self.section_names.values())
        self.rows: list[Row] = []
        self.choices: list[tuple[str, ...]] = []  # list, name, label, code system, code, other languages' labels
        self.main, self.others = form.languages[0], form.languages[1:]
        self.named = form.languages != ("en",)  # columns name their language (a Welsh-only form's too)
        self.lists: set[str] = set()
        self.yes_no = ""
        self.warnings: dict[tuple[str, int, int, str], Issue] = {}
        for f, new, reason in renamed:
            self.warn(Code.EXPORT_XLSFORM_RENAMED, f.loc, where=f"field '{f.id}'", old=f.id, new=new, reason=reason)
        for section in form.sections:
            if self.section_names[section.id] != section.id:
                self.warn(Code.EXPORT_XLSFORM_RENAMED, section.loc, where=f"section '{section.id}'", old=section.id,
                          new=self.section_names[section.id], reason="a field or reserved name has the same id, and "
                          "XLSForm names must be unique in the whole form")

    def warn(self, code: Code, loc: tuple[int, int], **facts: str | int) -> None:
        issue = code.issue("", loc[0], loc[1], **facts)
        self.warnings.setdefault((issue.code, issue.line, issue.column, issue.message), issue)

    def text(self, value: str | None, where: str, what: str, loc: tuple[int, int], references: bool = True) -> str:
        """Free text as a cell: storable, shown as written (not read as a reference), and reported when adjusted."""
        if not value:
            return ""
        cleaned, changed = xml_text(value)
        if changed:
            count = sum(a != b for a, b in zip(cleaned, value, strict=True))
            self.warn(Code.EXPORT_CONTROL_CHARACTERS, loc, where=where, what=what, count=count)
        if references and "${" in cleaned:
            cleaned = cleaned.replace("${", "$" + JOINER + "{")
            self.warn(Code.EXPORT_XLSFORM_REFERENCE_TEXT, loc, where=where, what=what)
        if len(cleaned) > EXCEL_CELL_LIMIT:
            self.warn(Code.EXPORT_CELL_TOO_LONG, loc, where=where, what=what, length=len(cleaned),
                      consequence=f"the workbook keeps the first {EXCEL_CELL_LIMIT:,}")
            cleaned = cleaned[:EXCEL_CELL_LIMIT]  # what openpyxl would store anyway, now said out loud
        return cleaned

    def build(self) -> Sheets:
        form = self.form
        if any(p.field.type == "yes_no" or consent_questions(p.field) for p in form.walk()):
            self.yes_no = self.new_list("yes_no", [(v, form_word(v, self.main)) for v in YES_NO],
                                        translations=tuple(tuple(form_word(v, t) for t in self.others) for v in YES_NO))
        for section in form.sections:
            self.section(section)
        columns = [c for c in SURVEY_COLUMNS if c in ALWAYS or any(r.get(c) for r in self.rows)]
        columns += [META + k for k in METADATA if any(r.get(META + k) for r in self.rows)]
        keys = [key for c in columns for key in ((c, *(f"{c}::{t}" for t in self.others))
                                                  if self.others and c in TRANSLATED else (c,))]
        for row in self.rows:  # a text nobody translated reads in the main language in every language
            for key in keys:
                if "::" in key and not row.get(key):
                    row[key] = row.get(key.split("::")[0], "")
        survey = (tuple(self.header(k) for k in keys), *(tuple(r.get(k, "") for k in keys) for r in self.rows))
        # Statutory code lists ride in extra columns, only when an option is on one, so other forms read as before.
        coded = any(row[3] for row in self.choices)
        labels = tuple(self.header(k) for k in ("label", *(f"label::{t}" for t in self.others)))
        header = ("list_name", "name", *labels) + ((CODE_SYSTEM_COLUMN, CODE_COLUMN) if coded else ())
        choices = (header, *(row[:3] + row[5:] + (row[3:5] if coded else ()) for row in self.choices))
        title = self.text(form.title, "the form", "title", form.at("title"), references=False)
        settings = (("form_title", "form_id", "version", "namespaces"),
                    (title, form.id, str(form.version), f'coform="{coform_url()}"'))
        if self.named:
            settings = tuple((*row, value) for row, value in zip(
                settings, ("default_language", language_column(self.main)), strict=True))
        warnings = sorted(self.warnings.values(), key=lambda i: (i.line, i.column, i.code))
        return Sheets(survey, choices, settings, tuple(warnings))

    def header(self, key: str) -> str:
        """A row key as its column: 'label::cy' → 'label::Welsh (cy)', and the main language's when there are others."""
        base, _, tag = key.partition("::")
        if not self.named or base not in TRANSLATED:
            return key
        return f"{base}::{language_column(tag or self.main)}"

    def translated(self, obj: Form | Section | Field | Option, key: str, where: str, what: str,
                   loc: tuple[int, int], column: str = "") -> Row:
        """{column: main text, column::tag: text in each other language} for one translatable text."""
        column = column or key
        cells = {column: self.text(getattr(obj, key), where, what, loc)}
        for tag in self.others:
            cells[f"{column}::{tag}"] = self.text(text_in(obj, key, tag, self.main), where,
                                                  f"{what} ({language_name(tag)})", loc)
        return cells

    def new_list(self, want: str, options: tuple[tuple[str, str], ...] | list[tuple[str, str]],
                 codings: tuple[tuple[str | None, str], ...] = (),
                 translations: tuple[tuple[str, ...], ...] = ()) -> str:
        name = _free(want, self.lists)
        codes = codings or ((None, ""),) * len(options)
        # Options without their own translations read in the main language everywhere.
        others = translations or tuple((label,) * len(self.others) for _, label in options)
        self.choices.extend((name, value, label, system or "", code if system else "", *other)
                            for (value, label), (system, code), other in zip(options, codes, others, strict=True))
        return name

    def section(self, section: Section) -> None:
        where = f"section '{section.id}'"
        name = self.section_names[section.id]
        begin: Row = {"type": "begin_group", "name": name,
                      **self.translated(section, "title", where, "title", section.at("title"), "label")}
        if name != section.id:
            begin[META + "id"] = section.id
        self.rows.append(begin)
        if section.intro:
            self.rows.append({"type": "note", "name": _free(f"{name}_intro", self.taken),
                              **self.translated(section, "intro", where, "intro", section.at("intro"), "label")})
        for f in section.fields:
            self.field(f)
        self.rows.append({"type": "end_group"})

    def field(self, f: Field) -> None:
        where = f"field '{f.id}'"
        row: Row = {"name": self.names[f.id], **self.translated(f, "label", where, "label", f.at("label"))}
        if f.show_if is not None:
            row["relevant"] = relevant(f.show_if, self.fields, self.names)
        if f.type == "repeating_group":
            self.repeat(f, row, where)
            return
        row["type"] = self.type_of(f, row)
        row.update(self.translated(f, "hint", where, "hint", f.at("hint")))
        if f.type == "guidance":
            self.rows.append(row)
            return
        if f.required:
            row["required"] = "yes"
        row["constraint"], message = constraint(f)
        row["constraint_message"] = self.text(message, where, "constraint message", f.loc)
        self.metadata(f, row, where)
        if f.type == "scale":
            self.scale(f, row, where)
        self.rows.append(row)
        self.consent(f, where)

    def consent(self, f: Field, where: str) -> None:
        """Right after an answer shared only by agreement: the person's yes or no, asked once it is given."""
        for q in consent_questions(f):
            self.rows.append({
                "type": f"select_one {self.yes_no}", "name": _free(q.id, self.taken),
                "label": self.text(q.label, where, "consent question", f.at("shared_with")),
                "hint": q.hint, "required": "yes", "relevant": f"${{{self.names[f.id]}}} != ''",
                META + "consent_for": self.names[f.id], META + "shared_with": q.agency,
                META + "purpose": "legal_evidence", META + "completed_by": "person", META + "lawful_basis": "consent",
                META + "visible_to_person": "true",
            })

    def type_of(self, f: Field, row: Row) -> str:
        if f.type in PLAIN_TYPES:
            if f.type == "long_text":
                row["appearance"] = "multiline"
            return PLAIN_TYPES[f.type]
        if f.type == "number":
            return "integer" if f.integer else "decimal"
        if f.type == "yes_no":
            return f"select_one {self.yes_no}"
        if f.type in ("single_choice", "multi_choice"):
            where = f"field '{f.id}'"
            cells = [self.translated(o, "label", where, f"label of option '{o.value}'",
                                     o.loc if o.loc != (0, 0) else f.loc) for o in f.options]
            options = [(o.value, c["label"]) for o, c in zip(f.options, cells, strict=True)]
            others = tuple(tuple(c[f"label::{t}"] for t in self.others) for c in cells)
            name = self.new_list(self.names[f.id], options, tuple(o.coding() for o in f.options), others)
            return f"{'select_one' if f.type == 'single_choice' else 'select_multiple'} {name}"
        if f.type == "scale":
            # XLSForm's range defaults are start=1, end=10, step=1: write only what Coform says.
            bounds = [f"{key}={number(v)}" for key, v in (("start", f.min), ("end", f.max)) if v is not None]
            row["parameters"] = " ".join(bounds)
            return "range"
        raise ValueError(f"field '{f.id}': no XLSForm type for '{f.type}'")

    def scale(self, f: Field, row: Row, where: str) -> None:
        for key in ("min_label", "max_label"):
            value = getattr(f, key)
            if value:
                row[META + key] = self.text(value, where, key.replace("_", " "), f.at(key))
                self.warn(Code.EXPORT_XLSFORM_NOT_CARRIED, f.at(key), where=where, what=f"the scale's {key}",
                          effect="show it beside the scale", kept_in=META + key,
                          fix="add the words to the hint if the people filling the form in need them.")
        for key, default in (("min", "start=1"), ("max", "end=10")):
            if getattr(f, key) is None:
                self.warn(Code.EXPORT_XLSFORM_DEFAULT_USED, f.loc, where=where, what=f"the scale's {key}",
                          default=default, fix=f"Give the scale a {key} so every system shows the same ends.")

    def repeat(self, f: Field, row: Row, where: str) -> None:
        if f.hint:
            # A repeat has no hint of its own in XForms (pyxform drops it): show it as a note just before.
            note = {"type": "note", "name": _free(f"{self.names[f.id]}_hint", self.taken),
                    **self.translated(f, "hint", where, "hint", f.at("hint"), "label")}
            if "relevant" in row:
                note["relevant"] = row["relevant"]
            self.rows.append(note)
        row["type"] = "begin_repeat"
        self.metadata(f, row, where)
        # A required repeat needs at least one item: the same rule as min_items 1, and as uncarried.
        low = f.min_items if f.min_items is not None else (1 if f.required else None)
        for key, value in (("min_items", low), ("max_items", f.max_items)):
            if value is not None:
                row[META + key] = str(value)
                self.warn(Code.EXPORT_XLSFORM_NOT_CARRIED, f.at(key if key in f.locs else "required"), where=where,
                          what=f"the limit {key} = {value}", effect="enforce how many items are recorded",
                          kept_in=META + key,
                          fix="check the number of items in the receiving system, or say the limit in the hint.")
        self.rows.append(row)
        for child in f.fields:
            self.field(child)
        self.rows.append({"type": "end_repeat"})

    def metadata(self, f: Field, row: Row, where: str) -> None:
        """Coform's facts about the field, in `bind::coform:` columns (kept as bind attributes in the XForm)."""
        if self.names[f.id] != f.id:
            row[META + "id"] = f.id
        values = {
            "purpose": f.purpose, "completed_by": f.completed_by, "own_words": _bool(f.own_words),
            "data_category": f.data_category, "special_category": f.special_category or "",
            "lawful_basis": f.lawful_basis or "", "processing_condition": f.processing_condition or "",
            "visible_to_person": _bool(f.visible_to_person), "shared_with": " ".join(f.shared_with),
        }
        for key, value in values.items():
            row[META + key] = value
        for key in ("retention", "statutory_item"):
            row[META + key] = self.text(getattr(f, key), where, key.replace("_", " "), f.at(key))


def _bool(value: bool) -> str:
    return "true" if value else "false"
