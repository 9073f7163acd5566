"""The `<!-- example: ... -->` directive grammar."""

from __future__ import annotations

import pytest

from skillpack.directives import DirectiveError, parse_directives


def test_semicolon_separates_directives() -> None:
    found = parse_directives("example: requires cuda; timeout 30")
    assert found.requires == ("cuda",) and found.timeout == 30


def test_semicolon_inside_a_quoted_reason_is_part_of_the_reason() -> None:
    found = parse_directives('example: skip reason="needs torchrun; several GPUs"; timeout 5')
    assert found.skip and found.skip_reason == "needs torchrun; several GPUs"
    assert found.timeout == 5


def test_unclosed_quote_is_still_an_error() -> None:
    with pytest.raises(DirectiveError):
        parse_directives('example: skip reason="never closed')
