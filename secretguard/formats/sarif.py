"""SARIF 2.1.0: one run, the rules that fired as reportingDescriptors, one result per finding.

Where a result points (what GitHub code scanning annotates):
- a finding in a file: that file and line; a member of an archive or CI log bundle (`logs.zip!job/1.txt`):
  the archive, with the member in the `archive_member` property;
- a `scan git` finding whose secret is still in the current tree (`at_head`): the file and line where it is
  at HEAD (`head_file`, `head_line`, `head_column`), not the line of the commit that added it (lines move);
  where the commit put it stays in the `commit_location` property;
- a finding in a commit or annotated tag message: a logical location (kind `commitMessage`, the commit's
  id, or `tagMessage`, the tag's ref), not a made-up file name; unless the secret is also in a file at HEAD.

The properties of a `scan git` result carry commit, author, email, date, first_commit, commits, at_head and
tag as the JSON report has them; every result carries confidence and reasons. The secret is redacted in all
of it unless --show-secrets. Each rule's `help` is its description and the first step of its rotation
playbook (secretguard/plan/playbooks.yaml), as `secretguard plan` would give it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from secretguard import __version__
from secretguard.formats.printable import json_text
from secretguard.formats.report import Report
from secretguard.scan.finding import Finding
from secretguard.scan.pathtext import path_bytes, printable_path
from secretguard.scan.sources.git.messages import MESSAGE_PATH, TAG_PATH

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
_SCORE = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
# Finding fields the location already says (or that hold scanned text: `excerpt` goes in the snippet).
_LOCATION_KEYS = frozenset(
    {"rule_id", "title", "file", "line", "column", "end_line", "end_column", "excerpt"}
    | {"head_file", "head_line", "head_column"}
)
_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>&|#"})


def _uri(path: str) -> str:
    # SARIF wants a URI reference; keep relative paths relative so code scanning maps them to the repo.
    # removeprefix, not lstrip("./"): lstrip would turn "./.env" into "env" and "./../x" into "x".
    # Percent-encode what a URI reference cannot hold (spaces, #, %, non-ASCII).
    # The bytes of the name on disk, so a name that is not UTF-8 (`caf%E9.txt`) still names its file.
    return quote(path_bytes(path.replace("\\", "/").split("!", 1)[0].removeprefix("./")), safe="/:@-._~")


def _physical(path: str, line: int, column: int, end_line: int, end_column: int) -> dict[str, Any]:
    region = {
        "startLine": max(1, line),
        "startColumn": max(1, column),
        "endLine": max(line, end_line),
        "endColumn": max(1, end_column),
    }
    return {"artifactLocation": {"uri": _uri(path)}, "region": region}


def _at_head(finding: Finding) -> dict[str, Any] | None:
    """The physical location of a history finding's secret in the current tree, when the scan found it."""
    extra = finding.extra
    line, column, name = extra.get("head_line"), extra.get("head_column"), extra.get("head_file")
    if not (
        extra.get("at_head") and isinstance(line, int) and isinstance(column, int) and isinstance(name, str)
    ):
        return None
    # head_file is printable text (a JSON field); the finding's own file keeps the bytes of a name that is not
    # UTF-8, so the same file is named from it.
    path = finding.file if name == printable_path(finding.file) else name
    # The same secret spans the same lines and characters wherever it is.
    end_line = line + max(0, finding.end_line - finding.line)
    end_column = column + (finding.end_column - finding.column) if end_line == line else finding.end_column
    return _physical(path, line, column, end_line, end_column)


def _logical(finding: Finding) -> dict[str, Any] | None:
    """A commit or tag message as a logical location (no file holds it)."""
    commit = str(finding.extra.get("commit") or "")
    if finding.file == MESSAGE_PATH:
        return {
            "name": commit[:12] or "commit",
            "fullyQualifiedName": commit or None,
            "kind": "commitMessage",
        }
    if finding.file == TAG_PATH:
        tag = str(finding.extra.get("tag") or "")
        return {
            "name": tag or "tag",
            "fullyQualifiedName": f"refs/tags/{tag}" if tag else None,
            "kind": "tagMessage",
        }
    return None


def _origin(finding: Finding) -> str:
    """Where the history scan found the secret, for the message."""
    commit = str(finding.extra.get("commit") or "")[:12]
    if finding.file == TAG_PATH:
        return f"in the message of tag {printable_path(str(finding.extra.get('tag') or ''))}"
    if finding.file == MESSAGE_PATH:
        return f"in the message of commit {commit}"
    return f"added in commit {commit} at {printable_path(finding.file)}:{finding.line}"


