"""Files a Kubernetes ConfigMap (or a Secret's `stringData`) carries, often in a Helm chart, mounted into the
application's pods: a Django `local_settings.py`, a `gunicorn.conf.py`, an `entrypoint.sh`.

    kind: ConfigMap
    data:
      local_settings.py: |-
        SECRET_KEY = os.getenv("SECRET_KEY")
        {{- if .Values.sentry.enabled }}
        SENTRY_DSN = os.getenv("SENTRY_DSN")
        {{- end }}

Each entry whose key names a Python file, or a shell script that starts a program (`entrypoint.sh`,
`start.sh`, `run.sh`: not a database's init script), and whose value is a block scalar (`|`, `|-`, `>`) is
given back as that file's text, dedented, at its own line numbers (every other line blank), so the reads
found in it point into the YAML file. The Python text keeps Helm's `{{ }}` tags for parse_module, which
treats them as a template's.
"""

from __future__ import annotations

import re

_ENTRY = re.compile(
    r"^(?P<indent>[ \t]*)(?P<key>[\w.-]+\.(?P<ext>py|sh|bash))[ \t]*:[ \t]*[|>][-+0-9]*[ \t]*$"
)
_TRIGGERS = ("ConfigMap", "stringData")
_START_SCRIPT = re.compile(r"entrypoint|start|run|launch|boot", re.IGNORECASE)


def embedded_files(text: str) -> dict[str, str]:
    """`python` and `shell` texts of the files the manifest's entries carry (empty when none)."""
    if not any(t in text for t in _TRIGGERS) or (".py:" not in text and ".sh:" not in text):
        return {}
    lines = text.splitlines()
    out: dict[str, list[str]] = {}
    i = 0
    while i < len(lines):
        found = _ENTRY.match(lines[i])
        if found is None:
            i += 1
            continue
        kind = "python" if found.group("ext") == "py" else "shell"
        if kind == "shell" and not _START_SCRIPT.search(found.group("key")):
            i += 1
            continue  # a database's init script or a job's: not what the application's container starts
        own = len(found.group("indent"))
        block: list[tuple[int, str]] = []
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > own):
            block.append((j, lines[j]))
            j += 1
        content = [(k, line) for k, line in block if line.strip()]
        if content:
            cut = min(_indent(line) for _, line in content)
            padded = out.setdefault(kind, [""] * len(lines))
            for k, line in block:
                padded[k] = line[cut:] if line.strip() else ""
        i = j
    return {kind: "\n".join(padded) for kind, padded in out.items()}


# A Cloud Foundry app manifest's start command (`command: celery ... --loglevel ${LOGLEVEL:=INFO}`): the
# platform runs it through a shell, as a container runs its entrypoint.
_CF_COMMAND = re.compile(r"^[ \t-]*command:[ \t]*(?P<command>[^|>\s].*)$")


def manifest_commands(text: str, rel: str) -> str | None:
    """A Cloud Foundry manifest's `command:` lines as shell text at their own lines, else None."""
    name = rel.rsplit("/", 1)[-1].lower()
    if not name.startswith("manifest") or "applications:" not in text or "command:" not in text:
        return None
    lines = text.splitlines()
    padded = [""] * len(lines)
    found = False
    for k, line in enumerate(lines):
        match = _CF_COMMAND.match(line)
        if match is not None:
            padded[k] = match.group("command").strip().strip("'\"")
            found = True
    return "\n".join(padded) if found else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
