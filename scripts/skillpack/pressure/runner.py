"""Scenarios x arms x samples -> graded records, concurrently, within a budget.

Each sample is one job: ask the agent (from the cache when the same request
was answered before), run the checks, ask the judge, write one transcript
line. A job never raises: whatever goes wrong becomes an error record.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import workspace
from .backends import AGENT, JUDGE, WITH_SKILL, Backend, BackendError, Request, Response
from .backends.process import kill_all
from .cost import Budget, cost_usd
from .grading import (
    RUBRIC_VERSION,
    JudgeParseError,
    as_records,
    judge_prompt,
    parse_verdict,
    passed,
    run_checks,
)
from .progress import Progress
from .scenario import Scenario, SkillRef
from .settings import Settings
from .transcript import RequestCache, Transcript, request_key

TEST_FILES = shutil.ignore_patterns("RED.md", "GREEN.md", "REFACTOR.md", "scenarios", "__pycache__", ".*")
COMPLETE, BUDGET, INTERRUPTED = "complete", "budget", "interrupted"


@dataclass(frozen=True)
class RunOptions:
    samples: int = 3
    arms: tuple[str, ...] = ("baseline", "with-skill")
    inject: bool = False
    concurrency: int = 4
    timeout: float = 600.0
    judge_timeout: float = 180.0
    retries: int = 3
    backoff: float = 2.0
    backoff_max: float = 60.0
    max_cost: float = 0.0
    max_tokens: int = 8192
    judge_max_tokens: int = 2048
    max_diff_chars: int = 60000
    max_repo_prompt_chars: int = 60000
    repo_git_init: bool = True
    prices: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, s: Settings) -> RunOptions:
        return cls(
            samples=int(s["samples"]),
            arms=tuple(s["arms"]),
            inject=bool(s["inject"]),
            concurrency=max(1, int(s["concurrency"])),
            timeout=float(s["timeout"]),
            judge_timeout=float(s["judge-timeout"]),
            retries=int(s["retries"]),
            backoff=float(s["backoff"]),
            backoff_max=float(s["backoff-max"]),
            max_cost=float(s["max-cost"]),
            max_tokens=int(s["max-tokens"]),
            judge_max_tokens=int(s["judge-max-tokens"]),
            max_diff_chars=int(s["max-diff-chars"]),
            max_repo_prompt_chars=int(s["max-repo-prompt-chars"]),
            repo_git_init=bool(s["repo-git-init"]),
            prices=dict(s["prices"]),
        )


@dataclass(frozen=True)
class Job:
    scenario: Scenario
    arm: str
    sample: int

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.scenario.key, self.arm, self.sample)


@dataclass
class RunOutcome:
    status: str
    total: int
    done: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    spent: float = 0.0
    not_run: int = 0
    warnings: list[str] = field(default_factory=list)


def plan(
    scenarios: Iterable[Scenario],
    arms: Sequence[str],
    samples: int,
    skip: Iterable[tuple[str, str, int]] = (),
) -> list[Job]:
    """Every (scenario, arm, sample) not in ``skip``, sample-major so early stops cover every scenario."""
    skipped = set(skip)
    scenarios = list(scenarios)
    return [
        job
        for sample in range(samples)
        for scenario in scenarios
        for arm in arms
        if (job := Job(scenario, arm, sample)).key not in skipped
    ]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Stopped(Exception):
    """The run is being interrupted; the job's result is not recorded."""


