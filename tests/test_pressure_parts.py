"""The runner's parts one by one: scenarios, settings, workspaces, scrubbing, records, cost, retries."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from skillpack.config import ConfigError
from skillpack.pressure.backends import BackendError, Request, Response
from skillpack.pressure.cost import cost_usd, price_of
from skillpack.pressure.progress import Progress
from skillpack.pressure.runner import BUDGET, COMPLETE, Runner, RunOptions, plan
from skillpack.pressure.scenario import collect
from skillpack.pressure.scrub import REDACTED, scrub, secret_values
from skillpack.pressure.settings import load_settings
from skillpack.pressure.transcript import RequestCache, RunNotFound, Transcript, read_run, resolve_run
from skillpack.pressure.workspace import Workspace, diff, snapshot

PACK = Path(__file__).parent / "fixtures" / "pressure" / "pack"


# -- scenarios --------------------------------------------------------------------


def test_collect_reads_scenarios_through_the_document_model() -> None:
    selection = collect([PACK])
    assert [s.id for s in selection.scenarios] == ["demo-chat", "demo-repo", "demo-pressure"]
    chat, repo, pressure = selection.scenarios
    assert (chat.kind, chat.line, chat.checks[0].pattern) == ("red", 7, "unscale_")
    assert repo.repo == (PACK / "demo-skill" / "scenarios" / "tiny").resolve()
    assert pressure.kind == "refactor" and pressure.pressures == ("authority", "time")
    assert chat.skill.text.startswith("---\nname: demo-skill")
    assert selection.problems == []


def test_collect_reports_broken_blocks_and_keeps_the_others(tmp_path: Path) -> None:
    skill = tmp_path / "demo-skill"
    shutil.copytree(PACK / "demo-skill", skill)
    red = skill / "RED.md"
    red.write_text(
        red.read_text()
        + "\n```yaml scenario\nid: broken\nprompt: hi\nmust-not: [x]\n```\n"
        + "\n```yaml scenario\nid: no-repo\nprompt: hi\nmust: [x]\nrepo: ../../elsewhere\n```\n"
        + "\n```yaml scenario\nid: demo-chat\nprompt: again\nmust: [x]\n```\n"
    )
    selection = collect([tmp_path], ("RED.md",))
    assert [s.id for s in selection.scenarios] == ["demo-chat", "demo-repo"]
    assert len(selection.problems) == 3
    assert "must" in selection.problems[0] and "not a folder inside the skill" in selection.problems[1]
    assert "repeats one" in selection.problems[2]


# -- settings -----------------------------------------------------------------------


def test_settings_come_from_defaults_then_the_project_table_then_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.pressure-test]\nsamples = 5\n[tool.pressure-test.prices]\nmy-model = {input = 1.0, output = 2.0}\n"
        "[tool.pressure-test.backends.claude-cli]\nmax-turns = 7\n"
    )
    (tmp_path / "skills").mkdir()
    settings = load_settings(start=tmp_path / "skills")
    assert settings["samples"] == 5 and settings["concurrency"] == 4
    assert settings["prices"]["my-model"] == {"input": 1.0, "output": 2.0}
    assert "claude-opus-4-5" in settings["prices"]
    assert settings.backend_section("claude-cli")["max-turns"] == 7
    assert settings.backend_section("claude-cli")["executable"] == "claude"
    assert settings.with_overrides({"samples": 2, "model": None})["samples"] == 2


def test_an_unknown_setting_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[tool.pressure-test]\nsampels = 5\n")
    with pytest.raises(ConfigError, match="sampels"):
        load_settings(path)


# -- workspaces ---------------------------------------------------------------------


def test_a_workspace_is_a_fresh_git_copy_and_its_diff_covers_edits_new_and_deleted_files(tmp_path: Path) -> None:
    source = tmp_path / "repo"
    source.mkdir()
    (source / "train.py").write_text("a = 1\n")
    (source / "old.txt").write_text("gone soon\n")
    (source / "weights.bin").write_bytes(b"\x00\x01")
    with Workspace(source) as ws:
        assert ws.path != source and (ws.path / ".git").is_dir()
        (ws.path / "train.py").write_text("a = 2\n")
        (ws.path / "new.py").write_text("b = 3")
        (ws.path / "old.txt").unlink()
        (ws.path / "weights.bin").write_bytes(b"\x00\x02")
        changes = ws.changes()
        copy = ws.path
    assert not copy.exists()
    assert (source / "train.py").read_text() == "a = 1\n"
    assert "--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n" in changes
    assert "--- /dev/null\n+++ b/new.py\n@@ -0,0 +1 @@\n+b = 3\n\\ No newline at end of file\n" in changes
    assert "--- a/old.txt\n+++ /dev/null\n" in changes
    assert "Binary file weights.bin changed\n" in changes


def test_a_long_diff_is_cut_and_says_so(tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    (tmp_path / "big.txt").write_text("x\n" * 1000)
    text = diff(before, snapshot(tmp_path), limit=100)
    assert text.startswith("--- /dev/null") and "[diff cut at 100 characters of" in text


# -- scrubbing ----------------------------------------------------------------------


def test_scrub_removes_secret_env_values_and_key_shapes_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SERVICE_TOKEN", "plain-looking-value-42")
    monkeypatch.setenv("HOME_DIR_NAME", "plain-looking-value-43")
    secrets = secret_values()
    record = {
        "answer": "token plain-looking-value-42 and sk-proj-abcdefghijklmnopqrstuvwx",
        "nested": [{"msg": "Authorization: Bearer abcdefghijklmnopqrst1234"}, 3, None],
        "fine": "plain-looking-value-43",
    }
    clean = scrub(record, secrets)
    assert clean["answer"] == f"token {REDACTED} and {REDACTED}"
    assert clean["nested"] == [{"msg": f"Authorization: {REDACTED}"}, 3, None]
    assert clean["fine"] == "plain-looking-value-43"


# -- records --------------------------------------------------------------------------


def test_a_transcript_cut_mid_line_still_reads_and_the_last_record_of_a_sample_wins(tmp_path: Path) -> None:
    transcript = Transcript(tmp_path / "run" / "transcript.jsonl")
    transcript.append({"type": "run", "run_id": "r1", "settings": {}})
    sample = {"type": "sample", "scenario_key": "s/a", "arm": "baseline", "sample": 0}
    transcript.append({**sample, "outcome": "error", "cost_usd": 0.5})
    transcript.append({**sample, "outcome": "pass", "cost_usd": 0.25})
    with transcript.path.open("a") as fh:
        fh.write('{"type": "sample", "scenario_key": "s/b", "arm": "basel')  # killed mid-write
    run = read_run(transcript.path)
    assert run.bad_lines == 1 and run.end is None
    assert run.samples[("s/a", "baseline", 0)]["outcome"] == "pass"
    assert run.spent == 0.75  # both attempts were paid for
    assert resolve_run("run", tmp_path) == transcript.path == resolve_run("latest", tmp_path)
    with pytest.raises(RunNotFound):
        resolve_run("nope", tmp_path)


def test_the_cache_round_trips_and_can_be_switched_off(tmp_path: Path) -> None:
    cache = RequestCache(tmp_path)
    cache.put("ab" * 32, {"text": "hi"})
    assert cache.get("ab" * 32) == {"text": "hi"}
    assert cache.get("cd" * 32) is None
    assert RequestCache(tmp_path, enabled=False).get("ab" * 32) is None


# -- cost and progress ----------------------------------------------------------------


def test_prices_match_exact_names_then_the_longest_prefix() -> None:
    prices = {"claude-sonnet-4": {"input": 3.0, "output": 15.0}, "claude-sonnet-4-5-x": {"input": 1.0, "output": 1.0}}
    assert price_of("claude-sonnet-4-5-20250929", prices) == prices["claude-sonnet-4"]
    assert price_of("claude-sonnet-4-5-x", prices) == prices["claude-sonnet-4-5-x"]
    assert price_of("gpt-4o", prices) is None
    assert cost_usd("claude-sonnet-4-5", 1_000_000, 100_000, prices) == pytest.approx(4.5)


def test_the_progress_line_counts_samples_passes_errors_and_spend() -> None:
    out = io.StringIO()
    progress = Progress(4, enabled=True, stream=out)
    progress.update("pass", 0.5)
    progress.update("error", 1.25)
    assert "2/4 samples  pass 1  fail 0  error 1  $1.25" in out.getvalue().split("\r")[-1]


# -- the runner with in-process backends -----------------------------------------------


class Scripted:
    """A backend that answers from a list of outcomes: a Response text, or a BackendError to raise."""

    name = "scripted"
    acts_on_files = True

    def __init__(self, *outcomes: Any) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[Request] = []

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name}

    def complete(self, request: Request) -> Response:
        self.requests.append(request)
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, BackendError):
            raise outcome
        if callable(outcome):
            return outcome(request)
        return Response(text=outcome, model="m", input_tokens=1000, output_tokens=1000)


def judge_all(verdict: str) -> Any:
    def reply(request: Request) -> Response:
        items = [line.split(":")[0] for line in request.prompt.split("## Items\n")[1].split("\n\n")[0].splitlines()]
        return Response(text="\n".join(f"{i}: {verdict} | scripted" for i in items), model="m")

    return reply


def make_runner(tmp_path: Path, agent: Scripted, judge: Scripted, **options: Any) -> tuple[Runner, list[float]]:
    delays: list[float] = []
    runner = Runner(
        agent, judge, RunOptions(**{"samples": 1, "arms": ("baseline",), "backoff": 1.0, **options}),
        Transcript(tmp_path / "t.jsonl"), RequestCache(tmp_path / "cache"), "run-1", sleep=delays.append,
    )  # fmt: skip
    return runner, delays


def test_retryable_errors_back_off_exponentially_and_honour_retry_after(tmp_path: Path) -> None:
    scenario = collect([PACK]).scenarios[0]
    agent = Scripted(
        BackendError("rate_limit", "429", retryable=True),
        BackendError("timeout", "slow", retryable=True),
        BackendError("rate_limit", "429", retryable=True, retry_after=7.0),
        "FOLLOWS unscale_",
    )
    runner, delays = make_runner(tmp_path, agent, Scripted(judge_all("YES")), retries=3)
    (record,) = [runner.run_job(job) for job in plan([scenario], ("baseline",), 1)]
    assert record is not None and record["outcome"] == "fail"  # N1 holds too: "YES" to everything
    assert record["attempts"] == 4
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0 and delays[2] == 7.0


def test_errors_that_are_not_retryable_or_out_of_retries_become_error_records(tmp_path: Path) -> None:
    scenario = collect([PACK]).scenarios[0]
    runner, delays = make_runner(tmp_path, Scripted(BackendError("api", "400 bad request")), Scripted("x"))
    record = runner.run_job(plan([scenario], ("baseline",), 1)[0])
    assert record is not None and record["error"]["kind"] == "api" and delays == []
    runner, delays = make_runner(tmp_path, Scripted(BackendError("timeout", "t", retryable=True)), Scripted("x"),
                                 retries=2)  # fmt: skip
    record = runner.run_job(plan([scenario], ("baseline",), 1)[0])
    assert record is not None and record["error"]["attempts"] == 3 and len(delays) == 2


def test_a_bug_in_a_backend_becomes_an_internal_error_record(tmp_path: Path) -> None:
    scenario = collect([PACK]).scenarios[0]

    def broken(_request: Request) -> Response:
        raise KeyError("oops")

    runner, _ = make_runner(tmp_path, Scripted(broken), Scripted("x"))
    record = runner.run_job(plan([scenario], ("baseline",), 1)[0])
    assert record is not None and record["error"]["kind"] == "internal" and "KeyError" in record["error"]["message"]
    assert json.loads((tmp_path / "t.jsonl").read_text())["outcome"] == "error"


def test_the_budget_stops_scheduling_and_the_plan_is_sample_major(tmp_path: Path) -> None:
    scenarios = collect([PACK]).scenarios
    jobs = plan(scenarios, ("baseline", "with-skill"), 2)
    assert [(j.sample, j.scenario.id, j.arm) for j in jobs[:3]] == [
        (0, "demo-chat", "baseline"), (0, "demo-chat", "with-skill"), (0, "demo-repo", "baseline"),
    ]  # fmt: skip
    prices = {"m": {"input": 1.0, "output": 1.0}}  # each call: 2000 tokens = $0.002
    runner, _ = make_runner(tmp_path, Scripted("a"), Scripted(judge_all("NO")), max_cost=0.007, concurrency=1,
                            prices=prices)  # fmt: skip
    outcome = runner.run(jobs)
    assert outcome.status == BUDGET and outcome.done == 4 and outcome.not_run == len(jobs) - 4
    assert outcome.spent == pytest.approx(0.008)
    runner, _ = make_runner(tmp_path / "again", Scripted("a"), Scripted(judge_all("NO")), prices=prices)
    assert runner.run(jobs[:2]).status == COMPLETE
