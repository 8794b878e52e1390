"""Rust `macro_rules!` config tables: the macro builds each env name from an entry's field identifier
upper-cased inside `stringify!` (paste's `[<$name:upper>]`, `.to_uppercase()`) and hands it to an env reader;
every entry of an invocation is then a read of UPPER(name), with the literal default the macro applies
(`.unwrap_or($default)`), none for an expression; a macro whose expansion reaches no reader reads nothing."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

READER = """
    use std::env;

    pub fn lookup<T: std::str::FromStr>(key: &str) -> Option<T> {
        let path_key = format!("{key}_FILE");
        env::var(key).ok().or_else(|| env::var(&path_key).ok().and_then(|p| std::fs::read_to_string(p).ok()))
            .and_then(|v| v.parse().ok())
    }
"""

TABLE = """
    use crate::env_util::lookup;

    pub type Secret = String;

    macro_rules! settings {
        ( @read $key:expr ) => { lookup($key) };
        ( @pick $value:expr, fixed, $default:expr ) => { $value.unwrap_or($default) };
        ( @pick $value:expr, derived, $make:expr ) => { $value.unwrap_or_else(|| $make()) };
        ( $( $section:ident { $( $field:ident : $kind:ident, $how:ident $(, $default:expr)?; )+ } )+ ) => {
            pub struct Settings { $($( pub $field: $kind, )+)+ }
            impl Settings {
                pub fn from_env() -> Self {
                    Settings { $($(
                        $field: settings! {
                            @pick settings! { @read pastey::paste!(stringify!([<$field:upper>])) },
                            $how, $($default)?
                        },
                    )+)+ }
                }
            }
        };
    }

    settings! {
        storage {
            data_dir: String, fixed, "data".to_owned();
            cache_dir: String, derived, || format!("{}/cache", "data");
            max_upload_kb: u64, fixed, 10_240;
        }
        mail {
            smtp_password: Secret, fixed, String::new();
            smtp_debug_tokens: bool, fixed, false;
        }
    }
"""


def test_rust_macro_table_names_defaults_and_file_variants(tmp_path: Path) -> None:
    found = project(tmp_path, {"src/env_util.rs": READER, "src/settings.rs": TABLE})
    assert found["DATA_DIR"].default == "data"
    assert found["CACHE_DIR"].default is None  # a closure: no single default
    assert found["MAX_UPLOAD_KB"].default == "10240"
    assert found["SMTP_PASSWORD"].default is None  # `String::new()`: an expression, not a literal
    assert found["SMTP_PASSWORD"].secret is True  # typed as a secret
    assert found["SMTP_DEBUG_TOKENS"].secret is False  # a bool: a switch, not a credential
    assert found["SMTP_DEBUG_TOKENS"].default == "false"
    for name in ("DATA_DIR", "CACHE_DIR", "MAX_UPLOAD_KB", "SMTP_PASSWORD", "SMTP_DEBUG_TOKENS"):
        assert found[name].scope == "runtime"
        assert found[name + "_FILE"].file_of == name
    assert not {"STORAGE", "MAIL", "READ", "PICK"} & set(found)


def test_rust_macro_table_with_to_uppercase_and_a_direct_reader(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/opts.rs": """
                macro_rules! options {
                    ($($name:ident: $ty:ty = $default:expr;)*) => {
                        $(
                            let $name: $ty = std::env::var(stringify!($name).to_uppercase())
                                .ok()
                                .and_then(|v| v.parse().ok())
                                .unwrap_or($default);
                        )*
                    };
                }

                pub fn load() {
                    options! {
                        worker_count: usize = 4;
                        queue_name: String = "jobs".to_string();
                    }
                }
            """,
        },
    )
    assert found["WORKER_COUNT"].scope == "runtime"
    assert found["QUEUE_NAME"].scope == "runtime"
    assert "WORKER_COUNT_FILE" not in found  # the reader takes no file variant


def test_rust_macro_that_reaches_no_reader_reads_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/labels.rs": """
                macro_rules! labels {
                    ($($name:ident : $ty:ident;)+) => {
                        pub const LABELS: &[&str] = &[$(pastey::paste!(stringify!([<$name:upper>])),)+];
                    };
                }

                labels! {
                    first_name: String;
                    last_name: String;
                }
            """,
        },
    )
    assert "FIRST_NAME" not in found
    assert "LAST_NAME" not in found
