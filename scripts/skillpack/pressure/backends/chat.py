"""What the two chat-API backends share: the system prompt of an arm, and error classification."""

from __future__ import annotations

from .base import Request

RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504, 529}


def system_prompt(request: Request) -> str | None:
    """The with-skill arm gets SKILL.md as its system prompt; the baseline none (or the request's own)."""
    parts = [p for p in (request.skill.text if request.skill else None, request.system) if p]
    return "\n\n".join(parts) if parts else None


def classify(exc: Exception) -> tuple[str, bool, float | None]:
    """(kind, retryable, retry-after seconds) of an SDK exception, read by name and status code."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    retry_after = None
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is not None:
        try:
            retry_after = float(headers.get("retry-after"))
        except (TypeError, ValueError):
            retry_after = None
    if "RateLimit" in name or status == 429:
        return "rate_limit", True, retry_after
    if "Timeout" in name:
        return "timeout", True, retry_after
    if "Connection" in name:
        return "connection", True, retry_after
    if isinstance(status, int) and status in RETRYABLE_STATUS:
        return "server", True, retry_after
    return "api", False, None
