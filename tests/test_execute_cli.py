"""``validate-skills --exec`` where torch is missing: every executable block is reported, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillpack.cli.validate import cli
from skillpack.execute.requirements import module_available
from skillpack.rules import RULES_BY_CODE

FIXTURES = Path(__file__).parent / "fixtures" / "execute"
# `python -m skillpack` in an interpreter where `import torch` fails as if torch were not installed
BLOCK_TORCH = "import sys, runpy; sys.modules['torch'] = None; runpy.run_module('skillpack', run_name='__main__')"


def test_without_torch_every_executable_block_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    result = CliRunner().invoke(cli, [str(FIXTURES / "pack" / "requires"), "--exec", "--no-progress"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if " SK905 " in line]
    # the one block of this skill that could run is the torchvision one, when torchvision is installed
    assert len(lines) == int(module_available("torchvision"))
    assert all("torch is not installed" in line for line in lines)
    result = CliRunner().invoke(cli, [str(FIXTURES / "pack" / "sk904-fail"), "--exec", "--no-progress"])
    assert result.exit_code == 1
    assert result.output.count(" SK905 ") == 3
    assert "Traceback" not in result.output


def test_python_m_skillpack_without_torch(tmp_path: Path) -> None:
    env = dict(os.environ, VALIDATE_SKILLS_DEBUG="")
    target = str(FIXTURES / "pack" / "sk901-fail")
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_TORCH, target, "--exec", "--select", "SK9", "--format", "github"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.count("title=SK905::") == 6
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.mark.parametrize("code", ["SK901", "SK902", "SK903", "SK904", "SK905"])
def test_exec_rules_are_registered_and_documented(code: str) -> None:
    rule = RULES_BY_CODE[code]
    assert rule.scope == "exec"
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in rule.doc()
    explained = CliRunner().invoke(cli, ["--explain", code])
    assert explained.exit_code == 0 and rule.name in explained.output
