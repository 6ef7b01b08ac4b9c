"""exporter/labels.py, the one writer of DOT strings: hostile text stays text, and Graphviz shows it as typed."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from exporter.labels import escape, label, plain, quote, unescape, wrap


@pytest.mark.parametrize(("text", "escaped", "shown"), [
    ('say "hi"', 'say \\"hi\\"', 'say "hi"'),
    ('"] ; a -> b [label="x', '\\"] ; a -> b [label=\\"x', '"] ; a -> b [label="x'),
    ("ends\\", "ends\\\\\\n", "ends\\"),  # never a doubled backslash right before the closing quote
    ("C:\\\\", "C:\\\\\\\\\\n", "C:\\\\"),
    ("\\N and \\l", "\\\\N and \\\\l", "\\N and \\l"),  # Graphviz's own escapes stay text
    ("two\nlines", "two\\nlines", "two\nlines"),
    ("cr\r\nlf\rhere\u2028", "cr\\nlf\\nhere", "cr\nlf\nhere"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("a & b", "a &amp; b", "a & b"),
    ("&amp; &lt;b&gt; &#x202E;", "&amp;amp; &amp;lt;b&amp;gt; &amp;#x202E;", "&amp; &lt;b&gt; &#x202E;"),
    ("\u202eevil\u2066x\u2069\u200f", "evilx", "evilx"),  # RLO, isolates and marks: dropped
    ("bell\x07nul\x00del\x7f\x85end", "bellnuldel\\nend", "bellnuldel\nend"),
    ("tab\there  ", "tab here", "tab here"),
])
def test_escape_keeps_hostile_text_inert_and_shown_as_typed(text, escaped, shown):
    assert escape(text) == escaped
    assert quote(text) == f'"{escaped}"'
    assert plain(text) == shown == unescape(escaped)
    assert not escaped.endswith("\\") and '"' not in escaped.replace('\\"', "")


def test_a_label_wraps_each_piece_and_cuts_a_pasted_paragraph():
    assert label(["C:\\", "next"], 12) == '"C:\\\\\\nnext"'  # a backslash inside a label needs no guard
    assert label(["next", "C:\\"], 12) == '"next\\nC:\\\\\\n"'
    assert label(["A fairly long title for a step", "Form: x"], 12) == '"A fairly\\nlong title\\nfor a step\\nForm: x"'
    lines, cut = wrap("word " * 50, 10, max_lines=3)
    assert cut and len(lines) == 3 and lines[-1].endswith("…")
    assert wrap("word " * 50, 10, max_lines=None) == (["word word"] * 25, False)
    assert wrap("x" * 25, 10) == (["x" * 20, "x" * 5], False)  # a long word is split at twice the width


def test_graphviz_draws_the_hostile_label_exactly():
    assert shutil.which("dot"), "Debian's graphviz is needed for this test: run tests/setup.sh"
    text = '<script>x</script> & "q" &amp; \u202eRLO C:\\'
    run = subprocess.run(["dot", "-Tsvg"], input=f"digraph {{ a [label={quote(text)}]; }}", capture_output=True,
                         text=True, timeout=60, check=True)
    assert not run.stderr
    # The SVG writer escapes what it draws: it is the text as typed, without the RLO and with nothing added.
    drawn = run.stdout.split("<text", 1)[1].split(">", 1)[1].split("</text>", 1)[0]
    assert drawn == '&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot; &amp;amp; RLO C:\\'
