"""Path helpers that never raise on symbolic-link loops or missing files."""

from __future__ import annotations

import os
from pathlib import Path


def real_path(path: Path | str) -> Path:
    """The canonical path, as far as it can be resolved (``os.path.realpath`` does not raise on loops)."""
    return Path(os.path.realpath(path))
