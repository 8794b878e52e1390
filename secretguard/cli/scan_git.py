"""`secretguard scan git [REPO]`: commit history, ranges, incremental scans, and `--staged` for the hook."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from secretguard.cli.option_table import SCAN_GIT_OPTIONS
from secretguard.cli.options import ScanOptions, common_scan_options, finish, settings_from, table_options
from secretguard.cli.scan_runs import HistoryRequest, exclude_regex, scan_git_history, scan_repo_history
from secretguard.errors import InputError
from secretguard.scan.finding import ScanResult

if TYPE_CHECKING:
    pass


@click.command("git")
@click.argument("repo", required=False, default=".", type=click.Path(path_type=str))
@table_options(SCAN_GIT_OPTIONS)
@common_scan_options
def scan_git(
    repo: str,
    branch: str | None,
    since_commit: str | None,
    range_spec: str | None,
    incremental: bool,
    staged: bool,
    no_messages: bool,
    max_size: int | None,
    trust_head_config: bool,
    common: ScanOptions,
) -> int:
    """Scan git history: the lines every commit adds (all refs by default), and commit messages.

    Each finding names its commit, author, email and date; after dedupe by fingerprint it also carries
    first_commit (the oldest commit that introduced the secret), commits (how many commits add it) and
    at_head (whether the secret is still in a file of the current tree).
    """
    if staged and (branch or since_commit or range_spec or incremental):
        raise click.UsageError(
            "--staged scans the index; it takes no --branch, --since-commit, --range or --incremental"
        )
    if incremental and (since_commit or range_spec):
        raise click.UsageError("--incremental cannot be combined with --since-commit or --range")
    if since_commit and range_spec:
        raise click.UsageError("give --since-commit or --range, not both")
    if range_spec and not trust_head_config:
        return _scan_range_from_base(repo, range_spec, max_size, not no_messages, common)
    settings = settings_from(common, max_file_size=max_size)
    if staged:
        from secretguard.cli.fast import remember  # noqa: PLC0415
        from secretguard.cli.scan_runs import scan_staged  # noqa: PLC0415

        # Lets the next run answer a clean change from the fast path (not after a rule was left out).
        result, engine = scan_staged(
            settings, None if repo == "." else repo, built=lambda e, r: remember(e, settings, r)
        )
        return finish(result, settings, engine.rules, common, command="scan git --staged")
    history = HistoryRequest(
        branch=branch,
        since_commit=since_commit,
        range_spec=range_spec,
        incremental=incremental,
        messages=not no_messages,
    )
    result, engine = scan_git_history(repo, settings, history)
    return finish(result, settings, engine.rules, common, command="scan git")


def _scan_range_from_base(
    repo: str, range_spec: str, max_size: int | None, messages: bool, common: ScanOptions
) -> int:
    """`--range A..B`: the configuration comes from A's side (their merge base), as in `secretguard ci`."""
    from secretguard.ci.target import Target, range_base  # noqa: PLC0415
    from secretguard.cli.gate_config import GateConfig  # noqa: PLC0415
    from secretguard.scan.runner import build_engine  # noqa: PLC0415
    from secretguard.scan.sources.git.repo import RepoError, open_repo  # noqa: PLC0415

    try:
        opened = open_repo(repo)
    except RepoError as exc:
        raise InputError(str(exc)) from exc
    base = range_base(opened, range_spec)
    target = Target(f"the range {range_spec}", range_spec=range_spec, base=base, worktree_config=base is None)
    with tempfile.TemporaryDirectory(prefix="secretguard-base-") as folder:
        gate = GateConfig.for_target(opened, target, common, Path(folder), trust_head=False)
        settings = gate.settings
        if max_size is not None:
            settings.max_file_size = max_size
        result = ScanResult()
        engine, excluded = build_engine(settings, result, report_inline_allowed=True)
        request = HistoryRequest(range_spec=range_spec, messages=messages)
        scan_repo_history(repo, engine, exclude_regex(excluded), settings, request, result)
        return finish(
            result,
            settings,
            engine.rules,
            common,
            command="scan git",
            suppressions=gate.suppressions,
            review=gate.review,
        )
