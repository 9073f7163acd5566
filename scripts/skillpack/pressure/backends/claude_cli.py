"""``claude-cli``: Claude Code in headless mode, ``claude -p --output-format stream-json --verbose``.

With-skill installs a copy of the skill (without RED/GREEN/REFACTOR and
scenarios) into a temporary plugin (``--plugin-dir``) or a temporary
``CLAUDE_CONFIG_DIR``, so the real loading path is tested; the baseline gets
none. Whether the agent invoked the skill is read from the event stream.
``inject`` appends SKILL.md to the system prompt instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from .base import BackendError, Request, Response
from .claude_stream import parse_stream
from .process import run_process, split_command

PLUGIN_NAME = "pressure-test"
INSTALLS = ("plugin-dir", "config-dir")
_RETRYABLE = re.compile(r"rate.?limit|overloaded|\b529\b|\b429\b|timed? ?out", re.IGNORECASE)


class ClaudeCliBackend:
    name: ClassVar[str] = "claude-cli"
    acts_on_files: ClassVar[bool] = True

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.argv = split_command(options.get("executable") or "claude")
        self.model = options.get("model") or ""
        self.install = options.get("install", "plugin-dir")
        if self.install not in INSTALLS:
            raise BackendError(
                "setup", f"claude-cli install must be one of {', '.join(INSTALLS)}, not {self.install!r}"
            )
        self.max_turns = int(options.get("max-turns") or 0)
        self.permission_mode = options.get("permission-mode") or ""
        self.inject_flag = options.get("inject-flag") or "--append-system-prompt"
        self.extra_args = [str(a) for a in options.get("extra-args") or ()]

    def identity(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "model": self.model,
            "install": self.install,
            "max_turns": self.max_turns,
            "permission_mode": self.permission_mode,
            "inject_flag": self.inject_flag,
            "extra_args": self.extra_args,
        }

    def command(self, request: Request, tmp: Path) -> tuple[list[str], dict[str, str]]:
        """The argument list and environment for ``request``; files it needs are written under ``tmp``."""
        argv = [*self.argv, "-p", "--output-format", "stream-json", "--verbose"]
        if self.model:
            argv += ["--model", self.model]
        if self.max_turns:
            argv += ["--max-turns", str(self.max_turns)]
        if self.permission_mode:
            argv += ["--permission-mode", self.permission_mode]
        env = dict(os.environ)
        skill = request.skill
        if skill is not None and request.inject:
            argv += self._inject(skill.text, tmp)
        elif skill is not None:
            source = request.staged_skill or skill.folder
            if self.install == "plugin-dir":
                plugin = tmp / "plugin"
                (plugin / ".claude-plugin").mkdir(parents=True)
                manifest = {
                    "name": PLUGIN_NAME,
                    "version": "0.0.0",
                    "description": "skill under pressure test",
                }
                (plugin / ".claude-plugin" / "plugin.json").write_text(json.dumps(manifest), encoding="utf-8")
                shutil.copytree(source, plugin / "skills" / skill.name)
                argv += ["--plugin-dir", str(plugin)]
            else:
                shutil.copytree(source, tmp / "config" / "skills" / skill.name)
        if self.install == "config-dir":
            (tmp / "config").mkdir(exist_ok=True)
            env["CLAUDE_CONFIG_DIR"] = str(tmp / "config")
        if request.system:
            argv += self._inject(request.system, tmp, "system")
        argv += self.extra_args
        return argv, env

    def _inject(self, text: str, tmp: Path, stem: str = "skill") -> list[str]:
        if self.inject_flag.endswith("-file"):
            path = tmp / f"{stem}.md"
            path.write_text(text, encoding="utf-8")
            return [self.inject_flag, str(path)]
        return [self.inject_flag, text]

    def complete(self, request: Request) -> Response:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="pressure-claude-") as name:
            argv, env = self.command(request, Path(name))
            done = run_process(argv, request.prompt, env, request.cwd, request.timeout)
        watched = request.skill.name if request.skill is not None and not request.inject else None
        stream = parse_stream(done.stdout, watched)
        if not stream.has_result:
            tail = done.stderr.strip()[-600:]
            if done.returncode != 0:
                retry = bool(_RETRYABLE.search(tail))
                raise BackendError(
                    "rate_limit" if retry else "exit",
                    f"claude exited with status {done.returncode}: {tail}",
                    retryable=retry,
                )
            raise BackendError(
                "parse",
                f"no result event in claude's output ({stream.events} events, {stream.bad_lines} lines not JSON)",
            )
        if stream.is_error:
            retry = bool(_RETRYABLE.search(stream.text))
            kind = "rate_limit" if retry else (stream.subtype or "agent_error")
            raise BackendError(
                kind,
                f"claude reported an error ({stream.subtype or 'is_error'}): {stream.text[:300]}",
                retryable=retry,
            )
        if not stream.text.strip():
            raise BackendError("empty", "claude's result holds no text")
        return Response(
            text=stream.text.strip(),
            model=stream.model or self.model,
            input_tokens=stream.input_tokens,
            output_tokens=stream.output_tokens,
            cost_usd=stream.cost_usd,
            triggered=stream.triggered if watched else None,
            skill_load_error=stream.skill_load_error if watched else None,
            latency_s=time.monotonic() - started,
            extra={"tools": stream.tools_used},
        )
