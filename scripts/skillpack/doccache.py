"""A persistent cache of parsed documents, so an unchanged pack is not parsed again.

One pickle file per cache folder maps (path, sha256 of the bytes) to the
:class:`SkillDocument` built from them. The key's namespace includes a hash of
the modules that build the model, so a change to the parser invalidates it.
The file is the user's own (like ruff's or pytest's caches); a cache that
cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .document import SkillDocument

# Everything the cached values are computed from: a change to any of these starts a new cache.
_MODEL_SOURCES = (
    "document.py",
    "markdown.py",
    "yamlsafe.py",
    "schemas.py",
    "skills-schema.json",
    "scenario-schema.json",
    "verification-schema.json",
)
_LIBRARIES = ("markdown_it", "mdit_py_plugins", "yaml", "jsonschema")
T = TypeVar("T")


@cache
def model_version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _MODEL_SOURCES:
        digest.update((here / name).read_bytes())
    for library in _LIBRARIES:  # their versions, read without importing them
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin:
            digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()[:16]


_ACTIVE: DocumentCache | None = None


def memoized(namespace: str, text: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered across runs by the active cache (see :meth:`DocumentCache.active`), if any.

    For pure functions of ``text`` only: YAML parses and schema verdicts, so an unchanged pack is checked
    without importing the YAML or JSON Schema libraries at all.
    """
    return _ACTIVE.memo(namespace, text, compute) if _ACTIVE is not None else compute()


class DocumentCache:
    def __init__(self, folder: Path) -> None:
        self.file = folder / f"documents-{model_version()}.pickle"
        self._entries: dict[tuple[str, str], Any] = {}
        self._used: set[tuple[str, str]] = set()
        self._dirty = False
        try:
            with self.file.open("rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, dict):
                self._entries = loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self._entries = {}

    @staticmethod
    def key(path: Path, raw: bytes) -> tuple[str, str]:
        return (str(path), hashlib.sha256(raw).hexdigest())

    def get(self, key: tuple[str, str]) -> SkillDocument | None:
        doc = self._entries.get(key)
        if doc is not None:
            self._used.add(key)
        return doc

    def put(self, key: tuple[str, str], doc: Any) -> None:
        self._entries[key] = doc
        self._used.add(key)
        self._dirty = True

    def memo(self, namespace: str, text: str, compute: Callable[[], T]) -> T:
        """The cached result of ``compute`` for this ``text`` (a pure function of it), computing it if absent."""
        key = (namespace, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
        if key in self._entries:
            self._used.add(key)
            return self._entries[key]
        value = compute()
        self.put(key, value)
        return value

    @contextmanager
    def active(self) -> Iterator[DocumentCache]:
        """Make this cache the one :func:`memoized` uses, for the duration of a run."""
        global _ACTIVE
        previous, _ACTIVE = _ACTIVE, self
        try:
            yield self
        finally:
            _ACTIVE = previous

    def save(self) -> None:
        """Write the entries used in this run (stale ones are dropped), atomically."""
        if not self._dirty and len(self._used) == len(self._entries):
            return
        keep = {k: v for k, v in self._entries.items() if k in self._used}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.file.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n")
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".documents-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(keep, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.file)
            for old in self.file.parent.glob("documents-*.pickle"):
                if old != self.file:
                    old.unlink(missing_ok=True)
        except OSError:
            pass
