"""Fuzzing the git history parsers on synthetic git output: `git log --raw -z` listings (with the commit
header format, merges' combined entries, damaged commits retried through cat-file, diff-tree and ls-tree),
and the `git log -p -U0` patch stream. Git is never run: its output is made up, near-valid or junk. Nothing
may be raised; what cannot be read becomes a Skipped note."""

from __future__ import annotations

import io
import subprocess
from typing import Any
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.scan.sources.git import listing
from secretguard.scan.sources.git.listing import RangeLister, _Pending, _raw_entry, parse_header, read_commit
from secretguard.scan.sources.git.patches import Added, CommitHeader, TooLarge, parse, unquote_path
from secretguard.scan.sources.git.repo import Repo
from tests.fuzz._harness import counted, scratch

REPO = Repo(
    path="/nonexistent",
    git_dir="/nonexistent/.git",
    common_dir="/nonexistent/.git",
    bare=False,
    shallow=False,
    work_tree=None,
)
HEX = "0123456789abcdef"
shas = st.one_of(
    st.text(alphabet=HEX, min_size=40, max_size=40),
    st.sampled_from(["0" * 40, "a" * 64, "", "zz", "A" * 40]),
    st.text(alphabet=HEX + "xg", max_size=42),
)
numbers = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**70).map(str),
    st.sampled_from(["", "\u00b2", "\u0663", "9" * 5000, "1_000", "-0", "+5", "0x10"]),
)
zones = st.sampled_from(["+0000", "-0700", "+9959", "+2400", "-99", "", "+", "x", "+0a00", "+\u00b2\u00b200"])
texts = st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass"))
junk = st.binary(max_size=30)
modes = st.sampled_from([b"100644", b"100755", b"120000", b"160000", b"040000", b"000000", b"", b"x"])
paths = st.one_of(texts, st.sampled_from([b"a.cfg", b"dir/b.env", b'"quoted\\npath"', b""]))


@st.composite
def raw_entries(draw: st.DrawFn, parents: int) -> bytes:
    colons = b":" * draw(st.sampled_from([parents, 1, 0, 3]))
    count = draw(st.integers(min_value=0, max_value=2 * parents + 3))
    fields = [draw(modes) for _ in range(parents + 1)] + [draw(shas).encode() for _ in range(parents + 1)]
    fields = [*fields[:count], draw(st.sampled_from([b"M", b"A", b"D", b"MM", b"T"]))]
    return b"\n" + colons + b" ".join(fields) + b"\x00" + draw(paths) + b"\x00"


@st.composite
def commits(draw: st.DrawFn) -> tuple[str, bytes]:
    sha = draw(shas)
    parents = draw(st.integers(min_value=0, max_value=3))
    parent_ids = " ".join(draw(shas) for _ in range(parents))
    head = f"\x00SG1 {sha} {draw(numbers)} {parent_ids}\n".encode() + draw(texts)
    head += b"\x00" + draw(texts) + b"\x00" + draw(texts) + b"\n" + draw(st.one_of(texts, junk)) + b"\x00"
    body = b"".join(draw(st.lists(st.one_of(raw_entries(max(parents, 1)), junk), max_size=4)))
    return sha, head + body


@st.composite
def listings(draw: st.DrawFn) -> tuple[list[str], bytes]:
    made = draw(st.lists(commits(), max_size=4))
    names = [sha for sha, _ in made] + draw(st.lists(shas, max_size=2))
    stream = b"".join(data for _, data in made)
    if draw(st.booleans()):
        cut = draw(st.integers(min_value=0, max_value=len(stream)))
        stream = stream[:cut] + draw(junk)
    return names, stream


