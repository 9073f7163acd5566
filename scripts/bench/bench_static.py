"""Benchmark of the static pass of validate-skills, against the peers a maintainer would otherwise use.

    python scripts/bench/bench_static.py [--repeat 7] [--peers /path/to/venv/bin]

Times, as medians of --repeat runs:
- validate-skills' static pass in-process (parse + every rule), and the CLI as a user runs it (interpreter start
  included), on the real pack (source/), a synthetic pack of the real pack's size (44 files), and the clean
  fixture pack;
- `agentskills validate` (skills-ref, one skill folder per call) and `agentskills-ci check` on the same folders.
Then applies every defect fixture of tests/fixtures/rules/ to the clean pack and records which tool notices it.
Peers are looked up on PATH or in --peers; a missing peer is reported as such, not skipped silently.
Prints a Markdown report (paste it into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).parent))

import synthetic_pack  # noqa: E402

from rule_fixtures import RULE_FIXTURES, apply_edits, copy_clean_pack, load_fixture  # noqa: E402
from skillpack.config import load_config  # noqa: E402
from skillpack.rules import select_rules  # noqa: E402
from skillpack.validate import validate  # noqa: E402


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def skill_folders(pack: Path) -> list[Path]:
    return sorted(p.parent for p in pack.rglob("SKILL.md") if "scenarios" not in p.parts)


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--peers", type=Path, help="folder holding agentskills and agentskills-ci")
    args = parser.parse_args()

    def peer(name: str) -> str | None:
        if args.peers and (args.peers / name).exists():
            return str(args.peers / name)
        return shutil.which(name)

    skills_ref, skills_ci = peer("agentskills"), peer("agentskills-ci")
    cli = shutil.which("validate-skills") or f"{sys.executable} -m skillpack"
    tmp = Path(tempfile.mkdtemp(prefix="bench-static-"))
    synthetic_root = tmp / "synthetic"
    synthetic_root.mkdir()
    synthetic_pack.build(synthetic_root)
    clean = copy_clean_pack(tmp / "clean")
    targets = {"real pack (source/)": ROOT / "source", "synthetic pack": synthetic_root, "clean fixture pack": clean}

    print(f"# validate-skills static pass: {time.strftime('%Y-%m-%d')}, median of {args.repeat}\n")
    print(
        "| target | files | validate-skills in-process, cold | validate-skills CLI, cold (--no-cache) "
        "| validate-skills CLI, warm | skills-ref (per skill) | agentskills-ci |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, target in targets.items():
        folders = skill_folders(target)
        files = sum(
            1 for f in folders for name in ("SKILL.md", "RED.md", "GREEN.md", "REFACTOR.md") if (f / name).exists()
        )
        config = load_config(start=target)
        rules = select_rules()
        inproc = median_seconds(lambda t=target, c=config, r=rules: validate([t], c, r), args.repeat)
        cold = median_seconds(lambda t=target: run([*cli.split(), str(t), "--no-summary", "--no-cache"]), args.repeat)
        wall = median_seconds(lambda t=target: run([*cli.split(), str(t), "--no-summary"]), args.repeat)
        ref = (
            f"{median_seconds(lambda fs=folders: [run([skills_ref, 'validate', str(f)]) for f in fs], args.repeat):.3f}"
            " s"
            if skills_ref and folders
            else "not installed"
            if not skills_ref
            else "-"
        )
        ci = (
            f"{median_seconds(lambda t=target: run([skills_ci, 'check', str(t)]), args.repeat):.3f} s"
            if skills_ci
            else "not installed"
        )
        print(f"| {label} | {files} | {inproc:.3f} s | {cold:.3f} s | {wall:.3f} s | {ref} | {ci} |")

    print("\n## Which tool notices each defect fixture\n")
    print("validate-skills: its expected code is reported. skills-ref: `agentskills validate` fails for a skill")
    print("that passed before. agentskills-ci: its report differs from the clean pack's report.\n")
    print("| fixture | defect | validate-skills | skills-ref | agentskills-ci |")
    print("| --- | --- | --- | --- | --- |")
    baseline_ref = (
        {f.name: run([skills_ref, "validate", str(f)]).returncode for f in skill_folders(clean)} if skills_ref else {}
    )
    baseline_ci = run([skills_ci, "check", str(clean), "--format", "json"]).stdout if skills_ci else ""
    totals = [0, 0, 0]
    codes = sorted(p.stem for p in RULE_FIXTURES.glob("SK*.yaml"))
    for code in codes:
        fixture = load_fixture(code)
        pack = copy_clean_pack(tmp / f"defect-{code}")
        apply_edits(pack, fixture["edits"])
        result = validate([pack], load_config(start=pack), select_rules())
        ours = any(d.code == code for d in result.diagnostics)
        ref = "n/a"
        if skills_ref:
            ref_hit = any(
                run([skills_ref, "validate", str(f)]).returncode != 0 and baseline_ref.get(f.name, 0) == 0
                for f in skill_folders(pack)
            )
            ref = "yes" if ref_hit else "no"
            totals[1] += ref_hit
        ci = "n/a"
        if skills_ci:
            ci_hit = (
                run([skills_ci, "check", str(pack), "--format", "json"]).stdout.replace(str(pack), str(clean))
                != baseline_ci
            )
            ci = "yes" if ci_hit else "no"
            totals[2] += ci_hit
        totals[0] += ours
        print(f"| {code} | {fixture['description']} | {'yes' if ours else 'NO'} | {ref} | {ci} |")
    print(f"| total | {len(codes)} defects | {totals[0]} | {totals[1]} | {totals[2]} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
