"""Rust: `env::var("X")` / `std::env::var_os`, `dotenvy::var`, the `env!`/`option_env!` macros;
`.unwrap_or(...)`, `.unwrap_or_else`, `.unwrap_or_default()`, `.ok()` after a read handle absence (a literal
fallback is the default). The macros read the compiler's environment (`env!("CARGO_PKG_VERSION")`): `build`,
not the running program's; so does Cargo's build script (`build.rs` beside a crate's `Cargo.toml`), which
runs at compile time."""

from __future__ import annotations

from dataclasses import replace

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read
from secretguard.inventory.discover.lexer import RUST, Token, bracket_pairs, is_id, is_op, literal, tokenize
from secretguard.inventory.discover.rust_values import fallback

TRIGGERS = ("env",)
_HANDLERS = frozenset(
    {
        "unwrap_or",
        "unwrap_or_else",
        "unwrap_or_default",
        "ok",
        "is_ok",
        "is_err",
        "or",
        "or_else",
        "map_or",
        "map_or_else",
    }
)


def _handled(tokens: list[Token], i: int) -> bool:
    return is_op(tokens, i, ".") and is_id(tokens, i + 1) and tokens[i + 1].text in _HANDLERS


def discover_rust(text: str, file: str) -> list[Read]:
    if "env" not in text:
        return []
    tokens = tokenize(text, RUST)
    return direct_reads(tokens, bracket_pairs(tokens), file)


def is_build_script(file: str) -> bool:
    """Cargo's default build script: `build.rs` at a package's root (compiled and run before the crate), not
    a `build` module of its sources (`src/build.rs`)."""
    parts = file.split("/")
    return parts[-1] == "build.rs" and "src" not in parts[:-1]


def direct_reads(tokens: list[Token], match: dict[int, int], file: str) -> list[Read]:
    reads: list[Read] = []
    build = is_build_script(file)
    for i, tok in enumerate(tokens):
        name: str | None = None
        default: str | None = None
        optional = macro = False
        if (
            is_id(tokens, i, "env", "dotenvy", "dotenv")
            and is_op(tokens, i + 1, "::")
            and is_id(tokens, i + 2, "var", "var_os")
            and is_op(tokens, i + 3, "(")
        ):
            name = literal(tokens, i + 4)
            closed = is_op(tokens, i + 5, ")")
            optional = closed and _handled(tokens, i + 6)
            if closed:
                handled, default = fallback(tokens, match, i + 6)
                optional = optional or handled
        elif (
            is_id(tokens, i, "env", "option_env") and is_op(tokens, i + 1, "!") and is_op(tokens, i + 2, "(")
        ):
            if is_op(tokens, i - 1, "::") and not is_id(tokens, i - 2, "std", "core"):
                continue
            name = literal(tokens, i + 3)
            optional = tok.text == "option_env"
            macro = True
        if name is not None and is_env_name(name):
            read = Read(name, file, tok.line, optional, "rust", default=default)
            if (macro or build) and scope_of_read(read) == "runtime":
                read = replace(read, scope="build")
            reads.append(read)
    return reads
