"""What every discoverer produces: reads of a variable at a place, and the variables they add up to."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from secretguard.inventory.model import has_public_prefix, identifier_kind
from secretguard.scan.context import name_words
from secretguard.scan.filters import placeholder_reason

# Names that hold a credential although their last word describes a location (`DATABASE_URL` carries the
# password; a Slack webhook URL is itself the secret).
_PUBLIC_PEM = frozenset({"cert", "certificate", "ca", "public", "pub", "chain", "fullchain", "bundle"})
_SECRET_SUFFIXES = (
    "DATABASE_URL",
    "DB_URL",
    "DATABASE_URI",
    "DB_URI",
    "CONNECTION_STRING",
    "CONN_STRING",
    "CONNECTION_URI",
    "MONGODB_URI",
    "SECRET_KEY_BASE",
    "EDGE_CONFIG",  # Vercel Edge Config's connection string: it carries the read token
)


@dataclass(frozen=True, slots=True)
class Read:
    """One place that reads or declares an environment variable."""

    name: str
    file: str
    line: int
    optional: bool  # a default is given here (or the code handles absence explicitly)
    source: str  # what found it: python, javascript, go, dockerfile-env, k8s-secretKeyRef, github-secret...
    secret_hint: bool = False  # how it is used says it is a secret (secretKeyRef, secrets.X, SecretStr)
    default: str | None = None  # the literal default given here (`os.getenv("X", "info")`), as a string
    # Who reads it (see SCOPES). None: decided from the place (scope_of_read): code is `runtime` unless its
    # file is a test, an example or dev tooling.
    scope: str | None = None
    # The default given here is an expression (another setting, a computed path), not a literal: the
    # variable has no single default the places agree on.
    computed_default: bool = False
    # How it is used says the value is a file's path (`fs.readFileSync(process.env.SSL_KEY)`).
    holds_path: bool = False
    # Found in a backing service's settings (a postgres container's `ports:`): its default is that
    # container's, never the application's.
    other_container: bool = False
    # The string literal the code compares the value with (`env('REGISTER_AUTH') == 'verified'`): a mode.
    compared_with: str | None = None
    # The code declares the value public (a field marked `@Public`, sent to the browser): not a secret.
    public_hint: bool = False
    # The code parses the value as a boolean (`parse_boolean(os.getenv("X"))`): a switch, not a credential.
    boolean_use: bool = False
    # The read fails when the variable is unset (`os.environ["X"]` raises): it never hands the code a null,
    # so it is no place without a default (the app refuses to start instead).
    raises: bool = False


# Who a variable is for, most important first. The inventory and `check` cover `runtime` by default.
# `service:<name>` (another container's settings, e.g. the postgres service's POSTGRES_DB) sorts with service.
SCOPES = ("runtime", "build", "service", "dev", "test", "ci", "example")
_CI_SOURCES = ("github", "gitlab")
_BUILD_SOURCES = ("dockerfile-arg", "dockerfile-env", "compose-build-arg")
_EXAMPLE_SOURCES = ("env-example",)
_TEST_PARTS = frozenset(
    {"test", "tests", "spec", "specs", "__tests__", "testing", "e2e", "cypress", "playwright", "fixtures"}
)
# Set by test runners for the code they run, never by a deployment.
_TEST_RUNNER_NAMES = frozenset(
    {
        "VITEST",
        "VITEST_WORKER_ID",
        "VITEST_POOL_ID",
        "JEST_WORKER_ID",
        "PYTEST_CURRENT_TEST",
        "PYTEST_XDIST_WORKER",
    }
)
# A top-level folder of code kept only for reference (`old/app.ts` beside the rewritten app): nothing the
# running application loads. Only at the top: deeper, `old` may be an app's own module.
_DEAD_TOP = frozenset({"old", "deprecated", "attic", "unused"})
# A top-level folder of the developers' environment (`development/docker-compose.yml`, its dev settings
# module, its kind manifests): nothing a deployment runs. Only at the top: deeper, an app's own module.
_DEV_TOP = frozenset({"development"})
_EXAMPLE_PARTS = frozenset({"example", "examples", "sample", "samples", "docs", "doc", "demo", "demos"})
_EXAMPLE_WORDS = frozenset({"example", "examples", "sample", "samples"})  # words of a folder's name
_DEV_PARTS = frozenset(
    {
        ".devcontainer",
        ".storybook",
        ".vscode",
        "dev",
        "devtools",
        "vagrant",  # a developer's virtual machine, provisioned by the Vagrantfile
        ".vagrant",
        # git hooks, and coding agents' hooks, skills and settings: run on a developer's machine only
        ".husky",
        ".githooks",
        "githooks",
        "git-hooks",
        ".agents",
        ".claude",
        ".cursor",
        ".codex",
        ".gemini",
        # task runners' task folders (mise's file tasks), DDEV's local environment: a developer's
        ".mise",
        ".ddev",
        "mise-tasks",
        ".mise-tasks",
    }
)


def scope_of_read(read: Read) -> str:
    """The scope of one read: given by its discoverer, else from its source and its file's place."""
    if read.scope is not None:
        return read.scope
    if read.source.startswith(_CI_SOURCES):
        return "ci"
    if read.source in _EXAMPLE_SOURCES:
        return "example"
    path = read.file.replace("\\", "/")
    parts = path.lower().split("/")
    name = parts[-1]
    if parts[0] == ".github":
        return "ci"  # workflows, and actions' entrypoint scripts and Dockerfiles: run by the CI only
    folders = set(parts[:-1])
    # A CI system named by a script or a folder of scripts is its steps; the app's own code integrating
    # with one (`plugins/jenkins/app/models/jenkins.rb`) is not.
    steps = _step_file(name) or bool(folders & _SCRIPT_FOLDERS) or any(f.startswith(".") for f in folders)
    if folders & _CI_PARTS or (steps and _CI_SYSTEMS.intersection(_WORD_SPLIT.split(name.rsplit(".", 1)[0]))):
        return "ci"  # `scripts/ci/package.sh`, `scripts/travis_deploy.sh`: steps a CI system runs
    if steps and any(_CI_SYSTEMS.intersection(_WORD_SPLIT.split(f)) for f in folders):
        return "ci"  # `script/buildkite-archive/`, `.travis-scripts/`: a CI system's steps
    compose = name.startswith(("docker-compose", "compose")) and name.endswith((".yml", ".yaml"))
    script = name.endswith(".sh") or "." not in name
    if "ci" in _WORD_SPLIT.split(name.rsplit(".", 1)[0]) and (compose or script):
        return "ci"  # `docker-compose.ci.yml`, `run-ci.sh`, `script/minitest-ci`: the pipeline's steps
    if folders & _TEST_PARTS or any(_test_folder(f) for f in folders) or _test_file(name):
        return "test"
    if any(a == "features" and b in ("support", "step_definitions") for a, b in itertools.pairwise(parts)):
        return "test"  # cucumber's `features/support/env.rb`, `features/step_definitions/`
    if any(_WORD_SPLIT.split(f)[-1] in ("mock", "mocks") for f in folders if f):
        return "test"  # `profiles/community/github_mock/`: a fake of another service the tests run against
    if len(parts) == 1 and name.rsplit(".", 1)[0] in ("pr_check", "pr-check"):
        return "ci"  # the pull-request check a CI job runs (`pr_check.sh`)
    if name.endswith(".go") and any(
        _go_test_package(f) and parent != "cmd" for parent, f in itertools.pairwise(["", *parts[:-1]])
    ):
        return "test"  # Go's `<x>test` helper packages (`dbtest`, as `httptest`), `testx`; not `cmd/selftest`
    stem_words = _WORD_SPLIT.split(name.rsplit(".", 1)[0])
    in_scripts = len(parts) > 1 and parts[-2] in _SCRIPT_FOLDERS
    if (in_scripts and "build" in stem_words) or any(
        a in _SCRIPT_FOLDERS and b == "build" for a, b in itertools.pairwise(parts[:-1])
    ):
        return "build"  # `scripts/build/build-image.sh`, `scripts/build_locked_extras.py`: making the release
    if in_scripts and "dev" in stem_words:
        return "dev"  # `scripts/dev_tools.py`: a developer's commands
    if parts[0] == "qa" and len(parts) > 1:
        return "test"  # a top-level `qa/`: scenarios and browser flows run against a deployment
    if name in _TASK_FILES or folders & _BUILD_TOOL_PARTS:
        return "dev"  # `dodo.py`, `noxfile.py`: a developer's or the build's task runner, never the app
    if folders & _EXAMPLE_PARTS or {f.lstrip("_.") for f in folders} & _EXAMPLE_PARTS:
        return "example"  # `examples/`, and Go's `_example/` (a leading `_` keeps it out of the build)
    if any(_EXAMPLE_WORDS.intersection(_WORD_SPLIT.split(f)) for f in folders):
        return "example"  # `clients/sample-app/`, `example-server/`: a demonstration beside the product
    if (
        folders & _DEV_PARTS
        or any(_dev_folder(f) for f in folders)
        or _dev_file(name)
        or _CAMEL_DEV.match(path.rsplit("/", 1)[-1]) is not None
        or name.rsplit(".", 1)[0] in _GIT_HOOKS
        or (len(parts) == 2 and parts[0] == "requirements" and _step_file(name))
        or _tooling_compose(parts)
        or parts[0] in _DEAD_TOP
        or (parts[0] in _DEV_TOP and len(parts) > 1)
        or _docker_development(parts)
        # `scripts/prepare-release.sh`, a top-level `release.py`; not the app's `app/models/release_doc.rb`
        or ((steps or len(parts) == 1) and _RELEASE_WORDS.intersection(stem_words))
    ):
        return "dev"
    if name in _BUILD_WRAPPERS:
        return "build"  # Gradle's and Maven's generated wrapper scripts: they run the build tool
    if parts[0] == "builds" and len(parts) > 2:
        return "build"  # `builds/osx/spc/UnixBuilderBase-macos.php`: code that builds a release binary
    if name == "setup.py" and read.source == "python":
        return "build"  # setuptools' script: runs when the package is built or installed, not when it serves
    if read.source in _BUILD_SOURCES or _PACKAGING_WORDS.intersection(
        _WORD_SPLIT.split(name.rsplit(".", 1)[0])
    ):
        return "build"  # `create-dmg.sh`, `notarize.sh`: making a desktop installer, not running the app
    if read.name in _TEST_RUNNER_NAMES:
        return "test"  # `process.env.VITEST === "true"`: code asking whether a test runner started it
    return "runtime"


