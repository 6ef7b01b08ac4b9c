"""HTML spec: golden pages for the library; structure a screen reader and a printer rely on; hostile text stays text."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import textwrap
from html.parser import HTMLParser

import pytest
import textstat
from jinja2 import UndefinedError

from exporter.base import FORMATS, Subject
from exporter.html_spec import export_html, spec_context
from exporter.templating import environment, render
from forms.decision_log import DecisionNote, SignalNote, VersionNote
from forms.loader import LIBRARY_DIR, load_paths, load_text, shipped_forms
from forms.model import Form, Workflow

LIBRARY = shipped_forms()
WORKFLOWS = {r.workflow.id: r.workflow for r in load_paths([LIBRARY_DIR], lint=False)[0] if r.workflow}
SUBJECTS = {**{fid: Subject(f) for fid, f in LIBRARY.items()},
            **{wid: Subject(w, forms=LIBRARY) for wid, w in WORKFLOWS.items()}}

LONG = "Long label " + "x" * 9989
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "quotes": "\"quotes' & ampersands",
    "rtl": "\u202eمرحبا שלום",
    "long": LONG,
    "formula": '=HYPERLINK("http://x")',
    "plus": "+1",
    "minus": "-2",
    "at": "@SUM(A1)",
    "md_link": "[x](javascript:alert(1))",
    "md_image": "![img](http://tracker)",
    "pipe": "a | b",
    "entity": "&lt;b&gt; stays &amp; text",
}


INTRO = "line one\n# not a heading\n- not a list"


def y(text: str) -> str:
    """A YAML scalar holding the text exactly (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_form() -> Form:
    fields = "\n".join(
        f"      - {{id: f_{key}, label: {y(text)}, type: single_choice, hint: {y(text)}, "
        f"shared_with: [{y(key + '_agency')}], retention: {y(text)}, statutory_item: {y(text)}, "
        f"data_category: special_category, special_category: health, lawful_basis: public_task, "
        f"processing_condition: h, visible_to_person: {str(key != 'script').lower()}, "
        f"options: [{{value: a, label: {y(text)}}}, {{value: b, label: plain}}]}}"
        for key, text in HOSTILE.items())
    text = textwrap.dedent(f"""\
        kind: form
        id: hostile
        title: {y(HOSTILE["script"] + " title")}
        version: 1
        owner: {y(HOSTILE["quotes"])}
        purpose: {y(HOSTILE["md_link"] + " purpose " + HOSTILE["rtl"])}
        sections:
          - id: s1
            title: {y(HOSTILE["md_image"])}
            intro: {y(INTRO)}
            fields:
        """) + fields + "\n" + (
        "      - {id: gate, label: Gate, type: yes_no, data_category: none}\n"
        "      - {id: follow, label: Follow, type: short_text, show_if: {field: f_script, equals: a}}\n")
    result = load_text(text, "t.yaml", forms={}, lint=False)
    assert not [i for i in result.issues if i.is_error], [i.format() for i in result.issues]
    assert isinstance(result.document, Form)
    return result.document


def hostile_workflow(form: Form) -> Workflow:
    text = textwrap.dedent(f"""\
        kind: workflow
        id: hostile-flow
        title: {y(HOSTILE["script"])}
        version: 1
        purpose: {y(HOSTILE["quotes"])}
        start: a
        steps:
          - {{id: a, title: {y(HOSTILE["rtl"])}, actor: practitioner, form: hostile,
             description: {y(HOSTILE["script"])}, next: [{{to: b, when: {y(HOSTILE["md_link"])}}}]}}
          - {{id: b, title: {y(HOSTILE["pipe"])}, end: true}}
        """)
    result = load_text(text, "w.yaml", forms={"hostile": form}, lint=False)
    assert not [i for i in result.issues if i.is_error], [i.format() for i in result.issues]
    assert isinstance(result.document, Workflow)
    return result.document


class Page(HTMLParser):
    """What the checks need from a page: headings, ids, tables, scripts, links and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.tables: list[dict[str, object]] = []
        self.text: list[str] = []
        self.style = ""
        self._open: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in ("br", "meta", "img", "input", "hr", "link", "polyline", "path", "rect", "line", "circle"):
            self._open.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in a:
            self.ids.append(a["id"] or "")
        if tag == "table":
            self.tables.append({"caption": False, "th": 0, "th_scoped": 0})
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
            self.tables[-1]["th_scoped"] += a.get("scope") in ("col", "row")

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._open and self._open[-1] == "style":
            self.style += data
        else:
            self.text.append(data)

    def all_text(self) -> str:
        return "".join(self.text)


def page_of(subject: Subject) -> tuple[str, Page]:
    (file,) = export_html(subject).files
    text = file.data.decode("utf-8")
    return text, Page(text)


def check_structure(page: Page, forms: list[Form]) -> None:
    """The rules an accessible, self-contained page keeps (what axe-core and a printer rely on)."""
    names = [t for t, _ in page.tags]
    assert names[0] == "html" and page.tags[0][1].get("lang") == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert names.count(landmark) == 1, landmark
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    for before, after in itertools.pairwise(page.headings):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert page.tables, "the spec has tables"
    for table in page.tables:
        assert table["caption"], "every table has a caption"
        assert table["th"] and table["th"] == table["th_scoped"], "every header cell has a scope"
    assert len(page.ids) == len(set(page.ids)), "element ids are unique"
    for form in forms:
        for placed in form.walk():
            assert page.ids.count(f"field:{form.id}:{placed.field.id}") == 1
    # Self-contained: no script, no external resource, no link leaving the page.
    assert "script" not in names and "iframe" not in names and "link" not in names and "img" not in names
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs), f"event handler on <{tag}>"
        for key in ("href", "src", "xlink:href", "action", "srcset", "poster", "data"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), f"<{tag} {key}={value!r}> leaves the page"
    assert "url(" not in page.style and "@import" not in page.style
    for _tag, attrs in page.tags:
        for value in attrs.values():
            if value and "url(" in value:
                assert re.fullmatch(r"url\(#[^)]*\)", value), value


@pytest.mark.parametrize("name", sorted(SUBJECTS))
def test_library_pages_match_their_golden_files(name, golden):
    subject = SUBJECTS[name]
    (file,) = export_html(subject).files
    assert file.media_type == "text/html; charset=utf-8"
    text = file.data.decode("utf-8")
    golden(f"export/html/{file.name}", text)
    assert text == export_html(subject).files[0].data.decode("utf-8"), "the same input gives the same bytes"
    assert "\r" not in text and text.endswith("</html>\n")


@pytest.mark.parametrize("name", sorted(SUBJECTS))
def test_library_pages_are_accessible_and_self_contained(name):
    subject = SUBJECTS[name]
    _, page = page_of(subject)
    check_structure(page, subject.used_forms())


def test_registered_for_forms_and_workflows():
    assert FORMATS["html"].kinds == ("form", "workflow")
    assert FORMATS["html"].export is export_html


def test_form_page_names_its_file_after_the_form():
    (file,) = export_html(SUBJECTS["early-help-assessment"]).files
    assert file.name == "early-help-assessment-v3.html"


def test_field_metadata_is_said_in_words():
    _, page = page_of(SUBJECTS["early-help-assessment"])
    body = page.all_text()
    assert "Public task (Article 6(1)(e))" in body
    assert "Article 9(2)(g): substantial public interest" in body
    assert "Special category data: racial or ethnic origin" in body
    assert "Only when 'Does your child have a disability or special educational needs (SEN)?' is Yes" in body
    assert "Health visitor, GP" in body


def test_workflow_page_embeds_the_diagram_steps_burden_and_each_form():
    subject = SUBJECTS["children-contact-to-plan"]
    _, page = page_of(subject)
    names = [t for t, _ in page.tags]
    assert names.count("svg") == 1 and "figure" in names
    for step in subject.document.steps:
        assert page.ids.count(f"step:{step.id}") == 1
    for form in subject.used_forms():
        assert page.ids.count(f"form:{form.id}") == 1
        assert page.ids.count(f"inventory:{form.id}") == 1
        assert page.ids.count(f"privacy:{form.id}") == 1
    body = page.all_text()
    assert "Burden along the shortest and longest paths" in body and "Burden per actor" in body


def test_privacy_summary_owns_up_to_what_the_person_cannot_see():
    form = hostile_form()
    _, page = page_of(Subject(form))
    body = page.all_text()
    assert "What we record about you, why, and who sees it" in body
    assert "Things we record that you will not see in your record" in body
    assert "It is about your health. The law says we must take extra care of it." in body
    assert "We share it with Script agency." in body


def test_without_records_the_page_says_so_plainly():
    _, page = page_of(SUBJECTS["case-note"])
    body = page.all_text()
    assert "No workshop decisions are recorded for this version." in body
    assert "This is the first recorded version." in body


def test_decisions_show_tallies_by_constituency_then_overall():
    decision = DecisionNote(
        proposal="p-7", outcome="accepted", rule="double_majority", statement="Drop the <b>duplicate</b> question.",
        decided_at="2025-03-01", fields=("child_name",), decided_by="Jo <Smith>", review_on="2026-03-01",
        tallies={"practitioner": {"oppose": 1, "support": 4}, "expert_by_experience": {"support": 3, "neutral": 1}})
    note = VersionNote(version=3, summary="Shorter.", changes=("Removed 'x'.",), date="2025-03-02")
    subject = Subject(LIBRARY["case-note"], changelog=(note,), decisions=(decision,))
    text, page = page_of(subject)
    check_structure(page, subject.used_forms())
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td>\d+</td>)+)</tr>", text)
    table = [(name, [int(n) for n in re.findall(r"\d+", cells)]) for name, cells in rows]
    assert table[-3:] == [("Expert by experience", [3, 1, 0]), ("Practitioner", [4, 0, 1]), ("Overall", [7, 1, 1])]
    assert "<th scope=\"col\">Support</th><th scope=\"col\">Neutral</th><th scope=\"col\">Oppose</th>" in text
    assert "Drop the &lt;b&gt;duplicate&lt;/b&gt; question." in text
    assert "<dt>Decided by</dt><dd><bdi>Jo &lt;Smith&gt;</bdi></dd>" in text
    assert "<dt>To be reviewed</dt><dd>2026-03-01</dd>" in text
    assert "No workshop decisions are recorded" not in text and "This is the first recorded version." not in text



def test_signals_are_listed_beside_the_tally_with_their_notes_escaped():
    decision = DecisionNote(proposal="4", outcome="accepted", rule="majority", statement="Yes.", decided_at="2026-01-02",
                        tallies={"practitioner": {"support": 3}},
                        signals=(SignalNote("feasibility", "not_possible", "<script>x</script> www.example.org",
                                            "a vendor"),
                                 SignalNote("legal", "concern", "", "Lee (manager)")))
    text, page = page_of(Subject(LIBRARY["case-note"], decisions=(decision,)))
    assert ("<li>Feasibility (vendor): Not possible, from <bdi>a vendor</bdi>. "
            "<bdi>&lt;script&gt;x&lt;/script&gt; www.example.org</bdi></li>") in text
    assert "<li>Legal or policy concern (manager): Concern, from <bdi>Lee (manager)</bdi></li>" in text
    assert "script" not in [t for t, _ in page.tags]


def test_hostile_text_is_escaped_and_kept_verbatim():
    form = hostile_form()
    subject = Subject(form)
    text, page = page_of(subject)
    check_structure(page, [form])
    names = [t for t, _ in page.tags]
    assert "script" not in names and "b" not in names
    assert "<script>" not in text.lower()
    body = page.all_text()
    for value in HOSTILE.values():
        assert value in body, value[:40]
    assert body.count(LONG) >= 3  # heading, retention and option label at least
    assert "&amp;lt;b&amp;gt; stays &amp;amp; text" in text  # an entity typed by a person is shown, not decoded
    assert "\u202e" in body and "<bdi>\u202eمرحبا שלום</bdi>" in text  # isolated so it cannot reorder the page


def test_hostile_workflow_page_is_escaped():
    form = hostile_form()
    workflow = hostile_workflow(form)
    subject = Subject(workflow, forms={"hostile": form})
    text, page = page_of(subject)
    check_structure(page, [form])
    assert "<script>" not in text.lower()
    body = page.all_text()
    for value in (HOSTILE["script"], HOSTILE["rtl"], HOSTILE["md_link"], HOSTILE["pipe"], HOSTILE["quotes"]):
        assert value in body


def test_undefined_variables_are_errors():
    with pytest.raises(UndefinedError):
        environment().get_template("spec.html.j2").render()
    with pytest.raises(UndefinedError):
        environment().from_string("{{ missing }}").render()
    context = spec_context(SUBJECTS["case-note"])
    del context["seconds_sentence"]
    with pytest.raises(UndefinedError):
        render("spec.html.j2", **context)


def test_html_templates_autoescape():
    assert environment().from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"


def test_a_form_not_given_is_named_in_the_page_and_in_warnings():
    workflow = WORKFLOWS["children-contact-to-plan"]
    forms = {fid: f for fid, f in LIBRARY.items() if fid != "single-assessment"}
    result = export_html(Subject(workflow, forms=forms))
    assert [(w.code, w.line > 0) for w in result.warnings] == [("EXPORT_060", True)]
    assert "'single_assessment'" in result.warnings[0].message
    text = result.files[0].data.decode("utf-8")
    check_structure(Page(text), Subject(workflow, forms=forms).used_forms())
    assert "<code>single-assessment</code> (not given)" in text
    assert "were not given, so their fields and minutes are left out" in text
    assert export_html(SUBJECTS["children-contact-to-plan"]).warnings == ()


def test_control_characters_are_shown_as_replacement_characters():
    result = load_text('kind: form\nid: c\ntitle: "Bell\\x07 and \\x1b escape"\nversion: 1\npurpose: p\n'
                       'sections: [{id: s, title: S, fields: [{id: a, label: "Nul\\x00 here", type: yes_no}]}]\n',
                       "c.yaml", forms={}, lint=False)
    assert result.ok, [i.format() for i in result.issues]
    text, page = page_of(Subject(result.document))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    assert "Bell\ufffd and \ufffd escape" in page.all_text() and "Nul\ufffd here" in page.all_text()


def test_the_privacy_summary_is_written_for_reading_age_nine():
    result = load_text(textwrap.dedent("""\
        kind: form
        id: plain
        title: Visit
        version: 1
        purpose: To note a visit.
        sections:
          - id: s
            title: Visit
            fields:
              - {id: name, label: Your name, type: short_text, retention: 2 years}
              - {id: health, label: Your health, type: long_text, own_words: true, data_category: special_category,
                 special_category: health, lawful_basis: public_task, processing_condition: h, shared_with: [gp]}
              - {id: risk, label: Our notes, type: long_text, purpose: safeguarding, visible_to_person: false}
              - {id: crime, label: Police record, type: short_text, data_category: criminal_offence,
                 lawful_basis: public_task, purpose: safeguarding}
        """), "plain.yaml", forms={}, lint=False)
    text, _ = page_of(Subject(result.document))
    section = re.search(r'<section class="privacy".*?</section>', text, re.S).group(0)
    words = Page(section).all_text()
    assert "Things we record that you will not see in your record" in words
    assert "We share it with your GP." in words and "It is about your health." in words
    assert "It is about crimes." in words
    assert textstat.flesch_kincaid_grade(words) <= 4, "reading age 9 is UK year 4 (US grade 4)"


def test_the_burden_section_says_the_budget_and_the_split_first():
    form = dataclasses.replace(LIBRARY["case-note"], budget_minutes=20)
    text, _page = page_of(Subject(form))
    section = text[text.index('id="burden:case-note"'):]
    assert section.index("<p><strong>Over budget: this form takes about 24.5 minutes of practitioner time, more "
                         "than its 20-minute budget.</strong></p>") < section.index(
        "<p><strong>Practitioner time: 0 minutes with the person, 24.5 at the computer.</strong></p>") < \
        section.index("What filling in this form costs")
    assert "<tr><th scope=\"row\">Time budget</th><td>20 minutes</td>" in section
