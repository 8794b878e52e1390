"""After the scan: map bundle findings to their original source, raise exposure, report deployed maps."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from secretguard.safe_read import RefusedInput
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.sources.bundle.files import BundleIndex, logical_path
from secretguard.scan.sources.bundle.layout import served
from secretguard.scan.sources.bundle.reads import VARIABLE_READ, InferredRead, Read, infer_read, mentions
from secretguard.scan.sources.bundle.sourcemap import (
    IndexedMap,
    Original,
    SourceMap,
    SourceMapError,
    load_map_text,
)

PUBLIC_MAP_RULE = "public-source-map"
# Findings whose secret is a variable's name (the code reads a secret-named public variable).
_NAME_RULES = frozenset({"public-env-secret-reference"})


@dataclass
class _MapCache:
    """Maps loaded on demand (only files with findings), with their failures remembered."""

    result: ScanResult
    index: BundleIndex
    roots: Sequence[str]  # map files are read only from inside these folders
    max_bytes: int
    maps: dict[str, tuple[str, SourceMap | IndexedMap] | None] = field(default_factory=dict)

    def for_generated(self, path: str, url: str | None) -> tuple[str, SourceMap | IndexedMap] | None:
        if path in self.maps:
            return self.maps[path]
        loaded = None
        candidates = [url] if url else []
        sibling = os.path.basename(logical_path(path)) + ".map"
        candidates.append(sibling)
        for candidate in candidates:
            try:
                found = load_map_text(candidate, path, roots=self.roots, max_bytes=self.max_bytes)
            except RefusedInput as exc:
                self._refused(exc)
                continue
            if found is None:
                continue
            map_path, text = found
            try:
                loaded = (map_path, SourceMap.parse(text, map_path if map_path != "inline" else path))
            except SourceMapError as exc:
                if map_path not in self.index.broken_maps:
                    self.index.broken_maps.add(map_path)
                    self.result.skipped.append(Skipped(map_path, f"source map not usable: {exc}"))
                loaded = None
            break
        self.maps[path] = loaded
        return loaded

    def _refused(self, exc: RefusedInput) -> None:
        """Named once, however many files point to it (the walk may have named it already)."""
        shown = os.path.normpath(exc.path)
        if all(os.path.normpath(s.path) != shown for s in self.result.skipped):
            self.result.skipped.append(Skipped(exc.path, f"source map not read: {exc.reason}"))


def annotate(
    findings: list[Finding], index: BundleIndex, result: ScanResult, roots: Sequence[str], max_bytes: int
) -> list[Finding]:
    """`roots` and `max_bytes` bound the map files a sourceMappingURL or a sibling `.map` may name."""
    cache = _MapCache(result, index, roots, max_bytes)
    findings = one_per_copy_set(findings)
    variables = _variables_by_place(findings)
    inferred: dict[tuple[str, str, int, int], InferredRead | None] = {}
    searched: dict[tuple[str, str], dict[int, list[Read]]] = {}  # per generated file and variable
    for finding in findings:
        finding.extra["source"] = "bundle"
        is_served = served(finding.file)
        finding.extra["served"] = is_served
        # What ships to the browser is public: a server-only credential there is an incident. Server-side
        # build output (is_served False) is as private as the repository it was built from.
        if finding.exposure == "server-only" and is_served is not False:
            finding.severity = "critical"
        if "original_file" in finding.extra:
            # Found in a source map's sourcesContent: its lines are the original file's lines, and its name is
            # read like a mapped position's (a copied map's sources are the project's files too).
            finding.extra["original_file"] = repository_path(str(finding.extra["original_file"]))
            finding.extra.setdefault("original_line", finding.line)
            finding.extra.setdefault("original_column", finding.column)
            continue
        loaded = cache.for_generated(finding.file, index.map_urls.get(finding.file))
        if loaded is None:
            continue
        map_path, source_map = loaded
        variable = variables.get(_place(finding))
        try:
            original = source_map.original(finding.line, finding.column, finding.secret)
            if variable is not None and _misplaced(original, finding.secret, variable):
                key = (finding.file, variable, finding.line, finding.column)
                if key not in inferred:
                    reads = searched.setdefault((finding.file, variable), {})
                    inferred[key] = infer_read(source_map, variable, finding.line, finding.column, reads)
                if (read := inferred[key]) is not None:
                    _mark_inferred(finding, read, variable)
                    continue
        except SourceMapError as exc:
            result.skipped.append(Skipped(map_path, f"source map mappings not decodable: {exc}"))
            cache.maps[finding.file] = None
            continue
        if original is not None:
            finding.extra.update(
                original_file=repository_path(original.file),
                original_line=original.line,
                original_column=original.column,
            )
    return findings + public_map_findings(index)


def _place(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file, finding.line, finding.column, finding.secret)


def _variables_by_place(findings: list[Finding]) -> dict[tuple[str, int, int, str], str]:
    """The variable each place holds, where a finding knows it: a secret variable's value found by
    `--env-file`/`--inventory` (`variable`), or a reference to a secret-named public variable (the secret
    is the name). Another rule's finding of the same value at the same place holds the same variable."""
    out: dict[tuple[str, int, int, str], str] = {}
    for finding in findings:
        name = finding.extra.get("variable")
        if not isinstance(name, str) and finding.rule_id in _NAME_RULES:
            name = finding.secret
        if isinstance(name, str) and name:
            out.setdefault(_place(finding), name)
    return out


