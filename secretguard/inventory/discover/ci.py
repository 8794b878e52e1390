"""CI definitions. GitHub Actions: `${{ secrets.X }}` (secrets), `${{ vars.X }}` (configuration variables),
`env:` maps at workflow, job and step level, `on.workflow_call.secrets`, and `$X` in `run:` scripts for names
the workflow defines. GitLab CI: `variables:` (global and per job) and `$X` in scripts and rules for names set
in the project's CI/CD settings (GitLab's predefined `CI_*`/`GITLAB_*` left out). Other CI systems' places
(`.woodpecker/`, `.drone.yml`, `.tekton/`, a `Jenkinsfile`): whatever their files read is `ci`."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import replace

import re2

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read
from secretguard.inventory.discover.shell import env_name, expansions
from secretguard.inventory.discover.yamltree import Node, locate, walk

# GitHub expressions: `${{ ... }}`; inside, `secrets.NAME`, `vars.NAME`, `env.NAME` or `secrets['NAME']`.
_EXPRESSION = re2.compile(r"\$\{\{(.*?)\}\}")
_CONTEXT_REF = re2.compile(r"\b(secrets|vars|env)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\])")
_GITHUB_PROVIDED = frozenset({"GITHUB_TOKEN"})
_GITLAB_SCRIPT_KEYS = frozenset({"script", "before_script", "after_script"})
_GITLAB_PREDEFINED_PREFIXES = ("CI_", "GITLAB_", "FF_", "RUNNER_", "TRIGGER_PAYLOAD", "CHAT_")


def is_github_workflow(rel: str) -> bool:
    parts = rel.replace(os.sep, "/").split("/")
    return (
        len(parts) >= 3
        and parts[-3] == ".github"
        and parts[-2] == "workflows"
        and rel.endswith((".yml", ".yaml"))
    )


def is_travis(rel: str) -> bool:
    """Travis CI's pipeline: a `.travis.yml` (its steps run the project's scripts)."""
    return rel.replace(os.sep, "/").rsplit("/", 1)[-1] == ".travis.yml"


def is_circleci(rel: str) -> bool:
    """CircleCI's pipeline: `.circleci/config.yml` at the project's top."""
    parts = rel.replace(os.sep, "/").split("/")
    return len(parts) == 2 and parts[0] == ".circleci" and parts[1] in ("config.yml", "config.yaml")


_ACTION_FILES = frozenset({"action.yml", "action.yaml"})
# The runner hands an action its `with:` inputs as INPUT_<NAME>.
_ACTION_INPUT = "INPUT_"


def action_folder(rel: str) -> str | None:
    """The folder of a GitHub Action's metadata file (`action.yml`), else None."""
    return posixpath.dirname(rel) if posixpath.basename(rel).lower() in _ACTION_FILES else None


def scope_action_inputs(reads: list[Read], folders: set[str]) -> list[Read]:
    """Reads only a CI runner's environment answers (`ci`, not a deployment's): `INPUT_*` read by a file of
    an action's folder (its entrypoint script, its code: the action's inputs), and whatever a file of a CI
    system's own place reads (`is_ci_pipeline`: `.woodpecker/check.sh`)."""
    out: list[Read] = []
    for read in reads:
        folder = posixpath.dirname(read.file)
        inside = any(f in ("", folder) or folder.startswith(f + "/") for f in folders)
        moved = inside and read.name.startswith(_ACTION_INPUT) and scope_of_read(read) == "runtime"
        moved = moved or (is_ci_pipeline(read.file) and scope_of_read(read) in ("runtime", "build", "dev"))
        out.append(replace(read, scope="ci") if moved else read)
    return out


# Folders (at the project's top) holding a CI system's pipelines and the scripts its steps run. `.github`,
# `.circleci`, `.buildkite` and any `ci` folder are scoped where every read gets its place's scope.
_CI_FOLDERS = frozenset(
    {
        ".woodpecker",
        ".drone",
        ".gitlab",
        ".tekton",
        ".azure-pipelines",
        ".semaphore",
        ".teamcity",
        ".travis",
        ".pipeline",
        ".pipelines",
    }
)
# Pipeline files at the project's top (`.woodpecker.yml`, `.drone.yml`...), by their name without extension.
_CI_FILES = frozenset(
    {
        ".woodpecker",
        ".drone",
        ".travis",
        ".gitlab-ci",
        "bitbucket-pipelines",
        "azure-pipelines",
        "cloudbuild",
        "appveyor",
        ".appveyor",
        "codefresh",
        "jenkinsfile",
    }
)


# Pipeline files their systems find wherever the trigger points (`deploy/cloudbuild.yaml`).
_NESTED_CI_FILES = frozenset({"cloudbuild", "azure-pipelines"})


def is_ci_pipeline(rel: str) -> bool:
    """A CI system's pipeline definition or a file of its pipelines' folder (Woodpecker's `.woodpecker/`,
    Drone's `.drone.yml`, Tekton's `.tekton/`, a `Jenkinsfile`)."""
    parts = rel.replace(os.sep, "/").lower().split("/")
    if len(parts) > 1 and parts[0] in _CI_FOLDERS:
        return True
    stem = parts[-1].rsplit(".", 1)[0] if parts[-1].endswith((".yml", ".yaml")) else parts[-1]
    return (len(parts) == 1 and stem in _CI_FILES) or stem in _NESTED_CI_FILES


def is_gitlab_ci(rel: str) -> bool:
    base = os.path.basename(rel)
    return base in (".gitlab-ci.yml", ".gitlab-ci.yaml") or base.endswith(
        (".gitlab-ci.yml", ".gitlab-ci.yaml")
    )


