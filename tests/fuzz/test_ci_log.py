"""Fuzzing the CI log reader: the normaliser (timestamps of each CI, ANSI escapes, CR progress bars,
GitLab sections and continuation lines, Jenkins pipeline blocks, GitHub groups and masks, binary garbage) and
the inputs around it (plain, gzipped, truncated and corrupt files, run archives, folders). Nothing may be
raised: a damaged input becomes a Skipped note, and line numbers stay those of the original log."""

from __future__ import annotations

import contextlib
import gzip
import io
import shutil
import zipfile
from collections.abc import Iterator

from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.scan.finding import ScanResult
from secretguard.scan.sources.ci_log.dialect import DIALECTS, Dialect, sniff
from secretguard.scan.sources.ci_log.inputs import Member, _decompressed, open_runs
from secretguard.scan.sources.ci_log.masks import MaskSet
from secretguard.scan.sources.ci_log.normalize import normalize
from secretguard.scan.sources.ci_log.reader import Readable, read_blocks
from secretguard.scan.sources.ci_log.stream import CiLogOptions, member_chunks
from tests.fuzz._harness import CANARY, counted, scratch

stamps = st.sampled_from(
    [
        b"2024-05-01T12:00:00.1234567Z ",
        b"2024-05-01T12:00:00.123456Z 00O ",
        b"2024-05-01T12:00:00.123456Z 01E+",
        b"2024-05-01T12:00:00.123456Z 0fO ",
        b"[2024-05-01T12:00:00.123Z] ",
        b"2024-05-01T12:00:00+02:00 ",
        b"2024-05-01T12:00:00",
        b"\xef\xbb\xbf",
        b"",
    ]
)
markers = st.sampled_from(
    [
        b"##[group]Run step",
        b"##[endgroup]",
        b"::group::Build",
        b"::endgroup::",
        b"::add-mask::",
        b"+ echo '::add-mask::",
        b"section_start:1714564800:build_script[collapsed=true]\r\x1b[0K",
        b"section_end:1714564800:build_script\r\x1b[0K",
        b"section_start:1:x",
        b"[Pipeline] {",
        b"[Pipeline] { (Deploy)",
        b"[Pipeline] }",
        b"Running with gitlab-runner 16.0",
        b"Started by user admin",
        b"#!/bin/bash -eo pipefail",
        b"",
    ]
)
noise = st.sampled_from(
    [
        b"\x1b[31m",
        b"\x1b[0K",
        b"\x1b]8;;http://x\x07",
        b"\x1b]0;title",
        b"\x1b(B",
        b"\x1b",
        b"\r",
        b"\r\n",
        b"progress 10%\rprogress 100%",
        b"\x00",
        b"\x01\x02\x03",
        b"\t",
        b"\xff\xfe",
    ]
)
words = st.one_of(
    st.text(max_size=10).map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=8)
)
lines = st.lists(st.one_of(stamps, markers, noise, words), max_size=5).map(b"".join)
logs = st.one_of(st.lists(lines, max_size=20).map(b"\n".join), st.binary(max_size=300))


@given(block=logs, dialect=st.sampled_from(DIALECTS), first=st.booleans(), newline=st.booleans())
@example(
    block=b"2024-05-01T12:00:00.123456Z 00O a\n2024-05-01T12:00:00.123456Z 00O+b\n",
    dialect="gitlab",
    first=True,
    newline=False,
)
@counted
def test_normalize(block: bytes, dialect: Dialect, first: bool, newline: bool) -> None:
    if newline:
        block += b"\n"
    norm = normalize(block, dialect, first=first)
    total = norm.data.count(b"\n") + (0 if norm.data.endswith(b"\n") or not norm.data else 1)
    if norm.line_map is None:
        assert norm.data.count(b"\n") == block.count(b"\n")  # line i of the result is line i of the input
    else:
        assert len(norm.line_map) >= total
        assert list(norm.line_map) == sorted(norm.line_map)
    assert b"\r" not in norm.data
    for line, kind, value in norm.events:
        assert 0 <= line <= max(total, block.count(b"\n") + 1)
        assert kind
        assert isinstance(value, str)
    assert all(0 <= i <= block.count(b"\n") for i in norm.binary_lines)
    sniff(block)


