"""Ruby: `ENV["X"]`, `ENV.fetch("X")` (raises: required), `ENV.fetch("X", default)` or with a block
(`ENV.fetch("X") { 3 }`), and `ENV["X"] || default`. `nil` is no default; `true`/`false`, numbers and symbols
(`:both`, as their text) are. The fallback forms Rails code writes count the same (ruby_fallbacks.py):
`ENV["X"].presence || "a"`, `ENV["X"]&.to_i || 587`, `helper(ENV["X"], :to_i) || 8`, a presence ternary
`ENV["X"].present? ? ENV["X"].to_i : 200`, and `|| LIMIT` with `LIMIT = 100` in the same file."""

from __future__ import annotations

import re
from dataclasses import replace

from secretguard.inventory.discover.base import Read, boolean_default, is_env_name
from secretguard.inventory.discover.lexer import (
    NUM,
    RUBY,
    STR,
    Token,
    is_id,
    is_op,
    literal,
    tokenize,
)
from secretguard.inventory.discover.ruby_fallbacks import (
    constants,
    nil_safe_end,
    presence_ternary,
    wrapping_call_end,
)
from secretguard.inventory.discover.ruby_list_loops import list_loop_reads

TRIGGERS = ("ENV",)
# What a default is: (given, its literal text, an expression rather than a literal).
_Default = tuple[bool, str | None, bool]
_NONE: _Default = (False, None, False)
_CONVERSIONS = frozenset({"to_i", "to_s", "to_f", "to_sym"})
# Words that end an expression on its line: a modifier (`x = ENV["A"] || "a" if ok`), a block's `do`.
_ENDING_WORDS = frozenset({"if", "unless", "while", "until", "then", "do", "end", "and", "or", "rescue"})
# `ENV["X"] or return nil`, `|| raise "X is missing"`: control flow, no value to fall back to.
# A number as written (`3000`, `0.3`, `1_000`, `0x1F`, `1e3`); `2.days` (an ActiveSupport duration, read by
# the lexer as one number) is an expression.
_NUMBER = re.compile(r"^(?:0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9]+)?)$")
_JUMPS = frozenset({"return", "next", "break"})
_RAISES = frozenset({"raise", "fail", "abort"})


def _value(tokens: list[Token], i: int, name: str, known: dict[str, str] | None = None) -> _Default:
    """The default starting at token i: a string, number, symbol, true/false, a constant of the file set to
    one of those (`nil` gives none)."""
    if is_id(tokens, i, "nil"):
        return True, None, False
    if is_id(tokens, i, *_JUMPS):
        return True, None, False
    if is_id(tokens, i, *_RAISES):
        return False, None, False
    if is_id(tokens, i, "true", "false") and _ends(tokens, i + 1):
        return True, boolean_default(name, tokens[i].text == "true"), False
    if is_op(tokens, i, ":") and is_id(tokens, i + 1) and _ends(tokens, i + 2):
        return True, tokens[i + 1].text, False  # a symbol, `:failed_attempts`
    if known and is_id(tokens, i) and tokens[i].text in known and _ends(tokens, i + 1):
        return True, known[tokens[i].text], False
    plain = 0 <= i < len(tokens) and not tokens[i].interpolated
    plain = plain and (
        tokens[i].kind == STR or (tokens[i].kind == NUM and bool(_NUMBER.match(tokens[i].text)))
    )
    # `"3000".to_i` is the literal too: a conversion after it changes the type, not the text
    value = tokens[i].text if plain and _ends(tokens, i + 1) else None
    return True, value, value is None


def _ends(tokens: list[Token], j: int) -> bool:
    if j >= len(tokens) or tokens[j].line != tokens[j - 1].line:
        return True
    if is_op(tokens, j, ".") and is_id(tokens, j + 1) and tokens[j + 1].text in _CONVERSIONS:
        return True
    return is_op(tokens, j, ")", "}", ",", "]", ";", ":") or is_id(tokens, j, *_ENDING_WORDS)


def _block(tokens: list[Token], j: int, name: str) -> _Default:
    """`{ 3 }` / `do 3 end` / `{ |key| ... }` after a fetch's arguments."""
    body = j + 1
    if is_op(tokens, body, "|"):
        return True, None, True  # the block computes from the key
    end = "end" if is_id(tokens, j, "do") else "}"
    if (is_op(tokens, body + 1, end) or is_id(tokens, body + 1, end)) or _ends(tokens, body + 1):
        given, value, computed = _value(tokens, body, name)
        closes = is_op(tokens, body + 1, end) or is_id(tokens, body + 1, end)
        return (given, value, computed) if closes or value is None else (True, None, True)
    return True, None, True


