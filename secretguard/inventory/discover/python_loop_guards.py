"""Which elements of a loop over literal data reach a branch, for discovery's walk (python.py).

A loop over literal data is walked once per element (python.py's loop environments). A test the element
decides narrows the environments a branch sees: in `for var in NAMES: if var in SECRETS and
os.getenv(f"{var}_FILE"): ...` only the names SECRETS also lists read a `_FILE` variant; so do
`if var not in SKIP:`, `var == "X"`, `and` / `or` / `not` of those, a comprehension's `if`, and a guard that
skips the rest of the body (`if var not in SECRETS: continue`).

A test is decided only when every part of it is known for the element (literal containers holding only
known values); anything else leaves every environment in both branches, as before.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from secretguard.inventory.discover.python_values import MARK, UNKNOWN, Values

Env = dict[str, object]


def split_envs(values: Values, envs: Sequence[Env], test: ast.AST) -> tuple[list[Env], list[Env]] | None:
    """The environments in which the test holds and those in which it fails; None when the test reads no
    name a loop binds, or cannot be decided in one of them. `values.env` is left at the first one."""
    if not envs or not envs[0]:
        return None
    bound = envs[0].keys()
    if not any(isinstance(n, ast.Name) and n.id in bound for n in ast.walk(test)):
        return None
    holding: list[Env] = []
    failing: list[Env] = []
    try:
        for env in envs:
            values.env = env
            result = holds(test, values)
            if result is None:
                return None
            (holding if result else failing).append(env)
    finally:
        values.env = envs[0]
    return holding, failing


def narrowed(envs: list[Env], test: ast.AST, before: Sequence[Env]) -> list[Env]:
    """The environments a branch sees: those given, or, when no element reaches it, one in which the
    loop's names the test reads are unknown (reads built from them are nobody's; others still count)."""
    if envs:
        return envs
    names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
    return [{**before[0], **{n: UNKNOWN for n in names if n in before[0]}}]


def holds(test: ast.AST, values: Values) -> bool | None:
    """Whether the test is true in the current environment: True, False, or None when not known."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = holds(test.operand, values)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        results = [holds(v, values) for v in test.values]
        # the result one operand settles alone: `or` any true one, `and` any false one
        decisive = isinstance(test.op, ast.Or)
        if decisive in results:
            return decisive
        return None if None in results else not decisive
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left = _known(values.value(test.left))
        right = values.value(test.comparators[0])
        op = test.ops[0]
        if left is None:
            return None
        if isinstance(op, ast.In | ast.NotIn):
            found = _contains(right, left)
            return None if found is None else found == isinstance(op, ast.In)
        if isinstance(op, ast.Eq | ast.NotEq) and (other := _known(right)) is not None:
            return (left == other) == isinstance(op, ast.Eq)
    return None


def _known(value: object) -> str | int | float | None:
    """A plain literal, not a parameter's mark (a wrapper's argument, unknown while it is summarised)."""
    if isinstance(value, str):
        return None if MARK in value else value
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _contains(container: object, item: str | int | float) -> bool | None:
    if isinstance(container, tuple):
        if item in container:
            return True
        return False if all(_known(e) is not None for e in container) else None
    if isinstance(container, dict):
        return True if item in container else None  # keys it could not evaluate are left out of it
    if isinstance(container, str) and isinstance(item, str):
        return item in container
    return None
