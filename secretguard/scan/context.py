"""What surrounds a candidate secret, as short reason codes: where the file sits, what the value looks like,
what the name it is assigned to says.

These are facts, not verdicts: `confidence.assess` weighs them against the evidence a rule brings. A code
names a context that makes a leak less likely (a test fixture, a UUID, a pagination cursor); none of them
alone drops a finding, they lower its confidence.
"""

from __future__ import annotations

from functools import lru_cache

import re2

from secretguard.scan.pathtext import path_bytes

# --- where the value sits -----------------------------------------------------------------------------

# (reason, path regex). A path may carry several; `assess` counts each kind once.
_PLACE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "test-path",
        r"(?i)(?:^|/)(?:tests?|spec|specs|__tests__|__mocks__|testing|testdata|test[_-]data|testutils?|"
        r"e2e|integration[_-]tests?|unit[_-]tests?|cypress|features|mocks?|stubs?|dummy)/|"
        r"(?:^|/)(?:test_[^/]*|[^/]*_tests?\.[A-Za-z0-9]+|[^/]*\.(?:test|spec|e2e)\.[A-Za-z0-9]+|"
        r"[^/]*_spec\.rb|conftest\.py|[^/]*Tests?\.(?:java|kt|cs|scala|swift|m|php)|test_helper\.rb)$",
    ),
    (
        "fixture-path",
        r"(?i)(?:^|/)(?:fixtures?|__fixtures__|testfixtures|cassettes|vcr|snapshots?|__snapshots__)/",
    ),
    (
        "example-path",
        r"(?i)(?:^|/)(?:examples?|samples?|demos?|tutorials?|playground|sandbox|templates?)/|"
        r"\.(?:example|examples|sample|dist|template|tmpl|tpl|tt)(?:\.[A-Za-z0-9]+)?$|"
        r"(?:^|/)[^/]*[._-](?:example|sample|template)[^/]*$",
    ),
    (
        "docs-path",
        r"(?i)(?:^|/)(?:docs?|documentation|guides?|man|wiki|site-docs)/|"
        r"\.(?:md|mdx|markdown|rst|adoc|asciidoc|textile|rdoc|pod|ipynb)$|(?:^|/)(?:README|CHANGELOG|CHANGES|HISTORY)[^/]*$",
    ),
    (
        "api-example",
        r"(?i)[./-]examples?(?:-\d+)?\.json$|(?:^|/)examples?(?:-\d+)?\.json$|"
        r"(?:^|/)[^/]*(?:openapi|swagger)[^/]*\.(?:ya?ml|json)$|"
        r"(?:^|/)(?:apis|api-specs?|specification)/[^/]*\.(?:ya?ml|json)$",
    ),
    (
        "vendored-path",
        r"(?i)(?:^|/)(?:vendor|vendors|third[_-]party|node_modules|bower_components|external|externals|"
        r"site-packages|dist-packages|Pods|Carthage|jspm_packages)/",
    ),
    (
        "lockfile",
        r"(?:^|/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|"
        r"Pipfile\.lock|Cargo\.lock|go\.sum|composer\.lock|Gemfile\.lock|packages\.lock\.json|flake\.lock|"
        r"uv\.lock|bun\.lockb?|mix\.lock|pubspec\.lock|Podfile\.lock)$",
    ),
    (
        "generated-file",
        r"(?i)[.-]min\.(?:js|mjs|css)$|\.(?:map|snap|pb\.go|pb\.cc|g\.dart|designer\.cs)$|"
        r"(?:^|/)(?:generated|__generated__|gen|autogen)/|_pb2\.py$|\.generated\.[A-Za-z]+$",
    ),
)
_PLACE_SET = re2.Set.SearchSet()
for _reason, _pattern in _PLACE_PATTERNS:
    _PLACE_SET.Add(_pattern)
_PLACE_SET.Compile()

