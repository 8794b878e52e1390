"""Round 70: a settings helper's `value` parameter is the fallback (`set_option("PORT", 8000)` over `if name
in os.environ: ... else: _set_default(name, value)`), and Go's `if os.Getenv("X") != "" { port =
os.Getenv("X") }` after `port := "8081"` (or `return`, `else { return "lit" }`) falls back to the literal."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

SETTINGS = """
import os


def _set_default(name, value, context):
    if name not in context:
        context[name] = value


def set_option(name, value):
    if name in os.environ:
        globals()[name] = type(value)(os.environ.get(name))
    else:
        _set_default(name, value, globals())


set_option("WORKERS", 4)
set_option("SITE_NAME", "PeeringDB")
"""

GO = """
package servercfg

import "os"

func GetAPIPort() string {
	apiport := "8081"
	if os.Getenv("API_PORT") != "" {
		apiport = os.Getenv("API_PORT")
	}
	return apiport
}

func GetBrokerType() string {
	if os.Getenv("BROKER_TYPE") != "" {
		return os.Getenv("BROKER_TYPE")
	} else {
		return "mosquitto"
	}
}

func StunEnabled() bool {
	enabled := true
	if os.Getenv("STUN") != "" {
		enabled = os.Getenv("STUN") == "true"
	}
	return enabled
}

func GetAPIHost(public string) string {
	host := "127.0.0.1"
	if os.Getenv("SERVER_HTTP_HOST") != "" {
		host = os.Getenv("SERVER_HTTP_HOST")
	} else {
		host = public
	}
	return host
}
"""


def test_a_helpers_value_parameter_is_the_default(tmp_path: Path) -> None:
    found = project(tmp_path, {"mainsite/settings/__init__.py": SETTINGS})
    assert found["WORKERS"].default == "4"
    assert found["SITE_NAME"].default == "PeeringDB"


def test_go_overrides_tested_for_a_set_variable(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.com/n\n", "servercfg/serverconf.go": GO})
    assert found["API_PORT"].default == "8081"
    assert found["BROKER_TYPE"].default == "mosquitto"
    assert found["STUN"].default is None  # a test of the value: a switch, not the value
    assert found["SERVER_HTTP_HOST"].default is None  # an `else` sets another value


def test_a_value_the_read_is_compared_with_is_no_default(tmp_path: Path) -> None:
    checks = """
        import os


        def env_is(name, value):
            return os.environ.get(name) == value


        PRODUCTION = env_is("APP_STAGE", "production")
    """
    found = project(tmp_path, {"app/checks.py": checks})
    assert found["APP_STAGE"].default is None
