#!/usr/bin/env python3
"""How long `secretguard inventory discover` takes on a realistic 2,000-file repository (issue #16: under
5 s). Standard library only.

The repository is built in a temporary folder from real trees: files are copied out of bare git mirrors of
public projects (`<mirror-root>/<owner>+<name>/repo`, e.g. made by fetching github:ansible/ansible), in a
fixed mix of kinds that discovery reads - Python, JavaScript/TypeScript, Go, PHP, Ruby, YAML (CI, compose,
Kubernetes, Rails config), Dockerfiles, shell scripts, `.env` examples and package.json files - plus the
files discovery only lists and skips (Markdown, JSON, CSS...), as a real project has. Each kind takes its
files from the mirrors that have them, round robin; within a mirror in an order fixed by a hash of the path
(a sample with the trees' own file sizes), or with --largest the biggest files first (a worst case: about
twice the bytes). The mix is deterministic for a given set of mirrors.

  python benchmarks/discover_speed.py --mirror-root /work/.mirror
  python benchmarks/discover_speed.py --mirror-root /work/.mirror --largest --runs 5 --keep /tmp/tree

Prints the tree's composition and the wall time of each `discover` run (process start-up included; the
first run is a warm-up and not counted), then the median.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Kind -> (share of the files, how a path is recognised).
MIX: dict[str, tuple[float, tuple[str, ...]]] = {
    "python": (0.22, (".py",)),
    "javascript": (0.22, (".js", ".ts", ".tsx", ".jsx", ".mjs")),
    "go": (0.12, (".go",)),
    "php": (0.08, (".php",)),
    "ruby": (0.08, (".rb", ".rake")),
    "yaml": (0.08, (".yml", ".yaml")),
    "dockerfile": (0.01, ("dockerfile",)),
    "shell": (0.03, (".sh",)),
    "env": (0.005, (".env.example", ".env.sample", ".env.dist", "example.env")),
    "package": (0.005, ("package.json",)),
    "other": (0.15, (".md", ".json", ".css", ".html", ".txt", ".svg")),
}
MAX_FILE = 256 * 1024  # discovery reads files up to 2 MiB; real sources are mostly far smaller


def _kind(path: str) -> str | None:
    lower = path.lower()
    base = lower.rsplit("/", 1)[-1]
    if base == "dockerfile" or base.startswith("dockerfile.") or base.endswith(".dockerfile"):
        return "dockerfile"
    for kind, (_, suffixes) in MIX.items():
        if kind != "dockerfile" and (lower.endswith(suffixes) or base in suffixes):
            return kind
    return None


def _listing(repo: Path) -> list[tuple[str, str, int]]:
    """(path, blob id, size) of every file at HEAD of a bare repository."""
    out = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "-r", "-l", "--full-tree", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    files = []
    for line in out.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[1] == "blob" and parts[3].isdigit():
            files.append((path, parts[2], int(parts[3])))
    return files


def _blobs(repo: Path, ids: list[str]) -> dict[str, bytes]:
    proc = subprocess.run(
        ["git", "--git-dir", str(repo), "cat-file", "--batch"],
        input="\n".join(ids).encode() + b"\n",
        capture_output=True,
        check=True,
    )
    data, pos, found = proc.stdout, 0, {}
    for blob in ids:
        header_end = data.index(b"\n", pos)
        header = data[pos:header_end].split()
        size = int(header[2])
        found[blob] = data[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return found


def build_tree(mirror_root: Path, total: int, dest: Path, largest: bool = False) -> dict[str, int]:
    """Copy `total` files into dest, in MIX's proportions; returns the count per kind."""
    mirrors = sorted(p / "repo" for p in mirror_root.iterdir() if (p / "repo" / "HEAD").exists())
    if not mirrors:
        sys.exit(f"no bare mirrors under {mirror_root} (expected <owner>+<name>/repo)")
    candidates: dict[str, list[tuple[Path, str, str]]] = {kind: [] for kind in MIX}
    per_repo: dict[str, dict[Path, list[tuple[str, str, int]]]] = {kind: {} for kind in MIX}
    for repo in mirrors:
        for path, blob, size in _listing(repo):
            kind = _kind(path)
            if kind is not None and 0 < size <= MAX_FILE and "node_modules/" not in path:
                per_repo[kind].setdefault(repo, []).append((path, blob, size))
    for kind, repos in per_repo.items():
        order = (
            (lambda f: (-f[2], f[0])) if largest else (lambda f: hashlib.sha256(f[0].encode()).hexdigest())
        )
        lists = [sorted(files, key=order) for _, files in sorted(repos.items())]
        names = [repo for repo, _ in sorted(repos.items())]
        for i in range(max((len(x) for x in lists), default=0)):  # round robin over the mirrors
            for repo, files in zip(names, lists, strict=True):
                if i < len(files):
                    candidates[kind].append((repo, files[i][0], files[i][1]))
    wanted = {kind: max(1, round(total * share)) for kind, (share, _) in MIX.items()}
    wanted["python"] += total - sum(wanted.values())  # rounding: the rest goes to the largest kind
    chosen: list[tuple[Path, str, str]] = []
    counts: dict[str, int] = {}
    spill = 0
    for kind, count in sorted(wanted.items(), key=lambda kv: kv[1]):
        take = candidates[kind][: count + spill]
        spill = count + spill - len(take)  # a kind the mirrors lack leaves its share to the next
        chosen.extend(take)
        counts[kind] = len(take)
    by_repo: dict[Path, list[tuple[str, str]]] = {}
    for repo, path, blob in chosen:
        by_repo.setdefault(repo, []).append((path, blob))
    for repo, picked in by_repo.items():
        blobs = _blobs(repo, [blob for _, blob in picked])
        prefix = repo.parent.name.replace("+", "_")
        for path, blob in picked:
            target = dest / prefix / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blobs[blob])
    return counts


def time_discover(tree: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "secretguard", "inventory", "discover", str(tree), "--format", "json"]
    times = []
    for run in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"discover failed ({proc.returncode}): {proc.stderr[-2000:]}")
        if run:  # the first run warms the file cache
            times.append(elapsed)
        else:
            found = json.loads(proc.stdout)
            print(f"variables found: {len(found)}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--largest", action="store_true", help="the biggest files first (a worst case)")
    parser.add_argument("--keep", type=Path, help="build the tree here and keep it (must not exist)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="discover-speed-") as tmp:
        tree = args.keep if args.keep is not None else Path(tmp) / "tree"
        tree.mkdir(parents=True)
        counts = build_tree(args.mirror_root, args.files, tree, args.largest)
        files = sum(len(f) for _, _, f in os.walk(tree))
        size = sum((Path(d) / n).stat().st_size for d, _, names in os.walk(tree) for n in names)
        print(f"tree: {files} files, {size / 1e6:.1f} MB, from {args.mirror_root}")
        print("  " + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items(), key=lambda kv: -kv[1])))
        times = time_discover(tree, args.runs)
        print("runs: " + ", ".join(f"{t:.2f} s" for t in times))
        print(f"median: {statistics.median(times):.2f} s (bar: < 5 s)")


if __name__ == "__main__":
    main()
