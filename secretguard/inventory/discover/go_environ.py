"""Go programs that read their options by walking `os.Environ()`: each `KEY=value` entry is split on `=`
and its key looked up in a table of option names instead of calling `os.Getenv` per option.

    for _, line := range os.Environ() {
        key, value, _ := strings.Cut(line, "=")          // or parts := strings.SplitN(line, "=", 2); parts[0]
        switch key { case "LOG_LEVEL": ...; case "PORT", "LISTEN_ADDR": ... }   // a switch over names
        if opt, ok := options[key]; ok { ... }            // a map literal keyed by name
        for _, o := range table { if o.Name == key {...} } // a slice of structs, compared by a field
    }

The key may be split off with `strings.Cut`, `strings.SplitN`/`Split` (`parts[0]`) or `strings.Index`
(`line[:i]`), and handed to a function of the package (`p.parseLine(key, value)`): that function's parameter
is the key there.

The names are those literals: the switch's `case` strings (and `key == "NAME"`; the case body's one parse
call with a fallback, `parseInt(value, defaultWorkers)`, gives the default), the map literal's keys (its
value a literal, or a `Default*:` field of a struct value, or its `rawValue:` string, or else a field
holding the one `default...` constant the entry names, is the default), every `Field: "NAME"` of the
package's composite literals for the compared field (with a `Default*:` sibling as the default); a default
may also be a package constant holding a literal (`Default: defaultPort`). Every such variable is optional:
the program reads whatever is set. Only a project that calls `os.Environ()` is searched, and only keys that
come from splitting on `=`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

import re2

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    GO,
    ID,
    NUM,
    OP,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    split_arguments,
    tokenize,
)

SOURCE = "go-environ"
# `config.Parse(os.Environ())`, `parseLines(os.Environ())`: the function handed the entries.
_HANDED = re2.compile(r"\b([A-Za-z_]\w*)\(\s*(?:[\w.&*]+\s*,\s*)*os\.Environ\(\)")
_DECLARED = re2.compile(r"(?m)^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\(")
_INDEXERS = frozenset({"Index", "IndexByte", "IndexRune", "LastIndex"})
_SPLITTERS = frozenset({"Cut", "SplitN", "Split", "SplitAfterN"}) | _INDEXERS
_BOOLEANS = frozenset({"true", "false"})
_NORMALISERS = frozenset({"TrimSpace", "ToUpper", "ToLower", "Trim", "TrimPrefix", "TrimSuffix"})
# Maps of names an os.Environ() walk filters out of a child's environment or masks in a log: not read.
_DENY_LIST = re2.compile(
    r"(?i)clear|skip|ignore|remov|strip|deny|block|exclu|drop|filter|unset|redact|mask|hid"
)
# What a switch over keys usually calls the entry's value: never a fallback.
_VALUE_NAMES = frozenset({"value", "val", "v", "raw", "s", "str", "rawValue"})


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    line: int
    default: str | None
    default_name: str | None = None  # a constant holding the default, resolved once the package is known


@dataclass
class _FileTables:
    """One file's part: names matched by switches, the maps and fields keys are looked up in, and the
    literals that could fill them."""

    file: str
    cases: list[_Entry] = field(default_factory=list)
    looked_up_maps: set[str] = field(default_factory=set)
    compared_fields: set[str] = field(default_factory=set)
    calls: list[tuple[str, int]] = field(default_factory=list)  # (function, argument position) given a key
    maps: dict[str, list[_Entry]] = field(default_factory=dict)  # map literal variable -> its keys
    fields: dict[str, list[_Entry]] = field(default_factory=dict)  # composite literal field -> values


@dataclass(frozen=True, slots=True)
class GoFunction:
    file: str
    params: tuple[str, ...]
    body: tuple[int, int]  # token range of the body
    method: bool = False  # declared with a receiver: `func (c *T) name(`


@dataclass
class EnvironTables:
    """Collects what each Go file adds; `reads` gives the names once the whole project is known."""

    environ: bool = False  # some file calls os.Environ()
    split_files: list[str] = field(default_factory=list)  # files that split `KEY=value` entries
    folders: dict[str, list[str]] = field(default_factory=dict)  # package folder -> its files
    environ_folders: set[str] = field(default_factory=set)  # packages calling os.Environ()
    handed: set[str] = field(
        default_factory=set
    )  # functions given `os.Environ()`: `config.Parse(os.Environ())`
    defined: dict[str, set[str]] = field(default_factory=dict)  # split file -> the functions it declares

    def add(self, text: str, file: str) -> None:
        self.folders.setdefault(posixpath.dirname(file), []).append(file)
        if "Environ()" in text:
            self.environ = True
            self.environ_folders.add(posixpath.dirname(file))
            self.handed.update(_HANDED.findall(text))
        if "strings." in text and ('"="' in text or "'='" in text):
            self.split_files.append(file)
            self.defined[file] = set(_DECLARED.findall(text))

    def _walked(self, file: str) -> bool:
        """The file may split os.Environ()'s entries: its package calls os.Environ(), or it declares a
        function another package hands them to. (A workflow engine splitting its own `KEY=value` lists
        elsewhere is not searched: each split file costs a tokenizing.)"""
        return posixpath.dirname(file) in self.environ_folders or bool(
            self.handed & self.defined.get(file, set())
        )

    def reads(self, read_file: Callable[[str], str | None]) -> list[Read]:
        """The names of the tables keys are looked up in, when the project walks os.Environ(). The files
        involved are read again (through read_file): those that split entries, then only the files of their
        packages that define a function the key is handed to or hold the tables' literals."""
        split_files = [f for f in self.split_files if self._walked(f)]
        if not self.environ or not split_files:
            return []
        sources = _Sources(read_file, self.folders)
        uses = _follow_keys(sources, split_files)
        maps = {m for f in uses for m in f.looked_up_maps}
        compared = {c for f in uses for c in f.compared_fields}
        needles = [f"{m}" for m in maps] + [f"{c}:" for c in compared]
        folders = sorted({posixpath.dirname(f.file) for f in uses})
        holders = [f for folder in folders for f in sources.in_folder(folder) if sources.mentions(f, needles)]
        known: dict[str, str] = {}
        for folder in folders:
            for file in sources.in_folder(folder):
                known.update(constants_in(sources.text(file)))
        parts = uses + [_literals(*sources.parsed(file), file, known) for file in holders]
        reads: list[Read] = []
        for part in parts:
            entries = list(part.cases)
            entries += [e for name, found in part.maps.items() if name in maps for e in found]
            entries += [e for name, found in part.fields.items() if name in compared for e in found]
            reads.extend(
                Read(e.name, part.file, e.line, True, SOURCE, default=_resolved(e, known))
                for e in entries
                if is_env_name(e.name) and e.name == e.name.upper()  # option tables spell names in capitals
            )
        return reads


