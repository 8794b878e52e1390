"""What Rails and Puma read themselves: SECRET_KEY_BASE in production, DATABASE_URL over database.yml,
RAILS_ENV, and PORT with Puma in the Gemfile."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

APPLICATION = """
require_relative "boot"
require "rails/all"

module Lobsters
  class Application < Rails::Application
    config.load_defaults 8.0
  end
end
"""


def test_rails_framework_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/application.rb": APPLICATION,
            "config/environments/production.rb": "Rails.application.configure do\nend\n",
            "config/database.yml.sample": "production:\n  adapter: trilogy\n",
            "Gemfile": 'source "https://rubygems.org"\ngem "rails"\ngem "puma"\n',
            "config/puma.rb": 'port ENV.fetch("PORT", 3000)\n',
        },
    )
    assert found["SECRET_KEY_BASE"].secret
    assert not found["SECRET_KEY_BASE"].optional
    assert found["DATABASE_URL"].secret
    assert found["DATABASE_URL"].optional
    assert found["RAILS_ENV"].scope == "runtime"
    assert found["PORT"].default == "3000"  # the app's own read gives the default
    assert found["SECRET_KEY_BASE"].locations == ["config/application.rb:5"]


def test_not_a_rails_application(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"config/application.rb": "class Application\nend\n", "Gemfile": 'gem "puma"\n'},
    )
    assert "SECRET_KEY_BASE" not in found
    assert "PORT" not in found
