"""The CI-log pipeline piece by piece: sniffing, normalizing, steps, chunking with original line numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.finding import ScanResult
from secretguard.scan.runner import Runner
from secretguard.scan.sources.ci_log.dialect import Dialect, sniff
from secretguard.scan.sources.ci_log.gunzip import Gunzip
from secretguard.scan.sources.ci_log.inputs import Member, member_names
from secretguard.scan.sources.ci_log.normalize import normalize
from secretguard.scan.sources.ci_log.reader import read_blocks
from secretguard.scan.sources.ci_log.source import CiLogOptions, CiLogSource
from secretguard.scan.sources.ci_log.steps import StepTracker
from secretguard.scan.sources.ci_log.stream import member_chunks
from tests.scan.sources.test_ci_log import ASSETS, expected

GH = "2024-05-01T12:00:00.1234567Z "


@pytest.mark.parametrize(
    ("name", "dialect"),
    [
        ("github_job.log", "github"),
        ("gitlab_job.log", "gitlab"),
        ("gitlab_timestamps.log", "gitlab"),
        ("jenkins_console.log", "jenkins"),
        ("circleci_step.log", "circleci"),
        ("raw/pip.txt", "plain"),
    ],
)
def test_sniff(name: str, dialect: Dialect) -> None:
    assert sniff((ASSETS / name).read_bytes()) == dialect


def test_normalize_strips_timestamps_colours_and_progress_keeping_lines() -> None:
    block = (
        f"\ufeff{GH}\x1b[36;1mecho hi\x1b[0m\n"
        f"{GH}Receiving objects:  50% (1/2)\rReceiving objects: 100% (2/2), done.\n"
        f"{GH}windows line\r\n"
        "no stamp here\n"
    ).encode()
    norm = normalize(block, "github", first=True)
    assert norm.data == b"echo hi\nReceiving objects: 100% (2/2), done.\nwindows line\nno stamp here\n"
    assert norm.line_map is None


def test_normalize_gitlab_sections_and_continuations() -> None:
    block = (
        b"2024-05-01T12:00:00.000001Z 00O section_start:1:step_script\r\x1b[0KExecuting\n"
        b"2024-05-01T12:00:00.000002Z 01E API_TOKEN=abc\n"
        b"2024-05-01T12:00:00.000003Z 01E+def\n"
        b"2024-05-01T12:00:00.000004Z 00O section_end:2:step_script\r\x1b[0K\n"
    )
    norm = normalize(block, "gitlab")
    assert norm.data == b"Executing\nAPI_TOKEN=abcdef\n\n"
    assert list(norm.line_map or []) == [0, 1, 3]
    assert norm.events == [(0, "section_start", "step_script"), (2, "section_end", "step_script")]


def test_normalize_events_github_and_jenkins() -> None:
    github = normalize(
        f"{GH}##[group]Run tests\n{GH}+ echo '::add-mask::s3cr3tValue'\n{GH}##[endgroup]\n".encode(), "github"
    )
    assert github.events == [(0, "group", "Run tests"), (1, "mask", "s3cr3tValue"), (2, "endgroup", "")]
    jenkins = normalize(b"[Pipeline] {\n[Pipeline] { (Build)\n+ make\n[Pipeline] }\n", "jenkins")
    assert [e[:2] for e in jenkins.events] == [(0, "open"), (1, "open"), (3, "close")]


def test_step_tracker() -> None:
    gitlab = StepTracker("gitlab", None, None)
    gitlab.apply("section_start", "step_script")
    gitlab.apply("section_start", "inner")
    assert gitlab.where == (None, "inner")
    gitlab.apply("section_end", "inner")
    assert gitlab.where == (None, "step_script")
    jenkins = StepTracker("jenkins", None, None)
    for kind, value in [("open", ""), ("open", "Build"), ("open", "")]:
        jenkins.apply(kind, value)
    assert jenkins.step == "Build"
    jenkins.apply("close", "")
    jenkins.apply("close", "")
    assert jenkins.step is None
    fixed = StepTracker("github", "build", "Run tests")
    fixed.apply("group", "Inner group")
    assert fixed.where == ("build", "Run tests")


def test_member_names() -> None:
    assert member_names("build/3_Run tests.txt") == ("build", "Run tests", False)
    assert member_names("0_build.txt") == ("build", None, True)


def test_read_blocks_cuts_overlong_lines() -> None:
    data = b"a" * 50 + b"\nshort\n" + b"b" * 30
    blocks = list(read_blocks(io.BytesIO(data), block_bytes=16, max_line=40))
    assert b"".join(blocks) == data
    assert all(len(b) <= 56 for b in blocks)


def test_gunzip_returns_everything_before_reporting_truncation() -> None:
    import gzip

    text = b"".join(b"line %d\n" % i for i in range(20000))
    packed = gzip.compress(text)
    reader = Gunzip(io.BytesIO(packed[: len(packed) // 2]))
    parts: list[bytes] = []

    def drain() -> None:
        while chunk := reader.read(4096):
            parts.append(chunk)

    with pytest.raises(EOFError):
        drain()
    got = b"".join(parts)
    assert got
    assert text.startswith(got)
    both = Gunzip(io.BytesIO(packed + packed))
    assert b"".join(iter(lambda: both.read(1 << 16), b"")) == text + text  # two gzip members
    assert Gunzip(io.BytesIO(b"")).read() == b""


def _member(path: Path) -> Member:
    from secretguard.scan.sources.ci_log.inputs import _file_opener

    return Member(str(path), _file_opener(str(path)))


@pytest.mark.parametrize("chunk_bytes", [4096, 700])
def test_small_chunks_find_the_same_with_the_same_lines(engine: Engine, chunk_bytes: int) -> None:
    """Chunks cut every few hundred bytes: PEM keys span cuts (the overlap), lines stay original."""
    for name in ("github_job.log", "gitlab_job.log", "gitlab_timestamps.log", "jenkins_console.log"):
        with Runner(engine) as runner:
            result = runner.run(CiLogSource([str(ASSETS / name)], CiLogOptions(chunk_bytes=chunk_bytes)))
        got = {(f.line, f.secret, f.extra["step"]) for f in result.findings}
        want = {(r["line"], r["secret"], r["step"]) for r in expected() if r["file"] == name}
        assert got == want, name


def test_chunk_line_maps_point_at_original_lines(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    lines = [f"2024-05-01T12:00:00.000001Z 00O line {i}" for i in range(400)]
    lines[100] = "2024-05-01T12:00:00.000001Z 00O+ continued"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chunks: list[Chunk] = list(member_chunks(_member(log), CiLogOptions(chunk_bytes=512), ScanResult(), None))
    seen: dict[int, bytes] = {}
    for chunk in chunks:
        for index, text in enumerate(chunk.data.split(b"\n")[:-1]):
            seen.setdefault(chunk.origin_line(index), text)
    assert seen[100] == b"line 99 continued"  # line 101 joined onto line 100 (1-based)
    assert seen[102] == b"line 101"
    assert 101 not in seen
    assert seen[400] == b"line 399"
