"""A config object whose leaves read the environment, merged over a defaults object with literals at the
same key paths: an unset variable keeps the literal under it (lodash's merge skips undefined), so that
literal is the read's default. Lists, expressions and empty strings are none; a merge copying undefined
(`Object.assign`, a spread) or a conversion turning undefined into a value leaves no default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_PACKAGE = '{"name": "app", "main": "server.js", "dependencies": {"express": "^4.0.0", "lodash": "^4.0.0"}}\n'
_DEFAULTS = """
    module.exports = {
      host: '0.0.0.0',
      port: 8080,
      debug: false,
      baseUrl: '',
      origins: ['localhost'],
      cacheTtl: 60 * 60,
      bucket: undefined,
      store: {
        kind: 'disk',
        s3: { region: 'eu-west-1', timeout: 30 }
      }
    }
"""
_ENV = """
    const { asBool, asInt } = require('./convert')

    module.exports = {
      host: process.env.APP_HOST,
      port: asInt(process.env.APP_PORT),
      debug: asBool(process.env.APP_DEBUG),
      baseUrl: process.env.APP_BASE_URL,
      origins: process.env.APP_ORIGINS,
      cacheTtl: asInt(process.env.APP_CACHE_TTL),
      bucket: process.env.APP_BUCKET,
      store: {
        kind: process.env['APP_STORE'],
        s3: { region: process.env.APP_S3_REGION, timeout: Number(process.env.APP_S3_TIMEOUT) }
      },
      name: process.env.APP_NAME || 'notes'
    }
"""
_CONVERT = """
    exports.asBool = function asBool (value) {
      if (value && typeof value === 'string') {
        return value === 'true'
      }
      return value
    }

    exports.asInt = function asInt (value) {
      if (value && typeof value === 'string') {
        return parseInt(value, 10)
      }
      return value
    }
"""


def test_the_env_object_merged_over_the_defaults_module_takes_its_literals(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE,
            "server.js": "const config = require('./config')\nconsole.log(config)\n",
            "config/index.js": """
                const { merge } = require('lodash')
                const fileConfig = require(process.env.APP_CONFIG_FILE || '../config.json')

                let config = require('./defaults')
                merge(config, { debug: process.env.NODE_ENV !== 'production' })
                merge(config, fileConfig)
                merge(config, require('./environment'))
                module.exports = config
            """,
            "config/defaults.js": _DEFAULTS,
            "config/environment.js": _ENV,
            "config/convert.js": _CONVERT,
        },
    )
    assert found["APP_HOST"].default == "0.0.0.0"
    assert found["APP_PORT"].default == "8080"  # through a conversion handing unset values back
    assert found["APP_STORE"].default == "disk"
    assert found["APP_S3_REGION"].default == "eu-west-1"  # a nested path
    assert found["APP_NAME"].default == "notes"  # its own fallback stays
    # the inline object merged after the defaults holds an expression at `debug`: no literal under the read
    assert found["APP_DEBUG"].default is None
    assert found["APP_BASE_URL"].default is None  # an empty string: optional, no default
    assert found["APP_BASE_URL"].optional
    assert found["APP_ORIGINS"].default is None  # a list
    assert found["APP_CACHE_TTL"].default is None  # an expression
    assert found["APP_BUCKET"].default is None  # undefined: nothing under it
    assert found["APP_S3_TIMEOUT"].default is None  # Number(undefined) is NaN: the merge copies it


def test_es_modules_merge_into_a_new_object_and_defaults_deep_reverses_the_order(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE.replace('"main"', '"type": "module", "main"'),
            "server.js": "import config from './src/config.js'\nconsole.log(config.queue)\n",
            "src/defaults.js": """
                export const queue = { concurrency: 4, name: 'jobs' }
                export default { logLevel: 'warn', queue }
            """,
            "src/config.js": """
                import merge from 'lodash/merge'
                import { defaultsDeep } from 'lodash-es'
                import defaults, { queue } from './defaults.js'

                const fromEnv = {
                  logLevel: process.env.LOG_LEVEL,
                  concurrency: process.env.QUEUE_CONCURRENCY,
                }
                const queueEnv = { name: process.env.QUEUE_NAME }

                export const queueConfig = defaultsDeep(queueEnv, queue)
                export default merge({}, defaults, fromEnv)
            """,
        },
    )
    assert found["LOG_LEVEL"].default == "warn"
    assert found["QUEUE_NAME"].default == "jobs"  # defaultsDeep: the first object wins, the later fill it
    assert found["QUEUE_CONCURRENCY"].default is None  # no `concurrency` at the top of the defaults


def test_merges_that_copy_undefined_and_envs_merged_under_give_no_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE,
            "server.js": "const c = require('./config')\nconsole.log(c)\n",
            "config.js": """
                const _ = require('lodash')
                const defaults = { host: 'localhost', port: 5432, user: 'app' }
                const env = { host: process.env.PG_HOST, port: process.env.PG_PORT }
                const overrides = { user: process.env.PG_USER }

                exports.assigned = Object.assign({}, defaults, env)  // copies undefined: no default
                exports.spread = { ...defaults, ...env }
                exports.under = _.merge({}, overrides, { user: 'admin' })  // the env object is under
            """,
        },
    )
    assert found["PG_HOST"].default is None
    assert found["PG_PORT"].default is None
    assert found["PG_USER"].default is None


def test_a_conversion_that_turns_unset_into_a_value_covers_the_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE,
            "server.js": "const c = require('./config')\nconsole.log(c)\n",
            "config.js": """
                const { merge } = require('lodash')
                function flag (value) {
                  if (value === undefined) return false
                  return value
                }
                function keep (value) {
                  return value
                }
                const base = { cache: true, workers: 2, mode: 'fast' }
                module.exports = merge({}, base, {
                  cache: flag(process.env.CACHE),
                  workers: keep(process.env.WORKERS),
                  mode: process.env.MODE === 'slow' ? 'slow' : undefined
                })
            """,
        },
    )
    assert found["CACHE"].default is None
    assert found["WORKERS"].default == "2"
    assert found["MODE"].default is None


def test_an_alias_of_the_environment_and_an_extend_merge(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE.replace('"lodash": "^4.0.0"', '"extend": "^3.0.0"'),
            "server.js": "const c = require('./config')\nconsole.log(c)\n",
            "settings/base.js": "module.exports = { mail: { port: 587, secure: false }, region: 'eu' }\n",
            "config.js": """
                const extend = require('extend')
                const { env } = process
                const local = {
                  mail: { port: env.MAIL_PORT, secure: env['MAIL_SECURE'] },
                  region: env.REGION
                }
                module.exports = extend(true, {}, require('./settings/base'), local)
                module.exports.flat = extend({}, require('./settings/base'), { mail: { port: env.FLAT } })
            """,
        },
    )
    assert found["MAIL_PORT"].default == "587"
    assert found["MAIL_SECURE"].default == "false"
    assert found["REGION"].default == "eu"
    assert found["FLAT"].default is None  # a shallow extend replaces the whole `mail` object
