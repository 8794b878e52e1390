"""Variables a base class's method names after an attribute each subclass sets:

    class OAuthProvider:
        id: str
        def get_env_prefix(self) -> str:
            return self.id.replace("-", "_").upper()
        def get_prompt(self):
            return os.environ.get(f"OAUTH_{self.get_env_prefix()}_PROMPT")

    class GithubOAuthProvider(OAuthProvider):
        id = "github"                       # OAUTH_GITHUB_PROMPT
    class AzureADOAuthProvider(OAuthProvider):
        id = "azure-ad"                     # OAUTH_AZURE_AD_PROMPT

A read in a method whose name is an f-string (or `+` concatenation) of literals, `self.<attr>` and
`self.<method>()` (a method of the class hierarchy returning one such expression), with string methods
(`upper`, `lower`, `replace`, `strip`), is evaluated once for each class of the module that sets every
attribute it needs to a string literal (itself or through its bases; an attribute read from the environment
with a literal default counts as that default): each value is a variable.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.python_project import parse_module

SOURCE = "python"
_STRING_METHODS = frozenset({"upper", "lower", "replace", "strip", "title"})
# an environment read whose name is an f-string or a concatenation
_BUILT_NAME = re.compile(r"""(?:getenv|environ\.get|environ)\s*[(\[]\s*(?:f["']|["'][^"'\n]*["']\s*\+)""")
_MAX_DEPTH = 4


def class_attribute_reads(files: Sequence[tuple[str, str]]) -> list[Read]:
    out: list[Read] = []
    for rel, text in files:
        if "{self." not in text and "+ self." not in text:
            continue  # no name built from an attribute: not parsed again
        if "class " not in text or _BUILT_NAME.search(text) is None:
            continue
        tree = parse_module(text, rel)
        if tree is not None:
            out.extend(_module_reads(tree, rel))
    return out


def _module_reads(tree: ast.Module, rel: str) -> list[Read]:
    classes = {c.name: c for c in tree.body if isinstance(c, ast.ClassDef)}
    out: list[Read] = []
    for cls in classes.values():
        for fn in cls.body:
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                name_expr = _env_name_arg(node)
                if name_expr is None or not _uses_self(name_expr):
                    continue
                for sub in _descendants(cls.name, classes):
                    attrs, methods = _hierarchy(sub, classes)
                    value = _evaluate(name_expr, attrs, methods, 0)
                    if value is not None and is_env_name(value):
                        out.append(Read(value, rel, getattr(node, "lineno", fn.lineno), True, SOURCE))
    return out


def _env_name_arg(node: ast.AST) -> ast.expr | None:
    """The name argument of `os.environ.get(x)`, `os.getenv(x)`, `os.environ[x]`."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "getenv" and _is_name(func.value, "os"):
            return node.args[0]
        if isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value):
            return node.args[0]
    if isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
        return node.slice
    return None


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ" and _is_name(node.value, "os")) or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _uses_self(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "self" for n in ast.walk(node))


def _descendants(base: str, classes: dict[str, ast.ClassDef]) -> list[ast.ClassDef]:
    """The module's classes deriving from `base` (directly or not), and `base` itself."""
    out = [classes[base]]
    names = {base}
    changed = True
    while changed:
        changed = False
        for cls in classes.values():
            if cls.name not in names and any(isinstance(b, ast.Name) and b.id in names for b in cls.bases):
                names.add(cls.name)
                out.append(cls)
                changed = True
    return out


def _hierarchy(
    cls: ast.ClassDef, classes: dict[str, ast.ClassDef]
) -> tuple[dict[str, str], dict[str, ast.expr]]:
    """The string attributes and one-return methods a class has, its own over its bases' (in the module)."""
    chain: list[ast.ClassDef] = []
    current: ast.ClassDef | None = cls
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        base = next((b.id for b in current.bases if isinstance(b, ast.Name) and b.id in classes), None)
        current = classes.get(base) if base is not None else None
    attrs: dict[str, str] = {}
    methods: dict[str, ast.expr] = {}
    for klass in reversed(chain):
        for stmt in klass.body:
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(stmt, ast.Assign):
                targets, value = list(stmt.targets), stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets, value = [stmt.target], stmt.value
            for target in targets:
                if isinstance(target, ast.Name):
                    literal = _attribute_literal(value)
                    if literal is not None:
                        attrs[target.id] = literal
                    else:
                        attrs.pop(target.id, None)  # set some other way here: not this class's literal
            if isinstance(stmt, ast.FunctionDef):
                body = [s for s in stmt.body if not _docstring(s)]
                if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
                    methods[stmt.name] = body[0].value
    return attrs, methods


def _docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


def _attribute_literal(value: ast.expr | None) -> str | None:
    """A class attribute's string: a literal, or the default of the variable it is read from
    (`id = os.environ.get("OAUTH_KEYCLOAK_NAME", "keycloak")`: the name the class has unless configured)."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, ast.Call) and _env_name_arg(value) is not None and len(value.args) == 2:
        default = value.args[1]
        if isinstance(default, ast.Constant) and isinstance(default.value, str):
            return default.value
    return None


def _evaluate(node: ast.AST, attrs: dict[str, str], methods: dict[str, ast.expr], depth: int) -> str | None:
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None or value.conversion != -1:
                    return None
                text = _evaluate(value.value, attrs, methods, depth + 1)
            else:
                text = _evaluate(value, attrs, methods, depth + 1)
            if text is None:
                return None
            parts.append(text)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _evaluate(node.left, attrs, methods, depth + 1)
        right = _evaluate(node.right, attrs, methods, depth + 1)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.Attribute) and _is_name(node.value, "self"):
        return attrs.get(node.attr)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner, method = node.func.value, node.func.attr
        if _is_name(owner, "self") and not node.args and method in methods:
            return _evaluate(methods[method], attrs, methods, depth + 1)
        if method in _STRING_METHODS:
            base = _evaluate(owner, attrs, methods, depth + 1)
            args = [_evaluate(a, attrs, methods, depth + 1) for a in node.args]
            if base is None or any(a is None for a in args):
                return None
            if method == "replace" and len(args) == 2:
                return base.replace(str(args[0]), str(args[1]))
            if not args:
                return str(getattr(base, method)())
    return None
