"""``validate-skills``: click -> ValidateOptions -> execute() -> exit code.

Exit codes: 0 clean (warnings allowed), 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..config import ConfigError, load_config
from ..reporters import REPORTERS
from ..rules import RULES, RULES_BY_CODE, select_rules
from ..validate import validate
from .entry import run_guarded

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class ValidateOptions:
    paths: list[Path]
    output_format: str = "text"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    config: Path | None = None
    summary: bool = True
    run_examples: bool = False
    jobs: int = 0
    use_cache: bool = True
    progress: bool | None = None


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


def execute(opts: ValidateOptions) -> int:
    try:
        config = load_config(opts.config, start=opts.paths[0] if opts.paths else Path.cwd())
    except ConfigError as exc:
        click.echo(f"validate-skills: {exc}", err=True)
        return EXIT_ERROR
    unknown = [c for c in opts.select + opts.ignore if not any(code.startswith(c) for code in RULES_BY_CODE)]
    if unknown:
        click.echo(f"validate-skills: unknown rule code(s): {', '.join(unknown)}", err=True)
        return EXIT_ERROR
    rules = select_rules(
        list(config.get("select")) + opts.select,
        list(config.get("ignore")) + opts.ignore,
    )
    result = validate(opts.paths, config, rules, use_cache=opts.use_cache)
    if opts.run_examples:
        from ..execute import run_examples

        show_progress = opts.progress if opts.progress is not None else sys.stderr.isatty()
        outcome = run_examples(result.packs, config, jobs=opts.jobs, use_cache=opts.use_cache, progress=show_progress)
        codes = {r.code for r in rules}
        result.diagnostics.extend(d for d in outcome.diagnostics if d.code in codes)
        result.diagnostics.sort(key=lambda d: (str(d.path), d.line, d.code, d.message))
        for folder, counts in outcome.per_skill.items():
            if folder in result.summaries:
                result.summaries[folder].counts.update(counts)
    reporter = REPORTERS[opts.output_format](sys.stdout, summary=opts.summary)
    reporter.report(result)
    return EXIT_FINDINGS if result.errors else EXIT_CLEAN


def _explain(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if not value or ctx.resilient_parsing:
        return
    rule = RULES_BY_CODE.get(value.upper())
    if rule is None:
        click.echo(f"validate-skills: unknown rule code {value!r}", err=True)
        ctx.exit(EXIT_ERROR)
    click.echo(f"{rule.code} {rule.name}\n\n{rule.doc()}")
    ctx.exit(EXIT_CLEAN)


def _list_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    for rule in RULES:
        click.echo(f"{rule.code}  {rule.name:32}  {rule.summary()}")
    ctx.exit(EXIT_CLEAN)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="Output: text for people, json for tools, github for workflow annotations.",
)
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave out these rule codes or prefixes.")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML file with a [tool.validate-skills] table (default: the nearest pyproject.toml).",
)
@click.option("--no-summary", is_flag=True, help="Leave out the per-skill table.")
@click.option("--exec", "run_examples", is_flag=True, help="Also execute every python example against real torch.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes for --exec (0: one per core).",
)
@click.option("--no-cache", is_flag=True, help="Parse every file and run every example again, ignoring cached results.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar for --exec (default: on a terminal).")
@click.option(
    "--explain",
    metavar="CODE",
    callback=_explain,
    expose_value=False,
    is_eager=True,
    help="Show the documentation of one rule and exit.",
)
@click.option(
    "--list-rules",
    is_flag=True,
    callback=_list_rules,
    expose_value=False,
    is_eager=True,
    help="List every rule and exit.",
)
@click.version_option(package_name="yzmir-training-optimization", prog_name="validate-skills")
def cli(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config: Path | None,
    no_summary: bool,
    run_examples: bool,
    jobs: int,
    no_cache: bool,
    progress: bool | None,
) -> None:
    """Check Agent Skills folders: frontmatter, structure, counts, scenarios, references, examples, packaging.

    PATHS are skill folders, SKILL.md files, or folders to search for them (default: the current folder).
    """
    opts = ValidateOptions(
        paths=list(paths) or [Path.cwd()],
        output_format=output_format,
        select=_codes(select),
        ignore=_codes(ignore),
        config=config,
        summary=not no_summary,
        run_examples=run_examples,
        jobs=jobs,
        use_cache=not no_cache,
        progress=progress,
    )
    sys.exit(execute(opts))


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    run_guarded(cli, "validate-skills", "VALIDATE_SKILLS_DEBUG", argv)
