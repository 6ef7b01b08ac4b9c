"""The architecture holds: streamlit stays in app.py and ui/; the core never loads YAML unsafely."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

CORE = ("forms", "workshops", "exporter")


def python_files(package: str):
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", CORE)
def test_core_packages_never_import_streamlit(package):
    offenders = [str(p.relative_to(ROOT)) for p in python_files(package)
                 if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_only_safe_yaml_loaders_are_used():
    unsafe = re.compile(r"yaml\.(load|load_all|unsafe_load|full_load)\((?![^)]*Loader=(yaml\.)?C?SafeLoader)")
    offenders = [str(p.relative_to(ROOT)) for package in (*CORE, "ui") for p in python_files(package)
                 if unsafe.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("package", [*CORE, "ui"])
def test_every_module_says_what_it_holds(package):
    missing = []
    for path in python_files(package):
        text = path.read_text(encoding="utf-8").lstrip()
        if not text.startswith(('"""', "'''")):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []
