"""pressure-test end to end, driven through the command backend by scripted fake agents.

Every run here uses a configuration file of its own (fast backoff, short
timeouts) and a runs folder under tmp_path; no test needs a network.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from skillpack.cli import pressure as cli_module
from skillpack.cli.pressure import cli
from skillpack.pressure.summary import summarize
from skillpack.pressure.transcript import TRANSCRIPT, read_lines, read_run, resolve_run

FIXTURES = Path(__file__).parent / "fixtures" / "pressure"
PACK = FIXTURES / "pack"
SECRET = "sk-ant-api03-TESTSECRETVALUE-0123456789abcdef"


def script(name: str) -> str:
    return f"{sys.executable} -S {FIXTURES / name}"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "pressure.toml"
    path.write_text(
        "[tool.pressure-test]\nbackoff = 0.01\nbackoff-max = 0.05\ntimeout = 30.0\njudge-timeout = 30.0\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    return tmp_path / "runs"


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake agents' call log: one line per agent or judge call."""
    path = tmp_path / "calls.log"
    monkeypatch.setenv("FAKE_AGENT_LOG", str(path))
    return path


def count_calls(log: Path, kind: str = "agent") -> int:
    return sum(1 for line in log.read_text().splitlines() if line.startswith(kind)) if log.exists() else 0


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_args(
    runs: Path, config: Path, agent: str, *extra: str, judge: str = "judge.py", backend: str = "command"
) -> list[str]:
    return [
        "run", str(PACK), "--backend", backend, "--command", script(agent),
        "--judge-backend", "command", "--judge-command", script(judge),
        "--runs-dir", str(runs), "--config", str(config), "--no-progress", *extra,
    ]  # fmt: skip


def pressure(runs: Path, config: Path, agent: str, *extra: str, judge: str = "judge.py") -> Result:
    return invoke(*run_args(runs, config, agent, *extra, judge=judge))


def latest(runs: Path) -> Any:
    return read_run(resolve_run("latest", runs))


def report_json(runs: Path) -> dict[str, Any]:
    return json.loads((resolve_run("latest", runs).parent / "report.json").read_text())


def arm(report: dict[str, Any], scenario: str | None, name: str) -> dict[str, Any]:
    skill = report["skills"][0]
    if scenario is None:
        return skill["arms"][name]
    return next(s for s in skill["scenarios"] if s["id"] == scenario)["arms"][name]


def test_an_agent_that_always_complies_passes_every_sample_in_both_arms(runs, config, calls):
    result = pressure(runs, config, "comply.py", "-n", "2")
    assert result.exit_code == 0, result.output
    report = report_json(runs)
    for scenario in ("demo-chat", "demo-repo", "demo-pressure"):
        for name in ("baseline", "with-skill"):
            stats = arm(report, scenario, name)
            assert (stats["passed"], stats["failed"], stats["errors"]) == (2, 0, 0)
    assert report["overall"]["lift"] == 0.0
    assert report["recorded_samples"] == report["expected_samples"] == 12
    assert count_calls(calls, "agent") == 12
    assert count_calls(calls, "judge") == 12
    assert "demo-skill: lift +0.00" in result.output


def test_an_agent_that_never_complies_fails_and_misses_a_pass_rate_floor(runs, config, calls):
    result = pressure(runs, config, "never.py", "-n", "1", "--fail-under", "pass-rate=0.5")
    assert result.exit_code == 1
    assert "below floor: skill demo-skill: pass-rate 0.00" in result.stderr
    report = report_json(runs)
    assert arm(report, None, "with-skill")["passed"] == 0
    assert arm(report, None, "with-skill")["failed"] == 3
    checks = [r for r in latest(runs).samples.values() if r["scenario"] == "demo-chat"]
    assert all(
        r["checks"] == [{"pattern": "unscale_", "expect": "present", "found": False, "ok": False}] for r in checks
    )


def test_an_agent_that_flips_with_the_skill_shows_lift_with_exact_counts_intervals_and_p(runs, config, calls):
    result = pressure(runs, config, "flip.py", "-n", "3", "--fail-under", "lift=0.6")
    assert result.exit_code == 0, result.output
    report = report_json(runs)
    for scenario in ("demo-chat", "demo-repo", "demo-pressure"):
        base, skill = arm(report, scenario, "baseline"), arm(report, scenario, "with-skill")
        assert (base["passed"], base["graded"], skill["passed"], skill["graded"]) == (1, 3, 3, 3)
        assert base["interval"] == pytest.approx([0.0615, 0.7923], abs=5e-4)
        assert skill["interval"] == pytest.approx([0.4385, 1.0], abs=5e-4)
    pooled = report["skills"][0]
    assert (pooled["arms"]["baseline"]["passed"], pooled["arms"]["with-skill"]["passed"]) == (3, 9)
    assert pooled["lift"] == pytest.approx(2 / 3)
    assert pooled["p_value"] == pytest.approx(168 / 18564)  # Fisher, [[9, 0], [3, 6]]
    assert sum(a["errors"] for a in pooled["arms"].values()) == 0  # the staged skill held no test files
    strict = invoke("report", str(runs / latest(runs).run_dir.name), "--fail-under", "lift=0.7")
    assert strict.exit_code == 1
    assert "lift 0.67 is under the floor 0.7" in strict.stderr


def test_a_crashing_agent_is_recorded_as_errors_never_as_passes_or_fails(runs, config, calls):
    result = pressure(runs, config, "crash.py", "-n", "1")
    assert result.exit_code == 2
    assert "no sample was graded" in result.stderr
    records = latest(runs).samples.values()
    assert len(records) == 6
    assert {r["outcome"] for r in records} == {"error"}
    assert {(r["error"]["stage"], r["error"]["kind"]) for r in records} == {("agent", "exit")}
    stats = arm(report_json(runs), None, "baseline")
    assert (stats["passed"], stats["failed"], stats["errors"], stats["pass_rate"]) == (0, 0, 3, None)
    assert "agent: exit x6" in result.output


def test_a_hanging_agent_times_out_is_retried_and_recorded_as_an_error(runs, config, calls):
    started = time.monotonic()
    result = pressure(runs, config, "hang.py", "-n", "1", "--arms", "baseline", "--id", "demo-chat",
                      "--timeout", "0.5", "--retries", "1")  # fmt: skip
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    (record,) = latest(runs).samples.values()
    assert record["error"] == {"stage": "agent", "kind": "timeout", "message": "no answer within 0.5 s", "attempts": 2}
    assert count_calls(calls) == 2


def test_garbage_from_the_judge_is_an_unparseable_verdict_error(runs, config, calls):
    result = pressure(runs, config, "comply.py", "-n", "1", "--arms", "with-skill", judge="garbage_judge.py")
    assert result.exit_code == 2
    records = list(latest(runs).samples.values())
    assert len(records) == 3
    assert {(r["outcome"], r["error"]["stage"], r["error"]["kind"]) for r in records} == {
        ("error", "verdict", "unparseable_verdict")
    }
    assert all(r["judge"]["raw"].startswith("Overall the answer looks solid") for r in records)


def test_a_rate_limited_agent_is_retried_with_backoff_and_then_passes(runs, config, calls, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_STATE_DIR", str(tmp_path))
    result = pressure(runs, config, "flaky.py", "-n", "1", "--arms", "baseline")
    assert result.exit_code == 0, result.output
    records = list(latest(runs).samples.values())
    assert [(r["outcome"], r["attempts"]) for r in records] == [("pass", 2)] * 3
    assert count_calls(calls) == 6


def test_a_rerun_is_answered_from_the_cache_and_costs_nothing(runs, config, calls, tmp_path):
    priced = tmp_path / "priced.toml"
    priced.write_text(config.read_text() + "[tool.pressure-test.prices]\ncommand = { input = 1.0, output = 2.0 }\n")
    assert pressure(runs, priced, "comply.py", "-n", "1").exit_code == 0
    first = latest(runs)
    assert first.spent > 0
    asked = count_calls(calls, "agent"), count_calls(calls, "judge")
    time.sleep(0.01)  # run ids carry the millisecond
    assert pressure(runs, priced, "comply.py", "-n", "1").exit_code == 0
    second = latest(runs)
    assert second.run_dir != first.run_dir
    assert (count_calls(calls, "agent"), count_calls(calls, "judge")) == asked
    assert second.spent == 0.0
    assert all(r["cached"] and r["judge"]["cached"] for r in second.samples.values())
    assert [r["answer"] for r in second.samples.values()] == [r["answer"] for r in first.samples.values()]
    assert pressure(runs, priced, "comply.py", "-n", "1", "--no-cache").exit_code == 0
    assert count_calls(calls, "agent") == 2 * asked[0]


def _launch(runs: Path, config: Path, agent: str, *extra: str, **env: str) -> subprocess.Popen[bytes]:
    code = "import sys; from skillpack.cli.pressure import main; main(sys.argv[1:])"
    return subprocess.Popen(
        [sys.executable, "-c", code, *run_args(runs, config, agent, *extra)],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_a_killed_run_keeps_its_answers_and_resume_asks_only_for_the_rest(runs, config, calls):
    proc = _launch(runs, config, "stall.py", "-n", "1", "-j", "6", FAKE_STALL="1")
    deadline = time.monotonic() + 60
    transcript = None
    while time.monotonic() < deadline:
        found = list(runs.glob(f"*/{TRANSCRIPT}"))
        if found and sum(r.get("type") == "sample" for r in read_lines(found[0])[0]) == 4:
            transcript = found[0]
            break
        time.sleep(0.05)
    assert transcript is not None, proc.stderr.read() if proc.poll() is not None else "no progress"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed = read_run(transcript)
    assert len(killed.samples) == 4 and killed.end is None
    assert {r["scenario"] for r in killed.samples.values()} == {"demo-chat", "demo-repo"}
    assert summarize(killed).status == "incomplete"
    asked_before = count_calls(calls)
    deadline = time.monotonic() + 10
    while count_calls(calls) < 6 and time.monotonic() < deadline:  # the stalled agents were started
        time.sleep(0.05)

    result = invoke("run", "--resume", str(transcript.parent), "--runs-dir", str(runs), "--no-progress")
    assert result.exit_code == 0, result.output
    assert count_calls(calls) - max(asked_before, 6) == 2  # only demo-pressure, both arms
    finished = read_run(transcript)
    assert len(finished.samples) == 6 and finished.end is not None and finished.end["status"] == "complete"
    assert {r["outcome"] for r in finished.samples.values()} == {"pass"}
    assert sum(1 for r in read_lines(transcript)[0] if r.get("type") == "run") == 1


def test_sigterm_interrupts_cleanly_kills_the_agents_and_says_how_to_resume(runs, config, calls):
    proc = _launch(runs, config, "hang.py", "-n", "1", "--arms", "baseline", "-j", "2")
    deadline = time.monotonic() + 60
    while count_calls(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert b"interrupted; finish with: pressure-test run --resume" in err and b"Traceback" not in err
    run = latest(runs)
    assert run.end is not None and run.end["status"] == "interrupted" and run.samples == {}
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(FIXTURES / "hang.py") not in ps


def test_max_cost_stops_cleanly_at_the_budget_and_resume_finishes(runs, config, calls, tmp_path):
    priced = tmp_path / "priced.toml"
    priced.write_text(
        config.read_text() + "[tool.pressure-test.prices]\ncommand = { input = 1000.0, output = 1000.0 }\n"
    )
    result = pressure(runs, priced, "comply.py", "-n", "1", "-j", "1", "--max-cost", "0.5")
    assert result.exit_code == 1
    assert "stopped at the budget" in result.stderr and "--resume" in result.stderr
    run = latest(runs)
    costs = [r["cost_usd"] for r in sorted(run.samples.values(), key=lambda r: r["finished"])]
    assert run.end is not None and run.end["status"] == "budget"
    assert 0 < len(costs) < 6
    assert sum(costs) >= 0.5 > sum(costs[:-1])  # it stopped at the first sample that reached the budget
    resumed = invoke("run", "--resume", "latest", "--runs-dir", str(runs), "--max-cost", "0", "--no-progress")
    assert resumed.exit_code == 0, resumed.output
    assert len(latest(runs).samples) == 6
    assert count_calls(calls, "agent") == 6


def test_replay_regrades_a_recorded_run_offline(runs, config, calls):
    assert pressure(runs, config, "flip.py", "-n", "1").exit_code == 0
    recorded = latest(runs)
    asked = count_calls(calls, "agent")
    time.sleep(0.01)
    result = invoke(
        *run_args(
            runs, config, "never.py", "-n", "1", "--replay", str(recorded.run_dir), "--no-cache", backend="replay"
        )
    )
    assert result.exit_code == 0, result.output
    assert count_calls(calls, "agent") == asked
    replayed = latest(runs)
    assert replayed.run_dir != recorded.run_dir
    assert {k: r["outcome"] for k, r in replayed.samples.items()} == {
        k: r["outcome"] for k, r in recorded.samples.items()
    }
    judged = count_calls(calls, "judge")
    time.sleep(0.01)
    offline = invoke("run", str(PACK), "--replay", "latest", "--judge-backend", "replay",
                     "--runs-dir", str(runs), "--config", str(config), "-n", "1", "--no-progress")  # fmt: skip
    assert offline.exit_code == 0, offline.output
    assert count_calls(calls, "judge") == judged
    header = latest(runs).header
    assert header["settings"]["backends"]["replay"]["transcript"] == str(replayed.path.absolute())


def test_a_repo_scenario_runs_in_a_fresh_copy_and_the_judge_sees_the_diff(runs, config, calls):
    original = (PACK / "demo-skill" / "scenarios" / "tiny" / "train.py").read_text()
    assert pressure(runs, config, "comply.py", "-n", "2", "--id", "demo-repo").exit_code == 0
    records = list(latest(runs).samples.values())
    assert len(records) == 4
    for record in records:
        assert record["diff"].count("+# FIXED") == 1  # one fix per copy: every sample starts fresh
        assert "<<<DIFF" in record["judge"]["prompt"] and "+# FIXED" in record["judge"]["prompt"]
        assert record["outcome"] == "pass"
    assert (PACK / "demo-skill" / "scenarios" / "tiny" / "train.py").read_text() == original
    assert pressure(runs, config, "never.py", "-n", "1", "--id", "demo-repo").exit_code == 0
    for record in latest(runs).samples.values():
        assert record["diff"] == "" and "(no files changed)" in record["judge"]["prompt"]


def test_api_keys_never_reach_the_transcript_the_cache_or_the_output(runs, config, calls, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    leaky = pressure(runs, config, "leaky.py", "-n", "1")
    crashed = pressure(runs, config, "crash.py", "-n", "1", "--no-cache")
    assert leaky.exit_code == 0 and crashed.exit_code == 2
    files = [p for p in runs.rglob("*") if p.is_file()]
    assert any(p.name == TRANSCRIPT for p in files) and any(p.name == "cache.jsonl" for p in files)
    for path in files:
        assert SECRET not in path.read_text(encoding="utf-8"), path
    assert "[REDACTED]" in "".join(p.read_text() for p in runs.glob(f"*/{TRANSCRIPT}"))
    for result in (leaky, crashed):
        assert SECRET not in result.output + result.stderr


def test_run_lists_and_selects_scenarios_by_skill_id_and_file(runs, config):
    listed = invoke("run", str(PACK), "--list", "--config", str(config))
    assert listed.exit_code == 0
    assert [line.split()[1] for line in listed.output.splitlines()] == ["demo-chat", "demo-repo", "demo-pressure"]
    red = invoke("run", str(PACK), "--list", "--file", "red", "--config", str(config))
    assert [line.split()[1] for line in red.output.splitlines()] == ["demo-chat", "demo-repo"]
    by_id = invoke("run", str(PACK), "--list", "--id", "demo-p*", "--config", str(config))
    assert [line.split()[1] for line in by_id.output.splitlines()] == ["demo-pressure"]
    assert invoke("run", str(PACK), "--list", "--skill", "demo-*", "--config", str(config)).output == listed.output
    none = invoke("run", str(PACK), "--list", "--skill", "other", "--config", str(config))
    assert none.exit_code == 2 and "no scenario selected" in none.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--fail-under", "speed=3"],
        ["run", "--fail-under", "lift=high"],
        ["run", "--backend", "telepathy"],
        ["run", "--samples", "0"],
        ["report", "no-such-run"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args, runs, config):
    result = invoke(*args, "--runs-dir", str(runs), "--config", str(config))
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr


def test_a_run_with_nothing_to_run_or_an_unusable_backend_exits_2(tmp_path, runs, config):
    empty = invoke("run", str(tmp_path), "--runs-dir", str(runs), "--config", str(config), "--backend", "command",
                   "--command", script("comply.py"))  # fmt: skip
    assert empty.exit_code == 2 and "no scenario selected" in empty.stderr
    no_command = invoke("run", str(PACK), "--runs-dir", str(runs), "--config", str(config), "--backend", "command")
    assert no_command.exit_code == 2 and "needs a command line" in no_command.stderr


def test_report_prints_tables_and_writes_json_markdown_and_self_contained_html(runs, config, calls, tmp_path):
    assert pressure(runs, config, "flip.py", "-n", "2").exit_code == 0
    out = tmp_path / "out"
    text = invoke("report", "latest", "--runs-dir", str(runs), "--out", str(out))
    assert text.exit_code == 0
    assert "demo-skill: lift +0.50 (Fisher p 0.18)" in text.output and "with skill  6/6" in text.output
    as_json = invoke("report", "latest", "--runs-dir", str(runs), "--format", "json")
    assert json.loads(as_json.output)["skills"][0]["lift"] == 0.5
    markdown = (out / "report.md").read_text()
    assert "| `demo-chat` | red | 1/2 (50%, [9%, 91%]) | 2/2 (100%, [34%, 100%]) | +0.50 | 1 | - | 0 |" in markdown
    page = (out / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<style>" in page
    assert "<script" not in page and "src=" not in page and "href=" not in page


def test_main_turns_an_unexpected_exception_into_exit_2(monkeypatch, capsys):
    def broken(_opts: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_module, "execute_report", broken)
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main(["report", "latest"])
    assert exit_info.value.code == 2
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err
