"""Text commands a shell pipeline runs over a file's lines, run here on those lines as they would be: `cat`,
`grep` (`-v`, `-o`, `-E`, `-e`), `sed` (`-n`, `-E`/`-r`; `s/re/new/[gp]`, `/re/d`, `/re/!d`, `/re/p`),
`cut -d= -f1`, `awk -F= '{print $1}'`, and `sort`, `uniq`, `tr`, which change no name. POSIX regular
expressions (basic or extended) run as RE2 ones. Any other command, option or file gives None: what the
pipeline outputs is then not known."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import re2

from secretguard.scan.regexes import compile_quiet

_POSIX_CLASSES = {
    "[:alpha:]": "a-zA-Z",
    "[:digit:]": "0-9",
    "[:alnum:]": "a-zA-Z0-9",
    "[:upper:]": "A-Z",
    "[:lower:]": "a-z",
    "[:space:]": " \\t",
    "[:blank:]": " \\t",
    "[:punct:]": "!-/:-@\\[-`{-~",
}


def _regex(pattern: str, extended: bool) -> Any:
    """A POSIX regular expression (basic, or extended) as a compiled RE2 one; None when it is not one."""
    for posix, plain in _POSIX_CLASSES.items():
        pattern = pattern.replace(posix, plain)
    if not extended:
        out: list[str] = []
        i = 0
        while i < len(pattern):
            ch = pattern[i]
            if ch == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "(){}+?|":
                out.append(pattern[i + 1])
                i += 2
                continue
            if ch == "\\" and i + 1 < len(pattern):
                out.append(pattern[i : i + 2])
                i += 2
                continue
            out.append("\\" + ch if ch in "(){}+?|" else ch)
            i += 1
        pattern = "".join(out)
    try:
        return compile_quiet(pattern)
    except re2.error:
        return None


def _replacement(text: str) -> str:
    """sed's replacement in Python's syntax: `\\1` stays, `&` is the whole match."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(f"\\g<{nxt}>" if nxt.isdigit() else nxt.replace("\\", "\\\\"))
            i += 2
            continue
        out.append("\\g<0>" if ch == "&" else ch.replace("\\", "\\\\"))
        i += 1
    return "".join(out)


def _sed(args: list[str], lines: list[str]) -> list[str] | None:
    """`sed [-n] [-E|-r] [-e] SCRIPT`: `s/re/new/[gp]`, `/re/d`, `/re/!d`, `/re/p` (one command each)."""
    short = "".join(a[1:] for a in args if a.startswith("-") and not a.startswith("--") and a != "-e")
    quiet = "n" in short or "--quiet" in args
    extended = bool(set(short) & set("Er")) or "--regexp-extended" in args
    scripts: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg in ("-e", "--expression"):
            scripts.append(next(rest, ""))
        elif arg.startswith("-i") or arg in ("-f", "--file"):
            return None
        elif not arg.startswith("-") and not scripts:
            scripts.append(arg)
    out: list[str] = []
    for line in lines:
        kept: str | None = line
        printed = False
        for script in scripts:
            if kept is None:
                break
            result = _sed_command(script.strip(), kept, extended)
            if result is None:
                return None
            kept, printed_now = result
            printed = printed or printed_now
        if kept is not None and (printed or not quiet):
            out.append(kept)
        if kept is not None and printed and not quiet:
            out.append(kept)
    return out


def _sed_command(script: str, line: str, extended: bool) -> tuple[str | None, bool] | None:
    """One sed command on a line: (the line, or None when deleted; whether it printed it), None when the
    command is not one of those followed."""
    if script.startswith("s") and len(script) > 3:
        parts = script[2:].split(script[1])
        if len(parts) != 3:
            return None
        pattern, new, flags = parts
        regex = _regex(pattern, extended)
        if regex is None or set(flags) - set("gp"):
            return None
        if regex.search(line) is None:
            return line, False
        count = 0 if "g" in flags else 1
        return regex.sub(_replacement(new), line, count=count), "p" in flags
    if script.startswith("/") and script.count("/") >= 2:
        pattern, command = script[1:].rsplit("/", 1)
        regex = _regex(pattern, extended)
        if regex is None or command not in ("d", "!d", "p", "!p"):
            return None
        hit = regex.search(line) is not None
        if command in ("d", "!d"):
            return (None if hit == (command == "d") else line), False
        return line, hit == (command == "p")
    return None


