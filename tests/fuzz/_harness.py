"""Shared pieces of the fuzz tests: example counting (for tools/fuzz.py), a scratch folder, strategies."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st

# Examples run per test function (module.name), read by tools/fuzz.py.
EXAMPLES: Counter[str] = Counter()

F = TypeVar("F", bound=Callable[..., Any])


def counted(test: F) -> F:
    """Count the examples a property runs (put it under @given)."""
    key = f"{test.__module__}.{test.__name__}"

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        EXAMPLES[key] += 1
        return test(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


_SCRATCH: list[Path] = []


def scratch() -> Path:
    """One folder per process for the files the properties write (tmp_path is per test, not per example)."""
    if not _SCRATCH:
        folder = Path(tempfile.mkdtemp(prefix="secretguard-fuzz-"))
        atexit.register(shutil.rmtree, folder, True)
        _SCRATCH.append(folder)
    return _SCRATCH[0]


# A value that must never be echoed in an error message. It is not shaped like any credential (the self-scan
# must stay quiet) and not like a name either (error messages may name keys and well-formed names).
CANARY = "canary+value/ZQXJ"


def assert_quiet(exc: BaseException) -> None:
    """The error (its message and hint) does not quote the canary."""
    assert CANARY not in str(exc)
    assert CANARY not in (getattr(exc, "hint", None) or "")


def canary_text() -> st.SearchStrategy[str]:
    """The canary, alone or inside other text."""
    return st.builds(lambda a, b: f"{a}{CANARY}{b}", st.text(max_size=5), st.text(max_size=5))


# Text that stresses parsers: control characters, lone surrogates are left out (files are UTF-8), odd digits.
NASTY = st.sampled_from(
    [
        "",
        "\x00",
        "\r",
        "\r\n",
        "\n",
        "\t",
        "\ufeff",
        "\u2028",
        "\u00b2",  # a digit to str.isdigit() that int() refuses
        "\u0663",  # ARABIC-INDIC THREE: int() accepts it
        "9" * 5000,  # past int()'s default digit limit
        "#",
        "=",
        ":",
        '"',
        "'",
        "\\",
        "[",
        "{",
        "-1",
        "1e999",
        "nan",
    ]
)


def junk_text(max_size: int = 80) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.text(max_size=12), NASTY), max_size=max_size // 8 + 1).map("".join)


def json_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


def deep_nesting(opener: str, closer: str, depth: int) -> str:
    return opener * depth + closer * depth


def toml_value(value: Any) -> str:
    """A value as TOML (inline tables for mappings); JSON string escapes are TOML's."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    return '""'  # None has no TOML form


def toml_document(doc: dict[str, Any], table: str = "") -> str:
    """Scalars first (under `[table]` if given), then a [table] for each mapping (deeper mappings inline)."""
    lines = [f"[{table}]"] if table else []
    lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for key, inner in doc.items():
        if isinstance(inner, dict):
            lines.append(f"[{table + '.' if table else ''}{json.dumps(key)}]")
            lines += [f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in inner.items()]
    return "\n".join(lines) + "\n"


def merge_chain(depth: int, fanout: int, prefix: str = "") -> str:
    """YAML where each anchor merges the one before `fanout` times: fanout**depth entries once expanded."""
    lines = [f"{prefix}a0: &a0 {{k: v, j: w}}"]
    for i in range(1, depth):
        lines.append(f"{prefix}a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * fanout)}]}}")
    return "\n".join(lines) + "\n"


merge_chains = st.builds(
    merge_chain, st.integers(min_value=1, max_value=14), st.integers(min_value=1, max_value=8)
)
