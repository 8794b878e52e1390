"""Fuzzing the configuration loader: `.secretguard.toml` and `[tool.secretguard]` in pyproject.toml with
random keys and values, TOML junk, deep nesting, bytes, and SECRETGUARD_* variables. Only ConfigError may
come out, and an allowlist value (it can be a secret) is never quoted in its message."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.errors import ConfigError
from secretguard.settings import Settings, load_settings
from tests.fuzz._harness import (
    NASTY,
    assert_quiet,
    canary_text,
    counted,
    deep_nesting,
    junk_text,
    scratch,
    toml_document,
)

FIELDS = [
    "rules",
    "gitleaks_config",
    "builtin_rules",
    "disable_rules",
    "baseline",
    "max_file_size",
    "all_files",
    "archives",
    "archive_depth",
    "decode_depth",
    "workers",
    "min_confidence",
    "include_client_safe",
]
keys = st.one_of(st.sampled_from([*FIELDS, "allowlist", "unknown", "Max_File_Size", ""]), st.text(max_size=8))
# Values without the canary: whatever the other settings say about them may be quoted.
plain: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),
        st.text(max_size=10),
        NASTY.filter(lambda s: len(s) < 100),
        st.sampled_from(["low", "medium", "high", "x.yaml", "/dev/null", "a\x00b"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=6,
)
patterns = st.one_of(
    canary_text(),
    st.sampled_from(["(", "[", "*", "(?P<", "\\", "a{2,1}", "(?<!x)", "\\C", "x{1001}"]).map(
        lambda p: p + "canary+value/ZQXJ"
    ),
)
allowlists = st.fixed_dictionaries(
    {},
    optional={
        "paths": st.one_of(st.lists(patterns, max_size=3), plain),
        "regexes": st.one_of(st.lists(patterns, max_size=3), plain),
        "stopwords": st.one_of(st.lists(canary_text(), max_size=3), plain),
        "other": plain,
    },
)
configs = st.dictionaries(keys, plain, max_size=6).flatmap(
    lambda doc: st.one_of(st.just(doc), allowlists.map(lambda a: {**doc, "allowlist": a}))
)
toml_texts = st.one_of(
    configs.map(toml_document),
    junk_text(120),
    st.integers(min_value=1, max_value=3000).map(lambda n: "rules = " + deep_nesting("[", "]", n)),
    st.integers(min_value=1, max_value=3000).map(lambda n: "a = " + deep_nesting("{b = ", "}", n)),
)
pyprojects = st.one_of(
    st.none(),
    configs.map(lambda c: toml_document(c, "tool.secretguard")),
    st.sampled_from(["tool = 1\n", "[tool]\nsecretguard = 2\n", "[tool.secretguard]\n", "x = \n"]),
    junk_text(60),
)
env_values = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["[]", "{}", "[1,", "null", '["a"]', '{"regexes": ["("]}', deep_nesting("[", "]", 3000)]),
    canary_text().map(lambda c: '{"regexes": ["(' + c + '"]}'),
)
envs = st.dictionaries(
    st.sampled_from(
        [
            "SECRETGUARD_MAX_FILE_SIZE",
            "SECRETGUARD_RULES",
            "SECRETGUARD_ALLOWLIST",
            "SECRETGUARD_ALLOWLIST__REGEXES",
        ]
    ),
    env_values.map(lambda v: v.replace("\x00", "")),  # the environment cannot hold a NUL
    max_size=2,
)


@given(text=toml_texts, pyproject=pyprojects, env=envs, raw=st.one_of(st.none(), st.binary(max_size=30)))
@example(text='[allowlist]\nregexes = ["(canary+value/ZQXJ"]\n', pyproject=None, env={}, raw=None)
# Found by fuzzing: tomllib lets Python's ValueError for an integer past the digit limit through.
@example(text="max_file_size = " + "9" * 5000 + "\n", pyproject=None, env={}, raw=None)
@example(text="", pyproject="[tool.secretguard]\nworkers = " + "9" * 5000 + "\n", env={}, raw=None)
@counted
def test_load_settings(text: str, pyproject: str | None, env: dict[str, str], raw: bytes | None) -> None:
    folder = scratch() / "settings"
    folder.mkdir(exist_ok=True)
    config = folder / ".secretguard.toml"
    config.write_bytes(raw if raw is not None else text.encode("utf-8", "surrogatepass"))
    project = folder / "pyproject.toml"
    if pyproject is None:
        project.unlink(missing_ok=True)
    else:
        project.write_text(pyproject, encoding="utf-8", errors="surrogatepass")
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        settings = load_settings(root=folder)
    except ConfigError as exc:
        assert_quiet(exc)
        return
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert isinstance(settings, Settings)
    assert settings.max_file_size > 0