# Places whose values are documentation: even a well-formed provider token there is an illustration.
DOCUMENTATION_PLACES = frozenset({"example-path", "docs-path", "api-example"})
# Places where code lives that is not the application's own running configuration.
CODE_PLACES = frozenset({"test-path", "fixture-path", "vendored-path", "lockfile"})
# Build output: where bundles leak provider keys, but where free-form names and values are string tables.
BUILD_PLACES = frozenset({"generated-file", "minified"})

# Places that lower what a generic rule finds (confidence.assess): documentation, fixtures and build output.
GENERIC_LOWERING_PLACES = DOCUMENTATION_PLACES | CODE_PLACES | BUILD_PLACES

_PLACE_MEMO: dict[str, tuple[str, ...]] = {}


def place_reasons(path: str) -> tuple[str, ...]:
    """Reason codes for the file a value sits in (`test-path`, `docs-path`...), remembered per path."""
    known = _PLACE_MEMO.get(path)
    if known is None:
        if len(_PLACE_MEMO) >= 65536:
            _PLACE_MEMO.clear()
        try:
            matched = _PLACE_SET.Match(path) or []
        except (UnicodeEncodeError, TypeError):
            matched = _PLACE_SET.Match(path_bytes(path)) or []  # a name that is not UTF-8, or from JSON
        known = tuple(_PLACE_PATTERNS[i][0] for i in sorted(matched))
        _PLACE_MEMO[path] = known
    return known


MINIFIED_SAMPLE = 8192


def lowers_generic(path: str) -> bool:
    """Whether a generic finding in this file is lowered a level for where it sits."""
    return bool(GENERIC_LOWERING_PLACES.intersection(place_reasons(path)))


def looks_minified(data: bytes) -> bool:
    """Bundled or minified content: long lines on average (source code averages well under 100 bytes),
    judged on the first 8 KiB (counting every newline of every blob of a history costs seconds)."""
    if len(data) < 4096:
        return False
    sample = data[:MINIFIED_SAMPLE]
    return len(sample) / (sample.count(b"\n") + 1) > 400


# --- what the value is --------------------------------------------------------------------------------

_UUID = re2.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re2.compile(r"^[0-9a-f]+$|^[0-9A-F]+$")
_DIGEST_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})
# Namespaces, symbols and member paths (`Authorization::Unauthorized`, `:unauthorized`, `Foo.Bar.Baz`), and
# emoji short codes (`:shipit:`).
_CODE_PATH = re2.compile(
    r"^:?[A-Za-z_][A-Za-z0-9_]*(?:(?:::|\.|->|#)[A-Za-z_][A-Za-z0-9_]*)+$|^:[A-Za-z_]\w*$|^:?[a-z0-9_+-]+:$"
)
# Interpolations and template references left in a literal (`#{token}`, `%{secret}`, `{{ x }}`, `<%= x %>`).
_TEMPLATE_REF = re2.compile(
    r"^(?:#\{|%\{|\{\{|\$\{|<%|\{%|\$\()|^\[[A-Z][A-Z _-]*\]$|^\*+$|"
    # a well-formed interpolation anywhere: the value is built by code (`"session:#{id}"`, `"pre-${env}"`)
    r"#\{[^}]{1,80}\}|\$\{[A-Za-z_][\w.:-]{0,80}\}|\{\{[ \t]*[\w.]+[ \t]*\}\}|%\{[A-Za-z_]\w*\}|"
    # or a shell variable (`=$SG_VERSION`, `pre-$BUILD_ID`), or a format field (`'-{name}'`, `%(user)s`)
    r"(?:^|[^\w$\\])\$[A-Z_][A-Z0-9_]{2,}(?:[^A-Za-z0-9_]|$)|(?:^|[^{$])\{[a-z_][a-z0-9_]+(?:![rsa])?(?::[^{}]{0,10})?\}|"
    r"%\([a-z_]\w*\)[sdr]"
)
# A regular expression (`r'(?:\w+)[^,]*'`): code that matches secrets, not a secret.
_REGEX_VALUE = re2.compile(r"\(\?[:=!<P]|\[\^|\\[wsdbWSD]|\][*+?{]")
# Code between two string literals read as one quoted value (`b"password=" * 300_000 + b"..."`): it starts
# with an operator and a space, then more words: no chosen password does.
_BETWEEN_LITERALS = re2.compile(r"^\s*(?:[-+*/%,)\]}]|&&|\|\||\.\.)\s+\S+\s")
# An ISO date or timestamp (`"PasswordLastUsed": "2016-09-19T…"`).
_DATE = re2.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
# Words as code and people write them: lower-case runs, optionally capitalised (`secretKey`, `Summer`).
_WORD_RUN = re2.compile(r"[A-Z]?[a-z]{2,}")


