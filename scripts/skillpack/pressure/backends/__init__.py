"""Backends by name. SDKs are imported lazily, inside the backend that needs them."""

from __future__ import annotations

from typing import Any

from ..settings import Settings
from .anthropic_api import AnthropicBackend
from .base import AGENT, BASELINE, JUDGE, WITH_SKILL, Backend, BackendError, Request, Response
from .claude_cli import ClaudeCliBackend
from .command import CommandBackend
from .openai_api import OpenAIBackend
from .replay import ReplayBackend

BACKENDS: dict[str, type] = {
    "claude-cli": ClaudeCliBackend,
    "anthropic": AnthropicBackend,
    "openai": OpenAIBackend,
    "command": CommandBackend,
    "replay": ReplayBackend,
}
# Settings a judge takes in place of the agent's, per backend.
JUDGE_KEYS = {
    "command": {"command": "judge-command", "model-label": "judge-model-label"},
    "openai": {"base-url": "judge-base-url"},
}


def make_backend(name: str, settings: Settings, role: str = AGENT) -> Backend:
    """The backend ``name``, configured from its settings section for ``role`` (agent or judge)."""
    if name not in BACKENDS:
        raise BackendError("setup", f"unknown backend {name!r}; known: {', '.join(sorted(BACKENDS))}")
    options: dict[str, Any] = settings.backend_section(name)
    if role == JUDGE:
        for key, judge_key in JUDGE_KEYS.get(name, {}).items():
            if options.get(judge_key):
                options[key] = options[judge_key]
    options["model"] = settings["judge-model" if role == JUDGE else "model"]
    options["chars-per-token"] = settings["chars-per-token"]
    options["runs-dir"] = settings["runs-dir"]
    return BACKENDS[name](options)


__all__ = [
    "AGENT",
    "BACKENDS",
    "BASELINE",
    "JUDGE",
    "WITH_SKILL",
    "Backend",
    "BackendError",
    "Request",
    "Response",
    "make_backend",
]
