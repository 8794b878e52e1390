"""Go programs that read every command-line flag from the environment by walking their pflag set:

    fs.VisitAll(func(f *flag.Flag) {
        envName := strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
        if val, ok := os.LookupEnv(envName); ok { _ = fs.Set(f.Name, val) }
    })
    fs.Int("api-port", 3000, "Set the port ...")          // API_PORT, default 3000
    fs.StringSlice("chromium-deny-list", []string{"a"}, "") // CHROMIUM_DENY_LIST, default "a"

Once a project has such a walk (a `"PREFIX_" +` before the conversion is kept), each flag the project defines
on a pflag set (`X.Bool("name", false, ...)`, `XVar(&v, "name", ...)`, `XP("name", "n", ...)`) is a variable,
optional, its literal default the flag's. Flags of `_test.go` files are left out.

Libraries do the same walk for a package's flags (the standard library's `flag` or pflag; `flag.Var(&v,
"name", ...)` too), each with its own way of naming the prefix; the flags of the package (folder) calling them
are read:

    flagconf.ParseEnv()                  // go.senan.xyz/flagconf: the program's name (GONIC_LISTEN_ADDR)
    ff.WithEnvVarPrefix("APP")           // peterbourgon/ff: APP_LISTEN_ADDR; ff.WithEnvVars(): no prefix
    envy.Parse("APP")                    // jamiealquiza/envy
    flagenv.Prefix = "app_"; flagenv.Parse()     // facebookgo/flagenv (or flagenv.ParseSet("APP_", fs))
    import "github.com/namsral/flag"             // every flag, no prefix (NewFlagSetWithEnvPrefix: "P_")

A program's name is its `package main` folder's (`cmd/gonic`: gonic), or at the module's root the last
element of its `go.mod` module path.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.go_cli import path_usage

SOURCE = "go-pflag-env"
_WALK = re.compile(r"VisitAll\(\s*func\(\s*(\w+)\s+\*(?:\w+\.)?Flag\s*\)")
_TYPES = (
    "Bool|String|Int|Int8|Int16|Int32|Int64|Uint|Uint8|Uint16|Uint32|Uint64|Float32|Float64|Duration|"
    "StringSlice|StringArray|IntSlice|BoolSlice|DurationSlice|Count|IP|IPSlice"
)
_FLAG = re.compile(rf"\b\w+\.(?:{_TYPES})(Var)?(P)?\(")
_BODY = 800  # characters after the walk's start where the name conversion is looked for
_VAR_FLAG = re.compile(r"\b\w+\.Var\(")  # `flag.Var(&v, "name", "usage")`: a value type of the program's
_PROGRAM = "\0program"  # a prefix standing for the program's name (flagconf's)
# A library's call that fills the package's flags from the environment -> the prefix it gives (group 1, a
# literal; _PROGRAM for the program's name; "" for none).
_LIBRARIES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    ("go.senan.xyz/flagconf", re.compile(r"\bflagconf\.ParseEnv\(\s*\)"), lambda m: _PROGRAM),
    ("peterbourgon/ff", re.compile(r"\bff\.WithEnvVarPrefix\(\s*\"(\w*)\"\s*\)"), lambda m: _joined(m[1])),
    ("peterbourgon/ff", re.compile(r"\bff\.WithEnvVars\(\s*\)"), lambda m: ""),
    ("jamiealquiza/envy", re.compile(r"\benvy\.Parse\(\s*\"(\w*)\"\s*\)"), lambda m: _joined(m[1])),
    ("flagenv", re.compile(r"\bflagenv\.ParseSet\(\s*\"(\w*)\""), lambda m: m[1].upper()),
    ("flagenv", re.compile(r"\bflagenv\.Prefix\s*=\s*\"(\w*)\""), lambda m: m[1].upper()),
    ("namsral/flag", re.compile(r"\bNewFlagSetWithEnvPrefix\([^,()]*,\s*\"(\w*)\""), lambda m: _joined(m[1])),
    ("namsral/flag", re.compile(r"\"github\.com/namsral/flag\""), lambda m: ""),
)
_MODULE = re.compile(r"(?m)^module\s+(\S+)")


def _joined(prefix: str) -> str:
    return prefix.upper() + "_" if prefix else ""


@dataclass
class PflagEnv:
    prefixes: set[str] = field(default_factory=set)  # what the walk puts before each converted name
    flags: list[tuple[str, str | None, str, int]] = field(default_factory=list)  # (flag, default, file, line)
    paths: set[tuple[str, int]] = field(default_factory=set)  # flags whose usage says they take a path
    # A package whose flags a library fills from the environment: folder -> the prefixes (see _LIBRARIES).
    folder_prefixes: dict[str, set[str]] = field(default_factory=dict)
    mains: set[str] = field(default_factory=set)  # folders of `package main`
    folder_flags: dict[str, list[tuple[str, str | None, str, int]]] = field(default_factory=dict)

    def add(self, text: str, file: str) -> None:
        if file.endswith("_test.go"):
            return
        if "flag" in text:
            self._library(text, file)
        if "VisitAll" in text:
            for walk in _WALK.finditer(text):
                prefix = _conversion_prefix(text[walk.end() : walk.end() + _BODY], walk.group(1))
                if prefix is not None:
                    self.prefixes.add(prefix)
        if "pflag" in text:
            for found in _FLAG.finditer(text):
                args = _arguments(text, found.end())
                # pflag's shapes: (name, default, usage), Var (&p, ...), P (name, shorthand, ...)
                skip = (1 if found.group(1) else 0) + (1 if found.group(2) else 0)
                if len(args) != 3 + skip:
                    continue  # not a flag definition (`zap.String("logger", v)`)
                name = args[1 if found.group(1) else 0]
                flag = name[1:-1] if re.fullmatch(r"\"[a-z0-9][a-z0-9.-]*\"", name) else None
                if flag is not None:
                    line = text.count("\n", 0, found.start()) + 1
                    self.flags.append((flag, _default(args[1 + skip]), file, line))

    def _library(self, text: str, file: str) -> None:
        """Record a library call filling this package's flags from the environment, and its flags."""
        folder = posixpath.dirname(file)
        if re.search(r"(?m)^package\s+main\b", text):
            self.mains.add(folder)
        for path, call, prefix in _LIBRARIES:
            if path in text:
                for found in call.finditer(text):
                    self.folder_prefixes.setdefault(folder, set()).add(prefix(found))
        flags = self.folder_flags.setdefault(folder, [])
        for found in _FLAG.finditer(text):
            args = _arguments(text, found.end())
            skip = (1 if found.group(1) else 0) + (1 if found.group(2) else 0)
            if len(args) == 3 + skip and (flag := _flag_name(args[1 if found.group(1) else 0])):
                line = text.count("\n", 0, found.start()) + 1
                flags.append((flag, _default(args[1 + skip]), file, line))
                self._usage(args[-1], file, line)
        for found in _VAR_FLAG.finditer(text):
            args = _arguments(text, found.end())
            if len(args) == 3 and args[0].startswith("&") and (flag := _flag_name(args[1])):
                line = text.count("\n", 0, found.start()) + 1
                flags.append((flag, None, file, line))
                self._usage(args[-1], file, line)

    def _usage(self, usage: str, file: str, line: int) -> None:
        """`"path to TLS private key"`: the flag takes a file's path (not a secret by its name's KEY)."""
        if usage.startswith(('"', "`")) and path_usage(usage[1:-1]):
            self.paths.add((file, line))

    def finish(self, read_file: Callable[[str], str | None] | None = None) -> list[Read]:
        out: list[Read] = []
        for prefix in sorted(self.prefixes):
            for flag, default, file, line in self.flags:
                name = prefix + flag.replace("-", "_").replace(".", "_").upper()
                if is_env_name(name):
                    out.append(Read(name, file, line, True, SOURCE, default=default))
        for folder, prefixes in sorted(self.folder_prefixes.items()):
            for given in sorted(prefixes):
                lead = self._program_prefix(folder, read_file) if given == _PROGRAM else given
                if lead is None:
                    continue
                for flag, default, file, line in self.folder_flags.get(folder, []):
                    name = lead + flag.replace("-", "_").replace(".", "_").upper()
                    if is_env_name(name):
                        path = (file, line) in self.paths
                        out.append(Read(name, file, line, True, SOURCE, default=default, holds_path=path))
        return out

    def _program_prefix(self, folder: str, read_file: Callable[[str], str | None] | None) -> str | None:
        """The name `go build` gives the program of a `package main` folder, as a variable's prefix."""
        if folder not in self.mains:
            return None
        program: str | None = posixpath.basename(folder)
        if not folder:
            module = _MODULE.search(read_file("go.mod") or "") if read_file is not None else None
            program = module[1].rstrip("/").rsplit("/", 1)[-1] if module else None
        return None if not program else program.upper().replace("-", "_").replace(".", "_") + "_"


