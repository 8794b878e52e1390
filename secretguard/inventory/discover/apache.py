"""Apache httpd configuration (`*.conf` with `<VirtualHost>`, `<Directory>`, `<IfModule>` sections): httpd
expands `${NAME}` in its directives from its environment when it starts (`OIDCClientSecret
${OIDC_CLIENT_SECRET}`), so each one is a read of NAME. A name the file `Define`s is httpd's own variable, and
Debian's `APACHE_*` variables come from its `envvars` script: neither is read. There is no fallback syntax, so
the read is required (the `Define "Test_${X}"` / `<IfDefine>` idiom only tests whether X is set: optional).

The scope comes from the file's place like any other code read (scope_of_read). A config kept in a
`templates/` folder is an installer's template (its placeholders filled before httpd reads it): not read."""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.shell import env_name

SOURCE = "apache"
_SECTION = re.compile(r"(?im)^\s*<(?:VirtualHost|Directory|IfModule|Location|Files|IfDefine)\b")
_EXPANSION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_DEFINE = re.compile(r"(?im)^\s*Define\s+\"?([A-Za-z_][A-Za-z0-9_]*)\b")
_SET_TEST = re.compile(r"(?im)^\s*Define\s+\"?[A-Za-z_]\w*\$\{")  # `Define "Test_${X}"`: is X set?


def is_apache_config(text: str) -> bool:
    return "${" in text and _SECTION.search(text) is not None


def discover_apache(text: str, file: str) -> list[Read]:
    if not is_apache_config(text) or any("template" in part for part in file.lower().split("/")[:-1]):
        return []  # under `templates/`: an installer renders its `${X}` placeholders, httpd never sees them
    own = set(_DEFINE.findall(text))
    reads: list[Read] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        tested = _SET_TEST.match(line) is not None
        for match in _EXPANSION.finditer(line):
            name = match.group(1)
            if name in own or name.startswith("APACHE_") or not env_name(name):
                continue
            reads.append(Read(name, file, number, tested, SOURCE))
    return reads
