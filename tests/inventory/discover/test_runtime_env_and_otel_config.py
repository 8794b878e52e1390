"""next-runtime-env's `env("NEXT_PUBLIC_X")` (read when the server serves the page, not inlined by the build)
and the OpenTelemetry Collector's `${env:NAME:-default}` references in its YAML configuration."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.otel_config import discover_otel_config
from tests.inventory.discover.projects import project


def test_next_runtime_env_reads_are_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "app", "dependencies": {"next": "14", "next-runtime-env": "3"}}',
            "src/config.ts": """
                import { env } from 'next-runtime-env';

                export const IS_PROMQL_ENABLED = env('NEXT_PUBLIC_ENABLE_PROMQL') === 'true';
                export const THEME = env('NEXT_PUBLIC_THEME') || 'dark';
                export const BUILT = process.env.NEXT_PUBLIC_BUILD_ID;
            """,
        },
    )
    assert found["NEXT_PUBLIC_THEME"].scope == "runtime"
    assert found["NEXT_PUBLIC_THEME"].default == "dark"
    assert found["NEXT_PUBLIC_ENABLE_PROMQL"].scope == "runtime"


def test_otel_collector_references() -> None:
    text = (
        "exporters:\n"
        "  clickhouse:\n"
        "    endpoint: ${env:CLICKHOUSE_ENDPOINT}\n"
        "    timeout: ${env:EXPORTER_TIMEOUT:-5s}\n"
        "    # retry: ${env:COMMENTED_OUT}\n"
        "    user: ${CLICKHOUSE_USER}\n"
    )
    reads = {(r.name, r.line, r.optional, r.default) for r in discover_otel_config(text, "otel/config.yaml")}
    assert reads == {("CLICKHOUSE_ENDPOINT", 3, False, None), ("EXPORTER_TIMEOUT", 4, True, "5s")}
