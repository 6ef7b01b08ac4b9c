"""Markdown spec: golden files for the library; GitHub's own renderer (cmark-gfm) shows hostile text as text."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from jinja2 import UndefinedError

from exporter.base import FORMATS, Subject
from exporter.html_spec import spec_context
from exporter.markdown_spec import export_markdown
from exporter.templating import environment, md, md_code, md_fence, render
from forms.decision_log import DecisionNote, SignalNote
from tests.exporter.test_html_spec import HOSTILE, INTRO, LONG, SUBJECTS, hostile_form, hostile_workflow

# UNSAFE keeps raw HTML: the check is that our escaping, not the renderer's filter, stops markup.
GFM = Options.CMARK_OPT_UNSAFE


def to_html(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=GFM)


class Rendered(HTMLParser):
    """Tags, attributes, table shapes and text of the HTML that GitHub would show."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.header_cells: list[int] = []  # cells of each table's header row
        self.text: list[str] = []
        self._in_head = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "thead":
            self._in_head = True
        elif tag == "tr":
            if self._in_head:
                self.header_cells.append(0)
        elif tag == "th" and self._in_head:
            self.header_cells[-1] += 1

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False

    def handle_data(self, data):
        self.text.append(data)

    def all_text(self) -> str:
        return "".join(self.text)


def table_shapes_are_whole(markdown: str) -> bool:
    """Every table row has as many unescaped '|' as its header (GFM would pad or cut a broken row silently)."""
    widths: list[int] = []
    for line in [*markdown.split("\n"), ""]:
        if line.startswith("|"):
            widths.append(len(re.findall(r"(?<!\\)\|", line)))
        elif widths:
            if len(set(widths)) != 1:
                return False
            widths = []
    return True


def markdown_of(subject: Subject) -> str:
    (file,) = export_markdown(subject).files
    return file.data.decode("utf-8")


@pytest.mark.parametrize("name", sorted(SUBJECTS))
def test_library_specs_match_their_golden_files(name, golden):
    subject = SUBJECTS[name]
    (file,) = export_markdown(subject).files
    assert file.media_type == "text/markdown; charset=utf-8"
    text = file.data.decode("utf-8")
    golden(f"export/markdown/{file.name}", text)
    assert text == markdown_of(subject), "the same input gives the same bytes"
    assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text