# Words of a folder's name that make it a test folder (`tests_e2e`, `test-environments`, `e2e_tests`,
# `integration-tests`, `testdata`): split on `_`, `-` and `.`.
# `testutil`, `testhelpers`: Go's (and others') packages of helpers only tests import.
_TEST_WORDS = frozenset(
    """
    test tests testing e2e testdata spec specs testutil testutils testhelper testhelpers testsupport
    testenv testkit testx loadtest loadtests loadtesting stresstest smoketest smoketests
    """.split()
)
_WORD_SPLIT = re.compile(r"[-_.]+")
# CI systems a script's name may name (`travis_deploy_bintray.sh`, `jenkins-build.sh`).
_CI_SYSTEMS = frozenset({"travis", "jenkins", "circleci", "appveyor", "buildkite"})
# Words of a script's name that say it packages an installer (`create-dmg.sh`), or makes a release
# (`prepare-release-assets.sh`).
_PACKAGING_WORDS = frozenset(
    {"dmg", "msi", "notarize", "codesign", "appimage", "pkgbuild", "pkg", "nsis", "installer", "sign"}
)
_RELEASE_WORDS = frozenset({"release", "releases"})
_BUILD_WRAPPERS = frozenset({"gradlew", "gradlew.bat", "mvnw", "mvnw.cmd"})
_SCRIPT_FOLDERS = frozenset({"scripts", "script", "tools", "hack"})  # a maintainer's tooling: dev
# Folders of scripts only a CI pipeline runs.
_CI_PARTS = frozenset({"ci", ".ci", ".circleci", ".buildkite", "gocd", ".gocd"})


# Git hooks kept in the repository (`pre-commit.sh`): run on a developer's commit.
_GIT_HOOKS = frozenset(
    {"pre-commit", "pre-push", "commit-msg", "prepare-commit-msg", "post-checkout", "post-merge"}
)


def _tooling_compose(parts: list[str]) -> bool:
    """`tools/docker-compose/entrypoint.sh`: a compose development environment kept with the tooling."""
    folders = parts[:-1]
    return any(
        a in _SCRIPT_FOLDERS and "compose" in _WORD_SPLIT.split(b) for a, b in itertools.pairwise(folders)
    )


def _step_file(name: str) -> bool:
    """A script a pipeline step may run (shell, PowerShell, batch, or a file without extension)."""
    return "." not in name or name.endswith((".sh", ".bash", ".ps1", ".bat", ".cmd", ".yml", ".yaml"))


def _test_folder(folder: str) -> bool:
    # `integrationtests`, `e2etests`: one word ending in tests; `browsertest`, `uitest`: a kind of test
    return any(
        w in _TEST_WORDS
        or (len(w) > 5 and w.endswith("tests"))
        or (len(w) > 7 and w.endswith("testing"))  # `skptesting`: a project's extended-testing folder
        or (w.endswith("test") and w[:-4] in _TEST_KINDS)
        for w in _WORD_SPLIT.split(folder)
        if w
    )


_TEST_KINDS = frozenset("browser ui system acceptance load stress smoke func unit integration perf".split())


# A test runner's setup file (`setup-jest.ts`, `jest.setup.js`, `vitest.setup.ts`, `setupTests.ts`): only
# the runner loads it. Names arrive lower-cased.
_SETUP_RUNNERS = frozenset({"jest", "vitest", "mocha", "karma", "jasmine", "test", "tests"})


def _test_file(name: str) -> bool:
    stem = name.rsplit(".", 1)[0]
    words = _WORD_SPLIT.split(stem)
    return (
        stem.startswith(("test_", "conftest"))
        or stem in ("pytest_plugin", "pytest_plugins", "pytest_fixtures")  # fixtures a package ships
        or "tests" in words
        or "test" in words[1:-1]  # `settings_test_distributed.py`: a test settings module
        or stem in ("testutils", "testutil", "testhelpers", "testhelper", "testing_utils", "testing")
        or stem.endswith("testkernel")  # Symfony's `AppTestKernel.php`: the test suite's kernel
        or "acceptance" in words  # `deploy-acceptance.yaml`: the acceptance tests' stack
        or "e2e" in words  # `tests_e2e.py` beside the app's modules
        or (len(words) > 1 and words[-1] in ("mock", "mocks"))  # `s3_mock.py`: a fake service for the tests
        or stem.endswith(("_test", "_spec", ".test", ".spec", "-test"))
        or name
        in ("pytest.ini", "cucumber.yml", "cucumber.yaml", "cucumber")  # the runners' profiles, launcher
        or stem in ("setuptests", "testsetup")
        or ("setup" in words and not _SETUP_RUNNERS.isdisjoint(words))
    )


_HOOK_WORDS = frozenset({"webhook", "webhooks", "hook", "hooks"})
# Chat services whose incoming-webhook URL carries the token that lets anyone post.
_CHAT_SERVICES = frozenset(
    {"slack", "discord", "teams", "msteams", "mattermost", "rocketchat", "googlechat", "zulip"}
)
# Python task runners' files (doit, nox, fabric; not `tasks.py`: Celery's and Django's task modules are the
# app's) and folders of build tooling.
_TASK_FILES = frozenset({"dodo.py", "noxfile.py", "fabfile.py"})
# `noxfiles/`: the modules a noxfile splits its sessions into
_BUILD_TOOL_PARTS = frozenset({"build-tools", "build_tools", "buildtools", "noxfiles"})
# Words of a folder's name that make it a developer's (`dev-reverse-proxy`, `local-dev`, `dev_tools`).
_DEV_WORDS = frozenset({"dev", "devtools", "devcontainer"})


def _dev_folder(folder: str) -> bool:
    return any(w in _DEV_WORDS for w in _WORD_SPLIT.split(folder) if w)


# `docker/develop/`, `containers/development/`: the developers' image beside the deployed one
_DOCKER_FOLDERS = frozenset({"docker", ".docker", "containers", "container"})
_DEVELOPMENT_FOLDERS = frozenset({"develop", "development"})


def _docker_development(parts: list[str]) -> bool:
    folders = parts[:-1]
    return any(a in _DOCKER_FOLDERS and b in _DEVELOPMENT_FOLDERS for a, b in itertools.pairwise(folders))


def _go_test_package(folder: str) -> bool:
    """A Go package only tests import: `<x>test` (`dbtest`, `snapshottest`, as the library's `httptest`)."""
    return len(folder) > 5 and folder.endswith("test") and folder != "latest"


_CAMEL_DEV = re.compile(r"^dev[A-Z]\w*\.[cm]?[jt]sx?$")  # `devServerMain.ts`: a developer's server


