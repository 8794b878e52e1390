#!/usr/bin/env python3
"""Side-by-side benchmark of secretguard against gitleaks, kingfisher and detect-secrets (stdlib only).

Suites (datasets are built reproducibly under --data, which is git-ignored):
  dir       a real source tree: the .py/.js/.json/.md/.txt/.toml/.yaml/.cfg/.c/.h files of the installed
            site-packages (then the standard library and other local Python installations, in a fixed
            order, until --dir-mb is reached; never more than --dir-max-mb)
  minified  one generated 5 MiB single-line minified JS file and one 5 MiB line of `aaaa...`
  strings   one 5 MiB minified line of `var x="<random base64, 8-120 characters>";` (a string-table flood:
            every value looks random, none is a credential)
  corpus    the development accuracy corpus (`score.py --materialize`), also scored with score.py
  bundle    real published frontend bundles: `npm install` of monaco-editor, three, firebase@10, aws-sdk,
            pdfjs-dist and @mui/material (in --data/npm), then their .js/.mjs/.cjs/.map/.css files copied to
            --data/bundles; secretguard runs `scan bundle`, detect-secrets only with --include-slow
  git       a full git history, every ref: the synthetic one make_synthetic_history.py builds (--git-commits,
            with planted secrets that each tool's findings are checked against), or each --git-repo PATH;
            secretguard `scan git`, gitleaks `git`, kingfisher `scan REPO --git-history full`, and
            `git log -p -U0 --all` to /dev/null as a reference (reading the history once; not a scanner).
            detect-secrets has no history scan and does not run here.

Every tool scans the same folder, in the same order, from an empty working directory (so no project
configuration is picked up). Each tool gets one unreported warm-up run per suite (page cache,
kingfisher's compiled rule cache), then --repeat timed runs, interleaved tool by tool; detect-secrets
gets --ds-repeat runs (default 1) and a --timeout. Each run is a fresh child process: wall time is
measured around it, CPU time and peak RSS come from os.wait4() (ru_maxrss is the largest single
process of the child's tree), and the summed RSS of the whole process tree is sampled from /proc.

secretguard is installed editable and edited while benchmarks run, so by default the package is copied
once at start (benchmarks/results/snapshot/<code hash>/) and run as `python -P -m secretguard` with that
copy on PYTHONPATH; --live runs the installed entry point instead. Python tools write their bytecode
under benchmarks/results/pycache during the warm-up, as an installed package would have it.

  python benchmarks/run.py --suite all --repeat 3 --json benchmarks/results/results.json
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import site
import statistics
import string
import subprocess
import sys
import sysconfig
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_DATA = HERE / "data"
DEFAULT_RESULTS = HERE / "results"
DEFAULT_PEERS = REPO / ".peers"
DEFAULT_SCORE = Path("/work/shared/corpus/score.py")
ALL_SUITES = ("dir", "minified", "strings", "corpus", "bundle", "git")
ALL_TOOLS = ("secretguard", "gitleaks", "kingfisher", "detect-secrets", "git-log")
SOURCE_SUFFIXES = frozenset({".py", ".js", ".json", ".md", ".txt", ".toml", ".yaml", ".cfg", ".c", ".h"})
SKIPPED_DIRS = frozenset({"__pycache__", ".git", ".hg", ".svn"})
MB = 1_000_000  # throughput and sizes are decimal megabytes
MIB = 1024 * 1024
DATASET_VERSION = 1
# bundle suite: what `npm install` gets (the latest firebase fails to resolve @firebase/ai on the registry
# mirror used here, hence firebase@10), and which node_modules folders are copied, to which folder name
NPM_INSTALL = (
    "monaco-editor",
    "three",
    "firebase@10",
    "aws-sdk",
    "pdfjs-dist",
    "@mui/material",
    "@emotion/react",
    "@emotion/styled",
)
NPM_INSTALL_FLAGS = ("--no-audit", "--no-fund", "--ignore-scripts")
BUNDLE_PACKAGES = {  # node_modules/<key> -> bundles/<value>
    "monaco-editor": "monaco-editor",
    "three": "three",
    "firebase": "firebase",
    "aws-sdk": "aws-sdk",
    "pdfjs-dist": "pdfjs-dist",
    "@mui/material": "material",
    "@firebase": "firebase-sdk",  # the scope holding firebase's own packages (@firebase/auth, ...)
}
BUNDLE_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".map", ".css"})
SLOW_TOOLS = {"bundle": ("detect-secrets",)}  # skipped unless --include-slow
# which tools can run on which suite: detect-secrets has no git history scan, and the git-log reference
# row (reading the history once as one patch stream) means something only on git
NOT_APPLICABLE = {"git": ("detect-secrets",)}
ONLY_ON = {"git-log": ("git",)}
REFERENCE_TOOLS = frozenset({"git-log"})  # reported for comparison, not a scanner
SYNTHETIC_HISTORY = HERE / "make_synthetic_history.py"
GIT_BAR_RSS_MB = 500  # issue #3: secretguard's peak memory on a full history


# ----------------------------------------------------------------------------------------------------
# Datasets
# ----------------------------------------------------------------------------------------------------


@dataclass
class Dataset:
    name: str
    path: Path
    files: int
    bytes: int
    notes: list[str] = field(default_factory=list)
    unit: str = "files"  # what `files` counts (git: commits)
    bytes_what: str = ""  # what `bytes` measures, when not the files' size
    label: str = ""  # git: which repository (one suite may run on several)
    planted: list[dict[str, Any]] | None = None  # secrets known to be in the dataset (synthetic history)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.name}:{self.label}" if self.label else self.name


def folder_size(folder: Path) -> tuple[int, int]:
    """(regular files, bytes) under folder, symlinks not followed."""
    files = total = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            st = (Path(root) / name).lstat()
            if st.st_mode & 0o170000 == 0o100000:
                files += 1
                total += st.st_size
    return files, total


def _manifest(folder: Path) -> Path:
    """Kept beside the dataset, not inside it, so that no tool scans it."""
    return folder.with_name(folder.name + ".manifest.json")


def _manifest_ok(folder: Path, wanted: dict[str, Any]) -> bool:
    manifest = _manifest(folder)
    if not folder.is_dir():
        return False
    if not manifest.is_file():
        return False
    try:
        return bool(json.loads(manifest.read_text())["params"] == wanted)
    except (ValueError, KeyError):
        return False


def _write_manifest(folder: Path, params: dict[str, Any], extra: dict[str, Any]) -> None:
    _manifest(folder).write_text(json.dumps({"params": params, **extra}, indent=1))


def python_source_roots(exclude: Path) -> list[Path]:
    """Where to copy source from, in a fixed order: this interpreter's site-packages, its standard
    library, then other Python installations on the machine (pyenv siblings, /usr/lib/python3*)."""
    roots: list[Path] = [Path(p) for p in site.getsitepackages()]
    roots.append(Path(sysconfig.get_paths()["stdlib"]))
    base = Path(sys.base_prefix).resolve()
    others = sorted(base.parent.glob("*/lib/python*")) if base.parent.name == "versions" else []
    others += sorted(Path("/usr/lib").glob("python3*"))
    for other in others:
        if other.is_dir() and not other.is_symlink() and other.resolve() != Path(roots[-1]).resolve():
            roots.append(other)
    seen: set[Path] = set()
    unique: list[Path] = []
    for root in roots:
        resolved = root.resolve()
        if resolved.is_dir() and resolved not in seen and not resolved.is_relative_to(exclude):
            seen.add(resolved)
            unique.append(resolved)
    return unique


def _source_files(root: Path, nested_roots: set[Path]) -> list[Path]:
    out: list[Path] = []
    for current, dirs, names in os.walk(root):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and (here / d) not in nested_roots)
        for name in sorted(names):
            path = here / name
            if path.suffix in SOURCE_SUFFIXES and not path.is_symlink() and path.is_file():
                out.append(path)
    return out


def _looks_binary(path: Path) -> bool:
    with path.open("rb") as handle:
        return b"\x00" in handle.read(8192)


def prepare_dir(data: Path, target_mb: int, max_mb: int, rebuild: bool) -> Dataset:
    folder = data / "site-packages-src"
    roots = python_source_roots(exclude=data.resolve())
    params = {
        "v": DATASET_VERSION,
        "roots": [str(r) for r in roots],
        "target_mb": target_mb,
        "max_mb": max_mb,
    }
    if rebuild or not _manifest_ok(folder, params):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        total = 0
        copied: dict[str, int] = {}
        root_set = set(roots)
        for root in roots:
            if total >= target_mb * MB:
                break
            label = str(root).strip("/").replace("/", "_")
            start = total
            # a root that contains a later root (stdlib contains site-packages) skips it
            for src in _source_files(root, root_set - {root}):
                size = src.stat().st_size
                if total + size > max_mb * MB:
                    continue
                if _looks_binary(src):
                    continue
                dst = folder / label / src.relative_to(root)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
                total += size
            copied[label] = total - start
        _write_manifest(folder, params, {"copied_bytes_per_root": copied})
    manifest = json.loads(_manifest(folder).read_text())
    files, size = folder_size(folder)
    notes = [f"{label}: {n / MB:.1f} MB" for label, n in manifest["copied_bytes_per_root"].items()]
    if size < 250 * MB:
        notes.append("WARNING: under 250 MB of source found on this machine")
    return Dataset("dir", folder, files, size, notes)


def _minified_js(size: int, seed: int) -> bytes:
    """A deterministic single line that looks like bundler output: short identifiers, string tables,
    numbers, hex colours and base64 data URIs, joined without newlines."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"
    b64 = letters[:52] + "0123456789+/"
    words = [
        "default",
        "exports",
        "module",
        "render",
        "props",
        "state",
        "length",
        "prototype",
        "call",
        "apply",
        "push",
        "concat",
        "children",
        "className",
        "style",
        "value",
        "onClick",
        "key",
        "createElement",
        "useState",
        "useEffect",
        "Symbol",
        "iterator",
        "Object",
        "defineProperty",
    ]

    def ident() -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(1, 3)))

    def piece() -> str:
        kind = rng.randrange(10)
        a, b, c = ident(), ident(), ident()
        w = rng.choice(words)
        if kind == 0:
            return f"function {a}({b},{c}){{return {b}.{w}?{b}[{c}]:void 0}}"
        if kind == 1:
            return f"var {a}={b}({rng.randint(0, 99999)}),{c}={b}.n({a})"
        if kind == 2:
            return f'{a}.{w}=function(){{return"{w}-{rng.getrandbits(32):x}"}}'
        if kind == 3:
            return f'Object.defineProperty({a},"{w}",{{enumerable:!0,get:function(){{return {b}}}}})'
        if kind == 4:
            return f'{a}.style.color="#{rng.getrandbits(24):06x}"'
        if kind == 5:
            data = "".join(rng.choice(b64) for _ in range(rng.randint(64, 600)))
            return f'{a}="data:image/png;base64,{data}"'
        if kind == 6:
            return f"for(var {a}=0;{a}<{b}.length;{a}++){c}.push({b}[{a}]*{rng.random():.4f})"
        if kind == 7:
            return f'if(!{a}&&{b}!=={c})throw new Error("{w} is not defined: "+{a})'
        if kind == 8:
            return f"{a}=[{','.join(str(rng.randint(0, 65535)) for _ in range(rng.randint(4, 40)))}]"
        return f"{a}.prototype.{w}=function({b}){{this.{w}={b}||{{}};return this}}"

    parts: list[str] = ["!function(e,t){"]
    total = len(parts[0])
    while total < size:
        p = piece()
        parts.append(p)
        parts.append(";" if rng.random() < 0.7 else ",")
        total += len(p) + 1
    line = "".join(parts)[: size - 2] + "}"
    return (line + "\n").encode()


