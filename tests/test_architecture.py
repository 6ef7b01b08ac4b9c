"""The architecture holds: forms at the bottom, exporter and workshops apart, streamlit only in app.py and ui/, no SQL
in ui/, no module circles, YAML loaded safely."""

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


def imports() -> dict[str, set[str]]:
    """Every core and UI module's imports of other Coform modules, at any level (a function-level import
    hides a dependency from a reader, not from this test)."""
    import ast

    modules = {}
    for package in (*CORE, "ui"):
        for path in python_files(package):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:  # the most specific module named: a submodule, else the package
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
        found[name] = {t for t in targets if t in modules and t != name}
    return found


def test_forms_is_the_bottom_layer_and_exporter_and_workshops_do_not_import_each_other():
    """forms imports no other package. exporter and workshops meet in one place only: the exporter's command
    line reads workshop records (exporter/cli.py), as it composes an export from what the database holds."""
    found = imports()
    upward = {m: sorted(t for t in ts if t.split(".")[0] != "forms") for m, ts in found.items()
              if m.startswith("forms")}
    assert {m: t for m, t in upward.items() if t} == {}
    across = sorted((m, t) for m, ts in found.items() for t in ts
                    if {m.split(".")[0], t.split(".")[0]} == {"exporter", "workshops"})
    assert across == [("exporter.cli", "workshops.records")]


# Module cycles still to undo, each with why it is there. A new cycle fails the test; so does mending one
# of these without crossing it off.
KNOWN_CYCLES: dict[frozenset[str], str] = {}


def test_no_module_imports_itself_round_a_circle():
    import networkx as nx

    graph = nx.DiGraph([(m, t) for m, ts in imports().items() for t in ts])
    cycles = {frozenset(c) for c in nx.simple_cycles(graph)}
    assert cycles == set(KNOWN_CYCLES)



# What ui/ and app.py may take from the database layer: the Store that runs operations and the URL that
# picks the database. Sessions, statements and tables stay behind workshops functions that return plain
# data (`service.participant_context` and the rest), so a page shows what the server decided and never
# reads around its checks.
UI_MAY_USE_FROM_DB = {"Store", "database_url"}


def database_imports(source: str) -> list[str]:
    """The imports in SOURCE that reach past the workshops functions: SQLAlchemy, the tables, the store's insides."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            named = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            named = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for full in named:
            top = full.split(".")[0]
            if top == "sqlalchemy" or full.startswith("workshops.schema") or (
                    full.startswith("workshops.db") and full.removeprefix("workshops.db.") not in UI_MAY_USE_FROM_DB):
                found.append(f"{node.lineno}: {full}")
    return found


def test_the_ui_runs_no_sql_and_never_touches_the_tables():
    offenders = [f"{path.relative_to(ROOT)}:{hit}" for path in [*python_files("ui"), ROOT / "app.py"]
                 for hit in database_imports(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_rule_on_database_imports_sees_every_way_of_writing_them():
    page = ("import sqlalchemy.orm\nfrom sqlalchemy import select\nfrom workshops import schema\n"
            "from workshops.schema import Vote\nfrom workshops.db import Store, make_engine\n"
            "from workshops import db\nimport workshops.db\nfrom workshops.db import database_url\n"
            "def later():\n    from sqlalchemy.orm import Session\n")
    assert sorted(database_imports(page)) == sorted([
        "1: sqlalchemy.orm", "2: sqlalchemy.select", "3: workshops.schema", "4: workshops.schema.Vote",
        "5: workshops.db.make_engine", "6: workshops.db", "7: workshops.db", "10: sqlalchemy.orm.Session"])
