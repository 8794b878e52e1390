"""Which Python reads have a fallback, and what it is, worked out before discovery's walk (python.py):

- `os.getenv("X") or "d"`, `os.getenv("X") if os.getenv("X") else "d"`: the read is optional, `"d"` its
  fallback;
- `DB_ENGINE = os.getenv("DB_ENGINE")` at module level, then `DB_ENGINE or "sqlite"` wherever it is used;
- a helper parser of the project around the read (`cast_int_or_default(os.getenv("X"), 20000)`) or a
  boolean parser (`parse_boolean(os.getenv("X"))`), see python_fallbacks; a number cast around it
  (`int(os.getenv("X", False))`: a boolean fallback is then the number 0 or 1, no text of the variable,
  unless `bool()` makes it a switch again);
- a dict entry's `default` key beside the read (`{"default": "d", "env": os.getenv("X")}`);
- the helpers wrapping a value read some other way (a ConfigParser option's);
- a branch giving the name the read is assigned to a literal when the read fails or the variable is unset:
  `try: X = int(os.environ["X"]) except Exception: X = 5`, `if "X" in os.environ: X = float(os.environ["X"])
  else: X = 5.5`.

The reads are known by their node's id; the visitor looks each up as it records the read.
"""

from __future__ import annotations

import ast

from secretguard.inventory.discover.python_constants import MAX_HOPS
from secretguard.inventory.discover.python_fallbacks import boolean_parser, fallback_params, given_default
from secretguard.inventory.discover.python_nodes import call_name, dotted_name, is_none, simple_assignment
from secretguard.inventory.discover.python_project import ProjectModules
from secretguard.inventory.discover.python_values import Values

_NUMBER_CASTS = frozenset({"int", "float"})
_FALLBACK_KEYS = frozenset({"default", "fallback"})
_KEEPING_EMPTY = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "casefold", "title"})