def prepare_minified(data: Path, rebuild: bool) -> Dataset:
    folder = data / "minified"
    params = {"v": DATASET_VERSION, "js_bytes": 5 * MIB, "aaaa_bytes": 5 * MIB, "seed": 20261123}
    if rebuild or not _manifest_ok(folder, params):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / "bundle.min.js").write_bytes(_minified_js(params["js_bytes"], params["seed"]))
        (folder / "aaaa.txt").write_bytes(b"a" * (params["aaaa_bytes"] - 1) + b"\n")
        _write_manifest(folder, params, {})
    files, size = folder_size(folder)
    return Dataset(
        "minified", folder, files, size, ["bundle.min.js: 5 MiB, 1 line", "aaaa.txt: 5 MiB, 1 line"]
    )


def _random_strings_line(size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "+/"
    parts: list[str] = []
    total = 0
    while total < size:
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(8, 120)))
        part = f'var x="{value}";'
        parts.append(part)
        total += len(part)
    return "".join(parts).encode()


def prepare_strings(data: Path, rebuild: bool) -> Dataset:
    folder = data / "strings"
    params = {"v": DATASET_VERSION, "bytes": 5 * 1000 * 1000, "seed": 20261206}
    if rebuild or not _manifest_ok(folder, params):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / "strings.min.js").write_bytes(_random_strings_line(params["bytes"], params["seed"]))
        _write_manifest(folder, params, {})
    files, size = folder_size(folder)
    return Dataset("strings", folder, files, size, ['strings.min.js: 5 MB, 1 line of var x="<random>";'])


