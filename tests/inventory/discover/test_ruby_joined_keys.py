"""Ruby module helpers joining their arguments into the name they read (`Credentials.fetch(:SMTP, :PASSWORD)`
reads SMTP__PASSWORD), in code, ERB views and Rails' ERB-in-YAML configuration."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CREDENTIALS = """
    module Credentials
      NESTING_DELIMITER = "__"

      def self.fetch(*key_segments, fallback: nil)
        key = key_segments.join(NESTING_DELIMITER).upcase
        ENV[key] || Rails.application.credentials.dig(*key_segments) || fallback
      end
    end
"""


def test_joined_names_in_code_views_and_yaml(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/lib/credentials.rb": CREDENTIALS,
            "app/mailers/mailer.rb": """
                class Mailer
                  def settings
                    password = Credentials.fetch(:SMTP, :PASSWORD)
                    port = Credentials.fetch(:SMTP, :PORT, fallback: "587")
                    { password: password, port: port }
                  end

                  def api
                    Credentials.fetch(:LOCKBOX)
                  end

                  def mode
                    Credentials.fetch(:COLUMN, ColumnService::ENVIRONMENT, :API_KEY)
                  end
                end
            """,
            "app/views/layouts/_maps.html.erb": "<%= Credentials.fetch(:MAPBOX) %>\n",
            "config/storage.yml": "amazon:\n  bucket: <%= Credentials.fetch(:S3, :BUCKET) %>\n",
        },
    )
    assert found["SMTP__PASSWORD"].secret
    assert found["SMTP__PORT"].default == "587"
    assert found["LOCKBOX"].secret  # a service's name alone, read through Credentials: its secret
    assert found["MAPBOX"].secret
    assert not found["S3__BUCKET"].secret
    assert not [n for n in found if n.startswith("COLUMN")]  # a segment computed at run time


def test_a_join_that_reads_no_environment_is_no_helper(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/lib/paths.rb": """
                module Paths
                  def self.build(*parts)
                    File.join(*parts).upcase + ENV_SUFFIX
                  end
                end
            """,
            "app/models/x.rb": "class X\n  def p\n    Paths.build(:A, :B)\n  end\nend\n",
        },
    )
    assert "A__B" not in found
    assert "A_B" not in found
