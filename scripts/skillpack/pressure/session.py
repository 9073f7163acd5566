"""One run from start to end: its folder, header record, jobs, runner, closing record and reports.

``start`` begins a run; ``resume`` finishes one from its transcript, asking
only for the samples it has no graded record of.
"""

from __future__ import annotations

import secrets as _random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .backends import JUDGE, make_backend
from .progress import Progress
from .report import SUFFIXES, report_files
from .runner import Runner, RunOptions, RunOutcome, plan
from .scenario import FILE_CHOICES, Scenario, Selection, collect
from .settings import Settings
from .summary import RunSummary, summarize
from .transcript import FORMAT_VERSION, TRANSCRIPT, RequestCache, Transcript, read_run, resolve_run

CACHE_DIR = "cache"
# Settings a resumed run may change; the rest are the run's own.
RESUMABLE = ("concurrency", "max-cost", "timeout", "judge-timeout", "retries", "backoff", "backoff-max")


class SessionError(Exception):
    """The run cannot start (nothing selected, bad run folder); the CLI exits 2."""


@dataclass
class SelectionSpec:
    paths: list[Path]
    skills: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=lambda: list(FILE_CHOICES["both"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "paths": [str(p.absolute()) for p in self.paths],
            "skills": self.skills,
            "ids": self.ids,
            "files": self.files,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SelectionSpec:
        return cls(
            [Path(p) for p in data.get("paths", [])],
            list(data.get("skills", [])),
            list(data.get("ids", [])),
            list(data.get("files", FILE_CHOICES["both"])),
        )


@dataclass
class SessionResult:
    run_dir: Path
    outcome: RunOutcome
    summary: RunSummary
    reports: dict[str, Path]
    problems: list[str]


def select(spec: SelectionSpec) -> Selection:
    return collect(spec.paths, spec.files, spec.skills, spec.ids)


def _scenario_info(s: Scenario) -> dict[str, Any]:
    return {
        "key": s.key,
        "id": s.id,
        "skill": s.skill.name,
        "file": s.kind,
        "source": str(s.source),
        "line": s.line,
        "repo": s.repo is not None,
        "pressures": list(s.pressures),
    }


def _new_run_id() -> str:
    now = time.time()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + f"{int(now * 1000) % 1000:03d}"
    return f"{stamp}-{_random.token_hex(2)}"  # sorts by start time, to the millisecond


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _execute(
    run_dir: Path,
    settings: Settings,
    scenarios: Sequence[Scenario],
    header: dict[str, Any] | None,
    done: set[tuple[str, str, int]],
    progress: bool,
) -> tuple[RunOutcome, RunSummary, dict[str, Path]]:
    agent = make_backend(settings["backend"], settings)
    judge = make_backend(settings["judge-backend"], settings, JUDGE)
    options = RunOptions.from_settings(settings)
    transcript = Transcript(run_dir / TRANSCRIPT)
    run_id = run_dir.name
    if header is not None:
        transcript.append({**header, "agent": agent.identity(), "judge": judge.identity()})
    else:
        transcript.append({"type": "resume", "run_id": run_id, "time": _now(), "already_graded": len(done)})
    jobs = plan(scenarios, options.arms, options.samples, skip=done)
    cache = RequestCache(Path(settings["runs-dir"]) / CACHE_DIR, enabled=bool(settings["cache"]))
    runner = Runner(agent, judge, options, transcript, cache, run_id, Progress(len(jobs), progress))
    try:
        outcome = runner.run(jobs)
    finally:
        cache.close()
    transcript.append(
        {
            "type": "end",
            "run_id": run_id,
            "status": outcome.status,
            "time": _now(),
            "samples_run": outcome.done,
            "not_run": outcome.not_run,
            "spent_usd": round(outcome.spent, 6),
            "warnings": outcome.warnings,
        }
    )
    transcript.close()
    summary = summarize(read_run(run_dir / TRANSCRIPT))
    return outcome, summary, write_reports(summary, run_dir)


def write_reports(summary: RunSummary, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, text in report_files(summary).items():
        path = folder / f"report.{SUFFIXES[name]}"
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


def start(spec: SelectionSpec, settings: Settings, progress: bool = False) -> SessionResult:
    selection = select(spec)
    if not selection.scenarios:
        detail = "; ".join(selection.problems[:3])
        raise SessionError("no scenario selected" + (f" ({detail})" if detail else ""))
    replayed = settings.backend_section("replay").get("transcript")
    if replayed and "replay" in (settings["backend"], settings["judge-backend"]):
        # Pinned to a path now: "latest" must not come to mean this run itself on --resume.
        path = resolve_run(replayed, Path(settings["runs-dir"])).absolute()
        settings = settings.with_overrides({"backends": {"replay": {"transcript": str(path)}}})
    run_dir = Path(settings["runs-dir"]) / _new_run_id()
    header = {
        "type": "run",
        "format": FORMAT_VERSION,
        "run_id": run_dir.name,
        "started": _now(),
        "selection": spec.to_dict(),
        "settings": dict(settings.values),
        "scenarios": [_scenario_info(s) for s in selection.scenarios],
        "problems": selection.problems,
    }
    outcome, summary, reports = _execute(run_dir, settings, selection.scenarios, header, set(), progress)
    return SessionResult(run_dir, outcome, summary, reports, selection.problems)


def resume(transcript: Path, overrides: dict[str, Any], progress: bool = False) -> SessionResult:
    run = read_run(transcript)
    if run.header.get("type") != "run" or "settings" not in run.header:
        raise SessionError(f"{transcript} has no run header: it is not a pressure-test transcript")
    given = {k: v for k, v in overrides.items() if k in RESUMABLE}
    settings = Settings(run.header["settings"]).with_overrides(given)
    spec = SelectionSpec.from_dict(run.header.get("selection", {}))
    selection = select(spec)
    recorded = {s["key"] for s in run.header.get("scenarios", [])}
    scenarios = [s for s in selection.scenarios if s.key in recorded]
    done = {key for key, record in run.samples.items() if record.get("outcome") in ("pass", "fail")}
    outcome, summary, reports = _execute(transcript.parent, settings, scenarios, None, done, progress)
    return SessionResult(transcript.parent, outcome, summary, reports, selection.problems)
