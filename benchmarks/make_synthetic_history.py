"""Build a large synthetic git history with `git fast-import`, for timing `secretguard scan git` offline.

    python benchmarks/make_synthetic_history.py /tmp/synth --commits 30000 --planted /tmp/synth.planted.json

Files are made of real source lines (the Python standard library's), each commit edits a few files (replacing
a run of lines), adds or deletes one now and then, and a side branch is merged every few hundred commits.

Made-up secrets are planted along the way, so that a benchmark can check what each scanner found:
- lone AWS access key ids (`aws_access_key_id = 'AKIA...'`, no secret key), in about one file edit in a
  thousand; they stay in the file until an edit replaces them;
- --plant credentials of eight kinds that every scanner compared here has a rule for (an AWS key id with
  its secret key, GitHub classic token with a valid checksum, GitLab, Slack bot, Stripe live, SendGrid, npm
  token, RSA private key block), at evenly spaced commits, inserted into one file the commit edits; the
  file's next edit drops them again, so most live only in history;
- two more credentials outside the main and side branches: one on a branch never merged
  (refs/heads/stale-feature) and one on a commit only a tag reaches (refs/tags/unreleased-rc1).
The plants draw from their own random generator, so the history around them is the same with any --plant.
--planted FILE writes every planted secret (kind, values, commit, path, ref) as JSON.

fast-import's pack deltifies each blob against the previous version of its path only; the history is then
repacked with fresh deltas (`git repack -a -d -f`, git's default window and depth), as a repository that has
been through `git gc` or a clone would have it. --no-repack keeps fast-import's pack.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import string
import subprocess
import sys
import sysconfig
import tempfile
import zlib
from pathlib import Path
from typing import Any

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
KINDS = (
    "aws-key-pair",
    "github-pat",
    "gitlab-pat",
    "slack-bot-token",
    "stripe-live-key",
    "sendgrid-key",
    "npm-token",
    "rsa-private-key",
)


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


def _draw(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _base62(n: int, width: int) -> str:
    out = ""
    while n:
        n, digit = divmod(n, 62)
        out = BASE62[digit] + out
    return out.rjust(width, "0")


def credential(kind: str, rng: random.Random) -> tuple[list[str], list[bytes]]:
    """(values a scanner may report, each of which counts as finding it; the source lines holding it)."""
    if kind == "aws-key-pair":
        key_id = "AKIA" + _draw(rng, string.ascii_uppercase + "234567", 16)
        secret = _draw(rng, ALNUM + "/+", 40)
        lines = [f'AWS_ACCESS_KEY_ID = "{key_id}"\n', f'AWS_SECRET_ACCESS_KEY = "{secret}"\n']
        return [key_id, secret], [line.encode() for line in lines]
    if kind == "rsa-private-key":
        body = [base64.b64encode(rng.randbytes(48)).decode() for _ in range(25)]
        lines = ['PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----\n', *(b + "\n" for b in body)]
        lines.append('-----END RSA PRIVATE KEY-----"""\n')
        return [body[0]], [line.encode() for line in lines]
    if kind == "github-pat":  # classic token: 30 random characters, then their CRC32 in base62
        random_part = _draw(rng, ALNUM, 30)
        name, value = "GITHUB_TOKEN", "ghp_" + random_part + _base62(zlib.crc32(random_part.encode()), 6)
    elif kind == "gitlab-pat":
        name, value = "GITLAB_TOKEN", "glpat-" + _draw(rng, ALNUM + "_-", 20)
    elif kind == "slack-bot-token":
        digits = string.digits
        name = "SLACK_BOT_TOKEN"
        value = f"xoxb-{_draw(rng, digits, 12)}-{_draw(rng, digits, 13)}-{_draw(rng, ALNUM, 24)}"
    elif kind == "stripe-live-key":
        name, value = "STRIPE_API_KEY", "sk_live_" + _draw(rng, ALNUM, 24)
    elif kind == "sendgrid-key":
        name, value = "SENDGRID_API_KEY", f"SG.{_draw(rng, ALNUM + '_-', 22)}.{_draw(rng, ALNUM + '_-', 43)}"
    elif kind == "npm-token":
        name, value = "NPM_TOKEN", "npm_" + _draw(rng, ALNUM, 36)
    else:
        raise ValueError(kind)
    return [value], [f'{name} = "{value}"\n'.encode()]


def _header(ref: str, mark: int, when: int, message: bytes) -> bytes:
    head = b"commit %s\nmark :%d\n" % (ref.encode(), mark)
    head += b"author Dev <dev@example.com> %d +0000\ncommitter Dev <dev@example.com> %d +0000\n" % (
        when,
        when,
    )
    return head + b"data %d\n%s\n" % (len(message), message)


def _write_op(path: str, data: bytes) -> bytes:
    return b"M 100644 inline " + path.encode() + b"\ndata %d\n" % len(data) + data + b"\n"


def _next_kind(planted: list[dict[str, Any]]) -> str:
    return KINDS[sum(1 for p in planted if p["kind"] != "aws-key-id-only") % len(KINDS)]


