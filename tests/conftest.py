from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

from rule_fixtures import copy_clean_pack  # noqa: E402


@pytest.fixture
def clean_pack(tmp_path: Path) -> Path:
    """A fresh copy of the clean fixture pack, safe to edit."""
    return copy_clean_pack(tmp_path / "pack")


@pytest.fixture
def run_line():
    """Run ``validate-skills`` with arguments through click; returns (exit code, stdout, stderr)."""
    from skillpack.cli.validate import cli

    def run(args: list[str]) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run
