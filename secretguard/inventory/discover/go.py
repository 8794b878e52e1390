"""Go: `os.Getenv("X")`, `os.LookupEnv("X")` (absence handled, so optional), and struct tags of
caarlos0/env (`env:"X,required" envDefault:"..."`)."""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import GO, STR, Token, is_id, is_op, literal, tokenize

TRIGGERS = ("Getenv", "LookupEnv", 'env:"')


def _struct_tag(tag: str) -> dict[str, str]:
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
        if end < 0:
            break
        out[key] = tag[i:end]
        i = end + 1
    return out


def _call(tokens: list[Token], i: int) -> str | None:
    if (
        is_op(tokens, i + 1, ".")
        and is_id(tokens, i + 2, "Getenv", "LookupEnv")
        and is_op(tokens, i + 3, "(")
    ):
        return literal(tokens, i + 4)
    return None


def discover_go(text: str, file: str) -> list[Read]:
    if not any(t in text for t in TRIGGERS):
        return []
    tokens = tokenize(text, GO)
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if is_id(tokens, i, "os"):
            name = _call(tokens, i)
            if name is not None and is_env_name(name):
                lookup = tokens[i + 2].text == "LookupEnv"
                reads.append(Read(name, file, tok.line, lookup, "go"))
        elif tok.kind == STR and 'env:"' in tok.text and is_id(tokens, i - 1):
            tags = _struct_tag(tok.text)
            spec = tags.get("env", "")
            name, *options = spec.split(",")
            if is_env_name(name):
                required = "required" in options or "notEmpty" in options
                optional = "envDefault" in tags or not required
                reads.append(Read(name, file, tok.line, optional, "go"))
    return reads
