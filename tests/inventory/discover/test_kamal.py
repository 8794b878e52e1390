"""Kamal's deploy config (Rails 8): the app's `env:` (clear map, secret list, or a plain map) declares its
runtime variables, an accessory's `env:` is that container's, the registry password the deployer's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

DEPLOY = """
service: shop
image: acme/shop
servers:
  web:
    - shop.example.org
registry:
  username: acme
  password:
    - KAMAL_REGISTRY_PASSWORD
env:
  secret:
    - RAILS_MASTER_KEY
    - DB_HOST
  clear:
    SOLID_QUEUE_IN_PUMA: true
accessories:
  db:
    image: mysql:8.0
    env:
      secret:
        - MYSQL_ROOT_PASSWORD
"""


def test_kamal_deploy_config(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/deploy.yml": DEPLOY, "config/deploy.staging.yml": "service: shop\n"})
    assert found["RAILS_MASTER_KEY"].scope == "runtime"
    assert found["RAILS_MASTER_KEY"].secret
    assert found["DB_HOST"].scope == "runtime"
    assert not found["DB_HOST"].secret  # Kamal's secret list is "not printed", not "a credential"
    assert found["SOLID_QUEUE_IN_PUMA"].scope == "runtime"
    assert found["SOLID_QUEUE_IN_PUMA"].default is None  # one deployment's value, not the app's fallback
    assert found["MYSQL_ROOT_PASSWORD"].scope == "service:db"
    assert found["KAMAL_REGISTRY_PASSWORD"].scope == "build"


def test_a_deploy_yml_that_is_not_kamals(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/deploy.yml": "production:\n  env:\n    APP_HOST: example.org\n"})
    assert "APP_HOST" not in found