def _resolved(entry: _Entry, constants: dict[str, str]) -> str | None:
    if entry.default is not None or entry.default_name is None:
        return entry.default
    return constants.get(entry.default_name)


class _Sources:
    """The Go files, read and tokenized once each, on demand."""

    def __init__(self, read_file: Callable[[str], str | None], folders: dict[str, list[str]]) -> None:
        self.read_file = read_file
        self.folders = folders
        self.texts: dict[str, str] = {}
        self.tokens: dict[str, tuple[list[Token], dict[int, int]]] = {}

    def text(self, file: str) -> str:
        if file not in self.texts:
            self.texts[file] = self.read_file(file) or ""
        return self.texts[file]

    def parsed(self, file: str) -> tuple[list[Token], dict[int, int]]:
        if file not in self.tokens:
            tokens = tokenize(self.text(file), GO)
            self.tokens[file] = (tokens, bracket_pairs(tokens))
        return self.tokens[file]

    def in_folder(self, folder: str) -> list[str]:
        return self.folders.get(folder, [])

    def mentions(self, file: str, needles: list[str]) -> bool:
        text = self.text(file)
        return any(n in text for n in needles)

    def function(self, near: str, name: str) -> GoFunction | None:
        """The function `name` of the package `near` belongs to."""
        for file in self.in_folder(posixpath.dirname(near)):
            if f"{name}(" in self.text(file) and "func" in self.text(file):
                found = functions(*self.parsed(file), file).get(name)
                if found is not None:
                    return found
        return None


# `const name = 8080`, `name string = "info"` (in a const block), one per line.
_CONSTANT = re2.compile(
    r'(?m)^\s*(?:const\s+)?([A-Za-z_][A-Za-z0-9_]*)\s+(?:[A-Za-z_][A-Za-z0-9_.]*\s*)?=\s*("[^"\n\\]*"|-?[0-9][0-9_.]*|true|false)\s*(?://.*)?$'
)


