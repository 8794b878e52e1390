"""Shared fixtures: an isolated cache and working folder, one engine per session, the CLI run in-process."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from secretguard.scan.engine import Engine
from secretguard.scan.rules import Rule, builtin_rules
from tests.helpers import Planted, planted_secrets
from tests.servers import aws_env, bao, moto_server, uid, vault_env  # noqa: F401 - fixtures for every test folder

CACHE_ENV = "SECRETGUARD_CACHE_DIR"


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled Hyperscan databases go to a session folder, never to ~/.cache."""
    folder = tmp_path_factory.mktemp("secretguard-cache")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session")
def empty_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("empty-cwd")


@pytest.fixture(autouse=True)
def isolated(request: pytest.FixtureRequest, empty_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs without the developer's SECRETGUARD_* settings, in its own `tmp_path` when it uses one
    (settings read .secretguard.toml and pyproject.toml from the working folder), else in a shared empty
    folder: creating a tmp_path costs milliseconds, which adds up over the ~1600 rule-example tests."""
    for key in list(os.environ):
        if key.startswith("SECRETGUARD_") and key != CACHE_ENV:
            monkeypatch.delenv(key)
    folder: Path = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else empty_folder
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(scope="session")
def rules() -> list[Rule]:
    return builtin_rules()


@pytest.fixture(scope="session")
def engine(rules: list[Rule], cache_dir: Path) -> Engine:
    """The full built-in rule set, compiled once (compiling takes about a second)."""
    return Engine(rules)


@pytest.fixture(scope="session")
def planted() -> list[Planted]:
    return planted_secrets()


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str


CliRunner = Callable[..., CliRun]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], rules: list[Rule], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """`secretguard ARGS...` in this process: exit code, standard output, standard error.

    The built-in rule files are parsed once per session (they are immutable); everything else, from
    settings to output, runs as in a real invocation.
    """
    from secretguard.cli import main
    from secretguard.scan import runner

    for name in ("builtin_rules", "builtin_rules_cached"):
        if hasattr(runner, name):
            monkeypatch.setattr(runner, name, lambda: list(rules))

    def run(*args: str | Path) -> CliRun:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return CliRun(code, out, err)

    return run


@pytest.fixture
def project(tmp_path: Path, planted: list[Planted]) -> Path:
    """`proj/` under the test folder: one file per planted secret (named after its rule), and a clean one."""
    folder = tmp_path / "proj"
    (folder / "config").mkdir(parents=True)
    for item in planted:
        (folder / "config" / f"{item.rule_id}.cfg").write_text(item.text, encoding="utf-8")
    (folder / "README.md").write_text("# nothing secret here\n", encoding="utf-8")
    return folder
