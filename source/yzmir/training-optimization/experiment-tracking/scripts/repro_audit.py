#!/usr/bin/env python3
"""Score how reproducible an ML repository is, with the evidence for every point.

Six dimensions, 0-5 each, 30 in all: code versioning, data versioning, environment capture, parameter
logging, result persistence, documentation. The criteria (what earns a point, how it is detected, the fix
when it is missing) live in ``audit_rules.json`` beside this file. Standard library only; it reads the
repository and never writes to it.

    python repro_audit.py PATH                 # Markdown report on stdout
    python repro_audit.py PATH --format json   # machine-readable
    python repro_audit.py PATH --fail-under 18 # exit 1 when the total is below 18

Exit codes: 0 report written, 1 score below --fail-under, 2 usage error (bad path, bad rules file).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

RULES_FILE = Path(__file__).with_name("audit_rules.json")
DIMENSION_MAX = 5
MAX_FILE_BYTES = 1_000_000
MAX_FILES = 20_000
EVIDENCE_PER_CRITERION = 3
SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "env",
    ".env",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    ".nox",
    "site-packages",
    "mlruns",
    "wandb",
    "lightning_logs",
    ".ipynb_checkpoints",
    ".idea",
    ".vscode",
    "build",
    "dist",
}
CODE_SUFFIXES = {".py", ".ipynb"}
CONFIG_SUFFIXES = {".yaml", ".yml", ".json", ".toml", ".cfg", ".ini"}
NOT_HYPERPARAMETER_CONFIGS = {
    "pyproject.toml",
    "setup.cfg",
    "tox.ini",
    ".pre-commit-config.yaml",
    "dvc.yaml",
    "dvc.lock",
    "environment.yml",
    "environment.yaml",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    ".readthedocs.yaml",
    "codecov.yml",
    "mkdocs.yml",
    ".gitlab-ci.yml",
    "conda-lock.yml",
    "pytest.ini",
    ".flake8",
    "mypy.ini",
    "ruff.toml",
}
LOCK_FILES = {"uv.lock", "poetry.lock", "Pipfile.lock", "pdm.lock", "conda-lock.yml", "requirements.lock"}


class UsageError(Exception):
    """Bad input: reported on stderr with exit code 2."""


@dataclass(frozen=True)
class Evidence:
    file: str
    line: int | None  # None for a directory
    text: str = ""

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else f"{self.file}/"


@dataclass
class Result:
    criterion: dict
    awarded: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""

    @property
    def met(self) -> bool:
        return self.awarded > 0


# ---------------------------------------------------------------------------- reading the repository


@dataclass
class Repository:
    root: Path
    files: list[str]  # relative POSIX paths of regular files, sorted
    _lines: dict[str, list[str] | None] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path) -> Repository:
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info"))
            for name in sorted(filenames):
                path = Path(dirpath, name)
                if path.is_symlink() or not path.is_file():
                    continue
                found.append(path.relative_to(root).as_posix())
                if len(found) >= MAX_FILES:
                    return cls(root, found)
        return cls(root, found)

    def lines(self, rel: str) -> list[str] | None:
        """The file's text lines (notebooks: the raw JSON lines), or None when binary or too large."""
        if rel not in self._lines:
            path = self.root / rel
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    self._lines[rel] = None
                else:
                    data = path.read_bytes()
                    self._lines[rel] = None if b"\0" in data[:4096] else data.decode("utf-8", "replace").splitlines()
            except OSError:
                self._lines[rel] = None
        return self._lines[rel]

    def code_lines(self, rel: str) -> Iterator[tuple[int, str]]:
        """(line number in the file, code text). Notebook code cells map back to their line in the JSON."""
        raw = self.lines(rel)
        if raw is None:
            return
        if not rel.endswith(".ipynb"):
            yield from enumerate(raw, start=1)
            return
        try:
            cells = json.loads("\n".join(raw)).get("cells", [])
        except (ValueError, AttributeError):
            return
        cursor = 0
        for cell in cells:
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", [])
            text_lines = source if isinstance(source, list) else str(source).splitlines()
            for code in text_lines:
                code = str(code).rstrip("\n")
                needle = json.dumps(code)[1:-1]
                for index in range(cursor, len(raw)):
                    if needle and needle in raw[index]:
                        cursor = index
                        break
                yield cursor + 1, code

    def select(self, spec: str) -> list[str]:
        """Files named by a rule's ``files``: "|"-joined tokens, each "code", "config" or a glob."""
        tokens = spec.split("|")
        chosen: list[str] = []
        for rel in self.files:
            suffix, name = Path(rel).suffix, Path(rel).name
            if (
                ("code" in tokens and suffix in CODE_SUFFIXES)
                or ("config" in tokens and suffix in CONFIG_SUFFIXES)
                or any(
                    fnmatch.fnmatch(rel, t) or fnmatch.fnmatch(name, t) for t in tokens if t not in ("code", "config")
                )
            ):
                chosen.append(rel)
        return chosen

    def glob(self, pattern: str) -> list[Evidence]:
        hits: list[Evidence] = []
        if "/" not in pattern and "*" not in pattern and (self.root / pattern).is_dir():
            hits.append(Evidence(pattern, None))
        for rel in self.files:
            if fnmatch.fnmatch(rel, pattern) or ("/" not in pattern and fnmatch.fnmatch(Path(rel).name, pattern)):
                hits.append(Evidence(rel, 1))
        return hits


