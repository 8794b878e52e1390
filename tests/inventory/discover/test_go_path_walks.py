"""Variables named from the dotted paths a reflective walk of a configuration struct's yaml tags gives, each
formatted as PREFIX + the path upper-cased with `.` made `_` (livekit's generated CLI flags)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CONFIG = """
package config

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/urfave/cli/v3"
)

type Config struct {
	Port    uint32     `yaml:"port,omitempty"`
	KeyFile string     `yaml:"key_file,omitempty"`
	Turn    TURNConfig `yaml:"turn,omitempty"`
	Skipped string     `yaml:"-"`
}

type TURNConfig struct {
	Enabled bool   `yaml:"enabled,omitempty"`
	Domain  string `yaml:"domain,omitempty"`
}

var DefaultConfig = Config{
	Port: 7880,
	Turn: TURNConfig{Enabled: false},
}

type configNode struct {
	TypeNode  reflect.Value
	TagPrefix string
}

func (conf *Config) ToCLIFlagNames() map[string]reflect.Value {
	flagNames := map[string]reflect.Value{}
	nodes := []configNode{{reflect.ValueOf(conf).Elem(), ""}}
	for len(nodes) > 0 {
		var currNode configNode
		currNode, nodes = nodes[0], nodes[1:]
		for i := 0; i < currNode.TypeNode.NumField(); i++ {
			field := currNode.TypeNode.Type().Field(i)
			yamlTag := strings.SplitN(field.Tag.Get("yaml"), ",", 2)[0]
			if yamlTag == "" || yamlTag == "-" {
				continue
			}
			yamlPath := yamlTag
			if currNode.TagPrefix != "" {
				yamlPath = fmt.Sprintf("%s.%s", currNode.TagPrefix, yamlTag)
			}
			value := currNode.TypeNode.Field(i)
			if value.Kind() == reflect.Struct {
				nodes = append(nodes, configNode{value, yamlPath})
			} else {
				flagNames[yamlPath] = value
			}
		}
	}
	return flagNames
}

func GenerateCLIFlags() []cli.Flag {
	defaultConfig := &DefaultConfig
	flags := make([]cli.Flag, 0)
	for name := range (defaultConfig).ToCLIFlagNames() {
		envVar := fmt.Sprintf("LIVEKIT_%s", strings.ToUpper(strings.ReplaceAll(name, ".", "_")))
		flags = append(flags, &cli.StringFlag{Name: name, Sources: cli.EnvVars(envVar)})
	}
	return flags
}
"""


def test_each_tagged_leaf_is_a_variable(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.com/lk\n", "pkg/config/config.go": CONFIG})
    assert found["LIVEKIT_PORT"].default == "7880"
    assert "LIVEKIT_KEY_FILE" in found
    assert found["LIVEKIT_TURN_ENABLED"].default == "false"
    assert "LIVEKIT_TURN_DOMAIN" in found
    assert "LIVEKIT_TURN" not in found  # a struct: walked into, not a value
    assert "LIVEKIT_SKIPPED" not in found
