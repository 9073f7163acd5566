"""SK0xx: files that cannot be read as they are."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .base import Rule, SkillContext


class _ReaderProblem(Rule):
    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for source in ctx.skill.files.values():
            yield from (p for p in source.problems if p.code == self.code)


class UnreadableFile(_ReaderProblem):
    """A skill file that cannot be read or parsed as markdown.

    ## What it does
    Reports a file that is missing where a path was given, a broken or looping
    symbolic link, a file above `max-file-bytes`, a binary file, or bytes that
    are not UTF-8 (with the line of the first bad byte).

    ## Why is this bad?
    An agent cannot load what cannot be read, and no other rule can check it.

    ## Example
    A `SKILL.md` saved as UTF-16 by an editor, or a PNG renamed to `SKILL.md`.

    ## Use instead
    Save skill files as UTF-8 text and keep them small enough to load.
    """

    code = "SK001"
    name = "unreadable-file"


class ByteOrderMark(_ReaderProblem):
    """A file that starts with a UTF-8 byte-order mark.

    ## What it does
    Reports a BOM at the start of a skill file (the file is still checked).

    ## Why is this bad?
    Some loaders then fail to see the `---` that opens the frontmatter.

    ## Example
    A `SKILL.md` written by an editor set to "UTF-8 with BOM".

    ## Use instead
    Save as UTF-8 without a BOM.
    """

    code = "SK002"
    name = "byte-order-mark"


class CrlfLineEndings(_ReaderProblem):
    """A file with CRLF (or bare CR) line endings.

    ## What it does
    Reports Windows line endings (the file is still checked, as if it had LF).

    ## Why is this bad?
    Mixed endings make diffs noisy and break tools that split on `\\n`.

    ## Example
    A file checked out with `core.autocrlf=true` and committed back.

    ## Use instead
    Use LF endings; a `.gitattributes` line `*.md text eol=lf` keeps them.
    """

    code = "SK003"
    name = "crlf-line-endings"
