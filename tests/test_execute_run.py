"""The example runner against real torch: one warm run over every fixture, then checks on its outcome.

Expected findings are marked in the fixtures themselves, on the line they must
be reported at: ``# expect: SK901``. The fixtures hold a failing and a passing
case for every SK9xx code, and hostile blocks that must be contained.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillpack.cli.validate import cli
from skillpack.config import Config, load_config
from skillpack.execute import landlock, pool, requirements, run_examples
from skillpack.execute.outcome import ExecOutcome
from skillpack.pack import Pack, load_packs

pytestmark = pytest.mark.skipif(not requirements.module_available("torch"), reason="torch is not installed")

FIXTURES = Path(__file__).parent / "fixtures" / "execute"
PACKS = ("pack", "noprelude", "badprelude", "threadprelude")
DETERMINISTIC = ("sk901-fail", "sk901-pass", "sk904-fail", "sk904-pass", "requires")
MARKER = re.compile(r"#\s*expect:\s*(SK9\d\d)")
LEFT_BEHIND = ("987651", "987652")


def expected_markers(folders: list[Path]) -> set[tuple[Path, int, str]]:
    found = set()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".py"):
                continue
            for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                match = MARKER.search(text)
                if match:
                    found.add((path.resolve(), number, match.group(1)))
    return found


def found(result: ExecOutcome) -> set[tuple[Path, int, str]]:
    return {(d.path.resolve(), d.line, d.code) for d in result.diagnostics}


def load(paths: list[Path]) -> list[Pack]:
    packs, problems = load_packs(paths, ["SKILL.md"], 1_000_000)
    assert not problems
    return packs


def by_name(result: ExecOutcome) -> dict[str, dict[str, int | str]]:
    return {folder.name: counts for folder, counts in result.per_skill.items()}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Path]:
    folder = tmp_path_factory.mktemp("exec")
    toml = folder / "validate-skills.toml"
    toml.write_text(
        f'[tool.validate-skills]\nexec-memory-mb = 256\nexec-cache-dir = "{folder / "cache"}"\n', encoding="utf-8"
    )
    return load_config(toml), toml


@pytest.fixture(scope="module")
def victim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("victim") / "precious.txt"
    path.write_text("must survive", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first_run(settings: tuple[Config, Path], victim: Path) -> Iterator[ExecOutcome]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAKE_SERVICE_TOKEN", "hunter2")
        patch.setenv("VS_EXEC_VICTIM", str(victim))
        yield run_examples(load([FIXTURES / name for name in PACKS]), settings[0], jobs=2, use_cache=False)


def forbid_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a cached run must not start workers")

    monkeypatch.setattr(pool.Pool, "__init__", refuse)


def test_findings_are_the_marked_lines(first_run: ExecOutcome) -> None:
    expected = expected_markers([FIXTURES / name for name in PACKS])
    if landlock.abi_version() < 1:
        expected = {e for e in expected if e[0].parent.name != "hostile"}
    assert found(first_run) == expected


def test_counts_per_skill(first_run: ExecOutcome) -> None:
    counts = by_name(first_run)
    assert counts["passing"]["exec_passed"] == counts["passing"]["exec_blocks"] == 12
    assert counts["sk901-fail"] == {
        "exec_blocks": 6,
        "exec_passed": 1,
        "exec_failed": 4,
        "exec_skipped": 1,
        "exec_skip_reasons": "after a failure: 1",
    }
    vision, gpu = requirements.module_available("torchvision"), requirements.cuda_device_count() > 0
    reasons = {"cuda": 0 if gpu else 2, "invalid directive": 1, "needs a cluster": 1, "not_a_real_module_xyz": 1}
    reasons["torchvision"] = 0 if vision else 1
    shown = ", ".join(f"{reason}: {n}" for reason, n in sorted(reasons.items()) if n)
    assert counts["requires"]["exec_skip_reasons"] == shown
    assert counts["requires"]["exec_passed"] == int(vision) + 2 * int(gpu)
    assert counts["uses-bad-prelude"]["exec_skip_reasons"] == "prelude failed: 2"
    assert counts["uses-thread-prelude"]["exec_passed"] == 1
    assert counts["plain"]["exec_passed"] == 1


def test_failure_message_has_exception_and_output(first_run: ExecOutcome) -> None:
    messages = [d.message for d in first_run.diagnostics if d.path.parent.name == "sk901-fail"]
    normalise = next(m for m in messages if m.startswith("RuntimeError"))
    assert "\n" not in normalise and normalise.endswith("[output: about to normalise]")


def test_hostile_blocks_are_contained(first_run: ExecOutcome, victim: Path) -> None:
    counts = by_name(first_run)["hostile"]
    assert counts["exec_blocks"] == 6
    assert counts["exec_failed"] == (1 if landlock.abi_version() >= 1 else 0)
    if landlock.abi_version() >= 1:
        assert victim.read_text(encoding="utf-8") == "must survive"
    left = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[:1] == [b"sleep"] and any(mark.encode() in argv for mark in LEFT_BEHIND):
            left.append(cmdline.parent.name)
    assert not left, f"processes left behind: {left}"


def test_unchanged_examples_come_from_the_cache(
    first_run: ExecOutcome, settings: tuple[Config, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_workers(monkeypatch)
    skills = [FIXTURES / "pack" / name for name in DETERMINISTIC]
    again = run_examples(load(skills), settings[0], jobs=2)
    before = {d for d in found(first_run) if d[0].parent.name in DETERMINISTIC}
    assert found(again) == before and before
    for name in DETERMINISTIC:
        assert by_name(again)[name] == by_name(first_run)[name]


def test_a_block_that_moved_keeps_its_cache_entry(
    first_run: ExecOutcome, settings: tuple[Config, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_workers(monkeypatch)
    copy = tmp_path / "moved" / "sk901-fail"
    shutil.copytree(FIXTURES / "pack" / "sk901-fail", copy)
    shutil.copy(FIXTURES / "pack" / "examples_prelude.py", tmp_path / "moved")
    skill = copy / "SKILL.md"
    text = skill.read_text(encoding="utf-8")
    skill.write_text(text.replace("# Blocks that raise\n", "# Blocks that raise\n\nTwo more\nlines.\n"), "utf-8")
    moved = run_examples(load([copy]), settings[0])
    original = sorted(line for path, line, _ in found(first_run) if path.parent.name == "sk901-fail")
    assert sorted(d.line for d in moved.diagnostics) == [line + 3 for line in original]


def test_cli_reports_json_and_github(settings: tuple[Config, Path], first_run: ExecOutcome) -> None:
    runner = CliRunner()
    target = str(FIXTURES / "pack" / "sk904-fail")
    args = [target, "--exec", "--select", "SK9", "--config", str(settings[1]), "--no-progress"]
    as_json = runner.invoke(cli, [*args, "--format", "json"])
    assert as_json.exit_code == 1, as_json.output
    payload = json.loads(as_json.output)
    assert [d["code"] for d in payload["diagnostics"]] == ["SK904"] * 3
    assert payload["skills"][0]["exec_failed"] == 3
    as_github = runner.invoke(cli, [*args, "--format", "github"])
    assert as_github.exit_code == 1
    assert as_github.output.count("::error file=") == 3
    clean = runner.invoke(cli, [str(FIXTURES / "pack" / "sk904-pass"), *args[1:]])
    assert clean.exit_code == 0, clean.output


def test_progress_bar_draws_on_request(
    first_run: ExecOutcome, settings: tuple[Config, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    run_examples(load([FIXTURES / "pack" / "sk901-pass"]), settings[0], progress=True)
    assert "examples [" in capsys.readouterr().err


def test_workers_that_cannot_import_torch(tmp_path: Path, settings: tuple[Config, Path]) -> None:
    fake = tmp_path / "fake" / "torch"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('this torch is broken')\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", str(fake.parent))
        result = run_examples(load([FIXTURES / "pack" / "sk901-pass"]), settings[0], use_cache=False)
    assert [d.code for d in result.diagnostics] == ["SK905"]
    assert "this torch is broken" in result.diagnostics[0].message


def test_a_fork_per_chain_finds_the_same(settings: tuple[Config, Path], tmp_path: Path) -> None:
    base = settings[0]
    config = Config({**base.values, "exec-fork-per": "chain", "exec-cache-dir": str(tmp_path)}, base.overrides)
    skills = [FIXTURES / "pack" / name for name in ("passing", "sk901-fail", "sk903-fail")]
    result = run_examples(load(skills), config, jobs=2, use_cache=False)
    assert found(result) == expected_markers(skills)
    assert by_name(result)["passing"]["exec_passed"] == 12


@pytest.mark.skipif(os.getuid() == 0, reason="Linux does not enforce the process cap for root")
def test_a_fork_bomb_stops_at_the_process_cap(settings: tuple[Config, Path]) -> None:
    result = run_examples(load([FIXTURES / "forkbomb"]), settings[0], jobs=1, use_cache=False)
    assert found(result) == expected_markers([FIXTURES / "forkbomb"])


def test_examples_find_their_skill_scripts_and_a_script_change_is_not_cached(
    settings: tuple[Config, Path], tmp_path: Path
) -> None:
    skill = tmp_path / "pack" / "with-script"
    (skill / "scripts").mkdir(parents=True)
    (skill / "scripts" / "answer.py").write_text("print(42)\n", encoding="utf-8")
    (skill / "SKILL.md").write_text(
        "# With a script\n\n```python\nimport os, subprocess, sys\n"
        'script = os.path.join(os.environ["SKILL_DIR"], "scripts", "answer.py")\n'
        "out = subprocess.run([sys.executable, script], capture_output=True, text=True, check=True).stdout\n"
        'assert out == "42\\n", out\nprint(out)\n```\n',
        encoding="utf-8",
    )
    assert by_name(run_examples(load([skill]), settings[0]))["with-script"]["exec_passed"] == 1
    (skill / "scripts" / "answer.py").write_text("print(41)\n", encoding="utf-8")
    again = run_examples(load([skill]), settings[0])
    assert by_name(again)["with-script"]["exec_failed"] == 1
    assert any("41" in d.message for d in again.diagnostics)
