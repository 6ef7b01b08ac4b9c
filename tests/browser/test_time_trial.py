"""A time trial in a real browser: start it in the editor's preview, answer two questions, finish, see measured minutes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.studio_server import Studio, settle
from tests.ui.test_editor_page import VISIT


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    forms_dir = tmp_path_factory.mktemp("forms")
    (forms_dir / "visit.yaml").write_text(VISIT, encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    server = Studio({"COFORM_FORMS_DIR": str(forms_dir), "DATABASE_URL": f"sqlite:///{data / 'w.sqlite3'}"},
                    log=data / "studio.log").start()
    yield server.url, forms_dir
    server.stop()


def test_a_time_trial_in_the_browser_shows_measured_minutes_and_keeps_the_csv(browser, studio):
    url, forms_dir = studio
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{url}/editor_page")
    settle(page)
    try:
        expect(page.get_by_label("YAML", exact=True)).to_have_value(re.compile(r"id: visit"), timeout=30_000)
        page.get_by_role("button", name="Start a time trial", exact=True).click()
        settle(page)
        expect(page.get_by_text("Time trial running: 0 answer(s) so far.")).to_be_visible(timeout=15_000)

        question = page.get_by_role("radiogroup", name=re.compile("Does someone help look after you"))
        question.get_by_text("Yes", exact=True).click()
        settle(page)
        expect(page.get_by_text("Time trial running: 1 answer(s) so far.")).to_be_visible(timeout=15_000)
        helper = page.get_by_role("textbox", name="Who helps you?", exact=True)
        helper.fill("My daughter")
        helper.press("Enter")  # a text box sends its answer on Enter or when it loses focus
        settle(page)
        expect(page.get_by_text("Time trial running: 2 answer(s) so far.")).to_be_visible(timeout=15_000)

        page.get_by_role("button", name="Finish the time trial", exact=True).click()
        settle(page)
        kept = page.get_by_text(re.compile(r"^Time trial kept: 2 answer\(s\) in [\d.]+ minutes measured, against "
                                           r"0\.6 minutes estimated for the same questions\.$"))
        expect(kept).to_be_visible(timeout=15_000)
        expect(page.get_by_text(re.compile(r"^For the 2 question\(s\) timed: [\d.]+ minutes measured"))).to_be_visible()
        lines = (forms_dir / "visit.trials.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0] == "trial,role,field,seconds"
        assert [line.split(",")[1:3] for line in lines[1:]] == [["practitioner", "has_carer"],
                                                               ["practitioner", "carer_name"]]
        assert all(float(line.split(",")[3]) >= 0 for line in lines[1:])
    finally:
        page.close()
