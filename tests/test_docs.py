"""The README documents what the code offers: every setting, CLI command, export column, make target.

Docs drift silently; these checks make a new setting or command without a line in the README fail.
"""

import re
from pathlib import Path

import click

from archiver import settings
from archiver.cli import cli
from storage.export import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_every_archiver_setting_is_in_the_settings_table():
    names = [name for name in vars(settings) if name.startswith("ARCHIVER_")]
    assert names
    missing = [name for name in names if f"`{name}`" not in README]
    assert missing == []


def test_every_cli_command_is_shown():
    assert isinstance(cli, click.Group)
    missing = [name for name in cli.commands if f"archiver {name}" not in README]
    assert missing == []


def test_every_export_column_is_documented():
    missing = [column.name for column in EXPORT_COLUMNS if f"| `{column.name}` |" not in README]
    assert missing == []


def test_every_make_target_and_script_is_mentioned():
    targets = re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), flags=re.M)
    for target in ("demo", "test", "bench", "bench-incremental", "bench-search"):
        assert target in targets
        assert f"make {target}" in README
    for script in (ROOT / "scripts").glob("*.py"):
        if script.name not in ("static_server.py", "demo.py"):  # a helper, and `make demo`
            assert f"scripts/{script.name}" in README, script.name


def test_the_two_setup_commands_come_first():
    commands = README.index("## Two commands")
    assert README.index("make demo") > commands
    assert README.index("make test") > commands
    ci_commands = [
        line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line[:1] != "#"
    ]
    assert "make test" in ci_commands
