"""Go struct types as configuration libraries see them: fields with their names, types (a type of the same
package, or a struct written in place) and tags, parsed from the token stream; and the two naming helpers the
libraries share (Go's tag convention, envconfig's `split_words`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from secretguard.inventory.discover.lexer import OP, STR, Token, is_id, is_op

MAX_DEPTH = 24  # nesting followed at most (types that contain themselves)


def struct_tag(tag: str) -> dict[str, str]:
    """Go's struct tag convention: space-separated key:"value" pairs."""
    out: dict[str, str] = {}
    i = 0
    while i < len(tag):
        while i < len(tag) and tag[i] == " ":
            i += 1
        start = i
        while i < len(tag) and tag[i] not in ': "':
            i += 1
        key = tag[start:i]
        if not key or not tag.startswith(':"', i):
            break
        i += 2
        end = tag.find('"', i)
        while end > 0 and tag[end - 1] == "\\":  # `default:"[\"openid\"]"`: an escaped quote
            end = tag.find('"', end + 1)
        if end < 0:
            break
        value = tag[i:end].replace('\\"', '"')
        # go-flags repeats `default:` for a slice's items (`default:"profile" default:"email"`): joined with
        # commas, as the variable lists them
        out[key] = out[key] + "," + value if key == "default" and key in out else value
        i = end + 1
    return out


def split_words(name: str) -> str:
    """kelseyhightower/envconfig's `split_words`: `DatabaseURL` -> `Database_URL`, `APIKey` -> `API_Key`
    (runs of lower case, upper case followed by lower case, or upper case alone; a run of capitals before a
    capitalised word is split off it)."""
    words: list[str] = []
    i = 0
    while i < len(name):
        start = i
        if not name[i].isupper():
            while i < len(name) and not name[i].isupper():
                i += 1
            words.append(name[start:i])
            continue
        while i < len(name) and name[i].isupper():
            i += 1
        upper_end = i
        while i < len(name) and not name[i].isupper():
            i += 1
        word = name[start:i]
        if i > upper_end and upper_end - start >= 2:
            words.extend((name[start : upper_end - 1], name[upper_end - 1 : i]))
        else:
            words.append(word)
    return "_".join(words)


@dataclass(eq=False)
class Field:
    name: str | None  # None: embedded
    type_name: str | None  # a type of this package (`Config`, `*Config`), else None
    inline: Struct | None  # `struct { ... }` written in place
    tags: dict[str, str]
    line: int
    file: str
    qualified: tuple[str, str] | None = None  # `pkg.T`: a type of another package (qualifier, name)

    @property
    def go_name(self) -> str:
        return self.name or self.type_name or ""


@dataclass(eq=False)
class Struct:
    name: str
    fields: list[Field] = field(default_factory=list)


def matching(match: dict[int, int], tokens: list[Token], i: int) -> int:
    """Index of the bracket closing the one at i (or the last token)."""
    return match.get(i, len(tokens) - 1)


def field_segments(tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """The fields between a struct's braces: one per line (or `;`), brackets kept together."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        first = i
        depth = 0
        while i < end:
            tok = tokens[i]
            if tok.kind == OP and tok.text in ("{", "(", "["):
                depth += 1
            elif tok.kind == OP and tok.text in ("}", ")", "]"):
                depth -= 1
            elif depth == 0 and tok.kind == OP and tok.text == ";":
                break
            nxt = i + 1
            if depth == 0 and (nxt >= end or tokens[nxt].line > tok.line) and not is_op(tokens, i, ",", "."):
                i = nxt
                break
            i = nxt
        if i > first:
            out.append((first, i))
        if is_op(tokens, i, ";"):
            i += 1
    return out


class StructParser:
    def __init__(self, tokens: list[Token], match: dict[int, int], file: str) -> None:
        self.tokens = tokens
        self.match = match
        self.file = file
        self.tag_tokens: set[int] = set()

    def body(self, name: str, open_brace: int, depth: int = 0) -> Struct:
        close = matching(self.match, self.tokens, open_brace)
        struct = Struct(name)
        if depth > MAX_DEPTH:
            return struct
        for first, end in field_segments(self.tokens, open_brace + 1, close):
            struct.fields.extend(self.field(first, end, depth))
        return struct

    def field(self, first: int, end: int, depth: int) -> list[Field]:
        tokens = self.tokens
        tags: dict[str, str] = {}
        if end - 1 > first and tokens[end - 1].kind == STR:
            tags = struct_tag(tokens[end - 1].text)
            self.tag_tokens.add(end - 1)
            end -= 1
        line = tokens[first].line
        # Embedded: `Base`, `*Base`, `pkg.Base`, `*pkg.Base`.
        j = first + 1 if is_op(tokens, first, "*") else first
        if is_id(tokens, j) and (j + 1 == end):
            return [Field(None, tokens[j].text, None, tags, line, self.file)]
        if is_id(tokens, j) and is_op(tokens, j + 1, ".") and is_id(tokens, j + 2) and j + 3 == end:
            return [Field(None, None, None, tags, line, self.file)]
        names: list[str] = []
        k = first
        while is_id(tokens, k) and k < end:
            names.append(tokens[k].text)
            if is_op(tokens, k + 1, ","):
                k += 2
            else:
                k += 1
                break
        if not names or k >= end:
            return []
        while is_op(tokens, k, "*"):
            k += 1
        type_name: str | None = None
        inline: Struct | None = None
        if is_id(tokens, k, "struct") and is_op(tokens, k + 1, "{"):
            inline = self.body(names[0], k + 1, depth + 1)
        elif is_id(tokens, k) and k + 1 == end:
            type_name = tokens[k].text
        elif is_id(tokens, k) and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2) and k + 3 == end:
            qualified = (tokens[k].text, tokens[k + 2].text)
            return [Field(n, None, None, tags, line, self.file, qualified) for n in names]
        return [Field(n, type_name, inline, tags, line, self.file) for n in names]


def camel_words(name: str) -> list[str]:
    """A Go name's words as kong and ardanlabs/conf split it: runs of lower case, upper case or digits, a
    run of capitals before a capitalised word split off it (`DataAPIAddr` -> Data, API, Addr;
    `OAuth2Token` -> O, Auth, 2, Token; `Dns64Nets` -> Dns, 64, Nets)."""
    runs: list[str] = []
    for char in name:
        kind = _char_kind(char)
        if runs and _char_kind(runs[-1][-1]) == kind:
            runs[-1] += char
        else:
            runs.append(char)
    for i in range(len(runs) - 1):  # `PDFLoader`: "PDFL" + "oader" -> "PDF" + "Loader"
        if runs[i][-1].isupper() and runs[i + 1][0].islower():
            runs[i + 1] = runs[i][-1] + runs[i + 1]
            runs[i] = runs[i][:-1]
    return [r for r in runs if r]


def _char_kind(char: str) -> int:
    if char.islower():
        return 0
    if char.isupper():
        return 1
    return 2 if char.isdigit() else 3
