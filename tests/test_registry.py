"""The rule registry is complete: codes, names, docs, fixtures, the README and docs/rules.md agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rule_fixtures import RULE_FIXTURES
from skillpack import ruledocs
from skillpack.rules import RULES

ROOT = Path(__file__).parent.parent
HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"SK\d{3}", c) for c in codes)
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) and all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_docs_and_fixture(rule) -> None:
    doc = rule.doc()
    for heading in HEADINGS:
        assert heading in doc, f"{rule.code} docstring lacks {heading!r}"
    if rule.scope != "exec":
        assert (RULE_FIXTURES / f"{rule.code}.yaml").is_file(), f"{rule.code} has no failing fixture"


def test_docs_rules_md_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text() == ruledocs.render(), (
        "run: python -m skillpack.ruledocs > docs/rules.md"
    )


def test_every_code_is_listed_in_docs() -> None:
    text = (ROOT / "docs" / "rules.md").read_text()
    for rule in RULES:
        assert f"## {rule.code} {rule.name}" in text
