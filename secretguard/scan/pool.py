"""The one worker pool of a run: forked processes or threads, created once and fed any number of stages.

    with WorkerPool(context, workers=4) as pool:
        for out in pool.map(work, payloads, "processes"):   # work(context, payload) -> out, in a worker
            ...
        for out in pool.map(other, more, "threads"):        # the same pool: another stage, another source
            ...

Processes are forked on the first "processes" map and reused by every later one; `context` (for the
scanner: the engine with its compiled Hyperscan databases, and the path exclusion) is handed to each of
them by the pool's initializer at the fork, inherited rather than pickled, so it is built once per run
whatever the number of sources. Only payloads and results cross the process boundary: `work` is sent by
name (a module-level function) and payloads and results must pickle. Results of a "processes" map come in
the order they finish.

"threads" maps run on a thread pool (Hyperscan releases the GIL) with a bounded number of tasks in flight,
results in order; "serial" maps run here, as the caller reads them. With one worker every map is serial;
without fork (Windows, macOS' default) a "processes" map runs on threads.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from secretguard.scan.source import Parallelism

if TYPE_CHECKING:  # multiprocessing.pool is imported by the first process map (3 ms the hook need not pay)
    from multiprocessing.pool import Pool

C = TypeVar("C")
P = TypeVar("P")
R = TypeVar("R")

MAX_WORKERS = 64
# Tasks queued per thread: enough to keep every thread busy, few enough to bound memory (file contents).
THREAD_WINDOW = 4


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class _Worker:
    """A worker process's context, set by `_start` (the pool's initializer) in the worker right after the
    fork. Only worker processes set it: a parent's pools hold their context themselves."""

    context: object = None


def _start(context: object) -> None:
    _Worker.context = context


def _call(job: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    work, payload = job
    return work(_Worker.context, payload)


class WorkerPool(Generic[C]):
    """`workers` processes or threads at most (capped at MAX_WORKERS), started on first need."""

    def __init__(self, context: C, workers: int) -> None:
        self.context = context
        self.workers = max(1, min(workers, MAX_WORKERS))
        self._processes: Pool | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._starting = threading.Lock()  # sources run from several threads (scan repos) start it once

    def map(self, work: Callable[[C, P], R], payloads: Iterable[P], how: Parallelism) -> Iterator[R]:
        """`work(context, payload)` for every payload, where `how` says (see the module docstring)."""
        if self.workers <= 1 or how == "serial":
            return (work(self.context, payload) for payload in payloads)
        if how == "processes" and can_fork():
            return self._in_processes(work, payloads)
        return self._on_threads(work, payloads)

    def prepare(self) -> None:
        """Fork the worker processes now, if they will be used and are not running yet: a caller about to
        run sources from several threads calls this first (forking beside running threads is unsafe)."""
        if self.workers > 1 and can_fork():
            self._start_processes()

    def _start_processes(self) -> Pool:
        with self._starting:
            return self._started_processes()

    def _started_processes(self) -> Pool:
        if self._processes is None:
            before_fork = getattr(self.context, "before_fork", None)
            if callable(before_fork):
                before_fork()  # what each worker would load on its own, loaded once and inherited
            # Workers never collect the parent's objects: frozen, the collector leaves their pages shared.
            gc.freeze()
            try:
                self._processes = multiprocessing.get_context("fork").Pool(
                    processes=self.workers, initializer=_start, initargs=(self.context,)
                )
            finally:
                gc.unfreeze()
        return self._processes

    def _in_processes(self, work: Callable[[C, P], R], payloads: Iterable[P]) -> Iterator[R]:
        pool = self._start_processes()
        jobs = ((work, payload) for payload in payloads)
        results: Iterator[R] = pool.imap_unordered(_call, jobs, chunksize=1)
        return results

    def _on_threads(self, work: Callable[[C, P], R], payloads: Iterable[P]) -> Iterator[R]:
        with self._starting:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="scan")
            threads = self._threads
        pending: deque[Future[R]] = deque()
        window = self.workers * THREAD_WINDOW
        for payload in payloads:
            pending.append(threads.submit(work, self.context, payload))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self, *, failed: bool = False) -> None:
        """Stop the workers: once their work is done, or at once when the run `failed`."""
        if self._processes is not None:
            if failed:
                self._processes.terminate()
            else:
                self._processes.close()
            self._processes.join()
            self._processes = None
        if self._threads is not None:
            self._threads.shutdown(cancel_futures=failed)
            self._threads = None

    def __enter__(self) -> WorkerPool[C]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(failed=kind is not None)
