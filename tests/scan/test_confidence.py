"""Confidence through the real engine: evidence first, context lowers it, structure holds up in tests."""

from __future__ import annotations

import base64
import json
import random
import time

import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding
from tests.helpers import ALNUM, aws_key_id, github_style_token, rand, stripe_live_key


def _one(engine: Engine, text: str, path: str = "app/config.py", rule: str | None = None) -> Finding:
    found = [f for f in engine.scan(Chunk(text.encode(), path)) if rule is None or f.rule_id == rule]
    assert len(found) == 1, [(f.rule_id, f.confidence) for f in found]
    return found[0]


def _jwt(claims: dict[str, object]) -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    signature = rand(random.Random(3), ALNUM, 43)
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{signature}"


def test_a_checksummed_token_is_high_even_in_a_test_file(engine: Engine) -> None:
    token = github_style_token(random.Random(1))
    finding = _one(engine, f'TOKEN = "{token}"', "spec/support/github_spec.rb")
    assert finding.confidence == "high"
    assert "checksum-ok" in finding.reasons
    assert "test-path" in finding.reasons


def test_a_fixed_prefix_token_is_high(engine: Engine) -> None:
    key = stripe_live_key(random.Random(2))
    finding = _one(engine, f"STRIPE_KEY={key}", ".env", rule="stripe-live-secret-key")
    assert (finding.confidence, finding.reasons[0]) == ("high", "fixed-prefix")


def test_a_keyword_anchored_provider_key_is_medium_and_lowered_in_a_fixture(engine: Engine) -> None:
    secret = rand(random.Random(4), ALNUM + "/+", 40)
    text = f"aws_secret_access_key = {secret}"
    assert _one(engine, text, "deploy/credentials", rule="aws-secret-access-key").confidence == "medium"
    lowered = _one(engine, text, "test/fixtures/credentials", rule="aws-secret-access-key")
    assert lowered.confidence == "low"
    assert {"test-path", "fixture-path"} <= set(lowered.reasons)


def test_a_key_pair_found_together_is_high(engine: Engine) -> None:
    rng = random.Random(5)
    text = f"aws_access_key_id = {aws_key_id(rng)}\naws_secret_access_key = {rand(rng, ALNUM + '/+', 40)}\n"
    findings = {f.rule_id: f for f in engine.scan(Chunk(text.encode(), "deploy/credentials"))}
    assert findings["aws-secret-access-key"].confidence == "high"
    assert "key-pair" in findings["aws-secret-access-key"].reasons


def test_a_generated_value_under_a_credential_name_is_medium(engine: Engine) -> None:
    finding = _one(engine, 'client_secret = "Hf7kQ2xZ9pLm4vRt8wNc"')
    assert finding.confidence == "medium"
    assert finding.reasons[:2] == ("credential-name", "generated-value")


def test_a_short_typed_password_is_low(engine: Engine) -> None:
    assert _one(engine, 'password = "kjfh"').confidence == "low"


def test_a_real_looking_password_is_medium(engine: Engine) -> None:
    assert _one(engine, 'DB_PASSWORD = "Tr0ub4dor&3x"').confidence == "medium"


def test_the_same_generic_value_in_a_test_file_is_low(engine: Engine) -> None:
    finding = _one(engine, 'client_secret = "Hf7kQ2xZ9pLm4vRt8wNc"', "test/test_client.py")
    assert finding.confidence == "low"
    assert "test-path" in finding.reasons


def test_request_tokens_and_cursors_are_low(engine: Engine) -> None:
    for name in ("ChangeToken", "nextToken", "ClientRequestToken"):
        text = f'"{name}": "Zq3xK9mW2vLp8sTn4bRdQ7"'
        finding = _one(engine, text, "service/client.json")
        assert finding.confidence == "low", name


def test_a_class_name_after_authorization_is_low(engine: Engine) -> None:
    findings = engine.scan(
        Chunk(b"rescue ActionCable::Connection::Authorization::Unauthorized", "lib/base.rb")
    )
    assert all(f.confidence == "low" for f in findings)


def test_a_documentation_example_lowers_even_structure(engine: Engine) -> None:
    token = _jwt({"sub": "user-42", "exp": int(time.time()) - 3600})
    finding = _one(engine, f'"idToken": "{token}"', "apis/sso-oidc-2019-06-10.examples.json", rule="jwt")
    assert finding.confidence == "low"
    assert {"api-example", "expired-token"} <= set(finding.reasons)


