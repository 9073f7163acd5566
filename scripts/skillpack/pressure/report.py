"""Reports of a run: a text table per skill, JSON, Markdown (for GREEN.md) and a self-contained HTML page.

Also the ``--fail-under`` floors: a metric and a value each, checked per skill
and for the whole run, turned into messages (and so an exit code) by the CLI.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

from .backends import BASELINE, WITH_SKILL
from .summary import ArmStats, Comparison, RunSummary

METRICS = ("lift", "pass-rate", "trigger-rate")
ARM_LABELS = {BASELINE: "baseline", WITH_SKILL: "with skill"}


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


def p_text(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2g}" if value >= 0.001 else "<0.001"


def interval_text(stats: ArmStats) -> str:
    interval = stats.interval
    return "-" if interval is None else f"[{pct(interval.low)}, {pct(interval.high)}]"


def trigger_text(stats: ArmStats) -> str:
    return "-" if not stats.trigger_known else f"{stats.triggered}/{stats.trigger_known}"


def _who(backend: str | None, model: str | None) -> str:
    return f"{backend} ({model})" if model and model != backend else str(backend)


def _heading(summary: RunSummary) -> list[str]:
    data = summary.to_dict()
    lines = [
        f"Run {summary.run_id}: {summary.status}; agent {_who(data['backend'], data['model'])}, "
        f"judge {_who(data['judge_backend'], data['judge_model'])}; "
        f"{summary.recorded_samples}/{summary.expected_samples} samples, ${summary.spent:.2f} spent",
    ]
    if summary.error_kinds:
        kinds = ", ".join(f"{k} x{n}" for k, n in sorted(summary.error_kinds.items()))
        lines.append(f"Errors (left out of every rate): {kinds}")
    return lines


# -- text ---------------------------------------------------------------------


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _table_rows(label: str, comparison: Comparison) -> list[list[str]]:
    rows = []
    for arm, stats in comparison.arms.items():
        rows.append(
            [
                label if arm == BASELINE else "",
                ARM_LABELS[arm],
                f"{stats.passed}/{stats.graded}",
                pct(stats.rate),
                interval_text(stats),
                str(stats.errors),
                signed(comparison.lift) if arm == WITH_SKILL else "",
                p_text(comparison.p_value) if arm == WITH_SKILL else "",
                trigger_text(stats),
            ]
        )
    return rows


def render_text(summary: RunSummary) -> str:
    header = ["scenario", "arm", "pass", "rate", "95% CI", "errors", "lift", "p", "trigger"]
    out = _heading(summary)
    for skill in summary.skills:
        rows = [header]
        for scenario in skill.scenarios:
            rows += _table_rows(f"{scenario.id} ({scenario.file})", scenario)
        rows += _table_rows("all scenarios", skill)
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        trigger = skill.arms[WITH_SKILL]
        out += [
            "",
            f"{skill.name}: lift {signed(skill.lift)} (Fisher p {p_text(skill.p_value)}), "
            f"trigger rate {pct(trigger.trigger_rate)}",
        ]
        out += [_row(r, widths) for r in rows]
    if len(summary.skills) > 1:
        out += [
            "",
            f"Overall: lift {signed(summary.overall.lift)} (Fisher p {p_text(summary.overall.p_value)})",
        ]
    return "\n".join(out) + "\n"


# -- JSON and Markdown ------------------------------------------------------------


def render_json(summary: RunSummary) -> str:
    return json.dumps(summary.to_dict(), indent=2) + "\n"


def _md_cell(stats: ArmStats) -> str:
    return f"{stats.passed}/{stats.graded} ({pct(stats.rate)}, {interval_text(stats)})"


def render_markdown(summary: RunSummary) -> str:
    out = [f"### Pressure test {summary.run_id}", "", *(f"{line}  " for line in _heading(summary))]
    for skill in summary.skills:
        out += [
            "",
            f"#### {skill.name}",
            "",
            "| scenario | file | baseline | with skill | lift | p | trigger | errors |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for s in [*skill.scenarios, skill]:
            label = f"`{s.id}`" if s is not skill else "**all scenarios**"
            file = getattr(s, "file", "") if s is not skill else ""
            errors = sum(a.errors for a in s.arms.values())
            out.append(
                f"| {label} | {file} | {_md_cell(s.arms[BASELINE])} | {_md_cell(s.arms[WITH_SKILL])} | "
                f"{signed(s.lift)} | {p_text(s.p_value)} | {trigger_text(s.arms[WITH_SKILL])} | {errors} |"
            )
    out += [
        "",
        "Pass rates exclude error samples; intervals are Wilson 95%; p is Fisher's exact test (two-sided) "
        "of with-skill against baseline; trigger counts the with-skill samples that invoked the skill.",
    ]
    return "\n".join(out) + "\n"


# -- HTML -------------------------------------------------------------------------

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1d232b;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #dde2e8;text-align:left}th{background:#f3f5f8}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#5b6573}svg text{font:11px system-ui,sans-serif;fill:#1d232b}
"""
COLORS = {BASELINE: "#9aa5b1", WITH_SKILL: "#2f6fb3"}


