"""Discovery records the default a variable falls back to (for `.env.example` exports that keep the code's
defaults), and never treats identifiers (`AWS_ACCESS_KEY_ID`, client ids, publishable keys) as secrets."""

from __future__ import annotations

import textwrap

import pytest

from secretguard.inventory.discover.base import Read, aggregate, secret_by_name
from secretguard.inventory.discover.dockerfile import discover_dockerfile
from secretguard.inventory.discover.dotenv_example import discover_env_example
from secretguard.inventory.discover.javascript import discover_javascript
from secretguard.inventory.discover.python import FlaskUse, discover_python
from secretguard.inventory.discover.ruby import discover_ruby
from secretguard.inventory.discover.shell import discover_shell
from secretguard.inventory.model import identifier_kind


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def defaults(reads: list[Read]) -> dict[str, str | None]:
    return {r.name: r.default for r in reads}


def test_python_defaults() -> None:
    code = src("""
        import os
        from decouple import config
        from pydantic import Field
        from pydantic_settings import BaseSettings
        LEVEL = "warning"
        a = os.getenv("LOG_LEVEL", "info")
        b = int(os.environ.get("WORKERS", "2"))
        c = int(os.getenv("PORT", 8000))  # the code's fallback, as the environment would spell it
        d = os.environ.get("TIMEOUT") or "30"
        e = os.environ.get("LEVEL2", LEVEL)
        f = config("DEBUG", default=False, cast=bool)
        g = os.environ["REQUIRED"]
        h = os.getenv("NO_DEFAULT")
        i = os.environ.get("EMPTY", "")

        class Settings(BaseSettings):
            retries: int = 3
            ratio: float = -0.5
            verbose: bool = True
            mode: str = Field("fast", description="x")
            name: str = Field(default="app")
            needed: str = Field(...)
            maybe: str | None = None
    """)
    assert defaults(discover_python(code, "m.py", FlaskUse())) == {
        "LOG_LEVEL": "info",
        "WORKERS": "2",
        "PORT": "8000",
        "TIMEOUT": "30",
        "LEVEL2": "warning",
        "DEBUG": "false",
        "REQUIRED": None,
        "NO_DEFAULT": None,
        "EMPTY": "",
        "RETRIES": "3",
        "RATIO": "-0.5",
        "VERBOSE": "true",
        "MODE": "fast",
        "NAME": "app",
        "NEEDED": None,
        "MAYBE": None,
    }


def test_javascript_ruby_shell_dockerfile_and_env_example_defaults() -> None:
    js = src("""
        const level = process.env.LOG_LEVEL || "info";
        const port = process.env.PORT ?? 3000;
        const url = process.env.API_URL || "http://" + host;
        const { MODE = "fast", REGION } = process.env;
    """)
    assert defaults(discover_javascript(js, "a.js")) == {
        "LOG_LEVEL": "info",
        "PORT": "3000",
        "API_URL": None,
        "MODE": "fast",
        "REGION": None,
    }
    rb = 'a = ENV.fetch("LOG_LEVEL", "info")\nb = ENV["MODE"] || "fast"\nc = ENV.fetch("X") { "y" }\n'
    assert defaults(discover_ruby(rb, "a.rb")) == {"LOG_LEVEL": "info", "MODE": "fast", "X": "y"}
    sh = 'exec app --level "${LOG_LEVEL:-info}" --name ${NAME:-"my app"} ${NEXT:-$OTHER} ${MUST:?set it}\n'
    assert defaults(discover_shell(sh, "run.sh")) == {
        "LOG_LEVEL": "info",
        "NAME": "my app",
        "NEXT": None,
        "OTHER": None,
        "MUST": None,
    }
    docker = "FROM python\nARG VERSION=dev\nARG TAG\nENV PORT=8000 HOME_DIR=$HOME\n"
    assert defaults(discover_dockerfile(docker, "Dockerfile")) == {
        "VERSION": "dev",
        "TAG": None,
        "PORT": "8000",
        "HOME_DIR": None,
    }
    example = "LOG_LEVEL=info\nDATABASE_URL=\nAPI_KEY=changeme\n"
    assert defaults(discover_env_example(example, ".env.example")) == {
        "LOG_LEVEL": "info",
        "DATABASE_URL": None,
        "API_KEY": None,
    }


def test_aggregate_prefers_the_code_and_gives_up_on_disagreement() -> None:
    reads = [
        Read("LOG_LEVEL", ".env.example", 1, True, "env-example", default="debug"),
        Read("LOG_LEVEL", "docker-compose.yml", 3, True, "compose-interpolation", default="warning"),
        Read("LOG_LEVEL", "app.py", 2, True, "python", default="info"),
        Read("PORT", "Dockerfile", 4, True, "dockerfile-env", default="8000"),
        Read("PORT", ".env.example", 2, True, "env-example", default="9000"),
        Read("MODE", "a.py", 1, True, "python", default="fast"),
        Read("MODE", "b.py", 1, True, "python", default="slow"),
        Read("SESSION_SECRET", "a.py", 3, True, "python", default="dev-only-secret"),
        Read("CACHE", "a.py", 4, True, "python", default="redis://user:hunter2@cache/0"),
        Read("GOOGLE_CLIENT_ID", "a.py", 5, True, "python", default="1234.apps.googleusercontent.com"),
    ]
    found = {v.name: v for v in aggregate(reads)}
    assert found["LOG_LEVEL"].default == "info"
    assert found["PORT"].default == "8000"
    assert found["MODE"].default is None  # two places, two defaults: none is the default
    assert found["SESSION_SECRET"].secret
    assert found["SESSION_SECRET"].default is None  # never for a secret
    assert found["CACHE"].default is None  # a URL carrying a password is not written down
    assert found["GOOGLE_CLIENT_ID"].default == "1234.apps.googleusercontent.com"  # an id: no secret
    assert found["LOG_LEVEL"].to_dict()["default"] == "info"


@pytest.mark.parametrize(
    "name",
    [
        "AWS_ACCESS_KEY_ID",
        "awsAccessKeyId",
        "KMS_KEY_ID",
        "GOOGLE_CLIENT_ID",
        "AZURE_CLIENT_ID",
        "clientId",
        "STRIPE_PUBLISHABLE_KEY",
        "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
        "FACEBOOK_APP_ID",
    ],
)
def test_identifiers_are_not_secrets(name: str) -> None:
    assert identifier_kind(name) is not None
    assert not secret_by_name(name)
    # kept as a secret (GitHub `secrets.X`, a Kubernetes secretKeyRef): still not a secret
    (var,) = aggregate([Read(name, "deploy.yml", 1, False, "github-secret", True)])
    assert not var.secret


@pytest.mark.parametrize(
    "name", ["AWS_SECRET_ACCESS_KEY", "CLIENT_SECRET", "VAULT_SECRET_ID", "API_KEY", "STRIPE_SECRET_KEY"]
)
def test_secrets_are_not_identifiers(name: str) -> None:
    assert identifier_kind(name) is None
    (var,) = aggregate([Read(name, "deploy.yml", 1, False, "github-secret", True)])
    assert var.secret
