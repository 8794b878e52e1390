"""Go: `os.Getenv("X")`, `os.LookupEnv("X")` (absence handled, so optional), configuration structs and viper.

Structs are read by their tags, with the prefixes that nesting adds, types resolved within the package (every
`.go` file of the folder):

- caarlos0/env: `env:"X,required"`, `envDefault:"x"`, `envPrefix:"DB_"` on a nested struct field,
  `env.ParseWithOptions(&cfg, env.Options{Prefix: "APP_"})`; `,file` (X holds the path of a file with the
  value) is reported with source `go-env-file`.
- jessevdk/go-flags: `env:"X"`, `default:"x"`, `required:"true"`, `env-namespace:"AUTH"` on a parent field
  (namespaces joined with `_`: `AUTH_GOOGLE_CSEC`); `env-delim` splits a list, it is not part of a name.
- ilyakaznacheev/cleanenv (`env-default`, `env-required`, `env-prefix`, `env:"A,B"` alternatives) and
  sethvargo/go-envconfig (`env:"X, required, default=x"`, `env:", prefix=DB_"`).
- kelseyhightower/envconfig: `envconfig.Process("myapp", &cfg)` reads `MYAPP_` + the field's name in upper
  case (`split_words:"true"`: `MaxConns` -> `MAX_CONNS`) or its `envconfig:"NAME"` tag, `default:"x"`,
  `required:"true"`, `ignored:"true"`; a nested struct field adds its key as a prefix, an embedded one not.
- spf13/viper: `SetEnvPrefix("app")`, `BindEnv("key")` (-> `APP_KEY`, or the names given; a `BindEnv` that
  runs before its function's `SetEnvPrefix` binds the bare `KEY`, as viper merges the prefix at the call),
  `AutomaticEnv()` with `SetEnvKeyReplacer(strings.NewReplacer(".", "_"))`: every key viper knows is read
  (`Get*("db.host")` -> `APP_DB_HOST`; and, as `Unmarshal` reads them all, every `SetDefault` key and
  `BindPFlag("key", ...)` key). `SetDefault` gives the default (a literal, or a constant holding one:
  `consts.DefaultPort` of another package of the project; an expression gives none), and a flag bound with
  `BindPFlag` / `BindPFlags` its default below that (`go_flags.py`). The global viper's settings apply
  across the whole project, except what `_test.go` files do to it (test setup, not configuration).
- urfave/cli flags (`EnvVar:`, `EnvVars:`, `Sources: cli.EnvVars(...)`) and their `Value:`: go_cli.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from secretguard.inventory.discover.base import FILE_SOURCE, Read, is_env_name, scope_of_read
from secretguard.inventory.discover.go_ardan import conf_reads
from secretguard.inventory.discover.go_cli import IMPORTS as CLI_IMPORTS
from secretguard.inventory.discover.go_cli import CliFlag, cli_flags, cli_reads, path_usage
from secretguard.inventory.discover.go_configx import ConfigxSchemas
from secretguard.inventory.discover.go_environ import EnvironTables, functions
from secretguard.inventory.discover.go_fallbacks import constant_ref, file_constants, read_fallback
from secretguard.inventory.discover.go_field_hints import credential_field
from secretguard.inventory.discover.go_field_paths import field_chains, mark_path_fields
from secretguard.inventory.discover.go_flag_struct_defaults import project_flag_defaults
from secretguard.inventory.discover.go_flags import flag_defaults, flag_names
from secretguard.inventory.discover.go_kingpin import TRIGGER as KINGPIN_TRIGGER
from secretguard.inventory.discover.go_kingpin import kingpin_reads
from secretguard.inventory.discover.go_kingpin_envars import KingpinEnvars
from secretguard.inventory.discover.go_koanf import KoanfProject
from secretguard.inventory.discover.go_kong import kong_reads
from secretguard.inventory.discover.go_literal_paths import ConstantValue, path_ref, path_value
from secretguard.inventory.discover.go_option_fields import option_field_reads
from secretguard.inventory.discover.go_paerser import field_kind, paerser_roots
from secretguard.inventory.discover.go_path_walks import TRIGGER as PATH_WALK_TRIGGER
from secretguard.inventory.discover.go_path_walks import path_walked_keys
from secretguard.inventory.discover.go_prefill import FieldValue, constructed, prefilled
from secretguard.inventory.discover.go_prefix_walks import TRIGGER as PREFIX_WALK_TRIGGER
from secretguard.inventory.discover.go_prefix_walks import prefix_walked_keys
from secretguard.inventory.discover.go_scopes import Modules, file_scope, generator_folders, test_helper_spans
from secretguard.inventory.discover.go_stored import StoredReads
from secretguard.inventory.discover.go_structs import (
    MAX_DEPTH,
    Field,
    Struct,
    StructParser,
    matching,
    split_words,
    struct_tag,
)
from secretguard.inventory.discover.go_tag_defaults import TagDefaults
from secretguard.inventory.discover.go_tag_files import file_guards
from secretguard.inventory.discover.go_tag_options import (
    comma_split_folders,
    end_defaults_at_commas,
    splits_at_commas,
)
from secretguard.inventory.discover.go_viper_entries import entry_calls
from secretguard.inventory.discover.go_viper_forwarders import forwarded_binds
from secretguard.inventory.discover.go_viper_keys import BIND as KEY_BIND
from secretguard.inventory.discover.go_viper_keys import ENV as KEY_ENV
from secretguard.inventory.discover.go_viper_keys import GET as KEY_GET
from secretguard.inventory.discover.go_viper_keys import KeyCall, key_calls
from secretguard.inventory.discover.go_viper_walks import TRIGGER as WALK_TRIGGER
from secretguard.inventory.discover.go_viper_walks import WalkedKey, walked_keys
from secretguard.inventory.discover.go_wrappers import GoWrappers
from secretguard.inventory.discover.go_zli import TRIGGER as ZLI_TRIGGER
from secretguard.inventory.discover.go_zli import zli_reads
from secretguard.inventory.discover.lexer import (
    GO,
    ID,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    span_literal,
    split_arguments,
    tokenize,
)

TRIGGERS = (
    "Getenv",
    "LookupEnv",
    'env:"',
    ",env:",  # go-arg: `arg:"--addr,env:APP_ADDR"`
    'arg:"env',
    'envPrefix:"',
    'env-namespace:"',
    'env-prefix:"',
    "envconfig",
    "viper",
    "ParseWithOptions",
    "ParseAsWithOptions",
    "kong.",
    "conf.Parse",
    ".GetString(",  # maybe a package's exported viper instance: `utils.Params.GetString("X")`
    ".GetBool(",
    ".GetInt(",
    "envknob.",
    KINGPIN_TRIGGER,
    ZLI_TRIGGER,
    *CLI_IMPORTS,
)
# tailscale.com/envknob: `envknob.Bool("X")`, `envknob.RegisterDuration("X")`: each reads the named variable.
_ENVKNOB_READERS = frozenset(
    """Bool BoolDefaultTrue String Lookup LookupBool LookupInt LookupUintptr OptBool RegisterBool
    RegisterString RegisterDuration RegisterInt RegisterOptBool RegisterUint64""".split()
)
# (folder of the file naming it, package qualifier or None for its own package, name) -> the literal.
ConstantLookup = Callable[[str, str | None, str], str | None]
# (file, variable, fields) -> the literal at that path of the variable's composite literal in the file
PathLookup = Callable[[str, str, list[str]], str | None]
_DEFAULT_OPTION = re.compile(r",\s*default=")
_CAARLOS_ALIAS = re.compile(r"(?m)^\s*(?:import\s+)?([A-Za-z_]\w*)\s+\"github\.com/caarlos0/env(?:/v\d+)?\"")
_FALSY = frozenset({"", "0", "f", "false", "no", "n", "off"})
_TRUE = frozenset({"1", "t", "true"})


@dataclass
class _EnvconfigRoot:
    prefix: str
    var: str
    candidates: list[str]  # type names the variable may have
    inline: Struct | None
    file: str


@dataclass
class _Package:
    structs: dict[str, Struct] = field(default_factory=dict)
    envconfig: list[_EnvconfigRoot] = field(default_factory=list)
    prefixed: list[_EnvconfigRoot] = field(default_factory=list)  # caarlos0 ParseWithOptions with a Prefix
    deferred: list[str] = field(default_factory=list)  # files with structs only: read if a root needs them
    kong: list[_EnvconfigRoot] = field(default_factory=list)  # `kong.Parse(&cli, ...)`: its struct's flags
    kong_prefixes: set[str] = field(default_factory=set)  # `kong.DefaultEnvars("APP")` in the package
    ardan: list[_EnvconfigRoot] = field(default_factory=list)  # ardanlabs/conf `conf.Parse("APP", &cfg)`
    # types with their own decoding (`func (u *UserCreate) Decode(value string) error`, `UnmarshalText`,
    # `Set`): envconfig fills them from one variable, never field by field
    decoders: set[str] = field(default_factory=set)


# --- viper -----------------------------------------------------------------------------------------------


@dataclass
class _Viper:
    prefixes: set[str] = field(default_factory=set)
    automatic: bool = False
    # `for _, kv := range os.Environ()` with `strings.HasPrefix(k, "APP_")` merged by `MergeConfigMap`.
    environ_prefixes: set[str] = field(default_factory=set)
    replacer: list[tuple[str, str]] = field(default_factory=list)
    binds: list[tuple[str, list[str], str, int]] = field(default_factory=list)  # key, names, file, line
    defaults: dict[str, str | None] = field(default_factory=dict)
    gets: list[tuple[str, str, int]] = field(default_factory=list)  # key, file, line
    # Keys viper knows without a Get (`SetDefault`, `BindPFlag("key", ...)`): with AutomaticEnv, Unmarshal
    # and AllSettings read each one's variable. Key, file, line.
    known: list[tuple[str, str, int]] = field(default_factory=list)
    # Defaults of the flags bound to keys (`BindPFlag`): below `SetDefault`, as in viper's own lookup.
    flag_defaults: dict[str, str | None] = field(default_factory=dict)
    # `BindPFlag("key", fs.Lookup("name"))` whose flag has no literal default in the binding file: (key,
    # flag), looked up among the whole project's flags (go_flag_struct_defaults.py)
    pending_flags: list[tuple[str, str]] = field(default_factory=list)
    # `SetDefault("k", consts.X)`: key -> (folder of the file, package qualifier or None, constant name),
    # resolved once every package's constants are known.
    default_refs: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    # Keys whose `SetDefault` value is an expression (`filepath.Join(".", "music")`, `5*time.Second`).
    computed: set[str] = field(default_factory=set)
    # `SetDefault("k", globalConf.Common.IdleTimeout)`: key -> (file, variable, fields), go_literal_paths.py
    default_paths: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)
    # (binding file, key) -> the `default:` tag of the struct field the key unmarshals into (go_tag_defaults)
    tag_default: Callable[[str, str], str | None] | None = None

    def set_default(self, key: str, value: tuple[list[Token], int, int] | None, file: str, line: int) -> None:
        """`SetDefault(key, value)`: a literal value is the default; `nil` none; an expression (or a value
        not known) makes it computed; a constant's name is looked up once every package is known."""
        key = key.lower()
        tokens, start, end = value if value is not None else ([], 0, 0)
        self.defaults[key] = span_literal(tokens, start, end) if value is not None else None
        if self.defaults[key] is None and not (end - start == 1 and is_id(tokens, start, "nil")):
            self.computed.add(key)
        else:
            self.computed.discard(key)
        self.known.append((key, file, line))
        ref = constant_ref(tokens, start, end) if value is not None else None
        if ref is not None and self.defaults[key] is None:
            self.default_refs[key] = (os.path.dirname(file), *ref)  # noqa: PTH120
        else:
            self.default_refs.pop(key, None)
        path = path_ref(tokens, start, end) if value is not None and self.defaults[key] is None else None
        if path is not None:
            self.default_paths[key] = (file, *path)  # `globalConf.Common.IdleTimeout`
        else:
            self.default_paths.pop(key, None)

    def add_key_calls(self, calls: list[KeyCall]) -> None:
        """Uses of typed key constants through methods reaching viper (go_viper_keys.py)."""
        for call in calls:
            if call.kind == KEY_GET:
                self.gets.append((call.key, call.file, call.line))
            elif call.kind == KEY_BIND:
                self.binds.append((call.key, [], call.file, call.line))
            else:
                self.set_default(call.key, call.value, call.file, call.line)

    def replace(self, name: str) -> str:
        """strings.Replacer: at each position the first pair whose old string matches, left to right."""
        if not self.replacer:
            return name
        out: list[str] = []
        i = 0
        while i < len(name):
            for old, new in self.replacer:
                if old and name.startswith(old, i):
                    out.append(new)
                    i += len(old)
                    break
            else:
                out.append(name[i])
                i += 1
        return "".join(out)

    def automatic_names(self, key: str) -> list[str]:
        prefixes = sorted(self.prefixes) or [""]
        return [self.replace((f"{p}_{key}" if p else key).upper()) for p in prefixes]

    def looked_up(self, key: str) -> list[str]:
        """The names viper finds the key under without a BindEnv."""
        names = self.automatic_names(key) if self.automatic else []
        # A walk of os.Environ() merging `APP_DB_HOST` into the config as db.host: the same names.
        names.extend(f"{p}_{key}".upper().replace(".", "_") for p in sorted(self.environ_prefixes))
        return list(dict.fromkeys(names))

    def reads(self, constant: ConstantLookup | None = None, path: PathLookup | None = None) -> list[Read]:
        if constant is not None:
            for key, ref in self.default_refs.items():
                if self.defaults.get(key) is None:
                    self.defaults[key] = constant(*ref)
                    if self.defaults[key] is not None:
                        self.computed.discard(key)
        if path is not None:
            for key, (file, variable, fields) in self.default_paths.items():
                if self.defaults.get(key) is None:
                    self.defaults[key] = path(file, variable, fields)
                    if self.defaults[key] is not None:
                        self.computed.discard(key)
        out: list[Read] = []
        bound: dict[str, list[str]] = {}
        for key, names, file, line in self.binds:
            lower = key.lower()
            found = [self.replace(n) for n in names] if names else self.automatic_names(key)
            bound.setdefault(lower, []).extend(found)
            out.extend(self._read(n, lower, file, line) for n in found)
        for key, file, line in self.gets:
            lower = key.lower()
            found = list(bound.get(lower, []))
            found.extend(self.looked_up(key))
            out.extend(self._read(n, lower, file, line) for n in dict.fromkeys(found))
        for key, file, line in self.known:  # every key viper knows is looked up in the environment
            out.extend(self._read(n, key.lower(), file, line) for n in self.looked_up(key))
        return [r for r in out if is_env_name(r.name)]

    def _read(self, name: str, key: str, file: str, line: int) -> Read:
        if key in self.defaults:
            computed = key in self.computed
            return Read(
                name, file, line, True, "viper", default=self.defaults[key], computed_default=computed
            )
        flag = self.flag_defaults.get(key) or None  # a flag's "" is no default
        if flag is None and self.tag_default is not None:
            flag = self.tag_default(file, key) or None
        return Read(name, file, line, flag is not None, "viper", default=flag)


