"""nconf's env store: with `.env({ separator: "__" })` every key the app reads with `nconf.get` can be set
from the environment under its own spelling, nested keys joined by the separator; keys the app sets itself,
objects of settings, one-letter switches and a key's own defaults key are not variables; defaults come from
`nconf.defaults({...})`, a literal after the read, or a set made when the key is unset."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_APP = """
const nconf = require('nconf');

nconf.argv().env({
    separator: '__',
});

nconf.defaults({
    bind_address: '0.0.0.0',
    acpPluginInstallDisabled: false,
    mongo: { host: '127.0.0.1', port: 27017 },
});

if (!nconf.get('cookieName')) {
    nconf.set('cookieName', 'express.sid');
}
nconf.set('version', require('./package.json').version);
nconf.set('upload_path', require('path').resolve(nconf.get('upload_path')));

const url = nconf.get('url');
const secret = nconf.get('secret');
const rounds = nconf.get('bcrypt_rounds') || 12;
const host = nconf.get('mongo:host') || nconf.get('defaults:mongo:host') || '127.0.0.1';
const password = nconf.get('mongo:password');
const mongo = nconf.get('mongo');
const version = nconf.get('version');
const bind = nconf.get('bind_address');
const quiet = nconf.get('s');
"""


def test_nconf_keys_are_variables_under_the_separator(tmp_path: Path) -> None:
    found = project(
        tmp_path, {"package.json": '{"name": "forum", "dependencies": {"express": "4"}}', "app.js": _APP}
    )
    assert found["url"].scope == "runtime"
    assert found["secret"].secret
    assert found["bcrypt_rounds"].default == "12"
    assert found["mongo__host"].default == "127.0.0.1"
    assert found["mongo__password"].secret
    assert found["bind_address"].default == "0.0.0.0"
    assert found["cookieName"].default == "express.sid"
    assert "acpPluginInstallDisabled" in found  # a defaults key, whatever reads it
    assert "upload_path" in found  # normalised by the app, still the operator's
    for internal in ("version", "mongo", "defaults__mongo__host", "s"):
        assert internal not in found


def test_without_an_env_store_nothing_is_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app.js": """
                const nconf = require('nconf');
                nconf.file({ file: 'config.json' });
                nconf.get('url');
            """,
        },
    )
    assert "url" not in found


def test_without_a_separator_nested_keys_are_not_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app.js": """
                import nconf from 'nconf';
                nconf.env();
                const port = nconf.get('PORT') || 3000;
                const host = nconf.get('db:host');
            """,
        },
    )
    assert found["PORT"].default == "3000"
    assert not any(name.startswith("db") for name in found)