class Runner:
    def __init__(
        self,
        agent: Backend,
        judge: Backend,
        options: RunOptions,
        transcript: Transcript,
        cache: RequestCache,
        run_id: str,
        progress: Progress | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.agent, self.judge, self.options = agent, judge, options
        self.transcript, self.cache, self.run_id = transcript, cache, run_id
        self.progress = progress
        self.budget = Budget(options.max_cost)
        self._stop = threading.Event()
        self._sleep = sleep
        self._lock = threading.Lock()
        self._staged: dict[str, tuple[Path, str]] = {}
        self._repo_digests: dict[Path, str] = {}
        self._unpriced: set[str] = set()
        self._stage_root: tempfile.TemporaryDirectory[str] | None = None

    # -- preparing inputs -------------------------------------------------

    def _stage(self, skill: SkillRef) -> tuple[Path, str]:
        """A copy of the skill folder without its test files, and a digest of it (cache key)."""
        with self._lock:
            if skill.name not in self._staged:
                if self._stage_root is None:
                    self._stage_root = tempfile.TemporaryDirectory(prefix="pressure-skills-")
                target = Path(self._stage_root.name) / skill.name
                shutil.copytree(skill.folder, target, ignore=TEST_FILES)
                self._staged[skill.name] = (target, workspace.tree_digest(target))
            return self._staged[skill.name]

    def _repo_digest(self, repo: Path) -> str:
        with self._lock:
            if repo not in self._repo_digests:
                self._repo_digests[repo] = workspace.tree_digest(repo)
            return self._repo_digests[repo]

    # -- calling backends -------------------------------------------------

    def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        elif self._stop.wait(seconds):
            raise _Stopped

    def _call(self, backend: Backend, request: Request) -> tuple[Response, int]:
        attempt = 0
        while True:
            attempt += 1
            if self._stop.is_set():
                raise _Stopped
            try:
                return backend.complete(request), attempt
            except BackendError as exc:
                if self._stop.is_set():
                    raise _Stopped from None
                if not exc.retryable or attempt > self.options.retries:
                    exc.attempts = attempt  # type: ignore[attr-defined]
                    raise
                delay = min(self.options.backoff_max, self.options.backoff * 2 ** (attempt - 1))
                self._wait(exc.retry_after if exc.retry_after is not None else delay * (0.5 + random.random() / 2))

    def _price(self, response: Response) -> float:
        if response.cost_usd is not None:
            return float(response.cost_usd)
        value = cost_usd(response.model, response.input_tokens, response.output_tokens, self.options.prices)
        if value is None:
            with self._lock:
                self._unpriced.add(response.model)
            return 0.0
        return value

    def _key(self, backend: Backend, parts: dict[str, Any]) -> str:
        return request_key({**parts, "backend": backend.identity()})

    def _store(self, key: str, response: Response) -> float:
        """Cache a fresh response and charge its cost to the budget; returns the cost."""
        self.cache.put(key, response.to_dict())
        spent = self._price(response)
        self.budget.add(spent)
        return spent

    def _agent_request(self, job: Job) -> tuple[Request, dict[str, Any]]:
        scenario = job.scenario
        prompt = scenario.prompt
        if scenario.repo is not None and not self.agent.acts_on_files:
            files = workspace.inline(scenario.repo, self.options.max_repo_prompt_chars)
            prompt = f"{prompt.rstrip()}\n\nThe repository you are working in:\n\n{files}"
        skill = scenario.skill if job.arm == WITH_SKILL else None
        staged, skill_digest = self._stage(skill) if skill is not None else (None, None)
        request = Request(
            prompt=prompt,
            role=AGENT,
            arm=job.arm,
            skill=skill,
            staged_skill=staged,
            inject=self.options.inject,
            max_tokens=self.options.max_tokens,
            timeout=self.options.timeout,
            tag={"scenario": scenario.key, "arm": job.arm, "sample": job.sample},
        )
        # The sample number is part of the key: samples are meant to differ, re-runs to repeat.
        parts = {
            "role": AGENT,
            "prompt": prompt,
            "arm": job.arm,
            "skill": skill_digest,
            "inject": self.options.inject,
            "repo": self._repo_digest(scenario.repo) if scenario.repo else None,
            "sample": job.sample,
            "scenario": scenario.key,
            "max_tokens": self.options.max_tokens,
        }
        return request, parts

    def _answer(self, job: Job) -> tuple[Request, Response, bool, int, float]:
        """The agent's answer (and diff): (request, response, from cache, attempts, cost)."""
        request, parts = self._agent_request(job)
        key = self._key(self.agent, parts)
        cached = self.cache.get(key)
        if cached is not None:
            return request, Response.from_dict(cached), True, 0, 0.0
        repo = job.scenario.repo
        if repo is not None and self.agent.acts_on_files:
            with workspace.Workspace(repo, self.options.repo_git_init) as ws:
                request = replace(request, cwd=ws.path)
                response, attempts = self._call(self.agent, request)
                if response.diff is None:
                    response.diff = ws.changes(self.options.max_diff_chars)
        else:
            response, attempts = self._call(self.agent, request)
        return request, response, False, attempts, self._store(key, response)

    def _grade(self, job: Job, text: str) -> tuple[Response, bool, int, float]:
        """The judge's reply to the rubric ``text``: (response, from cache, attempts, cost)."""
        request = Request(
            prompt=text,
            role=JUDGE,
            arm=job.arm,
            max_tokens=self.options.judge_max_tokens,
            timeout=self.options.judge_timeout,
            tag={"scenario": job.scenario.key, "arm": job.arm, "sample": job.sample},
        )
        # Keyed per sample too, so that each sample is graded by a call of its own (the judge is noisy
        # as well), while a re-run of the same sample finds its verdict cached.
        parts = {
            "role": JUDGE,
            "prompt": text,
            "rubric": RUBRIC_VERSION,
            "max_tokens": self.options.judge_max_tokens,
            "scenario": job.scenario.key,
            "arm": job.arm,
            "sample": job.sample,
        }
        key = self._key(self.judge, parts)
        cached = self.cache.get(key)
        if cached is not None:
            return Response.from_dict(cached), True, 0, 0.0
        response, attempts = self._call(self.judge, request)
        return response, False, attempts, self._store(key, response)

    def run_job(self, job: Job) -> dict[str, Any] | None:
        scenario = job.scenario
        started = time.monotonic()
        record: dict[str, Any] = {
            "type": "sample",
            "run_id": self.run_id,
            "scenario_key": scenario.key,
            "scenario": scenario.id,
            "skill": scenario.skill.name,
            "file": scenario.kind,
            "arm": job.arm,
            "sample": job.sample,
            "pressures": list(scenario.pressures),
            "backend": self.agent.name,
            "inject": self.options.inject,
            "outcome": "error",
            "error": None,
            "cost_usd": 0.0,
        }
        spent = 0.0
        stage = "agent"
        try:
            request, response, cached, attempts, cost = self._answer(job)
            spent += cost
            record.update(
                model=response.model,
                prompt=request.prompt,
                system={
                    "source": "SKILL.md",
                    "sha256": _sha(scenario.skill.text),
                    "chars": len(scenario.skill.text),
                }
                if job.arm == WITH_SKILL
                else None,
                answer=response.text,
                diff=response.diff,
                triggered=response.triggered,
                skill_load_error=response.skill_load_error,
                tokens={
                    "input": response.input_tokens,
                    "output": response.output_tokens,
                    "estimated": response.tokens_estimated,
                },
                latency_s=round(response.latency_s, 3),
                attempts=attempts,
                cached=cached,
                agent_cost_usd=cost,
                agent_extra=response.extra,
            )
            checks = run_checks(scenario.checks, response.text)
            stage = "judge"
            text = judge_prompt(scenario, response.text, response.diff if scenario.repo is not None else None)
            verdict, judge_cached, judge_attempts, judge_cost = self._grade(job, text)
            spent += judge_cost
            record["judge"] = {
                "backend": self.judge.name,
                "model": verdict.model,
                "prompt": text,
                "raw": verdict.text,
                "tokens": {
                    "input": verdict.input_tokens,
                    "output": verdict.output_tokens,
                    "estimated": verdict.tokens_estimated,
                },
                "latency_s": round(verdict.latency_s, 3),
                "cached": judge_cached,
                "attempts": judge_attempts,
                "cost_usd": judge_cost,
            }
            stage = "verdict"
            items = parse_verdict(verdict.text, scenario)
            record.update(as_records(checks, items))
            record["outcome"] = "pass" if passed(checks, items) else "fail"
        except _Stopped:
            return None
        except BackendError as exc:
            record["error"] = {
                "stage": stage,
                "kind": exc.kind,
                "message": exc.message,
                "attempts": getattr(exc, "attempts", 1),
            }
        except JudgeParseError as exc:
            record["error"] = {
                "stage": stage,
                "kind": "unparseable_verdict",
                "message": str(exc),
                "attempts": 1,
            }
        except Exception as exc:  # noqa: BLE001 - a job never raises; a bug becomes an error record
            record["error"] = {
                "stage": stage,
                "kind": "internal",
                "message": f"{type(exc).__name__}: {exc}",
                "attempts": 1,
            }
        if self._stop.is_set() and record["outcome"] == "error":
            return None
        record["cost_usd"] = round(spent, 6)
        record["wall_s"] = round(time.monotonic() - started, 3)
        record["finished"] = _now()
        self.transcript.append(record)
        return record

    # -- the whole run ------------------------------------------------------

    def run(self, jobs: Sequence[Job]) -> RunOutcome:
        """Run ``jobs`` on ``concurrency`` worker threads that take the next job themselves.

        A worker asks for a job only when it is free, and gets none once the
        budget is spent: the samples in flight finish, no new one starts.
        """
        outcome = RunOutcome(status=COMPLETE, total=len(jobs))
        progress = self.progress or Progress(len(jobs), enabled=False)
        queue = iter(jobs)
        lock = threading.Lock()

        def take() -> Job | None:
            with lock:
                if self._stop.is_set():
                    return None
                job = next(queue, None)
                if job is not None and self.budget.exhausted:
                    outcome.status = BUDGET
                    return None
                return job

        def finish(record: dict[str, Any]) -> None:
            with lock:
                outcome.done += 1
                kind = record["outcome"]
                outcome.passed += kind == "pass"
                outcome.failed += kind == "fail"
                outcome.errors += kind == "error"
                progress.update(kind, self.budget.spent)

        def work() -> None:
            while (job := take()) is not None:
                record = self.run_job(job)
                if record is not None:
                    finish(record)

        workers = [
            threading.Thread(target=work, name=f"pressure-{n}", daemon=True)
            for n in range(min(self.options.concurrency, len(jobs)))
        ]
        for worker in workers:
            worker.start()
        try:
            for worker in workers:
                while worker.is_alive():
                    worker.join(0.25)
        except KeyboardInterrupt:
            self._stop.set()
            kill_all()
            outcome.status = INTERRUPTED
            for worker in workers:
                worker.join()
        finally:
            progress.close()
            if self._stage_root is not None:
                self._stage_root.cleanup()
        outcome.spent = self.budget.spent
        outcome.not_run = outcome.total - outcome.done
        outcome.warnings = [f"no price for model {m!r}: its spend counts as 0" for m in sorted(self._unpriced)]
        return outcome
