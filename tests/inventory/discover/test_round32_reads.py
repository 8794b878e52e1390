"""A value-or-fallback helper with an options parameter and a parameter default, reached through a workspace
package whose compiled shim sits beside its TypeScript source; and clap's derive attributes in Rust."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_NUMBERS = """
export function parseEnvInt(
  value: string | undefined,
  defaultValue: number,
  opts: { name: string; min?: number },
): number {
  if (value === undefined) return defaultValue;
  const n = Number.parseInt(value, 10);
  const invalid = Number.isNaN(n) || (opts.min !== undefined && n < opts.min);
  if (invalid) {
    console.warn(`WARNING! Invalid value for ${opts.name}: "${value}". Falling back to ${defaultValue}`);
    return defaultValue;
  }
  return n;
}

export function stringToBoolean(value: string | undefined, defaultValue = false): boolean {
  if (value === undefined) return defaultValue;
  if (["true", "yes", "on", "1"].includes(value.toLowerCase())) return true;
  if (["false", "no", "off", "0", ""].includes(value.toLowerCase())) return false;
  return defaultValue;
}
"""

BACK_END = '{"name": "back-end", "scripts": {"start": "node dist/server.js"}}'

_SECRETS = """
import { parseEnvInt, stringToBoolean } from "shared/util";

export const EMAIL_PORT = parseEnvInt(process.env.SHOP_EMAIL_PORT, 587, { name: "EMAIL_PORT", min: 1 });
export const IS_CLOUD = stringToBoolean(process.env.SHOP_IS_CLOUD);
export const SELF_ORG = stringToBoolean(process.env.SHOP_ALLOW_SELF_ORG_CREATION, true);
"""


def test_helpers_through_a_workspace_package(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/shared/package.json": '{"name": "shared"}',
            "packages/shared/util.js": 'module.exports = require("./dist/util");\n',
            "packages/shared/util.ts": 'export * from "./src/util";\n',
            "packages/shared/src/util/index.ts": 'export * from "./numbers";\n',
            "packages/shared/src/util/numbers.ts": _NUMBERS,
            "packages/back-end/package.json": BACK_END,
            "packages/back-end/src/util/secrets.ts": _SECRETS,
        },
    )
    assert found["SHOP_EMAIL_PORT"].default == "587"
    assert found["SHOP_IS_CLOUD"].default == "false"  # the helper's own parameter default
    assert found["SHOP_ALLOW_SELF_ORG_CREATION"].default == "true"


_CLI = """
use clap::Parser;

#[derive(Debug, Parser)]
pub struct RunOpts {
    /// Path to the config file.
    #[clap(short, long, default_value = "lldap_config.toml", env = "SHOP_CONFIG_FILE")]
    pub config_file: String,

    #[clap(long, env = "SHOP_SERVER_KEY_SEED")]
    pub server_key_seed: Option<String>,

    #[arg(long, env = "SHOP_HTTP_PORT", default_value_t = 17170)]
    pub http_port: u16,

    /// Force update of the private key after a key change.
    #[clap(long, env = "SHOP_FORCE_UPDATE_PRIVATE_KEY")]
    pub force_update_private_key: Option<bool>,
}
"""


def test_clap_env_attributes(tmp_path: Path) -> None:
    found = project(tmp_path, {"server/src/cli.rs": _CLI})
    assert found["SHOP_CONFIG_FILE"].default == "lldap_config.toml"
    assert found["SHOP_SERVER_KEY_SEED"].secret is True
    assert found["SHOP_SERVER_KEY_SEED"].optional is True
    assert found["SHOP_HTTP_PORT"].default == "17170"
    assert found["SHOP_FORCE_UPDATE_PRIVATE_KEY"].secret is False  # a switch


_CONFIGURATION = """
use figment::{providers::{Env, Serialized}, Figment};

#[derive(Clone, Deserialize, Serialize, derive_builder::Builder)]
pub struct MailOptions {
    #[builder(default = "587")]
    pub port: u16,
    #[builder(default = r#""localhost".to_string()"#)]
    pub server: String,
    #[builder(default = r#"SecUtf8::from("")"#)]
    pub password: SecUtf8,
}

#[derive(Clone, Deserialize, Serialize, derive_builder::Builder)]
pub struct Configuration {
    #[builder(default = "3890")]
    pub ldap_port: u16,
    #[builder(default)]
    pub jwt_secret: Option<SecUtf8>,
    #[builder(default = r#"PathBuf::from("./app")"#)]
    pub assets_path: PathBuf,
    #[builder(default = "false")]
    pub force_update_private_key: bool,
    #[builder(default)]
    pub smtp_options: MailOptions,
    #[serde(skip)]
    #[builder(default = "None")]
    pub server_setup: Option<ServerSetup>,
}

pub fn init() -> Result<Configuration> {
    let env_variable_provider = || FileAdapter::wrap(Env::prefixed("SHOP_").split("__"));
    let figment_config = Figment::new().merge(env_variable_provider());
    let config: Configuration = figment_config.extract()?;
    Ok(config)
}
"""


def test_figment_prefixed_environment_over_a_struct(tmp_path: Path) -> None:
    found = project(tmp_path, {"server/src/configuration.rs": _CONFIGURATION})
    assert found["SHOP_LDAP_PORT"].default == "3890"
    assert found["SHOP_ASSETS_PATH"].default == "./app"
    assert found["SHOP_SMTP_OPTIONS__PORT"].default == "587"
    assert found["SHOP_SMTP_OPTIONS__SERVER"].default == "localhost"
    assert found["SHOP_SMTP_OPTIONS__PASSWORD"].secret is True
    assert found["SHOP_JWT_SECRET"].secret is True
    assert "SHOP_JWT_SECRET_FILE" in found  # FileAdapter: the file X_FILE names
    assert found["SHOP_FORCE_UPDATE_PRIVATE_KEY"].secret is False  # a bool switch
    assert "SHOP_FORCE_UPDATE_PRIVATE_KEY_FILE" not in found
    assert "SHOP_SERVER_SETUP" not in found  # serde(skip)
