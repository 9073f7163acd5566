"""``openai``: any OpenAI-compatible chat endpoint (vLLM, Ollama, LM Studio, hosted) by its base URL.

Extra: ``openai``. The API key comes from the environment variable named by
``api-key-env``; local servers that need none get a placeholder.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any, ClassVar

from .base import BackendError, Request, Response, missing_extra
from .chat import classify, system_prompt

NO_KEY = "not-needed"


class OpenAIBackend:
    name: ClassVar[str] = "openai"
    acts_on_files: ClassVar[bool] = False

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.model = options.get("model") or ""
        if not self.model:
            raise BackendError("setup", "the openai backend needs a model name (--model / --judge-model)")
        self.base_url = options.get("base-url") or None
        self.key_env = options.get("api-key-env") or "OPENAI_API_KEY"
        self._client: Any = None
        self.client()  # fail at the start of a run, not on every sample

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "model": self.model, "base_url": self.base_url}

    def client(self) -> Any:
        if self._client is None:
            try:
                import openai
            except ImportError:
                raise missing_extra("openai", "openai") from None
            self._client = openai.OpenAI(
                base_url=self.base_url, api_key=os.environ.get(self.key_env) or NO_KEY, max_retries=0
            )
        return self._client

    def complete(self, request: Request) -> Response:
        client = self.client()
        started = time.monotonic()
        messages = []
        system = system_prompt(request)
        if system:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": request.prompt})
        try:
            reply = client.chat.completions.create(
                model=request.model or self.model,
                messages=messages,
                max_tokens=request.max_tokens,
                timeout=request.timeout,
            )
        except Exception as exc:  # noqa: BLE001 - the SDK's errors are classified, never raised on
            kind, retryable, after = classify(exc)
            raise BackendError(kind, f"{type(exc).__name__}: {exc}", retryable, after) from None
        choices = getattr(reply, "choices", None) or []
        text = (choices[0].message.content or "") if choices else ""
        if not text.strip():
            raise BackendError("empty", "the endpoint returned no text")
        usage = getattr(reply, "usage", None)
        return Response(
            text=text.strip(),
            model=getattr(reply, "model", "") or self.model,
            input_tokens=getattr(usage, "prompt_tokens", None),
            output_tokens=getattr(usage, "completion_tokens", None),
            latency_s=time.monotonic() - started,
            extra={"finish_reason": getattr(choices[0], "finish_reason", None) if choices else None},
        )
