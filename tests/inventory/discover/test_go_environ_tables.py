"""Go programs that walk `os.Environ()`, split each entry on `=` and look the key up in a table of names:
a switch over names, a map literal keyed by name, a slice of structs compared by a field."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.go import discover_go

SWITCH_PARSER = """package config

import (
	"os"
	"strings"
)

func (p *Parser) ParseEnvironmentVariables() (*Options, error) {
	return p.parseLines(os.Environ())
}

func (p *Parser) parseLines(lines []string) (*Options, error) {
	for _, line := range lines {
		fields := strings.SplitN(line, "=", 2)
		key := strings.TrimSpace(fields[0])
		value := strings.TrimSpace(fields[1])
		switch key {
		case "LOG_FILE":
			p.opts.logFile = value
		case "DEBUG", "LOG_LEVEL":
			p.opts.level = value
		case "DATABASE_URL":
			p.opts.databaseURL = value
		}
	}
	return p.opts, nil
}
"""

TABLES = """package settings

import (
	"os"
	"strings"
)

type option struct {
	Default string
	Secret  bool
}

var options = map[string]option{
	"LISTEN_ADDR": {Default: "127.0.0.1:8080"},
	"BASE_URL":    {Default: "http://localhost"},
	"API_TOKEN":   {Secret: true},
}

var simple = map[string]string{
	"WORKERS": "4",
}

type envVar struct {
	Name         string
	DefaultValue string
	Help         string
}

var vars = []envVar{
	{Name: "POLLING_FREQUENCY", DefaultValue: "60", Help: "minutes"},
	{Name: "BATCH_SIZE", DefaultValue: "100"},
}

func Load() map[string]string {
	out := map[string]string{}
	for _, kv := range os.Environ() {
		key, value, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, known := options[key]; known {
			out[key] = value
		}
		if d, known := simple[key]; known {
			out[key] = d
		}
		for _, v := range vars {
			if v.Name == key {
				out[key] = value
			}
		}
	}
	return out
}
"""


def found(reads: list[Read]) -> set[tuple[str, int, bool, str | None, str]]:
    return {(r.name, r.line, r.optional, r.default, r.source) for r in reads}


def test_switch_over_the_split_key() -> None:
    assert found(discover_go(SWITCH_PARSER, "internal/config/parser.go")) == {
        ("LOG_FILE", 18, True, None, "go-environ"),
        ("DEBUG", 20, True, None, "go-environ"),
        ("LOG_LEVEL", 20, True, None, "go-environ"),
        ("DATABASE_URL", 22, True, None, "go-environ"),
    }


def test_map_and_struct_tables_with_defaults() -> None:
    assert found(discover_go(TABLES, "settings/settings.go")) == {
        ("LISTEN_ADDR", 14, True, "127.0.0.1:8080", "go-environ"),
        ("BASE_URL", 15, True, "http://localhost", "go-environ"),
        ("API_TOKEN", 16, True, None, "go-environ"),
        ("WORKERS", 20, True, "4", "go-environ"),
        ("POLLING_FREQUENCY", 30, True, "60", "go-environ"),
        ("BATCH_SIZE", 31, True, "100", "go-environ"),
    }


def test_table_in_another_file_of_the_package_and_environ_called_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "cmd").mkdir()
    (tmp_path / "config").mkdir()
    (tmp_path / "cmd" / "main.go").write_text(
        'package main\n\nimport (\n\t"os"\n\t"app/config"\n)\n\n'
        "func main() {\n\tconfig.Parse(os.Environ())\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "config" / "options.go").write_text(
        'package config\n\nvar defaults = map[string]string{\n\t"PORT": "8080",\n\t"HOST": "0.0.0.0",\n}\n'
        'var unrelated = map[string]string{"colour": "blue"}\n',
        encoding="utf-8",
    )
    (tmp_path / "config" / "parse.go").write_text(
        'package config\n\nimport "strings"\n\nfunc Parse(env []string) map[string]string {\n'
        "\tout := map[string]string{}\n\tfor _, e := range env {\n"
        '\t\tparts := strings.SplitN(e, "=", 2)\n'
        "\t\tif d, ok := defaults[parts[0]]; ok {\n\t\t\tout[parts[0]] = d\n\t\t}\n\t}\n\treturn out\n}\n",
        encoding="utf-8",
    )
    variables = {v.name: v for v in discover(tmp_path).variables}
    assert {n: (v.scope, v.optional, v.default) for n, v in variables.items()} == {
        "PORT": ("runtime", True, "8080"),
        "HOST": ("runtime", True, "0.0.0.0"),
    }


def test_no_environ_walk_no_table_names() -> None:
    without = TABLES.replace("os.Environ()", "readDotenv()")
    assert discover_go(without, "settings/settings.go") == []


INDEX_AND_HELPER = """package config

