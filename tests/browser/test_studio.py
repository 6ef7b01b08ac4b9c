"""The running studio in a real browser: `streamlit run app.py`, driven through Debian's Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from forms.loader import LIBRARY_DIR, load_text
from tests.browser.conftest import axe_violations
from tests.browser.studio_server import Studio, settle
from tests.conftest import ROOT

SHOTS = ROOT / "tests" / "browser" / "screenshots"


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """The studio on a free loopback port, editing a copy of the library (the real one stays untouched)."""
    forms_dir = tmp_path_factory.mktemp("library")
    for path in LIBRARY_DIR.glob("*.yaml"):
        shutil.copy(path, forms_dir / path.name)
    data = tmp_path_factory.mktemp("data")
    server = Studio({"COFORM_FORMS_DIR": str(forms_dir), "DATABASE_URL": f"sqlite:///{data / 'workshops.sqlite3'}",
                     "COFORM_PUBLISH_DIR": str(data / "published")}, log=data / "studio.log").start()
    yield server.url, forms_dir
    server.stop()


def open_page(browser, url: str, path: str = "", width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(f"{url}/{path}")
    settle(page)
    return page


def test_edit_a_form_see_the_preview_change_then_a_located_error_then_save(browser, studio):
    url, forms_dir = studio
    SHOTS.mkdir(exist_ok=True)
    page = open_page(browser, url, "editor_page")
    try:
        yaml_box = page.get_by_label("YAML", exact=True)
        # On a fresh machine the box is drawn before the form's text arrives in it: wait for the
        # text itself (a form has labels), never for a time, before reading it.
        expect(yaml_box).to_have_value(re.compile(r"\n\s+label: \S"), timeout=30_000)
        original = yaml_box.input_value()
        label = re.search(r"^\s+label: (.+)$", original, re.M).group(1)
        edited = original.replace(f"label: {label}", f"label: {label} (edited in the browser)", 1)
        yaml_box.fill(edited)
        yaml_box.press("Control+Enter")
        settle(page)
        page.get_by_text(f"{label} (edited in the browser)").first.wait_for(timeout=15_000)
        page.screenshot(path=str(SHOTS / "editor-edited.png"), full_page=False)

        broken = edited.replace("sections:", "sections: [", 1)
        yaml_box.fill(broken)
        yaml_box.press("Control+Enter")
        settle(page)
        stale = page.get_by_text("Showing the last valid version")
        stale.wait_for(timeout=15_000)
        body = page.inner_text("body")
        assert re.search(r"[Ll]ine \d+", body), "the error must say which line"
        assert f"{label} (edited in the browser)" in body  # the last valid preview is still there
        page.screenshot(path=str(SHOTS / "editor-broken.png"), full_page=False)

        yaml_box.fill(edited)  # mend it, then save
        yaml_box.press("Control+Enter")
        settle(page)
        expect(stale).to_be_hidden(timeout=15_000)  # the mended text has reached the server
        page.get_by_role("button", name="Save", exact=True).click()
        settle(page)
        expect(page.get_by_text(re.compile(r"^Saved .+\.yaml\.")).first).to_be_visible(timeout=15_000)
        saved = [p for p in Path(forms_dir).glob("*.yaml") if f"{label} (edited in the browser)" in p.read_text()]
        assert len(saved) == 1
        assert list((Path(forms_dir) / ".history").glob(saved[0].name + ".*")), "the previous version is kept"
    finally:
        page.close()


def test_the_guided_editor_shows_the_question_picked_and_saves_only_it(browser, studio):
    """Issue 16.1: after picking another question the boxes kept the first one's values, and saved them."""
    url, _ = studio
    page = open_page(browser, url, "editor_page")
    try:
        yaml_box = page.get_by_label("YAML", exact=True)
        expect(yaml_box).to_have_value(re.compile(r"\nsections:"), timeout=15_000)  # wait for its text to arrive
        original = yaml_box.input_value()
        fields = [p.field for p in load_text(original, "browser.yaml", lint=False).form.walk()][:3]
        page.locator('[data-testid="stButtonGroup"]').get_by_text("Guided editor", exact=True).click()
        settle(page)
        question = page.get_by_role("textbox", name="Question, as the person reads it", exact=True)
        for field in fields[1:] + fields[:1]:  # the second, the third, then back to the first
            page.get_by_role("combobox", name="Question", exact=True).click()
            page.get_by_role("option", name=re.compile(re.escape(f"({field.id})") + "$")).click()
            expect(question).to_have_value(field.label, timeout=15_000)
        question.fill(fields[0].label + " (reworded)")
        page.get_by_role("button", name="Save this question", exact=True).click()
        expect(yaml_box).to_have_value(re.compile(re.escape(fields[0].label + " (reworded)")), timeout=15_000)
        changed = [(a, b) for a, b in zip(original.splitlines(), yaml_box.input_value().splitlines(), strict=True)
                   if a != b]
        assert len(changed) == 1 and changed[0][1].endswith(fields[0].label + " (reworded)"), changed
    finally:
        page.close()


