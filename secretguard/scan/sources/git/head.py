"""Which secrets found in history are still in the current tree (HEAD), in any file, and where.

`git grep -F` over HEAD finds the secrets' literal text (when it cannot run, on a damaged tree, every blob of
HEAD is read once through `git cat-file --batch` and searched with one Hyperscan literal database instead).
A secret found through a decoding (base64 and the like) is not in the file literally, so the HEAD version of
each file that had a finding is also put through the engine, which decodes as the history scan did; so is
each file where git grep found only a part of a multi-line secret (its longest line).

Each finding still at HEAD also gets where it is there, in `head_file`, `head_line` and `head_column` (None
when it is not at HEAD, or where could not be told): in its own file when the secret is still there, else in
the first other file holding it. The history scan reports a secret at the commit that added it; lines move
after that, and code scanning wants the line of the tree it looks at.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.pathtext import printable_path
from secretguard.scan.sources.git.catfile import stream_blobs, unreadable
from secretguard.scan.sources.git.repo import Repo, first_error, head_commit, run
from secretguard.scan.sources.textfile import as_text

if TYPE_CHECKING:  # typing only: the engine is handed in
    from secretguard.scan.engine import Engine

_READ = 1 << 20
# The keys every history finding carries (None unless the secret is at HEAD and its place there is known).
HEAD_KEYS = ("head_file", "head_line", "head_column")


@dataclass(slots=True)
class _Place:
    line: int
    column: int
    # Set while `column` counts bytes (git grep's --column): the text to find in the blob to count characters,
    # as the engine counts columns.
    literal: bytes | None = None


class _Places:
    """Where each fingerprint's secret is at HEAD: its first place in each file that holds it."""

    def __init__(self) -> None:
        self.by_fingerprint: dict[str, dict[str, _Place]] = {}

    def add(self, fingerprint: str, path: str, place: _Place) -> None:
        paths = self.by_fingerprint.setdefault(fingerprint, {})
        kept = paths.get(path)
        if kept is None or (place.line, place.column, place.literal is not None) < (
            kept.line,
            kept.column,
            kept.literal is not None,
        ):
            paths[path] = place

    def choose(self, finding: Finding) -> tuple[str, _Place] | None:
        """The finding's own file if the secret is still there, else the first other file (by name)."""
        paths = self.by_fingerprint.get(finding.identity)
        if not paths:
            return None
        path = finding.file if finding.file in paths else min(paths)
        return path, paths[path]


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte offset, both from 1, the column in characters as the engine counts it."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = offset - line_start
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1 if before <= 1 << 16 else before + 1
    return data.count(b"\n", 0, offset) + 1, column


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


def _secret_bytes(finding: Finding) -> bytes:
    return finding.secret.encode("utf-8", "surrogateescape")


class EarlyGrep:
    """The HEAD check's `git grep`, started before the findings are final (history: as soon as the blobs are
    scanned, for every literal any blob held, a superset of what attribution keeps): it runs on a thread,
    mostly waiting on git, beside the attribution. `present_at_head` takes its answer when it covers the
    literals it wants, else greps again."""

    def __init__(self, repo: Repo, findings: Iterable[Finding]) -> None:
        self.literals = {lit for f in findings if not f.decoded and (lit := _literal(f.secret)) is not None}
        self.head: str | None = None
        self._hits: list[tuple[str, int, int, bytes]] | None = None
        self._thread = threading.Thread(target=self._run, args=(repo,), name="head-grep", daemon=True)
        self._thread.start()

    def _run(self, repo: Repo) -> None:
        self.head = head_commit(repo)
        if self.head is not None and self.literals:
            self._hits = _grep(repo, self.head, sorted(self.literals))

    def commit(self) -> str | None:
        """HEAD's commit as the grep saw it (None: no HEAD), once the grep is done."""
        self._thread.join()
        return self.head

    def hits(self, wanted: Iterable[bytes]) -> tuple[bool, list[tuple[str, int, int, bytes]] | None]:
        """(covered, hits): whether the early grep looked for every literal of `wanted`, and its hits for
        them (None if git grep failed)."""
        self._thread.join()
        keep = set(wanted)
        if not keep <= self.literals:
            return False, None
        if self._hits is None:
            return True, None
        return True, [hit for hit in self._hits if hit[3] in keep]


