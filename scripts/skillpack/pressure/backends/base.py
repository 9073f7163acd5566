"""The contract every backend meets: a request in, a response or a BackendError out."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar, Protocol

from ..scenario import SkillRef

AGENT, JUDGE = "agent", "judge"
BASELINE, WITH_SKILL = "baseline", "with-skill"


@dataclass(frozen=True)
class Request:
    """One question to a model. ``skill`` is set for the with-skill arm; ``cwd`` for repository scenarios."""

    prompt: str
    role: str = AGENT
    arm: str = BASELINE
    skill: SkillRef | None = None
    staged_skill: Path | None = None  # a copy of the skill folder without its test files
    system: str | None = None
    inject: bool = False
    cwd: Path | None = None
    model: str = ""
    max_tokens: int = 4096
    timeout: float = 600.0
    # Where the request comes from (scenario key, arm, sample): for replay and for agents' environment.
    tag: dict[str, Any] = field(default_factory=dict)


@dataclass
class Response:
    text: str
    model: str = ""
    input_tokens: int | None = None
    output_tokens: int | None = None
    tokens_estimated: bool = False
    cost_usd: float | None = None  # when the backend reports it; else priced from the token counts
    triggered: bool | None = None  # whether the agent invoked the skill (claude-cli, installed skill only)
    skill_load_error: bool | None = None
    diff: str | None = None
    latency_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # By hand: dataclasses.asdict deep-copies every value, a cost paid on every sample.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Response:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


class BackendError(Exception):
    """A request that produced no usable answer. ``retryable`` for rate limits and timeouts."""

    def __init__(self, kind: str, message: str, retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after


class Backend(Protocol):
    name: ClassVar[str]
    # False for chat APIs: a repository is then inlined in the prompt, and there is no diff.
    acts_on_files: ClassVar[bool]

    def identity(self) -> dict[str, Any]:
        """What, besides the request, decides the answer (for the cache key)."""
        ...

    def complete(self, request: Request) -> Response: ...


def estimate_tokens(text: str, chars_per_token: float) -> int:
    return max(1, round(len(text) / chars_per_token)) if text else 0


def missing_extra(package: str, extra: str) -> BackendError:
    return BackendError(
        "setup",
        f"the {package!r} package is not installed: pip install 'yzmir-training-optimization[{extra}]'",
    )