def _fallback(tokens: list[Token], i: int, after: int, name: str, known: dict[str, str]) -> _Default:
    """What follows the read ending before token after: `|| default` (after `.presence`, a nil-safe call,
    or the call wrapping the read), a presence ternary's literal branch, or nothing."""
    if (branch := presence_ternary(tokens, after)) is not None:
        return _value(tokens, branch, name, known)
    end = nil_safe_end(tokens, after)
    if not (is_op(tokens, end, "||") or is_id(tokens, end, "or")):
        end = wrapping_call_end(tokens, i, after)
        end = nil_safe_end(tokens, end) if end >= 0 else end
    if is_op(tokens, end, "||") or is_id(tokens, end, "or"):
        return _value(tokens, end + 1, name, known)
    return _NONE


def fallback_after(tokens: list[Token], i: int, after: int, name: str) -> _Default:
    """What follows a read of `name` starting at token i and ending before `after` (a call of the project's
    own reader method, ruby_wrappers.py): (given, literal, computed)."""
    return _fallback(tokens, i, after, name, {})


def _index_read(tokens: list[Token], i: int, known: dict[str, str]) -> tuple[str, _Default] | None:
    """`ENV["X"]`, `ENV["X"] || default`; None for an assignment."""
    name = literal(tokens, i + 2)
    after = i + 4
    if name is None or not is_op(tokens, i + 3, "]") or is_op(tokens, after, "=", "||="):
        return None
    return name, _fallback(tokens, i, after, name, known)


def _fetch_read(tokens: list[Token], i: int, known: dict[str, str]) -> tuple[str, _Default] | None:
    """`ENV.fetch("X", default)`, `ENV.fetch("X") { default }`, `ENV.key?("X")`."""
    paren = is_op(tokens, i + 3, "(")
    name = literal(tokens, i + 3 + paren)
    if name is None:
        return None
    after = i + 4 + paren
    if tokens[i + 2].text != "fetch":
        return name, (True, None, False)  # a presence check handles absence
    if is_op(tokens, after, ","):
        return name, _value(tokens, after + 1, name, known)
    if is_op(tokens, after + paren, "{") or is_id(tokens, after + paren, "do"):
        return name, _block(tokens, after + paren, name)
    return name, _NONE


def discover_ruby(text: str, file: str) -> list[Read]:
    if "ENV" not in text:
        return []
    tokens = tokenize(text, RUBY)
    known: dict[str, str] | None = None
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if not is_id(tokens, i, "ENV") or is_op(tokens, i - 1, ".", "::"):
            continue
        found = None
        if is_op(tokens, i + 1, "["):
            known = constants(tokens) if known is None else known
            found = _index_read(tokens, i, known)
        elif is_op(tokens, i + 1, ".") and is_id(tokens, i + 2, "fetch", "key?", "has_key?", "include?"):
            known = constants(tokens) if known is None else known
            found = _fetch_read(tokens, i, known)
        if found is None or not is_env_name(found[0]):
            continue
        name, (optional, default, computed) = found
        read = Read(name, file, tok.line, optional, "ruby", default=default, computed_default=computed)
        reads.append(replace(read, holds_path=True) if _path_use(tokens, i) else read)
    reads.extend(list_loop_reads(text, file))  # `%w(host port).each { |o| ENV["DB_#{o.upcase}"] }`
    if reads and _BROWSER_DRIVER.search(text):
        reads = [replace(r, scope="dev") for r in reads]  # a script driving a browser: a developer's tool
    return reads


# `File.read(ENV["X"])`, `IO.binread(...)`, `Pathname.new(...)`: the value names a file
_FILE_CALLS = frozenset({"read", "binread", "readlines", "open", "foreach", "expand_path", "exist?", "file?"})
_FILE_CLASSES = frozenset({"File", "IO", "Pathname"})
_PATH_KEY_ENDS = ("_path", "_file", "_filename")


def _path_use(tokens: list[Token], i: int) -> bool:
    """The ENV read at i is opened as a file, or handed over under a key naming a path (`cert_path:`,
    `:key_file =>`)."""
    if is_op(tokens, i - 1, "(") and is_op(tokens, i - 3, "."):
        callee, owner = i - 2, i - 4
        if is_id(tokens, callee, *_FILE_CALLS) and is_id(tokens, owner):
            return tokens[owner].text in _FILE_CLASSES
        return is_id(tokens, callee, "new") and is_id(tokens, owner, "Pathname")
    if is_op(tokens, i - 1, ":", "=>") and is_id(tokens, i - 2):
        return tokens[i - 2].text.lower().endswith(_PATH_KEY_ENDS)
    return False


# `require 'capybara/dsl'`, `require 'webdrivers'`: a script driving a browser through the app (logging in
# as each seeded user...), outside the test folders: a developer's tool, never the running app.
_BROWSER_DRIVER = re.compile(r"""(?m)^\s*require\s+['"](?:capybara|webdrivers|selenium-webdriver|watir)\b""")