def present_at_head(
    repo: Repo,
    engine: Engine,
    findings: Iterable[Finding],
    max_file_size: int,
    result: ScanResult,
    early: EarlyGrep | None = None,
) -> set[str]:
    """Fingerprints of `findings` whose secret is in some file of HEAD's tree; each finding also gets its
    place at HEAD in `extra` (HEAD_KEYS, None where it is not at HEAD or its place is not known).

    One `git grep -F` over HEAD (multi-threaded, in C) finds the literal secrets and where they are; the HEAD
    versions of the files that had a decoded or multi-line finding are then put through the engine. If git
    grep cannot run (a damaged tree), every blob is read here instead, and each unreadable one is named."""
    findings = list(findings)
    for finding in findings:
        finding.extra.update(dict.fromkeys(HEAD_KEYS))
    places = _Places()
    if not findings:
        return set()
    head = early.commit() if early is not None else head_commit(repo)
    if head is None:
        return set()
    present = _search_head(repo, engine, head, findings, max_file_size, result, places, early)
    _record(repo, head, [f for f in findings if f.identity in present], places, max_file_size)
    return present


def _search_head(
    repo: Repo,
    engine: Engine,
    head: str,
    findings: list[Finding],
    max_file_size: int,
    result: ScanResult,
    places: _Places,
    early: EarlyGrep | None = None,
) -> set[str]:
    wanted: dict[bytes, set[str]] = {}
    # Of each literal's fingerprints, those whose secret is the whole literal: where it is, the secret is.
    whole: dict[bytes, set[str]] = {}
    engine_files: set[str] = set()
    fingerprints: set[str] = set()
    for finding in findings:
        fingerprints.add(finding.identity)
        literal = None if finding.decoded else _literal(finding.secret)
        if literal is not None:
            wanted.setdefault(literal, set()).add(finding.identity)
            if literal == _secret_bytes(finding):
                whole.setdefault(literal, set()).add(finding.identity)
        if finding.decoded or "\n" in finding.secret or literal is None:
            engine_files.add(finding.file)
    present: set[str] = set()
    if wanted:
        covered, hits = early.hits(wanted) if early is not None else (False, None)
        if not covered:
            hits = _grep(repo, head, list(wanted))
        if hits is None:
            return _present_by_reading_tree(repo, engine, head, findings, max_file_size, result, places)
        for path, line, byte_column, literal in hits:
            fps = wanted[literal]
            present |= fps
            for fp in whole.get(literal, ()):
                places.add(fp, path, _Place(line, byte_column, literal))
            if len(whole.get(literal, ())) < len(fps):
                engine_files.add(
                    path
                )  # a line of a multi-line secret: the engine tells where the whole starts
    names = [f for f in sorted(engine_files) if "\n" not in f and not f.startswith("<")]
    if names:
        for path, data in _read_paths(repo, head, names, max_file_size):
            text = as_text(data)
            if text is not None:
                for found in engine.scan(Chunk(data=text[0], path=path)):
                    if found.identity in fingerprints:
                        present.add(found.identity)
                        places.add(found.identity, path, _Place(found.line, found.column))
    return present & fingerprints


def _grep(repo: Repo, head: str, literals: list[bytes]) -> list[tuple[str, int, int, bytes]] | None:
    """(path, line, byte column, literal) of each literal found in HEAD's files; None if git grep failed."""
    with tempfile.NamedTemporaryFile(prefix="secretguard-", suffix=".txt") as patterns:
        patterns.write(b"".join(lit + b"\n" for lit in literals))
        patterns.flush()
        proc = run(
            repo,
            "grep",
            "--no-color",
            "-F",
            "-o",
            "-n",
            "--column",
            "-z",  # `<head>:<path>\0<line>\0<column>\0<match>\n`: a path is never quoted nor cut at a newline
            "--text",  # a text file with a stray NUL is scanned as text, so it is searched as text too
            "--no-recurse-submodules",
            "-f",
            patterns.name,
            head,
        )
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        return None  # git grep goes on past unreadable blobs (exit 0 if it matched): read the tree here
    return _parse_grep(proc.stdout, head.encode("ascii") + b":", set(literals))


