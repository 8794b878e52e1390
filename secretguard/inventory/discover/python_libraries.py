"""Reads through the environment libraries discovery knows, for python.py: python-decouple's `config("X",
default=...)`, a django-environ or environs `Env` instance (`env("X")`, `env.bool("X", default=False)`,
`env.db()` reading DATABASE_URL), a starlette `Config` instance (`config("X", cast=int, default=5)`), and
the URL-configuration libraries (`dj_database_url.config(...)`).

Which names stand for these is python_names' business; here, what one call reads, with its default.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from secretguard.inventory.discover.python_imported_readers import config_prefix
from secretguard.inventory.discover.python_names import URL_CONFIGS, BoundNames
from secretguard.inventory.discover.python_nodes import (
    argument,
    call_name,
    has_keyword,
    is_computed,
    keyword_arg,
)
from secretguard.inventory.discover.python_values import Values

# django-environ readers that fall back to a conventional variable when called without a name.
_DJANGO_DEFAULT_VARS = {
    "db": "DATABASE_URL",
    "db_url": "DATABASE_URL",
    "cache": "CACHE_URL",
    "cache_url": "CACHE_URL",
    "email": "EMAIL_URL",
    "email_url": "EMAIL_URL",
    "search_url": "SEARCH_URL",
    "channels": "CHANNELS_URL",
    "channels_url": "CHANNELS_URL",
}
_NOT_READERS = {
    "read_env",
    "prefixed",
    "smart_cast",
    "parse_value",
    "ENVIRON",
    "escape_proxy",
    "dump",
    "seal",
}


@dataclass(frozen=True, slots=True)
class LibraryRead:
    """The variable a library call reads, whether the call gives a fallback, and its literal default."""

    name: str
    optional: bool
    default: str | None
    computed: bool = False  # the default is an expression, not a literal
    secret: bool = False  # the library is told the value is a secret (starlette's `cast=Secret`)
    boolean: bool = False  # parsed as a boolean (`env.bool("X")`, `config("X", cast=bool)`): a switch


def library_readers(names: BoundNames) -> frozenset[str]:
    """The names a module calls library readers by (`env`, `config`, `decouple`): a function that mentions
    none of them (nor os.environ / os.getenv) reads nothing through a library."""
    return frozenset(
        (*names.env_instances, *names.decouple_funcs, *names.decouple_modules, *names.starlette_instances)
    )


def starlette_prefix(call: ast.Call, names: BoundNames) -> str | None:
    """`Config(".env", env_prefix="APP_")`, starlette's: the prefix its reads put before each name (see
    python_imported_readers.config_prefix); None for any other call."""
    return config_prefix(call, names.is_environ) if names.is_starlette_class(call.func) else None


def _starlette_read(node: ast.Call, prefix: str, values: Values) -> LibraryRead | None:
    """`config(key, cast=None, default=undefined)` (and `config.get`): starlette reads the environment, then
    the env file, then falls back to the default; `default=None` leaves no value. A `Secret` cast says the
    value is a secret; `CommaSeparatedStrings` splits it on commas."""
    key = values.text(argument(node, 0, "key"))
    if key is None:
        return None
    cast = argument(node, 1, "cast")
    cast_name = call_name(cast) if cast is not None else None
    given = argument(node, 2, "default")
    joiner = "," if cast_name == "CommaSeparatedStrings" else None
    return LibraryRead(
        prefix + key,
        optional=given is not None,
        default=values.default(given, typed=True, joiner=joiner),
        computed=is_computed(given),
        secret=cast_name == "Secret",
        boolean=_is_bool(cast),
    )


def url_config(func: ast.AST, names: BoundNames) -> str | None:
    """The URL-configuration library whose `config` a call's function is (`dj_database_url.config`)."""
    if isinstance(func, ast.Name):
        return names.url_funcs.get(func.id)
    if isinstance(func, ast.Attribute) and func.attr == "config" and isinstance(func.value, ast.Name):
        return names.url_modules.get(func.value.id)
    return None


def url_config_read(library: str, node: ast.Call, values: Values) -> LibraryRead | None:
    """`dj_database_url.config(env=..., default=...)`: the variable named (the library's own when none
    is), with the default given, else the library's."""
    variable, fallback = URL_CONFIGS[library]
    given = argument(node, 0, "env")
    name = variable if given is None else values.text(given)
    if name is None:
        return None
    default_node = argument(node, 1, "default")
    if default_node is None or (isinstance(default_node, ast.Constant) and default_node.value is None):
        return LibraryRead(name, optional=fallback is not None, default=fallback)
    default = values.default(default_node, typed=False)
    return LibraryRead(name, optional=True, default=default, computed=is_computed(default_node))


def library_read(node: ast.Call, values: Values) -> LibraryRead | None:
    """A call of python-decouple's `config` or of a django-environ / environs `Env` instance (or one of its
    typed readers), or of a starlette `Config` instance: the variable it reads."""
    func = node.func
    instance = func.value if isinstance(func, ast.Attribute) and func.attr == "get" else func
    if isinstance(instance, ast.Name) and instance.id in values.starlette_instances:
        return _starlette_read(node, values.starlette_instances[instance.id], values)
    if (isinstance(func, ast.Name) and func.id in values.decouple_funcs) or (
        isinstance(func, ast.Attribute)
        and func.attr == "config"
        and isinstance(func.value, ast.Name)
        and func.value.id in values.decouple_modules
    ):
        first = values.text(node.args[0]) if node.args else None
        if first is None:
            return None
        return LibraryRead(
            first,
            optional=len(node.args) > 1 or has_keyword(node, "default"),
            default=values.default(argument(node, 1, "default"), typed=True),
            boolean=_is_bool(keyword_arg(node, "cast")),
        )
    if isinstance(func, ast.Name) and func.id in values.env_instances:
        # django-environ: env(var, cast=None, default=NOTSET); environs: env(var, default)
        first = values.text(node.args[0]) if node.args else None
        if first is None:
            return None
        scheme, django = values.env_instances[func.id]
        positional_default = len(node.args) > (2 if django else 1)
        return LibraryRead(
            values.env_prefixes.get(func.id, "") + first,
            optional=scheme.get(first, False) or positional_default or has_keyword(node, "default"),
            default=values.default(argument(node, 2 if django else 1, "default"), typed=True),
            boolean=_is_bool(argument(node, 1, "cast") if django else keyword_arg(node, "cast")),
        )
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in values.env_instances
        and func.attr not in _NOT_READERS
        and not func.attr.startswith("_")
    ):
        scheme = values.env_instances[func.value.id][0]
        first = values.text(node.args[0]) if node.args else None
        name = first if first is not None else values.text(keyword_arg(node, "var"))
        if name is None and not node.args and keyword_arg(node, "var") is None:
            name = _DJANGO_DEFAULT_VARS.get(func.attr)
        if name is None:
            return None
        name = values.env_prefixes.get(func.value.id, "") + name  # `env.prefix = "APP_"`
        # `env.list("X", default=["a", "b"])`: split on commas (environs: `delimiter=`)
        listed = func.attr in ("list", "tuple")
        joiner = (values.text(keyword_arg(node, "delimiter")) or ",") if listed else None
        return LibraryRead(
            name,
            optional=scheme.get(name, False) or len(node.args) > 1 or has_keyword(node, "default"),
            default=values.default(argument(node, 1, "default"), typed=True, joiner=joiner),
            boolean=func.attr == "bool",
        )
    return None


def _is_bool(cast: ast.AST | None) -> bool:
    """A `cast=bool` argument: the library parses the value as a boolean."""
    return isinstance(cast, ast.Name) and cast.id == "bool"
