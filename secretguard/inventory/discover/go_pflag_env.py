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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "go-pflag-env"
_WALK = re.compile(r"VisitAll\(\s*func\(\s*(\w+)\s+\*(?:\w+\.)?Flag\s*\)")
_TYPES = (
    "Bool|String|Int|Int8|Int16|Int32|Int64|Uint|Uint8|Uint16|Uint32|Uint64|Float32|Float64|Duration|"
    "StringSlice|StringArray|IntSlice|BoolSlice|DurationSlice|Count|IP|IPSlice"
)
_FLAG = re.compile(rf"\b\w+\.(?:{_TYPES})(Var)?(P)?\(")
_BODY = 800  # characters after the walk's start where the name conversion is looked for


@dataclass
class PflagEnv:
    prefixes: set[str] = field(default_factory=set)  # what the walk puts before each converted name
    flags: list[tuple[str, str | None, str, int]] = field(default_factory=list)  # (flag, default, file, line)

    def add(self, text: str, file: str) -> None:
        if file.endswith("_test.go"):
            return
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

    def finish(self) -> list[Read]:
        out: list[Read] = []
        for prefix in sorted(self.prefixes):
            for flag, default, file, line in self.flags:
                name = prefix + flag.replace("-", "_").replace(".", "_").upper()
                if is_env_name(name):
                    out.append(Read(name, file, line, True, SOURCE, default=default))
        return out


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
