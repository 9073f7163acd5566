"""The parts of the example runner that need no worker: plan, cache, messages, environment, walls."""

from __future__ import annotations

import os
import sys
import textwrap
import traceback
import warnings
from pathlib import Path

import pytest

from skillpack.config import Config, load_config
from skillpack.execute import (
    cache,
    child,
    guard,
    landlock,
    outcome,
    plan,
    protocol,
    requirements,
    runner,
    sandbox,
    traceback_map,
    verdict,
    watch,
)
from skillpack.markdown import parse_text
from skillpack.pack import Pack, Skill, SourceFile


def make_pack(tmp_path: Path, text: str, prelude: str | None = None) -> Pack:
    folder = tmp_path / "demo"
    folder.mkdir(parents=True)
    path = folder / "SKILL.md"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    if prelude is not None:
        (tmp_path / "examples_prelude.py").write_text(prelude, encoding="utf-8")
    skill = Skill(folder, {"SKILL.md": SourceFile(path, parse_text(path.read_text(encoding="utf-8"), path))})
    return Pack(tmp_path, [skill])


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config()


class NoModules(requirements.Environment):
    """An environment where only the modules named are installed, and no GPU."""

    def __init__(self, installed: set[str], table: dict | None = None) -> None:
        super().__init__(table or {})
        self.installed = installed

    def has_module(self, name: str) -> bool:
        return name in self.installed

    @property
    def cuda_devices(self) -> int:  # type: ignore[override]
        return 0


CHAINED = """\
    # Demo

    ```python
    a = 1
    ```

    <!-- example: continue -->
    ```python
    b = a + 1
    ```

    <!-- example: requires cuda -->
    ```python
    c = 3
    ```

    <!-- example: continue -->
    ```python
    d = c
    ```

    <!-- example: skip reason="needs a cluster" -->
    ```python
    e = 5
    ```

    <!-- example: raises ValueError; timeout 5 -->
    ```python
    int("x")
    ```
    """


def test_plan_groups_chains_and_skips_what_cannot_run(tmp_path: Path, config: Config) -> None:
    env = NoModules(set(), {"cuda": {"cuda-devices": 1}})
    built = plan.build_plan([make_pack(tmp_path, CHAINED)], config, env)
    assert [len(c.blocks) for c in built.chains] == [2, 1]
    assert [s.reason for s in built.skips] == ["cuda", "cuda", "needs a cluster"]
    raising = built.chains[1].blocks[0]
    assert (raising.raises, raising.timeout) == ("ValueError", 5.0)
    assert built.chains[0].blocks[0].timeout == float(config.get("exec-timeout"))
    assert built.blocks == {tmp_path / "demo": 6}


def test_plan_skips_every_block_when_the_prelude_cannot_be_read(tmp_path: Path, config: Config) -> None:
    pack = make_pack(tmp_path, CHAINED, prelude="x = 1\n")
    (tmp_path / "examples_prelude.py").write_bytes(b"\xff\xfe not utf-8")
    built = plan.build_plan([pack], config, NoModules(set()))
    assert not built.chains
    assert {s.reason for s in built.skips} == {"prelude failed"}
    assert built.prelude_errors and "prelude" in built.prelude_errors[0][1]


def test_plan_carries_the_prelude(tmp_path: Path, config: Config) -> None:
    pack = make_pack(tmp_path, "```python\nprint(model)\n```\n", prelude="model = 1\n")
    built = plan.build_plan([pack], config, NoModules(set()))
    assert built.chains[0].prelude is not None
    assert built.chains[0].prelude.source == "model = 1\n"


def test_padded_source_reports_markdown_lines() -> None:
    source = "a = 1\nb = missing\n"
    try:
        exec(compile(traceback_map.padded(source, 40), "/docs/SKILL.md", "exec"), {})
    except NameError as exc:
        assert traceback_map.exception_line(exc.__traceback__, "/docs/SKILL.md") == 41
        assert traceback_map.describe(exc) == "NameError: name 'missing' is not defined"
    else:  # pragma: no cover
        pytest.fail("the block should have raised")


