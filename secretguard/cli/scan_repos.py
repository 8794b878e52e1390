"""`secretguard scan repos PATH...`: many repositories in one run, one finding per credential across them."""

from __future__ import annotations

import sys

import click

from secretguard.cli.option_table import Option
from secretguard.cli.options import ScanOptions, common_scan_options, finish, settings_from, table_options

SCAN_REPOS_OPTIONS: tuple[Option, ...] = (
    Option(
        ("--incremental",),
        "incremental",
        "in each repository, scan only commits not scanned by its last incremental scan",
        "flag",
        default=False,
    ),
    Option(("--no-messages",), "no_messages", "do not scan commit messages", "flag", default=False),
    Option(
        ("--max-size",),
        "max_size",
        "scan at most this many bytes of one blob",
        value="int",
        minimum=1,
    ),
    Option(
        ("--ray",),
        "ray_address",
        "run the repositories as tasks on this Ray cluster (host:port); needs the `ray` extra",
        metavar="ADDRESS",
    ),
    Option(("--quiet", "-q"), "quiet", "no progress line per repository on stderr", "flag", default=False),
)


@click.command("repos")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@table_options(SCAN_REPOS_OPTIONS)
@common_scan_options
def scan_repos(
    paths: tuple[str, ...],
    incremental: bool,
    no_messages: bool,
    max_size: int | None,
    ray_address: str | None,
    quiet: bool,
    common: ScanOptions,
) -> int:
    """Scan the history of many repositories (work trees or bare mirrors) in one run.

    PATH is a repository, a folder of repositories, or a text file listing one per line. Forks (repositories
    sharing a root commit) are scanned one after another: a commit or blob already scanned in an earlier
    repository is not scanned again. A credential found in several repositories is one finding; its `places`
    list every repository, file and commit that added it, and `repository` names the first.
    """
    from secretguard.scan.repos.run import ReposRequest, scan_repositories  # noqa: PLC0415
    from secretguard.scan.runner import Runner  # noqa: PLC0415

    settings = settings_from(common, max_file_size=max_size)
    request = ReposRequest(incremental=incremental, messages=not no_messages, ray_address=ray_address)

    def report(line: str) -> None:
        print(f"secretguard: {line}", file=sys.stderr, flush=True)

    # One runner for the whole run: one engine, one worker pool (forked once), shared by every repository.
    with Runner.for_settings(settings) as runner:
        result = runner.result
        scan_repositories(
            paths,
            settings,
            request,
            runner,
            result,
            workers=runner.pool.workers,
            report=None if quiet else report,
        )
    return finish(result, settings, runner.engine.rules, common, command="scan repos")
