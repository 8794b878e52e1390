"""Which files run when, in a JavaScript/TypeScript project: a file only `npm run build` (or a seed, a lint
task, a test runner) executes is not read by the running application, even though it reads `process.env`.

- `package.json` scripts form a graph: a script names files (`node scripts/build-geo.js`, `rollup -c
  rollup.tracker.config.js`) and other scripts (`npm run x`, `pnpm x`, `npm-run-all a b`, `pre`/`post`
  hooks). A script is `runtime` when it starts the app (`start*`, `serve*`, or the one a Dockerfile's
  CMD/ENTRYPOINT or a Procfile runs), `build` when it builds (`build*`, `prepare`, `postinstall`...), `test`
  for test runners, else `dev` (seeds, linters, one-off tasks). A file takes the most important scope of
  the scripts that reach it.
- Bundler and framework build configs (`next.config.*`, `vite.config.*`, `webpack.config.*`, rollup, nuxt,
  svelte, astro, tsup...) run at build time: `build`. Prisma seeds (`prisma/seed.*`) and linters' and
  formatters' configs (`.eslintrc.js`, `prettier.config.js`...) are `dev`; test runners' (`jest.config.ts`,
  `playwright.config.ts`...) `test`.
- A test runner's config names its setup files and tests' folder (`globalSetup`, `setupFiles`, `testDir`,
  launch_paths.py): they, and modules only they import, are `test`, whatever their folder is called.
- A Go module a package script runs (`"dev:cli": "go -C tools/devcli run ."`) takes that script's scope
  unless a Dockerfile names its folder (the image builds it).
- Keys of next.config's `env: {...}` block are inlined into the bundle at build time: `process.env.basePath`
  in the app reads no environment variable, so its reads are `build`.
- A package kept for developers (a `tools/` folder's, a benchmark's: js_packages.py) places its other files
  too (`tools/x/.env.example`, `packages/benchmarks/docker-compose.yml`). A JS/TS file in a `scripts/`
  folder of a package (`apps/workers/scripts/crawl.ts`) that nothing runs, imports or names by its file name
  is a developer's command: `dev`.
- Imports: a JS/TS module every importer of which is placed by the above (`extra/release/lib.mjs`, imported
  only by the release script a `release` package script runs) takes their most important scope; one imported
  by any other file (a runtime entry point, or a file nothing places), or by none, stays `runtime`.
- Shell scripts a Makefile's recipes run (`./scripts/test.sh`) and no launcher names: developer commands,
  `test`/`build`/`dev` by their target's name (an entrypoint script is never moved).
- A seed is `runtime` when the container's CMD (or a start script it runs) runs `prisma db seed`.
- Ruby: rake tasks, seeds and setup binstubs are `dev`, the Gemfile `build` (rake.py), unless a launcher
  (Procfile, CMD/ENTRYPOINT, an entrypoint script) runs one of the rake file's tasks.
- A Dockerfile stage named for development or tests (`AS development`, dockerfile.py) launches nothing the
  production image runs: a script only such a stage's CMD/ENTRYPOINT names is `dev` (or `test`).
- Installer shell scripts (`install.sh`, `scripts/install-deps.sh`, anything under an `install/` folder)
  that no launcher and no other (non-installer) script names set up a host or an image once: `build`.

Only reads whose own place says `runtime` are moved: a test or an example stays what its place says.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import SCOPES, Read, is_build_config, scope_of_read
from secretguard.inventory.discover.dockerfile import file_stage_scope, stage_scope
from secretguard.inventory.discover.js_frontend import builds_for_node, defines_process_env, server_folders
from secretguard.inventory.discover.js_packages import WorkspacePackages, package_kind
from secretguard.inventory.discover.launch_paths import go_module_folder, runner_setup_paths
from secretguard.inventory.discover.lexer import JAVASCRIPT, bracket_pairs, is_id, is_op, tokenize
from secretguard.inventory.discover.rake import (
    is_rake_file,
    is_seeds,
    launcher_words,
    place_scope,
    rake_tasks,
    runs_a_task,
    runs_seeds,
)

# An Electron packager's config, and a relative script path in it (`sign: './customSign.js'`): a hook it runs.
_PACKAGER_CONFIG = re.compile(r"(?:^|/)(?:electron-builder|forge)(?:\.config)?\.[cm]?[jt]s$", re.IGNORECASE)
_HOOK_PATH = re.compile(r"""["'`](\.{1,2}/[\w./-]+\.[cm]?[jt]s)["'`]""")
# Any Vite config, also one a script names by `-c` (`vite.config.collab_server.ts`).
_VITE_CONFIG = re.compile(r"(?:^|/)vite(?:\.[\w-]+)*\.[cm]?[jt]s$", re.IGNORECASE)
_SEEDS = re.compile(r"(?:^|/)prisma/seeds?(?:/|\.[cm]?[jt]s$)", re.IGNORECASE)
# `prisma db seed` runs the seed package.json names (`"prisma": {"seed": "ts-node prisma/seed.ts"}`).
_DEV_PROCESSES = re.compile(
    r"\b(?:webpack-dev-server|shakapacker-dev-server|mailcatcher|mailhog|vite\s+dev|livereload)\b|--watch\b"
)
_SEED_COMMAND = re.compile(r"\bprisma\s+db\s+seed\b")
# Linters', formatters' and test runners' own configs: developer tooling, never the running app.
_TOOL_CONFIGS = re.compile(
    r"(?:^|/)(?:\.eslintrc|eslint\.config|\.prettierrc|prettier\.config|stylelint\.config|\.stylelintrc"
    r"|commitlint\.config|lint-staged\.config|\.lintstagedrc|\.mocharc)(?:\.[\w-]+)*$",
    re.IGNORECASE,
)
# Developer tools' configs, run only by the tool's CLI (`drizzle-kit push`, `graphql-codegen`): a file
# importing the tool's own package (only its config does), or drizzle-kit's default file name.
_DRIZZLE_CONFIG = re.compile(r"(?:^|/)drizzle\.config\.[cm]?[jt]s$", re.IGNORECASE)
_DEV_TOOL_IMPORTS = re.compile(
    r"""(?:\bfrom\s*|\brequire\s*\(\s*)["'](drizzle-kit|@graphql-codegen/cli)["']"""
)
_DEV_TOOL_PACKAGES = {"drizzle-kit": "drizzle-kit", "@graphql-codegen/cli": "graphql-codegen"}
# The commands running each tool (`gql-gen` is graphql-codegen's older name).
_DEV_TOOL_COMMANDS = {
    "drizzle-kit": "drizzle-kit",
    "graphql-codegen": "graphql-codegen",
    "gql-gen": "graphql-codegen",
}
_TOOL_MARK = "@tool:"  # a package script running a tool: `<folder>/@tool:<tool>` among the placed files
_TEST_CONFIGS = re.compile(
    r"(?:^|/)(?:jest|vitest|playwright|cypress|karma|wdio|protractor)(?:\.[\w-]+)?\.conf(?:ig)?\.[cm]?[jt]s$",
    re.IGNORECASE,
)
_FILE_EXTS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".sh", ".py", ".rb")
_SHELL_EXTS = (".sh", ".bash")
_INSTALL_FOLDERS = frozenset({"install", "installer", "installers", "installation"})
# A top-level folder of the maintainers' tools (`tools/migrators/` with its own image,
# `tools/i18n-ai-tool.py`): not the application, unless a launcher or another script runs them.
_TOOL_TOPS = frozenset({"tools", "tooling"})
_TOOL_SCRIPTS = (".py", ".sh", ".bash")
# A Go program's folder in a build command or path: `./cmd/server`, `/src/cmd/server/x`, `y/cmd/server@v1`.
_GO_PACKAGE = re.compile(r"(?m)^package\s+(\w+)")
_COMMAND = re.compile(r"(?:^|/)(cmd/[\w.-]+?)(?:/|@|$)")
_SCRIPT_NAME = re.compile(r"[\w./-]+\.(?:sh|bash)\b")
# `script/poll-for-db` run from another script: a command of the project's top-level `script/` folder.
_SCRIPT_COMMAND = re.compile(r"(?<![\w/.-])(?:\./)?script/([\w-]+)(?![\w./-])")
_SEPARATORS = re.compile(r"&&|\|\||[;|&()]")
_RUNNERS = {"npm", "pnpm", "yarn", "bun"}
# A Makefile rule's first target (`test: deps`, `build-local: clean`); not `X := y` or `X = y`.
_MAKE_TARGET = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.%/-]*)(?:\s+[A-Za-z0-9_.%/-]+)*\s*::?(?!=)")
_RUN_ALL = {"npm-run-all", "run-s", "run-p", "npm-run-all2", "concurrently"}
_BUILD_WORDS = ("build", "compile", "bundle", "prepare", "prepack", "prepublish", "postinstall", "generate")
_TEST_WORDS = ("test", "cypress", "e2e", "playwright", "jest", "vitest", "coverage")
_RUNTIME_WORDS = ("start", "serve", "server")
# `from "x"`, `import "x"`, `import("x")`, `require("x")`, `export * from "x"`
# (the lookahead only lets the regex engine skip to the letters the words start with: 40% faster on big files)
_IMPORT_SPEC = re.compile(r"""(?=[fir])(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'`]([^"'`\n]+)["'`]""")
_JS_FILES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".vue", ".svelte", ".astro")
# A JS/TS file named by its file name: a command's word (`tsx scripts/crawl.ts`), or in JS/TS code a string
# (`new URL("./scripts/parse.js", ...)`, `entry: ["scripts/parse.ts"]`), not a comment's mention.
_NAMED_JS = re.compile(r"(?<![\w.-])([\w-]+)\.(?:[cm]?[jt]sx?)\b")
_QUOTED_JS = re.compile(r"""["'`][^"'`\n]*?(?<![\w.-])([\w-]+)\.(?:[cm]?[jt]sx?)\b""")
_COMMENT_LINE = re.compile(r"^\s*#.*$", re.MULTILINE)


