"""Constructs blind round 96 met: a configuration object's bare members given a fallback where they are used,
a Python class reading names from its constructor's prefix parameter, getopts variables, folders named for
testing, switches named after a secret."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import discovered, project


def test_member_fallbacks_where_the_config_is_used(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/constant.ts": 'export const CHATGLM_BASE_URL = "https://open.bigmodel.cn";\n',
            "app/config/server.ts": """
                export const getServerSideConfig = () => ({
                  chatglmUrl: process.env.CHATGLM_URL,
                  region: process.env.APP_REGION,
                });
            """,
            "app/api/glm.ts": """
                import { CHATGLM_BASE_URL } from "../constant";
                import { getServerSideConfig } from "../config/server";
                const serverConfig = getServerSideConfig();
                let baseUrl = serverConfig.chatglmUrl || CHATGLM_BASE_URL;
                const region = serverConfig.region || computeRegion();
            """,
        },
    )
    assert found["CHATGLM_URL"].default == "https://open.bigmodel.cn"
    assert found["APP_REGION"].default is None  # falls back to something not known


def test_python_class_with_a_prefix_parameter(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/urls.py": """
                import os

                class UrlSet:
                    def __init__(self, default_port, prefix=""):
                        self.port = int(os.getenv(prefix + "PORT", default_port))
                        self.endpoint = os.environ.get(f"{prefix}ENDPOINT")

                main = UrlSet(3001)
                admin = UrlSet(3002, "ADMIN_")
            """,
        },
    )
    assert found["PORT"].default == "3001"
    assert found["ADMIN_PORT"].default == "3002"
    assert found["ADMIN_ENDPOINT"].default is None
    assert "ENDPOINT" in found


def test_getopts_letters_and_testing_folders(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "tools/ikc.sh": """
                #!/bin/bash
                while getopts "h:P:F:E:" arg; do
                    eval $arg=\\'"$OPTARG"\\'
                done
                endpoint="$E"
                predicates=${P:-"[]"}
                curl "$endpoint" -d "$predicates" -H "Authorization: $API_TOKEN"
            """,
            "skptesting/benchmark.sh": "#!/bin/sh\nbaseport=${BASEPORT:-10000}\necho $baseport\n",
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert "E" not in scopes
    assert "P" not in scopes
    assert "API_TOKEN" in scopes
    assert scopes["BASEPORT"] == "test"


def test_switches_named_after_a_secret() -> None:
    assert not secret_by_name("HIDE_USER_API_KEY")
    assert secret_by_name("USER_API_KEY")


def test_or_a_number_constant_and_a_build_package(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "backend/onyx/__init__.py": "",
            "backend/onyx/agent_configs.py": """
                import os
                AGENT_DEFAULT_HITS = 15
                AGENT_HITS = int(os.environ.get("AGENT_HITS") or AGENT_DEFAULT_HITS)
            """,
            "backend/onyx/features/__init__.py": "",
            "backend/onyx/features/build/configs.py": """
                import os
                SANDBOX_TIMEOUT = int(os.environ.get("SANDBOX_TIMEOUT", "3600"))
            """,
            "frontend/build/bundle.py": "import os\nX = os.getenv('BUNDLE_ONLY')\n",  # build output
        },
    )
    assert found["AGENT_HITS"].default == "15"
    assert found["SANDBOX_TIMEOUT"].default == "3600"
    assert "BUNDLE_ONLY" not in found


def test_an_enum_of_environment_names_and_edge_config(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "types/valid-keys.ts": """
                export enum VALID_ENV_KEYS {
                  OPENAI_API_KEY = "OPENAI_API_KEY",
                  OPENAI_ORGANIZATION_ID = "OPENAI_ORGANIZATION_ID",
                }
                export enum Colors {
                  RED = "RED",
                }
            """,
            "lib/envs.ts": "export const isSet = (k: string) => Boolean(process.env[k]);\n",
            "app/login.ts": "if (process.env.EDGE_CONFIG) { load(); }\n",
        },
    )
    assert found["OPENAI_ORGANIZATION_ID"].optional
    assert found["OPENAI_API_KEY"].secret
    assert "RED" not in found
    assert found["EDGE_CONFIG"].secret


def test_cloudflare_worker_bindings(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "apps/ota/src/env.ts": """
                export interface Env {
                  OTA_KV: KVNamespace
                  GITHUB_TOKEN: string
                  OTA_MODE: "full" | "delta"
                  OTA_CODE_SIGNING_PRIVATE_KEY?: string
                }
            """,
            "apps/ota/src/index.ts": """
                import { Hono } from "hono";
                import type { Env } from "./env";
                export const app = new Hono<{ Bindings: Env }>();
                app.get("/", (c) => c.text(c.env.OTA_MODE));
            """,
        },
    )
    assert found["GITHUB_TOKEN"].secret
    assert not found["GITHUB_TOKEN"].optional
    assert found["OTA_CODE_SIGNING_PRIVATE_KEY"].optional
    assert "OTA_MODE" in found
    assert "OTA_KV" not in found  # a KV namespace binding, no variable
