"""Rust: `macro_rules!` config tables whose env names are the entries' field names upper-cased. The macro's
expansion builds the name with `stringify!` of a fragment, upper-cased (paste's `[<$name:upper>]`,
`stringify!($name).to_uppercase()`), and hands it to an env reader (`env::var`, or a project function reading
the variable its parameter names); the invocation is a table of `name: Type, ..., default;` entries:

    macro_rules! config { ($( $name:ident : $ty:ty, $(, $default:expr)?; )+) => { ...
        get_env(paste!(stringify!([<$name:upper>]))) ... .unwrap_or($default) ... } }
    config! { data_folder: String, "data".to_owned(); port: u16, 8080; }

Each entry is a read of UPPER(name), optional (the table handles absence), with the entry's default when the
macro applies it (`unwrap_or($default)`) and the entry gives a literal; an expression (a closure) gives none.
The entry's type, when it comes first, tells a switch (`bool`) or a credential (`SecretString`, `Pass`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import Token, is_id, is_op
from secretguard.inventory.discover.rust_values import span_value
from secretguard.inventory.discover.rust_wrappers import Wrapper, reads_of

_DIRECT_OWNERS = frozenset({"env", "dotenvy", "dotenv"})
# Fragment names a matcher gives an entry's type when it takes it as an identifier (`$ty:ident`).
_TYPE_FRAGMENTS = frozenset({"ty", "typ", "type_", "kind"})
# Between an entry's parts (`name: String, false, "x";`, `name: usize = 4;`).
_PART_SEPARATORS = (",", "=")
# An entry typed as a secret (the `secrecy` crate's wrappers, a password type): the value is a credential.
_SECRET_TYPES = frozenset({"SecretString", "SecretBox", "Secret", "Password", "Pass"})


@dataclass(frozen=True)
class TableMacro:
    """A macro whose entries name env variables: the fragment holding the name, the token that ends an
    entry, the position among the entry's comma-separated parts of the default it applies (None: none)."""

    name: str
    end: str
    default_part: int | None
    file_variant: bool
    type_part: int | None = None  # the part declaring the entry's type (`$ty:ty`)


def _upper_fragments(tokens: list[Token], start: int, end: int) -> set[str]:
    """Fragments the macro body upper-cases inside `stringify!`: `[<$name:upper>]`, `stringify!($name)
    .to_uppercase()`."""
    out: set[str] = set()
    for k in range(start, end):
        if not (is_id(tokens, k, "stringify") and is_op(tokens, k + 1, "!") and is_op(tokens, k + 2, "(")):
            continue
        if (
            is_op(tokens, k + 3, "[")
            and is_op(tokens, k + 4, "<")
            and is_op(tokens, k + 5, "$")
            and is_id(tokens, k + 6)
            and is_op(tokens, k + 7, ":")
            and is_id(tokens, k + 8, "upper")
        ):
            out.add(tokens[k + 6].text)
        elif (
            is_op(tokens, k + 3, "$")
            and is_id(tokens, k + 4)
            and is_op(tokens, k + 5, ")")
            and is_op(tokens, k + 6, ".")
            and is_id(tokens, k + 7, "to_uppercase", "to_ascii_uppercase")
        ):
            out.add(tokens[k + 4].text)
    return out


def _readers(tokens: list[Token], start: int, end: int, known: dict[str, Wrapper]) -> list[bool] | None:
    """Whether the macro's body calls an env reader: the file-variant flag of each one it calls, None when it
    calls none."""
    found: list[bool] = []
    for k in range(start, end):
        if not is_op(tokens, k + 1, "(") or not is_id(tokens, k):
            continue
        text = tokens[k].text
        if text in ("var", "var_os") and is_op(tokens, k - 1, "::") and is_id(tokens, k - 2, *_DIRECT_OWNERS):
            found.append(False)
        elif text in known and not is_op(tokens, k - 1, "."):
            found.append(known[text].file_variant)
    return found or None


def _entry_shape(
    tokens: list[Token], start: int, end: int, fragment: str
) -> tuple[str, list[str], list[str]] | None:
    """In the matcher, the entry around `$fragment:ident :`: the token ending it and the fragment names of its
    comma-separated parts after the `:` (an optional trailing `$(, $x:expr)?` counted as a part), and
    their fragment specifiers (`ty`, `expr`...)."""
    for k in range(start, end):
        if (
            is_op(tokens, k, "$")
            and is_id(tokens, k + 1, fragment)
            and is_op(tokens, k + 2, ":")
            and is_id(tokens, k + 3, "ident")
            and is_op(tokens, k + 4, ":")
        ):
            parts: list[str] = []
            specs: list[str] = []
            j = k + 5
            while j < end:
                if is_op(tokens, j, "$") and is_id(tokens, j + 1) and is_op(tokens, j + 2, ":"):
                    parts.append(tokens[j + 1].text)
                    specs.append(tokens[j + 3].text)
                    j += 4
                elif is_op(tokens, j, "$") and is_op(tokens, j + 1, "("):
                    j += 2  # an optional group `$(, $default:expr)?`: its fragments are parts too
                elif is_op(tokens, j, ")") and is_op(tokens, j + 1, "?", "*", "+"):
                    j += 2
                elif is_op(tokens, j, *_PART_SEPARATORS):
                    j += 1
                else:
                    break
            if is_op(tokens, j, ";"):
                return ";", parts, specs
            return None
    return None