def _word_share(value: str) -> float:
    letters = sum(len(m) for m in _WORD_RUN.findall(value) if len(m) >= 3 and _pronounceable(m))
    return letters / max(1, len(value))


def _pronounceable(word: str) -> bool:
    """A rough test for natural-language words: vowels in a normal proportion and no long consonant runs.
    Random base62 runs of 4+ letters rarely pass both."""
    lowered = word.lower()
    vowels = sum(c in "aeiouy" for c in lowered)
    if not 0.25 <= vowels / len(lowered) <= 0.7:
        return False
    run = 0
    for char in lowered:
        run = 0 if char in "aeiouy" else run + 1
        if run >= 4:
            return False
    return True


def _prose(value: str, *, plain_only: bool = False) -> bool:
    """Words separated by spaces (`is too long`, `value with quotes and spaces`): a message, not a key. With
    `plain_only` (for passwords, where a passphrase is words too), only plain lower-case words count."""
    tokens = value.split()
    if len(tokens) < 2:
        return False
    if plain_only:
        words = [t.strip(".,;:!?\"'()") for t in tokens]
        if len(words) >= 4:  # a sentence, whatever its case: `The "pass" statement is a null operation`
            return all(w.isalpha() for w in words)
        return all(w.isalpha() and w.islower() for w in words)
    letters = sum(c.isalpha() for c in value)
    return sum(t.isalpha() for t in tokens) >= 2 and letters >= 0.6 * sum(not c.isspace() for c in value)


@lru_cache(maxsize=16384)  # a history presents the same values again in every version of a file
def value_reasons(
    value: str, *, password_like: bool = False, identifier_shapes: bool = True
) -> tuple[str, ...]:
    """Reason codes for the value itself: `uuid-value`, `hex-digest` (only with `identifier_shapes`: under a
    name that says credential, a UUID or hex string is as often a key as an id), `words-value` (for a
    password, only prose: people choose words), `code-reference`."""
    reasons: list[str] = []
    if identifier_shapes:
        if _UUID.match(value):
            reasons.append("uuid-value")
        elif len(value) in _DIGEST_LENGTHS and _HEX.match(value):
            reasons.append("hex-digest")
    if (
        _CODE_PATH.match(value)
        or _TEMPLATE_REF.search(value)
        or _REGEX_VALUE.search(value)
        or _BETWEEN_LITERALS.match(value)
    ):
        reasons.append("code-reference")
    elif _DATE.match(value):
        reasons.append("date-value")
    elif _prose(value, plain_only=password_like) or (
        not password_like and len(value) >= 6 and _word_share(value) >= 0.6
    ):
        reasons.append("words-value")
    return tuple(reasons)


# Source files, where a comment holds documentation; in config, dotenv and shell files a commented-out line is
# often a real value switched off, so comments there lower nothing.
_CODE_FILE = re2.compile(
    r"(?i)\.(?:[cm]?[jt]sx?|py|pyi|rb|rake|java|kt|kts|go|php|cs|swift|scala|rs|c|cc|cpp|h|hpp|m|mm|dart|lua|"
    r"ex|exs|erl|hs|clj|groovy|pl|pm|r|jl|vue|svelte|sql)$"
)
_COMMENT_START = ("#", "//", "/*", "*", "--", "<!--", ";", "%")


