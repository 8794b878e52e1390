"""`secretguard ARGS...` in this process through the command's entry point (secretguard.entry.run), which
tries the fast path first, recording how the answer came: from the rule screen alone (`fast`), from the
engine run by the fast path without the CLI (`engine`), or from the full path (neither)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from secretguard import entry
from secretguard.cli import fast


@dataclass(frozen=True)
class Answer:
    code: int
    out: str
    err: str
    fast: bool  # the rule screen answered (no engine, no full run)
    engine: bool = False  # the fast path ran the engine itself (no click, no pydantic-settings)

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
        engine: list[str] = []
        original = fast.try_fast

        def spy(argv: list[str]) -> int | None:
            answered.append(None)
            answered[-1] = original(argv)
            return answered[-1]

        def engine_spy(name: str) -> Callable[..., int | None]:
            run = getattr(fast, name)

            def call(*a: Any, **k: Any) -> int | None:
                engine.append(name)
                return run(*a, **k)  # type: ignore[no-any-return]

            return call

        self.capsys.readouterr()
        with self.monkeypatch.context() as patch:
            patch.setattr(fast, "try_fast", spy)
            for name in ("_engine_files", "_engine_staged", "_history"):
                patch.setattr(fast, name, engine_spy(name))
            code = entry.run([str(a) for a in args])
        out, err = self.capsys.readouterr()
        assert len(answered) == 1, "the fast path must be tried exactly once"
        by_engine = bool(engine) and answered[0] is not None
        return Answer(code, out, err, answered[0] is not None and not engine, by_engine)

    def full(self, *args: str | Path) -> Answer:
        """The full path alone (the click application), as a run without the fast path answers."""
        from secretguard.cli import main

        self.capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return Answer(code, out, err, fast=False)

    def twice(self, *args: str | Path) -> tuple[Answer, Answer]:
        """The first run (the full path, which stores what the fast path needs) and the second."""
        first = self(*args)
        return first, self(*args)
