"""JavaScript/TypeScript env classes and wrappers: a Proxy over process.env whose get trap also reads
`${name}_FILE` (docker secrets), fallbacks after an app's conversion helpers (`this.toOptionalNumber(env.X)
?? 10`), a default given where an env class's property is used, `@Public` fields, and `process.env` in a
browser bundle's source (build-time)."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import DiscoveredVariable
from tests.inventory.discover.projects import discovered, project

# server/utils/environment.ts: the environment, with `NAME_FILE` read when NAME is unset.
ENVIRONMENT_MODULE = """
    import fs from "node:fs";

    export function withFileSecrets(
      env: Record<string, string | undefined>
    ): Record<string, string | undefined> {
      return new Proxy(env, {
        get(target, prop, receiver) {
          if (typeof prop !== "string" || prop.endsWith("_FILE")) {
            return Reflect.get(target, prop, receiver);
          }
          const value = target[prop];
          if (value !== undefined) {
            return value;
          }
          const filePath = target[`${prop}_FILE`];
          return filePath ? fs.readFileSync(filePath, "utf8").trim() : undefined;
        },
      });
    }

    export default withFileSecrets(process.env);
"""

ENV_CLASS = """
    import { IsOptional } from "class-validator";
    import environment from "./utils/environment";
    import { Public } from "./utils/decorators/Public";

    export class Environment {
      public SECRET_KEY = environment.SECRET_KEY ?? "";

      @Public
      @IsOptional()
      public MAPS_APP_KEY = this.toOptionalString(environment.MAPS_APP_KEY);

      public WORKER_CONCURRENCY =
        this.toOptionalNumber(environment.WORKER_CONCURRENCY) ?? 10;

      public STORAGE = this.toOptionalString(environment.STORAGE_DRIVER) ?? "local";

      public UPLOAD_MAX_SIZE =
        this.toOptionalNumber(environment.UPLOAD_MAX_SIZE) ??
        this.toOptionalNumber(environment.LEGACY_UPLOAD_MAX_SIZE) ??
        1000000;

      public DATABASE_POOL_MAX = this.toOptionalNumber(environment.DATABASE_POOL_MAX);

      public DATABASE_READ_ONLY_URL =
        environment.DATABASE_READ_ONLY_URL ?? environment.DATABASE_URL_READ_ONLY;

      protected toOptionalString(value: string | undefined) {
        return value ? value : undefined;
      }

      protected toOptionalNumber(value: string | undefined) {
        return value ? parseInt(value, 10) : undefined;
      }
    }

    export default new Environment();
"""

DATABASE = """
    import env from "@server/env";

    const poolMax = env.DATABASE_POOL_MAX ?? 5;
    export const pool = { max: poolMax };
