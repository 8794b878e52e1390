#!/usr/bin/env python3
"""False alarms on real code nobody wrote for us: secretguard, gitleaks and kingfisher side by side
(stdlib only).

None of these trees should hold a live credential, so every finding is a candidate false alarm for a
person to judge. Trees (built under --data, default benchmarks/data/real, git-ignored):
  npm         six published npm packages at pinned versions (`npm pack`, each tarball unpacked into
              npm/<name>-<version>/package/); --npm-dir reuses a folder of that layout as it is.
              secretguard `scan bundle`, gitleaks `dir`, kingfisher `scan`.
  rails       a checkout of rails at a pinned commit (`git clone --no-checkout` of --rails-repo, then
              `git checkout COMMIT`).
  laravel, ansible, prometheus
              checkouts of other projects (PHP, Python, Go) at the commits in EXTRA_REPOS, cloned from
              --repo NAME=PATH[@COMMIT] or from --mirror-root/<owner>+<name>/repo; --repo also adds trees.
  Checkouts: secretguard `scan files`, gitleaks `dir`, kingfisher `scan --git-history none --exclude .git`
  (on a work tree kingfisher otherwise scans the whole history, and without the exclude the files of .git).
  rails-history (--history): the whole history of --rails-repo: secretguard `scan git`, kingfisher
              `scan --git-history full`, gitleaks `git` only with --history-gitleaks (slow).

secretguard runs twice on each tree: at its default settings (what a user sees) and with
`--min-confidence low` (everything it considers, for the breakdown by confidence). When the installed
secretguard does not know --min-confidence yet, only the default run is made and confidence reads "n/a".
Each tool gets one unreported warm-up run per tree, then --repeat timed runs, interleaved; the median wall
time is reported. Processes are started and measured by benchmarks/run.py's run_once (fresh child in its own
session, empty working directory, SECRETGUARD_*/GITLEAKS_* removed from the environment), and secretguard
runs from a snapshot of the package copied at start unless --live is given (see benchmarks/README.md).

  nice -n 19 python benchmarks/real_trees.py --json benchmarks/results/real-trees.json
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_DATA = HERE / "data" / "real"
DEFAULT_RESULTS = HERE / "results" / "real"
DEFAULT_MIRRORS = Path("/work/.mirror")  # fetched snapshots on the benchmark machine: <owner>+<name>/repo
MB = 1_000_000
TOP = 10  # rules kept per tool
TOP_IN_TABLE = 4  # of which shown in the table cell
MAX_EXCERPT = 160


def _load_harness() -> ModuleType:
    """benchmarks/run.py, for its process runner, tool set-up, snapshot and machine facts."""
    spec = importlib.util.spec_from_file_location("benchmarks_run", HERE / "run.py")
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {HERE / 'run.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


harness = _load_harness()

NPM_PACKAGES = (
    "aws-sdk@2.1693.0",
    "firebase@13.2.0",
    "monaco-editor@0.57.0",
    "@mui/material@9.5.0",
    "pdfjs-dist@5.6.205",
    "three@0.187.0",
)
RAILS = ("rails/rails", "2a2db1e8d6d104ee0611efcae7eb023af65cff34", "Ruby")


@dataclasses.dataclass(frozen=True)
class RepoSpec:
    github: str  # owner/name, where the commit comes from
    commit: str
    language: str


# Projects in other languages than Ruby and JavaScript, at the commits this benchmark was first run on
# (HEAD of the snapshots fetched then). django/django and go-gitea/gitea were the first choice, but their
# snapshots (637 and 675 MB) were over the fetch limit of the machine; any tree can be added with --repo.
EXTRA_REPOS = {
    "laravel": RepoSpec("laravel/framework", "bd71b45fbb7e672957bf6ff61baddefe15fbca6a", "PHP"),
    "ansible": RepoSpec("ansible/ansible", "c9ac477e53a99e95781f333eec3329a935c1bf95", "Python"),
    "prometheus": RepoSpec("prometheus/prometheus", "d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86", "Go"),
}


# ----------------------------------------------------------------------------------------------------
# Trees
# ----------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Tree:
    name: str
    path: Path
    mode: str  # how the tools scan it: bundle (npm), files (a checkout), git (a history)
    manifest: dict[str, Any]

    def describe(self) -> str:
        m = self.manifest
        if self.mode == "git":
            return f"{m['commits']} commits, {m['refs']} refs, HEAD {m['head'][:12]}"
        head = f"commit {m['commit'][:12]}, " if m.get("commit") else ""
        return f"{head}{m['files']} files, {m['bytes'] / MB:.1f} MB"


def tree_size(folder: Path) -> tuple[int, int]:
    """(regular files, bytes) under folder, symlinks not followed, a top-level .git left out."""
    files = total = 0
    for root, dirs, names in os.walk(folder):
        if Path(root) == folder and ".git" in dirs:
            dirs.remove(".git")
        for name in names:
            st = (Path(root) / name).lstat()
            if st.st_mode & 0o170000 == 0o100000:
                files += 1
                total += st.st_size
    return files, total


def _git(repo: Path, *args: str, check: bool = True) -> str:
    env = {**os.environ, "GIT_LFS_SKIP_SMUDGE": "1", "GIT_TERMINAL_PROMPT": "0"}
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )
    if check and proc.returncode != 0:
        sys.exit(f"git -C {repo} {' '.join(args)}: {proc.stderr.strip()[-500:]}")
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _manifest_path(folder: Path) -> Path:
    """Kept beside the tree, not inside it, so that no tool scans it."""
    return folder.with_name(folder.name + ".manifest.json")


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(_manifest_path(folder).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _npm_folder_facts(folder: Path) -> dict[str, Any]:
    """Per unpacked package: its name and version (package/package.json), files and bytes."""
    packages: dict[str, Any] = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        info: dict[str, Any] = {}
        try:
            meta = json.loads((sub / "package" / "package.json").read_text())
            info = {"name": meta.get("name"), "version": meta.get("version")}
        except (OSError, ValueError):
            info = {"name": None, "version": None}
        info["files"], info["bytes"] = tree_size(sub)
        packages[sub.name] = info
    return packages


def prepare_npm(data: Path, npm_dir: Path | None, rebuild: bool) -> Tree:
    wanted = list(NPM_PACKAGES)
    if npm_dir is not None:  # used as it is
        folder = npm_dir.resolve()
        if not folder.is_dir():
            sys.exit(f"npm: {folder} is not a directory")
        manifest: dict[str, Any] = {"source": "--npm-dir (used as it is)", "packages_wanted": wanted}
    else:
        folder = data / "npm"
        old = _read_manifest(folder)
        if rebuild or not folder.is_dir() or old is None or old.get("packages_wanted") != wanted:
            manifest = build_npm(folder, wanted)
            _manifest_path(folder).write_text(json.dumps(manifest, indent=1))
        else:
            manifest = old
    packages = _npm_folder_facts(folder)
    found = {f"{p['name']}@{p['version']}" for p in packages.values()}
    missing = [spec for spec in wanted if spec not in found]
    if missing:
        print(f"WARNING: npm: {folder} lacks {', '.join(missing)}", file=sys.stderr)
    files, size = tree_size(folder)
    manifest = {**manifest, "packages": packages, "missing": missing, "files": files, "bytes": size}
    return Tree("npm", folder, "bundle", manifest)


def build_npm(folder: Path, specs: list[str]) -> dict[str, Any]:
    """`npm pack` every spec into a scratch folder, then unpack each tarball into folder/<tarball stem>/."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm: `npm` is not installed (it downloads the packages); or pass --npm-dir")
    scratch = folder.with_name(folder.name + ".tarballs")
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    scratch.mkdir(parents=True)
    folder.mkdir(parents=True)
    argv = [npm, "pack", "--json", "--pack-destination", str(scratch), *specs]
    print(f"   npm pack {' '.join(specs)} ...", flush=True)
    proc = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"npm pack failed (exit {proc.returncode}): {proc.stderr.strip()[-800:]}")
    packed = json.loads(proc.stdout)
    tarballs: dict[str, Any] = {}
    for item in packed:
        tarball = scratch / item["filename"]
        dest = folder / item["filename"].removesuffix(".tgz")
        dest.mkdir()
        with tarfile.open(tarball) as archive:
            archive.extractall(dest, filter="data")
        tarballs[dest.name] = {
            key: item.get(key) for key in ("name", "version", "integrity", "shasum", "size", "entryCount")
        }
    shutil.rmtree(scratch, ignore_errors=True)
    version = subprocess.run([npm, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "source": "npm pack",
        "packages_wanted": specs,
        "command": ["npm", "pack", *specs],
        "npm": version,
        "registry": subprocess.run(
            [npm, "config", "get", "registry"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "tarballs": tarballs,
    }


def git_status(folder: Path) -> list[str]:
    """`git status` of a checkout, untracked and ignored files listed one by one: "XY path" lines."""
    proc = subprocess.run(
        ["git", "-C", str(folder), "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return [f"!! git status failed: {proc.stderr.strip()}"]
    return sorted(entry for entry in proc.stdout.split("\0") if entry)


def prepare_checkout(
    name: str, source: Path, commit: str, data: Path, rebuild: bool, extra: dict[str, Any]
) -> Tree:
    """A work tree of source at commit: `git clone --no-checkout` then `git checkout`, under data/name.
    Reused when it is already at that commit and as it was left after the checkout.

    A snapshot may lack its largest blobs: git then leaves those files out of the work tree (it says so and
    exits 0). They are taken out of the index too (`git rm --cached`), so that the tools which list the
    files through git do not report them unreadable, and are listed in the manifest."""
    source = source.resolve()
    if not source.exists():
        sys.exit(f"{name}: {source} does not exist")
    full = _git(source, "rev-parse", "--verify", f"{commit}^{{commit}}", check=False)
    if not full:
        sys.exit(f"{name}: commit {commit} is not in {source}")
    folder = data / name
    old = _read_manifest(folder)
    current = _git(folder, "rev-parse", "HEAD", check=False) if (folder / ".git").exists() else ""
    reuse = not rebuild and old is not None and current == full and old.get("status") == git_status(folder)
    if not reuse:
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        print(f"   {name}: git clone --no-checkout {source} {folder}; git checkout {full[:12]}", flush=True)
        _git(folder.parent, "clone", "--quiet", "--no-checkout", str(source), folder.name)
        if not _git(folder, "cat-file", "-t", full, check=False):
            _git(folder, "fetch", "--quiet", str(source), full)
        _git(folder, "checkout", "--quiet", "--detach", full)
        absent = [entry[3:] for entry in git_status(folder) if entry.startswith(" D ")]
        if absent:
            print(
                f"   {name}: {len(absent)} file(s) missing from {source}: {', '.join(absent[:5])}", flush=True
            )
            _git(folder, "rm", "--cached", "--quiet", "--", *absent)
    else:
        absent = old.get("absent_from_source", []) if old else []
    files, size = tree_size(folder)
    manifest = {
        **extra,
        "source": str(source),
        "commit": full,
        "commit_date": _git(folder, "log", "-1", "--format=%cI", full),
        "tracked_files": len(_git(folder, "ls-files", "-z").split("\0")) - 1,
        "files": files,
        "bytes": size,
        "absent_from_source": absent,
        "status": git_status(folder),
        "command": [
            f"git clone --no-checkout {source} {folder}",
            f"git -C {folder} checkout --detach {full}",
        ],
    }
    _manifest_path(folder).write_text(json.dumps(manifest, indent=1))
    return Tree(name, folder, "files", manifest)


def restore_tree(tree: Tree) -> list[str]:
    """What a run left in a checkout (kingfisher opens SQLite files and leaves -shm/-wal files beside them),
    put back as it was: new files deleted, changed files checked out again. Returns the changes. On the npm
    folder, only reports a change of its file count or size."""
    if tree.mode == "bundle":
        files, size = tree_size(tree.path)
        if (files, size) != (tree.manifest["files"], tree.manifest["bytes"]):
            return [f"files/bytes now {files}/{size}, were {tree.manifest['files']}/{tree.manifest['bytes']}"]
        return []
    if tree.mode != "files":
        return []
    expected = set(tree.manifest["status"])
    changes = [entry for entry in git_status(tree.path) if entry not in expected]
    for entry in changes:
        path = tree.path / entry[3:]
        if entry.startswith(("??", "!!")):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        else:
            _git(tree.path, "checkout", "--quiet", "--", entry[3:], check=False)
    return changes


def prepare_history(repo: Path) -> Tree:
    """A whole history, used as it is (a bare mirror or a clone)."""
    repo = repo.resolve()
    count = _git(repo, "count-objects", "-v")
    pack_kib = sum(
        int(v)
        for k, _, v in (line.partition(": ") for line in count.splitlines())
        if k in ("size", "size-pack")
    )
    manifest = {
        "source": str(repo),
        "head": _git(repo, "rev-parse", "HEAD"),
        "commits": int(_git(repo, "rev-list", "--all", "--count")),
        "refs": len(_git(repo, "for-each-ref").splitlines()),
        "object_store_bytes": pack_kib * 1024,
    }
    return Tree("rails-history", repo, "git", manifest)


def parse_repo_option(text: str) -> tuple[str, Path, str | None]:
    """NAME=PATH[@COMMIT]"""
    name, eq, rest = text.partition("=")
    if not eq or not name or not rest:
        sys.exit(f"--repo {text!r}: expected NAME=PATH[@COMMIT]")
    path, at, commit = rest.rpartition("@")
    if not at or "/" in commit or not commit:
        return name, Path(rest), None
    return name, Path(path), commit


# ----------------------------------------------------------------------------------------------------
# Tools
# ----------------------------------------------------------------------------------------------------

MIN_CONFIDENCE_LOW = ("--min-confidence", "low")


def _secretguard_argv(
    extra: tuple[str, ...], exe: list[str], target: Path, out: Path, mode: str
) -> list[str]:
    # no --show-secrets: reports hold only a redacted prefix, so excerpts can be quoted
    return [*exe, "scan", mode, str(target), "--format", "json", "--output", str(out), *extra]


def _gitleaks_argv(exe: list[str], target: Path, out: Path, mode: str) -> list[str]:
    if mode == "git":  # its default log options already cover every ref (see benchmarks/README.md)
        return [*exe, "git", str(target), "--report-format", "json", "--report-path", str(out), "--no-banner"]
    return [*exe, "dir", str(target), "-f", "json", "-r", str(out), "--no-banner"]  # skips .git itself


def _kingfisher_argv(exe: list[str], target: Path, out: Path, mode: str) -> list[str]:
    scope: list[str] = []
    if mode == "git":
        scope = ["--git-history", "full"]
    elif mode == "files":  # a checkout: its files only, not its history nor the files of .git
        scope = ["--git-history", "none", "--exclude", ".git"]
    options = ["--format", "json", "--output", str(out), "--no-validate", "--no-update-check"]
    return [*exe, "scan", str(target), *scope, *options]


@dataclasses.dataclass
class Variant:
    key: str  # file names and JSON
    label: str  # table
    tool: Any  # harness.Tool
    low: bool = False  # secretguard with --min-confidence low


def secretguard_knows_min_confidence(tool: Any, mode: str) -> bool:
    env = {**os.environ, **dict(tool.env)}
    argv = [*tool.program, "scan", mode, "--help"]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    return "--min-confidence" in proc.stdout


def make_variants(base: dict[str, Any], mode: str, history_gitleaks: bool) -> tuple[list[Variant], bool]:
    """The runs for one tree, and whether secretguard accepts --min-confidence on it."""
    variants: list[Variant] = []
    knows = False
    if "secretguard" in base:
        sg = base["secretguard"]
        knows = secretguard_knows_min_confidence(sg, mode)
        default = dataclasses.replace(sg, command=functools.partial(_secretguard_argv, ()))
        variants.append(Variant("secretguard", "secretguard", default))
        if knows:
            low = dataclasses.replace(sg, command=functools.partial(_secretguard_argv, MIN_CONFIDENCE_LOW))
            variants.append(Variant("secretguard-low", "secretguard --min-confidence low", low, low=True))
    if "gitleaks" in base and (mode != "git" or history_gitleaks):
        variants.append(
            Variant("gitleaks", "gitleaks", dataclasses.replace(base["gitleaks"], command=_gitleaks_argv))
        )
    if "kingfisher" in base:
        kf = dataclasses.replace(base["kingfisher"], command=_kingfisher_argv)
        variants.append(Variant("kingfisher", "kingfisher", kf))
    return variants, knows


# ----------------------------------------------------------------------------------------------------
# Reading the findings
# ----------------------------------------------------------------------------------------------------


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8", errors="replace") or "null")


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    if not p.is_absolute():
        # the tools report paths as given on the command line (absolute here) or relative to the target
        return path
    try:
        return str(p.relative_to(root))
    except ValueError:
        return path


def normalized(key: str, out: Path, root: Path) -> list[dict[str, Any]]:
    """One tool's findings as {rule, confidence, file, line, exposure, excerpt, reasons}."""
    data = _load(out)
    rows: list[dict[str, Any]] = []
    if key.startswith("secretguard"):
        for f in data or []:
            rows.append(
                {
                    "rule": str(f.get("rule_id")),
                    "confidence": f.get("confidence"),
                    "reasons": f.get("reasons"),
                    "file": _relative(str(f.get("file") or f.get("path") or ""), root),
                    "line": f.get("line"),
                    "commit": f.get("commit"),
                    "exposure": f.get("exposure"),
                    "severity": f.get("severity"),
                    "excerpt": f.get("excerpt"),
                }
            )
    elif key == "gitleaks":
        for f in data or []:
            rows.append(
                {
                    "rule": str(f.get("RuleID")),
                    "confidence": None,
                    "file": _relative(str(f.get("File") or ""), root),
                    "line": f.get("StartLine"),
                    "commit": f.get("Commit") or None,
                }
            )
    else:  # kingfisher
        for f in (data.get("findings") or []) if isinstance(data, dict) else []:
            finding = f.get("finding") or {}
            git = finding.get("git_metadata") or {}
            rows.append(
                {
                    "rule": str((f.get("rule") or {}).get("id")),
                    "confidence": finding.get("confidence"),
                    "file": _relative(
                        str(finding.get("path") or git.get("file", {}).get("path") or ""), root
                    ),
                    "line": finding.get("line"),
                    "commit": (git.get("commit") or {}).get("id")
                    if isinstance(git.get("commit"), dict)
                    else None,
                }
            )
    return rows


def analyse(key: str, rows: list[dict[str, Any]], confidence_known: bool, mode: str) -> dict[str, Any]:
    rules = Counter(r["rule"] for r in rows)
    result: dict[str, Any] = {"findings": len(rows), "by_rule": dict(rules.most_common(TOP))}
    if key.startswith("secretguard") and not confidence_known:
        result["by_confidence"] = None  # n/a: this secretguard has no confidence yet
    elif key != "gitleaks":
        result["by_confidence"] = dict(Counter(str(r["confidence"]) for r in rows).most_common())
    else:
        result["by_confidence"] = None  # gitleaks has no confidence
    if key.startswith("secretguard"):
        result["by_severity"] = dict(Counter(str(r["severity"]) for r in rows).most_common())
        if mode == "bundle":
            others = [r for r in rows if r["rule"] != "public-source-map"]
            result["by_exposure"] = dict(Counter(str(r["exposure"]) for r in rows).most_common())
            result["server_only"] = sum(r["exposure"] == "server-only" for r in rows)
            result["not_public_source_map"] = len(others)
            result["not_public_source_map_by_rule"] = dict(
                Counter(r["rule"] for r in others).most_common(TOP)
            )
            result["not_public_source_map_by_confidence"] = (
                dict(Counter(str(r["confidence"]) for r in others).most_common())
                if confidence_known
                else None
            )
    return result


# ----------------------------------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------------------------------


def _search(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text)
    return match.group(0) if match else None


def secretguard_scanned(text: str) -> str | None:
    """secretguard's own summary line: findings, files, findings under the confidence gate, items skipped."""
    parts = [
        _search(r"\d+ finding\(s\), \d+ file\(s\) scanned(, \d+ below \w+ confidence not shown)?", text),
        _search(r"PARTIAL: \d+ item\(s\) skipped", text),
    ]
    return "; ".join(p for p in parts if p) or None


def _no_such_option(run: Any, out: Path) -> bool:
    log = out.with_suffix(".log")
    return run.exit_code == 2 and log.exists() and "no such option" in log.read_text(errors="replace").lower()


def run_tree(
    tree: Tree, base: dict[str, Any], args: argparse.Namespace, results: Path
) -> tuple[list[dict[str, Any]], bool]:
    variants, knows = make_variants(base, tree.mode, args.history_gitleaks)
    work = results / tree.name
    work.mkdir(parents=True, exist_ok=True)
    cwd = results / "empty-cwd"
    shutil.rmtree(cwd, ignore_errors=True)
    cwd.mkdir(parents=True)
    timeout = float(args.timeout) or None
    runs: dict[str, list[Any]] = {v.key: [] for v in variants}
    warmups: dict[str, Any] = {}
    wrote: dict[str, list[str]] = {}  # what each tool left in the tree (undone after every run)

    def once(v: Variant) -> Any:
        out = work / f"{v.key}.json"
        run = harness.run_once(v.tool, tree.path, out, tree.mode, cwd, timeout, args.sample_interval)
        changes = restore_tree(tree)
        if changes:
            print(
                f"  [{tree.name}] {v.label} changed the tree (undone): {', '.join(changes[:4])}", flush=True
            )
            wrote.setdefault(v.key, [])
            wrote[v.key] += [c for c in changes if c not in wrote[v.key]]
        return run

    if not args.no_warmup:
        for v in list(variants):
            print(f"  [{tree.name}] warm-up {v.label} ...", flush=True)
            warmups[v.key] = once(v)
            if v.low and _no_such_option(warmups[v.key], work / f"{v.key}.json"):
                print(f"  [{tree.name}] secretguard rejects --min-confidence: confidence n/a", flush=True)
                variants.remove(v)
                knows = False
    for i in range(args.repeat):
        for v in list(variants):
            run = once(v)
            if v.low and _no_such_option(run, work / f"{v.key}.json"):
                variants.remove(v)
                knows = False
                continue
            runs[v.key].append(run)
            status = "timeout" if run.timed_out else (run.error or f"{run.findings} findings")
            print(
                f"  [{tree.name}] run {i + 1} {v.label}: {run.wall_s:.2f} s, exit {run.exit_code}, {status}",
                flush=True,
            )
    out_rows: list[dict[str, Any]] = []
    for v in variants:
        done = [r for r in runs[v.key] if not r.timed_out]
        last = runs[v.key][-1] if runs[v.key] else None
        out = work / f"{v.key}.json"
        analysis: dict[str, Any] | None = None
        findings: list[dict[str, Any]] = []
        if last is not None and last.error is None and out.exists():
            findings = normalized(v.key, out, tree.path)
            analysis = analyse(v.key, findings, knows, tree.mode)
        out_rows.append(
            {
                "key": v.key,
                "label": v.label,
                "command": v.tool.command(v.tool.program, tree.path, out, tree.mode),
                "wall_s": statistics.median(r.wall_s for r in done) if done else None,
                "wall_min_s": min((r.wall_s for r in done), default=None),
                "wall_max_s": max((r.wall_s for r in done), default=None),
                "cpu_s": statistics.median(r.user_s + r.sys_s for r in done) if done else None,
                "max_rss_mb": max((r.max_rss_mb for r in done), default=None),
                "exit_code": last.exit_code if last else None,
                "error": ("timeout" if last.timed_out else last.error) if last else "not run",
                "scanned": last.scanned if last else None,
                "code": list(dict.fromkeys(r.code for r in runs[v.key] if r.code)),
                "analysis": analysis,
                "findings_list": findings if v.key == "secretguard" else None,
                "output": str(out),
                "changed_the_tree": wrote.get(v.key, []),
                "runs": [dataclasses.asdict(r) for r in runs[v.key]],
                "warmup": dataclasses.asdict(warmups[v.key]) if v.key in warmups else None,
            }
        )
    return out_rows, knows


# ----------------------------------------------------------------------------------------------------
# Reporting
# ----------------------------------------------------------------------------------------------------


def _counts(counts: dict[str, int] | None, limit: int | None = None) -> str:
    if counts is None:
        return "n/a"
    items = list(counts.items())
    shown = ", ".join(f"{k} {v}" for k, v in items[:limit])
    rest = sum(v for _k, v in items[limit:]) if limit is not None else 0
    return (shown + (f", … {rest}" if rest else "")) or "none"


def _cell(text: str, limit: int = 200) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tree_report(tree: Tree, rows: list[dict[str, Any]], knows: bool, load: tuple[float, float]) -> str:
    lines = [
        f"### {tree.name}: {tree.describe()} (load average before/after: {load[0]}/{load[1]})",
        "",
        "| tool | wall s | exit | findings | by confidence | top rules | tool's own scan summary |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        a = r["analysis"]
        wall = "-" if r["wall_s"] is None else f"{r['wall_s']:.2f}"
        if r["wall_s"] is not None and r["wall_max_s"] - r["wall_min_s"] > 0:
            wall += f" ({r['wall_min_s']:.2f}-{r['wall_max_s']:.2f})"
        found = str(a["findings"]) if a else f"error: {r['error']}"
        partial = r["key"].startswith("secretguard") and r["exit_code"] == 3
        exit_text = f"{r['exit_code']} (partial)" if partial else str(r["exit_code"])
        cells = [
            r["label"],
            wall,
            exit_text,
            found,
            _counts(a["by_confidence"]) if a else "-",
            _counts(a["by_rule"], TOP_IN_TABLE) if a else "-",
            r["scanned"] or "",
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines.append("")
    if not knows and any(r["key"] == "secretguard" for r in rows):
        lines.append("secretguard does not accept --min-confidence yet: confidence n/a, one run only.")
    for r in rows:
        if r["changed_the_tree"]:
            changes = ", ".join(r["changed_the_tree"])
            lines.append(f"- {r['label']} changed the tree (undone after each run): {changes}")
        a = r["analysis"]
        if not a:
            continue
        lines.append(f"- {r['label']}: top rules: {_counts(a['by_rule'])}")
        if "server_only" in a:
            others = _counts(a["not_public_source_map_by_rule"])
            confidence = _counts(a["not_public_source_map_by_confidence"])
            lines.append(
                f"  - exposure: {_counts(a['by_exposure'])}; server-only {a['server_only']}; other than "
                f"public-source-map: {a['not_public_source_map']} ({others}; by confidence: {confidence})"
            )
    return "\n".join(lines)


def findings_listing(tree: Tree, rows: list[dict[str, Any]], limit: int) -> str:
    sg = next((r for r in rows if r["key"] == "secretguard"), None)
    if sg is None or sg["findings_list"] is None:
        return ""
    found = sorted(sg["findings_list"], key=lambda f: (f["file"], f["line"] or 0))
    lines = [f"#### {tree.name}: secretguard findings at default settings ({len(found)})", ""]
    for f in found[:limit]:
        excerpt = " ".join(str(f.get("excerpt") or "").split())
        if len(excerpt) > MAX_EXCERPT:
            excerpt = excerpt[: MAX_EXCERPT - 1] + "…"
        confidence = f" [{f['confidence']}]" if f.get("confidence") else ""
        excerpt = excerpt.replace("`", "'")
        lines.append(f"- `{f['rule']}`{confidence} {f['file']}:{f['line']}: `{excerpt}`")
    if len(found) > limit:
        lines.append(f"- … and {len(found) - limit} more (see the JSON)")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--trees",
        default="",
        help="comma list of trees to scan (default: npm, rails and every extra project with a source)",
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where the trees are built")
    ap.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="tool outputs and logs")
    ap.add_argument("--npm-dir", type=Path, help="reuse this folder of unpacked packages instead of npm pack")
    ap.add_argument(
        "--rails-repo",
        type=Path,
        help=f"a clone or bare mirror of rails (default {DEFAULT_MIRRORS}/rails+rails/repo)",
    )
    ap.add_argument("--rails-commit", default=RAILS[1], help="rails commit to check out")
    ap.add_argument(
        "--repo",
        action="append",
        default=[],
        metavar="NAME=PATH[@COMMIT]",
        help="a clone for an extra project (its commit defaults to EXTRA_REPOS' for a known NAME, else "
        "PATH's HEAD); a new NAME adds a tree (repeatable)",
    )
    ap.add_argument(
        "--mirror-root",
        type=Path,
        default=DEFAULT_MIRRORS,
        help="where to look for clones not given: <root>/<owner>+<name>/repo",
    )
    ap.add_argument("--history", action="store_true", help="also scan the whole rails history (long)")
    ap.add_argument(
        "--history-gitleaks", action="store_true", help="with --history, run gitleaks git too (slow)"
    )
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per tool (median reported)")
    ap.add_argument("--no-warmup", action="store_true", help="skip the unreported warm-up run")
    ap.add_argument("--tools", default="secretguard,gitleaks,kingfisher")
    ap.add_argument("--peers", type=Path, help="venv of the peer tools (default .peers here, else ../.peers)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run (0: none)")
    ap.add_argument("--sample-interval", type=float, default=0.2, help="seconds between tree-RSS samples")
    ap.add_argument("--rebuild", action="store_true", help="build the trees again")
    ap.add_argument("--live", action="store_true", help="run the installed secretguard, not a snapshot")
    ap.add_argument(
        "--list-findings",
        default="extra",
        help="trees whose secretguard findings (default settings) are listed: a comma list, 'extra' (the "
        "projects other than npm and rails), 'all' or 'none'",
    )
    ap.add_argument("--list-max", type=int, default=200, help="findings listed per tree at most")
    ap.add_argument("--json", type=Path, help="write every run, the versions and the manifests here")
    return ap.parse_args(argv)


def plan_trees(args: argparse.Namespace, data: Path) -> list[Callable[[], Tree]]:
    """What to build and scan, in order: npm, rails, the extra projects, then rails' history."""
    given: dict[str, tuple[Path, str | None]] = {}
    for text in args.repo:
        name, path, commit = parse_repo_option(text)
        given[name] = (path, commit)
    extras: dict[str, tuple[Path | None, str | None, dict[str, Any]]] = {}
    for name, spec in EXTRA_REPOS.items():
        mirror = args.mirror_root / spec.github.replace("/", "+") / "repo"
        source, commit = given.get(name) or (mirror if mirror.exists() else None, None)
        meta = {"github": spec.github, "language": spec.language, "default_commit": spec.commit}
        extras[name] = (source, commit or spec.commit, meta)
    for name, (path, new_commit) in given.items():
        if name not in EXTRA_REPOS:
            extras[name] = (path, new_commit or _git(path.resolve(), "rev-parse", "HEAD"), {})
    rails_repo: Path = args.rails_repo or args.mirror_root / "rails+rails" / "repo"
    known = ["npm", "rails", *extras]
    wanted = [t.strip() for t in args.trees.split(",") if t.strip()] or known
    unknown = [t for t in wanted if t not in known]
    if unknown:
        sys.exit(f"unknown tree(s) {unknown}; known: {', '.join(known)}")
    plan: list[Callable[[], Tree]] = []
    for name in wanted:
        if name == "npm":
            plan.append(functools.partial(prepare_npm, data, args.npm_dir, args.rebuild))
        elif name == "rails":
            if not rails_repo.exists():
                sys.exit(
                    f"rails: {rails_repo} is missing: pass --rails-repo (a clone of github.com/rails/rails)"
                )
            meta = {"github": RAILS[0], "language": RAILS[2]}
            plan.append(
                functools.partial(
                    prepare_checkout, "rails", rails_repo, args.rails_commit, data, args.rebuild, meta
                )
            )
        else:
            source, commit, meta = extras[name]
            if source is None:
                msg = f"{name}: no clone: pass --repo {name}=PATH (a clone of github.com/{meta['github']})"
                if args.trees:
                    sys.exit(msg)
                print(f"WARNING: {msg}; skipped", file=sys.stderr)
                continue
            assert commit is not None
            plan.append(functools.partial(prepare_checkout, name, source, commit, data, args.rebuild, meta))
    if args.history:
        plan.append(functools.partial(prepare_history, rails_repo))
    return plan


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data = args.data.resolve()
    results = args.results.resolve()
    data.mkdir(parents=True, exist_ok=True)
    results.mkdir(parents=True, exist_ok=True)
    peers = args.peers or next(
        (p for p in (REPO / ".peers", REPO.parent / ".peers") if p.is_dir()), REPO / ".peers"
    )
    names = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [n for n in names if n not in ("secretguard", "gitleaks", "kingfisher")]
    if unknown:
        sys.exit(f"unknown tool(s) {unknown}")
    snapshot = harness.snapshot_secretguard(results) if "secretguard" in names and not args.live else None
    tools = {
        t.name: dataclasses.replace(t, breakdown=None)
        for t in harness.make_tools(names, peers.resolve(), snapshot)
    }
    if "secretguard" in tools:  # exit 3 (partial: something unreadable) still writes every finding
        sg = tools["secretguard"]
        tools["secretguard"] = dataclasses.replace(
            sg, ok_exits=sg.ok_exits | {3}, scanned=secretguard_scanned
        )
    if not tools:
        sys.exit("no tools to run")
    facts = harness.machine_facts()
    versions = {n: t.version() for n, t in tools.items()}
    print(f"secretguard checkout: {facts['secretguard_checkout']}")
    if snapshot:
        print(f"secretguard: measuring a snapshot of the package, code {snapshot[1]}, in {snapshot[0]}")
    print(
        f"machine: {facts['nproc']} CPUs ({facts['cpu_model']}), {facts['memory_gb']} GB RAM, "
        f"Python {facts['python']}, load {facts['load_avg_at_start']}, nice {os.nice(0)}"
    )
    print("tools: " + ", ".join(f"{n} {v}" for n, v in versions.items()))
    report: dict[str, Any] = {
        "machine": {**facts, "nice": os.nice(0)},
        "versions": versions,
        "executables": {n: " ".join(t.program) for n, t in tools.items()},
        "secretguard_snapshot": {"path": str(snapshot[0]), "code": snapshot[1]} if snapshot else None,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "trees": {},
    }
    plan = plan_trees(args, data)
    listed = args.list_findings
    texts: list[str] = []
    for prepare in plan:
        start = time.perf_counter()
        tree = prepare()
        print(
            f"\n== {tree.name}: {tree.path}: {tree.describe()} (ready in {time.perf_counter() - start:.1f} s)"
        )
        load_before = round(os.getloadavg()[0], 2)
        rows, knows = run_tree(tree, tools, args, results)
        load_after = round(os.getloadavg()[0], 2)
        text = tree_report(tree, rows, knows, (load_before, load_after))
        show = (
            listed == "all"
            or (listed == "extra" and tree.name not in ("npm", "rails", "rails-history"))
            or tree.name in listed.split(",")
        )
        if show:
            text += "\n\n" + findings_listing(tree, rows, args.list_max)
        print("\n" + text, flush=True)
        texts.append(text)
        report["trees"][tree.name] = {
            "path": str(tree.path),
            "mode": tree.mode,
            "manifest": tree.manifest,
            "load_avg_before_after": [load_before, load_after],
            "secretguard_min_confidence": knows,
            "tools": rows,
        }
    print("\n" + "=" * 100)
    print(f"{facts['date']}; nproc {facts['nproc']}; " + "; ".join(f"{n} {v}" for n, v in versions.items()))
    print("\n\n".join(texts))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, default=str))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
