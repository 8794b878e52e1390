"""The one worker pool: forked once and reused by every stage of a run, its context inherited (never pickled),
serial with one worker, and no worker state in the parent."""

from __future__ import annotations

import os
import re
import sys
import threading
from pathlib import Path

import pytest

import secretguard
from secretguard.scan import pool as pool_module
from secretguard.scan.engine import Engine
from secretguard.scan.pool import WorkerPool
from secretguard.scan.rules import Rule
from secretguard.scan.source import Detection, Parallelism


class _Context:
    """Holds a lock, which cannot be pickled: a pool that pickled its context would fail."""

    def __init__(self, tag: str) -> None:
        self.lock = threading.Lock()
        self.tag = tag


def _where(context: _Context, payload: int) -> tuple[int, str, int]:
    return os.getpid(), context.tag, payload * 2


def _fail(context: _Context, payload: int) -> int:
    raise ValueError(f"task {payload} failed in {context.tag}")


def test_processes_forked_once_for_several_maps_with_the_context_inherited() -> None:
    with WorkerPool(_Context("run-1"), 2) as pool:
        first = list(pool.map(_where, range(40), "processes"))
        second = list(pool.map(_where, range(40, 80), "processes"))
    assert sorted(out for _, _, out in first + second) == [2 * i for i in range(80)]
    assert {tag for _, tag, _ in first + second} == {"run-1"}
    workers = {pid for pid, _, _ in first + second}
    assert os.getpid() not in workers
    assert len(workers) <= 2  # the second map ran on the processes the first one forked


def test_threads_keep_order_and_run_here() -> None:
    with WorkerPool(_Context("t"), 3) as pool:
        out = list(pool.map(_where, range(50), "threads"))
    assert [value for _, _, value in out] == [2 * i for i in range(50)]
    assert {pid for pid, _, _ in out} == {os.getpid()}


@pytest.mark.parametrize("how", ["processes", "threads", "serial"])
def test_one_worker_is_serial(how: Parallelism) -> None:
    with WorkerPool(_Context("s"), 1) as pool:
        out = list(pool.map(_where, range(5), how))
    assert [value for _, _, value in out] == [0, 2, 4, 6, 8]
    assert {pid for pid, _, _ in out} == {os.getpid()}


def test_a_failing_task_raises_in_the_caller() -> None:
    with pytest.raises(ValueError, match=r"task 3 failed in f"), WorkerPool(_Context("f"), 2) as pool:
        list(pool.map(_fail, [3], "processes"))


def test_the_parent_never_holds_worker_state() -> None:
    with WorkerPool(_Context("p"), 2) as pool:
        list(pool.map(_where, range(8), "processes"))
    assert pool_module._Worker.context is None


def test_no_module_global_set_to_none_in_the_package() -> None:
    """The issue's check (`grep -rn "^_[A-Z_]* *=.*None" secretguard/`): no module-global slot that work
    is handed through."""
    pattern = re.compile(r"^_[A-Z_]* *=.*None")
    root = Path(secretguard.__file__).parent
    hits = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.suffix in {".py", ".pyi"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.match(line)
    ]
    assert hits == []


class _Warmed(_Context):
    """A context whose `before_fork` the pool calls once, in the parent, before it forks."""

    def __init__(self, tag: str) -> None:
        super().__init__(tag)
        self.forks_prepared = 0

    def before_fork(self) -> None:
        self.forks_prepared += 1


def _prepared(context: _Warmed, payload: int) -> int:
    return context.forks_prepared + payload


def test_before_fork_runs_once_in_the_parent_and_the_workers_inherit_it() -> None:
    context = _Warmed("w")
    with WorkerPool(context, 2) as pool:
        first = list(pool.map(_prepared, [0, 0, 0], "processes"))
        second = list(pool.map(_prepared, [10], "processes"))
    assert context.forks_prepared == 1
    assert first == [1, 1, 1]
    assert second == [11]


def _detect_secrets_loaded(_context: object, _payload: int) -> bool:
    return "detect_secrets.filters.heuristic" in sys.modules


def test_the_heuristics_load_before_the_fork_even_when_started_in_the_background(engine: Engine) -> None:
    engine.warm_up()  # a thread starts the import; the fork must wait for it
    with WorkerPool(Detection(engine, engine), 2) as pool:
        loaded = list(pool.map(_detect_secrets_loaded, [0, 1], "processes"))
    assert loaded == [True, True]


def _databases_loaded(context: Detection, _payload: int) -> list[bool]:
    matcher = context.engine.matcher
    return [p._compiled for p in (matcher._small, matcher._main, matcher._generic, matcher._bound)]


def test_the_matcher_databases_load_once_before_the_fork_and_the_workers_inherit_them(
    rules: list[Rule], cache_dir: Path
) -> None:
    fresh = Engine(rules)  # its own matcher: nothing loaded yet (the databases come from the cache)
    assert not any(_databases_loaded(Detection(fresh, fresh), 0))
    fresh.warm_up()
    with WorkerPool(Detection(fresh, fresh), 2) as pool:
        loaded = list(pool.map(_databases_loaded, [0, 1], "processes"))
    assert loaded == [[True] * 4, [True] * 4]