def _dev_file(name: str) -> bool:
    if name.startswith(("docker-compose.dev", "compose.dev", "docker-compose.override", "compose.override")):
        return True
    # `run_dev.sh`, `start-dev.sh`, `Dockerfile.dev`, `dev.Dockerfile`: a developer's launcher or image
    script = name.endswith((".sh", ".bash")) or name.startswith("dockerfile") or name.endswith(".dockerfile")
    return script and "dev" in _WORD_SPLIT.split(name)


def variable_scope(scopes: set[str]) -> str:
    """A variable read in several scopes belongs to the most important one (`runtime` first)."""
    for scope in SCOPES:
        found = sorted(s for s in scopes if s == scope or s.startswith(f"{scope}:"))
        if found:
            return found[0]
    return "runtime"


@dataclass(slots=True)
class Note:
    """Something discovery saw but could not resolve to names (an envFrom of an unknown Secret...)."""

    file: str
    line: int
    message: str


@dataclass(slots=True)
class DiscoveredVariable:
    name: str
    locations: list[str] = field(default_factory=list)
    optional: bool = True
    secret: bool = False
    public: bool = False
    sources: list[str] = field(default_factory=list)
    default: str | None = None  # the code's default, when the places agree (never for a secret)
    scope: str = "runtime"
    scopes: list[str] = field(default_factory=list)  # every scope some place reads it in
    # For `X_FILE`: X, whose value the file holds (docker secrets, `file_env`): another way to supply X, so
    # optional, and not a secret itself (it holds a path).
    file_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "scope": self.scope,
            "secret": self.secret,
            "optional": self.optional,
            "public": self.public,
            "default": self.default,
            "locations": list(self.locations),
            "sources": list(self.sources),
            "scopes": list(self.scopes),
            "file_of": self.file_of,
        }


_DATABASE_WORDS = frozenset(
    "db database sqla sqlalchemy postgres postgresql pg psql mysql mariadb mssql mongo mongodb".split()
)


# Labelling from the name's words. The words after the secret one say what the value is: `_PATH`, `_TTL`,
# `_TABLE` describe or locate a secret (`SECRET_KEY_PATH`, `PASSWORD_RESET_TOKEN_TABLE`), they are not one.
_NOT_SECRET_AFTER = frozenset(
    """
    id ids name names file files filename filenames filepath filepaths path paths dir dirs directory folder
    url urls uri uris
    endpoint host hostname domain port table tables rate rates throttle ttl timeout timeouts expiry expires
    expire expiration lifetime lifespan age maxage interval duration time times period delay seconds secs sec
    minutes mins hours days ms length ratelimit ratelimits
    len size count limit max min prefix suffix header headers type kind mode format version enabled enable
    disabled required optional issuer audience algorithm alg algo scope scopes field column param params env
    var variable location region arn alias policy provider backend store storage manager service class
    handler cookie hint pattern regex placeholder label description prompt message strength rounds iterations
    bits charset chars hasher hashers cache attempts retries level strategy method callback redirect validity
    window threshold bucket queue topic user username login email template schema list allowlist denylist link
    whitelist blacklist through thru broker brokers driver guard after budget budgets quota quotas usage per
    country currency language locale criteria delimiter separator delim sep command cmd weight weights
    image images namespace namespaces hook hooks empty blank bytes recov recovery reset complexity style
    validator rule worker workers thread threads
    on at in upon during before when within
    """.split()
)  # `on`, `at`, `in`... begin a phrase of when or where something is done to the secret: a switch
# (`EXPIRE_AUTH_TOKENS_ON_RESTART`, `ROTATE_KEYS_AT_STARTUP`, `RESET_PASSWORD_WITHIN` a duration), not the
# secret.


def _describes(word: str) -> bool:
    """A word after the secret one that says what the value is, singular or plural (`*_TOKEN_DOMAINS`,
    `*_KEY_ALIASES`, `*_SECRET_POLICIES`): a list of what a description names is no more a secret."""
    if word in _NOT_SECRET_AFTER:
        return True
    if word.endswith("ies") and word[:-3] + "y" in _NOT_SECRET_AFTER:
        return True
    if word.endswith("es") and word[:-2] in _NOT_SECRET_AFTER:
        return True  # PREFIXES, ALIASES
    return word.endswith("s") and word[:-1] in _NOT_SECRET_AFTER


# A word anywhere that says the value is meant to be seen, or that the variable is a switch about a secret
# (`MYSQL_ALLOW_EMPTY_PASSWORD`, `ENABLE_AUTH`) rather than the secret.
_PUBLIC_WORDS = frozenset({"public", "pub", "publishable"})
_FLAG_WORDS = frozenset(
    """
    enable disable allow require skip use no random generate empty force is has show toggle ignore
    strict enforce hide
    """.split()
)
_FLAG_PREFIXES = tuple(_FLAG_WORDS)
_SECRET_WORDS = frozenset(
    """
    secret secrets password passwords passwd pwd pw pass passphrase passcode token tokens credential
    credentials cred creds csec csecret psk bearer apikey apikeys privatekey privkey secretkey signingkey
    masterkey authkey accesskey sessionkey encryptionkey hmackey jwtkey licensekey sslkey mnemonic mnemonics
    macaroon macaroons rune runes sas keyset keysets
    """.split()
)
_NOT_PASS = frozenset({"bypass", "compass", "encompass", "overpass", "underpass", "trespass", "surpass"})
# `X_KEY` is a key unless X says it is a database, cache or lookup key (`SORT_KEY`, `CACHE_KEY`) or names a
# key kept elsewhere (`KMS_KEY`: an id or ARN).
_NOT_KEY = frozenset(
    """
    primary foreign sort partition cache idempotency routing shard dedup dedupe composite unique index lookup
    row column hash range kms cmk map group cluster message event tracking redis object natural surrogate
    """.split()
)
# A CAPTCHA's site key (reCAPTCHA's `RECAPTCHA_SITE_KEY`, `*_WEBSITE_KEY`, hCaptcha's, Turnstile's) is put
# in the page for every visitor; its secret half is `*_SECRET_KEY`. A bare `SITE_KEY` may be a site-wide
# secret.
_SITE_WORDS = frozenset({"site", "website"})
# Words before `TOKENS` that make it a count of an LLM's or a tokenizer's tokens (`MAX_OUTPUT_TOKENS`).
_COUNT_WORDS = frozenset({"max", "min", "num", "total"})
# A crypto word before a `KEY` at the end makes it a credential whatever word sits just before it
# (`ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY`, `JWT_SIGNING_CURRENT_KEY`): a key slot, not a database key.
_CRYPTO_WORDS = frozenset(
    "encryption encrypt decryption signing secret private hmac jwt aes crypto cipher".split()
)
# `X_PRIMARY_KEY` / `X_SECONDARY_KEY` of a service (`STORAGE_PRIMARY_KEY`) is its access key; of a table
# (`DB_PRIMARY_KEY`, or `PRIMARY_KEY` alone) a column.
_KEY_SLOTS = frozenset({"primary", "secondary"})
_DATA_WORDS = frozenset("db database table sql column row model record id index".split())
# Qualifiers that make a `KEY` in the middle of a name a credential (`API_KEY_PROD`).
_KEY_QUALIFIERS = frozenset(
    """
    api access private secret signing encryption encrypt master client app application license session auth
    account service admin consumer webhook shared hmac jwt aes crypto cipher decryption ssl tls ssh storage
    gpg pgp
    """.split()
)
# Data stores and brokers: their connection URLs carry the password (`CLICKHOUSE_URL`, `KAFKA_URL`,
# `DATABASE_REPLICA_URL`, `postgres://user:password@host/db`).
_STORE_WORDS = frozenset(
    """
    database db sql postgres postgresql pg psql pgsql mysql mariadb maria mongo mongodb mongolab mongohq
    clickhouse kafka amqp rabbitmq rabbit mssql sqlserver cockroach cockroachdb cassandra neo4j couchdb influx
    influxdb sqlalchemy datastore
    """.split()
)  # not caches (Redis, memcached): their URLs as often carry no password at all
# Database engines by name: `<ENGINE>_CONNECTION` is that engine's connection string (a generic
# `DB_CONNECTION` names a driver, Laravel's `mysql`).
_ENGINE_WORDS = _STORE_WORDS - {"database", "db", "sql", "datastore", "sqlalchemy", "kafka", "amqp"}
# A list of URLs (`DATABASE_REPLICA_URLS`, read replicas) carries as much as one.
_URL_WORDS = frozenset({"url", "uri", "dsn", "urls", "uris"})
# Error trackers whose DSN holds only a public key (Sentry's, and the services speaking its protocol).
_TRACKER_WORDS = frozenset({"sentry", "raven", "glitchtip", "bugsink", "errors", "error", "tracking"})
# Names that hold the path of a credentials file, whatever their words say: Google's Application Default
# Credentials variable, GOOGLE_APPLICATION_CREDENTIALS, and the app's own copies of it under a prefix
# (`AI_GOOGLE_CLOUD_APPLICATION_CREDENTIALS`) name a service account's JSON file; the file's text
# (`*_APPLICATION_CREDENTIALS_JSON`, `..._CONTENTS`) is the secret.
_PATH_TAIL = ["application", "credentials"]
# A database client's SSL/TLS key is given as a file (libpq's `sslkey` and PGSSLKEY, MySQL's `ssl-key` and
# PDO::MYSQL_ATTR_SSL_KEY, JDBC's `sslkey`): `PGSQL_SSL_KEY`, `MYSQL_SSL_KEY`, `DB_TLS_KEY` hold its path.
_TRANSPORT_WORDS = frozenset({"ssl", "tls"})


