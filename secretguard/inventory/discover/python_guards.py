"""Python tests of whether an environment variable is set, for discovery's defaults (python.py).

- A guard: `if os.getenv("X"):`, `if "X" in os.environ:`, `if MODE != "default":` with `MODE =
  os.getenv("X", "default")`. In the branch that runs only when X is set, a read of X never falls back: its
  default does not apply, so it cannot disagree with the default of the read outside (`guarded_names`).
- A sentinel: `os.environ.get("X", "") in ("skip", ...)`, or `mode = os.getenv("X", "")` then `if mode in
  {...}: warn(f"{mode}")`. The empty default (or a `False` only tested for truth) only feeds a test; it is
  no value the app runs with (`sentinel_reads`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from secretguard.inventory.discover.base import boolean_default, secret_by_name
from secretguard.inventory.discover.python_walk import walk

_NONE: frozenset[str] = frozenset()
_MAX_DEPTH = 8
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)


@dataclass(frozen=True, slots=True)
class Lookups:
    """What the visitor knows of the code around a test."""

    # A plain read (`os.getenv("X", d)`, `os.environ.get("X", d)`): its name and its default's node.
    read_of: Callable[[ast.AST], tuple[str, ast.expr | None] | None]
    held: Callable[[str], ast.AST | None]  # what a name assigned once holds
    is_environ: Callable[[ast.AST], bool]
    text: Callable[[ast.AST], str | None]
    # A plain read whatever its name (`os.getenv("proxy_" + key, False)` in a loop over data)
    plain_read: Callable[[ast.AST], bool]


def _literal(node: ast.AST | None) -> tuple[bool, object]:
    """(known, value) of a default: no default and `None` are None; a constant is itself."""
    if node is None:
        return True, None
    if isinstance(node, ast.Constant):
        return True, node.value
    return False, None


def _strings(node: ast.AST) -> list[str] | None:
    """The items of a literal tuple, list or set of strings."""
    if not isinstance(node, ast.Tuple | ast.List | ast.Set):
        return None
    items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return items if len(items) == len(node.elts) else None


def _subject(node: ast.AST, look: Lookups) -> tuple[str, object] | None:
    """The variable a test looks at and what it reads as when unset: a plain read, or a name holding one."""
    if isinstance(node, ast.Name):
        node = look.held(node.id) or node
    found = look.read_of(node)
    if found is None:
        return None
    known, default = _literal(found[1])
    return (found[0], default) if known else None


def guarded_names(test: ast.AST, look: Lookups, depth: int = 0) -> tuple[frozenset[str], frozenset[str]]:
    """The variables known to be set where `test` is true, and where it is false."""
    if depth > _MAX_DEPTH:
        return _NONE, _NONE
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        when_true, when_false = guarded_names(test.operand, look, depth + 1)
        return when_false, when_true
    if isinstance(test, ast.BoolOp):
        parts = [guarded_names(v, look, depth + 1) for v in test.values]
        if isinstance(test.op, ast.And):
            return _NONE.union(*(t for t, _ in parts)), _NONE
        return _NONE, _NONE.union(*(f for _, f in parts))
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compare(test, look)
    subject = _subject(test, look)
    if subject is not None and not subject[1]:  # unset reads as None or "": a truthy value is set
        return frozenset({subject[0]}), _NONE
    return _NONE, _NONE


def _compare(test: ast.Compare, look: Lookups) -> tuple[frozenset[str], frozenset[str]]:
    op, left, right = test.ops[0], test.left, test.comparators[0]
    if isinstance(op, ast.In | ast.NotIn) and look.is_environ(right):
        name = look.text(left)
        if name is None:
            return _NONE, _NONE
        found = frozenset({name})
        return (found, _NONE) if isinstance(op, ast.In) else (_NONE, found)
    subject = _subject(left, look)
    if subject is None and isinstance(op, ast.Eq | ast.NotEq | ast.Is | ast.IsNot):
        subject, right = _subject(right, look), left
    if subject is None:
        return _NONE, _NONE
    name, unset = subject
    # Whether the test is true for the value an unset variable reads as: then its other branch has it set.
    true_when_unset: bool | None = None
    if isinstance(op, ast.Is | ast.IsNot) and isinstance(right, ast.Constant) and right.value is None:
        true_when_unset = (unset is None) == isinstance(op, ast.Is)
    elif isinstance(op, ast.Eq | ast.NotEq) and isinstance(right, ast.Constant):
        true_when_unset = (unset == right.value) == isinstance(op, ast.Eq)
    elif isinstance(op, ast.In | ast.NotIn) and (items := _strings(right)) is not None:
        true_when_unset = (unset in items) == isinstance(op, ast.In)
    if true_when_unset is None:
        return _NONE, _NONE
    found = frozenset({name})
    return (_NONE, found) if true_when_unset else (found, _NONE)


# --- sentinels ----------------------------------------------------------------------------------------------


def _falsy_default(node: ast.Call) -> object:
    given = node.args[1] if len(node.args) > 1 else None
    if given is None:
        given = next((kw.value for kw in node.keywords if kw.arg == "default"), None)
    if isinstance(given, ast.Constant) and (given.value == "" or given.value is False):
        return given.value
    return None


def falsy_default_candidates(node: ast.AST) -> bool:
    """A call whose second argument or `default=` is `""` or `False` (a cheap first filter)."""
    return isinstance(node, ast.Call) and _falsy_default(node) is not None


def sentinel_reads(
    parents_of: Callable[[], dict[int, ast.AST]], calls: list[ast.Call], look: Lookups
) -> set[int]:
    """The ids of the plain reads among `calls` whose falsy default only feeds tests: an empty default
    compared or tested (`os.getenv("X", "") in (...)`, `not os.getenv("X", "")`), also through a name
    assigned once that is only tested, or used in a branch where a test says it is not empty; a `False`
    default only tested for truth (`True if os.getenv("PROXY_HOST", False) else False`), where it is no
    different from no default (unless the name is a switch's: `if os.getenv("DEBUG_TOOLBAR", False)`), or
    held in a name the code uses as a value only where it is set (`v = os.getenv("X", False)`, then `if v:
    hosts = v.split(",")`): a text's "not set", as an empty default.
    (`os.getenv("X", False) in (True, "true")` keeps its `false`, as does a name only tested: a switch.)
    `parents_of`: each node's parent by id, worked out on demand (python_walk)."""
    reads = [c for c in calls if look.plain_read(c)]
    if not reads:
        return set()
    parents = parents_of()
    found: set[int] = set()
    for call in reads:
        if _falsy_default(call) is False:
            if _value_used_when_set(call, parents) or (
                _in_test(call, parents, compared=False) and not _switch(look.read_of(call))
            ):
                found.add(id(call))
        elif _value_only_tested(call, parents):
            found.add(id(call))
    return found


def _switch(read: tuple[str, ast.expr | None] | None) -> bool:
    """A switch's name (`DEBUG_TOOLBAR`, `DJANGO_SQL_LOG`): tested for truth, its `False` is the text `false`;
    a value's (`APP_VERSION`, `PROXY_HOST`) or a credential's (`S3_ACCESS_KEY`) stands for "not set"."""
    return read is not None and boolean_default(read[0], False) is not None and not secret_by_name(read[0])


def bare_read_candidates(node: ast.AST) -> bool:
    """A call with one positional argument and nothing else: maybe a read without a default."""
    return isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords


def tested_reads(
    parents_of: Callable[[], dict[int, ast.AST]], calls: list[ast.Call], look: Lookups
) -> set[int]:
    """The ids of the reads among `calls` (none with a default) whose value is only tested or compared
    (`if not os.getenv("X"):`, `os.environ.get("MODE") == "prod"`, or a name assigned once from it that is
    only tested): they handle the unset case, and say nothing of what the variable falls back to.
    `parents_of`: each node's parent by id, worked out on demand (python_walk)."""
    reads = [c for c in calls if look.read_of(c) is not None]
    if not reads:
        return set()
    parents = parents_of()
    found: set[int] = set()
    for call in reads:
        if _value_only_tested(call, parents):
            found.add(id(call))
    return found


def _value_only_tested(call: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """The value of `call` only decides tests: it is one, or a name assigned once from it only is."""
    parent = parents.get(id(call))
    return _in_test(call, parents) or (
        isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
        and _only_tested(parent.targets[0].id, _scope(parent, parents), parents)
    )


def _value_used_when_set(call: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """The name `call` is assigned to is only tested, and used as a value somewhere a test says it is set."""
    parent = parents.get(id(call))
    if not (
        isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return False
    name, scope = parent.targets[0].id, _scope(parent, parents)
    if scope is None or not _only_tested(name, scope, parents):
        return False
    loads = [
        n for n in walk(scope) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
    ]
    return any(not _in_test(use, parents) for use in loads)


def _in_test(node: ast.AST, parents: dict[int, ast.AST], compared: bool = True) -> bool:
    """Whether a value only decides a test: negated, the test of an `if`, `while`, `assert` or conditional
    expression (also through `and` / `or` there), or (`compared`) compared."""
    child, parent = node, parents.get(id(node))
    while isinstance(parent, ast.BoolOp):
        child, parent = parent, parents.get(id(parent))
    if (compared and isinstance(parent, ast.Compare)) or (
        isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not)
    ):
        return True
    return isinstance(parent, ast.If | ast.While | ast.IfExp | ast.Assert) and parent.test is child


def _scope(node: ast.AST, parents: dict[int, ast.AST]) -> ast.AST | None:
    current = parents.get(id(node))
    while current is not None and not isinstance(current, _SCOPES):
        current = parents.get(id(current))
    return current


def _only_tested(name: str, scope: ast.AST | None, parents: dict[int, ast.AST]) -> bool:
    if scope is None:
        return False
    uses = [n for n in walk(scope) if isinstance(n, ast.Name) and n.id == name]
    stores = [n for n in uses if not isinstance(n.ctx, ast.Load)]
    loads = [n for n in uses if isinstance(n.ctx, ast.Load)]
    if len(stores) != 1 or not loads:
        return False
    return all(_in_test(use, parents) or _inside_truthy_branch(use, name, scope, parents) for use in loads)


def _inside_truthy_branch(use: ast.AST, name: str, scope: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """Whether a use sits in the body of an `if` whose test says the name holds a non-empty value."""
    child, parent = use, parents.get(id(use))
    while parent is not None and parent is not scope:
        if (
            isinstance(parent, ast.If)
            and any(child is s for s in parent.body)
            and _non_empty(parent.test, name)
        ):
            return True
        child, parent = parent, parents.get(id(parent))
    return False


def _non_empty(test: ast.AST, name: str) -> bool:
    if isinstance(test, ast.Name):
        return test.id == name
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_non_empty(v, name) for v in test.values)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    left, right, op = test.left, test.comparators[0], test.ops[0]
    if isinstance(op, ast.Eq) and isinstance(left, ast.Constant):
        left, right = right, left
    if not (isinstance(left, ast.Name) and left.id == name):
        return False
    if isinstance(op, ast.Eq):
        return isinstance(right, ast.Constant) and isinstance(right.value, str) and right.value != ""
    items = _strings(right) if isinstance(op, ast.In) else None
    return items is not None and "" not in items


def clears_variable(node: ast.If, is_environ: Callable[[ast.AST], bool]) -> bool:
    """`if key in os.environ: os.environ.pop(key)` (or `del os.environ[key]`): the code removes a variable
    it is about to set itself (for a library it calls), so its test reads no setting of the operator's."""
    test = node.test
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
        and is_environ(test.comparators[0])
        and not node.orelse
    ):
        return False
    key = ast.dump(test.left)
    for stmt in node.body:
        if isinstance(stmt, ast.Delete):
            targets = stmt.targets
            if not all(isinstance(t, ast.Subscript) and is_environ(t.value) for t in targets):
                return False
            if not all(isinstance(t, ast.Subscript) and ast.dump(t.slice) == key for t in targets):
                return False
            continue
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "pop"
            and is_environ(call.func.value)
            and call.args
            and ast.dump(call.args[0]) == key
        ):
            return False
    return True
