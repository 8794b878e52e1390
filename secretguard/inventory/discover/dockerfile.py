"""Dockerfiles: `ENV` (a default for the container) and `ARG` (a build argument), and `$X` / `${X}`
references. In RUN only references to the file's own ARG/ENV count (anything else is the build shell's);
CMD and ENTRYPOINT references are read when the container starts, so they all count.

Scopes: build arguments, the base image's and the toolchain's own settings (`PYTHONUNBUFFERED`, `PIP_*`,
`NODE_ENV`, `*_VERSION`, `PATH`, `LANG`...) and references expanded while building (RUN, COPY, WORKDIR, FROM,
ENV/ARG values) are `build`; references in CMD, ENTRYPOINT and HEALTHCHECK are the container's. A read the
application's code also makes is `runtime` all the same: a variable takes its most important scope.

A stage whose name says it is for development or tests (`FROM base AS development_base`, `AS test`) builds
no production image: everything its instructions set or reference is `dev` (or `test`). So is a Laravel
Sail image (the `sail` user its Dockerfile creates for the developer's files): Sail runs the app for local
development only.

The final stage's `ENV` of a name whose first word is the name of the program the image starts (`ENV
TASKD_DB_PATH=/db/taskd.db` in an image whose ENTRYPOINT is `/app/taskd`) is that program's own setting, set
for it where it runs: `runtime`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import replace

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read
from secretguard.inventory.discover.shell import (
    SYSTEM_NAMES,
    env_name,
    expansions,
    inline_local,
    inline_locals,
    script_locals,
)

_PREDEFINED_ARGS = frozenset(
    """
    HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY http_proxy https_proxy ftp_proxy no_proxy all_proxy
    TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT BUILDPLATFORM BUILDOS BUILDARCH BUILDVARIANT
    """.split()
)

# Set for the base image or the toolchain (interpreter, package manager, locale), not read by the app itself.
_TOOLING_NAMES = frozenset(
    """
    PATH LANG LANGUAGE LC_ALL LC_CTYPE LC_MESSAGES TZ DEBIAN_FRONTEND TERM HOME USER SHELL LD_LIBRARY_PATH
    LD_PRELOAD PKG_CONFIG_PATH SSL_CERT_FILE SSL_CERT_DIR REQUESTS_CA_BUNDLE CURL_CA_BUNDLE VIRTUAL_ENV
    NODE_ENV NODE_OPTIONS NODE_PATH NODE_EXTRA_CA_CERTS NEXT_TELEMETRY_DISABLED NUXT_TELEMETRY_DISABLED
    GATSBY_TELEMETRY_DISABLED CI GOPATH GOROOT GOBIN GOFLAGS GOPROXY GOPRIVATE GONOSUMDB GOCACHE GOMODCACHE
    GOOS GOARCH GOARM GOAMD64 CGO_ENABLED GO111MODULE GOTOOLCHAIN RUSTFLAGS JAVA_OPTS JAVA_TOOL_OPTIONS
    MAVEN_OPTS GRADLE_OPTS DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_NOLOGO RAILS_LOG_TO_STDOUT
    RAILS_SERVE_STATIC_FILES MIX_ENV
    """.split()
)
_TOOLING_PREFIXES = (
    "PYTHON",
    "PIP_",
    "PIPX_",
    "PIPENV_",
    "POETRY_",
    "UV_",
    "PDM_",
    "CONDA_",
    "NPM_CONFIG_",
    "npm_config_",
    "YARN_",
    "PNPM_",
    "BUN_",
    "COREPACK_",
    "DENO_",
    "CARGO_",
    "RUSTUP_",
    "MAVEN_",
    "GRADLE_",
    "BUNDLE_",
    "BUNDLER_",
    "GEM_",
    "COMPOSER_",
    "PHP_INI_",
    "S6_",
    "LC_",
    "APT_",
    "DEBCONF_",
)
_TOOLING_SUFFIXES = ("_VERSION", "_HOME", "_SHA256", "_CHECKSUM")
# Instructions whose references are expanded when the container runs, not when the image is built.
_RUNTIME_INSTRUCTIONS = frozenset({"CMD", "ENTRYPOINT", "HEALTHCHECK"})


def is_tooling(name: str) -> bool:
    """A variable an image sets for its base image or toolchain (`PYTHONUNBUFFERED`, `PIP_NO_CACHE_DIR`,
    `NODE_ENV`, `S6_OVERLAY_VERSION`, `PATH`, `LANG`), rather than for the application."""
    return name in _TOOLING_NAMES or name.startswith(_TOOLING_PREFIXES) or name.endswith(_TOOLING_SUFFIXES)


def _build_scope(file: str) -> str | None:
    """`build`, unless the Dockerfile's place gives its reads another scope (under tests/, examples/...)."""
    return "build" if scope_of_read(Read("_", file, 1, True, "dockerfile")) == "runtime" else None