def _parse_grep(out: bytes, prefix: bytes, literals: set[bytes]) -> list[tuple[str, int, int, bytes]] | None:
    hits: list[tuple[str, int, int, bytes]] = []
    pos = 0
    while pos < len(out):
        name_end = out.find(b"\0", pos)
        line_end = out.find(b"\0", name_end + 1)
        column_end = out.find(b"\0", line_end + 1)
        match_end = out.find(b"\n", column_end + 1)
        if min(name_end, line_end, column_end, match_end) < 0:
            return None  # not the output asked for: read the tree here
        line, column = out[name_end + 1 : line_end], out[line_end + 1 : column_end]
        match = out[column_end + 1 : match_end]
        if not (out.startswith(prefix, pos) and line.isdigit() and column.isdigit() and match in literals):
            return None
        path = out[pos + len(prefix) : name_end].decode("utf-8", "surrogateescape")
        hits.append((path, int(line), int(column), match))
        pos = match_end + 1
    return hits


def _read_paths(repo: Repo, head: str, paths: list[str], max_file_size: int) -> Iterator[tuple[str, bytes]]:
    """(path, content) of the paths that exist in HEAD and are not too large."""
    names = [f"{head}:{path}" for path in paths]
    for path, blob in zip(paths, stream_blobs(repo, names, max_file_size), strict=True):
        if blob.kind == "blob" and not blob.cut:  # else not in HEAD (deleted or renamed since)
            yield path, blob.data


def _record(repo: Repo, head: str, findings: list[Finding], places: _Places, max_file_size: int) -> None:
    """Put each finding's place at HEAD in its `extra`; git grep's byte columns are counted in characters
    from the file first (one read of each file concerned; a file too large keeps the byte column)."""
    chosen = [(finding, place) for finding in findings if (place := places.choose(finding)) is not None]
    to_count: dict[str, list[_Place]] = {}
    for _, (path, spot) in chosen:
        if spot.literal is not None and "\n" not in path:
            to_count.setdefault(path, []).append(spot)
    for path, data in _read_paths(repo, head, sorted(to_count), max_file_size):
        for spot in to_count[path]:
            if spot.literal is None:
                continue  # counted already: another finding of the same secret chose the same place
            offset = data.find(spot.literal)
            if offset >= 0:
                spot.line, spot.column = _position(data, offset)
                spot.literal = None
    for finding, (path, spot) in chosen:
        finding.extra.update(
            {"head_file": printable_path(path), "head_line": spot.line, "head_column": spot.column}
        )


def _present_by_reading_tree(
    repo: Repo,
    engine: Engine,
    head: str,
    findings: Iterable[Finding],
    max_file_size: int,
    result: ScanResult,
    places: _Places,
) -> set[str]:
    """The fallback: read every blob of HEAD once and search it here (names each unreadable object)."""
    wanted: dict[bytes, set[str]] = {}
    files: set[str] = set()
    fingerprints: set[str] = set()
    for finding in findings:
        fingerprints.add(finding.identity)
        files.add(finding.file)
        if not finding.decoded:
            wanted.setdefault(_secret_bytes(finding), set()).add(finding.identity)
    if not fingerprints:
        return set()
    literal_of = {fp: literal for literal, fps in wanted.items() for fp in fps}
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
            result.skipped.append(
                Skipped(f"HEAD:{paths[0]}", f"cannot read {blob.oid} in the current tree: {unreadable(blob)}")
            )
            continue
        if blob.cut:
            result.count("head_files_too_large")
            continue
        found = search(blob.data)
        present |= found
        for fp in found:
            offset = blob.data.find(literal_of[fp])
            if offset >= 0:
                for path in paths:
                    places.add(fp, path, _Place(*_position(blob.data, offset)))
        text = as_text(blob.data)
        for path in paths:
            if path in files and text is not None:
                for hit in engine.scan(Chunk(data=text[0], path=path)):
                    if hit.identity in fingerprints:
                        present.add(hit.identity)
                        places.add(hit.identity, path, _Place(hit.line, hit.column))
    return present & fingerprints
