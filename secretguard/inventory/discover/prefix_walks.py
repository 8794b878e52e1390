"""Applications that walk the whole environment for the names under a prefix, and the names their
deployments declare under it.

    smtp_env = Hash[ENV.map do |k, v|                          # Ruby: a settings hash of SMTP_* variables
      if /^SMTP_(.*)$/ === k then [$1.downcase.to_sym, YAML.load(v)] end
    end.compact]
    ENV.select { |k, _| k.start_with?("MAILER_") }             # or `ENV.keys.grep(/^X_/)`

The walk reads whatever is set under the prefix, so each name an image, a compose file, a manifest or an
example env file declares under it (`SMTP_ADDRESS=` in `.env.example`) is read at run time: optional, the
walk taking it only when set. (Flask's `from_prefixed_env` is python_flask.py's, through the same
`declared_under`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from secretguard.inventory.discover.base import Read, scope_of_read

# Where a deployment declares the variables of a container the app runs in (not CI's, not a test's).
_DECLARING_SOURCES = ("dockerfile-env", "compose", "compose-env-file", "env-example", "k8s", "kamal")
# `ENV.map`, `ENV.each`, `ENV.select`, `ENV.to_h.select`, `ENV.keys.grep`...: the whole environment walked.
_RUBY_WALK = re.compile(
    r"\bENV\s*\.\s*(?:to_h\s*\.\s*)?(?:keys\s*\.\s*)?"
    r"(?:map|each|each_pair|select|filter|filter_map|find_all|each_with_object|reject|grep|collect)\b"
)
# The prefix the walk keeps: a regular expression anchored at the start, or `start_with?("X_")`.
_RUBY_PREFIX = re.compile(r"""/(?:\^|\\A)([A-Z][A-Z0-9]*_)|start_with\?\(\s*["']([A-Z][A-Z0-9]*_)["']""")
_WINDOW = 6  # lines after the walk where its block tests the prefix


def ruby_walked_prefixes(text: str) -> set[str]:
    """The prefixes a Ruby file's walks over ENV keep (`/^SMTP_(.*)$/ === k` in an `ENV.map` block)."""
    if "ENV" not in text:
        return set()
    lines = text.splitlines()
    out: set[str] = set()
    for number, line in enumerate(lines):
        if line.lstrip().startswith("#") or _RUBY_WALK.search(line) is None:
            continue
        window = "\n".join(lines[number : number + _WINDOW])
        for found in _RUBY_PREFIX.finditer(window):
            prefix = found.group(1) or found.group(2)
            if prefix:
                out.add(prefix)
    return out


def declared_under(prefixes: Iterable[str], reads: Sequence[Read], source: str) -> list[Read]:
    """A runtime read of each name a deployment declares under one of the prefixes."""
    heads = tuple(prefixes)
    if not heads:
        return []
    return [
        Read(read.name, read.file, read.line, True, source, scope="runtime")
        for read in reads
        if read.source.startswith(_DECLARING_SOURCES)
        and read.name.startswith(heads)
        and len(read.name) > len(next(h for h in heads if read.name.startswith(h)))
        and not read.other_container
        and scope_of_read(read) in ("runtime", "build", "dev", "example")
    ]
