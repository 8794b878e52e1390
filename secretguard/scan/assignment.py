"""Judging `name = value` candidates found by the generic rules: is this a credential being set?

Provider rules recognise a key by its shape. Generic rules cannot: they see a name that mentions a secret and
a value. Most such lines in real code are not credentials (`token: string`, `password = getPassword()`,
`key_name = "prod-cmk"`, `SECRET_SIZE = 32`). This module decides from the name (what kind of thing is
assigned) and the value (does it look like a credential, a reference, an identifier or prose).
"""

from __future__ import annotations

import base64
import binascii

import re2

from secretguard.scan.context import name_words
from secretguard.scan.filters import shannon_entropy

# Last words of a name that say the value describes or locates a secret rather than being one.
_DESCRIBING_WORDS = frozenset(
    """
    id ids name names file files filename path paths dir dirs directory url urls uri uris size len
    length type kind version format mode count index field column prefix suffix header headers
    policy provider store vault alias arn region algorithm algo method schema label description desc
    title placeholder hint pattern regex min max timeout ttl expiry expires expiration env var
    variable param params ref reference location endpoint host port username user email encoding
    strategy manager service class handler factory generator validator enabled required chars
    charset characters hash digest checksum salt iv nonce rounds iterations bits spec selector event
    events keys list map config settings option options flag template style color icon mask masked
    pair pairs number num page button text message msg error status state valid validation input
    output fingerprint thumbprint exchange source sink storage kms cmk resource lifetime age date postfix
    disabled missing invalid changed reset expired mismatch incorrect wrong short weak strength prompt
    used last arg args argument arguments through thru
    updated created deleted sent received requested needed allowed denied failed error errors
    time at uid guid uuid secretname ref_name lookup usage limit policy_name rule rules
    """.split()
)
_NOT_CREDENTIAL_WORDS = frozenset(
    """
    public pub publishable keyboard keypress keydown keyup keycode keyframe keyframes keystroke
    keyspace keyword keywords monkey turkey hockey jockey donkey sort primary foreign partition
    cache idempotency author authors authority oauth2url passthrough bypass compass passive passport
    csrf xsrf tokenizer tokenize tokenized tokens_per max_tokens num_tokens
    """.split()
)
# A name that mentions where secrets live (`keyVaultToStoreSecrets`) holds a location, not a secret.
_LOCATION_WORDS = frozenset(
    """
    vault store manager provider backend ref
    """.split()
)
_CREDENTIAL_WORDS = frozenset(
    """
    secret secrets secrete password passwords passwd pwd pass passphrase passcode token tokens
    credential credentials cred creds apikey apikeys bearer privatekey secretkey accesskey authtoken
    accesstoken refreshtoken clientsecret secretaccesskey apitoken authkey masterkey signingkey
    sessionkey
    """.split()
)
# Words that make a following `key` a credential: `api key`, `access key`, `signing key`...
_KEY_QUALIFIERS = frozenset(
    """
    api access private secret signing encryption encrypt master client app application license
    session auth account service admin consumer webhook shared hmac jwt aes crypto cipher decryption
    """.split()
)
_PASSWORD_WORDS = frozenset(
    """
    password passwords passwd pwd pass passphrase passcode secret secrete
    """.split()
)


_words = name_words


def _credential_words(words: list[str]) -> tuple[bool, bool]:
    """(names a credential, names a password-like secret)."""
    credential = password = False
    for i, word in enumerate(words):
        if word in _CREDENTIAL_WORDS or word.startswith(("secret", "passw", "apikey")):
            credential = True
            password = password or word in _PASSWORD_WORDS or word.startswith("passw")
        elif (word == "key" and i > 0 and words[i - 1] in _KEY_QUALIFIERS) or (
            word in ("auth", "authorization") and i == len(words) - 1
        ):
            credential = True
    return credential, password


