"""NestJS `@nestjs/config`: `configService.get("X")` reads the environment variable X; dotted or lowercase
keys are config namespaces; `get("X", d)` and `get("X") || d` give the default."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.nest_config import nest_config_reads

_MAIN = """
    import { NestFactory } from '@nestjs/core';
    import { ConfigService } from '@nestjs/config';
    import { AppModule } from './app.module';

    async function bootstrap() {
      const app = await NestFactory.create(AppModule);
      const configService = app.get(ConfigService);
      const isProduction = configService.get('PRODUCTION') === 'true';
      app.enableCors({ origin: configService.get('WHITELISTED_ORIGINS').split(',') });
      if (configService.get('TRUST_PROXY') === 'true') app.set('trust proxy', true);
      await app.listen(configService.get('PORT') || 3170);
    }
    bootstrap();
"""

_SERVICE = """
    import { Injectable } from '@nestjs/common';
    import { ConfigService } from '@nestjs/config';

    @Injectable()
    export class MailerService {
      constructor(private readonly config: ConfigService<AppConfig>) {}

      from(): string {
        return this.config.get<string>('MAIL_FROM', 'noreply@example.com');
      }
      secret(): string {
        return this.config.getOrThrow('MAIL_PASSWORD');
      }
      infra(): string {
        return this.config.get('INFRA.JWT_SECRET') + this.config.get('database');
      }
      other(cache: Map<string, string>): string | undefined {
        return cache.get('NOT_AN_ENV_READ');
      }
    }
"""


def test_config_service_gets_are_reads() -> None:
    reads = {
        r.name: (r.optional, r.default) for r in nest_config_reads(textwrap.dedent(_MAIN), "src/main.ts")
    }
    assert reads == {
        "PRODUCTION": (False, None),
        "WHITELISTED_ORIGINS": (False, None),
        "TRUST_PROXY": (False, None),
        "PORT": (True, "3170"),
    }
    reads = {r.name: (r.optional, r.default) for r in nest_config_reads(textwrap.dedent(_SERVICE), "mail.ts")}
    assert reads == {"MAIL_FROM": (True, "noreply@example.com"), "MAIL_PASSWORD": (False, None)}


def test_a_file_without_the_service_is_not_read() -> None:
    code = "const cache = new Map(); export const v = cache.get('PORT');\n"
    assert nest_config_reads(code, "src/cache.ts") == []
    angular = """
        import { Injectable } from '@angular/core';
        import { ConfigService } from './config.service';

        @Injectable()
        export class Api {
          constructor(private configService: ConfigService) {}
          url(): string { return this.configService.get('API_URL'); }
        }
    """
    assert nest_config_reads(textwrap.dedent(angular), "src/app/api.ts") == []


def test_the_code_default_wins_over_the_images(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/main.ts").write_text(textwrap.dedent(_MAIN))
    (tmp_path / "Dockerfile").write_text('FROM node:20\nENV PORT=8080\nCMD ["node", "dist/main.js"]\n')
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["PORT"].scope == "runtime"
    assert found["PORT"].default == "3170"
    assert not found["WHITELISTED_ORIGINS"].optional


def test_definite_optional_and_injected_service_fields() -> None:
    code = """
        import { Inject, Injectable } from '@nestjs/common';
        import { ConfigService } from '@nestjs/config';

        @Injectable()
        export class QuotaGuard {
          @Inject(ConfigService) private readonly config!: ConfigService;
          @Inject(ConfigService) protected settings;
          private fallback?: ConfigService;

          limit(): number { return this.config.get<number>('QUOTA_LIMIT') ?? 250; }
          window(): number { return this.settings.get('QUOTA_WINDOW_SECONDS') ?? 60; }
          burst(): number { return this.fallback?.get('QUOTA_BURST') || 10; }
        }
    """
    reads = {r.name: (r.optional, r.default) for r in nest_config_reads(textwrap.dedent(code), "quota.ts")}
    assert reads == {
        "QUOTA_LIMIT": (True, "250"),
        "QUOTA_WINDOW_SECONDS": (True, "60"),
        "QUOTA_BURST": (True, "10"),
    }


_ENV_CLASS = """
    export class Env {
      static readonly CLIENT_HOST = "CLIENT_HOST";
      static readonly BILLING_API_KEY = "BILLING_API_KEY";
    }
"""

_KEYED_SERVICE = """
    import { Injectable } from '@nestjs/common';
    import { ConfigService } from '@nestjs/config';
    import { Env } from '../env';

    const SENDGRID_API_KEY_VAR = 'SENDGRID_API_KEY';

    @Injectable()
    export class BillingService {
      constructor(private readonly configService: ConfigService) {}

      host(): string {
        return this.configService.get(Env.CLIENT_HOST, 'http://localhost:3001');
      }

      key(): string {
        return this.configService.get<string>(Env.BILLING_API_KEY);
      }

      mail(): string {
        return this.configService.get(SENDGRID_API_KEY_VAR);
      }
    }
"""


def test_keys_named_by_constants_and_static_members(tmp_path: Path) -> None:
    (tmp_path / "src" / "billing").mkdir(parents=True)
    (tmp_path / "src" / "env.ts").write_text(textwrap.dedent(_ENV_CLASS))
    (tmp_path / "src" / "billing" / "billing.service.ts").write_text(textwrap.dedent(_KEYED_SERVICE))
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["CLIENT_HOST"].default == "http://localhost:3001"
    assert found["BILLING_API_KEY"].secret
    assert "SENDGRID_API_KEY" in found
    assert "IMPORTED_KEY" not in found
