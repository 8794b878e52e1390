"""docker compose files: `environment:` (list and map forms), `env_file:`, `build.args`, `${X}` interpolation
of the host environment anywhere in the file, and top-level `secrets: {x: {environment: NAME}}`.

Scopes: the settings of another container are that container's, `service:<name>`, not the application's: a
service running a known backing image (postgres, redis, rabbitmq, nginx...), or one that is not built here and
none of whose variables the project's code reads (decided once the whole project has been read, see
`ComposeServices`). A service running the project's own published image (named after the project in its go.mod
/ package.json / composer.json / pyproject / Cargo manifest, or published by its goreleaser file: `OwnImages`)
is the application, like a service built here. Interpolation inside a service's `build:` is `build`. A compose
file for development (`docker-compose.dev.yml`, `docker-compose.override.yml`, `compose-dev-backend.yml`,
`compose.local.yaml`, under `.devcontainer/`) gives every read it makes, its env files' included, the file's
own scope (`dev`); so does a Laravel Sail service: built from the package's Dockerfile (`build:
./vendor/laravel/sail/...`) or from Sail's published copy (`sail:publish`: `build: ./docker/8.4`), told by the
`LARAVEL_SAIL` setting every Sail service has. The files of such a service's build context (its Dockerfile,
`start-container`) are `dev` too (`ComposeServices.place`). Scripts a service mounts at
/docker-entrypoint-initdb.d, and scripts shaped like a database image's init script (db_init.py), are that
container's: `service:<name>`."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Note, Read, carries_password, is_env_name, scope_of_read
from secretguard.inventory.discover.db_init import init_script_service, initdb_mount, maybe_init
from secretguard.inventory.discover.shell import expansions
from secretguard.inventory.discover.yamltree import Node, locate
from secretguard.inventory.dotenv_format import parse_dotenv

COMPOSE_NAMES = ("docker-compose", "compose")
_DEV_WORDS = frozenset({"dev", "develop", "development", "local", "override", "devcontainer"})
_DEV_FOLDERS = frozenset({"develop", "development"})
_TEST_WORDS = frozenset({"test", "tests", "testing", "e2e", "integration"})

# Images of databases, queues, caches, mail catchers, proxies...: what their variables configure is that
# container, never the application (matched against each word of the image's repository path).
BACKING_IMAGES = frozenset(
    """
    postgres postgresql postgis timescaledb pgbouncer mysql mariadb percona mssql redis valkey keydb
    dragonfly mongo mongodb memcached rabbitmq kafka redpanda zookeeper nats elasticsearch opensearch kibana
    cassandra scylla couchdb couchbase neo4j influxdb clickhouse minio azurite localstack mailhog mailpit
    mailcatcher smtp4dev maildev keycloak nginx traefik caddy haproxy envoy vault consul jaeger prometheus
    grafana es azure-sql-edge
    """.split()
)
# Images of test runners and browsers for end-to-end tests: what their services set configures the tests.
_TEST_IMAGES = frozenset({"playwright", "cypress", "selenium", "puppeteer", "browserless"})
# Where a read comes from configuration rather than the project's code.
_CONFIG_SOURCES = ("dockerfile", "compose", "k8s", "github", "gitlab", "env-example")


def is_compose_file(rel: str) -> bool:
    base = os.path.basename(rel).lower()
    return base.startswith(COMPOSE_NAMES) and base.endswith((".yml", ".yaml"))


def is_backing_image(image: str, names: frozenset[str] = BACKING_IMAGES) -> bool:
    """`postgres:16`, `bitnami/postgresql`, `docker.io/library/redis:7-alpine`, `confluentinc/cp-kafka`,
    `quay.io/keycloak/keycloak`: an image of a well-known service (one of `names`), not the application."""
    parts = _image_path(image)
    if not parts:
        return False
    if any(part in names for part in parts):  # `mssql/server`, `elasticsearch/elasticsearch`
        return True
    words = parts[-1].replace("_", "-").replace(".", "-").split("-")
    return words[0] in names or words[-1] in names  # `redis-stack`, `cp-kafka`


def _file_scope(file: str, text: str) -> str:
    """The scope the compose file's place gives its reads: `dev` for an override, a devcontainer's, one
    named for development (`docker-compose.local.yml`, `compose-dev-backend.yml`) or one whose opening
    comment says it is for development or tests only; `ci` for one named for CI (`docker-compose.ci.yml`);
    `test` for one named for the tests (`docker-compose-testing.yml`)."""
    scope = scope_of_read(Read("_", file, 1, True, "compose"))
    stem = os.path.basename(file).lower().rsplit(".", 1)[0]
    words = set(stem.replace("-", ".").replace("_", ".").split("."))
    folders = set(file.replace("\\", "/").lower().split("/")[:-1])  # `docker/development/compose.yml`
    if scope == "runtime" and (words & _DEV_WORDS or folders & _DEV_FOLDERS or dev_only_header(text)):
        return "dev"
    if scope == "runtime" and "ci" in words:
        return "ci"  # `docker-compose.ci.yml`: the stack a CI pipeline starts to test the image
    if scope == "runtime" and words & _TEST_WORDS:
        return "test"  # `docker-compose-testing.yml`, `compose.e2e.yml`: the stack the test suite runs in
    return scope


# What an opening comment says of a file meant for development or tests: "FOR TEST AND DEVELOPMENT ONLY, DO
# NOT USE IN PRODUCTION", "used for the development environment, not for running X in production".
_NOT_PRODUCTION = re.compile(
    r"\b(?:not\s+(?:for|in)|never\s+(?:for|in)|do\s+not\s+use\s+(?:it\s+|this\s+)?(?:for|in))\s+"
    r"(?:\w+\s+){0,3}?production\b(?![\s,]+(?:without|unless|before|until|as\s+is))",
    re.IGNORECASE,
)
_DEV_ONLY = re.compile(
    r"\b(?:for|used\s+for|meant\s+for|intended\s+for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:development|dev|testing|tests?)(?:\s+(?:and|&|or)\s+(?:development|dev|testing|tests?))?"
    r"(?:\s+(?:environment|purposes|setup|use))?\s+only\b",
    re.IGNORECASE,
)


def dev_only_header(text: str) -> bool:
    """Whether the file's opening comment lines (before anything else) say it is not for production or is
    for development or tests only."""
    comment: list[str] = []
    for line in text.splitlines()[:40]:
        stripped = line.strip()
        if stripped in ("", "---"):
            continue
        if not stripped.startswith("#"):
            break
        comment.append(stripped.lstrip("#").strip())
    head = " ".join(comment)
    return bool(_NOT_PRODUCTION.search(head) or _DEV_ONLY.search(head))


def _test_runner_image(image: str) -> bool:
    """`mcr.microsoft.com/playwright:v1.45.0-jammy`, `cypress/included`, `selenium/standalone-chrome`."""
    words = {w for part in _image_path(image) for w in part.replace("_", "-").split("-")}
    return bool(words & _TEST_IMAGES) or any(p in _TEST_IMAGES for p in _image_path(image))


def _image_path(image: str) -> list[str]:
    """An image reference's repository path without registry, tag or digest, lower-cased, as parts."""
    ref = image.strip().lower().split("@", 1)[0]
    parts = ref.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]  # the registry
    if parts:
        parts[-1] = parts[-1].split(":", 1)[0]
    return [p for p in parts if p]


