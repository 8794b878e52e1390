"""The context facts: where a value sits, what it looks like, what its name says."""

from __future__ import annotations

import pytest

from secretguard.scan.context import (
    assigned_name,
    comment_reason,
    looks_minified,
    name_reasons,
    place_reasons,
    value_reasons,
)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("actionpack/test/controller/http_token_authentication_test.rb", "test-path"),
        ("src/__tests__/client.spec.ts", "test-path"),
        ("pkg/auth/token_test.go", "test-path"),
        ("app/src/test/java/com/acme/ClientTests.java", "test-path"),
        ("spec/models/user_spec.rb", "test-path"),
        ("test/units/fixtures/client.key", "fixture-path"),
        ("examples/quickstart/config.py", "example-path"),
        (".env.example", "example-path"),
        ("config/database.yml.tt", "example-path"),
        ("docs/guides/getting_started.md", "docs-path"),
        ("README.md", "docs-path"),
        ("package/apis/waf-2015-08-24.examples.json", "api-example"),
        ("api/openapi.yaml", "api-example"),
        ("vendor/bundle/ruby/gems/x.rb", "vendored-path"),
        ("web/node_modules/lib/index.js", "vendored-path"),
        ("package-lock.json", "lockfile"),
        ("static/app.min.js", "generated-file"),
        ("proto/user_pb2.py", "generated-file"),
    ],
)
def test_places_are_recognised(path: str, reason: str) -> None:
    assert reason in place_reasons(path)


@pytest.mark.parametrize(
    "path",
    [
        "app/config/settings.py",
        "deploy/.env.production",
        "src/lib/contest.ts",
        "latest/attest.go",
        "testing.md",
    ],
)
def test_application_files_have_no_test_place(path: str) -> None:
    assert "test-path" not in place_reasons(path)
    assert "fixture-path" not in place_reasons(path)


def test_a_non_utf8_path_is_judged_without_error() -> None:
    assert "test-path" in place_reasons("tests/caf\udce9.txt")


def test_minified_content_is_told_by_its_line_length() -> None:
    assert looks_minified(b"var a=1;" * 1000)
    assert not looks_minified(b"x = 1\n" * 1000)
    assert not looks_minified(b"short")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("550e8400-e29b-41d4-a716-446655440000", "uuid-value"),
        ("da39a3ee5e6b4b0d3255bfef95601890afd80709", "hex-digest"),
        ("Authorization::Unauthorized", "code-reference"),
        (":unauthorized", "code-reference"),
        (":shipit:", "code-reference"),
        ("#{secret_token}", "code-reference"),
        ("[FILTERED]", "code-reference"),
        ("* 300_000 + b", "code-reference"),  # b"password=" * 300_000 + b"..." read as one quoted value
        (", token, b", "code-reference"),
        ("is too long", "words-value"),
        ("value with quotes and spaces", "words-value"),
        ("somePasswordValue", "words-value"),
    ],
)
def test_value_shapes(value: str, reason: str) -> None:
    assert reason in value_reasons(value)


@pytest.mark.parametrize(
    "value", ["q8Zt3LmW0pXc7Rv2Nk5Hs9Jd4F", "7sTKOaYVSb4azlJxj0mWsIUO", "Hf7kQ2xZ9pLm4vRt8wNc"]
)
def test_random_values_have_no_value_reason(value: str) -> None:
    assert value_reasons(value) == ()


@pytest.mark.parametrize("value", ["*Tr0ub4dor&3", "-Xk9 p2Lq", "+=Hs9Jd4F"])
def test_passwords_starting_with_a_symbol_are_not_code(value: str) -> None:
    assert "code-reference" not in value_reasons(value)


def test_a_passphrase_with_variety_is_not_prose_for_a_password() -> None:
    assert "words-value" not in value_reasons("tundra Ember Quiver lantern 34", password_like=True)
    assert "words-value" in value_reasons("value with quotes and spaces", password_like=True)
    # A password is chosen by a person: words in it are expected.
    assert "words-value" not in value_reasons("secretKey456", password_like=True)


def test_identifier_shapes_can_be_left_out() -> None:
    assert value_reasons("550e8400-e29b-41d4-a716-446655440000", identifier_shapes=False) == ()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("ChangeToken", "request-token-name"),
        ("ClientRequestToken", "request-token-name"),
        ("idempotency_key", "request-token-name"),
        ("nextToken", "pagination-name"),
        ("NextContinuationToken", "request-token-name"),
        ("page_token", "pagination-name"),
        ("authenticity_token", "csrf-name"),
        ("csrfToken", "csrf-name"),
        ("public_key", "public-key-name"),
        ("kms_key_id", "key-id-name"),
        ("token_url", "url-name"),
    ],
)
def test_names_that_hold_no_secret(name: str, reason: str) -> None:
    assert reason in name_reasons(name)


@pytest.mark.parametrize(
    "name", ["api_key", "DB_PASSWORD", "clientSecret", "NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY"]
)
def test_credential_names_have_no_name_reason(name: str) -> None:
    assert name_reasons(name) == ()


def test_assigned_name_reads_the_key_before_a_value() -> None:
    data = b'  "ChangeToken": "abcd"'
    assert assigned_name(data, data.index(b"abcd")) == "ChangeToken"
    data = b"api_key = 'x'"
    assert assigned_name(data, data.index(b"x")) == "api_key"
    data = b"print(x)"
    assert assigned_name(data, 6) == ""


def test_comments_count_in_source_files_only() -> None:
    assert comment_reason("lib/secure_password.rb", b"  #   user.password = ") == "in-comment"
    assert comment_reason("src/a.ts", b"// const token = ") == "in-comment"
    # A commented-out line of a dotenv or YAML file is often a real value switched off.
    assert comment_reason(".env", b"# API_KEY=") is None
    assert comment_reason("src/a.ts", b"const token = ") is None


@pytest.mark.parametrize("value", ["=$SG_VERSION", "session:#{id}", "pre-${env}-x", "shipit:"])
def test_values_built_by_code_are_code_references(value: str) -> None:
    assert "code-reference" in value_reasons(value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("([a-z0-9]{32})", "code-reference"),
        ("'-{name}'", "code-reference"),
        ("%(user)s@host", "code-reference"),
        ("2016-09-19T17:28:54Z", "date-value"),
    ],
)
def test_regexes_formats_and_dates(value: str, reason: str) -> None:
    assert reason in value_reasons(value)


def test_a_sentence_is_prose_even_for_a_password_name() -> None:
    assert "words-value" in value_reasons('The "pass" statement is a null operation', password_like=True)


def test_a_namespaced_type_is_not_a_variable() -> None:
    assert name_reasons("AWS::SecretsManager::Secret") == ("type-name",)
