"""Round 83's shapes: django-environ's `env.prefix = "OPENCVE_"` prefixes every read of the instance;
Airflow's `conf.get("section", "key")` reads `AIRFLOW__SECTION__KEY` and a hook's `*_conn_id` its
`AIRFLOW_CONN_*`; a Rails app setting `config.secret_key_base` from its own variable never reads
SECRET_KEY_BASE."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_SETTINGS = """
import environ

env = environ.Env()
env.prefix = "OPENCVE_"

SECRET_KEY = env.str("SECRET_KEY", default="change_me")
DATABASES = {"default": env.db("DATABASE_URL")}
"""

_DAG = """
from airflow.configuration import conf
from airflow.providers.postgres.hooks.postgres import PostgresHook

SMTP_HOST = conf.get("opencve", "notification_smtp_host")
TIMEOUT = conf.getint("opencve", "notification_request_timeout", fallback=30)
HOOK = PostgresHook(postgres_conn_id="opencve_postgres")
"""


def test_a_django_environ_prefix_and_airflow_settings(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "web/manage.py": "",
            "web/opencve/conf/base.py": _SETTINGS,
            "scheduler/dags/includes/constants.py": _DAG,
        },
    )
    assert found["OPENCVE_SECRET_KEY"].default is None  # a secret: no default recorded
    assert "OPENCVE_DATABASE_URL" in found
    assert "SECRET_KEY" not in found
    assert "AIRFLOW__OPENCVE__NOTIFICATION_SMTP_HOST" in found
    assert found["AIRFLOW__OPENCVE__NOTIFICATION_REQUEST_TIMEOUT"].default == "30"
    assert found["AIRFLOW_CONN_OPENCVE_POSTGRES"].secret


def test_an_apps_own_secret_key_base_source(tmp_path: Path) -> None:
    files = {
        "Gemfile": 'source "https://rubygems.org"\ngem "rails"\n',
        "config/application.rb": "module Planner\n  class Application < Rails::Application\n  end\nend\n",
        "config/environments/production.rb": "Rails.application.configure do\nend\n",
        "config/initializers/secret_token.rb": (
            "key = ENV['PLANNER_SECRET']\nRails.application.config.secret_key_base = key\n"
        ),
    }
    found = project(tmp_path, files)
    assert "PLANNER_SECRET" in found
    assert "SECRET_KEY_BASE" not in found
