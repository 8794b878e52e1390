"""The engine on hostile and tricky input: bounded paths, positions, decoding, suppression, overlaps."""

from __future__ import annotations

import base64
import random
import string
import threading
from collections import Counter

import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import FLOOD_KEEP, Engine
from secretguard.scan.finding import Finding
from secretguard.scan.rules import Rule
from tests.helpers import ALNUM, aws_key_id, github_style_token, rand, stripe_live_key

MB = 1024 * 1024
FINISH_AT_ALL = 120  # seconds: a hang guard, not a speed check (each of these takes well under 1 s alone)

_KEYWORDS = (
    "function",
    "return ",
    "var ",
    "let ",
    "const ",
    "this",
    "new ",
    "typeof ",
    "null",
    "void 0",
    "!0",
)
_PUNCTUATION = (
    "(",
    ")",
    "{",
    "}",
    ";",
    ",",
    ".",
    "=",
    "=>",
    "&&",
    "||",
    "!",
    "?",
    ":",
    "[",
    "]",
    "+",
    "-",
    "===",
)


def minified_js(rng: random.Random, size: int) -> str:
    """One line of bundler-like output: short identifiers, keywords, punctuation, numbers, string literals,
    inline base64 (data URIs of images and fonts, and shorter encoded blobs)."""
    idents = [
        rand(rng, string.ascii_letters + "_$", rng.randint(1, 3)) + rand(rng, ALNUM, rng.randint(0, 10))
        for _ in range(2000)
    ]
    parts: list[str] = []
    total = 0
    while total < size:
        roll = rng.random()
        if roll < 0.4:
            token = rng.choice(idents)
        elif roll < 0.5:
            token = rng.choice(_KEYWORDS)
        elif roll < 0.9:
            token = rng.choice(_PUNCTUATION)
        elif roll < 0.95:
            token = str(rng.randint(0, 99999))
        elif roll < 0.998:
            token = f'"{rng.choice(idents)}"'
        elif roll < 0.999:
            token = (
                '"data:image/png;base64,'
                + base64.b64encode(rng.randbytes(rng.randint(200, 6000))).decode()
                + '"'
            )
        else:
            token = '"' + base64.b64encode(rng.randbytes(rng.randint(24, 180))).decode() + '"'
        parts.append(token)
        total += len(token)
    return "".join(parts)[:size]


def scan(engine: Engine, text: str | bytes, path: str = "example.txt") -> list[Finding]:
    data = text.encode() if isinstance(text, str) else text
    return engine.scan(Chunk(data, path))


def scan_within(engine: Engine, data: bytes, path: str, notes: list[str] | None = None) -> list[Finding]:
    """Findings of one scan, which must finish at all: run in a thread joined with a generous timeout, so a
    quadratic (or worse) path fails the test instead of hanging it. Speed itself is measured in
    benchmarks/engine_guards.py, never asserted here (shared machines are slow at random moments)."""
    outcome: list[list[Finding] | BaseException] = []

    def run() -> None:
        try:
            outcome.append(engine.scan(Chunk(data, path), notes))
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=FINISH_AT_ALL)
    assert outcome, f"scanning {len(data)} bytes of {path} did not finish in {FINISH_AT_ALL} s"
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def only(findings: list[Finding], secret: str) -> Finding:
    matching = [f for f in findings if f.secret == secret]
    assert len(matching) == 1, (
        f"expected one finding for the planted secret, got {[f.rule_id for f in matching]}"
    )
    return matching[0]


# --- hostile sizes: linear paths, all planted secrets still found (timed in benchmarks/engine_guards.py) ---


def test_five_megabyte_minified_line_finds_planted_secrets(engine: Engine) -> None:
    rng = random.Random(11)
    body = minified_js(rng, 5 * MB)
    token, key_id = github_style_token(rng), aws_key_id(rng)
    near, far = 1000, 4 * MB
    first = f';var t="{token}";'
    second = f';k="{key_id}";'
    text = body[:near] + first + body[near:far] + second + body[far:]
    assert "\n" not in text

    findings = scan_within(engine, text.encode(), "dist/app.min.js")

    gh = only(findings, token)
    assert (gh.rule_id, gh.line, gh.column) == ("github-pat", 1, text.index(token) + 1)
    aws = only(findings, key_id)
    assert (aws.rule_id, aws.line, aws.column) == ("aws-access-key-id", 1, text.index(key_id) + 1)
    assert aws.end_column == aws.column + len(key_id)


def test_five_megabyte_run_of_one_letter_finishes_clean(engine: Engine) -> None:
    assert scan_within(engine, b"a" * (5 * MB), "a.txt") == []


