"""Reporters: a finished run in, text out. The only place that formats diagnostics."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TextIO

from .diagnostics import Diagnostic, Severity, display_path
from .validate import Result, SkillSummary

SUMMARY_COLUMNS = (
    ("lines", "lines"),
    ("examples", "examples"),
    ("pitfalls", "pitfalls"),
    ("red_flags", "red flags"),
    ("rationalizations", "rational."),
    ("red", "RED"),
    ("refactor", "REFACTOR"),
    ("tokens", "~tokens"),
)
EXEC_COLUMNS = (
    ("exec_blocks", "blocks"),
    ("exec_passed", "passed"),
    ("exec_failed", "failed"),
    ("exec_skipped", "skipped"),
)


class Reporter(ABC):
    def __init__(self, out: TextIO, root: Path | None = None, summary: bool = True) -> None:
        self.out = out
        self.root = root
        self.summary = summary

    def where(self, d: Diagnostic) -> str:
        return display_path(d.path, self.root)

    @abstractmethod
    def report(self, result: Result) -> None: ...


class TextReporter(Reporter):
    """``path:line:col: CODE message``, then a table per skill and a count."""

    def report(self, result: Result) -> None:
        for d in result.diagnostics:
            tag = "" if d.severity is Severity.ERROR else " [warning]"
            print(f"{self.where(d)}:{d.line}:{d.col}: {d.code}{tag} {d.message}", file=self.out)
        if self.summary and result.summaries:
            self._table(list(result.summaries.values()), result)
        errors, warnings = result.errors, result.warnings
        skills = len(result.summaries)
        if errors or warnings:
            print(f"Found {errors} error(s) and {warnings} warning(s) in {skills} skill(s).", file=self.out)
        else:
            print(f"All checks passed: {skills} skill(s).", file=self.out)

    def _table(self, summaries: list[SkillSummary], result: Result) -> None:
        columns = list(SUMMARY_COLUMNS)
        if any("exec_blocks" in s.counts for s in summaries):
            columns += EXEC_COLUMNS
        per_skill: dict[Path, int] = {}
        for d in result.diagnostics:
            for s in summaries:
                if s.path in d.path.absolute().parents or d.path.absolute() == s.path:
                    per_skill[s.path] = per_skill.get(s.path, 0) + 1
        header = ["skill", *(title for _, title in columns), "findings"]
        rows = [
            [s.name, *(str(s.counts.get(key, "-")) for key, _ in columns), str(per_skill.get(s.path, 0))]
            for s in summaries
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        print("", file=self.out)
        for row in [header, *rows]:
            cells = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
            print("  ".join(cells), file=self.out)
        skipped = [s for s in summaries if s.counts.get("exec_skip_reasons")]
        for s in skipped:
            print(f"  {s.name} skipped: {s.counts['exec_skip_reasons']}", file=self.out)
        print("", file=self.out)


class JsonReporter(Reporter):
    """One JSON object: diagnostics, per-skill summaries, totals."""

    def report(self, result: Result) -> None:
        payload = {
            "diagnostics": [d.to_dict(self.root) for d in result.diagnostics],
            "skills": [
                {"name": s.name, "path": display_path(s.path, self.root), **s.counts} for s in result.summaries.values()
            ],
            "errors": result.errors,
            "warnings": result.warnings,
        }
        json.dump(payload, self.out, indent=2)
        self.out.write("\n")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding."""

    def report(self, result: Result) -> None:
        for d in result.diagnostics:
            level = "error" if d.severity is Severity.ERROR else "warning"
            message = _escape(f"{d.code} {d.message}")
            print(
                f"::{level} file={_escape_prop(self.where(d))},line={d.line},col={d.col},title={d.code}::{message}",
                file=self.out,
            )
        print(
            f"{result.errors} error(s), {result.warnings} warning(s) in {len(result.summaries)} skill(s)", file=self.out
        )


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


REPORTERS: dict[str, type[Reporter]] = {"text": TextReporter, "json": JsonReporter, "github": GithubReporter}
