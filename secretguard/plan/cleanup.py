"""History clean-up: the git filter-repo expressions file, and .gitignore lines for committed env files.

The expressions file is the one output that must hold secrets (filter-repo needs the literal to replace).
It is written only from reports made with `--show-secrets` (a plaintext is used only when its hash matches the
report's hash), with mode 0600, and is named as sensitive wherever it is mentioned.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from secretguard.errors import InputError
from secretguard.outfile import write_text
from secretguard.scan.finding import secret_hash

REPLACEMENT = "***REMOVED-BY-SECRETGUARD***"


def plaintext_secrets(findings: Iterable[dict[str, Any]]) -> dict[str, str]:
    """{hash: secret} for findings whose `secret` is the plaintext (a --show-secrets report)."""
    out: dict[str, str] = {}
    for finding in findings:
        secret, expected = finding.get("secret"), finding.get("secret_hash")
        if isinstance(secret, str) and isinstance(expected, str) and secret_hash(secret) == expected:
            out[expected] = secret
    return out


def write_expressions(path: Path, secrets: Iterable[str]) -> int:
    """Write a `git filter-repo --replace-text` file (mode 0600); the number of expressions written."""
    lines = sorted({f"literal:{s}==>{REPLACEMENT}" for s in secrets if "\n" not in s and "==>" not in s})
    try:
        write_text(path, "".join(line + "\n" for line in lines), private=True)
    except OSError as exc:
        raise InputError(f"cannot write the expressions file {path}: {exc.strerror}") from exc
    return len(lines)


def gitignore_lines(files: Iterable[str]) -> list[str]:
    """`.gitignore` lines for committed dotenv files among the exposures (`.env`, `.env.production`...)."""
    lines: set[str] = set()
    for file in files:
        name = PurePosixPath(file.replace("\\", "/")).name
        if name == ".env" or (
            name.startswith(".env.") and not name.endswith((".example", ".sample", ".template"))
        ):
            lines.add(name if name == ".env" else ".env.*")
    if ".env.*" in lines:
        lines.add("!.env.example")
    return sorted(lines)
