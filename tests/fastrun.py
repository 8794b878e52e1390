"""`secretguard ARGS...` in this process through the command's entry point (secretguard.entry.run), which
tries the fast path first, recording whether the fast path gave the answer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from secretguard import entry
from secretguard.cli import fast


@dataclass(frozen=True)
class Answer:
    code: int
    out: str
    err: str
    fast: bool  # the fast path answered (no full run)

    @property
    def shown(self) -> tuple[int, str, str]:
        """What the user sees: exit code, standard output, standard error."""
        return self.code, self.out, self.err


class EntryRunner:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str | Path) -> Answer:
        answered: list[int | None] = []
        original = fast.try_fast

        def spy(argv: list[str]) -> int | None:
            answered.append(None)
            answered[-1] = original(argv)
            return answered[-1]

        self.capsys.readouterr()
        with self.monkeypatch.context() as patch:
            patch.setattr(fast, "try_fast", spy)
            code = entry.run([str(a) for a in args])
        out, err = self.capsys.readouterr()
        assert len(answered) == 1, "the fast path must be tried exactly once"
        return Answer(code, out, err, answered[0] is not None)

    def twice(self, *args: str | Path) -> tuple[Answer, Answer]:
        """The first run (the full path, which stores what the fast path needs) and the second."""
        first = self(*args)
        return first, self(*args)
