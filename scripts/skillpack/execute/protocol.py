"""JSON lines over pipes: how the runner, its workers and their children talk.

Every message is one JSON object on one line. Writers block; readers are fed
whatever bytes a non-blocking read returned and hand back whole messages.
"""

from __future__ import annotations

import json
import os
from typing import Any

Message = dict[str, Any]

# Written by a child to its output pipe right before it reports the start of a step. Output and messages travel
# on two pipes, so a watcher that reads a step's end may already find the next step's output waiting; the mark
# tells it where one step's output stops and the next one's begins. One short write, so never split.
BLOCK_MARK = b"\x00\x1bskillpack:step\x00"


def encode(message: Message) -> bytes:
    return (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")


def send(fd: int, message: Message) -> None:
    """Write one message to ``fd`` in full (a pipe write may be partial)."""
    data = memoryview(encode(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


class LineReader:
    """Collects bytes and yields complete messages; a line that is not JSON is reported, not raised."""

    def __init__(self) -> None:
        self._pending = bytearray()

    def feed(self, data: bytes) -> list[Message]:
        self._pending += data
        messages: list[Message] = []
        while True:
            end = self._pending.find(b"\n")
            if end < 0:
                return messages
            line = bytes(self._pending[:end])
            del self._pending[: end + 1]
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except ValueError:
                message = {"op": "garbled", "text": line[:200].decode("utf-8", "replace")}
            messages.append(message if isinstance(message, dict) else {"op": "garbled", "text": str(message)})


def read_available(fd: int, limit: int = 1 << 16) -> bytes | None:
    """Bytes ready on a non-blocking ``fd``: b"" when none are, None at end of file."""
    try:
        data = os.read(fd, limit)
    except BlockingIOError:
        return b""
    except OSError:
        return None
    return data if data else None
