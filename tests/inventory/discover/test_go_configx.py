"""Ory's configx: every leaf key of the JSON schema `configx.New` is given is a variable (its path
upper-cased, joined with `_`), through `$ref`s to other schema files (by `$id` or by an `ory://` alias a Go
file embeds) and the file's own `#/definitions`; `oneOf` a string or an object is also one value; `TTL_*`
keys are durations."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project

ROOT_SCHEMA = {
    "$id": "https://example.com/hydra/config.schema.json",
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "definitions": {"duration": {"type": "string", "pattern": "^[0-9]+(ns|us|ms|s|m|h)$"}},
    "properties": {
        "dsn": {"type": "string"},
        "serve": {
            "type": "object",
            "properties": {
                "public": {"allOf": [{"$ref": "ory://serve-config"}]},
                "tls": {"$ref": "ory://tls-config"},
            },
        },
        "ttl": {
            "type": "object",
            "properties": {"access_token": {"$ref": "#/definitions/duration", "default": "1h"}},
        },
        "oauth2": {
            "type": "object",
            "properties": {
                "token_hook": {
                    "oneOf": [
                        {"type": "string", "format": "uri"},
                        {"type": "object", "properties": {"url": {"type": "string"}}},
                    ]
                }
            },
        },
        "log": {"type": "object", "properties": {"level": {"type": "string", "default": "info"}}},
    },
}

SERVE_SCHEMA = {
    "$id": "https://github.com/ory/x/configx/serve.schema.json",
    "type": "object",
    "properties": {"port": {"type": "integer", "default": 4444}, "host": {"type": "string"}},
}

TLS_SCHEMA = {
    "$id": "https://github.com/ory/x/tlsx/config.schema.json",
    "definitions": {
        "source": {"type": "object", "properties": {"path": {"type": "string"}, "base64": {"type": "string"}}}
    },
    "type": "object",
    "properties": {"key": {"$ref": "#/definitions/source"}, "enabled": {"type": "boolean"}},
}

SERVE_GO = """package configx

import _ "embed"

const (
	ServeConfigSchemaID = "ory://serve-config"
	TLSConfigSchemaID   = "ory://tls-config"
)

//go:embed serve.schema.json
var serveSchema []byte

//go:embed tls.schema.json
var tlsSchema []byte
"""

PROVIDER_GO = """package config

import "github.com/ory/hydra/spec"

func New(ctx context.Context) (*Provider, error) {
	p, err := configx.New(ctx, spec.ConfigValidationSchema, opts...)
	return &Provider{p: p}, err
}
"""


def test_schema_keys_are_variables(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module github.com/ory/hydra\n",
            "spec/config.json": json.dumps(ROOT_SCHEMA, indent=2),
            "spec/api.go": "package spec\n\n//go:embed config.json\nvar ConfigValidationSchema []byte\n",
            "oryx/configx/serve.schema.json": json.dumps(SERVE_SCHEMA, indent=2),
            "oryx/configx/tls.schema.json": json.dumps(TLS_SCHEMA, indent=2),
            "oryx/configx/serve.go": SERVE_GO,
            "driver/config/provider.go": PROVIDER_GO,
        },
    )
    assert found["DSN"].scope == "runtime"  # kept in spec/, no test spec
    assert found["DSN"].secret
    assert found["SERVE_PUBLIC_PORT"].default == "4444"
    assert "SERVE_PUBLIC_HOST" in found
    assert found["SERVE_TLS_KEY_BASE64"].secret
    assert "SERVE_TLS_KEY_PATH" in found
    assert found["TTL_ACCESS_TOKEN"].default == "1h"
    assert not found["TTL_ACCESS_TOKEN"].secret
    assert "OAUTH2_TOKEN_HOOK" in found
    assert "OAUTH2_TOKEN_HOOK_URL" in found
    assert not found["OAUTH2_TOKEN_HOOK"].secret
    assert found["LOG_LEVEL"].default == "info"
    assert "SERVE" not in found  # objects are no variables
    assert "SERVE_PUBLIC" not in found
