"""Which secrets found in history are still in the current tree (HEAD), in any file.

`git grep -F` over HEAD finds the secrets' literal text (when it cannot run, on a damaged tree, every blob of
HEAD is read once through `git cat-file --batch` and searched with one Hyperscan literal database instead).
A secret found through a decoding (base64 and the like) is not in the file literally, so the HEAD version of
each file that had a finding is also put through the engine, which decodes as the history scan did.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.sources.git.catfile import stream_blobs
from secretguard.scan.sources.git.repo import Repo, first_error, head_commit, run
from secretguard.scan.sources.textfile import as_text

_READ = 1 << 20


def _literal_search(secrets: dict[bytes, set[str]]) -> Callable[[bytes], set[str]]:
    """A function returning the fingerprints whose secret text occurs in a blob."""
    keys = list(secrets)
    try:
        import hyperscan  # noqa: PLC0415

        database = hyperscan.Database()
        expressions = ["".join(f"\\x{b:02x}" for b in key).encode() for key in keys]
        database.compile(
            expressions=expressions,
            ids=list(range(len(keys))),
            elements=len(keys),
            flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(keys),
        )
        scratch = hyperscan.Scratch(database)
    except Exception:  # noqa: BLE001 - any Hyperscan trouble: fall back to plain substring search
        return lambda data: {fp for key in keys if key in data for fp in secrets[key]}

    def search(data: bytes) -> set[str]:
        found: set[int] = set()

        def on_match(index: int, _start: int, _end: int, _flags: int, _ctx: object) -> bool:
            found.add(index)
            return False

        database.scan(data, match_event_handler=on_match, scratch=scratch)
        return {fp for i in found for fp in secrets[keys[i]]}

    return search


def _literal(secret: str) -> bytes | None:
    """The text searched for: the secret, or for a multi-line secret (a PEM block) its longest line."""
    lines = [ln for ln in secret.splitlines() if ln.strip()]
    if not lines:
        return None
    text = max(lines, key=len) if len(lines) > 1 else lines[0]
    return text.encode("utf-8", "surrogateescape") if len(text) >= 8 else None


def present_at_head(
    repo: Repo,
    engine: Any,
    findings: Iterable[Finding],
    max_file_size: int,
    result: ScanResult,
) -> set[str]:
    """Fingerprints of `findings` whose secret is in some file of HEAD's tree.

    One `git grep -F` over HEAD (multi-threaded, in C) finds the literal secrets; the HEAD versions of the
    files that had a decoded or multi-line finding are then put through the engine. If git grep cannot
    run (a damaged tree), every blob is read here instead, and each unreadable one is named."""
    findings = list(findings)
    wanted: dict[bytes, set[str]] = {}
    engine_files: set[str] = set()
    fingerprints: set[str] = set()
    for finding in findings:
        fingerprints.add(finding.fingerprint)
        literal = None if finding.decoded else _literal(finding.secret)
        if literal is not None:
            wanted.setdefault(literal, set()).add(finding.fingerprint)
        if finding.decoded or "\n" in finding.secret or literal is None:
            engine_files.add(finding.file)
    if not fingerprints:
        return set()
    head = head_commit(repo)
    if head is None:
        return set()
    present: set[str] = set()
    if wanted:
        found = _grep(repo, head, list(wanted))
        if found is None:
            return _present_by_reading_tree(repo, engine, findings, max_file_size, result)
        present = {fp for literal in found for fp in wanted.get(literal, ())}
    names = [f for f in sorted(engine_files) if "\n" not in f and not f.startswith("<")]
    if names:
        for path, data in _read_paths(repo, head, names, max_file_size):
            text = as_text(data)
            if text is not None:
                present |= {f.fingerprint for f in engine.scan(Chunk(data=text[0], path=path))}
    return present & fingerprints


def _grep(repo: Repo, head: str, literals: list[bytes]) -> set[bytes] | None:
    """The literals found in HEAD's files, or None if git grep failed."""
    with tempfile.NamedTemporaryFile(prefix="secretguard-", suffix=".txt") as patterns:
        patterns.write(b"".join(lit + b"\n" for lit in literals))
        patterns.flush()
        proc = run(
            repo,
            "grep",
            "--no-color",
            "-F",
            "-o",
            "-h",
            "--text",  # a text file with a stray NUL is scanned as text, so it is searched as text too
            "--no-recurse-submodules",
            "-f",
            patterns.name,
            head,
        )
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        return None  # git grep goes on past unreadable blobs (exit 0 if it matched): read the tree here
    return {line for line in proc.stdout.split(b"\n") if line}


def _read_paths(repo: Repo, head: str, paths: list[str], max_file_size: int) -> Iterator[tuple[str, bytes]]:
    """(path, content) of the paths that exist in HEAD and are not too large."""
    names = [f"{head}:{path}" for path in paths]
    for path, blob in zip(paths, stream_blobs(repo, names, max_file_size), strict=True):
        if blob.kind == "blob" and not blob.cut:  # else not in HEAD (deleted or renamed since)
            yield path, blob.data


def _present_by_reading_tree(
    repo: Repo,
    engine: Any,
    findings: Iterable[Finding],
    max_file_size: int,
    result: ScanResult,
) -> set[str]:
    """The fallback: read every blob of HEAD once and search it here (names each unreadable object)."""
    wanted: dict[bytes, set[str]] = {}
    files: set[str] = set()
    fingerprints: set[str] = set()
    for finding in findings:
        fingerprints.add(finding.fingerprint)
        files.add(finding.file)
        if not finding.decoded:
            wanted.setdefault(finding.secret.encode("utf-8", "surrogateescape"), set()).add(
                finding.fingerprint
            )
    if not fingerprints:
        return set()
    head = head_commit(repo)
    if head is None:
        return set()
    listing = run(repo, "ls-tree", "-r", "-z", "--full-tree", head)
    if listing.returncode != 0:
        result.skipped.append(Skipped("HEAD", f"cannot list the current tree: {first_error(listing.stderr)}"))
        return set()
    paths_of: dict[str, list[str]] = {}
    for entry in listing.stdout.split(b"\0"):
        meta, _, raw_path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) != 3 or fields[1] != b"blob":
            continue
        paths_of.setdefault(fields[2].decode("ascii"), []).append(raw_path.decode("utf-8", "surrogateescape"))
    if not paths_of:
        return set()
    search = _literal_search(wanted) if wanted else (lambda _data: set())
    present: set[str] = set()
    for blob in stream_blobs(repo, list(paths_of), max_file_size):
        paths = paths_of[blob.oid]
        if blob.kind == "unread":
            result.skipped.append(
                Skipped("HEAD", "git cat-file stopped early; presence at HEAD is incomplete")
            )
            break
        if blob.kind != "blob":
            result.skipped.append(Skipped(f"HEAD:{paths[0]}", "missing object in the current tree"))
            continue
        if blob.cut:
            result.count("head_files_too_large")
            continue
        present |= search(blob.data)
        text = as_text(blob.data)
        for path in paths:
            if path in files and text is not None:
                present |= {f.fingerprint for f in engine.scan(Chunk(data=text[0], path=path))} & fingerprints
    return present & fingerprints
