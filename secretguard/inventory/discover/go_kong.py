"""alecthomas/kong: a command-line struct (`kong.Parse(&cli, ...)`) whose flags may read the environment.

A flag reads the names of its `env:"A,B"` tag (with the `envprefix:` of the structs around it); with the
`kong.DefaultEnvars("APP")` option, every flag without an `env` tag reads one more: `APP_` + its flag name
in upper case, `-` and `.` as `_` (`env:"-"` opts out). A flag's name is its `name:` tag or its field's name
in kebab case (`TLSCertFile` -> `tls-cert-file`), after the `prefix:` of the embedded structs around it
(`embed:""` or an anonymous field); a `cmd:""` field is a subcommand whose struct holds more flags;
`arg:""` fields are positional arguments, `kong:"-"` fields are ignored. `default:` gives the default (one
interpolating `${var}` is computed: none), `required:""` makes the flag required.
"""

from __future__ import annotations

from collections.abc import Callable

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.go_structs import MAX_DEPTH, Field, Struct, camel_words

SOURCE = "go-kong"
ChildOf = Callable[[Field], Struct | None]  # the struct a field holds (a type of its package, or in place)


def kebab(name: str) -> str:
    """kong's flag name for a field: its words in lower case joined by `-` (`TLSCertFile` -> `tls-cert-file`,
    `DataAPIAddr` -> `data-api-addr`, `OAuth2Token` -> `o-auth-2-token`)."""
    return "-".join(w.lower() for w in camel_words(name))


def default_envar(prefix: str, flag: str) -> str:
    """`DefaultEnvars("APP")`'s name for a flag: `listen-addr` -> `APP_LISTEN_ADDR`."""
    words = [w for w in flag.replace("-", "_").replace(".", "_").split("_") if w]
    return "_".join([prefix, *words]).upper()


def kong_reads(
    struct: Struct,
    default_prefix: str | None,
    child_of: ChildOf,
    seen: set[int],
    flag_prefix: str = "",
    env_prefix: str = "",
    path: tuple[int, ...] = (),
) -> list[Read]:
    """The reads of every flag of a kong struct: its `env` tag's names, else (with `DefaultEnvars`) the
    derived one. Each flag's field goes into `seen` (the tag walks of other libraries leave it alone)."""
    if id(struct) in path or len(path) > MAX_DEPTH:
        return []
    out: list[Read] = []
    for f in struct.fields:
        tags = f.tags
        if tags.get("kong") == "-" or "arg" in tags:
            continue
        child = child_of(f)
        inner_env = env_prefix + tags.get("envprefix", "")
        if child is not None and ("cmd" in tags or "embed" in tags or f.name is None):
            inner_flags = ("" if "cmd" in tags else flag_prefix) + tags.get("prefix", "")
            out.extend(
                kong_reads(child, default_prefix, child_of, seen, inner_flags, inner_env, (*path, id(struct)))
            )
            continue
        if f.name is None or "cmd" in tags or not f.name[:1].isupper():
            continue  # an embedded type of another package; a subcommand without flags; unexported
        seen.add(id(f))
        flag = flag_prefix + (tags.get("name") or kebab(f.name))
        out.extend(_flag_reads(f, flag, default_prefix, env_prefix))
    return out


def _flag_reads(f: Field, flag: str, default_prefix: str | None, env_prefix: str) -> list[Read]:
    spec = f.tags.get("env")
    if spec == "-":
        return []
    if spec:
        names = [env_prefix + n.strip() for n in spec.split(",") if n.strip()]
    elif default_prefix is not None:
        names = [default_envar(default_prefix, flag)]
    else:
        return []
    default = f.tags.get("default")
    computed = default is not None and "${" in default
    optional = default is not None or "required" not in f.tags
    value = None if computed else default
    return [
        Read(name, f.file, f.line, optional, SOURCE, default=value, computed_default=computed)
        for name in names
        if is_env_name(name)
    ]
