"""Supabase JWTs are judged by their role claim, not by the name they are assigned to."""

from __future__ import annotations

import base64
import json

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine


def _b64(doc: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


def _token(role: str) -> str:
    header = _b64({"alg": "HS256", "typ": "JWT"})
    claims = _b64(
        {"iss": "supabase", "ref": "qwertyuiopasdfghjklz", "role": role, "iat": 1709581858, "exp": 4024941858}
    )
    return f"{header}.{claims}.Zx8Kq2Lm7Np4Rt6Vw9Yb3Cd5Fg1Hj0Ks2Lm4Np6Qr"


def test_anon_key_is_public_by_design_and_service_role_is_the_master_key(engine: Engine) -> None:
    anon_line = f'const cfg = {{"key": "{_token("anon")}"}};\n'
    text = anon_line + f'const admin = {{"value": "{_token("service_role")}"}};\n'
    by_line = {f.line: f for f in engine.scan(Chunk(data=text.encode(), path="dist/app.js"))}
    anon, master = by_line[1], by_line[2]
    assert (anon.exposure, anon.severity, anon.provider) == ("client-safe", "low", "supabase")
    assert "anon" in anon.title
    assert (master.rule_id, master.severity, master.exposure) == (
        "supabase-service-role-key",
        "critical",
        "server-only",
    )


def test_an_anon_key_in_source_is_not_reported_without_client_safe(rules: list[object]) -> None:
    quiet = Engine(rules, include_client_safe=False)  # type: ignore[arg-type]
    text = f'SUPABASE_KEY = "{_token("anon")}"\n'
    assert quiet.scan(Chunk(data=text.encode(), path="src/db.py")) == []
