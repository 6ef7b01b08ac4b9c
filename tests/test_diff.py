"""Semantic diff: each kind of change is named in plain English, with the change in burden."""

from __future__ import annotations

import re

from forms.diff import diff
from tests.conftest import load

OLD = """\
kind: form
id: needs-assessment
title: Needs assessment
version: 1
purpose: To find out what you need.
sections:
  - id: about-you
    title: About you
    fields:
      - {id: name, label: Your name, type: short_text, required: true}
      - {id: religion, label: Religion, type: single_choice, required: true, options: [none, christian, muslim, prefer_not_to_say],
         data_category: special_category, special_category: religious_or_philosophical_beliefs}
      - {id: ofsted_flag, label: Inspection flag, type: yes_no, purpose: performance}
      - {id: kpi_code, label: KPI code, type: short_text, purpose: performance}
      - {id: story, label: Tell us about you, type: long_text, hint: In your words}
  - id: money
    title: Money
    fields:
      - {id: income, label: Weekly income, type: number}
"""

NEW = """\
kind: form
id: needs-assessment
title: Needs assessment
version: 2
purpose: To find out what you need.
sections:
  - id: about-you
    title: About you and your life
    fields:
      - {id: name, label: Your name, type: short_text, required: true}
      - {id: religion, label: Religion, type: single_choice, options: [none, christian, muslim, jewish, prefer_not_to_say],
         data_category: special_category, special_category: religious_or_philosophical_beliefs}
      - {id: your_story, label: Tell us about you, type: long_text, hint: In your words, own_words: true, completed_by: together}
      - {id: good_day, label: What does a good day look like?, type: long_text, hint: A day you enjoyed, own_words: true,
         completed_by: together, show_if: {field: your_story, answered: true}}
      - {id: income, label: Weekly income, type: number, min: 0}
"""


def texts(old: str, new: str) -> list[str]:
    return [c.text for c in diff(load(old).document, load(new).document).changes]


def test_every_change_is_said_in_plain_english():
    result = diff(load(OLD).form, load(NEW).form)
    assert [c.text for c in result.changes] == [
        "Version 1 becomes version 2.",
        "Section 'About you' is renamed 'About you and your life'.",
        "Section 'Money' is removed.",
        "Question 'Tell us about you' keeps its wording but its id changes from 'story' to 'your_story'.",
        "'Tell us about you' will be filled in by the practitioner and the person together (until now: the "
        "practitioner).",
        "'Tell us about you' will be recorded in the person's own words.",
        "New question 'What does a good day look like?' in section 'About you and your life'.",
        "Question 'Inspection flag' is removed from section 'About you'.",
        "Question 'KPI code' is removed from section 'About you'.",
        "'Religion' will no longer be required.",
        "'Religion' gains the option(s) 'Jewish'.",
        "'Weekly income' moves from section 'Money' to 'About you and your life'.",
        "'Weekly income': min none → 0.",
    ]
    assert result.touched_fields == ("good_day", "income", "kpi_code", "ofsted_flag", "religion", "your_story")


def test_the_summary_states_the_burden_change():
    result = diff(load(OLD).form, load(NEW).form)
    # before: practitioner 30+12+8+30+180+15 = 275 s; after: 30+12+180+180+15 = 417 s (+2.4 min)
    # person before 0; after: 180 + 180 = 360 s (6 min)
    assert result.summary == (
        "This version adds about 2.4 practitioner minutes per assessment, asks the person for about 6 minutes, "
        "removes 1 field, removes 2 fields kept for returns, performance or administration rather than practice "
        "and raises the share in the person's own words from 0% to 40%.")
    assert result.before["practitioner_minutes"] == 4.6 and result.after["practitioner_minutes"] == 7.0


def test_a_saving_is_said_as_a_saving():
    result = diff(load(NEW).form, load(OLD).form)
    assert result.summary.startswith("This version saves about 2.4 practitioner minutes per assessment, "
                                     "saves the person about 6 minutes, adds 1 field, adds 2 fields kept for")


def test_identical_versions_have_no_changes():
    result = diff(load(OLD).form, load(OLD).form)
    assert result.changes == ()
    assert result.summary == "This version does not change the burden figures."


