"""Markdown to :class:`SkillDocument`. The only module that imports markdown_it.

markdown-it's ``Token.map`` is 0-based ``[begin, end)``; the conversion to the
1-based lines of the model happens here and nowhere else.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .document import CodeBlock, Frontmatter, Heading, Link, ListItem, Section, SkillDocument, Table
from .yamlsafe import load_yaml

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
_DIRECTIVE = re.compile(r"^\s*<!--\s*(example\s*:.*?)\s*-->\s*$", re.DOTALL)


@cache
def _parser() -> MarkdownIt:
    """Imported on first use: a run whose documents all come from the cache never loads markdown_it."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin).enable("table")


def parse_text(text: str, path: Path | str = "<string>") -> SkillDocument:
    """Parse markdown text (already decoded) into the document model."""
    had_bom = text.startswith("\ufeff")
    if had_bom:
        text = text[1:]
    had_crlf = "\r" in text
    if had_crlf:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    tokens = _parser().parse(text)
    total_lines = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))

    frontmatter = None
    headings: list[Heading] = []
    blocks: list[CodeBlock] = []
    tables: list[Table] = []
    items: list[ListItem] = []
    links: list[Link] = []
    pending_directive: tuple[str, int, int] | None = None  # text, line, end line (exclusive, 0-based)
    list_depth = 0
    lines = text.split("\n")

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "front_matter":
            frontmatter = _frontmatter(tok)
        elif tok.type == "heading_open" and tok.map:
            inline = tokens[i + 1]
            headings.append(Heading(int(tok.tag[1]), inline.content.strip(), tok.map[0] + 1))
        elif tok.type == "html_block" and tok.map:
            match = _DIRECTIVE.match(tok.content)
            pending_directive = (match.group(1), tok.map[0] + 1, tok.map[1]) if match else None
            i += 1
            continue
        elif tok.type == "fence" and tok.map:
            directive = None
            directive_line = None
            if pending_directive and pending_directive[2] == tok.map[0]:
                directive, directive_line = pending_directive[0], pending_directive[1]
            blocks.append(
                CodeBlock(
                    info=tok.info.strip(),
                    content=tok.content,
                    line=tok.map[0] + 1,
                    end_line=tok.map[1],
                    closed=_fence_closed(tok, lines),
                    directive=directive,
                    directive_line=directive_line,
                )
            )
        elif tok.type == "table_open" and tok.map:
            i = _table(tokens, i, tables)
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif tok.type == "list_item_open" and tok.map:
            text_of_item = ""
            if i + 2 < len(tokens) and tokens[i + 2].type == "inline":
                text_of_item = tokens[i + 2].content
            items.append(ListItem(tok.map[0] + 1, list_depth, text_of_item))
        elif tok.type == "inline" and tok.map and tok.children:
            _links(tok, links)
        pending_directive = None
        i += 1

    if frontmatter is None and text.startswith("---\n"):
        frontmatter = Frontmatter(
            raw="",
            start_line=1,
            end_line=1,
            data=None,
            error="frontmatter opened with --- is never closed",
            error_line=1,
        )

    return SkillDocument(
        path=Path(path),
        text=text,
        frontmatter=frontmatter,
        headings=tuple(headings),
        sections=_sections(headings, total_lines),
        code_blocks=tuple(blocks),
        tables=tuple(tables),
        list_items=tuple(items),
        links=tuple(links),
        had_bom=had_bom,
        had_crlf=had_crlf,
    )


def _frontmatter(tok: Token) -> Frontmatter:
    start, end = tok.map if tok.map else (0, 1)
    result = load_yaml(tok.content)
    key_lines = {k: v + 2 for k, v in result.key_lines.items()}
    error, error_line = result.error, None
    data = result.data
    if result.ok and not isinstance(data, dict):
        error, error_line = "frontmatter must be a YAML mapping of keys to values", 2
        data = None
    elif not result.ok:
        error_line = (result.error_line or 0) + 2
    return Frontmatter(
        raw=tok.content,
        start_line=start + 1,
        end_line=end,
        data=data,
        error=error,
        error_line=error_line,
        key_lines=key_lines,
    )


def _fence_closed(tok: Token, lines: list[str]) -> bool:
    assert tok.map is not None
    last = tok.map[1] - 1
    if last <= tok.map[0] or last >= len(lines):
        return False
    closing = lines[last].strip()
    marker = tok.markup[0]
    return closing.startswith(tok.markup) and set(closing) == {marker}


def _table(tokens: list[Token], i: int, out: list[Table]) -> int:
    start = tokens[i].map[0] + 1  # type: ignore[index]
    header: list[str] = []
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    current: list[str] = []
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
            if not in_head:
                row_lines.append(tok.map[0] + 1 if tok.map else start)
        elif tok.type == "inline":
            current.append(tok.content.strip())
        elif tok.type == "tr_close":
            if in_head:
                header = current
            else:
                rows.append(tuple(current))
        i += 1
    out.append(Table(start, tuple(header), tuple(rows), tuple(row_lines)))
    return i  # the table_close token; the caller steps past it


def _links(tok: Token, out: list[Link]) -> None:
    line = tok.map[0] + 1  # type: ignore[index]
    for child in tok.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            href = child.attrs.get("href")
            if isinstance(href, str):
                out.append(Link(href, line))


def _sections(headings: list[Heading], total_lines: int) -> tuple[Section, ...]:
    sections = []
    for n, heading in enumerate(headings):
        end = total_lines
        for later in headings[n + 1 :]:
            if later.level <= heading.level:
                end = later.line - 1
                break
        sections.append(Section(heading, end))
    return tuple(sections)