def _env_tagged(struct: Struct) -> bool:
    return any("env" in f.tags or "envconfig" in f.tags for f in struct.fields)


def _call_args(scan: _FileScan, open_paren: int) -> list[tuple[int, int]]:
    """(start, end) of each top-level argument of the call whose `(` is at open_paren."""
    return split_arguments(scan.tokens, open_paren, matching(scan.match, scan.tokens, open_paren))


class _FileScan:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.tokens = tokenize(text, GO)
        self.match = bracket_pairs(self.tokens)
        self.strings: dict[str, str] = {}  # `const Prefix = "app"`
        tokens = self.tokens
        for i in range(len(tokens) - 2):
            if is_id(tokens, i) and is_op(tokens, i + 1, "=", ":=") and (lit := literal(tokens, i + 2)):
                self.strings.setdefault(tokens[i].text, lit)

    def string(self, start: int, end: int) -> str | None:
        tokens = self.tokens
        if end - start == 1:
            if tokens[start].kind == STR and not tokens[start].interpolated:
                return tokens[start].text
            if tokens[start].kind == ID:
                return self.strings.get(tokens[start].text)
        return None

    def var_types(self, var: str) -> list[str]:
        """Type names a variable is declared with: `var cfg Config`, `cfg := Config{}`, `&Config{}`,
        `new(Config)`, a parameter `cfg *Config`."""
        tokens = self.tokens
        out: list[str] = []
        for i, tok in enumerate(tokens):
            if tok.kind != ID or tok.text != var or is_op(tokens, i - 1, "."):
                continue
            j = i + 1
            if is_op(tokens, j, "=", ":="):
                j += 1
                if is_id(tokens, j, "new") and is_op(tokens, j + 1, "("):
                    j += 2
            while is_op(tokens, j, "*", "&"):
                j += 1
            if is_id(tokens, j) and not is_op(tokens, j + 1, "."):
                out.append(tokens[j].text)
            elif is_id(tokens, j) and is_op(tokens, j + 1, ".") and is_id(tokens, j + 2):
                out.append(f"{tokens[j].text}.{tokens[j + 2].text}")  # `new(types.Config)`: another package's
        return out


