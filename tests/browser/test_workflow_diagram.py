"""The Workflow page's diagram on a 375 px phone, in Chromium: node text at least 12 px, no text on other text.

Issue 16.11: the adults' workflow was drawn 837 px wide and scaled to the 343 px a phone gives it, so
its text came out at 6 px. Measured as drawn: each <text>'s font size times the scale the browser
applies to it (`getScreenCTM`), and the boxes the browser gives each text and node shape.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from forms.loader import LIBRARY_DIR, load_file
from tests.browser.studio_server import Studio, settle

PHONE = 375
MEASURE = """() => {
  const svg = document.querySelector('[data-testid="stGraphVizChart"] svg');
  const groups = [...svg.querySelectorAll('g.node, g.edge')];
  const box = (r) => ({x: r.x, y: r.y, w: r.width, h: r.height});
  const texts = [...svg.querySelectorAll('g.node text, g.edge text')].map(t => {
    const g = t.closest('g.node, g.edge');
    return {group: groups.indexOf(g), kind: g.getAttribute('class'), text: t.textContent,
            px: parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a, ...box(t.getBoundingClientRect())};
  });
  const shapes = [...svg.querySelectorAll('g.node')].map(g => ({group: groups.indexOf(g),
    ...box(g.querySelector('path, polygon, ellipse').getBoundingClientRect())}));
  return {width: svg.getBoundingClientRect().width, texts, shapes};
}"""


def apart(a: dict, b: dict) -> bool:
    """True when two boxes do not overlap (touching, or less than half a pixel, is apart)."""
    return (a["x"] + a["w"] - 0.5 <= b["x"] or b["x"] + b["w"] - 0.5 <= a["x"]
            or a["y"] + a["h"] - 0.5 <= b["y"] or b["y"] + b["h"] - 0.5 <= a["y"])


@pytest.fixture(scope="module")
def studio():
    data = Path(tempfile.mkdtemp(prefix="workflow-diagram-"))
    server = Studio({"DATABASE_URL": f"sqlite:///{data / 'workshops.sqlite3'}",
                     "COFORM_PUBLISH_DIR": str(data / "published")}, log=data / "studio.log").start()
    yield server.url
    server.stop()


@pytest.mark.parametrize("workflow", ["adults-contact-to-review.yaml", "children-contact-to-plan.yaml"])
def test_the_diagram_is_readable_on_a_phone(browser, studio, workflow):
    page = browser.new_page(viewport={"width": PHONE, "height": 800})
    try:
        page.goto(f"{studio}/workflow_page")
        settle(page)
        chosen = load_file(LIBRARY_DIR / workflow).workflow
        page.get_by_role("combobox", name="Workflow").click()
        page.get_by_role("option", name=f"{chosen.title} ({workflow})").click()
        settle(page)
        page.get_by_role("heading", name=chosen.title).wait_for()
        # The drawing is made in the browser after the page has run: wait for this workflow's first step in it.
        first = "".join(chosen.step_map()[chosen.start].title.split())
        page.wait_for_function("t => (document.querySelector('[data-testid=\"stGraphVizChart\"] svg') || {})"
                               ".textContent?.replace(/\\s/g, '').includes(t)", arg=first)
        drawn = page.evaluate(MEASURE)
        assert drawn["width"] <= PHONE - 32 + 0.5  # scaled to the phone's column, not wider than the screen
        nodes = [t for t in drawn["texts"] if t["kind"] == "node"]
        assert nodes and min(t["px"] for t in nodes) >= 12, sorted(t["px"] for t in nodes)[:3]
        assert min(t["px"] for t in drawn["texts"]) >= 12  # the numbers on the arrows too
        texts = drawn["texts"]
        clashes = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                   if a["group"] != b["group"] and not apart(a, b)]
        assert clashes == []
        on_boxes = [(t["text"], s["group"]) for t in texts if t["kind"] == "edge" for s in drawn["shapes"]
                    if not apart(t, s)]
        assert on_boxes == []  # no number sits on a step's box
        legend = page.get_by_text("When each numbered way is taken")
        legend.scroll_into_view_if_needed()
        assert legend.bounding_box()["y"] > page.locator('[data-testid="stGraphVizChart"]').bounding_box()["y"]
    finally:
        page.close()
