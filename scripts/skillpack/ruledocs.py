"""Renders docs/rules.md from the rules' own docstrings: ``python -m skillpack.ruledocs > docs/rules.md``."""

from __future__ import annotations

from .rules import RULES

HEADER = """# validate-skills rules

Generated from the rules' docstrings by `python -m skillpack.ruledocs > docs/rules.md`; a test keeps it current.
Show one rule with `validate-skills --explain SK101`; list them with `validate-skills --list-rules`.

Codes are grouped by hundreds: SK0xx files, SK1xx frontmatter, SK2xx structure, SK3xx counts, SK4xx scenarios,
SK5xx references, SK6xx examples (static), SK7xx packaging, SK8xx safety, SK9xx examples (executed, `--exec`).
Thresholds and switches are settings (see `docs/configuration.md`), not code.

| code | name | summary |
| --- | --- | --- |
"""


def render() -> str:
    parts = [HEADER]
    parts.extend(f"| [{r.code}](#{r.code.lower()}-{r.name}) | `{r.name}` | {r.summary()} |\n" for r in RULES)
    for rule in RULES:
        body = rule.doc().split("\n", 1)[1].strip() if "\n" in rule.doc() else ""
        body = body.replace("\n## ", "\n### ")
        if body.startswith("## "):
            body = "#" + body
        parts.append(f"\n## {rule.code} {rule.name}\n\n{rule.summary()}\n\n{body}\n")
    return "".join(parts)


if __name__ == "__main__":
    print(render(), end="")
