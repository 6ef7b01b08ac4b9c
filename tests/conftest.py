"""Shared test helpers: load inline YAML and read back codes with their locations."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from forms.loader import LoadResult, load_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load(yaml_text: str, *, lint: bool = False, forms=None) -> LoadResult:
    """Load a dedented inline snippet as the file 't.yaml' (no library forms unless given)."""
    return load_text(textwrap.dedent(yaml_text), "t.yaml", forms={} if forms is None else forms, lint=lint)


def located(result: LoadResult) -> list[tuple[str, int, int]]:
    """(code, line, column) of every issue, in reading order."""
    return [(i.code, i.line, i.column) for i in result.issues]


def codes(result: LoadResult) -> list[str]:
    return [i.code for i in result.issues]


@pytest.fixture(autouse=True)
def _no_published_versions_from_outside(monkeypatch, tmp_path_factory):
    """The studio's Library lists what workshops published (data/published unless set): a developer's own
    published files must not leak into tests, so each test starts with an empty folder of its own."""
    monkeypatch.setenv("COFORM_PUBLISH_DIR", str(tmp_path_factory.mktemp("published")))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    assert SHARED.is_dir(), f"the product brief folder is expected beside the repo at {SHARED}"
    return SHARED


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files from the current output instead of comparing (review the diff!)")


@pytest.fixture
def golden(request):
    """Compare text with a golden file under tests/golden/; `--update-goldens` rewrites it instead."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {path}: run pytest --update-goldens and review it"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check
