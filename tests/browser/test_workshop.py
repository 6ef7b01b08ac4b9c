"""A whole workshop in real browsers: a facilitator and two participants, on two studio processes and one database.

This is how a council runs Coform: several studio processes behind a proxy, one database. The
facilitator uses one process; the two participants (an expert by experience and a practitioner,
each in a browser context of their own, as on separate phones) use the other. Midway, after
their votes were confirmed on screen, the participants' process is killed (SIGKILL) and started
again: the participants come back through their link and find everything they were told was
saved. Then the facilitator decides with a statement and publishes the new version.

It runs on SQLite (two processes sharing one WAL file) and on PostgreSQL when tests/setup.sh
has started it (each run in a schema of its own).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.studio_server import Studio, settle
from tests.conftest import ROOT
from tests.workshops.conftest import database_url  # noqa: F401  (the fixture: SQLite, and PostgreSQL when running)
from workshops import participation, service
from workshops.db import Store

SHOTS = ROOT / "tests" / "browser" / "screenshots"
JOIN_CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}\b")
CASE_NOTE = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")
NEXT_VERSION = int(re.search(r"^version: (\d+)$", CASE_NOTE, re.M).group(1)) + 1
LIVE = 20_000  # ms: other screens follow within about 3 s; the margin is for a loaded 2-core machine (a bound on
# waiting for a state, so it costs nothing when the state comes sooner)


@pytest.fixture
def studios(database_url, tmp_path):  # noqa: F811
    env = {"DATABASE_URL": database_url, "COFORM_PUBLISH_DIR": str(tmp_path / "published")}
    first, second = Studio(env).start(), Studio(env).start()
    yield first, second, tmp_path / "published"
    first.stop()
    second.stop()


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label and the option's visible text."""
    combobox = page.get_by_role("combobox", name=label, exact=True)
    if option in combobox.input_value():
        return
    combobox.click()
    page.get_by_role("option", name=option).first.click()


def box(page, label: str):
    """A text input or text area by its label (not the help button that shares it)."""
    return page.get_by_role("textbox", name=label, exact=True)


def text_of(page) -> str:
    return page.inner_text('[data-testid="stMain"]')


def open_as(context, url: str):
    page = context.new_page()
    page.goto(url)
    settle(page)
    return page


def join(page, code: str, constituency: str, name: str) -> None:
    box(page, "Join code").fill(code)
    choose(page, "I am taking part as", constituency)
    box(page, "Display name (optional)").fill(name)
    page.get_by_text("My name may appear").click()
    page.get_by_role("button", name="Join", exact=True).click()
    settle(page)
    page.get_by_text("You have joined").wait_for(timeout=LIVE)
    assert "?t=pt_" in page.url  # the link that brings this person back


def vote(page, proposal: str, choice: str) -> None:
    choose(page, "Proposal to vote on", proposal)
    page.locator('[data-testid="stRadio"]').filter(has_text="Your vote").get_by_text(choice, exact=True).click()
    page.get_by_role("button", name="Cast my vote", exact=True).click()
    settle(page)


def start(fac, title: str, quorum: int) -> None:
    """The facilitator starts a workshop on the case note, with live results."""
    choose(fac, "Form to work on", "(case-note.yaml)")
    box(fac, "Workshop title").fill(title)
    fac.get_by_role("spinbutton", name="Quorum: the fewest votes that can decide").fill(str(quorum))
    fac.get_by_text("Show results to participants while voting").click()
    fac.get_by_role("button", name="Create the workshop", exact=True).click()
    settle(fac)


