"""The words of the form editor: the editor itself, the burden panel, time trials and save conflicts."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # --- the form editor (ui/editor_page.py) ---
    "editor.cannot_be_used_one": "**{count}: the form cannot be used or saved until it is fixed.**\n\n",
    "editor.cannot_be_used_many": "**{count}: the form cannot be used or saved until they are fixed.**\n\n",
    "editor.file_workflow_not_form": (
        "This file is a workflow, not a form: open it on the Workflow page. The form editor previews forms "
        "only."),
    "editor.advice_never_blocks_saving": "{count}: advice that never blocks saving",
    "editor.checked_no_errors_no": "Checked: no errors and no warnings.",
    "editor.save": "Save",
    "editor.discard_my_changes": "Discard my changes",
    "editor.fix_errors_save_errors": "Fix the errors to save: errors block saving; warnings do not.",
    "editor.unsaved_changes_they_kept": "Unsaved changes. They are kept while you switch forms or pages.",
    "editor.no_unsaved_changes": "No unsaved changes.",
    "editor.discard_changes_go_back": "Discard your changes to {name} and go back to the saved version?",
    "editor.yes_discard_them": "Yes, discard them",
    "editor.no_keep_them": "No, keep them",
    "editor.keep_mine_save_over": "Keep mine (save over theirs)",
    "editor.take_theirs_discard_mine": "Take theirs (discard mine)",
    "editor.save_mine_new_file": "Save mine as a new file",
    "editor.yaml": "YAML",
    "editor.click_outside_box_press": (
        "Click outside the box, or press Ctrl+Enter, to check the text and update the preview."),
    "editor.yaml_line_numbers": "The YAML with line numbers",
    "editor.show": "Show",
    "editor.preview_appears_once_yaml": "The preview appears once the YAML loads without errors.",
    "editor.showing_last_valid_version": "Showing the last valid version — fix the error above to update it.",
    "editor.title": "Form editor",
    "editor.intro": (
        "Change a form's YAML and the preview beside it (below it on a phone) shows the form as it will be "
        "filled in. Every change is checked as you go; nothing is saved until you press Save."),
    "editor.there_no_forms_edit": "There are no forms in {folder} to edit.",
    "editor.form": "Form",
    "editor.also_unsaved_kept_until": "Also unsaved, kept until you save or discard them: ",
    "editor.file_cannot_opened": "This file cannot be opened.",
    "editor.burden": "Burden",
    "editor.guided_editor": "Guided editor",
    "editor.was_changed_disk_new": "{name} was changed on disk; this is the new version.",
    "editor.now_have_their_version": "You now have their version; yours was discarded.",
    # --- the burden panel (ui/burden_panel.py) ---
    "burden.form": "form",
    "burden.there_no_saved_version": "There is no saved version that loads, so there is nothing to compare with yet.",
    "burden.changes_against_saved_version": (
        "Changes are against the saved version. For minutes and time not on practice, lower is better; for "
        "own words, higher is better."),
    "burden.what_changed_since_saved": "**What changed since the saved version**",
    "burden.nothing_compare_yet": "Nothing to compare with yet.",
    "burden.no_changes_since_saved": "No changes since the saved version.",
    "burden.saved": "Saved",
    "burden.now": "Now",
    "burden.no_change_since_saved": " (no change since saved)",
    "burden.since_saved": " ({change:+.1f} since saved)",
    "burden.fields_about_practitioner_minutes": (
        "{fields} fields · about {practitioner:.1f} practitioner minutes{practitioner_since} · {person:.1f} "
        "person minutes{person_since}."),
    "burden.fields": "Fields",
    "burden.recorded_fields_guidance_not": "Recorded fields; guidance is not counted.",
    "burden.required_fields": "Required fields",
    "burden.practitioner_minutes": "Practitioner minutes",
    "burden.worst_case_typically_questions": (
        "Worst case; typically {typical:.1f} (questions shown only sometimes counted at half weight)."),
    "burden.person_minutes": "Person minutes",
    "burden.worst_case_typically": "Worst case; typically {typical:.1f}.",
    "burden.time_not_practice": "Time not on practice",
    "burden.share_practitioner_minutes_fields": (
        "Share of practitioner minutes on fields kept for returns, performance, finance or administration."),
    "burden.narrative": "Narrative",
    "burden.share_fields_free_text": "Share of fields that are free text telling the story.",
    "burden.own_words": "Own words",
    "burden.share_fields_recorded_person": "Share of fields recorded in the person's own words.",
    "burden.sensitive_fields": "Sensitive fields",
    "burden.special_category_criminal_offence": "Special category and criminal offence data.",
    "burden.minutes_who_fills_fields": "Minutes by who fills fields in (worst case)",
    "burden.fields_purpose": "Fields by purpose",
    "burden.own_words_share": "own words",
    "burden.not_practice": "not on practice",
    "burden.shares": "Shares (%)",
    "burden.narrative_share": "narrative",
    # --- the time trial (ui/time_trial.py) ---
    "trial.time_trial": "**Time trial**",
    "trial.fill_form_real_visit": (
        "Fill the form as in a real visit, with someone playing the person. Each question is timed from the "
        "answer before it to its own answer; pauses over 5 minutes are left out. Only the seconds are kept, "
        "never the answers."),
    "trial.who_filling": "Who is filling it in?",
    "trial.start_time_trial": "Start a time trial",
    "trial.time_trial_running_answer": (
        "Time trial running: {answers} answer(s) so far. Answer as in a real visit, then press Finish."),
    "trial.finish_time_trial": "Finish the time trial",
    "trial.cancel_trial": "Cancel the trial",
    "trial.measured_against_estimated_time": "**Measured against estimated** ({count} time trial(s) of this version)",
    "trial.question_s_timed_minutes": (
        "For the {count} question(s) timed: {measured} minutes measured (the median of the trials), "
        "against {estimated} minutes estimated."),
    "trial.medians_questions_timed_least": (
        "With the medians of questions timed at least {times} times, the burden figures say "
        "{minutes} minutes of practitioner time at most ({basis})."),
    "trial.per_question": "Per question",
    "trial.download_trials_csv_burden": "Download the trials as CSV (for burden --timings)",
    "trial.expert_experience": "An expert by experience",
    "trial.time_trial_cancelled_nothing": "Time trial cancelled: nothing was kept.",
    "trial.pause_s_over_minutes": " {count} pause(s) over 5 minutes were left out.",
    "trial.time_trial_kept_answer": (
        "Time trial kept: {count} answer(s) in {measured} minutes measured, against {estimated} minutes "
        "estimated for the same questions.{pauses}"),
    "trial.section": "Section",
    "trial.estimated_minutes": "Estimated minutes",
    "trial.measured_minutes": "Measured minutes",
    "trial.questions_timed": "Questions timed",
    "trial.question": "Question",
    "trial.estimated_seconds": "Estimated seconds",
    "trial.measured_seconds": "Measured seconds",
    "trial.times_timed": "Times timed",
    "trial.a_practitioner": "A practitioner",
    # --- a save that met someone else's (ui/save_conflict.py) ---
    "conflict.their_edit_saved_while": "**Their edit, saved while you were working:**\n\n",
    "conflict.edit_not_saved_yet": "**Your edit, not saved yet:**\n\n",
    "conflict.edits_touch_different_things": (
        "Your edits touch different things, so both can be kept: their edit as saved, with yours made on "
        "top of it."),
    "conflict.keep_both_edits_merge": "Keep both edits (merge and save)",
    "conflict.both_changed_same_things": "You both changed the same things, so the two edits cannot be merged:\n\n",
    "conflict.choose_below_whose_version": "\n\nChoose below whose version to keep, or save yours as a new file.",
    "conflict.theirs_saved_now": "**Theirs (saved now)**",
    "conflict.yours": "**Yours**",
    "conflict.they_made_made": "{first}{rest}: they made it {ours}; you made it {theirs}.",
    "conflict.file_cannot_read_form": "(the file cannot be read as a form, so the edit cannot be listed)",
    "conflict.more": "and {count} more",
    "conflict.no_change_form_itself": "no change to the form itself (layout or comments only)",
    # --- boxes with a limit (ui/limited.py) ---
    "limited.characters_long_limit_shorten": (
        "Your {what} is {count:,} characters long and the limit is {limit:,}: shorten it by {over}, then "
        "send it again. Your text is still in the box."),
    "limited.over_limit_shorten_before": (
        "{length}: {over:,} over the limit of {limit:,}. Shorten it before sending; your text stays in the "
        "box."),
    "limited.characters": "{count:,} of {limit:,} characters.",
    "limited.up_characters": "Up to {limit:,} characters.",
    # what a box with a limit holds, as "Your ... is 5,000 characters long"
    "limited.what.statement": "statement",
    "limited.what.form": "form",
    "limited.what.reason": "reason",
    "limited.what.comment": "comment",
    "limited.what.note": "note",
    "limited.what.rationale": "reason for the change",
}
