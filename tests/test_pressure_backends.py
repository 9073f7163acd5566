"""Backends: the command contract, claude-cli against a stand-in `claude`, the chat APIs with stand-in SDKs."""

from __future__ import annotations

import json
import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from skillpack.cli.pressure import cli
from skillpack.pressure.backends import JUDGE, BackendError, Request, make_backend
from skillpack.pressure.backends.anthropic_api import AnthropicBackend
from skillpack.pressure.backends.claude_stream import parse_stream
from skillpack.pressure.backends.command import CommandBackend
from skillpack.pressure.backends.openai_api import OpenAIBackend
from skillpack.pressure.scenario import SkillRef
from skillpack.pressure.settings import load_settings
from skillpack.pressure.transcript import read_run, resolve_run

FIXTURES = Path(__file__).parent / "fixtures" / "pressure"
PACK = FIXTURES / "pack"
SKILL = SkillRef("demo-skill", PACK / "demo-skill", (PACK / "demo-skill" / "SKILL.md").read_text())
ENV_DUMP = (
    "import json, os, sys; sys.stdin.read(); "
    "print(json.dumps({k: v for k, v in os.environ.items() if k.startswith('PRESSURE_')}))"
)


def command(code: str) -> CommandBackend:
    return CommandBackend({"command": [sys.executable, "-c", code], "chars-per-token": 4.0})


# -- command --------------------------------------------------------------------------


def test_the_command_gets_the_prompt_on_stdin_and_the_skill_path_only_on_the_with_skill_arm() -> None:
    backend = command(ENV_DUMP)
    base = json.loads(backend.complete(Request("q", tag={"scenario": "demo-skill/x", "sample": 2})).text)
    assert base == {"PRESSURE_ROLE": "agent", "PRESSURE_ARM": "baseline", "PRESSURE_SCENARIO": "demo-skill/x",
                    "PRESSURE_SAMPLE": "2"}  # fmt: skip
    staged = PACK / "demo-skill"
    with_skill = json.loads(backend.complete(Request("q", arm="with-skill", skill=SKILL, staged_skill=staged)).text)
    assert with_skill["PRESSURE_SKILL_DIR"] == str(staged)
    assert with_skill["PRESSURE_SKILL_FILE"] == str(staged / "SKILL.md")
    echo = command("import sys; print(sys.stdin.read()[::-1])").complete(Request("abc"))
    assert echo.text == "cba" and echo.tokens_estimated and echo.output_tokens == 1


def test_a_system_prompt_reaches_the_command_as_a_file() -> None:
    code = "import os, sys; sys.stdin.read(); print(open(os.environ['PRESSURE_SYSTEM_FILE']).read())"
    assert command(code).complete(Request("q", system="be strict")).text == "be strict"


@pytest.mark.parametrize(
    ("code", "kind", "retryable"),
    [
        ("import sys; sys.exit(75)", "rate_limit", True),
        ("import sys; sys.exit(3)", "exit", False),
        ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "crash", False),
        ("import sys; sys.stdin.read(); print('   ')", "empty", False),
        ("import time; time.sleep(30)", "timeout", True),
    ],
)
def test_command_failures_are_backend_errors_of_their_kind(code: str, kind: str, retryable: bool) -> None:
    with pytest.raises(BackendError) as info:
        command(code).complete(Request("q", timeout=0.5))
    assert (info.value.kind, info.value.retryable) == (kind, retryable)


def test_a_missing_program_is_a_setup_error() -> None:
    with pytest.raises(BackendError, match="command not found"):
        CommandBackend({"command": "no-such-program-here --flag"}).complete(Request("q"))


def test_the_judge_takes_its_own_command_and_label() -> None:
    settings = load_settings().with_overrides(
        {"backends": {"command": {"command": "agent.sh", "judge-command": "judge.sh", "judge-model-label": "j"}}}
    )
    agent, judge = make_backend("command", settings), make_backend("command", settings, JUDGE)
    assert agent.identity()["argv"] == ["agent.sh"] and agent.identity()["model"] == "command"
    assert judge.identity()["argv"] == ["judge.sh"] and judge.identity()["model"] == "j"


# -- claude-cli ---------------------------------------------------------------------------


