"""Find rule matches in bytes: Hyperscan finds where, RE2 confirms and extracts the secret.

Both engines are linear-time on any input, so no rule and no input can make a scan hang. Hyperscan scans the
whole chunk once against every rule (hundreds of MB/s); it reports only match *ends*, so each hit is confirmed
by RE2 on a bounded window around it (the hit's line, clipped to a few KiB on minified megabyte lines), which
also gives the capture group. A rule Hyperscan cannot compile exactly is compiled in its prefilter mode (an
over-approximation), and RE2 does the exact work.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import hyperscan
import re2

from secretguard.cache import cache_dir
from secretguard.errors import RuleError
from secretguard.scan.decode import TEXT_TRIGGERS, encoded_keyword_literals, encoded_runs, text_windows
from secretguard.scan.filters import any_of
from secretguard.scan.pathtext import path_bytes
from secretguard.scan.regexes import quiet_options

if TYPE_CHECKING:  # only for type hints: importing rules pulls in pydantic
    from pathlib import Path

    from secretguard.scan.rules import Rule

# Bytes searched before and after a hit for the match that ends there. A secret longer than this (PEM keys are
# multiline rules with their own, larger window) would be cut.
WINDOW_BACK = 4096
WINDOW_FORWARD = 4096
MULTILINE_WINDOW = 16384
PREFILTER_BACK = 256
PREFILTER_FORWARD = 2048
MERGE_GAP = 2048
SMALL_CHUNK = 256 * 1024  # windows of one rule closer than this are confirmed with one RE2 call
# Past this many raw hits in one chunk (a keyword flood), stop the callback-per-hit path and let RE2 walk
# the chunk once per rule that can match: still linear, and far cheaper than millions of Python calls.
MAX_HITS = 50_000
WHOLE_CHUNK_HITS = 2000
# A generic rule's first matches in a chunk are as telling as all of them; past this many (a flood, a
# generated file) the rest would only cost judge time, and the chunk is reported as partial.
MAX_MATCHES_PER_RULE = 50_000
# Room for RE2's DFA on large generic rules; without it RE2 falls back to its (linear, slower) NFA.
CACHE_KEEP = 8
# Quiet: a rule's regex can come from a user's rule file, and RE2 would log it whole on an error.
_RE2_OPTIONS = quiet_options(max_mem=64 << 20)


@dataclass(slots=True)
class ScanHits:
    """What one Hyperscan pass found in a chunk, confirmed."""

    matches: list[RawMatch]
    encoded_runs: list[tuple[int, int]]  # base64/hex runs holding an encoded rule keyword
    text_windows: list[tuple[int, int]]  # windows holding percent-encoded or escaped text
    capped: list[str]  # rules whose matches were cut at MAX_MATCHES_PER_RULE


@dataclass(frozen=True, slots=True)
class RawMatch:
    """A confirmed regex match: byte offsets of the whole match and of the secret inside `data`."""

    rule_index: int
    start: int
    end: int
    secret_start: int
    secret_end: int
    # For generic rules: the assigned name and the user name, when the rule captures them.
    name: bytes = b""
    user: bytes = b""


def _probe(pattern: bytes) -> tuple[int | None, str]:
    """The flags Hyperscan compiles `pattern` with (exact, else prefilter), or None and its last refusal."""
    flag = hyperscan.HS_FLAG_ALLOWEMPTY
    refusal = ""
    for extra in (0, hyperscan.HS_FLAG_PREFILTER):
        probe = hyperscan.Database()
        try:
            probe.compile(expressions=[pattern], ids=[0], elements=1, flags=[flag | extra])
        except hyperscan.error as exc:
            refusal = str(exc)  # Hyperscan names the construct and its index, not the pattern
            continue
        return flag | extra, ""
    return None, refusal


def _flags_for(pattern: str, rule: Rule) -> int:
    flags, refusal = _probe(pattern.encode())
    if flags is None:
        raise RuleError(
            f"rule {rule.id} ({rule.origin}): the regex cannot be compiled by Hyperscan: {refusal}",
            hint="avoid backreferences and look-around",
        )
    return flags


def hyperscan_refusals(rules: Sequence[Rule]) -> dict[str, str]:
    """The rules Hyperscan cannot compile even as a prefilter, by id, with its reason. For rules from the
    user's files, checked when they are loaded so that one of them is skipped instead of stopping the scan
    when the matcher compiles. All of them at once first; a set found fine is remembered in the cache, so
    the usual run pays for neither compile."""
    patterns = [scan_pattern(rule)[0].encode() for rule in rules]
    if not patterns:
        return {}
    flags = [hyperscan.HS_FLAG_ALLOWEMPTY] * len(patterns)
    marker = cache_dir() / f"probe-{_cache_key(patterns, flags)}.ok"
    if marker.is_file():
        return {}
    refusals: dict[str, str] = {}
    try:
        hyperscan.Database().compile(
            expressions=patterns, ids=list(range(len(patterns))), elements=len(patterns), flags=flags
        )
    except hyperscan.error:
        for rule, pattern in zip(rules, patterns, strict=True):
            accepted, refusal = _probe(pattern)
            if accepted is None:
                refusals[rule.id] = f"the regex cannot be compiled by Hyperscan: {refusal}"
    if not refusals:
        _touch(marker)
    return refusals


def _touch(marker: Path) -> None:
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only home only costs the next run the check again


def _cache_key(expressions: Sequence[bytes], flags: Sequence[int]) -> str:
    version = getattr(hyperscan, "__version__", "0")
    digest = hashlib.sha256(f"hs2-{version}-{sys.platform}-{platform.machine()}".encode())
    for expression, flag in zip(expressions, flags, strict=True):
        digest.update(len(expression).to_bytes(4, "big") + flag.to_bytes(4, "big"))
        digest.update(expression)
    return digest.hexdigest()[:32]


def _load_cached(key: str) -> hyperscan.Database | None:
    """A database compiled earlier for exactly these expressions (compiling ~300 rules takes ~1 s)."""
    path = cache_dir() / f"hs-{key}.db"
    try:
        blob = path.read_bytes()
        return hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK)
    except (OSError, hyperscan.error, TypeError, ValueError):
        return None


def _store_cached(key: str, database: hyperscan.Database) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".hs-{key}.{os.getpid()}.tmp"
        tmp.write_bytes(hyperscan.dumpb(database))
        tmp.replace(folder / f"hs-{key}.db")
        # Keep the few most recent databases: each rule-set change (custom rules, upgrades) adds one.
        for pattern in ("hs-*.db", "triggers-*.txt", "probe-*.ok"):
            by_age = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in by_age[CACHE_KEEP:]:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the next run a compile


def _literal(text: bytes) -> bytes:
    return b"".join(b"\\x%02x" % byte for byte in text)


# A keyword-anchored rule: `(?i:<provider name>)[^\r\n]{0,N}?<value>`. Hyperscan gets the name part only (a
# few literals compile and scan far faster than the whole expression) and RE2 confirms the rest on the hit's
# line (the same line-bounded window an exact hit gets). Only this form: a rule that starts with a common word
# (`(?i:vault|token)…`) would turn every "token" into a hit to confirm.
_ANCHORED = re2.compile(r"^(\(\?i:(?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))\[\^\\r\\n\]\{0,\d+\}\??")


def scan_pattern(rule: Rule) -> tuple[str, bool]:
    """The expression Hyperscan scans for `rule`, and whether it is a prefilter (a superset of the rule
    that ends before the secret: RE2 then looks a little further on the hit's line)."""
    if rule.prefilter:
        return rule.prefilter, True
    if not rule.multiline:
        anchored = _ANCHORED.match(rule.regex)
        if anchored:
            return anchored.group(1), True
    return rule.regex, False


class CompiledRule:
    __slots__ = (
        "_regex",
        "groups",
        "index",
        "keywords",
        "only_paths",
        "pattern",
        "prefiltered",
        "rule",
        "skip_paths",
        "whole_chunk",
    )

    def __init__(self, rule: Rule, index: int) -> None:
        self.rule = rule
        self.index = index
        pattern, self.prefiltered = scan_pattern(rule)
        self.pattern = pattern.encode()  # what Hyperscan scans for (computed once: every pass needs it)
        self._regex: Any = None
        self.groups = rule.groups
        self.keywords = tuple(k.encode() for k in rule.keywords)
        self.only_paths = any_of(rule.paths)
        skip = rule.allowlist.paths
        self.skip_paths = any_of(skip)
        # Generic rules can match all over generated code (`token: t.token`): past WHOLE_CHUNK_HITS hits in
        # one chunk, RE2 walks the chunk once instead of once per window.
        self.whole_chunk = rule.provider == "generic"

    @property
    def regex(self) -> Any:
        """Compiled on first use: most rules never match a given input, and compiling all ~300 up front
        costs a few hundred milliseconds of every run."""
        if self._regex is None:
            self._regex = re2.compile(self.rule.regex.encode(), _RE2_OPTIONS)
        return self._regex

    def applies_to(self, path: str | bytes) -> bool:
        """Whether the rule scans a file of this name (`path_bytes` form, or any str)."""
        if self.only_paths is None and self.skip_paths is None:
            return True
        key = path_bytes(path)
        if self.only_paths is not None and not self.only_paths.search(key):
            return False
        return not (self.skip_paths is not None and self.skip_paths.search(key))

    def has_keyword(self, lowered: bytes) -> bool:
        return not self.keywords or any(k in lowered for k in self.keywords)


def _triggers(keywords: list[str], depth: int) -> list[bytes]:
    """The encoded-keyword literals, cached on disk: deriving ~12,000 of them costs ~0.2 s a run."""
    if not depth:
        return []
    digest = hashlib.sha256(f"triggers-v1 {depth}\0".encode() + "\0".join(keywords).encode()).hexdigest()
    path = cache_dir() / f"triggers-{digest[:32]}.txt"
    try:
        return path.read_bytes().split(b"\n") if path.stat().st_size else []
    except OSError:
        pass
    literals = encoded_keyword_literals(keywords, depth)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(b"\n".join(literals))
        tmp.replace(path)
    except OSError:
        pass
    return literals


def _path_set(rules: Sequence[CompiledRule]) -> tuple[Any, list[tuple[int, str]]]:
    """An RE2 set of every path-bound rule's `paths` and `allowlist.paths`, and what each entry is."""
    regex_set = re2.Set.SearchSet(quiet_options())
    entries: list[tuple[int, str]] = []
    for compiled in rules:
        for kind, patterns in (("only", compiled.rule.paths), ("skip", compiled.rule.allowlist.paths)):
            if patterns:
                regex_set.Add("|".join(f"(?:{p})" for p in patterns))
                entries.append((compiled.index, kind))
    regex_set.Compile()
    return regex_set, entries


class _Pass:
    """One Hyperscan database over a subset of the rules (plus, for the main pass, decoding triggers),
    compiled (or loaded from the cache) on first use: a pre-commit hook over small files never needs the
    passes for large chunks, and compiling ~700 rules costs seconds when no cached database exists."""

    def __init__(
        self, rule_ids: list[int], compile_database: Callable[[], hyperscan.Database | None], flood_at: int
    ) -> None:
        self.rule_ids = rule_ids
        self._compile_database = compile_database
        self._database: hyperscan.Database | None = None
        self._compiled = False
        self._lock = threading.Lock()
        self.flood_at = flood_at  # hits after which the pass stops and its rules walk the chunk instead
        self._local = threading.local()

    @property
    def database(self) -> hyperscan.Database | None:
        if not self._compiled:
            with self._lock:
                if not self._compiled:
                    self._database = self._compile_database()
                    self._compiled = True
        return self._database

    def run(
        self, data: bytes, skip: frozenset[int] = frozenset(), limit: int = 0
    ) -> tuple[list[tuple[int, int]], bool]:
        """(index, end) hits in database ids, and whether the pass stopped at `flood_at` (or at `limit`
        hits, when given). Hits of the database ids in `skip` are dropped as they come (they neither count
        towards a flood nor are kept)."""
        hits: list[tuple[int, int]] = []
        database = self.database
        if database is None:
            return hits, False
        limit = limit or self.flood_at

        # Held in a local: python-hyperscan keeps no reference to the handler it is given.
        if skip:

            def on_hit(index: int, _start: int, end: int, _flags: int, _ctx: object) -> bool:
                if index in skip:
                    return False
                hits.append((index, end))
                return len(hits) >= limit

        else:

            def on_hit(index: int, _start: int, end: int, _flags: int, _ctx: object) -> bool:
                hits.append((index, end))
                return len(hits) >= limit

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(database)
        try:
            database.scan(data, match_event_handler=on_hit, scratch=scratch)
        except hyperscan.ScanTerminated:
            return hits, True
        return hits, False


class Matcher:
    """Compiled rules, ready to scan. Safe to share between threads (one Hyperscan scratch per thread).

    Three passes: provider rules with the decoding triggers (rare hits, exact), generic rules (which can
    match all over generated code, so they give up early on a flood and walk the chunk with RE2), and rules
    bound to file names (`.env`, config files), scanned only for files they apply to.
    """

    def __init__(
        self, rules: Sequence[Rule], decode_depth: int = 2, capped: frozenset[int] = frozenset()
    ) -> None:
        self.rules = [CompiledRule(rule, i) for i, rule in enumerate(rules)]
        # Rules that sit out minified content (`skip_minified`), and rules that cannot reach the report's
        # confidence floor where their findings are lowered (the engine decides which, and where).
        self._minified_skip = frozenset(i for i, rule in enumerate(rules) if rule.skip_minified)
        self._capped = capped
        self._skipped_memo: dict[tuple[int, frozenset[int]], frozenset[int]] = {}
        # Path-bound: rules limited to some files (`.env`, config files) and rules that skip source code;
        # they get their own pass, run only for files one of them applies to. A rule that merely skips a
        # few names (lock files) stays in the common passes and is filtered when its hits are confirmed.
        self._path_bound = [
            c
            for c in self.rules
            if c.only_paths is not None or not (c.applies_to("probe.py") and c.applies_to("probe.js"))
        ]
        bound_set = {c.index for c in self._path_bound}
        free = [c for c in self.rules if c.index not in bound_set]
        provider = [c.index for c in free if not c.whole_chunk]
        generic = [c.index for c in free if c.whole_chunk]
        bound = [c.index for c in self._path_bound]
        # Rule keywords as they look base64- or hex-encoded (nested up to `decode_depth`): a hit marks an
        # encoded run worth decoding, so the decoding pass costs nothing on text that hides no keyword.
        self.triggers = _triggers(sorted({k for rule in rules for k in rule.keywords}), decode_depth)
        self._triggers_joined: tuple[Sequence[bytes], bytes] | None = None
        text_triggers = bool(decode_depth)

        def compiler(ids: list[int], triggers: Sequence[bytes], text: bool) -> Callable[[], Any]:
            return lambda: self._compile(
                [rules[i] for i in ids], [self.rules[i].pattern for i in ids], triggers, text
            )

        self._main = _Pass(provider, compiler(provider, self.triggers, text_triggers), MAX_HITS)
        self._generic = _Pass(generic, compiler(generic, [], False), WHOLE_CHUNK_HITS)
        self._bound = _Pass(bound, compiler(bound, [], False), WHOLE_CHUNK_HITS)
        # Small chunks (most files of a source tree) go through provider and generic rules in one pass:
        # a flood there is bounded by the chunk's size, and one Hyperscan call per file is saved.
        both = provider + generic
        self._small = _Pass(both, compiler(both, self.triggers, text_triggers), MAX_HITS)
        self._keyword_db: hyperscan.Database | None = None
        self._keyword_list: list[bytes] = []
        self._path_set: Any = None
        self._path_entries: list[tuple[int, str]] = []
        self._bound_memo: dict[str, bool] = {}
        # Every rule whose verdict can depend on the file name, for `path_profile`.
        self._path_sensitive = [c for c in self.rules if c.only_paths is not None or c.skip_paths is not None]
        self._profile_memo: dict[str, tuple[int, ...]] = {}

    def _compile(
        self, rules: Sequence[Rule], patterns: list[bytes], triggers: Sequence[bytes], text_triggers: bool
    ) -> hyperscan.Database | None:
        """Rules first (ids 0..n-1; `patterns`: what Hyperscan scans for each), then the encoded-keyword
        literals, then the patterns that mark percent-encoded and escaped text (when decoding is on)."""
        texts = list(TEXT_TRIGGERS) if text_triggers else []
        count = len(patterns) + len(triggers) + len(texts)
        if not count:
            return None
        ids = list(range(count))
        extra = [0] * (count - len(rules))
        flags = [hyperscan.HS_FLAG_ALLOWEMPTY] * len(rules) + extra
        # The literals are hashed as one blob (base64/hex: no newlines); escaping or hashing ~12,000 of them
        # one by one would cost tens of milliseconds on every run, the pre-commit hook's included.
        key = _cache_key(
            [*patterns, *texts, self._joined(triggers)], [*flags[: len(rules)], *[0] * (len(texts) + 1)]
        )
        cached = _load_cached(key)
        if cached is not None:
            return cached
        expressions = patterns + [_literal(t) for t in triggers] + texts
        database = hyperscan.Database()
        try:
            database.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
        except hyperscan.error:
            # Find the rules Hyperscan cannot take exactly and compile those in prefilter mode.
            flags = [_flags_for(scan_pattern(rule)[0], rule) for rule in rules] + extra
            database = hyperscan.Database()
            database.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
        _store_cached(key, database)
        return database

    def _joined(self, triggers: Sequence[bytes]) -> bytes:
        """The literals as one blob for the cache key, joined once (two passes hash the same ~12,000)."""
        if not triggers:
            return b""
        if self._triggers_joined is None or self._triggers_joined[0] is not triggers:
            self._triggers_joined = (triggers, b"\n".join(triggers))
        return self._triggers_joined[1]

    def databases(self) -> list[hyperscan.Database]:
        """Every Hyperscan database the matcher scans with, compiled now if not yet: a finding always starts
        as a hit in one of them."""
        passes = (self._main, self._generic, self._bound, self._small)
        return [p.database for p in passes if p.database is not None]

    def could_hit(self, data: bytes, path: str | None = None) -> bool:
        """Whether any pattern of the matcher hits `data` (the screen's test, scan/screen.py): when none
        does, `scan` finds nothing in it, whatever the path (or at `path`, when given: the path-bound
        pass is left out where none of its rules applies). One pass over the fewest databases that hold
        every pattern, stopped at the first hit."""
        if not data or not self.rules:
            return False
        if self._small.run(data, limit=1)[0]:
            return True
        if path is not None and not (self._path_bound and self._bound_applies(path)):
            return False
        return bool(self._bound.run(data, limit=1)[0])

    def load_databases(self) -> None:
        """Load (or compile) every pass's database now rather than on first use: a parent about to fork
        its workers loads them once for all of them (each would load its own otherwise)."""
        for scan_pass in (self._small, self._main, self._generic, self._bound):
            _ = scan_pass.database

    def screen_databases(self) -> list[hyperscan.Database]:
        """The fewest databases that hold every pattern the matcher scans for: the small-chunk pass (provider
        and generic rules, the decoding triggers) and the path-bound pass; compiled now if not yet. An input
        none of them hits has no finding (the fast path's screen, scan/screen.py, relies on it)."""
        return [p.database for p in (self._small, self._bound) if p.database is not None]

    def path_profile(self, path: str) -> tuple[int, ...]:
        """The rules that do not apply to `path`: two paths with the same profile get the same findings from
        the same content, so content seen under one need not be scanned again under the other."""
        known = self._profile_memo.get(path)
        if known is None:
            if len(self._profile_memo) >= 65536:
                self._profile_memo.clear()
            key = path_bytes(path)
            known = tuple(c.index for c in self._path_sensitive if not c.applies_to(key))
            self._profile_memo[path] = known
        return known

    def _bound_applies(self, path: str) -> bool:
        """Whether any path-bound rule applies to `path`: one RE2 set match per file instead of a search
        per rule per file (tens of thousands of files make that add up), remembered per path (a history
        touches the same files again and again)."""
        known = self._bound_memo.get(path)
        if known is None:
            if len(self._bound_memo) >= 65536:
                self._bound_memo.clear()
            known = self._bound_memo[path] = self._bound_applies_uncached(path)
        return known

    def _bound_applies_uncached(self, path: str) -> bool:
        if self._path_set is None:
            self._path_set, self._path_entries = _path_set(self._path_bound)
        matched = {self._path_entries[i] for i in self._path_set.Match(path_bytes(path)) or ()}
        for compiled in self._path_bound:
            only = compiled.only_paths is None or (compiled.index, "only") in matched
            if only and (compiled.index, "skip") not in matched:
                return True
        return False

    def _skipped(self, minified: bool, lowered: bool) -> frozenset[int]:
        """The rules that sit out this chunk."""
        if minified and lowered:
            return self._minified_skip | self._capped
        if minified:
            return self._minified_skip
        return self._capped if lowered else frozenset()

    def _skipped_ids(self, pass_: _Pass, skipped: frozenset[int]) -> frozenset[int]:
        """Database ids of the pass's rules in `skipped` (a handful of combinations: remembered)."""
        if not skipped:
            return frozenset()
        key = (id(pass_), skipped)
        known = self._skipped_memo.get(key)
        if known is None:
            known = frozenset(i for i, rule_id in enumerate(pass_.rule_ids) if rule_id in skipped)
            self._skipped_memo[key] = known
        return known

    def scan(self, data: bytes, path: str, *, minified: bool = False, lowered: bool = False) -> ScanHits:
        """Confirmed matches, the runs worth decoding, and the rules whose matches were capped (the caller
        reports the chunk as partial). `skip_minified` rules sit out when `minified` is set, the capped rules
        when `lowered` is (the chunk's findings would be lowered below the report's floor)."""
        if not data or not self.rules:
            return ScanHits([], [], [], [])
        capped: list[str] = []
        matches: list[RawMatch] = []
        seen: set[tuple[int, int, int]] = set()
        rule_hits: list[tuple[int, int]] = []
        key = path_bytes(path)  # encoded once for every rule's path check

        first = self._small if len(data) <= SMALL_CHUNK else self._main
        skipped = self._skipped(minified, lowered)
        hits, flooded = first.run(data, self._skipped_ids(first, skipped))
        provider_count = len(first.rule_ids)
        literal_end = provider_count + len(self.triggers)
        trigger_ends = [end for index, end in hits if provider_count <= index < literal_end]
        text_ends = [end for index, end in hits if index >= literal_end]
        if flooded:
            self._walk(data, key, first.rule_ids, seen, matches, capped, skipped)
        else:
            rule_hits += [(first.rule_ids[index], end) for index, end in hits if index < provider_count]

        passes = [] if first is self._small else [self._generic]
        if self._path_bound and self._bound_applies(path):
            passes.append(self._bound)
        for extra in passes:
            hits, flooded = extra.run(data, self._skipped_ids(extra, skipped))
            if flooded:
                self._walk(data, key, extra.rule_ids, seen, matches, capped, skipped)
            else:
                rule_hits += [(extra.rule_ids[index], end) for index, end in hits]
        rule_hits.sort(key=lambda hit: hit[1])
        matches += self._confirm(data, key, rule_hits, seen, capped)
        return ScanHits(matches, encoded_runs(data, trigger_ends), text_windows(data, text_ends), capped)

    def _walk(
        self,
        data: bytes,
        path: bytes,
        rule_ids: list[int],
        seen: set[tuple[int, int, int]],
        out: list[RawMatch],
        capped: list[str],
        skipped: frozenset[int] = frozenset(),
    ) -> None:
        """A flooded pass: each of its rules whose keywords occur walks the whole chunk with RE2 once, its
        matches capped (and the cap reported), instead of a Python callback per Hyperscan hit."""
        present = self._keywords_present(data)
        for index in rule_ids:
            compiled = self.rules[index]
            if not compiled.applies_to(path) or index in skipped:
                continue
            if compiled.keywords and not any(k in present for k in compiled.keywords):
                continue
            if self._extract(compiled, data, 0, seen, out, limit=MAX_MATCHES_PER_RULE):
                capped.append(compiled.rule.id)

    def _confirm(
        self,
        data: bytes,
        path: bytes,
        hits: list[tuple[int, int]],
        seen: set[tuple[int, int, int]],
        capped: list[str],
    ) -> list[RawMatch]:
        """RE2 on a window around each hit: the hit's line, clipped. A rule's windows that lie close
        together are merged, so a file with many hits costs a few RE2 calls rather than one per line."""
        by_rule: dict[int, list[int]] = {}
        for rule_index, end in hits:
            by_rule.setdefault(rule_index, []).append(end)
        out: list[RawMatch] = []
        for rule_index, ends in by_rule.items():
            compiled = self.rules[rule_index]
            if not compiled.applies_to(path):
                continue
            windows: list[tuple[int, int]] = []
            for end in ends:
                if windows and end <= windows[-1][1]:
                    continue
                lo, hi = self._window(data, compiled, end)
                if windows and lo <= windows[-1][1] + MERGE_GAP:
                    windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
                else:
                    windows.append((lo, hi))
            for lo, hi in windows:
                self._extract(compiled, data[lo:hi], lo, seen, out)
        return out

    @staticmethod
    def _window(data: bytes, compiled: CompiledRule, end: int) -> tuple[int, int]:
        size = len(data)
        if compiled.rule.multiline:
            return max(0, end - MULTILINE_WINDOW), min(size, end + MULTILINE_WINDOW)
        # A prefilter hit ends where the value starts: the match begins a name's length before it.
        back, forward = (
            (PREFILTER_BACK, PREFILTER_FORWARD) if compiled.prefiltered else (WINDOW_BACK, WINDOW_FORWARD)
        )
        floor = max(0, end - back)
        # end - 1: a rule may end by consuming the newline after the key; that is not the line start.
        newline = data.rfind(b"\n", floor, max(floor, end - 1))
        lo = newline + 1 if newline >= 0 else floor
        ceiling = min(size, end + forward)
        newline = data.find(b"\n", end, ceiling)
        return lo, newline if newline >= 0 else ceiling

    def _keywords_present(self, data: bytes) -> set[bytes]:
        """Which rule keywords occur in `data` (case-insensitively), in one Hyperscan pass: looking for each
        keyword separately would read a flooded chunk once per rule."""
        if self._keyword_db is None:
            self._keyword_list = sorted({k for compiled in self.rules for k in compiled.keywords})
            database = hyperscan.Database()
            flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH
            database.compile(
                expressions=[_literal(k) for k in self._keyword_list],
                ids=list(range(len(self._keyword_list))),
                elements=len(self._keyword_list),
                flags=[flags] * len(self._keyword_list),
            )
            self._keyword_db = database
        found: set[bytes] = set()
        keywords = self._keyword_list

        def on_keyword(index: int, _start: int, _end: int, _flags: int, _ctx: object) -> None:
            found.add(keywords[index])

        self._keyword_db.scan(
            data, match_event_handler=on_keyword, scratch=hyperscan.Scratch(self._keyword_db)
        )
        return found

    @staticmethod
    def _extract(
        compiled: CompiledRule,
        window: bytes,
        offset: int,
        seen: set[tuple[int, int, int]],
        out: list[RawMatch],
        limit: int = 0,
    ) -> bool:
        """Append the rule's matches in `window`; True when `limit` cut them short."""
        rule = compiled.rule
        lowered_window: bytes | None = None
        found = 0
        for match in compiled.regex.finditer(window):
            s_start = s_end = -1
            for group in compiled.groups:
                s_start, s_end = match.span(group)
                if s_start >= 0 and s_end > s_start:
                    break
            if s_start < 0 or s_end <= s_start:
                continue
            key = (compiled.index, offset + s_start, offset + s_end)
            if key in seen:
                continue
            start, end = match.span()
            if compiled.keywords and not compiled.has_keyword(window[start:end].lower()):
                # The keyword may sit elsewhere on the line ("a match counts when a keyword occurs in it or
                # on its line"); the line is lowered once, only when a match needs it.
                if lowered_window is None:
                    lowered_window = window.lower()
                if not compiled.has_keyword(lowered_window):
                    continue
            seen.add(key)
            name = match.group(rule.name_group) or b"" if rule.name_group else b""
            user = match.group(rule.user_group) or b"" if rule.user_group else b""
            out.append(RawMatch(compiled.index, offset + start, offset + end, key[1], key[2], name, user))
            found += 1
            if limit and found >= limit:
                return True
        return False
