"""From transcript records to numbers: pass rates with Wilson intervals, lift with Fisher's test, triggers.

Error samples are counted apart and left out of every rate. The lift of a
skill pools its scenarios' samples: with-skill pass rate minus baseline pass
rate, tested with Fisher's exact test (two-sided) on the pooled 2x2 table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .backends import BASELINE, WITH_SKILL
from .stats import Interval, fisher_exact, wilson
from .transcript import RunRecords

ARMS = (BASELINE, WITH_SKILL)


@dataclass
class ArmStats:
    passed: int = 0
    failed: int = 0
    errors: int = 0
    triggered: int = 0
    trigger_known: int = 0  # samples whose backend could tell whether the skill was invoked

    @property
    def graded(self) -> int:
        return self.passed + self.failed

    @property
    def rate(self) -> float | None:
        return self.passed / self.graded if self.graded else None

    @property
    def interval(self) -> Interval | None:
        return wilson(self.passed, self.graded)

    @property
    def trigger_rate(self) -> float | None:
        return self.triggered / self.trigger_known if self.trigger_known else None

    def add(self, record: dict[str, Any]) -> None:
        outcome = record.get("outcome")
        if outcome == "pass":
            self.passed += 1
        elif outcome == "fail":
            self.failed += 1
        else:
            self.errors += 1
        if outcome in ("pass", "fail") and isinstance(record.get("triggered"), bool):
            self.trigger_known += 1
            self.triggered += record["triggered"]

    def merge(self, other: ArmStats) -> None:
        self.passed += other.passed
        self.failed += other.failed
        self.errors += other.errors
        self.triggered += other.triggered
        self.trigger_known += other.trigger_known

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval
        return {
            "passed": self.passed,
            "failed": self.failed,
            "errors": self.errors,
            "graded": self.graded,
            "pass_rate": self.rate,
            "interval": [interval.low, interval.high] if interval else None,
            "triggered": self.triggered,
            "trigger_known": self.trigger_known,
            "trigger_rate": self.trigger_rate,
        }


@dataclass
class Comparison:
    """Arms side by side: a scenario, a skill (pooled), or the whole run (pooled)."""

    arms: dict[str, ArmStats] = field(default_factory=lambda: {arm: ArmStats() for arm in ARMS})

    @property
    def lift(self) -> float | None:
        base, skill = self.arms[BASELINE].rate, self.arms[WITH_SKILL].rate
        return skill - base if base is not None and skill is not None else None

    @property
    def p_value(self) -> float | None:
        base, skill = self.arms[BASELINE], self.arms[WITH_SKILL]
        if not base.graded or not skill.graded:
            return None
        return fisher_exact(skill.passed, skill.failed, base.passed, base.failed)

    def merge(self, other: Comparison) -> None:
        for arm in ARMS:
            self.arms[arm].merge(other.arms[arm])

    def to_dict(self) -> dict[str, Any]:
        return {
            "arms": {arm: stats.to_dict() for arm, stats in self.arms.items()},
            "lift": self.lift,
            "p_value": self.p_value,
        }


@dataclass
class ScenarioStats(Comparison):
    key: str = ""
    id: str = ""
    file: str = ""


@dataclass
class SkillStats(Comparison):
    name: str = ""
    scenarios: list[ScenarioStats] = field(default_factory=list)


@dataclass
class RunSummary:
    run_id: str
    header: dict[str, Any]
    skills: list[SkillStats]
    overall: Comparison
    status: str
    spent: float
    error_kinds: Counter[str]
    expected_samples: int
    recorded_samples: int
    bad_lines: int = 0

    def to_dict(self) -> dict[str, Any]:
        settings = self.header.get("settings", {})
        agent, judge = self.header.get("agent", {}), self.header.get("judge", {})
        return {
            "run_id": self.run_id,
            "status": self.status,
            "backend": agent.get("backend", settings.get("backend")),
            "model": agent.get("model", settings.get("model")),
            "judge_backend": judge.get("backend", settings.get("judge-backend")),
            "judge_model": judge.get("model", settings.get("judge-model")),
            "samples": settings.get("samples"),
            "spent_usd": round(self.spent, 6),
            "expected_samples": self.expected_samples,
            "recorded_samples": self.recorded_samples,
            "errors_by_kind": dict(self.error_kinds),
            "overall": self.overall.to_dict(),
            "skills": [
                {
                    "name": skill.name,
                    **skill.to_dict(),
                    "scenarios": [{"key": s.key, "id": s.id, "file": s.file, **s.to_dict()} for s in skill.scenarios],
                }
                for skill in self.skills
            ],
        }


def _scenario_order(header: dict[str, Any], records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    order = {s["key"]: s for s in header.get("scenarios", []) if isinstance(s, dict) and "key" in s}
    for record in records:
        key = str(record.get("scenario_key"))
        order.setdefault(
            key,
            {
                "key": key,
                "id": record.get("scenario"),
                "skill": record.get("skill"),
                "file": record.get("file"),
            },
        )
    return list(order.values())


def summarize(run: RunRecords) -> RunSummary:
    records = list(run.samples.values())
    per_scenario: dict[str, ScenarioStats] = {}
    skills: dict[str, SkillStats] = {}
    for info in _scenario_order(run.header, records):
        stats = ScenarioStats(key=info["key"], id=str(info.get("id")), file=str(info.get("file") or ""))
        per_scenario[stats.key] = stats
        skill = skills.setdefault(str(info.get("skill")), SkillStats(name=str(info.get("skill"))))
        skill.scenarios.append(stats)
    errors: Counter[str] = Counter()
    for record in records:
        arm = record.get("arm")
        scenario = per_scenario[str(record.get("scenario_key"))]
        if arm in scenario.arms:
            scenario.arms[arm].add(record)
        if record.get("outcome") not in ("pass", "fail"):
            error = record.get("error") or {}
            errors[f"{error.get('stage', '?')}: {error.get('kind', '?')}"] += 1
    overall = Comparison()
    for skill in skills.values():
        for scenario in skill.scenarios:
            skill.merge(scenario)
        overall.merge(skill)
    settings = run.header.get("settings", {})
    arms = settings.get("arms") or list(ARMS)
    expected = len(per_scenario) * len(arms) * int(settings.get("samples") or 0)
    status = (run.end or {}).get("status", "incomplete")
    return RunSummary(
        run_id=str(run.header.get("run_id") or run.run_dir.name),
        header=run.header,
        skills=list(skills.values()),
        overall=overall,
        status=status,
        spent=run.spent,
        error_kinds=errors,
        expected_samples=expected,
        recorded_samples=len(records),
        bad_lines=run.bad_lines,
    )
