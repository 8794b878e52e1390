"""The patch stream parser: added lines and their new-file numbers, merges, renames, binaries, limits."""

from __future__ import annotations

import io

from secretguard.scan.sources.git.patches import (
    Added,
    Binary,
    CommitHeader,
    Gitlink,
    TooLarge,
    parse,
    unquote_path,
)

LOG = (
    b"\x00SG1 aaaa 1700000000 pppp\n"
    b"Dev\x00dev@example.com\x002023-11-14T22:13:20+00:00\n"
    b"subject\n\nbody line\n\x00\n"
    b"\n"
    b"diff --git a/f.txt b/f.txt\n"
    b"index 1..2 100644\n"
    b"--- a/f.txt\n"
    b"+++ b/f.txt\n"
    b"@@ -2 +2,2 @@ context\n"
    b"-old\n"
    b"+new one\n"
    b"+new two\n"
    b"@@ -9,0 +10 @@\n"
    b"+ten\n"
    b"\\ No newline at end of file\n"
    b"diff --git a/bin.dat b/bin.dat\n"
    b"new file mode 100644\n"
    b"Binary files /dev/null and b/bin.dat differ\n"
    b"diff --git a/old name.txt b/new name.txt\n"
    b"similarity index 100%\n"
    b"rename from old name.txt\n"
    b"rename to new name.txt\n"
    b"diff --git a/sub b/sub\n"
    b"new file mode 160000\n"
    b"index 0000000..abc\n"
    b"--- /dev/null\n"
    b"+++ b/sub\n"
    b"@@ -0,0 +1 @@\n"
    b"+Subproject commit abc\n"
    b"\x00SG1 bbbb 1700000100 p1 p2\n"
    b"Dev\x00dev@example.com\x002023-11-14T22:15:00+00:00\n"
    b"merge\n\x00\n"
    b"\n"
    b"diff --cc app.py\n"
    b"index 1,2..3\n"
    b"--- a/app.py\n"
    b"+++ b/app.py\n"
    b"@@@ -1,1 -1,1 +1,3 @@@\n"
    b"- main\n"
    b" -side\n"
    b"++resolved\n"
    b" +from side\n"
    b"++TOKEN = 1\n"
)


def test_log_stream_events() -> None:
    events = list(parse(io.BytesIO(LOG), commits=True, max_file_size=1 << 20))
    first = events[0]
    assert isinstance(first, CommitHeader)
    assert (first.sha, first.timestamp, first.parents, first.author) == ("aaaa", 1700000000, ("pppp",), "Dev")
    assert first.message == b"subject\n\nbody line\n"
    added = [e for e in events if isinstance(e, Added)]
    assert added[0].path == "f.txt"
    assert added[0].data == b"new one\nnew two\nten\n"
    assert added[0].lines == [2, 3, 10]
    assert [e.path for e in events if isinstance(e, Binary)] == ["bin.dat"]
    assert [e.path for e in events if isinstance(e, Gitlink)] == ["sub"]
    assert all(e.path != "new name.txt" for e in added)  # a pure rename adds nothing
    merge = added[-1]
    assert merge.path == "app.py"
    assert merge.data == b"resolved\nTOKEN = 1\n"  # only what is new against both parents
    assert merge.lines == [1, 3]


def test_limits_and_pieces() -> None:
    hunks = []
    for h in range(10):
        lines = b"".join(b"+line %d\n" % (h * 100 + i) for i in range(1, 101))
        hunks.append(b"@@ -%d,0 +%d,100 @@\n" % (h * 100, h * 100 + 1) + lines)
    text = b"diff --git a/a b/a\n--- a/a\n+++ b/a\n" + b"".join(hunks)
    pieces = list(parse(io.BytesIO(text), commits=False, max_file_size=1 << 20, piece_size=1000))
    assert len(pieces) == 5  # ~890 bytes a hunk: a piece is flushed once it reaches 1000 bytes
    assert all(isinstance(p, Added) for p in pieces)
    joined = b"".join(p.data for p in pieces if isinstance(p, Added))
    assert joined == b"".join(b"line %d\n" % i for i in range(1, 1001))
    numbers = [n for p in pieces if isinstance(p, Added) for n in p.lines]
    assert numbers == list(range(1, 1001))
    events = list(parse(io.BytesIO(text), commits=False, max_file_size=3000))
    assert isinstance(events[-1], TooLarge)
    assert sum(len(e.data) for e in events if isinstance(e, Added)) <= 3000


def test_line_longer_than_the_read_limit() -> None:
    long_line = b"+" + b"x" * (3 << 20) + b" AKIA\n"
    text = b"diff --git a/m.js b/m.js\n--- a/m.js\n+++ b/m.js\n@@ -0,0 +1,2 @@\n" + long_line + b"+next\n"
    events = list(parse(io.BytesIO(text), commits=False, max_file_size=64 << 20))
    data = b"".join(e.data for e in events if isinstance(e, Added))
    assert data == long_line[1:] + b"next\n"
    assert [n for e in events if isinstance(e, Added) for n in e.lines] == [1, 2]


def test_unquote_path() -> None:
    assert unquote_path(b'"b/\\303\\244 \\"q\\".txt"\n') == 'ä "q".txt'
    assert unquote_path(b"b/sp ace.txt\t\n") == "sp ace.txt"
    assert unquote_path(b"b/plain.txt\n") == "plain.txt"