# Words of a stage's name (split on `-`, `_`, `.`) that make it a developer's or a test image.
_DEV_STAGE_WORDS = frozenset({"dev", "develop", "development", "debug", "devcontainer"})
_TEST_STAGE_WORDS = frozenset({"test", "tests", "testing", "e2e", "ci"})


def stage_scope(from_args: str) -> str | None:
    """`dev` or `test` for a `FROM image AS name` whose name says so, else None."""
    words = from_args.split()
    if len(words) < 3 or words[-2].lower() != "as":
        return None
    parts = {w for w in words[-1].lower().replace("-", "_").replace(".", "_").split("_") if w}
    if parts & _DEV_STAGE_WORDS:
        return "dev"
    return "test" if parts & _TEST_STAGE_WORDS else None


def file_stage_scope(rel: str) -> str | None:
    """`dev` or `test` for a Dockerfile whose file name says its image is one (`Dockerfile.integration`,
    `Dockerfile-dev`, `e2e.Dockerfile`), else None."""
    name = os.path.basename(rel).lower()
    if "dockerfile" not in name:
        return None
    parts = {w for w in re.split(r"[-_.\s]+", name.replace("dockerfile", " ")) if w}
    if parts & _DEV_STAGE_WORDS:
        return "dev"
    return "test" if parts & (_TEST_STAGE_WORDS | {"integration", "itest"}) else None


def _stages(instructions: list[tuple[int, int, str, str]]) -> list[str | None]:
    """Each instruction's stage scope (None: an ordinary stage)."""
    out: list[str | None] = []
    current: str | None = None
    for _, _, word, args in instructions:
        if word == "FROM":
            current = stage_scope(args)
        out.append(current)
    return out


def _program(args: str) -> str | None:
    """The program a CMD/ENTRYPOINT starts, by its file name without extension (`/app/vikunja/vikunja`)."""
    try:
        argv = json.loads(args) if args.startswith("[") else shlex.split(args)
    except ValueError:
        return None
    if not isinstance(argv, list) or not argv or not isinstance(argv[0], str):
        return None
    return os.path.basename(argv[0]).rsplit(".", 1)[0].lower() or None


def _final_programs(instructions: list[tuple[int, int, str, str]]) -> tuple[int, set[str]]:
    """(index of the final stage's FROM, the programs the final image starts): its own ENTRYPOINT/CMD, or
    those of the earlier stage it is built `FROM`."""
    stages: list[tuple[int, str, str]] = []  # FROM index, base image, stage name
    for index, (_, _, word, args) in enumerate(instructions):
        if word == "FROM":
            words = [w for w in args.split() if not w.startswith("--")]
            name = words[-1].lower() if len(words) >= 3 and words[-2].lower() == "as" else ""
            stages.append((index, words[0].lower() if words else "", name))
    if not stages:
        return len(instructions), set()
    programs: set[str] = set()
    chain = [stages[-1]]
    while chain[-1][1] and len(chain) <= len(stages):
        parent = next((s for s in stages if s[2] == chain[-1][1] and s[0] < chain[-1][0]), None)
        if parent is None:
            break
        chain.append(parent)
    for start, _, _ in chain:
        end = next((s[0] for s in stages if s[0] > start), len(instructions))
        for _, _, word, args in instructions[start:end]:
            if word in ("ENTRYPOINT", "CMD") and (program := _program(args)) is not None:
                programs.add(program)
    return stages[-1][0], programs


def _own_setting(name: str, programs: set[str]) -> bool:
    """`VIKUNJA_DATABASE_PATH` for an image starting `vikunja`: the program's own setting, set for it."""
    return name.split("_", 1)[0].lower() in programs


def is_dockerfile(rel: str) -> bool:
    base = os.path.basename(rel)
    lower = base.lower()
    return (
        lower == "dockerfile"
        or lower.startswith(("dockerfile.", "containerfile."))
        or (lower.startswith(("dockerfile-", "dockerfile_")) and "." not in lower)  # `Dockerfile-web`
        or lower.endswith((".dockerfile", ".containerfile"))
        or lower == "containerfile"
    )


_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")


