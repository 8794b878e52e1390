"""Named constants as defaults, imported from another module: through a tsconfig `paths` alias (an Nx
workspace's root `tsconfig.base.json` that each project's tsconfig extends) or a relative path, in an envalid
option (`port({ default: DEFAULT_PORT })`), zod's `.default(X)`, a fallback on the constant's text
(`?? DEFAULT_X.toString()`, `String(X)`, `` `${X}` ``) and a NestJS ConfigService fallback
(`config.get("PORT") || DEFAULT_PORT`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_BASE_TSCONFIG = """
    {
      // shared by every project of the workspace
      "compilerOptions": {
        "rootDir": ".",
        "paths": {
          "@shop/server/*": ["./apps/server/src/*"],
          "@shop/shared/*": ["./libs/shared/src/lib/*"],
        },
      },
      "exclude": ["node_modules", "tmp"]
    }
"""

_APP_TSCONFIG = """
    {
      "extends": "../../tsconfig.base.json",
      "files": [],
      "references": [{ "path": "./tsconfig.app.json" }]
    }
"""

_DEFAULTS = """
    import ms from 'ms';

    export const DEFAULT_HOST = '0.0.0.0';
    export const DEFAULT_PORT = 8080;
    export const DEFAULT_WORKERS = 2;
    export const DEFAULT_TIMEOUT = ms('30 seconds');
"""


def _workspace(files: dict[str, str]) -> dict[str, str]:
    return {
        "tsconfig.base.json": _BASE_TSCONFIG,
        "apps/server/tsconfig.json": _APP_TSCONFIG,
        "libs/shared/tsconfig.json": '{ "extends": "../../tsconfig.base.json" }\n',
        "libs/shared/src/lib/defaults.ts": _DEFAULTS,
        **files,
    }


def test_envalid_default_naming_a_constant_imported_through_a_tsconfig_alias(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        _workspace(
            {
                "apps/server/src/config.ts": """
                    import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT } from '@shop/shared/defaults';
                    import { cleanEnv, host, num, port, str } from 'envalid';

                    export const config = cleanEnv(process.env, {
                      HOST: host({ default: DEFAULT_HOST }),
                      PORT: port({ default: DEFAULT_PORT }),
                      REQUEST_TIMEOUT: num({ default: DEFAULT_TIMEOUT }),
                      SHOP_NAME: str({ default: 'shop' }),
                    });
                """,
            }
        ),
    )
    assert found["HOST"].default == "0.0.0.0"
    assert found["PORT"].default == "8080"
    assert found["REQUEST_TIMEOUT"].default is None  # `ms(...)`: an expression, no literal
    assert found["REQUEST_TIMEOUT"].optional
    assert found["SHOP_NAME"].default == "shop"


def test_fallbacks_on_a_constants_text(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        _workspace(
            {
                "apps/server/src/queue/worker.ts": """
                    import { DEFAULT_PORT, DEFAULT_WORKERS } from '@shop/shared/defaults';
                    import { DEFAULT_HOST } from '../../../../libs/shared/src/lib/defaults';

                    const LOCAL_RETRIES = 5;

                    export const options = {
                      concurrency: parseInt(
                        process.env.QUEUE_WORKERS ?? DEFAULT_WORKERS.toString(),
                        10
                      ),
                      host: process.env.QUEUE_HOST ?? `${DEFAULT_HOST}`,
                      port: process.env.QUEUE_PORT || String(DEFAULT_PORT),
                      retries: process.env.QUEUE_RETRIES ?? LOCAL_RETRIES.toString(),
                      name: process.env.QUEUE_NAME ?? `queue-${DEFAULT_HOST}`,
                    };
                """,
            }
        ),
    )
    assert found["QUEUE_WORKERS"].default == "2"
    assert found["QUEUE_HOST"].default == "0.0.0.0"
    assert found["QUEUE_PORT"].default == "8080"
    assert found["QUEUE_RETRIES"].default == "5"
    assert found["QUEUE_NAME"].default is None  # text around the constant: not its literal
    assert found["QUEUE_NAME"].optional


def test_nest_config_service_fallback_naming_a_constant(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        _workspace(
            {
                "apps/server/src/main.ts": """
                    import { DEFAULT_HOST, DEFAULT_PORT } from '@shop/shared/defaults';
                    import { ConfigService } from '@nestjs/config';
                    import { NestFactory } from '@nestjs/core';

                    import { AppModule } from './app/app.module';

                    const DEFAULT_PREFIX = 'api';
                    const LOCAL_RETRIES = 3;

                    async function bootstrap() {
                      const app = await NestFactory.create(AppModule);
                      const configService = app.get<ConfigService>(ConfigService);
                      app.setGlobalPrefix(configService.get<string>('API_PREFIX') || DEFAULT_PREFIX);
                      const host = configService.get<string>('HOST') || DEFAULT_HOST;
                      const port = configService.get<number>('PORT') || DEFAULT_PORT;
                      const origin = configService.get('CORS_ORIGIN', `http://${DEFAULT_HOST}`);
                      const bind = configService.get<string>('BIND_ADDRESS', DEFAULT_HOST);
                      const retries = configService.get('CONNECT_RETRIES', String(LOCAL_RETRIES));
                      await app.listen(port, host);
                    }

                    bootstrap();
                """,
            }
        ),
    )
    assert (found["API_PREFIX"].optional, found["API_PREFIX"].default) == (True, "api")
    assert (found["HOST"].optional, found["HOST"].default) == (True, "0.0.0.0")
    assert (found["PORT"].optional, found["PORT"].default) == (True, "8080")
    assert (found["BIND_ADDRESS"].optional, found["BIND_ADDRESS"].default) == (True, "0.0.0.0")
    assert (found["CONNECT_RETRIES"].optional, found["CONNECT_RETRIES"].default) == (True, "3")
    assert (found["CORS_ORIGIN"].optional, found["CORS_ORIGIN"].default) == (True, None)  # built around it


def test_zod_default_naming_a_constant(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        _workspace(
            {
                "apps/server/src/env.ts": """
                    import { z } from 'zod';
                    import { DEFAULT_PORT } from '@shop/shared/defaults';

                    const DEFAULT_LOG_LEVEL = 'info';

                    export const env = z
                      .object({
                        PORT: z.coerce.number().default(DEFAULT_PORT),
                        LOG_LEVEL: z.string().default(DEFAULT_LOG_LEVEL),
                      })
                      .parse(process.env);
                """,
            }
        ),
    )
    assert found["PORT"].default == "8080"
    assert found["LOG_LEVEL"].default == "info"


def test_the_tsconfig_alias_wins_over_a_file_of_the_same_tail(tmp_path: Path) -> None:
    """`@shop/shared/defaults` is libs/shared/src/lib/defaults.ts by the workspace's paths, not the other
    project's `defaults.ts` whose path happens to end the same way."""
    found = project(
        tmp_path,
        _workspace(
            {
                "apps/admin/shared/defaults.ts": "export const DEFAULT_PORT = 9999;\n",
                "apps/server/src/listen.ts": """
                    import { DEFAULT_PORT } from '@shop/shared/defaults';

                    export const port = process.env.PORT ?? DEFAULT_PORT;
                """,
            }
        ),
    )
    assert found["PORT"].default == "8080"