def _grep(args: list[str], lines: list[str]) -> list[str] | None:
    patterns: list[str] = []
    flags: set[str] = set()
    rest = iter(args)
    for arg in rest:
        if arg in ("-e", "--regexp"):
            patterns.append(next(rest, ""))
        elif arg.startswith("--"):
            return None
        elif arg.startswith("-") and len(arg) > 1:
            flags.update(arg[1:])
        elif not patterns:
            patterns.append(arg)
    if flags - set("vEoPhs") or not patterns:
        return None
    regexes = [_regex(p, bool(flags & {"E", "P"})) for p in patterns]
    if any(r is None for r in regexes):
        return None
    out: list[str] = []
    for line in lines:
        hits = [m.group(0) for r in regexes if r is not None for m in r.finditer(line)]
        if "v" in flags:
            out.extend([] if hits else [line])
        elif "o" in flags:
            out.extend(h for h in hits if h)
        elif hits:
            out.append(line)
    return out


def _field(args: list[str], lines: list[str], awk: bool) -> list[str] | None:
    """`cut -d= -f1` / `awk -F= '{print $1}'`: the first field of each line."""
    joined = " ".join(args)
    if awk:
        match = re.fullmatch(r"-F[ ]?(\S)[ ]\{\s*print\s+\$1;?\s*\}", joined)
    else:
        match = re.fullmatch(r"-d[ ]?(\S)[ ]-f[ ]?1|-f[ ]?1[ ]-d[ ]?(\S)", joined)
    if match is None:
        return None
    sep = next(g for g in match.groups() if g)
    return [line.split(sep, 1)[0] for line in lines]


_IDENTITY = frozenset({"sort", "uniq", "tr"})


def run_pipeline(
    commands: tuple[tuple[str, ...], ...], lines: list[str] | None, load: Callable[[str], list[str] | None]
) -> list[str] | None:
    """The lines a pipeline outputs (lines: what the loop's redirect gives its first command); None when a
    command is not one followed or a file it reads is not known."""
    for command in commands:
        name, args = command[0].rsplit("/", 1)[-1], list(command[1:])
        files = [a for a in args if not a.startswith("-")]
        if name == "cat":
            if files:
                lines = []
                for path in files:
                    given = load(path)
                    if given is None:
                        return None
                    lines.extend(given)
            continue
        operands, source = _operands(name, args)
        if source is not None:
            lines = load(source)
        if lines is None:
            return None
        if name == "grep":
            lines = _grep(operands, lines)
        elif name == "sed":
            lines = _sed(operands, lines)
        elif name in ("cut", "awk"):
            lines = _field(operands, lines, name == "awk")
        elif name not in _IDENTITY:
            return None
        if lines is None:
            return None
    return lines


def _operands(name: str, args: list[str]) -> tuple[list[str], str | None]:
    """The command's own arguments and the file it reads (the last plain argument after its program)."""
    needed = {"grep": 1, "sed": 1, "awk": 1, "cut": 0}.get(name, 0)
    plain = [i for i, a in enumerate(args) if not a.startswith("-")]
    taking = {"-e", "--regexp", "--expression", "-d", "-f", "-F"}
    plain = [i for i in plain if i == 0 or args[i - 1] not in taking]
    has_program = any(a in ("-e", "--regexp", "--expression") for a in args)
    if name in ("grep", "sed", "awk") and not has_program:
        needed = 1
    elif has_program:
        needed = 0
    if len(plain) > needed:
        return [a for i, a in enumerate(args) if i != plain[-1]], args[plain[-1]]
    return args, None