def parse_instructions(text: str) -> list[tuple[int, int, str, str]]:
    """(first line, last line, INSTRUCTION, arguments) with continuation lines joined (comments inside them
    dropped), and a heredoc's lines (`RUN <<EOT` ... `EOT`) joined into its instruction as `;`-separated
    commands."""
    out: list[tuple[int, int, str, str]] = []
    current: list[str] = []
    start = 0
    heredoc: str | None = None  # the terminator of a BuildKit heredoc being read (`RUN <<EOT`)
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if heredoc is not None:  # its lines are the instruction's script: one command each
            if stripped == heredoc:
                heredoc = None
            elif stripped and not stripped.startswith("#") and out:
                first, _, word, args = out[-1]
                out[-1] = (first, number, word, f"{args} ; {stripped}")
            continue
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue
        if not current:
            start = number
        if stripped.endswith("\\"):
            current.append(stripped[:-1])
            continue
        current.append(stripped)
        joined = " ".join(current)
        current = []
        word, _, args = joined.partition(" ")
        marker = _HEREDOC.search(args)
        if marker is not None:
            heredoc = marker.group(1)
            args = args[: marker.start()] + args[marker.end() :]
        out.append((start, number, word.upper(), args.strip()))
    if current:
        joined = " ".join(current)
        word, _, args = joined.partition(" ")
        out.append((start, start + len(current) - 1, word.upper(), args.strip()))
    return out


def _line_of(lines: list[str], first: int, last: int, needle: str) -> int:
    return next((n for n in range(first, min(last, len(lines)) + 1) if needle in lines[n - 1]), first)


def _strip_comment(args: str) -> str:
    """`RUN_TESTS=0 # 0=never, 1=native only` -> `RUN_TESTS=0`: a `#` starting a word outside quotes begins a
    trailing comment (common in ARG/ENV lines; `a#b` and `"# x"` are values)."""
    quote = ""
    for k, ch in enumerate(args):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (k == 0 or args[k - 1].isspace()):
            return args[:k].rstrip()
    return args


def _pairs(args: str) -> list[tuple[str, str | None]]:
    """`K=V K2="v 2"` or the legacy `K value with spaces` (a trailing `# comment` left out)."""
    args = _strip_comment(args)
    try:
        words = shlex.split(args, posix=True)
    except ValueError:
        words = args.split()
    if not words:
        return []
    if "=" not in words[0]:
        return [(words[0], " ".join(words[1:]) if len(words) > 1 else None)]
    out: list[tuple[str, str | None]] = []
    for word in words:
        key, sep, value = word.partition("=")
        out.append((key, value if sep else None))
    return out


def _script(args: str, shell: bool) -> tuple[str, bool]:
    """(the text of a RUN/CMD/ENTRYPOINT whose expansions count, whether a shell parses it): the script of an
    exec form's `["sh", "-c", "..."]` (decoded from JSON), else the arguments as written."""
    if not args.startswith("["):
        return args, shell
    try:
        argv = json.loads(args)
    except ValueError:
        return args, shell
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return args, shell
    for k in range(1, len(argv) - 1):
        flag = argv[k]
        if flag.startswith("-") and not flag.startswith("--") and flag.endswith("c"):
            return argv[k + 1], True
    return args, shell


def is_sail_image(instructions: list[tuple[int, int, str, str]]) -> bool:
    """The image creates Laravel Sail's `sail` user (`RUN useradd ... -u 1337 sail`)."""
    for _, _, word, args in instructions:
        words = args.replace("&&", " ").replace(";", " ").split()
        if word == "RUN" and any(w in ("useradd", "adduser") for w in words) and "sail" in words:
            return True
    return False


# `> "${PHP_INI_DIR}/conf.d/app.ini"`, `>> /etc/apache2/conf-available/app.conf`: a RUN writing a config file.
_CONFIG_WRITE = re.compile(r">>?\s*[\"']?[^\s;&|\"']*\.(?:ini|conf|cnf|cfg|config)\b")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _single_quoted(script: str) -> list[str]:
    """The texts of the script's single-quoted words (quotes inside double quotes are no quotes)."""
    out: list[str] = []
    i = 0
    double = False
    while i < len(script):
        ch = script[i]
        if ch == "\\" and not double:
            i += 2
            continue
        if ch == '"':
            double = not double
        elif ch == "'" and not double:
            end = script.find("'", i + 1)
            if end < 0:
                break
            out.append(script[i + 1 : end])
            i = end
        i += 1
    return out


