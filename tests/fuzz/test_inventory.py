"""Fuzzing the inventory loader (secretguard.inventory.yaml): near-valid inventories with values of every
kind, YAML junk, deep nesting and bytes. Only InventoryError may come out, and its message never quotes a
value from the file (a secret pasted where a name belongs must not reach a CI log)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.inventory.model import InventoryError, load_inventory, parse_inventory
from tests.fuzz._harness import (
    CANARY,
    NASTY,
    assert_quiet,
    canary_text,
    counted,
    deep_nesting,
    json_values,
    junk_text,
    merge_chain,
    merge_chains,
    scratch,
)

names = st.one_of(st.from_regex(r"[A-Z][A-Z0-9_]{0,12}", fullmatch=True), st.sampled_from(["prod", "dev"]))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=10**6),
    st.floats(allow_nan=False),
    names,
    NASTY,
    canary_text(),
    st.sampled_from(["(" + CANARY, "[" + CANARY, CANARY + ")", "vault:" + CANARY, "ssm:" + CANARY]),
    st.text(max_size=8),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(names, inner, max_size=3)),
    max_leaves=8,
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, values)


store_specs = st.one_of(
    st.sampled_from(["environ", "vault", "ssm", "dotenv", "secretsmanager", "bogus"]),
    st.dictionaries(
        st.sampled_from(["vault", "ssm", "secretsmanager", "dotenv", "environ", "other"]),
        st.one_of(
            values, st.dictionaries(st.sampled_from(["mount", "path", "file", "prefix", "secret_id"]), values)
        ),
        max_size=2,
    ),
)
variables = st.fixed_dictionaries(
    {"name": maybe(names)},
    optional={
        "status": maybe(st.sampled_from(["active", "vanished"])),
        "purpose": values,
        "secret": maybe(st.booleans()),
        "required": maybe(st.one_of(st.booleans(), st.lists(st.one_of(names, canary_text()), max_size=3))),
        "format": maybe(
            st.one_of(
                st.sampled_from(["url", "int", "bool"]),
                st.fixed_dictionaries({}, optional={"regex": values, "enum": values, "min_length": values}),
            )
        ),
        "rotation_days": values,
        "rotation": maybe(st.sampled_from(["generate", "manual", "aws-iam-access-key"])),
        "storage": st.dictionaries(
            names, maybe(st.sampled_from(["vault:secret/a#K", "environ:X", "ssm:/p"]))
        ),
        "locations": values,
        "discovered": values,
        "unknown_key": values,
    },
)
inventories = st.fixed_dictionaries(
    {},
    optional={
        "version": maybe(st.just(1)),
        "connections": maybe(st.fixed_dictionaries({}, optional={"vault": values, "aws": values})),
        "environments": maybe(
            st.dictionaries(
                names,
                maybe(st.fixed_dictionaries({}, optional={"stores": st.lists(store_specs, max_size=3)})),
                max_size=3,
            )
        ),
        "variables": maybe(st.lists(variables, max_size=4)),
        "extra": values,
    },
)
yaml_texts = st.one_of(
    inventories.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    merge_chains,  # "billion laughs" through merge keys
    json_values().map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    junk_text(200),
    st.sampled_from(
        ["[", "{", "- ", "a: &x [1]\nb: *y\n", "!!python/object:os.system ls", "%TAG ! x\n---"]
    ).map(lambda s: s * 3),
    st.integers(min_value=1, max_value=3000).map(lambda n: "variables: " + deep_nesting("[", "]", n)),
    st.integers(min_value=1, max_value=3000).map(lambda n: deep_nesting("{a: ", "}", n)),
)


@given(text=yaml_texts, raw=st.binary(max_size=40), as_bytes=st.booleans())
# Found by fuzzing: nesting deeper than the YAML parser's recursion raised RecursionError.
@example(text="variables: " + deep_nesting("[", "]", 5000), raw=b"", as_bytes=False)
# Found by the merge-chain strategy: 8^11 merged entries, the loader busy for hours (now refused).
@example(text=merge_chain(12, 8), raw=b"", as_bytes=False)
# Found by fuzzing: ValueError from the YAML loader (an integer past Python's digit limit, a bad date).
@example(text="version: " + "9" * 5000, raw=b"", as_bytes=False)
@example(text="variables: [{name: A, purpose: 2001-13-01}]", raw=b"", as_bytes=False)
@counted
def test_load_inventory(text: str, raw: bytes, as_bytes: bool) -> None:
    path = scratch() / "secretguard.inventory.yaml"
    path.write_bytes(raw if as_bytes else text.encode("utf-8", "surrogatepass"))
    try:
        inventory = load_inventory(path)
    except InventoryError as exc:
        assert_quiet(exc)
        return
    for variable in inventory.variables:
        assert variable.name


# Regressions found by the canary property: each of these quoted the value in the error (and RE2 logged the
# pattern to stderr).
LEAKS = [
    {"variables": [{"name": CANARY}, {"name": CANARY}]},
    {"environments": {"prod": {}}, "variables": [{"name": "A", "required": [CANARY]}]},
    {"variables": [{"name": "A", "format": {"regex": "(" + CANARY}}]},
    {"environments": {"prod": {"stores": [CANARY]}}},
    # Found by the fuzz campaign: `format: <text>` became a key of the format mapping, quoted in the error.
    {"variables": [{"name": "A", "format": CANARY + ")"}]},
]


@pytest.mark.parametrize("data", LEAKS)
def test_errors_never_quote_values(data: dict[str, Any], capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InventoryError) as raised:
        parse_inventory(data)
    assert CANARY not in str(raised.value)
    assert CANARY not in capfd.readouterr().err


def test_names_shaped_like_names_are_still_named() -> None:
    with pytest.raises(InventoryError, match="variable API_URL is declared twice"):
        parse_inventory({"variables": [{"name": "API_URL"}, {"name": "API_URL"}]})
    with pytest.raises(InventoryError, match=r"unknown environment\(s\): staging"):
        parse_inventory({"environments": {"prod": {}}, "variables": [{"name": "A", "required": ["staging"]}]})


def test_merge_key_bomb_is_refused() -> None:
    path = scratch() / "bomb.yaml"
    path.write_text(merge_chain(12, 8), encoding="utf-8")
    with pytest.raises(InventoryError, match="not valid YAML"):
        load_inventory(path)


def test_merge_keys_still_work() -> None:
    path = scratch() / "merge.yaml"
    path.write_text(
        "x-store: &store {ssm: /app/prod/}\nenvironments:\n  prod:\n    stores: [{<<: *store}]\n",
        encoding="utf-8",
    )
    with pytest.raises(InventoryError, match="x-store"):  # unknown top-level key, but the merge loaded
        load_inventory(path)
    path.write_text("environments:\n  prod: &p {stores: [environ]}\n  dev: {<<: *p}\n", encoding="utf-8")
    assert load_inventory(path).environments["dev"].stores[0].kind == "environ"
