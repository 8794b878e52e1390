"""Rust across a project's files: direct reads at once; calls of the project's wrapper functions and
entries of its config-table macros once every file is seen (a wrapper defined in `util.rs` is called from
`config.rs`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.lexer import RUST, Token, bracket_pairs, tokenize
from secretguard.inventory.discover.rust import direct_reads, is_build_script
from secretguard.inventory.discover.rust_clap import clap_reads
from secretguard.inventory.discover.rust_macros import table_macros, table_reads
from secretguard.inventory.discover.rust_wrappers import functions, wrapper_reads, wrappers


@dataclass
class RustProject:
    files: list[tuple[str, list[Token], dict[int, int]]] = field(default_factory=list)

    def add(self, text: str, rel: str) -> list[Read]:
        """The file's direct reads; the file is kept when it may define or call a wrapper."""
        if "env" not in text and "(" not in text:
            return []
        tokens = tokenize(text, RUST)
        match = bracket_pairs(tokens)
        self.files.append((rel, tokens, match))
        return direct_reads(tokens, match, rel) + clap_reads(text, rel) if "env" in text else []

    def finish(self) -> list[Read]:
        defined = [fn for _, tokens, match in self.files for fn in functions(tokens, match)]
        known = wrappers(defined)
        macros = [
            m
            for _, tokens, match in self.files
            if any(t.text == "macro_rules" for t in tokens)
            for m in table_macros(tokens, match, known)
        ]
        if not known and not macros:
            return []
        reads: list[Read] = []
        for rel, tokens, match in self.files:
            found = wrapper_reads(tokens, match, rel, known) if known else []
            found.extend(table_reads(tokens, match, rel, macros) if macros else [])
            if is_build_script(rel):
                found = [replace(r, scope="build") if scope_of_read(r) == "runtime" else r for r in found]
            reads.extend(found)
        return reads