def _gzipped(data: bytes, how: str) -> bytes:
    packed = gzip.compress(data)
    if how == "truncated":
        return packed[: max(2, len(packed) // 2)]
    if how == "corrupt":
        return packed[:10] + bytes(b ^ 0x5A for b in packed[10:])
    if how == "two-members":
        return packed + gzip.compress(data)
    if how == "trailing-garbage":
        return packed + b"\x00garbage"
    return packed


packings = st.sampled_from(["plain", "gzip", "truncated", "corrupt", "two-members", "trailing-garbage"])


def _member(data: bytes) -> Member:
    @contextlib.contextmanager
    def opener() -> Iterator[Readable]:
        with _decompressed(io.BufferedReader(io.BytesIO(data))) as stream:
            yield stream

    return Member("logs/job/1_step.txt", opener, "job", "step")


@given(
    log=logs,
    packing=packings,
    dialect=st.one_of(st.none(), st.sampled_from(DIALECTS)),
    chunk_bytes=st.integers(min_value=16, max_value=4096),
)
@counted
def test_member_chunks(log: bytes, packing: str, dialect: Dialect | None, chunk_bytes: int) -> None:
    data = log if packing == "plain" else _gzipped(log, packing)
    result = ScanResult()
    options = CiLogOptions(dialect=dialect, chunk_bytes=chunk_bytes)
    chunks = list(member_chunks(_member(data), options, result, MaskSet()))
    for chunk in chunks:
        assert chunk.path.startswith("logs/job/1_step.txt")
        assert chunk.first_line >= 1
    # Reading twice (the mask pass does) gives the same chunks.
    again = list(member_chunks(_member(data), options, ScanResult(), None))
    assert [c.data for c in again] == [c.data for c in chunks]


names = st.one_of(
    st.sampled_from(
        ["1_build.txt", "job/2_test.txt", "job/", "../evil.txt", "a\\b.log", "x.gz", "/abs.txt", "3_.txt"]
    ),
    st.text(min_size=1, max_size=12),
    # A step name can hold a secret (`Run curl -u user:...`): no skip reason may repeat it.
    st.builds(
        lambda a, b: f"job/{a}{CANARY}{b}.txt",
        st.sampled_from(["", "'", '"', "it's ", "\\"]),
        st.sampled_from(["", "'", '"', " 'x", "\\"]),
    ),
)


@st.composite
def archives(draw: st.DrawFn) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        buffer, "w", compression=draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    ) as archive:
        # zipfile itself refuses names that are empty once their leading slashes are dropped.
        for name in draw(
            st.lists(names.filter(lambda n: n.split("\x00")[0].lstrip("/") != ""), max_size=4, unique=True)
        ):
            log = draw(logs)
            archive.writestr(name, log if not draw(st.booleans()) else _gzipped(log, draw(packings)))
    data = buffer.getvalue()
    how = draw(st.sampled_from(["whole", "whole", "truncated", "flipped"]))
    if how == "truncated":
        return data[: draw(st.integers(min_value=4, max_value=max(4, len(data))))]
    if how == "flipped" and len(data) > 4:
        at = draw(st.integers(min_value=4, max_value=len(data) - 1))
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return data


@given(
    inputs=st.lists(
        st.one_of(
            st.tuples(st.just("file"), logs),
            st.tuples(st.just("gz"), st.tuples(logs, packings).map(lambda t: _gzipped(*t))),
            st.tuples(st.just("zip"), archives()),
            st.tuples(st.just("folder"), st.lists(st.tuples(names, logs), max_size=3)),
        ),
        min_size=1,
        max_size=3,
    )
)
@counted
def test_open_runs(inputs: list[tuple[str, object]]) -> None:
    root = scratch() / "runs"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    paths = []
    for number, (kind, content) in enumerate(inputs):
        path = root / f"{number}.{kind}"
        if kind == "folder":
            path.mkdir()
            assert isinstance(content, list)
            for name, log in content:
                target = path / name.replace("\x00", "_").lstrip("/").replace("..", "__")
                with contextlib.suppress(OSError, ValueError):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(log)
        else:
            assert isinstance(content, bytes)
            path.write_bytes(content)
        paths.append(str(path))
    paths.append(str(root / "missing.log"))
    result = ScanResult()
    for run in open_runs(paths, result):
        for member in run.members:
            for chunk in member_chunks(member, CiLogOptions(chunk_bytes=512), result, MaskSet()):
                assert chunk.path.startswith(member.path)
    assert any(s.path.endswith("missing.log") for s in result.skipped)
    for skipped in result.skipped:
        assert CANARY not in skipped.reason


@given(
    data=st.binary(max_size=400),
    block_bytes=st.integers(min_value=1, max_value=64),
    max_line=st.integers(min_value=1, max_value=64),
)
@counted
def test_read_blocks(data: bytes, block_bytes: int, max_line: int) -> None:
    blocks = list(read_blocks(io.BytesIO(data), block_bytes, max_line))
    assert b"".join(blocks) == data


def test_zip_member_whose_local_name_is_not_utf8() -> None:
    """Found by fuzzing: the local header's name did not decode as the UTF-8 its flag promised, and
    zipfile's UnicodeDecodeError ended the scan. It is now a skipped member, like any damaged one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("job/\u00e9.txt", b"a log line\n")  # non-ASCII: stored as UTF-8, flag bit 11 set
    # The first copy of the name is the local header's; the central directory keeps a valid one.
    data = buffer.getvalue().replace(b"job/\xc3\xa9.txt", b"job/\x80\xa9.txt", 1)
    path = scratch() / "bad-name.zip"
    path.write_bytes(data)
    result = ScanResult()
    chunks = [
        chunk
        for run in open_runs([str(path)], result)
        for member in run.members
        for chunk in member_chunks(member, CiLogOptions(), result, MaskSet())
    ]
    assert chunks == []
    assert [s.reason.split(":")[0] for s in result.skipped] == ["cannot read"]


def test_zip_archive_of_an_unknown_version() -> None:
    """Found by the fuzz campaign: a central directory entry asking for zip version 23.5 made zipfile raise
    NotImplementedError when the archive was opened, which ended the scan. It is now a corrupt archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("1_build.txt", b"a log line\n")
    data = bytearray(buffer.getvalue())
    data[data.index(b"PK\x01\x02") + 6] = 235  # "version needed to extract" of the central directory entry
    path = scratch() / "future.zip"
    path.write_bytes(bytes(data))
    result = ScanResult()
    assert list(open_runs([str(path)], result)) == []
    assert [s.reason.split(":")[0] for s in result.skipped] == ["corrupt zip archive, not scanned"]
