"""From a failure back to the markdown: the line of the failing statement, and a one-line message.

Each block is compiled under the path of its markdown file, padded with
newlines to its first line of code, so a frame's line number *is* the markdown
line. What is left is to pick the right frame, here or in a faulthandler dump.
"""

from __future__ import annotations

import re
import traceback
from types import TracebackType

_DUMP_FRAME = re.compile(r'^\s*File "(?P<file>.*)", line (?P<line>\d+)', re.MULTILINE)
MESSAGE_CHARS = 200
TAIL_LINES = 3
TAIL_CHARS = 160


def padded(source: str, first_line: int) -> str:
    """``source`` moved down so that its first line is line ``first_line`` of the file."""
    return "\n" * max(first_line - 1, 0) + source


def exception_line(tb: TracebackType | None, filename: str) -> int | None:
    """The line of the innermost frame that runs code of ``filename``."""
    found = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == filename and frame.lineno:
            found = frame.lineno
    return found


def dump_line(dump: str, filename: str) -> int | None:
    """The innermost line of ``filename`` in a faulthandler dump (its frames run most recent first)."""
    for match in _DUMP_FRAME.finditer(dump):
        if match.group("file") == filename:
            return int(match.group("line"))
    return None


def describe(exc: BaseException) -> str:
    """``Type: first line of the message``, short enough for one diagnostic line."""
    name = type(exc).__qualname__
    text = str(exc).strip().split("\n", 1)[0]
    if isinstance(exc, SyntaxError) and exc.msg:
        text = exc.msg
    if len(text) > MESSAGE_CHARS:
        text = text[: MESSAGE_CHARS - 3] + "..."
    return f"{name}: {text}" if text else name


def tail(output: str, lines: int = TAIL_LINES, chars: int = TAIL_CHARS) -> str:
    """The last few non-blank lines of ``output``, joined on one line."""
    kept = [line.strip() for line in output.splitlines() if line.strip()][-lines:]
    text = " | ".join(kept)
    return text if len(text) <= chars else "..." + text[-(chars - 3) :]


def without_traceback(output: str) -> str:
    """``output`` less the traceback or faulthandler dump the runner itself caused to be printed."""
    cut = len(output)
    for marker in ("Traceback (most recent call last):", "Fatal Python error:", "Thread 0x", "Current thread 0x"):
        at = output.find(marker)
        if 0 <= at < cut:
            cut = at
    return output[:cut]
