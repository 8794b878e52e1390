"""JavaScript defaults given around the read: a local's preset value that the variable replaces only when
it is set, and a conversion helper that returns its second argument when the first is unusable."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

LIMITER = """
class RateLimiterFactory {
  static DEFAULT_MAX = 40

  getLimiter() {
    let max = RateLimiterFactory.DEFAULT_MAX
    if (parseInt(process.env.SHOP_RATE_MAX) > 0) {
      max = parseInt(process.env.SHOP_RATE_MAX)
    }
    let message = 'Too many requests'
    if (process.env.SHOP_RATE_MESSAGE) {
      message = process.env.SHOP_RATE_MESSAGE
    }
    let mode = 'strict'
    mode = process.env.SHOP_RATE_MODE
    return { max, message, mode }
  }
}
module.exports = RateLimiterFactory
"""


def test_preset_replaced_only_when_set_is_the_default(tmp_path: Path) -> None:
    found = project(tmp_path, {"server/limiter.js": LIMITER})
    assert found["SHOP_RATE_MESSAGE"].default == "Too many requests"
    assert found["SHOP_RATE_MAX"].default == "40"  # the class's static constant
    assert found["SHOP_RATE_MODE"].default is None  # overwritten unconditionally: no fallback


def test_an_unset_test_with_an_app_conversion_of_the_value(tmp_path: Path) -> None:
    config = """
const toBool = (v) => /^(1|true|yes|on)$/i.test((v || '').trim());
const reject = process.env.SHOP_SSL_REJECT === undefined ? true : toBool(process.env.SHOP_SSL_REJECT);
module.exports = { reject };
"""
    found = project(tmp_path, {"lib/config.js": config})
    assert found["SHOP_SSL_REJECT"].default == "true"


_SERVER = """
const { toNumber, toArrayConfig } = require('./utils')

class Server {
  init() {
    global.DownloadTimeout = toNumber(process.env.SHOP_DOWNLOAD_TIMEOUT, 30000)
    global.Aliases = toArrayConfig(process.env.SHOP_ALIASES, ',')
    global.Workers = parseInt(process.env.SHOP_WORKERS, 10)
  }
}
module.exports = Server
"""

_UTILS = """
module.exports.toNumber = (val, fallback = 0) => {
  if (isNaN(val) || val === null) return fallback
  return Number(val)
}

module.exports.toArrayConfig = (value, separator = ',') => {
  if (!value) return undefined
  return value.split(separator).map((s) => s.trim())
}
"""


def test_a_value_or_fallback_helper_gives_its_second_argument(tmp_path: Path) -> None:
    found = project(tmp_path, {"server/Server.js": _SERVER, "server/utils.js": _UTILS})
    assert found["SHOP_DOWNLOAD_TIMEOUT"].default == "30000"
    assert found["SHOP_ALIASES"].default is None  # a separator, not a fallback
    assert found["SHOP_WORKERS"].default is None  # parseInt's second argument is a radix


def test_a_helper_returning_a_local_computed_from_the_value(tmp_path: Path) -> None:
    helpers = """
export function parseEnvVarNumber(envVar: string | undefined, defaultVal: number): number {
    if (!envVar) {
        return defaultVal;
    }
    const parsed = Number.parseInt(envVar, 10);
    if (Number.isNaN(parsed)) {
        return defaultVal;
    }
    return parsed;
}

export function parseEnvVarBoolean(envVar: string | undefined, defaultVal: boolean): boolean {
    if (envVar) {
        return envVar === 'true' || envVar === '1';
    }
    return defaultVal;
}
"""
    config = """
import { parseEnvVarBoolean, parseEnvVarNumber } from './util/parseEnvVar';

const defaultDaysInactive = 180;
export const config = {
    dbPort: parseEnvVarNumber(process.env.SHOP_DATABASE_PORT, 5432),
    inactiveDays: parseEnvVarNumber(process.env.SHOP_INACTIVITY_DAYS, defaultDaysInactive),
    secureToken: parseEnvVarBoolean(process.env.SHOP_EXPERIMENTAL_SECURE_TOKEN, false),
};
"""
    found = project(tmp_path, {"src/lib/util/parseEnvVar.ts": helpers, "src/lib/create-config.ts": config})
    assert found["SHOP_DATABASE_PORT"].default == "5432"
    assert found["SHOP_INACTIVITY_DAYS"].default == "180"  # a constant of the file
    assert found["SHOP_EXPERIMENTAL_SECURE_TOKEN"].secret is False  # parsed as a boolean: a switch
    assert found["SHOP_EXPERIMENTAL_SECURE_TOKEN"].default == "false"
