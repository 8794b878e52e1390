"""A Konfig schema handed ENV: every setting's group path is a variable, with its literal default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_SCHEMA = """
# frozen_string_literal: true

module Shop
  ConfigSchema = Konfig::Schema.draw do
    group :main_db do
      string :host do
        description "The database host"
        default "localhost"
      end

      string :password do
        description "The database password"
      end

      integer :port do
        default 3_306
      end
    end

    group :smtp_server do
      string :tls_private_key_path do
        default "$config-file-root/smtp.key"
      end
    end
  end
end
"""

_CONFIG = """
module Shop
  module Config
    def self.sources
      sources = []
      sources << Konfig::Sources::Environment.new(ENV)
      sources
    end
  end
end
"""


def test_settings_are_read_under_their_group_path(tmp_path: Path) -> None:
    found = project(tmp_path, {"lib/shop/config_schema.rb": _SCHEMA, "lib/shop/config.rb": _CONFIG})
    assert found["MAIN_DB_HOST"].default == "localhost"
    assert found["MAIN_DB_PASSWORD"].secret is True
    assert found["MAIN_DB_PORT"].default == "3306"
    assert found["SMTP_SERVER_TLS_PRIVATE_KEY_PATH"].default is None  # filled in when Konfig loads


def test_a_schema_not_read_from_env_gives_nothing(tmp_path: Path) -> None:
    found = project(tmp_path, {"lib/shop/config_schema.rb": _SCHEMA})
    assert "MAIN_DB_HOST" not in found