def prepare_corpus(data: Path, score: Path, rebuild: bool) -> Dataset:
    folder = data / "corpus"
    corpus_files = sorted((score.parent / "dev").glob("*.jsonl"))
    params = {
        "v": DATASET_VERSION,
        "score": str(score),
        "corpus": {p.name: p.stat().st_size for p in corpus_files},
    }
    if rebuild or not _manifest_ok(folder, params):
        shutil.rmtree(folder, ignore_errors=True)
        proc = subprocess.run(
            [sys.executable, str(score), "--materialize", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            sys.exit(f"corpus: score.py --materialize failed:\n{proc.stderr}")
        _write_manifest(folder, params, {"score_output": proc.stdout.strip()})
    files, size = folder_size(folder)
    return Dataset(
        "corpus", folder, files, size, [json.loads(_manifest(folder).read_text()).get("score_output", "")]
    )


def _npm(args: list[str], cwd: Path, log: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("bundle: npm is not installed (it builds the dataset)")
    with log.open("a") as handle:
        handle.write(f"$ npm {' '.join(args)}\n")
        handle.flush()
        proc = subprocess.run([npm, *args], cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        sys.exit(f"bundle: `npm {' '.join(args)}` failed (exit {proc.returncode}), see {log}")


def _longest_line(data: bytes) -> int:
    longest = start = 0
    while (end := data.find(b"\n", start)) != -1:
        longest = max(longest, end - start)
        start = end + 1
    return max(longest, len(data) - start)


def _installed_versions(modules: Path) -> dict[str, str]:
    """Version of each copied package and of every package in a copied scope (@firebase/*)."""
    versions: dict[str, str] = {}
    for name in BUNDLE_PACKAGES:
        packages = (
            [modules / name]
            if not name.startswith("@") or "/" in name
            else sorted(p for p in (modules / name).iterdir() if p.is_dir())
        )
        for package in packages:
            with contextlib.suppress(OSError, ValueError, KeyError):
                versions[str(package.relative_to(modules))] = json.loads(
                    (package / "package.json").read_text()
                )["version"]
    for name in NPM_INSTALL:  # the peers installed alongside (@emotion/*)
        base = name.rsplit("@", 1)[0] if name.rfind("@") > 0 else name
        with contextlib.suppress(OSError, ValueError, KeyError):
            versions.setdefault(base, json.loads((modules / base / "package.json").read_text())["version"])
    return dict(sorted(versions.items()))


def prepare_bundle(data: Path, rebuild: bool) -> Dataset:
    folder = data / "bundles"
    npm_dir = data / "npm"
    params = {
        "v": DATASET_VERSION,
        "npm_install": [*NPM_INSTALL_FLAGS, *NPM_INSTALL],
        "packages": BUNDLE_PACKAGES,
        "suffixes": sorted(BUNDLE_SUFFIXES),
    }
    if rebuild or not _manifest_ok(folder, params):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(npm_dir, ignore_errors=True)
        npm_dir.mkdir(parents=True)
        log = data / "npm-install.log"
        log.unlink(missing_ok=True)
        print(f"   npm install in {npm_dir} (log: {log}) ...", flush=True)
        _npm(["init", "-y"], npm_dir, log)
        _npm(["install", *NPM_INSTALL_FLAGS, *NPM_INSTALL], npm_dir, log)
        modules = npm_dir / "node_modules"
        per_package: dict[str, dict[str, int]] = {}
        longest = (0, "")
        for name, label in BUNDLE_PACKAGES.items():
            src_root = modules / name
            if not src_root.is_dir():
                sys.exit(f"bundle: {src_root} is missing after npm install")
            stats = {"files": 0, "bytes": 0, "maps": 0}
            for current, dirs, names in os.walk(src_root):
                dirs.sort()
                for file_name in sorted(names):
                    src = Path(current) / file_name
                    if src.suffix not in BUNDLE_SUFFIXES or src.is_symlink() or not src.is_file():
                        continue
                    dst = folder / label / src.relative_to(src_root)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    content = src.read_bytes()
                    dst.write_bytes(content)
                    stats["files"] += 1
                    stats["bytes"] += len(content)
                    stats["maps"] += src.suffix == ".map"
                    line = _longest_line(content)
                    if line > longest[0]:
                        longest = (line, str(dst.relative_to(folder)))
            per_package[label] = stats
        node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
        npm_version = subprocess.run(["npm", "--version"], capture_output=True, text=True, check=False)
        lock = npm_dir / "package-lock.json"
        lock_hash = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else None
        _write_manifest(
            folder,
            params,
            {
                "versions": _installed_versions(modules),
                "node": node.stdout.strip(),
                "npm": npm_version.stdout.strip(),
                "package_lock_sha256": lock_hash,
                "per_package": per_package,
                "maps": sum(s["maps"] for s in per_package.values()),
                "longest_line": {"bytes": longest[0], "file": longest[1]},
            },
        )
    manifest = json.loads(_manifest(folder).read_text())
    files, size = folder_size(folder)
    maps = sum(1 for p in folder.rglob("*.map") if p.is_file())
    versions = manifest["versions"]
    notes = [
        f"{files} files, {size / MB:.1f} MB, {maps} source maps, longest line "
        f"{manifest['longest_line']['bytes'] / MB:.2f} MB ({manifest['longest_line']['file']})",
        ", ".join(
            f"{k} {v}" for k, v in versions.items() if not k.startswith("@firebase/") or k == "@firebase/app"
        )
        + f"; {sum(k.startswith('@firebase/') for k in versions)} @firebase/* packages",
        *(
            f"{label}: {s['files']} files, {s['bytes'] / MB:.1f} MB, {s['maps']} maps"
            for label, s in manifest["per_package"].items()
        ),
    ]
    return Dataset("bundle", folder, files, size, notes)


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"git: `git -C {repo} {' '.join(args)}` failed: {proc.stderr.strip()[-500:]}")
    return proc.stdout


def git_facts(repo: Path) -> dict[str, Any]:
    """Size of a history: commits and refs, the blobs in its object store, and the bytes of one
    `git log -p -U0 --all` patch stream (read here once, which also warms the page cache)."""
    blobs = blob_bytes = 0
    for line in _git(
        repo, "cat-file", "--batch-all-objects", "--unordered", "--batch-check=%(objecttype) %(objectsize)"
    ).splitlines():
        kind, _, size = line.partition(" ")
        if kind == "blob":
            blobs += 1
            blob_bytes += int(size)
    pack_kib = 0
    for line in _git(repo, "count-objects", "-v").splitlines():
        name, _, value = line.partition(": ")
        if name in ("size", "size-pack"):
            pack_kib += int(value)
    start = time.perf_counter()
    patch_bytes = 0
    with subprocess.Popen(
        ["git", "-C", str(repo), "log", "-p", "-U0", "--all"], stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None
        while chunk := proc.stdout.read(1 << 20):
            patch_bytes += len(chunk)
    if proc.returncode != 0:
        sys.exit(f"git: `git -C {repo} log -p -U0 --all` failed (exit {proc.returncode})")
    return {
        "commits": int(_git(repo, "rev-list", "--all", "--count")),
        "merges": int(_git(repo, "rev-list", "--all", "--merges", "--count")),
        "refs": len(_git(repo, "for-each-ref").splitlines()),
        "blobs": blobs,
        "blob_bytes": blob_bytes,
        "object_store_bytes": pack_kib * 1024,
        "patch_bytes": patch_bytes,
        "patch_read_s": round(time.perf_counter() - start, 2),
        "head": _git(repo, "rev-parse", "--short", "HEAD").strip() or None,
    }


def _git_dataset(
    repo: Path, label: str, facts: dict[str, Any], planted: list[dict[str, Any]] | None
) -> Dataset:
    notes = [
        f"{facts['commits']} commits ({facts['merges']} merges), {facts['refs']} refs, HEAD {facts['head']}",
        f"{facts['blobs']} blobs, {facts['blob_bytes'] / MB:.1f} MB uncompressed; object store "
        f"{facts['object_store_bytes'] / MB:.1f} MB",
        f"`git log -p -U0 --all`: {facts['patch_bytes'] / MB:.1f} MB of patches "
        f"(read in {facts['patch_read_s']} s while preparing; MB/s below is this size / wall time)",
    ]
    if planted is not None:
        kinds = Counter(p["kind"] for p in planted)
        lone = kinds.pop("aws-key-id-only", 0)
        notes.append(
            f"planted: {sum(kinds.values())} credentials ({_counts(dict(sorted(kinds.items())))}) "
            f"and {lone} lone AWS key ids"
        )
    return Dataset(
        "git",
        repo,
        facts["commits"],
        facts["patch_bytes"],
        notes,
        unit="commits",
        bytes_what=" of patches",
        label=label,
        planted=planted,
        facts=facts,
    )


def prepare_git_synthetic(data: Path, commits: int, seed: int, plant: int, rebuild: bool) -> Dataset:
    """make_synthetic_history.py's history, built once per parameter set (and generator version)."""
    folder = data / f"git-synthetic-{commits}"
    planted_file = folder.with_name(folder.name + ".planted.json")
    params = {
        "v": DATASET_VERSION,
        "commits": commits,
        "seed": seed,
        "plant": plant,
        "generator_sha256": hashlib.sha256(SYNTHETIC_HISTORY.read_bytes()).hexdigest(),
    }
    if rebuild or not _manifest_ok(folder, params) or not planted_file.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        planted_file.unlink(missing_ok=True)
        argv = [sys.executable, str(SYNTHETIC_HISTORY), str(folder), "--commits", str(commits)]
        argv += ["--seed", str(seed), "--plant", str(plant), "--planted", str(planted_file)]
        print(f"   building the synthetic history: {' '.join(argv)}", flush=True)
        start = time.perf_counter()
        proc = subprocess.run(argv, check=False)
        if proc.returncode != 0:
            sys.exit(f"git: make_synthetic_history.py failed (exit {proc.returncode})")
        facts = git_facts(folder)
        facts["build_s"] = round(time.perf_counter() - start, 1)
        _write_manifest(folder, params, {"facts": facts, "command": argv})
    facts = json.loads(_manifest(folder).read_text())["facts"]
    dataset = _git_dataset(folder, f"synthetic-{commits}", facts, json.loads(planted_file.read_text()))
    dataset.notes.insert(0, f"built by make_synthetic_history.py (seed {seed}) in {facts.get('build_s')} s")
    return dataset


def prepare_git_repo(repo: Path) -> Dataset:
    """A repository given on the command line: used as it is, never modified, measured at every run."""
    repo = repo.resolve()
    if not repo.is_dir():
        sys.exit(f"git: {repo} is not a directory")
    _git(repo, "rev-parse", "--git-dir")
    label = repo.name.removesuffix(".git") or "repo"
    return _git_dataset(repo, label, git_facts(repo), None)


# ----------------------------------------------------------------------------------------------------
# Tools
# ----------------------------------------------------------------------------------------------------


def _load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8", errors="replace") or "null")


def count_list(path: Path) -> int:
    data = _load_json(path)
    if data is None:
        return 0
    if not isinstance(data, list):
        raise ValueError(f"expected a JSON list, got {type(data).__name__}")
    return len(data)


def count_kingfisher(path: Path) -> int:
    data = _load_json(path)
    return len(data.get("findings") or []) if isinstance(data, dict) else 0


def count_detect_secrets(path: Path) -> int:
    data = _load_json(path)
    return sum(len(v) for v in (data.get("results") or {}).values()) if isinstance(data, dict) else 0


def _top(counter: Counter[str], n: int = 8) -> dict[str, int]:
    return dict(counter.most_common(n))


def breakdown_secretguard(path: Path) -> dict[str, Any]:
    """Findings by exposure, by severity, and by rule (server-only ones separately)."""
    data = _load_json(path) or []
    server = [f for f in data if f.get("exposure") == "server-only"]
    return {
        "by_exposure": dict(Counter(str(f.get("exposure")) for f in data).most_common()),
        "by_severity": dict(Counter(str(f.get("severity")) for f in data).most_common()),
        "by_rule": _top(Counter(str(f.get("rule_id")) for f in data)),
        "server_only_by_rule": _top(Counter(str(f.get("rule_id")) for f in server)),
    }


def breakdown_gitleaks(path: Path) -> dict[str, Any]:
    data = _load_json(path) or []
    return {"by_rule": _top(Counter(str(f.get("RuleID")) for f in data))}


def breakdown_kingfisher(path: Path) -> dict[str, Any]:
    data = _load_json(path)
    findings = (data.get("findings") or []) if isinstance(data, dict) else []
    return {
        "by_rule": _top(Counter(str((f.get("rule") or {}).get("id")) for f in findings)),
        "by_confidence": dict(
            Counter(str((f.get("finding") or {}).get("confidence")) for f in findings).most_common()
        ),
    }


def _search(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text)
    return match.group(0) if match else None


def _gitleaks_scanned(text: str) -> str | None:
    """gitleaks' own summary: bytes scanned, and on git the commits scanned."""
    parts = [_search(r"\d+ commits scanned", text), _search(r"scanned ~\d+ bytes \([^)]*\)", text)]
    return ", ".join(p for p in parts if p) or None


def findings_list(path: Path) -> list[Any]:
    data = _load_json(path)
    return data if isinstance(data, list) else []


def findings_kingfisher(path: Path) -> list[Any]:
    data = _load_json(path)
    return (data.get("findings") or []) if isinstance(data, dict) else []


def planted_coverage(findings: list[Any], planted: list[dict[str, Any]]) -> dict[str, Any]:
    """Which planted secrets a tool reported: one counts as found when any of its values (an AWS key id
    or its secret key, a token, the first line of a private key's body) appears in any finding."""
    text = "\n".join(json.dumps(f) for f in findings)
    found = [any(v in text for v in p["values"]) for p in planted]
    by_kind: dict[str, list[int]] = {}
    for p, hit in zip(planted, found, strict=True):
        counts = by_kind.setdefault(p["kind"], [0, 0])
        counts[0] += hit
        counts[1] += 1
    lone = [hit for p, hit in zip(planted, found, strict=True) if p["kind"] == "aws-key-id-only"]
    credentials = [hit for p, hit in zip(planted, found, strict=True) if p["kind"] != "aws-key-id-only"]
    return {
        "credentials_found": sum(credentials),
        "credentials": len(credentials),
        "lone_key_ids_found": sum(lone),
        "lone_key_ids": len(lone),
        "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items())},
        "missed": [
            {"kind": p["kind"], "commit": p["commit"][:12], "path": p["path"], "ref": p["ref"]}
            for p, hit in zip(planted, found, strict=True)
            if not hit
        ],
    }


@dataclass(frozen=True)
class Tool:
    name: str
    exe: Path
    version_args: tuple[str, ...]
    command: Callable[[list[str], Path, Path, str], list[str]]  # (program, target, out, suite) -> argv
    count: Callable[[Path], int] | None  # None: no output to count (the git-log reference)
    ok_exits: frozenset[int]
    prefix: tuple[str, ...] = ()  # arguments between the executable and the tool's own (python -P -m ...)
    env: tuple[tuple[str, str], ...] = ()  # extra environment
    stdout_is_output: bool = False
    discard_stdout: bool = False  # stdout to /dev/null (the git-log reference)
    run_in_target: bool = False  # working directory: the target instead of an empty folder
    scorable: bool = False
    code_state: Callable[[], str | None] = lambda: None
    # the tool's own summary of what it scanned, found in its stdout+stderr
    scanned: Callable[[str], str | None] = lambda _text: None
    # findings grouped (by rule, exposure, severity...), read from the output file
    breakdown: Callable[[Path], dict[str, Any]] | None = None
    # the findings as a list of JSON objects, for the planted-secret check (git suite)
    findings: Callable[[Path], list[Any]] | None = None

    @property
    def label(self) -> str:
        return f"{self.name} (reference)" if self.name in REFERENCE_TOOLS else self.name

    @property
    def program(self) -> list[str]:
        return [str(self.exe), *self.prefix]

    def version(self) -> str:
        try:
            proc = subprocess.run(
                [str(self.exe), *self.prefix, *self.version_args],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"unavailable ({exc})"
        return (proc.stdout.strip() or proc.stderr.strip()).splitlines()[-1] if proc.returncode == 0 else "?"


def _secretguard(exe: list[str], target: Path, out: Path, suite: str) -> list[str]:
    if suite == "git":  # every ref by default; --show-secrets so planted values can be matched
        return [*exe, "scan", "git", str(target), "--format", "json", "--output", str(out), "--show-secrets"]
    if suite == "bundle":  # walks the folder itself (build output is usually git-ignored): no --all-files
        return [*exe, "scan", "bundle", str(target), "--format", "json", "--output", str(out)]
    argv = [*exe, "scan", "files", str(target), "--all-files", "--format", "json", "--output", str(out)]
    return [*argv, "--show-secrets"] if suite == "corpus" else argv


def _gitleaks(exe: list[str], target: Path, out: Path, suite: str) -> list[str]:
    if suite == "git":
        # no --log-opts: gitleaks 8.30's default is already `git log -p -U0 --full-history --all
        # --diff-filter=tuxdb`, every ref; --log-opts=--all would replace it and drop the other two options
        return [*exe, "git", str(target), "--report-format", "json", "--report-path", str(out), "--no-banner"]
    return [*exe, "dir", str(target), "-f", "json", "-r", str(out), "--no-banner"]


def _kingfisher(exe: list[str], target: Path, out: Path, suite: str) -> list[str]:
    # git: a local repository; kingfisher scans its full history (the default, spelled out) and its work tree
    history = ["--git-history", "full"] if suite == "git" else []
    argv = [
        *exe,
        "scan",
        str(target),
        *history,
        "--format",
        "json",
        "--output",
        str(out),
        "--no-validate",
        "--no-update-check",
    ]
    # the corpus README's reference numbers use --no-dedup: without it, a secret repeated in several
    # sample files is reported once and the other samples count as missed
    return [*argv, "--no-dedup"] if suite == "corpus" else argv


def _detect_secrets(exe: list[str], _target: Path, _out: Path, _suite: str) -> list[str]:
    # run inside the target (run_in_target): given a path outside its working directory,
    # detect-secrets 1.5 silently reports nothing. -n: no network verification (its default verifies
    # candidates over the network; without network every lookup fails slowly), like kingfisher's --no-validate
    return [*exe, "scan", "-n", "--all-files", "."]


def _git_log(exe: list[str], target: Path, _out: Path, _suite: str) -> list[str]:
    # the reference: the history read once as one patch stream (stdout goes to /dev/null)
    return [*exe, "-C", str(target), "log", "-p", "-U0", "--all"]


def secretguard_package() -> Path:
    spec = importlib.util.find_spec("secretguard")
    if spec is None or spec.origin is None:
        sys.exit("secretguard is not importable: pip install -e . first")
    return Path(spec.origin).parent


def _package_files(package: Path) -> list[Path]:
    return sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def secretguard_code_hash(package: Path) -> str:
    """Fingerprint of the package's source and bundled rules."""
    digest = hashlib.sha256()
    for path in _package_files(package):
        with contextlib.suppress(OSError):
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def snapshot_secretguard(results_dir: Path) -> tuple[Path, str]:
    """Copy the (editable, concurrently edited) package once, so that every run executes the same code.
    Returns the folder to put on PYTHONPATH and the code's hash."""
    package = secretguard_package()
    code = secretguard_code_hash(package)
    root = results_dir / "snapshot" / code
    if not (root / "secretguard").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(package, root / "secretguard", ignore=shutil.ignore_patterns("__pycache__"))
    return root, code


def find_exe(name: str, peers: Path) -> Path | None:
    candidates = [peers / "bin" / name]
    if name == "secretguard":  # prefer the real entry point over a pyenv shim (the shim costs ~100 ms)
        candidates.insert(0, Path(sys.executable).parent / name)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def make_tools(names: Sequence[str], peers: Path, snapshot: tuple[Path, str] | None) -> list[Tool]:
    specs: dict[str, dict[str, Any]] = {
        "secretguard": {
            "version_args": ("--version",),
            "command": _secretguard,
            "count": count_list,
            "ok_exits": frozenset({0, 1}),
            "scorable": True,
            "scanned": lambda t: _search(r"\d+ finding\(s\), \d+ file\(s\) scanned", t),
            "breakdown": breakdown_secretguard,
            "findings": findings_list,
        },
        "gitleaks": {
            "version_args": ("version",),
            "command": _gitleaks,
            "count": count_list,
            "ok_exits": frozenset({0, 1}),
            "scorable": True,
            "scanned": _gitleaks_scanned,
            "breakdown": breakdown_gitleaks,
            "findings": findings_list,
        },
        "kingfisher": {
            "version_args": ("--version",),
            "command": _kingfisher,
            "count": count_kingfisher,
            "ok_exits": frozenset({0, 200}),
            "scorable": True,
            "scanned": lambda t: (
                f"{m.group(1)} blobs, {int(m.group(2)) / MB:.1f} MB"
                if (m := re.search(r'"blobs_scanned":(\d+),"bytes_scanned":(\d+)', t))
                else None
            ),
            "breakdown": breakdown_kingfisher,
            "findings": findings_kingfisher,
        },
        "detect-secrets": {
            "version_args": ("--version",),
            "command": _detect_secrets,
            "count": count_detect_secrets,
            "ok_exits": frozenset({0}),
            "stdout_is_output": True,
            "run_in_target": True,
        },
        "git-log": {
            "version_args": ("--version",),
            "command": _git_log,
            "count": None,
            "ok_exits": frozenset({0}),
            "discard_stdout": True,
        },
    }
    tools: list[Tool] = []
    for name in names:
        if name not in specs:
            sys.exit(f"unknown tool {name!r}; choose from {', '.join(ALL_TOOLS)}")
        exe = find_exe("git" if name == "git-log" else name, peers)
        if exe is None:
            print(
                f"WARNING: {name} not found (install peers: bash /work/shared/peers/install.sh {peers})",
                file=sys.stderr,
            )
            continue
        spec = dict(specs[name])
        if name == "secretguard":
            if snapshot is not None:  # same interpreter as the entry point; -P: no cwd on sys.path
                exe = Path(sys.executable)
                spec["prefix"] = ("-P", "-m", "secretguard")
                spec["env"] = (("PYTHONPATH", str(snapshot[0])),)
                spec["code_state"] = functools.partial(str, snapshot[1])
            else:
                spec["code_state"] = functools.partial(secretguard_code_hash, secretguard_package())
        tools.append(Tool(name=name, exe=exe, **spec))
    return tools


# ----------------------------------------------------------------------------------------------------
# Running and measuring one process
# ----------------------------------------------------------------------------------------------------


@dataclass
class Run:
    wall_s: float
    user_s: float
    sys_s: float
    max_rss_mb: float  # ru_maxrss from wait4: the largest single process of the tree
    tree_rss_mb: float  # sampled peak of the summed RSS of every process in the tree
    exit_code: int
    timed_out: bool
    findings: int | None
    scanned: str | None
    error: str | None = None
    code: str | None = None  # secretguard: hash of its source and rules at the start of the run
    breakdown: dict[str, Any] | None = None  # findings grouped, see Tool.breakdown
    # sampled peaks of the tree's summed PSS (shared pages split between the processes mapping them, so a
    # pack file mapped by several git processes counts once) and of its summed anonymous memory (what the
    # processes allocated, without mapped files)
    tree_pss_mb: float = 0.0
    tree_anon_mb: float = 0.0


PAGE = os.sysconf("SC_PAGE_SIZE")


def _rollup(entry: Path) -> tuple[int, int]:
    """(Pss, Anonymous) bytes of one process, from /proc/PID/smaps_rollup."""
    pss = anon = 0
    for line in (entry / "smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            pss = int(line.split()[1]) * 1024
        elif line.startswith("Anonymous:"):
            anon = int(line.split()[1]) * 1024
    return pss, anon


def _session_memory(sid: int) -> tuple[int, int, int]:
    """Summed (RSS, PSS, anonymous) bytes of every process whose session id is sid."""
    rss = pss = anon = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[3]) == sid:  # fields after "(comm)": state ppid pgrp session ...
                rss += int((entry / "statm").read_text().split()[1]) * PAGE
                with contextlib.suppress(OSError, ValueError, IndexError):
                    one_pss, one_anon = _rollup(entry)
                    pss += one_pss
                    anon += one_anon
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss, anon


def run_once(
    tool: Tool, target: Path, out: Path, suite: str, cwd: Path, timeout: float | None, sample_interval: float
) -> Run:
    out.unlink(missing_ok=True)
    log = out.with_suffix(".log")
    code = tool.code_state()
    argv = tool.command(tool.program, target, out, suite)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRETGUARD_", "GITLEAKS_"))}
    # Python tools: let the warm-up write bytecode (as an installed package has it), but into the
    # results folder rather than next to the sources
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cwd.parent / "pycache")
    env.update(dict(tool.env))
    stdout_path = out if tool.stdout_is_output else out.with_suffix(".stdout")
    if tool.discard_stdout:
        stdout_path = Path(os.devnull)
    with stdout_path.open("wb") as stdout, log.open("wb") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=target if tool.run_in_target else cwd,
            stdout=stdout,
            stderr=stderr,
            env=env,
            start_new_session=True,
        )
        timed_out = threading.Event()
        done = threading.Event()
        peak = [0, 0, 0]  # summed RSS, PSS, anonymous

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        def sample() -> None:
            while not done.wait(sample_interval):
                peak[:] = map(max, peak, _session_memory(proc.pid))

        timer = threading.Timer(timeout, kill) if timeout else None
        sampler = threading.Thread(target=sample, daemon=True)
        if timer:
            timer.start()
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(ProcessLookupError):  # leftovers of a killed tree
            os.killpg(proc.pid, signal.SIGKILL)
        sampler.join()
    text = ""
    for path in (stdout_path, log):
        if path not in (out, Path(os.devnull)) and path.exists():
            text += path.read_text(encoding="utf-8", errors="replace")[-200_000:]
    findings: int | None = None
    breakdown: dict[str, Any] | None = None
    error: str | None = None
    if timed_out.is_set():
        error = f"timeout after {timeout:.0f} s"
    elif proc.returncode not in tool.ok_exits:
        error = f"exit {proc.returncode}: {log.read_text(errors='replace')[-500:].strip()}"
    elif tool.count is None:
        pass  # nothing to count (the git-log reference)
    elif not out.exists():
        error = "no output file"
    else:
        try:
            findings = tool.count(out)
            breakdown = tool.breakdown(out) if tool.breakdown else None
        except (ValueError, AttributeError, TypeError) as exc:
            error = f"unreadable output: {exc}"
    max_rss = usage.ru_maxrss * 1024  # KiB on Linux
    return Run(
        wall_s=wall,
        user_s=usage.ru_utime,
        sys_s=usage.ru_stime,
        max_rss_mb=max_rss / MB,
        tree_rss_mb=max(peak[0], max_rss) / MB,
        tree_pss_mb=peak[1] / MB,
        tree_anon_mb=peak[2] / MB,
        exit_code=proc.returncode,
        timed_out=timed_out.is_set(),
        findings=findings,
        code=code,
        scanned=tool.scanned(text),
        error=error,
        breakdown=breakdown,
    )


# ----------------------------------------------------------------------------------------------------
# Suites
# ----------------------------------------------------------------------------------------------------


@dataclass
class ToolResult:
    tool: str
    command: list[str]
    runs: list[Run]
    warmup: Run | None
    score: dict[str, Any] | None = None
    label: str = ""  # the name shown in the table ("git-log (reference)")
    planted: dict[str, Any] | None = None  # git: which planted secrets the last timed run reported

    def summary(self, size: int) -> dict[str, Any]:
        runs = [r for r in self.runs if not r.timed_out]
        last = self.runs[-1]
        if not runs:
            return {
                "wall_s": None,
                "mb_s": None,
                "status": "timeout",
                "exit_code": last.exit_code,
                "findings": None,
                "max_rss_mb": last.max_rss_mb,
                "tree_rss_mb": last.tree_rss_mb,
                "tree_pss_mb": last.tree_pss_mb,
                "tree_anon_mb": last.tree_anon_mb,
                "cpu_s": None,  # a killed tree's reaped-children time is lost
                "scanned": last.scanned,
            }
        wall = statistics.median(r.wall_s for r in runs)
        return {
            "wall_s": wall,
            "wall_min_s": min(r.wall_s for r in runs),
            "wall_max_s": max(r.wall_s for r in runs),
            "mb_s": size / MB / wall if wall else None,
            "cpu_s": statistics.median(r.user_s + r.sys_s for r in runs),
            "max_rss_mb": max(r.max_rss_mb for r in runs),
            "tree_rss_mb": max(r.tree_rss_mb for r in runs),
            "tree_pss_mb": max(r.tree_pss_mb for r in runs),
            "tree_anon_mb": max(r.tree_anon_mb for r in runs),
            "findings": last.findings,
            "exit_code": last.exit_code,
            "status": "error" if last.error else "ok",
            "error": last.error,
            "scanned": last.scanned,
            "breakdown": last.breakdown,
            "runs": len(runs),
            "code": list(dict.fromkeys(r.code for r in self.runs if r.code)),
        }


def score_output(score: Path, out: Path, target: Path, json_out: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            str(score),
            "--findings",
            str(out),
            "--target",
            str(target),
            "--json",
            str(json_out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    overall = next((ln for ln in proc.stdout.splitlines() if ln.startswith("overall:")), None)
    head = next((ln for ln in proc.stdout.splitlines() if ln.startswith("samples=")), None)
    table = json.loads(json_out.read_text()) if proc.returncode == 0 and json_out.exists() else None
    return {
        "overall": overall,
        "summary": head,
        "table": table,
        "stdout": proc.stdout,
        "error": proc.stderr.strip()[-500:] if proc.returncode else None,
    }


def applies(suite: str, tool: str) -> bool:
    return tool not in NOT_APPLICABLE.get(suite, ()) and suite in ONLY_ON.get(tool, (suite,))


def run_suite(
    dataset: Dataset,
    tools: list[Tool],
    args: argparse.Namespace,
    results_dir: Path,
    skip: set[tuple[str, str]],
) -> list[ToolResult]:
    suite = dataset.name
    active = [t for t in tools if (suite, t.name) not in skip and applies(suite, t.name)]
    work = results_dir / dataset.key.replace(":", "-")
    work.mkdir(parents=True, exist_ok=True)
    cwd = results_dir / "empty-cwd"
    shutil.rmtree(cwd, ignore_errors=True)
    cwd.mkdir(parents=True)
    results = {
        t.name: ToolResult(
            t.name,
            t.command(t.program, dataset.path, work / f"{t.name}.json", suite),
            [],
            None,
            label=t.label,
        )
        for t in active
    }

    def timeout_for(tool: Tool) -> float | None:
        return float(args.timeout if tool.name == "detect-secrets" else args.timeout_other) or None

    def repeats(tool: Tool) -> int:
        return int(args.ds_repeat if tool.name == "detect-secrets" else args.repeat)

    if not args.no_warmup:
        for tool in active:
            if tool.name == "detect-secrets" and not args.ds_warmup:
                continue
            print(f"  [{suite}] warm-up {tool.name} ...", flush=True)
            run = run_once(
                tool,
                dataset.path,
                work / f"{tool.name}.json",
                suite,
                cwd,
                timeout_for(tool),
                args.sample_interval,
            )
            results[tool.name].warmup = run
    for i in range(max(repeats(t) for t in active) if active else 0):
        for tool in active:
            if i >= repeats(tool):
                continue
            run = run_once(
                tool,
                dataset.path,
                work / f"{tool.name}.json",
                suite,
                cwd,
                timeout_for(tool),
                args.sample_interval,
            )
            results[tool.name].runs.append(run)
            status = "timeout" if run.timed_out else (run.error or f"{run.findings} findings")
            print(
                f"  [{suite}] run {i + 1} {tool.name}: {run.wall_s:.2f} s, {run.max_rss_mb:.0f} MB "
                f"(tree RSS {run.tree_rss_mb:.0f}, PSS {run.tree_pss_mb:.0f}, "
                f"anon {run.tree_anon_mb:.0f} MB), exit {run.exit_code}, {status}",
                flush=True,
            )
    if dataset.planted is not None:  # the output of the last timed run is still in place
        for tool in active:
            last = results[tool.name].runs[-1] if results[tool.name].runs else None
            if tool.findings and last is not None and last.error is None and not last.timed_out:
                results[tool.name].planted = planted_coverage(
                    tool.findings(work / f"{tool.name}.json"), dataset.planted
                )
    if suite == "corpus":
        for tool in active:
            out = work / f"{tool.name}.json"
            if tool.scorable and out.exists() and not results[tool.name].runs[-1].timed_out:
                results[tool.name].score = score_output(
                    args.score, out, dataset.path, work / f"{tool.name}.score.json"
                )
    return [results[t.name] for t in active]


# ----------------------------------------------------------------------------------------------------
# Reporting
# ----------------------------------------------------------------------------------------------------


def machine_facts() -> dict[str, Any]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(mem_gb, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "secretguard_checkout": _git_state(),
    }


def _git_state() -> str:
    """Commit of the secretguard checkout, and how many files under secretguard/ and rules/ differ from it
    (the package is installed editable, so uncommitted work is what gets measured)."""

    def git(*args: str) -> str:
        proc = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False)
        return proc.stdout.strip() if proc.returncode == 0 else "?"

    changed = git("status", "--porcelain", "--", "secretguard", "rules")
    count = len(changed.splitlines()) if changed != "?" else "?"
    return f"{git('rev-parse', '--short', 'HEAD')} + {count} changed/untracked files"


def _fmt(x: float | None, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def table(dataset: Dataset, results: list[ToolResult]) -> str:
    header = [
        "tool",
        "runs",
        "wall s (median)",
        "min-max s",
        "MB/s",
        "CPU s",
        "peak RSS MB",
        "tree RSS MB",
        "findings",
        "exit",
        "tool's own scan summary",
    ]
    # git: the tools map pack files, which RSS counts in full in every process that maps them
    shared_memory = dataset.name == "git"
    if shared_memory:
        header[8:8] = ["tree PSS MB", "tree anon MB"]
    rows = [header]
    for r in results:
        s = r.summary(dataset.bytes)
        wall = "timeout" if s["status"] == "timeout" else _fmt(s["wall_s"], ".2f")
        spread = f"{s['wall_min_s']:.2f}-{s['wall_max_s']:.2f}" if s.get("wall_min_s") is not None else "-"
        findings = "error" if s["status"] == "error" else _fmt(s["findings"], "d")
        row = [
            r.label or r.tool,
            str(s.get("runs", 0)),
            wall,
            spread,
            _fmt(s["mb_s"], ".1f"),
            _fmt(s["cpu_s"], ".2f"),
            _fmt(s["max_rss_mb"], ".0f"),
            _fmt(s["tree_rss_mb"], ".0f"),
            findings,
            str(s["exit_code"]),
            s["scanned"] or "",
        ]
        if shared_memory:
            row[8:8] = [_fmt(s["tree_pss_mb"], ".0f"), _fmt(s["tree_anon_mb"], ".0f")]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in results:
        codes = list(dict.fromkeys(x.code for x in r.runs if x.code))
        if len(codes) > 1:
            lines.append(f"\nWARNING: {r.tool}'s code changed between the timed runs ({' -> '.join(codes)})")
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"


def bundle_report(results: list[ToolResult]) -> str:
    """Findings grouped (last timed run), and the bar: secretguard's server-only findings, the ones that
    are an incident when shipped to a browser, against the peers' totals."""
    lines = ["findings grouped (last timed run):"]
    by_tool = {r.tool: r for r in results}
    for r in results:
        b = r.runs[-1].breakdown if r.runs else None
        if not b:
            continue
        parts = [f"{key.replace('_', ' ')}: {_counts(b[key])}" for key in b]
        lines.append(f"- {r.tool}: " + "; ".join(parts))
    sg = by_tool.get("secretguard")
    sg_b = sg.runs[-1].breakdown if sg and sg.runs else None
    if sg_b is not None:
        server = sg_b["by_exposure"].get("server-only", 0)
        client = sg_b["by_exposure"].get("client-safe", 0)
        bar = [f"secretguard server-only findings: {server} (client-safe: {client})"]
        for peer in ("kingfisher", "gitleaks"):
            found = by_tool[peer].runs[-1].findings if peer in by_tool and by_tool[peer].runs else None
            if found is not None:
                bar.append(f"{peer} total {found} ({'<=' if server <= found else '>'})")
        lines.append("- bar: " + "; ".join(bar))
    return "\n".join(lines)


def git_report(dataset: Dataset, results: list[ToolResult]) -> str:
    """Planted secrets found per tool, findings grouped, and issue #3's bar: secretguard's wall time on the
    full history against kingfisher's and gitleaks', its peak memory against GIT_BAR_RSS_MB."""
    lines: list[str] = []
    if dataset.planted is not None:
        lines.append("planted secrets found (matched by value in the last timed run's findings):")
        for r in results:
            c = r.planted
            if c is None:
                continue
            lines.append(
                f"- {r.tool}: credentials {c['credentials_found']}/{c['credentials']}, lone AWS key ids "
                f"{c['lone_key_ids_found']}/{c['lone_key_ids']}; by kind: "
                + ", ".join(f"{k} {v}" for k, v in c["by_kind"].items())
            )
            missed = [m for m in c["missed"] if m["kind"] != "aws-key-id-only"]
            for m in missed[:10]:
                lines.append(f"    missed {m['kind']} in {m['path']} at {m['commit']} ({m['ref']})")
            if len(missed) > 10:
                lines.append(f"    ... and {len(missed) - 10} more credentials missed")
        lines.append("")
    lines.append("findings grouped (last timed run):")
    for r in results:
        b = r.runs[-1].breakdown if r.runs else None
        if b:
            lines.append(
                f"- {r.tool}: " + "; ".join(f"{k.replace('_', ' ')}: {_counts(v)}" for k, v in b.items())
            )
    summaries = {r.tool: r.summary(dataset.bytes) for r in results if r.runs}
    sg = summaries.get("secretguard")
    if sg is None or sg["wall_s"] is None or sg["status"] != "ok":
        return "\n".join(lines)
    bar = []
    for peer in ("kingfisher", "gitleaks"):
        other = summaries.get(peer)
        if other and other["wall_s"] is not None and other["status"] == "ok":
            verdict = "met" if sg["wall_s"] <= other["wall_s"] else "NOT met"
            bar.append(f"wall {sg['wall_s']:.2f} s vs {peer} {other['wall_s']:.2f} s: {verdict}")
    pss = sg["tree_pss_mb"]
    bar.append(
        f"peak memory of all its processes, git included: PSS {pss:.0f} MB < {GIT_BAR_RSS_MB} MB: "
        f"{'met' if pss < GIT_BAR_RSS_MB else 'NOT met'} (anonymous {sg['tree_anon_mb']:.0f} MB; RSS "
        f"{sg['max_rss_mb']:.0f} MB largest process, {sg['tree_rss_mb']:.0f} MB summed, mapped pack files "
        "counted once per process)"
    )
    ref = summaries.get("git-log")
    if ref and ref["wall_s"]:
        bar.append(f"{sg['wall_s'] / ref['wall_s']:.1f}x the time of reading the history once (git log -p)")
    lines.append("- bar (issue #3), secretguard: " + "; ".join(bar))
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--suite", default="all", help="dir, minified, strings, corpus, bundle, git, a comma list, or all"
    )
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="dataset folder (default benchmarks/data)"
    )
    ap.add_argument(
        "--results",
        type=Path,
        default=DEFAULT_RESULTS,
        help="tool outputs and logs (default benchmarks/results)",
    )
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per tool (median reported)")
    ap.add_argument("--ds-repeat", type=int, default=1, help="timed runs of detect-secrets")
    ap.add_argument("--ds-warmup", action="store_true", help="give detect-secrets a warm-up run too")
    ap.add_argument("--no-warmup", action="store_true", help="skip the warm-up run")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS))
    ap.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="SUITE:TOOL",
        help="skip a tool on one suite, e.g. --skip dir:detect-secrets (repeatable)",
    )
    ap.add_argument(
        "--include-slow",
        action="store_true",
        help="also run the tools skipped by default on a suite for their run time (detect-secrets on bundle)",
    )
    ap.add_argument("--timeout", type=float, default=600, help="detect-secrets timeout per run, seconds")
    ap.add_argument("--timeout-other", type=float, default=1800, help="timeout of the other tools, seconds")
    ap.add_argument("--peers", type=Path, default=DEFAULT_PEERS, help="venv of the peer tools")
    ap.add_argument("--score", type=Path, default=DEFAULT_SCORE, help="the corpus' score.py")
    ap.add_argument("--dir-mb", type=int, default=300, help="dir suite: add source roots until this size")
    ap.add_argument("--dir-max-mb", type=int, default=400, help="dir suite: never copy more than this")
    ap.add_argument(
        "--git-repo",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="git suite: scan this repository (used as it is, never modified; repeatable) instead of the "
        "synthetic history",
    )
    ap.add_argument("--git-commits", type=int, default=30000, help="git suite: synthetic history's commits")
    ap.add_argument("--git-seed", type=int, default=1, help="git suite: synthetic history's random seed")
    ap.add_argument(
        "--git-plant", type=int, default=24, help="git suite: credentials planted in the synthetic history"
    )
    ap.add_argument("--rebuild", action="store_true", help="rebuild the datasets even if they are current")
    ap.add_argument("--sample-interval", type=float, default=0.2, help="seconds between tree-RSS samples")
    ap.add_argument(
        "--live",
        action="store_true",
        help="run the installed secretguard entry point (the live, editable checkout) instead of a snapshot "
        "of the package copied at start",
    )
    ap.add_argument("--json", type=Path, help="write every result here")
    return ap.parse_args(argv)


