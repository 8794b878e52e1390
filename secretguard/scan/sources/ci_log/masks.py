"""`::add-mask::` values printed unmasked elsewhere in the same run.

GitHub masks a registered value in output that comes after the registration, in the job that registered it.
The value still leaks where it was printed before, in other jobs of the run, or where a tool transformed it
on the way out. The values are collected during the engine pass; a second pass over the run's normalized
text then looks for all of them at once (one RE2 alternation: linear in the text, whatever their number).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import re2

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import ALLOW_MARKERS, EXCERPT_CONTEXT
from secretguard.scan.filters import placeholder_reason, shannon_entropy
from secretguard.scan.finding import Finding, redact
from secretguard.scan.regexes import compile_quiet, quiet_options
from secretguard.scan.rules import Examples, Rule

# Shorter values (`1`, `true`, a port) would match everywhere: GitHub masks them too, but reporting every
# occurrence would bury the findings that matter.
MIN_MASK = 6
_MARK = b"::add-mask::"
# Escaped values per RE2 alternation, and the memory each may use (256 KiB compiles well within 64 MiB).
ALTERNATION_BYTES = 256 << 10
_OPTIONS = quiet_options(max_mem=64 << 20)

UNMASKED_RULE = Rule(
    id="log-unmasked-value",
    title="Value registered with ::add-mask:: printed unmasked elsewhere in the run",
    provider="github",
    severity="high",
    exposure="server-only",
    playbook="generic-api-key",
    keywords=("add-mask",),
    regex=r"::add-mask::(\S+)",
    examples=Examples(positive=("echo ::add-mask::Zq81mWx4Lp\nZq81mWx4Lp",)),
    origin="secretguard/scan/sources/ci_log/masks.py",
)


class MaskSet:
    """The values one run registered with `::add-mask::` (worth looking for)."""

    def __init__(self) -> None:
        self.values: set[str] = set()

    def add(self, value: str) -> None:
        if len(value) >= MIN_MASK and placeholder_reason(value) is None:
            self.values.add(value)

    def __bool__(self) -> bool:
        return bool(self.values)


def _covered(found: Finding, reported: dict[tuple[str, int], list[Finding]]) -> bool:
    """Another rule already reported this value on this line (a token that was also masked)."""
    return any(
        found.secret in other.secret or other.secret in found.secret
        for other in reported.get((found.file, found.line), [])
    )


def _alternations(values: Iterable[str]) -> list[Any]:
    """The values as RE2 alternations, longest first (the longest value at a place wins), each at most
    ALTERNATION_BYTES: one regex of tens of thousands of values exceeds RE2's memory. Compiled quietly:
    RE2 would log a pattern it rejects, and these are secrets."""
    escaped = [re2.escape(v.encode("utf-8", "surrogatepass")) for v in sorted(values, key=len, reverse=True)]
    groups: list[list[bytes]] = [[]]
    size = 0
    for value in escaped:
        if groups[-1] and size + len(value) > ALTERNATION_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(value)
        size += len(value) + 1
    return [compile_quiet(b"|".join(group), _OPTIONS) for group in groups if group]


def _spans(patterns: list[Any], data: bytes) -> Iterator[tuple[int, int]]:
    """Non-overlapping matches of all the alternations, in order; at one place the longest wins."""
    if len(patterns) == 1:
        yield from (match.span() for match in patterns[0].finditer(data))
        return
    spans = sorted((m.span() for p in patterns for m in p.finditer(data)), key=lambda s: (s[0], -s[1]))
    end = -1
    for span in spans:
        if span[0] >= end:
            yield span
            end = span[1]


def find_unmasked(masks: MaskSet, chunks: Iterable[Chunk], reported: list[Finding]) -> list[Finding]:
    """Occurrences of the run's mask values outside `::add-mask::` lines, that no rule reported already."""
    patterns = _alternations(masks.values)
    by_line: dict[tuple[str, int], list[Finding]] = {}
    for finding in reported:
        by_line.setdefault((finding.file, finding.line), []).append(finding)
    out: list[Finding] = []
    for chunk in chunks:
        data = chunk.data
        line_index = 0
        position = 0
        for start, end in _spans(patterns, data):
            secret = data[start:end].decode("utf-8", "replace")
            line_index += data.count(b"\n", position, start)
            position = start
            line_start = data.rfind(b"\n", 0, start) + 1
            line_end = data.find(b"\n", end)
            line = data[line_start : line_end if line_end >= 0 else len(data)]
            if _MARK in line or any(marker in line for marker in ALLOW_MARKERS):
                continue
            column = len(data[line_start:start].decode("utf-8", "replace")) + 1
            origin = chunk.origin_line(line_index)
            before = data[max(line_start, start - EXCERPT_CONTEXT) : start].decode("utf-8", "replace")
            after = (
                data[end : min(len(data), end + EXCERPT_CONTEXT)]
                .split(b"\n", 1)[0]
                .decode("utf-8", "replace")
            )
            excerpt = before + redact(secret) + after
            found = Finding(
                rule_id=UNMASKED_RULE.id,
                title=UNMASKED_RULE.title,
                provider=UNMASKED_RULE.provider,
                severity=UNMASKED_RULE.severity,
                exposure=UNMASKED_RULE.exposure,
                playbook=UNMASKED_RULE.playbook,
                file=chunk.path,
                line=origin,
                column=column,
                end_line=origin,
                end_column=column + len(secret),
                secret=secret,
                excerpt="".join(ch if ch.isprintable() else " " for ch in excerpt).strip(),
                entropy=shannon_entropy(secret),
                extra=dict(chunk.extra),
                # The log's own masking says this value is a secret: the strongest evidence there is.
                confidence="high",
                reasons=("masked-elsewhere-in-log",),
                structural=True,
            )
            if not _covered(found, by_line):
                out.append(found)
    return out