def _store_key_path(words: list[str]) -> bool:
    return (
        len(words) >= 3
        and words[-1] == "key"
        and words[-2] in _TRANSPORT_WORDS
        and any(w in _STORE_WORDS for w in words[:-2])
    )


def _url_variant(words: list[str]) -> bool:
    """`DATABASE_URL_READ_ONLY`, `POSTGRES_URL_REPLICA`: a data store's connection URL, qualified after the
    URL word (not described: `DATABASE_URL_TIMEOUT`, `DATABASE_URL_FILE`)."""
    at = next((i for i, w in enumerate(words[:-1]) if w in _URL_WORDS), None)
    return (
        at is not None
        and any(w in _STORE_WORDS for w in words[:at])
        and not any(w in _NOT_SECRET_AFTER for w in words[at + 1 :])
    )


# A mail server's URL (`EMAIL_URL`, `USER_EMAIL_URL`: `smtp://user:password@host`) and a message broker's
# (`CLOUDAMQP_URL`, `CELERY_BROKER_URL`: `amqp://user:password@host`) carry the password too; a page about
# mail (`CONFIRM_EMAIL_URL`) does not.
_MAIL_WORDS = frozenset({"email", "mail", "smtp", "mailer"})
_MAIL_PAGES = frozenset("confirm confirmation verify verification reset activation unsubscribe link".split())


def _server_url(words: list[str]) -> bool:
    before = words[-2] if len(words) > 1 else ""
    if before == "broker" or before.endswith("amqp"):
        return True
    return before in _MAIL_WORDS and not _MAIL_PAGES.intersection(words)


# Words after KEY that say the value is the key's own text (`*_KEY_CONTENTS`, `*_KEY_PEM`, `*_KEY_B64`).
_KEY_MATERIAL = frozenset(
    {"contents", "content", "json", "pem", "der", "base64", "b64", "material", "raw", "hex"}
)


def _secret_word(words: list[str], i: int) -> bool:
    word = words[i]
    before = words[i - 1] if i else ""
    if word in ("token", "tokens") and (before in ("csrf", "xsrf") or _COUNT_WORDS.intersection(words[:i])):
        return False  # a CSRF token is per request; `MAX_TOKENS`, `MAX_OUTPUT_TOKENS` are counts
    if word == "keys" and before in _COUNT_WORDS:
        return False  # `AGGREGATE_MAX_KEYS`: how many keys, a number
    if word in _SECRET_WORDS or word.startswith(("secret", "passw")):
        return True
    if word.endswith(("password", "passwd", "passphrase", "secret", "secrets", "apikey")):
        return True  # DBPASSWORD, APPSECRET
    if word.endswith(("credentials", "credential")) and not word.startswith(_FLAG_PREFIXES):
        return True  # BINDCREDENTIALS (LDAP's bind password); not ALLOWCREDENTIALS, a CORS switch
    if word.endswith("pass") and word not in _NOT_PASS:
        return True  # DBPASS, SMTPPASS
    if word.endswith("pwd") and word != "oldpwd":
        return True  # DBPWD (OLDPWD is the shell's previous folder)
    if word.endswith("token") and word not in ("csrftoken", "xsrftoken"):
        return True  # AUTHTOKEN, BOTTOKEN
    if word in ("salt", "pepper"):
        return i == len(words) - 1  # HASH_SALT, DEVISE_PEPPER; not SALT_LENGTH, SALT_ROTATION
    if word == "seed":
        # SIGNING_SEED derives the key; a wallet's seed (BREEZ_LIQUID_SEED) is its key
        return before in _CRYPTO_WORDS or before in ("key", "wallet", "liquid")
    if word in ("key", "keys"):
        if i == len(words) - 1:
            if before in _SITE_WORDS and i >= 2:
                return False  # RECAPTCHA_SITE_KEY: public, unlike its SECRET_KEY
            if before not in _NOT_KEY:
                return True  # METRICS_KEY, SSL_KEY, SIGNING_KEY; not SORT_KEY
            if any(w in _CRYPTO_WORDS for w in words[: i - 1]):
                return True  # ENCRYPTION_PRIMARY_KEY
            return before in _KEY_SLOTS and i >= 2 and words[i - 2] not in _DATA_WORDS
        if words[i + 1] in _KEY_MATERIAL and before not in _NOT_KEY:
            return True  # DISTRIBUTION_KEY_CONTENTS, GOOGLE_KEY_JSON: the key itself, spelled out
        return before in _KEY_QUALIFIERS  # API_KEY_PROD
    if word == "code" and before == "auth" and i == len(words) - 1:
        return True  # PADDLE_AUTH_CODE: a vendor's API credential
    # `REDIS_AUTH`, `BASIC_AUTH`; a personal access token (`GITHUB_PAT`)
    return i == len(words) - 1 and i > 0 and word in ("auth", "authorization", "pat")


def _public_qualified(words: list[str]) -> bool:
    """A public word qualifies the value (`STRIPE_PUBLIC_KEY`, `MAPBOX_PUBLIC_TOKEN`, `PUBLIC_URL`), unless
    a secret word other than `KEY` follows further on: then it names something else, the secret's owner
    (`PUBLIC_AWS_SECRET_ACCESS_KEY`: the secret of the public-files disk)."""
    at = next((i for i, w in enumerate(words) if w in _PUBLIC_WORDS), None)
    if at is None:
        return False
    return not any(
        words[j] not in ("key", "keys") and _secret_word(words, j) for j in range(at + 2, len(words))
    )


# Last words of a name that say what a plain setting is (where a database lives, what it is called, who logs
# in, which driver): no credential, even read through a helper named for secrets (`get_secret("DB_HOST")`,
# a helper that also reads Docker secrets' files).
_PLAIN_SETTING_WORDS = frozenset(
    """
    host hostname port name user username engine driver backend database db schema region timeout path dir
    file level mode enabled options ssl sslmode charset collation prefix index number count size limit days
    queue channel bucket origin
    """.split()
)


# What a proxy may pass on or set for the upstream: after `PASS_`/`SET_`, a switch names one of these.
_SWITCH_OBJECTS = frozenset({"token", "auth", "authorization", "header", "headers", "cookie", "cookies"})


def plain_setting(name: str) -> bool:
    """Whether the name's last word says it is a plain setting (`KIWI_DB_HOST`, `DB_ENGINE`), never a
    credential, unless its words name a credential too (`DB_PASSWORD_FILE` is labelled by its own rule)."""
    words = name_words(name)
    return bool(words) and words[-1] in _PLAIN_SETTING_WORDS and not secret_by_name(name)


def _private_key(words: list[str]) -> bool:
    """A name ending in PRIVATE_KEY holds one even after a flag word (`ENABLE_BANKING_PRIVATE_KEY`: the
    provider "Enable Banking"): a switch about a key ends in the switch's word (`USE_PRIVATE_KEY_AUTH`)."""
    return (
        words[-2:] == ["private", "key"]
        or words[-1] in ("privatekey", "privkey")
        or (len(words) >= 2 and words[-2] == "key" and words[-1] in _KEY_MATERIAL)  # `*_KEY_CONTENT`
    )


_DURATION_FIRST = frozenset({"ttl", "ttls", "lifespan", "lifespans", "lifetime", "lifetimes"})


