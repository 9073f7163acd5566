"""``pressure-test``: click -> PressureOptions / ReportOptions -> execute_* -> exit code.

Exit codes: 0 done (floors met), 1 a ``--fail-under`` floor missed or the run
stopped at its budget, 2 usage, configuration, backend setup or internal error
(and an interrupted run).
"""

from __future__ import annotations

import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..config import ConfigError
from ..pressure.backends import BACKENDS, BackendError
from ..pressure.report import RENDERERS, check_floors, parse_floor, render_text
from ..pressure.runner import BUDGET, INTERRUPTED
from ..pressure.scenario import FILE_CHOICES
from ..pressure.scrub import scrub_text
from ..pressure.session import SelectionSpec, SessionError, SessionResult, resume, select, start, write_reports
from ..pressure.settings import load_settings
from ..pressure.summary import summarize
from ..pressure.transcript import RunNotFound, read_run, resolve_run
from .entry import run_guarded

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2
PROG = "pressure-test"
ARM_CHOICES = {"baseline": ["baseline"], "with-skill": ["with-skill"], "both": ["baseline", "with-skill"]}


@dataclass
class PressureOptions:
    paths: list[Path]
    skills: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    files: str | None = None
    config: Path | None = None
    resume: str | None = None
    list_only: bool = False
    progress: bool | None = None
    fail_under: dict[str, float] = field(default_factory=dict)
    # Values for the settings table; None means "not given on the command line".
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReportOptions:
    run: str
    out: Path | None = None
    output_format: str = "text"
    runs_dir: Path | None = None
    config: Path | None = None
    fail_under: dict[str, float] = field(default_factory=dict)


def _fail(message: str) -> int:
    click.echo(f"{PROG}: {scrub_text(message)}", err=True)
    return EXIT_ERROR


def _show_progress(flag: bool | None) -> bool:
    return flag if flag is not None else sys.stderr.isatty()


def _finish(result: SessionResult, floors: dict[str, float]) -> int:
    click.echo(render_text(result.summary), nl=False)
    for problem in result.problems:
        click.echo(f"{PROG}: skipped: {problem}", err=True)
    for warning in result.outcome.warnings:
        click.echo(f"{PROG}: warning: {warning}", err=True)
    paths = ", ".join(str(p) for p in result.reports.values())
    click.echo(f"Transcript and reports in {result.run_dir} ({paths})")
    status = result.outcome.status
    if status == INTERRUPTED:
        click.echo(f"{PROG}: interrupted; finish with: {PROG} run --resume {result.run_dir}", err=True)
        return EXIT_ERROR
    if result.summary.recorded_samples and not any(stats.graded for stats in result.summary.overall.arms.values()):
        return _fail("no sample was graded: every one ended in an error (see the errors line above)")
    code = EXIT_OK
    if status == BUDGET:
        click.echo(
            f"{PROG}: stopped at the budget (${result.outcome.spent:.2f} spent); {result.outcome.not_run} sample(s) "
            f"not run; finish with: {PROG} run --resume {result.run_dir} --max-cost N",
            err=True,
        )
        code = EXIT_FAILED
    failures = check_floors(result.summary, floors)
    for failure in failures:
        click.echo(f"{PROG}: below floor: {failure}", err=True)
    return EXIT_FAILED if failures else code


def execute_run(opts: PressureOptions) -> int:
    progress = _show_progress(opts.progress)
    try:
        if opts.resume:
            base = load_settings(opts.config, start=Path.cwd())
            runs_dir = Path(opts.settings.get("runs-dir") or base["runs-dir"])
            transcript = resolve_run(opts.resume, runs_dir)
            result = resume(transcript, opts.settings, progress)
            return _finish(result, opts.fail_under)
        settings = load_settings(opts.config, start=opts.paths[0] if opts.paths else Path.cwd())
        settings = settings.with_overrides(opts.settings)
        files = FILE_CHOICES[opts.files] if opts.files else tuple(settings["files"])
        spec = SelectionSpec(opts.paths, opts.skills, opts.ids, list(files))
        if opts.list_only:
            selection = select(spec)
            for s in selection.scenarios:
                click.echo(f"{s.skill.name}  {s.id}  {s.kind}{'  repo' if s.repo else ''}  {s.source}:{s.line}")
            for problem in selection.problems:
                click.echo(f"{PROG}: skipped: {problem}", err=True)
            return EXIT_OK if selection.scenarios else _fail("no scenario selected")
        return _finish(start(spec, settings, progress), opts.fail_under)
    except (ConfigError, SessionError, RunNotFound) as exc:
        return _fail(str(exc))
    except BackendError as exc:
        return _fail(f"backend: {exc.message}")


def execute_report(opts: ReportOptions) -> int:
    try:
        settings = load_settings(opts.config, start=Path.cwd())
        transcript = resolve_run(opts.run, opts.runs_dir or Path(settings["runs-dir"]))
    except (ConfigError, RunNotFound) as exc:
        return _fail(str(exc))
    run = read_run(transcript)
    if not run.header:
        return _fail(f"{transcript} has no run header: it is not a pressure-test transcript")
    summary = summarize(run)
    written = write_reports(summary, opts.out or transcript.parent)
    click.echo(RENDERERS[opts.output_format](summary), nl=False)
    if opts.output_format == "text":
        click.echo("Reports: " + ", ".join(str(p) for p in written.values()))
    failures = check_floors(summary, opts.fail_under)
    for failure in failures:
        click.echo(f"{PROG}: below floor: {failure}", err=True)
    return EXIT_FAILED if failures else EXIT_OK