_IDENTIFIER = re2.compile(
    r"^[A-Za-z_$][A-Za-z0-9_$]*(?:(?:\.|::|->|\?\.)[A-Za-z_$][A-Za-z0-9_$]*)*(?:\(\))?$"
)
_CALL_OR_INDEX = re2.compile(r"^[A-Za-z_$][\w$.]*\s*[(\[]")
_NUMBER = re2.compile(r"^[+-]?\d+(?:\.\d+)?[a-zA-Z]{0,3}$")
_WORDS = re2.compile(r"^[A-Za-z][a-z]+(?:[ _.-][A-Za-z][a-z]+)*$")
_PATHLIKE = re2.compile(r"^(?:[~.]{0,2}/|[A-Za-z]:\\|\w+://)")
_LITERALS = frozenset(
    """
    true false null none nil undefined yes no on off string str bool int number bytes object any
    required optional default empty secret password passwd token redacted hidden masked env test
    testing example sample
    """.split()
)
# Common stand-ins people type where a password goes; a real password that is one of these is also not
# worth an alarm in a scanner's precision budget (it is a weak-password finding for `inventory check`).
WEAK_WORDS = frozenset(
    """
    password passwd pass pwd secret mypassword mysecret yourpassword test testing user username
    admin root guest demo changeit qwerty letmein abc abcd foo bar baz foobar xxx yyy zzz none null
    token apikey api_key 12345 123456 1234567 12345678 123456789 password1 password123 pass123
    secret123 default welcome sample example value dummy todo tbd placeholder mypass private hidden hunter2
    postgres mysql mariadb mongo mongodb redis rabbitmq sa oracle
    empty string key auth
    """.split()
)


def is_weak_word(value: str) -> bool:
    return value.lower().strip("'\"") in WEAK_WORDS


# A "name" that is a file name (`secure_password.rb:163: warning`, a stack trace or a compiler message).
_FILE_NAME = re2.compile(
    r"(?i)\.(?:rb|py|js|mjs|cjs|ts|tsx|jsx|go|java|kt|php|cs|c|cc|cpp|h|hpp|rs|swift|scala|erb|yml|yaml|json|md|txt)$"
)


def credential_name(name: str) -> tuple[bool, bool]:
    """Does the assigned name say the value is a credential? (credential, password-like)"""
    if _FILE_NAME.search(name) or name.startswith("(?"):
        return False, False  # a file name, or a regex (`(?i)password:` in an expect-style response map)
    words = _words(name)
    if not words or words[-1] in _DESCRIBING_WORDS:
        return False, False
    if any(w in _NOT_CREDENTIAL_WORDS or w in _LOCATION_WORDS for w in words):
        return False, False
    return _credential_words(words)


def char_kinds(value: str) -> int:
    """How many of lower case, upper case, digits and other characters the value uses (0-4)."""
    return sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )


_CONSTANT = re2.compile(r"^[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+$")
# A fragment of code caught between two string literals (`"token: "+e),"`), not a value.
_CODE_FRAGMENT = re2.compile(
    r"^[+|&)\]},;.]|\)[ \t]*[,;.)]|=>|\b(?:function|return|this|new|var|let|const)\b"
)
# Lower-case words joined by path, namespace or key separators: `auth/weak-password`, `errors.token.missing`.
_DOTTED_WORDS = re2.compile(r"^[a-z][a-z-]*(?:[/:.][a-z$][\w$-]*)+$")
_REFERENCE = re2.compile(r"^[@#$%&*][A-Za-z_][\w.-]*$")
_CREDENTIAL_WORD = re2.compile(r"(?i)passw(?:or)?d|passphrase|secret|token|credential|api[_-]?key")


def mentions_credential(text: str) -> bool:
    """Whether a line says password, secret, token, credential or API key anywhere."""
    return bool(_CREDENTIAL_WORD.search(text))


def _label_or_code(value: str) -> bool:
    """Values that name or describe a credential instead of being one: constants (`PASSWORD_RESET`),
    error codes and message keys (`auth/weak-password`), references (`@token`, `$secret`), and prose or
    identifiers that themselves say "password" (`Enter your password`)."""
    if _CONSTANT.match(value) or _DOTTED_WORDS.match(value) or _REFERENCE.match(value):
        return True
    if _CODE_FRAGMENT.search(value):
        return True
    letters_only = not any(c.isdigit() for c in value)
    return letters_only and bool(_CREDENTIAL_WORD.search(value))