# ---------------------------------------------------------------------------- detectors, one per rule kind


def _snippet(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 100 else text[:97] + "..."


def detect_regex(repo: Repository, rule: dict) -> Result:
    result = Result(rule)
    pattern = re.compile(rule["pattern"], re.IGNORECASE | re.MULTILINE)
    for rel in repo.select(rule["files"]):
        lines = repo.code_lines(rel) if Path(rel).suffix in CODE_SUFFIXES else enumerate(repo.lines(rel) or [], 1)
        for number, text in lines:
            if pattern.search(text):
                result.evidence.append(Evidence(rel, number, _snippet(text)))
                break  # one hit per file: the first
        if len(result.evidence) >= EVIDENCE_PER_CRITERION:
            break
    result.awarded = rule["points"] if result.evidence else 0
    return result


def detect_path(repo: Repository, rule: dict) -> Result:
    result = Result(rule)
    for pattern in rule["globs"]:
        for hit in repo.glob(pattern):
            if hit not in result.evidence:
                result.evidence.append(hit)
    result.evidence = result.evidence[:EVIDENCE_PER_CRITERION]
    result.awarded = rule["points"] if result.evidence else 0
    return result


def detect_gitignore(repo: Repository, rule: dict) -> Result:
    result = Result(rule)
    patterns = [re.compile(p, re.IGNORECASE) for p in rule["patterns"]]
    for rel in repo.files:
        if Path(rel).name != ".gitignore":
            continue
        for number, text in enumerate(repo.lines(rel) or [], 1):
            if not text.strip().startswith("#") and any(p.search(text) for p in patterns):
                result.evidence.append(Evidence(rel, number, _snippet(text)))
    result.evidence = result.evidence[:EVIDENCE_PER_CRITERION]
    result.awarded = rule["points"] if result.evidence else 0
    return result


TRAINING_CODE = re.compile(r"\.backward\(|\.fit\(|optimizer\.step\(|def\s+train|if\s+__name__\s*==")


def detect_scripts(repo: Repository, rule: dict) -> Result:
    result = Result(rule)
    notebooks = [f for f in repo.files if f.endswith(".ipynb")]
    for rel in repo.files:
        if rel.endswith(".py") and Path(rel).name not in {"setup.py", "conftest.py", "__init__.py"}:
            for number, text in enumerate(repo.lines(rel) or [], 1):
                if TRAINING_CODE.search(text):
                    result.evidence.append(Evidence(rel, number, _snippet(text)))
                    break
        if result.evidence:
            break
    if not result.evidence and notebooks:
        result.note = f"training code found only in notebooks ({notebooks[0]})"
    result.awarded = rule["points"] if result.evidence else 0
    return result


REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._\-\[\],]*)\s*(.*)$")