def secret_by_name(name: str) -> bool:
    """Whether a variable's name says it holds a secret: a password, token, key or credential (also
    abbreviated: `DBPASS`, `PASSWD`, `*_PWD`, `*_CSEC`, `*_PSK`), and not a description of one (`*_PATH`,
    `*_TTL`, `*_TABLE`...), an identifier (`*_KEY_ID`, client ids), a public key or a switch."""
    if identifier_kind(name) is not None:
        return False
    words = name_words(name)
    if words[-2:] == _PATH_TAIL:
        return False
    if not words or words in (["pwd"], ["oldpwd"]):
        return False  # PWD alone is the shell's working directory
    if len(words) > 1 and words[0] in _DURATION_FIRST:
        return False  # `TTL_ACCESS_TOKEN` (a config key's path, `ttl.access_token`): how long a token lives
    if words[-2:] == ["consumer", "key"]:
        return False  # an OAuth1 consumer key names the application, like a client id (its SECRET is one)
    if words[-2:] in (["analytics", "token"], ["analytics", "key"]):
        return False  # `GOOGLE_ANALYTICS_TOKEN`: a tracking id every page carries (an `_API_KEY` is one)
    hook = next((i for i, w in enumerate(words) if w in _HOOK_WORDS), None)
    chat = hook is not None and bool(_CHAT_SERVICES.intersection(words))
    if (
        chat
        and hook is not None
        and not any(_describes(w) for w in words[hook + 1 :] if w not in ("url", "uri"))
    ):
        # SLACK_WEBHOOK(_URL), FEEDBACK_DISCORD_WEBHOOK, DUB_SLACK_HOOK_ALERTS (a channel's): the URL is the
        # credential to post; not SLACK_WEBHOOK_ENABLED (nor another service's WEBHOOK_URL: where it posts)
        return True
    if (words[-1] in ("url", "urls") and "shoutrrr" in words) or (words[-1] == "urls" and "apprise" in words):
        return True  # notification service URLs (`slack://token@channel`) of shoutrrr or Apprise
    if name.upper().endswith(_SECRET_SUFFIXES) or words[-2:] == ["secret", "id"]:
        return True  # DATABASE_URL carries a password; a Vault AppRole's SECRET_ID is one
    if (
        len(words) > 1
        and words[-1] in ("conn", "dsn")
        and words[-2] in _DATABASE_WORDS
        and not _FLAG_WORDS.intersection(words)  # `USE_PERSISTENT_MYSQL_CONN`: a switch
    ):
        return True  # SQLA_CONN, PG_DSN: a database's connection string, its password in it
    if (
        words[-1] == "pem"
        and (len(words) < 2 or words[-2] not in _PUBLIC_PEM)
        and not _FLAG_WORDS.intersection(words[:-1])  # `JWT_USE_PEM`: a switch
    ):
        return True  # GITHUB_PEM: a PEM-encoded private key (a certificate's PEM is public)
    if "sentry" in words and words[-1] == "key" and not {"auth", "secret", "token"}.intersection(words):
        return False  # `SENTRY_FRONTEND_KEY`: the client key of a Sentry DSN, sent to every browser
    if words[-3:] == ["data", "source", "name"] and "odbc" not in words:
        return True  # `dataSourceName`: Go's sql.Open DSN, `user:password@tcp(host)/db`
    if words[-1] == "dsn" and "odbc" in words:
        return False  # an ODBC DSN is the name of a data source set up in odbc.ini, not a connection string
    if words[-1] in _URL_WORDS and (any(w in _STORE_WORDS for w in words[:-1]) or _server_url(words)):
        return True  # a data store's, mail server's or message broker's connection URL
    if _public_qualified(words) or (any(w in _FLAG_WORDS for w in words[:-1]) and not _private_key(words)):
        return False
    if _url_variant(words):
        return True
    if _store_key_path(words):
        return False  # the path of the database client's key file
    if words[-1] == "dsn" and not _TRACKER_WORDS.intersection(words):
        return True  # `MEMOS_DSN`, `MAILER_DSN`: connection strings with their credentials; not Sentry's
    if words[-1] == "connection" and _ENGINE_WORDS.intersection(words[:-1]):
        return True  # `POSTGRES_MIGRATIONS_CONNECTION`: a connection string (not `DB_CONNECTION`: a driver)
    if words[-1] == "datasource" and _STORE_WORDS.intersection(words[:-1]):
        return True  # `DRONE_DATABASE_DATASOURCE`: the database's connection string
    if words[-2:] == ["data", "source"] and _STORE_WORDS.intersection(words[:-2]):
        return True  # `DB_DATA_SOURCE`: a database's connection string (Go's sql.Open data source name)
    if any(w in ("pass", "set") for w in words[:-2]) and _SWITCH_OBJECTS.intersection(words):
        return False  # `PASS_ACCESS_TOKEN`, `SET_BASIC_AUTH`: whether to hand a credential on, a switch
    hits = [i for i in range(len(words)) if _secret_word(words, i)]
    # `RESTIC_PASSWORD_FILE2`: a numbered second one is described as the first is
    after = [w.rstrip("0123456789") or w for w in words[hits[-1] + 1 :]] if hits else []
    return bool(hits) and not any(_describes(w) for w in after)


# Where a default comes from: the code (the reads of the variable's own scope first), then, for a name no
# code reads, the image's `ENV` lines and compose's `${X:-default}`. Declarations are never defaults: an
# `.env.example`, compose `environment:`, Kubernetes or CI value is what someone chose to set, not what the
# app falls back to.
_DECLARATION_SOURCES = ("env-example", "compose-env-file", "k8s", "github", "gitlab", "kamal")
_DECLARATION_SOURCE = "compose"  # an `environment:` entry (`${X:-d}` is compose's fallback: it counts)
_IMAGE_SOURCES = ("dockerfile", "compose-interpolation")
# A default longer than this is a blob (a template, a key), not one line an operator writes; a list of
# modules or hosts on one line (`core,contacts,...`, 216 characters) is still a value.
MAX_DEFAULT_LENGTH = 400
_IMAGE_RANK = 2
_DEPLOYMENT_FALLBACKS = ("dockerfile-env", "compose-interpolation")


# A bundler's or build tool's own configuration (`vite.config.ts`, `astro.config.mjs`, `next.config.js`):
# it runs when the app is built, and its fallbacks are the build's.
_BUILD_CONFIGS = re.compile(
    r"(?:^|/)(?:next|vite|vitest|webpack|rollup(?:\.[\w-]+)?|nuxt|svelte|astro|tsup|esbuild|babel|postcss"
    r"|tailwind|remix|gatsby-config|gatsby-node|craco|metro|turbo|rspack|rsbuild|parcel|docusaurus)"
    r"(?:\.[\w-]+)?\.config\.(?:[cm]?[jt]s)$|(?:^|/)(?:gatsby-config|gatsby-node|gulpfile|gruntfile)\.[cm]?[jt]s$"
    r"|(?:^|/)\.babelrc\.[cm]?js$|(?:^|/)config-overrides\.[cm]?js$"  # react-app-rewired's webpack overrides
    r"|(?:^|/)(?:electron-builder|forge)(?:\.config)?\.[cm]?[jt]s$",  # an Electron app's packaging
    re.IGNORECASE,
)


_NEXT_CONFIG = re.compile(r"(?:^|/)next\.config\.[cm]?[jt]s$")


def is_build_config(rel: str) -> bool:
    return bool(_BUILD_CONFIGS.search(rel) or _WEBPACKER_CONFIG.search(rel))


# Rails' Webpacker: `config/webpack/{development,production,environment}.js`, used by `bin/webpack` only.
_WEBPACKER_CONFIG = re.compile(r"(?:^|/)config/webpack/[\w.-]+\.[cm]?[jt]s$")


# Scopes whose fallbacks never stand for another scope's variable (a dev or build script's may: it often
# runs the app's own code path).
_FOREIGN_DEFAULT_SCOPES = frozenset({"test", "ci", "example"})


def _default_rank(read: Read, scope: str) -> int | None:
    """How much a read's default is trusted (lower is more), or None when its default never counts."""
    if read.source == _DECLARATION_SOURCE or read.source.startswith(_DECLARATION_SOURCES):
        return None
    if read.source.startswith(_IMAGE_SOURCES):
        if read.other_container and scope_of_read(read) != scope:
            return None  # another container's settings (`${DB_PORT:-5432}` in the database's `ports:`)
        if read.source == "dockerfile-arg" and scope != "build":
            return None  # `ARG DEVELOPMENT_MODE=False`: the build's; the running container never sees it
        return _IMAGE_RANK
    own = scope_of_read(read)
    if own != scope and own in _FOREIGN_DEFAULT_SCOPES:
        return None  # `process.env.DB_HOST || "localhost"` in a test's setup: what the tests fall back to
    if own != scope and is_build_config(read.file) and not _NEXT_CONFIG.search(read.file):
        # `unwrapEnvVar("PLATFORM", "node")` in astro.config.mjs: the build's fallback (`next start` loads
        # next.config.js again when the server starts: its fallbacks are the running app's too)
        return None
    return 0 if own == scope else 1


