"""Loading and validating rules: our YAML format, and gitleaks TOML configs for teams that bring theirs."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import re2
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from secretguard.errors import RuleError
from secretguard.safe_read import RefusedInput, read_text_file
from secretguard.scan.regexes import compile_quiet, problem, rejection
from secretguard.scan.rule_set import capture_groups, check_unique, merge

# check_unique and merge live in rule_set.py (no pydantic: the cached rules use them too), named here as well.
__all__ = [
    "MAX_RULE_FILE_BYTES",
    "SEVERITY_ORDER",
    "Allowlist",
    "Examples",
    "Exposure",
    "GitleaksConfig",
    "Rule",
    "Severity",
    "builtin_rules",
    "check_unique",
    "load_gitleaks_toml",
    "load_yaml_rules",
    "merge",
    "parse_rules",
]

Severity = Literal["critical", "high", "medium", "low"]
Exposure = Literal["server-only", "client-safe"]
SEVERITY_ORDER: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}
# A user's rule file or gitleaks config is read as a regular file of at most this size (never a FIFO, which
# would hang the scan, or a device): the largest real ones are a few hundred KiB.
MAX_RULE_FILE_BYTES = 16 * 1024 * 1024


class Allowlist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regexes: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()

    @field_validator("regexes", "paths")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return _check_each(patterns)


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()


class Rule(BaseModel):
    """One detection rule. See rules/README.md for the meaning of each field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    provider: str
    severity: Severity
    exposure: Exposure = "server-only"
    playbook: str = "generic-api-key"
    keywords: tuple[str, ...] = ()
    regex: str
    # Optional cheaper pattern for the Hyperscan pass (a superset of `regex` on the same line, or within the
    # multiline window): broad rules without a literal anchor slow the combined database for every rule.
    prefilter: str | None = None
    # Which capture group holds the secret; a list means "the first of these that matched".
    secret_group: int | list[int] | None = None
    # Generic rules: the group holding the assigned name, judged together with the value.
    name_group: int | None = None
    # Generic rules: the group holding a user name; a secret equal to it (postgres:postgres) is not reported.
    user_group: int | None = None
    # Drop values that are common stand-ins (`password`, `admin`, `changeme`...): for free-form rules.
    weak_words: bool = False
    # Extra judgement in Python for rules whose regex cannot tell a credential from code on its own.
    judge: Literal["assignment", "entropy", "value"] | None = None
    entropy: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    validator: Literal["github-checksum", "jwt", "luhn", "pem", "basic-auth", "base64-text"] | None = None
    allowlist: Allowlist = Allowlist()
    paths: tuple[str, ...] = ()
    multiline: bool = False
    # The detect-secrets heuristics (templated value, indirect reference, id-like names) suit rules that
    # take any value after a keyword; provider rules with a fixed shape do not need them.
    heuristics: bool = False
    examples: Examples = Examples()
    # The file name the examples are scanned under (rules bound to `paths` need a matching one).
    example_path: str = "example.txt"
    # Overrides the confidence the engine derives from the match's evidence (see scan/confidence.py).
    confidence: Literal["high", "medium", "low"] | None = None
    # Not applied to minified or bundled content (long lines of generated code): rules that judge a value by
    # its randomness alone drown in string tables there.
    skip_minified: bool = False
    # Reported only when the assigned name says credential or a credential word is on the line.
    needs_credential_context: bool = False
    # Rule ids of the other half of a credential (an access key id for its secret): both found close together
    # in one chunk is evidence of a real pair, which raises the finding a level.
    pairs_with: tuple[str, ...] = ()
    # Breaks ties between generic rules that report the same secret: the higher, more specific one wins.
    priority: int = 0
    # Where the rule came from, for error messages ("rules/cloud.yaml", "gitleaks.toml").
    origin: str = ""

    @field_validator("keywords")
    @classmethod
    def _lower(cls, keywords: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(k.lower() for k in keywords if k)

    # Capture-group count of `regex`, set once by validation (compiling ~300 rules twice costs ~100 ms).
    _group_count: int = PrivateAttr(default=0)

    @field_validator("prefilter")
    @classmethod
    def _prefilter_compiles(cls, prefilter: str | None) -> str | None:
        if prefilter is not None:
            _check_re2(prefilter)
        return prefilter

    @field_validator("paths")
    @classmethod
    def _paths_compile(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return _check_each(patterns)

    @model_validator(mode="after")
    def _groups_exist(self) -> Rule:
        try:
            groups = compile_quiet(self.regex).groups
        except re2.error as exc:
            raise ValueError(f"invalid regex: {rejection(exc)}") from None
        self._group_count = groups
        named = [*self.groups, self.name_group or 0, self.user_group or 0]
        if any(g > groups for g in named):
            raise ValueError(
                f"a group number in secret_group/name_group/user_group exceeds the regex's {groups}"
            )
        if self.judge == "assignment" and self.name_group is None:
            raise ValueError("judge: assignment needs name_group")
        return self

    @property
    def groups(self) -> tuple[int, ...]:
        """Capture groups that may hold the secret, in order of preference."""
        return capture_groups(self.secret_group, self._group_count)


def _check_re2(pattern: str) -> None:
    # The message names what is wrong, never the pattern: the caller names the rule and the field.
    reason = problem(pattern)
    if reason is not None:
        raise ValueError(f"invalid regex: {reason}")


def _check_each(patterns: tuple[str, ...]) -> tuple[str, ...]:
    for number, pattern in enumerate(patterns, start=1):
        reason = problem(pattern)
        if reason is not None:
            raise ValueError(f"invalid regex (entry {number}): {reason}")
    return patterns


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "rule"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def _fail(message: str, problems: list[str] | None) -> None:
    """Strict loading (built-in rules) raises; lenient loading (user files) records and goes on."""
    if problems is None:
        raise RuleError(message, hint="see rules/README.md")
    problems.append(message)


def parse_rules(raw: Any, origin: str, problems: list[str] | None = None) -> list[Rule]:
    """Validate the `rules:` list of one YAML document. With `problems`, a bad rule is recorded there and
    skipped, so one broken custom rule does not stop the scan."""
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        _fail(f"{origin}: expected a mapping with a 'rules:' list", problems)
        return []
    rules = []
    for index, item in enumerate(raw["rules"]):
        if not isinstance(item, dict):
            _fail(f"{origin}: rule #{index + 1} is not a mapping", problems)
            continue
        try:
            rules.append(Rule.model_validate({**item, "origin": origin}))
        except ValidationError as exc:
            name = item.get("id", f"#{index + 1}")
            _fail(f"{origin}: rule {name}: {_describe(exc)}", problems)
    return rules


def _yaml() -> tuple[ModuleType, type[Any]]:
    """PyYAML and the loader rule files are read with, imported on first use: a run whose rules come from
    the cache (scan/rule_cache.py) never parses YAML. libyaml's parser is ~10x faster than the pure-Python
    one; both are the safe loader (merge keys bounded)."""
    import yaml  # noqa: PLC0415 - lazy: cached rules never parse YAML

    from secretguard import safe_yaml  # noqa: PLC0415

    return yaml, safe_yaml.CSafeLoader


def load_yaml_rules(path: Path, problems: list[str] | None = None) -> list[Rule]:
    yaml, loader = _yaml()
    try:
        text = read_text_file(path, roots=None, max_bytes=MAX_RULE_FILE_BYTES)
        raw = yaml.load(text, Loader=loader)  # the safe loader (_yaml)
    except RefusedInput as exc:
        _fail(f"cannot read rule file {path}: {exc.reason}", problems)
        return []
    except OSError as exc:
        _fail(f"cannot read rule file {path}: {exc.strerror or exc}", problems)
        return []
    except UnicodeDecodeError:
        _fail(f"rule file {path} is not UTF-8 text", problems)
        return []
    except yaml.YAMLError as exc:
        _fail(f"rule file {path} is not valid YAML: {exc}", problems)
        return []
    except RecursionError:  # the loader recurses once per nested list or mapping
        _fail(f"rule file {path} is not valid YAML: nested too deeply", problems)
        return []
    except ValueError as exc:  # an integer past Python's digit limit, a date out of range, a NUL in the path
        _fail(f"cannot load rule file {path}: {exc}", problems)
        return []
    return parse_rules(raw, str(path), problems)


def builtin_rules() -> list[Rule]:
    """The rules shipped with secretguard (rules/*.yaml, installed as package data)."""
    yaml, loader = _yaml()
    folder = resources.files("secretguard") / "rules"
    rules: list[Rule] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            origin = f"rules/{entry.name}"
            try:
                raw = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader)  # the safe loader
            except yaml.YAMLError as exc:
                raise RuleError(f"built-in {origin} is not valid YAML: {exc}") from exc
            rules.extend(parse_rules(raw, origin))
    return rules


# --- gitleaks TOML ---------------------------------------------------------------------------------------


class GitleaksConfig(BaseModel):
    """What we take from a gitleaks config: its rules and its global allowlist."""

    rules: list[Rule]
    allow_regexes: tuple[str, ...] = ()
    allow_paths: tuple[str, ...] = ()
    allow_stopwords: tuple[str, ...] = ()


def _gitleaks_allowlists(section: dict[str, Any]) -> list[dict[str, Any]]:
    # gitleaks accepts a single [allowlist] table and, since 8.21, an [[allowlists]] array.
    found: list[dict[str, Any]] = []
    if isinstance(section.get("allowlist"), dict):
        found.append(section["allowlist"])
    if isinstance(section.get("allowlists"), list):
        found.extend(a for a in section["allowlists"] if isinstance(a, dict))
    return found


def _translate_gitleaks_regex(pattern: str) -> str:
    # Go RE2 and our RE2 agree; only the `(?i)` placement and `\z` differences matter in practice.
    return pattern.replace(r"\z", "$")


def load_gitleaks_toml(path: Path, problems: list[str] | None = None, _depth: int = 0) -> GitleaksConfig:
    """Translate a gitleaks config. `[extend] path` is followed (a few levels), `disabledRules` honoured;
    our own built-in rules stay active either way (`useDefault` refers to gitleaks' defaults, which we do
    not ship: set `builtin_rules = false` to scan with the imported rules alone)."""
    empty = GitleaksConfig(rules=[])
    try:
        raw = tomllib.loads(read_text_file(path, roots=None, max_bytes=MAX_RULE_FILE_BYTES))
    except RefusedInput as exc:
        _fail(f"cannot read gitleaks config {path}: {exc.reason}", problems)
        return empty
    except OSError as exc:
        _fail(f"cannot read gitleaks config {path}: {exc.strerror or exc}", problems)
        return empty
    # ValueError: an integer past Python's digit limit, or a NUL in an `[extend] path`.
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError) as exc:
        _fail(f"gitleaks config {path} is not valid TOML: {exc}", problems)
        return empty
    except RecursionError:  # tomllib recurses once per nested array or inline table
        _fail(f"gitleaks config {path} is not valid TOML: nested too deeply", problems)
        return empty
    rules: list[Rule] = []
    for index, item in enumerate(_strings_or_tables(raw.get("rules", []), f"{path}: rules", problems)):
        name = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
        if not isinstance(item, dict) or "regex" not in item:
            # A path-only gitleaks rule flags files by name; there is no secret to report from it.
            continue
        if not isinstance(item["regex"], str):
            _fail(f"{path}: rule {name}: regex is not a string", problems)
            continue
        allow_regexes: list[str] = []
        allow_paths: list[str] = []
        stopwords: list[str] = []
        where = f"{path}: rule {name}: allowlist"
        for allow in _gitleaks_allowlists(item):
            allow_regexes += _strings(allow.get("regexes", []), f"{where} regexes", problems)
            allow_paths += _strings(allow.get("paths", []), f"{where} paths", problems)
            stopwords += _strings(allow.get("stopwords", []), f"{where} stopwords", problems)
        data = {
            "id": f"custom.{name}".lower().replace(" ", "-"),
            "title": item.get("description", name),
            "provider": "custom",
            "severity": "high",
            "keywords": item.get("keywords", []),
            "regex": _translate_gitleaks_regex(item["regex"]),
            "secret_group": item.get("secretGroup") or None,
            "entropy": item.get("entropy") or None,
            "allowlist": {"regexes": allow_regexes, "paths": allow_paths, "stopwords": stopwords},
            "paths": [item["path"]] if item.get("path") else [],
            "origin": str(path),
        }
        try:
            rules.append(Rule.model_validate(data))
        except ValidationError as exc:
            _fail(f"{path}: rule {name}: {_describe(exc)}", problems)
    regexes: list[str] = []
    paths: list[str] = []
    stopwords_all: list[str] = []
    for allow in _gitleaks_allowlists(raw):
        for pattern in _strings(allow.get("regexes", []), f"{path}: [allowlist] regexes", problems):
            if _valid_regex(pattern, f"{path}: [allowlist] regexes", problems):
                regexes.append(pattern)
        for pattern in _strings(allow.get("paths", []), f"{path}: [allowlist] paths", problems):
            if _valid_regex(pattern, f"{path}: [allowlist] paths", problems):
                paths.append(pattern)
        stopwords_all += _strings(allow.get("stopwords", []), f"{path}: [allowlist] stopwords", problems)
    config = GitleaksConfig(
        rules=rules,
        allow_regexes=tuple(regexes),
        allow_paths=tuple(paths),
        allow_stopwords=tuple(stopwords_all),
    )
    extend = raw.get("extend", {}) if isinstance(raw.get("extend"), dict) else {}
    if extend.get("path") and _depth < 3:
        base = load_gitleaks_toml((path.parent / str(extend["path"])), problems, _depth + 1)
        config = GitleaksConfig(
            rules=merge(base.rules, config.rules),
            allow_regexes=base.allow_regexes + config.allow_regexes,
            allow_paths=base.allow_paths + config.allow_paths,
            allow_stopwords=base.allow_stopwords + config.allow_stopwords,
        )
    disabled = {
        f"custom.{d}".lower()
        for d in _strings(extend.get("disabledRules", []), f"{path}: [extend] disabledRules", problems)
    }
    if disabled:
        config.rules = [r for r in config.rules if r.id not in disabled]
    return config


def _strings(value: object, where: str, problems: list[str] | None) -> list[str]:
    """A TOML array of strings; anything else is a problem (never quoted: it may be a secret), and nothing."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    _fail(f"{where}: expected an array of strings", problems)
    return []


def _strings_or_tables(value: object, where: str, problems: list[str] | None) -> list[Any]:
    """`[[rules]]`: an array (its items are checked one by one); anything else is a problem, and nothing."""
    if isinstance(value, list):
        return value
    _fail(f"{where}: expected an array of tables", problems)
    return []


def _valid_regex(pattern: str, where: str, problems: list[str] | None) -> bool:
    try:
        _check_re2(pattern)
    except ValueError as exc:
        _fail(f"{where}: {exc}", problems)
        return False
    return True
