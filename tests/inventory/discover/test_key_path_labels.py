"""A name ending in KEY or CERT that holds a path (its default or example looks like one, or the code opens
it as a file) locates the key: not a secret itself. An `X_FILE` variable is never a secret value."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import looks_like_path


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def test_key_paths_are_not_secrets(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".env.example": "TLS_KEY=./certs/server.key\nJWT_SIGNING_KEY=change-me-to-a-long-random-string\n",
            "src/https.js": """
                const fs = require("fs");
                const sslKey = args["ssl-key"] || process.env.APP_SSL_KEY;
                const tlsKey = process.env.TLS_KEY;
                const options = {
                    key: fs.readFileSync(sslKey),
                    ca: fs.readFileSync(process.env.CLIENT_CA_KEY),
                    passphrase: process.env.APP_SSL_KEY_PASSPHRASE,
                };
                const signer = process.env.JWT_SIGNING_KEY;
                const encryption = process.env.ENCRYPTION_KEY || "/etc/app/enc.key";
                const password = fs.readFileSync(process.env.SMTP_PASSWORD_PATH);
            """,
            "src/secrets.py": """
                import os
                token = os.environ["API_TOKEN_FILE"]
            """,
            "deploy/app.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: app
                          env:
                            - name: API_TOKEN_FILE
                              valueFrom: {secretKeyRef: {name: app, key: token-file}}
            """,
        },
    )
    found = {v.name: v for v in discover(tmp_path).variables}
    secret = {name: v.secret for name, v in found.items()}
    assert secret == {
        "APP_SSL_KEY": False,  # opened with readFileSync through a local
        "CLIENT_CA_KEY": False,  # opened directly
        "TLS_KEY": False,  # the example is a path
        "APP_SSL_KEY_PASSPHRASE": True,
        "JWT_SIGNING_KEY": True,
        "ENCRYPTION_KEY": False,  # its default is a file
        "SMTP_PASSWORD_PATH": False,
        "API_TOKEN_FILE": False,  # a secretKeyRef holding a file's path is still a path
    }
    assert found["ENCRYPTION_KEY"].default == "/etc/app/enc.key"
    assert found["API_TOKEN_FILE"].file_of == "API_TOKEN"


def test_path_shapes() -> None:
    assert looks_like_path("/run/secrets/key")
    assert looks_like_path("../certs/key.pem")
    assert looks_like_path("server.KEY")
    assert not looks_like_path("hunter2")
    assert not looks_like_path("")
    assert not looks_like_path(None)