# Last words of names that hold a value (a place, a name, a program): a `false` default there means "not
# set" (`env('LDAP_SERVER', false)`, `process.env.API_URL || false`), not the text "false".
_VALUE_NOUNS = frozenset(
    """
    url urls uri uris endpoint host hostname hosts server servers domain dn path paths dir directory file
    command cmd bin binary cert certs certificate ca x509 version theme tenant name id region bucket
    prefix suffix schema namespace topic address addr sender username model locale language
    """.split()
)
# Two last words that name a value where the last alone may be a switch (`SCOUT_QUEUE`, `STORE_IN_DATABASE`
# are switches): Laravel's `DB_DATABASE` is a database's name, a `BASE_API` the address of an API.
_VALUE_TAILS = frozenset({("db", "database"), ("base", "api")})


# A name asserting what to expect (`EXPECT_SECURE_URL`), or whose last noun is where or how something is
# done (`FALLBACK_IN_DIR`, `STORE_IN_DATABASE`, `SORT_TREE_BY_NAME`), is a switch; `MAIL_FROM_ADDRESS`,
# `REPLY_TO_NAME` hold the value they name.
_SWITCH_VERBS = frozenset({"expect"})
_SWITCH_PREPOSITIONS = frozenset({"in", "into", "by"})
# A check done on the noun after it (`SSL_VERIFY_SERVER`, `VALIDATE_HOST`): whether to do it, a switch.
_CHECK_VERBS = frozenset({"verify", "validate"})


def _switch_name(words: list[str]) -> bool:
    return bool(_FLAG_WORDS.intersection(words[:-1]) or _CHECK_VERBS.intersection(words[:-1])) or (
        len(words) >= 3 and (words[0] in _SWITCH_VERBS or words[-2] in _SWITCH_PREPOSITIONS)
    )


def boolean_default(name: str, value: bool) -> str | None:
    """A literal true/false default as the variable's text; None for `false` standing for "not set" (unless
    a word makes the name a switch: `USE_X_FORWARDED_HOST`)."""
    words = name_words(name)
    value_noun = bool(words) and (words[-1] in _VALUE_NOUNS or tuple(words[-2:]) in _VALUE_TAILS)
    if not value and value_noun and not _switch_name(words):
        return None
    return "true" if value else "false"


# `scheme://user:password@host`: a URL whose user-info holds a password (a `${VAR}` placeholder included).
_PASSWORD_URL = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*:[^/@\s]+@")


def carries_password(value: str | None) -> bool:
    """Whether a value (a default, an example, a declaration) is a URL carrying a password: the variable it
    is given to holds a credential whatever its name (`MAIL_URL=smtp://bot:hunter2@mail`)."""
    return value is not None and bool(_PASSWORD_URL.match(value))


def usable_default(value: str | None) -> str | None:
    """A default worth writing down: one line, not too long, and carrying no credential (a URL with a
    password, `scheme://user:secret@host`)."""
    if value is None or len(value) > MAX_DEFAULT_LENGTH or "\n" in value or "\r" in value or "\0" in value:
        return None
    scheme, sep, rest = value.partition("://")
    if sep and scheme and "@" in rest.split("/", 1)[0]:
        return None
    return value


# An empty JSON object or list (`${OIDC_CONFIG_DICT:-{}}`) is a value, not a template's placeholder.
_EMPTY_JSON = frozenset({"{}", "[]"})


# Reads that give null (not an error) when the variable is unset, and that the code then uses as it is.
_NULL_WHEN_UNSET = frozenset({"php", "python"})


def _pick_default(reads: list[Read], scope: str) -> str | None:
    """The default of the most trusted kind of place; None when places of that kind disagree (a computed
    default disagrees with every literal)."""
    found: list[tuple[int, str | None]] = []
    # The code reads it: its fallback (or its lack of one) is the default; the image's `ENV X=v` and
    # compose's `${X:-d}` are what one deployment passes, not what the program falls back to (a zod
    # `z.string()` or a `== "1"` test beside `${X:-0}` has no default). They count for a name no code reads.
    ranks = [_default_rank(read, scope) for read in reads]
    code = any(rank is not None and rank < _IMAGE_RANK for rank in ranks)
    for read, rank in zip(reads, ranks, strict=True):
        if rank is None or (code and read.source in _DEPLOYMENT_FALLBACKS):
            continue
        if read.computed_default:
            found.append((rank, None))
        elif usable_default(read.default) is not None:
            if (
                rank == _IMAGE_RANK
                and read.default not in _EMPTY_JSON
                and placeholder_reason(read.default or "") == "placeholder"
            ):
                continue  # `ENV X=__X__`, `${X:-changeme}`: filled in later, not a value to fall back to
            found.append((rank, read.default))
        elif (
            not read.optional
            and read.source in _NULL_WHEN_UNSET
            and read.compared_with is None
            and not read.raises
        ):
            # Laravel's `env('APP_URL')` in one config file and `env('APP_URL', 'http://localhost')` in
            # another, Python's `os.getenv("DB_HOST")` in the settings and `"localhost"` in a script: the
            # first gets null when unset, so the places disagree (a comparison, `env('X') === 'memcached'`,
            # only tests for a mode, and a presence test says nothing of a fallback: both are optional)
            found.append((rank, None))
    if not found:
        return None
    best = min(rank for rank, _ in found)
    values = {value for rank, value in found if rank == best}
    if len(values) > 1 and all(v is not None and v.lower() in ("true", "false") for v in values):
        values = {v.lower() for v in values if v is not None}  # Python's `True` here, the text `true` there
    return values.pop() if len(values) == 1 else None


def aggregate(reads: list[Read]) -> list[DiscoveredVariable]:
    """Group reads by name. A variable is optional only when every place gives it a default; it is a secret
    when its name says so or any place uses it as one, unless its name says it is an identifier
    (`AWS_ACCESS_KEY_ID`, `*_CLIENT_ID`, publishable keys: kept with secrets, not secret themselves). A
    default is recorded only for a variable that is not a secret."""
    by_name: dict[str, DiscoveredVariable] = {}
    by_name_reads: dict[str, list[Read]] = {}
    seen: set[tuple[str, str]] = set()
    for read in sorted(reads, key=lambda r: (r.name, r.file, r.line)):
        var = by_name.get(read.name)
        if var is None:
            var = by_name[read.name] = DiscoveredVariable(
                name=read.name,
                secret=secret_by_name(read.name),
                public=_bundler_public(read.name),
            )
        by_name_reads.setdefault(read.name, []).append(read)
        where = f"{read.file}:{read.line}"
        if (read.name, where) not in seen:
            seen.add((read.name, where))
            var.locations.append(where)
        # A CI secret marks the CI's copy, not the app's variable: `secrets.DEBUG` leaves the app's DEBUG be.
        # A value carrying a password (a default or an example `postgres://app:pw@db/app`) is evidence too.
        # An example manifest's `secretKeyRef` on a username is one author's choice of store, not the app's
        # use: an example's hint counts only for a variable nothing but examples name (below, as CI's do).
        place = scope_of_read(read)
        # A manifest keeping a whole connection's settings in one Secret (`PULP_DB_HOST` from `secretKeyRef`)
        # chose a store: a name that says host, port, name or user is still no credential.
        store_choice = read.source.startswith("k8s") and (place == "example" or plain_setting(read.name))
        hinted = (read.secret_hint and not store_choice) or carries_password(read.default)
        var.secret = var.secret or (hinted and place != "ci")
        if read.source not in var.sources:
            var.sources.append(read.source)
        scope = scope_of_read(read)
        if scope not in var.scopes:
            var.scopes.append(scope)
    for var in by_name.values():
        var.sources.sort()
        var.scopes.sort(
            key=lambda s: (SCOPES.index(s.partition(":")[0]) if s.partition(":")[0] in SCOPES else 99, s)
        )
        var.scope = variable_scope(set(var.scopes))
        # Optional when every place of its own scope gives a default: a CI `env:` entry or an example file
        # does not make the code's defaulted variable required.
        own = [r for r in by_name_reads[var.name] if scope_of_read(r) == var.scope]
        var.optional = all(r.optional for r in own)
        if var.scope in ("ci", "example"):  # only CI or examples name it: their secret hints describe it
            var.secret = var.secret or any(r.secret_hint for r in own)
        if any(r.public_hint for r in own) and not any(r.secret_hint for r in own):
            var.public, var.secret = True, False  # the code sends it to the browser (`@Public`)
        if identifier_kind(var.name) is not None:
            var.secret = False  # an account's own key or client id: kept with secrets, not one itself
        if not var.secret:  # an id's literal fallback (a placeholder client id) is a default like any other
            var.default = _pick_default(by_name_reads[var.name], var.scope)
    _label_key_pairs(by_name, by_name_reads)
    _label_switches(by_name, by_name_reads)
    _label_by_defaults(by_name, by_name_reads)
    _label_key_paths(by_name, by_name_reads)
    _label_certificate_pairs(by_name, by_name_reads)
    _label_addresses(by_name, by_name_reads)
    _label_file_variants(by_name, by_name_reads)
    _label_word_lists(by_name, by_name_reads)
    return [by_name[name] for name in sorted(by_name)]


