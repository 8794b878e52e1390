"""Exports: a .env.example with structure and no values, and a pydantic-settings module that fails fast when
imported without a required variable."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from pydantic import ValidationError

from secretguard.formats.quoting import dotenv_value
from secretguard.inventory.dotenv_format import parse_dotenv
from tests.conftest import CliRunner

INVENTORY = {
    "version": 1,
    "environments": {"production": {"stores": [{"environ": {}}]}, "dev": {"stores": [{"environ": {}}]}},
    "variables": [
        {
            "name": "STRIPE_SECRET_KEY",
            "purpose": "Charge customers",
            "owner": "payments@example.com",
            "secret": True,
            "required": True,
            "format": {"regex": "^sk_(live|test)_"},
            "rotation_days": 90,
        },
        {"name": "DATABASE_URL", "secret": True, "required": ["production"], "format": "url"},
        {
            "name": "LOG_LEVEL",
            "required": False,
            "format": {"enum": ["debug", "info", "warning"]},
            "discovered": {"optional": True, "sources": ["python"], "default": "info"},
        },
        {"name": "WORKERS", "required": True, "format": {"int": True}},
        {"name": "GREETING", "required": False, "discovered": {"optional": True, "default": "hello world"}},
        {"name": "PREFIX", "required": False, "discovered": {"optional": True, "default": ""}},
        {"name": "AWS_ACCESS_KEY_ID", "secret": True, "required": False},
        {
            "name": "SIGNING_KEY",
            "secret": True,
            "required": False,
            "storage": {"production": "vault:secret/app/prod#signing"},
            # a secret's default is never exported, even when an old discovery recorded one
            "discovered": {"optional": True, "secret": True, "default": "dev-signing-key"},
        },
        {"name": "OLD_SETTING", "status": "vanished"},
        {"name": "class", "required": False},
    ],
}


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "secretguard.inventory.yaml"
    path.write_text(yaml.safe_dump(INVENTORY, sort_keys=False), encoding="utf-8")
    return path


def test_dotenv_example(cli: CliRunner, inventory: Path, tmp_path: Path) -> None:
    out = tmp_path / ".env.example"
    assert (
        cli(
            "inventory", "export", "--inventory", inventory, "--format", "dotenv-example", "--output", out
        ).code
        == 0
    )
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Secrets: commented out, with where they come from; never a value.
    assert "# STRIPE_SECRET_KEY=" in lines
    assert "# secret: never put its value in this file; set it from environ" in lines
    assert "# secret: never put its value in this file; set it from vault:secret/app/prod, environ" in lines
    assert "dev-signing-key" not in text
    # Defaults the code falls back to are kept; everything else is commented out, never `NAME=`.
    assert "LOG_LEVEL=info" in lines
    assert "GREETING='hello world'" in lines
    assert "# WORKERS=" in lines
    assert "# DATABASE_URL=" in lines
    assert "# PREFIX=" in lines
    assert "# AWS_ACCESS_KEY_ID=" in lines
    assert "# (optional; an access key id, not a secret)" in lines
    assert not [line for line in lines if line.endswith("=") and not line.startswith("#")]
    assert "# Charge customers" in lines
    assert (
        "# (required; secret; owner: payments@example.com; matching ^sk_(live|test)_; rotate every 90 days)"
        in lines
    )
    assert "OLD_SETTING" not in text
    assert text.count("# (optional") == 7  # DATABASE_URL is not required in dev


def test_dotenv_example_parses_and_keeps_defaults(cli: CliRunner, inventory: Path, tmp_path: Path) -> None:
    out = tmp_path / ".env"
    run = cli("inventory", "export", "-i", inventory, "--format", "dotenv-example", "-o", out)
    assert run.code == 0, run.err
    text = out.read_text(encoding="utf-8")
    expected = {"LOG_LEVEL": "info", "GREETING": "hello world"}
    ours = {entry.key: entry.value for entry in parse_dotenv(text)}
    assert ours == expected
    dotenv = pytest.importorskip("dotenv")
    assert dict(dotenv.dotenv_values(out)) == expected


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("info", "info"),
        ("http://localhost:8000/x", "http://localhost:8000/x"),
        ("http://localhost:8000/x?a=1", "'http://localhost:8000/x?a=1'"),  # `?` would glob in a shell
        ("hello world", "'hello world'"),
        ("a#b", "'a#b'"),
        ("$HOME/x", "'$HOME/x'"),
        ("${HOME}/x", None),  # python-dotenv expands it even in single quotes
        ('say "hi"', "'say \"hi\"'"),
        ("", None),
        ("it's", None),
        ("back\\slash", None),
    ],
)
def test_dotenv_values_read_back_unchanged(value: str, written: str | None, tmp_path: Path) -> None:
    assert dotenv_value(value) == written
    if written is None:
        return
    line = f"NAME={written}\n"
    assert [(e.key, e.value) for e in parse_dotenv(line)] == [("NAME", value)]
    dotenv = pytest.importorskip("dotenv")
    path = tmp_path / "x.env"
    path.write_text(line, encoding="utf-8")
    assert dotenv.dotenv_values(path) == {"NAME": value}


def test_discovered_defaults_survive_discover_write_and_export(cli: CliRunner, tmp_path: Path) -> None:
    """The issue's case: a `.env.example` copied to `.env` must not turn
    `int(os.environ.get("WORKERS", "2"))` into `int("")`."""
    project = tmp_path / "app"
    project.mkdir()
    (project / "main.py").write_text(
        "import os\n"
        'LOG_LEVEL = os.getenv("LOG_LEVEL", "info")\n'
        'WORKERS = int(os.environ.get("WORKERS", "2"))\n'
        'TIMEOUT = int(os.environ.get("TIMEOUT") or 30)\n'
        'DATABASE_URL = os.environ["DATABASE_URL"]\n'
        'SECRET_KEY = os.getenv("SECRET_KEY", "dev-only")\n',
        encoding="utf-8",
    )
    assert cli("inventory", "discover", project, "--write").code == 0
    inv = project / "secretguard.inventory.yaml"
    assert "default: info" in inv.read_text(encoding="utf-8")
    assert "dev-only" not in inv.read_text(encoding="utf-8")
    env_file = project / ".env"
    assert cli("inventory", "export", "-i", inv, "--format", "dotenv-example", "-o", env_file).code == 0
    text = env_file.read_text(encoding="utf-8")
    assert "dev-only" not in text
    values = {entry.key: entry.value for entry in parse_dotenv(text)}
    assert values == {"LOG_LEVEL": "info", "WORKERS": "2", "TIMEOUT": "30"}  # `or 30` is a default too
    assert int(values["WORKERS"]) == 2
    lines = text.splitlines()
    assert {"# DATABASE_URL=", "# SECRET_KEY="} <= set(lines)


def _import(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def test_settings_module_fails_fast(
    cli: CliRunner, inventory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated_settings.py"
    run = cli(
        "inventory",
        "export",
        "--inventory",
        inventory,
        "--format",
        "settings",
        "--env",
        "production",
        "--output",
        out,
    )
    assert run.code == 0, run.err
    compile(out.read_text(encoding="utf-8"), str(out), "exec")
    for name in ("STRIPE_SECRET_KEY", "DATABASE_URL", "LOG_LEVEL", "WORKERS", "class"):
        monkeypatch.delenv(name, raising=False)

    with pytest.raises(ValidationError) as info:
        _import(out, "generated_settings_missing")
    assert "STRIPE_SECRET_KEY" in str(info.value)
    assert "WORKERS" in str(info.value)

    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_PLANTEDvalue123456")  # secretguard:allow
    monkeypatch.setenv("DATABASE_URL", "postgres://db.internal/app")
    monkeypatch.setenv("WORKERS", "4")
    module = _import(out, "generated_settings_ok")
    settings = module.settings
    assert settings.workers == 4
    assert settings.log_level is None
    assert settings.stripe_secret_key.get_secret_value().startswith("sk_test_")
    assert "PLANTED" not in repr(settings)

    monkeypatch.setenv("STRIPE_SECRET_KEY", "pk_wrong_kind")  # secretguard:allow
    with pytest.raises(ValidationError, match="STRIPE_SECRET_KEY does not match"):
        _import(out, "generated_settings_bad")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_live_x")  # secretguard:allow
    monkeypatch.setenv("LOG_LEVEL", "verbose")
    with pytest.raises(ValidationError):
        _import(out, "generated_settings_enum")
