"""SK6xx: the python examples, checked without running them."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostic
from ..examples import Example, bound_names, compiles, examples_of, shows_effect
from ..pack import Skill
from .base import PackContext, Rule, SkillContext


def skill_examples(skill: Skill, files) -> list[Example]:  # type: ignore[no-untyped-def]
    found: list[Example] = []
    for filename in files:
        doc = skill.doc(filename)
        if doc is not None:
            found.extend(examples_of(doc))
    return found


class PythonSyntaxError(Rule):
    """A python example that does not compile.

    ## What it does
    Compiles every python block of the example files (skipped ones too) and
    reports the first syntax error at its markdown line.

    ## Why is this bad?
    An agent pastes the example into a real script; it fails there first.

    ## Example
    A block that mixes prose into code: `model.train()  ... then step`.

    ## Use instead
    Keep prose outside the fence, or in comments.
    """

    code = "SK601"
    name = "python-syntax-error"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for ex in skill_examples(ctx.skill, ctx.settings["example-files"]):
            error = compiles(ex.source)
            if error is not None:
                line = ex.line + max((error.lineno or 1) - 1, 0)
                yield self.diag(ex.path, line, f"python example does not compile: {error.msg}")


class UndefinedName(Rule):
    """A name an executed example uses but nothing defines.

    ## What it does
    Runs `ruff` once over all executed examples of the pack (rule F821). Names
    bound by the prelude and by the earlier blocks of a `continue` chain count
    as defined. Reports at the markdown line.

    ## Why is this bad?
    Most broken examples in public skill packs fail on a name defined nowhere:
    the reader cannot run them and neither can the agent.

    ## Example
    ```python
    loss = criterion(model(x), y)   # criterion: never defined
    ```

    ## Use instead
    Define it in the block, in an earlier block marked `continue`, or in the
    pack's prelude.
    """

    code = "SK602"
    name = "undefined-name"
    scope = "pack"

    def check_pack(self, ctx: PackContext) -> Iterator[Diagnostic]:
        prelude_names = _prelude_names(ctx)
        units: list[tuple[Example, int, str]] = []
        for skill in ctx.pack.skills:
            examples = skill_examples(skill, ctx.config.get("example-files", skill.name))
            for ex in examples:
                if ex.directive_error or not ex.directives.executed or compiles(ex.source) is not None:
                    continue
                known = set(prelude_names)
                for earlier in examples[ex.chain_start : ex.index]:
                    if earlier.path == ex.path:
                        known |= bound_names(earlier.source)
                header = "".join(f"{name} = None\n" for name in sorted(known))
                units.append((ex, header.count("\n"), header + ex.source))
        if not units:
            return
        sources = [text for _, _, text in units]
        if ctx.cache is not None:
            found = ctx.cache.memo("ruff-F821", "\0".join(sources), lambda: _run_ruff(sources))
        else:
            found = _run_ruff(sources)
        if found is None:
            yield self.diag(ctx.pack.root, 1, "ruff is not installed: undefined names in examples were not checked")
            return
        for index, row, message in found:
            ex, header_lines, _ = units[index]
            yield self.diag(ex.path, ex.line + row - header_lines - 1, message)


def _prelude_names(ctx: PackContext) -> set[str]:
    path = ctx.pack.root / str(ctx.config.get("prelude"))
    try:
        return bound_names(path.read_text(encoding="utf-8")) if path.is_file() else set()
    except (OSError, UnicodeDecodeError):
        return set()


def _ruff_binary() -> str | None:
    import shutil

    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("ruff")


def _run_ruff(sources: list[str]) -> list[tuple[int, int, str]] | None:
    """(unit index, row, message) of every F821 finding; None when ruff is missing."""
    binary = _ruff_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="validate-skills-ruff-") as tmp:
        for n, text in enumerate(sources):
            Path(tmp, f"u{n:05d}.py").write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [binary, "check", "--isolated", "--no-cache", "--select", "F821", "--output-format", "json", tmp],
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        results = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        return [(0, 1, f"ruff failed: {proc.stderr.strip()[:200]}")]
    found = []
    for item in results:
        index = int(Path(item["filename"]).stem[1:])
        found.append((index, int(item["location"]["row"]), item["message"]))
    return sorted(found)


class InvalidDirective(Rule):
    """An `<!-- example: ... -->` comment that does not follow the contract.

    ## What it does
    Parses the directive comment just above each python block: `skip
    reason="..."`, `continue`, `raises Name`, `requires X`, `timeout N`.
    Reports unknown directives, a skip without a reason, and a `continue`
    on the first python block of a file.

    ## Why is this bad?
    A misspelt directive is ignored by a lenient runner: a block meant to be
    skipped runs, or a block meant to raise passes silently.

    ## Example
    `<!-- example: skipp -->`

    ## Use instead
    `<!-- example: skip reason="needs two GPUs" -->`
    """

    code = "SK603"
    name = "invalid-directive"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for ex in skill_examples(ctx.skill, ctx.settings["example-files"]):
            line = ex.block.directive_line or ex.block.line
            if ex.directive_error:
                yield self.diag(ex.path, line, f"invalid example directive: {ex.directive_error}")
            elif ex.directives.continues and ex.index == 0:
                yield self.diag(ex.path, line, "continue on the first python block of the file: nothing to continue")


class DeprecatedApi(Rule):
    """An example that teaches an API the pack's configuration lists as deprecated.

    ## What it does
    Matches each python example against the `deprecated-apis` patterns of the
    configuration (for this pack: `torch.cuda.amp`, scheduler `verbose=`,
    Optuna's `suggest_loguniform`, torchvision's `v2.ToTensor`), and reports
    the line with the configured advice.

    ## Why is this bad?
    Agents copy what skills show. An old API in a skill teaches the habit the
    skill should correct.

    ## Example
    ```python
    scaler = torch.cuda.amp.GradScaler()
    ```

    ## Use instead
    ```python
    scaler = torch.amp.GradScaler("cuda")
    ```
    """

    code = "SK604"
    name = "deprecated-api"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        rules = [(re.compile(r["pattern"]), r["message"]) for r in ctx.settings["deprecated-apis"]]
        for ex in skill_examples(ctx.skill, ctx.settings["example-files"]):
            for offset, text in enumerate(ex.source.split("\n")):
                for pattern, message in rules:
                    if pattern.search(text):
                        yield self.diag(ex.path, ex.line + offset, message)


class ExampleShowsNoEffect(Rule):
    """An executed example chain that neither asserts nor prints.

    ## What it does
    With `require-effect`, checks that each chain of executed blocks (a block
    and the `continue` blocks after it) holds an `assert`, a `print`, an
    `assert*` call, a `raise`, or carries a `raises` directive.

    ## Why is this bad?
    An example that runs but shows nothing proves only that it does not
    crash; a reader cannot see the behaviour it claims.

    ## Example
    ```python
    sched = OneCycleLR(opt, max_lr=0.1, total_steps=100)
    ```

    ## Use instead
    ```python
    sched = OneCycleLR(opt, max_lr=0.1, total_steps=100)
    print(sched.get_last_lr())  # [0.004]: starts at max_lr / 25
    ```
    """

    code = "SK605"
    name = "example-shows-no-effect"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        if not ctx.settings["require-effect"]:
            return
        examples = [e for e in skill_examples(ctx.skill, ctx.settings["example-files"]) if e.directives.executed]
        chains: dict[tuple[Path, int], list[Example]] = {}
        for ex in examples:
            chains.setdefault((ex.path, ex.chain_start), []).append(ex)
        for chain in chains.values():
            if not any(e.directives.raises or shows_effect(e.source) for e in chain):
                first = chain[0]
                yield self.diag(first.path, first.block.line, "executed example neither asserts nor prints its effect")
