"""A boolean fallback under a number cast (`int(os.getenv("X", False))`) is the number 0 when unset, no
text of the variable (the text "false" would not even parse): no default; under `bool(int(...))` the
number is a switch again, and "false" its default. And a loop over literal names
reads, in a branch, only the names the branch's test lets through (`if var in SECRETS and
f"{var}_FILE" in os.environ`, `if var not in SECRETS: continue`, a comprehension's `if`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_bool_fallback_under_number_cast_has_no_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "media/env.py": """
                from os import environ, getenv

                class Settings:
                    OWNER_UID: int = int(environ.get("MEDIA_OWNER_UID", False))
                    RATIO: float = float(getenv("MEDIA_RATIO", True))
                    THREADS: int = int(environ.get("MEDIA_THREADS", 8))
                    VERBOSE = environ.get("MEDIA_VERBOSE", False)
                    # the number is a switch again: False is its value
                    PUBLIC = bool(int(getenv("MEDIA_PUBLIC", False)))
            """,
        },
    )
    assert found["MEDIA_OWNER_UID"].default is None
    assert found["MEDIA_OWNER_UID"].optional is True
    assert found["MEDIA_RATIO"].default is None
    assert found["MEDIA_THREADS"].default == "8"
    assert found["MEDIA_VERBOSE"].default == "false"  # no cast: the text stays
    assert found["MEDIA_PUBLIC"].default == "false"


def test_bool_fallback_under_number_cast_disagrees_with_another_literal(tmp_path: Path) -> None:
    """The launcher's 9000 and the settings' `int(... False)` (0) are two fallbacks: no one default."""
    found = project(
        tmp_path,
        {
            "media/env.py": """
                import os

                PORT = int(os.environ.get("MEDIA_PORT", False))
            """,
            "launch.py": """
                import os

                PORT = int(os.environ.get("MEDIA_PORT", 9000))
            """,
        },
    )
    assert found["MEDIA_PORT"].default is None


def test_file_variant_only_for_names_the_guard_lets_through(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "ops/check.py": """
                import os

                REQUIRED = ["OPS_USER", "OPS_PASSWORD", "OPS_DB_PASSWORD", "OPS_URL"]
                WITH_FILE = ("OPS_PASSWORD", "OPS_DB_PASSWORD")

                def check() -> None:
                    env = os.environ
                    for var in REQUIRED:
                        if var in env:
                            continue
                        if var in WITH_FILE and f"{var}_FILE" in env:
                            continue
                        raise SystemExit(f"{var} missing")
            """,
        },
    )
    assert {"OPS_USER", "OPS_PASSWORD", "OPS_DB_PASSWORD", "OPS_URL"} <= set(found)
    assert found["OPS_PASSWORD_FILE"].file_of == "OPS_PASSWORD"
    assert "OPS_DB_PASSWORD_FILE" in found
    assert "OPS_USER_FILE" not in found
    assert "OPS_URL_FILE" not in found


def test_branch_and_continue_guards_narrow_loop_names(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "ops/load.py": """
                import os

                NAMES = ("LOAD_TOKEN", "LOAD_HOST", "LOAD_KEY", "LOAD_MODE")
                PLAIN = {"LOAD_HOST", "LOAD_MODE"}

                def secrets() -> dict[str, str | None]:
                    out = {}
                    for name in NAMES:
                        if name not in PLAIN:
                            out[name] = os.getenv(name + "_FILE")
                        else:
                            out[name] = os.getenv(name)
                    return out

                def keys() -> list[str | None]:
                    found = []
                    for name in NAMES:
                        if name in PLAIN:
                            continue
                        found.append(os.environ.get(f"{name}_ROTATED"))
                    return found

                ALT = [os.getenv(n + "_ALT") for n in NAMES if n == "LOAD_MODE" or n == "LOAD_KEY"]
            """,
        },
    )
    assert {"LOAD_TOKEN_FILE", "LOAD_KEY_FILE"} <= set(found)
    assert "LOAD_HOST_FILE" not in found
    assert "LOAD_MODE_FILE" not in found
    assert {"LOAD_HOST", "LOAD_MODE"} <= set(found)
    assert "LOAD_TOKEN" not in found  # only its file variant is read
    assert {"LOAD_TOKEN_ROTATED", "LOAD_KEY_ROTATED"} <= set(found)
    assert "LOAD_HOST_ROTATED" not in found
    assert "LOAD_MODE_ROTATED" not in found
    assert {"LOAD_MODE_ALT", "LOAD_KEY_ALT"} <= set(found)
    assert "LOAD_TOKEN_ALT" not in found
    assert "LOAD_HOST_ALT" not in found


def test_undecided_guard_keeps_every_name(tmp_path: Path) -> None:
    """A test on something not known (the environment, a call) leaves every element in both branches."""
    found = project(
        tmp_path,
        {
            "ops/undecided.py": """
                import os

                NAMES = ["UND_A", "UND_B"]

                def read(enabled: set[str]) -> list[str | None]:
                    out = []
                    for name in NAMES:
                        if name in enabled:
                            out.append(os.getenv(name + "_FILE"))
                    return out
            """,
        },
    )
    assert {"UND_A_FILE", "UND_B_FILE"} <= set(found)
