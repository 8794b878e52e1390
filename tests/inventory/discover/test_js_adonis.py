"""AdonisJS's Env provider: `Env.get('X', fallback)` in config files, and the `Env.rules({...})` /
`Env.create(..., {...})` validation schema; labels of switches named after key material or passwords."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project

_ENV_TS = """
import Env from '@ioc:Adonis/Core/Env'

export default Env.rules({
  HOST: Env.schema.string({ format: 'host' }),
  PORT: Env.schema.number(),
  APP_KEY: Env.schema.string(),
  DB_DEBUG: Env.schema.boolean.optional(),
})
"""

_DATABASE_TS = """
import Env from '@ioc:Adonis/Core/Env'

const SQLITE_BUSY_TIMEOUT_DEFAULT = 5000;

const databaseConfig = {
  connection: Env.get('DB_CONNECTION', 'sqlite'),
  debug: Env.get('DB_DEBUG', false),
  busyTimeout: Env.get('DB_BUSY_TIMEOUT', SQLITE_BUSY_TIMEOUT_DEFAULT.toString()),
  ca: Env.get('DB_CA_CERT'),
  jwtKey: Env.get('JWT_PRIVATE_KEY', '').replaceAll('\\\\n', '\\n'),
}

export default databaseConfig
"""

_V6 = """
import env from '#start/env'

export default { level: env.get('LOG_LEVEL', 'info') }
"""


def test_adonis_env_reads_and_schema(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "server", "scripts": {"start": "node build/server.js"}}',
            "env.ts": _ENV_TS,
            "config/database.ts": _DATABASE_TS,
            "config/logger.ts": _V6,
        },
    )
    assert found["HOST"].optional is False
    assert found["APP_KEY"].secret is True
    assert found["DB_CONNECTION"].default == "sqlite"
    assert found["DB_DEBUG"].default == "false"
    assert found["DB_BUSY_TIMEOUT"].default == "5000"
    assert found["DB_CA_CERT"].scope == "runtime"
    assert found["JWT_PRIVATE_KEY"].secret is True
    assert found["LOG_LEVEL"].default == "info"


def test_a_files_own_get_method_is_no_adonis_read(tmp_path: Path) -> None:
    text = "import Map from './map'\nconst x = Map.get('NOT_A_VARIABLE', 1)\n"
    found = project(tmp_path, {"package.json": '{"name": "app"}', "src/a.ts": text})
    assert "NOT_A_VARIABLE" not in found


def test_switches_named_after_key_material_or_passwords() -> None:
    assert secret_by_name("JWT_USE_PEM") is False
    assert secret_by_name("DATABASE_PASSWORD_EMPTY") is False
    assert secret_by_name("GITHUB_PEM") is True