def _viper_scan(
    scan: _FileScan, global_viper: _Viper, shared: dict[str, _Viper], params: _Viper | None = None
) -> list[_Viper]:
    """Calls on the global viper go to global_viper; on `v := viper.New()` to a viper of this file, which
    is returned (read once the project is seen: struct tags may give its keys' defaults); on an exported
    package variable holding one (`Params = viper.New()`, used as `Params.GetString("X")` or
    `utils.Params.GetString("X")` from other packages) to `shared`, read once the whole project is seen. A
    `_test.go` file's calls on the global viper go to a viper of its own: test setup
    (`viper.SetDefault("loglevel", "error")`) is not the program's configuration; nor is an example program's
    (`examples/ldapauthserver/config/config.go` setting its own `SetEnvPrefix("ldapauth")`)."""
    tokens = scan.tokens
    instances: dict[str, _Viper] = {}
    if scan.file.endswith("_test.go") or scope_of_read(Read("", scan.file, 0, False, "go")) == "example":
        global_viper = instances["viper"] = _Viper()
    bodies: list[tuple[int, int]] | None = None
    bound_flags: list[tuple[_Viper, tuple[str, str] | None, bool]] = []  # state, (key, flag), every flag
    for i in range(len(tokens) - 4):
        if (
            is_id(tokens, i)
            and is_op(tokens, i + 1, "=", ":=")
            and is_id(tokens, i + 2, "viper")
            and is_op(tokens, i + 3, ".")
            and is_id(tokens, i + 4, "New")
        ):
            name = tokens[i].text
            if is_op(tokens, i + 1, "=") and name[:1].isupper() and not scan.file.endswith("_test.go"):
                instances[name] = shared.setdefault(name, _Viper())  # a package's exported instance
            else:
                instances[name] = _Viper()
        elif (  # `p := utils.Params`: a local name for a package's exported instance
            is_id(tokens, i)
            and is_op(tokens, i + 1, ":=")
            and is_id(tokens, i + 2)
            and is_op(tokens, i + 3, ".")
            and is_id(tokens, i + 4)
            and tokens[i + 4].text[:1].isupper()
            and not is_op(tokens, i + 5, ".", "(", "{", "[")
        ):
            instances[tokens[i].text] = shared.setdefault(tokens[i + 4].text, _Viper())
        elif (  # `func (c *Config) setDefaults(v *viper.Viper)`: a viper the caller hands over
            params is not None
            and is_id(tokens, i)
            and is_op(tokens, i - 1, "(", ",")
            and is_op(tokens, i + 1, "*")
            and is_id(tokens, i + 2, "viper")
            and is_op(tokens, i + 3, ".")
            and is_id(tokens, i + 4, "Viper")
            and not scan.file.endswith("_test.go")
        ):
            instances.setdefault(tokens[i].text, params)
    for i, tok in enumerate(tokens):
        if tok.kind != ID or is_op(tokens, i - 1, ".") or not is_op(tokens, i + 1, "."):
            continue
        if tok.text == "viper":
            state = global_viper
        elif tok.text in instances:
            state = instances[tok.text]
        elif scan.file.endswith("_test.go"):
            continue
        elif _shared_call(tokens, i + 2):  # `Params.GetString("X")` in another file of the package
            state = shared.setdefault(tok.text, _Viper())
        elif is_id(tokens, i + 2) and _shared_call(tokens, i + 4):  # `utils.Params.GetString("X")`
            state = shared.setdefault(tokens[i + 2].text, _Viper())
            i += 2  # noqa: PLW2901 - the call's method is two tokens further
        else:
            continue
        if not (is_id(tokens, i + 2) and is_op(tokens, i + 3, "(")):
            continue
        method = tokens[i + 2].text
        args = _call_args(scan, i + 3)
        strings = [scan.string(a, b) for a, b in args]
        line = tokens[i + 2].line
        if method == "SetEnvPrefix" and strings and strings[0] is not None:
            state.prefixes.add(strings[0])
        elif method == "AutomaticEnv":
            state.automatic = True
        elif method == "SetEnvKeyReplacer" and args:
            state.replacer = _replacer(scan, *args[0])
        elif method in ("BindEnv", "MustBindEnv") and strings and strings[0] is not None:
            names = [s for s in strings[1:] if s is not None]
            if not names and len(args) == 1:
                if bodies is None:
                    bodies = [f.body for f in functions(tokens, scan.match, scan.file).values()]
                if _prefix_set_after(tokens, bodies, i):
                    names = [strings[0].upper()]  # viper adds the prefix when BindEnv runs: none yet
            state.binds.append((strings[0], names, scan.file, line))
        elif method == "SetDefault" and len(args) == 2 and strings[0] is not None:
            state.set_default(strings[0], (tokens, *args[1]), scan.file, line)
        elif _viper_get(method) and strings and strings[0]:
            state.gets.append((strings[0], scan.file, line))
        elif method in ("BindPFlag", "BindPFlags"):
            pair = _bound_flag(scan, args) if method == "BindPFlag" else None
            bound_flags.append((state, pair, method == "BindPFlags"))
            if pair is not None:
                state.known.append((pair[0].lower(), scan.file, line))
    if bound_flags:
        flags = flag_defaults(tokens, scan.match)
        for state, pair, every in bound_flags:
            if pair is not None:  # BindPFlag("key", fs.Lookup("name"))
                if flags.get(pair[1]) is not None:
                    state.flag_defaults.setdefault(pair[0].lower(), flags[pair[1]])
                else:
                    state.pending_flags.append(pair)
            else:  # BindPFlags(fs), or a key not written literally (a loop's): keys named as the flags
                for name, value in flags.items():
                    state.flag_defaults.setdefault(name.lower(), value)
                # BindPFlags: every flag of the file is a key viper knows (Unmarshal, Get*), with
                # AutomaticEnv a variable (a loop's BindPFlag binds only the keys it walks)
                for name, line in flag_names(tokens, scan.match, file_constants(tokens)) if every else ():
                    state.known.append((name.lower(), scan.file, line))
    if any(t.kind == ID and t.text == "MergeConfigMap" for t in tokens):
        global_viper.environ_prefixes.update(_environ_walks(scan))
    return [state for state in instances.values() if not any(state is v for v in shared.values())]


def _viper_get(method: str) -> bool:
    """A viper method asking for a key's value, or whether it is set (`IsSet`: under AutomaticEnv, whether
    the environment has it)."""
    return (method.startswith("Get") and method != "GetViper") or method == "IsSet"


# What viper's instances are called for: an exported variable calling one of these may hold one.
_VIPER_METHODS = frozenset(
    {
        "AutomaticEnv",
        "SetEnvPrefix",
        "SetEnvKeyReplacer",
        "BindEnv",
        "MustBindEnv",
        "SetDefault",
        "GetString",
        "GetInt",
        "GetInt64",
        "GetBool",
        "GetDuration",
        "GetFloat64",
        "GetStringSlice",
        "GetUint",
        "GetInt32",
    }
)


_SHARED_GET = re.compile(
    r"\b[A-Z]\w*\.Get(?:String|Bool|Int|Duration|Float64|StringSlice)\("
    r"|^\s*\w+\s*:=\s*\w+\.[A-Z]\w*\s*$",  # `p := utils.Params`
    re.MULTILINE,
)


def _shared_call(tokens: list[Token], k: int) -> bool:
    """`Name.Method(` with tokens[k] the method: Name (two tokens back) exported, Method one of viper's (an
    instance no file of the package has been seen assigning yet; it reads nothing unless one does)."""
    return (
        is_id(tokens, k)
        and tokens[k].text in _VIPER_METHODS
        and is_op(tokens, k + 1, "(")
        and is_op(tokens, k - 1, ".")
        and tokens[k - 2].text[:1].isupper()
    )


def _environ_walks(scan: _FileScan) -> set[str]:
    """`APP` of a function walking `os.Environ()` for `strings.HasPrefix(k, "APP_")` names and giving the
    global viper what it found with `viper.MergeConfigMap` (the rest of the name split into its key)."""
    tokens = scan.tokens
    out: set[str] = set()
    for func in functions(tokens, scan.match, scan.file).values():
        a, b = func.body
        texts = [(tokens[k].text, k) for k in range(a, b)]
        if not any(t == "Environ" and is_id(tokens, k - 2, "os") for t, k in texts):
            continue
        if not any(t == "MergeConfigMap" and is_id(tokens, k - 2, "viper") for t, k in texts):
            continue
        for t, k in texts:
            if t == "HasPrefix" and is_id(tokens, k - 2, "strings") and is_op(tokens, k + 1, "("):
                args = _call_args(scan, k + 1)
                prefix = scan.string(*args[1]) if len(args) == 2 else None
                if prefix and prefix.endswith("_") and is_env_name(prefix.rstrip("_")):
                    out.add(prefix.rstrip("_"))
    return out


def _prefix_set_after(tokens: list[Token], bodies: list[tuple[int, int]], i: int) -> bool:
    """Whether the function around the call at i (`x.BindEnv(`) sets x's prefix only after it: viper merges
    the prefix into a bound name when BindEnv runs, so `BindEnv("port")` then `SetEnvPrefix("app")` binds
    PORT."""
    around = [b for b in bodies if b[0] < i < b[1]]
    if not around:
        return False
    start, end = max(around)  # the innermost
    receiver = tokens[i].text
    sets = [
        k
        for k in range(start, end - 2)
        if is_id(tokens, k, receiver) and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2, "SetEnvPrefix")
    ]
    return bool(sets) and min(sets) > i