def starts_the_app(name: str) -> bool:
    """A package script npm runs to start the app (`start`, `start:x11`, `serve`), not a dev server's."""
    return _script_class(name) == "runtime"


def _script_class(name: str) -> str:
    base = name.lower()
    for hook in ("pre", "post"):
        if base.startswith(hook) and len(base) > len(hook):
            base = base[len(hook) :]  # `prestart` runs with `start`
            break
    if base.startswith(_RUNTIME_WORDS):
        # `start:dev`, `start:webpackDevServer`, `serve:watch`: a developer's server, not the deployment's
        return "dev" if _DEV_SERVER_WORDS.intersection(_script_words(name)) else "runtime"
    if base.startswith(_BUILD_WORDS):
        return "build"
    if base.startswith(_TEST_WORDS):
        return "test"
    # A hosting platform's build hook (`heroku-postbuild`, `vercel-build`, `gcp-build`): npm runs it when
    # the platform builds the app.
    last = re.split(r"[-:]", name.lower())[-1]
    if last != name.lower() and _script_class(last) == "build":
        return "build"
    return "dev"


_DEV_SERVER_WORDS = frozenset({"dev", "devserver", "watch", "hot", "local"})
_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _script_words(name: str) -> set[str]:
    """`start:webpackDevServer` -> {start, webpackdevserver, webpack, dev, server}: its words, lower case."""
    parts = re.split(r"[-:_.]+", name)
    words = {p.lower() for p in parts}
    words |= {w.lower() for p in parts for w in _CAMEL_SPLIT.split(p)}
    return words


def _make_class(target: str) -> str:
    name = target.lower()
    if any(word in name for word in _TEST_WORDS):
        return "test"  # `unittest`, `test-e2e`, `coverage`
    return "build" if name.startswith(_BUILD_WORDS) else "dev"


@dataclass
class _Package:
    folder: str  # the package.json's folder, relative to the root ("" for the root)
    scripts: dict[str, str]
    name: str = ""