def _result(finding: Finding, rule_index: int, show_secrets: bool) -> dict[str, Any]:
    data = finding.to_dict(show_secrets=show_secrets)
    text = f"{finding.title} ({data['secret']})"
    properties = {k: v for k, v in data.items() if k not in _LOCATION_KEYS and v is not None}
    if finding.extra.get("commit"):
        text += f", {_origin(finding)}"
        properties["commit_location"] = {
            "file": data["file"],
            "line": finding.line,
            "column": finding.column,
            "end_line": finding.end_line,
            "end_column": finding.end_column,
        }
    head = _at_head(finding)
    logical = _logical(finding)
    location: dict[str, Any]
    if head is not None:
        text += "; still in the current tree"
        location = {"physicalLocation": head}
    elif logical is not None:
        # GitHub code scanning refuses results without a physical location, so a message also gets a stable,
        # readable stand-in path (no file of the tree is named so) next to its logical location.
        stand_in = f".git-messages/{logical['kind']}/{logical['fullyQualifiedName'] or logical['name']}"
        location = {
            "physicalLocation": _physical(
                stand_in, finding.line, finding.column, finding.end_line, finding.end_column
            ),
            "logicalLocations": [{k: v for k, v in logical.items() if v is not None}],
        }
    else:
        physical = _physical(finding.file, finding.line, finding.column, finding.end_line, finding.end_column)
        if finding.excerpt:
            physical["region"]["snippet"] = {"text": finding.excerpt}
        location = {"physicalLocation": physical}
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": text + "."},
        "locations": [location],
        # The identity GitHub code scanning uses to follow an alert across commits.
        "partialFingerprints": {"secretguard/v1": finding.fingerprint},
        "properties": properties,
    }
    if "!" in finding.file:
        result["properties"]["archive_member"] = printable_path(finding.file.split("!", 1)[1])
    return result


def _markdown(text: str) -> str:
    return text.translate(_MARKDOWN_ESCAPES)


def _first_steps(playbook_names: Iterable[str]) -> dict[str, dict[str, str]]:
    """The first step of each named playbook, the generic one for a name no playbook has (as the plan does);
    none for a playbook without steps."""
    names = set(playbook_names)
    if not names:
        return {}
    from secretguard.plan.planner import load_playbooks  # noqa: PLC0415 - YAML, only when rules fired

    books = load_playbooks()
    steps = {}
    for name in names:
        used = name if name in books else "generic-api-key"
        first = (books.get(used, {}).get("steps") or [None])[0]
        if isinstance(first, dict) and first.get("action"):
            action, verify = str(first["action"]), str(first.get("verify") or "")
            steps[name] = {"playbook": used, "action": action, "verify": verify}
    return steps


def _help(description: str, step: dict[str, str] | None) -> dict[str, str]:
    if step is None:
        return {"text": description, "markdown": _markdown(description)}
    playbook = step["playbook"]
    verify = f" Verify: {step['verify']}" if step["verify"] else ""
    markdown_verify = f"\n\n*Verify:* {_markdown(step['verify'])}" if step["verify"] else ""
    return {
        "text": f"{description}\n\nFirst step of the {playbook} playbook: {step['action']}{verify}",
        "markdown": (
            f"{_markdown(description)}\n\n**First step** of the {_markdown(playbook)} rotation playbook "
            f"(`secretguard plan` lists them all): {_markdown(step['action'])}{markdown_verify}"
        ),
    }


def render(report: Report, show_secrets: bool) -> str:
    by_id = {rule.id: rule for rule in report.rules}
    fired = sorted({f.rule_id for f in report.findings})
    steps = _first_steps(by_id[rule_id].playbook for rule_id in fired if rule_id in by_id)
    descriptors = []
    for rule_id in fired:
        rule = by_id.get(rule_id)
        severity = rule.severity if rule else "high"
        description = (
            f"{rule.title}. Provider: {rule.provider}; exposure: {rule.exposure}; "
            f"rotation playbook: {rule.playbook}."
            if rule
            else rule_id
        )
        descriptors.append(
            {
                "id": rule_id,
                "name": "".join(part.capitalize() for part in rule_id.replace(".", "-").split("-")),
                "shortDescription": {"text": rule.title if rule else rule_id},
                "fullDescription": {"text": description},
                "help": _help(description, steps.get(rule.playbook) if rule else None),
                "defaultConfiguration": {"level": _LEVEL.get(severity, "warning")},
                "properties": {
                    "tags": ["security", "secret", rule.provider if rule else "custom"],
                    "security-severity": _SCORE.get(severity, "5.5"),
                    "precision": "high",
                },
            }
        )
    index = {rule_id: i for i, rule_id in enumerate(fired)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "secretguard",
                "version": __version__,
                "informationUri": "https://github.com/secretguard/secretguard",
                "rules": descriptors,
            }
        },
        "results": [_result(f, index[f.rule_id], show_secrets) for f in report.findings],
        "invocations": [
            {
                "executionSuccessful": not report.partial,
                "toolExecutionNotifications": [
                    {
                        "level": "warning",
                        "message": {"text": f"skipped {printable_path(s.path)}: {printable_path(s.reason)}"},
                    }
                    for s in report.skipped
                ],
            }
        ],
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