def detect_pinned(repo: Repository, rule: dict) -> Result:
    result = Result(rule)
    for rel in repo.files:
        if Path(rel).name in LOCK_FILES:
            result.evidence.append(Evidence(rel, 1, "lock file"))
            result.awarded = rule["points"]
            return result
    unpinned: list[Evidence] = []
    pinned: list[Evidence] = []
    for rel in repo.files:
        name = Path(rel).name
        if not (fnmatch.fnmatch(name, "requirements*.txt") or fnmatch.fnmatch(name, "requirements*.in")):
            continue
        for number, text in enumerate(repo.lines(rel) or [], 1):
            line = text.split("#", 1)[0].strip()
            if not line or line.startswith(("-", "git+", "http")):
                continue
            match = REQUIREMENT.match(line)
            if not match:
                continue
            target = pinned if "==" in match.group(2) or "@" in match.group(2) else unpinned
            target.append(Evidence(rel, number, _snippet(text)))
    for rel in ("pyproject.toml", "environment.yml", "environment.yaml", "setup.py", "setup.cfg"):
        lines = repo.lines(rel) if rel in repo.files else None
        for number, text in enumerate(lines or [], 1):
            if re.search(r"^\s*(dependencies\s*=|install_requires|-\s*(pip:|torch|numpy|python))", text):
                unpinned.append(Evidence(rel, number, _snippet(text)))
                break
    if pinned and not unpinned:
        result.evidence = pinned[:1]
        result.awarded = rule["points"]
    elif pinned or unpinned:
        result.evidence = (unpinned or pinned)[:1]
        result.awarded = rule["partial_points"]
        result.note = rule["partial_what"]
    return result


CONFIG_DIRS = {"conf", "config", "configs", "cfg", "hparams", "experiments", "params"}


def detect_configs(repo: Repository, rule: dict) -> Result:
    result = Result(rule)
    for rel in repo.files:
        path = Path(rel)
        if path.suffix not in CONFIG_SUFFIXES or path.name in NOT_HYPERPARAMETER_CONFIGS:
            continue
        if rel.startswith((".github/", ".dvc/", ".devcontainer/")) or path.name.endswith(".lock"):
            continue
        stem = path.stem.lower()
        in_config_dir = bool(set(p.lower() for p in path.parts[:-1]) & CONFIG_DIRS)
        if in_config_dir or any(
            key in stem for key in ("config", "param", "hparam", "hyper", "train", "experiment", "guild")
        ):
            result.evidence.append(Evidence(rel, 1, "configuration file"))
        if len(result.evidence) >= EVIDENCE_PER_CRITERION:
            break
    if not result.evidence:
        hydra = detect_regex(repo, {**rule, "files": "code", "pattern": r"@hydra\.main|OmegaConf\.load"})
        result.evidence = hydra.evidence
    result.awarded = rule["points"] if result.evidence else 0
    return result


DETECTORS = {
    "regex": detect_regex,
    "path": detect_path,
    "gitignore": detect_gitignore,
    "scripts-not-only-notebooks": detect_scripts,
    "pinned-dependencies": detect_pinned,
    "config-files": detect_configs,
}


# ---------------------------------------------------------------------------- scoring and reports


def load_rules(path: Path = RULES_FILE) -> dict:
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read rules file {path}: {exc}") from exc
    dimensions = {d["id"] for d in rules.get("dimensions", [])}
    for rule in rules.get("criteria", []):
        if rule.get("kind") not in DETECTORS or rule.get("dimension") not in dimensions:
            raise UsageError(f"rules file {path}: criterion {rule.get('id')!r} has an unknown kind or dimension")
    return rules


