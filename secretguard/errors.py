"""The one family of user-facing errors, and the exit codes they map to.

Every failure a user can cause or fix reaches the CLI as a SecretGuardError carrying its own message and hint;
anything else is a bug and is reported as such by the CLI's error funnel.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    CLEAN = 0
    FINDINGS = 1
    USAGE = 2  # bad arguments, bad configuration, bad rules
    INCOMPLETE = 3  # the scan ran but could not read everything: the result is partial
    BUG = 4  # an unexpected internal error
    INTERRUPTED = 130


class SecretGuardError(Exception):
    """An error with a message for people, an optional hint, and the exit code it means."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(SecretGuardError):
    """Invalid configuration: settings files, environment variables or command options."""


class RuleError(SecretGuardError):
    """A rule file that cannot be loaded or a rule that fails validation."""


class InputError(SecretGuardError):
    """An input that cannot be read at all (a missing path, an unreadable baseline)."""
