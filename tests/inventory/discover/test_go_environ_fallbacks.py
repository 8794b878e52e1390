"""Defaults of Go option tables beyond a `Default:` field: the fallback a switch's case body parses the
value with, and a table entry's field holding a package constant named as the default."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover import discover

DEFAULTS = """package config

const (
	defaultWorkers  = 16
	defaultLogLevel = "info"
	defaultBaseURL  = "http://localhost"
)
"""

SWITCH_WITH_PARSERS = """package config

import (
	"os"
	"strings"
)

func (p *Parser) Parse() {
	for _, line := range os.Environ() {
		key, value, _ := strings.Cut(line, "=")
		switch key {
		case "WORKER_POOL_SIZE":
			p.opts.workers = parseInt(value, defaultWorkers)
		case "LOG_LEVEL":
			p.opts.logLevel = parseString(value, defaultLogLevel)
		case "HTTPS":
			p.opts.https = parseBool(value, false)
		case "MAINTENANCE_MESSAGE":
			p.opts.message = parseString(value, "Down for maintenance")
		case "DATABASE_URL":
			p.opts.databaseURL = value
		case "PROXY_MODE":
			p.opts.proxy = parseString(value, "http-only")
			p.opts.proxyOther = parseString(value, "all")
		default:
			p.unknown = append(p.unknown, key)
		}
	}
}
"""

TABLE_WITH_DEFAULT_CONSTANTS = """package config

import (
	"os"
	"strings"
)

type option struct {
	parsed any
	raw    string
	secret bool
}

var options = map[string]*option{
	"BASE_URL":  {parsed: defaultBaseURL, raw: defaultBaseURL},
	"LOG_LEVEL": {parsed: defaultLogLevel, raw: defaultLogLevel},
	"API_TOKEN": {secret: true},
}

func Load() {
	for _, entry := range os.Environ() {
		parts := strings.SplitN(entry, "=", 2)
		if opt, ok := options[parts[0]]; ok {
			opt.raw = parts[1]
		}
	}
}
"""


def _defaults(tmp_path: Path, source: str) -> dict[str, str | None]:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "defaults.go").write_text(DEFAULTS, encoding="utf-8")
    (tmp_path / "config" / "parser.go").write_text(source, encoding="utf-8")
    return {v.name: v.default for v in discover(tmp_path).variables}


def test_the_fallback_a_case_body_parses_the_value_with_is_the_default(tmp_path: Path) -> None:
    assert _defaults(tmp_path, SWITCH_WITH_PARSERS) == {
        "WORKER_POOL_SIZE": "16",
        "LOG_LEVEL": "info",
        "HTTPS": "false",
        "MAINTENANCE_MESSAGE": "Down for maintenance",
        "DATABASE_URL": None,  # taken as it is: no fallback
        "PROXY_MODE": None,  # two fallbacks that disagree: none
    }


def test_a_table_field_holding_a_default_constant_is_the_default(tmp_path: Path) -> None:
    assert _defaults(tmp_path, TABLE_WITH_DEFAULT_CONSTANTS) == {
        "BASE_URL": "http://localhost",
        "LOG_LEVEL": "info",
        "API_TOKEN": None,
    }
