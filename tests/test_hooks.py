"""The pre-commit hook runs the console script it names, on a passing and a failing pack."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _command(hook: dict) -> list[str]:
    entry = shlex.split(hook["entry"])
    exe = shutil.which(entry[0])
    if exe is None:  # not installed as a console script here: the module entry point is the same program
        return [sys.executable, "-m", "skillpack", *entry[1:]]
    return [exe, *entry[1:]]


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_hook_shape(hook: dict) -> None:
    assert hook["language"] == "python"
    assert hook["id"] == shlex.split(hook["entry"])[0]
    assert "SKILL" in hook["files"] and hook["description"]


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_hook_passes_clean_and_fails_broken(hook: dict, clean_pack: Path) -> None:
    run = [*_command(hook), *hook.get("args", [])]
    assert subprocess.run(run, cwd=clean_pack, capture_output=True).returncode == 0
    skill = clean_pack / "source/acme/demo-pack/tuning-demo/SKILL.md"
    skill.write_text(skill.read_text().replace("name: tuning-demo", "name: Tuning_Demo"))
    proc = subprocess.run(run, cwd=clean_pack, capture_output=True, text=True)
    assert proc.returncode == 1 and "SK102" in proc.stdout
