"""Rails reads `config/*.yml` through ERB at boot: `<%= ENV[...] %>` there is a runtime read."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.erb import discover_erb, ruby_code

DATABASE_YML = textwrap.dedent("""
    default: &default
      adapter: postgresql
      pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>
      host: <%= ENV["DB_HOST"] %>
      port: <%= ENV.fetch("DB_PORT", "5432") %><%# ENV["NOT_READ"] %>
      password: <%= ENV["POSTGRES_PASSWORD"] -%>

    production:
      <<: *default
      database: <%= ENV.fetch("POSTGRES_DB", "app_production") %>
""").lstrip("\n")


def test_erb_reads_keep_their_lines() -> None:
    found = {
        (r.name, r.line, r.optional, r.default) for r in discover_erb(DATABASE_YML, "config/database.yml")
    }
    assert found == {
        ("RAILS_MAX_THREADS", 3, True, "5"),
        ("DB_HOST", 4, False, None),
        ("DB_PORT", 5, True, "5432"),
        ("POSTGRES_PASSWORD", 6, False, None),
        ("POSTGRES_DB", 10, True, "app_production"),
    }
    assert len(ruby_code(DATABASE_YML)) >= len(DATABASE_YML)


def test_rails_config_yml_and_yml_erb_are_runtime(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "database.yml").write_text(DATABASE_YML, encoding="utf-8")
    (tmp_path / "config" / "storage.yml.erb").write_text(
        'amazon:\n  service: S3\n  bucket: <%= ENV["S3_BUCKET"] %>\n', encoding="utf-8"
    )
    (tmp_path / "config" / "settings.yml").write_text("name: app  # ENV is not read here\n", encoding="utf-8")
    (tmp_path / ".env.example").write_text("DB_HOST=localhost\nS3_BUCKET=my-bucket\n", encoding="utf-8")
    found = {v.name: v for v in discover(tmp_path).variables}
    assert {name: v.scope for name, v in found.items()} == {
        "RAILS_MAX_THREADS": "runtime",
        "DB_HOST": "runtime",
        "DB_PORT": "runtime",
        "POSTGRES_PASSWORD": "runtime",
        "POSTGRES_DB": "runtime",
        "S3_BUCKET": "runtime",
    }
    assert found["POSTGRES_PASSWORD"].secret
    assert found["DB_HOST"].default is None  # the example's value is none
