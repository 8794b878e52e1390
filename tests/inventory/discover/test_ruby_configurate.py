"""Ruby: a Configurate settings object whose environment provider answers first makes each setting of its
YAML files a variable (`environment.s3.key` -> `ENVIRONMENT_S3_KEY`), defaults from the `defaults:`
namespace unless an environment's section disagrees; a cucumber profile is the tests', `docker/develop/` the
developers'."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

LOAD_CONFIG = """
config_dir = Rails.root.join("config").to_s

AppConfig ||= Configurate::Settings.create do
  add_provider Configurate::Provider::Dynamic
  add_provider Configurate::Provider::Env

  add_provider Configurate::Provider::YAML,
               File.join(config_dir, "defaults.yml"),
               namespace: rails_env
  add_provider Configurate::Provider::YAML,
               File.join(config_dir, "defaults.yml"),
               namespace: "defaults", raise_on_missing: true
end
"""

DEFAULTS = """
defaults:
  heroku: false
  environment:
    url: "http://localhost:3000/"
    redis:
    require_ssl: true
    s3:
      key:
      secret:
    sidekiq:
      concurrency: 5
  server:
    listen: "tcp://127.0.0.1:3000"
development:
  environment:
    require_ssl: false
test:
  environment:
    url: "http://localhost:9887/"
"""


def test_every_setting_is_a_variable_with_its_default(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/load_config.rb": LOAD_CONFIG, "config/defaults.yml": DEFAULTS})
    assert found["ENVIRONMENT_URL"].default == "http://localhost:3000/"  # `test:` is the suite's
    assert found["ENVIRONMENT_SIDEKIQ_CONCURRENCY"].default == "5"
    assert found["HEROKU"].default == "false"
    assert found["ENVIRONMENT_REQUIRE_SSL"].default is None  # development says otherwise
    assert found["ENVIRONMENT_REDIS"].default is None
    assert found["ENVIRONMENT_S3_SECRET"].secret
    assert found["SERVER_LISTEN"].locations == ["config/defaults.yml:13"]


def test_without_the_environment_provider_no_setting_is_a_variable(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/load_config.rb": LOAD_CONFIG.replace("  add_provider Configurate::Provider::Env\n", ""),
            "config/defaults.yml": DEFAULTS,
        },
    )
    assert "ENVIRONMENT_URL" not in found


def test_cucumber_profiles_and_docker_develop_folders(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/cucumber.yml": "default: <%= ENV['CUCUMBER_FORMAT'] || 'pretty' %> features\n",
            "docker/develop/docker-entrypoint.sh": '#!/bin/sh\n[ -n "$DIA_NODB" ] || echo db\n',
        },
    )
    assert found["CUCUMBER_FORMAT"].scope == "test"
    assert found["DIA_NODB"].scope == "dev"