def comment_reason(path: str, line_before: bytes) -> str | None:
    """`in-comment` when the value sits in a comment line of a source file (an example in documentation)."""
    stripped = line_before.lstrip()
    if not stripped.startswith(tuple(m.encode() for m in _COMMENT_START)):
        return None
    return "in-comment" if _CODE_FILE.search(path_bytes(path)) else None  # any name, UTF-8 or not


# --- what the name is ---------------------------------------------------------------------------------

# (reason, words) where the name's words (split on case and separators) include one of the tuples in order.
_NAME_KINDS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (
        "request-token-name",
        (
            ("idempotency",),
            ("request", "token"),
            ("client", "token"),
            ("change", "token"),
            ("lifecycle", "action", "token"),
            ("term", "token"),
            ("continuation", "token"),
            ("dedup",),
            ("deduplication",),
            ("correlation",),
            ("nonce",),
        ),
    ),
    (
        "pagination-name",
        (
            ("next", "token"),
            ("page", "token"),
            ("next", "marker"),
            ("next", "page"),
            ("cursor",),
            ("pagination",),
            ("marker",),
            ("start", "after"),
        ),
    ),
    ("csrf-name", (("csrf",), ("xsrf",), ("authenticity", "token"), ("anti", "forgery"), ("form", "token"))),
    ("public-key-name", (("public", "key"), ("publishable",), ("pub", "key"), ("public", "token"))),
    ("key-id-name", (("key", "id"), ("keyid",), ("kid",), ("key", "name"), ("key", "alias"))),
    ("url-name", (("url",), ("uri",), ("endpoint",), ("href",))),
)


def name_words(name: str) -> list[str]:
    """`kmsKeyId` -> [kms, key, id]; `DB_PASSWORD` -> [db, password]; `x-api-key` -> [x, api, key]."""
    words: list[str] = []
    current = ""
    previous = ""
    for ch in name:
        if not ch.isalnum():
            if current:
                words.append(current)
            current = ""
        elif ch.isupper() and previous.islower():
            if current:
                words.append(current)
            current = ch
        else:
            current += ch
        previous = ch
    if current:
        words.append(current)
    return [w.lower() for w in words]


def _has_sequence(words: list[str], wanted: tuple[str, ...]) -> bool:
    size = len(wanted)
    return any(tuple(words[i : i + size]) == wanted for i in range(len(words) - size + 1))


# A type or resource name used as a key (`"AWS::SecretsManager::Secret": …`, `Foo::Bar`), not a variable.
_TYPE_NAME = re2.compile(r"^[A-Za-z][\w]*(?:::[A-Za-z][\w]*)+$")


@lru_cache(maxsize=16384)
def name_reasons(name: str) -> tuple[str, ...]:
    """Reason codes for the name a value is assigned to (`nextToken` -> `pagination-name`)."""
    if not name:
        return ()
    if _TYPE_NAME.match(name):
        return ("type-name",)
    words = name_words(name)
    if not words:
        return ()
    found = []
    for reason, sequences in _NAME_KINDS:
        if any(_has_sequence(words, seq) for seq in sequences):
            found.append(reason)
    return tuple(found)


# The name right before a value on its line: `"ChangeToken": "…`, `api_key = '…`, `token: …`.
_ASSIGNED_NAME = re2.compile(
    rb"""([A-Za-z_$@][\w.$@-]{0,80})["'\]]{0,2}[ \t]{0,6}(?:=>|:=|==|=|:)[ \t]{0,6}["'`]?$"""
)


def assigned_name(data: bytes, start: int) -> str:
    """The key or variable a value at `start` is assigned to, when the few bytes before it say so."""
    floor = max(0, start - 100)
    newline = data.rfind(b"\n", floor, start)
    before = data[newline + 1 if newline >= 0 else floor : start]
    match = _ASSIGNED_NAME.search(before)
    return match.group(1).decode("utf-8", "replace") if match else ""
