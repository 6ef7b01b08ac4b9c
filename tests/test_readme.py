"""The README stays true: its test command is what CI runs, and its CLI examples are real commands."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, re.S)


def test_exactly_two_setup_commands_and_ci_runs_the_second():
    setup = README.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = [line for block in re.findall(r"```sh\n(.*?)```", setup, re.S) for line in block.splitlines()]
    assert len(commands) == 2
    assert "streamlit run app.py" in commands[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_every_forms_command_is_documented():
    from forms.cli import _COMMANDS

    for command in _COMMANDS:
        assert f"python -m forms {command}" in README


def test_requirements_pin_textstat_for_offline_use():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "textstat==0.7.8" in requirements


def test_every_export_format_is_documented():
    from exporter.formats import FORMATS

    assert "python -m exporter" in README
    for name in FORMATS:
        assert f"`{name}`" in README, name


def test_every_workshops_command_is_documented():
    from workshops.cli import _parser

    commands = _parser()._subparsers._group_actions[0].choices
    for command in commands:
        assert f"python -m workshops {command}" in README, command
