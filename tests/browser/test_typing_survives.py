"""Half-typed text survives the page redrawing itself (issue 16.3: nothing typed is lost).

A person posts a comment (the page says so at the top), starts typing the next one, and, before they
leave the box, someone else's proposal arrives: the page redraws to offer it, and the message from the
last action is gone. Text not yet sent to the server lives only in the browser's box, so the box must
stay the same box across that redraw.
"""

from __future__ import annotations

import re

from tests.browser.studio_server import Studio, settle
from tests.browser.test_workshop import CASE_NOTE, LIVE, box, open_as
from workshops import service
from workshops.db import Store

HALF_TYPED = "I am still writing this: the question about the GP should say wh"


def test_a_comment_being_typed_is_kept_when_a_new_proposal_redraws_the_page(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
    store = Store(url)
    made = store.run(service.create_workshop, "Typing", CASE_NOTE, "case-note.yaml", quorum=1)
    ali = store.run(service.join, made["join_code"], "practitioner", "Ali")
    sam = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")
    store.run(service.propose, ali["token"], CASE_NOTE.replace("label: Why we met\n", "label: Why we met today\n", 1),
              "case-note.yaml", "First")
    studio = Studio({"DATABASE_URL": url, "COFORM_PUBLISH_DIR": str(tmp_path / "published")}).start()
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = open_as(context, f"{studio.url}/participant_page?t={sam['token']}")
        box(page, "Comment").fill("The first comment.")
        page.get_by_role("button", name="Post my comment").click()
        settle(page)
        page.get_by_text("Your comment on proposal 1 is posted.").wait_for(timeout=LIVE)

        comment = box(page, "Comment")
        comment.click()
        comment.press_sequentially(HALF_TYPED)  # still in the box: never sent to the server
        store.run(service.propose, ali["token"],
                  CASE_NOTE.replace("label: Why we met\n", "label: Why we met this week\n", 1), "case-note.yaml",
                  "Second")
        # The live view finds the new proposal and the page redraws to offer it for comments and votes.
        page.get_by_text(re.compile(r"Proposal 2\b")).first.wait_for(timeout=LIVE)
        settle(page)
        page.get_by_text("Your comment on proposal 1 is posted.").wait_for(state="detached", timeout=LIVE)
        assert box(page, "Comment").input_value() == HALF_TYPED
    finally:
        context.close()
        studio.stop()
        store.engine.dispose()
