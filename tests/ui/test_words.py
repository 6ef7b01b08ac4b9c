"""Issue 13.2: the studio's words live in one place (ui/words/), so a Welsh studio can be added as data."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from forms.vocabulary import FORM_WORDS, form_word
from tests.conftest import ROOT
from ui import words
from ui.words import ENGLISH, word

# Streamlit calls whose first argument (or label=, help=, ...) is shown as words.
SHOWN = {"markdown", "caption", "write", "subheader", "header", "title", "button", "error", "info", "warning",
         "success", "toast", "expander", "text_input", "text_area", "selectbox", "radio", "checkbox", "toggle",
         "number_input", "multiselect", "select_slider", "date_input", "download_button", "form_submit_button",
         "link_button", "page_link", "metric", "segmented_control", "file_uploader", "tabs", "text", "popover",
         "slider", "time_input", "pills", "Page", "set_page_config", "spinner", "status", "dialog"}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "body", "title", "page_title", "caption"}
# Not words: no letters at all ("---", "**", "", " · "), a Material icon, a page's script file.
NOT_WORDS = re.compile(r"[^A-Za-z]*|:material/[a-z_]+:|[a-z_/]+\.py")


def _streamlit_call(call: ast.Call) -> bool:
    """st.x(...), st.sidebar.x(...), and a column's or container's x(...) (left.button, cols[0].metric)."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in SHOWN:
        return False
    owner = func.value.value if isinstance(func.value, ast.Subscript) else func.value
    return isinstance(owner, ast.Name) or (isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name)
                                           and owner.value.id == "st")


