"""How a block ended, judged: passed, failed, out of memory, or not the exception its directive asked for."""

from __future__ import annotations

import builtins
import importlib
from typing import Any

from .traceback_map import describe, exception_line


def expected_type(name: str, namespace: dict[str, Any]) -> type | None:
    """The exception class a ``raises`` directive names, or None when the name does not resolve to a class."""
    head, *rest = name.split(".")
    found: Any = namespace.get(head, getattr(builtins, head, None))
    if found is None:
        try:
            found = importlib.import_module(head)
        except Exception:  # noqa: BLE001 - a name we cannot resolve is compared by name instead
            return None
    for part in rest:
        found = getattr(found, part, None)
    return found if isinstance(found, type) else None


def judge(
    exc: BaseException | None, block: dict[str, Any], namespace: dict[str, Any], filename: str, memory_capped: bool
) -> dict[str, Any]:
    """``status``, ``message`` and markdown ``line`` for a block that raised ``exc`` (None: it did not).

    ``raises X`` asks for exactly X, resolved in the block's namespace (so ``torch.cuda.OutOfMemoryError``
    works), then among builtins, then as a module; a name that cannot be resolved is compared by name.
    """
    expected = block.get("raises")
    line = exception_line(exc.__traceback__, filename) if exc is not None else None
    if isinstance(exc, SyntaxError) and exc.filename == filename and exc.lineno:
        line = exc.lineno
    result: dict[str, Any] = {"status": "passed", "message": "", "line": line or block["line"]}
    if expected:
        wanted = expected_type(expected, namespace)
        if exc is None:
            result.update(status="wrong-exception", message=f"expected {expected}, but nothing was raised")
        elif type(exc) is not wanted and not (wanted is None and type(exc).__name__ == expected.split(".")[-1]):
            kind = " (a subclass)" if wanted is not None and isinstance(exc, wanted) else ""
            result.update(status="wrong-exception", message=f"expected exactly {expected}, got {describe(exc)}{kind}")
    elif exc is not None:
        out_of_memory = isinstance(exc, MemoryError) or (
            isinstance(exc, RuntimeError) and "can't allocate memory" in str(exc)
        )
        result.update(status="memory" if memory_capped and out_of_memory else "failed", message=describe(exc))
    return result