class FallbackNodes(Values):
    """The read nodes found optional or given a fallback (see the module's docstring)."""

    def __init__(self, file: str, project: ProjectModules | None) -> None:
        super().__init__(file, project)
        self.optional_nodes: set[int] = set()
        self.or_defaults: dict[int, ast.AST] = {}  # `os.getenv("X") or "30"`: the read -> what follows
        self.typed_fallbacks: set[int] = set()  # of those, the ones a helper parser gives (python_fallbacks)
        self.boolean_nodes: set[int] = set()  # reads parsed as a boolean (`parse_boolean(os.getenv("X"))`)
        self.path_nodes: set[int] = set()  # reads opened as a file (`open(os.environ["X"])`)
        self.numeric_nodes: set[int] = set()  # reads cast to a number (`int(os.getenv("X", False))`)
        self.compared_nodes: set[int] = set()  # reads compared with a literal (`get("X", False) == "True"`)

    def or_fallback(self, node: ast.BoolOp) -> None:
        """`a or b`: a read in `a` has `b` as its fallback."""
        if isinstance(node.op, ast.Or):
            for value, fallback in zip(node.values[:-1], node.values[1:], strict=True):
                self.optional_nodes.add(id(value))
                self.or_defaults[id(value)] = fallback
                inner = value
                # `os.environ.get("X", "").strip() or "d"`: a string method keeps an empty value empty
                while (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in _KEEPING_EMPTY
                    and not inner.args
                    and isinstance(inner.func.value, ast.Call)
                ):
                    inner = inner.func.value
                    self.optional_nodes.add(id(inner))
                    self.or_defaults.setdefault(id(inner), fallback)

    def if_fallback(self, node: ast.IfExp) -> None:
        """`os.getenv("X") if os.getenv("X") else "d"` (or `"d" if not os.getenv("X") else os.getenv("X")`):
        the same expression tested and used, the other branch its fallback, like `or`."""
        test = node.test
        negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        tested = test.operand if isinstance(test, ast.UnaryOp) and negated else test
        used, fallback = (node.orelse, node.body) if negated else (node.body, node.orelse)
        if isinstance(tested, ast.Call) and ast.dump(tested) == ast.dump(used):
            for value in (tested, used):
                self.optional_nodes.add(id(value))
                self.or_defaults[id(value)] = fallback

    def held_fallbacks(self, tree: ast.Module, fallbacks: list[tuple[str, ast.AST]]) -> None:
        """`DB_ENGINE = os.getenv("DB_ENGINE")` at module level, then `DB_ENGINE or "sqlite"` (or `DB_ENGINE
        if DB_ENGINE else "sqlite"`) further on: the fallback of the read the name holds, when every such
        use agrees and the module assigns the name once."""
        held: dict[str, ast.Call] = {}
        assigned: dict[str, int] = {}
        for stmt in tree.body:
            found = simple_assignment(stmt)
            if found is not None:
                assigned[found[0]] = assigned.get(found[0], 0) + 1
                if isinstance(found[1], ast.Call):
                    held[found[0]] = found[1]
        held = {name: call for name, call in held.items() if assigned[name] == 1}
        if not held:
            return
        uses: dict[str, list[ast.AST]] = {}
        for name, fallback in fallbacks:  # collected by python.py's walk in prepare (BoolOp, IfExp)
            if name in held:
                uses.setdefault(name, []).append(fallback)
        for name, same in uses.items():
            call = held[name]
            if id(call) not in self.or_defaults and len({ast.dump(f) for f in same}) == 1:
                self.optional_nodes.add(id(call))
                self.or_defaults[id(call)] = same[0]

    def branch_fallbacks(self, tries: list[ast.Try], ifs: list[ast.If]) -> None:
        """A name assigned from reads in a `try` body (or under `if "X" in os.environ`) and to one literal
        in the `except` handler (or the `else`): that literal is the reads' fallback."""
        for node in tries:
            handlers = [h.body for h in node.handlers]
            if handlers:
                self._branch_fallback(node.body, handlers, None)
        for branch in ifs:
            tested = _presence_test(branch.test)
            if tested is not None and self.is_environ(tested[1]) and branch.orelse:
                self._branch_fallback(branch.body, [branch.orelse], tested[0])

    def _branch_fallback(self, body: list[ast.stmt], others: list[list[ast.stmt]], name: str | None) -> None:
        for stmt in body:
            found = simple_assignment(stmt)
            if found is None:
                continue
            target, value = found[0], found[1]
            reads = [n for n in ast.walk(value) if self._env_node(n, name)]
            found_literals = [_assigned_literal(branch, target) for branch in others]
            literals = [lit for lit in found_literals if lit is not None]
            if not reads or not literals or len(literals) != len(found_literals):
                continue
            if len({ast.dump(lit) for lit in literals}) != 1:
                continue
            for read in reads:
                if id(read) not in self.or_defaults:
                    self.optional_nodes.add(id(read))
                    self.or_defaults[id(read)] = literals[0]
                    self.typed_fallbacks.add(id(read))

    def returned_fallbacks(self, functions: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> None:
        """A function keeping a read without a fallback in a local, then returning a literal when it is
        unset: `raw = os.getenv("X")` and `if raw is None: return 5`; `if raw: ... return int(raw)` blocks
        before a last `return 400`; or using it as `float(raw) if raw else DEFAULT_MB`. That literal (or
        constant) is the read's fallback."""
        for fn in functions:
            for k, stmt in enumerate(fn.body):
                found = simple_assignment(stmt)
                read = self._unguarded_read(found[1]) if found is not None else None
                if found is None or read is None or id(read) in self.or_defaults:
                    continue
                rest = fn.body[k + 1 :]
                fallback = (
                    _unset_return(rest, found[0])
                    or _final_return(rest, found[0])
                    or _choice_fallback(rest, found[0])
                )
                if fallback is not None:
                    self.optional_nodes.add(id(read))
                    self.or_defaults[id(read)] = fallback
                    self.typed_fallbacks.add(id(read))

    def _unguarded_read(self, value: ast.AST) -> ast.Call | None:
        """`os.getenv("X")`, `os.environ.get("X", "")` (maybe `.strip()`ped): a read giving no fallback."""
        while (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr in _KEEPING_EMPTY
            and not value.args
        ):
            value = value.func.value
        if not (isinstance(value, ast.Call) and self.is_env_get(value) and 1 <= len(value.args) <= 2):
            return None
        if len(value.args) == 2 and not (
            isinstance(value.args[1], ast.Constant) and value.args[1].value in ("", None)
        ):
            return None
        return value

    def _env_node(self, node: ast.AST, name: str | None) -> bool:
        """A read of the environment (of `name`, when given): `os.environ["X"]`, `os.getenv("X")`."""
        if isinstance(node, ast.Subscript) and self.is_environ(node.value):
            key = node.slice
        elif isinstance(node, ast.Call) and self.is_env_read(node):
            key = node.args[0]
        else:
            return False
        return name is None or (isinstance(key, ast.Constant) and key.value == name)

    def sibling_fallbacks(self, dicts: list[ast.Dict]) -> None:
        """`{"default": "http://localhost", "env": os.getenv("SITE_URL")}`: a dict entry naming its own
        fallback (a key `default` or `fallback`, any case) beside a read without one; the code consuming the
        dict uses the one when the other is None, like `or`."""
        for node in dicts:
            given = [
                value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and key.value.lower() in _FALLBACK_KEYS
                and isinstance(value, ast.Constant)
                and value.value is not None
            ]
            if len(given) != 1:
                continue
            for value in node.values:
                if (
                    isinstance(value, ast.Call)
                    and self.is_env_get(value)
                    and len(value.args) == 1
                    and not value.keywords
                    and id(value) not in self.or_defaults
                ):
                    self.optional_nodes.add(id(value))
                    self.or_defaults[id(value)] = given[0]
                    self.typed_fallbacks.add(id(value))  # the setting's value, a number as much as text

    def parser_fallbacks(self, tree: ast.Module, calls: list[ast.Call]) -> None:
        """`cast_int_or_default(os.getenv("X"), 20000)`: a helper of the project that returns one argument
        when the read it is given is missing or does not parse makes that argument the read's default."""
        local = {fn.name: fn for fn in tree.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)}
        # `bool(int(os.getenv("X", False)))`: the number is only a switch again, and False its value
        switched = {id(c.args[0]) for c in calls if len(c.args) == 1 and call_name(c.func) == "bool"}
        for call in calls:
            if call.args and isinstance(call.args[0], ast.Call) and boolean_parser(call_name(call.func)):
                self.boolean_nodes.add(id(call.args[0]))
            if (
                len(call.args) == 1
                and isinstance(call.func, ast.Name)
                and call.func.id in _NUMBER_CASTS
                and id(call) not in switched
            ):
                self.numeric_nodes.add(id(call.args[0]))
            for i, arg in enumerate(call.args):
                if not (isinstance(arg, ast.Call) and self.is_env_get(arg)) or id(arg) in self.or_defaults:
                    continue
                fn = self._function_def(call.func, local)
                found = fallback_params(fn) if fn is not None else None
                if fn is None or found is None or found[0] != i:
                    continue
                given = given_default(fn, call, found[1])
                if given is not None and not (isinstance(given, ast.Constant) and given.value is None):
                    self.optional_nodes.add(id(arg))
                    self.or_defaults[id(arg)] = given
                    self.typed_fallbacks.add(id(arg))

    def wrapped_fallback(
        self,
        node: ast.AST,
        parents: dict[int, ast.AST],
        local: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
    ) -> str | None:
        """The fallback of a value through the helpers wrapping it: `cast(value, default=False)` (a helper
        returning its default for an unset value, python_fallbacks) or `cast(value) or "x"`."""
        for _ in range(MAX_HOPS):
            if id(node) in self.or_defaults:
                return self.default(self.or_defaults[id(node)], typed=True)
            call = parents.get(id(node))
            index = (
                next((i for i, a in enumerate(call.args) if a is node), None)
                if isinstance(call, ast.Call)
                else None
            )
            if not isinstance(call, ast.Call) or index is None:
                return None
            fn = self._function_def(call.func, local)
            found = fallback_params(fn) if fn is not None else None
            if fn is not None and found is not None and found[0] == index:
                given = given_default(fn, call, found[1])
                if given is not None and not is_none(given):
                    return self.default(given, typed=True)
            node = call  # `cast(value) or "x"`: a helper returning None leaves the `or` to give it
        return None

    def _function_def(
        self, func: ast.AST, local: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The project's definition of a called function: this module's, or one imported from the project
        (`from app.helpers import f`, `helpers.f`)."""
        if isinstance(func, ast.Name) and func.id in local:
            return local[func.id]
        if isinstance(func, ast.Name) and func.id in self.module_imports:
            level, dotted = self.module_imports[func.id]
            module, _, name = dotted.rpartition(".")
        elif isinstance(func, ast.Attribute) and (chain := dotted_name(func.value)) is not None:
            first, _, rest = chain.partition(".")
            if first not in self.module_imports:
                return None
            level, module = self.module_imports[first]
            module, name = (f"{module}.{rest}" if rest else module), func.attr
        else:
            return None
        project = self.project
        if project is None or not (module or level):
            return None
        found = project.defined(self.file, level, module or None, name, _function_named)
        return (
            found if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef) else None
        )  # (mypy joins to stmt)


def name_fallback(node: ast.AST) -> tuple[str | None, ast.AST | None]:
    """`NAME or d`, `NAME if NAME else d`, `d if not NAME else NAME`: (NAME, d); else (None, None)."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
        first = node.values[0]
        return (first.id, node.values[1]) if isinstance(first, ast.Name) else (None, None)
    if isinstance(node, ast.IfExp):
        test, body, orelse = node.test, node.body, node.orelse
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test, body, orelse = test.operand, orelse, body
        if isinstance(test, ast.Name) and isinstance(body, ast.Name) and test.id == body.id:
            return test.id, orelse
    return None, None


def _function_named(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.name == name:
            return fn
    return None


def _presence_test(test: ast.expr) -> tuple[str, ast.expr] | None:
    """`"X" in os.environ`: the name, and what it is tested in."""
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
        and isinstance(test.left, ast.Constant)
        and isinstance(test.left.value, str)
    ):
        return test.left.value, test.comparators[0]
    return None


def _assigned_literal(branch: list[ast.stmt], target: str) -> ast.expr | None:
    """The literal a branch assigns the name (`X = 5`, `X = -1`), when it does."""
    for stmt in branch:
        found = simple_assignment(stmt)
        if found is None or found[0] != target:
            continue
        value = found[1]
        if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
            return value if isinstance(value.operand, ast.Constant) else None
        return value if isinstance(value, ast.Constant) else None
    return None


def _fallback_value(node: ast.AST | None) -> ast.AST | None:
    """A literal (not None) or a name (a module constant, resolved where the default is read)."""
    if isinstance(node, ast.Constant) and node.value is not None:
        return node
    return node if isinstance(node, ast.Name) else None


def _tests_unset(test: ast.AST, local: str) -> bool:
    """`local is None`, `not local`, `local == ""`."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return isinstance(test.operand, ast.Name) and test.operand.id == local
    return _compares_to_unset(test, local, ast.Is, ast.Eq)


def _tests_set(test: ast.AST, local: str) -> bool:
    """`local`, `local is not None`, `local != ""`, `local and ...`."""
    if isinstance(test, ast.Name):
        return test.id == local
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return _tests_set(test.values[0], local)
    return _compares_to_unset(test, local, ast.IsNot, ast.NotEq)


def _compares_to_unset(
    test: ast.AST, local: str, identity: type[ast.cmpop], equality: type[ast.cmpop]
) -> bool:
    """`local <identity> None` or `local <equality> ""`."""
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == local
        and len(test.ops) == 1
        and (
            (isinstance(test.ops[0], identity) and is_none(test.comparators[0]))
            or (isinstance(test.ops[0], equality) and _empty(test.comparators[0]))
        )
    )


def _empty(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == ""


def _unset_return(rest: list[ast.stmt], local: str) -> ast.AST | None:
    """`if raw is None: return 5` (the branch only returns) among the statements after the read."""
    for stmt in rest:
        if (
            isinstance(stmt, ast.If)
            and _tests_unset(stmt.test, local)
            and len(stmt.body) == 1
            and isinstance(stmt.body[0], ast.Return)
        ):
            return _fallback_value(stmt.body[0].value)
    return None


def _final_return(rest: list[ast.stmt], local: str) -> ast.AST | None:
    """`if raw: ...` blocks (no `else`) and nothing else before the function's last `return 400`."""
    if len(rest) < 2 or not isinstance(rest[-1], ast.Return):
        return None
    middle = rest[:-1]
    if not all(isinstance(s, ast.If) and not s.orelse and _tests_set(s.test, local) for s in middle):
        return None
    return _fallback_value(rest[-1].value)


def _choice_fallback(rest: list[ast.stmt], local: str) -> ast.AST | None:
    """`mb = float(raw) if raw else DEFAULT_MB` (maybe in a `try`): the branch an unset read takes."""
    for stmt in [s for r in rest for s in (r.body if isinstance(r, ast.Try) else [r])]:
        found = simple_assignment(stmt)
        value = found[1] if found is not None else None
        if isinstance(value, ast.IfExp) and _tests_set(value.test, local):
            return _fallback_value(value.orelse)
    return None
