"""ardanlabs/conf: `conf.Parse("APP", &cfg)` reads every exported field of the struct from the environment.

A field's variable is the prefix, then its path from the root (each field's name split into words:
`Web.APIHost` -> `APP_WEB_API_HOST`), in upper case joined by `_`; an `env:NAME` option in its `conf` tag
replaces the path (the prefix stays). Anonymous embedded structs add nothing to the path; `conf:"-"` fields
are skipped. Options: `default:v` (the rest of the option up to the next known option: defaults hold `:`
and `;`), `required`, `mask` (a value the help output hides: a secret).
"""

from __future__ import annotations

from collections.abc import Callable

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.go_structs import MAX_DEPTH, Field, Struct, camel_words

SOURCE = "go-conf"
ChildOf = Callable[[Field], Struct | None]
_OPTIONS = frozenset(
    {"default", "env", "flag", "short", "help", "required", "noprint", "mask", "immutable", "notzero"}
)


def conf_options(tag: str) -> dict[str, str]:
    """`default:64:ff9b::/96;64:ff9b:1::/48,env:NETS,mask` -> {default: ..., env: NETS, mask: ""}: a part
    that does not start with a known option continues the one before it (a comma inside a default or help)."""
    out: dict[str, str] = {}
    last: str | None = None
    for part in tag.split(","):
        key, _, value = part.strip().partition(":")
        if key in _OPTIONS and (value or ":" not in part):
            out[key] = value
            last = key if key in ("default", "help") else None
        elif last is not None:
            out[last] += "," + part
    return out


def conf_reads(
    struct: Struct, prefix: str, child_of: ChildOf, path: tuple[str, ...] = (), seen: tuple[int, ...] = ()
) -> list[Read]:
    """The reads of every exported field of a struct `conf.Parse` fills."""
    if id(struct) in seen or len(seen) > MAX_DEPTH:
        return []
    out: list[Read] = []
    for f in struct.fields:
        tag = f.tags.get("conf", "")
        if tag == "-":
            continue
        child = child_of(f)
        if f.name is None:  # embedded: its fields are the parent's (one of another package: not followed)
            if child is not None:
                out.extend(conf_reads(child, prefix, child_of, path, (*seen, id(struct))))
            continue
        if not f.name[:1].isupper():
            continue
        words = (*path, *camel_words(f.name))
        if child is not None:
            out.extend(conf_reads(child, prefix, child_of, words, (*seen, id(struct))))
            continue
        out.extend(_field_read(f, prefix, words, conf_options(tag)))
    return out


def _field_read(f: Field, prefix: str, words: tuple[str, ...], options: dict[str, str]) -> list[Read]:
    own = options.get("env")
    parts = [prefix, own] if own else [prefix, *words]
    name = "_".join(p for p in parts if p).upper()
    if not is_env_name(name):
        return []
    default = options.get("default")
    optional = default is not None or "required" not in options
    return [Read(name, f.file, f.line, optional, SOURCE, secret_hint="mask" in options, default=default)]
