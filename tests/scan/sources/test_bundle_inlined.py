"""`--env-file`: which variables count as secret (name with public prefixes set aside, or value's shape)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.sources.bundle.inlined import (
    InlinedValues,
    SecretValue,
    secret_variable,
    secrets_from_values,
)


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("NEXT_PUBLIC_INTERNAL_API_SECRET", "9f" * 20, True),  # misplaced behind a public prefix
        ("SUPABASE_SERVICE_ROLE_KEY", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl", True),
        ("DATABASE_URL", "postgres://app:Xk9wq2Lp7@db.internal/app", True),
        ("PUBLIC_ANALYTICS_TOKEN", "Ab3dEf6hIj9kLm2nOp5qRs8t", True),
        ("UPSTREAM", "Zq7Vb2Nm9Lk4Jh6Gf3Ds8Ap1Oi5Uy0Tr", True),  # generated-looking, whatever its name
        ("NEXT_PUBLIC_SUPABASE_ANON_KEY", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl", False),
        ("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "pk_live_" + "a1" * 12, False),
        ("NEXT_PUBLIC_SITE_URL", "https://shop.example.com", False),
        ("LOG_LEVEL", "info", False),
        ("BUILD_SHA", "3f2a9c1d7e8b4a6f0c2d4e6f8a0b1c3d5e7f9a1b", False),  # hex by shape alone: an id
    ],
)
def test_secret_by_name_or_shape(name: str, value: str, secret: bool) -> None:
    assert secret_variable(name, value) is secret


def test_a_value_in_a_deployed_dotenv_file_is_titled_as_such() -> None:
    values = InlinedValues([SecretValue("API_SECRET", b"Zq7Vb2Nm9Lk4Jh6Gf3Ds", "env")])
    data = b"API_SECRET=Zq7Vb2Nm9Lk4Jh6Gf3Ds\n"
    [in_env] = values.scan(Chunk(data=data, path=".next/standalone/.env.production"))
    [in_js] = values.scan(Chunk(data=b'x="Zq7Vb2Nm9Lk4Jh6Gf3Ds"', path="static/app.js"))
    assert "dotenv file deployed with the build" in in_env.title
    assert "inlined in the bundle" in in_js.title


def test_values_passed_in_are_searched_only_when_worth_matching() -> None:
    offered = {"API_SECRET": "Zq7Vb2Nm9Lk4Jh6Gf3Ds", "PORT_TOKEN": "3000", "TODO_KEY": "changeme-changeme"}

    def stored(keep: Callable[[str], bool]) -> tuple[dict[str, str], list[str]]:
        return {n: v for n, v in offered.items() if keep(v)}, ["vault:secret/app: permission denied"]

    secrets, problems = secrets_from_values(stored, "inventory production")
    # Too short to be a credential, or a placeholder: never searched (they would match everywhere).
    assert secrets == [SecretValue("API_SECRET", b"Zq7Vb2Nm9Lk4Jh6Gf3Ds", "inventory production")]
    assert problems == ["vault:secret/app: permission denied"]