def _bound_flag(scan: _FileScan, args: list[tuple[int, int]]) -> tuple[str, str] | None:
    """(key, flag name) of `BindPFlag("key", x.Flags().Lookup("name"))`, None when either is not literal."""
    if len(args) != 2:
        return None
    key = scan.string(*args[0])
    start, end = args[1]
    tokens = scan.tokens
    if (
        key is None
        or end - start < 4
        or not (is_id(tokens, end - 4, "Lookup") and is_op(tokens, end - 3, "("))
    ):
        return None
    name = scan.string(end - 2, end - 1)
    return (key, name) if name is not None and is_op(tokens, end - 1, ")") else None


def _replacer(scan: _FileScan, start: int, end: int) -> list[tuple[str, str]]:
    """`strings.NewReplacer(".", "_", "-", "_")`, inline or bound to a name in the file."""
    tokens = scan.tokens
    if end - start == 1 and is_id(tokens, start):
        name = tokens[start].text
        for i in range(len(tokens) - 1):
            if is_id(tokens, i, name) and is_op(tokens, i + 1, "=", ":=") and not is_op(tokens, i - 1, "."):
                start, end = i + 2, len(tokens)
                break
        else:
            return []
    if not (
        is_id(tokens, start, "strings")
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2, "NewReplacer")
        and is_op(tokens, start + 3, "(")
    ):
        return []
    values = [scan.string(a, b) for a, b in _call_args(scan, start + 3)]
    if any(v is None for v in values) or len(values) % 2:
        return []
    pairs = [v for v in values if v is not None]
    return list(zip(pairs[::2], pairs[1::2], strict=True))


# --- the project -----------------------------------------------------------------------------------------


