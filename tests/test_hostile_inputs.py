"""Malformed or hostile files: each gives a clear diagnostic with file and line, and the rest is still checked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SKILL = Path("source/acme/demo-pack/tuning-demo/SKILL.md")
OTHER = Path("source/acme/demo-pack/using-demo/SKILL.md")


def _json_run(run_line, pack: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = run_line([pack, "--format", "json", *extra])
    assert "Traceback" not in out + err
    return code, json.loads(out)


def _codes_at(payload: dict, path: Path) -> list[tuple[int, str]]:
    return [(d["line"], d["code"]) for d in payload["diagnostics"] if d["path"].endswith(path.as_posix())]


def _other_still_checked(clean_pack: Path, run_line, damage) -> dict:
    """Damage SKILL.md of one skill, break a second on purpose, and show the second is still reported."""
    damage(clean_pack / SKILL)
    other = clean_pack / OTHER
    other.write_text(other.read_text().replace("## Success Criteria", "## Outcome"))
    code, payload = _json_run(run_line, clean_pack)
    assert code == 1
    assert (1, "SK202") in _codes_at(payload, OTHER)
    return payload


def test_broken_yaml(clean_pack: Path, run_line) -> None:
    payload = _other_still_checked(
        clean_pack, run_line, lambda p: p.write_text(p.read_text().replace("name: tuning-demo", "name: [tuning"))
    )
    (found,) = _codes_at(payload, SKILL)
    assert found[1] == "SK101" and found[0] in (2, 3)  # YAML notices an unclosed list on the line after


def test_yaml_alias_bomb(clean_pack: Path, run_line) -> None:
    bomb = "---\nname: tuning-demo\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n# T\n"
    payload = _other_still_checked(clean_pack, run_line, lambda p: p.write_text(bomb))
    found = _codes_at(payload, SKILL)
    assert (3, "SK101") in found, found
    message = next(d["message"] for d in payload["diagnostics"] if d["code"] == "SK101")
    assert "aliases" in message


def test_bom_and_crlf_are_warnings_and_file_still_checked(clean_pack: Path, run_line) -> None:
    def damage(p: Path) -> None:
        text = p.read_text().replace("## Common Pitfalls", "## Pitfall Zone")
        p.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())

    payload = _other_still_checked(clean_pack, run_line, damage)
    found = _codes_at(payload, SKILL)
    assert (1, "SK002") in found and (1, "SK003") in found
    assert (1, "SK202") in found  # parsed despite BOM and CRLF: the renamed section is seen
    assert {d["severity"] for d in payload["diagnostics"] if d["code"] in {"SK002", "SK003"}} == {"warning"}


def test_non_utf8_bytes_report_their_line(clean_pack: Path, run_line) -> None:
    payload = _other_still_checked(clean_pack, run_line, lambda p: p.write_bytes(b"---\nname: x\n\xff\xfe\n---\n"))
    assert _codes_at(payload, SKILL) == [(3, "SK001")]


def test_binary_file_named_skill_md(clean_pack: Path, run_line) -> None:
    payload = _other_still_checked(
        clean_pack, run_line, lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    )
    assert [c for _, c in _codes_at(payload, SKILL)] == ["SK001"]


def test_fifty_megabyte_file_is_not_parsed(clean_pack: Path, run_line) -> None:
    payload = _other_still_checked(clean_pack, run_line, lambda p: p.write_bytes(b"# big\n" + b"x" * 50_000_000))
    found = _codes_at(payload, SKILL)
    assert found == [(1, "SK001")]
    assert "above the limit" in payload["diagnostics"][0]["message"] or any(
        "above the limit" in d["message"] for d in payload["diagnostics"]
    )


def test_unclosed_fence(clean_pack: Path, run_line) -> None:
    payload = _other_still_checked(clean_pack, run_line, lambda p: p.write_text(p.read_text() + "\n```python\nx = (\n"))
    assert any(code == "SK205" for _, code in _codes_at(payload, SKILL))


def test_symlink_loop_and_dangling_link(clean_pack: Path, run_line) -> None:
    skill_dir = clean_pack / SKILL.parent
    os.symlink(skill_dir, skill_dir / "loop")  # a folder that contains itself
    red = skill_dir / "RED.md"
    red.unlink()
    os.symlink(skill_dir / "RED.md", red)  # a link to itself: ELOOP on read
    code, payload = _json_run(run_line, clean_pack)
    assert code == 1
    assert [c for _, c in _codes_at(payload, SKILL.parent / "RED.md")] == ["SK001"]


def test_missing_path_is_a_finding_not_a_crash(tmp_path: Path, run_line) -> None:
    code, payload = _json_run(run_line, tmp_path / "nope")
    assert code == 1
    assert [d["code"] for d in payload["diagnostics"]] == ["SK001"]


def test_missing_skill_file(clean_pack: Path, run_line) -> None:
    (clean_pack / SKILL.parent / "GREEN.md").unlink()
    code, payload = _json_run(run_line, clean_pack)
    assert code == 1
    assert ("SK201") in [d["code"] for d in payload["diagnostics"]]


@pytest.mark.parametrize("text", ["", "---\n", "---\n---\n", "\n\n", "```", "---\n- a\n- b\n---\n"])
def test_degenerate_skill_files(clean_pack: Path, run_line, text: str) -> None:
    (clean_pack / SKILL).write_text(text)
    code, payload = _json_run(run_line, clean_pack)
    assert code == 1
    assert _codes_at(payload, SKILL), "a degenerate SKILL.md must be reported"