def test_dump_line_takes_the_innermost_frame_of_the_file() -> None:
    dump = textwrap.dedent(
        """\
        Current thread 0x00007f (most recent call first):
          File "/lib/python3.11/time.py", line 10 in sleep
          File "/docs/SKILL.md", line 57 in wait
          File "/docs/SKILL.md", line 60 in <module>
        """
    )
    assert traceback_map.dump_line(dump, "/docs/SKILL.md") == 57
    assert traceback_map.dump_line(dump, "/docs/OTHER.md") is None
    assert traceback_map.without_traceback("hello\n" + dump).strip() == "hello"


def test_describe_and_tail_stay_on_one_short_line() -> None:
    assert traceback_map.describe(ValueError("first\nsecond")) == "ValueError: first"
    assert len(traceback_map.describe(ValueError("x" * 500))) <= traceback_map.MESSAGE_CHARS + 20
    assert traceback_map.tail("a\n\nb\nc\nd\n") == "b | c | d"
    assert len(traceback_map.tail("y" * 1000)) == traceback_map.TAIL_CHARS


def test_line_reader_reassembles_split_messages() -> None:
    reader = protocol.LineReader()
    data = protocol.encode({"op": "start", "index": 0}) + protocol.encode({"op": "end", "index": 0})
    assert reader.feed(data[:7]) == []
    assert [m["op"] for m in reader.feed(data[7:])] == ["start", "end"]
    assert reader.feed(b"not json\n") == [{"op": "garbled", "text": "not json"}]


def test_cache_round_trip_and_misses(tmp_path: Path) -> None:
    store = cache.ResultCache(tmp_path)
    key = cache.cache_key(["a", "b"])
    assert key != cache.cache_key(["ab", ""])  # parts are length-prefixed
    assert store.load(key) is None
    store.store(key, {"blocks": [{"index": 0}]})
    assert store.load(key) == {"blocks": [{"index": 0}]}
    assert cache.ResultCache(tmp_path, read=False).load(key) is None
    path = next((tmp_path / cache.FORMAT).rglob("*.json"))
    path.write_text("{broken", encoding="utf-8")
    assert store.load(key) is None


def test_cached_lines_follow_a_block_that_moved(tmp_path: Path, config: Config) -> None:
    text = "```python\na = 1\n```\n\n<!-- example: continue -->\n```python\nb = a\nc = missing\n```\n"
    first = plan.build_plan([make_pack(tmp_path / "one", text)], config, NoModules(set())).chains[0]
    moved = plan.build_plan([make_pack(tmp_path / "two", "# Title\n\nprose\n\n" + text)], config, NoModules(set()))
    records = {0: {"status": "passed"}, 1: {"status": "failed", "message": "NameError", "line": 8}}
    assert outcome.cacheable(records, None)
    payload = outcome.to_cache(first, records)
    restored = outcome.from_cache(moved.chains[0], payload)
    assert restored is not None and restored[1]["line"] == 12
    assert not outcome.cacheable({0: {"status": "timeout"}}, None)


def test_collector_counts_and_codes(tmp_path: Path, config: Config) -> None:
    built = plan.build_plan([make_pack(tmp_path, CHAINED)], config, NoModules(set(), {"cuda": {"cuda-devices": 1}}))
    collector = outcome.Collector(built, memory_mb=64)
    first, second = built.chains
    collector.add(first, {0: {"status": "memory", "message": "MemoryError", "line": 4, "output": "big\n"}})
    collector.add(second, {0: {"status": "wrong-exception", "message": "expected ValueError", "line": 30}})
    result = collector.outcome()
    assert [(d.line, d.code) for d in result.diagnostics] == [(4, "SK903"), (30, "SK904")]
    assert "memory cap (64 MiB)" in result.diagnostics[0].message
    assert "[output: big]" in result.diagnostics[0].message
    counts = result.per_skill[tmp_path / "demo"]
    assert counts["exec_failed"] == 2 and counts["exec_skipped"] == 4
    assert counts["exec_skip_reasons"] == "after a failure: 1, cuda: 2, needs a cluster: 1"