# The project's name in its manifests: `module go.example.org/shop/v2` (its last element, without a major
# version), package.json / composer.json `"name"`, pyproject / Cargo `name = "..."`.
_GO_MODULE = re.compile(r"(?m)^module\s+(\S+)")
_JSON_NAME = re.compile(r'"name"\s*:\s*"([^"]+)"')
_TOML_NAME = re.compile(r'(?m)^name\s*=\s*"([^"]+)"')
_MAJOR = re.compile(r"^v[0-9]+$")
# Image repositories a goreleaser file publishes: `image_templates: ["acme/shop:{{ .Version }}"]`.
_TEMPLATE_IMAGE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._/-]*/[A-Za-z0-9._-]+):\{\{")
_MANIFESTS = (
    ("go.mod", _GO_MODULE),
    ("package.json", _JSON_NAME),
    ("composer.json", _JSON_NAME),
    ("pyproject.toml", _TOML_NAME),
    ("Cargo.toml", _TOML_NAME),
)
# Project names too common to claim every image starting with them.
_GENERIC_NAMES = frozenset(
    "api app web www server service backend frontend core cli docs site worker proxy client".split()
)
_GORELEASER = (".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml")


@dataclass(frozen=True)
class OwnImages:
    """The project's own images: named after the project (`acme/shop`, `shopci/shop-worker` for a project
    named shop) or published by its release configuration (goreleaser's image templates)."""

    names: frozenset[str]
    repositories: frozenset[str]

    @classmethod
    def of(cls, read_file: Callable[[str], str | None]) -> OwnImages:
        names: set[str] = set()
        for manifest, pattern in _MANIFESTS:
            text = read_file(manifest)
            found = pattern.search(text or "")
            if found is None:
                continue
            parts = [p for p in found.group(1).lower().split("/") if p and not _MAJOR.match(p)]
            if parts and len(parts[-1]) >= 3:  # `@acme/shop`, `acme/shop`: the package's own name
                names.add(parts[-1])
        repositories: set[str] = set()
        for release in _GORELEASER:
            for image in _TEMPLATE_IMAGE.findall(read_file(release) or ""):
                repositories.add("/".join(_image_path(image)))
        return cls(frozenset(names), frozenset(repositories))

    def match(self, image: str) -> bool:
        parts = _image_path(image)
        if not parts:
            return False
        if "/".join(parts) in self.repositories:
            return True
        if parts[-1] in self.names:
            return True
        names = self.names - _GENERIC_NAMES  # a project named `server` owns `x/server`, not `x/server-ui`
        first_word = re.split(r"[-_.]", parts[-1], maxsplit=1)[0]
        if first_word in names:  # `shop-server`, `shop_worker`
            return True
        return len(parts) > 1 and any(parts[-2].startswith(n) for n in names)  # `shopci/agent`


def _code_read(read: Read) -> bool:
    return not read.source.startswith(_CONFIG_SOURCES) and scope_of_read(read) != "example"


@dataclass
class ComposeServices:
    """Services neither built here nor running a known backing image (`image: acme/worker`): they are the
    application's when its code reads one of their variables, another container (`service:<name>`)
    otherwise. Their reads are held until the whole project has been read, then `settle`d."""

    pending: list[tuple[str, frozenset[str], list[Read]]] = field(default_factory=list)
    own: OwnImages | None = None  # the images the project itself publishes, found at the first compose file
    dev_contexts: set[str] = field(default_factory=set)  # build contexts of Sail services (project paths)
    init_scripts: dict[str, str] = field(default_factory=dict)  # initdb mounts (project paths): the service
    mounted: dict[str, str] = field(default_factory=dict)  # scripts mounted into a sidecar: its scope

    def place(self, reads: list[Read], read_file: Callable[[str], str | None]) -> list[Read]:
        """The reads with the scope the compose files give their files: `dev` in a Sail service's build
        context, `service:<name>` in a database's init script (mounted, or shaped like one), a sidecar's
        scope in a script mounted into it."""
        by_file: dict[str, set[str]] = {}
        for read in reads:
            if read.source == "shell":
                by_file.setdefault(read.file, set()).add(read.name)
        shaped: dict[str, str | None] = {}
        dev = dict.fromkeys(self.dev_contexts, "dev")
        out: list[Read] = []
        for read in reads:
            scope = _owner(read.file, self.init_scripts)
            if scope is None and read.file in by_file:
                if read.file not in shaped:
                    names = by_file[read.file]
                    shaped[read.file] = (
                        init_script_service(read_file(read.file) or "", names) if maybe_init(names) else None
                    )
                scope = shaped[read.file]
            if scope is not None:
                scope = "service:" + scope
            elif read.file in self.mounted:
                scope = self.mounted[read.file]
            elif dev and _owner(read.file, dev) is not None:
                scope = "dev"
            movable = read.scope in (None, "runtime", "build") and scope_of_read(read) in ("runtime", "build")
            out.append(replace(read, scope=scope) if scope is not None and movable else read)
        return out

    def settle(self, reads: list[Read]) -> list[Read]:
        """The held reads with their scope, given every other read of the project."""
        code = {r.name for r in reads if _code_read(r)}
        out: list[Read] = []
        for service, names, held in self.pending:
            shared = names & code
            if len(shared) * 2 >= len(names) and shared:
                out.extend(held)  # the code reads most of what the service sets: the application itself
            else:  # another program's image sharing a name or two with the app (`TEMPORAL_NAMESPACE`)
                out.extend(r if r.name in shared else replace(r, scope=f"service:{service}") for r in held)
        self.pending.clear()
        return out


def _owner(file: str, places: dict[str, str]) -> str | None:
    """The value of the place (a file, or a folder holding it) that file is, else None."""
    path = file
    while path:
        if path in places:
            return places[path]
        path = posixpath.dirname(path)
    return None


def _env_entries(node: Node, file: str, source: str, always_optional: bool = False) -> list[Read]:
    """Both forms: `- KEY=value` / `- KEY` and `KEY: value` / `KEY:`. No value: passed through from the host,
    so required (build arguments fall back to the Dockerfile's default, so they never are)."""
    reads: list[Read] = []
    if node.is_list:
        for item in node.elements():
            text = item.text
            if text is None:
                continue
            name, sep, given = text.partition("=")
            name = name.strip()
            if is_env_name(name):
                optional = bool(sep) or always_optional
                reads.append(Read(name, file, item.line, optional, source, carries_password(given)))
    elif node.is_map:
        for key, value in node.items():
            if is_env_name(key):
                reads.append(
                    Read(
                        key,
                        file,
                        value.key_line or value.line,
                        value.value is not None or always_optional,
                        source,
                        carries_password(value.text),
                    )
                )
    return reads


def _env_file_reads(
    env_file: Node, file: str, read_file: Callable[[str], str | None], notes: list[Note]
) -> list[Read]:
    folder = os.path.dirname(file)  # noqa: PTH120 - relative display paths stay strings
    reads: list[Read] = []
    entries = [env_file] if not env_file.is_list else list(env_file.elements())
    for entry in entries:
        path_node = entry.get("path") if entry.is_map else entry
        path = path_node.text if path_node is not None else None
        if not path:
            continue
        rel = os.path.normpath(os.path.join(folder, path))
        content = read_file(rel)
        if content is None:
            notes.append(Note(file, entry.line, f"env_file {path} not found: its variables are unknown"))
            continue
        for item in parse_dotenv(content):
            if is_env_name(item.key):
                reads.append(Read(item.key, rel.replace(os.sep, "/"), item.line, True, "compose-env-file"))
    return reads


# A service's settings that docker compose itself uses on the host (published ports, the container's name,
# host paths of volumes, the image tag, restart and resource limits): what they interpolate configures the
# deployment, not the program in the container.
_HOST_SIDE = frozenset(
    {
        "ports",
        "container_name",
        "volumes",
        "image",
        "networks",
        "restart",
        "labels",
        "deploy",
        "logging",
        "extra_hosts",
        "dns",
        "mem_limit",
        "cpus",
        "pull_policy",
        "profiles",
    }
)
HOST_SIDE_SCOPE = "service:compose"


def _scalars(
    node: Node, scope: str | None, build_scope: str | None, host_scope: str | None = None
) -> Iterator[tuple[Node, str | None]]:
    """Every scalar under node with the scope of what interpolates it (`build_scope` under `build:`,
    `host_scope`, when given, under the keys compose uses on the host)."""
    stack: list[tuple[Node, str | None]] = [(node, scope)]
    while stack:
        current, current_scope = stack.pop()
        if current.is_map:
            stack.extend(
                (child, _child_scope(key, current is node, current_scope, build_scope, host_scope))
                for key, child in reversed(list(current.items()))
            )
        elif current.is_list:
            stack.extend((child, current_scope) for child in reversed(list(current.elements())))
        else:
            yield current, current_scope


def _child_scope(
    key: str, top: bool, scope: str | None, build_scope: str | None, host_scope: str | None
) -> str | None:
    if not top:
        return scope
    if key == "build":
        return build_scope
    if host_scope is not None and key in _HOST_SIDE:
        return host_scope
    return scope


def _mount_sources(service: Node) -> set[int]:
    """The service's short-syntax `volumes:` entries (`host:container`), by node id."""
    volumes = service.get("volumes")
    if volumes is None or not volumes.is_list:
        return set()
    return {id(v) for v in volumes.elements() if v.text and ":" in v.text}


def _interpolations(node: Node, scope: str | None, file: str, lines: list[str]) -> list[Read]:
    value = node.text
    if not value or "$" not in value:
        return []
    reads = []
    for exp in expansions(value, quotes=False, comments=False, dollar_escape=True):
        if is_env_name(exp.name):
            line = locate(lines, node, exp.line, exp.name)
            reads.append(
                Read(
                    exp.name,
                    file,
                    line,
                    exp.optional,
                    "compose-interpolation",
                    default=exp.default,
                    scope=scope,
                )
            )
    return reads


def discover_compose(
    docs: list[Node],
    text: str,
    file: str,
    read_file: Callable[[str], str | None],
    services: ComposeServices | None = None,
) -> tuple[list[Read], list[Note]]:
    """Reads of one compose file. With `services`, the reads of services that are neither built here nor a
    known backing image are held there until the project's code has been read (`ComposeServices.settle`);
    without, they are returned as the application's."""
    reads: list[Read] = []
    notes: list[Note] = []
    lines = text.splitlines()
    if services is None:
        own_images = OwnImages.of(read_file)
    else:
        own_images = services.own = services.own or OwnImages.of(read_file)
    place = _file_scope(file, text)
    fixed = None if place == "runtime" else place  # a dev/test/example compose file: its place decides
    for doc in docs:
        services_node = doc.get("services")
        scopes: list[str | None] = []
        for name, service in services_node.items() if services_node is not None else ():
            if not service.is_map:
                continue
            scope, pending = _service_scope(str(name), service, fixed, services is not None, own_images)
            if scope is None and not pending and _built_store(service, file, read_file):
                scope = f"service:{name}"  # `build: {dockerfile: docker/Dockerfile-postgres}` FROM postgres
            scopes.append("pending" if pending else scope)
            if services is not None:
                _record(str(name), service, file, services, scope)
            own = _service_reads(service, scope, fixed, file, lines, read_file, notes)
            if pending and services is not None:
                names = frozenset(r.name for r in own if r.source in ("compose", "compose-env-file"))
                services.pending.append((str(name), names, own))
            else:
                reads.extend(own)
        secrets = doc.get("secrets")
        for _, secret in secrets.items() if secrets is not None else ():
            from_env = secret.get("environment")
            if from_env is not None and from_env.text and is_env_name(from_env.text):
                reads.append(
                    Read(from_env.text, file, from_env.line, False, "compose-secret", True, scope=fixed)
                )
        # Interpolation from the host environment (or .env) elsewhere in the file (`networks:`, `volumes:`
        # names): compose's own settings on the host, or the dev harness's when every service of the file
        # is a development one (Sail); `x-` extension fields count where services merge them in.
        top = fixed or ("dev" if _dev_harness(scopes) else HOST_SIDE_SCOPE)
        for key, node in doc.items():
            if key == "services" or key.startswith("x-"):
                continue
            for scalar, _ in _scalars(node, top, top):
                reads.extend(_interpolations(scalar, top, file, lines))
    return reads, notes


def _dev_harness(scopes: list[str | None]) -> bool:
    """The file's services are a development harness: a dev one (Sail) beside backing services and other
    images nobody builds here (`pending`), no service of the application itself."""
    return "dev" in scopes and all(s is not None for s in scopes)


def _service_scope(
    name: str, service: Node, fixed: str | None, deferred: bool, own: OwnImages
) -> tuple[str | None, bool]:
    """(the scope of a service's reads, whether the project's code decides it later): the file's place for a
    dev/test/example file, `service:<name>` for a backing image, the application's for the project's own
    published image, pending for another image nobody builds here."""
    image = service.get("image")
    image_text = image.text if image is not None else None
    if fixed is not None:
        return fixed, False
    if _dependency_build(service) or _sail(service) or _docs_server(service) or _development_service(service):
        return "dev", False
    if (image_text and _test_runner_image(image_text)) or _test_command(service):
        return "test", False
    if image_text and is_backing_image(image_text):
        return f"service:{name}", False
    if image_text and own.match(image_text):
        return None, False
    if service.get("build") is None and deferred:
        return None, True
    return None, False


# Servers of a project's documentation or a developer's notebook: a compose service running one
# (`command: ["uv", "run", "mkdocs", "serve"]`) serves the developers, whatever image it runs.
_DOCS_TOOLS = frozenset({"mkdocs", "sphinx-build", "sphinx-autobuild", "storybook", "jupyter", "jupyter-lab"})


def _command_words(service: Node) -> list[str]:
    words: list[str] = []
    for key in ("command", "entrypoint"):
        node = service.get(key)
        if node is None:
            continue
        if node.is_list:
            words.extend(w for e in node.elements() for w in (e.text or "").split())
        elif not node.is_map:
            words.extend((node.text or "").split())
    return words


def _docs_server(service: Node) -> bool:
    return any(w.rsplit("/", 1)[-1] in _DOCS_TOOLS for w in _command_words(service))


# A service that runs the test suite (`command: make test`, `pytest`, `npm run test`): its settings are the
# tests'.
_TEST_RUNNERS = frozenset({"pytest", "tox", "nox", "rspec", "jest", "vitest", "phpunit", "mocha"})
_TASK_RUNNERS = frozenset({"make", "npm", "yarn", "pnpm", "bun", "go", "cargo", "bundle", "rake", "composer"})


def _test_command(service: Node) -> bool:
    words = [w.rsplit("/", 1)[-1] for w in _command_words(service)]
    if any(w in _TEST_RUNNERS for w in words):
        return True
    runner = next((i for i, w in enumerate(words) if w in _TASK_RUNNERS), None)
    return runner is not None and any(w in ("test", "tests", "spec") for w in words[runner + 1 : runner + 4])


def _sail(service: Node) -> bool:
    """A Laravel Sail service: Sail's compose stubs set `LARAVEL_SAIL: 1` in the app service."""
    env = service.get("environment")
    if env is None:
        return False
    if env.is_map:
        return any(key == "LARAVEL_SAIL" for key, _ in env.items())
    return any((item.text or "").split("=", 1)[0].strip() == "LARAVEL_SAIL" for item in env.elements())


# Frameworks' environment switches: set to a development value, the service runs the code for development.
_ENVIRONMENT_SWITCHES = frozenset(
    {"RAILS_ENV", "RACK_ENV", "NODE_ENV", "APP_ENV", "FLASK_ENV", "DJANGO_ENV", "MIX_ENV", "ENVIRONMENT"}
)
_DEVELOPMENT_VALUES = frozenset({"development", "dev", "local"})


def _development_service(service: Node) -> bool:
    """A service running the framework in development (`RAILS_ENV=development`) on the project's source
    mounted in (`.:/app`): a developer's environment, whatever the file is called."""
    env = service.get("environment")
    volumes = service.get("volumes")
    if env is None or volumes is None or volumes.is_map:
        return False
    pairs = (
        [(str(key), (value.text or "")) for key, value in env.items()]
        if env.is_map
        else [tuple((item.text or "").split("=", 1)) for item in env.elements() if "=" in (item.text or "")]
    )
    development = any(
        key.strip() in _ENVIRONMENT_SWITCHES and value.strip().strip("\"'").lower() in _DEVELOPMENT_VALUES
        for key, value in pairs
    )
    mounted = any((v.text or "").split(":", 1)[0] in (".", "./", "..") for v in volumes.elements())
    return development and mounted


def _project_path(file: str, path: str) -> str | None:
    """A path the compose file names (relative to its folder), as a project path; None outside it."""
    if path.startswith("/") or "$" in path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(file), path))
    return None if joined.startswith("..") else joined


