"""What a Go configuration field's own name says about the value its tag reads.

    APIKey string `env:"EMAIL_MAILGUN_API"`      // the variable's name stops at API; the field says key

A string field named as a credential (`Password`, `Secret`, `Token`, `APIKey`: its last word, or API Key as
its last two) holds one whatever the variable is called. The hint is given only where the variable's own
name says nothing of it (a name saying secret needs no hint), never to a variable whose name says it holds
something about the credential rather than the credential (`*_FILE`, `*_PATH`, `*_URL`...), nor to a tag
read as a file's path (caarlos0's `,file`).
"""

from __future__ import annotations

from secretguard.inventory.discover.base import secret_by_name
from secretguard.inventory.discover.go_structs import Field, camel_words
from secretguard.scan.context import name_words

_CREDENTIAL_WORDS = frozenset({"password", "passwd", "secret", "token"})
# A variable so named describes or locates the credential: the field's name does not make it one.
_DESCRIBING_WORDS = frozenset(
    {
        "file",
        "path",
        "dir",
        "url",
        "uri",
        "endpoint",
        "host",
        "name",
        "type",
        "mode",
        "id",
        "header",
        "length",
    }
)


def credential_field(f: Field, name: str, options: list[str]) -> bool:
    """Whether the field's name marks the variable `name` its tag reads as a secret."""
    if f.type_name != "string" or f.inline is not None or not f.name or "file" in options:
        return False
    words = [w.lower() for w in camel_words(f.name)]
    if not words or not (words[-1] in _CREDENTIAL_WORDS or words[-2:] == ["api", "key"]):
        return False
    env_words = name_words(name)
    return bool(env_words) and env_words[-1] not in _DESCRIBING_WORDS and not secret_by_name(name)