@dataclass
class Launches:
    """package.json scripts, launchers (Dockerfile CMD/ENTRYPOINT, Procfile) and next.config env keys seen
    during the walk; `settle` then gives the reads of the files they place their scope."""

    packages: list[_Package] = field(default_factory=list)
    launched: set[str] = field(default_factory=set)  # words of CMD/ENTRYPOINT/Procfile lines
    launched_files: set[str] = field(default_factory=set)  # their relative files, from a subfolder's launcher
    staged: dict[str, str] = field(default_factory=dict)  # words of dev/test stages' CMD: the stage's scope
    inlined: set[str] = field(default_factory=set)  # next.config `env:` keys
    # next.config's `publicRuntimeConfig` / `serverRuntimeConfig` (file -> their line spans): `next start`
    # evaluates them when the server starts
    runtime_config: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    rake: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # rake file: tasks, namespaces
    scripts: dict[str, set[str]] = field(default_factory=dict)  # shell script: words after rake/rails
    imports: dict[str, set[str]] = field(default_factory=dict)  # JS/TS file: the local specifiers it imports
    js_files: set[str] = field(default_factory=set)
    make: dict[str, str] = field(default_factory=dict)  # script a Makefile recipe runs: its target's scope
    # script -> the `*.sh` names (and `script/<name>` commands) it runs, for the non-installer ones
    names_run: dict[str, set[str]] = field(default_factory=dict)
    workspace: WorkspacePackages = field(default_factory=WorkspacePackages)  # package names, bundles
    test_places: set[str] = field(default_factory=set)  # a test runner's setup files and test folders
    image_words: set[str] = field(default_factory=set)  # the words of Dockerfiles' instructions
    named: dict[str, set[str]] = field(default_factory=dict)  # a JS/TS file's stem -> the files naming it
    # where `prisma db seed` runs: shell scripts, and "" for a container's CMD/ENTRYPOINT line itself
    seeders: set[str] = field(default_factory=set)
    tool_configs: dict[str, str] = field(default_factory=dict)  # a dev tool's config file -> the tool
    build_hooks: set[str] = field(default_factory=set)  # scripts a build config names (`./customSign.js`)
    go_libraries: set[str] = field(default_factory=set)  # `cmd/<name>` folders of Go packages other than main
    # names of the files in a top-level `script/` folder, to tell GitHub's "scripts to rule them all"
    top_scripts: set[str] = field(default_factory=set)

    def note_file(self, rel: str) -> None:
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == "script":
            self.top_scripts.add(parts[1].lower())

    def add_go(self, text: str, rel: str) -> None:
        """Note a `cmd/<name>/` folder holding a library package (`package run`, imported by the program)."""
        parts = rel.split("/")
        if "cmd" in parts[:-2] and parts.index("cmd") == len(parts) - 3 and not rel.endswith("_test.go"):
            found = _GO_PACKAGE.search(text)  # a file right in `cmd/<name>/`: that folder's package
            if found is not None and found.group(1) != "main":
                self.go_libraries.add(posixpath.dirname(rel))

    def add_names(self, text: str, rel: str, *, code: bool = False) -> None:
        """The JS/TS file names a file's text says (a command, a path it spawns or bundles); code is JS/TS,
        whose strings are looked at, not its comments (a command's `#` comments are dropped)."""
        found = _QUOTED_JS.findall(text) if code else _NAMED_JS.findall(_COMMENT_LINE.sub("", text))
        for stem in set(found):
            self.named.setdefault(stem.lower(), set()).add(rel)

    def add_imports(self, text: str, rel: str) -> None:
        self.js_files.add(rel)
        tool = _dev_tool(text, rel)
        if tool is not None:
            self.tool_configs[rel] = tool
        if _VITE_CONFIG.search(rel) and "ssr" in text:  # `vite.config.server.ts` building a Node server
            self.workspace.servers.update(server_folders(text, posixpath.dirname(rel)))
        self.add_names(text, rel, code=True)
        if _TEST_CONFIGS.search(rel) or (is_build_config(rel) and "test" in text):
            self.test_places.update(runner_setup_paths(text, rel))
        if "import" in text or "require" in text or "from" in text:
            specs = {m for m in _IMPORT_SPEC.findall(text) if m.startswith(".") or "/" in m}
            if specs:
                self.imports[rel] = specs

    def add_package(self, text: str, rel: str) -> None:
        data = self.workspace.add(text, rel)
        scripts = data.get("scripts") if data is not None else None
        if isinstance(scripts, dict):
            found = {k: v for k, v in scripts.items() if isinstance(k, str) and isinstance(v, str)}
            name = data.get("name") if data is not None else None
            self.packages.append(
                _Package(posixpath.dirname(rel), found, name if isinstance(name, str) else "")
            )

    def add_launcher(self, text: str, kind: str, rel: str = "") -> None:
        """The words a container or process manager runs: they may name package scripts. rel: the
        launcher's file (a file it runs by a relative path may be its folder's: `apps/api/Dockerfile`'s
        `CMD ["bun", "src/index.ts"]` runs `apps/api/src/index.ts`)."""
        self.add_names(text, "")
        mine: set[str] = set()  # the words this launcher runs
        # the scope of the Dockerfile stage the line is in (None: an ordinary one), or of the whole image
        stage = file_stage_scope(rel) if kind == "dockerfile" else None
        # a Procfile whose processes include a development server or mail catcher: a developer's foreman file
        development = kind == "procfile" and _DEV_PROCESSES.search(text) is not None
        image = stage
        for line in text.splitlines():
            stripped = line.strip()
            if kind == "dockerfile":
                self.image_words.update(posixpath.normpath(w) for w in _words(stripped) if "/" in w)
            if kind == "procfile" and ":" in stripped and development:
                for word in _words(stripped.partition(":")[2]):
                    self.staged.setdefault(word, "dev")
            elif kind == "procfile" and ":" in stripped:
                mine.update(_words(stripped.partition(":")[2]))
            elif kind == "dockerfile" and stripped.upper().startswith("FROM "):
                stage = stage_scope(stripped[5:]) or image
            elif stripped.upper().startswith(("CMD", "ENTRYPOINT")):
                words = _words(stripped.split(None, 1)[1] if " " in stripped else "")
                if stage is None:
                    mine.update(words)
                    if _SEED_COMMAND.search(stripped):
                        self.seeders.add("")
                else:
                    for word in words:
                        old = self.staged.get(word)
                        if old is None or SCOPES.index(stage) < SCOPES.index(old):
                            self.staged[word] = stage
        self.launched |= mine
        if folder := posixpath.dirname(rel):
            self.launched_files.update(
                posixpath.normpath(posixpath.join(folder, w))
                for w in mine
                if w.endswith(_FILE_EXTS) and not w.startswith(("/", "$"))
            )

    def add_makefile(self, text: str, rel: str) -> None:
        """Scripts a Makefile's recipes run (`./scripts/test.sh`): developer commands, scoped by their
        target's name (`build*` build, `unittest`/`e2e` test, the rest dev; never runtime by itself: `make
        run` is a developer's)."""
        self.add_names(text, rel)
        folder = posixpath.dirname(rel)
        target: str | None = None
        for line in text.splitlines():
            if line.startswith("\t"):
                if target is None:
                    continue
                scope = _make_class(target)
                for raw in _words(line):
                    word = raw.lstrip("@-")
                    # Shell scripts only: a Python or JS file make runs (`manage.py`) is often the app's too.
                    if word.endswith(_SHELL_EXTS) and "$" not in word and "://" not in word:
                        file = posixpath.normpath(posixpath.join(folder, word))
                        old = self.make.get(file)
                        if old is None or SCOPES.index(scope) < SCOPES.index(old):
                            self.make[file] = scope
                continue
            found = _MAKE_TARGET.match(line)
            target = found.group(1) if found else (None if line.strip() else target)

    def add_ruby(self, text: str, rel: str) -> None:
        if is_rake_file(rel):
            self.rake[rel] = rake_tasks(text)

    def add_script(self, text: str, rel: str) -> None:
        """A shell script that may be a container's entrypoint: the rake tasks it runs, and the scripts it
        names (an entrypoint running `install-plugins.sh` at start makes that installer runtime)."""
        self.add_names(text, rel)
        words = launcher_words(text)
        if words:
            self.scripts[rel] = words
        if _SEED_COMMAND.search(_COMMENT_LINE.sub("", text)):
            self.seeders.add(rel)
        # A maintainer's script (`scripts/package-release.sh`) running another starts nothing the app runs.
        runtime = scope_of_read(Read("", rel, 1, True, "shell")) == "runtime"
        if not _installer(rel) and (".sh" in text or "script/" in text) and runtime:
            found = {posixpath.basename(m) for m in _SCRIPT_NAME.findall(text)}
            found |= set(_SCRIPT_COMMAND.findall(text)) if "script/" in text else set()
            if found:
                self.names_run[rel] = found

    def _task_words(self) -> set[str]:
        """Words launchers run: CMD/ENTRYPOINT/Procfile, and the scripts they start or named entrypoints."""
        words = set(self.launched)
        named = self._launched_names()
        for rel, found in self.scripts.items():
            if _started(rel, named):
                words |= found
        return words

    def _launched_names(self) -> set[str]:
        return {posixpath.normpath(w.lstrip("/")) for w in self.launched}

    def seeds_at_start(self) -> bool:
        """The container's start runs `prisma db seed` (its CMD, or a start script it runs): the seed is
        run by every deployment, as the app is."""
        named = self._launched_names()
        return any(rel == "" or _started(rel, named) for rel in self.seeders)

    def started_names(self, *, staged: bool = True) -> set[str]:
        """The base names of the files a launcher, a package script, a Makefile or another shell script
        runs (a CI pipeline running one too does not make it the CI's alone); with staged=False, not
        counting what only a development or test image starts."""
        stages = self.staged if staged else {}
        placed = [f for f, scope in self._placed_files()[0].items() if staged or scope == "runtime"]
        named = {posixpath.basename(w) for w in (*self.launched, *stages, *placed)}
        return named | self._script_names()

    def _script_names(self) -> set[str]:
        """The names other scripts run, but for the "scripts to rule them all" (a developer's commands run
        each other: that starts nothing the app runs)."""
        return {
            n
            for rel, found in self.names_run.items()
            if self._conventional_script(rel) is None
            for n in found
        }

    def add_build_config(self, text: str, rel: str) -> None:
        if _PACKAGER_CONFIG.search(rel):  # hook scripts it runs while packaging (`sign: './customSign.js'`)
            folder = posixpath.dirname(rel)
            self.build_hooks.update(
                posixpath.normpath(posixpath.join(folder, p)) for p in _HOOK_PATH.findall(text)
            )
        if posixpath.basename(rel).lower().startswith("next.config"):
            self.inlined.update(_next_env_keys(text))
            if "RuntimeConfig" in text:
                self.runtime_config[rel] = _runtime_config_lines(text)
        elif defines_process_env(text):
            self.workspace.bundles.add(posixpath.dirname(rel))  # its source's `process.env` is built in
        elif posixpath.basename(rel).lower().startswith("vite.") and builds_for_node(text):
            self.workspace.for_node.add(posixpath.dirname(rel))  # a library or SSR build: left as is

    def file_scopes(self) -> dict[str, str]:
        """Each file package scripts run: the most important scope among the scripts that reach it."""
        return self._placed_files()[0]

    def _placed_files(self) -> tuple[dict[str, str], set[str]]:
        """`file_scopes`, and the JS/TS files only package scripts place (not a container or a Makefile):
        a package's own build (`esbuild src/index.ts --bundle`) or dev script does not decide the scope of
        a module the running app imports, so the import graph may still make those runtime."""
        # Files a container or Procfile runs directly (`CMD ["node", "scripts/migrate.js"]`) are runtime.
        scopes = {
            posixpath.normpath(word): "runtime"
            for word in self.launched
            if word.endswith(_FILE_EXTS) and not word.startswith("/")
        }
        scopes.update(dict.fromkeys(self.launched_files, "runtime"))
        for ran in [f for f, scope in scopes.items() if scope == "runtime"]:
            for source in _compiled_sources(ran):  # `dist/src/main.js` is built from `src/main.ts`
                if source in self.js_files:
                    scopes.setdefault(source, "runtime")
        for hook in self.build_hooks:
            scopes.setdefault(hook, "build")
        # Scripts only a Makefile runs (no launcher names them, and not an entrypoint): the target's scope.
        launched = {posixpath.basename(w) for w in self.launched}
        stems = {_stem(w) for w in self.launched}
        for file, scope in self.make.items():
            base = posixpath.basename(file)
            if file not in scopes and base not in launched and "entrypoint" not in base.lower():
                scopes[file] = scope
        # Scripts only a development or test stage's CMD runs (`CMD ["bash", "./bin/dev"]`).
        for word, scope in self.staged.items():
            file = posixpath.normpath(word)
            if ("/" in word or word.endswith(_FILE_EXTS)) and file not in scopes and _stem(file) not in stems:
                scopes[file] = scope
        # A test runner's global setup, setup files and test folder (its config names them): the tests'.
        for place in self.test_places:
            for file in (place, *(f for f in self.js_files if f.startswith(place + "/"))):
                scopes.setdefault(file, "test")
        fixed = set(scopes)
        for package in self.packages:
            for name in package.scripts:
                start = "runtime" if name in self.launched else self.staged.get(name, _script_class(name))
                if (
                    start == "runtime"
                    and name not in self.launched
                    and package_kind(package.folder, package.name)
                ):
                    start = "dev"  # `start` in a package of admin scripts (or a test runner's): a developer's
                if start == "dev" and _compiled_entry(package, name, self.launched, self.imports):
                    start = "runtime"  # `tsx watch src/index.ts` beside `start: node dist/index.js`
                for file in self._reached(package, name):
                    old = scopes.get(file)
                    if old is None or SCOPES.index(start) < SCOPES.index(old):
                        scopes[file] = start
        for file, tool in self.tool_configs.items():
            if file not in scopes:
                scopes[file] = self._tool_scope(file, tool, scopes)
        soft = {f for f, s in scopes.items() if f not in fixed and s != "runtime" and f.endswith(_JS_FILES)}
        return scopes, soft

    def _tool_scope(self, file: str, tool: str, scopes: dict[str, str]) -> str:
        """A dev tool's config: the scope of the package scripts running the tool in the config's package
        (or a folder above it), runtime when a container runs it (`CMD npx drizzle-kit migrate && ...`),
        else `dev`: a developer runs the tool by hand."""
        if any(_DEV_TOOL_COMMANDS.get(w) == tool for w in self.launched):
            return "runtime"
        folder = posixpath.dirname(file)
        while True:
            found = scopes.get(posixpath.join(folder, _TOOL_MARK + tool) if folder else _TOOL_MARK + tool)
            if found is not None:
                return found
            if not folder:
                return "dev"
            folder = posixpath.dirname(folder)

    def unnamed(self, rel: str) -> bool:
        """No other file names the JS/TS file by its file name (its stem: `crawl` of `scripts/crawl.ts`)."""
        stem = posixpath.basename(rel).split(".", 1)[0].lower()
        return not (self.named.get(stem, set()) - {rel})

    def _go_scope(self, file: str, scopes: dict[str, str]) -> str | None:
        """The scope of the package scripts running the Go module the file is in (`go -C tools/cli run .`),
        unless a Dockerfile names its folder (the image builds it)."""
        for place, scope in scopes.items():
            folder = place[:-1]
            if place.endswith("/") and file.startswith(place) and scope != "runtime":
                built = any(
                    w == folder or w.startswith(place) or w.endswith("/" + folder) for w in self.image_words
                )
                return None if built else scope
        return None

    def _conventional_script(self, rel: str) -> str | None:
        """A script of a top-level `script/` folder laid out as GitHub's "scripts to rule them all"
        (`script/bootstrap`, `setup`, `server`, `test`, `cibuild`...: at least three of them): a developer's
        commands, `test` for the test runner, `ci` for the CI build, `dev` for the rest (a helper they call,
        `script/docker-environment`), unless a launcher runs it."""
        parts = rel.split("/")
        if len(parts) != 2 or parts[0] != "script" or len(self.top_scripts & _CONVENTIONAL_SCRIPTS) < 3:
            return None
        name = parts[1].lower()
        if not (name.endswith(_SHELL_EXTS) or "." not in name):
            return None
        stem = name.split(".", 1)[0]
        return "test" if stem == "test" else "ci" if stem == "cibuild" else "dev"

    def add_release_config(self, text: str) -> None:
        """A goreleaser file: the programs it builds (`main: ./cmd/server`) ship like an image's."""
        self.image_words.update(posixpath.normpath(w) for w in _words(text) if "cmd/" in w)

    def _shipped_commands(self) -> set[str]:
        """The `cmd/<name>` programs the project's images (or release configuration) build."""
        return {m.group(1) for w in self.image_words if (m := _COMMAND.search(w)) is not None}

    def _unshipped_command(self, file: str, shipped: set[str]) -> bool:
        """A Go program under `cmd/<name>/` no image builds while the images build another `cmd/` program:
        a developer's tool (`cmd/envtool` beside the shipped `cmd/server`); Go code under a top-level `tools/`
        or `hack/` folder of a project whose image builds its program elsewhere (`go build ./cmd`)."""
        parts = file.split("/")
        if parts[0] in _GO_TOOL_FOLDERS and len(parts) > 2:
            return any("cmd" in w.split("/") for w in self.image_words) or bool(shipped)
        if not shipped or "cmd" not in parts[:-2] or "cmd/..." in shipped:
            return False  # `go build ./cmd/...`: every program under cmd/ is built
        at = parts.index("cmd")
        if "/".join(parts[: at + 2]) in self.go_libraries:
            return False  # `cmd/run` of `package run`: a part of the shipped program, no program itself
        return f"cmd/{parts[at + 1]}" not in shipped

    def _reached(self, package: _Package, root: str) -> set[str]:
        files: set[str] = set()
        seen: set[str] = set()
        todo = [root]
        while todo:
            name = todo.pop()
            if name in seen or name not in package.scripts:
                continue
            seen.add(name)
            todo.extend(h + name for h in ("pre", "post"))
            for command in _SEPARATORS.split(package.scripts[name]):
                words = command.split()
                todo.extend(_script_refs(words, package.scripts))
                go = go_module_folder(words, package.folder)
                if go is not None:
                    files.add(go + "/")  # a Go module's folder `go -C tools/cli run .` runs
                files.update(
                    posixpath.normpath(posixpath.join(package.folder, w.strip("'\"")))
                    for w in words
                    if (w.strip("'\"").endswith(_FILE_EXTS) or _local_program(w.strip("'\"")))
                    and "://" not in w
                )
                files.update(
                    posixpath.join(package.folder, _TOOL_MARK + _DEV_TOOL_COMMANDS[w])
                    for w in words
                    if w in _DEV_TOOL_COMMANDS
                )
        return files

    def settle(self, reads: list[Read]) -> list[Read]:
        """The reads with the scope their file's launch gives (only those their place left `runtime`)."""
        scopes, soft = self._placed_files()
        commands = {_stem(w) for w in self.launched}  # files a container's CMD or a Procfile runs
        stems = commands | {
            _stem(n) for n in self._script_names()
        }  # an installer a launcher or script runs stays
        task_words = self._task_words() if self.rake else set()
        shipped = self._shipped_commands()
        seeded = self.seeds_at_start()
        graph = (
            _ImportGraph(self.imports, self.js_files, scopes, soft, self.workspace, self.unnamed)
            if self.imports or self.named
            else None
        )
        started = self._launched_names()
        out: list[Read] = []
        for read in reads:
            scope = None
            if read.scope == "dev" and _top_level_script(read.file) and read.file in started:
                # a task runner (`./run`, `./run test`) the image's CMD starts: its default branch starts
                # the app, whatever tools its other branches run
                out.append(replace(read, scope=None))
                continue
            if read.scope is None and scope_of_read(read) == "runtime":
                if _TEST_CONFIGS.search(read.file):
                    scope = "test"
                elif _TOOL_CONFIGS.search(read.file):
                    scope = "dev"
                elif is_build_config(read.file):
                    spans = self.runtime_config.get(read.file, [])
                    scope = None if any(a <= read.line <= b for a, b in spans) else "build"
                elif _SEEDS.search(read.file):
                    scope = None if seeded else "dev"
                elif read.file.endswith(".go") and (go := self._go_scope(read.file, scopes)) is not None:
                    scope = go
                elif read.file.endswith(".go") and self._unshipped_command(read.file, shipped):
                    scope = "dev"
                elif (ruby := place_scope(read.file)) is not None:
                    launched = read.file in self.rake and runs_a_task(task_words, *self.rake[read.file])
                    launched = launched or (is_seeds(read.file) and runs_seeds(task_words))
                    scope = None if launched else ruby
                elif read.file in scopes:
                    scope = (
                        graph.scope(read.file)
                        if graph is not None and read.file in soft
                        else scopes[read.file]
                    )
                    if scope == _BUNDLED:
                        scope = "build" if read.source == "javascript" else scopes[read.file]
                elif (_installer(read.file) and _stem(read.file) not in stems) or (
                    read.name in self.inlined and read.source == "javascript"
                ):
                    scope = "build"  # an installer no launcher runs; a next.config `env:` key
                elif (
                    not read.file.endswith(_JS_FILES)
                    and (kind := self.workspace.kind(read.file))
                    and _stem(read.file) not in commands  # the CMD runs it: the app's, whatever keeps it
                ):
                    scope = kind  # an example env file, a compose file of a tools or benchmark package
                elif _tool_script(read.file) and _stem(read.file) not in stems:
                    scope = "dev"
                elif (
                    (kind := self._conventional_script(read.file)) is not None
                    and _stem(read.file) not in stems
                    and not _started(read.file, started)
                ):
                    scope = kind
                elif graph is not None and read.file.endswith(_JS_FILES):
                    scope = graph.scope(read.file)
                    if scope == _BUNDLED:  # a bundler inlines `process.env` only, not a schema or import.meta
                        scope = "build" if read.source == "javascript" else None
            out.append(read if scope in (None, "runtime") else replace(read, scope=scope))
        return out


