"""Results of chains that need not run again: keyed by everything that decides the outcome.

The key hashes the chain's blocks and directives, the prelude, the limits, and
the versions of python and of the packages that the examples exercise. Lines
are stored relative to the chain's blocks, so a chain that only moved in its
file is still a hit. Only outcomes that the inputs decide are kept: passes,
exceptions and wrong exceptions; timeouts and crashes depend on the machine's
load and always run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = "exec-v1"
CACHEABLE = frozenset({"passed", "failed", "wrong-exception"})


def cache_key(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class ResultCache:
    """A folder of small JSON files, one per chain; any problem reading or writing is a miss, never an error."""

    def __init__(self, folder: Path | None, read: bool = True) -> None:
        self.folder = folder / FORMAT if folder is not None else None
        self.read = read

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.json" if self.folder is not None else None

    def load(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        if path is None or not self.read:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("blocks"), list) else None

    def store(self, key: str, payload: dict[str, Any]) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh)
            os.replace(temporary, path)
        except OSError:
            return
