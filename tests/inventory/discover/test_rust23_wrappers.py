"""Rust: the project's own functions reading the variable their parameter names (`get_env(key)` ->
`env::var(key)`, also through another such function), their literal calls' defaults (`.unwrap_or(...)`,
`.unwrap_or_else(|| String::from(...))`, `.unwrap_or_default()` gives none), and the `X_FILE` a wrapper reads
too (`format!("{key}_FILE")`): another way to supply X."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

UTIL = """
    use std::env;
    use std::str::FromStr;

    pub fn env_text(name: &str) -> Option<String> {
        let file_name = format!("{name}_FILE");
        match (env::var(name), env::var(&file_name)) {
            (Ok(v), _) => Some(v),
            (Err(_), Ok(path)) => std::fs::read_to_string(path).ok(),
            _ => None,
        }
    }

    pub fn setting<T: FromStr>(name: &str) -> Option<T> {
        env_text(name).and_then(|v| v.parse().ok())
    }

    pub fn flag(name: &str) -> Option<bool> {
        setting::<String>(name).map(|v| v == "true" || v == "1")
    }

    pub fn log_line(message: &str) {
        println!("{message}");
    }
"""


def test_rust_wrapper_calls_are_reads_with_their_defaults_and_file_variants(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/util.rs": UTIL,
            "src/settings.rs": """
                use crate::util::{flag, log_line, setting};

                pub fn load() -> Settings {
                    log_line("LOADING_SETTINGS");
                    let folder = setting("STORAGE_DIR").unwrap_or_else(|| String::from("storage"));
                    let port: u16 = setting::<u16>("LISTEN_PORT").unwrap_or(7000);
                    let zone: String = setting("TIME_ZONE").unwrap_or_default();
                    let fast = flag("FAST_MODE").unwrap_or(false);
                    let salt: Option<String> = setting("HASH_SALT");
                    Settings { folder, port, zone, fast, salt }
                }
            """,
        },
    )
    assert found["STORAGE_DIR"].default == "storage"
    assert found["LISTEN_PORT"].default == "7000"
    assert found["TIME_ZONE"].optional
    assert found["TIME_ZONE"].default is None
    assert found["FAST_MODE"].default == "false"
    assert found["HASH_SALT"].scope == "runtime"
    for name in ("STORAGE_DIR", "LISTEN_PORT", "TIME_ZONE", "FAST_MODE", "HASH_SALT"):
        assert found[name + "_FILE"].file_of == name
        assert found[name + "_FILE"].secret is False
    assert "LOADING_SETTINGS" not in found  # a function whose parameter never reaches the environment


def test_rust_wrapper_file_name_forms(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/conf.rs": """
                use std::env;

                fn secret_value(key: &str) -> Option<String> {
                    if let Ok(path) = env::var(format!("{}_FILE", key)) {
                        return std::fs::read_to_string(path).ok();
                    }
                    env::var(key).ok()
                }

                fn token(key: &str) -> Option<String> {
                    let from_file = key.to_string() + "_FILE";
                    env::var(&from_file).ok().or_else(|| env::var(key).ok())
                }

                fn plain(key: &str) -> String {
                    env::var(key).unwrap_or_default()
                }

                pub fn read_all() {
                    let a = secret_value("MAIL_PASSWORD");
                    let b = token("API_TOKEN");
                    let c = plain("SITE_TITLE");
                }
            """,
        },
    )
    assert found["MAIL_PASSWORD_FILE"].file_of == "MAIL_PASSWORD"
    assert found["API_TOKEN_FILE"].file_of == "API_TOKEN"
    assert found["SITE_TITLE"].scope == "runtime"
    assert "SITE_TITLE_FILE" not in found  # this wrapper reads no file variant


def test_rust_direct_read_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/main.rs": """
                use std::env;

                fn main() {
                    let port = env::var("HTTP_PORT").unwrap_or_else(|_| "8080".to_string());
                    let host = std::env::var("HTTP_HOST").unwrap_or("0.0.0.0".into());
                    let workers: usize = env::var("WORKERS").ok().map(|v| v.parse().unwrap()).unwrap_or(4);
                    let tz = env::var("TZ").unwrap_or_default();
                    let home = env::var("APP_HOME").unwrap_or_else(|_| default_home());
                }
            """,
        },
    )
    assert found["HTTP_PORT"].default == "8080"
    assert found["HTTP_HOST"].default == "0.0.0.0"
    assert found["WORKERS"].default == "4"
    assert found["TZ"].optional
    assert found["TZ"].default is None
    assert found["APP_HOME"].optional
    assert found["APP_HOME"].default is None
