"""Go helpers that read the variable their parameter names, and names held in package constants.

    const EnvPort = "APP_PORT"                       // or in a `const ( ... )` block, typed or not
    func lookupEnv(env string) (string, bool) { return os.LookupEnv(env) }
    func parseInt(dst *int, env string) {
        if v, ok := lookupEnv(env); ok { ... }             // a helper of a helper
        if v, ok := os.LookupEnv(env + "_FILE"); ok { ... } // docker secrets: APP_PORT_FILE too
    }
    c := Config{Port: 8080}                          // the field's value here is APP_PORT's default
    parseInt(&c.Port, EnvPort)                       // every call reads its argument's name
    getEnv("APP_MODE", "dev")                        // a parameter returned when unset: the default

A function is a reader when a parameter (alone, or with literal text around it: `p + "_FILE"`, `"APP_" + p`,
also through a local holding that) reaches `os.Getenv`, `os.LookupEnv` or `syscall.Getenv`, or reaches
another reader's name argument. Each call's argument is resolved when it is a literal, a constant of the
package (any of its files) or `pkg.Const` of another package of the project. `os.Getenv(EnvX)` with a
constant is read here too (literal names are go.py's). Unexported helpers are followed within their package;
exported ones also as `pkg.Name(...)` where `pkg` is the package's name. A name may also be built by a
function of the package (`"APP_" + strings.ToUpper(option)`) and given as a `range` variable over a literal
table: go_names.py.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import FILE_SOURCE, Read, is_env_name
from secretguard.inventory.discover.go_environ import GoFunction, functions
from secretguard.inventory.discover.go_fallbacks import call_fallback
from secretguard.inventory.discover.go_names import (
    Built,
    Op,
    apply,
    builder,
    literal_entries,
    plus_parts,
    range_source,
    transformed,
)
from secretguard.inventory.discover.go_unset import unset_return
from secretguard.inventory.discover.lexer import (
    GO,
    ID,
    NUM,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    span_literal,
    split_arguments,
    text_brace_close,
    tokenize,
)

SOURCE = "go"
BuilderLookup = Callable[[str], Built | None]  # a function of the package -> the name it builds, if one
_READERS = ("Getenv", "LookupEnv")
_PACKAGE = re.compile(r"(?m)^package\s+([A-Za-z_][A-Za-z0-9_]*)")
_DEFAULT_WORDS = ("default", "fallback", "dflt")
_MAX_STEPS = 512  # readers (re)examined: a bound for pathological projects
# Env helper packages outside the project, read as if their functions were the project's own readers: the
# import path (a regex over the quoted path; its package's name) -> function -> (the default's parameter or
# None, whether absence is handled). `env.Get(ConsoleHostname, Hostname)` of github.com/minio/pkg/v3/env reads
# the constant's name with that default; a project function passing its parameter on becomes a reader too.
_LIBRARIES: tuple[tuple[str, str, dict[str, tuple[int | None, bool]]], ...] = (
    (
        r"github\.com/minio/pkg(?:/v\d+)?/env",
        "env",
        {"Get": (1, False), "GetInt": (1, False), "LookupEnv": (None, True), "IsSet": (None, True)},
    ),
    (r"github\.com/gobuffalo/envy", "envy", {"Get": (1, False), "MustGet": (None, False)}),
)
# Name constants libraries export (their documented variables): hashicorp/vault/api's `EnvVaultAddress`...
_LIBRARY_CONSTANTS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        r"github\.com/hashicorp/vault/api",
        "api",
        {
            "EnvVaultAddress": "VAULT_ADDR",
            "EnvVaultAgentAddr": "VAULT_AGENT_ADDR",
            "EnvVaultCACert": "VAULT_CACERT",
            "EnvVaultCACertBytes": "VAULT_CACERT_BYTES",
            "EnvVaultCAPath": "VAULT_CAPATH",
            "EnvVaultClientCert": "VAULT_CLIENT_CERT",
            "EnvVaultClientKey": "VAULT_CLIENT_KEY",
            "EnvVaultClientTimeout": "VAULT_CLIENT_TIMEOUT",
            "EnvVaultSRVLookup": "VAULT_SRV_LOOKUP",
            "EnvVaultSkipVerify": "VAULT_SKIP_VERIFY",
            "EnvVaultNamespace": "VAULT_NAMESPACE",
            "EnvVaultTLSServerName": "VAULT_TLS_SERVER_NAME",
            "EnvVaultWrapTTL": "VAULT_WRAP_TTL",
            "EnvVaultMaxRetries": "VAULT_MAX_RETRIES",
            "EnvVaultToken": "VAULT_TOKEN",
            "EnvVaultMFA": "VAULT_MFA",
            "EnvRateLimit": "VAULT_RATE_LIMIT",
            "EnvHTTPProxy": "VAULT_HTTP_PROXY",
            "EnvVaultProxyAddr": "VAULT_PROXY_ADDR",
            "EnvVaultDisableRedirects": "VAULT_DISABLE_REDIRECTS",
        },
    ),
)
_LIBRARY = "lib:"  # a library reader's folder: `lib:`, its import path regex, a space, its package name
# `const Name = "x"`, `const Name Type = "x"`, and the same lines inside a `const ( ... )` block.
_STRING = r'(?:"([^"\n\\]*)"|`([^`\n]*)`)'  # interpreted or raw (backtick) string literal
_CONST_LINE = re.compile(
    r"(?m)^const\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:[A-Za-z_][A-Za-z0-9_.]*\s*)?=\s*" + _STRING
)
_CONST_BLOCK = re.compile(r"(?ms)^const\s*\((.*?)^\)")
_BLOCK_LINE = re.compile(r"(?m)^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:[A-Za-z_][A-Za-z0-9_.]*\s*)?=\s*" + _STRING)
# A constant (or package-level variable, `var Format = "opus"`) holding one literal, as a default may name it:
# a string, a decimal number or a boolean, alone on its line (`Timeout = 48 * time.Hour` is no literal).
_VALUE = r'(?:"([^"\n\\]*)"|(-?[0-9][0-9_]*(?:\.[0-9]+)?|true|false))\s*(?://[^\n]*)?$'
_LITERAL_LINE = re.compile(
    r"(?m)^(?:const|var)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:[A-Za-z_][A-Za-z0-9_.]*\s*)?=\s*" + _VALUE
)
_DECLARATION_BLOCK = re.compile(r"(?ms)^(?:const|var)\s*\((.*?)^\)")
_LITERAL_BLOCK_LINE = re.compile(
    r"(?m)^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:[A-Za-z_][A-Za-z0-9_.]*\s*)?=\s*" + _VALUE
)


@dataclass(frozen=True, slots=True)
class _Use:
    """One variable a reader reads: its name parameter with literal text around it."""

    param: int
    prefix: str
    suffix: str
    lookup: bool  # read with LookupEnv (absence handled)
    ops: tuple[Op, ...] = ()  # what a name builder does to the argument (`strings.ToUpper`...)
    # A variadic parameter ranged over (`for _, n := range names { os.Getenv(n) }`): every argument from
    # `param` on is a name.
    variadic: bool = False
    # A slice parameter ranged over: each element of the argument's literal (`[]string{"A", "B"}`) is a name.
    listed: bool = False

    def name(self, argument: str) -> str:
        return self.prefix + apply(self.ops, argument) + self.suffix

    def through(self, outer: _Use) -> _Use:
        """This use of a parameter given `outer` (the caller's own parameter, built up) as its argument."""
        return _Use(
            outer.param,
            self.prefix + apply(self.ops, outer.prefix),
            apply(self.ops, outer.suffix) + self.suffix,
            self.lookup,
            outer.ops + self.ops,
            outer.variadic,
            outer.listed,
        )


@dataclass
class _Reader:
    folder: str
    name: str
    method: bool
    uses: set[_Use] = field(default_factory=set)
    default_param: int | None = None
    unset: str | None = None  # the literal it returns when the variable is unset (go_unset.py)


@dataclass
class _File:
    tokens: list[Token]
    match: dict[int, int]
    funcs: dict[str, GoFunction]
    opening: dict[int, int]  # closing bracket -> its opening one


@dataclass
class GoWrappers:
    """Every Go file's text, kept by `add`; `reads` finds the readers and their calls once all are known."""

    texts: dict[str, str] = field(default_factory=dict)
    _parsed: dict[str, _File] = field(default_factory=dict)
    _constants: dict[str, dict[str, str]] = field(default_factory=dict)
    _callers_of: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _tokens: dict[str, tuple[list[Token], dict[int, int]]] = field(default_factory=dict)
    _named: dict[str, list[str]] = field(default_factory=dict)  # package name -> its folders
    _literals: dict[str, dict[str, str]] = field(default_factory=dict)  # folder -> literal constants
    _builders: dict[str, dict[str, Built]] = field(default_factory=dict)  # folder -> name builders
    _map_defaults: dict[str, str] = field(
        default_factory=dict
    )  # name -> its map literal's value (`_map_keys`)
    # folder -> its first file's text, as `texts` orders them (worked out once: asked for every qualifier)
    _folder_texts: dict[str, str] | None = None
    _clauses: dict[str, str] | None = None  # folder -> its package clause
    _aliases: dict[str, set[str]] = field(default_factory=dict)  # library folder -> names files import it as

    def add(self, text: str, file: str) -> None:
        self.texts[file] = text
        self._folder_texts = self._clauses = None

    def tokenized(self, file: str, tokens: list[Token], match: dict[int, int]) -> None:
        """The tokens go.py made of a file that reads variables: kept so that file is not lexed twice."""
        if any(r in self.texts.get(file, "") for r in _READERS):
            self._tokens[file] = (tokens, match)

    def reads(self) -> list[Read]:
        try:
            return self._reads()
        finally:
            self.texts.clear()
            self._parsed.clear()
            self._constants.clear()
            self._callers_of.clear()
            self._tokens.clear()
            self._named.clear()
            self._literals.clear()
            self._builders.clear()
            self._aliases.clear()
            self._folder_texts = self._clauses = None

    def _reads(self) -> list[Read]:
        readers: dict[tuple[str, str], _Reader] = {}
        out: list[Read] = []
        for file, text in self.texts.items():
            if any(r in text for r in _READERS):
                out.extend(self._direct(file, readers))
        todo = list(readers.values()) + self._library_readers()
        done: set[tuple[str, str, frozenset[_Use], int | None]] = set()
        rounds = 0
        while todo and rounds < _MAX_STEPS:
            rounds += 1
            reader = todo.pop()
            key = (reader.folder, reader.name, frozenset(reader.uses), reader.default_param)
            if key in done:
                continue
            done.add(key)
            for file in self._callers(reader):
                out.extend(self._calls(file, reader, readers, todo))
        return out

    # --- files -----------------------------------------------------------------------------------------

    def _library_readers(self) -> list[_Reader]:
        """The known env packages' functions, for the libraries some file imports."""
        found: list[_Reader] = []
        for path, package, funcs in _LIBRARIES:
            aliases = {
                name
                for text in self.texts.values()
                if package in text
                for name in _import_names(text, path, package)
            }
            if not aliases:
                continue
            folder = f"{_LIBRARY}{path} {package}"
            self._aliases[folder] = aliases
            for name, (default_param, lookup) in funcs.items():
                reader = _Reader(folder, name, False, {_Use(0, "", "", lookup)}, default_param)
                found.append(reader)
        return found

    def _file(self, file: str) -> _File:
        parsed = self._parsed.get(file)
        if parsed is None:
            tokens, match = self._tokens.pop(file, ([], {}))
            if not tokens:
                tokens = tokenize(self.texts[file], GO)
                match = bracket_pairs(tokens)
            parsed = self._parsed[file] = _File(
                tokens, match, functions(tokens, match, file), {b: a for a, b in match.items()}
            )
        return parsed

    def constants(self, folder: str) -> dict[str, str]:
        """The string constants of the package in folder (every file; names given two values left out)."""
        if folder not in self._constants:
            found: dict[str, set[str]] = {}
            for file, text in self.texts.items():
                if posixpath.dirname(file) == folder and "const" in text:
                    for name, value in string_constants(text).items():
                        found.setdefault(name, set()).add(value)
            self._constants[folder] = {n: v.pop() for n, v in found.items() if len(v) == 1}
        return self._constants[folder]

    def literal_constant(self, folder: str, qualifier: str | None, name: str) -> str | None:
        """The literal a constant holds: `name` of the package in folder (qualifier None), or `qualifier.name`
        of the project's package so named; None when not one literal (or packages disagree)."""
        folders = [folder] if qualifier is None else self._package_folders(qualifier)
        # Packages sharing a name (`internal/common`, `.../compiler/common`): the ones declaring it decide.
        values = {v for d in folders if (v := self._literal_constants(d).get(name)) is not None}
        return values.pop() if len(values) == 1 else None

    def value_constant(self, folder: str, qualifier: str | None, name: str) -> str | None:
        """`literal_constant`, or a package-level `var name = []string{A, "b"}` whose entries are literals or
        such constants: its entries joined with commas (how a list variable is written)."""
        found = self.literal_constant(folder, qualifier, name)
        if found is not None:
            return found
        folders = [folder] if qualifier is None else self._package_folders(qualifier)
        values = {v for d in folders if (v := self._list_constant(d, name)) is not None}
        return values.pop() if len(values) == 1 else None

    def built_name(self, folder: str, qualifier: str | None, name: str, argument: str) -> str | None:
        """The name `name(argument)` (or `qualifier.name(argument)`) builds, when that function of the
        project is a one-parameter name builder (go_names); None otherwise (or packages disagree)."""
        folders = [folder] if qualifier is None else self._package_folders(qualifier)
        values: set[str | None] = set()
        for d in folders:
            found = self._folder_builders(d).get(name)
            ok = found is not None and found.param == 0
            values.add(found.prefix + apply(found.ops, argument) + found.suffix if found and ok else None)
        return values.pop() if len(values) == 1 else None

    def _list_constant(self, folder: str, name: str) -> str | None:
        declared = re.compile(rf"(?m)^(?:var\s+|\s+){re.escape(name)}\s*=\s*\[\]")
        for file, text in self.texts.items():
            if posixpath.dirname(file) != folder or file.endswith("_test.go") or not declared.search(text):
                continue
            parsed = self._file(file)
            tokens = parsed.tokens
            for k in range(len(tokens) - 4):
                if not (
                    is_id(tokens, k, name)
                    and is_op(tokens, k + 1, "=")
                    and is_op(tokens, k + 2, "[")
                    and is_op(tokens, k + 3, "]")
                    and _enclosing(parsed, k) is None
                ):
                    continue
                brace = next(
                    (b for b in range(k + 4, min(k + 8, len(tokens))) if is_op(tokens, b, "{")), None
                )
                if brace is None or brace not in parsed.match:
                    return None
                entries: list[str] = []
                for start, end in split_arguments(tokens, brace, parsed.match[brace]):
                    entry = span_literal(tokens, start, end)
                    if entry is None and end - start == 1 and is_id(tokens, start):
                        entry = self.literal_constant(folder, None, tokens[start].text)
                    if entry is None:
                        return None
                    entries.append(entry)
                return ",".join(entries)
        return None

    def _literal_constants(self, folder: str) -> dict[str, str]:
        if folder not in self._literals:
            found: dict[str, set[str]] = {}
            for file, text in self.texts.items():
                if (
                    posixpath.dirname(file) == folder
                    and ("const" in text or "var" in text)  # `var Threshold = 9.0` alone is one too
                    and not file.endswith("_test.go")
                ):
                    for const, value in literal_constants(text).items():
                        found.setdefault(const, set()).add(value)
            self._literals[folder] = {n: v.pop() for n, v in found.items() if len(v) == 1}
        return self._literals[folder]

    def package_folders(self, package: str) -> list[str]:
        return self._package_folders(package)

    def qualifiers(self, folder: str) -> set[str]:
        return self._qualifiers(folder)

    def file_tokens(self, file: str) -> tuple[list[Token], dict[int, int]]:
        """A file's tokens and bracket pairs (parsed once)."""
        parsed = self._file(file)
        return parsed.tokens, parsed.match

    def _package_folders(self, package: str) -> list[str]:
        """Folders of the project whose Go package is named `package` (or, failing that, the folder is)."""
        if package not in self._named:
            clauses = self._folder_packages()
            named = [d for d in sorted(clauses) if clauses[d] == package]
            self._named[package] = named or [d for d in sorted(clauses) if posixpath.basename(d) == package]
        return self._named[package]

    def _folder_packages(self) -> dict[str, str]:
        """Each folder's package clause (its first file's)."""
        if self._clauses is None:
            self._clauses = {d: _package_name(t) for d, t in self._first_texts().items()}
        return self._clauses

    def _imports(self, file: str, qualifier: str, folder: str) -> bool:
        """Whether `qualifier.` in file names the package in folder. Checked only when several folders'
        packages share the name (`agent/utils` and `internal/hub/utils`): the file imports a path ending in
        the folder's last two parts."""
        if folder.startswith(_LIBRARY):
            path, package = folder[len(_LIBRARY) :].rsplit(" ", 1)
            return qualifier in _import_names(self.texts.get(file, ""), path, package)
        if len(self._package_folders(qualifier)) < 2:
            return True
        tail = "/".join(folder.split("/")[-2:])
        return re.search(rf'"(?:[^"\n]*/)?{re.escape(tail)}"', self.texts.get(file, "")) is not None

    def _qualifiers(self, folder: str) -> set[str]:
        """How other packages name the package in folder: its package clause and its folder's name."""
        if folder.startswith(_LIBRARY):
            return self._aliases.get(folder, set())
        return {_package_name(self._any_text(folder)), posixpath.basename(folder)} - {""}

    def _any_text(self, folder: str) -> str:
        return self._first_texts().get(folder, "")

    def _first_texts(self) -> dict[str, str]:
        if self._folder_texts is None:
            self._folder_texts = {}
            for file, text in self.texts.items():
                self._folder_texts.setdefault(posixpath.dirname(file), text)
        return self._folder_texts

    def _name(
        self, tokens: list[Token], start: int, end: int, folder: str, owner: tuple[str, GoFunction] | None
    ) -> str | None:
        """A name given as a literal, a constant of the package, `pkg.Const` (a parameter of the
        enclosing function shadows a constant), or a name builder's call on a literal (`envName("x")`)."""
        if end - start == 1:
            tok = tokens[start]
            if tok.kind == STR and not tok.interpolated:
                return tok.text
            if tok.kind == ID and (owner is None or tok.text not in owner[1].params):
                found = self.constants(folder).get(tok.text)
                if found is None and owner is not None:
                    found = self._local_name(tokens, start, tok.text, folder, owner)
                return found
        if (
            end - start == 3
            and is_id(tokens, start)
            and is_op(tokens, start + 1, ".")
            and is_id(tokens, start + 2)
        ):
            values = {  # packages sharing a name: the ones declaring it decide
                v
                for d in self._package_folders(tokens[start].text)
                if (v := self.constants(d).get(tokens[start + 2].text)) is not None
            }
            if not values:  # `api.EnvVaultAddress` of a library the project imports: its documented names
                return self._library_constant(tokens[start].text, tokens[start + 2].text)
            return values.pop() if len(values) == 1 else None
        return self._built_call(tokens, start, end, folder) or _numbered(tokens, start, end)

    def _local_name(
        self, tokens: list[Token], at: int, local: str, folder: str, owner: tuple[str, GoFunction]
    ) -> str | None:
        """A local first given a name before its use: `enableEnv := EnvLoggerWebhookEnable` (later changed
        only for other targets: the first value is the one read by default)."""
        a, _b = owner[1].body
        for k in range(a, at - 2):
            if (
                tokens[k].kind == ID
                and tokens[k].text == local
                and is_op(tokens, k + 1, ":=", "=")
                and not is_op(tokens, k - 1, ".", ",")
            ):
                end = k + 2
                while end < at and tokens[end].line == tokens[k + 2].line and not is_op(tokens, end, ";"):
                    end += 1
                if end - (k + 2) not in (1, 3):
                    return None
                return self._name(tokens, k + 2, end, folder, None)
        return None

    def _library_constant(self, qualifier: str, name: str) -> str | None:
        """A name constant of a library outside the project (`_LIBRARY_CONSTANTS`), under the qualifier
        some file of the project imports it as."""
        for path, package, constants in _LIBRARY_CONSTANTS:
            if name not in constants:
                continue
            key = f"{_LIBRARY}{path} {package}"
            if key not in self._aliases:
                self._aliases[key] = {
                    n
                    for text in self.texts.values()
                    if package in text
                    for n in _import_names(text, path, package)
                }
            if qualifier in self._aliases[key]:
                return constants[name]
        return None

    def _built_call(self, tokens: list[Token], start: int, end: int, folder: str) -> str | None:
        """`envName("x")` / `pkg.EnvName("x")`: the name a builder of the project makes of one literal."""
        qualifier: str | None = None
        if is_id(tokens, start) and is_op(tokens, start + 1, "."):
            qualifier, start = tokens[start].text, start + 2
        if not (
            end - start == 4
            and is_id(tokens, start)
            and is_op(tokens, start + 1, "(")
            and tokens[start + 2].kind == STR
            and not tokens[start + 2].interpolated
            and is_op(tokens, start + 3, ")")
        ):
            return None
        return self.built_name(folder, qualifier, tokens[start].text, tokens[start + 2].text)

    # --- readers ---------------------------------------------------------------------------------------

    def _direct(self, file: str, readers: dict[tuple[str, str], _Reader]) -> list[Read]:
        """`os.Getenv(param ...)` makes the enclosing function a reader; `os.Getenv(Const)` is a read."""
        parsed = self._file(file)
        tokens = parsed.tokens
        folder = posixpath.dirname(file)
        out: list[Read] = []
        for i in range(len(tokens) - 4):
            if not (
                is_id(tokens, i, "os", "syscall")
                and not is_op(tokens, i - 1, ".")
                and is_op(tokens, i + 1, ".")
                and is_id(tokens, i + 2, *_READERS)
                and is_op(tokens, i + 3, "(")
                and i + 3 in parsed.match
            ):
                continue
            close = parsed.match[i + 3]
            lookup = tokens[i + 2].text == "LookupEnv"
            owner = _enclosing(parsed, i)
            if not (close - (i + 4) == 1 and tokens[i + 4].kind == STR):  # a literal: go.py reads it
                name = self._name(tokens, i + 4, close, folder, owner)
                if name is not None and is_env_name(name):
                    out.append(Read(name, file, tokens[i].line, lookup, SOURCE))
                    continue
                built = self._range_names(parsed, i + 4, close, folder)
                if built:
                    out.extend(
                        Read(n, file, tokens[i].line, lookup, SOURCE, default=self._map_defaults.get(n))
                        for n in built
                        if is_env_name(n)
                    )
                    continue
            # A function literal's parameter may shadow the function's: `os.Expand(s, func(s string) ...`.
            if owner is None or _closure_params(parsed, owner[1], i) & set(owner[1].params):
                continue
            func_name, func = owner
            builders, constant = self._builder_lookup(folder), self._constant(folder)
            use = _param_use(tokens, i + 4, close, func, lookup, builders, constant=constant)
            if use is not None:
                method = _is_method(tokens, func)
                _reader(readers, folder, func_name, method, func, parsed, self._constant(folder)).uses.add(
                    use
                )
        return out

    def _callers(self, reader: _Reader) -> list[str]:
        """Files that may call the reader: its package's, and for an exported one any that names it."""
        key = (reader.folder, reader.name)
        if key not in self._callers_of:
            needle = reader.name + "("
            # Elsewhere only `pkg.Name(` calls it: `x.Load()` of another type must not cost a parse.
            qualified = [f"{q}.{needle}" for q in self._qualifiers(reader.folder)]
            exported = reader.name[:1].isupper()
            anywhere = _prefix_method(reader)
            self._callers_of[key] = [
                f
                for f, text in self.texts.items()
                if (needle in text and posixpath.dirname(f) == reader.folder)
                or (exported and any(q in text for q in qualified))
                or (anywhere and f".{needle}" in text)
            ]
        return self._callers_of[key]

    def _calls(
        self, file: str, reader: _Reader, readers: dict[tuple[str, str], _Reader], todo: list[_Reader]
    ) -> list[Read]:
        parsed = self._file(file)
        tokens = parsed.tokens
        folder = posixpath.dirname(file)
        same = folder == reader.folder
        out: list[Read] = []
        for i, tok in enumerate(tokens):
            if (
                tok.kind != ID
                or tok.text != reader.name
                or not is_op(tokens, i + 1, "(")
                or i + 1 not in parsed.match
            ):
                continue
            if is_id(tokens, i - 1, "func") or is_id(tokens, parsed.opening.get(i - 1, -1) - 1, "func"):
                continue  # a declaration: `func name(`, `func (c *T) name(`
            if is_op(tokens, i - 1, "."):  # `c.parse(...)` in its package, `pkg.Read(...)` elsewhere
                qualifier = tokens[i - 2].text if is_id(tokens, i - 2) else ""
                if not same and _prefix_method(reader):
                    pass  # `cfg.ApplyEnvironment("")` through an interface: the method of any type
                elif not (reader.method if same else qualifier in self._qualifiers(reader.folder)):
                    continue
                elif not same and not self._imports(file, qualifier, reader.folder):
                    continue  # `utils.GetEnv` of another package named utils
            elif not same or reader.method:
                continue
            args = split_arguments(tokens, i + 1, parsed.match[i + 1])
            owner = _enclosing(parsed, i)
            out.extend(self._call(file, parsed, i, args, reader, owner, readers, todo))
        return out

    def _call(
        self,
        file: str,
        parsed: _File,
        at: int,
        args: list[tuple[int, int]],
        reader: _Reader,
        owner: tuple[str, GoFunction] | None,
        readers: dict[tuple[str, str], _Reader],
        todo: list[_Reader],
    ) -> list[Read]:
        tokens = parsed.tokens
        folder = posixpath.dirname(file)
        default, given_default = None, False
        if reader.default_param in {u.param for u in reader.uses}:  # `return name`: not a fallback
            reader.default_param = None
        if reader.default_param is not None and reader.default_param < len(args):
            start, end = args[reader.default_param]
            given_default = True
            # a constant's or a package variable's first value (`var ( Port = "9090" )`) as well as a literal
            default = _value(
                tokens, start, end, {**self._literal_constants(folder), **self.constants(folder)}
            )
        elif reader.default_param is None and reader.unset is not None:
            default = reader.unset  # `return false` when unset: every call's default
        elif owner is not None:
            default = _field_default(parsed, owner[1], args, self.constants(folder))
        if default is None and not given_default and at + 1 in parsed.match:
            first = at - 2 if is_op(tokens, at - 1, ".") and is_id(tokens, at - 2) else at
            default = call_fallback(  # `if x == "" { x = "d" }`, `if err != nil { n = 80 }` after the call
                tokens, parsed.match, first, parsed.match[at + 1], self._literal_constants(folder)
            )
        out: list[Read] = []
        for use in sorted(reader.uses, key=lambda u: (u.param, u.prefix, u.suffix)):
            # A variadic parameter ranged over: each argument from there on names a variable.
            spans = args[use.param :] if use.variadic else args[use.param : use.param + 1]
            if use.listed:
                spans = [e for span in spans for e in _slice_elements(tokens, parsed.match, span)]
            for span in spans:
                names = self._argument_names(parsed, span, folder, owner)
                for name in names:
                    full = use.name(name)
                    if (not name and not use.suffix) or not is_env_name(full):
                        continue  # an empty prefix (`ApplyEnvironment("")`) leaves the literal name
                    if use.suffix.upper().endswith("_FILE"):
                        out.append(Read(full, file, tokens[at].line, True, FILE_SOURCE))
                    else:
                        optional = use.lookup or given_default or default is not None
                        read = Read(full, file, tokens[at].line, optional, SOURCE, default=default)
                        # `boolFromEnv([]string{"VAULT_RENEW_TOKEN"}, true)`: a switch, whatever its name says
                        out.append(replace(read, boolean_use=True) if "bool" in reader.name.lower() else read)
                if not names and owner is not None:
                    self._wrapper(parsed, span, use, reader, args, owner, readers, todo, folder)
        return out

    def _argument_names(
        self, parsed: _File, span: tuple[int, int], folder: str, owner: tuple[str, GoFunction] | None
    ) -> list[str]:
        """The names an argument gives: a literal or constant, or a literal table's entries it ranges over."""
        name = self._name(parsed.tokens, *span, folder, owner)
        return [name] if name is not None else self._entries(parsed, *span, folder)

    def _wrapper(
        self,
        parsed: _File,
        span: tuple[int, int],
        use: _Use,
        reader: _Reader,
        args: list[tuple[int, int]],
        owner: tuple[str, GoFunction],
        readers: dict[tuple[str, str], _Reader],
        todo: list[_Reader],
        folder: str,
    ) -> None:
        """A call given the caller's own parameter as the name: the caller is a reader too."""
        tokens = parsed.tokens
        outer = _param_use(
            tokens, *span, owner[1], use.lookup, self._builder_lookup(folder), constant=self._constant(folder)
        )
        if outer is None:
            return
        wrapped = use.through(outer)
        method = _is_method(tokens, owner[1])
        new = _reader(readers, folder, owner[0], method, owner[1], parsed, self._constant(folder))
        if reader.default_param is not None and reader.default_param < len(args):
            d_start, d_end = args[reader.default_param]
            if d_end - d_start == 1 and tokens[d_start].text in owner[1].params:
                new.default_param = owner[1].params.index(tokens[d_start].text)
        new.uses.add(wrapped)
        todo.append(new)

    # --- computed names --------------------------------------------------------------------------------

    def _constant(self, folder: str) -> Callable[[str], str | None]:
        return lambda name: self.literal_constant(folder, None, name)

    def _builder_lookup(self, folder: str) -> BuilderLookup:
        return lambda name: self._folder_builders(folder).get(name)

    def _folder_builders(self, folder: str) -> dict[str, Built]:
        """The package's functions that build a variable's name from a parameter (see go_names)."""
        if folder not in self._builders:
            found: dict[str, Built] = {}
            for file, text in self.texts.items():
                if posixpath.dirname(file) != folder or "strings." not in text:
                    continue
                parsed = self._file(file)
                for name, func in parsed.funcs.items():
                    built = builder(parsed.tokens, parsed.match, func)
                    if built is not None:
                        found[name] = built
            self._builders[folder] = found
        return self._builders[folder]

    def _range_names(self, parsed: _File, start: int, end: int, folder: str) -> list[str]:
        """`os.Getenv(envName(o.name))` / `os.Getenv(name)` in a loop over a literal table: every entry's
        name (through the builder); `os.LookupEnv(Prefix + k)` in `for k, v := range Defaults` over a
        package-level map literal: each key after the constant prefix."""
        tokens = parsed.tokens
        if (
            end - start == 3
            and is_id(tokens, start)
            and is_op(tokens, start + 1, "+")
            and is_id(tokens, start + 2)
        ):
            prefix = self.literal_constant(folder, None, tokens[start].text)
            keys = self._map_keys(parsed, start + 2, folder) if prefix is not None else []
            if prefix is None:
                return []
            for key, value in keys:
                if value is not None:
                    self._map_defaults[prefix + key] = (
                        value  # the map's value is what an unset variable leaves
                    )
            return [prefix + key for key, _ in keys]
        joined = self._joined_entries(parsed, start, end, folder)
        if joined:
            return joined
        call = _single_call(parsed.tokens, start, end)
        found = self._folder_builders(folder).get(parsed.tokens[start].text) if call is not None else None
        if call is not None:
            if found is None or found.param != 0:
                return []
            start, end = call
        entries = self._entries(parsed, start, end, folder)
        if found is None:
            return entries
        return [_Use(0, found.prefix, found.suffix, False, found.ops).name(e) for e in entries if e]

    def _joined_entries(self, parsed: _File, start: int, end: int, folder: str) -> list[str]:
        """`os.Getenv(fullEnv)` with `fullEnv := prefix + b.env` and `prefix := strings.ToUpper(AppSlug) +
        "_"` in a loop over a literal table: the fixed text around each entry's value."""
        span = _local_span(parsed, start, end)
        if span is None:
            return []
        parts = plus_parts(parsed.tokens, parsed.match, *span)
        if parts is None or len(parts) < 2:
            return []
        texts = [self._fixed_text(parsed, a, b, folder, 0) for a, b in parts]
        open_ = [k for k, t in enumerate(texts) if t is None]
        if len(open_) != 1:
            return []
        k = open_[0]
        entries = self._entries(parsed, *parts[k], folder)
        before, after = "".join(t or "" for t in texts[:k]), "".join(t or "" for t in texts[k + 1 :])
        return [before + e + after for e in entries if e]

    def _fixed_text(self, parsed: _File, start: int, end: int, folder: str, depth: int) -> str | None:
        """A string the expression always holds: a literal, a constant, a local bound once to one, their
        sum, `strings.ToUpper/ToLower` of one."""
        tokens = parsed.tokens
        if depth > 4:
            return None
        if end - start == 1:
            if tokens[start].kind == STR and not tokens[start].interpolated:
                return tokens[start].text
            if not is_id(tokens, start):
                return None
            found = self.literal_constant(folder, None, tokens[start].text)
            if found is not None:
                return found
            local = _local_span(parsed, start, end)
            return None if local is None else self._fixed_text(parsed, *local, folder, depth + 1)
        if (
            end - start == 3
            and is_id(tokens, start)
            and is_op(tokens, start + 1, ".")
            and is_id(tokens, start + 2)
        ):
            return self.literal_constant(folder, tokens[start].text, tokens[start + 2].text)
        inner = transformed(tokens, parsed.match, start, end)
        if inner is not None and inner[2]:
            text = self._fixed_text(parsed, inner[0], inner[1], folder, depth + 1)
            return None if text is None else apply(inner[2], text)
        parts = plus_parts(tokens, parsed.match, start, end)
        if parts is None or len(parts) < 2:
            return None
        texts = [self._fixed_text(parsed, a, b, folder, depth + 1) for a, b in parts]
        return None if any(t is None for t in texts) else "".join(t or "" for t in texts)

    def _entries(self, parsed: _File, start: int, end: int, folder: str) -> list[str]:
        """`o.name` / `name` that is a range variable over a literal slice: every entry's value."""
        tokens = parsed.tokens
        field_: str | None = None
        if (
            end - start == 3
            and is_id(tokens, start)
            and is_op(tokens, start + 1, ".")
            and is_id(tokens, start + 2)
        ):
            field_ = tokens[start + 2].text
        elif end - start != 1 or not is_id(tokens, start):
            return []
        source = range_source(tokens, parsed.match, start, tokens[start].text)
        if source is None:
            return []
        if is_op(tokens, source, "["):
            entries = literal_entries(tokens, parsed.match, source, field_)
        elif is_id(tokens, source) and is_op(tokens, source + 1, "{"):
            entries = self._table(folder, tokens[source].text, field_)
            if entries is None:  # `items := []string{"httpport", "appname"}` just before the loop
                entries = _local_table(parsed, source, field_)
        else:
            entries = None
        return [value for value, _ in entries or []]

    def _map_keys(self, parsed: _File, at: int, folder: str) -> list[tuple[str, str | None]]:
        """The string keys of the package-level map literal that `for <var>, v := range M {` walks, for the
        loop's key variable at token `at`."""
        tokens, var = parsed.tokens, parsed.tokens[at].text
        for k in range(at - 1, max(-1, at - 2_000), -1):
            if not (
                is_id(tokens, k, "for")
                and is_id(tokens, k + 1, var)
                and (is_op(tokens, k + 2, ":=") or (is_op(tokens, k + 2, ",") and is_op(tokens, k + 4, ":=")))
            ):
                continue
            source = k + 4 if is_op(tokens, k + 2, ":=") else k + 6
            if not (
                is_id(tokens, source - 1, "range")
                and is_id(tokens, source)
                and is_op(tokens, source + 1, "{")
            ):
                return []
            return self._map_literal_keys(folder, tokens[source].text)
        return []

    def _map_literal_keys(self, folder: str, name: str) -> list[tuple[str, str | None]]:
        """`"key": "value"` (or raw string) entries of the package-level map literal: each key, with its value
        when it is one plain string."""
        declared = re.compile(rf"(?m)^(?:var\s+|\s+){re.escape(name)}\s*=\s*map\[")
        for file, text in self.texts.items():
            found = declared.search(text) if posixpath.dirname(file) == folder else None
            if found is None:
                continue
            open_ = text.find("{", found.end())
            close = text_brace_close(text, open_) if open_ != -1 else -1
            body = text[open_ + 1 : close] if close > open_ else ""
            return [
                (m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
                for m in re.finditer(
                    r"(?m)^\s*\"([A-Za-z_][\w.-]*)\"\s*:\s*(?:\"([^\"\\\n]*)\"\s*,\s*$|`([^`]*)`\s*,\s*$)?",
                    body,
                )
            ]
        return []

    def _table(self, folder: str, name: str, field_: str | None) -> list[tuple[str, int]] | None:
        """The entries of the package-level `var name = []T{...}` of the package."""
        declared = re.compile(rf"(?m)^(?:var\s+|\s+){re.escape(name)}\s*=\s*\[\]")
        for file, text in self.texts.items():
            if posixpath.dirname(file) != folder or not declared.search(text):
                continue
            parsed = self._file(file)
            tokens = parsed.tokens
            for k in range(len(tokens) - 3):
                if (
                    is_id(tokens, k, name)
                    and is_op(tokens, k + 1, "=")
                    and is_op(tokens, k + 2, "[")
                    and _enclosing(parsed, k) is None  # package-level, not a local of that name
                ):
                    return literal_entries(tokens, parsed.match, k + 2, field_)
        return None


def _local_span(parsed: _File, start: int, end: int) -> tuple[int, int] | None:
    """What a one-identifier expression stands for when it is a local given one value by `x := ...` before
    it in the function (its right-hand side, to the end of that line); else the span itself, unless it is
    a lone identifier bound otherwise."""
    tokens = parsed.tokens
    if not (end - start == 1 and is_id(tokens, start)):
        return start, end
    owner = _enclosing(parsed, start)
    if owner is None:
        return None
    name = tokens[start].text
    bound = [
        k
        for k in range(owner[1].body[0], start)
        if is_id(tokens, k, name) and is_op(tokens, k + 1, ":=", "=") and not is_op(tokens, k - 1, ".", ",")
    ]
    if len(bound) != 1 or not is_op(tokens, bound[0] + 1, ":="):
        return None
    first = bound[0] + 2
    last = first
    while last < len(tokens) and tokens[last].line == tokens[first].line and not is_op(tokens, last, ";"):
        last += 1
    return first, last


def _local_table(parsed: _File, at: int, field_: str | None) -> list[tuple[str, int]] | None:
    """The entries of `name := []T{...}` bound in the function around token `at` (the `range name` there),
    before it."""
    owner = _enclosing(parsed, at)
    if owner is None:
        return None
    tokens, name = parsed.tokens, parsed.tokens[at].text
    for k in range(owner[1].body[0], at):
        if is_id(tokens, k, name) and is_op(tokens, k + 1, ":=") and is_op(tokens, k + 2, "["):
            return literal_entries(tokens, parsed.match, k + 2, field_)
    return None


# An index spelled into a name: `__%v__`, `_%d_`, or at the end (`_%d`).
_INDEX_VERB = re.compile(r"(?:(?<=_)%[vd](?=_|$))")
_INDEX_ARGS = frozenset({"i", "j", "k", "n", "idx", "index", "num", "pos"})


def _prefix_method(reader: _Reader) -> bool:
    """An exported method whose parameter only prefixes the names it reads (`func (c *Config)
    ApplyEnvironment(prefix string)` reading `os.Getenv(prefix + "AZURE_ACCOUNT_NAME")`): called through
    an interface (`cfg.ApplyEnvironment("")`), its receiver's type is unknown, and its name is its own."""
    return (
        reader.method
        and reader.name[:1].isupper()
        and bool(reader.uses)
        and all(u.prefix == "" and len(u.suffix) > 1 and not u.ops and not u.variadic for u in reader.uses)
    )


def _numbered(tokens: list[Token], start: int, end: int) -> str | None:
    """`fmt.Sprintf("SFTPGO_MFA__TOTP__%v__NAME", idx)`: one of a numbered family of names, read in a loop
    over the index; the first one's name (index 0) stands for the family."""
    if not (
        end - start == 8
        and is_id(tokens, start, "fmt")
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2, "Sprintf")
        and is_op(tokens, start + 3, "(")
        and tokens[start + 4].kind == STR
        and is_op(tokens, start + 5, ",")
        and is_id(tokens, start + 6)
        and is_op(tokens, start + 7, ")")
    ):
        return None
    template = tokens[start + 4].text
    verbs = _INDEX_VERB.findall(template)
    if len(verbs) != 1 or template.count("%") != 1:
        return None
    index = tokens[start + 6].text.lower()
    if verbs[0] == "%v" and index not in _INDEX_ARGS and not index.endswith(("idx", "index")):
        return None  # `%v` of a name, not of an index
    return _INDEX_VERB.sub("0", template)


def _import_names(text: str, path: str, package: str) -> set[str]:
    """The names a file imports the package at path (a regex) as: its alias, else the package's name."""
    importer = re.compile(rf'(?m)^\s*(?:import\s+)?(?:([A-Za-z_]\w*)\s+)?"{path}"')
    return {m.group(1) or package for m in importer.finditer(text)} - {"_", "."}


def string_constants(text: str) -> dict[str, str]:
    """A file's package-level string constants (top-level `const` lines and blocks only)."""
    found = {m.group(1): _string_of(m) for m in _CONST_LINE.finditer(text)}
    for block in _CONST_BLOCK.finditer(text):
        found.update((m.group(1), _string_of(m)) for m in _BLOCK_LINE.finditer(block.group(1)))
    return found


def _string_of(match: re.Match[str]) -> str:
    return match.group(2) if match.group(2) is not None else match.group(3)


def literal_constants(text: str) -> dict[str, str]:
    """A file's package-level constants and variables initialised with one string, number or boolean
    literal."""
    found = {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _LITERAL_LINE.finditer(text)
    }
    for block in _DECLARATION_BLOCK.finditer(text):
        found.update(
            (m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
            for m in _LITERAL_BLOCK_LINE.finditer(block.group(1))
        )
    return found


def _package_name(text: str) -> str:
    found = _PACKAGE.search(text)
    return found.group(1) if found else ""


def _enclosing(parsed: _File, i: int) -> tuple[str, GoFunction] | None:
    """The innermost function (by body) around token i."""
    best: tuple[str, GoFunction] | None = None
    for name, func in parsed.funcs.items():
        a, b = func.body
        if a < i < b and (best is None or best[1].body[0] < a):
            best = (name, func)
    return best


def _closure_params(parsed: _File, func: GoFunction, i: int) -> set[str]:
    """The parameters of the function literals (`func(s string) string {...}`) around token i."""
    tokens = parsed.tokens
    out: set[str] = set()
    for k in range(func.body[0] + 1, i):
        if not (is_id(tokens, k, "func") and is_op(tokens, k + 1, "(") and k + 1 in parsed.match):
            continue
        close = parsed.match[k + 1]
        body = next(
            (b for b in range(close + 1, min(len(tokens), close + 40)) if is_op(tokens, b, "{")), None
        )
        if body is not None and body < i < parsed.match.get(body, -1):
            out.update(tokens[a].text for a, _ in split_arguments(tokens, k + 1, close) if is_id(tokens, a))
    return out


def _is_method(tokens: list[Token], func: GoFunction) -> bool:
    """Whether the function was declared with a receiver: `func (c *T) name(` (not `func name() func() T`,
    whose result type also has a `func (`)."""
    return func.method


def _reader(
    readers: dict[tuple[str, str], _Reader],
    folder: str,
    name: str,
    method: bool,
    func: GoFunction,
    parsed: _File,
    constant: Callable[[str], str | None],
) -> _Reader:
    reader = readers.get((folder, name))
    if reader is None:
        reader = readers[(folder, name)] = _Reader(folder, name, method)
        reader.default_param = _default_param(parsed.tokens, func)
        reader.unset = unset_return(parsed.tokens, parsed.match, func.body, func.params, constant)
    return reader


def _default_param(tokens: list[Token], func: GoFunction) -> int | None:
    """The parameter returned (or named as) the value when the variable is unset: `return fallback`."""
    a, b = func.body
    for index, param in enumerate(func.params):
        if any(w in param.lower() for w in _DEFAULT_WORDS) or param.lower() in ("def", "fb", "or_"):
            return index
    for k in range(a, b - 1):
        if is_id(tokens, k, "return") and tokens[k + 1].kind == ID and tokens[k + 1].text in func.params:
            after = tokens[k + 2] if k + 2 < len(tokens) else None
            if after is None or after.line != tokens[k + 1].line or after.text in ("}", ";"):
                return func.params.index(tokens[k + 1].text)
    return None


def _param_use(
    tokens: list[Token],
    start: int,
    end: int,
    func: GoFunction,
    lookup: bool,
    built: BuilderLookup | None = None,
    depth: int = 0,
    constant: Callable[[str], str | None] | None = None,
) -> _Use | None:
    """`p`, `p + "_FILE"`, `"APP_" + p`, `envPrefix + p` with a constant of the package, a name builder's
    call `envName(p)` (or a local of the function holding one of those) as a name."""
    if depth > 4:
        return None
    call = _single_call(tokens, start, end)
    if call is not None and built is not None:
        found = built(tokens[start].text)
        if found is None or found.param != 0:
            return None
        inner = _param_use(tokens, call[0], call[1], func, lookup, built, depth + 1, constant)
        if inner is None:
            return None
        return _Use(found.param, found.prefix, found.suffix, lookup, found.ops).through(inner)
    parts = _concat(tokens, start, end)
    if parts is None:
        return None
    local = _local(tokens, func, parts)
    if local is not None:
        return _param_use(tokens, *local, func, lookup, built, depth + 1, constant)
    if constant is not None and len(parts) > 1:
        parts = [_constant_part(part, func, constant) for part in parts]
    names = [k for k, part in enumerate(parts) if part[0] == ID]
    if len(names) != 1:
        return None
    k = names[0]
    prefix = "".join(text for _, text in parts[:k])
    suffix = "".join(text for _, text in parts[k + 1 :])
    if parts[k][1] in func.params:
        return _Use(func.params.index(parts[k][1]), prefix, suffix, lookup)
    ranged = _ranged_variadic(tokens, func, parts[k][1])
    if ranged is not None:
        return _Use(func.params.index(ranged), prefix, suffix, lookup, variadic=True)
    listed = _ranged_slice(tokens, func, parts[k][1])
    if listed is not None:
        return _Use(func.params.index(listed), prefix, suffix, lookup, listed=True)
    return None


def _constant_part(
    part: tuple[str, str], func: GoFunction, constant: Callable[[str], str | None]
) -> tuple[str, str]:
    """An identifier naming a string constant of the package (pgweb's `envVarPrefix + name`) as its text."""
    if part[0] != ID or part[1] in func.params:
        return part
    value = constant(part[1])
    return (STR, value) if value is not None else part


def _ranged_slice(tokens: list[Token], func: GoFunction, var: str) -> str | None:
    """The `[]string` parameter `var` ranges over: `for _, var := range list` in `func f(list []string, ...)`
    (consul-template's `stringFromEnv([]string{"CT_LOG", "LOG_LEVEL"}, "")`)."""
    param = _ranged_param(tokens, func, var)
    if param is None:
        return None
    a = func.body[0]
    for j in range(a - 1, max(0, a - 80), -1):
        if is_id(tokens, j, param) and is_op(tokens, j + 1, "[") and is_op(tokens, j + 2, "]"):
            return param  # `list []string`
        if is_id(tokens, j, "func"):
            break
    return None


def _slice_elements(
    tokens: list[Token], match: dict[int, int], span: tuple[int, int]
) -> list[tuple[int, int]]:
    """The element spans of a slice literal argument (`[]string{"A", api.EnvB}`); none for anything else."""
    start, end = span
    if not (is_op(tokens, start, "[") and is_op(tokens, start + 1, "]")):
        return []
    brace = next((k for k in range(start + 2, min(end, start + 6)) if is_op(tokens, k, "{")), None)
    if brace is None or match.get(brace) != end - 1:
        return []
    return split_arguments(tokens, brace, end - 1)


def _ranged_variadic(tokens: list[Token], func: GoFunction, var: str) -> str | None:
    """The variadic parameter `var` ranges over: `for _, var := range names` in `func f(names ...string)`."""
    param = _ranged_param(tokens, func, var)
    if param is not None and func.params[-1] == param and _is_variadic(tokens, func.body[0], param):
        return param
    return None


def _ranged_param(tokens: list[Token], func: GoFunction, var: str) -> str | None:
    """The parameter a `for _, var := range <param>` loop of the function's body walks."""
    if not func.params:
        return None
    a, b = func.body
    for k in range(a, b - 5):
        if (
            is_id(tokens, k, "for")
            and is_id(tokens, k + 1)
            and is_op(tokens, k + 2, ",")
            and is_id(tokens, k + 3, var)
            and is_op(tokens, k + 4, ":=")
            and is_id(tokens, k + 5, "range")
            and is_id(tokens, k + 6, *func.params)
            and not is_op(tokens, k + 7, ".", "[", "(")
        ):
            return tokens[k + 6].text
    return None


def _is_variadic(tokens: list[Token], body: int, param: str) -> bool:
    """Whether the signature before the body at `body` declares `param ...T`."""
    for k in range(body - 1, max(0, body - 80), -1):
        if is_id(tokens, k, param) and is_op(tokens, k + 1, "..."):
            return True
        if is_id(tokens, k, "func"):
            break
    return False


def _single_call(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """The argument span of `name(arg)` spanning tokens[start:end], else None."""
    if not (
        end - start >= 4
        and is_id(tokens, start)
        and is_op(tokens, start + 1, "(")
        and is_op(tokens, end - 1, ")")
    ):
        return None
    depth = 0
    for k in range(start + 1, end):
        if is_op(tokens, k, "(", "[", "{"):
            depth += 1
        elif is_op(tokens, k, ")", "]", "}"):
            depth -= 1
            if depth == 0 and k != end - 1:
                return None
        elif depth == 1 and is_op(tokens, k, ","):
            return None
    return start + 2, end - 1


def _concat(tokens: list[Token], start: int, end: int) -> list[tuple[str, str]] | None:
    """An expression of identifiers and string literals joined with `+`: its parts, else None."""
    parts: list[tuple[str, str]] = []
    k = start
    while k < end:
        tok = tokens[k]
        if tok.kind == STR and not tok.interpolated:
            parts.append((STR, tok.text))
        elif tok.kind == ID:
            parts.append((ID, tok.text))
        else:
            return None
        k += 1
        if k < end:
            if not is_op(tokens, k, "+"):
                return None
            k += 1
    return parts or None


def _local(tokens: list[Token], func: GoFunction, parts: list[tuple[str, str]]) -> tuple[int, int] | None:
    """A single identifier that is not a parameter: the span of what `v := p + "_FILE"` gave it."""
    if len(parts) != 1 or parts[0][0] != ID or parts[0][1] in func.params:
        return None
    name = parts[0][1]
    a, b = func.body
    for k in range(a, b - 2):
        if is_id(tokens, k, name) and is_op(tokens, k + 1, ":=", "=") and not is_op(tokens, k - 1, ",", "."):
            end = k + 2
            while end < b and tokens[end].line == tokens[k].line and not is_op(tokens, end, ";", "}"):
                end += 1
            return k + 2, end
    return None


def _value(tokens: list[Token], start: int, end: int, constants: dict[str, str]) -> str | None:
    """A default written as one literal (string, number, true/false) or a constant holding one."""
    negative = end - start == 2 and is_op(tokens, start, "-") and tokens[start + 1].kind == NUM
    if negative:
        return "-" + tokens[start + 1].text
    if end - start != 1:
        return None
    tok = tokens[start]
    if tok.kind == STR and not tok.interpolated:
        return tok.text
    if tok.kind == NUM or is_id(tokens, start, "true", "false"):
        return tok.text
    if tok.kind == ID:
        return constants.get(tok.text)
    return None


def _field_default(
    parsed: _File, func: GoFunction, args: list[tuple[int, int]], constants: dict[str, str]
) -> str | None:
    """`parse(&c.Server.Port, EnvPort)` after `c := Config{Server: ServerConfig{Port: 80}}` in the same
    function: the struct literal's value for the field the call writes."""
    tokens = parsed.tokens
    for start, end in args:
        if not (is_op(tokens, start, "&") and is_id(tokens, start + 1) and end - start >= 4):
            continue
        path: list[str] = []
        k = start + 2
        while k + 1 < end and is_op(tokens, k, ".") and is_id(tokens, k + 1):
            path.append(tokens[k + 1].text)
            k += 2
        if k != end or not path:
            continue
        values = _literal_fields(parsed, func, tokens[start + 1].text, start, constants)
        return values.get(tuple(path))
    return None


def _literal_fields(
    parsed: _File, func: GoFunction, var: str, before: int, constants: dict[str, str]
) -> dict[tuple[str, ...], str]:
    """The field values of the struct literal `var := T{...}` (or `&T{...}`, `var v = T{...}`) written in
    the function before the call, nested literals flattened into paths."""
    tokens = parsed.tokens
    a = func.body[0]
    for k in range(before - 1, a, -1):
        if not (is_id(tokens, k, var) and is_op(tokens, k + 1, ":=", "=")):
            continue
        brace = _struct_literal(parsed, k + 2)
        if brace is None:
            return {}
        out: dict[tuple[str, ...], str] = {}
        _flatten(parsed, brace, (), constants, out, 0)
        return out
    return {}


def _struct_literal(parsed: _File, j: int) -> int | None:
    """The `{` of a struct literal starting at j (`T{`, `&T{`, `pkg.T{`), or None."""
    tokens = parsed.tokens
    if is_op(tokens, j, "&"):
        j += 1
    while is_id(tokens, j) and is_op(tokens, j + 1, "."):
        j += 2
    if is_id(tokens, j) and is_op(tokens, j + 1, "{") and j + 1 in parsed.match:
        return j + 1
    return None


def _flatten(
    parsed: _File,
    brace: int,
    prefix: tuple[str, ...],
    constants: dict[str, str],
    out: dict[tuple[str, ...], str],
    depth: int,
) -> None:
    tokens = parsed.tokens
    if depth > 8:
        return
    for start, end in split_arguments(tokens, brace, parsed.match[brace]):
        if not (is_id(tokens, start) and is_op(tokens, start + 1, ":")):
            continue
        key = (*prefix, tokens[start].text)
        inner = _struct_literal(parsed, start + 2)
        if inner is not None:
            _flatten(parsed, inner, key, constants, out, depth + 1)
            continue
        value = _value(tokens, start + 2, end, constants)
        if value is not None:
            out[key] = value
