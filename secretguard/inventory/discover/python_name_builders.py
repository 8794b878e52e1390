"""Project functions that build a variable's name from their arguments alone (for python_values.py):
`def hook_name_to_env_name(name, prefix="HOOKS"): return "_".join([prefix, name.upper().replace(".",
"_")])`, so `os.environ.get(hook_name_to_env_name("mail.context"))` reads HOOKS_MAIL_CONTEXT.

Only a plain function counts: at the top of its module, no decorator, no `*args` / `**kwargs` / keyword-only
parameters, a body that is one `return` (after a docstring), each parameter left out of a call given a
string default. Its expression is evaluated with nothing but the parameters bound (python_values.py), so it
may join, format, concatenate and change the case of strings, never look at anything else.
"""

from __future__ import annotations

import ast


def name_builder(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    """The module's function `name` when it is such a builder (see above)."""
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
            return stmt if returned(stmt) is not None else None
    return None


def returned(fn: ast.FunctionDef) -> ast.expr | None:
    """The one expression a plain function returns (see above), or None."""
    args = fn.args
    if fn.decorator_list or args.vararg or args.kwarg or args.kwonlyargs:
        return None
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return None
    return body[0].value


def bound_arguments(fn: ast.FunctionDef, given: list[object]) -> dict[str, object] | None:
    """Each parameter's string for a call giving `given` by position (defaults fill the rest), or None
    when one is no string."""
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if len(given) > len(params):
        return None
    defaults: list[ast.expr | None] = [None] * (len(params) - len(fn.args.defaults))
    defaults += fn.args.defaults
    bound: dict[str, object] = {}
    for i, param in enumerate(params):
        if i < len(given):
            value = given[i]
        else:
            default = defaults[i]
            value = default.value if isinstance(default, ast.Constant) else None
        if not isinstance(value, str):
            return None
        bound[param] = value
    return bound
