"""Workflows shared by the workflow export tests: the library's, and one whose text tries to break every notation."""

from __future__ import annotations

import textwrap

from forms.loader import LIBRARY_DIR, load_paths, load_text
from forms.model import Workflow

LIBRARY_WORKFLOWS: dict[str, Workflow] = {
    r.document.id: r.document for r in load_paths([LIBRARY_DIR], lint=False)[0] if isinstance(r.document, Workflow)
}

# Each title and `when` aims at one notation: XML/HTML (<script>, &), Mermaid (quotes, ], -->, a bare
# `end`, backticks, #quot; typed by hand), DOT (}, ;, backslash escapes), bidi overrides and line breaks.
HOSTILE_TITLES = {
    "first": '<script>alert(1)</script> "quotes\' & ampersands',
    "second": 'end',
    "third": 'a"] --> end; } subgraph x',
    "fourth": "two\nlines \\N \\\" `md` #quot; #35; %%{init: {}}%%",
    "closed": "\u202eصندوق مغلق ]]> <!-- -->",
}
HOSTILE_WHENS = ('"] --> x; } end', "<b>bold</b> & ; C:\\", "end\nnext line")


def hostile_workflow() -> Workflow:
    """A valid workflow (a gateway, a review loop, an end) whose every text is hostile."""
    def q(text: str) -> str:  # YAML double-quoted scalar
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    t, w = {k: q(v) for k, v in HOSTILE_TITLES.items()}, [q(v) for v in HOSTILE_WHENS]
    text = textwrap.dedent(f"""\
        kind: workflow
        id: hostile
        title: {q('<script>alert("t")</script> & }}; end')}
        version: 1
        purpose: {q('To test <b>escaping</b> & "quotes".')}
        start: first
        steps:
          - id: first
            title: {t['first']}
            actor: practitioner
            time_limit: {{working_days: 2}}
            next:
              - {{to: second, when: {w[0]}}}
              - {{to: closed, when: {w[1]}}}
          - id: second
            title: {t['second']}
            actor: manager
            description: {q('<img src=x onerror=alert(1)>')}
            next:
              - {{to: third}}
          - id: third
            title: {t['third']}
            actor: manager
            next:
              - {{to: fourth, when: {w[2]}}}
          - id: fourth
            title: {t['fourth']}
            actor: practitioner
            time_limit: {{hours: 4}}
            next:
              - {{to: first, when: {q('Again: "review" ]]>')}}}
              - {{to: fourth, when: {q('--> loop')}}}
              - {{to: closed}}
          - id: closed
            title: {t['closed']}
            end: true
        """)
    result = load_text(text, "t.yaml", forms={}, lint=False)
    assert isinstance(result.document, Workflow), result.issues
    assert not [i for i in result.issues if i.severity == "error"], result.issues
    return result.document
