"""What a scan source is: something that says what to read, and yields the work; never the engine's owner.

A source (files, git history, staged changes, bundles, CI logs) implements `Source`: a `kind`, a `name`,
and `items(detection, workers)`, an iterator of:

- `Chunk`: text the runner scans here, in this process (cheap sources: the staged diff);
- `Tasks`: a stage of expensive work: `work(detection, payload)` for every payload, run by the runner on its
  worker pool (forked processes, threads or here, as `how` says and the pool allows). Each result comes back
  to `done` in this process, which turns it into outcomes (or folds it into the source's own state and
  returns none). The iterator resumes once every result of the stage is in, so a later stage can build on
  an earlier one (git history: list the commits, then read the new blobs, then attribute);
- outcomes: a `Finding`, a `Skipped` item or a `Counted` statistic, for the result.

The runner (runner.py) owns the engine, the pool and the `ScanResult`; a source holds none of them. What a
source's work needs to detect anything is the `Detection` it is handed: the engine, the scanner (the engine,
or the engine with a source's own detectors) and the path exclusion. The pool gives the same object to every
worker process when it forks, so `work` must be a module-level function (it is sent to the workers by name)
and payloads and results must pickle. Several sources can be run one after the other with one runner: one
engine, one pool (forked once), one result or one per source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import Finding, ScanResult, Skipped

if TYPE_CHECKING:  # typing only: the engine module loads Hyperscan
    from secretguard.scan.engine import Engine

# Where a stage runs: in this process, on threads (Hyperscan releases the GIL), or in forked processes (the
# judging around Hyperscan is Python and holds the GIL, so only processes use every core on large work).
Parallelism = Literal["serial", "threads", "processes"]

P = TypeVar("P")
R = TypeVar("R")


class Scanner(Protocol):
    """Finds secrets in a chunk: the engine, or something that runs beside it (bundles' inlined values)."""

    def scan(self, chunk: Chunk, notes: list[str] | None = None) -> list[Finding]: ...


class PathFilter(Protocol):
    """The compiled path allowlist (filters.any_of): a match means the path is not scanned."""

    def search(self, text: str | bytes) -> object: ...


@dataclass(frozen=True, slots=True)
class Detection:
    """What detection needs, built once per run by the runner and inherited by every worker it forks.
    `complete` is False when the run is partial before any source (a rule file not loaded): nothing may then
    be remembered as fully scanned (a history's incremental state)."""

    engine: Engine
    scanner: Scanner
    exclude: PathFilter | None = None
    complete: bool = True

    def excluded(self, path: str) -> bool:
        return self.exclude is not None and bool(self.exclude.search(path))

    def before_fork(self) -> None:
        """Called by the pool just before it forks its workers (pool.py)."""
        self.engine.before_fork()

    def scan_into(self, chunk: Chunk, part: ScanResult) -> None:
        """Scan `chunk` into `part` (a share of the result) unless its path is excluded (then counted)."""
        if self.excluded(chunk.path):
            part.count("excluded")
            return
        notes: list[str] = []
        part.findings += self.scanner.scan(chunk, notes)
        part.skipped += [Skipped(chunk.path, note) for note in notes]


@dataclass(frozen=True, slots=True)
class Counted:
    """A statistic for the summary: `key` grows by `n` (0 makes it appear)."""

    key: str
    n: int = 1


Outcome = Finding | Skipped | Counted


@dataclass(frozen=True, slots=True)
class Tasks(Generic[P, R]):
    """A stage of work for the runner's pool (see the module docstring). `payloads` may be lazy: it is read
    as workers take tasks (a folder is still being listed while the first files are scanned)."""

    work: Callable[[Detection, P], R]
    payloads: Iterable[P]
    done: Callable[[R], Iterable[Outcome]]
    how: Parallelism = "processes"


Item = Chunk | Finding | Skipped | Counted | Tasks[Any, Any]


class Source(Protocol):
    """Something to scan. `kind` names the source type ("files", "git", "staged", "bundle", "ci-log");
    `name` what it reads (the paths, the repository), for messages."""

    @property
    def kind(self) -> str: ...

    @property
    def name(self) -> str: ...

    def items(self, detection: Detection, workers: int) -> Iterator[Item]:
        """The work and outcomes of this source; `workers` is the pool's width (to size batches)."""
        ...


class Progress(Protocol):
    """How a long source reports progress and notes to the person waiting (the CLI's terminal bar); a source
    never writes to the terminal itself."""

    def stage(self, label: str, total: int) -> None: ...

    def advance(self, count: int, size: int = 0) -> None: ...

    def note(self, message: str) -> None: ...

    def stop(self) -> None: ...


class Silent:
    """No progress shown, no notes (library use, tests, output that is not a terminal)."""

    def stage(self, label: str, total: int) -> None:
        pass

    def advance(self, count: int, size: int = 0) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def stop(self) -> None:
        pass


def outcomes(part: ScanResult) -> Iterator[Outcome]:
    """A share of the result (a worker's, or what a source noted) as outcomes."""
    yield from part.findings
    yield from part.skipped
    for key, n in part.stats.items():
        yield Counted(key, n)


def drain(record: ScanResult) -> Iterator[Outcome]:
    """What a source noted so far, as outcomes, leaving `record` empty for what comes next. For the
    helpers that note skipped items and counters into a ScanResult as they read (listing, git, CI logs)."""
    part = ScanResult(record.findings[:], record.skipped[:], dict(record.stats))
    record.findings.clear()
    record.skipped.clear()
    record.stats.clear()
    return outcomes(part)


def interleaved(chunks: Iterable[Chunk], record: ScanResult) -> Iterator[Item]:
    """`chunks` as items, each preceded by what the reading noted in `record` before it (so skipped items
    keep their place among the engine's notes)."""
    for chunk in chunks:
        yield from drain(record)
        yield chunk
    yield from drain(record)