def _bundler_public(name: str) -> bool:
    """Sent to the browser by its name's bundler prefix. A bare `PUBLIC_` is SvelteKit's and Astro's
    convention only: elsewhere (`PUBLIC_AWS_SECRET_ACCESS_KEY` of a public-files disk) a name saying it is a
    secret keeps it."""
    prefix = has_public_prefix(name)
    return prefix is not None and not (prefix == "PUBLIC_" and secret_by_name(name))


# `IGNORED_TOKENS` defaulting to "the,a,of,and": tokens as in words of a text, a list of them, no credential;
# `USER_ENDPOINT_KEYS` defaulting to "id,email,name": the keys (fields) of a JSON object to read.
_WORD_LIST = re.compile(r"^[a-z]+(?:\s*[,;|]\s*[a-z]+)+$")
_LIST_WORDS = frozenset({"tokens", "keys"})


def _label_word_lists(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    for var in by_name.values():
        if not var.secret or not _LIST_WORDS.intersection(name_words(var.name)[-1:]):
            continue
        own = reads[var.name]
        code = [r.default for r in own if _default_rank(r, var.scope) in (0, 1) and r.default is not None]
        if code and all(_WORD_LIST.match(d) for d in code) and not any(r.secret_hint for r in own):
            var.secret = False
            var.default = _pick_default(own, var.scope)


# An access key and its secret (`S3_KEY` / `S3_SECRET`, `S3_ACCESS_KEY` / `S3_SECRET_KEY`): the key half
# names the account, like AWS_ACCESS_KEY_ID; the secret half is the credential.
# `OG_GITHUB_CLIENT_KEY` beside `OG_GITHUB_SECRET`: an OAuth client key is the client's id (an mTLS
# `KAFKA_CLIENT_KEY`, with no secret beside it, stays a secret).
_KEY_HALVES = ("_ACCESS_KEY", "_CLIENT_KEY", "_KEY", "_ACCESSKEY")  # `COS_ACCESSKEY` / `COS_SECRETKEY`
_SECRET_HALVES = (
    "_SECRET",
    "_SECRET_KEY",
    "_SECRETKEY",
    "_SECRET_ACCESS_KEY",
    "_CLIENT_SECRET",
    "_KEY_SECRET",
    "_ACCESS_SECRET",
)


def _hinted(reads: list[Read]) -> bool:
    """A place outside CI uses the variable as a secret (a CI's `secrets.STRIPE_KEY` marks its own copy)."""
    return any(r.secret_hint and scope_of_read(r) != "ci" for r in reads)


def _label_key_pairs(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    for var in by_name.values():
        upper = var.name.upper()
        half = next((h for h in _KEY_HALVES if upper.endswith(h) and len(upper) > len(h)), None)
        if half is None or not var.secret or _hinted(reads[var.name]):
            continue
        base = var.name[: -len(half)]
        base_words = name_words(base)
        if base_words and base_words[-1] in _CRYPTO_WORDS:
            continue  # SIGNING_KEY beside SIGNING_SECRET: both are credentials, not an id and its secret
        pair = (by_name.get(base + tail) for tail in (*_SECRET_HALVES, *(t.lower() for t in _SECRET_HALVES)))
        if any(other is not None and other.secret for other in pair):
            var.secret = False
            var.default = _pick_default(reads[var.name], var.scope)


# `LDAP_AUTH`, `REMOTE_USER_AUTH`: whether to authenticate, when the code's own default is a boolean (a
# credential such as `REDIS_AUTH` never defaults to one), or when the code compares the value with a mode's
# name (`env('REGISTER_AUTH') == 'verified'`): a credential is never tested against a plain word.
_SWITCH_LAST_WORDS = frozenset({"auth", "authorization", "authentication"})
_BOOLEAN_TEXTS = frozenset({"true", "false", "0", "1", "yes", "no", "on", "off"})
# Compared with these, the code tests whether a credential is set or still the example's, not a mode.
_ABSENT_WORDS = frozenset(
    "null none nil undefined empty unset changeme change secret password default example test".split()
)
_MODE_WORD = re.compile(r"^[a-z][a-z_-]{1,23}$")


def _mode_word(value: str) -> bool:
    return bool(_MODE_WORD.match(value)) and value not in _ABSENT_WORDS and not secret_by_name(value)


def _label_switches(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    for var in by_name.values():
        words = name_words(var.name)
        if not var.secret or not words or words[-1] not in _SWITCH_LAST_WORDS:
            continue
        own = reads[var.name]
        if _hinted(own):
            continue
        code = [r.default for r in own if _default_rank(r, var.scope) in (0, 1) and r.default is not None]
        compared = [r.compared_with for r in own if r.compared_with is not None]
        boolean = bool(code) and all(d.strip().lower() in _BOOLEAN_TEXTS for d in code)
        if boolean or (compared and all(_mode_word(c) for c in compared)):
            var.secret = False
            var.default = _pick_default(own, var.scope)


# A key's NAME, not a key: an attribute or field the value names (`LDAP_EMAIL_KEY` = `mail`, `displayName`,
# `sAMAccountName`): one word of letters, never random enough to be a credential.
_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z][a-z]*(?:[A-Z]+[a-z]*)*$")
# An HTTP header's name, Title-Case words joined by hyphens (`Remote-User`, `X-Forwarded-Email`): a
# `*_HEADER_KEY` defaulting to one names the header a proxy sets, it is no credential.
_HEADER_NAME = re.compile(r"^[A-Z][a-z]*(?:-[A-Z][a-z]*)+$")
_MAX_ATTRIBUTE = 32


# A key's development stand-in (`ENV.fetch("SCOUT_APM_KEY", "local")`): no attribute's name.
_STAND_IN_WORDS = frozenset("local dev development dummy fake sample placeholder".split())


def _attribute_name(value: str) -> bool:
    return (
        len(value) <= _MAX_ATTRIBUTE
        and bool(_ATTRIBUTE_NAME.match(value) or _HEADER_NAME.match(value))
        and value.lower() not in _ABSENT_WORDS
        and value.lower() not in _STAND_IN_WORDS
        and placeholder_reason(value) is None
        and placeholder_reason(value.replace("-", "").lower()) is None  # `Change-Me`, `ChangeMe`
        and not secret_by_name(value)
    )


def _key_only(words: list[str]) -> bool:
    """The name is secret only through a `KEY` at its end, with no crypto word (`SIGNING_KEY`) before it."""
    hits = [i for i in range(len(words)) if _secret_word(words, i)]
    return hits == [len(words) - 1] and words[-1] in ("key", "keys") and not _CRYPTO_WORDS.intersection(words)


def _boolean_test(read: Read) -> bool:
    return read.compared_with is not None and read.compared_with.strip().lower() in _BOOLEAN_TEXTS


_INTEGER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # a count, or a decimal ratio (`0.5`)
_NUMBER_SENTINELS = frozenset({"0", "1", "-1"})


def _attribute_map(value: str) -> bool:
    """A JSON object mapping fields to attribute names (`LDAP_KEYS` = `{"username": "uid", "email": "mail"}`):
    which attribute holds what, no credential."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return False
    return (
        isinstance(parsed, dict)
        and bool(parsed)
        and all(isinstance(v, str) and (v == "" or _attribute_name(v)) for v in parsed.values())
    )


def _label_by_defaults(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    """A name-labelled secret whose code says otherwise: a `true` default (no other than `false`) or a
    boolean parse of (or a comparison with `'true'` in) every read makes it a switch
    (`ATHENA_OPTIONAL_CREDENTIALS` defaulting to "true"), a
    plain attribute or header name makes a `*_KEY` the name of a key (`LDAP_DISPLAY_NAME_KEY` defaulting to
    "displayName", `AUTH_HEADER_KEY` to "Remote-User"). A credential never defaults to either, nor is it
    parsed as a boolean."""
    for var in by_name.values():
        own = reads[var.name]
        if not var.secret or any(r.secret_hint or carries_password(r.default) for r in own):
            continue
        in_code = [r for r in own if _default_rank(r, var.scope) in (0, 1)]
        code = [r.default for r in in_code if r.default is not None]
        # parsed as a boolean, or compared with one's text (`process.env.X === 'true'`)
        parsed = bool(in_code) and all(r.boolean_use or _boolean_test(r) for r in in_code)
        if not code and not parsed:
            continue
        words = name_words(var.name)
        # `true` somewhere: a `false` alone often stands for "not set" (Laravel's `env('X_SECRET', false)`)
        texts = {d.strip().lower() for d in code}
        switch = parsed or ("true" in texts and texts <= {"true", "false"})
        # a count, an id or a ratio (`RATELIMIT_AUTH` = 20, `ROLE_KEY` = 20, `FORMAT_PASSWORD_BY` = 0.5): no
        # credential defaults to a number (0 or 1 may stand for "unset": `os.environ.get("SECRET", "0")`)
        # (a run like "12345678" or "000000" is a placeholder for the secret, not a count)
        number = all(_INTEGER.fullmatch(t) and not _placeholder_digits(t) for t in texts) and bool(
            texts - _NUMBER_SENTINELS
        )
        # a rate limit (`RATE_LIMIT_X_AUTH` defaulting to "10/minute"): no credential reads as one
        number = number or (bool(texts) and all(_RATE.fullmatch(t) for t in texts))
        named = all(_attribute_name(d) or _attribute_map(d) for d in code)
        # a "mail server URL" by its name whose code falls back to a web page (`PRODUCT_EMAIL_URL` defaulting
        # to "https://www.example.com"): a link, not `smtp://user:password@host`
        page = _server_url(words) and bool(code) and all(_WEB_PAGE.match(d) for d in code)
        # an API key is a credential whatever it defaults to (`ENKETO_API_KEY` = "enketorules")
        attribute = _key_only(words) and named and words[-2:-1] != ["api"]
        if switch or number or page or attribute:
            var.secret = False
            var.default = _pick_default(own, var.scope)


_RATE = re.compile(r"\d+\s*/\s*(?:s|sec|second|m|min|minute|h|hr|hour|d|day)s?", re.IGNORECASE)


def _placeholder_digits(text: str) -> bool:
    """`12345678`, `000000`: digits typed to stand in for a token, not a number the code counts with."""
    return len(text) >= 6 and (text in "01234567890" or len(set(text)) == 1)


_WEB_PAGE = re.compile(r"^https?://[^\s/@]+(?:/\S*)?$")


# Words naming an address. Before the secret word they may make the name describe that address: OAuth's
# `SSO_ENDPOINT_TOKEN` is the token endpoint's URL, `USER_ENDPOINT_DATA_WRAP_KEY` the JSON key its
# response is wrapped in. A `METRICS_ENDPOINT_TOKEN` guarding an endpoint is a credential: only the values
# given tell them apart.
_ADDRESS_WORDS = frozenset({"endpoint", "url", "uri", "host"})
# A URL, or one built on another setting (`${SSO_BASE_URL}/oauth/token`).
_ADDRESS_VALUE = re.compile(r"^(?:https?://[^\s@]+|\$\{?[A-Za-z_]\w*\}?/\S*)$")


def _describes_address(var: DiscoveredVariable, own: list[Read]) -> bool:
    words = name_words(var.name)
    hits = [i for i in range(len(words)) if _secret_word(words, i)]
    if not hits or not _ADDRESS_WORDS.intersection(words[: hits[-1]]):
        return False
    values = [r.default for r in own if r.default and scope_of_read(r) != "ci"]
    key = _key_only(words)
    return bool(values) and all(_ADDRESS_VALUE.match(v) or (key and _attribute_name(v)) for v in values)


def _label_addresses(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    """A name-labelled secret naming an address before its secret word, whose every given value (the code's
    defaults, an example's, a declaration's) is a URL, or for a `*_KEY` a field's name: it describes the
    address, no credential is a URL or a plain word."""
    for var in by_name.values():
        own = reads[var.name]
        if not var.secret or any(r.secret_hint for r in own):
            continue
        if _describes_address(var, own):
            var.secret = False
            var.default = _pick_default(own, var.scope)


# A key or certificate given as a file: `SSL_KEY=/etc/ssl/app.key`, `TLS_KEY=./certs/key.pem`.
_PATH_PREFIXES = ("/", "./", "../", "~/")
_KEY_FILE_ENDS = (".pem", ".key", ".crt", ".cer", ".der", ".p12", ".pfx", ".p8", ".jks", ".asc", ".gpg")
_KEY_WORDS = frozenset({"key", "keys", "cert", "certs", "certificate", "pem"})


def looks_like_path(value: str | None) -> bool:
    if not value:
        return False
    return value.startswith(_PATH_PREFIXES) or _key_file(value)


def _key_file(value: str | None) -> bool:
    """A key or certificate file's name (`mobsf/windows_vm_priv_key.asc`), never a key's text."""
    return value is not None and " " not in value and value.lower().endswith(_KEY_FILE_ENDS)


def _label_key_paths(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    """A name ending in KEY (`UPTIME_SSL_KEY`, `TLS_KEY`) whose value is a path (a default or example that
    looks like one, or a use that opens it as a file) locates the key: it is not the secret itself; so does
    any secret-sounding name whose default names a key file (`VM_SECRET` = `keys/vm_priv_key.asc`). Any
    other secret-sounding name the code opens as a file (`file_get_contents(env('APP_SECRETS'))`) holds a
    path too."""
    for var in by_name.values():
        words = name_words(var.name)
        if not var.secret or not words:
            continue
        own = reads[var.name]
        if any(r.secret_hint for r in own):
            continue
        key = words[-1] in _KEY_WORDS
        if any(
            r.holds_path
            or (scope_of_read(r) != "ci" and (_key_file(r.default) or (key and looks_like_path(r.default))))
            for r in own
        ):
            var.secret = False
            var.default = _pick_default(own, var.scope)


def _label_certificate_pairs(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    """`DRONE_TLS_KEY` beside `DRONE_TLS_CERT`: a server's certificate and key, given as two files (Go's
    `ListenAndServeTLS(certFile, keyFile)`, nginx's, node's). Not when the key also comes as a file of its
    own (`TLS_KEY_FILE` beside it: then `TLS_KEY` is the key's text)."""
    for var in by_name.values():
        words = name_words(var.name)
        if not var.secret or len(words) < 2 or words[-1] != "key" or words[-2] not in _TRANSPORT_WORDS:
            continue
        if any(r.secret_hint for r in reads[var.name]) or var.name + "_FILE" in by_name:
            continue
        base = var.name[: -len("KEY")]
        if any(base + tail in by_name for tail in ("CERT", "CERTIFICATE", "CRT")):
            var.secret = False
            var.default = _pick_default(reads[var.name], var.scope)


# `X_FILE` read by a `file_env`-style helper (docker secrets): the file that holds X's value.
FILE_SOURCE = "docker-secret-file"
FILE_VARIANT = "file-variant"  # in X's sources: X can also be supplied as a file, through X_FILE


def _label_file_variants(by_name: dict[str, DiscoveredVariable], reads: dict[str, list[Read]]) -> None:
    """`X_FILE` holds the path of a file with X's value when a helper reads it as such, or when X is a secret:
    it is X's file (`file_of`), not a secret itself, and optional wherever X can be given instead (it is not
    a second required variable). X gets the `file-variant` source."""
    for var in by_name.values():
        if len(var.name) <= 5 or var.name[-5:].upper() != "_FILE":
            continue
        if var.secret:  # a path, whatever declared it: the secret is the file's content
            var.secret = False
            var.default = _pick_default(reads[var.name], var.scope)
        base = var.name[:-5]
        helper = any(r.source == FILE_SOURCE for r in reads[var.name])
        other = by_name.get(base)
        if not (helper or secret_by_name(base) or (other is not None and other.secret)):
            continue
        var.file_of = base
        if helper or other is not None:
            var.optional = True
        if other is not None and FILE_VARIANT not in other.sources:
            other.sources.append(FILE_VARIANT)
            other.sources.sort()
        if other is not None and helper and _store_key_path(name_words(base)):
            other.secret = True  # `DB_SSL_KEY` with a `DB_SSL_KEY_FILE`: the key itself, not its path


def is_env_name(name: str) -> bool:
    """A plausible environment variable name: a letter or underscore, then letters, digits, underscores (dots
    and dashes are allowed by Kubernetes and some shells, so accepted after the first character)."""
    if not name or len(name) > 256 or not (name[0].isascii() and (name[0].isalpha() or name[0] == "_")):
        return False
    return all(ch.isascii() and (ch.isalnum() or ch in "_.-") for ch in name)
