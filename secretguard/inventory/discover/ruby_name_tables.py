"""Ruby: tables of variable names handed to one of the project's classes that reads the environment by the
names it is given.

    # config/load.rb
    Errbit::Config = Configurator.run(
      host: ["ERRBIT_HOST"],
      mongo_url: ["MONGODB_URI", "MONGOLAB_URI", "MONGO_URL"],
      github_url: ["GITHUB_URL", lambda do |values| ... end],
    )

    # app/lib/configurator.rb
    class Configurator
      def scan
        @mapping.each { |key, values| env_name = values.find { |v| ENV[v] } }

A call `Klass.method(key: [...], ...)` whose hash values are lists of names (upper-case strings), where the
project's `class Klass` indexes `ENV` with a variable, reads every name listed: each optional (the class
takes the first one set).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import RUBY, STR, Token, bracket_pairs, is_id, is_op, tokenize

SOURCE = "ruby"
_CLASS = re.compile(r"(?m)^\s*class\s+(?:\w+::)*(\w+)\b")
# `ENV[v]`, `ENV.fetch(name`, `ENV.key?(name`: the environment indexed by a variable, not a literal
_DYNAMIC_ENV = re.compile(r"\bENV(?:\[\s*[a-z_]\w*\s*\]|\.(?:fetch|key\?|\[\])\(\s*[a-z_]\w*)")
_NAME = re.compile(r"[A-Z][A-Z0-9_]*\Z")
_MIN_ENTRIES = 2  # a table, not one list that happens to hold capitals


@dataclass
class _Table:
    receiver: str
    names: list[tuple[str, int]]  # (name, line)
    file: str


@dataclass
class NameTables:
    readers: set[str] = field(default_factory=set)  # classes indexing ENV with a variable
    tables: list[_Table] = field(default_factory=list)

    def add(self, text: str, file: str) -> None:
        if _DYNAMIC_ENV.search(text):
            self.readers.update(_CLASS.findall(text))
        if "=> [" in text or ": [" in text:
            self.tables.extend(_tables(text, file))

    def finish(self) -> list[Read]:
        return [
            Read(name, table.file, line, True, SOURCE)
            for table in self.tables
            if table.receiver in self.readers
            for name, line in table.names
        ]


def _tables(text: str, file: str) -> list[_Table]:
    tokens = tokenize(text, RUBY)
    match = bracket_pairs(tokens)
    out: list[_Table] = []
    for i in range(2, len(tokens) - 1):
        # `Receiver.method(`
        if not (is_op(tokens, i, "(") and is_id(tokens, i - 1) and is_op(tokens, i - 2, ".")):
            continue
        receiver = tokens[i - 3] if i >= 3 else None
        if receiver is None or not is_id(tokens, i - 3) or not receiver.text[:1].isupper():
            continue
        close = match.get(i)
        if close is None:
            continue
        names, entries = _listed_names(tokens, match, i + 1, close)
        if entries >= _MIN_ENTRIES and names:
            out.append(_Table(receiver.text, names, file))
    return out


def _listed_names(
    tokens: list[Token], match: dict[int, int], start: int, end: int
) -> tuple[list[tuple[str, int]], int]:
    """The names in `key: [...]` / `"key" => [...]` entries between start and end, and how many entries hold
    only names (before a trailing lambda)."""
    names: list[tuple[str, int]] = []
    entries = 0
    k = start
    while k < end:
        if is_op(tokens, k, "[") and k in match and (is_op(tokens, k - 1, ":", "=>")):
            close = match[k]
            listed: list[tuple[str, int]] = []
            j = k + 1
            while j < close:
                if tokens[j].kind == STR and _NAME.match(tokens[j].text.strip("\"'")):
                    value = tokens[j].text.strip("\"'")
                    if is_env_name(value):
                        listed.append((value, tokens[j].line))
                elif not is_op(tokens, j, ","):
                    break  # a lambda or another value ends the names
                j += 1
            if listed:
                entries += 1
                names.extend(listed)
            k = close + 1
            continue
        k += 1
    return names, entries
