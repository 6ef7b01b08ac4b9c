"""The human-readable spec as GitHub-flavoured Markdown: the same content as the HTML page.

Participant text is escaped by the template environment (see exporter/templating.py), so a
label can never render as a link, an image, HTML or a broken table.
"""

from __future__ import annotations

from exporter.base import ExportFile, ExportResult, Subject, register
from exporter.html_spec import spec_context, spec_name, spec_warnings
from exporter.templating import md_fence, render
from exporter.text_diagrams import mermaid_text
from forms.model import Workflow


@register("markdown", ("form", "workflow"), "The human-readable spec as GitHub-flavoured Markdown")
def export_markdown(subject: Subject) -> ExportResult:
    # The SVG cannot live in Markdown: a Mermaid block draws the workflow where Markdown viewers
    # render Mermaid (GitHub, GitLab), and the steps table says it in words everywhere else.
    context = spec_context(subject, with_svg=False)
    if isinstance(subject.document, Workflow):
        context["workflow"]["mermaid"] = md_fence(mermaid_text(subject.document), "mermaid")
    text = render("spec.md.j2", **context)
    name = spec_name(subject, "md")
    return ExportResult((ExportFile(name, text.encode("utf-8"), "text/markdown; charset=utf-8"),),
                        spec_warnings(subject))
