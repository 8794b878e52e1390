"""How `inventory check` judges a value it holds: URLs by their password (never by an `example` host),
identifiers as what they are, and format problems in plain words."""

from __future__ import annotations

import pytest

from secretguard.inventory.check import Assessor
from secretguard.inventory.model import Inventory, Variable

STRONG = "Xk9fQ2vLm8Rt4ZpW7sYc"


def assess(
    value: str, name: str = "DATABASE_URL", **fields: object
) -> tuple[str | None, str | None, str | None]:
    inventory = Inventory(variables=[Variable.model_validate({"name": name, "secret": True, **fields})])
    facts = Assessor(inventory)(name, value)
    return facts.placeholder, facts.weak, facts.format_error


@pytest.mark.parametrize(
    "value",
    [
        f"postgres://app:{STRONG}@db.example.com/shop",
        f"postgres://app:{STRONG}@db.example-corp.internal/shop",
        f"postgres://app:{STRONG}@example/shop",
        f"postgresql://app:{STRONG}@example.com:5432/shop?sslmode=require",
        f"redis://:{STRONG}@cache.example.net:6379/0",
        "postgres://db.example.com/shop",  # no password (IAM or a socket): nothing to call a placeholder
    ],
)
def test_a_url_with_a_real_password_is_not_a_placeholder(value: str) -> None:
    assert assess(value) == (None, None, None)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("postgres://app:changeme@db/x", "a URL whose password is a placeholder word"),
        ("postgres://USER:PASSWORD@HOST:5432/DB", "a URL whose password is a placeholder word"),
        ("redis://:changeme@redis:6379/0", "a URL whose password is a placeholder word"),
        ("postgres://app:${DB_PASSWORD}@db/x", "a URL with a template placeholder"),
        ("postgres://app:pw@<host>/db", "a URL with a template placeholder"),
        (f"postgres://app:{STRONG}@your-db-host/x", "a URL with a placeholder host"),
        ("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX", "a placeholder or example value"),
    ],
)
def test_a_url_with_a_placeholder_password_is_one(value: str, reason: str) -> None:
    assert assess(value)[0] == reason


def test_a_url_is_as_weak_as_its_password() -> None:
    placeholder, weak, _ = assess("postgres://app:s3cr@db.internal/x")
    assert placeholder is None
    assert weak == "a URL whose password is short (4 characters; at least 12 expected)"


def test_format_problems_read_as_sentences() -> None:
    assert assess("many", "WORKERS", format={"regex": "^[0-9]+$"})[2] == "does not match the expected pattern"
    assert assess("many", "WORKERS", format={"int": True})[2] == "is not an integer"
    assert assess("x", "WORKERS", format={"min_length": 3})[2] == "is shorter than 3 characters"


@pytest.mark.parametrize("name", ["AWS_ACCESS_KEY_ID", "GOOGLE_CLIENT_ID", "STRIPE_PUBLISHABLE_KEY"])
def test_identifiers_marked_secret_are_judged_as_identifiers(name: str) -> None:
    var = Variable(name=name, secret=True)
    assert var.identifier is not None
    assert not var.holds_secret
    # short, low-entropy or "example" values are fine for an identifier: not weak, not a secret placeholder
    assert assess("AKIAIOSFODNN7EXAMPLE", name) == (None, None, None)
    assert assess("abc", name) == (None, None, None)
