"""`secretguard plan`: scan reports (+ the live stores) -> an ordered rotation plan."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import click

from secretguard.cli.inventory import write_output
from secretguard.errors import ConfigError, ExitCode, InputError
from secretguard.safe_read import RefusedInput, read_regular_file

if TYPE_CHECKING:
    from secretguard.plan.planner import PlanEntry


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
@click.option(
    "--journal",
    "journal_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="the rotation journal of `secretguard rotate` (default: .secretguard/rotate-journal.jsonl next to "
    "the inventory): leaked values it already replaced say when",
)
@click.option(
    "--verify-purge",
    "verify_clone",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="instead of a plan: scan this fresh clone's whole history and exit 0 when none of the reports' "
    "leaked values is left, 1 listing (redacted) those that are",
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
    journal_file: Path | None,
    verify_clone: Path | None,
) -> int:
    """One entry per leaked credential (deduplicated across reports), live or not in the stores, ordered by
    priority, with the provider's rotation steps. Exit 1 when there is something to rotate."""
    from secretguard.formats.plan import to_html, to_json, to_markdown  # noqa: PLC0415
    from secretguard.plan.cleanup import gitignore_advice  # noqa: PLC0415
    from secretguard.plan.owners import LOCATIONS, find_codeowners, load_codeowners  # noqa: PLC0415
    from secretguard.plan.planner import (  # noqa: PLC0415
        MAX_REPORT_BYTES,
        assign_codeowners,
        build_plan,
        hygiene_entries,
        load_findings,
        publishable_notes,
        rank_entries,
    )

    if environments and inventory_file is None:
        raise ConfigError("--env needs --inventory")
    if journal_file is not None and inventory_file is None:
        raise ConfigError("--journal needs --inventory (a value is rotated only if no store holds it now)")
    findings = load_findings(list(findings_files))
    if verify_clone is not None:
        return _verify_purge(verify_clone, findings, fmt, output)
    live = None
    stored: set[tuple[str, str]] | None = None
    complete = True
    owners: dict[str, str] = {}
    notes: list[str] = []
    rotations = None
    if inventory_file is not None:
        from secretguard.plan.live import inventory_owners, live_hashes  # noqa: PLC0415 - store clients when asked
        from secretguard.plan.rotated import default_journal, finished_rotations  # noqa: PLC0415

        stores = live_hashes(inventory_file, list(environments) or None)
        live, stored, complete = stores.table, stores.stored, stores.complete
        notes += [f"store not read, liveness of its values unknown: {p}" for p in stores.problems]
        owners = inventory_owners(inventory_file)
        rotations, problems = finished_rotations(journal_file or default_journal(inventory_file))
        notes += problems
    entries = build_plan(findings, live, live_complete=complete, rotations=rotations)
    if check_file is not None:
        try:
            results = json.loads(read_regular_file(check_file, roots=None, max_bytes=MAX_REPORT_BYTES))
        except RefusedInput as exc:
            raise InputError(f"cannot read the check results {check_file}: {exc.reason}") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the check results {check_file}: {exc}") from exc
        if not isinstance(results, list):
            raise InputError(f"{check_file} is not the JSON output of `secretguard inventory check`")
        now = datetime.now(UTC)
        checks = (r for r in results if isinstance(r, dict))
        entries = rank_entries([*entries, *hygiene_entries(checks, len(entries) + 1, now, owners, stored)])
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
    root = repo or cwd
    ignore = gitignore_advice(_dotenv_paths(entries, root, cwd), root)
    if ignore:
        notes.append("committed dotenv files: add to .gitignore: " + ", ".join(ignore))
    if expressions_file is not None:
        notes += _write_expressions(expressions_file, entries, findings)
    exposure_notes = publishable_notes(findings)
    renderers = {
        "json": lambda: to_json(entries),
        "markdown": lambda: to_markdown(entries, notes, exposure_notes),
        "html": lambda: to_html(entries, notes, exposure_notes),
    }
    text = renderers[fmt]()
    write_output(output, text)
    for note in notes:
        click.echo(f"WARNING {note}", err=True)
    for note in exposure_notes:
        click.echo(f"NOTE {note}", err=True)
    click.echo(f"secretguard: {len(entries)} credential(s) to rotate", err=True)
    return 1 if entries else 0


