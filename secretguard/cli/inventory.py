"""`secretguard inventory ...`: discover, check, report, export, snapshot, diff.

Thin: parse options, call secretguard.inventory, write the output. Heavy imports (hvac, boto3) happen inside
the store modules only when a command reads a store.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from secretguard.errors import ExitCode, InputError
from secretguard.safe_read import RefusedInput, read_regular_file

# A saved `check --format json` is a few hundred bytes a variable: read as a regular file of at most this.
MAX_RESULTS_BYTES = 64 * 1024 * 1024

INVENTORY_OPTION = click.option(
    "--inventory",
    "-i",
    "inventory_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("secretguard.inventory.yaml"),
    show_default=True,
    help="the inventory file",
)


def write_output(output: Path | None, text: str) -> None:
    """The text to the --output file, or to standard output."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror}") from None


def _as_of(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "expected a date (YYYY-MM-DD) or an ISO 8601 time", param_hint="--as-of"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.group()
def inventory() -> None:
    """The environment variables the project needs: find them, record them, check the stores that hold them.

    Values read from Vault, AWS, dotenv files or the environment are compared by hash in memory and never
    printed, logged or written.
    """


@inventory.command()
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--write",
    is_flag=True,
    help="create or merge the inventory file (default PATH/secretguard.inventory.yaml)",
)
@click.option(
    "--inventory",
    "-i",
    "inventory_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="inventory file for --write (default: PATH/secretguard.inventory.yaml)",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "yaml"]),
    default="text",
    show_default=True,
    help="output format",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="write the list here")
@click.option("--all-files", is_flag=True, help="in a git work tree, also read files git ignores")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(["runtime", "build", "service", "dev", "test", "ci", "example", "all"]),
    help="list (and with --write, record) only variables of these scopes (repeatable). Default: every scope "
    "is listed, and --write records the `runtime` ones (what the application itself reads)",
)
def discover(
    path: Path,
    write: bool,
    inventory_file: Path | None,
    fmt: str,
    output: Path | None,
    all_files: bool,
    scopes: tuple[str, ...],
) -> int:
    """Find the environment variables the code at PATH reads (default: the current folder).

    Each variable has a scope: `runtime` (the application reads it), `build` (Dockerfile ARG/ENV, bundler
    build time), `service:<name>` (another container's settings), `dev`, `test`, `ci`, `example` (declared
    only, e.g. in `.env.example`)."""
    from secretguard.formats.inventory import render_discovered  # noqa: PLC0415
    from secretguard.inventory.discover import discover as run_discover  # noqa: PLC0415

    start = time.perf_counter()
    found = run_discover(path, all_files=all_files)
    elapsed = time.perf_counter() - start

    def in_scope(var: Any, wanted: tuple[str, ...]) -> bool:
        return "all" in wanted or var.scope.partition(":")[0] in wanted

    if scopes:
        found.variables = [v for v in found.variables if in_scope(v, scopes)]
    text = render_discovered(fmt, found.variables)
    write_output(output, text)
    for note in found.notes:
        click.echo(f"note {note.file}:{note.line}: {note.message}", err=True)
    for skipped in found.skipped:
        click.echo(f"skipped {skipped}", err=True)
    summary = (
        f"secretguard inventory: {len(found.variables)} variable(s) in {found.files} file(s) "
        f"({elapsed:.2f} s)"
    )
    if write:
        from secretguard.inventory.merge import merge  # noqa: PLC0415
        from secretguard.inventory.model import load_inventory, save_inventory  # noqa: PLC0415

        target = inventory_file or path / "secretguard.inventory.yaml"
        existing = load_inventory(target) if target.exists() else None
        recorded = [v for v in found.variables if in_scope(v, scopes or ("runtime",))]
        merged, result = merge(existing, recorded)
        afresh = save_inventory(merged, target)
        if afresh is not None:
            click.echo(f"note: {afresh}", err=True)
        summary += f"; {'updated' if existing else 'created'} {target}: {result.text()}"
    click.echo(summary, err=True)
    return int(ExitCode.CLEAN)


