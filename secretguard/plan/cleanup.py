"""History clean-up: the git filter-repo expressions file, and .gitignore lines for committed env files.

The expressions file is the one output that must hold secrets (filter-repo needs the literal to replace).
It is written only from reports made with `--show-secrets` (a plaintext is used only when its hash matches the
report's hash), with mode 0600, and is named as sensitive wherever it is mentioned.

It is safe by construction: `git filter-repo --replace-text` replaces every occurrence of each expression in
every blob of every commit, HEAD included, so an expression must be the leaked value itself and nothing that
working code also contains. A variable name (`VITE_STRIPE_SECRET_KEY`, which a rule reports where code reads
it: replacing it turns `import.meta.env.VITE_STRIPE_SECRET_KEY` into a syntax error), a value shorter than
MIN_LENGTH, a common word, an identifier or a number is never written; the plan lists each left out, and why.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from secretguard.errors import InputError
from secretguard.outfile import write_text
from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.assignment import is_weak_word
from secretguard.scan.finding import secret_hash

REPLACEMENT = "***REMOVED-BY-SECRETGUARD***"
MIN_LENGTH = 8
# Rules whose reported "secret" is a variable name, not a value (where code reads a secret-named variable).
NAME_RULES = frozenset({"public-env-secret-reference"})
_CONSTANT = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$")  # VITE_STRIPE_SECRET_KEY, db_password
_WORDS = re.compile(r"^[A-Za-z][a-z]*(?:[A-Z][a-z]+)*$|^[a-z]+(?:[-.][a-z]+)*$")  # words, camelCase
_REFERENCE = re.compile(r"^[A-Za-z_$][A-Za-z_$]*\d*(?:(?:\.|::|->)[A-Za-z_$][A-Za-z_$]*\d*)+$")  # a.b.c
_NUMBER = re.compile(r"^[\d.,:+-]+$")
COMMON_WORDS = frozenset(
    """
    password passwords passphrase password1 changeme changeit letmein welcome secret secrets
    credential credentials development production staging localhost database username undefined
    function constructor prototype document internal required optional disabled enabled
    """.split()
)


def replacement_risk(value: str, rule_id: str = "") -> str | None:
    """Why replacing `value` everywhere in history could break working code or text, or None when it is
    safe: the reason is shown in the plan (it never quotes the value)."""
    if rule_id in NAME_RULES:
        return "the finding is a variable name, not a value"
    if len(value) < MIN_LENGTH:
        return f"shorter than {MIN_LENGTH} characters"
    if is_weak_word(value) or value.lower() in COMMON_WORDS:
        return "a common word"
    if _NUMBER.match(value):
        return "a number"
    if (_CONSTANT.match(value) and not _mixed(value)) or _WORDS.match(value) or _REFERENCE.match(value):
        return "an identifier or words (code may contain the same text)"
    return None


def _mixed(value: str) -> bool:
    """A random-looking token (`ghp_...`, `sk_live_...`): digits and letters of both cases after the first
    `_`-separated part, which identifiers (`VITE_STRIPE_SECRET_KEY`, `db_password_2`) do not have."""
    rest = value.split("_", 1)[1] if "_" in value else value
    return (
        any(c.isdigit() for c in rest) and any(c.islower() for c in rest) and any(c.isupper() for c in rest)
    )


def plaintext_secrets(findings: Iterable[dict[str, Any]]) -> dict[str, str]:
    """{hash: secret} for findings whose `secret` is the plaintext (a --show-secrets report)."""
    out: dict[str, str] = {}
    for finding in findings:
        secret, expected = finding.get("secret"), finding.get("secret_hash")
        if isinstance(secret, str) and isinstance(expected, str) and secret_hash(secret) == expected:
            out[expected] = secret
    return out


def expression(secret: str) -> str:
    """One `--replace-text` line for a value: a literal, or (for a value spanning lines, which the line-based
    file cannot hold literally) an escaped regex. filter-repo splits at the last `==>`, so a value may hold
    `==>` itself."""
    if "\n" not in secret and "\r" not in secret and not secret.endswith(" "):
        return f"literal:{secret}==>{REPLACEMENT}"
    escaped = "".join({"\n": r"\n", "\r": r"\r", " ": r"\x20"}.get(c) or re.escape(c) for c in secret)
    return f"regex:{escaped}==>{REPLACEMENT}"


def write_expressions(path: Path, secrets: Iterable[str]) -> int:
    """Write a `git filter-repo --replace-text` file (mode 0600); the number of expressions written. The
    caller has left out what `replacement_risk` refuses."""
    lines = sorted({expression(s) for s in secrets if s})
    try:
        write_text(path, "".join(line + "\n" for line in lines), private=True)
    except OSError as exc:
        raise InputError(f"cannot write the expressions file {path}: {exc.strerror}") from exc
    return len(lines)


def _is_dotenv(file: str) -> bool:
    name = PurePosixPath(file.replace("\\", "/")).name
    return name == ".env" or (
        name.startswith(".env.") and not name.endswith((".example", ".sample", ".template"))
    )


def gitignore_lines(files: Iterable[str]) -> list[str]:
    """`.gitignore` lines for committed dotenv files among the exposures (`.env`, `.env.production`...)."""
    lines: set[str] = set()
    for file in files:
        if _is_dotenv(file):
            name = PurePosixPath(file.replace("\\", "/")).name
            lines.add(name if name == ".env" else ".env.*")
    if ".env.*" in lines:
        lines.add("!.env.example")
    return sorted(lines)


def gitignore_advice(files: Sequence[str], root: Path | None) -> list[str]:
    """The `.gitignore` lines still needed for the committed dotenv files among `files` (paths relative to
    `root`): none for a file the repository's ignore rules already cover (`git check-ignore --no-index`,
    which also checks files that are tracked), nor a line `root/.gitignore` already has."""
    dotenv = sorted({f for f in files if _is_dotenv(f)})
    if not dotenv:
        return []
    ignored = _ignored(dotenv, root) if root is not None else set()
    existing: set[str] = set()
    if root is not None:
        try:  # a regular file only: a FIFO .gitignore must not hang the plan
            data = read_regular_file(root / ".gitignore", roots=None, max_bytes=16 * 1024 * 1024)
            existing = {line.strip() for line in data.decode("utf-8", "replace").splitlines()}
        except (OSError, RefusedInput):
            pass
    lines = [line for line in gitignore_lines(f for f in dotenv if f not in ignored) if line not in existing]
    return [] if lines == ["!.env.example"] else lines  # the exception alone: the files are covered


def _ignored(paths: Sequence[str], root: Path) -> set[str]:
    """The paths git's ignore rules cover in `root` (empty when `root` is not a git work tree)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "--no-index", "--stdin", "-z"],
            input="\0".join(paths).encode("utf-8", "surrogateescape") + b"\0",
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):
        return set()
    return {p.decode("utf-8", "surrogateescape") for p in done.stdout.split(b"\0") if p}
