"""Finding the environment variables a project reads: walk the files, hand each to the discoverer for its
language or config family, and add the reads up per variable."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from secretguard.inventory.discover.apache import discover_apache
from secretguard.inventory.discover.base import (
    DiscoveredVariable,
    Note,
    Read,
    aggregate,
    is_build_config,
    scope_of_read,
)
from secretguard.inventory.discover.caddy import discover_caddyfile, is_caddyfile
from secretguard.inventory.discover.ci import (
    action_folder,
    discover_github,
    discover_gitlab,
    is_ci_pipeline,
    is_circleci,
    is_github_workflow,
    is_gitlab_ci,
    is_travis,
    scope_action_inputs,
)
from secretguard.inventory.discover.ci_scripts import CiScripts
from secretguard.inventory.discover.compose import (
    ComposeServices,
    discover_compose,
    host_side_env_files,
    is_compose_file,
)
from secretguard.inventory.discover.configmap_files import embedded_files, manifest_commands
from secretguard.inventory.discover.dockerfile import discover_dockerfile, is_dockerfile
from secretguard.inventory.discover.dotenv_defaults import defaults_reads, loaded_defaults
from secretguard.inventory.discover.dotenv_example import discover_env_example, is_env_example
from secretguard.inventory.discover.elixir import discover_elixir
from secretguard.inventory.discover.elixir_wrappers import ElixirProject
from secretguard.inventory.discover.erb import discover_erb, is_erb
from secretguard.inventory.discover.go import GoProject
from secretguard.inventory.discover.go_pflag_env import PflagEnv
from secretguard.inventory.discover.image_scripts import ImageScripts
from secretguard.inventory.discover.javascript import JsProject
from secretguard.inventory.discover.js_adonis import adonis_reads
from secretguard.inventory.discover.js_cased_keys import CasedKeys
from secretguard.inventory.discover.js_env_classes import EnvClasses
from secretguard.inventory.discover.js_env_enums import env_enum_reads
from secretguard.inventory.discover.js_env_name_keys import env_name_key_reads
from secretguard.inventory.discover.js_imported_schemas import ImportedSchemas
from secretguard.inventory.discover.js_joi import joi_reads
from secretguard.inventory.discover.js_merged_defaults import MergedDefaults
from secretguard.inventory.discover.js_nconf import NconfProject
from secretguard.inventory.discover.js_placeholders import ConfigPlaceholders
from secretguard.inventory.discover.js_prefix_classes import PrefixClasses
from secretguard.inventory.discover.js_rc import RcProject
from secretguard.inventory.discover.js_switch_keys import switch_key_reads
from secretguard.inventory.discover.js_template_keys import inline_constants
from secretguard.inventory.discover.js_walk_maps import walk_map_reads
from secretguard.inventory.discover.js_webpack_entries import WebpackEntries
from secretguard.inventory.discover.js_worker_bindings import WorkerBindings
from secretguard.inventory.discover.js_yargs import yargs_reads
from secretguard.inventory.discover.jvm import discover_jvm
from secretguard.inventory.discover.kamal import discover_kamal, is_kamal_config
from secretguard.inventory.discover.kubernetes import (
    K8sIndex,
    discover_manifest,
    is_manifest,
    resolve_env_from,
)
from secretguard.inventory.discover.launch import Launches, starts_the_app
from secretguard.inventory.discover.named import SOURCE as NAMED_SOURCE
from secretguard.inventory.discover.named import NamedInCode
from secretguard.inventory.discover.nest_config import nest_config_reads
from secretguard.inventory.discover.node_config import NAMES as NODE_CONFIG_NAMES
from secretguard.inventory.discover.node_config import discover_node_config
from secretguard.inventory.discover.otel_config import discover_otel_config
from secretguard.inventory.discover.php_wrappers import PhpProject
from secretguard.inventory.discover.prefix_walks import declared_under, ruby_walked_prefixes
from secretguard.inventory.discover.prisma import discover_prisma
from secretguard.inventory.discover.python import FlaskUse, discover_python_project, flask_reads
from secretguard.inventory.discover.python_airflow import airflow_reads
from secretguard.inventory.discover.python_class_names import class_attribute_reads
from secretguard.inventory.discover.python_click_autoenv import click_auto_env_reads
from secretguard.inventory.discover.python_config_files import python_config_file
from secretguard.inventory.discover.python_dynaconf import TRIGGER as DYNACONF
from secretguard.inventory.discover.python_dynaconf import dynaconf_reads
from secretguard.inventory.discover.python_env_descriptors import descriptor_project, descriptor_reads
from secretguard.inventory.discover.python_environ_params import environ_param_reads
from secretguard.inventory.discover.python_flask import walked_declarations
from secretguard.inventory.discover.python_langchain import langchain_reads
from secretguard.inventory.discover.python_tornado_options import tornado_option_reads
from secretguard.inventory.discover.python_typedconfig import ENVIRONMENT_SOURCE, typedconfig_reads
from secretguard.inventory.discover.python_typedconfig import TRIGGER as TYPEDCONFIG
from secretguard.inventory.discover.ruby import discover_ruby
from secretguard.inventory.discover.ruby_configurate import ConfigurateProject
from secretguard.inventory.discover.ruby_joined_keys import JoinedKeys
from secretguard.inventory.discover.ruby_konfig import KonfigProject
from secretguard.inventory.discover.ruby_name_tables import NameTables
from secretguard.inventory.discover.ruby_rails import RailsFramework
from secretguard.inventory.discover.ruby_task_libraries import RakeOnlyLibraries
from secretguard.inventory.discover.ruby_wrappers import RubyWrappers
from secretguard.inventory.discover.rust_figment import FigmentProject
from secretguard.inventory.discover.rust_project import RustProject
from secretguard.inventory.discover.separate_programs import SeparatePrograms
from secretguard.inventory.discover.shell import discover_package_scripts, discover_procfile, discover_shell
from secretguard.inventory.discover.shell_envsubst import Envsubst
from secretguard.inventory.discover.shell_key_loops import KeyLoops
from secretguard.inventory.discover.shell_prefix_loops import PrefixLoops
from secretguard.inventory.discover.sourced import Sourced
from secretguard.inventory.discover.supervisord import discover_supervisord
from secretguard.inventory.discover.symfony_dotenv import SymfonyProject
from secretguard.inventory.discover.templates import Templates, is_template_candidate
from secretguard.inventory.discover.uwsgi import discover_uwsgi
from secretguard.inventory.discover.yamltree import YamlTooLargeError, load_documents
from secretguard.safe_read import RefusedInput, read_regular_file, read_regular_head
from secretguard.scan.sources.files import git_listing
from secretguard.scan.sources.textfile import as_text

__all__ = ["DiscoveredVariable", "Discovery", "Note", "Read", "discover"]

# Dependencies, build output, virtual environments and caches: never the project's own reads.
SKIPPED_DIRS = frozenset(
    """
    .git .hg .svn node_modules bower_components vendor .venv venv __pycache__ site-packages dist build .next
    .nuxt .svelte-kit .output target coverage .tox .nox .mypy_cache .pytest_cache .ruff_cache .terraform .yarn
    .pnpm-store .gradle .idea .cache
    """.split()
)
_JS = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte", ".astro")
_JVM = (".java", ".kt", ".kts", ".groovy", ".scala")
_SHELL = (".sh", ".bash", ".zsh", ".ksh", ".ash", ".envsh")  # `.envsh`: sourced by entrypoint runners
_SHELLS = (b"sh", b"bash", b"zsh", b"ksh", b"dash", b"ash")
_MINIFIED = (".min.js", ".min.mjs", ".bundle.js", ".chunk.js")
MAX_SIZE = 2 * 1024 * 1024


@dataclass
class Discovery:
    variables: list[DiscoveredVariable]
    reads: list[Read] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    files: int = 0
    skipped: list[str] = field(default_factory=list)


# Folders that hold build output in most projects and source in some (Go's `build/` of Dockerfiles and
# packaging, `scripts/dist/` of an image's entrypoints): only their container files are read.
_OUTPUT_DIRS = frozenset({"build", "dist"})


def _walk(root: Path) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        kept = (
            d for d in dirs if d not in SKIPPED_DIRS or d in _OUTPUT_DIRS or _own_modules(root, folder, d)
        )
        dirs[:] = sorted(kept)
        rel = os.path.relpath(folder, root)
        for name in sorted(files):
            yield name if rel == "." else os.path.join(rel, name)


def project_files(root: Path, all_files: bool = False) -> Iterator[str]:
    """The project's files to read (git's listing unless `all_files`), `/`-separated, SKIPPED_DIRS out
    (but for the container files of `build/` and `dist/` folders)."""
    listing = None if all_files else git_listing(root)
    names = listing if listing is not None else _walk(root)
    own: dict[
        str, bool
    ] = {}  # folder -> holds the project's own packages (one stat per folder, not per file)
    for rel in names:
        parts = rel.replace(os.sep, "/").split("/")
        skipped = [
            p
            for k, p in enumerate(parts[:-1])
            if p in SKIPPED_DIRS and not _own_modules_cached(own, root, "/".join(parts[:k]), p)
        ]
        if skipped and not (set(skipped) <= _OUTPUT_DIRS and _container_file(parts[-1])):
            continue
        if any(
            p in _VENDOR_FOLDERS and _vendored_cached(own, root, "/".join(parts[: k + 1]))
            for k, p in enumerate(parts[:-1])
        ):
            continue
        yield rel.replace(os.sep, "/")


# Folders a project copies other projects' Python packages into (Tautulli's `lib/` of cherrypy, requests,
# click...): their reads are those libraries', not the application's.
_VENDOR_FOLDERS = frozenset({"lib", "libs", "vendored", "_vendor", "third_party", "thirdparty", "extlibs"})
_KNOWN_PACKAGES = frozenset(
    """
    requests urllib3 certifi idna chardet charset_normalizer six click jinja2 markupsafe yaml dateutil pytz
    simplejson bs4 html5lib cherrypy cheroot rich typer platformdirs attr attrs packaging pkg_resources
    setuptools future past jwt oauthlib requests_oauthlib dns paho tornado werkzeug mako arrow bleach
    colorama configobj defusedxml distro websocket zipp importlib_metadata more_itertools jaraco backports
    """.split()
)
_VENDORED_AT_LEAST = 3  # well-known packages side by side: a copy of dependencies, not the app's modules


def _vendored_cached(cache: dict[str, bool], root: Path, folder: str) -> bool:
    key = "vendored:" + folder
    if key not in cache:
        try:
            names = {child.name for child in (root / folder).iterdir()}
        except OSError:
            names = set()
        cache[key] = len(names & _KNOWN_PACKAGES) >= _VENDORED_AT_LEAST
    return cache[key]


def _own_modules_cached(cache: dict[str, bool], root: Path, folder: str, name: str) -> bool:
    if name in _OUTPUT_DIRS:  # `onyx/server/features/build/`: a package of the source, no output
        key = f"{folder}/{name}" if folder else name
        if key not in cache:
            here = os.path.join(root, key)
            cache[key] = (
                os.path.isfile(os.path.join(root, folder, "__init__.py")) and _holds_modules(here)
            ) or _holds_modules(here, ".go")  # `lib/build/build.go`: a Go package of version info
        return cache[key]
    if name != "node_modules":
        return False
    if folder not in cache:
        cache[folder] = _own_modules(root, os.path.join(root, folder), name)
    return cache[folder]


def _holds_modules(folder: str, suffix: str = ".py") -> bool:
    """A folder of source modules (a Python package, or a namespace package without `__init__.py`; a Go
    package)."""
    try:
        return any(entry.suffix == suffix for entry in Path(folder).iterdir())
    except OSError:
        return False


def _own_modules(root: Path, folder: str, name: str) -> bool:
    """A `node_modules` folder the project keeps its own packages in (Node-RED's `packages/node_modules`):
    installed ones always sit beside a package.json; this one's parent, below the project's top, has none."""
    return (
        name == "node_modules"
        and os.path.normpath(folder) != os.path.normpath(root)
        and not os.path.exists(os.path.join(folder, "package.json"))
    )


def _container_file(name: str) -> bool:
    """A file that builds or starts a container: a Dockerfile, a shell script, a compose file, a
    supervisord or systemd unit."""
    lower = name.lower()
    return (
        is_dockerfile(name)
        or lower.endswith((*_SHELL, ".service"))
        or is_compose_file(name)
        or (lower.startswith("supervisord") and lower.endswith(".conf"))
    )


# By the end of the name, in order (minified bundles before the JS extensions they end with).
_BY_SUFFIX: tuple[tuple[tuple[str, ...], str | None], ...] = (
    ((".py", ".pyi"), "python"),
    (_MINIFIED, None),
    (_JS, "javascript"),
    ((".go",), "go"),
    ((".rb", ".rake", ".ru"), "ruby"),
    ((".erb",), "erb"),
    (_JVM, "jvm"),
    ((".php",), "php"),
    ((".rs",), "rust"),
    ((".ex", ".exs"), "elixir"),
    ((".prisma",), "prisma"),
)
_BY_NAME = {
    "gemfile": "ruby",
    "rakefile": "ruby",
    "entrypoint": "shell",
    "docker-entrypoint": "shell",
    "package.json": "package-json",  # read for its scripts alone (launch.py)
    "procfile": "procfile",
    "makefile": "makefile",  # read for the scripts its recipes run (launch.py)
    "gnumakefile": "makefile",
    **dict.fromkeys(NODE_CONFIG_NAMES, "node-config"),  # node-config's variable map (node_config.py)
}
# A script without an extension: its `#!` interpreter.
_INTERPRETERS = {b"node": "javascript", b"deno": "javascript", b"bun": "javascript", b"ruby": "ruby"}


def _kind(rel: str, head: bytes) -> str | None:
    lower = rel.lower()
    base = os.path.basename(lower)
    for suffixes, kind in _BY_SUFFIX:
        if lower.endswith(suffixes):
            return kind
    if base in _BY_NAME:
        return _BY_NAME[base]
    if is_dockerfile(rel):
        return "dockerfile"
    if is_caddyfile(rel):
        return "caddyfile"
    if is_env_example(rel):
        return "env-example"
    if lower.endswith(".ini"):
        return "ini"  # uWSGI's, when it has a [uwsgi] section; supervisord's, with [program:x] sections
    if lower.endswith(".conf"):
        return "conf"  # supervisord's, when it has its sections (a shell script may source it too)
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if base.endswith(".schema.json") or base == "config.json":
        return "json-schema"  # a configuration's JSON schema (Ory's configx: go_configx.py)
    if lower.endswith(_YAML_TEMPLATES):
        return "yaml-template"
    if lower.endswith(_SHELL):
        # `bin/update.sh` starting `#!/usr/bin/env php`: a PHP command-line tool under a shell name
        return "php" if head.startswith(b"#!") and b"php" in head.split(b"\n", 1)[0] else "shell"
    if "." not in base and head.startswith(b"#!"):
        return _interpreter_kind(head)
    return None


def _interpreter_kind(head: bytes) -> str | None:
    first = head.split(b"\n", 1)[0]
    interpreter = first.rsplit(b"/", 1)[-1].split()
    if interpreter and interpreter[0] == b"env":
        word = interpreter[-1]
    elif interpreter and interpreter[0] == b"with-contenv":  # s6-overlay: the container's env, then bash
        word = next((w for w in interpreter[1:] if not w.startswith(b"-")), b"")
    else:
        word = interpreter[0] if interpreter else b""
    if word in _SHELLS:
        return "shell"
    if word.startswith(b"python"):
        return "python"
    return _INTERPRETERS.get(word)


class _Files:
    """The project's files, read through safe_read: regular files inside the root, at most `max_size` bytes.
    A FIFO (which would block discovery), a device or a symlink out of the root is never read: it is named
    in `skipped` with the reason, like a file over the limit."""

    def __init__(self, root: Path, max_size: int) -> None:
        self.root = root.resolve()
        self.max_size = max_size
        self.skipped: list[str] = []

    def head(self, rel: str) -> bytes:
        try:
            return read_regular_head(self.root / rel, roots=[self.root], size=256)
        except RefusedInput as exc:
            self._refused(rel, exc)
        except OSError:
            pass
        return b""

    def read(self, rel: str) -> str | None:
        try:
            data = read_regular_file(self.root / rel, roots=[self.root], max_bytes=self.max_size)
        except RefusedInput as exc:
            self._refused(rel, exc)
            return None
        except OSError:
            return None
        # The scanner's text test: a stray NUL in a source file (a regex literal, a padding byte) is still
        # text; UTF-16/32 files are decoded. Binary content is named, not silently passed over.
        text = as_text(data)
        if text is None:
            self.skipped.append(f"{rel}: binary content, not read")
            return None
        return text[0].decode("utf-8", "replace")

    def _refused(self, rel: str, exc: RefusedInput) -> None:
        if os.path.isdir(self.root / rel):
            return  # a submodule or a symlink to a folder, as git lists them: no file to read, nothing missed
        entry = f"{rel}: {exc.reason}"
        if entry not in self.skipped[-1:]:  # head() then read() of the same file: named once
            self.skipped.append(entry)


def _published_bundle(rel: str, text: str) -> bool:
    """A script served to browsers as it is: a minified one under a web root's folders (`public/`,
    `static/`, `assets/`: a package's published assets, `php artisan filament:assets`, a theme's built
    pages), or a third-party library copied into one (`public/js/libs/x.js`). No bundler replaces its
    `process.env` and no server runs it, so it reads no setting, and a quoted name in it is a library's."""
    folders = rel.split("/")[:-1]
    # `static/`, also a folder named with the word (`project-static/`, `static_root/`)
    if not any(_ASSET_FOLDERS.intersection(_FOLDER_WORDS.split(f.lower())) for f in folders):
        return False
    if not _LIBRARY_FOLDERS.isdisjoint(folders):
        return True
    return len(text) > _BUNDLE_LINE and len(text) // (text.count("\n") + 1) > _BUNDLE_LINE