def prepare_dataset(suite: str, args: argparse.Namespace, data: Path) -> Dataset:
    if suite == "dir":
        return prepare_dir(data, args.dir_mb, args.dir_max_mb, args.rebuild)
    if suite == "minified":
        return prepare_minified(data, args.rebuild)
    if suite == "strings":
        return prepare_strings(data, args.rebuild)
    if suite == "bundle":
        return prepare_bundle(data, args.rebuild)
    if suite == "git":
        return prepare_git_synthetic(data, args.git_commits, args.git_seed, args.git_plant, args.rebuild)
    return prepare_corpus(data, args.score, args.rebuild)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    suites = (
        list(ALL_SUITES) if args.suite == "all" else [s.strip() for s in args.suite.split(",") if s.strip()]
    )
    unknown = [s for s in suites if s not in ALL_SUITES]
    if unknown:
        sys.exit(f"unknown suite(s) {unknown}; choose from {', '.join(ALL_SUITES)} or all")
    skip: set[tuple[str, str]] = set()
    for item in args.skip:
        suite_name, _, tool_name = item.partition(":")
        skip.add((suite_name, tool_name))
    if not args.include_slow:
        skip.update((suite_name, tool) for suite_name, slow in SLOW_TOOLS.items() for tool in slow)
    data = args.data.resolve()
    results_dir = args.results.resolve()
    data.mkdir(parents=True, exist_ok=True)
    results_dir.mkdir(parents=True, exist_ok=True)
    names = [t.strip() for t in args.tools.split(",") if t.strip()]
    snapshot = snapshot_secretguard(results_dir) if "secretguard" in names and not args.live else None
    if snapshot:
        print(f"secretguard: measuring a snapshot of the package, code {snapshot[1]}, in {snapshot[0]}")
    tools = make_tools(names, args.peers.resolve(), snapshot)
    if not tools:
        sys.exit("no tools to run")

    facts = machine_facts()
    versions = {t.name: t.version() for t in tools}
    print(f"secretguard checkout: {facts['secretguard_checkout']}")
    print(
        f"machine: {facts['nproc']} CPUs ({facts['cpu_model']}), {facts['memory_gb']} GB RAM, "
        f"kernel {facts['kernel']}, Python {facts['python']}, load {facts['load_avg_at_start']}"
    )
    print("tools: " + ", ".join(f"{n} {v}" for n, v in versions.items()))
    report: dict[str, Any] = {
        "machine": facts,
        "versions": versions,
        "executables": {t.name: " ".join(t.program) for t in tools},
        "secretguard_snapshot": ({"path": str(snapshot[0]), "code": snapshot[1]} if snapshot else None),
        "settings": {
            "repeat": args.repeat,
            "ds_repeat": args.ds_repeat,
            "warmup": not args.no_warmup,
            "timeout": args.timeout,
            "git_repo": [str(r) for r in args.git_repo],
            "git_commits": args.git_commits,
            "git_seed": args.git_seed,
        },
        "suites": {},
    }
    rusage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    tables: list[str] = []
    jobs: list[tuple[str, Callable[[], Dataset]]] = []
    for suite in suites:
        if suite == "git" and args.git_repo:  # the given repositories instead of the synthetic history
            jobs += [(suite, functools.partial(prepare_git_repo, repo)) for repo in args.git_repo]
        else:
            jobs.append((suite, functools.partial(prepare_dataset, suite, args, data)))
    for suite, prepare in jobs:
        print(f"\n== suite {suite}: preparing data", flush=True)
        dataset = prepare()
        print(
            f"   {dataset.path}: {dataset.files} {dataset.unit}, {dataset.bytes / MB:.1f} MB"
            f"{dataset.bytes_what} ({dataset.bytes / MIB:.1f} MiB)"
        )
        for note in dataset.notes:
            print(f"   {note}")
        load_before = [round(x, 2) for x in os.getloadavg()]
        results = run_suite(dataset, tools, args, results_dir, skip)
        load_after = [round(x, 2) for x in os.getloadavg()]
        text = (
            f"\n### {dataset.key}: {dataset.files} {dataset.unit}, "
            f"{dataset.bytes / MB:.1f} MB{dataset.bytes_what} "
            f"(load average before/after: {load_before[0]}/{load_after[0]})\n\n" + table(dataset, results)
        )
        scores = [
            f"{r.tool}: {r.score['summary']}  {r.score['overall'] or r.score['error']}"
            for r in results
            if r.score
        ]
        if scores:
            text += "\n\ncorpus score (score.py --findings OUT --target DIR):\n" + "\n".join(scores)
        if suite == "bundle":
            text += "\n\n" + bundle_report(results)
        if suite == "git":
            text += "\n\n" + git_report(dataset, results)
        print(text, flush=True)
        tables.append(text)
        report["suites"][dataset.key] = {
            "dataset": {
                "path": str(dataset.path),
                "files": dataset.files,
                "unit": dataset.unit,
                "bytes": dataset.bytes,
                "notes": dataset.notes,
                "facts": dataset.facts,
                "planted": dataset.planted,
            },
            "load_avg_before": load_before,
            "load_avg_after": load_after,
            "tools": {
                r.tool: {
                    "command": r.command,
                    "summary": r.summary(dataset.bytes),
                    "runs": [asdict(x) for x in r.runs],
                    "warmup": asdict(r.warmup) if r.warmup else None,
                    "score": ({k: v for k, v in r.score.items() if k != "stdout"} if r.score else None),
                    "planted": r.planted,
                }
                for r in results
            },
        }
    total = resource.getrusage(resource.RUSAGE_CHILDREN)
    report["children_cpu_s"] = round(
        total.ru_utime + total.ru_stime - rusage_before.ru_utime - rusage_before.ru_stime, 2
    )
    print("\n" + "=" * 100)
    print(
        f"{facts['date']}; nproc {facts['nproc']}; {facts['cpu_model']}; "
        + "; ".join(f"{n} {v}" for n, v in versions.items())
    )
    print("\n".join(tables))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
