"""validate-skills as a user runs it: formats, exit codes, selection, explanations, configuration errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from skillpack.cli import validate as cli_module

SKILL = "source/acme/demo-pack/tuning-demo/SKILL.md"


def _break(pack: Path) -> None:
    path = pack / SKILL
    path.write_text(path.read_text().replace("name: tuning-demo", "name: tuning-demos"))


def test_clean_pack_exits_zero_with_summary(clean_pack: Path, run_line) -> None:
    code, out, _ = run_line([clean_pack])
    assert code == 0
    assert "All checks passed: 3 skill(s)." in out
    assert "tuning-demo" in out and "~tokens" in out


def test_findings_exit_one_with_file_line_code(clean_pack: Path, run_line) -> None:
    _break(clean_pack)
    code, out, _ = run_line([clean_pack, "--no-summary"])
    assert code == 1
    assert f"{SKILL}:2:1: SK103 name 'tuning-demos' differs from folder 'tuning-demo'" in out.replace(
        str(clean_pack) + "/", ""
    )


def test_json_format(clean_pack: Path, run_line) -> None:
    _break(clean_pack)
    code, out, _ = run_line([clean_pack, "--format", "json"])
    payload = json.loads(out)
    assert code == 1 and payload["errors"] == 1 and payload["warnings"] == 0
    (diag,) = payload["diagnostics"]
    assert diag["code"] == "SK103" and diag["line"] == 2 and diag["path"].endswith(SKILL)
    assert {s["name"] for s in payload["skills"]} == {"using-demo", "tuning-demo", "tracking-demo"}


def test_github_format(clean_pack: Path, run_line) -> None:
    _break(clean_pack)
    code, out, _ = run_line([clean_pack, "--format", "github"])
    assert code == 1
    line = out.splitlines()[0]
    assert line.startswith("::error file=") and ",line=2,col=1,title=SK103::SK103 name" in line


def test_select_and_ignore(clean_pack: Path, run_line) -> None:
    _break(clean_pack)
    assert run_line([clean_pack, "--ignore", "SK103"])[0] == 0
    assert run_line([clean_pack, "--select", "SK2,SK3"])[0] == 0
    assert run_line([clean_pack, "--select", "SK1"])[0] == 1


def test_config_select_and_ignore(clean_pack: Path, run_line) -> None:
    _break(clean_pack)
    with (clean_pack / "pyproject.toml").open("a") as fh:
        fh.write("")
    text = (clean_pack / "pyproject.toml").read_text()
    (clean_pack / "pyproject.toml").write_text(
        text.replace("[tool.validate-skills]\n", '[tool.validate-skills]\nignore = ["SK103"]\n', 1)
    )
    assert run_line([clean_pack])[0] == 0


def test_warnings_alone_exit_zero(clean_pack: Path, run_line) -> None:
    path = clean_pack / SKILL
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    code, out, _ = run_line([clean_pack, "--no-summary"])
    assert code == 0 and "SK003 [warning]" in out


def test_unknown_code_is_a_usage_error(clean_pack: Path, run_line) -> None:
    code, _, err = run_line([clean_pack, "--select", "SK999"])
    assert code == 2 and "unknown rule code" in err


def test_bad_config_is_a_usage_error(clean_pack: Path, run_line) -> None:
    (clean_pack / "pyproject.toml").write_text("[tool.validate-skills]\nmin-examplez = 3\n")
    code, _, err = run_line([clean_pack])
    assert code == 2 and "min-examplez" in err
    (clean_pack / "pyproject.toml").write_text("[tool.validate-skills\n")
    code, _, err = run_line([clean_pack])
    assert code == 2 and "cannot read configuration" in err


def test_unknown_format_is_a_usage_error(clean_pack: Path, run_line) -> None:
    assert run_line([clean_pack, "--format", "xml"])[0] == 2


def test_explain_and_list_rules(run_line) -> None:
    code, out, _ = run_line(["--explain", "sk101"])
    assert code == 0 and out.startswith("SK101 invalid-frontmatter") and "## Why is this bad?" in out
    code, out, _ = run_line(["--list-rules"])
    assert code == 0 and "SK801  unsafe-instruction" in out
    assert run_line(["--explain", "SK000"])[0] == 2


def test_internal_error_never_shows_a_traceback(clean_pack: Path, monkeypatch, capsys) -> None:
    def boom(_opts):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli_module, "execute", boom)
    try:
        cli_module.main([str(clean_pack)])
    except SystemExit as exc:
        assert exc.code == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaboom" in err and "Traceback" not in err


def test_module_entry_point(clean_pack: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "skillpack", str(clean_pack), "--no-summary"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "All checks passed" in proc.stdout


def test_one_skill_folder_still_knows_its_siblings(clean_pack: Path, run_line) -> None:
    # tuning-demo refers to acme/demo-pack/using-demo: checking its folder alone must not call that unknown
    code, out, _ = run_line([clean_pack / "source/acme/demo-pack/tuning-demo", "--select", "SK502"])
    assert code == 0, out
    text = (clean_pack / SKILL).read_text()
    (clean_pack / SKILL).write_text(text.replace("acme/demo-pack/using-demo", "acme/demo-pack/using-demos"))
    code, out, _ = run_line([clean_pack / "source/acme/demo-pack/tuning-demo", "--select", "SK502"])
    assert code == 1 and "SK502" in out
