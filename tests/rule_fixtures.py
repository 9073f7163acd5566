"""Rule fixtures: a clean pack, and per-code YAML files that describe one defect as edits to a copy of it."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"
CLEAN_PACK = FIXTURES / "packs" / "clean"
RULE_FIXTURES = FIXTURES / "rules"


def _bytes(text: str) -> bytes:
    return codecs.escape_decode(text.encode("utf-8"))[0]


def load_fixture(code: str) -> dict[str, Any]:
    return yaml.safe_load((RULE_FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))


def apply_edits(root: Path, edits: list[dict[str, Any]]) -> None:
    """Apply a fixture's edits to the pack copied at ``root``; a replace target that is absent is an error."""
    for edit in edits:
        path = root / edit["file"]
        if edit.get("delete"):
            path.unlink()
        elif "write_bytes" in edit:
            path.write_bytes(_bytes(edit["write_bytes"]))
        elif "prefix_bytes" in edit:
            path.write_bytes(_bytes(edit["prefix_bytes"]) + path.read_bytes())
        elif edit.get("crlf"):
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        elif "append" in edit:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(edit["append"])
        elif "append_lines" in edit:
            with path.open("a", encoding="utf-8") as fh:
                fh.write("padding\n" * int(edit["append_lines"]))
        elif "replace" in edit:
            text = path.read_text(encoding="utf-8")
            if edit["replace"] not in text:
                raise AssertionError(f"{edit['file']}: {edit['replace']!r} not found")
            path.write_text(text.replace(edit["replace"], edit["with"], 1), encoding="utf-8")
        else:
            raise AssertionError(f"unknown edit {edit}")


def copy_clean_pack(dest: Path) -> Path:
    shutil.copytree(CLEAN_PACK, dest)
    return dest
