"""The run's records: an append-only JSONL transcript, and a cache of answers keyed by request hash.

Each sample is one line, written (scrubbed of secrets) as soon as it is
graded, so a run that is killed keeps every answer it already paid for. The
last record of a sample wins when reading, so ``--resume`` may append a new
attempt for a sample that ended in an error.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .scrub import scrubbed_json, secret_values

TRANSCRIPT = "transcript.jsonl"
FORMAT_VERSION = 1


class RunNotFound(Exception):
    """The run named on the command line does not exist."""


def sample_key(record: dict[str, Any]) -> tuple[str, str, int]:
    return (str(record.get("scenario_key")), str(record.get("arm")), int(record.get("sample", 0)))


class Transcript:
    """Appends one JSON line per record; safe to share between threads.

    The file stays open in append mode without buffering: each record is one
    write call, in the kernel's hands as soon as it returns, so a killed
    process loses nothing it already recorded.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._secrets = secret_values()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(path, "ab", buffering=0)  # noqa: SIM115 - closed by close() or at collection

    def append(self, record: dict[str, Any]) -> None:
        data = (scrubbed_json(record, self._secrets) + "\n").encode("utf-8")
        with self._lock:
            self._file.write(data)

    def close(self) -> None:
        self._file.close()


@dataclass
class RunRecords:
    path: Path
    header: dict[str, Any]
    samples: dict[tuple[str, str, int], dict[str, Any]]
    end: dict[str, Any] | None
    bad_lines: int = 0
    spent: float = 0.0  # every sample record's cost, earlier attempts of a resumed sample included

    @property
    def run_dir(self) -> Path:
        return self.path.parent


def read_lines(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Every record of a transcript; a line that does not parse (cut short by a kill) is counted."""
    records, bad = [], 0
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(value, dict):
                records.append(value)
            else:
                bad += 1
    return records, bad


def read_run(path: Path) -> RunRecords:
    records, bad = read_lines(path)
    header: dict[str, Any] = {}
    samples: dict[tuple[str, str, int], dict[str, Any]] = {}
    end = None
    spent = 0.0
    for record in records:
        kind = record.get("type")
        if kind == "run":
            header = header or record
        elif kind == "sample":
            samples[sample_key(record)] = record
            spent += float(record.get("cost_usd") or 0.0)
        elif kind == "end":
            end = record
    return RunRecords(path, header, samples, end, bad, spent)


def resolve_run(ref: str | Path, runs_dir: Path) -> Path:
    """The transcript of a run given as a transcript file, a run folder, a run id, or ``latest``."""
    candidates = [Path(ref)]
    if str(ref) == "latest":
        runs = sorted((p for p in runs_dir.glob(f"*/{TRANSCRIPT}")), key=lambda p: p.parent.name)
        candidates = runs[-1:] if runs else []
    else:
        candidates.append(runs_dir / str(ref))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
        if (candidate / TRANSCRIPT).is_file():
            return candidate / TRANSCRIPT
    raise RunNotFound(f"no run {str(ref)!r} (looked for a transcript file, a run folder, or a run id under {runs_dir})")


def request_key(parts: dict[str, Any]) -> str:
    """The hash that identifies a request: every input that decides the answer, and nothing else."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class RequestCache:
    """Answers by request hash, in one append-only JSONL file under ``folder``.

    Loaded once, on first use; every new answer is one appended line (a line
    cut short by a kill is skipped when loading). Several runs may share it.
    """

    FILE = "cache.jsonl"

    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self._secrets = secret_values()
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, Any]] | None = None
        self._file: Any = None

    @property
    def path(self) -> Path:
        return self.folder / self.FILE

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = {}
            if self.path.is_file():
                records, _ = read_lines(self.path)
                for record in records:
                    if isinstance(record.get("key"), str) and isinstance(record.get("value"), dict):
                        self._entries[record["key"]] = record["value"]
        return self._entries

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        with self._lock:
            return self._load().get(key)

    def put(self, key: str, value: dict[str, Any]) -> None:
        data = (scrubbed_json({"key": key, "value": value}, self._secrets) + "\n").encode("utf-8")
        with self._lock:
            if self._file is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._file = open(self.path, "ab", buffering=0)  # noqa: SIM115 - closed by close()
            self._file.write(data)
            if self._entries is not None:
                self._entries[key] = value

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


def scenario_keys(records: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(r.get("scenario_key")) for r in records))
