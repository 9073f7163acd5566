"""A synthetic pack the size of the real one (11 skills x 4 files, ~1,700-line SKILL.md files), for timing."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

SKILLS = [
    "using-training-optimization", "optimization-algorithms", "learning-rate-scheduling",
    "loss-functions-and-objectives", "gradient-management", "batch-size-and-memory-tradeoffs",
    "data-augmentation-strategies", "overfitting-prevention", "training-loop-architecture",
    "hyperparameter-tuning", "experiment-tracking",
]  # fmt: skip

PYPROJECT = """[tool.validate-skills]
profile = "skill-anatomy"
description-max-chars = 400
description-prefix = "Use when"
router = "using-training-optimization"
"""


def _skill_md(name: str, others: list[str]) -> str:
    parts = [
        f"---\nname: {name}\ndescription: Use when a training run shows symptoms that {name} covers.\n---\n",
        f"# {name}\n\n## Quick Reference\n\n",
        "".join(f"- see yzmir/training-optimization/{o}\n" for o in others),
        "\n## When to Use This Skill\n\nWhen it applies.\n\n## Core Principles\n\nCorrectness first.\n",
    ]
    for section in range(12):
        parts.append(f"\n## Topic {section}\n\n")
        parts.append(textwrap.fill("Explanatory prose about the topic. " * 30, 110) + "\n\n")
        parts.append(
            f"```python\nimport torch\n\nw = torch.zeros({section + 2})\nfor _ in range(3):\n"
            f"    w = w + 1\nassert float(w.sum()) == {3 * (section + 2)}.0\n```\n\n"
        )
        parts.append("| setting | effect |\n| --- | --- |\n" + "| a | b |\n" * 20 + "\n")
        parts.append(("Prose line.\n" * 80) + "\n")
    parts.append("## Common Pitfalls\n\n")
    parts.extend(f"### Pitfall {i}\n\nWhat happens.\n\n```python\nx = {i}\nprint(x)\n```\n\n" for i in range(11))
    parts.append(
        "## Rationalization Table\n\n| Excuse | Reality |\n| --- | --- |\n" + "| it is fine | it is not |\n" * 12
    )
    parts.append("\n## Red Flags\n\n" + "- a thought that should stop you\n" * 9)
    parts.append("\n## Success Criteria\n\nIt works.\n\n## Further Reading\n\n- Someone (2020), A paper.\n")
    return "".join(parts)


def _scenarios(prefix: str, count: int, title: str, verification: bool = False) -> str:
    out = [f"# {title}\n\n"]
    for i in range(count):
        out.append(f"## {prefix}-{i}\n\n" + ("Observed answer quoted here.\n" * 12) + "\n")
        if verification:
            out.append(f"```yaml verification\nid: {prefix}-{i}\nverdict: pass\nbaseline: fail\n```\n\n")
        else:
            out.append(
                f"```yaml scenario\nid: {prefix}-{i}\nprompt: |\n  A user request with numbers {i}.\n"
                "pressures: [deadline]\nmust:\n  - does the right thing\nmust_not:\n  - the wrong thing\n```\n\n"
            )
    return "".join(out)


def build(root: Path) -> Path:
    """Write the pack under ``root`` and return the pack folder."""
    pack = root / "source" / "yzmir" / "training-optimization"
    (pack / ".claude-plugin").mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (pack / ".claude-plugin" / "plugin.json").write_text(
        json.dumps({"name": "training-optimization", "skills": [f"./{s}" for s in SKILLS]})
    )
    for n, name in enumerate(SKILLS):
        folder = pack / name
        folder.mkdir(exist_ok=True)
        others = [s for s in SKILLS if s != name] if n == 0 else [SKILLS[0]]
        (folder / "SKILL.md").write_text(_skill_md(name, others))
        (folder / "RED.md").write_text(_scenarios(f"s{n}-red", 5, "RED"))
        (folder / "GREEN.md").write_text(_scenarios(f"s{n}-red", 5, "GREEN", verification=True))
        (folder / "REFACTOR.md").write_text(_scenarios(f"s{n}-ref", 13, "REFACTOR"))
    return pack
