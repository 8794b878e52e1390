"""Go files that are not the server, whatever their place: each gives its reads a scope.

- `build`: mage build scripts, a file constrained to the `mage` build tag (`//go:build mage`, or the older
  `// +build mage`), `mage.go` (mage's zero-install runner) and any file under a `magefiles/` folder (mage's
  folder of targets): `go build` of the program leaves them out.
- `test`: test support that is not a `_test.go` file: `test.go`, `testing.go`, `testutil*.go`,
  `testhelper*.go` in a package other than `main` (helpers tests import, `CreateTestEngine()`), a file of a
  package named for tests (`testingutil`) that imports `testing` and has functions taking the test (`func
  NewDB(tb testing.TB)`), and any file under an `integration/` folder (Go's conventional home of
  integration suites and their harness).
- `dev`: a file constrained to the `ignore` tag (`//go:build ignore`: a generator or helper only `go run`
  or `go:generate` runs, never part of a build) or to one tag named for that (`go_run_only`, `tools`), and
  the folder of a program a `//go:generate go run ./gen` directive runs (a code generator); a second
  program, a nested module (its own `go.mod` inside another module's tree: the outer module's build never
  includes it, e.g. a companion CLI or a plugin SDK), unless a Dockerfile in its folder builds it, the root
  Dockerfile names its folder or the root go.mod replaces a module with it (a vendored library).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_PACKAGE = re.compile(r"(?m)^package\s+([A-Za-z_][A-Za-z0-9_]*)")
_LOCAL_REPLACE = re.compile(r"=>\s*(\.{1,2}/[\w./-]+)")
# The constraint line, before the package clause: `//go:build mage`, `//go:build mage && linux`.
_MAGE_TAG = re.compile(r"(?m)^//\s*(?:go:build|\+build)\s+(?:[^\n]*[\s(&|!])?mage\b(?![.\w-])")
_IGNORE_TAG = re.compile(r"(?m)^//\s*(?:go:build|\+build)\s+ignore\s*$")
# One tag no build sets, named for running by hand (`//go:build go_run_only`, `generate`, `tools`).
_RUN_ONLY_TAG = re.compile(r"(?m)^//\s*(?:go:build|\+build)\s+(\w+)\s*$")
_RUN_ONLY_WORDS = frozenset({"ignore", "run", "gen", "generate", "generator", "tools", "tool"})
_TEST_SUPPORT_PREFIXES = ("testutil", "testhelper")
# `//go:generate go run ./genwrap -debug`: the folder of the generator program (relative to the file's).
_GENERATE_RUN = re.compile(r"(?m)^//go:generate\s+go\s+run\s+(?:-\S+\s+)*(\.{1,2}/[\w./-]*)")


def generator_folders(text: str, file: str) -> set[str]:
    """The project folders of the generator programs the file's `//go:generate go run` directives run."""
    if "go:generate" not in text:
        return set()
    folder = posixpath.dirname(file)
    out: set[str] = set()
    for target in _GENERATE_RUN.findall(text):
        program = posixpath.dirname(target) if target.endswith(".go") else target
        path = posixpath.normpath(posixpath.join(folder, program))
        if path not in (".", "") and not path.startswith(".."):
            out.add(path)
    return out


def file_scope(text: str, file: str) -> str | None:
    """The scope the file's own name, place or build constraint gives its reads (None: decided later)."""
    parts = file.lower().split("/")
    name = parts[-1]
    package = _PACKAGE.search(text)
    head = text[: package.start()] if package else text[:2000]
    if name == "mage.go" or "magefiles" in parts[:-1] or _MAGE_TAG.search(head):
        return "build"
    if _IGNORE_TAG.search(head) or any(
        _RUN_ONLY_WORDS.intersection(tag.lower().split("_")) for tag in _RUN_ONLY_TAG.findall(head)
    ):
        return "dev"
    if "integration" in parts[:-1]:
        return "test"
    stem = name.removesuffix(".go")
    support = stem in ("test", "testing") or stem.startswith(_TEST_SUPPORT_PREFIXES)
    if support and package is not None and package.group(1) != "main":
        return "test"
    if package is not None and package.group(1) != "main" and _testing_helper(text, package.group(1)):
        return "test"
    return None


