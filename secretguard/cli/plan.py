"""`secretguard plan`: scan reports (+ the live stores) -> an ordered rotation plan."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from secretguard.cli.inventory import write_output
from secretguard.errors import ConfigError, InputError


@click.command("plan")
@click.option(
    "--findings",
    "findings_files",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="a JSON report written by `secretguard scan ... --format json` (repeatable)",
)
@click.option("--inventory", "inventory_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--env", "environments", multiple=True, help="inventory environment(s) to check (default: all)")
@click.option(
    "--check",
    "check_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="a saved `inventory check --format json`: stale, weak and reused secrets as low-priority entries",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["json", "markdown", "html"]),
    default="markdown",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--repo",
    "repo",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="the repository whose CODEOWNERS names owners for credentials the inventory gives none "
    "(default: the current folder, when it has a CODEOWNERS file)",
)
@click.option(
    "--filter-repo-expressions",
    "expressions_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SENSITIVE: write a `git filter-repo --replace-text` file (mode 0600) with the leaked values; needs "
    "reports made with --show-secrets",
)
def plan(
    findings_files: tuple[Path, ...],
    inventory_file: Path | None,
    environments: tuple[str, ...],
    check_file: Path | None,
    fmt: str,
    output: Path | None,
    repo: Path | None,
    expressions_file: Path | None,
) -> int:
    """One entry per leaked credential (deduplicated across reports), live or not in the stores, ordered by
    priority, with the provider's rotation steps. Exit 1 when there is something to rotate."""
    from secretguard.plan.cleanup import gitignore_lines, plaintext_secrets, write_expressions  # noqa: PLC0415
    from secretguard.plan.owners import LOCATIONS, find_codeowners, load_codeowners  # noqa: PLC0415
    from secretguard.plan.planner import (  # noqa: PLC0415
        assign_codeowners,
        build_plan,
        hygiene_entries,
        load_findings,
    )
    from secretguard.plan.render import to_html, to_json, to_markdown  # noqa: PLC0415

    if environments and inventory_file is None:
        raise ConfigError("--env needs --inventory")
    findings = load_findings(list(findings_files))
    live = None
    owners: dict[str, str] = {}
    notes: list[str] = []
    if inventory_file is not None:
        from secretguard.plan.live import inventory_owners, live_hashes  # noqa: PLC0415 - store clients when asked

        live, problems = live_hashes(inventory_file, list(environments) or None)
        notes += [f"store not read, liveness of its values unknown: {p}" for p in problems]
        owners = inventory_owners(inventory_file)
    entries = build_plan(findings, live)
    if check_file is not None:
        try:
            results = json.loads(check_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the check results {check_file}: {exc}") from exc
        if not isinstance(results, list):
            raise InputError(f"{check_file} is not the JSON output of `secretguard inventory check`")
        now = datetime.now(UTC)
        entries += hygiene_entries((r for r in results if isinstance(r, dict)), len(entries) + 1, now, owners)
    if inventory_file is not None:
        from secretguard.plan.live import automations  # noqa: PLC0415

        automated = automations(inventory_file)
        for entry in entries:
            found = next((automated[v] for v in entry.variables if v in automated), None)
            if found and entry.live:
                entry.automation = found + " (`secretguard rotate --plan PLAN.json --apply`)"
    cwd = Path.cwd()
    if repo is None and find_codeowners(cwd) is not None:
        repo = cwd
    if repo is not None:
        codeowners = load_codeowners(repo)
        if codeowners is None:
            notes.append(
                f"no CODEOWNERS in {repo} (looked for {', '.join(LOCATIONS)}): owners only from the inventory"
            )
        else:
            notes += codeowners.problems
            assign_codeowners(entries, codeowners, repo, cwd)
    ignore = gitignore_lines(e.file for entry in entries for e in entry.exposures)
    if ignore:
        notes.append("committed dotenv files: add to .gitignore: " + ", ".join(ignore))
    if expressions_file is not None:
        secrets = plaintext_secrets(findings)
        wanted = [secrets[e.key] for e in entries if e.key in secrets]
        count = write_expressions(expressions_file, wanted)
        missing = len(entries) - len(wanted)
        click.echo(
            f"SENSITIVE {expressions_file}: {count} expression(s), mode 0600 — it holds the leaked values; "
            "delete it after `git filter-repo --replace-text`",
            err=True,
        )
        if missing:
            notes.append(
                f"{missing} credential(s) not in the expressions file: their reports were redacted "
                "(scan again with --show-secrets to include them)"
            )
    renderers = {"json": lambda: to_json(entries), "markdown": lambda: to_markdown(entries, notes)}
    renderers["html"] = lambda: to_html(entries, notes)
    text = renderers[fmt]()
    write_output(output, text)
    for note in notes:
        click.echo(f"WARNING {note}", err=True)
    click.echo(f"secretguard: {len(entries)} credential(s) to rotate", err=True)
    return 1 if entries else 0
