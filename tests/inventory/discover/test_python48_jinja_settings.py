"""A Jinja-templated settings module (a cookiecutter project's `config/settings/production.py`) is read with
the template's tags taken out: every branch's reads, and no default from a string the template fills in."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_PRODUCTION = """
from .base import *  # noqa
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["{{ cookiecutter.domain_name }}"])
{%- if cookiecutter.use_sentry == 'y' %}
SENTRY_DSN = env("SENTRY_DSN")
{%- endif %}
{% if cookiecutter.mail_service == 'Mailgun' %}
ANYMAIL = {"MAILGUN_API_KEY": env("MAILGUN_API_KEY")}
{% elif cookiecutter.mail_service == 'Mailjet' %}
ANYMAIL = {"MAILJET_API_KEY": env("MAILJET_API_KEY")}
{% endif %}
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)
HOST = env("POSTGRES_HOST", default="{% if cookiecutter.docker %}postgres{% else %}localhost{% endif %}")
"""


def test_every_branch_of_a_templated_settings_module(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/__init__.py": "",
            "config/settings/__init__.py": "",
            "config/settings/base.py": "import environ\n\nenv = environ.Env()\n",
            "config/settings/production.py": _PRODUCTION,
        },
    )
    for name in ("DJANGO_SECRET_KEY", "SENTRY_DSN", "MAILGUN_API_KEY", "MAILJET_API_KEY"):
        assert found[name].scope == "runtime"
    assert found["CONN_MAX_AGE"].default == "60"
    assert found["DJANGO_ALLOWED_HOSTS"].default is None  # the template fills it in
    assert found["POSTGRES_HOST"].default is None