def _tool_script(rel: str) -> bool:
    """A script or a tool's image under a top-level tools folder (`tools/scripts/x.py`, `tools/x/Dockerfile`,
    an extension-less `tools/bin/run`), or a shell script in a `tools/` folder deeper down."""
    parts = rel.split("/")
    name = parts[-1]
    if len(parts) > 2 and parts[-2].lower() in _TOOL_TOPS and name.endswith((".sh", ".bash")):
        return True  # `src/tools/perf.sh`: a maintainer's shell script kept beside the code
    if len(parts) < 2 or parts[0].lower() not in _TOOL_TOPS:
        return False
    return name.endswith(_TOOL_SCRIPTS) or "." not in name or name.lower().startswith("dockerfile")


def _dev_tool(text: str, rel: str) -> str | None:
    """The developer tool whose config the JS/TS file is."""
    named = "drizzle-kit" in text or "@graphql-codegen/cli" in text  # a substring test first: cheap
    found = _DEV_TOOL_IMPORTS.search(text) if named else None
    if found is not None:
        return _DEV_TOOL_PACKAGES[found.group(1)]
    return "drizzle-kit" if _DRIZZLE_CONFIG.search(rel) else None


def _local_program(word: str) -> bool:
    """`./bin/heroku`: a program of the project run by its path, with no extension to tell its kind."""
    return word.startswith("./") and len(word) > 2 and not any(c in word for c in "*?$=")


