"""New values for app-generated secrets, from the operating system's CSPRNG."""

from __future__ import annotations

import secrets
import string

_ALPHABETS = {
    "urlsafe": string.ascii_letters + string.digits + "-_",
    "hex": "0123456789abcdef",
    "alnum": string.ascii_letters + string.digits,
}


def new_secret(length: int, alphabet: str) -> str:
    chars = _ALPHABETS[alphabet]
    return "".join(secrets.choice(chars) for _ in range(length))