def _flag_name(argument: str) -> str | None:
    return argument[1:-1] if re.fullmatch(r"\"[a-z0-9][a-z0-9.-]*\"", argument) else None


def _conversion_prefix(body: str, flag_var: str) -> str | None:
    """`strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))` (maybe `"APP_" +` before it) handed to
    os.LookupEnv/Getenv: the prefix ("" for none); None when the walk does not read the environment."""
    if "os.LookupEnv(" not in body and "os.Getenv(" not in body:
        return None
    name = re.escape(flag_var)
    found = re.search(
        r"(?:\"([A-Z0-9_]*)\"\s*\+\s*)?strings\.ToUpper\(\s*strings\.Replace(?:All)?\(\s*"
        rf"{name}\.Name\s*,\s*\"-\"\s*,\s*\"_\"\s*(?:,\s*-1\s*)?\)\s*\)",
        body,
    )
    return None if found is None else found.group(1) or ""


def _arguments(text: str, start: int) -> list[str]:
    """The top-level arguments of the call whose `(` ends just before start, stripped (strings kept whole)."""
    out: list[str] = []
    depth, i, begin = 0, start, start
    while i < len(text) and i - start < 2_000:
        ch = text[i]
        if ch in '"`':
            end = text.find(ch, i + 1) if ch == "`" else _string_end(text, i)
            i = len(text) if end < 0 else end
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                out.append(text[begin:i].strip())
                return out
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[begin:i].strip())
            begin = i + 1
        i += 1
    return []


def _string_end(text: str, i: int) -> int:
    j = i + 1
    while j < len(text) and text[j] not in '"\n':
        j += 2 if text[j] == "\\" else 1
    return j


def _default(text: str) -> str | None:
    """A literal default (`3000`, `"info"`, `false`, `[]string{"a", "b"}`), else None."""
    if text.startswith("[]") and text.endswith("}"):
        items = [a or b for a, b in re.findall(r"\"([^\"]*)\"|`([^`]*)`", text)]
        return ",".join(items) if items else None
    if re.fullmatch(r"\"(?:[^\"\\\n]|\\.)*\"", text):
        return re.sub(r"\\(.)", r"\1", text[1:-1]) or None  # `\\` and `\"` as Go reads them
    if re.fullmatch(r"-?\d+(?:\.\d+)?|true|false|`[^`]*`", text):
        return text.strip("`") or None
    return None