def _stem(path: str) -> str:
    """A launched file's name without folder and extension: `./bin/app` runs `build-scripts/bin/app.sh`
    once packaged."""
    return posixpath.basename(path).split(".", 1)[0].lower()


# github/scripts-to-rule-them-all: the conventional names of a project's `script/` commands.
_CONVENTIONAL_SCRIPTS = frozenset({"bootstrap", "setup", "update", "server", "test", "cibuild", "console"})

# Folders of maintainers' scripts, where a script named for installing (not first) still is an installer; an
# image's `startup_scripts/02_install_extra_packages.sh` runs when the container starts.
_INSTALLER_HOMES = frozenset({"script", "scripts", "bin", "tools"})


def _installer(rel: str) -> bool:
    """A shell script that installs or sets up (`install.sh`, `install-deps.sh`, `setup_monorepo.sh`, anything
    under `install/`, a top-level `install` without an extension); an entrypoint never is one."""
    if not rel.endswith(_SHELL_EXTS) and not ("/" not in rel and "." not in rel):
        return False
    parts = rel.lower().split("/")
    if "entrypoint" in parts[-1]:
        return False
    words = re.split(r"[-_.]+", parts[-1])
    return (
        parts[-1].startswith(("install", "setup", "uninstall"))
        or (
            "install" in words and len(parts) > 1 and parts[-2] in _INSTALLER_HOMES
        )  # `site-specific-install.sh`
        or any(p in _INSTALL_FOLDERS for p in parts[:-1])
    )