@inventory.command()
@INVENTORY_OPTION
@click.option("--env", "envs", multiple=True, help="environment to check (repeatable; default: all)")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="write the results here"
)
@click.option("--as-of", "as_of", help="judge staleness as of this date instead of now (YYYY-MM-DD)")
@click.option(
    "--exit-zero", is_flag=True, help="exit 0 even when a variable is not ok (a store not read still exits 3)"
)
def check(
    inventory_file: Path,
    envs: tuple[str, ...],
    fmt: str,
    output: Path | None,
    as_of: str | None,
    exit_zero: bool,
) -> int:
    """Read the stores and check every variable: missing, empty, placeholder, invalid_format, weak, stale,
    insecure_storage, public_prefix, reused_across_environments, undeclared, unverified.

    Exit 1 when any result is not ok; 3 (incomplete) when a store could not be read or a variable is
    unverified, whatever else was found, as a partial scan does.
    """
    from secretguard.formats.inventory import render_check  # noqa: PLC0415
    from secretguard.inventory.check import run_check  # noqa: PLC0415
    from secretguard.inventory.model import load_inventory  # noqa: PLC0415

    inv = load_inventory(inventory_file)
    start = time.perf_counter()
    report = run_check(inv, inventory_file.parent, envs or None, now=_as_of(as_of))
    elapsed = time.perf_counter() - start
    text = render_check(fmt, report.results)
    write_output(output, text)
    for problem in report.problems:
        click.echo(
            f"ERROR store {problem.store} (environment {problem.environment}): {problem.reason}; "
            f"{problem.variables} variable(s) there could not be verified",
            err=True,
        )
    for note in report.notes:
        click.echo(f"note {note}", err=True)
    counts = report.counts()
    shown = ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: (kv[0] != "ok", kv[0])))
    # Like a partial scan: what could not be verified is not "clean", and outranks the findings (exit 3).
    partial = bool(report.problems) or "unverified" in counts
    click.echo(
        f"secretguard inventory: {len(report.results)} result(s): {shown or 'nothing to check'} "
        f"({elapsed:.2f} s)" + ("; PARTIAL: some stores could not be read" if partial else ""),
        err=True,
    )
    if partial:
        return int(ExitCode.INCOMPLETE)
    if report.clean or exit_zero:
        return int(ExitCode.CLEAN)
    return int(ExitCode.FINDINGS)


@inventory.command()
@INVENTORY_OPTION
@click.option("--env", "envs", multiple=True, help="environment to include (repeatable; default: all)")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["markdown", "html", "json"]),
    default="markdown",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="write the report here")
@click.option(
    "--results",
    type=click.Path(dir_okay=False, path_type=Path),
    help="use a saved `check --format json` output instead of reading the stores",
)
@click.option("--no-check", is_flag=True, help="do not read the stores (statuses shown as 'not checked')")
@click.option("--as-of", "as_of", help="judge staleness as of this date instead of now (YYYY-MM-DD)")
def report(
    inventory_file: Path,
    envs: tuple[str, ...],
    fmt: str,
    output: Path | None,
    results: Path | None,
    no_check: bool,
    as_of: str | None,
) -> int:
    """The handover document: a table per environment with purpose, owner, storage, last change, status and
    rotation due."""
    from secretguard.formats import handover  # noqa: PLC0415
    from secretguard.inventory.check import CheckReport, results_from_json, run_check  # noqa: PLC0415
    from secretguard.inventory.model import InventoryError, load_inventory  # noqa: PLC0415

    inv = load_inventory(inventory_file)
    wanted = list(envs) or list(inv.environments)
    for env in wanted:
        if env not in inv.environments:
            raise InventoryError(f"environment {env!r} is not in the inventory")
    checked: CheckReport | None = None
    if results is not None:
        try:
            data = json.loads(read_regular_file(results, roots=None, max_bytes=MAX_RESULTS_BYTES))
        except RefusedInput as exc:
            raise InputError(f"cannot read check results {results}: {exc.reason}") from None
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read check results {results} ({type(exc).__name__})") from None
        checked = results_from_json(data, str(results))
    elif not no_check:
        checked = run_check(inv, inventory_file.parent, wanted, now=_as_of(as_of))
        for problem in checked.problems:
            click.echo(
                f"ERROR store {problem.store} (environment {problem.environment}): {problem.reason}", err=True
            )
    write_output(output, handover.render(fmt, inv, checked, wanted, _as_of(as_of)))
    return int(ExitCode.CLEAN)