def _committed(repo: Path, planted: list[dict[str, Any]]) -> list[bool]:
    """Whether each planted value is in its file at its commit (an edit or a deletion later in the same
    commit can drop a lone key id before it is ever committed)."""
    request = "".join(f"{p['commit']}:{p['path']}\n" for p in planted).encode()
    proc = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"], input=request, capture_output=True, check=True
    )
    blobs, data = [], proc.stdout
    while data:
        header, _, data = data.partition(b"\n")
        if header.endswith(b" missing"):
            blobs.append(b"")
            continue
        size = int(header.rsplit(b" ", 1)[1])
        blobs.append(data[:size])
        data = data[size + 1 :]
    return [p["values"][0].encode() in blob for p, blob in zip(planted, blobs, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("target", type=Path)
    parser.add_argument("--commits", type=int, default=30000)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plant", type=int, default=24, help="credentials planted in the main history")
    parser.add_argument("--planted", type=Path, help="write the planted secrets here (JSON)")
    parser.add_argument("--no-repack", action="store_true", help="keep the pack fast-import wrote")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    plant_rng = random.Random(f"plant-{args.seed}")  # the plants never draw from rng: same history
    plant_at = [(2 * i + 1) * args.commits // (2 * args.plant) for i in range(args.plant)]
    planted: list[dict[str, Any]] = []
    due = 0  # credentials to plant now (one whose file was dropped in its own commit moves to the next)
    pool = line_pool()
    subprocess.run(["git", "init", "-q", "-b", "main", str(args.target)], check=True)
    marks_file = Path(tempfile.mkstemp(prefix="fast-import-marks-")[1])
    proc = subprocess.Popen(
        ["git", "-C", str(args.target), "fast-import", "--quiet", f"--export-marks={marks_file}"],
        stdin=subprocess.PIPE,
    )
    assert proc.stdin is not None
    out = proc.stdin
    files: dict[str, list[bytes]] = {}
    names = [f"src/pkg{i % 40}/module_{i}.py" for i in range(args.files)]
    when = 1_500_000_000
    mark = 0
    main_mark = side_mark = middle_mark = 0
    for n in range(args.commits):
        on_side = n % 400 in range(300, 360)
        branch = "side" if on_side else "main"
        mark += 1
        when += rng.randint(30, 3000)
        due += plant_at.count(n)
        ops: list[bytes] = []
        edited: list[str] = []
        plant: dict[str, Any] | None = None
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
                planted.append(
                    {"kind": "aws-key-id-only", "values": [key], "mark": mark, "path": name, "ref": branch}
                )
            files[name] = lines
            data = b"".join(lines)
            if due and not edited:  # written in this commit only, not kept in `files`
                kind = _next_kind(planted)
                values, secret_lines = credential(kind, plant_rng)
                at = plant_rng.randrange(len(lines) + 1)
                data = b"".join(lines[:at] + secret_lines + lines[at:])
                plant = {"kind": kind, "values": values, "mark": mark, "path": name, "ref": branch}
                planted.append(plant)
            edited.append(name)
            ops.append(_write_op(name, data))
        if rng.random() < 0.01 and files:
            gone = rng.choice(sorted(files))
            del files[gone]
            ops.append(b"D " + gone.encode() + b"\n")
            edited.append(gone)
        if plant is not None:
            if plant["path"] in edited[1:]:  # rewritten or deleted by the same commit: plant again next time
                planted.remove(plant)
            else:
                due -= 1
        message = f"change {n}: {rng.choice(pool).decode('utf-8', 'replace').strip()[:60]}".encode()
        head = _header(f"refs/heads/{branch}", mark, when, message)
        if branch == "side" and side_mark == 0 and main_mark:
            head += b"from :%d\n" % main_mark
        if branch == "main" and n % 400 == 360 and side_mark:
            head += b"merge :%d\n" % side_mark
        out.write(head + b"".join(ops) + b"\n")
        if branch == "main":
            main_mark = mark
            if n <= args.commits // 2:
                middle_mark = mark
        else:
            side_mark = mark
        if n % 400 == 361:
            side_mark = 0
    if args.plant:  # reachable only from a branch never merged, and only from a tag
        parent = middle_mark or main_mark
        for ref, path in (
            ("refs/heads/stale-feature", "src/feature/settings.py"),
            ("refs/tags/unreleased-rc1", "src/feature/release.py"),
        ):
            mark += 1
            when += 60
            kind = _next_kind(planted)
            values, secret_lines = credential(kind, plant_rng)
            head = _header(ref, mark, when, f"wip: {path}".encode()) + b"from :%d\n" % parent
            out.write(head + _write_op(path, b"".join([b"import os\n", b"\n", *secret_lines])) + b"\n")
            planted.append({"kind": kind, "values": values, "mark": mark, "path": path, "ref": ref})
            parent = mark
    out.close()
    code = proc.wait()
    if code != 0:
        return code
    marks = dict(line.split() for line in marks_file.read_text().splitlines() if line.strip())
    marks_file.unlink()
    subprocess.run(["git", "-C", str(args.target), "checkout", "-q", "-f", "main"], check=False)
    if not args.no_repack:
        subprocess.run(["git", "-C", str(args.target), "repack", "-a", "-d", "-f", "-q"], check=True)
    for entry in planted:
        entry["commit"] = marks[f":{entry.pop('mark')}"]
    kept = [p for p, ok in zip(planted, _committed(args.target, planted), strict=True) if ok]
    if args.planted:
        args.planted.write_text(json.dumps(kept, indent=1) + "\n")
    credentials = sum(1 for p in kept if p["kind"] != "aws-key-id-only")
    print(
        f"{args.target}: {args.commits} commits, {credentials} planted credentials, "
        f"{len(kept) - credentials} lone AWS key ids ({len(planted) - len(kept)} dropped before a commit)",
        file=sys.stderr,
    )
    return code


if __name__ == "__main__":
    raise SystemExit(main())
