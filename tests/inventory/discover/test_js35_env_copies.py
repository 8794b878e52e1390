"""A module's copy of the environment (`shadowEnv[trim(key)] = trim(process.env[key])` over its keys) read
directly and through the module's own helper (`readENV('PORT', 1337)`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

ENV_JS = """
'use strict';
const _trim = require('lodash/trim');

var shadowEnv;

function config () {
  shadowEnv = {};
  Object.keys(process.env).forEach((key, index) => {
    shadowEnv[_trim(key)] = _trim(process.env[key]);
  });
  env.PORT = readENV('PORT', 1337);
  env.storageURI = readENV('STORAGE_URI') || readENV('MONGOLAB_URI');
  env.insecure = readENVTruthy('INSECURE_USE_HTTP', false);
  if (shadowEnv['DEVICESTATUS_DAYS'] == '2') { env.days = 1; }
  return env;
}

function readENV (varName, defaultValue) {
  var value = shadowEnv['CUSTOMCONNSTR_' + varName] || shadowEnv[varName];
  return value != null ? value : defaultValue;
}

function readENVTruthy (varName, defaultValue) {
  var value = readENV(varName, defaultValue);
  return value === 'true' ? true : defaultValue;
}

module.exports = config;
"""


def test_env_copy_and_its_helpers(tmp_path: Path) -> None:
    found = project(tmp_path, {"lib/server/env.js": ENV_JS})
    assert found["PORT"].default == "1337"
    assert "DEVICESTATUS_DAYS" in found
    assert "CUSTOMCONNSTR_PORT" in found  # the helper's other spelling is read too
    assert found["INSECURE_USE_HTTP"].default == "false"
    assert found["MONGOLAB_URI"].secret
    assert found["STORAGE_URI"].scope == "runtime"


def test_an_object_filled_from_elsewhere_is_no_copy(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/cfg.js": """
                const settings = {};
                Object.keys(defaults).forEach((key) => { settings[key] = defaults[key]; });
                module.exports = () => settings['SOME_KEY'];
            """,
        },
    )
    assert "SOME_KEY" not in found