def test_conditions_labels_and_types_changes():
    old = OLD
    new = (OLD.replace("{id: kpi_code, label: KPI code, type: short_text, purpose: performance}",
                       "{id: kpi_code, label: Reference code, type: number, purpose: performance, "
                       "show_if: {field: ofsted_flag, equals: true}}"))
    assert texts(old, new) == [
        "Question 'KPI code' is reworded as 'Reference code'.",
        "'Reference code' now asks you to give a number (until now: write a short answer).",
        "'Reference code' will only be shown when 'Inspection flag' is Yes.",
    ]


def test_a_new_kind_of_answer_and_who_fills_it_in_are_said_in_the_readers_terms():
    old = OLD.replace("{id: kpi_code, label: KPI code, type: short_text, purpose: performance}",
                      "{id: kpi_code, label: KPI code, type: short_text, purpose: performance, completed_by: person}")
    new = OLD.replace("{id: kpi_code, label: KPI code, type: short_text, purpose: performance}",
                      "{id: kpi_code, label: KPI code, type: single_choice, options: [low, medium, high], "
                      "purpose: performance, completed_by: admin}")
    assert texts(old, new) == [
        "'KPI code' now asks you to pick one of three answers (until now: write a short answer).",
        "'KPI code' will be filled in by business support or admin staff (until now: the person).",
        "'KPI code' gains the option(s) 'Low', 'Medium', 'High'.",
    ]


WF_OLD = """\
kind: workflow
id: w
title: W
version: 1
purpose: P
start: a
steps:
  - {id: a, title: Contact, actor: admin, next: [{to: b}]}
  - {id: b, title: Assess, actor: practitioner, time_limit: {working_days: 45}, next: [{to: done}]}
  - {id: done, title: Done, end: true}
"""


def test_workflow_changes():
    new = WF_OLD.replace("{working_days: 45}", "{working_days: 30}").replace(
        "  - {id: done, title: Done, end: true}\n",
        "  - {id: done, title: Done, end: true}\n  - {id: extra, title: Extra check, actor: manager, next: [{to: done}]}\n"
    ).replace("next: [{to: done}]}\n  - {id: done", "next: [{to: done}, {to: extra}]}\n  - {id: done")
    result = diff(load(WF_OLD, forms={}).workflow, load(new, forms={}).workflow, {})
    assert [c.text for c in result.changes] == [
        "'Assess' can now lead to 'extra'.",
        "'Assess' now has 30 working days (was 45 working days).",
        "New step 'Extra check' for the manager.",
    ]
    assert result.summary == "Along the longest path, this version adds 1 step."


def test_moving_text_around_is_not_a_change():
    """Positions in the file are not part of the form: adding lines above a question changes nothing else."""
    shifted = OLD.replace("sections:\n", "sections:\n  # a comment\n\n", 1)
    result = diff(load(OLD).form, load(shifted).form)
    assert result.changes == ()


def test_reordered_questions_are_reported():
    new = OLD.replace(
        "      - {id: kpi_code, label: KPI code, type: short_text, purpose: performance}\n"
        "      - {id: story, label: Tell us about you, type: long_text, hint: In your words}\n",
        "      - {id: story, label: Tell us about you, type: long_text, hint: In your words}\n"
        "      - {id: kpi_code, label: KPI code, type: short_text, purpose: performance}\n")
    assert texts(OLD, new) == ["Questions in section 'About you' are reordered: 'Your name', 'Religion', "
                               "'Inspection flag', 'Tell us about you', 'KPI code'."]


def test_workflow_branch_wording_and_description_changes():
    old = WF_OLD.replace("next: [{to: b}]", "next: [{to: b, when: Needs help}]")
    new = WF_OLD.replace("next: [{to: b}]", "next: [{to: b, when: Wants help}]").replace(
        "title: Contact,", "title: Contact, description: The front door takes the call,")
    result = diff(load(old, forms={}).workflow, load(new, forms={}).workflow, {})
    assert [c.text for c in result.changes] == [
        "'Contact' has a new description.",
        "'Contact' now leads to 'b' when 'Wants help' (was 'Needs help').",
    ]


BUDGETED = """\
kind: form
id: visit
title: Visit
version: 1
budget_minutes: 6
purpose: To record a visit.
sections:
  - id: s
    title: S
    fields:
      - {id: story, label: What happened?, type: long_text}
      - {id: next, label: What happens next?, type: long_text}
"""


