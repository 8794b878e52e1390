"""Symfony's environment reads written in PHP: a `%env(...)%` placeholder in any string (a PHP config file's
`'url' => '%env(resolve:DATABASE_URL)%'`, `#[Autowire('%env(bool:X)%')]`), `#[Autowire(env: 'bool:X')]`
(the same placeholder, spelt as an argument), a route's `condition: "env('X') == '1'"`, and the jbtronics
settings bundle's `#[SettingsParameter(envVar: 'bool:X')]`: the bundle puts the variable's value over the
setting stored in the database, so when it is unset the stored setting stands and the read has no default.
The placeholders' syntax is symfony.py's."""

from __future__ import annotations

from dataclasses import replace

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.lexer import ID, STR, Token, is_id, is_op, literal, split_arguments
from secretguard.inventory.discover.php import close_bracket
from secretguard.inventory.discover.symfony import (
    SETTINGS_SOURCE,
    SOURCE,
    expression_specs,
    parse_spec,
    placeholder_specs,
    spec_read,
)

TRIGGERS = ("%env(", "Autowire(", "envVar", "condition:")
# Attributes whose named argument holds a variable's name with its processors: (argument, source).
_ATTRIBUTES = {"Autowire": ("env", SOURCE), "SettingsParameter": ("envVar", SETTINGS_SOURCE)}


def symfony_php_reads(tokens: list[Token], file: str) -> list[Read]:
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if tok.kind == STR and not tok.interpolated and "%env(" in tok.text:
            reads.extend(spec_read(spec, file, tok.line) for _, spec in placeholder_specs(tok.text))
        elif tok.kind != ID:
            continue
        elif tok.text == "condition" and is_op(tokens, i + 1, ":") and is_op(tokens, i - 1, "(", ","):
            expression = literal(tokens, i + 2)  # a named argument: `#[Route(condition: "env('X')")]`
            if expression is not None:
                reads.extend(spec_read(spec, file, tok.line) for spec in expression_specs(expression))
        elif is_op(tokens, i + 1, "(") and tok.text.rsplit("\\", 1)[-1] in _ATTRIBUTES:
            reads.extend(_attribute_reads(tokens, i, file))
    return reads


def _attribute_reads(tokens: list[Token], at: int, file: str) -> list[Read]:
    argument, source = _ATTRIBUTES[tokens[at].text.rsplit("\\", 1)[-1]]
    reads = []
    for start, _ in split_arguments(tokens, at + 1, close_bracket(tokens, at + 1)):
        if not (is_id(tokens, start, argument) and is_op(tokens, start + 1, ":")):
            continue
        text = literal(tokens, start + 2)
        spec = parse_spec(text) if text is not None else None
        if spec is None:
            continue
        read = spec_read(spec, file, tokens[start + 2].line, source)
        reads.append(replace(read, optional=True) if source == SETTINGS_SOURCE else read)
    return reads
