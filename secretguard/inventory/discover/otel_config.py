"""The OpenTelemetry Collector's configuration (and others built on its confmap): `${env:NAME}` and
`${env:NAME:-default}` anywhere in a YAML file are filled from the environment when the collector starts.

    exporters:
      clickhouse:
        timeout: ${env:HYPERDX_OTEL_EXPORTER_TIMEOUT:-5s}
        endpoint: ${env:CLICKHOUSE_ENDPOINT}

The `env:` scheme sets this apart from compose's `${NAME}` and CI's `${{ env.NAME }}`.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "otel-config"
_REFERENCE = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def discover_otel_config(text: str, rel: str) -> list[Read]:
    if "${env:" not in text:
        return []
    reads: list[Read] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for found in _REFERENCE.finditer(line):
            name, default = found.group(1), found.group(2)
            if is_env_name(name):
                reads.append(Read(name, rel, number, default is not None, SOURCE, default=default or None))
    return reads