"""


def _app(tmp_path: Path) -> dict[str, DiscoveredVariable]:
    return dict(
        project(
            tmp_path,
            {
                "server/utils/environment.ts": ENVIRONMENT_MODULE,
                "server/env.ts": ENV_CLASS,
                "server/storage/database.ts": DATABASE,
                # another module named env.ts: `@server/env` is still server/env.ts
                "plugins/maps/server/env.ts": """
                    import environment from "@server/utils/environment";
                    export class MapsEnvironment {
                      public MAPS_REGION = environment.MAPS_REGION;
                    }
                    export default new MapsEnvironment();
                """,
            },
        )
    )


def test_a_proxy_reading_name_file_makes_every_name_read_through_it_a_file_variant(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "server/utils/environment.ts": ENVIRONMENT_MODULE,
            "server/env.ts": ENV_CLASS,
            "server/storage/database.ts": DATABASE,
        },
    )
    secret_file = found["SECRET_KEY_FILE"]
    assert (secret_file.file_of, secret_file.optional, secret_file.secret) == ("SECRET_KEY", True, False)
    assert secret_file.sources == ["docker-secret-file"]
    assert "file-variant" in found["SECRET_KEY"].sources
    assert found["SECRET_KEY"].secret
    for name in ("WORKER_CONCURRENCY", "STORAGE_DRIVER", "DATABASE_URL_READ_ONLY", "DATABASE_POOL_MAX"):
        assert found[f"{name}_FILE"].file_of == name
    assert not any(n.endswith("_FILE_FILE") for n in found)


def test_an_inline_proxy_with_a_named_handler_and_a_local_file_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/config.js": """
                const fs = require("fs");
                const handler = {
                  get: function (target, name) {
                    const fileVar = name + "_FILE";
                    if (target[name] === undefined && target[fileVar]) {
                      return fs.readFileSync(target[fileVar], "utf8");
                    }
                    return target[name];
                  },
                };
                const env = new Proxy(process.env, handler);
                const plain = new Proxy(process.env, { get: (t, p) => t[p] });
                module.exports = { token: env.API_TOKEN, region: plain.REGION };
            """,
        },
    )
    assert found["API_TOKEN_FILE"].file_of == "API_TOKEN"
    assert "REGION" in found
    assert "REGION_FILE" not in found  # this trap reads nothing else


def test_a_literal_after_a_conversion_helper_is_the_default(tmp_path: Path) -> None:
    found = _app(tmp_path)
    assert found["WORKER_CONCURRENCY"].default == "10"
    assert found["STORAGE_DRIVER"].default == "local"
    # the first of a chain falls back to another variable: no single default
    assert found["UPLOAD_MAX_SIZE"].default is None
    assert found["LEGACY_UPLOAD_MAX_SIZE"].default == "1000000"
    assert found["SECRET_KEY"].default is None


def test_a_default_where_an_env_class_property_is_used(tmp_path: Path) -> None:
    found = _app(tmp_path)
    pool = found["DATABASE_POOL_MAX"]
    assert pool.default == "5"
    assert "server/storage/database.ts:3" in pool.locations


def test_a_public_field_is_not_a_secret_and_both_names_of_a_url_alias_are(tmp_path: Path) -> None:
    found = _app(tmp_path)
    maps = found["MAPS_APP_KEY"]
    assert (maps.secret, maps.public) == (False, True)
    assert found["DATABASE_READ_ONLY_URL"].secret
    assert found["DATABASE_URL_READ_ONLY"].secret


def test_process_env_in_a_browser_bundle_is_build_time(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "ui/package.json": """
                {"name": "ui", "private": true,
                 "dependencies": {"react": "^18.0.0", "react-admin": "^4.0.0"},
                 "devDependencies": {"vite": "^5.0.0"}}
            """,
            "ui/src/store/createStore.js": """
                const devTools = process.env.NODE_ENV === "development" && window.__REDUX_DEVTOOLS__;
                export const api = import.meta.env.VITE_API_URL;
            """,
            # a server that also builds its frontend with Vite: its process.env is the server's
            "package.json": """
                {"name": "app", "dependencies": {"koa": "^2.0.0"}, "devDependencies": {"vite": "^5.0.0"}}
            """,
            "server/index.ts": "export const port = process.env.PORT || 3000;\n",
            # beside the bundle's package.json: a tool's config, placed by its own rule
            "ui/.eslintrc.js": """
                module.exports = { rules: { "no-console": process.env.LINT_STRICT ? "error" : "off" } };
            """,
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes["NODE_ENV"] == "build"
    assert scopes["VITE_API_URL"] == "build"  # Vite inlines import.meta.env while it builds
    assert scopes["PORT"] == "runtime"
    assert scopes["LINT_STRICT"] == "dev"


def test_a_key_given_to_an_option_taking_a_file_is_a_path(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/server.js": """
                const env = process.env;
                const tlsOptions = { keyFile: process.env.APP_TLS_KEY, certFile: process.env.APP_TLS_CERT };
                const mongo = { tlsCertificateKeyFile: env.MONGO_CLIENT_KEY };
                const https = { key: process.env.HTTPS_KEY };
                module.exports = { tlsOptions, mongo, https };
            """,
        },
    )
    assert not found["APP_TLS_KEY"].secret
    assert not found["MONGO_CLIENT_KEY"].secret
    assert found["HTTPS_KEY"].secret  # Node's `key` option takes the key itself
