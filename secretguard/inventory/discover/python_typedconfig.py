"""typed-config schemas: a `Config` class per section, each attribute a `key(...)`, read from the
environment by `EnvironmentConfigSource` as `<SECTION>_<KEY>` in upper case before an INI file.

    @section("mwdb")
    class MWDBConfig(Config):
        postgres_uri = key(cast=str, required=True)                 # MWDB_POSTGRES_URI, required
        base_url = key(cast=str, required=False, default="http://127.0.0.1")

`default=` (a literal) is the default; `required=False` (or a default) makes it optional. Only a module
importing `typedconfig` whose project also builds an `EnvironmentConfigSource` is read (the caller checks the
second: the source may be set up in another module).
"""

from __future__ import annotations

import ast
from dataclasses import replace

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.python_nodes import constant_text

SOURCE = "typedconfig"
TRIGGER = "typedconfig"
ENVIRONMENT_SOURCE = "EnvironmentConfigSource"


def typedconfig_reads(text: str, file: str) -> list[Read]:
    """The keys of a module's typed-config sections, as the variables the environment source reads."""
    if TRIGGER not in text or "@section" not in text:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    out: list[Read] = []
    for node in tree.body:
        section = _section(node) if isinstance(node, ast.ClassDef) else None
        if section is None or not isinstance(node, ast.ClassDef):
            continue
        for stmt in node.body:
            if not (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Call)
                and _called(stmt.value, "key")
            ):
                continue
            name = f"{section}_{stmt.targets[0].id}".upper()
            if not is_env_name(name):
                continue
            options = {k.arg: k.value for k in stmt.value.keywords if k.arg is not None}
            default = options.get("default")
            literal = constant_text(default)
            if isinstance(default, ast.Constant) and isinstance(default.value, bool) and _int_cast(options):
                literal = "1" if default.value else "0"  # `cast=intbool`: the text `true` would not parse
            required = options.get("required")
            optional = default is not None or not (
                isinstance(required, ast.Constant) and required.value is True
            )
            computed = default is not None and literal is None and not _none(default)
            read = Read(name, file, stmt.lineno, optional, SOURCE, default=literal, computed_default=computed)
            # `cast=intbool`: a switch, whatever its name says (`S3_STORAGE_IAM_AUTH`)
            out.append(replace(read, boolean_use=True) if "bool" in _cast_name(options) else read)
    return out


def _section(node: ast.ClassDef) -> str | None:
    """The name given to `@section("mwdb")` on the class."""
    for decorator in node.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and _called(decorator, "section")
            and decorator.args
            and isinstance(decorator.args[0], ast.Constant)
            and isinstance(decorator.args[0].value, str)
        ):
            return decorator.args[0].value
    return None


def _called(call: ast.Call, name: str) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == name) or (
        isinstance(func, ast.Attribute) and func.attr == name
    )


def _int_cast(options: dict[str, ast.expr]) -> bool:
    """`cast=intbool`, `cast=int`: the value is parsed as a number."""
    return "int" in _cast_name(options)


def _cast_name(options: dict[str, ast.expr]) -> str:
    cast = options.get("cast")
    name = cast.id if isinstance(cast, ast.Name) else cast.attr if isinstance(cast, ast.Attribute) else ""
    return name.lower()


def _none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
