"""typed-config: each `key(...)` of a `@section("mwdb")` Config class is `MWDB_<KEY>`, read by the
EnvironmentConfigSource the project builds; and a `Dockerfile-web` is a Dockerfile."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
from typedconfig import Config, key, section
from typedconfig.source import EnvironmentConfigSource, IniFileConfigSource


def intbool(v):
    return bool(int(v))


@section("mwdb")
class MWDBConfig(Config):
    postgres_uri = key(cast=str, required=True)
    secret_key = key(cast=str, required=True)
    base_url = key(cast=str, required=False, default="http://127.0.0.1")
    serve_web = key(cast=intbool, required=False, default=True)
    s3_storage_iam_auth = key(cast=intbool, required=False)


@section("karton")
class KartonConfig(Config):
    config_path = key(cast=str, required=False, default=None)


class AppConfig(Config):
    mwdb = MWDBConfig()
    karton = KartonConfig()


app_config = AppConfig(sources=[EnvironmentConfigSource(), IniFileConfigSource("mwdb.ini")])
"""


def test_typed_config_sections_name_their_variables(tmp_path: Path) -> None:
    found = project(tmp_path, {"mwdb/core/config.py": _CONFIG})
    assert found["MWDB_POSTGRES_URI"].optional is False
    assert found["MWDB_POSTGRES_URI"].secret is True
    assert found["MWDB_SECRET_KEY"].secret is True
    assert found["MWDB_BASE_URL"].default == "http://127.0.0.1"
    assert found["MWDB_SERVE_WEB"].default == "1"  # parsed as an int: `true` would not do
    assert found["MWDB_S3_STORAGE_IAM_AUTH"].secret is False  # a switch
    assert found["KARTON_CONFIG_PATH"].default is None


def test_without_an_environment_source_nothing_is_read(tmp_path: Path) -> None:
    text = _CONFIG.replace("EnvironmentConfigSource(), ", "").replace("EnvironmentConfigSource, ", "")
    found = project(tmp_path, {"mwdb/core/config.py": text})
    assert "MWDB_POSTGRES_URI" not in found


def test_a_dockerfile_named_with_a_suffix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"deploy/docker/Dockerfile-web": 'FROM nginx:stable\nENV PROXY_BACKEND_URL="http://mwdb.:8080"\n'},
    )
    assert "PROXY_BACKEND_URL" in found
