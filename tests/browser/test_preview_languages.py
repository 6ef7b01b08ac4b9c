"""Issue 13.2 in a real browser: a phone switches the preview to Welsh and back, the answer typed is
kept, and axe-core finds no serious or critical problem."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from forms.loader import LIBRARY_DIR
from tests.browser.conftest import axe_violations
from tests.browser.studio_server import Studio, settle
from tests.ui.test_preview_languages import TEAM_VISIT

PHONE = {"viewport": {"width": 375, "height": 800}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 11; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.0.0 Mobile Safari/537.36"}
ENGLISH, WELSH = "What would you like us to call you?", "Beth hoffech chi i ni eich galw chi?"


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """The studio on a copy of the library with the English, Welsh and Easy Read visit form added."""
    forms_dir = tmp_path_factory.mktemp("languages")
    for path in LIBRARY_DIR.glob("*.yaml"):
        shutil.copy(path, forms_dir / path.name)
    (forms_dir / "team-visit.yaml").write_text(TEAM_VISIT, encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    server = Studio({"COFORM_FORMS_DIR": str(forms_dir), "DATABASE_URL": f"sqlite:///{data / 'workshops.sqlite3'}",
                     "COFORM_PUBLISH_DIR": str(data / "published")}, log=data / "studio.log").start()
    yield server.url
    server.stop()


def test_a_phone_switches_the_preview_to_welsh_and_back_keeping_the_answer(browser, axe_script, studio):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{studio}/editor_page")
        settle(page)
        chooser = page.get_by_role("combobox", name="Form", exact=True)
        chooser.click()
        chooser.press_sequentially("team-visit")
        page.get_by_role("option", name=re.compile(r"\(team-visit\.yaml\)$")).click()
        settle(page)
        page.locator('[data-testid="stButtonGroup"]').get_by_text("As the person sees it", exact=True).tap()
        settle(page)
        languages = page.get_by_role("radiogroup", name="Language")
        expect(languages.get_by_role("radio")).to_have_count(3)
        expect(languages).to_contain_text("Cymraeg")
        name = page.get_by_role("textbox", name=ENGLISH, exact=True)
        name.fill("Sam")
        name.press("Enter")
        settle(page)

        languages.get_by_text("Cymraeg", exact=True).tap()
        settle(page)
        welsh = page.get_by_role("textbox", name=WELSH, exact=True)
        expect(welsh).to_have_value("Sam", timeout=15_000)
        expect(page.get_by_role("heading", name="Amdanoch chi")).to_be_visible()
        expect(page.get_by_role("textbox", name=ENGLISH, exact=True)).to_have_count(0)
        assert not page.locator('[data-testid="stException"]').count()
        assert page.evaluate("document.documentElement.scrollWidth") <= 376  # no sideways scrolling on a phone
        problems = axe_violations(page, axe_script)
        assert problems == [], problems

        languages.get_by_text("English", exact=True).tap()
        settle(page)
        expect(page.get_by_role("textbox", name=ENGLISH, exact=True)).to_have_value("Sam", timeout=15_000)
    finally:
        context.close()
