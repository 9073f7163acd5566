"""Local checks, the judge's rubric prompt, and the strict parsing of its verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillpack.pressure.grading import (
    JudgeParseError,
    judge_prompt,
    parse_verdict,
    passed,
    run_checks,
)
from skillpack.pressure.scenario import Check, Scenario, SkillRef

SKILL = SkillRef("demo-skill", Path("/skills/demo-skill"), "# Demo\n")


def scenario(**changes: object) -> Scenario:
    values: dict[str, object] = {
        "id": "demo-chat",
        "skill": SKILL,
        "source": Path("/skills/demo-skill/RED.md"),
        "line": 7,
        "prompt": "Is clipping before unscale fine?\n",
        "must": ("unscales before clipping", "names scaler.unscale_"),
        "must_not": ("says the order is fine",),
    }
    values.update(changes)
    return Scenario(**values)  # type: ignore[arg-type]


def test_checks_match_present_and_absent_with_flags() -> None:
    checks = (
        Check("unscale_"),
        Check("GRADSCALER", "present", "i"),
        Check(r"^ship it$", "absent", "m"),
        Check("torch\\.cuda\\.amp", "absent"),
    )
    results = run_checks(checks, "Use scaler.unscale_ with GradScaler.\nship it")
    assert [(r.found, r.ok) for r in results] == [(True, True), (True, True), (True, False), (False, True)]


def test_the_prompt_numbers_items_and_shows_the_diff_only_for_repositories() -> None:
    chat = judge_prompt(scenario(), "Answer text", None)
    assert "M1: unscales before clipping\nM2: names scaler.unscale_\nN1: says the order is fine" in chat
    assert "<<<ANSWER\nAnswer text\nANSWER>>>" in chat and "<<<DIFF" not in chat
    repo = judge_prompt(scenario(), "Done.", "--- a/train.py\n+++ b/train.py\n+fix\n")
    assert "<<<DIFF\n--- a/train.py\n+++ b/train.py\n+fix\nDIFF>>>" in repo
    assert "(no files changed)" in judge_prompt(scenario(), "Done.", "")


def test_multi_line_items_are_folded_onto_their_line() -> None:
    prompt = judge_prompt(scenario(must=("keeps the\n  scheduler per step",)), "x", None)
    assert "M1: keeps the scheduler per step" in prompt


def test_a_well_formed_verdict_parses_and_decides_the_sample() -> None:
    reply = "M1: YES | unscales first\nM2: yes | names it\nN1: NO | does not say so\n"
    verdicts = parse_verdict(reply, scenario())
    assert [(v.id, v.kind, v.holds, v.ok) for v in verdicts] == [
        ("M1", "must", True, True),
        ("M2", "must", True, True),
        ("N1", "must_not", False, True),
    ]
    assert verdicts[0].reason == "unscales first"
    assert passed([], verdicts)


def test_one_missed_must_or_one_must_not_that_holds_fails_the_sample() -> None:
    missed = parse_verdict("M1: NO | no\nM2: YES | y\nN1: NO | n", scenario())
    tempted = parse_verdict("M1: YES | y\nM2: YES | y\nN1: YES | says fine", scenario())
    assert not passed([], missed) and not passed([], tempted)
    good = parse_verdict("M1: YES | y\nM2: YES | y\nN1: NO | n", scenario())
    assert not passed(run_checks((Check("unscale_"),), "no such word"), good)


def test_a_verdict_inside_a_code_fence_is_accepted() -> None:
    reply = "```\nM1: YES | a\nM2: YES | b\nN1: NO | c\n```"
    assert len(parse_verdict(reply, scenario())) == 3


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("Looks good to me!", "line 1 is not"),
        ("Sure, here you go:\nM1: YES | a\nM2: YES | b\nN1: NO | c", "line 1 is not"),
        ("M1: YES | a\nM2: YES | b", "no verdict for N1"),
        ("M1: YES | a\nM1: NO | b\nM2: YES | b\nN1: NO | c", "M1 is graded twice"),
        ("M1: YES | a\nM2: YES | b\nN1: NO | c\nN2: NO | d", "N2, which is no item"),
        ("M1: MAYBE | a\nM2: YES | b\nN1: NO | c", "line 1 is not"),
        ("M1: YES |\nM2: YES | b\nN1: NO | c", "line 1 is not"),
        ("M1: YES\nM2: YES | b\nN1: NO | c", "line 1 is not"),
        ("", "no verdict for M1, M2, N1"),
    ],
)
def test_anything_else_is_an_unparseable_verdict_never_a_pass(reply: str, problem: str) -> None:
    with pytest.raises(JudgeParseError, match=problem):
        parse_verdict(reply, scenario())
