"""The reproducibility audit of the experiment-tracking skill, run on small fixture repositories."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "source/yzmir/training-optimization/experiment-tracking/scripts/repro_audit.py"
FIXTURES = Path(__file__).parent / "fixtures" / "audit"

_spec = importlib.util.spec_from_file_location("repro_audit", SCRIPT)
repro_audit = importlib.util.module_from_spec(_spec)
sys.modules["repro_audit"] = repro_audit
_spec.loader.exec_module(repro_audit)


def make_repo(tmp_path: Path, fixture: str, git: bool = False) -> Path:
    repo = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, repo)
    if git:  # a fixture cannot ship a .git folder; this is what `git init` leaves that the audit looks at
        (repo / ".git").mkdir()
        (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return repo


def scores(report: dict) -> dict[str, int]:
    return {d["id"]: d["score"] for d in report["dimensions"]}


def criteria(report: dict) -> dict[str, dict]:
    return {c["id"]: c for d in report["dimensions"] for c in d["criteria"]}


def evidence(report: dict, criterion: str) -> list[tuple[str, int | None]]:
    return [(e["file"], e["line"]) for e in criteria(report)[criterion]["evidence"]]


EXPECTED = {
    # fixture: (with .git, total, per dimension)
    "bare": (False, 1, {"code": 1, "data": 0, "environment": 0, "parameters": 0, "results": 0, "documentation": 0}),
    "notebook-only": (
        False,
        2,
        {"code": 0, "data": 0, "environment": 0, "parameters": 1, "results": 1, "documentation": 0},
    ),
    "partial": (True, 11, {"code": 3, "data": 0, "environment": 1, "parameters": 2, "results": 2, "documentation": 3}),
    "tracked": (True, 30, {"code": 5, "data": 5, "environment": 5, "parameters": 5, "results": 5, "documentation": 5}),
}


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_scores_of_each_fixture(tmp_path: Path, fixture: str) -> None:
    git, total, per_dimension = EXPECTED[fixture]
    report = repro_audit.audit(make_repo(tmp_path, fixture, git))
    assert scores(report) == per_dimension
    assert report["score"] == total
    assert report["max"] == 30


def test_bare_script_evidence(tmp_path: Path) -> None:
    report = repro_audit.audit(make_repo(tmp_path, "bare"))
    assert evidence(report, "code.scripts-not-only-notebooks") == [("train.py", 11)]  # loss.backward()
    assert evidence(report, "parameters.seed") == []
    assert criteria(report)["parameters.seed"]["fix"].startswith("Seed every generator")


def test_notebook_evidence_points_into_the_notebook(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "notebook-only")
    report = repro_audit.audit(repo)
    lines = (repo / "analysis.ipynb").read_text().splitlines()
    (seed,) = evidence(report, "parameters.seed")
    (save,) = evidence(report, "results.checkpoint")
    assert seed[0] == "analysis.ipynb" and "torch.manual_seed(0)" in lines[seed[1] - 1]
    assert save[0] == "analysis.ipynb" and "torch.save" in lines[save[1] - 1]
    assert "only in notebooks" in criteria(report)["code.scripts-not-only-notebooks"]["what"]


def test_partial_repo_evidence(tmp_path: Path) -> None:
    report = repro_audit.audit(make_repo(tmp_path, "partial", git=True))
    assert evidence(report, "code.git") == [(".git", None)]
    assert evidence(report, "code.gitignore-artifacts") == [(".gitignore", 1)]
    assert evidence(report, "parameters.cli") == [("train.py", 10)]
    assert evidence(report, "parameters.seed") == [("train.py", 14)]
    assert evidence(report, "results.file-log") == [("train.py", 19)]
    assert evidence(report, "results.checkpoint") == [("train.py", 28)]
    assert evidence(report, "documentation.how-to-run") == [("README.md", 5)]
    assert evidence(report, "documentation.setup") == [("README.md", 3)]
    pinned = criteria(report)["environment.pinned"]
    assert (pinned["awarded"], pinned["points"]) == (1, 2)  # listed, not pinned
    assert pinned["evidence"][0]["file"] == "requirements.txt" and pinned["fix"]
    # random_split without a generator is not a fixed split, and "python train.py" logs no parameters
    assert criteria(report)["data.seeded-split"]["awarded"] == 0
    assert criteria(report)["parameters.logged"]["awarded"] == 0


def test_tracked_repo_evidence(tmp_path: Path) -> None:
    report = repro_audit.audit(make_repo(tmp_path, "tracked", git=True))
    assert evidence(report, "code.sha-captured") == [("train.py", 18)]
    assert evidence(report, "code.dirty-captured") == [("train.py", 19)]
    assert evidence(report, "data.dvc") == [("dvc.yaml", 1), ("data/train.csv.dvc", 1)]
    assert evidence(report, "data.hash") == [("train.py", 14)]
    assert evidence(report, "data.seeded-split") == [("train.py", 34)]
    assert evidence(report, "environment.pinned") == [("requirements.txt", 1)]
    assert evidence(report, "environment.container") == [("Dockerfile", 1)]
    assert evidence(report, "parameters.config-file") == [("configs/train.yaml", 1)]
    assert evidence(report, "parameters.logged") == [("train.py", 28)]
    assert evidence(report, "results.tracker") == [("train.py", 38)]
    assert evidence(report, "results.versioned-outputs") == [("train.py", 40)]
    assert evidence(report, "documentation.model-card") == [("MODEL_CARD.md", 1)]
    assert report["top_fixes"] == []


def test_every_regex_evidence_line_matches_its_pattern(tmp_path: Path) -> None:
    rules = {r["id"]: r for r in repro_audit.load_rules()["criteria"]}
    for fixture, (git, _, _) in EXPECTED.items():
        repo = make_repo(tmp_path, fixture, git)
        for crit_id, crit in criteria(repro_audit.audit(repo)).items():
            if rules[crit_id]["kind"] != "regex":
                continue
            for ev in crit["evidence"]:
                line = (repo / ev["file"]).read_text().splitlines()[ev["line"] - 1]
                code = (
                    json.loads(f'"{line.strip().rstrip(",").strip(chr(34))}"') if ev["file"].endswith("ipynb") else line
                )
                assert re.search(rules[crit_id]["pattern"], code, re.IGNORECASE), (fixture, crit_id, line)


TOOLS = [
    # (file, text, criterion that must be met): one per tracker, config system and environment pin the issue names
    ("train.py", "mlflow.log_metric('loss', 0.1)\n", "results.tracker"),
    ("train.py", "wandb.log({'loss': 0.1})\n", "results.tracker"),
    ("train.py", "writer = SummaryWriter('runs/a')\n", "results.tracker"),
    ("train.py", "_run.log_scalar('loss', 0.1)\n", "results.tracker"),
    ("train.py", "run = neptune.init_run(project='p')\n", "results.tracker"),
    ("train.py", "from comet_ml import Experiment\n", "results.tracker"),
    ("guild.yml", "train:\n  output-scalars: '(\\key): (\\value)'\n", "results.tracker"),
    ("train.py", "df.to_csv('history.csv')\n", "results.file-log"),
    ("train.py", "json.dump(metrics, open('metrics.json', 'w'))\n", "results.file-log"),
    ("train.py", "@hydra.main(config_path='conf', config_name='x', version_base=None)\n", "parameters.cli"),
    ("conf/model.yaml", "width: 64\n", "parameters.config-file"),
    ("train.py", "@ex.config\ndef cfg():\n    lr = 0.1\n", "parameters.logged"),
    ("train.py", "wandb.init(project='p', config=vars(args))\n", "parameters.logged"),
    ("train.py", "json.dump(vars(args), handle)\n", "parameters.logged"),
    ("train.py", "record = {**vars(args), 'seed': seed}\n", "parameters.logged"),
    ("train.py", "record = {'config': vars(args), 'val_acc': acc}\n", "parameters.logged"),
    ("train.py", "L.seed_everything(7)\n", "parameters.seed"),
    ("train.py", "sha = repo.head.commit.hexsha\n", "code.sha-captured"),
    ("train.py", "dirty = repo.is_dirty()\n", "code.dirty-captured"),
    ("data/raw.dvc", "outs:\n- path: raw\n", "data.dvc"),
    (".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n", "data.lfs"),
    ("uv.lock", "version = 1\n", "environment.pinned"),
    ("poetry.lock", "[[package]]\n", "environment.pinned"),
    (".devcontainer/devcontainer.json", "{}\n", "environment.container"),
    (".python-version", "3.11\n", "environment.python-version"),
    ("train.py", "print(torch.__version__, torch.version.cuda)\n", "environment.runtime-logged"),
]


@pytest.mark.parametrize(("name", "text", "criterion"), TOOLS, ids=[f"{t[2]}:{t[0]}" for t in TOOLS])
def test_detects_each_tool(tmp_path: Path, name: str, text: str, criterion: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text)
    report = repro_audit.audit(tmp_path)
    assert criteria(report)[criterion]["awarded"] == criteria(report)[criterion]["points"]
    assert criteria(report)[criterion]["evidence"][0]["file"] in (name, ".devcontainer")


def test_words_that_only_look_like_evidence_earn_nothing(tmp_path: Path) -> None:
    (tmp_path / "util.py").write_text("self._dirty = False\nos.environ['GIT_COMMITTER_NAME'] = 'x'\n")
    report = repro_audit.audit(tmp_path)
    assert criteria(report)["code.dirty-captured"]["awarded"] == 0
    assert criteria(report)["code.sha-captured"]["awarded"] == 0


def test_fully_pinned_against_partly_pinned_requirements(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("# pinned\ntorch==2.5.1\nnumpy==2.1.0\n")
    full = criteria(repro_audit.audit(tmp_path))["environment.pinned"]
    (tmp_path / "requirements.txt").write_text("torch==2.5.1\nnumpy\n")
    part = criteria(repro_audit.audit(tmp_path))["environment.pinned"]
    assert (full["awarded"], part["awarded"]) == (2, 1)
    assert part["evidence"] == [{"file": "requirements.txt", "line": 2, "text": "numpy"}]


def test_top_fixes_start_with_the_weakest_dimension(tmp_path: Path) -> None:
    report = repro_audit.audit(make_repo(tmp_path, "partial", git=True))
    fixes = report["top_fixes"]
    assert len(fixes) == 5
    assert fixes[0]["dimension"] == "data" and fixes[0]["criterion"] == "data.dvc" and fixes[0]["points"] == 2
    weakest = [scores(report)[f["dimension"]] for f in fixes]
    assert weakest == sorted(weakest)
    assert all(f["fix"] for f in fixes)


def tree_state(root: Path) -> dict[str, tuple[int, str]]:
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_audit_never_changes_the_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, "tracked", git=True)
    before = tree_state(repo)
    assert repro_audit.main([str(repo), "--format", "json"]) == 0
    assert repro_audit.main([str(repo), "--output", str(tmp_path / "report.md")]) == 0
    assert tree_state(repo) == before
    assert json.loads(capsys.readouterr().out)["score"] == 30


def test_markdown_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert repro_audit.main([str(make_repo(tmp_path, "partial", git=True))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Reproducibility audit: 11/30\n")
    assert "| Data versioning | 0/5 |" in out
    assert "1. **data.dvc** (+2)" in out
    assert "- [~] dependencies are listed but not pinned (1/2)" in out
    assert "  - `train.py:14`: `torch.manual_seed(0)`" in out


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, "partial", git=True)
    assert repro_audit.main([str(repo), "--fail-under", "11"]) == 0
    assert repro_audit.main([str(repo), "--fail-under", "12"]) == 1
    assert repro_audit.main([str(tmp_path / "missing")]) == 2
    assert repro_audit.main([str(repo), "--output", str(repo / "report.md")]) == 2
    assert not (repo / "report.md").exists()
    bad_rules = tmp_path / "rules.json"
    bad_rules.write_text('{"dimensions": [], "criteria": [{"id": "x", "kind": "nope"}]}')
    assert repro_audit.main([str(repo), "--rules", str(bad_rules)]) == 2
    assert repro_audit.main(["--format", "xml"]) == 2
    assert "error" in capsys.readouterr().err


def test_standard_library_only() -> None:
    tree = ast.parse(SCRIPT.read_text())
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported - set(sys.stdlib_module_names)
