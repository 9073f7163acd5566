"""Diagnostics: immutable findings. Nothing here prints; reporters format."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: Path
    line: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    col: int = 1

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(self.path, self.line, self.code, self.message, severity, self.col)

    def to_dict(self, root: Path | None = None) -> dict[str, object]:
        return {
            "path": display_path(self.path, root),
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def display_path(path: Path, root: Path | None = None) -> str:
    """``path`` relative to ``root`` (or the working directory) when it lies below it."""
    base = (root or Path.cwd()).absolute()
    try:
        return path.absolute().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
