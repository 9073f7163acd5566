"""SK9xx: what happened when the python examples ran (``validate-skills --exec``).

These rules have no check method: the example runner (``skillpack.execute``)
reports their codes. They live here so that ``--select``, ``--ignore``,
``--explain`` and ``--list-rules`` know them like any other rule.
"""

from __future__ import annotations

from .base import Rule


class ExampleFailed(Rule):
    """An executed example that raised an exception.

    ## What it does
    Runs each python block of the example files against the installed torch,
    after the pack's prelude and the earlier blocks of its `continue` chain,
    and reports the first exception at the markdown line of the failing
    statement, with the last lines the block printed. The rest of the chain
    is then reported as skipped.

    ## Why is this bad?
    An agent copies the example into a real script and it fails there. Most
    examples in public skill packs fail on names defined nowhere, imports
    that are missing, or APIs that moved.

    ## Example
    ```python
    import torch
    scheduler = torch.optim.lr_scheduler.OneCycleLR(max_lr=0.1)   # TypeError: optimizer missing
    ```

    ## Use instead
    ```python
    import torch
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
    print(scheduler.get_last_lr())
    ```
    """

    code = "SK901"
    name = "example-failed"
    scope = "exec"


class ExampleTimeout(Rule):
    """An executed example that did not finish within its time limit.

    ## What it does
    Gives each block `exec-timeout` seconds (60 by default; a
    `<!-- example: timeout N -->` directive changes it for one block),
    stops it when the time is up, and reports the markdown line it was
    running, taken from a stack dump of the stopped process.

    ## Why is this bad?
    An example that hangs, or trains for minutes, blocks the whole check in
    CI; a reader who runs it waits for nothing.

    ## Example
    ```python
    for epoch in range(10_000):
        train_one_epoch(model, loader)
    ```

    ## Use instead
    Train for a few steps on the prelude's small data and show the trend, or
    mark a genuinely long run `<!-- example: skip reason="a full run takes hours" -->`.
    """

    code = "SK902"
    name = "example-timeout"
    scope = "exec"


class ExampleCrashed(Rule):
    """An executed example that ended its own process or broke a limit.

    ## What it does
    Reports a block whose process was killed by a signal (a segmentation
    fault, say), that called `os._exit`, that reached the memory cap
    (`exec-memory-mb`), or that printed more than the output cap
    (`exec-output-kb`). The runner stops that block's process and goes on
    with the others.

    ## Why is this bad?
    In a reader's session the same code takes down the interpreter, fills
    the memory of the machine, or floods the terminal.

    ## Example
    ```python
    big = torch.empty(10**12)       # reaches the memory cap
    print(model.state_dict())       # floods the log with every weight
    ```

    ## Use instead
    Keep tensors small, and print summaries: shapes, norms, a few values.
    """

    code = "SK903"
    name = "example-crashed"
    scope = "exec"


class ExampleWrongException(Rule):
    """A `raises` example that raised another exception, or none.

    ## What it does
    A block marked `<!-- example: raises Name -->` must raise exactly that
    exception (not a subclass, not another one). Reports the block when it
    raised something else, or finished without raising.

    ## Why is this bad?
    A "this is what goes wrong" demo that no longer goes wrong teaches that
    the mistake is safe; one that fails for another reason teaches the
    wrong cause.

    ## Example
    A block under `<!-- example: raises RuntimeError -->` whose code is
    `torch.randn(2, 3) @ torch.randn(3, 2)`: the shapes agree, so nothing is
    raised and the demo shows nothing going wrong.

    ## Use instead
    Keep the directive and the code in step, and put only the failing call in
    the block: `torch.randn(2, 3) @ torch.randn(2, 3)` raises RuntimeError.
    """

    code = "SK904"
    name = "example-wrong-exception"
    scope = "exec"


class ExamplesNotExecuted(Rule):
    """Examples that could not be run at all: torch is missing or will not import.

    ## What it does
    When `--exec` finds no torch for the interpreter it runs under, or its
    workers cannot import it, reports every executable block instead of
    running it.

    ## Why is this bad?
    A check that silently runs nothing passes everything.

    ## Example
    `validate-skills --exec` in an environment without torch.

    ## Use instead
    Install torch in the environment that runs the check:
    `pip install torch` (and torchvision for the blocks that need it).
    """

    code = "SK905"
    name = "examples-not-executed"
    scope = "exec"
