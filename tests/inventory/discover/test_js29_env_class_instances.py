"""An application's own environment class read through its instances (`env.get('X', true) || 'info'`), a CI
compose file, and Yarn's generated loader."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_ABSTRACT = """
export abstract class AbstractEnv {
  protected env?: { [key: string]: string } = {}

  abstract load(): void

  get(key: string, optional = false): string {
    if (!process.env[key] && !optional) {
      throw new Error(`Environment variable ${key} not set`)
    }
    return <string>process.env[key]
  }
}
"""

_ENV = """
import { AbstractEnv } from '@shop/domain-core'

export class Env extends AbstractEnv {
  load(): void {}
}
"""

_CONTAINER = """
import { Env } from './Env'

export class Container {
  async load(): Promise<void> {
    const env: Env = new Env()
    const level = env.get('SHOP_LOG_LEVEL', true) || 'info'
    const port = env.get('SHOP_GRPC_PORT', true) ? +env.get('SHOP_GRPC_PORT', true) : 50051
    const secret = env.get('SHOP_AUTH_JWT_SECRET')
    const cache = new Map<string, string>()
    cache.get('SHOP_NOT_AN_ENV_READ')
  }
}
"""

_DATA_SOURCE = """
import { Env } from './Env'

export class AppDataSource {
  constructor(private configuration: { env: Env }) {}

  get type(): string {
    return this.configuration.env.get('SHOP_DB_TYPE') === 'mysql' ? 'mysql' : 'sqlite'
  }
}
"""


def test_instance_calls_of_an_environment_class(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/domain-core/src/AbstractEnv.ts": _ABSTRACT,
            "packages/auth/src/Bootstrap/Env.ts": _ENV,
            "packages/auth/src/Bootstrap/Container.ts": _CONTAINER,
            "packages/auth/src/Bootstrap/DataSource.ts": _DATA_SOURCE,
            "docker-compose.ci.yml": "services:\n  mock:\n    image: shop/mock\n    environment:\n"
            "      SHOP_MOCK_DISABLE_SSL: 'true'\n",
            ".pnp.cjs": "module.exports = process.env.PNP_DEBUG_LEVEL\n",
        },
    )
    assert found["SHOP_LOG_LEVEL"].default == "info"
    assert found["SHOP_GRPC_PORT"].default == "50051"
    assert found["SHOP_AUTH_JWT_SECRET"].optional is False  # `get` throws when unset
    assert found["SHOP_AUTH_JWT_SECRET"].secret is True
    assert found["SHOP_DB_TYPE"].optional is False
    assert "SHOP_NOT_AN_ENV_READ" not in found  # a Map, not an environment class
    assert found["SHOP_MOCK_DISABLE_SSL"].scope == "ci"
    assert "PNP_DEBUG_LEVEL" not in found
