"""A real headless browser for tests: Debian's Chromium driven by Python playwright (never downloaded).

The studio processes the browser talks to are started by tests/browser/studio_server.py."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is needed for browser tests: run tests/setup.sh"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    assert AXE.exists(), "axe-core is needed for accessibility tests: run tests/setup.sh"
    return AXE


def axe_violations(page, axe_script: Path, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the loaded page; the violations of the given impacts, each with its nodes."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in impacts]
