"""Where the CI gate takes its configuration from: the range's base (default), the working tree (scheduled and
full-history runs, or `--trust-head-config`), or the defaults (a change with no base to read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from secretguard.ci.target import Target
from secretguard.ci.trust import (
    HeadView,
    TrustedConfig,
    head_view,
    label,
    suppression_changes,
    trusted_config,
)
from secretguard.cli.options import ScanOptions, cli_overrides, settings_from
from secretguard.errors import SecretGuardError
from secretguard.formats.printable import printable
from secretguard.scan.gate import GateOutcome
from secretguard.scan.pathtext import printable_path
from secretguard.scan.sources.git.repo import Repo
from secretguard.scan.suppress import Suppressions, locate
from secretguard.settings import Settings, load_settings


@dataclass(slots=True)
class GateConfig:
    settings: Settings
    repo: Repo
    suppressions: Suppressions | None = None  # None: the working folder's, as every scan
    notes: list[str] = field(default_factory=list)
    trusted: TrustedConfig | None = None
    head: HeadView | None = None

    @classmethod
    def for_target(
        cls, repo: Repo, target: Target, common: ScanOptions, folder: Path, *, trust_head: bool
    ) -> GateConfig:
        if trust_head or target.worktree_config:
            return cls(settings_from(common), repo)
        overrides = cli_overrides(common)
        if target.base is None:
            settings = load_settings(None, root=folder, **overrides)  # an empty folder: the defaults
            settings.rules = [*settings.rules, *common.rule_files]
            explicit = locate(common.baseline_file, root=folder) if common.baseline_file else Suppressions()
            note = "no base commit to read the configuration from: the defaults are used"
            return cls(settings, repo, explicit, [note])
        trusted = trusted_config(
            repo,
            target.base,
            folder,
            config_file=common.config_file,
            baseline_file=common.baseline_file,
            rule_files=common.rule_files,
            overrides=overrides,
        )
        notes = [
            f"configuration, rules, baseline and ignore files come from the base commit {target.base[:12]} "
            "(--trust-head-config reads the head's)",
            *trusted.notes,
        ]
        gate = cls(trusted.settings, repo, trusted.suppressions, notes, trusted)
        try:
            head_settings = settings_from(common)
            head = locate(common.baseline_file or head_settings.baseline)
            gate.head = head_view(head_settings, head)
        except SecretGuardError as exc:
            gate.notes.append(f"the head's configuration cannot be read ({exc.message}); the base's is used")
        return gate

    def review(self, outcome: GateOutcome) -> list[str]:
        """For the reviewer: findings this change would hide, its suppression changes, inline allows."""
        lines: list[str] = []
        if self.head is not None and self.trusted is not None:
            lines += label(outcome.findings, self.head)
            lines += suppression_changes(self.trusted, self.head, self.repo)
        for finding in outcome.allowed_inline[:50]:
            where = printable(printable_path(finding.file))
            lines.append(f"allowed inline by this change: {where}:{finding.line} {finding.rule_id}")
        if lines:
            click.echo(
                "secretguard ci: for the reviewer (suppressions in this change are not applied):", err=True
            )
            for line in lines:
                click.echo(f"  {line}", err=True)
        return lines
