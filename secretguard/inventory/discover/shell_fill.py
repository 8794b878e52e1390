"""Shell "fill a default" idioms: a test that the environment left a variable unset (or empty), then the
command that sets it: `[[ ! -v PORT ]] && export PORT=8001`, `if [ -z ${NAME+x} ]; then NAME=admin; fi`,
`[ -z "$HOST" ] && HOST=localhost`. They do what `: "${PORT:=8001}"` does: PORT is a read of the environment
with that default, and the script's later uses of PORT are that same value."""

from __future__ import annotations

from dataclasses import dataclass

import re2

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# The test (`[[ ! -v X ]]`, `[ -z "${X+x}" ]`, `test -z "$X"`), then `&&` or `then`.
_TEST = re2.compile(
    r"(?:\[\[?|\btest)[ \t]+"
    rf"(?:![ \t]*-v[ \t]+[\"']?({_NAME})[\"']?"
    rf"|-z[ \t]+\"?\$(?:\{{({_NAME})(?:(:?)[-+][^}}]*)?\}}|({_NAME})\b)\"?)"
    r"[ \t]*\]?\]?[ \t]*(&&|;?\s*then\b)"
)
# The assignment a branch makes (`export X=value`), as the command after `&&`, or any command of the `then`
# branch (a message may come first); the branch ends at its `fi`, `else` or `elif`.
# Only the branch's own commands count (not those of an `if` nested in it).
_SET = re2.compile(rf"^\s*(?:export[ \t]+)?({_NAME})=(\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|]*)")
# A word that is one variable's value: `"${v}"`, `$v`, `"$v"`.
_REF = re2.compile(rf"^\"?\$(?:\{{({_NAME})\}}|({_NAME}))\"?$")
_OPENS = frozenset({"if", "case", "for", "while", "until", "select"})
_CLOSES = frozenset({"fi", "else", "elif", "esac", "done"})


@dataclass(frozen=True)
class Fill:
    name: str
    offset: int  # where the test starts
    value: str  # the assigned word as written (quotes kept)
    set_test: bool  # `-v X` / `${X+x}`: tests whether X is set at all, which only the environment decides


def fills(text: str) -> list[Fill]:
    """The fill-a-default idioms of a script, in order."""
    if "-v" not in text and "-z" not in text:
        return []
    out: list[Fill] = []
    for match in _TEST.finditer(text):
        tested = match.group(1) or match.group(2) or match.group(4)
        value = _assigned(text, match.end(), tested, match.group(5) == "&&")
        if value is None:
            continue
        # `${X+x}` tests "set"; `${X:+x}`, `$X`, `${X:-}` test "set and not empty"
        set_test = match.group(1) is not None or (match.group(2) is not None and not match.group(3))
        out.append(Fill(tested, match.start(), value, set_test))
    return out


def _assigned(text: str, at: int, name: str, one_command: bool) -> str | None:
    """The word the branch starting at `at` assigns to name, or None when it does not."""
    if one_command:
        found = _SET.match(text[at : text.find("\n", at) % (len(text) + 1)])
        return found.group(2) if found is not None and found.group(1) == name else None
    depth = 0  # nested compound commands: an assignment in them is conditional
    locals_: dict[str, str] = {}  # the branch's earlier literal assignments (`default_user='postgres'`)
    for command in re2.split(r"[;\n]", text[at:]):
        first = command.split(maxsplit=1)[0] if command.strip() else ""
        if first in _OPENS:
            depth += 1
        elif first in _CLOSES:
            if depth == 0:
                return None  # the branch ended
            depth -= 1
        elif depth == 0 and (found := _SET.match(command)) is not None:
            if found.group(1) == name:
                return _through_local(str(found.group(2)), locals_)
            locals_[found.group(1)] = str(found.group(2))
    return None


def _through_local(value: str, locals_: dict[str, str]) -> str:
    """`"${default_user}"` after `default_user='postgres'` in the branch: the local's literal word."""
    ref = _REF.match(value)
    held = locals_.get(ref.group(1) or ref.group(2)) if ref is not None else None
    return held if held is not None and "$" not in held and "`" not in held else value


# `${X:-$fallback}` / `${X:="${fallback}"}`: the default is another variable's value.
_VARIABLE_DEFAULT = re2.compile(rf"\$\{{{_NAME}:?[-=]\"?\$(?:\{{({_NAME})\}}|({_NAME}))\"?\}}")


def variable_default(text: str, offset: int) -> str | None:
    """The default of `${X:-$fallback}` at offset when the script assigns `fallback` once, before, a plain
    literal (`fallback='postgres'`): that word as written; else None."""
    match = _VARIABLE_DEFAULT.match(text, offset)
    if match is None:
        return None
    var = match.group(1) or match.group(2)
    sets = list(re2.finditer(rf"(?m)^[ \t]*(?:(?:local|readonly|export)[ \t]+)?{var}=(\S*)[ \t]*$", text))
    if len(sets) != 1 or sets[0].start() > offset:
        return None
    word = str(sets[0].group(1))
    quoted = len(word) >= 2 and word[0] == word[-1] and word[0] in "'\""
    inner = word[1:-1] if quoted else word
    return None if any(c in inner for c in "$`\\'\" ") else word