def _env_maps(doc: Node) -> list[Node]:
    return [v for node in walk(doc) if node.is_map for k, v in node.items() if k == "env" and v.is_map]


_CONTEXT_SOURCES = {"secrets": "github-secret", "vars": "github-var", "env": "github-env"}


def discover_github(docs: list[Node], text: str, file: str) -> list[Read]:
    """Each workflow document's reads: its `env:` maps first (they say which names the workflow defines),
    then the passes that need that set."""
    reads: list[Read] = []
    lines = text.splitlines()
    for doc in docs:
        env_reads = _github_env(doc, file)
        defined = {read.name for read in env_reads}
        reads.extend(env_reads)
        for github_pass in _GITHUB_PASSES:
            reads.extend(github_pass(doc, lines, file, defined))
    return reads


def _github_env(doc: Node, file: str) -> list[Read]:
    """`env:` maps at workflow, job and step level: optional when given a plain value."""
    reads: list[Read] = []
    for env in _env_maps(doc):
        for key, value in env.items():
            if not is_env_name(key):
                continue
            raw = value.text or ""
            secret = "secrets." in raw or "secrets[" in raw
            optional = "${{" not in raw and value.value is not None
            reads.append(Read(key, file, value.key_line or value.line, optional, "github-env", secret))
    return reads


def _github_called_secrets(doc: Node, lines: list[str], file: str, defined: set[str]) -> list[Read]:
    """`on.workflow_call.secrets`: the secrets a reusable workflow takes (required unless it says not)."""
    on = doc.get("on") or doc.get("true")  # YAML 1.1 reads a bare `on:` key as true
    call = on.get("workflow_call") if on is not None and on.is_map else None
    declared = call.get("secrets") if call is not None and call.is_map else None
    reads: list[Read] = []
    for key, spec in declared.items() if declared is not None else ():
        required = spec.get("required") if spec.is_map else None
        if is_env_name(key):
            optional = not (required is not None and required.value is True)
            reads.append(Read(key, file, spec.key_line or spec.line, optional, "github-secret", True))
    return reads


def _github_expressions(doc: Node, lines: list[str], file: str, defined: set[str]) -> list[Read]:
    """`${{ secrets.X }}`, `${{ vars.X }}` and `${{ env.X }}` (for names the workflow defines)."""
    reads: list[Read] = []
    for node in walk(doc):
        scalar = node.text
        if node.is_map or node.is_list or not scalar or "${{" not in scalar:
            continue
        for rel_line, part in enumerate(scalar.split("\n"), 1):
            for expr in _EXPRESSION.finditer(part) if "${{" in part else ():
                for ref in _CONTEXT_REF.finditer(expr.group(1)):
                    context, name = ref.group(1), ref.group(2) or ref.group(3)
                    if not _github_ref_counts(context, name, defined):
                        continue
                    line = locate(lines, node, rel_line, f"{context}.{name}" if ref.group(2) else name)
                    reads.append(
                        Read(name, file, line, False, _CONTEXT_SOURCES[context], context == "secrets")
                    )
    return reads


def _github_ref_counts(context: str, name: str | None, defined: set[str]) -> bool:
    if not name or not is_env_name(name):
        return False
    if context == "secrets":
        return name not in _GITHUB_PROVIDED
    return context != "env" or name in defined


def _github_runs(doc: Node, lines: list[str], file: str, defined: set[str]) -> list[Read]:
    """`run:` scripts: references to the variables the workflow sets."""
    reads: list[Read] = []
    for node in walk(doc):
        run = node.get("run") if node.is_map else None
        script = run.text if run is not None else None
        if run is None or not script or "$" not in script:
            continue
        for exp in expansions(script):
            if exp.name in defined:
                line = locate(lines, run, exp.line, exp.name)
                reads.append(Read(exp.name, file, line, exp.optional, "github-run"))
    return reads


_GITHUB_PASSES: tuple[Callable[[Node, list[str], str, set[str]], list[Read]], ...] = (
    _github_called_secrets,
    _github_expressions,
    _github_runs,
)


def discover_gitlab(docs: list[Node], text: str, file: str) -> list[Read]:
    reads: list[Read] = []
    lines = text.splitlines()
    for doc in docs:
        defined: set[str] = set()
        blocks = [doc.get("variables")] + [job.get("variables") for _, job in doc.items() if job.is_map]
        for block in blocks:
            if block is None or not block.is_map:
                continue
            for key, value in block.items():
                if not is_env_name(key):
                    continue
                defined.add(key)
                holder = value.get("value") if value.is_map else value
                text_value = holder.text if holder is not None else None
                reads.append(
                    Read(key, file, value.key_line or value.line, bool(text_value), "gitlab-variables")
                )
        for node in walk(doc):
            if not node.is_map:
                continue
            for key, value in node.items():
                if key not in _GITLAB_SCRIPT_KEYS and key != "if":
                    continue
                scripts = list(value.elements()) if value.is_list else [value]
                for script in scripts:
                    raw = script.text
                    if not raw or "$" not in raw:
                        continue
                    for exp in expansions(raw, quotes=key != "if"):
                        if not env_name(exp.name) or exp.name.startswith(_GITLAB_PREDEFINED_PREFIXES):
                            continue
                        line = locate(lines, script, exp.line, exp.name)
                        reads.append(
                            Read(exp.name, file, line, exp.optional or exp.name in defined, "gitlab-ci")
                        )
    return reads