def test_a_live_jwt_outside_docs_is_high(engine: Engine) -> None:
    token = _jwt({"sub": "service", "role": "service_role", "exp": int(time.time()) + 10**8})
    assert _one(engine, f'KEY = "{token}"', "src/supabase.ts", rule="jwt").confidence == "high"


def test_the_jwt_io_example_token_is_low(engine: Engine) -> None:
    token = _jwt({"sub": "1234567890", "name": "John Doe", "iat": 1516239022})
    finding = _one(engine, f"token = {token}", "notes.txt", rule="jwt")
    assert ("example-value" in finding.reasons, finding.confidence) == (True, "low")


def test_a_comment_in_source_code_lowers_a_generic_value(engine: Engine) -> None:
    finding = _one(engine, '#   user.password = "Tr0ub4dor&3x"', "lib/user.rb")
    assert (finding.confidence, "in-comment" in finding.reasons) == ("low", True)


def test_a_url_password_is_judged_as_a_password(engine: Engine) -> None:
    text = 'const API = "https://apiuser:r3alP4ssw0rd@api.production.com/v2";'
    assert _one(engine, text, "src/api.ts").confidence == "medium"


def test_high_entropy_string_needs_a_credential_name_or_word(engine: Engine) -> None:
    value = "q8Zt3LmW0pXc7Rv2Nk5Hs9Jd4Fb6Gy1Ta8Ue3Wi0Oo7Pq2Lz"
    assert engine.scan(Chunk(f'SIGNING_VALUE = "{value}"'.encode(), "a.py")) == []
    assert (
        _one(engine, f'SIGNING_VALUE = "{value}"  # webhook secret', "a.py").rule_id == "high-entropy-string"
    )


def test_high_entropy_string_sits_out_minified_content(engine: Engine) -> None:
    rng = random.Random(9)
    data = "".join(f'var x{i}="{rand(rng, ALNUM, 48)}";' for i in range(2000)).encode()
    assert engine.scan(Chunk(data, "dist/app.js")) == []


@pytest.mark.parametrize("path", ["app/settings.py", "tests/test_settings.py"])
def test_every_finding_carries_confidence_and_reasons(engine: Engine, path: str) -> None:
    text = (
        f'api_key = "{rand(random.Random(7), ALNUM, 32)}"\ntoken = "{github_style_token(random.Random(8))}"\n'
    )
    findings = engine.scan(Chunk(text.encode(), path))
    assert findings
    for finding in findings:
        data = finding.to_dict()
        assert data["confidence"] in ("low", "medium", "high")
        assert isinstance(data["reasons"], list)
        assert data["reasons"]


def test_generic_rules_sit_out_places_where_they_cannot_reach_the_floor() -> None:
    from secretguard.scan.rules import builtin_rules

    text = b'client_secret = "Hf7kQ2xZ9pLm4vRt8wNc"\n'
    gated = Engine(builtin_rules(), min_confidence="medium")
    # In a test file the generic finding could only be low: with a medium floor it is not looked for...
    assert gated.scan(Chunk(text, "test/test_client.py")) == []
    assert gated.path_profile("test/test_client.py") != gated.path_profile("app/client.py")
    # ...where it still is in application code, and everywhere with a low floor.
    assert [f.confidence for f in gated.scan(Chunk(text, "app/client.py"))] == ["medium"]
    everything = Engine(builtin_rules(), min_confidence="low")
    assert [f.confidence for f in everything.scan(Chunk(text, "test/test_client.py"))] == ["low"]


@pytest.mark.parametrize(
    "line",
    [
        # a resource type as a key
        '"AWS::SecretsManager::Secret": "c85b2a1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b",',
        'PassStateEntered = "PassStateEntered"',  # a label naming itself
        "cl_api_key = r'(?:[a-z0-9]{64})'",  # a regular expression
    ],
)
def test_code_that_only_looks_like_an_assignment_is_not_reported(engine: Engine, line: str) -> None:
    assert [f.confidence for f in engine.scan(Chunk(line.encode(), "lib/data.py"))] in ([], ["low"])
