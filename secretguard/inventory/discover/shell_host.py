"""Shell scripts and names that belong to the host, not to the application (used by shell.py).

- Operator wrappers: a script that runs `docker compose exec|run`, `docker exec|run` (or podman's) against
  the app runs on the operator's machine (`docker/artisan`, `bin/shell`): `dev` scope, wherever it is.
- Developer task runners: a top-level script without an extension (`./manage test`, `./dev lint`), not an
  entrypoint, that runs a linter, formatter, test runner or docs builder works on the source tree.
- Host installers: a top-level script that sources `/etc/os-release` to pick the host's package manager.
- The names `/etc/os-release` (and `/etc/lsb-release`) define, in a script that sources it: the host OS's
  (`ID`, `VERSION_ID`), never the application's configuration.
- Globals of a script's functions: a function reading `$PACKAGES` that the script assigns before it first
  calls the function reads the script's own variable, not the environment. The assignment may be at top
  level or in another function that runs first (`setup_colours() { GREEN=...; }` called before `header()`
  echoes `$GREEN`): runs are ordered by their call chains from the top level. A `local` is no global. A signal
  handler (`trap terminate TERM INT`) runs when the signal arrives, while the script goes on: any global the
  script assigns at top level (`APP_PID=$!` after the trap) is its own there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_WRAPPER = re.compile(
    r"(?:^|[;&|(`{]|\$\(|\bthen\b|\bdo\b|\belse\b|\bsudo\b|\bexec\b)[ \t]*"
    r"(?:docker(?:[ \t]+compose)?|docker-compose|podman(?:[ \t]+compose)?|podman-compose)"
    r"(?:[ \t]+-{1,2}[\w-]+(?:[ \t=]+[^\s-]\S*)?)*?[ \t]+(?:exec|run)\b"
)
# Managing containers or a swarm from outside them (`docker inspect $id`, `while ! docker exec ...`,
# `docker service ls`, `docker stack deploy`, `docker container logs`): only the host's shell does that.
_MANAGES = re.compile(
    r"(?:^|[;&|(`{!]|\$\(|\b(?:then|do|else|sudo|exec|if|while|until)\b)[ \t]*"
    r"(?:docker|podman)[ \t]+(?:stack|service|inspect|ps|logs|cp|container|exec|run)\b"
)
_SOURCES_RELEASE = re.compile(r"(?:^|[\s;&|(])(?:source|\.)[ \t]+[\"']?/etc/(os|lsb)-release\b", re.MULTILINE)
OS_RELEASE_NAMES = frozenset(
    """
    NAME VERSION ID ID_LIKE VERSION_ID VERSION_CODENAME PRETTY_NAME HOME_URL SUPPORT_URL BUG_REPORT_URL
    PRIVACY_POLICY_URL DOCUMENTATION_URL UBUNTU_CODENAME BUILD_ID VARIANT VARIANT_ID CPE_NAME LOGO ANSI_COLOR
    IMAGE_ID IMAGE_VERSION PLATFORM_ID
    """.split()
)
LSB_RELEASE_NAMES = frozenset({"DISTRIB_ID", "DISTRIB_RELEASE", "DISTRIB_CODENAME", "DISTRIB_DESCRIPTION"})
_FUNCTION = re.compile(
    r"^([ \t]*)(?:function[ \t]+([A-Za-z_][\w-]*)[ \t]*(?:\([ \t]*\))?|([A-Za-z_][\w-]*)[ \t]*\([ \t]*\))"
    r"[ \t]*\{?[ \t]*(?:#.*)?$"
)
_MAX_DEPTH = 4
# `trap terminate TERM`, `trap 'cleanup' EXIT`, `trap "on_exit" INT TERM`: the handler's name.
_TRAP = re.compile(r"""(?:^|[;&|({]|\bthen\b|\bdo\b)[ \t]*trap[ \t]+["']?([A-Za-z_][\w-]*)["']?[ \t]""", re.M)


# A developer tool run as a command, perhaps through a runner (`pyenv.cmd black src`, `npx eslint .`,
# `poetry run pytest`, `python -m mypy`).
_DEV_TOOL = re.compile(
    r"(?:^|[;&|(`{]|\$\(|\bthen\b|\bdo\b|\belse\b)[ \t]*(?:[\w.-]+[ \t]+){0,2}"
    r"(?:black|isort|flake8|pylint|ruff|mypy|pyright|pytest|tox|nox|eslint|prettier|stylelint|shellcheck"
    r"|yamllint|sphinx-build|mkdocs|jest|vitest|phpunit|phpstan|rubocop|rspec|golangci-lint|gofmt)"
    r"(?=$|[ \t;&|)])"
)


def _code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def operator_script(file: str, text: str) -> bool:
    """A script (not an entrypoint) running or managing the app's containers from the host: `dev`."""
    name = file.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if "entrypoint" in name or ("docker" not in text and "podman" not in text):
        return False
    return any(_WRAPPER.search(line.strip()) or _MANAGES.search(line.strip()) for line in _code_lines(text))


def host_installer(file: str, text: str) -> bool:
    """A top-level script (not an entrypoint) that reads the host's `/etc/os-release`: an installer."""
    path = file.replace("\\", "/")
    return "/" not in path and "entrypoint" not in path.lower() and bool(_SOURCES_RELEASE.search(text))


def task_runner(file: str, text: str) -> bool:
    """A top-level extensionless script (not an entrypoint) that runs developer tools: a task runner."""
    path = file.replace("\\", "/")
    if "/" in path or "." in path or "entrypoint" in path.lower():
        return False
    return any(_DEV_TOOL.search(line.strip()) for line in _code_lines(text))


def release_names(text: str) -> frozenset[str]:
    """The names a script gets by sourcing the system's release file."""
    if "release" not in text:
        return frozenset()
    kinds = {m.group(1) for m in _SOURCES_RELEASE.finditer(text)}
    return (OS_RELEASE_NAMES if "os" in kinds else frozenset()) | (
        LSB_RELEASE_NAMES if "lsb" in kinds else frozenset()
    )


def functions(lines: list[str]) -> list[tuple[str, int, int]]:
    """(name, first line, last line) of each function defined at the start of a line, 1-based."""
    found: list[tuple[str, int, int]] = []
    open_fn: tuple[str, int, int] | None = None
    for number, line in enumerate(lines, 1):
        if open_fn is None:
            match = _FUNCTION.match(line)
            if match:
                open_fn = (match.group(2) or match.group(3), len(match.group(1)), number)
        elif line.strip().startswith("}") and len(line) - len(line.lstrip()) <= open_fn[1]:
            found.append((open_fn[0], open_fn[2], number))
            open_fn = None
    return found


def _call_pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        r"(?:^|[;&|({]|\$\(|\bthen\b|\bdo\b|\belse\b|\|\||&&)[ \t]*" + re.escape(name) + r"(?=$|[\s;&|)])"
    )


LOCAL_DECLARATION = re.compile(r"(?:^|[\s;&|(])(?:local|declare|typeset)\b")
Run = tuple[int, ...]  # a call chain from the top level: the top-level line, then each caller's call line


def function_globals(text: str, assigns: Callable[[str], list[str]]) -> dict[str, list[tuple[int, int]]]:
    """For each name the script assigns as a global, the function bodies (first, last line) whose reads of
    it are the script's own: the function first runs (directly or through other functions) after the
    first assignment runs, at top level or in a function run before."""
    if "(" not in text and "function" not in text:
        return {}
    lines = text.splitlines()
    spans = functions(lines)
    if not spans:
        return {}
    inside = {n: fn for fn in spans for n in range(fn[1], fn[2] + 1)}
    memo: dict[str, Run | None] = {}
    calls = {fn[0]: _first_call(fn, lines, inside, memo, 0) for fn in spans}
    first_assigned: dict[str, Run] = {}
    for number, line in enumerate(lines, 1):
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        owner = inside.get(number)
        if owner is None:
            at: Run = (number,)
        else:
            start = calls.get(owner[0])
            if start is None or number == owner[1] or LOCAL_DECLARATION.search(line):
                continue  # never run, or a function's own local
            at = (*start, number)
        for name in assigns(line):
            if name not in first_assigned or at < first_assigned[name]:
                first_assigned[name] = at
    if not first_assigned:
        return {}
    handlers = set(_TRAP.findall(text)) if "trap" in text else set()
    out: dict[str, list[tuple[int, int]]] = {}
    for name, assigned in first_assigned.items():
        for fn_name, start_line, end in spans:
            called = calls.get(fn_name)
            if fn_name in handlers or (called is not None and called > assigned):
                out.setdefault(name, []).append((start_line, end))
    return out


def _first_call(
    fn: tuple[str, int, int],
    lines: list[str],
    inside: dict[int, tuple[str, int, int]],
    memo: dict[str, Run | None],
    depth: int,
) -> Run | None:
    """The call chain by which fn first runs: its first call outside any function, or its first call in a
    function that runs (chains compare as the script runs them)."""
    if fn[0] in memo:
        return memo[fn[0]]
    if depth > _MAX_DEPTH:
        return None
    memo[fn[0]] = None  # a recursive call is no earlier start
    pattern = _call_pattern(fn[0])
    best: Run | None = None
    for number, line in enumerate(lines, 1):
        if fn[1] <= number <= fn[2] or fn[0] not in line or line.lstrip().startswith("#"):
            continue
        if not pattern.search(line.strip()):
            continue
        caller = inside.get(number)
        if caller is None:
            at: Run | None = (number,)
        else:
            chain = _first_call(caller, lines, inside, memo, depth + 1)
            at = None if chain is None else (*chain, number)
        if at is not None and (best is None or at < best):
            best = at
    memo[fn[0]] = best
    return best
