"""Issue 11.1 in a real browser: the person's record view on a phone, with no serious axe-core problems."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from forms.loader import LIBRARY_DIR
from tests.browser.conftest import axe_violations
from tests.browser.studio_server import Studio, settle


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """The studio editing a copy of one library form that has example answers."""
    forms_dir = tmp_path_factory.mktemp("record")
    shutil.copy(LIBRARY_DIR / "what-matters-to-me.yaml", forms_dir / "what-matters-to-me.yaml")
    data = tmp_path_factory.mktemp("data")
    server = Studio({"COFORM_FORMS_DIR": str(forms_dir), "DATABASE_URL": f"sqlite:///{data / 'workshops.sqlite3'}",
                     "COFORM_PUBLISH_DIR": str(data / "published")}, log=data / "studio.log").start()
    yield server.url
    server.stop()


def test_the_record_view_reads_story_first_on_a_phone_and_passes_axe(browser, axe_script, studio):
    page = browser.new_page(viewport={"width": 375, "height": 1000})
    try:
        page.goto(f"{studio}/editor_page")
        settle(page)
        page.locator('[data-testid="stButtonGroup"]').get_by_text("The person's record", exact=True).click()
        settle(page)
        story = page.locator("p").filter(has_text="My garden, my cat Bramble, and seeing Sam on Sundays.")
        expect(story).to_be_visible(timeout=30_000)
        body = page.inner_text("body")
        assert body.index("In your words") < body.index("The facts")
        assert not page.locator('[data-testid="stException"]').count()
        assert page.evaluate("document.documentElement.scrollWidth") <= 376  # no sideways scrolling on a phone
        problems = axe_violations(page, axe_script)
        assert problems == [], problems
    finally:
        page.close()
