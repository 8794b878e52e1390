"""Cargo's build script (`build.rs`) runs at compile time: its reads are `build`, wrappers' calls included. A
shell library sourced only by image-build scripts (a `bake.sh` running `docker buildx bake`, which reads
nothing itself) takes their scope; one an entrypoint sources too stays `runtime`."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_cargo_build_script_reads_are_build(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n',
            "build.rs": """
                use std::env;

                fn version_from(key: &str) -> Option<String> {
                    env::var(key).ok()
                }

                fn main() {
                    let v = env::var("RELEASE_TAG").or_else(|_| env::var("LEGACY_TAG")).unwrap_or_default();
                    let c = version_from("GIT_SHA");
                    println!("cargo:rustc-env=APP_VERSION={v}");
                }
            """,
            "src/main.rs": """
                fn main() {
                    let level = std::env::var("LOG_FILTER").unwrap_or_else(|_| "info".into());
                }
            """,
        },
    )
    assert found["RELEASE_TAG"].scope == "build"
    assert found["LEGACY_TAG"].scope == "build"
    assert found["GIT_SHA"].scope == "build"
    assert found["LOG_FILTER"].scope == "runtime"


BUILD_ENV = """
    #!/usr/bin/env bash
    if [ -z "${SOURCE_REV+x}" ]; then
        SOURCE_REV="$(git rev-parse HEAD)"
    fi
    export SOURCE_REV
"""

BAKE = """
    #!/usr/bin/env bash
    HERE=$(dirname "$0")
    source "${HERE}/bake_vars.sh"
    docker buildx bake -f "${HERE}/docker-bake.hcl" "$@"
"""


def test_library_sourced_only_by_image_build_scripts_is_build(tmp_path: Path) -> None:
    found = project(tmp_path, {"docker/bake_vars.sh": BUILD_ENV, "docker/bake.sh": BAKE})
    assert found["SOURCE_REV"].scope == "build"


def test_library_an_entrypoint_sources_too_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/bake_vars.sh": BUILD_ENV,
            "docker/bake.sh": BAKE,
            "docker/entrypoint.sh": """
                #!/bin/sh
                . /app/bake_vars.sh
                exec /app/server
            """,
            "docker/Dockerfile": """
                FROM debian
                COPY docker/entrypoint.sh docker/bake_vars.sh /app/
                ENTRYPOINT ["/app/entrypoint.sh"]
            """,
        },
    )
    assert found["SOURCE_REV"].scope == "runtime"


def test_a_build_module_of_the_sources_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/build.rs": """
                pub fn output_dir() -> String {
                    std::env::var("OUTPUT_DIR").unwrap_or_else(|_| "out".to_owned())
                }
            """,
        },
    )
    assert found["OUTPUT_DIR"].scope == "runtime"
    assert found["OUTPUT_DIR"].default == "out"
