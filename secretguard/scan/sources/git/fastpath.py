"""The pre-commit hook's fast path: a staged change with no possible match answers "clean" in ~100 ms.

`secretguard scan git --staged` normally pays for pydantic, the settings, the rule files and the engine
(600+ ms), most of it before reading a single staged line. Yet on almost every commit the answer is "clean",
and a clean answer can be proven cheaply: every finding the engine reports starts as a Hyperscan hit of the
rule database, on the text or on a decoding of it (Engine.candidates). So:

1. The first (slow) run with a given configuration writes a manifest into the cache folder, keyed by
   everything the configuration depends on (arguments, working folder, SECRETGUARD_* variables, the bytes of
   .secretguard.toml / pyproject.toml / --config), naming the Hyperscan database of its rules, the decode
   depth, the size limit, the baseline, and a digest of every rule file (built-in and user).
2. The next run checks that manifest (recomputing the digests), reads `git diff --cached`, and scans the
   added lines (and their decodings, as deep as the engine would go) with that same database. No hit at all
   means no finding is possible: it prints exactly what the full path prints for zero findings and exits 0.
   Anything else (a hit, a skip note, a format it does not render, a changed file, no manifest) returns None
   and the full path runs as usual; a hit costs nothing but the ~30 ms spent here.

Imports: patches, chunk, finding and decode (re2), hyperscan, and the standard library; never pydantic.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import secretguard
from secretguard.cache import cache_dir
from secretguard.outfile import write_text
from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.finding import ScanResult

VERSION = 2
_VALUE_OPTIONS = {
    "--format": "format",
    "-f": "format",
    "--output": "output",
    "-o": "output",
    "--config": "config",
    "--baseline": "baseline",
    "--rules": "rules",
    "--gitleaks-config": "gitleaks",
    "--workers": "workers",
    "--max-size": "max_size",
    "--min-confidence": "min_confidence",
}
_FLAGS = {"--staged", "--show-secrets", "--exit-zero", "--include-client-safe", "--no-messages"}
_FORMATS = {"text", "json", "jsonl"}

_pending: dict[str, Any] | None = None  # what the full path needs to write the manifest for this run
# Config, rule and baseline files are read through safe_read: a FIFO .secretguard.toml must not hang the hook.
_MAX_READ = 64 * 1024 * 1024
_REFUSED = "refused"  # the digest of a file safe_read refuses: never cached, never matched


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_regular_file(path, roots=None, max_bytes=_MAX_READ)).hexdigest()
    except RefusedInput:
        return _REFUSED  # matches no manifest: the full path reports the problem
    except OSError:
        return None


def _parse(args: Sequence[str]) -> dict[str, Any] | None:
    """The options of `scan git --staged ...`, or None for anything this path does not handle."""
    if list(args[:2]) != ["scan", "git"]:
        return None
    opts: dict[str, Any] = {"format": "text", "output": None, "config": None, "baseline": None, "repo": None}
    rest = list(args[2:])
    i = 0
    while i < len(rest):
        word = rest[i]
        name, eq, value = word.partition("=")
        if name in _VALUE_OPTIONS:
            if not eq:
                if i + 1 >= len(rest):
                    return None
                value = rest[i + 1]
                i += 1
            opts[_VALUE_OPTIONS[name]] = value
        elif word in _FLAGS:
            opts[word] = True
        elif word.startswith("-") or opts["repo"] is not None:
            return None
        else:
            opts["repo"] = word
        i += 1
    if not opts.get("--staged") or opts["format"] not in _FORMATS:
        return None
    if opts["output"] is not None and opts["format"] == "text":
        return None
    return opts


def _key(args: Sequence[str], opts: dict[str, Any]) -> str:
    digest = hashlib.sha256(f"staged-fast-v{VERSION} {secretguard.__version__}\0".encode())
    cwd = str(Path.cwd())
    skip_next = False
    for word in args:  # the output path does not change what is found
        if skip_next:
            skip_next = False
            continue
        if word in ("--output", "-o"):
            skip_next = True
            continue
        if word.startswith("--output="):
            continue
        digest.update(word.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(cwd.encode("utf-8", "surrogateescape") + b"\0")
    for name in sorted(os.environ):
        if name.startswith("SECRETGUARD_") and name != "SECRETGUARD_CACHE_DIR":
            digest.update(f"{name}={os.environ[name]}\0".encode("utf-8", "surrogateescape"))
    configs = [Path(".secretguard.toml"), Path("pyproject.toml")]
    if opts.get("config"):
        configs.append(Path(opts["config"]))
    for config in configs:
        digest.update(f"{config}:{_digest(config)}\0".encode())
    return digest.hexdigest()[:32]


def _builtin_rule_files() -> list[Path]:
    folder = Path(secretguard.__file__).parent / "rules"
    try:
        return sorted(p for p in folder.iterdir() if p.name.endswith(".yaml"))
    except OSError:
        return []


def try_fast_staged(args: Sequence[str]) -> int | None:
    """Exit code of a staged scan proven clean here, or None: run the full path."""
    global _pending  # noqa: PLW0603 - handed to remember() by the full path of this same run
    _pending = None
    opts = _parse(args)
    if opts is None:
        return None
    key = _key(args, opts)
    _pending = {"key": key}
    try:
        manifest = json.loads((cache_dir() / f"staged-{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("version") != VERSION:
        return None
    files = manifest.get("files")
    if not isinstance(files, dict) or any(_digest(Path(p)) != d for p, d in files.items()):
        return None
    if sorted(files) != sorted({*(str(p) for p in _builtin_rule_files()), *manifest.get("user_files", [])}):
        return None
    baseline = opts["baseline"] or manifest.get("baseline")
    from secretguard.scan.suppress import locate  # noqa: PLC0415

    try:
        suppressions = locate(baseline)  # the default baseline and ignore files too: a broken one is exit 2
    except Exception:  # noqa: BLE001 - the full path reports the problem
        return None
    database = _database(key)
    if database is None:
        return None
    from secretguard.scan.sources.git.staged import staged_chunks  # noqa: PLC0415

    result = ScanResult()
    chunks = list(staged_chunks(result, int(manifest.get("max_file_size", 25 << 20)), cwd=opts["repo"]))
    if result.skipped:
        return None
    depth = int(manifest.get("decode_depth", 2))
    if not any(_could_match(database, chunk.data, depth) for chunk in chunks):
        _print_clean(opts, result)
        return 0
    return _engine_path(opts, key, suppressions, chunks, result)


def _engine_path(
    opts: dict[str, Any], key: str, suppressions: Any, chunks: Sequence[Any], result: ScanResult
) -> int | None:
    """Something may match: the real engine, built from the pickled rules instead of YAML and settings.

    Everything is computed before anything is written, so a failure here still leaves the full path."""
    with (cache_dir() / f"staged-{key}.engine").open("rb") as handle:
        state = pickle.load(handle)  # noqa: S301 - our own cache, in the user's own cache folder
    from secretguard.scan.engine import Engine  # noqa: PLC0415
    from secretguard.scan.filters import ValueAllowlist, any_of  # noqa: PLC0415

    min_confidence = opts.get("min_confidence") or state.get("min_confidence")
    if min_confidence not in ("low", "medium", "high"):
        return None  # the full path reports a bad value
    pattern = state["allow_pattern"]
    engine = Engine(
        state["rules"],
        allowlist=ValueAllowlist([pattern] if pattern else [], state["allow_stopwords"]),
        decode_depth=state["decode_depth"],
        include_client_safe=state["include_client_safe"],
        min_confidence=min_confidence,
    )
    excluded = state["excluded"]
    exclude = None
    if excluded:
        exclude = any_of(excluded)
    notes: list[str] = []
    for chunk in chunks:
        if exclude is not None and exclude.search(chunk.path):
            result.count("excluded")
            continue
        result.findings.extend(engine.scan(chunk, notes))
    if notes:
        return None  # a partial answer: the full path reports it
    from secretguard.scan.gate import apply_gate  # noqa: PLC0415

    gate = apply_gate(result.findings, min_confidence=min_confidence, suppressions=suppressions)
    findings, suppressed = gate.findings, gate.suppressed
    if gate.below_confidence:
        result.stats["below_confidence"] = gate.below_confidence
    from secretguard.formats import render  # noqa: PLC0415
    from secretguard.formats.report import Report, below_confidence_note  # noqa: PLC0415

    report = Report(
        findings=findings,
        skipped=[],
        stats=result.stats,
        rules=engine.rules,
        command="scan git --staged",
        partial=False,
        suppressed=suppressed,
        min_confidence=min_confidence,
    )
    fmt = opts["format"]
    text = render(fmt, report, show_secrets=bool(opts.get("--show-secrets")))
    summary = f"secretguard: {len(findings)} finding(s), {result.stats.get('files', 0)} file(s) scanned"
    if suppressed:
        summary += f", {suppressed} suppressed by the baseline or ignore files"
    summary += below_confidence_note(report) + "\n"
    if opts["output"] is not None:
        if sys.stderr.isatty():
            summary = render("text", report, show_secrets=False)
        write_text(opts["output"], text, private=bool(opts.get("--show-secrets")))
        sys.stderr.write(summary)
    else:
        sys.stdout.write(text)
        if fmt != "text":
            sys.stderr.write(summary)
    return 1 if findings and not opts.get("--exit-zero") else 0


def _database(key: str) -> Any:
    try:
        import hyperscan  # noqa: PLC0415

        with (cache_dir() / f"staged-{key}.db").open("rb") as handle:
            blobs = pickle.load(handle)  # noqa: S301 - our own cache, in the user's own cache folder
        databases = [hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK) for blob in blobs]
        if not databases:
            return None
        return [(db, hyperscan.Scratch(db)) for db in databases], hyperscan
    except Exception:  # noqa: BLE001 - any trouble with the cached databases: the full path
        return None


def _could_match(database: Any, data: bytes, depth: int) -> bool:
    """True if any rule database hits `data`, or a decoding of it as deep as the engine decodes."""
    if not data:
        return False
    passes, hyperscan = database
    hit: list[bool] = []

    def on_hit(_rule: int, _start: int, _end: int, _flags: int, _ctx: object) -> bool:
        hit.append(True)
        return True  # one is enough

    for db, scratch in passes:
        try:
            db.scan(data, match_event_handler=on_hit, scratch=scratch)
        except hyperscan.ScanTerminated:
            return True
        except hyperscan.error:
            return True  # let the full path deal with it
        if hit:
            return True
    if depth > 0:
        from secretguard.scan.decode import find_encoded  # noqa: PLC0415

        return any(_could_match(database, encoded.data, depth - 1) for encoded in find_encoded(data))
    return False


def _print_clean(opts: dict[str, Any], result: ScanResult) -> None:
    """What the full path prints for a scan with no finding (formats text, json and jsonl)."""
    files = result.stats.get("files", 0)
    fmt = opts["format"]
    if fmt == "text":
        line = f"\n0 finding(s) in {files} file(s) scanned"
        if result.stats.get("binary_skipped"):
            line += f", {result.stats['binary_skipped']} binary file(s) skipped"
        sys.stdout.write(line + "\n")
        return
    text = "[]\n" if fmt == "json" else ""
    summary = f"secretguard: 0 finding(s), {files} file(s) scanned\n"
    if opts["output"] is not None:
        write_text(opts["output"], text, private=bool(opts.get("--show-secrets")))
        if sys.stderr.isatty():
            summary = f"\n0 finding(s) in {files} file(s) scanned\n"
    else:
        sys.stdout.write(text)
    sys.stderr.write(summary)


class RuleRecord:
    """A validated rule's attributes (fields and properties of rules.Rule), with no pydantic behind them."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"RuleRecord({self.__dict__.get('id')!r})"


