"""Finding skills on disk and reading their files, once, into document models.

Reading never raises: a file that cannot be read becomes a diagnostic (SK001)
and the other files are still checked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Severity
from .doccache import DocumentCache
from .document import SkillDocument
from .markdown import parse_text
from .paths import real_path

SKILL_FILE = "SKILL.md"
SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", "scenarios"}
PLUGIN_MANIFEST = Path(".claude-plugin") / "plugin.json"
MARKETPLACE_MANIFEST = Path(".claude-plugin") / "marketplace.json"


@dataclass
class SourceFile:
    """One file of a skill: its model, or why there is none."""

    path: Path
    doc: SkillDocument | None = None
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass
class Skill:
    folder: Path
    files: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.folder.name

    def doc(self, filename: str) -> SkillDocument | None:
        source = self.files.get(filename)
        return source.doc if source else None


@dataclass
class JsonFile:
    path: Path
    data: Any = None
    error: str | None = None
    error_line: int = 1


@dataclass
class Pack:
    """Skills that share a folder (and, when it has one, a plugin manifest)."""

    root: Path
    skills: list[Skill] = field(default_factory=list)
    plugin: JsonFile | None = None
    marketplace: JsonFile | None = None

    def skill_names(self) -> set[str]:
        """Every skill of the pack: those being checked and their siblings on disk, so that a run on one
        skill folder still resolves its references to the others."""
        on_disk = {p.parent.name for p in self.root.glob(f"*/{SKILL_FILE}")} if self.root.is_dir() else set()
        return {s.name for s in self.skills} | on_disk


def read_markdown(path: Path, max_bytes: int, cache: DocumentCache | None = None) -> SourceFile:
    """Read and parse one markdown file; every failure becomes an SK001 diagnostic."""
    source = SourceFile(path)

    def fail(message: str, line: int = 1) -> SourceFile:
        source.problems.append(Diagnostic(path, line, "SK001", message))
        return source

    try:
        if path.is_symlink() and not path.exists():
            return fail("cannot read file: broken or looping symbolic link")
        if not path.is_file():
            return fail("cannot read file: not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            return fail(f"file is {size:,} bytes, above the limit of {max_bytes:,} (max-file-bytes); not parsed")
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    if b"\x00" in raw:
        return fail("file holds NUL bytes: it looks binary, not markdown", raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            raw[: exc.start].count(b"\n") + 1,
        )
    key = DocumentCache.key(path, raw) if cache is not None else None
    doc = cache.get(key) if cache is not None and key is not None else None
    if doc is None:
        doc = parse_text(text, path)
        if cache is not None and key is not None:
            cache.put(key, doc)
    source.doc = doc
    if doc.had_bom:
        source.problems.append(
            Diagnostic(
                path, 1, "SK002", "file starts with a byte-order mark; save it as UTF-8 without BOM", Severity.WARNING
            )
        )
    if doc.had_crlf:
        source.problems.append(
            Diagnostic(path, 1, "SK003", "file has CRLF or CR line endings; use LF", Severity.WARNING)
        )
    return source


def read_json(path: Path) -> JsonFile:
    result = JsonFile(path)
    try:
        result.data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        result.error = f"cannot read file: {exc.strerror or exc}"
    except UnicodeDecodeError:
        result.error = "file is not valid UTF-8"
    except json.JSONDecodeError as exc:
        result.error, result.error_line = f"invalid JSON: {exc.msg}", exc.lineno
    return result


def find_skill_folders(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Folders that hold a SKILL.md, below or at each path, in a stable order."""
    found: dict[Path, None] = {}
    problems: list[Diagnostic] = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            problems.append(Diagnostic(path, 1, "SK001", "path does not exist"))
            continue
        if path.is_file() or path.is_symlink() and not path.is_dir():
            if path.name == SKILL_FILE:
                found.setdefault(path.parent.absolute(), None)
            else:
                problems.append(Diagnostic(path, 1, "SK001", f"not a skill folder or a {SKILL_FILE}"))
            continue
        seen_real: set[Path] = set()
        for folder, dirs, files in os.walk(path, followlinks=False):
            real = real_path(folder)
            if real in seen_real:
                dirs[:] = []
                continue
            seen_real.add(real)
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
            if SKILL_FILE in files:
                found.setdefault(Path(folder).absolute(), None)
    return list(found), problems


def _pack_root(folder: Path) -> Path:
    for parent in folder.parents:
        if (parent / PLUGIN_MANIFEST).is_file():
            return parent
    return folder.parent


def _marketplace_above(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        candidate = folder / MARKETPLACE_MANIFEST
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            break
    return None


def load_packs(
    paths: Iterable[Path], required_files: Iterable[str], max_bytes: int, cache: DocumentCache | None = None
) -> tuple[list[Pack], list[Diagnostic]]:
    """Group the skills below ``paths`` into packs and read every file a rule may need."""
    folders, problems = find_skill_folders(paths)
    wanted = list(dict.fromkeys([SKILL_FILE, *required_files]))
    packs: dict[Path, Pack] = {}
    for folder in folders:
        root = _pack_root(folder)
        pack = packs.get(root)
        if pack is None:
            pack = packs[root] = Pack(root)
            if (root / PLUGIN_MANIFEST).is_file():
                pack.plugin = read_json(root / PLUGIN_MANIFEST)
            market = _marketplace_above(root)
            if market is not None:
                pack.marketplace = read_json(market)
        skill = Skill(folder)
        for filename in wanted:
            path = folder / filename
            if path.exists() or path.is_symlink():
                skill.files[filename] = read_markdown(path, max_bytes, cache)
        pack.skills.append(skill)
    return list(packs.values()), problems
