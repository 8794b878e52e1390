"""The detection engine: chunk -> matches -> filters -> decoding passes -> overlap resolution -> findings."""

from __future__ import annotations

import bisect
import copy
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from secretguard.scan.assignment import (
    credential_name,
    credential_value,
    is_weak_word,
    judge,
    judge_encoded,
    mentions_credential,
)
from secretguard.scan.chunk import Chunk
from secretguard.scan.confidence import (
    HIGH,
    LOW,
    assess,
    capped_at_medium,
    jwt_role,
    prefix_in_secret,
)
from secretguard.scan.context import assigned_name, looks_minified, lowers_generic
from secretguard.scan.decode import Decoded, find_encoded
from secretguard.scan.filters import ValueAllowlist, dummy_reason, placeholder_reason, shannon_entropy
from secretguard.scan.finding import CONFIDENCE_LEVELS as LEVELS
from secretguard.scan.finding import Finding, redact
from secretguard.scan.gate import ALLOWED_INLINE
from secretguard.scan.matcher import MAX_MATCHES_PER_RULE, Matcher, RawMatch
from secretguard.scan.validators import VALIDATORS

if TYPE_CHECKING:  # only for type hints: importing rules pulls in pydantic
    from secretguard.scan.rules import Rule

# Inline markers that silence a finding on their line: ours, and the ones teams migrate from.
_RUN_SEPARATOR = b"\n\n"
ALLOW_MARKERS = (b"secretguard:allow", b"pragma: allowlist secret", b"gitleaks:allow")
EXCERPT_CONTEXT = 40
JUDGE_CONTEXT = 256  # bytes of the line either side of a match that the judges and heuristics look at
MAX_SECRET = 8192
# Match verdicts remembered across chunks before the memory is cleared (each holds a short key).
VERDICT_MEMO = 16384
# Past this many findings of one rule in one chunk (a generated file, a string table), the rest are summarised
# on the last one kept (`more_in_file`) instead of listed; structural (high-confidence) findings are all kept.
FLOOD_KEEP = 20
# Two halves of a credential this close (bytes) in one chunk are taken as a pair (one config block or call).
PAIR_DISTANCE = 2048


class _Missing:
    """Stands for "no verdict remembered" (None is a verdict: the match was rejected)."""


_MISSING: Final = _Missing()


@dataclass(slots=True)
class Candidate:
    rule_index: int
    start: int  # span in the chunk's bytes that holds the secret (or the encoded run containing it)
    end: int
    secret: str
    decoded: tuple[str, ...] = ()
    name: str = ""  # the assigned name a generic rule captured
    # How much the rule's match says beyond the secret: a rule keyword (a provider's name) in the match
    # outside the secret, and the match's length; both break ties between rules that claim one secret.
    anchored: bool = False
    reach: int = 0

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def _name(raw: RawMatch) -> str:
    return raw.name.decode("utf-8", "replace") if raw.name else ""


def _with(rule: Rule, **changes: str) -> Rule:
    """A copy of `rule` with `changes`: a pydantic rule, or the plain record the hook's fast path uses."""
    if hasattr(rule, "model_copy"):
        return rule.model_copy(update=changes)
    record = copy.copy(rule)
    record.__dict__.update(changes)
    return record


def _summarise_floods(findings: list[Finding], per_rule: dict[int, int], rules: Sequence[Rule]) -> None:
    """Mark the last finding kept of each flooded rule with how many more there were in the chunk."""
    for index, count in per_rule.items():
        if count <= FLOOD_KEEP:
            continue
        rule_id = rules[index].id
        last = next((f for f in reversed(findings) if f.rule_id == rule_id and not f.structural), None)
        if last is None:
            continue
        last.extra["more_in_file"] = count - FLOOD_KEEP
        last.reasons = (*last.reasons, f"flood-{count}-in-file")


