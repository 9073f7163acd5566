"""Grading one answer: regular-expression checks locally, must / must_not items by a judge model.

The judge gets a fixed rubric and must answer one line per item,
``M1: YES | reason``. Its reply is parsed strictly: a missing, repeated or
unknown item, a verdict other than YES or NO, an empty reason or any other
text makes the verdict unparseable, which is an error, never a pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .scenario import Check, Scenario

RUBRIC_VERSION = 1
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_VERDICT_LINE = re.compile(r"^([MN][1-9][0-9]*)\s*:\s*(YES|NO)\s*\|\s*(\S.*)$", re.IGNORECASE)
_FENCE = re.compile(r"^```[\w-]*$")

RUBRIC = """\
You are grading the answer an AI coding assistant gave to a user. Judge only what the answer (and, when
one is shown, the diff of the files the assistant changed) actually says and does; do not give credit for
what it might have meant, and do not take credit away for style.

Each item below has an id:
- M items are things a good answer does. YES means the answer clearly does it.
- N items are tempting wrong moves. YES means the answer makes that move (even in part).

Reply with exactly one line per item, in the order given, and nothing else: no preamble, no summary.
Each line is the id, a colon, YES or NO, a vertical bar, and a one-line reason. For example:
M1: YES | clips after unscale_ in train.py
N1: NO | keeps the scheduler step per batch

## The user's request
<<<REQUEST
{prompt}
REQUEST>>>

## Items
{items}

## The assistant's answer
<<<ANSWER
{answer}
ANSWER>>>
{diff_section}"""

DIFF_SECTION = """
## The diff of the files the assistant changed
<<<DIFF
{diff}
DIFF>>>
"""


class JudgeParseError(Exception):
    """The judge's reply is not a complete, well-formed verdict."""


@dataclass(frozen=True)
class CheckResult:
    pattern: str
    expect: str
    found: bool

    @property
    def ok(self) -> bool:
        return self.found == (self.expect == "present")


@dataclass(frozen=True)
class ItemVerdict:
    id: str
    kind: str  # "must" or "must_not"
    item: str
    holds: bool
    reason: str

    @property
    def ok(self) -> bool:
        return self.holds if self.kind == "must" else not self.holds


def run_checks(checks: Sequence[Check], answer: str) -> list[CheckResult]:
    results = []
    for check in checks:
        flags = 0
        for letter in check.flags:
            flags |= _FLAGS[letter]
        results.append(CheckResult(check.pattern, check.expect, re.search(check.pattern, answer, flags) is not None))
    return results


def items_of(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(id, kind, text) of every judged item: M1.. for must, N1.. for must_not."""
    return [(f"M{i}", "must", t) for i, t in enumerate(scenario.must, 1)] + [
        (f"N{i}", "must_not", t) for i, t in enumerate(scenario.must_not, 1)
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def judge_prompt(scenario: Scenario, answer: str, diff: str | None) -> str:
    items = "\n".join(f"{item_id}: {_one_line(text)}" for item_id, _, text in items_of(scenario))
    diff_section = DIFF_SECTION.format(diff=diff.rstrip("\n") or "(no files changed)") if diff is not None else ""
    return RUBRIC.format(
        prompt=scenario.prompt.rstrip("\n"),
        items=items,
        answer=answer.rstrip("\n"),
        diff_section=diff_section,
    )


def parse_verdict(reply: str, scenario: Scenario) -> list[ItemVerdict]:
    """The verdict per item, or JudgeParseError."""
    expected = {item_id: (kind, text) for item_id, kind, text in items_of(scenario)}
    found: dict[str, ItemVerdict] = {}
    for number, raw in enumerate(reply.strip().splitlines(), 1):
        line = raw.strip()
        if not line or _FENCE.match(line):
            continue
        match = _VERDICT_LINE.match(line)
        if match is None:
            raise JudgeParseError(f"line {number} is not 'ID: YES|NO | reason': {line[:80]!r}")
        item_id, verdict, reason = match.group(1).upper(), match.group(2).upper(), match.group(3).strip()
        if item_id not in expected:
            raise JudgeParseError(f"line {number} grades {item_id}, which is no item of this scenario")
        if item_id in found:
            raise JudgeParseError(f"{item_id} is graded twice")
        kind, text = expected[item_id]
        found[item_id] = ItemVerdict(item_id, kind, text, verdict == "YES", reason)
    missing = [i for i in expected if i not in found]
    if missing:
        raise JudgeParseError(f"no verdict for {', '.join(missing)}")
    return [found[i] for i in expected]


def passed(checks: Sequence[CheckResult], verdicts: Sequence[ItemVerdict]) -> bool:
    """Every must holds, no must_not does, and every check finds what it expects."""
    return all(c.ok for c in checks) and all(v.ok for v in verdicts)


def as_records(checks: Sequence[CheckResult], verdicts: Sequence[ItemVerdict]) -> dict[str, Any]:
    return {
        "checks": [{"pattern": c.pattern, "expect": c.expect, "found": c.found, "ok": c.ok} for c in checks],
        "items": [
            {"id": v.id, "kind": v.kind, "item": v.item, "holds": v.holds, "reason": v.reason, "ok": v.ok}
            for v in verdicts
        ],
    }
