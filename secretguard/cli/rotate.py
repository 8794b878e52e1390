"""`secretguard rotate`: carry out the automatable rotations of a plan (dry run unless --apply)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import click

from secretguard.cli.inventory import INVENTORY_OPTION, write_output
from secretguard.errors import ConfigError, ExitCode
from secretguard.journal_format import default_journal

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _duration(_ctx: click.Context, _param: click.Parameter, value: str) -> timedelta:
    match = _DURATION.match(value)
    if match is None:
        raise click.BadParameter("expected a duration such as 0, 30m, 12h, 7d or 2w")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def _keep_out_of_git(folder: Path) -> None:
    """The default journal sits next to the inventory, usually in a work tree: never commit it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# secretguard's local state (rotation journal): not for version control\n*\n")
    except OSError:
        pass  # the journal itself reports an unwritable folder


@click.command("rotate")
@INVENTORY_OPTION
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="a `secretguard plan --format json` output: rotate its live credentials, in its order",
)
@click.option("--variable", "variables", multiple=True, help="rotate this inventory variable (repeatable)")
@click.option("--env", "environments", multiple=True, help="environment(s) to act in (repeatable)")
@click.option("--apply", is_flag=True, help="act; without it nothing is changed (dry run)")
@click.option(
    "--journal",
    "journal_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="the resumable journal (default: .secretguard/rotate-journal.jsonl next to the inventory)",
)
@click.option(
    "--grace",
    default="7d",
    show_default=True,
    callback=_duration,
    help="how long an old IAM key stays inactive (roll-back possible) before it is deleted",
)
@click.option(
    "--verify-wait",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="seconds to wait for a new IAM key to be accepted by STS",
)
@click.option("--again", is_flag=True, help="rotate named variables again although already rotated")
@click.option("--restart", is_flag=True, help="abandon unfinished rotations in the journal and start over")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
def rotate(
    inventory_file: Path,
    plan_file: Path | None,
    variables: tuple[str, ...],
    environments: tuple[str, ...],
    apply: bool,
    journal_file: Path | None,
    grace: timedelta,
    verify_wait: float,
    again: bool,
    restart: bool,
    fmt: str,
    output: Path | None,
) -> int:
    """Rotate what can be rotated safely: app-generated secrets (`rotation: generate`) in Vault KV v2, SSM
    SecureString parameters or Secrets Manager (AWSPENDING, then AWSCURRENT), and AWS IAM access keys (new
    key stored and verified with STS before the old is deactivated; deleted after --grace).

    Dry run unless --apply. Every step is journaled: a run that dies is finished by running it again.
    Values are never printed; the journal holds hashes and masked key ids only. Every write is listed
    (variable, store, version). Exit 3 if a rotation failed, or lost a race with another run (a conflict: that
    run changes nothing).
    """
    from secretguard.formats.rotation import rotation_json, rotation_text  # noqa: PLC0415
    from secretguard.inventory.model import load_inventory  # noqa: PLC0415
    from secretguard.rotate.session import rotate_all  # noqa: PLC0415 - store clients only when rotating
    from secretguard.rotate.targets import from_names, from_plan  # noqa: PLC0415

    if plan_file is None and not variables:
        raise ConfigError("nothing to rotate", hint="pass --plan PLAN.json or --variable NAME --env ENV")
    if variables and not environments:
        raise ConfigError("--variable needs --env")
    inventory = load_inventory(inventory_file)
    unknown = [e for e in environments if e not in inventory.environments]
    if unknown:
        raise ConfigError(f"environment(s) not in the inventory: {', '.join(unknown)}")
    targets, manual = from_plan(plan_file, inventory, environments) if plan_file else ([], [])
    targets += from_names(inventory, variables, environments)
    journal = journal_file or default_journal(inventory_file)
    if journal_file is None and apply:
        _keep_out_of_git(journal.parent)
    outcomes = rotate_all(
        inventory, inventory_file.parent, targets, journal,
        apply=apply, grace=grace, verify_wait=verify_wait, again=again, restart=restart,
    )  # fmt: skip
    render = rotation_json if fmt == "json" else rotation_text
    text = render(outcomes, manual, applied=apply, journal=journal)
    write_output(output, text)
    failed = [o for o in outcomes if o.failed]
    for outcome in failed:
        click.echo(f"ERROR {outcome.target.ident}: {outcome.detail}", err=True)
    return int(ExitCode.INCOMPLETE) if failed else 0