@dataclass
class GoProject:
    """What Go discovery needs from more than one file: each package's struct types and the calls that load
    them, and the global viper's settings. `add` each file, then `resolve` once."""

    packages: dict[str, _Package] = field(default_factory=dict)
    viper: _Viper = field(default_factory=_Viper)
    viper_shared: dict[str, _Viper] = field(default_factory=dict)  # exported package variables holding one
    # Vipers functions are handed (`v *viper.Viper`): their prefix is the caller's, so only what needs none
    # counts: `BindEnv(key, NAME)` and the defaults they set for keys bound elsewhere.
    viper_params: _Viper = field(default_factory=_Viper)
    inline_vars: dict[tuple[str, str], Struct] = field(default_factory=dict)
    environ: EnvironTables = field(default_factory=EnvironTables)  # os.Environ() walked against tables
    wrappers: GoWrappers = field(default_factory=GoWrappers)  # helpers reading the name they are given
    cli: list[CliFlag] = field(default_factory=list)  # urfave/cli flags, their defaults' constants pending
    # The reads each file makes by itself, held until `resolve` knows which files are not the server.
    held: list[Read] = field(default_factory=list)
    file_scopes: dict[str, str] = field(default_factory=dict)  # file -> scope its name or constraint gives
    test_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # functions taking the test
    modules: Modules = field(default_factory=Modules)  # folders of Go files, for nested modules
    koanf: KoanfProject = field(default_factory=KoanfProject)  # koanf's env provider and the keys read
    kingpin_envars: KingpinEnvars = field(default_factory=KingpinEnvars)  # `app.DefaultEnvars()` flags
    configx: ConfigxSchemas = field(default_factory=ConfigxSchemas)  # Ory's schema-described configuration
    generators: set[str] = field(default_factory=set)  # folders of programs `//go:generate go run` runs
    stored: StoredReads = field(default_factory=StoredReads)  # reads kept in package variables, paths
    file_vipers: list[_Viper] = field(default_factory=list)  # `v := viper.New()` of each file
    # `envconfig.Process("", cfg)` with `cfg := new(types.Config)`: (package qualifier, root), placed in that
    # package's folder once every file is known
    foreign_roots: list[tuple[str, _EnvconfigRoot]] = field(default_factory=list)

    def add(self, text: str, file: str) -> list[Read]:
        """Take in one file. Its reads come out of `resolve` (with the scope go_scopes.py gives the file),
        so this returns nothing."""
        self.modules.add(file)
        self.koanf.add(text, file)
        self.kingpin_envars.add(text, file)
        self.configx.add_go(text, file)
        scope = file_scope(text, file)
        if scope is not None:
            self.file_scopes[file] = scope
        elif spans := test_helper_spans(text):
            self.test_spans[file] = spans  # `func JsonnetTestBinary(t testing.TB)` in a runtime file
        self.generators |= generator_folders(text, file)
        self.held.extend(self._add(text, file))
        return []

    def _add(self, text: str, file: str) -> list[Read]:
        """The reads one file makes by itself (os.Getenv, a viper.New() of its own, tags outside any struct
        it could parse); the rest waits for `resolve`."""
        package = self.packages.setdefault(os.path.dirname(file), _Package())  # noqa: PTH120
        if "Decode(" in text or "Unmarshal" in text or "Set(" in text:
            package.decoders.update(_DECODER_METHOD.findall(text))
        self.environ.add(text, file)
        self.wrappers.add(text, file)
        if not any(t in text for t in TRIGGERS):
            if "struct" in text:  # envconfig's structs need no tags: maybe the type a Process call loads
                package.deferred.append(file)
            return []
        scan = _FileScan(text, file)
        tokens = scan.tokens
        env_libs = {"env", *_CAARLOS_ALIAS.findall(text)}  # `envParser "github.com/caarlos0/env/v6"`
        self.wrappers.tokenized(file, tokens, scan.match)
        reads: list[Read] = []
        parser = StructParser(tokens, scan.match, file)
        self._structs(scan, parser, package)
        constants: dict[str, str] | None = None
        for i, tok in enumerate(tokens):
            if tok.kind == ID and tok.text in ("os", "syscall") and not is_op(tokens, i - 1, "."):
                name = _getenv(tokens, i)
                if name is not None and is_env_name(name):
                    lookup = tokens[i + 2].text == "LookupEnv"
                    if constants is None:
                        constants = file_constants(tokens)
                    default = read_fallback(tokens, scan.match, i, constants)
                    optional = lookup or default is not None
                    reads.append(Read(name, file, tok.line, optional, "go", default=default))
                    self.stored.scan(tokens, scan.match, i, file, name)
            elif (
                tok.kind == ID
                and tok.text == "envknob"
                and is_op(tokens, i + 1, ".")
                and is_id(tokens, i + 2, *_ENVKNOB_READERS)
                and is_op(tokens, i + 3, "(")
                and (knob := literal(tokens, i + 4)) is not None
                and is_env_name(knob)
            ):
                reads.append(Read(knob, file, tok.line, True, "go"))
            elif (
                tok.kind == ID
                and (tok.text == "envconfig" or tok.text in env_libs)
                and is_op(tokens, i + 1, ".")
            ):
                self._root_call(scan, package, i, env_libs)
            elif (
                tok.kind == ID
                and tok.text == "kong"
                and is_op(tokens, i + 1, ".")
                and is_op(tokens, i + 3, "(")
            ):
                self._kong_call(scan, package, i)
            elif (
                tok.kind == ID
                and tok.text == "conf"
                and is_op(tokens, i + 1, ".")
                and is_id(tokens, i + 2, "Parse")
                and is_op(tokens, i + 3, "(")
            ):
                if constants is None:
                    constants = file_constants(tokens)
                self._conf_parse(scan, package, i, constants)
            elif (
                tok.kind == STR
                and 'env:"' in tok.text
                and i not in parser.tag_tokens
                and (is_id(tokens, i - 1) or is_op(tokens, i - 1, "}"))
            ):
                field_ = Field("", None, None, struct_tag(tok.text), tok.line, file)
                reads.extend(_tag_reads(field_, ""))
        if "viper" in text or _SHARED_GET.search(text):
            self.file_vipers.extend(_viper_scan(scan, self.viper, self.viper_shared, self.viper_params))
        if any(t in text for t in CLI_IMPORTS) and not file.endswith("_test.go"):
            self.cli.extend(cli_flags(tokens, scan.match, file))
        if KINGPIN_TRIGGER in text:
            reads.extend(kingpin_reads(tokens, scan.match, file))
        if ZLI_TRIGGER in text:
            reads.extend(zli_reads(tokens, scan.match, file))
        return reads

    def _structs(self, scan: _FileScan, parser: StructParser, package: _Package) -> None:
        tokens = scan.tokens
        groups: list[tuple[int, int, str]] = []
        for i in range(len(tokens) - 1):
            if is_id(tokens, i, "type", "var") and is_op(tokens, i + 1, "("):
                groups.append((i + 1, matching(scan.match, tokens, i + 1), tokens[i].text))
        i = 0
        while i < len(tokens) - 1:
            if not (is_id(tokens, i, "struct") and is_op(tokens, i + 1, "{")):
                i += 1
                continue
            name_at = i - 1
            if is_op(tokens, name_at, "]"):  # generic: `type Config[T any] struct`
                depth = 0
                while name_at > 0:
                    if is_op(tokens, name_at, "]"):
                        depth += 1
                    elif is_op(tokens, name_at, "["):
                        depth -= 1
                        if depth == 0:
                            break
                    name_at -= 1
                name_at -= 1
            kind = None
            if is_id(tokens, name_at) and is_id(tokens, name_at - 1, "type", "var"):
                kind = tokens[name_at - 1].text
            elif is_id(tokens, name_at):
                kind = next((k for a, b, k in groups if a < name_at < b), None)
            if kind is None:  # a composite literal's type, a field's (parsed with its parent): skip it
                i += 1
                continue
            struct = parser.body(tokens[name_at].text, i + 1)
            if kind == "type":
                # one type per platform (`x_windows.go`, `x_others.go` under build tags): the variant whose
                # fields the environment sets is the one that reads it
                old = package.structs.get(struct.name)
                if old is None or _env_tagged(struct) or not _env_tagged(old):
                    package.structs[struct.name] = struct
            else:  # `var cfg struct { ... }`: found by the variable's name when a loading call names it
                self.inline_vars[(scan.file, struct.name)] = struct
            i = matching(scan.match, tokens, i + 1) + 1

    def _root_call(self, scan: _FileScan, package: _Package, i: int, env_libs: set[str]) -> None:
        """`envconfig.Process("app", &cfg)` / `env.ParseWithOptions(&cfg, env.Options{Prefix: "APP_"})` (also
        caarlos0/env's `Parse(&cfg, env.Options{...})` of v6-v9, under the import's alias)."""
        tokens = scan.tokens
        if not is_id(tokens, i + 2):
            return
        lib, method = tokens[i].text, tokens[i + 2].text
        lib = "env" if lib in env_libs else lib
        if (  # env.ParseAsWithOptions[Config](env.Options{Prefix: "APP_"})
            lib == "env"
            and method == "ParseAsWithOptions"
            and is_op(tokens, i + 3, "[")
            and is_id(tokens, i + 4)
            and is_op(tokens, i + 5, "]")
            and is_op(tokens, i + 6, "(")
        ):
            prefix = next((_options_prefix(scan, a, b) for a, b in _call_args(scan, i + 6)), None)
            if prefix:
                package.prefixed.append(_EnvconfigRoot(prefix, "", [tokens[i + 4].text], None, scan.file))
            return
        if not is_op(tokens, i + 3, "("):
            return
        args = _call_args(scan, i + 3)
        if lib == "envconfig" and method in ("Process", "MustProcess") and len(args) == 2:
            prefix = scan.string(*args[0])
            target = self._target(scan, *args[1])
            if prefix is not None and target is not None:
                var, types, inline = target
                package.envconfig.append(_EnvconfigRoot(prefix, var, types, inline, scan.file))
                for qualified in (t for t in types if "." in t):  # loaded into another package's type
                    qualifier, type_name = qualified.split(".", 1)
                    root = _EnvconfigRoot(prefix, var, [type_name], None, scan.file)
                    self.foreign_roots.append((qualifier, root))
        elif lib == "envconfig" and method in ("ProcessWith", "MustProcessWith") and len(args) >= 2:
            self._process_with(scan, package, args)
        elif lib == "env" and method in ("ParseWithOptions", "Parse") and len(args) == 2:
            target = self._target(scan, *args[0])
            prefixes = _options_prefixes(scan, *args[1])
            for prefix in prefixes:
                if target is not None and (prefix or len(prefixes) > 1):  # "" beside another: no prefix
                    var, types, inline = target
                    package.prefixed.append(_EnvconfigRoot(prefix, var, types, inline, scan.file))

    def _conf_parse(self, scan: _FileScan, package: _Package, i: int, constants: dict[str, str]) -> None:
        """ardanlabs/conf: `conf.Parse("APP", &cfg)` (the prefix maybe a constant of the file)."""
        args = _call_args(scan, i + 3)
        if len(args) != 2:
            return
        start, end = args[0]
        tokens = scan.tokens
        prefix = scan.string(start, end)
        if prefix is None and end - start == 1 and is_id(tokens, start):
            prefix = constants.get(tokens[start].text)
        target = self._target(scan, *args[1])
        if prefix is not None and target is not None:
            var, types, inline = target
            package.ardan.append(_EnvconfigRoot(prefix, var, types, inline, scan.file))

    def _kong_call(self, scan: _FileScan, package: _Package, i: int) -> None:
        """`kong.Parse(&cli, ...)` (or `Must`, `New`): the struct of the flags; `kong.DefaultEnvars("APP")`:
        the prefix of the names every flag of the package's kong structs derives."""
        tokens = scan.tokens
        method = tokens[i + 2].text
        args = _call_args(scan, i + 3)
        if method == "DefaultEnvars" and len(args) == 1:
            prefix = scan.string(*args[0])
            if prefix is not None:
                package.kong_prefixes.add(prefix)
        elif method in ("Parse", "Must", "New") and args:
            target = self._target(scan, *args[0])
            if target is not None:
                var, types, inline = target
                package.kong.append(_EnvconfigRoot("", var, types, inline, scan.file))

    def _process_with(self, scan: _FileScan, package: _Package, args: list[tuple[int, int]]) -> None:
        """sethvargo/go-envconfig: `ProcessWith(ctx, &envconfig.Config{Target: &cfg, Lookuper: l})` or the
        older `ProcessWith(ctx, &cfg, l)`. With a `PrefixLookuper("APP_", ...)` in the file, every tag of the
        target is read under that prefix; without one the tags are read as written (the default walk)."""
        prefixes = _prefix_lookupers(scan)
        if len(prefixes) != 1:
            return  # none, or several (which goes where is not followed): the tags as written
        tokens = scan.tokens
        start, end = args[1]
        j = start + 1 if is_op(tokens, start, "&") else start
        span: tuple[int, int] | None = (start, end)
        if is_id(tokens, j, "envconfig") and is_op(tokens, j + 1, ".") and is_id(tokens, j + 2, "Config"):
            span = None
            if is_op(tokens, j + 3, "{"):
                for a, b in _call_args(scan, j + 3):
                    if is_id(tokens, a, "Target") and is_op(tokens, a + 1, ":"):
                        span = (a + 2, b)
        target = self._target(scan, *span) if span is not None else None
        if target is not None:
            var, types, inline = target
            package.prefixed.append(_EnvconfigRoot(prefixes.pop(), var, types, inline, scan.file))

    def _target(self, scan: _FileScan, start: int, end: int) -> tuple[str, list[str], Struct | None] | None:
        tokens = scan.tokens
        j = start + 1 if is_op(tokens, start, "&") else start
        if j + 1 == end and is_id(tokens, j):
            var = tokens[j].text
            return var, scan.var_types(var), self.inline_vars.get((scan.file, var))
        if is_id(tokens, j) and is_op(tokens, j + 1, "{"):  # &Config{}
            return "", [tokens[j].text], None
        return None

    def _foreign_namespaces(self) -> None:
        """`Providers provider.Providers `env-namespace:"PROVIDERS"`` in a package's root struct: the other
        package's struct is walked under that prefix (go-flags joins the namespaces of every level), not as a
        root of its own."""
        found: list[tuple[str, _EnvconfigRoot]] = []
        for package in self.packages.values():
            nested = {f.type_name for s in package.structs.values() for f in _all_fields(s) if f.type_name}
            for name, struct in package.structs.items():
                if name in nested:
                    continue  # only a root's fields: a deeper one's full prefix is not known here
                for f in struct.fields:
                    prefix = _child_prefix(f.tags)
                    if f.qualified is None or not prefix or _tag_names(f.tags, f.name)[0]:
                        continue
                    qualifier, type_name = f.qualified
                    owner = _imported_folder(
                        self.wrappers.texts.get(f.file, ""),
                        qualifier,
                        self.wrappers.package_folders(qualifier),
                    )
                    if owner is not None:
                        found.append((owner, _EnvconfigRoot(prefix, "", [type_name], None, f.file)))
        for owner, root in found:
            target = self.packages.get(owner)
            if target is not None and root.candidates[0] in target.structs:
                target.prefixed.append(root)

    def _read_deferred(self, package: _Package, read_file: Callable[[str], str | None] | None) -> None:
        """Parse the package's files put off as holding structs only (once)."""
        if read_file is None:
            return
        for file in package.deferred:
            text = read_file(file)
            if text is not None:
                scan = _FileScan(text, file)
                self._structs(scan, StructParser(scan.tokens, scan.match, file), package)
        package.deferred = []

    def resolve(self, read_file: Callable[[str], str | None] | None = None) -> list[Read]:
        """Every read that depends on more than one file; `read_file` reads the files `add` put off (struct
        definitions without tags) of the packages that load a struct by its fields' names."""
        reads: list[Read] = []
        for qualifier, root in self.foreign_roots:
            owners = _imported_folder(
                self.wrappers.texts.get(root.file, ""), qualifier, self.wrappers.package_folders(qualifier)
            )
            if owners is not None:
                self.packages.setdefault(owners, _Package()).envconfig.append(root)
        self.foreign_roots = []
        self._foreign_namespaces()
        split, rest = comma_split_folders(self.wrappers.texts)
        chains: dict[tuple[str, int], tuple[str, ...]] = {}

        def foreign(f: Field) -> tuple[Struct, dict[str, Struct]] | None:
            """`Database *sqlstore.Config`: the struct of another package of the project, with that package's
            structs (its own fields' types); None for one wrapping a library's type (`struct {
            *regexp.Regexp; FromCache bool }`: decoded as that type, never walked)."""
            if f.qualified is None:
                return None
            qualifier, name = f.qualified
            owner = _imported_folder(
                self.wrappers.texts.get(f.file, ""), qualifier, self.wrappers.package_folders(qualifier)
            )
            target = self.packages.get(owner) if owner is not None else None
            if target is None:
                return None
            self._read_deferred(target, read_file)
            struct = target.structs.get(name)
            if struct is None or any(x.name is None and x.type_name is None for x in struct.fields):
                return None
            return struct, target.structs

        for folder, package in self.packages.items():
            if package.envconfig or package.prefixed or package.kong or package.ardan:
                self._read_deferred(package, read_file)
            if splits_at_commas(folder, split, rest):
                inline = [s for (f, _), s in self.inline_vars.items() if os.path.dirname(f) == folder]  # noqa: PTH120
                end_defaults_at_commas([*package.structs.values(), *inline])
            own = [s for (f, _), s in self.inline_vars.items() if os.path.dirname(f) == folder]  # noqa: PTH120
            reads.extend(self._prefilled(folder, package, _package_reads(package, own, foreign)))
            reads.extend(self._tag_file_variants(folder, package))
            chains.update(field_chains(package.structs, partial(_child, structs=package.structs)))
        reads = mark_path_fields(reads, chains, self.wrappers)
        reads.extend(self._paerser_reads())
        if any("Getenv" in t or "LookupEnv" in t for t in self.wrappers.texts.values()):
            w = self.wrappers
            reads.extend(option_field_reads(w.texts, w.file_tokens, w.package_folders, w.literal_constant))
        reads.extend(self.kingpin_envars.finish())
        reads.extend(self.configx.finish())
        calls = key_calls(self.wrappers.texts)
        reads.extend(
            Read(c.key, c.file, c.line, False, "go")
            for c in calls
            if c.kind == KEY_ENV and is_env_name(c.key)
        )
        self.viper.add_key_calls([c for c in calls if c.kind != KEY_ENV])
        self.viper.add_key_calls(entry_calls(self.wrappers.texts))
        binds, flag_binds = forwarded_binds(self.wrappers.texts, self.wrappers.file_tokens)
        self.viper.binds.extend(binds)  # `util.MustBindEnv("k", "APP_K")`
        for key, flag, _, _ in flag_binds:  # `util.MustBindPFlag("k", flags.Lookup("name"))`: its default
            self.viper.pending_flags.append((key, flag))
        tags = TagDefaults(self.wrappers.texts, self.wrappers.file_tokens, self.wrappers.package_folders)
        if tags.active:
            for state in (self.viper, self.viper_params, *self.viper_shared.values(), *self.file_vipers):
                state.tag_default = tags.default
        for state in self.file_vipers:
            reads.extend(state.reads())
        reads.extend(self._walked_binds())
        reads.extend(self._param_binds())
        self._settle_flag_defaults([self.viper, *self.viper_shared.values()])
        reads.extend(self.viper.reads(self.wrappers.literal_constant, self._path_value))
        for shared in self.viper_shared.values():
            reads.extend(shared.reads(self.wrappers.literal_constant))
        reads.extend(cli_reads(self.cli, self.wrappers.value_constant, self.wrappers.built_name))
        self.cli = []
        if read_file is not None:
            reads.extend(self.environ.reads(read_file))
        self.held = self.stored.resolve(self.held, self.wrappers)  # before the wrappers drop the texts
        reads.extend(self.wrappers.reads())
        reads.extend(self.koanf.reads(read_file))
        reads.extend(self.held)
        folders = self.modules.second_programs(read_file) if read_file is not None else {}
        folders.update(dict.fromkeys(self.generators, "dev"))
        reads = [self._scoped(r, folders) for r in reads]
        self.held = []
        self.file_scopes.clear()
        self.test_spans.clear()
        self.modules = Modules()
        self.generators = set()
        self.environ = EnvironTables()
        self.packages.clear()
        self.inline_vars.clear()
        self.viper = _Viper()
        self.viper_shared = {}
        self.viper_params = _Viper()
        self.file_vipers = []
        return reads

    def _walked_binds(self) -> list[Read]:
        """Keys a reflective walk of a `mapstructure`-tagged struct binds (go_viper_walks.py): an explicit
        name is read as it is; a key goes to the viper it is bound on, whose prefix and replacer apply. A
        `SetDefault` (on that viper, or on one a function is handed) comes before the value the struct's
        constructor gives the field, as viper's Unmarshal overwrites that value with it."""
        texts = self.wrappers.texts
        w = self.wrappers
        walked: list[WalkedKey] = []
        if any(
            (WALK_TRIGGER in t or ".Tag." in t) and ("BindEnv" in t or "BindPFlag" in t)
            for t in texts.values()
        ):
            walked.extend(walked_keys(texts, w.file_tokens, w.package_folders, w.literal_constant))
        if any(PREFIX_WALK_TRIGGER in t for t in texts.values()):
            walked.extend(prefix_walked_keys(texts, w.file_tokens, w.package_folders, w.literal_constant))
        if any(PATH_WALK_TRIGGER in t and "Sprintf" in t for t in texts.values()):
            walked.extend(path_walked_keys(texts, w.file_tokens, w.package_folders, w.literal_constant))
        if not walked:
            return []
        instances: dict[tuple[str, str], _Viper] = {}
        for item in walked:
            at = (item.caller, item.viper or "")
            if item.viper is not None and not item.explicit and at not in instances:
                instances[at] = _instance_settings(_FileScan(texts[item.caller], item.caller), item.viper)
        params = self.viper_params
        for state in [self.viper, *instances.values()]:
            for key, value in params.defaults.items():
                if key not in state.defaults:
                    state.defaults[key] = value
                    if key in params.computed:
                        state.computed.add(key)
                    if key in params.default_refs:
                        state.default_refs[key] = params.default_refs[key]
        out: list[Read] = []
        for item in walked:
            lower = item.key.lower()
            if item.explicit:
                default, computed = item.default, item.computed
                if lower in params.defaults:
                    default, computed = params.defaults[lower], lower in params.computed
                optional = default is not None or computed
                out.append(
                    Read(
                        item.name,
                        item.file,
                        item.line,
                        optional,
                        "viper",
                        default=default,
                        computed_default=computed,
                    )
                )
                continue
            state = instances.get((item.caller, item.viper or ""), self.viper)
            state.binds.append((item.key, [], item.file, item.line))
            if lower not in state.defaults and (item.default is not None or item.computed):
                state.defaults[lower] = item.default
                if item.computed:
                    state.computed.add(lower)
        for state in instances.values():
            out.extend(state.reads(self.wrappers.literal_constant, self._path_value))
        return out

    def _param_binds(self) -> list[Read]:
        """`v.BindEnv(key, NAME)` on a viper a function is handed: the name as written."""
        params = self.viper_params
        params.binds = [b for b in params.binds if b[1]]
        params.gets, params.known = [], []
        return params.reads(self.wrappers.literal_constant, self._path_value)

    def _settle_flag_defaults(self, states: list[_Viper]) -> None:
        """Keys bound to flags of another file get the default the project's flag definitions give."""
        if not any(state.pending_flags for state in states):
            return
        table = project_flag_defaults(self.wrappers.texts, self.wrappers.file_tokens, self._constant_of)
        for state in states:
            for key, flag in state.pending_flags:
                if flag in table:
                    state.flag_defaults.setdefault(key.lower(), table[flag])
            state.pending_flags = []

    def _constant_of(self, file: str) -> ConstantValue:
        return partial(self.wrappers.literal_constant, os.path.dirname(file))  # noqa: PTH120

    def _path_value(self, file: str, variable: str, fields: list[str]) -> str | None:
        """The literal at `variable.fields...` of the variable's composite literal in file."""
        if file not in self.wrappers.texts:
            return None
        tokens, match = self.wrappers.file_tokens(file)
        folder = os.path.dirname(file)  # noqa: PTH120
        return path_value(tokens, match, variable, fields, partial(self.wrappers.literal_constant, folder))

    def _paerser_reads(self) -> list[Read]:
        """Configuration structs a paerser env decoder fills (go_paerser.py): each field's path under the
        prefix, with the value the configuration's constructor gives it."""
        texts = self.wrappers.texts
        out: list[Read] = []
        for root in paerser_roots(texts) if any("paerser/env" in t for t in texts.values()) else []:
            structs = self._folder_structs(root.folder)
            struct = structs.get(root.type_name)
            if struct is not None:
                values = constructed(texts, root.folder, root.type_name)
                out.extend(_paerser_walk(struct, root.prefix, (), structs, values, texts))
        return out

    def _folder_structs(self, folder: str) -> dict[str, Struct]:
        package = self.packages.get(folder)
        if package is not None and package.structs:
            return package.structs
        package = _Package()
        for file, text in self.wrappers.texts.items():
            if os.path.dirname(file) == folder and not file.endswith("_test.go") and "struct" in text:  # noqa: PTH120
                scan = _FileScan(text, file)
                self._structs(scan, StructParser(scan.tokens, scan.match, file), package)
        return package.structs

    def _prefilled(self, folder: str, package: _Package, reads: list[Read]) -> list[Read]:
        """The defaults a struct holds before the environment is read into it (go_prefill.py): a literal, or
        a constant holding one, for each tagged field without a tag default."""
        if not package.structs:
            return reads
        found: dict[tuple[str, int], str] = {}
        for type_name, values in prefilled(self.wrappers.texts, folder).items():
            struct = package.structs.get(type_name)
            for f in struct.fields if struct is not None else []:
                value = values.get(f.name or "")
                if value is None or not _tag_names(f.tags, f.name)[0]:
                    continue
                default = span_literal(value.tokens, value.start, value.end)
                ref = constant_ref(value.tokens, value.start, value.end) if default is None else None
                if ref is not None:
                    default = self.wrappers.literal_constant(folder, *ref)
                if default is not None:
                    found[(f.file, f.line)] = default
        return [
            replace(r, default=found[(r.file, r.line)], optional=True)
            if r.default is None and not r.computed_default and (r.file, r.line) in found
            else r
            for r in reads
        ]

    def _tag_file_variants(self, folder: str, package: _Package) -> list[Read]:
        """`NAME_FILE` of each tagged field a reflective loader reads a file variant of (go_tag_files.py)."""
        guards = file_guards(self.wrappers.texts, folder) if package.structs else []
        out: list[Read] = []
        for struct in package.structs.values() if guards else []:
            for f in _all_fields(struct):
                names = _tag_names(f.tags, f.name)[0]
                if names and any(g.selects(f.tags) for g in guards):
                    out.extend(Read(n + "_FILE", f.file, f.line, True, FILE_SOURCE) for n in names)
        return out

    def _scoped(self, read: Read, folders: dict[str, str]) -> Read:
        if read.scope is not None:
            return read
        scope = self.file_scopes.get(read.file) or folders.get(os.path.dirname(read.file))  # noqa: PTH120
        if scope is None and any(a <= read.line <= b for a, b in self.test_spans.get(read.file, ())):
            scope = "test"
        return replace(read, scope=scope) if scope is not None else read


