"""Landlock (Linux 5.13+): allow a process to write only beneath a few folders.

Reads and execution stay unrestricted, so imports work as before; creating,
writing, truncating, renaming and removing files is refused outside the
allowed folders with ``PermissionError``. Where the kernel lacks Landlock,
``restrict_writes`` returns False and changes nothing.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from collections.abc import Iterable

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same numbers on every architecture
_VERSION_FLAG = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

WRITE_FILE = 1 << 1
REMOVE_DIR, REMOVE_FILE = 1 << 4, 1 << 5
MAKE_ALL = sum(1 << bit for bit in range(6, 13))  # char, dir, reg, sock, fifo, block, sym
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@functools.cache
def libc() -> ctypes.CDLL | None:
    """The C library, loaded once (a worker loads it before it forks, so its children need not)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        handle = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    handle.syscall.restype = ctypes.c_long
    return handle


@functools.cache
def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 where there is none."""
    c = libc()
    if c is None:
        return 0
    version = c.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION_FLAG))
    return max(int(version), 0)


def write_rights(abi: int) -> int:
    rights = WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_ALL
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    return rights


def restrict_writes(writable: Iterable[str], write_only: Iterable[str] = ()) -> bool:
    """Allow every write beneath ``writable``, writing existing files beneath ``write_only``, nothing else.

    Applies to this process and every process it starts afterwards; it cannot be undone.
    """
    abi, c = abi_version(), libc()
    if abi < 1 or c is None:
        return False
    handled = write_rights(abi)
    attr = _RulesetAttr(handled)
    ruleset = c.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        rules = [(p, handled) for p in writable] + [(p, handled & (WRITE_FILE | TRUNCATE)) for p in write_only]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                rule = _PathBeneathAttr(rights, fd)
                c.syscall(
                    _ADD_RULE,
                    ctypes.c_int(ruleset),
                    ctypes.c_int(_RULE_PATH_BENEATH),
                    ctypes.byref(rule),
                    ctypes.c_uint32(0),
                )
            finally:
                os.close(fd)
        if c.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return c.syscall(_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)
