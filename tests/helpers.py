"""Made-up secrets of the right shape, and small helpers shared by the tests.

Every secret here is generated from a seeded RNG at run time: random characters in the provider's format
(with a valid checksum where the format has one). None of them is, or was ever, a real credential.
"""

from __future__ import annotations

import base64
import json
import random
import string
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
BASE32 = string.ascii_uppercase + "234567"


def rand(rng: random.Random, alphabet: str, size: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(size))


def base62(number: int, width: int) -> str:
    digits: list[str] = []
    while number:
        number, rest = divmod(number, 62)
        digits.append(BASE62[rest])
    return "".join(reversed(digits)).rjust(width, "0")


def github_style_token(rng: random.Random, prefix: str = "ghp_") -> str:
    """`ghp_`/`npm_` + 30 random base62 characters + base62(CRC32 of those 30), 6 digits."""
    body = rand(rng, ALNUM, 30)
    return f"{prefix}{body}{base62(zlib.crc32(body.encode()), 6)}"


def aws_key_id(rng: random.Random) -> str:
    # AWS access key ids are `AKIA` + 16 characters of the base32 alphabet (A-Z, 2-7).
    return "AKIA" + rand(rng, BASE32, 16)


def stripe_live_key(rng: random.Random) -> str:
    return "sk_live_" + rand(rng, ALNUM, 99)


def slack_bot_token(rng: random.Random) -> str:
    team = rng.choice("123456789") + rand(rng, string.digits, 11)
    bot = rng.choice("123456789") + rand(rng, string.digits, 12)
    return f"xoxb-{team}-{bot}-{rand(rng, ALNUM, 24)}"


def sendgrid_key(rng: random.Random) -> str:
    alphabet = ALNUM + "_-"
    return f"SG.{rand(rng, ALNUM, 1)}{rand(rng, alphabet, 21)}.{rand(rng, ALNUM, 1)}{rand(rng, alphabet, 42)}"


def gitlab_pat(rng: random.Random) -> str:
    return "glpat-" + rand(rng, ALNUM, 20)


def database_password(rng: random.Random) -> str:
    return rand(rng, ALNUM, 18)


def private_key_block(rng: random.Random) -> str:
    body = base64.b64encode(rng.randbytes(480)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----"


@dataclass(frozen=True)
class Planted:
    """A secret written into a file: the rule that must report it and the line that holds it."""

    rule_id: str
    secret: str
    text: str  # the file content that holds it

    def forms(self) -> list[str]:
        """Every way the full secret could show up in output: as is, JSON-escaped, each long line of it."""
        out = {self.secret, json.dumps(self.secret)[1:-1]}
        out.update(line for line in self.secret.splitlines() if len(line) >= 16)
        return sorted(out)


def planted_secrets(seed: int = 20240611) -> list[Planted]:
    """One made-up secret for each of several rules, each in the file text a developer would write."""
    rng = random.Random(seed)
    ghp = github_style_token(rng)
    npm = github_style_token(rng, "npm_")
    aws = aws_key_id(rng)
    stripe = stripe_live_key(rng)
    slack = slack_bot_token(rng)
    sendgrid = sendgrid_key(rng)
    gitlab = gitlab_pat(rng)
    db = database_password(rng)
    pem = private_key_block(rng)
    return [
        Planted("github-pat", ghp, f"# deploy settings\nGITHUB_TOKEN={ghp}\n"),
        Planted("npm-access-token", npm, f"export NPM_TOKEN={npm}\n"),
        Planted("aws-access-key-id", aws, f"[default]\naws_access_key_id = {aws}\nregion = eu-west-1\n"),
        Planted("stripe-live-secret-key", stripe, f'const stripe = require("stripe")("{stripe}");\n'),
        Planted("slack-bot-token", slack, f"slack:\n  bot_token: {slack}\n"),
        Planted("sendgrid-api-key", sendgrid, f"SENDGRID_API_KEY={sendgrid}\n"),
        Planted("gitlab-pat", gitlab, f"git clone https://oauth2:{gitlab}@gitlab.internal/app.git\n"),
        Planted("database-connection-uri", db, f"DATABASE_URL=postgres://app:{db}@db.internal:5432/app\n"),
        Planted("private-key", pem, f"{pem}\n"),
    ]


def settle(call: Callable[[], Any], what: str = "the call") -> Any:
    """`call()`'s result or the exception it raised, from a thread that must finish within a minute: for
    inputs that used to block forever (FIFOs), so a regression fails instead of hanging the suite."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert outcome, f"{what} blocked"
    return outcome[0]
