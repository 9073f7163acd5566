"""``anthropic``: the Messages API through the official SDK (extra ``anthropic``), SKILL.md as system."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any, ClassVar

from .base import BackendError, Request, Response, missing_extra
from .chat import classify, system_prompt

DEFAULT_MODEL = "claude-sonnet-4-5"


class AnthropicBackend:
    name: ClassVar[str] = "anthropic"
    acts_on_files: ClassVar[bool] = False

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.model = options.get("model") or DEFAULT_MODEL
        self.key_env = options.get("api-key-env") or "ANTHROPIC_API_KEY"
        self._client: Any = None
        self.client()  # fail at the start of a run, not on every sample

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "model": self.model}

    def client(self) -> Any:
        if self._client is None:
            try:
                import anthropic
            except ImportError:
                raise missing_extra("anthropic", "anthropic") from None
            key = os.environ.get(self.key_env)
            if not key:
                raise BackendError("setup", f"set {self.key_env} in the environment for the anthropic backend")
            self._client = anthropic.Anthropic(api_key=key, max_retries=0)
        return self._client

    def complete(self, request: Request) -> Response:
        client = self.client()
        started = time.monotonic()
        kwargs: dict[str, Any] = {
            "model": request.model or self.model,
            "max_tokens": request.max_tokens,
            "messages": [{"role": "user", "content": request.prompt}],
            "timeout": request.timeout,
        }
        system = system_prompt(request)
        if system:
            kwargs["system"] = system
        try:
            message = client.messages.create(**kwargs)
        except Exception as exc:  # noqa: BLE001 - the SDK's errors are classified, never raised on
            kind, retryable, after = classify(exc)
            raise BackendError(kind, f"{type(exc).__name__}: {exc}", retryable, after) from None
        text = "".join(getattr(b, "text", "") for b in message.content if getattr(b, "type", "") == "text")
        if not text.strip():
            raise BackendError("empty", f"the model returned no text (stop reason {message.stop_reason})")
        usage = message.usage
        return Response(
            text=text.strip(),
            model=getattr(message, "model", "") or kwargs["model"],
            input_tokens=getattr(usage, "input_tokens", None),
            output_tokens=getattr(usage, "output_tokens", None),
            latency_s=time.monotonic() - started,
            extra={"stop_reason": getattr(message, "stop_reason", None)},
        )