def _literal_words(node: ast.AST):
    """Literal text with letters in NODE: not a key given to word(...) or form_word(...), not a value compared,
    not a dictionary key read (d["key"], d.get("key", default))."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("word", "form_word"):
        return
    if isinstance(node, ast.Compare):
        return
    if isinstance(node, ast.Subscript):
        yield from _literal_words(node.value)
        return
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        for child in (node.func, *node.args[1:]):  # a dictionary key read is not words; its default may be
            yield from _literal_words(child)
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and not NOT_WORDS.fullmatch(node.value):
            yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _literal_words(child)


def inline_words(source: str) -> list[tuple[int, str]]:
    """(line, text) of every word written inline into a streamlit call in SOURCE."""
    found = []
    for call in ast.walk(ast.parse(source)):
        if isinstance(call, ast.Call) and _streamlit_call(call):
            shown = [*call.args[:1], *(k.value for k in call.keywords if k.arg in SHOWN_KEYWORDS)]
            found += [(n.lineno, n.value) for arg in shown for n in _literal_words(arg)]
    return found


def screens() -> list[Path]:
    return [p for p in sorted((ROOT / "ui").rglob("*.py")) if "words" not in p.relative_to(ROOT / "ui").parts] + [
        ROOT / "app.py"]


@pytest.mark.parametrize("source", [
    'st.button("Save")',
    'st.caption(f"{count} error(s)")',
    'left.markdown("**Before**\\n\\n" + md(text))',
    'cols[0].metric("Steps", 3)',
    'st.text_input(word("a.b"), placeholder="e.g. carer")',
    'st.info(x if y else "Nothing yet.")',
    'st.Page("ui/library_page.py", title="Library")',
    'st.sidebar.radio("Show", options)',
    'st.error(md(notice.get("text", "This file cannot be opened.")))',
])
def test_the_guard_finds_words_written_into_a_streamlit_call(source):
    assert inline_words(source) != []


@pytest.mark.parametrize("source", [
    'st.button(word("editor.save"), key="save_button")',
    'st.caption(word("editor.errors", count=n))',
    'st.markdown("---")',
    'st.markdown(f"**{md(name)}** · {word(\'a.b\')}")',
    'st.page_link("participant_page.py", label=word("a.b"), icon=":material/how_to_vote:")',
    'st.warning(md(kind) if kind == "breaking" else "")',
    'st.radio(label(field), [True, False], format_func=V.form_word)',
    'st.error(md(notice.get("text", word("editor.file_cannot_opened"))))',
])
def test_the_guard_lets_through_what_is_not_words(source):
    assert inline_words(source) == []


def test_no_screen_writes_its_words_inline():
    found = {f"{p.relative_to(ROOT)}:{line}: {text!r}" for p in screens()
             for line, text in inline_words(p.read_text(encoding="utf-8"))}
    assert found == set()


# word("key") and word("key" if x else "other") name their keys literally; word(f"family.{x}") names a family.
LITERAL = re.compile(r"""(?<![\w.])word\(\s*(?:"([a-z_.0-9]+)"(?:\s+if\s+.+?\s+else\s+"([a-z_.0-9]+)")?|f"([a-z_.]+)\{)""")


def used_keys() -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    families: set[str] = set()
    for path in screens():
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            first, second, family = match.groups()
            keys.update(k for k in (first, second) if k)
            if family:
                families.add(family)
    return keys, families


def test_every_key_a_screen_asks_for_has_words_and_every_word_is_used():
    keys, families = used_keys()
    assert {"preview.language", "guided.label", "library.search_titles_purposes", "facilitator.start_workshop"} <= keys
    assert keys - set(ENGLISH) == set()
    sources = "\n".join(p.read_text(encoding="utf-8") for p in screens())
    # A key is used when a screen names it in quotes (some choose the key in a table first) or by its family.
    unused = {k for k in ENGLISH if f'"{k}"' not in sources and not any(k.startswith(f) for f in families)}
    assert unused == set()


def test_facts_fill_their_places_and_braces_in_peoples_text_stay_as_typed():
    assert word("preview.page_part", part=2, parts=3) == " (part 2 of 3)"
    assert word("guided.in_language", text="Pets {name}", language="Welsh") == "Pets {name} — Welsh"


def test_a_studio_language_is_data_and_a_word_not_yet_translated_falls_back_to_english(monkeypatch):
    monkeypatch.setitem(words.STUDIO, "cy", {"preview.language": "Iaith"})
    monkeypatch.setattr(words, "STUDIO_LANGUAGE", "cy")
    assert word("preview.language") == "Iaith"
    assert word("guided.hint") == "Hint (optional)"


def test_every_screen_area_is_its_own_module_and_no_key_is_written_twice():
    modules = sorted(p.stem for p in (ROOT / "ui" / "words").glob("*.py") if p.stem != "__init__")
    assert modules == ["editor", "guided", "pages", "preview", "workshop"]
    for name in modules:
        text = (ROOT / "ui" / "words" / f"{name}.py").read_text(encoding="utf-8")
        assert len(text.splitlines()) < 400
    assert sum(len(getattr(words, m).WORDS) for m in modules) == len(ENGLISH)


def test_the_forms_own_words_exist_in_every_language_with_the_same_places():
    assert FORM_WORDS["cy"]["yes"] == "Ie" and FORM_WORDS["cy"]["no"] == "Na"
    places = re.compile(r"\{(\w+)\}")
    for tag, table in FORM_WORDS.items():
        assert set(table) == set(FORM_WORDS["en"]), tag
        for key, text in table.items():
            assert set(places.findall(text)) == set(places.findall(FORM_WORDS["en"][key])), (tag, key)
    assert form_word("required", "cy") == " (gofynnol)"
    assert form_word("yes", "fr") == "Yes"  # a language without form words reads English
    assert form_word("item_of", "cy", number=1, count=2) == "Eitem 1 o 2"


def test_the_old_inline_words_are_caught(tmp_path):
    """What the screens looked like before: the guard fails on it."""
    before = textwrap.dedent('''
        st.title("Coform library")
        query = st.text_input("Search titles and purposes", key="library_search", placeholder="e.g. carer")
        st.write(f"Check: {status}, {card['warnings']} warning(s).")
    ''')
    assert [line for line, _ in inline_words(before)] == [2, 3, 3, 4, 4]
