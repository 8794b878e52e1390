"""A map keyed by variable names that a walk of the whole environment looks each walked name up in: each key
is a variable the code reads. A map of upper-case keys in a file that walks no environment is not."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_INSTALL = """
function checkSetupFlagEnv() {
    let setupVal = {};
    const envConfMap = {
        CONFIG: 'config',
        NODEBB_URL: 'url',
        NODEBB_DB_PASSWORD: 'password',
    };
    const envKeys = Object.keys(process.env);
    if (Object.keys(envConfMap).some(key => envKeys.includes(key))) {
        Object.entries(process.env).forEach(([evName, evValue]) => {
            if (evName.startsWith('NODEBB_')) {
                setupVal[envConfMap[evName]] = evValue;
            }
        });
    }
    return setupVal;
}
"""


def test_the_keys_of_a_map_an_environment_walk_looks_up(tmp_path: Path) -> None:
    found = project(tmp_path, {"src/install.js": _INSTALL})
    assert found["NODEBB_URL"].scope == "runtime"
    assert found["NODEBB_DB_PASSWORD"].secret
    assert "CONFIG" in found


def test_a_map_without_an_environment_walk_is_no_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/codes.js": """
                const CODES = { NOT_FOUND: 404, SERVER_ERROR: 500 };
                module.exports = (k) => CODES[k];
            """,
        },
    )
    assert "NOT_FOUND" not in found