@pytest.mark.parametrize("path", ["", "editor_page", "workflow_page", "compare_page", "export_page",
                                  "facilitator_page", "participant_page", "results_page"])
def test_pages_work_on_a_phone_without_serious_accessibility_problems(browser, axe_script, studio, path):
    url, _ = studio
    page = open_page(browser, url, path, width=375)
    try:
        assert not page.locator('[data-testid="stException"]').count()
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
        problems = axe_violations(page, axe_script)
        assert problems == [], problems
        page.screenshot(path=str(SHOTS / f"phone-{path or 'library'}.png"), full_page=False)
    finally:
        page.close()


def test_export_page_makes_downloads(browser, studio):
    url, _ = studio
    page = open_page(browser, url, "export_page")
    try:
        page.get_by_role("button", name="Export").click()
        settle(page)
        page.get_by_text("Done:").wait_for(timeout=60_000)
        downloads = page.locator('[data-testid="stDownloadButton"]')
        downloads.first.wait_for(timeout=60_000)
        settle(page)
        assert downloads.count() >= 2
        assert page.get_by_text("Preview of the spec").count() == 1
    finally:
        page.close()


def test_the_library_copy_is_what_the_studio_edits(studio):
    _, forms_dir = studio
    assert sorted(p.name for p in Path(forms_dir).glob("*.yaml")) == sorted(p.name for p in LIBRARY_DIR.glob("*.yaml"))


# Streamlit's own base-path probe: a page opened by its address first asks PAGE/_stcore/health and
# PAGE/_stcore/host-config, which 404, before the real ones (streamlit/streamlit#7074, open).
STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z_]+_page/_stcore/(health|host-config)$")


def test_no_page_fetches_anything_from_outside_or_fails_a_request(browser, studio):
    """Issue 16.11: every page logged a failed request (the page icon, fetched from fonts.gstatic.com)."""
    url, _ = studio
    for path in ("", "editor_page", "workflow_page", "compare_page", "export_page", "facilitator_page",
                 "participant_page", "results_page"):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside, failed = [], []
        page.on("request", lambda r, seen=outside: seen.append(r.url) if not r.url.startswith(
            ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else None)
        page.on("requestfailed", lambda r, seen=failed: seen.append(r.url))
        page.on("response", lambda r, seen=failed: seen.append(r.url) if r.status >= 400
                and not STREAMLIT_PROBE.match(r.url) else None)
        try:
            page.goto(f"{url}/{path}")
            settle(page)
            assert (outside, failed) == ([], []), path
        finally:
            page.close()


def test_the_editors_views_are_never_cut_off_on_a_laptop(browser, studio):
    """Issue 16.11: at 1280 px the last view read "Guid…"; the choices now wrap instead."""
    url, _ = studio
    page = open_page(browser, url, "editor_page", width=1280)
    try:
        group = page.locator('[data-testid="stButtonGroup"]').first
        group.get_by_text("Guided editor", exact=True).wait_for()
        box = group.bounding_box()
        parent = group.locator("xpath=ancestor::div[@data-testid='stColumn'][1]").bounding_box()
        assert box["x"] + box["width"] <= parent["x"] + parent["width"] + 1
        for button in group.locator("button").all():
            inner = button.bounding_box()
            assert inner["x"] + inner["width"] <= parent["x"] + parent["width"] + 1, button.text_content()
    finally:
        page.close()


PHONE = {"viewport": {"width": 393, "height": 727}, "device_scale_factor": 2.75, "is_mobile": True,
         "has_touch": True, "user_agent": "Mozilla/5.0 (Linux; Android 11; Pixel 5) AppleWebKit/537.36 "
                                           "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"}


def test_on_a_phone_the_menu_closes_after_choosing_a_page(browser, studio):
    """Issue 16.5: the page menu must not stay over the page chosen. Streamlit closes it on a phone (a
    touch device); a narrow desktop window keeps it open, as a desktop sidebar stays."""
    url, _ = studio
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(url)
        settle(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        menu = page.get_by_test_id("stSidebar")
        expect(menu.get_by_text("Join a workshop")).to_be_in_viewport()
        menu.get_by_test_id("stSidebarNavLink").filter(has_text="Join a workshop").click()
        settle(page)
        page.get_by_role("heading", name="Join a workshop", level=1).wait_for()
        expect(menu.get_by_text("Join a workshop")).not_to_be_in_viewport()
    finally:
        context.close()