def _instance_settings(scan: _FileScan, var: str) -> _Viper:
    """The prefix and key replacer a file gives its viper instance `var`."""
    tokens = scan.tokens
    state = _Viper()
    for i in range(len(tokens) - 3):
        if not (is_id(tokens, i, var) and is_op(tokens, i + 1, ".") and is_op(tokens, i + 3, "(")):
            continue
        args = _call_args(scan, i + 3)
        if is_id(tokens, i + 2, "SetEnvPrefix") and args and (prefix := scan.string(*args[0])) is not None:
            state.prefixes.add(prefix)
        elif is_id(tokens, i + 2, "SetEnvKeyReplacer") and args:
            state.replacer = _replacer(scan, *args[0])
    return state


_IMPORT_SPEC = re.compile(r'(?m)^\s*(?:import\s+)?(?:([A-Za-z_]\w*|\.)\s+)?"([^"\n]+)"')


def _imported_folder(text: str, qualifier: str, folders: list[str]) -> str | None:
    """Which of the project's folders whose package is named `qualifier` the file imports under that name:
    the one its import path ends with (`github.com/harness/gitness/types` -> `types`, not `git/types`)."""
    if len(folders) <= 1:
        return folders[0] if folders else None
    paths = [
        path
        for alias, path in _IMPORT_SPEC.findall(text)
        if alias == qualifier or (not alias and path.rsplit("/", 1)[-1] == qualifier)
    ]
    matching = [f for f in folders for path in paths if path == f or path.endswith("/" + f)]
    return max(matching, key=len) if matching else None