def _words(text: str) -> list[str]:
    return [w.strip("[]\"',") for w in text.replace(",", " ").split() if w.strip("[]\"',")]


def _script_refs(words: list[str], scripts: dict[str, str]) -> list[str]:
    """The scripts a command runs: `npm run x`, `pnpm x`, `yarn x`, `npm-run-all a b 'c:*'`."""
    if not words:
        return []
    tool = words[0]
    if tool in _RUNNERS and len(words) > 1:
        rest = words[2:] if words[1] in ("run", "run-script") else words[1:]
        return rest[:1] if rest and rest[0] in scripts else []
    if tool in _RUN_ALL:
        refs: list[str] = []
        for word in words[1:]:
            clean = word.strip("'\"")
            if clean.endswith("*"):
                refs.extend(s for s in scripts if s.startswith(clean[:-1]))
            elif clean in scripts:
                refs.append(clean)
        return refs
    return []


def _runtime_config_lines(text: str) -> list[tuple[int, int]]:
    """The lines of next.config's `publicRuntimeConfig: {...}` and `serverRuntimeConfig: {...}` objects."""
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    spans: list[tuple[int, int]] = []
    for i in range(len(tokens) - 2):
        if (
            is_id(tokens, i, "publicRuntimeConfig", "serverRuntimeConfig")
            and is_op(tokens, i + 1, ":")
            and is_op(tokens, i + 2, "{")
            and i + 2 in match
        ):
            spans.append((tokens[i].line, tokens[match[i + 2]].line))
    return spans