def _record(name: str, service: Node, file: str, services: ComposeServices, scope: str | None) -> None:
    """Note a Sail service's build context (its files are `dev`), the scripts a service mounts at the
    database images' init folder (they are the service's), and the scripts mounted into a sidecar of a dev
    or test file or into a backing service (`./docker/bucket-init.sh:/init.sh` in a `minio/mc` service)
    that its `entrypoint:`/`command:` runs: run there, by that container, not by the application (a
    service built here may be the app's own; a source file mounted for a test runner is still the app's)."""
    runs = " ".join(
        n.text or ""
        for key in ("entrypoint", "command")
        if (node := service.get(key)) is not None
        for n in ([node] if not node.is_list else node.elements())
    )
    build = service.get("build")
    if build is not None and (_sail(service) or _dependency_build(service)):
        context = build.get("context") if build.is_map else build
        folder = _project_path(file, context.text or "") if context is not None else None
        if folder is not None and folder != ".":
            services.dev_contexts.add(folder)
    volumes = service.get("volumes")
    for volume in volumes.elements() if volumes is not None and volumes.is_list else ():
        if volume.is_map:
            source, target = volume.get("source"), volume.get("target")
            text = f"{source.text}:{target.text}" if source is not None and target is not None else ""
        else:
            text = volume.text or ""
        host = initdb_mount(text)
        path = _project_path(file, host) if host is not None else None
        if path is not None:
            services.init_scripts[path] = name
        elif scope is not None and service.get("build") is None and (script := _mounted_script(text, runs)):
            path = _project_path(file, script)
            if path is not None:
                services.mounted[path] = scope