@pytest.fixture
def fake_claude(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PATH", f"{FIXTURES / 'bin'}{os.pathsep}{os.environ['PATH']}")
    log = tmp_path / "claude.log"
    monkeypatch.setenv("FAKE_CLAUDE_LOG", str(log))
    return log


def claude_calls(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def claude_run(tmp_path: Path, *extra: str) -> Any:
    config = tmp_path / "pressure.toml"
    if not config.exists():
        config.write_text("[tool.pressure-test]\nbackoff = 0.01\nbackoff-max = 0.02\n")
    result = CliRunner().invoke(cli, [
        "run", str(PACK), "--backend", "claude-cli", "--judge-backend", "command",
        "--judge-command", f"{sys.executable} -S {FIXTURES / 'judge.py'}", "--runs-dir", str(tmp_path / "runs"),
        "--config", str(config), "--no-progress", "-n", "1", "--id", "demo-chat", *extra,
    ], catch_exceptions=False)  # fmt: skip
    return result, read_run(resolve_run("latest", tmp_path / "runs"))


def test_claude_cli_installs_the_skill_as_a_plugin_and_counts_triggers(tmp_path: Path, fake_claude: Path) -> None:
    result, run = claude_run(tmp_path)
    assert result.exit_code == 0, result.output
    base, skill = (
        run.samples[("demo-skill/demo-chat", "baseline", 0)],
        run.samples[("demo-skill/demo-chat", "with-skill", 0)],
    )
    assert (base["outcome"], base["triggered"]) == ("fail", None)
    assert (skill["outcome"], skill["triggered"], skill["skill_load_error"]) == ("pass", True, False)
    assert skill["model"] == "claude-sonnet-4-5-20250929" and skill["cost_usd"] == pytest.approx(0.0213)
    assert skill["tokens"] == {"input": 8432, "output": 125, "estimated": False}
    calls = {("--plugin-dir" in c["argv"]): c for c in claude_calls(fake_claude)}
    assert calls[True]["files"] == [".claude-plugin/plugin.json", "skills/demo-skill/SKILL.md"]
    assert calls[False]["files"] == []
    for call in calls.values():
        assert call["argv"][:5] == ["-p", "--output-format", "stream-json", "--verbose", "--max-turns"]
        assert call["prompt"].startswith("My AMP training clips gradients")
    assert "trigger rate 100%" in result.output


def test_claude_cli_reports_a_skill_that_was_installed_but_never_invoked(tmp_path, fake_claude, monkeypatch):
    monkeypatch.setenv("FAKE_CLAUDE_MODE", "no-trigger")
    result, run = claude_run(tmp_path, "--arms", "with-skill")
    record = run.samples[("demo-skill/demo-chat", "with-skill", 0)]
    assert (record["triggered"], record["outcome"]) == (False, "fail")
    assert "trigger rate 0%" in result.output


def test_claude_cli_inject_appends_the_skill_to_the_system_prompt(tmp_path, fake_claude):
    result, run = claude_run(tmp_path, "--arms", "with-skill", "--inject")
    record = run.samples[("demo-skill/demo-chat", "with-skill", 0)]
    assert (record["outcome"], record["triggered"]) == ("pass", None)
    (call,) = claude_calls(fake_claude)
    assert "--plugin-dir" not in call["argv"]
    assert call["argv"][call["argv"].index("--append-system-prompt") + 1] == SKILL.text


def test_claude_cli_can_install_into_an_isolated_config_dir(tmp_path, fake_claude):
    (tmp_path / "pressure.toml").write_text(
        '[tool.pressure-test]\nbackoff = 0.01\n[tool.pressure-test.backends.claude-cli]\ninstall = "config-dir"\n'
    )
    result, run = claude_run(tmp_path)
    assert result.exit_code == 0, result.output
    calls = claude_calls(fake_claude)
    assert all(c["config_dir"] and "--plugin-dir" not in c["argv"] for c in calls)
    assert sorted(c["files"] for c in calls) == [[], ["skills/demo-skill/SKILL.md"]]
    assert run.samples[("demo-skill/demo-chat", "with-skill", 0)]["triggered"] is True


@pytest.mark.parametrize(("mode", "kind", "attempts"), [("overloaded", "rate_limit", 2), ("garbage", "parse", 1)])
def test_claude_cli_errors_are_classified_and_retried_when_transient(tmp_path, fake_claude, monkeypatch, mode, kind,
                                                                     attempts):  # fmt: skip
    monkeypatch.setenv("FAKE_CLAUDE_MODE", mode)
    result, run = claude_run(tmp_path, "--arms", "baseline", "--retries", "1")
    assert result.exit_code == 2
    error = run.samples[("demo-skill/demo-chat", "baseline", 0)]["error"]
    assert (error["kind"], error["attempts"]) == (kind, attempts)


def test_the_stream_parser_matches_plugin_qualified_skill_names_and_load_failures() -> None:
    events = [
        {"type": "system", "subtype": "init", "model": "m1"},
        {"type": "assistant", "message": {"content": [
            {"type": "tool_use", "id": "t1", "name": "Skill", "input": {"command": "other-skill"}},
            {"type": "tool_use", "id": "t2", "name": "Skill", "input": {"skill": "pack:demo-skill"}},
        ]}},
        {"type": "user", "message": {"content": [{"type": "tool_result", "tool_use_id": "t2", "is_error": True}]}},
        {"type": "assistant", "message": {"content": [{"type": "text", "text": "partial"}]}},
    ]  # fmt: skip
    stream = parse_stream("\n".join(json.dumps(e) for e in events) + "\nnot json\n", "demo-skill")
    assert (stream.triggered, stream.skill_load_error, stream.model) == (True, True, "m1")
    assert (stream.has_result, stream.text, stream.bad_lines) == (False, "partial", 1)
    assert parse_stream(json.dumps(events[1]), "third-skill").triggered is False


# -- chat APIs with stand-in SDKs -------------------------------------------------------------


class RateLimitError(Exception):
    status_code = 429


def test_anthropic_sends_the_skill_as_system_prompt_and_maps_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[dict[str, Any]] = []

    class Messages:
        def create(self, **kwargs: Any) -> Any:
            sent.append(kwargs)
            if kwargs["messages"][0]["content"] == "limit":
                raise RateLimitError("slow down")
            usage = types.SimpleNamespace(input_tokens=11, output_tokens=7)
            block = types.SimpleNamespace(type="text", text="answer")
            return types.SimpleNamespace(content=[block], usage=usage, model="claude-x", stop_reason="end_turn")

    fake = types.SimpleNamespace(Anthropic=lambda **kw: types.SimpleNamespace(messages=Messages(), options=kw))
    monkeypatch.setitem(sys.modules, "anthropic", fake)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-0000000000")
    backend = AnthropicBackend({"model": "claude-x"})
    reply = backend.complete(Request("q", arm="with-skill", skill=SKILL, max_tokens=99))
    assert (reply.text, reply.input_tokens, reply.output_tokens) == ("answer", 11, 7)
    assert sent[0]["system"] == SKILL.text and sent[0]["max_tokens"] == 99
    backend.complete(Request("q"))
    assert "system" not in sent[1]
    with pytest.raises(BackendError) as info:
        backend.complete(Request("limit"))
    assert (info.value.kind, info.value.retryable) == ("rate_limit", True)


def test_openai_compatible_endpoints_get_a_system_message_and_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[str, Any] = {}

    def create(**kwargs: Any) -> Any:
        made["request"] = kwargs
        message = types.SimpleNamespace(content="local answer")
        usage = types.SimpleNamespace(prompt_tokens=5, completion_tokens=3)
        return types.SimpleNamespace(choices=[types.SimpleNamespace(message=message, finish_reason="stop")],
                                     usage=usage, model="qwen")  # fmt: skip

    def client(**kwargs: Any) -> Any:
        made["client"] = kwargs
        return types.SimpleNamespace(chat=types.SimpleNamespace(completions=types.SimpleNamespace(create=create)))

    monkeypatch.setitem(sys.modules, "openai", types.SimpleNamespace(OpenAI=client))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    backend = OpenAIBackend({"model": "qwen", "base-url": "http://localhost:11434/v1"})
    reply = backend.complete(Request("q", arm="with-skill", skill=SKILL))
    assert reply.text == "local answer" and (reply.input_tokens, reply.output_tokens) == (5, 3)
    assert made["client"]["base_url"] == "http://localhost:11434/v1" and made["client"]["api_key"] == "not-needed"
    assert made["request"]["messages"] == [{"role": "system", "content": SKILL.text}, {"role": "user", "content": "q"}]


def test_a_missing_sdk_or_key_is_a_setup_error_that_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "anthropic", None)  # import fails as if not installed
    with pytest.raises(BackendError, match=r"pip install 'yzmir-training-optimization\[anthropic\]'"):
        AnthropicBackend({})
    monkeypatch.setitem(sys.modules, "anthropic", types.SimpleNamespace(Anthropic=lambda **kw: None))
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(BackendError, match="set ANTHROPIC_API_KEY"):
        AnthropicBackend({})
    with pytest.raises(BackendError, match="needs a model"):
        OpenAIBackend({})