def _written_placeholders(
    args: str,
    file: str,
    lines: list[str],
    first: int,
    last: int,
    env_values: dict[str, str | None],
    stage: str | None,
    build: str | None,
) -> list[Read]:
    """`ENV PHP_MEMORY_LIMIT 512M` then `RUN { echo 'memory_limit=${PHP_MEMORY_LIMIT}'; } > .../app.ini`: the
    single quotes keep `${X}` out of the build's shell, so the file holds the placeholder, and PHP (or Apache,
    which expands `${X}` in its config too) reads X from the container's environment at every start: a
    runtime read of the image's ENV, its value the default."""
    out: list[Read] = []
    for quoted in _single_quoted(args):
        for name in _PLACEHOLDER.findall(quoted):
            if name in env_values and env_name(name):
                scope = stage if stage and build else None
                line = _line_of(lines, first, last, name)
                out.append(Read(name, file, line, True, "dockerfile", default=env_values[name], scope=scope))
    return out


def discover_dockerfile(text: str, file: str) -> list[Read]:
    reads = _reads(text, file)
    if reads and _build_scope(file) and is_sail_image(parse_instructions(text)):
        return [replace(r, scope="dev") for r in reads]
    return reads


_ARG_REFERENCE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def _reads(text: str, file: str) -> list[Read]:
    reads: list[Read] = []
    lines = text.splitlines()
    instructions = parse_instructions(text)
    build = _build_scope(file)
    stages = _stages(instructions)
    declared: set[str] = set()
    defaulted: set[str] = set()  # ENV, or ARG with a default: references to them are satisfied
    env_values: dict[str, str | None] = {}  # the image's ENV, with its values
    arg_values: dict[str, str] = {}  # ARG defaults an ENV line may hand on to the running container
    final, programs = _final_programs(instructions)
    for index, ((first, last, word, args), stage) in enumerate(zip(instructions, stages, strict=True)):
        if word in ("ENV", "ARG"):
            for key, value in _pairs(args):
                if not is_env_name(key) or key in _PREDEFINED_ARGS:
                    continue
                declared.add(key)
                if word == "ENV" or value is not None:
                    defaulted.add(key)
                line = _line_of(lines, first, last, key)
                plain = value if value is not None and "$" not in value else None
                if word == "ARG" and plain is not None:
                    arg_values[key] = plain
                elif word == "ENV" and plain is None and value is not None:
                    # `ARG APP_PORT=8001` then `ENV PORT=$APP_PORT`: the container gets the ARG's value
                    passed = _ARG_REFERENCE.fullmatch(value.strip())
                    plain = arg_values.get(passed.group(1) or passed.group(2)) if passed is not None else None
                if word == "ENV":
                    env_values[key] = plain
                    scope = build if is_tooling(key) else None
                    if build and index > final and not stage and _own_setting(key, programs):
                        scope = "runtime"  # the final image's ENV for the program it starts
                    scope = stage if stage and build else scope
                    reads.append(Read(key, file, line, True, "dockerfile-env", default=plain, scope=scope))
                else:
                    scope = stage if stage and build else build
                    reads.append(
                        Read(key, file, line, value is not None, "dockerfile-arg", default=plain, scope=scope)
                    )
    for (first, last, word, args), stage in zip(instructions, stages, strict=True):
        if "$" not in args:
            continue
        if word in ("ENV", "ARG"):
            values = " ".join(v for _, v in _pairs(args) if v)
            found = expansions(values, quotes=False, comments=False)
        elif word == "RUN" and _CONFIG_WRITE.search(args):
            reads.extend(_written_placeholders(args, file, lines, first, last, env_values, stage, build))
            found = []
        else:
            script, shell = _script(args, word == "RUN")
            own = script_locals(script)  # `sh -c "A=x; echo $A"`: A is the command's own after that
            spans = inline_locals(script)  # `HEALTHCHECK CMD bash -c 'H=...; wget ${H}'`: H is too
            found = [
                e
                for e in expansions(script, quotes=shell, comments=False)
                if e.offset < own.get(e.name, len(script) + 1) and not inline_local(e.name, e.offset, spans)
            ]
        for exp in found:
            if not env_name(exp.name) or exp.name in SYSTEM_NAMES:
                continue
            if word == "RUN" and exp.name not in declared:
                continue
            reads.append(
                Read(
                    exp.name,
                    file,
                    _line_of(lines, first, last, exp.name),
                    exp.optional or exp.name in defaulted,
                    "dockerfile",
                    default=exp.default,
                    scope=stage if stage and build else None if word in _RUNTIME_INSTRUCTIONS else build,
                )
            )
    return reads