_SCRIPT_EXTS = (".sh", ".bash", ".py", ".js", ".mjs", ".cjs", ".ts", ".rb", ".php", ".pl")


def _mounted_script(volume: str, runs: str) -> str | None:
    """The host path of a volume mounting one script of the project (`./docker/x.sh:/x.sh:ro`) that the
    service's entrypoint or command (`runs`) names, else None."""
    parts = volume.split(":")
    if len(parts) < 2 or not parts[1].strip():
        return None
    host, target = parts[0].strip(), parts[1].strip()
    named = target in runs or posixpath.basename(target) in runs.split()
    return host if named and host.startswith(".") and host.endswith(_SCRIPT_EXTS) else None


# Backing images whose whole environment is theirs even when a project builds on them (a proxy built here may
# template the app's own settings into its configuration, so proxies are not among them).
_STORE_IMAGES = BACKING_IMAGES - {"nginx", "traefik", "caddy", "haproxy", "envoy"}
_FROM = re.compile(r"(?im)^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?")


def _built_store(service: Node, file: str, read_file: Callable[[str], str | None]) -> bool:
    """The service is built here from a Dockerfile whose final stage is a database's (or cache's, queue's)
    image: `FROM postgres:13.5` with a locale and an init script added. Its variables configure that store."""
    build = service.get("build")
    if build is None:
        return False
    context = build.get("context") if build.is_map else build
    dockerfile = build.get("dockerfile") if build.is_map else None
    folder = posixpath.dirname(file)
    base = posixpath.normpath(
        posixpath.join(folder, context.text if context is not None and context.text else ".")
    )
    name = dockerfile.text if dockerfile is not None and dockerfile.text else "Dockerfile"
    text = read_file(posixpath.normpath(posixpath.join(base, name)))
    stages = _FROM.findall(text or "")
    if not stages:
        return False
    image = stages[-1][0]
    named = {alias.lower(): img for img, alias in stages if alias}
    for _ in range(len(stages)):  # `FROM base AS final`: the stage's own image
        if image.lower() not in named:
            break
        image = named[image.lower()]
    return is_backing_image(image, _STORE_IMAGES)


