"""``validate-skills --exec``: run every python example of a pack against the installed torch.

``run_examples(packs, config, jobs=0, use_cache=True, progress=False)`` returns an
``ExecOutcome``: SK9xx diagnostics at markdown lines, and per-skill counts for
the summary table. Imported lazily, so that the worker processes, which live
in this package too, load none of the linter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .outcome import ExecOutcome
    from .runner import run_examples

__all__ = ["ExecOutcome", "run_examples"]


def __getattr__(name: str) -> Any:
    if name == "run_examples":
        from .runner import run_examples

        return run_examples
    if name == "ExecOutcome":
        from .outcome import ExecOutcome

        return ExecOutcome
    raise AttributeError(name)