def _misplaced(original: Original | None, value: str, variable: str) -> bool:
    """Whether a position needs its original inferred from where the code reads the variable: it has no
    segment of its own, or its segment's original line (embedded in the map) holds neither the value nor
    the variable's name (the segment belongs to other code). Without the embedded line there is nothing to
    check the segment against, and it is kept."""
    if original is None:
        return True
    text = original.line_text
    return text is not None and value not in text and not mentions(text, variable)


def _mark_inferred(finding: Finding, read: InferredRead, variable: str) -> None:
    finding.extra.update(
        original_file=repository_path(read.file),
        original_line=read.line,
        original_column=read.column,
        original_by=VARIABLE_READ,
        original_reads=read.reads,
    )
    if read.reads > 1:
        finding.extra["original_note"] = (
            f"inferred: the map has no segment for this value; the first of {read.reads} places the "
            f"original sources read {variable}"
        )
    else:
        finding.extra["original_note"] = (
            f"inferred: the map has no segment for this value; the one place the original sources read "
            f"{variable}"
        )


def repository_path(path: str) -> str:
    """The project file a map's source names. Maps copied by a build step (adapter-node copies the client
    output into `build/client`) keep sources relative to where they were written, so `build/src/app.ts` or
    `../src/app.ts` is read as the working folder's `src/app.ts` when that file exists and the named one
    does not."""
    if os.path.exists(path):
        return path
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    for start in range(1, len(parts)):
        candidate = "/".join(parts[start:])
        if ".." not in parts[start:] and os.path.isfile(candidate):
            return candidate
    return path


def one_per_copy_set(findings: list[Finding]) -> list[Finding]:
    """One finding per value per logical file: `app.js`, `app.js.gz` and `app.js.br` are one file served
    three ways. The uncompressed copy's finding is kept; the others are listed in its `copies`."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for finding in findings:
        key = (
            logical_path(finding.file),
            finding.rule_id,
            finding.secret,
            finding.line,
            finding.column,
            finding.extra.get("original_file"),
        )
        groups.setdefault(key, []).append(finding)
    out = []
    for group in groups.values():
        group.sort(key=lambda f: (f.file != logical_path(f.file), f.file))
        kept = group[0]
        if len(group) > 1:
            kept.extra["copies"] = [f.file for f in group[1:]]
        out.append(kept)
    return out


def public_map_findings(index: BundleIndex) -> list[Finding]:
    """A source map deployed with the bundle hands out the original code (and its comments) to anyone;
    a map in server-side build output is not deployed to browsers and is not reported."""
    found: dict[str, str] = {}
    for path in sorted(index.maps):
        if served(path) is False:
            continue
        found[logical_path(path)] = f"{os.path.basename(path)} is deployed next to the bundle"
    for generated, url in sorted(index.map_urls.items()):
        if served(generated) is False:
            continue
        if url.startswith("data:"):
            found.setdefault(generated, "an inline source map (data: URL) is embedded in the bundle")
            continue
        if "://" in url:
            found.setdefault(generated, f"sourceMappingURL points to {url}")
    out = []
    for path, why in found.items():
        out.append(
            Finding(
                rule_id=PUBLIC_MAP_RULE,
                title="Source map deployed publicly (original source code is downloadable)",
                provider="bundle",
                severity="medium",
                exposure="client-safe",
                playbook="remove-public-source-maps",
                file=path,
                line=1,
                column=1,
                end_line=1,
                end_column=1,
                secret=path,
                excerpt=why,
                confidence="high",
                reasons=("deployed-source-map",),
                structural=True,
                extra={"served": served(path)},
            )
        )
    return out
