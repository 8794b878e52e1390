"""Which job and step a line belongs to, from file names or from the markers each CI writes."""

from __future__ import annotations

from secretguard.scan.sources.ci_log.dialect import Dialect

Where = tuple[str | None, str | None]  # (job, step)


class StepTracker:
    """Follows step markers through one log.

    A step log from an archive (`build/3_Run tests.txt`) is one step: its name wins over any marker inside.
    Elsewhere: GitHub's latest `##[group]` title (kept after `##[endgroup]`, since a step's group holds its
    command and its output follows), GitLab's innermost open `section_start`, Jenkins' innermost named
    `[Pipeline] { (Stage)` block.
    """

    def __init__(self, dialect: Dialect, job: str | None, step: str | None) -> None:
        self.dialect = dialect
        self.job = job
        self.step = step
        self._fixed = step is not None
        self._stack: list[str] = []

    @property
    def where(self) -> Where:
        return (self.job, self.step)

    def apply(self, kind: str, value: str) -> None:
        if self._fixed:
            return
        if kind == "group":
            self.step = value or self.step
        elif kind == "section_start":
            self._stack.append(value)
            self.step = value
        elif kind == "section_end":
            if value in self._stack:
                del self._stack[len(self._stack) - 1 - self._stack[::-1].index(value) :]
            self.step = self._stack[-1] if self._stack else None
        elif kind == "open":
            self._stack.append(value)
            self.step = self._innermost()
        elif kind == "close":
            if self._stack:
                self._stack.pop()
            self.step = self._innermost()

    def _innermost(self) -> str | None:
        return next((name for name in reversed(self._stack) if name), None)
