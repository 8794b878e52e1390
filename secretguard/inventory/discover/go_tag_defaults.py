"""Defaults of viper keys given by the `default:"..."` tag of the struct field the key unmarshals into, when
the project fills such tags (creasty/defaults' `defaults.Set(cfg)`, mcuadros/go-defaults) before viper's
Unmarshal:

    type ConfigFile struct {
        PostgresHost string `mapstructure:"host" default:"127.0.0.1"`
        Runtime ConfigFileRuntime `mapstructure:"runtime"`
    }
    type ConfigFileRuntime struct {
        Port int `mapstructure:"port" default:"8080"`
        Limits limits.LimitConfigFile `mapstructure:"limits"`      // a struct of another package
    }
    func BindAllEnv(v *viper.Viper) {
        _ = v.BindEnv("host", "DATABASE_POSTGRES_HOST")              // default 127.0.0.1
        _ = v.BindEnv("runtime.port", "SERVER_PORT")                 // default 8080
    }

The key's dotted parts are followed from a struct of the binding file (else of its package) through fields
matched by their `mapstructure` name (or, without one, the field's name, as mapstructure does, in any
case), into nested, inline and other packages' struct types; squashed embedded structs are searched in
place. A key reaching one field with a tag gives its default; several roots disagreeing give none.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from secretguard.inventory.discover.go_structs import Field, Struct, StructParser
from secretguard.inventory.discover.lexer import Token, is_id, is_op

# Libraries filling `default:` tags into a struct.
TRIGGERS = ("github.com/creasty/defaults", "github.com/mcuadros/go-defaults")
_MAX_DEPTH = 8

FileTokens = Callable[[str], tuple[list[Token], dict[int, int]]]


class TagDefaults:
    def __init__(
        self,
        texts: dict[str, str],
        file_tokens: FileTokens,
        package_folders: Callable[[str], list[str]],
    ) -> None:
        self._texts = texts
        self._file_tokens = file_tokens
        self._package_folders = package_folders
        self._by_file: dict[str, dict[str, Struct]] = {}
        self._by_folder: dict[str, dict[str, Struct]] = {}
        self.active = any(t in text for text in texts.values() for t in TRIGGERS)

    def default(self, file: str, key: str) -> str | None:
        """The `default:` tag of the field `key` reaches from the binding file's structs (else its
        package's)."""
        if not self.active:
            return None
        parts = [p.lower() for p in key.split(".") if p]
        if not parts:
            return None
        folder = posixpath.dirname(file)
        for roots in (self._structs_of(file), self._folder(folder)):
            found = {
                value
                for struct in roots.values()
                if (value := self._walk(struct, parts, folder, 0)) is not None
            }
            if found:
                return found.pop() if len(found) == 1 else None
        return None

    def _walk(self, struct: Struct, parts: list[str], folder: str, depth: int) -> str | None:
        if depth > _MAX_DEPTH:
            return None
        for field in struct.fields:
            squash = field.name is None or "squash" in field.tags.get("mapstructure", "")
            if squash:  # an embedded struct's fields are the outer struct's
                inner = self._type_of(field, folder)
                if inner is not None:
                    found = self._walk(inner[0], parts, inner[1], depth + 1)
                    if found is not None:
                        return found
                continue
            if _key_name(field) != parts[0]:
                continue
            if len(parts) == 1:
                value = field.tags.get("default")
                # a slice's or map's JSON (`default:"[\"openid\"]"`) is no value a variable spells
                return None if value is None or value.startswith(("[", "{")) else value
            inner = self._type_of(field, folder)
            return None if inner is None else self._walk(inner[0], parts[1:], inner[1], depth + 1)
        return None

    def _type_of(self, field: Field, folder: str) -> tuple[Struct, str] | None:
        """The struct a field holds, and the folder its type is declared in."""
        if field.inline is not None:
            return field.inline, folder
        if field.type_name is not None:
            found = self._folder(folder).get(field.type_name)
            return (found, folder) if found is not None else None
        if field.qualified is not None:
            qualifier, name = field.qualified
            for other in self._package_folders(qualifier):
                found = self._folder(other).get(name)
                if found is not None:
                    return found, other
        return None

    def _folder(self, folder: str) -> dict[str, Struct]:
        if folder not in self._by_folder:
            merged: dict[str, Struct] = {}
            for file in sorted(self._texts):
                if posixpath.dirname(file) == folder and file.endswith(".go"):
                    merged.update(self._structs_of(file))
            self._by_folder[folder] = merged
        return self._by_folder[folder]

    def _structs_of(self, file: str) -> dict[str, Struct]:
        """The struct types a file declares (`type X struct {...}`), when it has any tagged with mapstructure
        or default."""
        if file not in self._by_file:
            text = self._texts.get(file, "")
            found: dict[str, Struct] = {}
            if "struct" in text and ("mapstructure:" in text or "default:" in text):
                tokens, match = self._file_tokens(file)
                parser = StructParser(tokens, match, file)
                for i in range(len(tokens) - 3):
                    if (
                        is_id(tokens, i, "type")
                        and is_id(tokens, i + 1)
                        and is_id(tokens, i + 2, "struct")
                        and is_op(tokens, i + 3, "{")
                    ):
                        found[tokens[i + 1].text] = parser.body(tokens[i + 1].text, i + 3)
            self._by_file[file] = found
        return self._by_file[file]


def _key_name(field: Field) -> str:
    tag = field.tags.get("mapstructure", "").split(",", 1)[0]
    return (tag or field.name or "").lower()
