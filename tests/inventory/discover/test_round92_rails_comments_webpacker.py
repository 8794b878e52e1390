"""Round 92: a read on a commented line of an ERB YAML config sets nothing; Rails' Webpacker configs
(`config/webpack/*.js`) run only when assets are built."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_commented_erb_reads_and_webpacker_configs(tmp_path: Path) -> None:
    blazer = """
    data_sources:
      main:
        url: <%= ENV["BLAZER_DATABASE_URL"] %>
    # slack_webhook_url: <%= ENV["BLAZER_SLACK_WEBHOOK_URL"] %>
    """
    found = project(
        tmp_path,
        {
            "config/blazer.yml": blazer,
            "config/webpack/development.js": "process.env.NODE_ENV = process.env.NODE_ENV || 'development'\n",
            "app/models/user.rb": "ENV['APP_HOST']\n",
        },
    )
    assert found["BLAZER_DATABASE_URL"].scope == "runtime"
    assert "BLAZER_SLACK_WEBHOOK_URL" not in found
    assert found["NODE_ENV"].scope == "build"