def _record(model: Any) -> Any:
    """A pydantic model as a RuleRecord (nested models too); other values as they are."""
    fields = getattr(type(model), "model_fields", None)
    if fields is None:
        return model
    values = {name: _record(getattr(model, name)) for name in fields}
    for name in dir(type(model)):
        if not name.startswith("_") and isinstance(getattr(type(model), name, None), property):
            values[name] = getattr(model, name)
    return RuleRecord(values)


def remember(engine: Any, settings: Any, excluded: Sequence[str] = ()) -> None:
    """Called by the full staged path: write the manifest that lets the next run take the fast path."""
    if _pending is None:
        return
    try:
        import hyperscan  # noqa: PLC0415

        databases = engine.matcher.databases()
        allowlist = engine.allowlist
        pattern = allowlist._regex.pattern if allowlist._regex is not None else None
        user_files = [str(Path(p).resolve()) for p in [*settings.rules, settings.gitleaks_config] if p]
        files = {str(p): _digest(p) for p in _builtin_rule_files()}
        files.update({p: _digest(Path(p)) for p in user_files})
        if not databases or any(d in (None, _REFUSED) for d in files.values()):
            return
        key = _pending["key"]
        engine_state = {
            "rules": [_record(rule) for rule in engine.rules],
            "allow_pattern": pattern.decode() if isinstance(pattern, bytes) else pattern,
            "allow_stopwords": list(allowlist._stopwords),
            "decode_depth": engine.decode_depth,
            "include_client_safe": getattr(engine, "include_client_safe", True),
            "excluded": list(excluded),
            "min_confidence": str(settings.min_confidence),
        }
        manifest = {
            "version": VERSION,
            "decode_depth": int(settings.decode_depth),
            "max_file_size": int(settings.max_file_size),
            "baseline": str(settings.baseline) if settings.baseline is not None else None,
            "files": files,
            "user_files": user_files,
        }
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, data in (
            ("db", pickle.dumps([hyperscan.dumpb(db) for db in databases])),
            ("engine", pickle.dumps(engine_state, protocol=pickle.HIGHEST_PROTOCOL)),
            ("json", json.dumps(manifest).encode()),  # last: its presence says the others are complete
        ):
            target = folder / f"staged-{key}.{suffix}"
            tmp = folder / f".{target.name}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            tmp.replace(target)
        stale = sorted(folder.glob("staged-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[16:]
        for old in stale:
            for suffix in ("json", "db", "engine"):
                old.with_suffix(f".{suffix}").unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - no manifest only means the next run takes the full path too
        return
