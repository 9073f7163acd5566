"""``replay``: answers from a recorded transcript, so a run can be re-graded offline.

As the agent it returns the recorded answer (and diff and trigger) of the
same scenario, arm and sample; as the judge, the recorded verdict text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from ..transcript import RunNotFound, read_run, resolve_run
from .base import AGENT, BackendError, Request, Response


class ReplayBackend:
    name: ClassVar[str] = "replay"
    acts_on_files: ClassVar[bool] = True

    def __init__(self, options: Mapping[str, Any]) -> None:
        ref = options.get("transcript") or ""
        if not ref:
            raise BackendError("setup", "the replay backend needs a transcript (--replay RUN)")
        try:
            self.path = resolve_run(ref, Path(options.get("runs-dir") or ".pressure-runs"))
        except RunNotFound as exc:
            raise BackendError("setup", str(exc)) from None
        self.samples = read_run(self.path).samples

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "transcript": str(self.path.resolve())}

    def complete(self, request: Request) -> Response:
        key = (str(request.tag.get("scenario")), request.arm, int(request.tag.get("sample", 0)))
        record = self.samples.get(key)
        if record is None or not record.get("answer"):
            raise BackendError("replay", f"no recorded answer for {key[0]} ({key[1]}, sample {key[2]})")
        if request.role == AGENT:
            return Response(
                text=record["answer"],
                model=str(record.get("model") or ""),
                diff=record.get("diff"),
                triggered=record.get("triggered"),
                skill_load_error=record.get("skill_load_error"),
                input_tokens=(record.get("tokens") or {}).get("input"),
                output_tokens=(record.get("tokens") or {}).get("output"),
                cost_usd=0.0,
            )
        raw = (record.get("judge") or {}).get("raw")
        if not raw:
            raise BackendError("replay", f"no recorded verdict for {key[0]} ({key[1]}, sample {key[2]})")
        return Response(text=raw, model=str((record.get("judge") or {}).get("model") or ""), cost_usd=0.0)
