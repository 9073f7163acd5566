"""The document model: lines are 1-based and right; arbitrary text never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillpack.markdown import parse_text
from skillpack.scenarios import read_blocks
from skillpack.yamlsafe import load_yaml

TEXT = """---
name: demo
description: Use when testing
---

# Title

## Section

<!-- example: continue -->
```python
x = 1
```

| a | b |
| --- | --- |
| 1 | 2 |

- one [link](RED.md)
- two
  - nested

### Sub
"""


def test_positions_are_one_based_file_lines() -> None:
    doc = parse_text(TEXT)
    assert doc.frontmatter is not None and doc.frontmatter.key_lines == {"name": 2, "description": 3}
    assert [(h.level, h.text, h.line) for h in doc.headings] == [(1, "Title", 6), (2, "Section", 8), (3, "Sub", 23)]
    block = doc.code_blocks[0]
    assert (block.line, block.code_line, block.end_line, block.closed) == (11, 12, 13, True)
    assert block.directive == "example: continue" and block.directive_line == 10
    assert doc.tables[0].line == 15 and doc.tables[0].rows == (("1", "2"),) and doc.tables[0].row_lines == (17,)
    assert [(i.line, i.depth) for i in doc.list_items] == [(19, 1), (20, 1), (21, 2)]
    assert doc.links[0].line == 19 and doc.links[0].target == "RED.md"
    section = doc.find_section("section")
    assert section is not None and section.end_line == 23


def test_directive_must_touch_the_fence() -> None:
    doc = parse_text("<!-- example: continue -->\n\n```python\nx = 1\n```\n")
    assert doc.code_blocks[0].directive is None


def test_crlf_and_bom_keep_line_numbers() -> None:
    doc = parse_text("\ufeff" + TEXT.replace("\n", "\r\n"))
    assert doc.had_bom and doc.had_crlf
    assert [h.line for h in doc.headings] == [6, 8, 23]


def test_yaml_errors_are_values_with_lines() -> None:
    result = load_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert not result.ok and result.error_line is not None and result.error_line >= 1
    assert load_yaml("a: &x 1\nb: *x\n").error == "YAML anchors and aliases are not allowed here"


def test_scenario_block_yaml_error_line_is_a_file_line() -> None:
    doc = parse_text("# T\n\n```yaml scenario\nid: a\nprompt: [x\n```\n")
    (block,) = read_blocks(doc)
    assert block.data is None and block.error_line in (5, 6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from([*"-#`|*>[]()<!:\n \t\r\ufeffaz01=&*{}", "```python\n", "---\n", "```yaml scenario\n"])
    ).map("".join)
)
def test_parser_never_raises_and_lines_stay_in_range(text: str) -> None:
    doc = parse_text(text)
    n = max(doc.line_count, 1)
    for item in (*doc.headings, *doc.code_blocks, *doc.tables, *doc.list_items, *doc.links):
        assert 1 <= item.line <= n + 1
    for block in (*read_blocks(doc), *read_blocks(doc, ("yaml", "verification"))):
        assert block.data is None or isinstance(block.data, dict)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    parse_text(text)