def _dotenv_paths(entries: list[PlanEntry], root: Path, cwd: Path) -> list[str]:
    """The exposures' files as paths in `root` (their names, when elsewhere), for the .gitignore advice."""
    from secretguard.plan.planner import repo_path  # noqa: PLC0415

    paths = []
    for entry in entries:
        for x in entry.exposures:
            if x.kind in ("repository", "history"):
                inside = repo_path(x.file, root, cwd, from_git=x.commit is not None)
                paths.append(inside or PurePosixPath(x.file.replace("\\", "/")).name)
    return paths


def _write_expressions(path: Path, entries: list[PlanEntry], findings: list[dict[str, Any]]) -> list[str]:
    """Write the filter-repo expressions file (SENSITIVE) with the values safe to replace everywhere; the
    notes that say what was left out and what must change in the code first."""
    from secretguard.plan.cleanup import MIN_LENGTH, write_expressions  # noqa: PLC0415
    from secretguard.plan.planner import purge_selection  # noqa: PLC0415

    chosen = purge_selection(entries, findings)
    count = write_expressions(path, chosen.values)
    click.echo(
        f"SENSITIVE {path}: {count} expression(s), mode 0600 — it holds the leaked values; use it as "
        "`git filter-repo --replace-text F --replace-message F` in a fresh clone, then delete it",
        err=True,
    )
    notes = []
    if chosen.redacted:
        notes.append(
            f"{chosen.redacted} leaked value(s) not in the expressions file: their reports were redacted "
            "(scan again with --show-secrets to include them)"
        )
    if chosen.left_out:
        notes.append(
            "left out of the expressions file, since replacing the text everywhere could break code or text "
            f"(only leaked values of at least {MIN_LENGTH} characters that are not words or identifiers are "
            "written): " + "; ".join(chosen.left_out)
        )
    if chosen.change_first:
        notes.append(
            "still in the current tree at HEAD, change the code first (the purge would not fix it, only "
            "replace the value in the working code), then purge: " + "; ".join(chosen.change_first)
        )
    return notes


def _verify_purge(clone: Path, findings: list[dict[str, Any]], fmt: str, output: Path | None) -> int:
    """`--verify-purge`: exit 0 when none of the reports' leaked values is left in the clone's history, 1
    listing (redacted) those that are, 3 when the scan could not read everything and found none."""
    from secretguard.formats.plan import verification_json, verification_text  # noqa: PLC0415
    from secretguard.plan.verify import verify_purge  # noqa: PLC0415

    outcome = verify_purge(clone, findings)
    write_output(output, verification_json(outcome) if fmt == "json" else verification_text(outcome))
    for skipped in outcome.skipped:
        click.echo(f"WARNING not scanned: {skipped}", err=True)
    if outcome.remaining:
        click.echo(
            f"secretguard: {len(outcome.remaining)} place(s) in {clone} still hold leaked values: the purge "
            "is not done (did the expressions file cover them, was every branch and tag rewritten?)",
            err=True,
        )
        return int(ExitCode.FINDINGS)
    if outcome.skipped:
        click.echo(
            f"secretguard: none of {outcome.values} leaked value(s) found, but the scan was partial", err=True
        )
        return int(ExitCode.INCOMPLETE)
    click.echo(
        f"secretguard: none of the plan's {outcome.values} leaked value(s) is left in {clone}'s history"
        + (f" ({len(outcome.by_design)} place(s) left on purpose, listed)" if outcome.by_design else ""),
        err=True,
    )
    return int(ExitCode.CLEAN)