def _floors(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, float]:
    floors = {}
    for value in values:
        try:
            name, number = parse_floor(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
        floors[name] = number
    return floors


fail_under_option = click.option(
    "--fail-under",
    multiple=True,
    metavar="METRIC=VALUE",
    callback=_floors,
    help="Exit 1 when a skill (or the run) is below this floor: lift=0.3, pass-rate=0.8, trigger-rate=50%.",
)
config_option = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML file with a [tool.pressure-test] table (default: the nearest pyproject.toml).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="yzmir-training-optimization", prog_name=PROG)
def cli() -> None:
    """Run skills' pressure scenarios against an agent, with and without the skill, and measure the lift."""


@cli.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--skill", "skills", multiple=True, metavar="NAME", help="Only this skill (glob; repeatable).")
@click.option("--id", "ids", multiple=True, metavar="ID", help="Only this scenario id (glob; repeatable).")
@click.option(
    "--file", "files", type=click.Choice(sorted(FILE_CHOICES)), help="Scenarios of RED.md, REFACTOR.md or both."
)
@click.option("--samples", "-n", type=click.IntRange(min=1), help="Samples per scenario and arm [3].")
@click.option("--arms", type=click.Choice(sorted(ARM_CHOICES)), help="Run the baseline, the with-skill arm or both.")
@click.option("--backend", type=click.Choice(sorted(BACKENDS)), help="The agent under test [claude-cli].")
@click.option("--model", help="The agent's model (default: the backend's).")
@click.option("--command", "agent_command", metavar="CMD", help="command backend: the agent's command line.")
@click.option("--base-url", help="openai backend: the endpoint, e.g. http://localhost:11434/v1.")
@click.option("--replay", metavar="RUN", help="replay backend: the run whose answers are replayed.")
@click.option("--inject/--no-inject", default=None, help="claude-cli: append SKILL.md to the system prompt.")
@click.option("--judge-backend", type=click.Choice(sorted(BACKENDS)), help="The judge of must / must_not.")
@click.option("--judge-model", help="The judge's model.")
@click.option("--judge-command", metavar="CMD", help="command judge: its command line.")
@click.option("--judge-base-url", help="openai judge: its endpoint (default: --base-url).")
@click.option("--concurrency", "-j", type=click.IntRange(min=1), help="Requests in flight at once [4].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per agent request.")
@click.option("--retries", type=click.IntRange(min=0), help="Retries on rate limits and timeouts [3].")
@click.option("--max-cost", type=click.FloatRange(min=0), help="Stop scheduling samples at this spend (USD).")
@click.option("--resume", metavar="RUN", help="Finish this run (folder, transcript, id or 'latest').")
@click.option("--runs-dir", type=click.Path(file_okay=False, path_type=Path), help="Where runs live.")
@click.option("--no-cache", is_flag=True, help="Ask again even when the same request has an answer cached.")
@click.option("--list", "list_only", is_flag=True, help="List the selected scenarios and exit.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal).")
@config_option
@fail_under_option
def run_command(
    paths: tuple[Path, ...],
    skills: tuple[str, ...],
    ids: tuple[str, ...],
    files: str | None,
    samples: int | None,
    arms: str | None,
    backend: str | None,
    model: str | None,
    agent_command: str | None,
    base_url: str | None,
    replay: str | None,
    inject: bool | None,
    judge_backend: str | None,
    judge_model: str | None,
    judge_command: str | None,
    judge_base_url: str | None,
    concurrency: int | None,
    timeout: float | None,
    retries: int | None,
    max_cost: float | None,
    resume: str | None,
    runs_dir: Path | None,
    no_cache: bool,
    list_only: bool,
    progress: bool | None,
    config: Path | None,
    fail_under: dict[str, float],
) -> None:
    """Run the scenarios of the skills below PATHS (default: the current folder) in each arm, N times."""
    backends: dict[str, dict[str, Any]] = {}
    for section, key, value in (
        ("command", "command", agent_command),
        ("command", "judge-command", judge_command),
        ("openai", "base-url", base_url),
        ("openai", "judge-base-url", judge_base_url),
        ("replay", "transcript", replay),
    ):
        if value is not None:
            backends.setdefault(section, {})[key] = value
    if replay is not None and backend is None:
        backend = "replay"
    settings = {
        "samples": samples,
        "arms": ARM_CHOICES[arms] if arms else None,
        "backend": backend,
        "model": model,
        "inject": inject,
        "judge-backend": judge_backend,
        "judge-model": judge_model,
        "concurrency": concurrency,
        "timeout": timeout,
        "retries": retries,
        "max-cost": max_cost,
        "runs-dir": str(runs_dir) if runs_dir else None,
        "cache": False if no_cache else None,
        "backends": backends or None,
    }
    opts = PressureOptions(
        paths=list(paths) or [Path.cwd()],
        skills=list(skills),
        ids=list(ids),
        files=files,
        config=config,
        resume=resume,
        list_only=list_only,
        progress=progress,
        fail_under=fail_under,
        settings=settings,
    )
    sys.exit(execute_run(opts))


@cli.command("report")
@click.argument("run", default="latest")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write report.json, report.md and report.html here (default: the run's folder).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="What to print.",
)
@click.option("--runs-dir", type=click.Path(file_okay=False, path_type=Path), help="Where runs live.")
@config_option
@fail_under_option
def report_command(
    run: str,
    out: Path | None,
    output_format: str,
    runs_dir: Path | None,
    config: Path | None,
    fail_under: dict[str, float],
) -> None:
    """Print the tables of RUN (a run folder, transcript, run id, or 'latest') and write its reports."""
    opts = ReportOptions(
        run=run, out=out, output_format=output_format, runs_dir=runs_dir, config=config, fail_under=fail_under
    )
    sys.exit(execute_report(opts))


def _terminate(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: never lets a traceback reach the user."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminate)
    run_guarded(cli, PROG, "PRESSURE_TEST_DEBUG", argv)
