"""`secretguard hooks install|run`: git hooks without the pre-commit framework, and the pre-push entry point.

Installed hooks carry a marker line; a hook without it belongs to someone else and is only replaced with
--force (it is then kept beside ours as `<hook>.secretguard-backup`).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import click

from secretguard.errors import ExitCode, InputError

MARKER = "# secretguard-hook"

_RUNNER = """run_secretguard() {
  if command -v secretguard >/dev/null 2>&1; then
    secretguard "$@"
  else
    PYTHON_FALLBACK -m secretguard "$@"
  fi
}
"""

PRE_COMMIT = f"""#!/bin/sh
{MARKER}: pre-commit. Blocks a commit whose staged changes add a secret.
# Accept a finding: `secretguard baseline update`, or `secretguard:allow` on its line.
{_RUNNER}
run_secretguard scan git --staged
"""

PRE_PUSH = f"""#!/bin/sh
{MARKER}: pre-push. Blocks a push whose new commits add a secret.
# git passes one line per pushed ref: <local ref> <local sha> <remote ref> <remote sha>
{_RUNNER}
remote="$1"
status=0
while read -r local_ref local_sha remote_ref remote_sha; do
  case "$local_sha" in *[!0]*) ;; *) continue ;; esac   # a deleted ref pushes nothing
  case "$remote_sha" in
    *[!0]*) range="$remote_sha..$local_sha" ;;
    *) range="$local_sha --not --remotes=$remote" ;;      # a new branch: what the remote does not have
  esac
  run_secretguard scan git --range "$range" --trust-head-config || status=$?   # own machine: trusted
done
exit $status
"""

PRE_RECEIVE = f"""#!/bin/sh
{MARKER}: pre-receive (server side). Rejects pushed commits that add a secret.
# Install in the bare repository's hooks/ folder. git passes: <old sha> <new sha> <ref name>
{_RUNNER}
status=0
while read -r old_sha new_sha ref_name; do
  case "$new_sha" in *[!0]*) ;; *) continue ;; esac     # a deleted ref adds nothing
  case "$old_sha" in
    *[!0]*) range="$old_sha..$new_sha" ;;
    *) range="$new_sha --not --all" ;;                  # a new ref: commits no existing ref has
  esac
  run_secretguard scan git --range "$range" . || status=$?   # configuration from $old_sha, not the push
done
exit $status
"""

SCRIPTS = {"pre-commit": PRE_COMMIT, "pre-push": PRE_PUSH, "pre-receive": PRE_RECEIVE}


def script(name: str, python: str = "python3") -> str:
    return SCRIPTS[name].replace("PYTHON_FALLBACK", python)


@click.group()
def hooks() -> None:
    """Install git hooks, or run the pre-push check (for the pre-commit framework)."""


def _hooks_dir(repo: str) -> Path:
    proc = subprocess.run(
        ["git", "-C", repo, "rev-parse", "--path-format=absolute", "--git-path", "hooks"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise InputError(f"{repo}: not a git repository", hint="run this inside the repository")
    return Path(proc.stdout.strip())


def _install(folder: Path, name: str, force: bool) -> str:
    target = folder / name
    text = script(name, sys.executable)
    if target.exists() or target.is_symlink():
        try:
            current = target.read_text(encoding="utf-8", errors="replace")
        except OSError:
            current = ""
        if MARKER not in current:
            if not force:
                raise InputError(
                    f"{target} exists and is not a secretguard hook",
                    hint="call secretguard from it yourself, or pass --force (the old hook is kept)",
                )
            target.replace(target.with_name(f"{name}.secretguard-backup"))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{name}.secretguard.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(tmp.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH | stat.S_IRUSR)
    tmp.replace(target)
    return str(target)


@hooks.command("install")
@click.option("--pre-push", "pre_push", is_flag=True, help="also install the pre-push hook")
@click.option("--pre-push-only", is_flag=True, help="install only the pre-push hook")
@click.option(
    "--force", is_flag=True, help="replace a hook that is not ours (kept as <hook>.secretguard-backup)"
)
@click.option("--repo", default=".", show_default=True, type=click.Path(file_okay=False, path_type=str))
def install(pre_push: bool, pre_push_only: bool, force: bool, repo: str) -> int:
    """Install the pre-commit hook (and the pre-push hook) into the repository's hooks folder."""
    folder = _hooks_dir(repo)
    names = ["pre-push"] if pre_push_only else ["pre-commit", *(["pre-push"] if pre_push else [])]
    for name in names:
        click.echo(f"installed {_install(folder, name, force)}", err=True)
    return int(ExitCode.CLEAN)


@hooks.command("run", context_settings={"ignore_unknown_options": True})
@click.argument("hook", type=click.Choice(["pre-push"]))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def run_hook(hook: str, args: tuple[str, ...]) -> int:
    """The pre-push check for the pre-commit framework (PRE_COMMIT_FROM_REF/TO_REF, else git's stdin)."""
    del hook
    ranges: list[str] = []
    from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or os.environ.get("PRE_COMMIT_SOURCE")
    to_ref = os.environ.get("PRE_COMMIT_TO_REF") or os.environ.get("PRE_COMMIT_ORIGIN")
    remote = os.environ.get("PRE_COMMIT_REMOTE_NAME") or (args[0] if args else "")
    not_remote = f"--remotes={remote}" if remote else "--remotes"
    if to_ref:
        ranges.append(
            f"{from_ref}..{to_ref}" if from_ref and from_ref.strip("0") else f"{to_ref} --not {not_remote}"
        )
    elif not sys.stdin.isatty():
        for line in sys.stdin:
            fields = line.split()
            if len(fields) != 4 or not fields[1].strip("0"):
                continue
            local_sha, remote_sha = fields[1], fields[3]
            ranges.append(
                f"{remote_sha}..{local_sha}" if remote_sha.strip("0") else f"{local_sha} --not {not_remote}"
            )
    worst = 0
    for spec in ranges:
        from secretguard.cli import main  # noqa: PLC0415 - one scan per pushed ref, through the same funnel

        # A developer's own machine is trusted: the working tree's configuration applies, as in pre-commit.
        code = main(["scan", "git", "--range", spec, "--trust-head-config"])
        worst = worst or code
    return worst