def test_base_url_and_a_solution_config_of_references(tmp_path: Path) -> None:
    """A project's tsconfig.json holding only `references`: its app config's aliases serve, relative to its
    `baseUrl`."""
    found = project(
        tmp_path,
        {
            "web/tsconfig.json": '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }] }\n',
            "web/tsconfig.app.json": """
                {
                  "compilerOptions": {
                    "baseUrl": "./src",
                    /* one alias for the app's settings */
                    "paths": { "#settings": ["settings/defaults.ts"] }
                  }
                }
            """,
            "web/src/settings/defaults.ts": "export const DEFAULT_ORIGIN = 'http://localhost:4200';\n",
            "web/src/server.ts": """
                import { DEFAULT_ORIGIN } from '#settings';

                export const origin = process.env.PUBLIC_ORIGIN || DEFAULT_ORIGIN;
            """,
        },
    )
    assert found["PUBLIC_ORIGIN"].default == "http://localhost:4200"


def test_constants_re_exported_by_a_barrel_typed_or_as_const(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "tsconfig.json": """
                {
                  "compilerOptions": {
                    "baseUrl": ".",
                    "paths": { "@acme/common": ["libs/common/src/index.ts"] }
                  }
                }
            """,
            "libs/common/src/index.ts": """
                export * from './lib/limits';
                export { LEGACY_TIMEOUT as REQUEST_TIMEOUT, LEGACY_REGION } from './lib/legacy';
                export * as helpers from './lib/helpers';
            """,
            "libs/common/src/lib/limits.ts": """
                export const MAX_UPLOAD_MB: number = 25;
                export const DEFAULT_LOCALE = 'en-US' as const;
                export const SECURE_COOKIES = false;
            """,
            "libs/common/src/lib/legacy.ts": """
                export const LEGACY_TIMEOUT = 30000;
                export const LEGACY_REGION: Region = 'eu-west-1';
            """,
            "libs/common/src/lib/helpers.ts": "export const MAX_UPLOAD_MB = 99;\n",
            "server/limits.ts": """
                import {
                  DEFAULT_LOCALE,
                  LEGACY_REGION,
                  MAX_UPLOAD_MB,
                  REQUEST_TIMEOUT,
                  SECURE_COOKIES,
                } from '@acme/common';

                export const limits = {
                  uploadMb: Number(process.env.MAX_UPLOAD_MB ?? MAX_UPLOAD_MB),
                  locale: process.env.LOCALE || DEFAULT_LOCALE,
                  timeout: process.env.REQUEST_TIMEOUT_MS ?? REQUEST_TIMEOUT.toString(),
                  region: process.env.STORAGE_REGION ?? LEGACY_REGION,
                  secureCookies: process.env.SECURE_COOKIES ?? String(SECURE_COOKIES),
                };
            """,
        },
    )
    assert found["MAX_UPLOAD_MB"].default == "25"
    assert found["LOCALE"].default == "en-US"
    assert found["REQUEST_TIMEOUT_MS"].default == "30000"
    assert found["STORAGE_REGION"].default == "eu-west-1"
    assert found["SECURE_COOKIES"].default == "false"
