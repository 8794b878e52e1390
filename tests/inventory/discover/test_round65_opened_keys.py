"""Round 65: a key-named variable the code opens as a file (Ruby's `File.read(ENV["X"])`, a `cert_path:`
key; Python's `open(os.environ["X"])`) holds the key's path, not the key."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_ruby_keys_opened_or_passed_as_paths(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/jobs/push.rb": """
                connection = Apnotic::Connection.new(cert_path: ENV["APPLE_AUTH_KEY"], team: ENV["TEAM"])
                key = OpenSSL::PKey::EC.new(File.read(ENV["APPLE_STORE_KEY"]))
                signer = Signer.new(ENV["SIGNING_KEY"])
            """
        },
    )
    assert not found["APPLE_AUTH_KEY"].secret
    assert not found["APPLE_STORE_KEY"].secret
    assert found["SIGNING_KEY"].secret


def test_python_keys_opened_as_files(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os
                from pathlib import Path

                with open(os.environ["JWT_PRIVATE_KEY"]) as f:
                    JWT = f.read()
                CERT = Path(os.getenv("TLS_KEY", "/etc/tls/key.pem")).read_text()
                API_KEY = os.environ["API_KEY"]
            """
        },
    )
    assert not found["JWT_PRIVATE_KEY"].secret
    assert not found["TLS_KEY"].secret
    assert found["API_KEY"].secret