def _unbundled_asset(rel: str, root: Path, packages: dict[str, bool]) -> bool:
    """A script under a web root's folder (`static/`, `public/`) with no `package.json` in its folder or any
    above it (a Django app's `static/codemirror/jshint.js`): no bundler builds it and no Node runs it, the
    browser loads it as it is, so a `process.env` in it is a library's shim."""
    folders = rel.split("/")[:-1]
    if not any(_ASSET_FOLDERS.intersection(_FOLDER_WORDS.split(f.lower())) for f in folders):
        return False
    for k in range(len(folders) + 1):
        folder = "/".join(folders[:k])
        if folder not in packages:
            packages[folder] = os.path.isfile(root / folder / "package.json")
        if packages[folder]:
            return False
    return True


_FOLDER_WORDS = re.compile(r"[-_.]+")
_ASSET_FOLDERS = frozenset({"public", "static", "assets", "www", "wwwroot", "htdocs", "webroot"})
# Folders of other projects' code inside a web root.
_LIBRARY_FOLDERS = frozenset(
    {"lib", "libs", "vendor", "vendors", "plugins", "third_party", "thirdparty", "3rdparty", "external"}
)


# Yarn Plug'n'Play's generated loaders: the package manager's code (its own NODE_OPTIONS, PNP_DEBUG_LEVEL),
# not the application's.
_YARN_LOADERS = frozenset({".pnp.cjs", ".pnp.js", ".pnp.loader.mjs"})
_BUNDLE_LINE = 300  # average characters a line: hand-written code stays far below


