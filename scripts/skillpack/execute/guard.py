"""Did a chain change the process for the chains after it? A fingerprint of global state, before and after.

A child runs the chains of one file in order, each in a fresh ``__main__``,
a fresh scratch folder, with the prelude run again and the random generators
reseeded. What a fresh namespace cannot undo is global state: a torch or
numpy setting, a patched function, an environment variable, a thread or a
process left running. The fingerprint covers those; when it differs after a
chain, the child retires and the rest of the file goes on in a fresh fork.
Any chain may also be given a process of its own (``exec-fork-per = "chain"``).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

WATCHED_MODULES = (
    "torch",
    "torch.nn",
    "torch.nn.functional",
    "torch.nn.init",
    "torch.nn.utils",
    "torch.optim",
    "torch.optim.lr_scheduler",
    "torch.utils.data",
    "torch.autograd",
    "torch.amp",
    "torch.cuda",
    "torch.backends.cudnn",
    "torch.backends.cuda",
    "numpy",
    "numpy.random",
    "random",
    "math",
    "os",
    "sys",
    "builtins",
    "functools",
    "itertools",
    "time",
    "copy",
    "pickle",
    "warnings",
    "logging",
    "multiprocessing",
)
WATCHED_CLASSES = (
    ("torch", "Tensor"),
    ("torch.nn", "Module"),
    ("torch.nn", "Parameter"),
    ("torch.optim", "Optimizer"),
    ("torch.utils.data", "DataLoader"),
    ("torch.utils.data", "Dataset"),
    ("numpy", "ndarray"),
)
PER_CHAIN_VARIABLES = frozenset({"HOME", "TMPDIR", "TMP", "TEMP", "PWD", "OLDPWD", "SKILL_DIR"})
SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGALRM", "SIGCHLD", "SIGPIPE", "SIGHUP", "SIGUSR2"))


def _torch_settings() -> dict[str, Any]:
    torch = sys.modules.get("torch")
    if torch is None:
        return {}
    readers: dict[str, Callable[[], Any]] = {
        "default dtype": torch.get_default_dtype,
        "grad mode": torch.is_grad_enabled,
        "inference mode": torch.is_inference_mode_enabled,
        "threads": torch.get_num_threads,
        "deterministic algorithms": torch.are_deterministic_algorithms_enabled,
        "deterministic warn only": torch.is_deterministic_algorithms_warn_only_enabled,
        "anomaly detection": torch.is_anomaly_enabled,
        "matmul precision": torch.get_float32_matmul_precision,
        "cudnn": lambda: tuple(
            getattr(torch.backends.cudnn, a) for a in ("enabled", "benchmark", "deterministic", "allow_tf32")
        ),
        "cuda matmul tf32": lambda: torch.backends.cuda.matmul.allow_tf32,
        "mkldnn": lambda: torch.backends.mkldnn.enabled,
        "autocast": lambda: torch.is_autocast_enabled("cpu"),
        "default device": lambda: str(torch.get_default_device()),
        "print options": lambda: tuple(sorted(vars(torch._tensor_str.PRINT_OPTS).items())),
    }
    found = {}
    for name, read in readers.items():
        try:
            found[name] = read()
        except Exception:  # noqa: BLE001 - an API this torch lacks is simply not compared
            continue
    return found


def _numpy_settings() -> dict[str, Any]:
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return {}
    try:
        return {
            "errors": tuple(sorted(numpy.geterr().items())),
            "print": repr(sorted(numpy.get_printoptions().items())),
        }
    except Exception:  # noqa: BLE001
        return {}


class Names:
    """The names of a namespace and the identity of what each held, at one moment.

    Comparing the identities in order is cheap and settles the common case (nothing changed);
    only when the count differs are names matched, so that new names (a module imported for
    the first time, a lazily loaded attribute) do not count as a change.
    """

    __slots__ = ("ids", "keys", "namespace")

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace
        self.keys = tuple(namespace)
        self.ids = tuple(map(id, namespace.values()))

    def kept_by(self, later: Names) -> bool:
        """Whether every name here still holds the same object in ``later``."""
        if later.ids == self.ids and later.keys == self.keys:
            return True
        mapping = dict(zip(later.keys, later.ids, strict=True))
        return dict(zip(self.keys, self.ids, strict=True)).items() <= mapping.items()


def _children() -> int:
    total = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            total += len((task / "children").read_text().split())
        except OSError:
            continue
    return total


def snapshot() -> dict[str, Any]:
    """Everything a chain could change for the next one, as comparable values."""
    state: dict[str, Any] = {"torch": _torch_settings(), "numpy": _numpy_settings()}
    for name in WATCHED_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            state[f"module {name}"] = Names(vars(module))
    for module_name, class_name in WATCHED_CLASSES:
        cls = getattr(sys.modules.get(module_name), class_name, None)
        if isinstance(cls, type):
            state[f"class {module_name}.{class_name}"] = Names(dict(vars(cls)))
    state["sys.modules"] = Names(sys.modules)
    state["environment"] = {k: v for k, v in os.environ.items() if k not in PER_CHAIN_VARIABLES}
    state["sys.path"] = list(sys.path[1:])
    state["process"] = {
        "streams": (id(sys.stdout), id(sys.stderr), id(sys.stdin)),
        "hooks": (id(sys.excepthook), id(sys.gettrace()), id(sys.getprofile()), id(threading.excepthook)),
        "recursion limit": sys.getrecursionlimit(),
        "signals": tuple(id(signal.getsignal(s)) for s in SIGNALS),
        "warnings": repr(warnings.filters),
        "logging": (logging.root.level, tuple(map(id, logging.root.handlers)), logging.root.manager.disable),
        "threads": threading.active_count(),  # python threads; native pools (OpenMP) start and stay by design
        "children": _children(),
        "umask": _umask(),
        "atexit": _atexit_count(),
    }
    return state


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atexit_count() -> int:
    import atexit

    count = getattr(atexit, "_ncallbacks", None)
    return count() if callable(count) else 0


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs, by name; new modules in sys.modules and new names in a module do not count."""
    found = []
    for key, old in before.items():
        new = after.get(key)
        if isinstance(old, Names):
            if not isinstance(new, Names) or not old.kept_by(new):  # a name removed or rebound
                found.append(key)
        elif isinstance(old, dict) and isinstance(new, dict):
            found += [f"{key}: {name}" for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)]
        elif old != new:
            found.append(key)
    return found