import (
	"os"
	"strings"
)

type Parser struct{ opts map[string]string }

func (p *Parser) FromEnvironment() {
	for _, entry := range os.Environ() {
		i := strings.IndexByte(entry, '=')
		if i < 0 {
			continue
		}
		p.set(entry[:i], entry[i+1:])
	}
}

func (p *Parser) set(name, value string) {
	if name == "HTTPS" {
		p.opts["https"] = value
	}
	switch strings.ToUpper(name) {
	case "BASE_URL":
		p.opts["base"] = value
	case "WORKER_POOL_SIZE", "BATCH_SIZE":
		p.opts["pool"] = value
	}
}
"""


def test_index_split_key_handed_to_a_method() -> None:
    assert {(r.name, r.line) for r in discover_go(INDEX_AND_HELPER, "internal/config/env.go")} == {
        ("HTTPS", 21),
        ("BASE_URL", 25),
        ("WORKER_POOL_SIZE", 27),
        ("BATCH_SIZE", 27),
    }


OPTIONS_IN_A_CONSTRUCTOR = """package config

import (
	"os"
	"strings"
)

type option struct {
	ParsedStringValue string
	RawValue          string
	Default           any
}

type Options struct{ options map[string]*option }

func NewOptions() *Options {
	return &Options{
		options: map[string]*option{
			"LOG_FORMAT": {Default: "text"},
			"PORT":       {Default: 8080},
			"DEBUG":      {Default: false},
		},
	}
}

func (o *Options) Load() {
	for _, line := range os.Environ() {
		fields := strings.SplitN(line, "=", 2)
		if opt, ok := o.options[strings.TrimSpace(fields[0])]; ok {
			opt.RawValue = fields[1]
		}
	}
}
"""


def test_map_table_in_a_struct_literal_field() -> None:
    found = {(r.name, r.default) for r in discover_go(OPTIONS_IN_A_CONSTRUCTOR, "config/options.go")}
    assert found == {("LOG_FORMAT", "text"), ("PORT", "8080"), ("DEBUG", "false")}


def test_defaults_named_by_package_constants(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "defaults.go").write_text(
        'package config\n\nconst (\n\tdefaultPort    = 8080\n\tdefaultLogLevel string = "info"\n'
        '\tdefaultBaseURL = "http://localhost"\n\tdefaultTimeout = 5 * time.Second\n)\n',
        encoding="utf-8",
    )
    (tmp_path / "config" / "options.go").write_text(
        OPTIONS_IN_A_CONSTRUCTOR.replace('{Default: "text"}', "{Default: defaultLogLevel}")
        .replace("{Default: 8080}", "{Default: defaultPort}")
        .replace("{Default: false}", "{Default: defaultTimeout}"),
        encoding="utf-8",
    )
    variables = {v.name: v.default for v in discover(tmp_path).variables}
    assert variables == {"LOG_FORMAT": "info", "PORT": "8080", "DEBUG": None}


def test_an_entrys_raw_value_is_its_default() -> None:
    """miniflux: `"BATCH_SIZE": {parsedIntValue: 100, rawValue: "100", valueType: intType}`."""
    text = (
        OPTIONS_IN_A_CONSTRUCTOR.replace('{Default: "text"}', '{ParsedStringValue: "text", RawValue: "text"}')
        .replace("{Default: 8080}", '{RawValue: "8080"}')
        .replace("{Default: false}", "{ParsedStringValue: 1}")
    )
    found = {(r.name, r.default) for r in discover_go(text, "config/options.go")}
    assert found == {("LOG_FORMAT", "text"), ("PORT", "8080"), ("DEBUG", None)}
