"""A fallback naming a member of the module's own object literal (`process.env.HOST || config.hostname`)
gives that member's literal, through spreads of the file's other objects; a string method on the set branch
of a ternary keeps it the variable's value (`X ? X.toLowerCase() : config.loginMethod`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

LOAD_CONFIG = """
import fs from 'node:fs';

let userConfig = JSON.parse(fs.readFileSync('/data/config.json', 'utf8'));

const defaultConfig = {
  loginMethod: 'password',
  port: 5006,
  hostname: '::',
  upload: {
    fileSizeLimitMB: 20,
  },
  tokenExpiration: 'never',
};

let config;
if (process.env.NODE_ENV === 'test') {
  config = { mode: 'test', ...defaultConfig };
} else {
  config = { mode: 'development', ...defaultConfig, dataDir: '/data', ...(userConfig || {}) };
}

export default {
  ...config,
  loginMethod: process.env.APP_LOGIN_METHOD
    ? process.env.APP_LOGIN_METHOD.toLowerCase()
    : config.loginMethod,
  port: +process.env.APP_PORT || config.port,
  hostname: process.env.APP_HOSTNAME || config.hostname,
  uploadLimit: +process.env.APP_UPLOAD_LIMIT_MB || config.upload.fileSizeLimitMB,
  tokenExpiration: process.env.APP_TOKEN_EXPIRATION ?? config.tokenExpiration,
  dataDir: process.env.APP_DATA_DIR || config.dataDir,
  mode: process.env.APP_MODE || config.mode,
};
"""


def test_members_of_the_files_objects_are_defaults(tmp_path: Path) -> None:
    found = project(tmp_path, {"package.json": '{"name": "app"}', "src/load-config.js": LOAD_CONFIG})
    assert found["APP_HOSTNAME"].default == "::"
    assert found["APP_PORT"].default == "5006"
    assert found["APP_UPLOAD_LIMIT_MB"].default == "20"
    assert found["APP_TOKEN_EXPIRATION"].default == "never"
    assert found["APP_LOGIN_METHOD"].default == "password"
    # set in one branch only (`dataDir`) or to different literals (`mode`): no single default
    assert found["APP_DATA_DIR"].default is None
    assert found["APP_MODE"].default is None


def test_a_later_key_replaces_a_spread_member(tmp_path: Path) -> None:
    code = """
const base = { port: 3000, host: 'localhost' };
const settings = { ...base, port: 8080, host: computeHost() };
module.exports = {
  port: process.env.PORT || settings.port,
  host: process.env.HOST || settings.host,
};
"""
    found = project(tmp_path, {"package.json": '{"name": "app"}', "config.js": code})
    assert found["PORT"].default == "8080"
    assert found["HOST"].default is None


RESOLVE = """
const DEFAULTS = { port: 3000, host: '127.0.0.1', scanInterval: 10 };

function firstDefined<T>(...values: Array<T | undefined>): T | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

function toNumber(value: string | number | undefined, label: string): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : Number(value);
}

export function resolveConfig({ flags, env, file }: { flags: any; env: NodeJS.ProcessEnv; file: any }) {
  return {
    port:
      toNumber(flags.port, 'port') ??
      toNumber(env.BOARD_PORT, 'port') ??
      toNumber(file.port, 'port') ??
      DEFAULTS.port,
    host: firstDefined(flags.host, env.BOARD_HOST, file.host) ?? DEFAULTS.host,
    scan: toNumber(process.env.BOARD_SCAN_INTERVAL, 'scan') ?? DEFAULTS.scanInterval,
  };
}
"""


def test_object_members_after_conversions_and_chain_helpers(tmp_path: Path) -> None:
    found = project(tmp_path, {"package.json": '{"name": "cli"}', "src/config/resolve.ts": RESOLVE})
    assert found["BOARD_PORT"].default == "3000"
    assert found["BOARD_SCAN_INTERVAL"].default == "10"
    # a user's file between the variable and the app's default: the default is the app's
    assert found["BOARD_HOST"].default == "127.0.0.1"


def test_a_schema_parsing_std_envs_env(tmp_path: Path) -> None:
    code = (
        'import { env as stdEnv } from "std-env";\n'
        'import { z } from "zod";\n'
        "const Env = z.object({\n"
        '  OTEL_EXPORTER_URL: z.string().default("http://localhost:4318"),\n'
        "  TRIGGER_API_URL: z.string(),\n"
        "});\n"
        "export const env = Env.parse(stdEnv);\n"
    )
    found = project(tmp_path, {"package.json": '{"name": "supervisor"}', "src/env.ts": code})
    assert found["OTEL_EXPORTER_URL"].default == "http://localhost:4318"
    assert not found["TRIGGER_API_URL"].optional