def _prefix_lookupers(scan: _FileScan) -> set[str]:
    """The prefixes of `envconfig.PrefixLookuper("APP_", ...)` calls in a file."""
    tokens = scan.tokens
    out: set[str] = set()
    for i in range(len(tokens) - 4):
        if is_id(tokens, i, "PrefixLookuper") and is_op(tokens, i + 1, "(") and is_op(tokens, i - 1, "."):
            args = _call_args(scan, i + 1)
            prefix = scan.string(*args[0]) if args else None
            if prefix:
                out.add(prefix)
    return out


def _options_prefix(scan: _FileScan, start: int, end: int) -> str | None:
    tokens = scan.tokens
    for j in range(start, end - 2):
        if is_id(tokens, j, "Prefix") and is_op(tokens, j + 1, ":"):
            return scan.string(j + 2, j + 3)
    return None


def _options_prefixes(scan: _FileScan, start: int, end: int) -> list[str]:
    """`Options{Prefix: prefix}` with `prefix := "ALIST_"` and `if flags.NoPrefix { prefix = "" }`: every
    literal the variable is given in the file (each spelling is read, by the flag's choice)."""
    tokens = scan.tokens
    for j in range(start, end - 2):
        if is_id(tokens, j, "Prefix") and is_op(tokens, j + 1, ":"):
            if is_id(tokens, j + 2) and is_op(tokens, j + 3, ",", "}"):
                var = tokens[j + 2].text
                given = [
                    literal(tokens, k + 2)
                    for k in range(len(tokens) - 2)
                    if is_id(tokens, k, var)
                    and is_op(tokens, k + 1, "=", ":=")
                    and literal(tokens, k + 2) is not None
                ]
                values = [v for v in given if v is not None]
                if values:
                    return list(dict.fromkeys(values))
            found = scan.string(j + 2, j + 3)
            return [found] if found is not None else []
    return []


def _getenv(tokens: list[Token], i: int) -> str | None:
    if (
        is_op(tokens, i + 1, ".")
        and is_id(tokens, i + 2, "Getenv", "LookupEnv")
        and is_op(tokens, i + 3, "(")
        and not is_op(tokens, i + 5, "+")  # `os.LookupEnv("APP_" + key)`: a prefix (go_wrappers), no name
    ):
        return literal(tokens, i + 4)
    return None


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in _FALSY


def _tag_names(tags: dict[str, str], field_name: str | None = None) -> tuple[list[str], list[str]]:
    """(names, options) of an `env:"..."` tag: `X,required`, `X, default=1`, cleanenv's `A,B`; or of
    alexflint/go-arg's `arg:"--addr,env:APP_ADDR,required"` (a bare `env` option names the field's name in
    upper case)."""
    spec = tags.get("env")
    if spec is None:
        return _arg_names(tags.get("arg"), field_name)
    default = _DEFAULT_OPTION.search(spec)  # go-envconfig: the default is the rest, commas included
    tail = [f"default={spec[default.end() :]}"] if default else []
    spec = spec[: default.start()] if default else spec
    first, *rest = (part.strip() for part in spec.split(","))
    names = [first] if first else []
    options: list[str] = []
    for part in rest:
        if part and is_env_name(part) and part.upper() == part and not part.islower():
            names.append(part)  # cleanenv: alternative names
        else:
            options.append(part)
    return names, options + tail


def _arg_names(spec: str | None, field_name: str | None) -> tuple[list[str], list[str]]:
    if not spec or "env" not in spec:
        return [], []
    names: list[str] = []
    options: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if part.startswith("env:"):
            names.append(part[4:].strip())
        elif part == "env" and field_name:
            names.append(field_name.upper())
        elif part:
            options.append(part)
    return [n for n in names if n], options


def _child_prefix(tags: dict[str, str]) -> str:
    """What a nested struct field adds to its fields' names."""
    prefix = tags.get("envPrefix", "") + tags.get("env-prefix", "")
    namespace = tags.get("env-namespace", "")
    if namespace:
        prefix += namespace + "_"
    _, options = _tag_names(tags)
    for option in options:
        key, sep, value = option.partition("=")
        if sep and key.strip() == "prefix":
            prefix += value.strip()
    return prefix


def _tag_reads(f: Field, prefix: str) -> list[Read]:
    names, options = _tag_names(f.tags, f.name)
    if not names:
        return []
    default: str | None = None
    has_default = False
    for key in ("envDefault", "env-default", "default"):
        if key in f.tags:
            has_default, default = True, f.tags[key]
            break
    for option in options:
        key, sep, value = option.partition("=")
        if sep and key.strip() == "default":
            has_default, default = True, value
    required = (
        "required" in options
        or "notEmpty" in options
        or _truthy(f.tags.get("required"))
        or _truthy(f.tags.get("env-required"))
    )
    source = "go-env-file" if "file" in options else "go"
    out = []
    for name in names:
        full = prefix + name
        if is_env_name(full):
            hint = credential_field(f, full, options)
            read = Read(full, f.file, f.line, has_default or not required, source, hint, default=default)
            if path_usage(f.tags.get("description", "")):  # go-flags' `description:"path to key.pem file"`
                read = replace(read, holds_path=True)
            out.append(replace(read, boolean_use=True) if f.type_name == "bool" else read)  # a switch
    return out


def _child(f: Field, structs: dict[str, Struct]) -> Struct | None:
    if f.inline is not None:
        return f.inline
    return structs.get(f.type_name) if f.type_name else None


