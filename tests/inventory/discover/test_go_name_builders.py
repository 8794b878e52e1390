"""Go functions that build a variable's name from an option name (go_names.py)."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.go_environ import functions
from secretguard.inventory.discover.go_names import Built, apply, builder
from secretguard.inventory.discover.lexer import GO, bracket_pairs, tokenize


def _builders(code: str) -> dict[str, Built | None]:
    tokens = tokenize(textwrap.dedent(code), GO)
    match = bracket_pairs(tokens)
    return {name: builder(tokens, match, f) for name, f in functions(tokens, match, "x.go").items()}


def test_builders_and_what_they_do_to_a_name() -> None:
    found = _builders("""
        package conf

        func envName(option string) string {
            return "APP_" + strings.ToUpper(strings.ReplaceAll(option, ".", "_"))
        }
        func legacy(prefix, key string) string {
            return strings.ToUpper(strings.Replace(key, "-", "_", -1)) + "_OLD"
        }
        func firstOnly(key string) string { return strings.Replace(key, ".", "_", 1) }
        func plain(key string) string { return "APP_" + key }
        func same(key string) string { return key }
        func other(key string) string { return "APP_" + strings.ToUpper(key) + suffix }
    """)
    env, old, plain = found["envName"], found["legacy"], found["plain"]
    assert env is not None
    assert env.param == 0
    assert env.prefix + apply(env.ops, "Scanner.Schedule") + env.suffix == "APP_SCANNER_SCHEDULE"
    assert old is not None
    assert old.param == 1
    assert old.prefix + apply(old.ops, "log-level") + old.suffix == "LOG_LEVEL_OLD"
    assert plain == Built(0, "APP_", "", ())
    assert found["firstOnly"] is None  # a bounded count does not replace every occurrence
    assert found["same"] is None  # builds nothing
    assert found["other"] is None  # a part that is no literal