def _chart(summary: RunSummary) -> str:
    """Grouped bars: baseline and with-skill pass rate per scenario, with Wilson whiskers."""
    scenarios = [s for skill in summary.skills for s in skill.scenarios]
    if not scenarios:
        return ""
    group, bar, left, top, height = 64, 22, 48, 16, 200
    width = left + group * len(scenarios) + 96  # room for the last rotated label
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + height + 110}" '
        f'role="img" aria-label="pass rate per scenario, baseline against with skill">'
    ]
    for tick in range(0, 101, 25):
        y = top + height - height * tick / 100
        parts.append(f'<line x1="{left}" x2="{width - 88}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7ec"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}%</text>')
    for i, scenario in enumerate(scenarios):
        x0 = left + i * group + (group - 2 * bar) / 2
        for j, arm in enumerate((BASELINE, WITH_SKILL)):
            stats = scenario.arms[arm]
            x = x0 + j * bar
            if stats.rate is not None:
                h = height * stats.rate
                parts.append(
                    f'<rect x="{x:.1f}" y="{top + height - h:.1f}" width="{bar - 3}" height="{h:.1f}" '
                    f'fill="{COLORS[arm]}"><title>{html.escape(scenario.id)} {ARM_LABELS[arm]}: '
                    f"{stats.passed}/{stats.graded}</title></rect>"
                )
            interval = stats.interval
            if interval is not None:
                cx = x + (bar - 3) / 2
                y1, y2 = top + height * (1 - interval.high), top + height * (1 - interval.low)
                parts.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="#1d232b"/>')
        label_x = left + i * group + group / 2
        parts.append(
            f'<text transform="translate({label_x:.1f},{top + height + 10}) rotate(40)">'
            f"{html.escape(scenario.id[:24])}</text>"
        )
    legend_y = top + height + 100
    for j, arm in enumerate((BASELINE, WITH_SKILL)):
        lx = left + j * 110
        parts.append(f'<rect x="{lx}" y="{legend_y - 9}" width="10" height="10" fill="{COLORS[arm]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{legend_y}">{ARM_LABELS[arm]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_table(comparison_rows: list[tuple[str, str, Comparison]]) -> str:
    head = "<tr><th>scenario</th><th>file</th><th>arm</th><th>pass</th><th>rate</th><th>95% CI</th>"
    head += "<th>errors</th><th>lift</th><th>p</th><th>trigger</th></tr>"
    rows = [head]
    for label, file, comparison in comparison_rows:
        for arm, stats in comparison.arms.items():
            first = arm == BASELINE
            rows.append(
                "<tr>"
                + (
                    f'<td rowspan="2">{html.escape(label)}</td><td rowspan="2">{html.escape(file)}</td>'
                    if first
                    else ""
                )
                + f"<td>{ARM_LABELS[arm]}</td><td class=n>{stats.passed}/{stats.graded}</td>"
                + f"<td class=n>{pct(stats.rate)}</td><td class=n>{interval_text(stats)}</td>"
                + f"<td class=n>{stats.errors}</td>"
                + (
                    f'<td class=n rowspan="2">{signed(comparison.lift)}</td>'
                    f'<td class=n rowspan="2">{p_text(comparison.p_value)}</td>'
                    if first
                    else ""
                )
                + f"<td class=n>{trigger_text(stats)}</td></tr>"
            )
    return "<table>" + "".join(rows) + "</table>"


def render_html(summary: RunSummary) -> str:
    body = [f"<h1>Pressure test {html.escape(summary.run_id)}</h1>"]
    body += [f'<p class="muted">{html.escape(line)}</p>' for line in _heading(summary)]
    body.append(_chart(summary))
    for skill in summary.skills:
        body.append(
            f"<h2>{html.escape(skill.name)}</h2>"
            f"<p>lift {signed(skill.lift)} (Fisher p {p_text(skill.p_value)}), "
            f"trigger rate {pct(skill.arms[WITH_SKILL].trigger_rate)}</p>"
        )
        rows = [(s.id, s.file, s) for s in skill.scenarios] + [("all scenarios", "", skill)]
        body.append(_html_table(rows))
    body.append(
        '<p class="muted">Pass rates exclude error samples. Whiskers and intervals: Wilson 95%. '
        "p: Fisher's exact test, two-sided, with-skill against baseline.</p>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Pressure test {html.escape(summary.run_id)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "html": render_html}
SUFFIXES = {"json": "json", "markdown": "md", "html": "html"}


# -- floors -------------------------------------------------------------------------


def parse_floor(text: str) -> tuple[str, float]:
    """``lift=0.3`` -> ("lift", 0.3); ValueError with a readable message otherwise."""
    name, sep, value = text.partition("=")
    name = name.strip().lower()
    if not sep or name not in METRICS:
        raise ValueError(f"expected METRIC=VALUE with METRIC one of {', '.join(METRICS)}, not {text!r}")
    try:
        number = float(value.rstrip("%")) / (100 if value.endswith("%") else 1)
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    return name, number


def _metric(comparison: Comparison, metric: str) -> float | None:
    if metric == "lift":
        return comparison.lift
    stats = comparison.arms[WITH_SKILL]
    return stats.rate if metric == "pass-rate" else stats.trigger_rate


def check_floors(summary: RunSummary, floors: Mapping[str, float]) -> list[str]:
    """One message per skill (and for the whole run) below a floor; a metric with no data fails it."""
    failures = []
    scopes: list[tuple[str, Comparison]] = [(f"skill {s.name}", s) for s in summary.skills]
    scopes.append(("overall", summary.overall))
    for metric, floor in floors.items():
        for label, comparison in scopes:
            value = _metric(comparison, metric)
            if value is None:
                failures.append(f"{label}: no data for {metric} (floor {floor:g})")
            elif value < floor:
                failures.append(f"{label}: {metric} {value:.2f} is under the floor {floor:g}")
    return failures


def report_files(summary: RunSummary) -> dict[str, str]:
    return {name: RENDERERS[name](summary) for name in SUFFIXES}
