"""Findings of one run, finished: repeats dropped, secrets kept out of file, job and step names."""

from __future__ import annotations

import bisect
import dataclasses
import json
from typing import Any

from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding, Skipped
from secretguard.scan.names import redact_names, replace_secrets, shareable
from secretguard.scan.sources.ci_log.chunker import STEPS_KEY
from secretguard.scan.sources.ci_log.inputs import Member, Run


def assign_steps(findings: list[Finding]) -> list[Finding]:
    """Each finding in a chunk that spans several steps gets the job and step of its own line."""
    tables: dict[str, tuple[list[int], list[Any]]] = {}
    for finding in findings:
        table = finding.extra.pop(STEPS_KEY, None)
        if not isinstance(table, str):
            continue
        if table not in tables:
            rows = json.loads(table)
            tables[table] = ([row[0] for row in rows], rows)
        starts, rows = tables[table]
        row = rows[max(0, bisect.bisect_right(starts, finding.line) - 1)]
        finding.extra["job"], finding.extra["step"] = row[1], row[2]
    return findings


def dedupe(findings: list[Finding], run: Run) -> list[Finding]:
    """Drop repeats: the overlap between chunks, and a whole-job log repeating its own step logs."""
    seen: set[tuple[str, int, int, str, str]] = set()
    unique: list[Finding] = []
    for finding in findings:
        key = (finding.file, finding.line, finding.column, finding.rule_id, finding.secret)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    job_logs = {m.path for m in run.members if m.job_log}
    jobs_with_steps = {m.job for m in run.members if not m.job_log and m.step is not None}
    if not job_logs or not jobs_with_steps:
        return unique
    in_steps = {(f.extra.get("job"), f.rule_id, f.secret) for f in unique if f.file not in job_logs}
    return [
        f
        for f in unique
        if f.file not in job_logs
        or f.extra.get("job") not in jobs_with_steps
        or (f.extra.get("job"), f.rule_id, f.secret) not in in_steps
    ]


def redact_member(member: Member, engine: Engine) -> Member:
    """The member with every secret the engine finds in its path, job or step name redacted in all three:
    GitHub names each step's log after the step (`build/2_Run curl -u sk_live_...: https:__...txt`)."""
    path, job, step = redact_names(engine, member.path, member.job, member.step)
    if (path, job, step) == (member.path, member.job, member.step):
        return member
    return dataclasses.replace(member, path=path or member.path, job=job, step=step)


def redact_locations(findings: list[Finding], skipped: list[Skipped]) -> tuple[list[Finding], list[Skipped]]:
    """A step named after its script (`Run echo "s3cr3t" | docker login ...`) must not carry a secret
    into the report: file, job and step names are location facts, shown even where secrets are redacted.
    This catches the values only their log line shows to be secrets (`redact_member` took the rest)."""
    secrets = shareable(f.secret for f in findings)
    if not secrets:
        return findings, skipped
    for finding in findings:
        finding.file = replace_secrets(finding.file, secrets)
        for key in ("job", "step"):
            name = finding.extra.get(key)
            if isinstance(name, str):
                finding.extra[key] = replace_secrets(name, secrets)
    return findings, [Skipped(replace_secrets(s.path, secrets), s.reason) for s in skipped]
