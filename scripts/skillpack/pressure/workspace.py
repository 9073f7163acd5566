"""Repository scenarios: a fresh copy per sample, and the diff of what the agent changed.

The diff is computed from a snapshot taken before the run (difflib), so it
stays right whatever the agent does with git in the copy; the copy is also
made a git repository so that the agent finds the setting it expects.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

IGNORED = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".pytest_cache")
SKIPPED_DIRS = {".git", "__pycache__", ".pytest_cache"}
MAX_TEXT_BYTES = 1_000_000
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "pressure-test",
    "GIT_AUTHOR_EMAIL": "pressure-test@localhost",
    "GIT_COMMITTER_NAME": "pressure-test",
    "GIT_COMMITTER_EMAIL": "pressure-test@localhost",
}


@dataclass(frozen=True)
class FileState:
    digest: str
    text: str | None  # None for binary or large files


Snapshot = dict[str, FileState]


def _files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        found.extend(Path(folder, n) for n in sorted(names))
    return found


def snapshot(root: Path) -> Snapshot:
    state: Snapshot = {}
    for path in _files(root):
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        text = None
        if len(data) <= MAX_TEXT_BYTES and b"\x00" not in data:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        state[path.relative_to(root).as_posix()] = FileState(hashlib.sha256(data).hexdigest(), text)
    return state


def tree_digest(root: Path) -> str:
    """A hash of every file's path and content: part of the cache key of a repository scenario."""
    digest = hashlib.sha256()
    for name, state in sorted(snapshot(root).items()):
        digest.update(f"{name}\0{state.digest}\n".encode())
    return digest.hexdigest()


def diff(before: Snapshot, after: Snapshot, limit: int = 0) -> str:
    """A unified diff from ``before`` to ``after``; binary changes named in one line."""
    parts: list[str] = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old is not None and new is not None and old.digest == new.digest:
            continue
        if (old is not None and old.text is None) or (new is not None and new.text is None):
            what = "added" if old is None else "deleted" if new is None else "changed"
            parts.append(f"Binary file {name} {what}\n")
            continue
        old_lines = old.text.splitlines(keepends=True) if old and old.text is not None else []
        new_lines = new.text.splitlines(keepends=True) if new and new.text is not None else []
        lines = difflib.unified_diff(
            old_lines,
            new_lines,
            "/dev/null" if old is None else f"a/{name}",
            "/dev/null" if new is None else f"b/{name}",
        )
        parts.append(
            "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
        )
    text = "".join(parts)
    if limit and len(text) > limit:
        text = text[:limit] + f"\n[diff cut at {limit} characters of {len(text)}]\n"
    return text


def inline(root: Path, limit: int) -> str:
    """The repository's text files as one block, for backends that cannot open files."""
    chunks = []
    for name, state in sorted(snapshot(root).items()):
        body = state.text if state.text is not None else "[binary file, not shown]\n"
        chunks.append(f"--- {name} ---\n{body}{'' if body.endswith(chr(10)) else chr(10)}")
    text = "".join(chunks)
    return text if len(text) <= limit else text[:limit] + f"\n[repository cut at {limit} characters]\n"


class Workspace:
    """A temporary copy of a scenario's repository; use as a context manager."""

    def __init__(self, source: Path, git_init: bool = True) -> None:
        self.source = source
        self.git_init = git_init
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.path = Path()
        self.before: Snapshot = {}

    def __enter__(self) -> Workspace:
        self._tmp = tempfile.TemporaryDirectory(prefix="pressure-repo-", ignore_cleanup_errors=True)
        self.path = Path(self._tmp.name) / self.source.name
        shutil.copytree(self.source, self.path, ignore=IGNORED, symlinks=True)
        if self.git_init and shutil.which("git"):
            self._git("init", "-q")
            self._git("add", "-A")
            self._git("commit", "-q", "--no-verify", "--no-gpg-sign", "-m", "scenario as given")
        self.before = snapshot(self.path)
        return self

    def _git(self, *args: str) -> None:
        subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**os.environ, **_GIT_ENV},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=60,
        )

    def changes(self, limit: int = 0) -> str:
        return diff(self.before, snapshot(self.path), limit)

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