@inventory.command()
@INVENTORY_OPTION
@click.option("--format", "-f", "fmt", type=click.Choice(["dotenv-example", "settings"]), required=True)
@click.option("--env", help="required-ness for this environment (default: required in every environment)")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="write the file here")
@click.option("--class-name", default="Settings", show_default=True, help="class name for --format settings")
def export(inventory_file: Path, fmt: str, env: str | None, output: Path | None, class_name: str) -> int:
    """Write a .env.example (names and documentation, no values) or a pydantic-settings Settings module."""
    from secretguard.formats.exports import dotenv_example, settings_module  # noqa: PLC0415
    from secretguard.inventory.model import InventoryError, load_inventory  # noqa: PLC0415

    inv = load_inventory(inventory_file)
    if env is not None and env not in inv.environments:
        raise InventoryError(f"environment {env!r} is not in the inventory")
    if not class_name.isidentifier():
        raise click.BadParameter("must be a Python identifier", param_hint="--class-name")
    text = dotenv_example(inv, env) if fmt == "dotenv-example" else settings_module(inv, env, class_name)
    write_output(output, text)
    return int(ExitCode.CLEAN)


@inventory.command()
@INVENTORY_OPTION
@click.option("--env", required=True, help="the environment to record")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
def snapshot(inventory_file: Path, env: str, output: Path) -> int:
    """Record which keys each store of an environment holds: names, value hashes and metadata, no values."""
    from secretguard.inventory.model import load_inventory  # noqa: PLC0415
    from secretguard.inventory.snapshot import take_snapshot  # noqa: PLC0415

    inv = load_inventory(inventory_file)
    data = take_snapshot(inv, env, inventory_file.parent)
    write_output(output, json.dumps(data, indent=2) + "\n")
    errors = [(label, store["error"]) for label, store in data["stores"].items() if store["error"]]
    for label, reason in errors:
        click.echo(f"ERROR store {label} (environment {env}): {reason}", err=True)
    keys = sum(len(store["keys"]) for store in data["stores"].values())
    click.echo(
        f"secretguard inventory: snapshot of {env}: {keys} key(s) in {len(data['stores'])} store(s)"
        + (f", {len(errors)} unreadable" if errors else ""),
        err=True,
    )
    return int(ExitCode.INCOMPLETE if errors else ExitCode.CLEAN)


@inventory.command()
@click.argument("before", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("after", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
def diff(before: Path, after: Path, fmt: str, output: Path | None) -> int:
    """Compare two snapshots. Exit 1 when a key was removed or changed (or a store could not be read)."""
    from secretguard.inventory.snapshot import diff_snapshots, diff_text, load_snapshot  # noqa: PLC0415

    result = diff_snapshots(load_snapshot(before), load_snapshot(after))
    write_output(output, json.dumps(result, indent=2) + "\n" if fmt == "json" else diff_text(result))
    if output is not None or fmt == "json":
        click.echo(
            f"secretguard inventory: {len(result['removed'])} removed, {len(result['changed'])} changed, "
            f"{len(result['added'])} added",
            err=True,
        )
    if result["removed"] or result["changed"] or result["unverified"]:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.CLEAN)


__all__ = ["inventory"]
