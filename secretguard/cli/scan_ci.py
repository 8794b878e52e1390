"""`secretguard scan ci-log PATH...`: CI and deployment logs (GitHub Actions, GitLab, Jenkins, CircleCI)."""

from __future__ import annotations

from typing import cast

import click

from secretguard.cli.options import ScanOptions, common_scan_options, finish, settings_from

_HINTS = ("auto", "github", "gitlab", "jenkins", "circleci", "plain")


@click.command("ci-log")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format-hint",
    type=click.Choice(_HINTS),
    default="auto",
    show_default=True,
    help="the CI that wrote the logs (auto: sniffed from each log's first kilobytes)",
)
@common_scan_options
def scan_ci(
    paths: tuple[str, ...],
    format_hint: str,
    common: ScanOptions,
) -> int:
    """Scan CI logs: run-log archives (.zip), job logs, GitLab traces, Jenkins console text, CircleCI step
    output, plain or gzipped logs; `-` reads standard input.

    Timestamps, colour codes, section markers and progress-bar rewrites are removed before detection; each
    finding names the line in the original log, and the job and step where the log says them. Values
    registered with `::add-mask::` are reported where they appear unmasked elsewhere in the same run.
    """
    from secretguard.scan.runner import Runner  # noqa: PLC0415 - import cost on use
    from secretguard.scan.sources.ci_log import UNMASKED_RULE, CiLogOptions, CiLogSource  # noqa: PLC0415

    settings = settings_from(common)
    # log-unmasked-value is not a pattern rule (it is the mask pass), so the engine does not know its id.
    unmasked = UNMASKED_RULE.id not in settings.disable_rules
    settings.disable_rules = [r for r in settings.disable_rules if r != UNMASKED_RULE.id]
    from secretguard.scan.sources.ci_log.dialect import Dialect  # noqa: PLC0415

    dialect = None if format_hint == "auto" else cast(Dialect, format_hint)
    options = CiLogOptions(dialect=dialect, unmasked=unmasked)
    with Runner.for_settings(settings) as runner:
        runner.run(CiLogSource(list(paths), options))
    result, engine = runner.result, runner.engine
    return finish(
        result,
        settings,
        [*engine.rules, UNMASKED_RULE] if unmasked else engine.rules,
        common,
        command="scan ci-log",
    )