def constants_in(text: str) -> dict[str, str]:
    """A file's package-level constants that hold one literal (names given two values left out)."""
    if "const" not in text and "var" not in text:
        return {}
    found: dict[str, set[str]] = {}
    for match in _CONSTANT.finditer(text):
        value = match.group(2)
        found.setdefault(match.group(1), set()).add(value[1:-1] if value.startswith('"') else value)
    return {name: values.pop() for name, values in found.items() if len(values) == 1}


def _follow_keys(sources: _Sources, split_files: list[str]) -> list[_FileTables]:
    """Key uses where entries are split, then in the functions of the package the key is handed to."""
    todo: list[tuple[str, _Keys, tuple[int, int]]] = []
    for file in split_files:
        keys = _split_keys(sources.parsed(file)[0])
        if keys is not None:
            todo.append((file, keys, (0, len(sources.parsed(file)[0]))))
    seen: set[tuple[str, str, int]] = set()
    uses: list[_FileTables] = []
    while todo:
        file, keys, span = todo.pop()
        found = _FileTables(file)
        _key_uses(*sources.parsed(file), keys, found, span)
        uses.append(found)
        for name, position in found.calls:
            if (posixpath.dirname(file), name, position) in seen:
                continue
            seen.add((posixpath.dirname(file), name, position))
            callee = sources.function(file, name)
            if callee is not None and position < len(callee.params):
                todo.append((callee.file, _Keys(names={callee.params[position]}), callee.body))
    return uses


def functions(tokens: list[Token], match: dict[int, int], file: str) -> dict[str, GoFunction]:
    """`func name(a, b string) ...{` and `func (r *T) name(...)`: each function's parameter names."""
    out: dict[str, GoFunction] = {}
    for i in range(len(tokens) - 2):
        if not is_id(tokens, i, "func"):
            continue
        j = i + 1
        method = is_op(tokens, j, "(") and j in match  # a method's receiver
        if method:
            j = match[j] + 1
        if not (is_id(tokens, j) and is_op(tokens, j + 1, "(") and j + 1 in match):
            continue
        close = match[j + 1]
        params = tuple(tokens[a].text for a, _ in split_arguments(tokens, j + 1, close) if is_id(tokens, a))
        body = next(
            (k for k in range(close + 1, min(len(tokens), close + 40)) if is_op(tokens, k, "{")), None
        )
        if body is not None and body in match:
            out[tokens[j].text] = GoFunction(file, params, (body, match[body]), method)
    return out


def _environ_call(tokens: list[Token], i: int) -> bool:
    return (
        is_id(tokens, i, "os", "syscall")
        and is_op(tokens, i + 1, ".")
        and is_id(tokens, i + 2, "Environ")
        and is_op(tokens, i + 3, "(")
    )


def _assigned(tokens: list[Token], i: int) -> list[str]:
    """The names a statement assigns when its value starts at token i: `a, b := <i>`."""
    j = i - 1
    if not is_op(tokens, j, ":=", "="):
        return []
    names: list[str] = []
    j -= 1
    while is_id(tokens, j):
        names.insert(0, tokens[j].text)
        if not is_op(tokens, j - 1, ","):
            break
        j -= 2
    return names


@dataclass
class _Keys:
    names: set[str] = field(default_factory=set)  # variables holding a key
    parts: set[str] = field(default_factory=set)  # variables holding [key, value]
    indexes: set[str] = field(default_factory=set)  # variables holding the position of `=`

    def use_at(self, tokens: list[Token], i: int) -> int:
        """The length of a key use at i (`key`, `parts[0]`, `line[:i]`), 0 for none."""
        if not is_id(tokens, i) or is_op(tokens, i - 1, "."):
            return 0
        if tokens[i].text in self.names:
            return 1
        if not is_op(tokens, i + 1, "["):
            return 0
        if tokens[i].text in self.parts and tokens[i + 2 : i + 3] and tokens[i + 2].text == "0":
            return 4 if is_op(tokens, i + 3, "]") else 0
        if (
            is_op(tokens, i + 2, ":")
            and is_id(tokens, i + 3)
            and tokens[i + 3].text in self.indexes
            and is_op(tokens, i + 4, "]")
        ):
            return 5
        return 0