def _next_env_keys(text: str) -> set[str]:
    """The keys of `env: { a, b: x, "c": y }` in a next.config."""
    tokens = tokenize(text, JAVASCRIPT)
    keys: set[str] = set()
    for i in range(len(tokens) - 2):
        if not (is_id(tokens, i, "env") and is_op(tokens, i + 1, ":") and is_op(tokens, i + 2, "{")):
            continue
        depth = 0
        for j in range(i + 2, len(tokens)):
            if is_op(tokens, j, "{", "(", "["):
                depth += 1
            elif is_op(tokens, j, "}", ")", "]"):
                depth -= 1
                if depth == 0:
                    break
            elif depth == 1 and is_op(tokens, j - 1, "{", ",") and is_op(tokens, j + 1, ",", ":", "}"):
                keys.add(tokens[j].text)
    return keys


# Top-level folders of Go developer tools (`tools/templatetester/main.go`, `hack/gen.go`).
_GO_TOOL_FOLDERS = frozenset({"tools", "hack"})


_TS_ENTRY = re.compile(r"(?:^|[\s/])([\w.-]+)\.(?:ts|mts|cts|tsx)\b")
_COMPILED = re.compile(r"\b(?:dist|build|out|lib)/(?:[\w.-]+/)*([\w.-]+)\.(?:js|mjs|cjs)\b")


def _compiled_entry(
    package: _Package, name: str, launched: set[str], imports: dict[str, set[str]] | None = None
) -> bool:
    """A dev script running a TypeScript entry from source (`tsx watch src/index.ts`, `tsx
    wait-for-postgres.ts`) whose compiled output a runtime script of the package, or a container, runs
    (`node dist/index.js`, `node dist/wait-for-postgres.mjs`), also through a launcher file the script runs
    (`start: node index start`, index.js requiring `./dist/server/index.js`): the same program, so the source
    is what the deployment runs."""
    entries = {m.group(1) for m in _TS_ENTRY.finditer(package.scripts.get(name, ""))}
    if not entries:
        return False
    runs = [c for n, c in package.scripts.items() if n != name and _script_class(n) == "runtime"]
    runs.extend(
        " ".join(sorted(_required_by(package.folder, command, imports or {}))) for command in list(runs)
    )
    runs.append(" ".join(launched))
    compiled = {m.group(1) for command in runs for m in _COMPILED.finditer(command)}
    return bool(entries & compiled)


_COMPILED_PATH = re.compile(r"^(?:(.*)/)?(?:dist|build|out)/(.+)\.(?:js|mjs|cjs)$")
_SOURCE_EXTS = (".ts", ".mts", ".cts", ".tsx", ".js", ".mjs")


def _compiled_sources(path: str) -> list[str]:
    """The sources a compiled file a container runs may be built from: `apps/mail/dist/src/main.js` from
    `apps/mail/src/main.ts`; `dist/index.js` from `src/index.ts` or `index.ts`."""
    match = _COMPILED_PATH.match(path)
    if match is None:
        return []
    prefix, rest = match.group(1), match.group(2)
    stems = [rest] if rest.startswith("src/") else [rest, f"src/{rest}"]
    return [posixpath.join(prefix, s) + ext if prefix else s + ext for s in stems for ext in _SOURCE_EXTS]


def _required_by(folder: str, command: str, imports: dict[str, set[str]]) -> set[str]:
    """What the package's JS files a command runs (`node index start`: index.js) import or require."""
    out: set[str] = set()
    for word in command.split():
        for ext in ("", ".js", ".mjs", ".cjs"):
            out |= imports.get(posixpath.normpath(posixpath.join(folder, word + ext)), set())
    return out


def _top_level_script(rel: str) -> bool:
    """An extensionless script at the project's top (`run`, `manage`): shell_host's task-runner shape."""
    return "/" not in rel and "." not in rel and "entrypoint" not in rel.lower()


def _started(rel: str, named: set[str]) -> bool:
    """The shell script rel is an entrypoint, or one a launcher names (`CMD ["/app/scripts/start.sh"]`)."""
    base = posixpath.basename(rel).lower()
    return "entrypoint" in base or any(
        rel == n or rel.endswith("/" + n) or n.endswith("/" + rel) for n in named
    )


def _placed(rel: str, scripts: dict[str, str]) -> str | None:
    """The scope launches give a file itself (scripts, containers, configs); None when nothing does."""
    if _TEST_CONFIGS.search(rel):
        return "test"
    if _TOOL_CONFIGS.search(rel) or _SEEDS.search(rel):
        return "dev"
    if is_build_config(rel):
        return "build"
    return scripts.get(rel)


