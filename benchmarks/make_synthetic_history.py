"""Build a large synthetic git history with `git fast-import`, for timing `secretguard scan git` offline.

    python benchmarks/make_synthetic_history.py /tmp/synth --commits 30000

Files are made of real source lines (the Python standard library's), each commit edits a few files (replacing
a run of lines), adds or deletes one now and then, and a side branch is merged every few hundred commits.
A handful of made-up AWS key ids are planted along the way.
"""

from __future__ import annotations

import argparse
import random
import string
import subprocess
import sys
import sysconfig
from pathlib import Path


def line_pool(limit: int = 400_000) -> list[bytes]:
    pool: list[bytes] = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        try:
            pool.extend(line + b"\n" for line in path.read_bytes().splitlines() if line.strip())
        except OSError:
            continue
        if len(pool) >= limit:
            break
    return pool


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("target", type=Path)
    parser.add_argument("--commits", type=int, default=30000)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = line_pool()
    subprocess.run(["git", "init", "-q", "-b", "main", str(args.target)], check=True)
    proc = subprocess.Popen(["git", "-C", str(args.target), "fast-import", "--quiet"], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    out = proc.stdin
    files: dict[str, list[bytes]] = {}
    names = [f"src/pkg{i % 40}/module_{i}.py" for i in range(args.files)]
    when = 1_500_000_000
    mark = 0
    main_mark = side_mark = 0
    for n in range(args.commits):
        on_side = n % 400 in range(300, 360)
        branch = "side" if on_side else "main"
        mark += 1  # noqa: SIM113 - fast-import marks, not a loop index
        when += rng.randint(30, 3000)
        ops: list[bytes] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            name = rng.choice(names)
            lines = files.get(name)
            if lines is None or rng.random() < 0.02:
                lines = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(20, 200))]
            else:
                start = rng.randrange(len(lines) + 1)
                end = min(len(lines), start + rng.randint(0, 10))
                new = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(1, 40))]
                lines[start:end] = new
            if rng.random() < 0.001:
                key = "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
                lines.insert(rng.randrange(len(lines) + 1), f"aws_access_key_id = '{key}'\n".encode())
            files[name] = lines
            data = b"".join(lines)
            ops.append(b"M 100644 inline " + name.encode() + b"\ndata %d\n" % len(data) + data + b"\n")
        if rng.random() < 0.01 and files:
            gone = rng.choice(sorted(files))
            del files[gone]
            ops.append(b"D " + gone.encode() + b"\n")
        message = f"change {n}: {rng.choice(pool).decode('utf-8', 'replace').strip()[:60]}".encode()
        head = b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark)
        head += b"author Dev <dev@example.com> %d +0000\ncommitter Dev <dev@example.com> %d +0000\n" % (
            when,
            when,
        )
        head += b"data %d\n%s\n" % (len(message), message)
        if branch == "side" and side_mark == 0 and main_mark:
            head += b"from :%d\n" % main_mark
        if branch == "main" and n % 400 == 360 and side_mark:
            head += b"merge :%d\n" % side_mark
        out.write(head + b"".join(ops) + b"\n")
        if branch == "main":
            main_mark = mark
        else:
            side_mark = mark
        if n % 400 == 361:
            side_mark = 0
    out.close()
    code = proc.wait()
    subprocess.run(["git", "-C", str(args.target), "checkout", "-q", "-f", "main"], check=False)
    print(f"{args.target}: {args.commits} commits", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