def _dependency_build(service: Node) -> bool:
    """The service is built from a dependency's Dockerfile (`build: ./vendor/laravel/sail/runtimes/8.4`, a
    package under node_modules/): a development harness a package ships (Laravel Sail), not the project's
    image."""
    build = service.get("build")
    if build is None:
        return False
    context = build.get("context") if build.is_map else build
    text = context.text if context is not None else None
    parts = [p for p in (text or "").replace("\\", "/").split("/") if p not in ("", ".")]
    return bool(parts) and parts[0] in ("vendor", "node_modules")


# Set on the app's service for another container that watches it: nginx-proxy routes by VIRTUAL_*,
# acme-companion issues certificates for LETSENCRYPT_* (Traefik reads labels instead). The app's own code
# reading one still makes it runtime (a variable's scope is its most important one).
_PROXY_NAMES = frozenset(
    """
    VIRTUAL_HOST VIRTUAL_PORT VIRTUAL_PROTO VIRTUAL_PATH VIRTUAL_DEST VIRTUAL_HOST_MULTIPORTS LETSENCRYPT_HOST
    LETSENCRYPT_EMAIL LETSENCRYPT_TEST LETSENCRYPT_SINGLE_DOMAIN_CERTS LETSENCRYPT_RESTART_CONTAINER
    """.split()
)


