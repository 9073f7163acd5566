"""Reading the event stream of ``claude -p --output-format stream-json --verbose``.

One JSON object per line: a ``system`` event (subtype ``init``: model, tools,
skills), ``assistant`` and ``user`` events wrapping a Messages API message
(``tool_use`` blocks in assistant content, ``tool_result`` blocks in user
content), and a closing ``result`` event (final text, usage, cost, is_error).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SKILL_TOOL = "Skill"


@dataclass
class StreamSummary:
    text: str = ""
    model: str = ""
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost_usd: float | None = None
    is_error: bool = False
    subtype: str = ""
    triggered: bool = False
    skill_load_error: bool | None = None
    events: int = 0
    bad_lines: int = 0
    tools_used: list[str] = field(default_factory=list)
    has_result: bool = False


def _names_skill(tool_input: Any, skill: str) -> bool:
    if not isinstance(tool_input, dict):
        return False
    value = tool_input.get("skill") or tool_input.get("command") or tool_input.get("name") or ""
    value = str(value).strip().lstrip("/")
    return value == skill or value.endswith(":" + skill)


def _content(event: dict[str, Any]) -> list[Any]:
    message = event.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, list) else []


def parse_stream(stdout: str, skill: str | None) -> StreamSummary:
    """Summarise the stream; ``skill`` is the installed skill whose invocation counts as a trigger."""
    summary = StreamSummary()
    skill_calls: set[str] = set()
    last_text = ""
    for line in stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            summary.bad_lines += 1
            continue
        if not isinstance(event, dict):
            summary.bad_lines += 1
            continue
        summary.events += 1
        kind = event.get("type")
        if kind == "system" and event.get("subtype") == "init":
            summary.model = str(event.get("model") or "")
        elif kind == "assistant":
            texts = []
            for block in _content(event):
                if not isinstance(block, dict):
                    continue
                if block.get("type") == "text":
                    texts.append(str(block.get("text", "")))
                elif block.get("type") == "tool_use":
                    summary.tools_used.append(str(block.get("name")))
                    if skill and block.get("name") == SKILL_TOOL and _names_skill(block.get("input"), skill):
                        summary.triggered = True
                        skill_calls.add(str(block.get("id")))
            if texts:
                last_text = "\n".join(texts)
        elif kind == "user":
            for block in _content(event):
                if (
                    isinstance(block, dict)
                    and block.get("type") == "tool_result"
                    and block.get("tool_use_id") in skill_calls
                ):
                    failed = bool(block.get("is_error"))
                    summary.skill_load_error = failed or bool(summary.skill_load_error)
        elif kind == "result":
            summary.has_result = True
            summary.subtype = str(event.get("subtype") or "")
            summary.is_error = bool(event.get("is_error")) or (summary.subtype not in ("", "success"))
            result = event.get("result")
            summary.text = result if isinstance(result, str) else ""
            cost = event.get("total_cost_usd", event.get("cost_usd"))
            summary.cost_usd = float(cost) if isinstance(cost, (int, float)) else None
            usage = event.get("usage") if isinstance(event.get("usage"), dict) else {}
            if usage:
                summary.input_tokens = sum(
                    int(usage.get(k) or 0)
                    for k in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
                )
                summary.output_tokens = int(usage.get("output_tokens") or 0)
    if not summary.text:
        summary.text = last_text
    return summary