# Caddy's own placeholders, never a start-time template of another renderer.
_NOT_TEMPLATES = frozenset({"caddyfile"})
# Rails config kept under an example's name (`config/database.yml.example`, the real one ignored by git): what
# a deployment copies into place (`cp config/database.yml.example config/database.yml`), ERB and all.
_YAML_TEMPLATES = tuple(f"{ext}.{end}" for ext in (".yml", ".yaml") for end in ("example", "sample", "dist"))


def _discover_ini(text: str, rel: str) -> list[Read]:
    """uWSGI's `[uwsgi]` and supervisord's `[program:x]` sections both live in `.ini` files."""
    return discover_uwsgi(text, rel) + discover_supervisord(text, rel)


# Languages whose discovery needs only the file's text and path.
_BY_KIND = {
    "ruby": discover_ruby,
    "erb": discover_erb,
    "jvm": discover_jvm,
    "shell": discover_shell,
    "dockerfile": discover_dockerfile,
    "env-example": discover_env_example,
    "ini": _discover_ini,
    "conf": lambda text, rel: (
        discover_supervisord(text, rel) + discover_apache(text, rel)
    ),  # either program's
    "caddyfile": discover_caddyfile,
    "prisma": discover_prisma,
}


def discover(root: Path, *, all_files: bool = False, max_size: int = MAX_SIZE) -> Discovery:
    """Every variable the project at root reads or declares, with each place (paths relative to root)."""
    files = _Files(root, max_size)
    reads: list[Read] = []
    notes: list[Note] = []
    flask = FlaskUse()
    k8s = K8sIndex()
    js = JsProject(read_file=files.read)  # modules exporting process.env, and their importers
    env_classes = EnvClasses()  # the app's environment classes (`env.get('X')` on an instance)
    konfig = KonfigProject()  # Ruby Konfig schemas, once ENV is one of their sources
    configurate = ConfigurateProject()  # Ruby Configurate settings, when its Env provider answers
    name_tables = NameTables()  # Ruby tables of names handed to a class reading ENV by the names given
    dotenv_loads: list[tuple[str, str]] = []  # defaults files the code loads at start: (loader, path)
    joined_keys = JoinedKeys()  # Ruby helpers joining their arguments into the name they read
    ruby_wrappers = RubyWrappers()  # Ruby methods reading the variable a parameter names, and their calls
    rails = RailsFramework()  # what Rails and Puma read themselves
    task_libraries = RakeOnlyLibraries()  # `lib/` classes only rake tasks name
    ruby_prefixes: set[str] = set()  # prefixes Ruby code walks ENV for (`/^SMTP_(.*)$/ === k`)
    typed_keys: list[Read] = []  # typed-config sections' keys, read when an EnvironmentConfigSource is built
    typed_source = False
    imported_schemas = ImportedSchemas()  # zod schemas another module parses from the environment
    cased_keys = CasedKeys()  # config objects' keys a loader reads as `process.env[constantCase(key)]`
    nconf = NconfProject()  # keys read through nconf, which its env store takes from the environment
    rc = RcProject(files.read)  # settings of rc's defaults object, each `<app>_<path>` in the environment
    prefix_classes = PrefixClasses()  # classes reading names built from a constructor's prefix parameter
    worker_bindings = WorkerBindings()  # Cloudflare Workers' `env` types: their members are the variables
    go = GoProject()  # each package's structs, their loading calls, viper's settings
    pflag_env = PflagEnv()  # pflag sets whose every flag a walk reads from the environment
    services = ComposeServices()  # compose services whose scope the code's reads decide
    launches = Launches()  # which files package scripts, containers and build configs run when
    js.workspace = launches.workspace  # import specifiers naming the monorepo's own packages
    python: list[tuple[str, str]] = []  # read after the walk: wrappers are found project-wide first
    php = PhpProject()  # direct reads at once; wrappers' calls once every file is seen
    rust = RustProject()  # the same for Rust's wrapper functions and config-table macros
    elixir = ElixirProject()  # and for Elixir's
    figment = FigmentProject()  # Rust structs figment fills from a prefixed environment
    prefix_loops = PrefixLoops()  # shell loops writing PREFIX_* variables into a Python settings override
    symfony = SymfonyProject()  # container config's %env()% reads; defaults from env() parameters, `.env`
    templates = Templates()  # start-time config templates, read once their renderer is known to run
    sourced = Sourced()  # files shell scripts source, whatever their extension
    envsubst = Envsubst()  # templates shell scripts render with envsubst, whatever their name
    key_loops = KeyLoops()  # scripts reading names built from a file's keys (`${!x}` over .env.example)
    named = NamedInCode(files.read)  # quoted names in code: declared ones read some way not followed
    actions: set[str] = set()  # folders of GitHub Actions (an `action.yml`)
    images = ImageScripts()  # `.github/` scripts the project's Dockerfiles run
    ci_runs = CiScripts()  # the project's scripts CI pipelines run
    placeholders = ConfigPlaceholders()  # config placeholders the app's code fills from the environment
    webpack = WebpackEntries()  # browser code a webpack config bundles beside the server's
    merged = MergedDefaults()  # env-read config objects merged over defaults objects
    separate = SeparatePrograms()  # `cli/`, `sdk/`, `integrations/` programs with manifests of their own
    count = 0
    package_folders: dict[str, bool] = {}  # folder -> holds a package.json
    for rel in project_files(root, all_files):
        if (folder := action_folder(rel)) is not None:
            actions.add(folder)
        envsubst.note_file(rel)
        separate.note_file(rel)
        launches.note_file(rel)
        key_loops.note_file(rel)
        symfony.note_file(rel)
        placeholders.note_file(rel)
        base_name = os.path.basename(rel)
        kind = _kind(rel, files.head(rel) if "." not in base_name or base_name.endswith(_SHELL) else b"")
        template = kind not in _NOT_TEMPLATES and is_template_candidate(rel)
        if kind in (None, "conf"):
            sourced.note_unread(rel)
        if kind is None and not template:
            continue
        text = files.read(rel)
        if text is None:
            continue
        if template:
            templates.add(text, rel)
        if kind is None:
            continue
        if kind == "javascript" and (
            _published_bundle(rel, text)
            or os.path.basename(rel) in _YARN_LOADERS
            or _unbundled_asset(rel, files.root, package_folders)
        ):
            continue
        count += 1
        try:
            if kind in ("ruby", "python", "javascript"):
                dotenv_loads.extend((rel, path) for path in loaded_defaults(text))
            named.add(kind, text, rel)
            placeholders.add(kind, text, rel)
            if kind == "python" or (kind in ("ini", "conf") and python_config_file(text, rel)):
                python.append((rel, text))  # also gunicorn's `-c gunicorn.ini`: Python under an INI name
                if kind == "python" and "airflow" in text:
                    reads.extend(airflow_reads(text, rel))
                if kind == "python" and "langchain" in text:
                    reads.extend(langchain_reads(text, rel))
                if kind == "python" and DYNACONF in text:
                    reads.extend(dynaconf_reads(text, rel, files.read))
                if kind == "python" and TYPEDCONFIG in text:
                    typed_keys.extend(typedconfig_reads(text, rel))
                    typed_source = typed_source or ENVIRONMENT_SOURCE in text
            elif kind == "yaml":
                reads.extend(_discover_yaml(text, rel, files, k8s, notes, services))
                carried = embedded_files(text)  # a ConfigMap's `local_settings.py: |`
                if "python" in carried:
                    python.append((rel, carried["python"]))
                if "shell" in carried:
                    reads.extend(discover_shell(carried["shell"], rel))
                if (commands := manifest_commands(text, rel)) is not None:
                    reads.extend(discover_shell(commands, rel))
                reads.extend(discover_otel_config(text, rel))
                symfony.add_yaml(text, rel)
                if "<%" in text:
                    joined_keys.add(text, rel)  # Rails' ERB in `config/storage.yml`
                if (
                    is_github_workflow(rel)
                    or is_gitlab_ci(rel)
                    or is_circleci(rel)
                    or is_travis(rel)
                    or is_ci_pipeline(rel)
                ):
                    ci_runs.add_pipeline(text)
                elif os.path.basename(rel).lower().lstrip(".").startswith("goreleaser"):
                    launches.add_release_config(text)
            elif kind == "yaml-template":
                if is_erb(text) and not os.path.lexists(files.root / rel.rsplit(".", 1)[0]):
                    reads.extend(discover_erb(text, rel))  # the real file is absent: this one is copied there
            elif kind == "javascript":
                text = inline_constants(text)  # `${PREFIX}_X` with `const PREFIX = "APP"`: `APP_X`
                reads.extend(js.discover(text, rel))
                env_classes.add(text, rel)
                imported_schemas.add(text, rel)
                cased_keys.add(text, rel)
                nconf.add(text, rel)
                rc.add(text, rel)
                prefix_classes.add(text, rel)
                worker_bindings.add(text, rel)
                reads.extend(walk_map_reads(text, rel))
                reads.extend(nest_config_reads(text, rel, js))
                reads.extend(joi_reads(text, rel))
                reads.extend(adonis_reads(text, rel))
                reads.extend(env_enum_reads(text, rel))
                reads.extend(yargs_reads(text, rel))
                reads.extend(env_name_key_reads(text, rel))
                reads.extend(switch_key_reads(text, rel))
                webpack.add(text, rel)
                merged.add(text, rel)
                launches.add_imports(text, rel)
                if is_build_config(rel):
                    launches.add_build_config(text, rel)
            elif kind == "package-json":
                launches.add_package(text, rel)
                reads.extend(discover_package_scripts(text, rel, starts_the_app))
            elif kind == "json-schema":
                go.configx.add_schema(text, rel)
            elif kind == "node-config":
                reads.extend(discover_node_config(text, rel, files.read))
            elif kind == "procfile":
                launches.add_launcher(text, kind, rel)
                reads.extend(discover_procfile(text, rel))
            elif kind == "makefile":
                launches.add_makefile(text, rel)
            elif kind == "go":
                reads.extend(go.add(text, rel))
                pflag_env.add(text, rel)
                launches.add_go(text, rel)
            elif kind == "php":
                reads.extend(php.add(text, rel))
            elif kind == "rust":
                reads.extend(rust.add(text, rel))
                figment.add(text, rel)
            elif kind == "elixir":
                reads.extend(discover_elixir(text, rel))
                elixir.add(text, rel)
            elif kind in _BY_KIND:
                reads.extend(_BY_KIND[kind](text, rel))
                if kind in ("dockerfile", "shell"):
                    templates.note_script(text)
                if kind == "shell":
                    sourced.note_script(text, rel)
                    envsubst.note_script(text, rel)
                    key_loops.note_script(text, rel)
                    prefix_loops.add(text, rel)
                if kind == "dockerfile":
                    launches.add_launcher(text, kind, rel)
                    images.add_dockerfile(text, rel)
                elif kind == "ruby":
                    launches.add_ruby(text, rel)
                    konfig.add(text, rel)
                    configurate.add(text, rel)
                    name_tables.add(text, rel)
                    rails.add(text, rel)
                    joined_keys.add(text, rel)
                    ruby_wrappers.add(text, rel)
                    task_libraries.add(text, rel)
                    if scope_of_read(Read("", rel, 1, False, "ruby")) == "runtime":
                        ruby_prefixes.update(ruby_walked_prefixes(text))
                elif kind == "erb":
                    joined_keys.add(text, rel)  # `<%= Credentials.fetch(:S3, :BUCKET) %>` in storage.yml
                    ruby_wrappers.add(text, rel)
                elif kind == "shell":
                    launches.add_script(text, rel)
        except Exception as error:  # noqa: BLE001 - a bug reading one file must not hide the rest
            files.skipped.append(
                f"{rel}: internal error ({type(error).__name__}), not read; please report it"
            )
    python.extend(_copied_python(images.python_sources, {rel for rel, _ in python}, files))
    reads.extend(_guarded(files.skipped, [], discover_python_project, python, flask, files.read))
    reads.extend(_guarded(files.skipped, [], environ_param_reads, dict(python)))
    reads.extend(_guarded(files.skipped, [], prefix_loops.finish, python))
    reads.extend(_guarded(files.skipped, [], flask_reads, flask, python))
    reads.extend(_guarded(files.skipped, [], walked_declarations, flask, reads))
    reads.extend(_guarded(files.skipped, [], declared_under, ruby_prefixes, reads, "ruby-env-walk"))
    if typed_source:
        reads.extend(typed_keys)
    reads.extend(_guarded(files.skipped, [], tornado_option_reads, python))
    reads.extend(_guarded(files.skipped, [], click_auto_env_reads, python))
    if descriptor_project([text for _, text in python]):  # `REFLEX_USE_NPM: EnvVar[bool] = env_var(False)`
        for rel, text in python:
            reads.extend(_guarded(files.skipped, [], descriptor_reads, text, rel))
    reads.extend(_guarded(files.skipped, [], class_attribute_reads, python))
    resolved, unresolved = resolve_env_from(k8s)
    reads.extend(resolved)
    notes.extend(unresolved)
    reads.extend(_guarded(files.skipped, [], js.finish, files.read))
    reads.extend(_guarded(files.skipped, [], env_classes.finish, files.read))
    reads.extend(_guarded(files.skipped, [], konfig.finish))
    reads.extend(_guarded(files.skipped, [], configurate.finish, files.read))
    reads.extend(_guarded(files.skipped, [], name_tables.finish))
    reads.extend(_guarded(files.skipped, [], defaults_reads, dotenv_loads, files.read))
    reads.extend(_guarded(files.skipped, [], joined_keys.finish))
    reads.extend(_guarded(files.skipped, [], ruby_wrappers.finish))
    reads.extend(_guarded(files.skipped, [], rails.finish, files.read))
    reads.extend(_guarded(files.skipped, [], imported_schemas.finish, files.read))
    reads.extend(_guarded(files.skipped, [], cased_keys.finish))
    reads.extend(_guarded(files.skipped, [], nconf.finish))
    reads.extend(_guarded(files.skipped, [], rc.finish))
    reads.extend(_guarded(files.skipped, [], prefix_classes.finish))
    reads.extend(_guarded(files.skipped, [], worker_bindings.finish))
    reads = _guarded(files.skipped, reads, webpack.scoped, reads, files.read)
    reads = _guarded(files.skipped, reads, merged.defaulted, reads, files.read)
    reads.extend(_guarded(files.skipped, [], go.resolve, files.read))
    reads.extend(_guarded(files.skipped, [], pflag_env.finish, files.read))
    reads.extend(_guarded(files.skipped, [], php.finish, files.read))
    reads.extend(_guarded(files.skipped, [], rust.finish))
    reads.extend(_guarded(files.skipped, [], figment.finish))
    reads.extend(_guarded(files.skipped, [], elixir.finish))
    reads = _guarded(files.skipped, reads, symfony.finish, reads, files.read)
    reads.extend(_guarded(files.skipped, [], templates.finish))
    reads.extend(_guarded(files.skipped, [], sourced.finish, files.read))
    reads.extend(_guarded(files.skipped, [], envsubst.finish, files.read))
    reads.extend(_guarded(files.skipped, [], key_loops.finish, files.read))
    reads.extend(_guarded(files.skipped, [], placeholders.finish, files.read))
    notes.extend(php.notes)
    reads = _guarded(files.skipped, reads, launches.settle, reads + named.mentions(reads))
    reads = _guarded(files.skipped, reads, sourced.settle, reads)  # a library only tooling sources is tooling
    reads = _guarded(files.skipped, reads, task_libraries.settle, reads)
    reads = _guarded(files.skipped, reads, separate.settle, reads)
    started = launches.started_names()
    unstaged = launches.started_names(staged=False)  # a test image's entrypoint is no runtime start
    reads = _guarded(files.skipped, reads, images.place, scope_action_inputs(reads, actions), unstaged)
    reads = _guarded(files.skipped, reads, ci_runs.place, reads, started | images.run_names())
    mentions = [r for r in reads if r.source == NAMED_SOURCE]
    reads = [r for r in reads if r.source != NAMED_SOURCE]
    # services.settle needs every read of the code and its scope; services.place moves Sail build contexts and
    # databases' init scripts; named.keep goes last: it needs every other read's scope.
    reads.extend(_guarded(files.skipped, [], services.settle, reads))
    reads = _guarded(files.skipped, reads, services.place, reads, files.read)
    reads = _guarded(files.skipped, reads, host_side_env_files, reads)
    reads.extend(_guarded(files.skipped, [], named.keep, reads, mentions))
    return Discovery(aggregate(reads), reads, notes, count, files.skipped)


