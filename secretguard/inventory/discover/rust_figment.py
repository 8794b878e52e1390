"""Rust: figment's environment provider over a serde configuration struct.

    Figment::from(Serialized::defaults(ConfigurationBuilder::default().private_build().unwrap()))
        .merge(Env::prefixed("LLDAP_").split("__"));
    let config: Configuration = figment_config.extract()?;

    pub struct Configuration {
        #[builder(default = "3890")]
        pub ldap_port: u16,                     // LLDAP_LDAP_PORT, default "3890"
        #[builder(default)]
        pub smtp_options: MailOptions,          // LLDAP_SMTP_OPTIONS__PORT, ... (`split("__")` nests)
    }

Each field of the extracted struct is a variable: the prefix and the field's name upper-cased, a nested
struct's fields joined by the split separator. A derive_builder default written as a literal, or as a call
wrapping one (`String::from("cert.pem")`, `"localhost".to_string()`), is the default; `#[serde(skip)]`
fields are none. A `bool` field is a switch, a `SecUtf8` one a credential; behind figment's `FileAdapter`, a
credential may also come from the file `X_FILE` names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import FILE_SOURCE, Read, is_env_name, secret_by_name
from secretguard.inventory.discover.lexer import text_brace_close

SOURCE = "rust-figment"
_PROVIDER = re.compile(r"Env::prefixed\(\s*\"([A-Za-z0-9_]*)\"\s*\)(\s*\.split\(\s*\"([^\"]+)\"\s*\))?")
_EXTRACTED = re.compile(r":\s*(\w+)\s*=\s*[\w.]+\.extract\(\)|\.extract::<\s*(\w+)\s*>\(\)")
_STRUCT = re.compile(r"(?m)^\s*pub\s+struct\s+(\w+)\s*\{")
_FIELD = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?([a-z_][a-z0-9_]*)\s*:\s*([^,]+),?\s*$")
_DEFAULT = re.compile(r"#\[builder\([^\]]*\bdefault\s*=\s*(?:r#\"(.*?)\"#|\"((?:[^\"\\]|\\.)*)\")")
_STRING = re.compile(r"\"([^\"\\]*)\"")
_MAX_DEPTH = 6
_SECRET_TYPES = frozenset({"SecUtf8", "SecretString", "Secret", "SecretBox", "Password"})


@dataclass
class FigmentProject:
    # (file, prefix, separator, wrapped by FileAdapter: `X_FILE` names a file holding X)
    providers: list[tuple[str, str, str, bool]] = field(default_factory=list)
    extracted: set[str] = field(default_factory=set)  # the types figment extracts
    structs: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # name -> (file, body, first line)

    def add(self, text: str, file: str) -> None:
        if "struct" in text:
            for m in _STRUCT.finditer(text):
                end = text_brace_close(text, m.end() - 1)
                self.structs.setdefault(
                    m.group(1), (file, text[m.end() : end], text.count("\n", 0, m.end()) + 1)
                )
        if "Env::prefixed" in text:
            for m in _PROVIDER.finditer(text):
                line_start = text.rfind("\n", 0, m.start()) + 1
                wrapped = "FileAdapter::wrap(" in text[line_start : m.start()]
                self.providers.append((file, m.group(1), m.group(3) or "", wrapped))
            self.extracted |= {m.group(1) or m.group(2) for m in _EXTRACTED.finditer(text)}

    def finish(self) -> list[Read]:
        out: list[Read] = []
        for _, prefix, separator, wrapped in self.providers:
            for root in sorted(self.extracted & set(self.structs)):
                found = self._walk(root, prefix, separator, (), 0)
                out.extend(found)
                if wrapped:  # figment_file_provider_adapter: a credential may come from the file X_FILE names
                    credentials = [r for r in found if _credential(r)]
                    out.extend(Read(r.name + "_FILE", r.file, r.line, True, FILE_SOURCE) for r in credentials)
        return out

    def _walk(self, name: str, prefix: str, separator: str, path: tuple[str, ...], depth: int) -> list[Read]:
        if depth > _MAX_DEPTH or name not in self.structs:
            return []
        file, body, first = self.structs[name]
        out: list[Read] = []
        attributes: list[str] = []
        for offset, line in enumerate(body.splitlines()):
            stripped = line.strip()
            if stripped.startswith("#["):
                attributes.append(stripped)
                continue
            found = _FIELD.match(line)
            if found is None:
                if stripped and not stripped.startswith("//"):
                    attributes = []
                continue
            skipped = any("serde(skip" in a for a in attributes)
            kind = found.group(2).strip()
            optional_type = kind.startswith("Option<")
            inner = kind[len("Option<") : -1].strip() if optional_type and kind.endswith(">") else kind
            key = found.group(1).upper()
            if not skipped and inner in self.structs and separator:
                out.extend(self._walk(inner, prefix, separator, (*path, key), depth + 1))
            elif not skipped:
                default = _default(attributes)
                variable = prefix + separator.join((*path, key)) if separator else prefix + key
                builder_default = any(re.search(r"builder\([^)]*\bdefault\b", a) for a in attributes)
                if is_env_name(variable):
                    optional = default is not None or optional_type or builder_default
                    read = Read(variable, file, first + offset, optional, SOURCE, default=default)
                    # a `bool` field is a switch; a `SecUtf8` field holds a credential
                    out.append(replace(read, boolean_use=inner == "bool", secret_hint=inner in _SECRET_TYPES))
            attributes = []
        return out


def _credential(read: Read) -> bool:
    return read.secret_hint or (secret_by_name(read.name) and not read.boolean_use)


def _default(attributes: list[str]) -> str | None:
    """The literal a `#[builder(default = "...")]` expression gives: `3890`, `false`, `String::from("x")`,
    `"x".to_string()`, a call wrapping one string literal; None for anything else (an enum, `None`)."""
    for attribute in attributes:
        found = _DEFAULT.search(attribute)
        if found is None:
            continue
        expr = (found.group(1) if found.group(1) is not None else found.group(2).replace('\\"', '"')).strip()
        if re.fullmatch(r"-?\d+(?:\.\d+)?|true|false", expr):
            return expr
        strings = _STRING.findall(expr)
        if len(strings) == 1 and not re.search(r"[+*/]|::\s*[A-Z]\w*\s*$", _STRING.sub('""', expr)):
            return strings[0] or None
        return None
    return None
