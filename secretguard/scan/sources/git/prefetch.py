"""The commits of a whole-history scan, selected on a thread from the moment the command starts.

Opening the repository, listing and checking its refs and walking its commits in topological order is git's
work (flask: ~50 ms of four git commands, one after the other); started as `scan git` starts, it runs beside
the imports and the engine build, which need the main thread, instead of after them. The thread runs exactly
what `HistorySource` would run itself (repo.open_repo, repo.ref_tips, repo.rev_list), so the selection is the
same; the source falls back to running it itself whenever the prefetch does not fit (another path, a branch,
a range, an incremental or multi-repository run) or failed in a way it does not report itself.
"""

from __future__ import annotations

import threading

from secretguard.scan.finding import ScanResult
from secretguard.scan.sources.git.repo import Repo, RepoError, open_repo, ref_tips, rev_list


class Prefetch:
    """Every ref's commits of the repository at `path`, selected on a daemon thread."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.repo: Repo | None = None
        self.error: RepoError | None = None  # the repository cannot be opened: reported as open_repo's is
        self.tips: list[str] = []
        self.commits: list[str] = []
        self.record = ScanResult()  # what the selection notes (broken refs, a walk that stopped)
        self._done = False  # False after join(): an unexpected failure, the source selects on its own
        self._thread = threading.Thread(target=self._run, name="prefetch-commits", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.repo = open_repo(self.path)
        except RepoError as exc:
            self.error = exc
            self._done = True
            return
        except Exception:  # noqa: BLE001 - anything else: the source runs the same steps and reports it
            return
        try:
            self.tips = ref_tips(self.repo, self.record)
            self.commits = rev_list(self.repo, self.record, revisions=self.tips) if self.tips else []
        except Exception:  # noqa: BLE001 - as above
            return
        self._done = True

    def result(self) -> Prefetch | None:
        """This prefetch once its thread is done, or None when it failed unexpectedly."""
        self._thread.join()
        return self if self._done else None
