"""The document model: what one parse of a markdown file yields.

Every position is a 1-based line number in the file as it is on disk. The
model is built once per file by :mod:`skillpack.markdown`; rules only read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Frontmatter:
    """The YAML block between the leading ``---`` lines."""

    raw: str
    start_line: int  # the opening ``---``
    end_line: int  # the closing ``---``
    data: dict[str, Any] | None  # None when it did not parse to a mapping
    error: str | None = None
    error_line: int | None = None
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """The line of ``key``, or of the block's start when the key is absent."""
        return self.key_lines.get(key, self.start_line)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Section:
    """A heading and the lines it governs, up to the next heading of the same or a higher level."""

    heading: Heading
    end_line: int

    @property
    def start_line(self) -> int:
        return self.heading.line

    def contains(self, line: int) -> bool:
        return self.heading.line <= line <= self.end_line


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block. ``line`` is the fence; ``code_line`` the first line of code."""

    info: str
    content: str
    line: int
    end_line: int
    closed: bool
    directive: str | None = None  # the text of an ``<!-- example: ... -->`` comment just above
    directive_line: int | None = None

    @property
    def lang(self) -> str:
        return self.info.split(maxsplit=1)[0].lower() if self.info.strip() else ""

    @property
    def info_words(self) -> tuple[str, ...]:
        return tuple(self.info.lower().split())

    @property
    def code_line(self) -> int:
        return self.line + 1

    @property
    def is_python(self) -> bool:
        return self.lang in {"python", "py", "python3"}


@dataclass(frozen=True)
class Table:
    line: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]


@dataclass(frozen=True)
class ListItem:
    line: int
    depth: int  # 1 for a top-level item
    text: str


@dataclass(frozen=True)
class Link:
    target: str
    line: int


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one model per parse
class SkillDocument:
    path: Path
    text: str
    frontmatter: Frontmatter | None
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    code_blocks: tuple[CodeBlock, ...]
    tables: tuple[Table, ...]
    list_items: tuple[ListItem, ...]
    links: tuple[Link, ...]
    had_bom: bool = False
    had_crlf: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def line_count(self) -> int:
        if not self.text:
            return 0
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)

    def find_section(self, title: str, aliases: tuple[str, ...] = (), level: int | None = None) -> Section | None:
        """The first section whose heading matches ``title`` or an alias, case-insensitively."""
        wanted = {_norm(t) for t in (title, *aliases)}
        for section in self.sections:
            if (level is None or section.heading.level == level) and _norm(section.heading.text) in wanted:
                return section
        return None

    def headings_in(self, section: Section, level: int) -> Iterator[Heading]:
        for heading in self.headings:
            if heading.level == level and section.start_line < heading.line <= section.end_line:
                yield heading

    def tables_in(self, section: Section) -> Iterator[Table]:
        return (t for t in self.tables if section.contains(t.line))

    def list_items_in(self, section: Section, depth: int = 1) -> Iterator[ListItem]:
        return (i for i in self.list_items if i.depth == depth and section.contains(i.line))

    def blocks_with_info(self, *words: str) -> Iterator[CodeBlock]:
        """Fenced blocks whose info string is exactly ``words`` (``yaml scenario``, say)."""
        wanted = tuple(w.lower() for w in words)
        return (b for b in self.code_blocks if b.info_words == wanted)

    def section_of(self, line: int) -> Section | None:
        """The innermost section that holds ``line``."""
        best = None
        for section in self.sections:
            if section.contains(line) and (best is None or section.heading.level >= best.heading.level):
                best = section
        return best


def _norm(text: str) -> str:
    return " ".join(text.replace("`", "").lower().split()).rstrip(":")