def credential_value(value: str, *, quoted: bool, password_like: bool) -> bool:
    """Does the value look like a credential rather than a reference, identifier, number or prose?"""
    if not any(c.isalnum() for c in value):
        return False
    lowered = value.lower()
    if lowered in _LITERALS or is_weak_word(value):
        return False
    if _NUMBER.match(value) or _PATHLIKE.match(value):
        return False
    if _CALL_OR_INDEX.match(value):
        return False
    if value.count(" ") >= 6 or ", " in value:
        # A sentence (an error message, a label) is not a secret, even after `secret =`.
        return False
    if _label_or_code(value):
        return False
    if quoted and password_like:
        # A quoted literal assigned to a password is a password, whatever it looks like.
        return len(value) >= 4 or (len(value) >= 3 and char_kinds(value) >= 2)
    if " " in value.strip() or _WORDS.match(value):
        return False
    if _IDENTIFIER.match(value) and ("." in value or "(" in value or not any(c.isdigit() for c in value)):
        # `this.password`, `config.api_key`, `getToken()`, a bare identifier: a reference, not a value.
        return False
    if password_like:
        return len(value) >= 6 and (char_kinds(value) >= 2 or shannon_entropy(value) >= 2.5)
    if len(value) < 10:
        return False
    return char_kinds(value) >= 2 and shannon_entropy(value) >= 2.7


# What precedes a name when it is not being assigned: a ternary's branch (`x ? "password" : "text"`) or a
# `case` label, where the "name" is itself a string value; or a namespace (`"AWS::SecretsManager::Secret":`
# is a resource type used as a key).
_NOT_AN_ASSIGNMENT = re2.compile(rb"(?:\?|\bcase)[ \t]*[\"'`]?$|::$")


def judge(name: str, value: str, *, quoted: bool, before: bytes = b"") -> bool:
    if before and _NOT_AN_ASSIGNMENT.search(before):
        return False
    credential, password_like = credential_name(name)
    if not credential:
        return False
    if _bare(value) == _bare(name):
        return False  # a label naming itself (`PassStateEntered = "PassStateEntered"`)
    return credential_value(value, quoted=quoted, password_like=password_like)


def _bare(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


# Names under which a random-looking value is expected and harmless: hashes, ids, public material.
_NOT_SECRET_WORDS = frozenset(
    """
    public pub publishable csrf xsrf hash hashes checksum integrity sha sha1 sha256 sha384 sha512
    md5 digest nonce salt id ids uuid guid version commit rev revision etag fingerprint thumbprint
    cert certificate image img icon font data src href url path file avatar logo photo picture kid
    key_id keyid sig signature srcset base64 encoded chunk hmac_sha integrity_hash cid
    """.split()
)
_HASH_PREFIX = re2.compile(r"^(?:sha1|sha256|sha384|sha512|md5)[-_]")


_FORM_CONTEXT = re2.compile(
    r"(?i)csrf|xsrf|authenticity|integrity=|nonce=|__viewstate|requestverificationtoken"
)


def _word_fraction(value: str) -> float:
    """Share of the value made of runs of 4+ lower-case letters: high for names, low for random keys."""
    total = run = 0
    for char in value + " ":
        if "a" <= char <= "z":
            run += 1
            continue
        if run >= 4:
            total += run
        run = 0
    return total / max(1, len(value))


def _ec_public_key(value: str) -> bool:
    """base64 of an uncompressed (0x04 + 64 bytes) or compressed (0x02/0x03 + 32 bytes) EC point."""
    try:
        raw = base64.b64decode(value.replace("-", "+").replace("_", "/") + "=" * (-len(value) % 4))
    except (ValueError, binascii.Error):
        return False
    return (len(raw) == 65 and raw[0] == 4) or (len(raw) == 33 and raw[0] in (2, 3))


def judge_encoded(name: str, value: str, line: str = "") -> bool:
    """A long encoded-looking value with no credential word in sight: report it only when it is random
    enough (base64 of key material), mixes cases and digits, and its name does not say hash, id or public."""
    if any(w in _NOT_SECRET_WORDS for w in _words(name)):
        return False
    if line and _FORM_CONTEXT.search(line):
        # Anti-forgery tokens and integrity hashes in HTML forms and tags: random by design, not secret.
        return False
    words = _words(name)
    if "vapid" in words and "private" not in words:
        return False  # a VAPID public key (web push) is published by design
    if _HASH_PREFIX.match(value) or value.startswith("/") or ("/" in value and "-" in value):
        return False  # a hash with its algorithm prefix, or a path (base64 never mixes / and -)
    if _word_fraction(value) >= 0.4:
        return False  # CamelCase identifiers and names (`AmazonEC2ContainerRegistry_V20150921`)
    if _ec_public_key(value.rstrip("=")):
        return False  # an elliptic-curve public key (web push VAPID keys ship in every client)
    body = value.rstrip("=")
    if not (
        any(c.islower() for c in body) and any(c.isupper() for c in body) and any(c.isdigit() for c in body)
    ):
        return False
    return shannon_entropy(body) >= (4.5 if len(body) >= 40 else 4.3)
