"""Exports from the inventory: a `.env.example` (structure, documentation and the code's own defaults, never
a secret) and a pydantic-settings `Settings` module that fails fast at start-up when a required variable is
missing or malformed.

This module decides what each variable contributes (facts, default, field type); the files' syntax is in
templates/dotenv_example.j2 and templates/settings.py.j2, where every value is quoted for where it goes.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from datetime import UTC, datetime

from secretguard.formats.quoting import comment, dotenv_value
from secretguard.formats.templating import render_template
from secretguard.inventory.model import FormatSpec, Inventory, Variable

_RESERVED = frozenset({"model_config", "model_fields", "model_computed_fields", "settings_customise_sources"})


@dataclass(frozen=True, slots=True)
class ExampleEntry:
    """One variable of the `.env.example`."""

    name: str
    purpose: str
    facts: list[str]
    secret_source: str | None  # where a secret's value comes from; None: not a secret
    value: str | None  # the application's default, written as the value; None: the line is commented out


@dataclass(frozen=True, slots=True)
class SettingsField:
    """One field of the generated Settings class."""

    name: str  # a Python identifier (see _field_name)
    variable: str
    kind: str  # SecretStr, Literal, int, bool or str
    enum: list[str]
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class FormatCheck:
    """A format the generated module checks at start-up (pydantic types cover int, bool and enums)."""

    field: str
    variable: str
    regex: str | None
    url: bool
    min_length: int | None
    max_length: int | None


def _required(var: Variable, inventory: Inventory, env: str | None) -> bool:
    if env is not None:
        return var.required_in(env)
    envs = list(inventory.environments)
    if not envs:
        return var.required is True or (isinstance(var.required, list) and bool(var.required))
    return all(var.required_in(e) for e in envs)


def _format_hint(fmt: FormatSpec | None) -> str:
    if fmt is None:
        return ""
    hints = []
    if fmt.url:
        hints.append("a URL")
    if fmt.integer:
        hints.append("an integer")
    if fmt.boolean:
        hints.append("true/false")
    if fmt.enum:
        hints.append("one of " + "|".join(fmt.enum))
    if fmt.regex:
        hints.append(f"matching {fmt.regex}")
    if fmt.min_length is not None:
        hints.append(f"at least {fmt.min_length} characters")
    if fmt.max_length is not None:
        hints.append(f"at most {fmt.max_length} characters")
    return ", ".join(hints)


def _secret_source(inventory: Inventory, var: Variable, env: str | None) -> str:
    """Where a secret's value comes from, for the hint beside it."""
    envs = [env] if env is not None else list(inventory.environments)
    places: list[str] = []
    for name in envs:
        ref = var.storage.get(name)
        if ref is not None:
            if ref.vault is not None:
                places.append(f"vault:{ref.vault.mount}/{ref.vault.path}")
            else:
                places.append(f"{ref.kind}:{getattr(ref, ref.kind)}".partition("#")[0])
        else:
            places += [s.label() for s in inventory.environments[name].stores]
    unique = list(dict.fromkeys(p for p in places if p))
    if not unique:
        return "the team's secret store"
    return ", ".join(unique[:4]) + (", ..." if len(unique) > 4 else "")


def _example_entry(inventory: Inventory, var: Variable, env: str | None) -> ExampleEntry:
    secret = var.holds_secret
    facts = ["required" if _required(var, inventory, env) else "optional"]
    if secret:
        facts.append("secret")
    elif var.identifier:
        facts.append(f"{var.identifier}, not a secret")
    if var.owner:
        facts.append(f"owner: {comment(var.owner)}")
    hint = _format_hint(var.format)
    if hint:
        facts.append(hint)
    if var.rotation_days:
        facts.append(f"rotate every {var.rotation_days} days")
    default = None if secret else var.default
    spellable = default is not None and dotenv_value(default) is not None
    if default == "":
        facts.append("the application's default is empty")
    elif default is not None and not spellable:
        facts.append("the application has a default this file cannot spell: left unset")
    return ExampleEntry(
        name=var.name,
        purpose=var.purpose,
        facts=facts,
        secret_source=_secret_source(inventory, var, env) if secret else None,
        value=default if spellable else None,
    )


def dotenv_example(inventory: Inventory, env: str | None = None) -> str:
    """A `.env.example` that is safe to copy to `.env`: a line that assigns holds the application's own
    default (found in the code by discovery); every other line is commented out (`# NAME=`), so a copy never
    overrides a default with an empty string. Secrets are always commented out, with where they come from."""
    entries = [_example_entry(inventory, var, env) for var in inventory.variables if var.status == "active"]
    return render_template("dotenv_example.j2", entries=entries)


def _field_name(name: str, used: set[str]) -> str:
    base = "".join(c if c.isascii() and c.isalnum() else "_" for c in name.lower()).strip("_") or "var"
    if base[0].isdigit() or keyword.iskeyword(base) or base in _RESERVED or base.startswith("model_"):
        base = f"v_{base}"
    candidate = base
    n = 2
    while candidate in used:
        candidate = f"{base}_{n}"
        n += 1
    used.add(candidate)
    return candidate


def _kind(var: Variable) -> str:
    fmt = var.format
    if var.secret:
        return "SecretStr"
    if fmt is not None and fmt.enum:
        return "Literal"
    if fmt is not None and fmt.integer:
        return "int"
    if fmt is not None and fmt.boolean:
        return "bool"
    return "str"


def settings_module(inventory: Inventory, env: str | None = None, class_name: str = "Settings") -> str:
    if not class_name.isidentifier() or keyword.iskeyword(class_name):
        raise ValueError(f"{class_name!r} is not a Python class name")
    used: set[str] = set()
    fields: list[SettingsField] = []
    checks: list[FormatCheck] = []
    for var in inventory.variables:
        if var.status != "active":
            continue
        name = _field_name(var.name, used)
        fmt = var.format
        kind = _kind(var)
        enum = list(fmt.enum) if kind == "Literal" and fmt is not None and fmt.enum else []
        fields.append(SettingsField(name, var.name, kind, enum, _required(var, inventory, env), var.purpose))
        if fmt is not None and (
            fmt.regex or fmt.url or fmt.min_length is not None or fmt.max_length is not None
        ):
            checks.append(FormatCheck(name, var.name, fmt.regex, fmt.url, fmt.min_length, fmt.max_length))
    today = datetime.now(UTC).date()
    return render_template(
        "settings.py.j2", today=today.isoformat(), class_name=class_name, fields=fields, checks=checks
    )