def test_a_change_that_crosses_the_budget_says_so_either_way():
    extra = BUDGETED.replace("version: 1", "version: 2") + "      - {id: more, label: Anything else?, type: short_text}\n"
    over = diff(load(BUDGETED).form, load(extra).form).summary
    assert over.endswith("adds 1 field and takes the form over its 6-minute budget.")
    back = diff(load(extra).form, load(BUDGETED).form).summary
    assert back.endswith("removes 1 field and brings the form back within its 6-minute budget.")
    reworded = BUDGETED.replace("label: What happened?", "label: What happened today?")
    assert "budget" not in diff(load(BUDGETED).form, load(reworded).form).summary  # within before and after


BILINGUAL = """\
kind: form
id: what-matters
title: {en: What matters to you, cy: Beth sy'n bwysig i chi}
version: 1
purpose: {en: To hear what matters to you., cy: I glywed beth sy'n bwysig i chi.}
languages: [en, cy]
sections:
  - id: about
    title: {en: About you, cy: Amdanoch chi}
    fields:
      - id: wishes
        label: {en: What matters to you?, cy: Beth sy'n bwysig i chi?}
        type: long_text
      - id: contact
        label: {en: How should we contact you?, cy: Sut dylen ni gysylltu â chi?}
        type: single_choice
        options:
          - {value: phone, label: {en: Phone, cy: Ffôn}}
          - {value: email, label: {en: Email, cy: E-bost}}
"""


def english_only(text: str) -> str:
    """The same form before it was translated: English texts only, no languages listed."""
    text = text.replace("languages: [en, cy]\n", "")
    return re.sub(r"\{en: ([^,{}]+), cy: [^{}]+\}", r"\1", text)


def test_a_change_to_the_welsh_label_only_names_welsh():
    new = BILINGUAL.replace("cy: Beth sy'n bwysig i chi?}", "cy: Beth sydd bwysicaf i chi?}")
    result = diff(load(BILINGUAL).form, load(new).form)
    assert [(c.kind, c.text, c.field, c.language, c.bump) for c in result.changes] == [
        ("translation", "Question 'What matters to you?': label (Welsh) changes from 'Beth sy'n bwysig i chi?' to "
         "'Beth sydd bwysicaf i chi?'.", "wishes", "cy", "patch")]
    assert result.as_dict()["changes"][0]["language"] == "cy"


def test_a_welsh_option_label_changed_alone_is_not_a_reordering():
    new = BILINGUAL.replace("cy: Ffôn", "cy: Teleffon")
    result = diff(load(BILINGUAL).form, load(new).form)
    assert [c.text for c in result.changes] == [
        "Question 'How should we contact you?': option 'Phone': label (Welsh) changes from 'Ffôn' to 'Teleffon'."]


def test_in_a_form_with_several_languages_a_main_language_change_names_it_too():
    new = BILINGUAL.replace("en: What matters to you?", "en: What matters most to you?")
    result = diff(load(BILINGUAL).form, load(new).form)
    assert [c.text for c in result.changes] == [
        "Question 'What matters to you?' is reworded as 'What matters most to you?' (English)."]


def test_a_form_becoming_bilingual_reports_only_that():
    before = english_only(BILINGUAL)
    assert "cy:" not in before and load(before).form.languages == ("en",)
    result = diff(load(before).form, load(BILINGUAL).form)
    assert [(c.kind, c.text, c.language) for c in result.changes] == [
        ("form_languages", "The form is now also in Welsh (cy).", "cy")]
    assert result.version_bump == "minor"


def test_a_language_taken_out_is_reported():
    result = diff(load(BILINGUAL).form, load(english_only(BILINGUAL)).form)
    assert [c.text for c in result.changes] == [
        "The form is no longer in Welsh (cy): people who read it in Welsh will see the English text."]


def test_a_new_main_language_with_the_same_texts_is_one_change():
    welsh_first = BILINGUAL.replace("languages: [en, cy]", "languages: [cy, en]")
    result = diff(load(BILINGUAL).form, load(welsh_first).form)
    assert [c.text for c in result.changes] == ["The form's main language changes from English (en) to Welsh (cy)."]


def test_a_translation_added_or_removed_in_a_kept_language_is_said():
    untranslated = BILINGUAL.replace("{en: Email, cy: E-bost}", "Email")
    added = diff(load(untranslated).form, load(BILINGUAL).form)
    assert [c.text for c in added.changes] == [
        "Question 'How should we contact you?': option 'Email': label (Welsh) is added: 'E-bost'."]
    removed = diff(load(BILINGUAL).form, load(untranslated).form)
    assert [c.text for c in removed.changes] == [
        "Question 'How should we contact you?': option 'Email': label (Welsh) is removed: people reading in Welsh "
        "will see the English text."]