def _split_call(tokens: list[Token], i: int) -> str | None:
    """`strings.Cut(x, "=")` and the like at i: the function's name; None for anything else."""
    if not (
        is_id(tokens, i, "strings")
        and is_op(tokens, i + 1, ".")
        and is_id(tokens, i + 2)
        and tokens[i + 2].text in _SPLITTERS
        and is_op(tokens, i + 3, "(")
    ):
        return None
    comma = next((j for j in range(i + 4, min(len(tokens), i + 16)) if is_op(tokens, j, ",")), None)
    return tokens[i + 2].text if comma is not None and literal(tokens, comma + 1) == "=" else None


def _split_keys(tokens: list[Token]) -> _Keys | None:
    """Variables holding the key of a `KEY=value` entry split on `=`."""
    keys = _Keys()
    for i in range(len(tokens) - 6):
        splitter = _split_call(tokens, i)
        assigned = _assigned(tokens, i) if splitter is not None else []
        if not assigned:
            continue
        if splitter == "Cut":
            keys.names.add(assigned[0])
        elif splitter in _INDEXERS:
            keys.indexes.add(assigned[0])
        else:
            keys.parts.add(assigned[0])
    if not (keys.names or keys.parts or keys.indexes):
        return None
    # `key := strings.TrimSpace(parts[0])`, `name := line[:i]`: more key variables
    for i in range(len(tokens)):
        if keys.use_at(tokens, i) > 1:
            start = i
            while (
                start > 0
                and tokens[start - 1].line == tokens[i].line
                and not is_op(tokens, start - 1, ":=", "=")
            ):
                start -= 1
            keys.names.update(_assigned(tokens, start)[:1])
    return keys


def _key_uses(
    tokens: list[Token], match: dict[int, int], keys: _Keys, found: _FileTables, span: tuple[int, int]
) -> None:
    """What the key is looked up in within tokens[span]: switches, map indexes, field comparisons, and the
    functions it is handed to."""
    for at in range(*span):
        size = keys.use_at(tokens, at)
        if not size:
            continue
        i = at
        i, after = _widen(tokens, i, i + size)
        if is_op(tokens, i - 1, "[") and is_id(tokens, i - 2) and is_op(tokens, after, "]"):
            if not _DENY_LIST.search(tokens[i - 2].text):  # `if !clear[key]`: names kept out, not read
                found.looked_up_maps.add(tokens[i - 2].text)  # options[key]
        elif is_op(tokens, i - 1, "==") and is_id(tokens, i - 2) and is_op(tokens, i - 3, "."):
            found.compared_fields.add(tokens[i - 2].text)  # opt.Name == key
        elif is_op(tokens, after, "==") and (name := literal(tokens, after + 1)) is not None:
            found.cases.append(_Entry(name, tokens[after + 1].line, None))  # if key == "PORT"
        elif is_op(tokens, i - 1, "==") and (name := literal(tokens, i - 2)) is not None:
            found.cases.append(_Entry(name, tokens[i - 2].line, None))
        elif is_op(tokens, after, "==") and is_id(tokens, after + 1) and is_op(tokens, after + 2, "."):
            found.compared_fields.add(tokens[after + 3].text if is_id(tokens, after + 3) else "")
        elif is_op(tokens, i - 1, "(", ",") and is_op(tokens, after, ")", ","):
            call = _call_position(tokens, match, i)
            if call is not None:
                found.calls.append(call)
        switch = _switch_before(tokens, i)
        if switch is not None:
            found.cases.extend(_cases(tokens, match, switch))