@pytest.mark.parametrize("name", sorted(SUBJECTS))
def test_library_specs_render_with_whole_tables_and_ordered_headings(name):
    subject = SUBJECTS[name]
    html = to_html(markdown_of(subject))
    rendered = Rendered(html)
    tags = [t for t, _ in rendered.tags]
    assert tags.count("h1") == 1
    levels = [int(t[1]) for t in tags if re.fullmatch(r"h[1-6]", t)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert "table" in tags and not {"script", "img", "a", "iframe"} & set(tags)
    # Every body row has as many cells as its header: no '|' or line break broke out of a cell.
    assert len(rendered.header_cells) == tags.count("table")
    assert table_shapes_are_whole(markdown_of(subject))
    for form in subject.used_forms():
        for placed in form.walk():
            assert f"<code>{placed.field.id}</code>" in html


def test_registered_for_forms_and_workflows():
    assert FORMATS["markdown"].kinds == ("form", "workflow")
    assert FORMATS["markdown"].export is export_markdown
    (file,) = export_markdown(SUBJECTS["what-matters-to-me"]).files
    assert file.name == "what-matters-to-me-v1.md"


@pytest.mark.parametrize(("text", "escaped"), [
    ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
    ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
    ("![img](http://tracker)", r"!\[img\](http\://tracker)"),
    ("a | b", r"a \| b"),
    ("two\nlines", "two<br>lines"),
    ("# not a heading", r"\# not a heading"),
    ("- not a list", r"\- not a list"),
    ("1. not a list", r"1\. not a list"),
    ("---", r"\---"),
    ("*em* _em_ `code` ~~del~~ $x$", r"\*em\* \_em\_ \`code\` \~\~del\~\~ \$x\$"),
    ("see www.example.org", r"see www\.example.org"),
    ("mail me@example.org", "mail me@<!-- -->example.org"),
    ("&amp; & &#60;", r"\&amp; & \&#60;"),
    ("back\\slash", r"back\\slash"),
    ("-2", "-2"),
    ("118.6", "118.6"),
    ("folded text\n", "folded text"),
])
def test_markdown_escaping(text, escaped):
    assert md(text) == escaped
    assert md(md(text)) == escaped, "escaping is done once"


def test_code_spans_and_fences_cannot_be_closed_from_inside():
    assert md_code("a`b|c") == r"``a`b\|c``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_fence("```\nx", "mermaid") == "````mermaid\n```\nx\n````"


def test_hostile_text_renders_as_text_not_markup():
    form = hostile_form()
    markdown = markdown_of(Subject(form))
    html = to_html(markdown)
    rendered = Rendered(html)
    tags = {t for t, _ in rendered.tags}
    assert not {"script", "img", "a", "iframe", "b"} & tags, tags
    assert all(not k.startswith("on") for _, attrs in rendered.tags for k in attrs)
    assert "javascript:" not in " ".join(str(v) for _, attrs in rendered.tags for v in attrs.values())
    body = rendered.all_text()
    for value in HOSTILE.values():
        assert value in body, value[:40]
    assert body.count(LONG) >= 3
    assert table_shapes_are_whole(markdown), "'|' stays inside its cell"
    # The intro's line breaks stay line breaks, its '#' and '-' stay characters.
    assert "<h1>" in html and html.count("<h1>") == 1
    assert "# not a heading" in body and "- not a list" in body and INTRO.split("\n")[0] in body


def test_hostile_workflow_steps_table_keeps_its_shape():
    form = hostile_form()
    workflow = hostile_workflow(form)
    markdown = markdown_of(Subject(workflow, forms={"hostile": form}))
    rendered = Rendered(to_html(markdown))
    tags = {t for t, _ in rendered.tags}
    assert not {"script", "img", "a"} & tags
    assert table_shapes_are_whole(markdown)
    body = rendered.all_text()
    for value in (HOSTILE["script"], HOSTILE["rtl"], HOSTILE["md_link"], HOSTILE["pipe"]):
        assert value in body


def test_decision_tallies_by_constituency_then_overall():
    decision = DecisionNote(proposal="p|1", outcome="rejected", rule="consent", statement="[no](http://x)",
                        decided_at="2025-01-01", decided_by="Jo *Smith*",
                        tallies={"vendor": {"object": 1}, "manager": {"agree": 2, "can_live_with": 1}})
    markdown = markdown_of(Subject(SUBJECTS["case-note"].document, decisions=(decision,)))
    assert "| Constituency | Agree | Can live with | Object |" in markdown
    assert "| Manager | 2 | 1 | 0 |\n| Vendor | 0 | 0 | 1 |\n| **Overall** | 2 | 1 | 1 |" in markdown
    assert "- **Decided by:** Jo \\*Smith\\*" in markdown
    assert "#### Proposal p\\|1: rejected" in markdown and "\\[no\\](http\\://x)" in markdown
    assert "No workshop decisions are recorded for this version." not in markdown
    assert "This is the first recorded version." in markdown



def test_signals_are_listed_beside_the_tally_as_text():
    decision = DecisionNote(proposal="4", outcome="accepted", rule="majority", statement="Yes.", decided_at="2026-01-02",
                        signals=(SignalNote("feasibility", "needs_work", "[see](http://x) *now*", "a vendor"),))
    markdown = markdown_of(Subject(SUBJECTS["case-note"].document, decisions=(decision,)))
    assert "**Signals from vendors and managers (shown beside the vote, never counted):**" in markdown
    assert "- Feasibility (vendor): Needs work, from a vendor. \\[see\\](http\\://x) \\*now\\*" in markdown
    rendered = Rendered(to_html(markdown))
    assert "a" not in {t for t, _ in rendered.tags}


def test_markdown_templates_escape_every_value_without_a_filter():
    template = environment().from_string("{{ x }}")
    assert template.render(x="<b>") == "&lt;b&gt;", "strings compiled without a name are HTML-escaped"
    context = spec_context(SUBJECTS["case-note"], with_svg=False)
    assert render("spec.md.j2", **context).startswith("# Case note or visit\n")


def test_undefined_variables_are_errors():
    with pytest.raises(UndefinedError):
        environment().get_template("spec.md.j2").render()
    context = spec_context(SUBJECTS["case-note"], with_svg=False)
    del context["changelog"]
    with pytest.raises(UndefinedError):
        render("spec.md.j2", **context)
