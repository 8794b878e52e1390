"""A small tokenizer for the C-like languages (JavaScript/TypeScript, Go, Java/Kotlin, PHP, Rust, Ruby).

It only has to tell code from comments and string literals, and split code into identifiers, strings and
operators, so that `process.env.X` in a comment or inside an unrelated string is never taken for a read, while
one inside a template literal's `${...}` is. It runs in linear time on any input (no regular expressions);
unterminated constructs end at the end of the line or file instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

ID, STR, NUM, OP = "id", "str", "num", "op"

_OPERATORS = sorted(
    """
    >>>= ... === !== **= <<= >>= >>> ??= ||= &&= <=> ::
    => == != <= >= && || ?? ?. ++ -- += -= *= /= %= &= |= ^= << >> ** -> :=
    """.split(),
    key=len,
    reverse=True,
)
_REGEX_BEFORE_KEYWORDS = frozenset(
    "return typeof instanceof in of new delete void throw case do else yield await when unless and or not "
    "if".split()
)
_MAX_DEPTH = 40
_BLANK = frozenset(" \t\r\f\v")
_DIGITS = frozenset("0123456789")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_ID_CHARS = _LETTERS | _DIGITS | {"$"}
_OPERATORS_BY_FIRST: dict[str, list[str]] = {}
for _op in _OPERATORS:
    _OPERATORS_BY_FIRST.setdefault(_op[0], []).append(_op)


class Token(NamedTuple):
    """One token (a tuple: made by the hundred thousand, so it has to be cheap to build)."""

    kind: str
    text: str
    line: int
    interpolated: bool = False  # a string with ${...} / #{...} parts: not a plain literal


@dataclass(frozen=True, slots=True)
class Language:
    name: str
    line_comments: tuple[str, ...] = ("//",)
    block_comment: tuple[str, str] | None = ("/*", "*/")
    nested_block_comments: bool = False
    quotes: str = "\"'"
    multiline_strings: bool = False  # may an ordinary quoted string span lines
    raw_quote: str = ""  # Go's backquote: no escapes
    template_quote: str = ""  # JavaScript's backquote: ${...} inside
    interpolation: str = ""  # "${" (Kotlin), "#{" (Ruby): inside double-quoted strings
    triple_quotes: bool = False  # Java/Kotlin text blocks
    regex_literals: bool = False
    dollar_identifiers: bool = False  # PHP $var, JS $el
    rust: bool = False  # raw strings r#"..."#, byte strings, lifetimes
    ruby: bool = False  # %q() literals, heredocs, =begin/=end
    php: bool = False  # code only inside <?php ... ?>, heredocs


JAVASCRIPT = Language(
    "javascript", quotes="\"'", template_quote="`", regex_literals=True, dollar_identifiers=True
)
GO = Language("go", quotes="\"'", raw_quote="`")
JAVA = Language("java", triple_quotes=True, interpolation="${")
RUST = Language("rust", nested_block_comments=True, multiline_strings=True, rust=True)
RUBY = Language(
    "ruby",
    line_comments=("#",),
    block_comment=None,
    quotes="\"'`",
    multiline_strings=True,
    interpolation="#{",
    regex_literals=True,
    ruby=True,
)
# Elixir: `#` comments, `#{}` in double-quoted strings, `"""` heredocs; a `'x'` is a charlist.
ELIXIR = Language(
    "elixir",
    line_comments=("#",),
    block_comment=None,
    multiline_strings=True,
    interpolation="#{",
    triple_quotes=True,
)
PHP = Language("php", line_comments=("//", "#"), multiline_strings=True, dollar_identifiers=True, php=True)


class _Lexer:
    def __init__(self, text: str, lang: Language) -> None:
        self.text = text
        self.lang = lang
        self.tokens: list[Token] = []
        self.line = 1
        self.pending_heredocs: list[tuple[str, bool]] = []
        self.id_start = _LETTERS | ({"$"} if lang.dollar_identifiers else set())
        starters = {"\n", *lang.quotes, *(c[0] for c in lang.line_comments)}
        if lang.block_comment:
            starters.add(lang.block_comment[0][0])
        for flag, chars in (
            (lang.raw_quote, lang.raw_quote),
            (lang.template_quote, lang.template_quote),
            (lang.ruby, "%<"),
            (lang.php, "<?"),
            (lang.regex_literals, "/"),
            (lang.rust, "'"),
            (lang.triple_quotes, '"'),
        ):
            if flag:
                starters.update(chars)
        self.special = frozenset(starters)

    def emit(self, kind: str, text: str, line: int, interpolated: bool = False) -> None:
        self.tokens.append(Token(kind, text, line, interpolated))

    def advance_lines(self, start: int, end: int) -> None:
        self.line += self.text.count("\n", start, end)

    def regex_allowed(self) -> bool:
        if not self.tokens:
            return True
        last = self.tokens[-1]
        if last.kind == OP:
            return last.text not in (")", "]", "}")
        return last.kind == ID and last.text in _REGEX_BEFORE_KEYWORDS

    def run(self, pos: int, depth: int, stop_at_brace: bool) -> int:
        """Tokenize from pos; with stop_at_brace, return just after the `}` closing an interpolation."""
        text = self.text
        size = len(text)
        special = self.special
        id_start = self.id_start
        braces = 0
        while pos < size:
            ch = text[pos]
            if ch in _BLANK:
                pos += 1
                continue
            if ch in id_start or ch >= "\x80":
                pos = self.identifier(pos, ch)
                continue
            if ch in _DIGITS:
                start = pos
                while pos < size and (text[pos] in _ID_CHARS or text[pos] == "."):
                    pos += 1
                number = text[start:pos]
                # `5_000`: digit separators (PHP, JS, Go, Ruby, Rust, Java) are not part of the value
                self.emit(NUM, number.replace("_", "") if "_" in number else number, self.line)
                continue
            if ch in special:
                after = self.special_at(pos, ch, depth)
                if after >= 0:
                    pos = after
                    continue
            if stop_at_brace:
                if ch == "{":
                    braces += 1
                elif ch == "}":
                    if braces == 0:
                        return pos + 1
                    braces -= 1
            op = ch
            for candidate in _OPERATORS_BY_FIRST.get(ch, ()):
                if text.startswith(candidate, pos):
                    op = candidate
                    break
            self.tokens.append(Token(OP, op, self.line))
            pos += len(op)
        return pos

    def identifier(self, pos: int, ch: str) -> int:
        """An identifier at pos (or a Rust raw/byte string starting like one): the position after it."""
        text, size, lang = self.text, len(self.text), self.lang
        if lang.rust and ch in "rb" and self.rust_raw_start(pos):
            return self.rust_raw(pos)
        if lang.rust and ch == "b" and pos + 1 < size and text[pos + 1] in "\"'":
            return pos + 1
        start = pos
        pos += 1
        while pos < size and (text[pos] in _ID_CHARS or text[pos] >= "\x80"):
            pos += 1
        if lang.ruby and pos < size and text[pos] in "?!" and not text.startswith("!=", pos):
            pos += 1
        self.tokens.append(Token(ID, text[start:pos], self.line))
        return pos

    def special_at(self, pos: int, ch: str, depth: int) -> int:
        """Handle a newline, comment, string, heredoc or regex literal at pos: the position after it, or -1
        when the character is an ordinary operator after all."""
        if ch == "\n":
            return self.newline(pos)
        after = self.comment_at(pos)
        if after < 0:
            after = self.string_at(pos, ch, depth)
        if after < 0:
            after = self.literal_at(pos, ch)
        return after

    def newline(self, pos: int) -> int:
        self.line += 1
        pos += 1
        if self.pending_heredocs:
            pos = self.skip_heredocs(pos)
        if self.lang.ruby and self.text.startswith("=begin", pos):
            end = self.text.find("\n=end", pos)
            end = len(self.text) if end < 0 else end + 5
            self.advance_lines(pos, end)
            pos = end
        return pos

    def comment_at(self, pos: int) -> int:
        """A comment (or, in PHP, text outside `<?php ... ?>`) at pos: the position after it, else -1."""
        text, lang = self.text, self.lang
        if lang.php and text.startswith("?>", pos):
            return self.skip_to_php(pos + 2)
        line_comment = text.startswith(lang.line_comments, pos)
        if line_comment and not (lang.php and text.startswith("#[", pos)):
            end = text.find("\n", pos)
            return len(text) if end < 0 else end
        if lang.block_comment and text.startswith(lang.block_comment[0], pos):
            return self.skip_block_comment(pos)
        return -1

    def string_at(self, pos: int, ch: str, depth: int) -> int:
        """A quoted, raw or template string at pos: the position after it, else -1."""
        lang = self.lang
        if lang.rust and ch == "'":
            return self.rust_quote(pos)
        if lang.triple_quotes and self.text.startswith('"""', pos):
            return self.string(pos, '"""', depth, escapes=True, multiline=True)
        if ch in lang.quotes:
            interp = ch == '"' or (lang.ruby and ch == "`")
            return self.string(
                pos, ch, depth, escapes=True, multiline=lang.multiline_strings, interpolate=interp
            )
        if lang.raw_quote and ch == lang.raw_quote:
            return self.string(pos, ch, depth, escapes=False, multiline=True, interpolate=False)
        if lang.template_quote and ch == lang.template_quote:
            return self.string(pos, ch, depth, escapes=True, multiline=True, interpolate=True)
        return -1

    def literal_at(self, pos: int, ch: str) -> int:
        """A Ruby %-literal, a heredoc opener or a regex literal at pos: the position after it, else -1."""
        lang = self.lang
        if lang.ruby and ch == "%" and self.ruby_percent_start(pos):
            return self.ruby_percent(pos)
        if (lang.ruby or lang.php) and self.text.startswith("<<", pos):
            after = self.heredoc_start(pos)
            if after:
                return after
        if lang.regex_literals and ch == "/" and self.regex_allowed():
            end = self.regex_end(pos)
            if end > 0:
                self.emit(STR, "", self.line, interpolated=True)
                return end
        return -1

    # --- pieces --------------------------------------------------------------------------------------------

    def skip_block_comment(self, pos: int) -> int:
        assert self.lang.block_comment is not None
        open_, close = self.lang.block_comment
        text = self.text
        if not self.lang.nested_block_comments:
            end = text.find(close, pos + len(open_))
            end = len(text) if end < 0 else end + len(close)
            self.advance_lines(pos, end)
            return end
        level = 0
        i = pos
        while i < len(text):
            if text.startswith(open_, i):
                level += 1
                i += len(open_)
            elif text.startswith(close, i):
                level -= 1
                i += len(close)
                if level == 0:
                    break
            else:
                i += 1
        self.advance_lines(pos, i)
        return i

    def string(
        self, pos: int, quote: str, depth: int, *, escapes: bool, multiline: bool, interpolate: bool = False
    ) -> int:
        text = self.text
        size = len(text)
        start_line = self.line
        i = pos + len(quote)
        parts: list[str] = []
        chunk_start = i
        interpolated = False
        marker = ("${" if self.lang.template_quote else self.lang.interpolation) if interpolate else ""
        while i < size:
            ch = text[i]
            if (
                escapes
                and ch == "\\"
                and not (self.lang.php and quote == "'" and i + 1 < size and text[i + 1] not in "'\\")
            ):
                parts.append(text[chunk_start:i])
                if i + 1 < size:
                    if text[i + 1] == "\n":
                        self.line += 1
                    parts.append(text[i + 1])
                i += 2
                chunk_start = i
                continue
            if text.startswith(quote, i):
                parts.append(text[chunk_start:i])
                self.emit(STR, "".join(parts), start_line, interpolated)
                return i + len(quote)
            if ch == "\n":
                if not multiline:
                    parts.append(text[chunk_start:i])
                    self.emit(STR, "".join(parts), start_line, True)
                    return i  # unterminated: stop at the end of the line
                self.line += 1
            if marker and text.startswith(marker, i):
                interpolated = True
                parts.append(text[chunk_start:i])
                if depth >= _MAX_DEPTH:
                    i += len(marker)
                elif quote == self.lang.template_quote or self.lang.ruby:
                    # A JavaScript substitution (or Ruby's `#{}`) is an expression of its own: parenthesised,
                    # so that `${process.env.X || "a"}` ends where its `}` does and keeps its default.
                    self.emit(OP, "(", self.line)
                    i = self.run(i + len(marker), depth + 1, stop_at_brace=True)
                    self.emit(OP, ")", self.line)
                else:
                    i = self.run(i + len(marker), depth + 1, stop_at_brace=True)
                chunk_start = i
                continue
            i += 1
        parts.append(text[chunk_start:i])
        self.emit(STR, "".join(parts), start_line, True)
        return i

    def regex_end(self, pos: int) -> int:
        """End of a /regex/flags literal starting at pos, or -1 when this `/` is division after all."""
        text = self.text
        i = pos + 1
        in_class = False
        while i < len(text):
            ch = text[i]
            if ch == "\n":
                return -1
            if ch == "\\":
                i += 2
                continue
            if ch == "[":
                in_class = True
            elif ch == "]":
                in_class = False
            elif ch == "/" and not in_class:
                i += 1
                while i < len(text) and text[i].isalpha():
                    i += 1
                return i
            i += 1
        return -1

    # Rust -------------------------------------------------------------------------------------------------

    def rust_raw_start(self, pos: int) -> bool:
        text = self.text
        i = pos
        if text[i] == "b":
            i += 1
        if i >= len(text) or text[i] != "r":
            return False
        i += 1
        while i < len(text) and text[i] == "#":
            i += 1
        return (
            i < len(text)
            and text[i] == '"'
            and (pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_"))
        )

    def rust_raw(self, pos: int) -> int:
        text = self.text
        i = pos + (2 if text[pos] == "b" else 1)
        hashes = 0
        while text[i] == "#":
            hashes += 1
            i += 1
        close = '"' + "#" * hashes
        end = text.find(close, i + 1)
        end = len(text) if end < 0 else end
        self.emit(STR, text[i + 1 : end], self.line)
        self.advance_lines(pos, end)
        return min(len(text), end + len(close))

    def rust_quote(self, pos: int) -> int:
        """A char literal ('a', '\\n', '\\u{1F600}') or a lifetime ('a, 'static)."""
        text = self.text
        if pos + 2 < len(text) and text[pos + 1] == "\\":
            end = text.find("'", pos + 2)
            if 0 < end < pos + 12:
                self.emit(STR, "", self.line)
                return end + 1
        if pos + 2 < len(text) and text[pos + 2] == "'":
            self.emit(STR, text[pos + 1], self.line)
            return pos + 3
        self.emit(OP, "'", self.line)
        return pos + 1

    # Ruby -------------------------------------------------------------------------------------------------

    def ruby_percent_start(self, pos: int) -> bool:
        text = self.text
        if pos + 2 >= len(text):
            return False
        nxt = text[pos + 1]
        if nxt in "qQwWiIr" and text[pos + 2] in "([{<|!/":
            return True
        return nxt in "([{<|!" and self.regex_allowed()

    def ruby_percent(self, pos: int) -> int:
        text = self.text
        i = pos + 1
        if text[i].isalpha():
            i += 1
        opener = text[i]
        closer = {"(": ")", "[": "]", "{": "}", "<": ">"}.get(opener, opener)
        level = 1
        j = i + 1
        while j < len(text):
            ch = text[j]
            if ch == "\\":
                j += 2
                continue
            if ch == opener and closer != opener:
                level += 1
            elif ch == closer:
                level -= 1
                if level == 0:
                    break
            j += 1
        self.emit(STR, text[i + 1 : j], self.line, interpolated=True)
        self.advance_lines(pos, j)
        return min(len(text), j + 1)

    # heredocs (Ruby <<~ID, <<-ID, <<ID; PHP <<<ID, <<<'ID') -------------------------------------------------

    def heredoc_start(self, pos: int) -> int:
        """Position after a heredoc opener (its body is skipped at the next newline), or 0 if none here."""
        text = self.text
        i = pos + 2
        if self.lang.php:
            if not text.startswith("<", i):
                return 0
            i += 1
            while i < len(text) and text[i] in " \t":
                i += 1
        elif i < len(text) and text[i] in "~-":
            i += 1
        quote = text[i] if i < len(text) and text[i] in "'\"" else ""
        if quote:
            i += 1
        start = i
        while i < len(text) and (text[i].isalnum() or text[i] == "_"):
            i += 1
        ident = text[start:i]
        if not ident or not (ident[0].isalpha() or ident[0] == "_"):
            return 0
        if self.lang.ruby and not quote and not ident.isupper():
            return 0  # `a <<b` is a shift; heredoc names are conventionally upper case
        if quote:
            if i >= len(text) or text[i] != quote:
                return 0
            i += 1
        self.pending_heredocs.append((ident, quote != "'"))  # `<<~'SQL'` interpolates nothing
        self.emit(STR, "", self.line, interpolated=True)
        return i

    def skip_heredocs(self, pos: int) -> int:
        """Past the pending heredocs' bodies; a Ruby body's one-line `#{...}` parts are read as code
        (`kafka_topic = '#{ENV["TOPIC"]}'` in a `<<-SQL` migration)."""
        text = self.text
        for ident, interpolating in self.pending_heredocs:
            while pos < len(text):
                end = text.find("\n", pos)
                line_end = len(text) if end < 0 else end
                body_line = text[pos:line_end].strip().rstrip(";,)")
                if body_line == ident:
                    pos = len(text) if end < 0 else end + 1
                    self.line += 1 if end >= 0 else 0
                    break
                if interpolating and self.lang.ruby and "#{" in text[pos:line_end]:
                    self.heredoc_parts(pos, line_end)
                pos = len(text) if end < 0 else end + 1
                self.line += 1 if end >= 0 else 0
        self.pending_heredocs.clear()
        return pos

    def heredoc_parts(self, start: int, end: int) -> None:
        """The `#{...}` parts of a heredoc body line that close on it, each a parenthesised expression."""
        text = self.text
        at = text.find("#{", start, end)
        while at >= 0:
            close = text.find("}", at, end)
            if close < 0:
                return
            self.emit(OP, "(", self.line)
            after = self.run(at + 2, 1, stop_at_brace=True)
            self.emit(OP, ")", self.line)
            if after > end:
                return
            at = text.find("#{", after, end)

    # PHP --------------------------------------------------------------------------------------------------

    def skip_to_php(self, pos: int) -> int:
        end = self.text.find("<?php", pos)
        short = self.text.find("<?=", pos)
        candidates = [e for e in (end, short) if e >= 0]
        target = min(candidates) if candidates else len(self.text)
        self.advance_lines(pos, target)
        return target + (5 if target == end else 3) if candidates else target


def tokenize(text: str, lang: Language) -> list[Token]:
    lexer = _Lexer(text, lang)
    start = 0
    if lang.php:
        start = lexer.skip_to_php(0)
    lexer.run(start, 0, stop_at_brace=False)
    return lexer.tokens


def bracket_pairs(tokens: list[Token]) -> dict[int, int]:
    """Each opening bracket's partner (unbalanced ones left out), found in one pass."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    out: dict[int, int] = {}
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.kind != OP:
            continue
        if tok.text in pairs:
            stack.append(i)
        elif tok.text in ("}", ")", "]"):
            while stack:
                j = stack.pop()
                if pairs[tokens[j].text] == tok.text:
                    out[j] = i
                    break
    return out


def is_op(tokens: list[Token], i: int, *texts: str) -> bool:
    return 0 <= i < len(tokens) and tokens[i].kind == OP and tokens[i].text in texts


def is_id(tokens: list[Token], i: int, *texts: str) -> bool:
    return 0 <= i < len(tokens) and tokens[i].kind == ID and (not texts or tokens[i].text in texts)


def split_arguments(tokens: list[Token], open_: int, close: int) -> list[tuple[int, int]]:
    """The (start, end) token spans of the comma-separated parts between the brackets at open_ and close
    (a call's arguments, a literal's entries), nested brackets kept whole. The one splitter every language
    module uses."""
    out: list[tuple[int, int]] = []
    depth = 0
    start = open_ + 1
    for k in range(open_ + 1, close):
        tok = tokens[k]
        if tok.kind != OP:
            continue
        if tok.text in ("(", "[", "{"):
            depth += 1
        elif tok.text in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and tok.text == ",":
            out.append((start, k))
            start = k + 1
    if start < close:
        out.append((start, close))
    return out


def bracket_arguments(tokens: list[Token], match: dict[int, int], open_: int) -> list[tuple[int, int]]:
    """`split_arguments` of the bracket at open_ and the one closing it (none when it is not closed)."""
    close = match.get(open_)
    return [] if close is None else split_arguments(tokens, open_, close)


def literal(tokens: list[Token], i: int) -> str | None:
    """The text of a plain string literal at i (no interpolation), else None."""
    if 0 <= i < len(tokens) and tokens[i].kind == STR and not tokens[i].interpolated:
        return tokens[i].text
    return None


_EXPRESSION_ENDS = frozenset({";", ",", ")", "]", "}", ":"})


def span_literal(tokens: list[Token], start: int, end: int) -> str | None:
    """The literal that tokens[start:end] is as a whole (a string, a number, `-1`, true/false), else None."""
    if end - start == 2 and is_op(tokens, start, "-") and tokens[start + 1].kind == NUM:
        return "-" + tokens[start + 1].text
    if end - start != 1:
        return None
    tok = tokens[start]
    if tok.kind == ID and tok.text in ("true", "false"):
        return tok.text
    if tok.kind in (STR, NUM) and not tok.interpolated:
        return tok.text
    return None


def literal_default(tokens: list[Token], i: int) -> str | None:
    """A default given as a whole literal at i (`|| "info"`, `?? 3000`, `, "info")`): a plain string or a
    number, followed by the end of the expression (not `"a" + b`); else None."""
    if not (0 <= i < len(tokens)) or tokens[i].kind not in (STR, NUM) or tokens[i].interpolated:
        return None
    j = i + 1
    if (
        j < len(tokens)
        and tokens[j].line == tokens[i].line
        and (tokens[j].kind != OP or tokens[j].text not in _EXPRESSION_ENDS)
    ):
        return None
    return tokens[i].text


def text_brace_close(text: str, open_: int, limit: int | None = None) -> int:
    """The index of the `}` closing the `{` at open_ in raw text (strings and comments not skipped: for the
    modules that read a declaration by text, not tokens), or the end searched (`limit` characters on) when it
    is not closed."""
    return _text_close(text, open_, "{", "}", limit)


def text_bracket_close(text: str, open_: int, limit: int | None = None) -> int:
    """As text_brace_close, for the bracket at open_ (`(`, `[` or `{`), counting all three kinds."""
    return _text_close(text, open_, "([{", ")]}", limit)


def _text_close(text: str, open_: int, openers: str, closers: str, limit: int | None) -> int:
    end = len(text) if limit is None else min(len(text), open_ + limit)
    depth = 0
    for i in range(open_, end):
        if text[i] in openers:
            depth += 1
        elif text[i] in closers:
            depth -= 1
            if depth == 0:
                return i
    return end
