"""Defaults and names Python code builds from constants (imported from another module of the project, or a
class attribute read through `self`), a `False` fallback on a value's name, and compose's `${X:-d}` beside
code that reads the variable: what one deployment passes is not what the program falls back to."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import boolean_default

from .projects import project


def test_constant_imported_from_another_module_is_the_default(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "shop/fetchers/__init__.py": """\
                from .limits import RETRY_DEFAULT

                PAGE_HEIGHT_DEFAULT = 16000
                USER_AGENT_DEFAULT = "shop-bot/1.0"
                """,
            "shop/fetchers/limits.py": "RETRY_DEFAULT = 3\nWAIT_DEFAULT = 1\nWAIT_DEFAULT = 2\n",
            "shop/browser.py": """\
                import os

                from shop.fetchers import PAGE_HEIGHT_DEFAULT, RETRY_DEFAULT, USER_AGENT_DEFAULT
                from shop.fetchers.limits import WAIT_DEFAULT

                def fetch():
                    height = int(os.getenv("PAGE_HEIGHT", PAGE_HEIGHT_DEFAULT))
                    retries = int(os.getenv("FETCH_RETRIES", RETRY_DEFAULT))  # re-exported by the package
                    agent = os.getenv("FETCH_USER_AGENT", USER_AGENT_DEFAULT)
                    wait = int(os.getenv("FETCH_WAIT", WAIT_DEFAULT))  # assigned twice: not one value
                    return height, retries, agent, wait
                """,
        },
    )
    assert variables["PAGE_HEIGHT"].default == "16000"
    assert variables["FETCH_RETRIES"].default == "3"
    assert variables["FETCH_USER_AGENT"].default == "shop-bot/1.0"
    assert variables["FETCH_WAIT"].default is None


def test_module_number_constant_is_the_default(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "worker.py": """\
                import os

                BATCH_DEFAULT = 250

                def run():
                    return int(os.environ.get("BATCH_SIZE", BATCH_DEFAULT))
                """
        },
    )
    assert variables["BATCH_SIZE"].default == "250"


def test_names_built_from_a_class_attribute_list(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "crawler/proxy.py": """\
                import os

                class Fetcher:
                    proxy_settings = ["server", "username", "password"]
                    mirrors = {"primary": 1, "backup": 2}
                    moving = ["a"]

                    def __init__(self):
                        self.moving = ["b"]  # an instance may hold another list: not a known one

                    def proxy(self):
                        found = {}
                        for key in self.proxy_settings:
                            value = os.getenv("crawler_proxy_" + key, False)
                            if value:
                                found[key] = value.strip()
                        for name in self.mirrors:
                            found[name] = os.environ.get(f"MIRROR_{name.upper()}_URL")
                        for item in self.moving:
                            found[item] = os.getenv("MOVING_" + item)
                        return found
                """
        },
    )
    assert {"crawler_proxy_server", "crawler_proxy_username", "crawler_proxy_password"} <= set(variables)
    assert variables["crawler_proxy_password"].secret
    assert variables["crawler_proxy_server"].default is None  # a `False` address is "not set"
    assert variables["crawler_proxy_username"].default is None
    assert {"MIRROR_PRIMARY_URL", "MIRROR_BACKUP_URL"} <= set(variables)
    assert not {"MOVING_a", "MOVING_b"} & set(variables)


def test_false_fallback_on_a_value_name_means_unset(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "settings.py": """\
                import os

                STATS_BASE_API = os.environ.get("STATS_BASE_API", False)
                MONGO_DB_DATABASE = os.environ.get("MONGO_DB_DATABASE", False)
                SUBJECT_PREFIX = os.getenv("MAIL_SUBJECT_PREFIX", False)
                SEARCH_QUEUE = os.getenv("SEARCH_QUEUE", False)
                """
        },
    )
    assert variables["STATS_BASE_API"].default is None
    assert variables["MONGO_DB_DATABASE"].default is None
    assert variables["MAIL_SUBJECT_PREFIX"].default is None
    assert variables["SEARCH_QUEUE"].default == "false"  # whether to queue: a switch


def test_boolean_default_of_value_and_switch_names() -> None:
    assert boolean_default("DB_DATABASE", False) is None
    assert boolean_default("USE_DB_DATABASE", False) == "false"  # a switch by its first word
    assert boolean_default("STORE_IN_DATABASE", False) == "false"
    assert boolean_default("AUTO_CONFIRM_EMAIL", False) == "false"
    assert boolean_default("REPORT_PREFIX", True) == "true"


def test_compose_fallback_is_no_default_where_the_code_reads_the_variable(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "docker-compose.yml": """\
                x-app-env: &app-env
                  CACHE_HOST: ${CACHE_HOST:-cache}
                  STORE_SSL: ${STORE_SSL:-0}
                  SERVICE_URL: ${SERVICE_URL:-http://api:8000}
                services:
                  api:
                    build: .
                    environment:
                      <<: *app-env
                      WORKERS: ${WORKERS:-4}
                  proxy:
                    image: caddy:2
                    environment:
                      PROXY_LISTEN: ${PROXY_LISTEN:-:80}
                """,
            "app/settings.py": """\
                import os

                STORE_SSL = os.environ.get("STORE_SSL") == "1"
                CACHE_HOST = os.environ["CACHE_HOST"]
                WORKERS = int(os.environ.get("WORKERS", 2))
                """,
            "live/env.ts": """\
                import { z } from "zod";
                export const env = z.object({ SERVICE_URL: z.string().url() }).parse(process.env);
                """,
        },
    )
    assert variables["STORE_SSL"].default is None  # only compared with "1"
    assert variables["CACHE_HOST"].default is None  # required by the code
    assert variables["SERVICE_URL"].default is None  # the zod schema gives none
    assert variables["WORKERS"].default == "2"  # the code's own fallback wins over the deployment's
    assert variables["PROXY_LISTEN"].default == ":80"  # no code reads it: compose's fallback is all there is


def test_variables_the_code_clears_and_sets_itself_are_not_read(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "runners/graph.py": """\
                import os
                from os import environ

                class GraphRunner:
                    CLIENT_KEYS = ("GRAPH_BASE_URI", "GRAPH_CLIENT_SECRET")

                    def setup(self, configuration):
                        # the library reads these: the runner sets them from its own configuration
                        for key in self.CLIENT_KEYS:
                            if key in environ:
                                environ.pop(key)
                            value = configuration.get(key)
                            if value is not None:
                                environ[key] = str(value)
                                print(key, environ[key])  # reads back what it set
                        if "GRAPH_TRACE" in os.environ:
                            del os.environ["GRAPH_TRACE"]
                        if "GRAPH_DEBUG" in os.environ:  # a real test of the operator's setting
                            print("debug")
                """
        },
    )
    assert not {"GRAPH_BASE_URI", "GRAPH_CLIENT_SECRET", "GRAPH_TRACE"} & set(variables)
    assert "GRAPH_DEBUG" in variables


SWARM_DEPLOY = """\
#!/bin/bash
RELEASE_BRANCH=${RELEASE_BRANCH:-main}
deploy() {
    docker stack deploy -c stack.yml "$STACK_NAME"
    while ! docker exec "$(docker ps -q -f name=api)" true; do sleep 1; done
}
deploy
"""

PREPARE_IMAGE = """\
#!/bin/bash
OUT_DIR=${OUT_DIR:-./dist}
IMAGE_REPO=${IMAGE_REPO:-acme/shop}
mkdir -p "$OUT_DIR" && cp -r app "$OUT_DIR"
echo "now run: docker build -t $IMAGE_REPO $OUT_DIR"
"""


def test_host_deploy_and_image_build_scripts_are_not_runtime(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "deploy/swarm/stack.sh": SWARM_DEPLOY,
            "deploy/aio/build.sh": PREPARE_IMAGE,
            "deploy/aio/start.sh": '#!/bin/sh\nexec gunicorn -b "0.0.0.0:${APP_PORT:-8000}" shop.wsgi\n',
        },
    )
    assert variables["RELEASE_BRANCH"].scope == "dev"  # manages the swarm from the operator's host
    assert variables["STACK_NAME"].scope == "dev"
    assert variables["OUT_DIR"].scope == "build"  # a build script, whoever runs it
    assert variables["IMAGE_REPO"].scope == "build"
    assert variables["APP_PORT"].scope == "runtime"


def test_explicit_none_fallback_is_no_fallback(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "app/views.py": 'import os\n\nMODEL = os.environ.get("CHAT_MODEL", None)\n',
            "app/config.py": 'import os\n\nMODEL = os.environ.get("CHAT_MODEL", "small-1")\n',
            "app/other.py": 'import os\n\nTIMEOUT = os.getenv("CHAT_TIMEOUT", None)\n',
        },
    )
    assert variables["CHAT_MODEL"].default is None  # one place falls back to None, one to "small-1"
    assert variables["CHAT_TIMEOUT"].optional  # the code says what it does when unset
    assert variables["CHAT_TIMEOUT"].default is None


def test_false_fallback_of_a_value_used_only_once_set_means_unset(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "proxy.py": """\
                import os

                def settings():
                    found = {}
                    skip = os.getenv("PROXY_SKIP", False)
                    if skip:
                        found["skip"] = skip.split(",")  # a list of hosts, used only once set
                    verbose = os.getenv("PROXY_VERBOSE", False)
                    if verbose:
                        found["log"] = True  # only tested: a switch
                    return found
                """
        },
    )
    assert variables["PROXY_SKIP"].default is None
    assert variables["PROXY_VERBOSE"].default == "false"
