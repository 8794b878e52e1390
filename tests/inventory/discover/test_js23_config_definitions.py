"""Configuration definitions whose leaves name their variable: convict's `convict({...})` and figue's
`defineConfig(definition, { envSource: process.env })`, with leaves `{ doc, format|schema, default, env }`
spread over modules the root imports, names from constants, lists of names and templates over a literal
table (`mapValues(PROVIDERS, (p) => ({ env: `${p.prefix}_API_KEY` }))`). Outside a library's call only
unmistakable leaves (doc + default + env) count: another object with an `env` key never does."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_NODE = (
    '{"name": "api", "main": "src/server.js", "dependencies": {"express": "^4.0.0", "convict": "^6.0.0"}}\n'
)
_TS = (
    '{"name": "api", "type": "module", "main": "dist/index.js",'
    ' "dependencies": {"hono": "^4.0.0", "figue": "^2.0.0"}}\n'
)


def test_convict_schema_leaves_are_reads_with_their_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _NODE,
            "src/server.js": "const config = require('./config')\nconsole.log(config.get('port'))\n",
            "src/config.js": """
                const convict = require('convict')
                const { LOG_ENV } = require('./names')
                const DEFAULT_REGION = 'eu-west-3'

                const config = convict({
                  env: {
                    doc: 'The application environment.',
                    format: ['production', 'development', 'test'],
                    default: 'development',
                    env: 'NODE_ENV'
                  },
                  port: { doc: 'Port to bind.', format: 'port', default: 8080, env: 'PORT', arg: 'port' },
                  db: {
                    host: { doc: 'Database host', format: String, default: 'localhost', env: 'DB_HOST' },
                    password: {
                      doc: 'Database password', format: String, default: '', env: 'DB_PASS', sensitive: true
                    },
                    pool: { doc: 'Pool size', format: 'nat', default: 2 * 5, env: 'DB_POOL' },
                    hosts: { doc: 'Replicas', format: Array, default: ['a', 'b'], env: 'DB_REPLICAS' }
                  },
                  region: { doc: 'Bucket region', format: String, default: DEFAULT_REGION, env: 'S3_REGION' },
                  logLevel: { doc: 'Log level', format: String, default: 'info', env: LOG_ENV },
                  tracing: { doc: 'Tracing', format: Boolean, default: null, env: 'TRACING_TOKEN_ENABLED' },
                  apiKey: {
                    doc: 'Upstream key',
                    format: String,
                    default: null,
                    env: ['UPSTREAM_API_KEY', 'LEGACY_UPSTREAM_KEY']
                  }
                })
                config.validate({ allowed: 'strict' })
                module.exports = config
            """,
            "src/names.js": "exports.LOG_ENV = 'LOG_LEVEL'\n",
            "src/jobs.js": """
                // Another object with `env` and `default` keys: not a definition
                const matrix = [
                  { env: 'STAGING_ONLY', default: true },
                  { env: 'PRODUCTION_ONLY', default: false },
                ]
                module.exports = matrix
            """,
        },
    )
    assert found["PORT"].default == "8080"
    assert found["NODE_ENV"].default == "development"
    assert found["DB_HOST"].default == "localhost"
    assert found["DB_PASS"].secret
    assert found["DB_POOL"].default is None  # an expression
    assert found["DB_REPLICAS"].default is None  # a list
    assert found["S3_REGION"].default == "eu-west-3"  # a constant of the module
    assert found["LOG_LEVEL"].default == "info"  # the name from another module's constant
    assert not found["TRACING_TOKEN_ENABLED"].secret  # a Boolean format: a switch, whatever its words
    assert found["UPSTREAM_API_KEY"].secret
    assert "LEGACY_UPSTREAM_KEY" in found  # each name of the list
    assert found["PORT"].scope == "runtime"
    assert "STAGING_ONLY" not in found
    assert "PRODUCTION_ONLY" not in found


def test_figue_definition_spread_over_modules_with_a_mapped_table(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _TS,
            "src/index.ts": "import { parseConfig } from './config/config';\nawait parseConfig();\n",
            "src/config/config.ts": """
                import process from 'node:process';
                import { defineConfig } from 'figue';
                import * as v from 'valibot';
                import { storageConfig } from '../storage/storage.config';
                import { llmConfig } from '../llm/llm.config';
                import { getBuildInfo } from './build-info';

                export const configDefinition = {
                  server: {
                    port: { doc: 'The port', schema: v.number(), default: 3000, env: 'PORT' },
                    origin: {
                      doc: 'Public URL', schema: v.string(), default: 'http://localhost:3000', env: 'APP_URL'
                    },
                  },
                  build: {
                    sha: { doc: 'Commit', schema: v.string(), default: 'unknown', env: 'BUILD_SHA' },
                  },
                  storage: storageConfig,
                  llm: llmConfig,
                } as const;

                export async function parseConfig({ env = process.env } = {}) {
                  const { sha } = await getBuildInfo();
                  const { config } = defineConfig(configDefinition, {
                    envSource: env,
                    defaults: [{ build: { sha } }],
                  });
                  return config;
                }
            """,
            "src/config/build-info.ts": "export async function getBuildInfo() { return { sha: 'x' }; }\n",
            "src/storage/storage.config.ts": """
                import type { ConfigDefinition } from 'figue';
                import * as v from 'valibot';
                import { DISK_DRIVER } from './drivers/disk.constants';
                import { STORAGE_ROOT_ENV } from './storage.constants';

                export const storageConfig = {
                  driver: {
                    doc: `Driver, one of ${['disk', 's3'].map((d) => `\\`${d}\\``).join(', ')}`,
                    schema: v.string(),
                    default: DISK_DRIVER,
                    env: 'STORAGE_DRIVER',
                  },
                  root: { doc: 'Root folder', schema: v.string(), default: './data', env: STORAGE_ROOT_ENV },
                  s3: {
                    secretAccessKey: {
                      doc: 'S3 secret', schema: v.string(), default: '', env: 'STORAGE_S3_SECRET_ACCESS_KEY'
                    },
                    pathStyle: {
                      doc: 'Path style',
                      schema: booleanishSchema,
                      default: false,
                      env: ['STORAGE_S3_PATH_STYLE', 'S3_PATH_STYLE'],
                    },
                  },
                  keyPattern: {
                    doc: 'Key pattern',
                    schema: v.string(),
                    default: `${PLACEHOLDER.ORG}/${PLACEHOLDER.NAME}`,
                    env: 'STORAGE_KEY_PATTERN',
                  },
                } as const satisfies ConfigDefinition;
                const PLACEHOLDER = { ORG: '{{org}}', NAME: '{{name}}' } as const;
            """,
            "src/storage/drivers/disk.constants.ts": "export const DISK_DRIVER = 'disk';\n",
            "src/storage/storage.constants.ts": "export const STORAGE_ROOT_ENV = 'STORAGE_ROOT';\n",
            "src/llm/providers.ts": """
                export const PROVIDERS = {
                  openai: { label: 'OpenAI', prefix: 'OPENAI', baseUrl: 'https://api.openai.com/v1' },
                  local: { label: 'Local', prefix: 'LOCAL_LLM', baseUrl: 'http://localhost:8080/v1' },
                } as const;
            """,
            "src/llm/llm.config.ts": """
                import * as v from 'valibot';
                import { mapValues } from 'lodash-es';
                import { PROVIDERS } from './providers';

                const providersConfig = mapValues(PROVIDERS, (provider: Provider) => ({
                  baseUrl: {
                    doc: `${provider.label} URL`,
                    schema: v.string(),
                    env: `${provider.prefix}_BASE_URL`,
                    default: provider.baseUrl,
                  },
                  model: {
                    doc: `${provider.label} model`,
                    schema: v.string(),
                    env: `${provider.prefix}_MODEL`,
                    default: provider.model ?? 'auto',
                  },
                }) as const);

                const REGIONS = { eu: { code: 'EU', url: 'https://eu.example.com' }, us: { code: 'US' } };
                const regionsConfig = Object.fromEntries(
                  Object.entries(REGIONS).map(([key, region]) => [
                    key,
                    { doc: 'Endpoint', env: `LLM_${region.code}_ENDPOINT`, default: region.url },
                  ]),
                );

                export const llmConfig = {
                  enabled: { doc: 'LLM features', schema: v.boolean(), env: 'LLM_ENABLED', default: false },
                  regions: regionsConfig,
                  ...providersConfig,
                };
            """,
        },
    )
    assert found["PORT"].default == "3000"
    assert found["APP_URL"].default == "http://localhost:3000"
    assert found["BUILD_SHA"].default is None  # the call's defaults replace the leaf's with a computed value
    assert found["STORAGE_DRIVER"].default == "disk"  # an imported constant
    assert found["STORAGE_ROOT"].default == "./data"  # the name held by an imported constant
    assert found["STORAGE_S3_SECRET_ACCESS_KEY"].secret
    assert found["STORAGE_S3_PATH_STYLE"].default == "false"
    assert found["S3_PATH_STYLE"].default == "false"
    assert found["STORAGE_KEY_PATTERN"].default is None  # a template built when the module loads
    assert found["OPENAI_BASE_URL"].default == "https://api.openai.com/v1"  # each table entry's own
    assert found["LOCAL_LLM_BASE_URL"].default == "http://localhost:8080/v1"
    assert found["OPENAI_MODEL"].default == "auto"  # `?? 'auto'` over a member the entry lacks
    assert found["LLM_ENABLED"].default == "false"
    assert found["LLM_EU_ENDPOINT"].default == "https://eu.example.com"  # Object.entries(...).map
    assert found["LLM_US_ENDPOINT"].default is None  # the entry has no url: undefined
    assert all(found[n].scope == "runtime" for n in ("PORT", "OPENAI_BASE_URL", "STORAGE_ROOT"))


def test_unmistakable_leaves_count_without_a_known_library(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "svc", "main": "index.js", "dependencies": {"fastify": "^4.0.0"}}\n',
            "index.js": "const { settings } = require('./settings')\nconsole.log(settings)\n",
            "settings.js": """
                const { loadSettings } = require('./lib/loader')

                exports.settings = loadSettings({
                  redisUrl: { doc: 'Redis URL', default: 'redis://localhost:6379', env: 'REDIS_URL' },
                  workers: { doc: 'Workers', default: 4, env: 'WORKERS' },
                  // no doc: not unmistakable outside a known library's call
                  region: { default: 'us-east-1', env: 'AWS_REGION_NAME' },
                })
            """,
            "lib/loader.js": "exports.loadSettings = (def) => def\n",
        },
    )
    assert found["REDIS_URL"].default == "redis://localhost:6379"
    assert found["WORKERS"].default == "4"
    assert "AWS_REGION_NAME" not in found