def _raise_pairs(findings: list[Finding], pairs: dict[str, frozenset[str]]) -> None:
    """A finding whose partner rule (the other half of the credential) matched close by is raised a level."""
    halves = [f for f in findings if f.rule_id in pairs]
    if len(halves) < 2:
        return
    for finding in halves:
        partners = pairs[finding.rule_id]
        if not any(
            other.rule_id in partners and abs(other.offset - finding.offset) <= PAIR_DISTANCE
            for other in halves
        ):
            continue
        level = min(len(LEVELS) - 1, LEVELS.index(finding.confidence) + 1)
        finding.confidence = LEVELS[level]
        finding.reasons = (*finding.reasons, "key-pair")
        finding.structural = True


def _line_bounds(data: bytes, start: int, end: int, reach: int = 2048) -> tuple[int, int]:
    """The line around [start, end), clipped so a megabyte-long minified line costs a bounded search."""
    floor = max(0, start - reach)
    newline = data.rfind(b"\n", floor, start)
    lo = newline + 1 if newline >= 0 else floor
    ceiling = min(len(data), end + reach)
    newline = data.find(b"\n", end, ceiling)
    hi = newline if newline >= 0 else ceiling
    return lo, hi


class Engine:
    """Compiled rules plus the filters around them. Build once, scan many chunks (thread-safe)."""

    def __init__(
        self,
        rules: Sequence[Rule],
        *,
        allowlist: ValueAllowlist | None = None,
        decode_depth: int = 2,
        honour_inline_allow: bool = True,
        report_inline_allowed: bool = False,
        include_client_safe: bool = True,
        min_confidence: str = "low",
    ) -> None:
        self.rules = list(rules)
        # A generic rule without structural evidence is at most medium, and minified build output, tests,
        # fixtures, vendored copies and documentation lower it a level: with a floor above low it can never be
        # reported there, so it is not run there.
        self._floor_above_low = LEVELS.index(min_confidence) > LOW
        capped = frozenset(
            i for i, rule in enumerate(self.rules) if self._floor_above_low and capped_at_medium(rule)
        )
        self.matcher = Matcher(self.rules, decode_depth, capped=capped)
        self.allowlist = allowlist or ValueAllowlist()
        self._rule_allow = [ValueAllowlist(r.allowlist.regexes, r.allowlist.stopwords) for r in self.rules]
        self.decode_depth = decode_depth
        self.honour_inline_allow = honour_inline_allow
        # The CI gate lists what a change allows inline: such findings are kept with the reason
        # `allowed-inline`, and the gate (scan/gate.py) sets them aside instead of failing on them.
        self.report_inline_allowed = report_inline_allowed
        # Publishable keys (Stripe pk_, Firebase web API keys...) are public by design: in source and history
        # they are noise; in a built bundle they are reported, marked client-safe.
        self.include_client_safe = include_client_safe
        # Verdicts on matches alone (not their line), kept across chunks: a history presents the same
        # assignments in every version of a file, generated files repeat one pair thousands of times.
        self._verdicts: dict[tuple[object, ...], str | None] = {}
        self._pairs: dict[str, frozenset[str]] = {}
        self._claim_rules: dict[tuple[str, str], Rule] = {}
        self._warming: threading.Thread | None = None  # warm_up's loading, joined before a fork
        for rule in self.rules:
            for partner in rule.pairs_with:
                self._pairs[rule.id] = self._pairs.get(rule.id, frozenset()) | {partner}
                self._pairs[partner] = self._pairs.get(partner, frozenset()) | {rule.id}

    def _rule_by_claims(self, rule: Rule, token: str) -> Rule:
        """A Supabase JWT is judged by its role claim: `anon` and `authenticated` keys are public by design
        (client-safe, low), a `service_role` key is the master key whatever name it sits under."""
        role = jwt_role(token)
        if role is None:
            return rule
        key = (rule.id, role)
        cached = self._claim_rules.get(key)
        if cached is not None:
            return cached
        if role == "service_role":
            master = next((r for r in self.rules if r.id == "supabase-service-role-key"), None)
            judged = master or _with(
                rule, title="Supabase service_role JWT", severity="critical", provider="supabase"
            )
        else:
            judged = _with(
                rule,
                title=f"Supabase {role} key (public by design)",
                provider="supabase",
                severity="low",
                exposure="client-safe",
            )
        self._claim_rules[key] = judged
        return judged

    def path_profile(self, path: str) -> tuple[int, ...]:
        """Equal for two paths when the same content gets the same findings under both."""
        profile = self.matcher.path_profile(path)
        return (*profile, -1) if self._lowered_place(path) else profile

    def _lowered_place(self, path: str) -> bool:
        return self._floor_above_low and lowers_generic(path)

    # --- candidates ------------------------------------------------------------------------------------

    def _accept(self, raw: RawMatch, data: bytes) -> str | None:
        """The secret if this match survives every filter, else None. Judgements that depend only on the
        match (not its line) are remembered (bounded): the same pairs come back again and again."""
        rule = self.rules[raw.rule_index]
        if raw.secret_end - raw.secret_start > MAX_SECRET:
            return None
        quoted = raw.secret_start > 0 and data[raw.secret_start - 1 : raw.secret_start] in (b'"', b"'", b"`")
        before = data[max(0, raw.start - 8) : raw.start] if rule.judge == "assignment" else b""
        key = (raw.rule_index, data[raw.secret_start : raw.secret_end], raw.name, raw.user, quoted, before)
        memo = self._verdicts
        # One read: another thread may clear the memo between a membership test and a lookup.
        known = memo.get(key, _MISSING)
        if isinstance(known, _Missing):
            if len(memo) >= VERDICT_MEMO:
                memo.clear()
            secret = memo[key] = self._accept_value(raw, data, quoted, before)
        else:
            secret = known
        if secret is None or not (
            rule.judge == "entropy" or rule.heuristics or rule.needs_credential_context
        ):
            return secret
        lo, hi = _line_bounds(data, raw.start, raw.end, JUDGE_CONTEXT)
        line = data[lo:hi].decode("utf-8", "replace")
        if rule.judge == "entropy" and not judge_encoded(raw.name.decode("utf-8", "replace"), secret, line):
            return None
        if rule.needs_credential_context and not (
            credential_name(raw.name.decode("utf-8", "replace"))[0] or mentions_credential(line)
        ):
            return None
        if rule.heuristics:
            from secretguard.scan.heuristics import looks_like_false_positive  # noqa: PLC0415 - lazy

            if looks_like_false_positive(secret, line) is not None:
                return None
        return secret

    def _accept_value(self, raw: RawMatch, data: bytes, quoted: bool, before: bytes) -> str | None:
        """The filters that look at the match alone: shape, entropy, validators, placeholders, judges."""
        rule = self.rules[raw.rule_index]
        secret = data[raw.secret_start : raw.secret_end].decode("utf-8", "replace").strip()
        if not secret:
            return None
        if rule.min_length is not None and len(secret) < rule.min_length:
            return None
        if rule.max_length is not None and len(secret) > rule.max_length:
            return None
        if rule.entropy is not None and shannon_entropy(secret) < rule.entropy:
            return None
        if rule.validator is not None and not VALIDATORS[rule.validator](secret):
            return None
        # The judges first: they reject most generic candidates, and are cheaper than the placeholder scan.
        if rule.judge == "assignment":
            if not judge(raw.name.decode("utf-8", "replace"), secret, quoted=quoted, before=before):
                return None
        elif rule.judge == "value" and not credential_value(secret, quoted=False, password_like=False):
            return None
        if rule.weak_words and is_weak_word(secret):
            return None
        if rule.user_group is not None and raw.user and raw.user.decode("utf-8", "replace") == secret:
            return None
        if placeholder_reason(secret) is not None:
            return None
        if rule.provider == "generic" and dummy_reason(secret) is not None:
            return None
        if self._rule_allow[raw.rule_index].allows(secret) or self.allowlist.allows(secret):
            return None
        return secret

    def _candidate(self, raw: RawMatch, data: bytes, secret: str) -> Candidate:
        compiled = self.matcher.rules[raw.rule_index]
        keywords = compiled.keywords if compiled.rule.provider != "generic" else ()  # only ranks providers
        anchored = bool(keywords) and any(
            k in part
            for part in (data[raw.start : raw.secret_start].lower(), data[raw.secret_end : raw.end].lower())
            for k in keywords
        )
        return Candidate(
            raw.rule_index,
            raw.secret_start,
            raw.secret_end,
            secret,
            (),
            _name(raw),
            anchored,
            raw.end - raw.start,
        )

    def candidates(
        self,
        data: bytes,
        path: str,
        depth: int = 0,
        notes: list[str] | None = None,
        *,
        minified: bool = False,
        lowered: bool = False,
    ) -> list[Candidate]:
        hits = self.matcher.scan(data, path, minified=minified, lowered=lowered)
        if hits.capped and notes is not None:
            notes.extend(
                f"more than {MAX_MATCHES_PER_RULE} matches of rule {rule_id}: the rest were not examined"
                for rule_id in hits.capped
            )
        found: list[Candidate] = []
        judged: list[RawMatch] = []  # generic matches that need the detect-secrets heuristics
        for raw in hits.matches:
            if self.rules[raw.rule_index].heuristics:
                judged.append(raw)
            elif (secret := self._accept(raw, data)) is not None:
                found.append(self._candidate(raw, data, secret))
        if judged:
            # A generic match whose secret a provider rule already claims would lose the overlap anyway:
            # skipping it spares the heuristics (and their ~100 ms import in a pre-commit hook).
            claimed = [(c.start, c.end) for c in found if self.rules[c.rule_index].provider != "generic"]
            for raw in judged:
                if any(s <= raw.secret_start and raw.secret_end <= e for s, e in claimed):
                    continue
                if (secret := self._accept(raw, data)) is not None:
                    found.append(self._candidate(raw, data, secret))
        if depth < self.decode_depth:
            decoded = list(find_encoded(data, hits.encoded_runs, hits.text_windows))
            if decoded:
                found.extend(self._decoded_candidates(decoded, path, depth, notes, minified, lowered))
        return self._resolve(found)

    def _decoded_candidates(
        self,
        decoded: list[Decoded],
        path: str,
        depth: int,
        notes: list[str] | None,
        minified: bool,
        lowered: bool,
    ) -> list[Candidate]:
        """Scan every decoded run of a chunk in one pass (a blank line between runs keeps matches apart),
        then report each secret at the position of the encoded run it came from."""
        starts: list[int] = []
        parts: list[bytes] = []
        offset = 0
        for run in decoded:
            starts.append(offset)
            parts.append(run.data)
            offset += len(run.data) + len(_RUN_SEPARATOR)
        out = []
        joined = _RUN_SEPARATOR.join(parts)
        for inner in self.candidates(joined, path, depth + 1, notes, minified=minified, lowered=lowered):
            run = decoded[bisect.bisect_right(starts, inner.start) - 1]
            out.append(
                Candidate(
                    inner.rule_index,
                    run.start,
                    run.end,
                    inner.secret,
                    (run.encoding, *inner.decoded),
                    inner.name or assigned_name(joined, inner.start),
                    inner.anchored,
                    inner.reach,
                )
            )
        return out

    def _rank(self, candidate: Candidate) -> tuple[int, int, int, int, int, int]:
        """Higher wins an overlap: a provider-specific rule beats a generic one (even through a decoding:
        a GitHub token inside base64 is a GitHub token), a secret seen directly beats one seen through a
        decoding; then the evidence: a prefix in the secret counts twice a provider name beside it (`nfp_…`
        is a Netlify access token even where a legacy-token rule anchored on "netlify" also matches), both
        together win (`CLERK_SECRET_KEY=sk_live_…` is Clerk's, not Stripe's); then a structural rule beats a
        judged assignment, the declared priority, and the match that took in more context."""
        rule = self.rules[candidate.rule_index]
        evidence = 0
        if rule.provider != "generic":
            evidence = (2 if prefix_in_secret(rule, candidate.secret) else 0) + (
                1 if candidate.anchored else 0
            )
        return (
            0 if rule.provider == "generic" else 1,
            0 if candidate.decoded else 1,
            evidence,
            0 if rule.judge is not None else 1,
            rule.priority,
            candidate.reach,
        )

    def _resolve(self, found: list[Candidate]) -> list[Candidate]:
        if len(found) < 2:
            return found
        found.sort(key=lambda c: (c.start, -c.end))
        kept: list[Candidate] = []
        for cand in found:
            rank = self._rank(cand)
            loser = False
            for other in kept[-8:]:
                if not cand.overlaps(other):
                    continue
                other_rank = self._rank(other)
                if other_rank > rank or (other_rank == rank and other.secret == cand.secret):
                    loser = True
                    break
            if loser:
                continue
            # A better candidate replaces weaker overlapping ones kept just before it (sorted by start,
            # so overlaps sit at the tail: looking further back would make a dense line quadratic).
            tail = kept[-8:]
            survivors = [k for k in tail if not (k.overlaps(cand) and self._rank(k) < rank)]
            if len(survivors) != len(tail):
                del kept[len(kept) - len(tail) :]
                kept.extend(survivors)
            kept.append(cand)
        return kept

    # --- findings --------------------------------------------------------------------------------------

    def could_find(self, data: bytes, path: str | None = None) -> bool:
        """False when no pattern of any rule (nor a decoding trigger) hits `data`: then `scan` finds nothing
        in it, whatever its path (or at `path`, when given). Costs a fraction of `scan` on the many small
        inputs with no hit (commit messages, the changed lines of a file's new version)."""
        return self.matcher.could_hit(data, path)

    def warm_up(self) -> None:
        """A run that will fork workers soon: start loading, on a thread beside the git commands that come
        first, what `before_fork` loads. Started at most once per engine."""
        if self._warming is None:
            self._warming = threading.Thread(target=self._load_for_workers, name="warm-up", daemon=True)
            self._warming.start()

    def before_fork(self) -> None:
        """Load now (or wait for `warm_up` to finish loading) what every worker would load on its own after a
        fork: the matcher's Hyperscan databases (~25 ms each from the cache) and the detect-secrets
        heuristics when a rule uses them. Loaded once here, inherited by all of them, and by this process's
        own scans after the workers' (attribution, the HEAD check). No thread may be loading at the fork."""
        if self._warming is not None:
            self._warming.join()
        self._load_for_workers()

    def _load_for_workers(self) -> None:
        self.matcher.load_databases()
        if any(rule.heuristics for rule in self.rules):
            from secretguard.scan.heuristics import preload  # noqa: PLC0415 - lazy: the hook never forks

            preload()

    def chunk_wide(self, findings: Sequence[Finding]) -> bool:
        """Whether any of a chunk's findings depends on the rest of the chunk beyond its own lines: a half of
        a paired credential (raised by its partner anywhere near), or a rule close to its flood limit (kept
        or dropped by its count in the chunk). Such a chunk's findings cannot be put together from parts."""
        per_rule: dict[str, int] = {}
        for finding in findings:
            if finding.rule_id in self._pairs:
                return True
            if finding.confidence != "high":
                count = per_rule[finding.rule_id] = per_rule.get(finding.rule_id, 0) + 1
                if count >= FLOOD_KEEP // 2:
                    return True
        return False

    def scan(self, chunk: Chunk, notes: list[str] | None = None) -> list[Finding]:
        """Findings in one chunk. `notes` collects what could not be examined (the chunk is then partial)."""
        data = chunk.data
        minified = looks_minified(data) if chunk.minified is None else chunk.minified
        place = chunk.place_path
        lowered = self._floor_above_low and (minified or self._lowered_place(place))
        cands = self.candidates(data, chunk.path, notes=notes, minified=minified, lowered=lowered)
        if not cands:
            return []
        per_rule: dict[int, int] = {}
        cands.sort(key=lambda c: c.start)
        starts = [c.start for c in cands]
        findings: list[Finding] = []
        line_index = 0
        line_start = 0
        pos = 0
        for cand in cands:
            newlines = data.count(b"\n", pos, cand.start)
            if newlines:
                line_index += newlines
                line_start = data.rfind(b"\n", pos, cand.start) + 1
            pos = cand.start
            lo, hi = _line_bounds(data, cand.start, cand.end)
            line_bytes = data[lo:hi]
            inline = self.honour_inline_allow and any(m in line_bytes for m in ALLOW_MARKERS)
            if inline and not self.report_inline_allowed:
                continue
            column = (
                len(data[line_start : cand.start].decode("utf-8", "replace")) + 1
                if (cand.start - line_start <= 1 << 16)
                else cand.start - line_start + 1
            )
            span_newlines = data.count(b"\n", cand.start, cand.end)
            if span_newlines:
                last_nl = data.rfind(b"\n", cand.start, cand.end)
                end_column = len(data[last_nl + 1 : cand.end].decode("utf-8", "replace")) + 1
            else:
                end_column = column + len(data[cand.start : cand.end].decode("utf-8", "replace"))
            rule = self.rules[cand.rule_index]
            if rule.validator == "jwt":
                rule = self._rule_by_claims(rule, cand.secret)
            if rule.exposure == "client-safe" and not self.include_client_safe:
                continue
            # A URL's user name or the key a provider value is assigned to; not for rules that capture a user.
            name = cand.name or ("" if rule.user_group else assigned_name(data, cand.start))
            is_credential, password_like = credential_name(name) if name else (False, False)
            verdict = assess(
                rule,
                cand.secret,
                path=place,
                name=name,
                name_is_credential=is_credential,
                password_like=password_like or rule.weak_words,
                minified=minified,
                line_before=data[lo : cand.start] if lo <= cand.start else b"",
            )
            if verdict.level < HIGH:
                seen = per_rule[cand.rule_index] = per_rule.get(cand.rule_index, 0) + 1
                if seen > FLOOD_KEEP:
                    continue
            findings.append(
                Finding(
                    rule_id=rule.id,
                    title=rule.title,
                    provider=rule.provider,
                    severity=rule.severity,
                    exposure=rule.exposure,
                    playbook=rule.playbook,
                    file=chunk.path,
                    line=chunk.origin_line(line_index),
                    column=column,
                    end_line=chunk.origin_line(line_index + span_newlines),
                    end_column=end_column,
                    secret=cand.secret,
                    excerpt=self._excerpt(data, cand, cands, starts, lo, hi),
                    decoded=cand.decoded,
                    entropy=shannon_entropy(cand.secret),
                    extra=dict(chunk.extra),
                    offset=cand.start,
                    confidence=LEVELS[verdict.level],
                    reasons=(*verdict.reasons, ALLOWED_INLINE) if inline else verdict.reasons,
                    structural=verdict.structural,
                )
            )
        if any(n > FLOOD_KEEP for n in per_rule.values()):
            _summarise_floods(findings, per_rule, self.rules)
        if self._pairs:
            _raise_pairs(findings, self._pairs)
        return findings

    @staticmethod
    def _excerpt(
        data: bytes, cand: Candidate, cands: Sequence[Candidate], starts: Sequence[int], lo: int, hi: int
    ) -> str:
        """A short piece of the line around the secret, with every secret in it replaced by its redaction."""
        ex_lo = max(lo, cand.start - EXCERPT_CONTEXT)
        newline = data.find(b"\n", cand.end, min(hi, cand.end + EXCERPT_CONTEXT))
        ex_hi = newline if newline >= 0 else min(hi, cand.end + EXCERPT_CONTEXT)
        newline = data.rfind(b"\n", ex_lo, cand.start)
        ex_lo = newline + 1 if newline >= 0 else ex_lo
        parts: list[str] = []
        pos = ex_lo
        # Only candidates that can reach into the excerpt (sorted by start; a secret is at most MAX_SECRET).
        first = bisect.bisect_left(starts, ex_lo - MAX_SECRET)
        last = bisect.bisect_left(starts, ex_hi)
        for other in cands[first:last]:
            if other.end <= ex_lo or other.start >= ex_hi:
                continue
            start, end = max(other.start, ex_lo), min(other.end, ex_hi)
            if start < pos:
                continue
            parts.append(data[pos:start].decode("utf-8", "replace"))
            parts.append(redact(other.secret))
            pos = end
        parts.append(data[pos:ex_hi].decode("utf-8", "replace"))
        return "".join(ch if ch.isprintable() else " " for ch in "".join(parts)).strip()
