"""Chain results in, diagnostics and per-skill counts out; also the cache's view of a result."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from .cache import CACHEABLE
from .plan import ChainJob, Plan
from .traceback_map import tail

CODES = {
    "failed": "SK901",
    "timeout": "SK902",
    "crashed": "SK903",
    "memory": "SK903",
    "wrong-exception": "SK904",
    "unavailable": "SK905",
}
AFTER_FAILURE = "after a failure"
PRELUDE_FAILED = "prelude failed"


@dataclass
class ExecOutcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    per_skill: dict[Path, dict[str, int | str]] = field(default_factory=dict)


def _one_line(record: dict[str, Any]) -> str:
    message = " ".join(str(record.get("message") or record.get("status")).split())
    shown = tail(record.get("output") or "")
    return f"{message} [output: {shown}]" if shown else message


def _block_index(chain: ChainJob, line: int) -> tuple[int, int]:
    """(block, offset) of a markdown line inside the chain; lines outside it go to block 0."""
    for index, block in enumerate(chain.blocks):
        if block.line <= line < block.line + block.source.count("\n") + 1:
            return index, line - block.line
    return 0, line - chain.blocks[0].line


@dataclass
class Collector:
    """Adds up what happened to every python block of the plan."""

    plan: Plan
    memory_mb: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    counts: dict[Path, Counter[str]] = field(default_factory=dict)
    reasons: dict[Path, Counter[str]] = field(default_factory=dict)
    _prelude_reported: set[tuple[Path, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        for skill in self.plan.blocks:
            self.counts[skill], self.reasons[skill] = Counter(), Counter()
        for skip in self.plan.skips:
            self.skipped(skip.skill, skip.reason)

    def skipped(self, skill: Path, reason: str, blocks: int = 1) -> None:
        self.counts.setdefault(skill, Counter())["skipped"] += blocks
        self.reasons.setdefault(skill, Counter())[reason] += blocks

    def unavailable(self, chain: ChainJob, why: str) -> None:
        for block in chain.blocks:
            self.diagnostics.append(Diagnostic(chain.path, block.line, CODES["unavailable"], f"not executed: {why}"))
        self.skipped(chain.skill, "no runner", len(chain.blocks))

    def add(self, chain: ChainJob, records: dict[int, dict[str, Any]], prelude: dict[str, Any] | None = None) -> None:
        """Records by block index, lines already absolute; blocks without one did not run."""
        if prelude is not None and chain.prelude is not None:
            self._prelude_failed(chain, prelude)
            return
        counts = self.counts.setdefault(chain.skill, Counter())
        for index, block in enumerate(chain.blocks):
            record = records.get(index)
            if record is None:
                self.skipped(chain.skill, AFTER_FAILURE)
                continue
            status = record.get("status", "crashed")
            if status == "passed":
                counts["passed"] += 1
                continue
            counts["failed"] += 1
            message = _one_line(record)
            if status == "memory":
                message = f"reached the memory cap ({self.memory_mb} MiB): {message}"
            line = record.get("line") if isinstance(record.get("line"), int) else block.line
            self.diagnostics.append(Diagnostic(chain.path, line, CODES.get(status, "SK903"), message))

    def _prelude_failed(self, chain: ChainJob, failure: dict[str, Any]) -> None:
        assert chain.prelude is not None
        message = f"the prelude failed, so the pack's examples did not run: {_one_line(failure)}"
        key = (chain.prelude.path, message)
        if key not in self._prelude_reported:
            self._prelude_reported.add(key)
            line = failure.get("line") if isinstance(failure.get("line"), int) else 1
            code = CODES.get(failure.get("status", "failed"), "SK903")
            self.diagnostics.append(Diagnostic(chain.prelude.path, line, code, message))
        self.skipped(chain.skill, PRELUDE_FAILED, len(chain.blocks))

    def outcome(self) -> ExecOutcome:
        per_skill: dict[Path, dict[str, int | str]] = {}
        for skill, total in self.plan.blocks.items():
            counts, reasons = self.counts.get(skill, Counter()), self.reasons.get(skill, Counter())
            per_skill[skill] = {
                "exec_blocks": total,
                "exec_passed": counts["passed"],
                "exec_failed": counts["failed"],
                "exec_skipped": counts["skipped"],
                "exec_skip_reasons": ", ".join(f"{r}: {n}" for r, n in sorted(reasons.items())),
            }
        ordered = sorted(self.diagnostics, key=lambda d: (str(d.path), d.line, d.code, d.message))
        return ExecOutcome(ordered, per_skill)


def cacheable(records: dict[int, dict[str, Any]], prelude: dict[str, Any] | None) -> bool:
    return prelude is None and bool(records) and all(r.get("status") in CACHEABLE for r in records.values())


def to_cache(chain: ChainJob, records: dict[int, dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for index in sorted(records):
        record = records[index]
        at, offset = _block_index(chain, int(record.get("line") or chain.blocks[index].line))
        rows.append(
            {
                "index": index,
                "status": record["status"],
                "message": record.get("message", ""),
                "output": tail(record.get("output") or "", lines=5, chars=400),
                "at": at,
                "offset": offset,
                "seconds": record.get("seconds"),
            }
        )
    return {"blocks": rows}


def from_cache(chain: ChainJob, payload: dict[str, Any]) -> dict[int, dict[str, Any]] | None:
    records: dict[int, dict[str, Any]] = {}
    try:
        for row in payload["blocks"]:
            index, at = int(row["index"]), int(row["at"])
            record = {k: row.get(k) for k in ("status", "message", "output", "seconds")}
            record["line"] = chain.blocks[at].line + int(row["offset"])
            records[index] = record
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return records if records and all(i < len(chain.blocks) for i in records) else None
