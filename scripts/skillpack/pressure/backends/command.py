"""``command``: any program that reads the prompt on stdin and writes the answer on stdout.

Environment given to the program: ``PRESSURE_ROLE`` (agent or judge),
``PRESSURE_ARM``, ``PRESSURE_SCENARIO``, ``PRESSURE_SAMPLE``; on the with-skill arm
``PRESSURE_SKILL_DIR`` (a copy of the skill folder without its test files) and
``PRESSURE_SKILL_FILE`` (its SKILL.md); and ``PRESSURE_SYSTEM_FILE`` when the
request has a system prompt. Exit 0 with the answer; exit 75 to be retried later.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from .base import BackendError, Request, Response, estimate_tokens
from .process import check_exit, run_process, split_command


class CommandBackend:
    name: ClassVar[str] = "command"
    acts_on_files: ClassVar[bool] = True

    def __init__(self, options: Mapping[str, Any]) -> None:
        command = options.get("command") or ""
        if not command:
            raise BackendError("setup", "the command backend needs a command line (--command, or judge-command)")
        self.argv = split_command(command)
        self.model = options.get("model-label") or "command"
        self.chars_per_token = float(options.get("chars-per-token", 4.0))

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "argv": self.argv, "model": self.model}

    def _env(self, request: Request, system_file: Path | None) -> dict[str, str]:
        env = dict(os.environ)
        for key in ("PRESSURE_SKILL_DIR", "PRESSURE_SKILL_FILE", "PRESSURE_SYSTEM_FILE"):
            env.pop(key, None)
        env.update(
            PRESSURE_ROLE=request.role,
            PRESSURE_ARM=request.arm,
            PRESSURE_SCENARIO=str(request.tag.get("scenario", "")),
            PRESSURE_SAMPLE=str(request.tag.get("sample", "")),
        )
        if request.skill is not None:
            folder = request.staged_skill or request.skill.folder
            env["PRESSURE_SKILL_DIR"] = str(folder)
            env["PRESSURE_SKILL_FILE"] = str(folder / "SKILL.md")
        if system_file is not None:
            env["PRESSURE_SYSTEM_FILE"] = str(system_file)
        return env

    def complete(self, request: Request) -> Response:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="pressure-cmd-") as tmp:
            system_file = None
            if request.system:
                system_file = Path(tmp, "system.md")
                system_file.write_text(request.system, encoding="utf-8")
            done = run_process(self.argv, request.prompt, self._env(request, system_file), request.cwd, request.timeout)
        check_exit(done, Path(self.argv[0]).name)
        answer = done.stdout.strip()
        if not answer:
            raise BackendError("empty", "the command wrote no answer on stdout")
        prompt_chars = request.prompt + (request.system or "")
        return Response(
            text=answer,
            model=self.model,
            input_tokens=estimate_tokens(prompt_chars, self.chars_per_token),
            output_tokens=estimate_tokens(answer, self.chars_per_token),
            tokens_estimated=True,
            latency_s=time.monotonic() - started,
        )