@st.composite
def commit_objects(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        key = draw(st.sampled_from([b"tree", b"parent", b"author", b"committer", b"gpgsig", b"x"]))
        person = (
            draw(texts) + b" <" + draw(texts) + b"> " + draw(numbers).encode() + b" " + draw(zones).encode()
        )
        lines.append(key + b" " + draw(st.one_of(st.just(person), junk)))
    return b"\n".join(lines) + draw(st.sampled_from([b"\n\n", b"\n", b""])) + draw(texts)


def _tree_listing(entries: list[tuple[bytes, bytes, bytes]]) -> bytes:
    return b"".join(mode + b" " + kind + b" " + oid + b"\t" + b"p\x00" for mode, kind, oid in entries)


tree_listings = st.one_of(
    st.lists(
        st.tuples(modes, st.sampled_from([b"blob", b"commit", b"tree", b"x"]), shas.map(str.encode)),
        max_size=4,
    ).map(_tree_listing),
    junk,
)


class _FakeGitLog:
    """What subprocess.Popen returns for `git log`: the made-up output, then an exit code."""

    def __init__(self, stream: bytes, code: int, stderr: bytes, errors: Any) -> None:
        self.stdout = io.BytesIO(stream)
        self._code = code
        errors.write(stderr)

    def wait(self) -> int:
        return self._code


@given(
    listing_=listings(),
    code=st.sampled_from([0, 0, 128]),
    stderr=st.one_of(junk, shas.map(lambda s: f"fatal: bad object {s}".encode())),
    cat_file=st.tuples(st.sampled_from([0, 0, 128]), commit_objects()),
    diff_tree=st.tuples(st.sampled_from([0, 128]), st.lists(raw_entries(1), max_size=3).map(b"".join)),
    ls_tree=st.tuples(st.sampled_from([0, 128]), tree_listings),
)
# Found by fuzzing: a made-up blob id that is not hex raised ValueError when its commit was recorded.
@example(
    listing_=(
        ["a" * 40],
        b"\x00SG1 " + b"a" * 40 + b" 1 \nn\x00e\x00d\nm\x00\n:100644 100644 x y M\x00p\x00",
    ),
    code=0,
    stderr=b"",
    cat_file=(0, b""),
    diff_tree=(0, b""),
    ls_tree=(0, b""),
)
# Found by the fuzz campaign: git stopping after a header cut short (a header of no commit asked for) made the
# retry list the batch's first commits again, recording them twice.
@example(
    listing_=(["0" * 40, "0" * 40], b"\x00SG1 " + b"0" * 40 + b" 0 \n\x00\x00\n\x00\x00SG1 "),
    code=128,
    stderr=b"",
    cat_file=(0, b"\n\n"),
    diff_tree=(0, b""),
    ls_tree=(0, b""),
)
# Found by the fuzz campaign: a committer timestamp of 2**63 did not fit the signed 64-bit timestamps array.
@example(
    listing_=(["0" * 40], b"\x00SG1 " + b"0" * 40 + b" 9223372036854775808 \n\x00\x00\n\x00"),
    code=0,
    stderr=b"",
    cat_file=(0, b"\n\n"),
    diff_tree=(0, b""),
    ls_tree=(0, b""),
)
# Found by fuzzing: damaged commits (retried through cat-file) with a timestamp or zone Python refuses.
@example(
    listing_=(["a" * 40], b""),
    code=128,
    stderr=b"fatal: bad object " + b"a" * 40,
    cat_file=(0, b"author n <e> 99999999999999999 +0000\ncommitter n <e> \xc2\xb2 +2400\n\nm"),
    diff_tree=(0, b""),
    ls_tree=(0, b""),
)
@counted
def test_listing(
    listing_: tuple[list[str], bytes],
    code: int,
    stderr: bytes,
    cat_file: tuple[int, bytes],
    diff_tree: tuple[int, bytes],
    ls_tree: tuple[int, bytes],
) -> None:
    names, stream = listing_
    outputs = {"cat-file": cat_file, "diff-tree": diff_tree, "ls-tree": ls_tree}

    def fake_run(_repo: Repo, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        command = next(a for a in args if a in outputs)
        returncode, out = outputs[command]
        return subprocess.CompletedProcess(list(args), returncode, out, b"fatal: damaged")

    def fake_popen(_args: list[str], **kwargs: Any) -> _FakeGitLog:
        return _FakeGitLog(stream, code, stderr, kwargs["stderr"])

    spool = str(scratch() / "listing.spool")
    with (
        mock.patch.object(listing, "run", fake_run),
        mock.patch.object(subprocess, "Popen", fake_popen),  # the module listing.py runs git through
    ):
        lister = RangeLister(REPO, names, 0, len(names), spool, lambda p: p.endswith(".env"), len, None)
        out = lister.run()
    assert (out.start, out.end) == (0, len(names))
    assert out.stats.get("commits", 0) <= len(names)
    for blob, raw_path in out.occurrences:
        assert isinstance(blob, bytes)
        assert isinstance(raw_path, bytes)


@given(token=st.one_of(commits().map(lambda c: c[1][1:]), st.binary(max_size=60)), email=junk, rest=junk)
@counted
def test_parse_header(token: bytes, email: bytes, rest: bytes) -> None:
    header = parse_header(token, email, rest)
    assert isinstance(header, CommitHeader)
    assert -(2**63) <= header.timestamp < 2**63  # it goes into a signed 64-bit array


@given(meta=st.one_of(raw_entries(2).map(lambda e: e[1:].split(b"\x00")[0]), junk), path=paths)
@counted
def test_raw_entry(meta: bytes, path: bytes) -> None:
    pending = _Pending(0, parse_header(b"SG1 x 1", b"", b""))
    _raw_entry(meta, path, pending)


@given(data=commit_objects())
@counted
def test_read_commit(data: bytes) -> None:
    done = subprocess.CompletedProcess(["git"], 0, data, b"")
    with mock.patch.object(listing, "run", return_value=done):
        header = read_commit(REPO, "a" * 40)
    assert header is not None
    assert isinstance(header.date, str)


# --- patches ----------------------------------------------------------------------------------------------

hunk_headers = st.builds(
    lambda a, b, c, d: f"@@ -{a},{b} +{c},{d} @@".encode(),
    numbers.filter(lambda n: len(n) < 30),
    numbers.filter(lambda n: len(n) < 30),
    numbers.filter(lambda n: len(n) < 30),
    st.integers(min_value=0, max_value=6),
)
patch_lines = st.one_of(
    hunk_headers,
    st.sampled_from(
        [
            b"diff --git a/x.cfg b/x.cfg",
            b'diff --git "a/q\\tx" "b/q\\303\\251"',
            b"diff --cc m.cfg",
            b"diff --combined m.cfg",
            b"+++ b/y.cfg",
            b"+++ /dev/null",
            b"--- a/x.cfg",
            b"rename to z.cfg",
            b"Binary files a/x and b/x differ",
            b"new file mode 160000",
            b"index 1..2 160000",
            b"@@@ -1,2 -1,2 +1,3 @@@",
            b"\\ No newline at end of file",
            b"\x00SG1 abc 17 p1 p2",
            b"n\x00e\x00d",
            b"msg\x00",
            b"",
        ]
    ),
    st.builds(lambda p, t: p + t, st.sampled_from([b"+", b"-", b" ", b"++", b"+-", b"- ", b"  "]), texts),
    junk,
)
patch_streams = st.lists(patch_lines, max_size=25).map(b"\n".join)


@given(
    stream=patch_streams,
    commits_=st.booleans(),
    max_file_size=st.integers(min_value=1, max_value=200),
    piece_size=st.integers(min_value=1, max_value=100),
    parents=st.integers(min_value=1, max_value=4),
)
# Found by the fuzz campaign: a hunk whose added lines were not `+` lines gave a piece of data with one line
# (an empty one) and no line number.
@example(
    stream=b"diff --git a/x.cfg b/x.cfg\n@@ -0,0 +0,1 @@\n@@ -0,0 +0,0 @@",
    commits_=False,
    max_file_size=1,
    piece_size=1,
    parents=1,
)
@counted
def test_patch_stream(
    stream: bytes, commits_: bool, max_file_size: int, piece_size: int, parents: int
) -> None:
    events = list(
        parse(
            io.BytesIO(stream),
            commits=commits_,
            max_file_size=max_file_size,
            piece_size=piece_size,
            parents=parents,
        )
    )
    for event in events:
        if isinstance(event, Added):
            assert len(event.lines) == event.data.count(b"\n")
            assert len(event.data) <= max_file_size
        elif isinstance(event, TooLarge):
            assert event.limit == max_file_size
        elif isinstance(event, CommitHeader):
            assert commits_


@given(raw=st.one_of(paths, st.binary(max_size=30).map(lambda b: b'"' + b + b'"')))
@counted
def test_unquote_path(raw: bytes) -> None:
    assert isinstance(unquote_path(raw), str)