def test_collector_reports_a_failed_prelude_once(tmp_path: Path, config: Config) -> None:
    pack = make_pack(tmp_path, "```python\na = 1\n```\n\n```python\nb = 2\n```\n", prelude="1 / 0\n")
    built = plan.build_plan([pack], config, NoModules(set()))
    collector = outcome.Collector(built)
    for chain in built.chains:
        collector.add(chain, {}, {"status": "failed", "message": "ZeroDivisionError: division by zero", "line": 1})
    result = collector.outcome()
    assert [(d.path.name, d.code) for d in result.diagnostics] == [("examples_prelude.py", "SK901")]
    assert result.per_skill[tmp_path / "demo"]["exec_skip_reasons"] == "prelude failed: 2"


def test_unavailable_reports_every_block(tmp_path: Path, config: Config) -> None:
    built = plan.build_plan([make_pack(tmp_path, CHAINED)], config, NoModules(set(), {"cuda": {"cuda-devices": 1}}))
    collector = outcome.Collector(built)
    for chain in built.chains:
        collector.unavailable(chain, "torch is not installed")
    codes = [d.code for d in collector.outcome().diagnostics]
    assert codes == ["SK905"] * 3


def test_requirements_use_the_table_then_modules() -> None:
    env = NoModules({"torchvision"}, {"cuda": {"cuda-devices": 1}, "multi-gpu": {"cuda-devices": 2}})
    assert env.missing(["torchvision", "cuda", "multi-gpu", "nope"]) == ["cuda", "multi-gpu", "nope"]
    assert requirements.module_available("json")
    assert not requirements.module_available("not_a_real_module_xyz")
    assert not requirements.module_available("bad name")


def test_visible_devices_follow_cuda_visible_devices() -> None:
    assert requirements._visible(4, None) == 4
    assert requirements._visible(4, "0,1") == 2
    assert requirements._visible(4, "") == 0
    assert requirements._visible(4, "-1") == 0
    assert requirements._visible(1, "0,1,2") == 1


def test_torch_problem_when_torch_is_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    problem = requirements.Environment().torch_problem
    assert problem is not None and "torch is not installed" in problem


def test_environment_drops_credentials_and_pins_threads() -> None:
    environ = {"PATH": "/bin", "GITHUB_TOKEN": "t", "aws_secret_access_key": "s", "MY_API_KEY": "k", "HOME": "/h"}
    env = sandbox.example_environment(environ, load_config().get("exec-scrub-env"), {"MPLBACKEND": "Agg"})
    assert {"GITHUB_TOKEN", "aws_secret_access_key", "MY_API_KEY"}.isdisjoint(env)
    assert env["PATH"] == "/bin" and env["OMP_NUM_THREADS"] == "1" and env["MPLBACKEND"] == "Agg"
    assert env["PYTORCH_NVML_BASED_CUDA_CHECK"] == "1"


@pytest.mark.skipif(landlock.abi_version() < 1, reason="this kernel has no Landlock")
def test_landlock_refuses_writes_outside_the_allowed_folder(tmp_path: Path) -> None:
    allowed, other = tmp_path / "allowed", tmp_path / "other"
    allowed.mkdir()
    other.mkdir()
    (other / "keep.txt").write_text("keep")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        code = 1
        try:
            if landlock.restrict_writes([str(allowed)]):
                (allowed / "new.txt").write_text("ok")
                try:
                    (other / "keep.txt").unlink()
                except PermissionError:
                    code = 0
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        os._exit(code)
    assert os.waitpid(pid, 0)[1] == 0
    assert (other / "keep.txt").exists() and (allowed / "new.txt").exists()


def test_limits_from_dict_ignores_unknown_keys() -> None:
    limits = sandbox.Limits.from_dict({"memory_mb": 5, "colour": "red"})
    assert limits.memory_mb == 5 and limits.output_kb == sandbox.Limits().output_kb


def run_child(tmp_path: Path, sources: list[str], guard_on: bool = True) -> watch.Watched:
    """Fork a real child (plain python, no torch) running one chain per source, and watch it to the end."""
    path = str(tmp_path / "SKILL.md")
    chains = [{"path": path, "blocks": [{"line": 3, "source": s, "raises": None}]} for s in sources]
    spec = child.ChildSpec(chains=chains, chain_root=tmp_path / "child", guard=guard_on)
    limits = sandbox.Limits(restrict_writes=False)
    pid, result_r, out_r = watch.fork(spec, limits, 0)
    timeouts = {(n, 0): 20.0 for n in range(len(chains))}
    return watch.watch(pid, result_r, out_r, timeouts, 1 << 20, 0)