# Files a framework runs by their path, imported by nothing: Next.js API routes and pages (their server
# functions), app-router route handlers, middleware and instrumentation hooks. Entry points, never moved by
# the scope of a look-alike importer.
_FILE_ROUTES = re.compile(
    r"(?:^|/)pages/.+\.[cm]?[jt]sx?$|(?:^|/)app/(?:.+/)?route\.[cm]?[jt]sx?$"
    r"|(?:^|/)(?:src/)?(?:middleware|instrumentation)\.[cm]?[jt]s$"
)


# In the import graph: a browser bundle's source, whose `process.env` the bundler inlines (build time) while
# its other reads keep their own scope. Between runtime and build: a module a bundle imports is not one
# only a build script runs.
_BUNDLED = "bundled"


def _rank(scope: str) -> float:
    return 0.5 if scope == _BUNDLED else SCOPES.index(scope.partition(":")[0])


class _ImportGraph:
    """Who imports each JS/TS module. Relative specifiers are resolved; any other local-looking one
    (`@/lib/x`, `~/x`, `pkg/sub`) counts as an import of every module whose name it ends with, so an alias
    import from a runtime file keeps such a module runtime (recall first); one ending in `/index` (`pkg/
    src/theming/index`) names an index file by its folder, not every `index.*`. Scopes are settled round by
    round: a module takes the most important scope of its importers once they are all known; one nobody
    imports, a file-routed entry point, or one left undecided (an import cycle), is `runtime`.

    A workspace package's name (`@acme/env`, `@acme/env/server`) resolves to its entry or that module. A
    module only a package script places (`soft`: a library's own `esbuild src/index.ts` build) keeps that
    scope unless an importer is runtime. The `process.env` of a browser bundle's source is inlined when it is
    built (js_frontend.py), so that of a shared module only bundles (or build scripts) import is too."""

    def __init__(
        self,
        imports: dict[str, set[str]],
        files: set[str],
        scripts: dict[str, str],
        soft: set[str] | None = None,
        workspace: WorkspacePackages | None = None,
        unnamed: Callable[[str], bool] | None = None,
    ) -> None:
        from secretguard.inventory.discover.javascript import JsProject  # noqa: PLC0415 - no import cycle

        importers: dict[str, set[str]] = {}
        # last part of an alias specifier -> its importers, each with the specifier's folders
        by_stem: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
        by_index: dict[str, set[str]] = {}  # folder of an alias specifier ending in `/index` -> its importers
        resolved: dict[str, set[str]] = {}  # a workspace package's specifier -> the modules it loads
        for importer, specs in imports.items():
            for spec in specs:
                if spec.startswith("."):
                    target = JsProject.module_file(importer, spec, files)
                    if target is not None and target != importer:
                        importers.setdefault(target, set()).add(importer)
                    continue
                if workspace is not None and spec not in resolved:
                    resolved[spec] = workspace.targets(spec, files)
                for target in resolved.get(spec, ()):
                    if target != importer:
                        importers.setdefault(target, set()).add(importer)
                if resolved.get(spec):
                    continue  # a workspace package's module: not every file of that name
                *folders, last = spec.rstrip("/").split("/")
                stem = last.split(".", 1)[0]
                if stem == "index" and folders:
                    by_index.setdefault(folders[-1], set()).add(importer)
                else:
                    by_stem.setdefault(stem, set()).add((importer, _alias_folders(folders)))
        self.scopes: dict[str, str] = {}
        pending: dict[str, set[str]] = {}
        floors: dict[str, str] = {}  # soft files: the scope their scripts give when no importer is runtime
        for rel in files:
            placed = _placed(rel, scripts)
            if workspace is not None and placed is None and workspace.bundled(rel):
                placed = _BUNDLED
            if placed is None and (own := scope_of_read(Read("", rel, 0, False, "javascript"))) != "runtime":
                placed = own  # a test (`*.spec.ts`, `e2e/`) or an example importing the module
            if placed is not None and (soft is None or rel not in soft):
                self.scopes[rel] = placed
                continue
            if placed is None and workspace is not None:
                placed = workspace.kind(rel)  # a module of a scripts or test-runner package: unless imported
                if placed is None and unnamed is not None and workspace.in_scripts(rel) and unnamed(rel):
                    placed = "dev"  # a package's `scripts/crawl.ts` nothing runs, imports or names
            if placed is not None:
                floors[rel] = placed
            elif _FILE_ROUTES.search(rel):
                self.scopes[rel] = "runtime"
                continue
            parts = rel.rsplit("/", 2)
            stem = parts[-1].split(".", 1)[0]
            found = set(importers.get(rel, ()))
            if stem != "index":
                found |= _ending(rel.split("/")[:-1], by_stem.get(stem, set()))
            elif len(parts) > 1:
                found |= _ending(rel.split("/")[:-2], by_stem.get(parts[-2], set()))
                found |= by_index.get(parts[-2], set())
            found.discard(rel)
            if found:
                pending[rel] = found
            else:
                self.scopes[rel] = floors.get(rel, "runtime")
        for _ in range(64):
            settled: dict[str, str] = {}
            for rel, found in pending.items():
                known = [self.scopes[i] for i in found if i in self.scopes]
                if "runtime" in known:
                    settled[rel] = "runtime"
                elif len(known) == len(found):
                    known += [floors[rel]] if rel in floors else []
                    settled[rel] = min(known, key=_rank)
            if not settled:
                break
            self.scopes.update(settled)
            for rel in settled:
                del pending[rel]
        for rel in pending:
            self.scopes[rel] = floors.get(rel, "runtime")  # an import cycle: runtime unless placed

    def scope(self, rel: str) -> str:
        return self.scopes.get(rel, "runtime")


def _alias_folders(folders: list[str]) -> tuple[str, ...]:
    """The folders an alias specifier names before its module (`@/lib/config`: `lib`), without the alias
    itself (`@`, `~`, `#x`, `$lib`, `@scope`) and `src` (an alias or a package may stand for it)."""
    if folders and folders[0][:1] in ("@", "~", "#", "$"):
        folders = folders[1:]
    return tuple(f for f in folders if f not in ("src", "."))


def _ending(folders: list[str], importers: set[tuple[str, tuple[str, ...]]]) -> set[str]:
    """The importers whose alias specifier's folders end the module's own (`lib/config` names
    `apps/web/src/lib/config.ts`, not `tools/x/src/config.ts`)."""
    have = tuple(f for f in folders if f != "src")
    return {i for i, want in importers if not want or have[len(have) - len(want) :] == want}
