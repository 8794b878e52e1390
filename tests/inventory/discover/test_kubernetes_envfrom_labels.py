"""Kubernetes: a Secret loaded whole by `envFrom.secretRef` holds a project's settings beside its credentials;
its keys are labelled by their names (and by a value carrying a password), not all secret. A single
`valueFrom.secretKeyRef` stays a secret, and the code's defaults of the plain settings are kept."""

from __future__ import annotations

import base64
from pathlib import Path

from tests.inventory.discover.projects import project

DEPLOYMENT = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      template:
        spec:
          containers:
            - name: web
              image: acme/web:1.4
              envFrom:
                - secretRef:
                    name: web-settings
              env:
                - name: LOG_FORMAT
                  valueFrom:
                    secretKeyRef: {name: logging, key: format}
"""
SETTINGS = """
    apiVersion: v1
    kind: Secret
    metadata: {name: web-settings}
    type: Opaque
    stringData:
      DJANGO_SECRET_KEY: change-me-to-something-long
      DB_HOST: postgres
      DB_PASSWORD: change-me
      DEBUG: "False"
      TIME_ZONE: Europe/Paris
      CACHE_URL: "redis://:hunter2@redis:6379/0"
    data:
      SIGNUPS_ENABLED: {signups}
"""
SETTINGS_PY = """
    import os

    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    DEBUG = os.getenv("DEBUG", "False") == "True"
    TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
    SIGNUPS = os.getenv("SIGNUPS_ENABLED", "False") == "True"
    DATABASES = {"default": {"HOST": os.getenv("DB_HOST", "localhost"), "PASSWORD": os.getenv("DB_PASSWORD")}}
    CACHE = os.getenv("CACHE_URL")
    LOG_FORMAT = os.getenv("LOG_FORMAT", "json")
"""


def test_envfrom_secret_keys_are_labelled_by_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "k8s/deployment.yml": DEPLOYMENT,
            "k8s/settings.yml": SETTINGS.replace("{signups}", base64.b64encode(b"True").decode()),
            "app/settings.py": SETTINGS_PY,
        },
    )
    secret = {name for name, var in found.items() if var.secret}
    assert secret == {"DJANGO_SECRET_KEY", "DB_PASSWORD", "CACHE_URL", "LOG_FORMAT"}
    # plain settings keep the code's defaults
    assert found["DEBUG"].default == "False"
    assert found["TIME_ZONE"].default == "UTC"
    assert found["SIGNUPS_ENABLED"].default == "False"
    assert found["DB_HOST"].default == "localhost"
    assert "k8s-envFrom-secret" in found["DEBUG"].sources


def test_a_secret_key_ref_is_still_a_secret_and_undecodable_data_is_harmless(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "k8s/deployment.yml": DEPLOYMENT,
            "k8s/settings.yml": SETTINGS.replace("{signups}", "not*base64"),
        },
    )
    assert found["LOG_FORMAT"].secret  # one variable put in a Secret on purpose
    assert not found["SIGNUPS_ENABLED"].secret
    assert found["DB_PASSWORD"].secret
    assert found["CACHE_URL"].secret
    assert not found["DEBUG"].secret
    assert not found["DB_HOST"].secret