def _copied_python(sources: list[tuple[str, ...]], seen: set[str], files: _Files) -> list[tuple[str, str]]:
    """The Python modules an image copies from a template's name (`docker.py.template` -> `conf.py`)."""
    out: list[tuple[str, str]] = []
    for candidates in sources:
        for rel in candidates:
            text = None if rel in seen else files.read(rel)
            if text is not None:
                seen.add(rel)
                out.append((rel, text))
                break
    return out


def _guarded(
    skipped: list[str], otherwise: list[Read], step: Callable[..., list[Read]], *args: object
) -> list[Read]:
    """A project-wide step; a bug in it is reported with what was skipped, not allowed to hide what every
    other step found (`otherwise`: what stands without it)."""
    try:
        return step(*args)
    except Exception as error:  # noqa: BLE001 - any bug: one step's names lost, never the whole discovery
        what = getattr(step, "__qualname__", "a discovery step")
        skipped.append(
            f"{what}: internal error ({type(error).__name__}), its names left out; please report it"
        )
        return otherwise


def _discover_yaml(
    text: str, rel: str, files: _Files, k8s: K8sIndex, notes: list[Note], services: ComposeServices
) -> list[Read]:
    github, gitlab, compose = is_github_workflow(rel), is_gitlab_ci(rel), is_compose_file(rel)
    if not (github or gitlab or compose) and is_erb(text):
        return discover_erb(text, rel)  # Rails config (database.yml, storage.yml) goes through ERB at boot
    kamal = is_kamal_config(rel, text)
    if not (github or gitlab or compose or kamal or ("apiVersion" in text and "kind" in text)):
        return []
    try:
        docs = load_documents(text)
    except (yaml.YAMLError, YamlTooLargeError, RecursionError):
        if github or gitlab or compose:
            notes.append(Note(rel, 1, "not valid YAML (a template?): skipped"))
        return []
    if github:
        return discover_github(docs, text, rel)
    if gitlab:
        return discover_gitlab(docs, text, rel)
    if compose:
        reads, found = discover_compose(docs, text, rel, files.read, services)
        notes.extend(found)
        return reads
    if kamal:
        return discover_kamal(docs, rel)
    reads = []
    for doc in docs:
        if is_manifest(doc):
            reads.extend(discover_manifest(doc, rel, k8s))
    return reads