def audit(root: Path, rules: dict | None = None) -> dict:
    """The report as a JSON-ready dict. Reads ``root``; writes nothing."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    rules = rules or load_rules()
    repo = Repository.scan(root.resolve())
    results = [DETECTORS[rule["kind"]](repo, rule) for rule in rules["criteria"]]
    dimensions = []
    for dim in rules["dimensions"]:
        mine = [r for r in results if r.criterion["dimension"] == dim["id"]]
        score = min(DIMENSION_MAX, sum(r.awarded for r in mine))
        dimensions.append(
            {
                "id": dim["id"],
                "title": dim["title"],
                "score": score,
                "max": DIMENSION_MAX,
                "criteria": [_criterion_json(r) for r in mine],
            }
        )
    return {
        "repository": str(root),
        "score": sum(d["score"] for d in dimensions),
        "max": DIMENSION_MAX * len(dimensions),
        "files_scanned": len(repo.files),
        "dimensions": dimensions,
        "top_fixes": top_fixes(dimensions),
    }


def _criterion_json(result: Result) -> dict:
    rule = result.criterion
    return {
        "id": rule["id"],
        "what": result.note or rule["what"],
        "points": rule["points"],
        "awarded": result.awarded,
        "evidence": [{"file": e.file, "line": e.line, "text": e.text} for e in result.evidence],
        "fix": None if result.awarded == rule["points"] else rule["fix"],
    }


def top_fixes(dimensions: list[dict], limit: int = 5) -> list[dict]:
    """Missing points, the weakest dimensions first, then the criteria worth most."""
    candidates = []
    for dim in dimensions:
        if dim["score"] >= dim["max"]:
            continue
        for crit in dim["criteria"]:
            missing = crit["points"] - crit["awarded"]
            if missing > 0:
                candidates.append((dim["score"], -missing, dim["id"], crit["id"], crit["fix"], missing))
    candidates.sort()
    return [
        {"dimension": dim_id, "criterion": crit_id, "points": missing, "fix": fix}
        for _, _, dim_id, crit_id, fix, missing in candidates[:limit]
    ]


def render_markdown(report: dict) -> str:
    out = [
        f"# Reproducibility audit: {report['score']}/{report['max']}",
        "",
        f"Repository: `{report['repository']}` ({report['files_scanned']} files read)",
        "",
        "| dimension | score |",
        "| --- | --- |",
    ]
    out += [f"| {d['title']} | {d['score']}/{d['max']} |" for d in report["dimensions"]]
    out += ["", "## Top fixes", ""]
    out += [f"{i}. **{f['criterion']}** (+{f['points']}): {f['fix']}" for i, f in enumerate(report["top_fixes"], 1)]
    if not report["top_fixes"]:
        out.append("Nothing missing.")
    for dim in report["dimensions"]:
        out += ["", f"## {dim['title']}: {dim['score']}/{dim['max']}", ""]
        for crit in dim["criteria"]:
            mark = "x" if crit["awarded"] == crit["points"] else ("~" if crit["awarded"] else " ")
            out.append(f"- [{mark}] {crit['what']} ({crit['awarded']}/{crit['points']})")
            for ev in crit["evidence"]:
                where = f"{ev['file']}:{ev['line']}" if ev["line"] is not None else f"{ev['file']}/"
                out.append(f"  - `{where}`" + (f": `{ev['text']}`" if ev["text"] else ""))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=".", help="the repository to audit (default: .)")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
    parser.add_argument("--output", type=Path, help="write the report here (outside the audited repository)")
    parser.add_argument("--fail-under", type=int, metavar="N", help="exit 1 when the total score is below N")
    parser.add_argument("--rules", type=Path, default=RULES_FILE, help=argparse.SUPPRESS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        root = Path(args.path).resolve()
        if args.output is not None and args.output.resolve().is_relative_to(root):
            raise UsageError(f"--output {args.output} is inside the audited repository; the audit never writes there")
        report = audit(root, load_rules(args.rules))
    except UsageError as exc:
        print(f"repro_audit: error: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(report, indent=2) + "\n" if args.format == "json" else render_markdown(report)
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.fail_under is not None and report["score"] < args.fail_under:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
