"""Languages: a text the form's declared languages expect but that is not written yet (LINT_022)."""

from __future__ import annotations

from forms import vocabulary as V
from forms.errors import Code, Issue
from forms.languages import texts
from forms.model import Form


def check_missing(form: Form) -> list[Issue]:
    """LINT_022: one warning per text and missing language, at the text's key."""
    if len(form.languages) < 2:
        return []
    main = V.language_name(form.languages[0])
    return [Code.LINT_MISSING_TRANSLATION.issue("", *text.loc, key=text.key, owner=text.owner, tag=tag,
                                                language=V.language_name(tag), default=main)
            for text in texts(form) for tag in text.missing(form.languages)]