def test_run_of_one_letter_with_a_secret_at_the_end(engine: Engine) -> None:
    token = github_style_token(random.Random(12))
    data = b"a" * (2 * MB) + b" " + token.encode()
    found = only(scan_within(engine, data, "a.txt"), token)
    assert (found.line, found.column) == (1, 2 * MB + 2)


@pytest.mark.parametrize("unit", [b"password=", b"password=\n", b"token "])
def test_keyword_flood_is_bounded(engine: Engine, unit: bytes) -> None:
    data = unit * (5 * MB // len(unit))
    assert scan_within(engine, data, "flood.txt") == []


def test_assignment_flood_is_bounded_and_reported_partial(engine: Engine) -> None:
    # Every `api_key: api_key:` pair is a candidate for the generic judges; past MAX_MATCHES_PER_RULE the
    # rest of the chunk is not judged, and the scan says so instead of silently stopping.
    data = b"api_key: " * (5 * MB // 9)
    notes: list[str] = []
    assert scan_within(engine, data, "flood.yaml", notes) == []
    assert any("generic-secret-assignment-unquoted" in note for note in notes)


def test_keyword_flood_still_finds_a_secret(engine: Engine) -> None:
    token = github_style_token(random.Random(13))
    data = b"password=" * 300_000 + b"\ntoken " + token.encode() + b"\n"
    found = only(scan_within(engine, data, "flood.txt"), token)
    assert (found.rule_id, found.line, found.column) == ("github-pat", 2, 7)


@pytest.mark.parametrize("separator", ["\n", ";"], ids=["lines", "one-line"])
def test_many_findings_in_one_file_are_all_listed_when_structural(engine: Engine, separator: str) -> None:
    # Overlap resolution and excerpts once compared every candidate with every other (quadratic); checksummed
    # tokens are never summarised, so all of them come back.
    rng = random.Random(14)
    text = separator.join(f'v{i} = "{github_style_token(rng)}"' for i in range(8000))
    findings = scan_within(engine, text.encode(), "values.env")
    assert len(findings) == 8000
    assert {f.confidence for f in findings} == {"high"}


def test_a_flood_of_one_generic_rule_in_one_file_is_summarised(engine: Engine) -> None:
    rng = random.Random(15)
    text = "\n".join(f'api_key_{i} = "{rand(rng, ALNUM, 40)}"' for i in range(500))
    findings = engine.scan(Chunk(text.encode(), "values.py"))
    by_rule = Counter(f.rule_id for f in findings)
    assert max(by_rule.values()) == FLOOD_KEEP  # per rule, a generic flood keeps its first matches
    summaries = [f for f in findings if "more_in_file" in f.extra]
    assert len(summaries) == len(by_rule)
    # Each value is at most one finding, of one rule or the other (a few random values fail the filters).
    assert 490 <= sum(by_rule.values()) + sum(f.extra["more_in_file"] for f in summaries) <= 500
    assert all(any(r.startswith("flood-") for r in f.reasons) for f in summaries)


# --- positions ----------------------------------------------------------------------------------------------


def test_line_and_column_count_characters_after_multibyte_text(engine: Engine) -> None:
    token = github_style_token(random.Random(21))
    text = f"première ligne — ok\n\n  # 日本語のコメント café: {token} ✓\nfin\n"
    found = only(scan(engine, text), token)
    line = text.splitlines()[found.line - 1]
    assert found.line == 3
    assert found.column == line.index(token) + 1
    assert found.end_line == 3
    assert found.end_column == found.column + len(token)


def test_positions_of_several_secrets_on_several_lines(engine: Engine) -> None:
    rng = random.Random(22)
    secrets = [github_style_token(rng), aws_key_id(rng), stripe_live_key(rng)]
    lines = ["ünïcödé header", f"a = {secrets[0]}", "", f"\tΩ{secrets[1]} ", "x" * 5000 + f" {secrets[2]}"]
    findings = scan(engine, "\r\n".join(lines))
    for secret in secrets:
        found = only(findings, secret)
        line_number = next(i for i, line in enumerate(lines, 1) if secret in line)
        assert found.line == line_number
        assert found.column == lines[line_number - 1].index(secret) + 1


def test_chunk_first_line_offsets_reported_lines(engine: Engine) -> None:
    token = github_style_token(random.Random(23))
    findings = engine.scan(Chunk(f"x\n{token}\n".encode(), "a.txt", first_line=40))
    assert only(findings, token).line == 41


def test_invalid_utf8_around_a_secret_does_not_crash(engine: Engine) -> None:
    token = github_style_token(random.Random(24))
    data = b"\xff\xfe\x80 junk \xc3( token " + token.encode() + b" \xed\xa0\x80 tail\n\xff\xc0\xafsecond line"
    found = only(engine.scan(Chunk(data, "a.txt")), token)
    assert found.rule_id == "github-pat"
    assert found.line == 1
    prefix = data[: data.index(token.encode())].decode("utf-8", "replace")
    assert found.column == len(prefix) + 1


# --- decoding passes ----------------------------------------------------------------------------------------


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _percent(text: str) -> str:
    return "".join(f"%{ord(ch):02X}" for ch in text)


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(ch):04x}" for ch in text)


ENCODINGS = {
    "base64": _b64,
    "percent": _percent,
    "hex": lambda text: text.encode().hex(),
    "escape": _escaped,
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_encoded_secret_is_found_with_its_decoding(engine: Engine, encoding: str) -> None:
    token = github_style_token(random.Random(31))
    encoded = ENCODINGS[encoding](token)
    assert token not in encoded
    text = f"first line\nblob = load({encoded})\n"
    found = only(scan(engine, text), token)
    assert found.rule_id == "github-pat"
    assert found.decoded == (encoding,)
    assert found.line == 2
    assert 1 <= found.column <= text.splitlines()[1].index(encoded) + 1


def test_base64_of_a_line_holding_a_secret_is_found(engine: Engine) -> None:
    key_id = aws_key_id(random.Random(32))
    encoded = _b64(f"[default]\naws_access_key_id = {key_id}\n")
    found = only(scan(engine, f"CREDENTIALS_FILE {encoded}\n"), key_id)
    assert (found.rule_id, found.decoded) == ("aws-access-key-id", ("base64",))


def test_nested_encoding_within_the_decode_depth_is_found(engine: Engine) -> None:
    token = github_style_token(random.Random(33))
    assert engine.decode_depth == 2
    found = only(scan(engine, f"data: load({_b64(_b64(token))})"), token)
    assert found.decoded == ("base64", "base64")
    found = only(scan(engine, f"data: load({_percent(_b64(token))})"), token)
    assert found.decoded == ("percent", "base64")


def test_nested_encoding_beyond_the_decode_depth_is_not_found(rules: list[Rule]) -> None:
    token = github_style_token(random.Random(34))
    github = [r for r in rules if r.id == "github-pat"]
    text = f"load({_b64(_b64(_b64(token)))})"
    assert [f.secret for f in Engine(github, decode_depth=2).scan(Chunk(text.encode(), "a.txt"))] == []
    assert [f.secret for f in Engine(github, decode_depth=3).scan(Chunk(text.encode(), "a.txt"))] == [token]
    plain = f"load({_b64(token)})"
    assert Engine(github, decode_depth=0).scan(Chunk(plain.encode(), "a.txt")) == []


def test_quoted_base64_secret_is_reported_as_the_provider_rule(engine: Engine) -> None:
    token = github_style_token(random.Random(35))
    findings = scan(engine, f'GITHUB_TOKEN_B64 = "{_b64(token)}"\n', "settings.py")
    assert [(f.rule_id, f.decoded) for f in findings] == [("github-pat", ("base64",))]


# --- suppression and overlaps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    ["# secretguard:allow", "// pragma: allowlist secret", "# gitleaks:allow", "/* secretguard:allow */"],
)
def test_inline_allow_marker_suppresses_its_line_only(engine: Engine, marker: str) -> None:
    rng = random.Random(41)
    allowed, reported = github_style_token(rng), github_style_token(rng)
    text = f"token = {allowed}  {marker}\ntoken = {reported}\n"
    assert [(f.secret, f.line) for f in scan(engine, text)] == [(reported, 2)]


def test_inline_allow_markers_can_be_ignored(rules: list[Rule]) -> None:
    github = [r for r in rules if r.id == "github-pat"]
    token = github_style_token(random.Random(42))
    strict = Engine(github, honour_inline_allow=False)
    assert len(strict.scan(Chunk(f"t = {token} # secretguard:allow".encode(), "a.txt"))) == 1


@pytest.mark.parametrize(
    "template",
    ['api_key = "{}"', "STRIPE_SECRET_KEY={}", "secret: '{}'", 'headers = {{"Authorization": "Bearer {}"}}'],
)
def test_provider_rule_wins_an_overlap_and_is_reported_once(engine: Engine, template: str) -> None:
    key = stripe_live_key(random.Random(43))
    findings = scan(engine, template.format(key), "config.py")
    assert [(f.rule_id, f.secret) for f in findings] == [("stripe-live-secret-key", key)]


def test_two_secrets_on_one_line_are_both_reported(engine: Engine) -> None:
    rng = random.Random(44)
    token, key_id = github_style_token(rng), aws_key_id(rng)
    findings = scan(engine, f"creds = ['{token}', '{key_id}']")
    assert sorted(f.rule_id for f in findings) == ["aws-access-key-id", "github-pat"]


def test_excerpt_redacts_every_secret_on_the_line(engine: Engine) -> None:
    rng = random.Random(45)
    token, key_id = github_style_token(rng), aws_key_id(rng)
    findings = scan(engine, f"creds = ['{token}', '{key_id}'] # deploy")
    assert len(findings) == 2
    for found in findings:
        assert token not in found.excerpt
        assert key_id not in found.excerpt
        assert "# deploy" in found.excerpt
        assert "[redacted:" in found.excerpt


def test_placeholder_values_are_not_reported(engine: Engine) -> None:
    text = (
        "api_key = 'your-api-key'\npassword = ${DB_PASSWORD}\ntoken: <token>\nsecret = 'xxxxxxxxxxxxxxxx'\n"
    )
    assert scan(engine, text, "settings.py") == []


def test_empty_and_whitespace_chunks(engine: Engine) -> None:
    assert scan(engine, b"") == []
    assert scan(engine, b"\n\n   \t\n") == []


def test_findings_carry_rule_metadata(engine: Engine) -> None:
    token = github_style_token(random.Random(46))
    found = only(scan(engine, f"GITHUB_TOKEN={token}", "deploy.env"), token)
    rule = next(r for r in engine.rules if r.id == "github-pat")
    assert (found.title, found.provider, found.severity, found.exposure, found.playbook) == (
        rule.title,
        rule.provider,
        rule.severity,
        rule.exposure,
        rule.playbook,
    )
    assert found.file == "deploy.env"
    assert found.fingerprint.startswith("github-pat:")
    assert found.entropy > 3.0


# --- issue 14, item 10: the verdict memo under --workers ----------------------------------------------


class _ClearedBetweenCheckAndRead(dict):  # type: ignore[type-arg]
    """A memo that another thread clears right after every membership test: the worst interleaving."""

    def __contains__(self, key: object) -> bool:
        found = super().__contains__(key)
        self.clear()
        return found


def _assignments(rng: random.Random, count: int) -> bytes:
    return "".join(f"db_password_{i} = '{rand(rng, ALNUM, 20)}'\n" for i in range(count)).encode()


def test_verdict_memo_cleared_between_check_and_read_is_no_key_error(rules: list[Rule]) -> None:
    engine = Engine(rules)
    data = _assignments(random.Random(101), 30) + f"stripe = {stripe_live_key(random.Random(102))}\n".encode()
    expected = [(f.rule_id, f.line, f.secret) for f in engine.scan(Chunk(data, "settings.py"))]
    assert expected
    engine._verdicts = _ClearedBetweenCheckAndRead(engine._verdicts)
    for _ in range(3):
        found = engine.scan(Chunk(data, "settings.py"))
        assert [(f.rule_id, f.line, f.secret) for f in found] == expected


def test_verdict_memo_hammered_from_threads(rules: list[Rule], monkeypatch: pytest.MonkeyPatch) -> None:
    """Many threads share one engine whose memo is cleared all the time (a tiny VERDICT_MEMO), switching
    as often as the interpreter allows: every scan finishes, with the findings of a scan alone."""
    import sys
    import threading

    from secretguard.scan import engine as engine_module

    monkeypatch.setattr(engine_module, "VERDICT_MEMO", 3)
    engine = Engine(rules)
    chunks = [Chunk(_assignments(random.Random(seed), 40), f"app{seed}.py") for seed in range(8)]
    expected = [[(f.rule_id, f.line, f.secret) for f in engine.scan(chunk)] for chunk in chunks]
    errors: list[BaseException] = []
    done: list[int] = []

    def hammer(index: int) -> None:
        try:
            for round_ in range(25):
                chunk = chunks[(index + round_) % len(chunks)]
                found = [(f.rule_id, f.line, f.secret) for f in engine.scan(chunk)]
                assert found == expected[(index + round_) % len(chunks)]
            done.append(index)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=hammer, args=(i,), daemon=True) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)  # a generous "finishes at all" bound, not a speed check
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors[0]
    assert sorted(done) == list(range(8))