def readable_on_a_phone(page, axe_script) -> None:
    """No sideways scrolling at 375 px and no serious or critical accessibility problem (axe-core)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    problems = axe_violations(page, axe_script)
    assert problems == [], problems


def test_three_people_run_a_workshop_across_two_studio_processes_and_a_crash(browser, axe_script, studios,
                                                                              database_url):  # noqa: F811
    facilitator_studio, participant_studio, published = studios
    SHOTS.mkdir(exist_ok=True)
    contexts = [browser.new_context(viewport={"width": 1280, "height": 1000}),
                browser.new_context(viewport={"width": 375, "height": 800}),  # on phones
                browser.new_context(viewport={"width": 375, "height": 800})]
    try:
        # The facilitator starts a workshop on the case note, live results, quorum 2.
        fac = open_as(contexts[0], f"{facilitator_studio.url}/facilitator_page")
        start(fac, "Case note review <b>with</b> families", quorum=2)
        fac.get_by_text("Keep this facilitator key somewhere safe").wait_for(timeout=LIVE)
        fac.locator('[data-testid="stCode"]').first.wait_for(timeout=LIVE)
        key = re.search(r"fk_[A-Za-z0-9_-]+", fac.locator('[data-testid="stCode"]').first.inner_text()).group(0)
        assert not JOIN_CODE.search(text_of(fac))  # the key alone: nothing for the room's screen yet
        fac.get_by_role("button", name="I have kept the key", exact=True).click()
        settle(fac)
        fac.get_by_text("Scan to join").wait_for(timeout=LIVE)
        code = JOIN_CODE.search(text_of(fac)).group(0)
        assert "Case note review <b>with</b> families" in text_of(fac)  # typed text shown as text
        # The projector view: the code, the link and its QR code, and never the key.
        fac.get_by_text("Projector view").click()
        expect(fac.get_by_text("Stage of the workshop")).to_have_count(0, timeout=LIVE)
        fac.get_by_text(f"/participant_page?code={code}").wait_for(timeout=LIVE)
        assert fac.locator('[data-testid="stImage"] img').count() == 1
        assert key not in fac.inner_text("body") and "Stage of the workshop" not in text_of(fac)
        fac.get_by_text("Projector view").click()
        settle(fac)

        # Two participants join on the other studio process.
        sam = open_as(contexts[1], f"{participant_studio.url}/participant_page")
        join(sam, code.lower().replace("-", ""), "Expert by experience", "Sam")
        kim = open_as(contexts[2], f"{participant_studio.url}/participant_page")
        join(kim, code, "Practitioner", "Kim")
        # The facilitator's screen follows without reloading.
        fac.get_by_text("Expert by experience: 1 joined").wait_for(timeout=LIVE)
        fac.get_by_text("Practitioner: 1 joined").wait_for(timeout=LIVE)

        # Sam proposes by pasting YAML; Kim's screen shows the proposal without reloading.
        sam.locator('[data-testid="stButtonGroup"]').get_by_text("Propose a change", exact=True).click()
        settle(sam)
        sam.get_by_text("By pasting YAML").click()
        settle(sam)
        pasted = box(sam, "The whole form, as YAML")
        pasted.fill(pasted.input_value().replace("label: Why we met\n", "label: Why we met today\n", 1))
        box(sam, "Why this change? (optional)").fill("Families asked for plain words.")
        sam.get_by_role("button", name="Propose this YAML", exact=True).click()
        settle(sam)
        sam.get_by_text("Proposal 1 is in").wait_for(timeout=LIVE)
        kim.get_by_text("Proposal 1").first.wait_for(timeout=LIVE)
        kim.get_by_text("Families asked for plain words.").wait_for(timeout=LIVE)
        # Kim can vote and comment on it at once: the choices follow by themselves, no button to find.
        kim.get_by_role("combobox", name="Proposal to vote on", exact=True).wait_for(timeout=LIVE)
        assert not kim.get_by_role("button", name=re.compile("^Show ")).count()

        # Kim starts a comment; while it is half typed, Sam votes and Kim's live tally moves:
        # what Kim typed stays in the box.
        comment = box(kim, "Comment")
        comment.fill("Half a thought about the wording")
        # A third person proposes meanwhile (through the service, on the shared database): Kim's live view
        # shows it and the page reruns by itself to offer it, and the half-typed comment is not touched.
        store = Store(database_url)
        ali = store.run(service.join, code, "practitioner", "Ali")
        store.run(service.propose, ali["token"], CASE_NOTE.replace("label: Date of the visit or call\n",
                                                                   "label: Date of the visit\n", 1), "case-note.yaml")
        store.engine.dispose()
        kim.get_by_text("Proposal 2").first.wait_for(timeout=LIVE)
        settle(kim)  # the rerun that follows the live view has finished
        assert comment.input_value() == "Half a thought about the wording"
        kim.get_by_role("combobox", name="Proposal to comment on", exact=True).click()
        kim.get_by_role("option", name=re.compile("^Proposal 2")).wait_for(timeout=LIVE)
        kim.keyboard.press("Escape")
        assert comment.input_value() == "Half a thought about the wording"
        sam.locator('[data-testid="stButtonGroup"]').get_by_text("Proposals and votes", exact=True).click()
        settle(sam)
        vote(sam, "Proposal 1", "Support")
        sam.get_by_text("Your vote on proposal 1 is counted.").wait_for(timeout=LIVE)
        kim.get_by_text("1 support").first.wait_for(timeout=LIVE)
        assert comment.input_value() == "Half a thought about the wording"
        # A refresh midway: Kim is still Kim, and the half-typed comment is still in its box (issue 16.3).
        kim.reload()
        settle(kim)
        expect(box(kim, "Comment")).to_have_value("Half a thought about the wording", timeout=LIVE)
        # Another page, then Back: Back returns to the page with the person's link, the same person.
        # (the menu's link is scrolled out of a phone's view, so it is clicked as the menu would click it)
        kim.get_by_role("link", name=re.compile("Library$")).evaluate("link => link.click()")
        settle(kim)
        kim.get_by_text("Joining a workshop? Start here").wait_for(timeout=LIVE)
        kim.go_back()  # one Back is enough: no page pushes a second history entry (ui/person.py)
        expect(kim).to_have_url(re.compile(r"/participant_page\?t=pt_"), timeout=LIVE)
        settle(kim)
        expect(box(kim, "Comment")).to_have_value("Half a thought about the wording", timeout=LIVE)
        assert not box(kim, "Join code").count()
        comment = box(kim, "Comment")
        # A paste over the limit stays in the box and is refused with its count (issue 16.4).
        comment.fill("A long paste. " * 300)
        kim.get_by_role("button", name="Post my comment", exact=True).click()
        settle(kim)
        kim.get_by_text("Your comment is 4,200 characters long and the limit is 4,000").wait_for(timeout=LIVE)
        assert comment.input_value() == "A long paste. " * 300
        comment.fill("Half a thought about the wording, now finished.")
        kim.get_by_role("button", name="Post my comment", exact=True).click()
        settle(kim)
        kim.get_by_text("Your comment on proposal 1 is posted.").wait_for(timeout=LIVE)
        expect(comment).to_have_value("", timeout=LIVE)  # used, so emptied for the next one
        vote(kim, "Proposal 1", "Support")
        kim.get_by_text("Your vote on proposal 1 is counted.").wait_for(timeout=LIVE)
        kim.screenshot(path=str(SHOTS / "workshop-participant-phone.png"), full_page=False)
        readable_on_a_phone(kim, axe_script)  # proposals, tallies, comments and the forms, on a phone

        # Sam reads the proposal before and after, side by side (stacked on a phone).
        sam.locator('[data-testid="stButtonGroup"]').get_by_text("Before and after", exact=True).click()
        settle(sam)
        before = sam.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Before").filter(
            has_text="Question: Why we met").first
        after = sam.locator('[data-testid="stMarkdownContainer"]').filter(has_text="After").filter(
            has_text="Question: Why we met today").first
        after.wait_for(timeout=LIVE)
        assert "Why we met today" not in before.inner_text()
        readable_on_a_phone(sam, axe_script)
        sam.screenshot(path=str(SHOTS / "workshop-before-after-phone.png"), full_page=False)
        sam.locator('[data-testid="stButtonGroup"]').get_by_text("Proposals and votes", exact=True).click()
        settle(sam)

        # The participants' studio process dies; nothing it confirmed may be lost.
        sam.get_by_text("Come back later, or on another device").click()
        # Wait for the link's own box: an earlier view's code block may still be on screen for a moment.
        link_box = sam.locator('[data-testid="stCode"]').filter(has_text="/participant_page?t=pt_")
        link_box.wait_for(timeout=LIVE)
        link = link_box.inner_text().strip()
        assert link.startswith(f"{participant_studio.url}/participant_page?t=pt_"), link
        participant_studio.kill()
        participant_studio.start()
        kim.reload()  # Kim's phone reconnects
        settle(kim)
        kim.get_by_text("Your vote: Support").wait_for(timeout=LIVE)
        contexts.append(browser.new_context(viewport={"width": 375, "height": 800}))
        sam = open_as(contexts[-1], link)  # Sam carries on from another device, with the link
        sam.get_by_text("You take part as Sam (Expert by experience).").wait_for(timeout=LIVE)
        sam.get_by_text("Your vote: Support").wait_for(timeout=LIVE)
        sam.get_by_text("Half a thought about the wording, now finished.").wait_for(timeout=LIVE)

        # The facilitator sees the tally by constituency, decides with a statement and publishes.
        fac.get_by_text("Would pass.").wait_for(timeout=LIVE)
        body = text_of(fac)
        assert "Expert by experience: 1 support" in body and "Practitioner: 1 support" in body
        assert "Everyone together: 2 support" in body
        assert not fac.get_by_role("button", name=re.compile("^Show ")).count()
        choose(fac, "Proposal to decide", "Proposal 1")
        box(fac, "Statement: what was decided and why, in plain words").fill(
            "Accepted: both groups supported plainer words.")
        fac.get_by_role("button", name="Record the decision", exact=True).click()
        settle(fac)
        fac.get_by_text("Proposal 1 was accepted").wait_for(timeout=LIVE)
        fac.get_by_role("button", name="Publish the new version", exact=True).click()
        settle(fac)
        fac.get_by_text(f"Version {NEXT_VERSION} is published").wait_for(timeout=LIVE)
        fac.screenshot(path=str(SHOTS / "workshop-facilitator.png"), full_page=True)
        assert axe_violations(fac, axe_script) == []  # the facilitator's page with a whole workshop on it
        written = list(Path(published).glob("*.yaml"))
        assert [p.name for p in written] == [f"case-note-v{NEXT_VERSION}.yaml"]
        assert "label: Why we met today\n" in written[0].read_text(encoding="utf-8")

        # The participants see the decision on their own screens, through the restarted process.
        sam.get_by_text("accepted").first.wait_for(timeout=LIVE)
        # Publishing closed the workshop: the outcome and the new version reach the phone by themselves.
        sam.get_by_text(f"Version {NEXT_VERSION} of the form is published").wait_for(timeout=LIVE)
        assert "The workshop is closed." in text_of(sam)
        results = open_as(contexts[1], f"{participant_studio.url}/results_page?t="
                          + sam.url.split("?t=")[1].split("&")[0])
        results.get_by_text("Passes.").wait_for(timeout=LIVE)
        assert "Others: 2 support" in text_of(results)  # groups under three are folded, never shown alone
    except Exception:
        for n, context in enumerate(contexts):  # what each person saw, for whoever reads the failure
            for m, seen in enumerate(context.pages):
                seen.screenshot(path=str(SHOTS / f"workshop-failed-{n}-{m}.png"), full_page=True)
        raise
    finally:
        for context in contexts:
            context.close()


ADDRESSES = "www.example.org someone@example.org https://example.org/x"


def links(page) -> list[str]:
    """Every link on the page, as 'href text'."""
    return page.locator("a").evaluate_all("found => found.map(a => a.href + ' ' + a.textContent)")


def test_addresses_people_type_are_never_links_on_anyone_elses_screen(browser, tmp_path):
    """Issue 14.5: www. and e-mail addresses became live links on other people's screens, https:// broken ones.
    Every kind of text a participant writes holds three addresses; no page another person sees links them."""
    url = f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
    store = Store(url)
    made = store.run(service.create_workshop, "Addresses", CASE_NOTE, "case-note.yaml", quorum=1,
                     results_visibility="live")
    ali = store.run(service.join, made["join_code"], "practitioner", f"Ali {ADDRESSES}", attribution="named")
    vendor = store.run(service.join, made["join_code"], "vendor", f"Supplier {ADDRESSES}", attribution="named")
    sam = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")
    proposed = (CASE_NOTE.replace("label: Why we met\n", f"label: Why we met {ADDRESSES}\n", 1)
                .replace("  We write it so that you can read it.\n", f"  We write it so that you can read it. {ADDRESSES}\n"))
    assert proposed.count(ADDRESSES) == 2
    store.run(service.propose, ali["token"], proposed, "case-note.yaml", f"Rationale {ADDRESSES}")
    store.run(participation.comment, ali["token"], 1, f"Comment {ADDRESSES}", "for")
    store.run(participation.signal, vendor["token"], 1, "feasibility", "easy", f"Note {ADDRESSES}")
    store.run(service.vote, ali["token"], 1, "support", f"Reason {ADDRESSES}")
    store.engine.dispose()
    studio = Studio({"DATABASE_URL": url, "COFORM_PUBLISH_DIR": str(tmp_path / "published")}).start()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = open_as(context, f"{studio.url}/participant_page?t={sam['token']}")
        page.get_by_text(f"Comment {ADDRESSES}").wait_for(timeout=LIVE)  # as typed, so the check is not empty
        page.get_by_text(f"Note {ADDRESSES}").first.wait_for(timeout=LIVE)
        page.get_by_text(f"Rationale {ADDRESSES}").wait_for(timeout=LIVE)
        page.get_by_text(f"Ali {ADDRESSES}").first.wait_for(timeout=LIVE)
        seen = {"votes": links(page)}
        page.locator('[data-testid="stButtonGroup"]').get_by_text("Before and after", exact=True).click()
        settle(page)
        page.get_by_text("The whole form with this change").click()
        page.get_by_text(f"We write it so that you can read it. {ADDRESSES}").last.wait_for(timeout=LIVE)
        seen["before and after"] = links(page)
        fac = open_as(context, f"{studio.url}/facilitator_page")
        box(fac, "Facilitator key").fill(made["facilitator_key"])
        fac.get_by_role("button", name="Resume", exact=True).click()
        settle(fac)
        fac.get_by_text(f"Comment {ADDRESSES}").wait_for(timeout=LIVE)
        seen["facilitator"] = links(fac)
        results = open_as(context, f"{studio.url}/results_page?t={sam['token']}")
        results.get_by_text(f"Why we met {ADDRESSES}", exact=False).first.wait_for(timeout=LIVE)
        seen["results"] = links(results)
        assert {where: [a for a in found if "example.org" in a] for where, found in seen.items()} == \
            {where: [] for where in seen}
    finally:
        context.close()
        studio.stop()
