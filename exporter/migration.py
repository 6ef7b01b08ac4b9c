"""Migration notes for a vendor: what each breaking change since the previous version means for answers
already held and for the system built on it (MIGRATION.md and migration.json in the pack).

The changes and their compatibility come from `forms.diff` (rules in `forms.compatibility`); this
module says, for each breaking change, what happens to stored answers (kept read-only, converted
and how, or archived) and what the vendor must change. Only breaking changes need a migration;
compatible ones are counted and listed in the changelog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from exporter.base import ExportFile, Subject
from exporter.templating import render
from forms.compatibility import BREAKING
from forms.diff import Change, diff
from forms.model import Field, Form

KEPT, CONVERTED, ARCHIVED, UNCHANGED = "kept_read_only", "converted", "archived", "unchanged"
ACTION_NAMES = {KEPT: "Kept read-only", CONVERTED: "Converted", ARCHIVED: "Archived", UNCHANGED: "Unchanged"}

# How an answer of one type becomes an answer of another, where it can; anything else is kept read-only.
_CONVERSIONS = {
    ("short_text", "long_text"): "copied as it is",
    ("long_text", "short_text"): "copied where it fits the new length; longer answers are kept read-only",
    ("yes_no", "single_choice"): "true becomes the option 'yes' and false the option 'no' where the new list has "
                                 "them; other answers are kept read-only",
    ("single_choice", "multi_choice"): "each answer becomes a list of one option",
    ("number", "short_text"): "written out as text (for example 3 becomes '3')",
    ("date", "short_text"): "written out as text in ISO 8601 (YYYY-MM-DD)",
    ("scale", "number"): "the point on the scale is kept as the number",
    ("number", "scale"): "kept where it lies within the scale; other answers are kept read-only",
}


@dataclass(frozen=True, slots=True)
class MigrationNote:
    """One breaking change: what it is, what happens to answers already held, what the vendor must do."""

    change: Change
    action: str  # KEPT | CONVERTED | ARCHIVED | UNCHANGED
    answers: str  # what happens to answers already held, in words
    vendor: str  # what a vendor must change

    def as_dict(self) -> dict[str, object]:
        return {**self.change.as_dict(), "answers": {"action": self.action, "how": self.answers},
                "vendor_must": self.vendor}


def notes(previous: Form, current: Form) -> list[MigrationNote]:
    """A note for every breaking change from PREVIOUS to CURRENT, in the diff's order."""
    old = {p.field.id: p.field for p in previous.walk()}
    new = {p.field.id: p.field for p in current.walk()}
    return [_note(c, old.get(c.field or ""), new.get(c.field or ""), previous.version)
            for c in diff(previous, current).changes if c.compatibility == BREAKING]


def _note(change: Change, before: Field | None, after: Field | None, version: int) -> MigrationNote:
    kind = change.kind
    fid = f"'{change.field}'" if change.field else "this item"
    if kind == "field_removed":
        return MigrationNote(change, KEPT, f"Answers already given stay in records made with version {version} and "
                             "are shown read-only as asked in an earlier version; new records do not ask it.",
                             f"Remove {fid} from data entry; keep it in stored records, their history and exports.")
    if kind == "field_renamed":
        return MigrationNote(change, CONVERTED, "Each answer moves to the new id unchanged: it is the same question.",
                             f"Rename the stored key or column to {fid} and map the old id to it in imports and "
                             "reports.")
    if kind == "field_type" and before is not None and after is not None:
        how = _CONVERSIONS.get((before.type, after.type))
        if how is None:
            return MigrationNote(change, KEPT, f"Answers cannot become a {after.type.replace('_', ' ')}: they stay "
                                 "read-only in records made with the old version; the question is asked afresh.",
                                 f"Store {fid} as the new type for new records, and keep old answers readable.")
        return MigrationNote(change, CONVERTED, f"{how[0].upper()}{how[1:]}.",
                             f"Change the stored type of {fid} and run the conversion on existing records.")
    if kind == "field_options":
        return MigrationNote(change, KEPT, "Answers that hold a removed or renamed option keep their value, shown "
                             "read-only as no longer offered; new records cannot choose it.",
                             f"Keep the old values of {fid} in the code list as inactive (never delete them), "
                             "and offer only the current options.")
    if kind in ("field_required", "field_added"):
        return MigrationNote(change, UNCHANGED, f"Records made with version {version} that have no answer stay as "
                             "they are; they are not re-opened. New records, and old ones when next edited, must "
                             "answer it.",
                             f"Make {fid} required on entry and on edit, without failing records already closed.")
    if kind in ("field_validation", "field_condition"):
        return MigrationNote(change, UNCHANGED, "Answers already given are not changed; any that break the new rule "
                             "are flagged when the record is next edited.",
                             f"Apply the new rule to {fid} on entry and on edit, not to closed records.")
    if kind == "field_moved":
        if after is not None and before is not None and "repeating group" in change.text:
            return MigrationNote(change, ARCHIVED, "An answer moved into a repeating group becomes its first item; "
                                 "answers of items beyond the first, when moved out of a group, are archived with the "
                                 "record they came from.",
                                 f"Move the stored answers of {fid} to its new place in the record structure.")
        return MigrationNote(change, CONVERTED, "Each answer moves with the question (same id) to its new section.",
                             f"Move {fid} to its new section or group in screens, the record structure and exports.")
    if kind == "section_removed":
        return MigrationNote(change, UNCHANGED, "The section heading is no longer shown; its questions are listed "
                             "on their own lines.", "Remove the section from screens and printed records.")
    return MigrationNote(change, KEPT, "Answers already held stay as they are, read-only where they no longer fit.",
                         "Review this change against the system's screens, stored records and exports.")


def migration_files(subject: Subject) -> tuple[ExportFile, ...]:
    """MIGRATION.md and migration.json for SUBJECT against its previous version (none without one)."""
    previous, current = subject.previous, subject.document
    if previous is None or not isinstance(current, Form):
        return ()
    result = diff(previous, current)
    found = notes(previous, current)
    body = {
        "from": {"id": previous.id, "version": previous.version},
        "to": {"id": current.id, "version": current.version},
        "compatibility": result.compatibility, "version_bump": result.version_bump,
        "breaking_changes": [n.as_dict() for n in found],
        "compatible_changes": sum(1 for c in result.changes if c.compatibility != BREAKING
                                  and c.kind != "form_version"),
    }
    text = render("migration.md.j2", previous=previous, current=current, result=result, notes=found,
                  action_names=ACTION_NAMES)
    return (ExportFile("MIGRATION.md", text.encode("utf-8"), "text/markdown"),
            ExportFile("migration.json", (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                       "application/json"))