# `import "testing"` (alone or in a block) and a helper taking the test: `func NewDB(tb testing.TB, ...)`.
_IMPORTS_TESTING = re.compile(r'(?m)^(?:import\s+|\s+)(?:\w+\s+)?"testing"\s*$')
_FUNCTION = re.compile(r"(?m)^func\b")
_TEST_SHARE = 0.2  # of a file's functions taking the test: a helper file, not one helper in a runtime file
_TAKES_TEST = re.compile(r"(?m)^func\b[^{\n]*[(,]\s*\w+\s+\*?testing\.(?:TB|T|B)\b")


def _testing_helper(text: str, package: str) -> bool:
    """A non-test file of test support (`internal/testingutil/testingutil.go`): it imports `testing` and its
    functions take the test (`tb testing.TB`). The program never links it: only `_test.go` files can call
    such a function."""
    if '"testing"' not in text or _IMPORTS_TESTING.search(text) is None:
        return False
    taking = len(_TAKES_TEST.findall(text))
    if not taking:
        return False
    # `package testingutil`, `package suites`; else most of the file is test support (a config package's one
    # `Enable(t *testing.T)` leaves its settings the app's)
    named = any(word in package.lower() for word in ("test", "suite"))
    return named or taking >= _TEST_SHARE * max(1, len(_FUNCTION.findall(text)))


@dataclass
class Modules:
    """Which folders hold Go files, to find the nested modules once the project is read."""

    folders: set[str] = field(default_factory=set)
    _has_mod: dict[str, bool] = field(default_factory=dict)

    def add(self, file: str) -> None:
        self.folders.add(posixpath.dirname(file))

    def second_programs(self, read_file: Callable[[str], str | None]) -> dict[str, str]:
        """Folder of Go files -> `dev`, for the folders inside a nested module no Dockerfile builds."""
        out: dict[str, str] = {}
        dockerfile = read_file("Dockerfile") or ""
        # `replace github.com/ory/x => ./oryx`: the root's build compiles those modules in
        replaced = {posixpath.normpath(p) for p in _LOCAL_REPLACE.findall(read_file("go.mod") or "")}
        for folder in self.folders:
            module = self._module(folder, read_file)
            if module is None or not module or self._module(posixpath.dirname(module), read_file) is None:
                continue  # the root module, no module, or a module inside no other one
            if read_file(posixpath.join(module, "Dockerfile")) is not None:
                continue
            if re.search(rf"(?<![\w./-])(?:\./)?{re.escape(module)}(?![\w-])", dockerfile):
                continue
            if module in replaced:
                continue
            out[folder] = "dev"
        return out

    def _module(self, folder: str, read_file: Callable[[str], str | None]) -> str | None:
        """The folder of the nearest `go.mod` at or above folder ("" for the root), None if there is none."""
        current = folder
        for _ in range(64):
            if current not in self._has_mod:
                mod = posixpath.join(current, "go.mod") if current else "go.mod"
                self._has_mod[current] = read_file(mod) is not None
            if self._has_mod[current]:
                return current
            if not current:
                return None
            current = posixpath.dirname(current)
        return None


def test_helper_spans(text: str) -> list[tuple[int, int]]:
    """The line spans of a file's top-level functions that take the test (`func JsonnetTestBinary(t
    testing.TB) string {` ... the closing `}` at the line's start): their reads are the tests'."""
    if '"testing"' not in text or _IMPORTS_TESTING.search(text) is None:
        return []
    lines = text.splitlines()
    spans: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        if _TAKES_TEST.match(line) is None:
            continue
        end = next((k for k in range(number, len(lines)) if lines[k].startswith("}")), None)
        if end is not None:
            spans.append((number, end + 1))
    return spans