def _proxy_entries(reads: list[Read]) -> list[Read]:
    return [replace(r, scope="service:nginx-proxy") if r.name in _PROXY_NAMES else r for r in reads]


def _service_reads(
    service: Node,
    scope: str | None,
    fixed: str | None,
    file: str,
    lines: list[str],
    read_file: Callable[[str], str | None],
    notes: list[Note],
) -> list[Read]:
    """A service's `environment:`, build `args:`, `env_file:` entries and interpolations, in its scope."""
    build = service.get("build")
    own: list[Read] = []
    env = service.get("environment")
    if env is not None:
        own.extend(_proxy_entries(_env_entries(env, file, "compose")))
    args = build.get("args") if build is not None else None
    if args is not None:
        own.extend(_env_entries(args, file, "compose-build-arg", always_optional=True))
    env_file = service.get("env_file")
    if env_file is not None:
        own.extend(_env_file_reads(env_file, file, read_file, notes))
    build_scope = scope if scope is not None else ("build" if fixed is None else fixed)
    backing = scope is not None and scope.startswith("service:")
    # The application's own service or a backing one (not a whole dev/example file's): its ports, limits and
    # image tag are compose's own settings on the host.
    host_scope = HOST_SIDE_SCOPE if fixed is None and (scope is None or backing) else None
    mounts = _mount_sources(service)
    for node, node_scope in _scalars(service, scope, build_scope, host_scope):
        found = _interpolations(node, node_scope, file, lines)
        if id(node) in mounts:  # `- ${SSL_KEY}:/app/key.pem`: the host path of a file to mount
            host = (node.text or "").split(":", 1)[0]
            found = [replace(r, holds_path=True) if host.startswith(f"${{{r.name}") else r for r in found]
        own.extend(replace(r, other_container=True) if backing else r for r in found)
    own = [r if r.scope is not None or scope is None else replace(r, scope=scope) for r in own]
    if fixed is not None:  # env files elsewhere take the compose file's scope too
        own = [replace(r, scope=fixed) for r in own]
    return own


def host_side_env_files(reads: list[Read]) -> list[Read]:
    """A name the app service's `env_file:` hands over that no code reads, and that compose interpolates only
    on the host side or for other containers (`ports: - ${SVR_HTTP_PORT}:9380`, `mem_limit: ${MEM_LIMIT}`):
    the compose project's own setting kept in the same `.env`, not one the application reads."""
    groups: dict[str, list[Read]] = {}
    for read in reads:
        groups.setdefault(read.name, []).append(read)
    moved: set[str] = set()
    for name, group in groups.items():
        handed = [r for r in group if r.source == "compose-env-file" and r.scope is None]
        used = [r for r in group if r.source == "compose-interpolation"]
        if (
            handed
            and used
            and all(r.source in ("compose-env-file", "compose-interpolation") for r in group)
            and all(r.scope == HOST_SIDE_SCOPE for r in used)
        ):
            moved.add(name)
    if not moved:
        return reads
    return [
        replace(r, scope=HOST_SIDE_SCOPE) if r.name in moved and r.source == "compose-env-file" else r
        for r in reads
    ]
