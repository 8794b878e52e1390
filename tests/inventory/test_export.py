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
        {"name": "LOG_LEVEL", "required": False, "format": {"enum": ["debug", "info", "warning"]}},
        {"name": "WORKERS", "required": True, "format": {"int": True}},
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
    assert "STRIPE_SECRET_KEY=" in lines
    assert "LOG_LEVEL=debug" in lines
    assert "WORKERS=0" in lines
    assert "# Charge customers" in lines
    assert (
        "# (required; secret; owner: payments@example.com; matching ^sk_(live|test)_; rotate every 90 days)"
        in lines
    )
    assert "OLD_SETTING" not in text
    assert "DATABASE_URL=" in lines
    assert text.count("# (optional") == 3  # DATABASE_URL is not required in dev, LOG_LEVEL, class


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