def _widen(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    """A key use normalised in place is still the key: `strings.TrimSpace(key)`, `strings.ToUpper(key)`."""
    while (
        is_op(tokens, start - 1, "(")
        and is_op(tokens, end, ")")
        and is_id(tokens, start - 2)
        and tokens[start - 2].text in _NORMALISERS
        and is_op(tokens, start - 3, ".")
        and is_id(tokens, start - 4, "strings")
    ):
        start, end = start - 4, end + 1
    return start, end


def _call_position(tokens: list[Token], match: dict[int, int], i: int) -> tuple[str, int] | None:
    """For an argument at i: (the called function's name, the argument's position)."""
    depth = 0
    commas = 0
    for j in range(i - 1, max(-1, i - 200), -1):
        if is_op(tokens, j, ")", "]", "}"):
            depth += 1
        elif is_op(tokens, j, "[", "{") or (is_op(tokens, j, "(") and depth):
            if not depth:
                return None
            depth -= 1
        elif is_op(tokens, j, "("):
            return (tokens[j - 1].text, commas) if is_id(tokens, j - 1) and j in match else None
        elif depth == 0 and is_op(tokens, j, ","):
            commas += 1
    return None


def _switch_before(tokens: list[Token], i: int) -> int | None:
    """The `{` of a switch whose tag expression holds the key use at i (`switch key {`,
    `switch strings.ToUpper(key) {`)."""
    j = i - 1
    while j >= 0 and tokens[j].line == tokens[i].line and not is_id(tokens, j, "switch"):
        if is_op(tokens, j, "{", "}", ";"):
            return None
        j -= 1
    if not is_id(tokens, j, "switch"):
        return None
    k = i
    while k < len(tokens) and tokens[k].line == tokens[i].line:
        if is_op(tokens, k, "{"):
            return k
        k += 1
    return None


def _cases(tokens: list[Token], match: dict[int, int], open_: int) -> list[_Entry]:
    """`case "A", "B":` at the switch's own level, each with the fallback its body parses the value with."""
    out: list[_Entry] = []
    end = match.get(open_, len(tokens) - 1)
    depth = 0
    clauses: list[tuple[int, list[_Entry]]] = []  # (the clause's `:`, its names)
    for j in range(open_ + 1, end):
        if is_op(tokens, j, "{", "(", "["):
            depth += 1
        elif is_op(tokens, j, "}", ")", "]"):
            depth -= 1
        elif depth == 0 and is_id(tokens, j, "case", "default"):
            names: list[_Entry] = []
            k = j + 1
            while (name := literal(tokens, k)) is not None:
                names.append(_Entry(name, tokens[k].line, None))
                if not is_op(tokens, k + 1, ","):
                    break
                k += 2
            colon = k + 1 if names else j + 1
            clauses.append((colon, names))
    for n, (colon, names) in enumerate(clauses):
        body_end = clauses[n + 1][0] if n + 1 < len(clauses) else end
        fallback = _case_fallback(tokens, match, colon + 1, body_end)
        out += [_Entry(e.name, e.line, fallback[0], fallback[1]) for e in names]
    return out


def _case_fallback(
    tokens: list[Token], match: dict[int, int], start: int, end: int
) -> tuple[str | None, str | None]:
    """The fallback a case body parses the value with, as (literal, constant name): its one assignment from a
    call of two or three arguments, one of them a single literal or identifier that is not the value
    (`p.opts.port = parseInt(value, defaultPort)`, `o.debug = parseBool(value, false)`)."""
    found: set[tuple[str | None, str | None]] = set()
    for i in range(start, end):
        if not (is_op(tokens, i, "=", ":=") and is_id(tokens, i + 1)):
            continue
        k = i + 1
        while is_op(tokens, k + 1, ".") and is_id(tokens, k + 2):
            k += 2
        if not is_op(tokens, k + 1, "(") or (k + 1) not in match:
            continue
        args = split_arguments(tokens, k + 1, match[k + 1])
        if not 2 <= len(args) <= 3:
            continue
        singles = [a for a, b in args if b - a == 1 and tokens[a].text not in _VALUE_NAMES]
        if len(singles) > 1:  # the value under another name beside the fallback: a literal or `default...`
            singles = [a for a in singles if tokens[a].kind != ID or tokens[a].text.lower().startswith("def")]
        if len(singles) != 1 or len(args) == 1:
            continue
        tok = tokens[singles[0]]
        if tok.kind == ID and tok.text not in _BOOLEANS:
            found.add((None, tok.text))
        else:
            found.add((single_value(tokens, singles[0], singles[0] + 1), None))
    return found.pop() if len(found) == 1 else (None, None)


def single_value(
    tokens: list[Token], start: int, end: int, constants: dict[str, str] | None = None
) -> str | None:
    """A value written as one literal, or as a constant of the package that holds one (`defaultPort`)."""
    if end - start != 1:
        return None
    tok = tokens[start]
    if tok.kind == ID and constants and tok.text in constants:
        return constants[tok.text]
    if tok.kind == STR and not tok.interpolated:
        return tok.text
    if tok.kind == NUM or (tok.kind == ID and tok.text in _BOOLEANS):
        return tok.text
    return None


def _entries(tokens: list[Token], match: dict[int, int], open_: int) -> list[tuple[int, int, int]]:
    """A composite literal's `key: value` entries at its own level: (key index, value start, value end)."""
    out: list[tuple[int, int, int]] = []
    end = match.get(open_, len(tokens) - 1)
    j = open_ + 1
    while j < end:
        start = j
        depth = 0
        while j < end and not (depth == 0 and is_op(tokens, j, ",")):
            if is_op(tokens, j, "{", "(", "["):
                depth += 1
            elif is_op(tokens, j, "}", ")", "]"):
                depth -= 1
            j += 1
        if is_op(tokens, start + 1, ":") and tokens[start].kind in (STR, ID):
            out.append((start, start + 2, j))
        j += 1
    return out


_RAW_FIELDS = frozenset({"rawvalue", "raw", "rawdefault"})


def _struct_default(
    tokens: list[Token], match: dict[int, int], start: int, end: int, constants: dict[str, str]
) -> str | None:
    """The literal of a `Default*:` field of the struct literal in tokens[start:end]."""
    brace = next((k for k in range(start, end) if is_op(tokens, k, "{")), None)
    if brace is None:
        return None
    entries = _entries(tokens, match, brace)
    for key, vstart, vend in entries:
        if tokens[key].kind == ID and tokens[key].text.lower().startswith(("default", "def")):
            return single_value(tokens, vstart, vend, constants)
    # `rawValue: "100"` beside `parsedIntValue: 100`: the entry's value as the environment spells it
    for key, vstart, vend in entries:
        if tokens[key].kind == ID and tokens[key].text.lower() in _RAW_FIELDS:
            return single_value(tokens, vstart, vend, constants)
    # No Default field: a field given a package constant named as the default (`value: defaultBatchSize`,
    # Go's convention for option defaults), when the entry names one such constant.
    named = {
        tokens[vstart].text
        for _, vstart, vend in entries
        if vend - vstart == 1
        and tokens[vstart].kind == ID
        and tokens[vstart].text.lower().startswith("default")
    }
    if len(named) == 1:
        return constants.get(named.pop())
    return None


def _literals(
    tokens: list[Token], match: dict[int, int], file: str, known: dict[str, str] | None = None
) -> _FileTables:
    """Map literals keyed by strings (`var options = map[string]option{"A": {...}}`) and the string fields
    of composite literals (`{Name: "A", Default: "x"}`)."""
    found = _FileTables(file)
    for i, tok in enumerate(tokens):
        if tok.kind != OP or tok.text != "{" or i not in match:
            continue
        entries = _entries(tokens, match, i)
        if _map_literal(tokens, i):
            names = _map_name(tokens, _type_start(tokens, i))
            for key, vstart, vend in entries:
                name = literal(tokens, key)
                if name is not None and names:
                    default = single_value(tokens, vstart, vend, known) or _struct_default(
                        tokens, match, vstart, vend, known or {}
                    )
                    found.maps.setdefault(names[0], []).append(_Entry(name, tokens[key].line, default))
            continue
        defaults = [
            single_value(tokens, vstart, vend, known)
            for key, vstart, vend in entries
            if tokens[key].kind == ID and tokens[key].text.lower().startswith("default")
        ]
        for key, vstart, vend in entries:
            value = literal(tokens, vstart) if vend - vstart == 1 else None
            if tokens[key].kind == ID and value is not None:
                default = defaults[0] if len(defaults) == 1 else None
                found.fields.setdefault(tokens[key].text, []).append(_Entry(value, tokens[key].line, default))
    return found


def _map_name(tokens: list[Token], start: int) -> list[str]:
    """The name a map literal starting at `start` is kept under: `opts := map...`, `var opts = map...`,
    `o.opts = map...`, or a struct literal's field `opts: map...`."""
    if is_op(tokens, start - 1, ":") and is_id(tokens, start - 2):
        return [tokens[start - 2].text]
    return _assigned(tokens, start)


def _map_literal(tokens: list[Token], brace: int) -> bool:
    start = _type_start(tokens, brace)
    return (
        is_id(tokens, start, "map") and is_op(tokens, start + 1, "[") and is_id(tokens, start + 2, "string")
    )


def _type_start(tokens: list[Token], brace: int) -> int:
    """Where the type before a composite literal's `{` starts: `map[string]option{` -> `map`."""
    j = brace - 1
    while (
        j > 0 and tokens[j - 1].line == tokens[brace].line and not is_op(tokens, j - 1, "=", ":=", "(", ",")
    ):
        if is_id(tokens, j, "map"):
            return j
        j -= 1
    return j