def _applied_default(tokens: list[Token], start: int, end: int, parts: list[str]) -> int | None:
    """The part the macro uses as the fallback (`.unwrap_or($default)`), if any."""
    for k in range(start, end):
        if (
            is_id(tokens, k, "unwrap_or")
            and is_op(tokens, k + 1, "(")
            and is_op(tokens, k + 2, "$")
            and is_id(tokens, k + 3)
            and tokens[k + 3].text in parts
        ):
            return parts.index(tokens[k + 3].text)
    return None


def table_macros(tokens: list[Token], match: dict[int, int], known: dict[str, Wrapper]) -> list[TableMacro]:
    out: list[TableMacro] = []
    for i, tok in enumerate(tokens):
        if not (
            tok.kind == "id"
            and tok.text == "macro_rules"
            and is_op(tokens, i + 1, "!")
            and is_id(tokens, i + 2)
        ):
            continue
        open_ = i + 3
        if open_ not in match:
            continue
        close = match[open_]
        fragments = _upper_fragments(tokens, open_, close)
        flags = _readers(tokens, open_, close, known) if fragments else None
        if not fragments or flags is None:
            continue
        for fragment in sorted(fragments):
            shape = _entry_shape(tokens, open_, close, fragment)
            if shape is None:
                continue
            end, parts, specs = shape
            default = _applied_default(tokens, open_, close, parts)
            typed = next(
                (
                    n
                    for n, (p, k) in enumerate(zip(parts, specs, strict=True))
                    if k == "ty" or p in _TYPE_FRAGMENTS
                ),
                None,
            )
            out.append(TableMacro(tokens[i + 2].text, end, default, all(flags), typed))
            break
    return out


def table_reads(
    tokens: list[Token], match: dict[int, int], file: str, macros: list[TableMacro]
) -> list[Read]:
    """The reads of every invocation of the table macros in a file (not their own recursive calls)."""
    names = {m.name: m for m in macros}
    inside: list[tuple[int, int]] = [
        (i, match[i + 3]) for i, t in enumerate(tokens) if t.text == "macro_rules" and i + 3 in match
    ]
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "id" or tok.text not in names or not is_op(tokens, i + 1, "!"):
            continue
        if not is_op(tokens, i + 2, "{", "(", "[") or i + 2 not in match:
            continue
        if any(a < i < b for a, b in inside) or is_id(tokens, i - 1, "macro_rules"):
            continue
        reads.extend(_entries(tokens, match, i + 2, match[i + 2], names[tok.text], file))
    return reads


def _entries(
    tokens: list[Token], match: dict[int, int], start: int, end: int, macro: TableMacro, file: str
) -> list[Read]:
    reads: list[Read] = []
    k = start + 1
    while k < end:
        if not (
            is_id(tokens, k)
            and is_op(tokens, k + 1, ":")
            and (is_op(tokens, k - 1, "{", "]", ",", macro.end) or k == start + 1)
        ):
            k += 1
            continue
        stop = k + 2
        balanced = True
        while stop < end and not is_op(tokens, stop, macro.end):
            if is_op(tokens, stop, "(", "[", "{"):
                inner = match.get(stop, end + 1)
                # a group's header (`smtp: enabled { a: bool, true; }`): its block holds whole entries
                if inner > end or any(is_op(tokens, j, macro.end) for j in range(stop, inner)):
                    balanced = False
                    break
                stop = inner
            elif is_op(tokens, stop, "}", ")", "]"):
                balanced = False
                break
            stop += 1
        if not balanced or stop >= end:
            k += 1
            continue
        name = tokens[k].text.upper()
        if is_env_name(name):
            parts = _split(tokens, k + 1, stop)
            default = None
            if macro.default_part is not None and macro.default_part < len(parts):
                a, b = parts[macro.default_part]
                default = span_value(tokens, a, b)
            found = reads_of(name, file, tokens[k].line, macro.file_variant, True, default)
            typed = macro.type_part
            kind = _entry_type(tokens, parts[typed]) if typed is not None and typed < len(parts) else None
            if kind is not None:
                found[0] = replace(found[0], boolean_use=kind == "bool", secret_hint=kind in _SECRET_TYPES)
            reads.extend(found)
        k = stop + 1
    return reads


def _entry_type(tokens: list[Token], part: tuple[int, int]) -> str | None:
    """The type an entry declares first (`name: bool, ...`), when it is a plain identifier."""
    a, b = part
    return tokens[a].text if b == a + 1 and is_id(tokens, a) else None


def _split(tokens: list[Token], colon: int, stop: int) -> list[tuple[int, int]]:
    """The parts between the entry's `:` and its end, separated by a top-level `,` or `=`."""
    out: list[tuple[int, int]] = []
    depth = 0
    start = colon + 1
    for k in range(colon + 1, stop):
        if tokens[k].kind != "op":
            continue
        if tokens[k].text in ("(", "[", "{"):
            depth += 1
        elif tokens[k].text in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and tokens[k].text in _PART_SEPARATORS:
            out.append((start, k))
            start = k + 1
    if start < stop:
        out.append((start, stop))
    return out
