"""`secretguard scan bundle DIR...`: built frontend output, mapped back through source maps."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from secretguard.cli.options import ScanOptions, common_scan_options, finish, settings_from
from secretguard.errors import ConfigError
from secretguard.scan.filters import any_of
from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.runner import Runner, build_engine, worker_count

DEFAULT_MAX_SIZE = 64 * 1024 * 1024  # bundles and their maps are large; a 6.7 MB line is normal


@click.command("bundle")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--env-file",
    "env_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="dotenv file whose secret variables must not appear in the bundle (compared in memory)",
)
@click.option(
    "--inventory",
    "inventory_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="inventory file: the current values of its secret variables must not appear in the bundle",
)
@click.option("--env", "environment", default=None, help="the inventory environment whose values to use")
@click.option("--max-size", type=click.IntRange(min=1), default=None, help="skip files larger than this")
@common_scan_options
def scan_bundle(
    paths: tuple[str, ...],
    env_files: tuple[Path, ...],
    inventory_file: Path | None,
    environment: str | None,
    max_size: int | None,
    common: ScanOptions,
) -> int:
    """Scan built frontend output (dist/, build/, .next/, out/, public/...): .js .mjs .cjs .css .html .json
    .map, .gz/.br, and deployed .env files. Findings in generated code are mapped to the original source
    through source maps; server-only credentials are critical; deployed source maps are reported."""
    from secretguard.scan.sources.bundle.inlined import (  # noqa: PLC0415
        InlinedValues,
        secrets_from_dotenv,
        secrets_from_values,
    )
    from secretguard.scan.sources.bundle.scan import BundleSource  # noqa: PLC0415 - command-local imports

    settings = settings_from(common, max_file_size=max_size)
    result = ScanResult()
    # In a bundle every credential is reported: client-safe ones as such, so a reviewer sees what ships.
    engine, excluded = build_engine(settings, result, client_safe=True)
    secrets = secrets_from_dotenv(env_files)
    if inventory_file is not None:
        if environment is None:
            raise ConfigError("--inventory needs --env: which environment's values to look for")
        from secretguard.inventory.stores.secret_values import current_secret_values  # noqa: PLC0415

        # The inventory's stores are read here and handed to the bundle source, which reads no store itself.
        stored = functools.partial(current_secret_values, inventory_file, environment)
        values, problems = secrets_from_values(stored, f"inventory {environment}")
        secrets += values
        # A store that could not be read leaves its values unchecked: the result is partial.
        result.skipped += [Skipped(str(inventory_file), f"store not read: {p}") for p in problems]
    limit = max_size or (settings.max_file_size if "max_file_size" in settings.model_fields_set else 0)
    runner = Runner(
        engine,
        workers=worker_count(settings),
        exclude=any_of(excluded),
        also=[InlinedValues(secrets)] if secrets else [],
        result=result,
    )
    with runner:
        runner.run(BundleSource(list(paths), limit or DEFAULT_MAX_SIZE))
    return finish(
        result,
        settings,
        engine.rules,
        common,
        command="scan bundle",
    )
