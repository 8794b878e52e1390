"""The click application: the command group, its commands, and one error funnel for all of them."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

import click

from secretguard import __version__
from secretguard.errors import ExitCode, SecretGuardError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="secretguard")
def cli() -> None:
    """secretguard: find leaked secrets, inventory environment variables, plan rotations.

    Exit codes: 0 clean, 1 findings, 2 usage or configuration error, 3 incomplete scan (partial result),
    4 internal error.
    """


def _register() -> None:
    from secretguard.cli import baseline, scan  # noqa: PLC0415 - command modules register themselves

    cli.add_command(scan.scan)
    cli.add_command(baseline.baseline)
    from secretguard.cli import hooks  # noqa: PLC0415

    cli.add_command(hooks.hooks)
    from secretguard.cli import inventory  # noqa: PLC0415

    cli.add_command(inventory.inventory)
    from secretguard.cli import plan  # noqa: PLC0415

    cli.add_command(plan.plan)
    from secretguard.cli import rotate  # noqa: PLC0415

    cli.add_command(rotate.rotate)
    from secretguard.cli import ci  # noqa: PLC0415

    cli.add_command(ci.ci)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and map every outcome to an exit code: the single funnel for errors. (The fast path is
    tried before this, by secretguard.entry.)"""
    _register()
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="secretguard", standalone_mode=False
        )
    except SecretGuardError as exc:
        click.echo(f"ERROR {exc.message}", err=True)
        if exc.hint:
            click.echo(f"TIP {exc.hint}", err=True)
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return int(ExitCode.INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.CLEAN)
    except Exception as exc:  # noqa: BLE001 - the funnel: anything else is a bug, reported as one
        # The traceback names code locations only; exception text is dropped, since a bug's message could
        # quote the input it choked on, and the input may hold a secret.
        frames = traceback.extract_tb(exc.__traceback__)
        where = "; ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in frames[-6:])
        click.echo(
            f"ERROR internal error ({type(exc).__name__}) in secretguard {__version__} "
            f"on Python {sys.version.split()[0]}: {where}",
            err=True,
        )
        click.echo("TIP this is a bug; please report it with the command you ran", err=True)
        return int(ExitCode.BUG)
    return int(result) if isinstance(result, int) else 0
