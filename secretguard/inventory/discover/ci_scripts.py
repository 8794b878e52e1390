"""Scripts only a CI pipeline runs: a workflow step `run: node scripts/dependabot-to-linear.mjs` (or a GitLab
job's `script:` line `python tools/release.py`) runs the project's script on the CI runner. When nothing
else starts it (no package script, Dockerfile, Procfile, Makefile or other shell script names it), what it
reads is the CI's environment, not the application's: `ci`.

Only a shell script, a file in a folder of scripts (`scripts/`, `tools/`, `hack/`) or one whose name says it
deploys or releases (`deploy.py`, `publish-release.js`) moves: a CI job running the app's own entry point
(`python manage.py test`, `node server.js`) says nothing about where the app runs."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from secretguard.inventory.discover.base import Read, scope_of_read

# `node x.mjs`, `npx tsx x.ts`, `python3 -m`-less `python x.py`, `bash x.sh`, `bundle exec script/x.rb`, or a
# path run directly (also in a hidden folder: `./.scripts/index.sh`).
_RUN = re.compile(
    r"(?:\b(?:node|bun|deno[ \t]+run(?:[ \t]+-\S+)*|tsx|ts-node|zx|python[0-9.]*|bash|sh|ruby|php"
    r"|bundle[ \t]+exec)[ \t]+"
    r"|(?<![\w/.-])(?=\./))"
    r"(?:-[\w-]+[ \t]+)*[\"']?((?:\./)?\.?[\w@+-][\w./@+-]*\.(?:[cm]?js|[cm]?ts|py|sh|bash|rb|php))\b"
)
_SHELL_EXTS = (".sh", ".bash")
_SCRIPT_FOLDERS = frozenset({"scripts", "script", "tools", "tooling", "hack", ".scripts"})
# A pipeline step that ships what the job built: the script publishes images or packages, never the app's own
_RELEASE_WORDS = frozenset({"deploy", "release", "publish", "upload"})
_NAME_WORDS = re.compile(r"[-_.]+")
# A script named for a chore on the repository (`update-translations.js`, `sync-i18n.ts`, `check-links.py`).
_TASK_WORDS = frozenset({"update", "sync", "translations", "translate", "i18n", "changelog", "lint", "check"})
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MODULE_RUN = re.compile(r"\bpython[0-9.]*[ \t]+-m[ \t]+((?:scripts|tools|ci|bin)(?:\.\w+)+)")
# Variables only a CI runner sets (CircleCI's, GitHub Actions' run context, Travis', Buildkite's).
_RUNNER_PREFIXES = (
    "CIRCLE_",
    "TRAVIS_",
    "BUILDKITE_",
    "APPVEYOR_",
    "GITHUB_RUN_",
    "GITHUB_SHA",
    "GITHUB_HEAD_REF",
    "GITHUB_BASE_REF",
    "GITHUB_WORKFLOW",
    "GITHUB_ACTIONS",
    "GITHUB_EVENT_",
    "GITHUB_JOB",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_OUTPUT",
)


@dataclass
class CiScripts:
    """The project files CI pipelines run, by their path relative to the project (the job's working
    folder is the checkout)."""

    files: set[str] = field(default_factory=set)

    def add_pipeline(self, text: str) -> None:
        self._add_runs(text, "")
        if "working-directory" in text:  # a step run in a folder: `./versions.sh` is that folder's
            for folder, run in _folder_runs(text):
                self._add_runs(run, folder)

    def _add_runs(self, text: str, folder: str) -> None:
        paths = [m.group(1) for m in _RUN.finditer(text)]
        # `python -m scripts.metrics.diff`: the module's file in the checkout
        paths += [m.group(1).replace(".", "/") + ".py" for m in _MODULE_RUN.finditer(text)]
        for found in paths:
            path = posixpath.normpath(posixpath.join(folder, found))
            if not path.startswith(("..", "/")) and "$" not in path:
                self.files.add(path)

    def place(self, reads: list[Read], named: set[str]) -> list[Read]:
        """The reads of files only CI runs moved to `ci`; `named` holds the base names of files anything
        else starts (those keep their scope). A script reading what only a CI runner sets
        (`CIRCLE_BUILD_NUM`, `GITHUB_RUN_ID`) runs there too."""
        moved = {f for f in self.files if posixpath.basename(f) not in named and _script(f)}
        moved |= {
            r.file
            for r in reads
            if r.name.startswith(_RUNNER_PREFIXES)
            and posixpath.basename(r.file) not in named
            and _SCRIPT_FOLDERS.intersection(r.file.lower().split("/")[:-1])
        }
        if not moved:
            return reads
        return [
            replace(r, scope="ci")
            if r.file in moved and r.scope is None and scope_of_read(r) == "runtime"
            else r
            for r in reads
        ]


def _folder_runs(text: str) -> list[tuple[str, str]]:
    """(working directory, run script) of a GitHub workflow's steps run in a folder of the checkout."""
    try:
        doc = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, the C one where built
    except yaml.YAMLError:
        return []
    jobs = doc.get("jobs") if isinstance(doc, dict) else None
    out: list[tuple[str, str]] = []
    for job in jobs.values() if isinstance(jobs, dict) else ():
        if not isinstance(job, dict):
            continue
        defaults = job.get("defaults")
        run_defaults = defaults.get("run") if isinstance(defaults, dict) else None
        job_folder = run_defaults.get("working-directory") if isinstance(run_defaults, dict) else None
        for step in job.get("steps") or ():
            if not isinstance(step, dict) or not isinstance(step.get("run"), str):
                continue
            folder = step.get("working-directory", job_folder)
            if isinstance(folder, str) and folder and "$" not in folder:
                out.append((folder.removeprefix("./"), step["run"]))
    return out


def _script(path: str) -> bool:
    """A shell script, a file in a folder of scripts, a deploy or release step, or a task named for what it
    does to the repository (`update-translations.js`); not an entry point's name (`server.js`, `main.py`)."""
    parts = path.lower().split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    words = _NAME_WORDS.split(stem)
    return (
        path.endswith(_SHELL_EXTS)
        or any(f in _SCRIPT_FOLDERS for f in parts[:-1])
        or any(w in _RELEASE_WORDS or w in _TASK_WORDS or w.startswith(_COMPOUND_HEADS) for w in words)
    )


# A word made of a release chore and more (`releasenotes.js`, `changelogs.py`).
_COMPOUND_HEADS = ("release", "changelog", "deploy", "publish")
