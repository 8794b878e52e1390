"""`secretguard ci`: the CI gate. Reads the CI's environment, scans the commits the event brings, fails on
new findings, and writes a summary for the job log (and GitHub's job summary and annotations)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from secretguard.cli.options import ScanOptions, common_scan_options, finish
from secretguard.errors import InputError
from secretguard.formats.printable import printable
from secretguard.formats.report import Report
from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.pathtext import printable_path

if TYPE_CHECKING:
    from secretguard.ci.target import Target
    from secretguard.cli.gate_config import GateConfig
    from secretguard.scan.sources.git.repo import Repo


@click.command("ci")
@click.argument("repo", required=False, default=".", type=click.Path(path_type=str))
@click.option(
    "--range", "range_spec", metavar="A..B", help="scan this range instead of the CI event's commits"
)
@click.option("--full-history", is_flag=True, help="scan every commit of every ref (e.g. a scheduled job)")
@click.option(
    "--default-branch",
    metavar="NAME",
    help="the default branch (default: from the CI; new branches are scanned for commits not on it)",
)
@click.option("--no-messages", is_flag=True, help="do not scan commit messages")
@click.option(
    "--trust-head-config",
    is_flag=True,
    help="read configuration, rules, baseline and ignore files from the checked-out head, as other scans do "
    "(default: from the range's base, so the change checked cannot turn the gate off)",
)
@common_scan_options
def ci(
    repo: str,
    range_spec: str | None,
    full_history: bool,
    default_branch: str | None,
    no_messages: bool,
    trust_head_config: bool,
    common: ScanOptions,
) -> int:
    """The CI secret gate: scan what this pipeline's event brings (GitHub Actions, GitLab CI).

    A push scans before..after; a new branch or tag the commits not on the default branch; a pull or merge
    request base..head; a scheduled or manual run every commit. Exit 0 clean, 1 new findings, 3 partial
    (shallow clone, a base the clone lacks: fetch the whole history with `fetch-depth: 0` / `GIT_DEPTH: 0`).
    """
    from secretguard.ci.event import read_event  # noqa: PLC0415
    from secretguard.ci.target import choose  # noqa: PLC0415
    from secretguard.cli.gate_config import GateConfig  # noqa: PLC0415
    from secretguard.scan.sources.git.repo import RepoError, open_repo  # noqa: PLC0415

    if range_spec and full_history:
        raise click.UsageError("give --range or --full-history, not both")
    event = read_event(os.environ)
    try:
        opened = open_repo(repo)
    except RepoError as exc:
        raise InputError(str(exc), hint="run `secretguard ci` in the checked-out repository") from exc
    target = choose(
        event, opened, range_spec=range_spec, full_history=full_history, default_branch=default_branch
    )
    where = f"{event.system} {event.name or 'event'}" if event.system else "no CI detected"
    if event.ref:
        where += f" on {event.ref}"
    click.echo(f"secretguard ci: {where}: scanning {target.description}", err=True)
    for note in [*event.notes, *target.notes]:
        click.echo(f"secretguard ci: warning: {note}", err=True)
    with tempfile.TemporaryDirectory(prefix="secretguard-base-") as folder:
        gate = GateConfig.for_target(opened, target, common, Path(folder), trust_head=trust_head_config)
        for note in gate.notes:
            click.echo(f"secretguard ci: note: {note}", err=True)
        return _run(repo, opened, target, gate, common, where, messages=not no_messages)


def _run(
    repo: str,
    opened: Repo,
    target: Target,
    gate: GateConfig,
    common: ScanOptions,
    where: str,
    *,
    messages: bool,
) -> int:
    from secretguard.ci.target import shallow_problem  # noqa: PLC0415
    from secretguard.cli.scan_runs import HistoryRequest, exclude_regex, scan_repo_history  # noqa: PLC0415
    from secretguard.scan.runner import build_engine  # noqa: PLC0415

    settings = gate.settings
    result = ScanResult()
    result.skipped += [Skipped("ci", problem) for problem in target.problems]
    engine, excluded = build_engine(settings, result, report_inline_allowed=True)
    review_lines: list[str] = []
    if target.scan:
        request = HistoryRequest(range_spec=target.range_spec, messages=messages)
        scan_repo_history(repo, engine, exclude_regex(excluded), settings, request, result)
        if not result.stats.get("commits"):
            click.echo("secretguard ci: warning: the range holds no commit: nothing new to check", err=True)
    shallow = shallow_problem(opened, [s.reason for s in result.skipped])
    if shallow is not None:
        result.skipped.append(Skipped("ci", shallow))
    return finish(
        result,
        settings,
        engine.rules,
        common,
        command="ci",
        log_findings=True,
        suppressions=gate.suppressions,
        review=lambda outcome: review_lines.extend(gate.review(outcome)),
        on_report=lambda report: _github_outputs(report, common, where, target.description, review_lines),
    )


def _github_outputs(report: Report, common: ScanOptions, where: str, scanned: str, review: list[str]) -> None:
    """On GitHub Actions: an annotation per finding, and a Markdown job summary (redacted, always)."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    if common.output is not None or common.fmt == "text":  # never mixed into a report on standard output
        for finding in report.findings[:50]:
            file = _command_value(printable_path(finding.file), is_property=True)
            message = _command_value(f"{finding.rule_id} ({finding.confidence}): {finding.title}")
            click.echo(f"::error file={file},line={finding.line},title=secretguard::{message}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    lines = [f"## secretguard: {len(report.findings)} new finding(s)", "", f"{where}: scanned {scanned}.", ""]
    if report.findings:
        lines += ["| file | line | rule | confidence | secret |", "|---|---|---|---|---|"]
        for finding in report.findings[:100]:
            data = finding.to_dict(show_secrets=False)
            cells = [printable_path(finding.file), str(finding.line), finding.rule_id, finding.confidence]
            lines.append("| " + " | ".join(_cell(c) for c in [*cells, str(data["secret"])]) + " |")
    if review:
        lines += ["", "### For the reviewer", ""]
        lines += [f"- {_cell(line)}" for line in review[:100]]
    if report.suppressed:
        lines += ["", f"{report.suppressed} accepted by the baseline or ignore files."]
    if report.partial:
        lines += ["", f"**Partial result**: {len(report.skipped)} item(s) could not be checked:"]
        lines += [f"- {_cell(printable_path(s.path))}: {_cell(s.reason)}" for s in report.skipped[:20]]
    try:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as exc:
        click.echo(f"secretguard ci: warning: cannot write the job summary: {exc.strerror}", err=True)


def _command_value(text: str, *, is_property: bool = False) -> str:
    """A value for a GitHub workflow command, escaped as the runner expects: `%`, CR and LF everywhere, and
    `:` and `,` too inside a property such as `file=` (where they would end the value)."""
    out = printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if is_property else out


def _cell(text: str) -> str:
    return printable(text).replace("|", "\\|").replace("`", "'")
