"""People's text made inert for Markdown: nothing they type becomes a link, an image or HTML on another screen."""

from __future__ import annotations

import pytest

from ui.text import md


@pytest.mark.parametrize(("typed", "shown"), [
    # Issue 14.5: GitHub-flavoured Markdown links these by itself, even with every dot escaped; inline code never.
    ("see www.example.org", "see `www.example.org`"),
    ("mail someone@example.org today", "mail `someone@example.org` today"),
    ("https://example.org/x", "`https://example.org/x`"),
    ("WWW.EXAMPLE.ORG", "`WWW.EXAMPLE.ORG`"),
    # Punctuation around an address stays ordinary (escaped) text.
    ("(see www.example.org), or", "\\(see `www.example.org`\\), or"),
    ("![p](https://t.example/p.png) <b>x</b>", "`![p](https://t.example/p.png`\\) \\<b\\>x\\</b\\>"),
    # A backtick in the address cannot close the code early; a table's '|' stays outside the code.
    ("`x@y`", "`` `x@y` ``"),
    ("a|b@c|d", "a\\|`b@c`\\|d"),
    # Text with nothing Markdown would link is escaped as before.
    ("plain *bold* 1.2 [x](y)", "plain \\*bold\\* 1\\.2 \\[x\\]\\(y\\)"),
])
def test_addresses_are_shown_as_code_and_everything_else_is_escaped(typed, shown):
    assert md(typed) == shown
