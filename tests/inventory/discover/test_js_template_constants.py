"""JavaScript: a module constant holding part of a name written into a template key (`${PREFIX}_${name}` with
`const PREFIX = "CB_RUNTIME_REDIS"`); fallbacks naming a member of a frozen constant object, also as a
parse helper's fallback argument (`parsePositiveInt(process.env.X, DEFAULTS.limit)`)."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.js_template_keys import inline_constants
from tests.inventory.discover.projects import project

_CACHE = """
const RUNTIME_REDIS_ENV_PREFIX = "CB_RUNTIME_REDIS";

function getRuntimeRedisEnvValue(name) {
  const overrideValue = process.env[`${RUNTIME_REDIS_ENV_PREFIX}_${name}`];
  if (overrideValue !== undefined && overrideValue !== "") {
    return overrideValue;
  }
  return process.env[`CB_REDIS_${name}`];
}

function parsePositiveInt(value, fallback) {
  const parsed = parseInt(value, 10);
  if (Number.isNaN(parsed) || parsed <= 0) {
    return fallback;
  }
  return parsed;
}

const DEFAULTS = Object.freeze({
  schemaVersion: "1",
  variantLimit: 25,
});

const CONFIG = {
  schemaVersion: process.env.CB_CACHE_SCHEMA_VERSION || DEFAULTS.schemaVersion,
  variantLimit: parsePositiveInt(process.env.CB_CACHE_VARIANT_LIMIT, DEFAULTS.variantLimit),
};

module.exports = {
  host: getRuntimeRedisEnvValue("HOST"),
  port: getRuntimeRedisEnvValue("PORT"),
  CONFIG,
};
"""


def test_a_prefix_constant_in_a_template_key(tmp_path: Path) -> None:
    found = project(tmp_path, {"server/cache.js": _CACHE})
    for name in ("CB_RUNTIME_REDIS_HOST", "CB_RUNTIME_REDIS_PORT", "CB_REDIS_HOST", "CB_REDIS_PORT"):
        assert name in found, name


def test_members_of_a_frozen_object_are_defaults(tmp_path: Path) -> None:
    found = project(tmp_path, {"server/cache.js": _CACHE})
    assert found["CB_CACHE_SCHEMA_VERSION"].default == "1"
    assert found["CB_CACHE_VARIANT_LIMIT"].default == "25"


def test_inline_constants_leaves_other_templates_alone() -> None:
    text = 'const PREFIX = "APP";\nlet mode = "x";\nconst a = `${PREFIX}_${mode}`;\nconst b = `${other}`;\n'
    assert inline_constants(text).splitlines()[2] == "const a = `APP_${mode}`;"
    assert inline_constants(text).splitlines()[3] == "const b = `${other}`;"
    twice = 'const PREFIX = "APP";\nconst PREFIX = "WEB";\nconst a = `${PREFIX}_X`;\n'
    assert inline_constants(twice) == twice  # two values: not one name
