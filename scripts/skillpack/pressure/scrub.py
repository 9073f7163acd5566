"""Keep secrets out of transcripts and logs.

Two nets: the values of environment variables whose names say they hold a
secret (replaced wherever they appear), and the shapes API keys commonly take.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[REDACTED]"
_SECRET_NAME = re.compile(r"(API_?KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL|AUTH)", re.IGNORECASE)
_KEY_SHAPES = re.compile(
    r"sk-ant-[A-Za-z0-9_\-]{8,}"  # Anthropic
    r"|sk-(?:proj-|svcacct-)?[A-Za-z0-9_\-]{20,}"  # OpenAI and compatibles
    r"|(?:ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}"  # GitHub
    r"|AKIA[0-9A-Z]{16}"  # AWS access key id
    r"|hf_[A-Za-z0-9]{20,}"  # Hugging Face
    r"|(?i:bearer)\s+[A-Za-z0-9._\-]{16,}"
)
MIN_SECRET_CHARS = 8


def secret_values(environ: Mapping[str, str] | None = None) -> list[str]:
    """Values of environment variables named like secrets, longest first."""
    env = os.environ if environ is None else environ
    values = {v for k, v in env.items() if _SECRET_NAME.search(k) and len(v) >= MIN_SECRET_CHARS}
    return sorted(values, key=len, reverse=True)


def scrub_text(text: str, secrets: list[str] | None = None) -> str:
    for value in secret_values() if secrets is None else secrets:
        text = text.replace(value, REDACTED)
    return _KEY_SHAPES.sub(REDACTED, text)


def scrub(value: Any, secrets: list[str] | None = None) -> Any:
    """``value`` with every string in it scrubbed (dicts and lists walked)."""
    secrets = secret_values() if secrets is None else secrets
    if isinstance(value, str):
        return scrub_text(value, secrets)
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(v, secrets) for v in value]
    return value


def scrubbed_json(value: Any, secrets: list[str] | None = None) -> str:
    """``value`` as one line of JSON with secrets scrubbed: one pass over the text, not a walk of the value.

    A secret is looked for both as is and as JSON escapes it; a key shape never
    holds a quote or a backslash, so a replacement cannot break the JSON.
    """
    line = json.dumps(value, ensure_ascii=False, default=str)
    for secret in secret_values() if secrets is None else secrets:
        line = line.replace(secret, REDACTED)
        escaped = json.dumps(secret, ensure_ascii=False)[1:-1]
        if escaped != secret:
            line = line.replace(escaped, REDACTED)
    return _KEY_SHAPES.sub(REDACTED, line)
