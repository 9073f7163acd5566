"""The ``<!-- example: ... -->`` directives of the skill anatomy contract (section 3).

One comment may hold several directives separated by ``;``::

    <!-- example: skip reason="needs a cluster" -->
    <!-- example: continue; timeout 120 -->
    <!-- example: raises ValueError -->
    <!-- example: requires cuda; requires torchvision -->
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
# a ";" separates directives, except inside a quoted value such as skip reason="a; b"
_DIRECTIVE_SEPARATOR = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')
KNOWN = ("skip", "continue", "raises", "requires", "timeout")


class DirectiveError(ValueError):
    """A directive comment that does not follow the contract."""


@dataclass(frozen=True)
class Directives:
    skip: bool = False
    skip_reason: str = ""
    continues: bool = False
    raises: str | None = None
    requires: tuple[str, ...] = field(default_factory=tuple)
    timeout: float | None = None

    @property
    def executed(self) -> bool:
        return not self.skip

    def key(self) -> str:
        """A stable text form, part of the example cache key."""
        return repr((self.skip, self.continues, self.raises, self.requires, self.timeout))


def parse_directives(comment: str | None) -> Directives:
    """Parse the text of an ``example:`` comment (without ``<!--``/``-->``); None means no comment."""
    if comment is None:
        return Directives()
    body = comment.strip()
    if not body.lower().startswith("example"):
        raise DirectiveError("a directive comment starts with 'example:'")
    body = body[len("example") :].lstrip()
    if not body.startswith(":"):
        raise DirectiveError("a directive comment starts with 'example:'")
    values: dict[str, object] = {}
    requires: list[str] = []
    for part in _DIRECTIVE_SEPARATOR.split(body[1:]):
        part = part.strip()
        if not part:
            continue
        try:
            words = shlex.split(part)
        except ValueError as exc:
            raise DirectiveError(f"cannot read directive {part!r}: {exc}") from exc
        name, args = words[0].lower(), words[1:]
        if name == "skip":
            reasons = [a.split("=", 1)[1] for a in args if a.startswith("reason=")]
            if len(reasons) != 1 or not reasons[0].strip() or len(args) != 1:
                raise DirectiveError('skip needs exactly one non-empty reason="..."')
            values["skip"], values["skip_reason"] = True, reasons[0].strip()
        elif name == "continue":
            if args:
                raise DirectiveError("continue takes no argument")
            values["continues"] = True
        elif name == "raises":
            if len(args) != 1 or not _NAME.match(args[0]):
                raise DirectiveError("raises needs one exception name, such as raises ValueError")
            values["raises"] = args[0]
        elif name == "requires":
            if not args:
                raise DirectiveError("requires needs at least one requirement, such as requires cuda")
            requires.extend(a.lower() for a in args)
        elif name == "timeout":
            try:
                seconds = float(args[0]) if len(args) == 1 else -1.0
            except ValueError:
                seconds = -1.0
            if seconds <= 0:
                raise DirectiveError("timeout needs one positive number of seconds, such as timeout 120")
            values["timeout"] = seconds
        else:
            raise DirectiveError(f"unknown directive {name!r}; known: {', '.join(KNOWN)}")
    if values.get("skip") and values.get("raises"):
        raise DirectiveError("a skipped block cannot also declare raises")
    return Directives(requires=tuple(requires), **values)  # type: ignore[arg-type]
