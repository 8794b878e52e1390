"""Prisma schemas: `env("X")` in a `datasource` block is read at run time (Prisma Client, `migrate deploy`),
the shadow database's only by `migrate dev`, a `generator`'s by `prisma generate` at build."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.prisma import discover_prisma

_SCHEMA = """
    // Connection settings: env("NOT_A_READ") in a comment
    generator client {
      provider = "prisma-client-js"
      output   = env("PRISMA_CLIENT_OUTPUT")
    }

    datasource db {
      provider          = "postgresql"
      url               = env("DATABASE_URL")
      directUrl         = env("DATABASE_UNPOOLED_URL")
      shadowDatabaseUrl = env("SHADOW_DATABASE_URL")
    }

    model Account {
      id    Int    @id @default(autoincrement())
      label String @default("env")
    }
"""


def test_datasource_and_generator_reads() -> None:
    reads = {
        r.name: (r.line, r.optional, r.scope) for r in discover_prisma(textwrap.dedent(_SCHEMA), "s.prisma")
    }
    assert reads == {
        "PRISMA_CLIENT_OUTPUT": (5, False, "build"),
        "DATABASE_URL": (10, False, None),
        "DATABASE_UNPOOLED_URL": (11, False, None),
        "SHADOW_DATABASE_URL": (12, False, "dev"),
    }


def test_a_schema_in_a_project(tmp_path: Path) -> None:
    (tmp_path / "prisma").mkdir()
    (tmp_path / "prisma/schema.prisma").write_text(textwrap.dedent(_SCHEMA))
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["DATABASE_URL"].scope == "runtime"
    assert found["DATABASE_URL"].secret
    assert found["DATABASE_URL"].locations == ["prisma/schema.prisma:10"]
    assert found["DATABASE_UNPOOLED_URL"].scope == "runtime"
    assert found["SHADOW_DATABASE_URL"].scope == "dev"
    assert found["PRISMA_CLIENT_OUTPUT"].scope == "build"
    assert "NOT_A_READ" not in found


def test_a_sqlite_datasource_takes_a_file_url(tmp_path: Path) -> None:
    (tmp_path / "prisma").mkdir()
    (tmp_path / "prisma/schema.prisma").write_text(
        'datasource db {\n  provider = "sqlite"\n  url      = env("DATABASE_URL")\n}\n'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src/constants.ts").write_text(
        "export const DATABASE_URL =\n"
        '  process.env.DATABASE_URL ||\n  "file:../data/app.db?connection_limit=1";\n'
    )
    found = {v.name: v for v in discover(tmp_path).variables}
    assert not found["DATABASE_URL"].secret  # a file's URL: no password in it
    assert found["DATABASE_URL"].default == "file:../data/app.db?connection_limit=1"