def test_chains_share_a_child_until_one_changes_the_process(tmp_path: Path) -> None:
    seen = run_child(
        tmp_path,
        [
            "import json\nvalue = json.dumps([1])",
            "assert 'value' not in globals()",
            "import math\nmath.pi = 3",
            "print('never runs in this child')",
        ],
    )
    assert [seen.records[(n, 0)]["status"] for n in range(3)] == ["passed"] * 3
    assert seen.changed[0] == [] and seen.changed[1] == []
    assert seen.changed[2] == ["module math"]
    assert seen.reached == 3 and (3, 0) not in seen.records


def test_guard_names_what_changed() -> None:
    before = guard.snapshot()
    os.environ["VS_GUARD_PROBE"] = "1"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            found = guard.changes(before, guard.snapshot())
    finally:
        del os.environ["VS_GUARD_PROBE"]
    assert "environment: VS_GUARD_PROBE" in found
    assert "process: warnings" in found
    assert guard.changes(before, guard.snapshot()) == []


def test_batches_split_files_evenly() -> None:
    class Chain:
        def __init__(self, name: str) -> None:
            self.path = Path(name)

    pending = [(Chain(f"f{i // 40}"), "") for i in range(440)]
    groups = runner.batches(pending, 2, per_chain=False)  # type: ignore[arg-type]
    assert sorted(len(g) for g in groups) == [20] * 22
    assert all(len({pending[i][0].path for i in g}) == 1 for g in groups)
    assert len(runner.batches(pending, 2, per_chain=True)) == 440  # type: ignore[arg-type]


def judge_source(source: str, raises: str | None = None, memory_capped: bool = False) -> dict:
    namespace: dict = {}
    block = {"line": 10, "source": source, "raises": raises}
    try:
        exec(compile(traceback_map.padded(source, 10), "/docs/SKILL.md", "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001
        return verdict.judge(exc, block, namespace, "/docs/SKILL.md", memory_capped)
    return verdict.judge(None, block, namespace, "/docs/SKILL.md", memory_capped)


def test_raises_means_exactly_that_exception() -> None:
    assert judge_source("int('x')", raises="ValueError")["status"] == "passed"
    assert judge_source("import json\njson.loads('{')", raises="json.JSONDecodeError")["status"] == "passed"
    subclass = judge_source("int('x')", raises="Exception")
    assert subclass["status"] == "wrong-exception" and "(a subclass)" in subclass["message"]
    nothing = judge_source("x = 1", raises="ValueError")
    assert nothing["status"] == "wrong-exception" and "nothing was raised" in nothing["message"]
    other = judge_source("a = 1\nlen(5)", raises="ValueError")
    assert (other["status"], other["line"]) == ("wrong-exception", 11)


def test_verdict_of_failures() -> None:
    failed = judge_source("a = 1\nb = a / 0")
    assert (failed["status"], failed["line"]) == ("failed", 11)
    assert failed["message"] == "ZeroDivisionError: division by zero"
    assert judge_source("raise MemoryError", memory_capped=True)["status"] == "memory"
    assert judge_source("raise MemoryError")["status"] == "failed"
    assert judge_source("raise SystemExit(3)")["message"] == "SystemExit: 3"


def test_output_is_filed_under_the_step_that_printed_it() -> None:
    """The watcher may read a step's end after the next step has printed; the marks keep the two apart."""
    from skillpack.execute import watch
    from skillpack.execute.protocol import BLOCK_MARK

    state = watch._State()
    stream = b"before" + BLOCK_MARK + b"first step" + BLOCK_MARK + b"second\x00step"
    for i in range(len(stream)):  # one byte a read: every mark arrives split across reads
        watch._keep(state, stream[i : i + 1])
    assert state.marks == 2
    assert bytes(state.segments[0]) == b"before" and bytes(state.segments[1]) == b"first step"
    state.starts = 1
    assert state.output == b"first step"  # what the first step's end records, though the second already printed
    state.starts = 2
    assert state.output == b"second\x00step"
