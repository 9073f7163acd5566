"""What this machine offers the examples, found without importing torch or initialising CUDA.

The runner's own process never imports torch: a cached re-run must not pay for
it, a machine without torch must still get a clear report, and a parent that
initialised CUDA could not hand a GPU to the processes it forks.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

_TORCH_CUDA = re.compile(r"^cuda\s*(?::[^=]*)?=\s*(None|['\"][^'\"]*['\"])", re.MULTILINE)


def module_available(name: str) -> bool:
    """Whether a top-level module can be found (not imported) by this interpreter."""
    top = name.replace("-", "_").split(".")[0]
    if not top.isidentifier():
        return False
    try:
        return importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):  # ValueError: sys.modules[name] is None, i.e. blocked
        return False


def distribution_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _torch_cuda_build() -> bool:
    """Whether the installed torch was built with CUDA, read from torch/version.py."""
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.submodule_search_locations:
        return False
    for folder in spec.submodule_search_locations:
        try:
            match = _TORCH_CUDA.search(Path(folder, "version.py").read_text(encoding="utf-8"))
        except OSError:
            continue
        return bool(match and match.group(1) != "None")
    return False


def _nvml_device_count() -> int | None:
    """Devices the NVIDIA driver sees (NVML does not create a CUDA context); None without a driver."""
    try:
        nvml = ctypes.CDLL("libnvidia-ml.so.1")
    except OSError:
        return None
    try:
        if nvml.nvmlInit_v2() != 0:
            return None
        count = ctypes.c_uint(0)
        ok = nvml.nvmlDeviceGetCount_v2(ctypes.byref(count)) == 0
        nvml.nvmlShutdown()
    except AttributeError:
        return None
    return int(count.value) if ok else None


def _visible(count: int, visible: str | None) -> int:
    """Apply ``CUDA_VISIBLE_DEVICES``: entries up to the first invalid one, at most ``count``."""
    if visible is None:
        return count
    usable = 0
    for entry in visible.split(","):
        entry = entry.strip()
        if not entry or entry.startswith("-"):
            break
        usable += 1
    return min(usable, count)


def cuda_device_count() -> int:
    if not _torch_cuda_build():
        return 0
    count = _nvml_device_count()
    if count is None:
        gpus = Path("/proc/driver/nvidia/gpus")
        count = len(list(gpus.iterdir())) if gpus.is_dir() else 0
    return _visible(count, os.environ.get("CUDA_VISIBLE_DEVICES"))


@dataclass
class Environment:
    """Facts about the interpreter the examples run under. Costly ones are found on first use."""

    requirement_table: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    _modules: dict[str, bool] = field(default_factory=dict)

    @cached_property
    def torch_problem(self) -> str | None:
        """Why examples cannot run here, or None when torch can be found."""
        if module_available("torch"):
            return None
        return f"torch is not installed for {sys.executable}; install it (pip install torch) to run examples"

    @cached_property
    def cuda_devices(self) -> int:
        return cuda_device_count()

    def versions(self, distributions: Iterable[str]) -> dict[str, str | None]:
        return {name: distribution_version(name) for name in distributions}

    def has_module(self, name: str) -> bool:
        if name not in self._modules:
            self._modules[name] = module_available(name)
        return self._modules[name]

    def satisfies(self, requirement: str) -> bool:
        needs = self.requirement_table.get(requirement)
        if needs is not None:
            devices = int(needs.get("cuda-devices", 0))
            modules = list(needs.get("modules", []))
            return self.cuda_devices >= devices and all(self.has_module(m) for m in modules)
        return self.has_module(requirement)

    def missing(self, requirements: Iterable[str]) -> list[str]:
        return [r for r in requirements if not self.satisfies(r)]