def _walk_tags(
    struct: Struct, prefix: str, structs: dict[str, Struct], path: tuple[int, ...], seen: set[int]
) -> list[Read]:
    """Tag-based libraries (caarlos0/env, go-flags, cleanenv, sethvargo): every tagged field, with the
    prefixes its parents add."""
    if id(struct) in path or len(path) > MAX_DEPTH:
        return []
    out: list[Read] = []
    for f in struct.fields:
        names, _ = _tag_names(f.tags, f.name)
        child = _child(f, structs)
        if child is not None and not names:
            out.extend(_walk_tags(child, prefix + _child_prefix(f.tags), structs, (*path, id(struct)), seen))
            continue
        if names:
            seen.add(id(f))
            out.extend(_tag_reads(f, prefix))
    return out


# `func (u *UserCreate) Decode(value string) error`: envconfig's Decoder (also Setter, TextUnmarshaler,
# BinaryUnmarshaler): the type decodes one variable's text itself.
_DECODER_METHOD = re.compile(
    r"(?m)^func\s*\(\s*\w+\s+\*?(\w+)\s*\)\s*(?:Decode|Set|UnmarshalText|UnmarshalBinary)\(\s*\w+\s+(?:string|\[\]byte)\s*\)"
)


def _walk_envconfig(
    struct: Struct,
    prefix: str,
    structs: dict[str, Struct],
    path: tuple[int, ...],
    decoders: frozenset[str] | set[str] = frozenset(),
    unprefixed: bool = False,
    foreign: Callable[[Field], tuple[Struct, dict[str, Struct]] | None] | None = None,
    abroad: bool = False,
) -> list[Read]:
    """kelseyhightower/envconfig: every exported field, named after the field or its `envconfig` tag. A
    tagged field is looked up under its prefixed key, then under the bare tag; with no prefix given to
    `Process("", &cfg)` the key's prefix is only the nesting fields' names (`AUTHN_DRONE_X`), and the bare tag
    (`DRONE_X`) is the name deployments set. A type with its own decoder is one variable, not a struct."""
    if id(struct) in path or len(path) > MAX_DEPTH:
        return []
    out: list[Read] = []
    unprefixed = unprefixed or not prefix
    for f in struct.fields:
        go_name = f.go_name
        tag = f.tags.get("envconfig", "").split(",")[0]
        if (
            not go_name
            or not go_name[0].isupper()
            or f.tags.get("ignored", "").lower() in _TRUE
            or tag == "-"
        ):
            continue
        key = split_words(go_name) if f.tags.get("split_words", "").lower() in _TRUE else go_name
        key = tag or key
        key = (f"{prefix}_{key}" if prefix else key).upper()
        child = _child(f, structs) if f.type_name not in decoders else None
        child_structs, into_foreign = structs, abroad
        if child is None and foreign is not None and (found := foreign(f)) is not None:
            # `Database *sqlstore.Config`: envconfig recurses into it all the same
            child, child_structs = found
            into_foreign = True
        if child is not None:
            inner = prefix if f.name is None else key
            nested = (*path, id(struct))
            out.extend(
                _walk_envconfig(
                    child, inner, child_structs, nested, decoders, unprefixed, foreign, into_foreign
                )
            )
            continue
        if abroad and f.name is None:
            continue  # another package's struct embedding a library's type (an alias): not one variable
        if tag and unprefixed:
            key = tag.upper()
        default = f.tags.get("default") or None
        required = f.tags.get("required", "").lower() in _TRUE
        if is_env_name(key):
            optional = default is not None or not required
            read = Read(key, f.file, f.line, optional, "go-envconfig", default=default)
            out.append(replace(read, boolean_use=True) if f.type_name == "bool" else read)  # a switch
    return out


def _root_struct(root: _EnvconfigRoot, structs: dict[str, Struct]) -> Struct | None:
    if root.inline is not None:
        return root.inline
    return next((structs[t] for t in root.candidates if t in structs), None)


def _package_reads(
    package: _Package,
    inline: Sequence[Struct] = (),
    foreign: Callable[[Field], tuple[Struct, dict[str, Struct]] | None] | None = None,
) -> list[Read]:
    structs = package.structs
    reads: list[Read] = []
    nested = {f.type_name for s in structs.values() for f in _all_fields(s) if f.type_name in structs}
    for root in package.envconfig:
        struct = _root_struct(root, structs)
        if struct is not None:
            reads.extend(_walk_envconfig(struct, root.prefix, structs, (), package.decoders, foreign=foreign))
        elif root.inline is None:
            # `for _, section := range sections { envconfig.Process("", section) }`: a value of unknown type;
            # the package's outermost structs with envconfig tags are what such calls load
            for name, tagged in structs.items():
                if name not in nested and _has_tag(tagged, "envconfig", structs):
                    reads.extend(_walk_envconfig(tagged, root.prefix, structs, (), package.decoders))
    seen: set[int] = set()
    prefixed: set[int] = set()  # roots walked with what their loading call says, not as written
    default_prefix = next(iter(package.kong_prefixes)) if len(package.kong_prefixes) == 1 else None
    for root in package.kong:
        struct = _root_struct(root, structs)
        if struct is not None:
            prefixed.add(id(struct))
            reads.extend(kong_reads(struct, default_prefix, lambda f: _child(f, structs), seen))
    for root in package.ardan:
        struct = _root_struct(root, structs)
        if struct is not None:
            prefixed.add(id(struct))
            reads.extend(conf_reads(struct, root.prefix, lambda f: _child(f, structs)))
    for root in package.prefixed:
        struct = _root_struct(root, structs)
        if struct is not None:
            prefixed.add(id(struct))
            reads.extend(_walk_tags(struct, root.prefix, structs, (), seen))
    for name, struct in structs.items():
        if name not in nested and id(struct) not in prefixed:
            reads.extend(_walk_tags(struct, "", structs, (), seen))
    prefixed.update(id(r.inline) for r in package.envconfig if r.inline is not None)
    # `var opts struct { ... }` no loading call names (`flags.NewParser(&opts, ...)` of a go-flags fork):
    # its tags, with the prefixes its groups add, as for a named root.
    for struct in inline:
        if id(struct) not in prefixed:
            reads.extend(_walk_tags(struct, "", structs, (), seen))
    # Tagged fields no walk reached (a struct only nested in a cycle): their names as written.
    for struct in structs.values():
        for f in _all_fields(struct):
            if id(f) not in seen and _tag_names(f.tags, f.name)[0]:
                seen.add(id(f))
                reads.extend(_tag_reads(f, ""))
    unique: dict[tuple[str, str, int], Read] = {}
    for read in reads:
        unique.setdefault((read.name, read.file, read.line), read)
    return list(unique.values())


def _paerser_walk(
    struct: Struct,
    prefix: str,
    path: tuple[str, ...],
    structs: dict[str, Struct],
    values: dict[tuple[str, ...], FieldValue],
    texts: dict[str, str],
) -> list[Read]:
    """Each field's variable: the prefix, then the path's Go names upper-cased and joined by `_`."""
    if len(path) > MAX_DEPTH:
        return []
    out: list[Read] = []
    for f in struct.fields:
        if f.tags.get("label") == "-":
            continue
        child = _child(f, structs)
        if f.name is None:  # embedded: its fields are this struct's
            if child is not None:
                out.extend(_paerser_walk(child, prefix, path, structs, values, texts))
            continue
        lines = texts.get(f.file, "").splitlines()
        line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
        kind = field_kind(line, f.name, set(structs)) if f.inline is None else "struct"
        if kind == "skip":
            continue
        if kind == "struct" and child is not None:
            out.extend(_paerser_walk(child, prefix, (*path, f.name), structs, values, texts))
            continue
        name = prefix + "_".join(p.upper() for p in (*path, f.name))
        given = values.get((*path, f.name))
        default = span_literal(given.tokens, given.start, given.end) if given is not None else None
        if is_env_name(name):
            out.append(Read(name, f.file, f.line, True, "go-paerser", default=default or None))
    return out


def _has_tag(struct: Struct, tag: str, structs: dict[str, Struct]) -> bool:
    """Whether a field of the struct, or of a struct nested in it, has the tag."""
    stack: list[Struct] = [struct]
    seen: set[int] = set()
    while stack and len(seen) < 200:
        current = stack.pop()
        seen.add(id(current))
        for f in _all_fields(current):
            if tag in f.tags:
                return True
            child = _child(f, structs)
            if child is not None and id(child) not in seen:
                stack.append(child)
    return False


def _all_fields(struct: Struct) -> list[Field]:
    out: list[Field] = []
    stack = [struct]
    depth = 0
    while stack and depth < 10_000:
        depth += 1
        current = stack.pop()
        for f in current.fields:
            out.append(f)
            if f.inline is not None:
                stack.append(f.inline)
    return out


def discover_go(text: str, file: str, project: GoProject | None = None) -> list[Read]:
    """The reads of one Go file. With a project, every read waits for `project.resolve()` (what depends on
    other files of its package: struct types, the loading call, viper's settings; and the file's scope);
    without, the file is its own package."""
    if project is not None:
        return project.add(text, file)
    alone = GoProject()
    alone.add(text, file)
    return alone.resolve(lambda rel: text if rel == file else None)
