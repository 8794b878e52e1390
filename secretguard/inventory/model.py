"""The inventory file (`secretguard.inventory.yaml`): its schema, loading with errors that name the key, and
saving.

Loading never echoes a value from the file in an error: pydantic's messages quote the offending input, and a
person may have pasted a secret where a name belongs, so errors are rebuilt from the location and the kind of
problem only.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    ValidationError,
    field_validator,
    model_validator,
)

from secretguard import safe_yaml
from secretguard.errors import SecretGuardError
from secretguard.safe_read import RefusedInput, read_regular_file, read_text_file
from secretguard.scan.context import name_words

INVENTORY_FILE = "secretguard.inventory.yaml"
STORE_KINDS = ("vault", "ssm", "secretsmanager", "dotenv", "environ")
# Prefixes that bundlers inline into client code: a variable named so ends up in every visitor's browser.
PUBLIC_PREFIXES = (
    "NEXT_PUBLIC_",
    "NUXT_PUBLIC_",
    "NUXT_ENV_",
    "VITE_",
    "REACT_APP_",
    "VUE_APP_",
    "EXPO_PUBLIC_",
    "GATSBY_",
    "PUBLIC_",
    "STORYBOOK_",
    "NX_PUBLIC_",
    "SANITY_STUDIO_",
)


class InventoryError(SecretGuardError):
    """The inventory file is missing, unreadable or invalid."""


def has_public_prefix(name: str) -> str | None:
    upper = name.upper()
    return next((p for p in PUBLIC_PREFIXES if upper.startswith(p)), None)


# Identifier names: `*_KEY_ID`, `*_ACCESS_KEY_ID`, `*_CLIENT_ID`, `*_APP_ID`, publishable keys.
_ID_PAIRS = {
    "key": "a key id",
    "client": "a client id",
    "app": "an application id",
    "application": "an application id",
}
_ID_WORDS = {
    "keyid": "a key id",
    "accesskeyid": "an access key id",
    "clientid": "a client id",
    "appid": "an application id",
}
_SECRET_WORD_STARTS = ("secret", "passw", "token", "privatekey", "apikey")


def identifier_kind(name: str) -> str | None:
    """What identifier a variable's name says it holds (`AWS_ACCESS_KEY_ID`: an access key id), or None.

    An identifier names a key, an account or an application without granting anything by itself, so it is
    not a secret, even where it is kept with one (`secrets.AWS_ACCESS_KEY_ID`, a Kubernetes Secret): no
    `insecure_storage`, `weak` or reuse judgement applies to it. A name that also says secret, password or
    token (`CLIENT_SECRET`, `SECRET_ID` of a Vault AppRole) is never one.
    """
    words = name_words(name)
    if not words or any(w.startswith(_SECRET_WORD_STARTS) for w in words):
        return None
    if "publishable" in words:
        return "a publishable key"
    last = words[-1]
    if last in _ID_WORDS:
        return _ID_WORDS[last]
    if last == "sid" and len(words) >= 2:
        return "a service id"  # Twilio's and Exotel's `*_ACCOUNT_SID`, `TWILIO_API_KEY_SID`: the key's name
    if last in ("id", "ids") and len(words) >= 2 and words[-2] in _ID_PAIRS:
        if words[-2] == "key" and len(words) >= 3 and words[-3] == "access":
            return "an access key id"
        return _ID_PAIRS[words[-2]]
    return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- connections -------------------------------------------------------------------------------------------


class VaultAuth(_Strict):
    """How to log in. Credentials themselves never go in the file: only the names of the variables that hold
    them."""

    method: Literal["token", "approle"] = "token"
    token_env: str = "VAULT_TOKEN"  # noqa: S105 - the name of a variable, not a token
    role_id_env: str = "VAULT_ROLE_ID"
    secret_id_env: str = "VAULT_SECRET_ID"  # noqa: S105
    mount: str = "approle"


class VaultConnection(_Strict):
    addr: str | None = None  # default: VAULT_ADDR
    namespace: str | None = None  # default: VAULT_NAMESPACE
    auth: VaultAuth | None = None
    verify: bool | str | None = None  # TLS verification, or a CA bundle path (default: VAULT_CACERT or on)
    timeout: float = 10.0


class AwsConnection(_Strict):
    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None  # default: AWS_ENDPOINT_URL (boto3 reads it itself)


class Connections(_Strict):
    vault: VaultConnection | None = None
    aws: AwsConnection | None = None


# --- store locations ---------------------------------------------------------------------------------------


class VaultLocation(VaultConnection):
    mount: str = "secret"
    path: str
    kv_version: Literal[1, 2] | None = None  # default: asked from sys/internal/ui/mounts/<mount>

    @field_validator("mount", "path")
    @classmethod
    def _trim(cls, value: str) -> str:
        value = value.strip("/")
        if not value:
            raise ValueError("must not be empty")
        return value


class SsmLocation(AwsConnection):
    path: str  # one parameter per variable: <path><NAME>

    @field_validator("path")
    @classmethod
    def _slash(cls, value: str) -> str:
        if not value.startswith("/"):
            value = "/" + value
        return value if value.endswith("/") else value + "/"


class SecretsManagerLocation(AwsConnection):
    secret_id: str  # one JSON object, a key per variable


class DotenvLocation(_Strict):
    file: str  # relative to the inventory file's folder


class EnvironLocation(_Strict):
    prefix: str = ""  # the variable NAME is read from <prefix>NAME


_SHORTHAND_FIELD = {"ssm": "path", "secretsmanager": "secret_id", "dotenv": "file", "environ": "prefix"}


class StoreSpec(_Strict):
    """One entry of `environments.<env>.stores`: exactly one of the kinds."""

    vault: VaultLocation | None = None
    ssm: SsmLocation | None = None
    secretsmanager: SecretsManagerLocation | None = None
    dotenv: DotenvLocation | None = None
    environ: EnvironLocation | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):  # `- environ`
            if data not in STORE_KINDS:  # not made a key: an error location would quote it
                raise ValueError(f"a store is one of {', '.join(STORE_KINDS)}")
            data = {data: {}}
        if not isinstance(data, dict):
            return data
        out: dict[str, Any] = {}
        for key, given in data.items():
            value: Any = given
            if given is None:  # `- environ:` or `- environ: {}`
                value = {}
            elif isinstance(given, str):  # `- ssm: /app/prod/`, `- vault: secret/app/prod`
                if key == "vault":
                    mount, _, path = given.strip("/").partition("/")
                    value = {"mount": mount, "path": path}
                elif key in _SHORTHAND_FIELD:
                    value = {_SHORTHAND_FIELD[key]: given}
            out[key] = value
        return out

    @model_validator(mode="after")
    def _exactly_one(self) -> StoreSpec:
        given = [k for k in STORE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a store needs exactly one of {', '.join(STORE_KINDS)} (got {len(given)})")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in STORE_KINDS if getattr(self, k) is not None)

    @property
    def location(
        self,
    ) -> VaultLocation | SsmLocation | SecretsManagerLocation | DotenvLocation | EnvironLocation:
        value = getattr(self, self.kind)
        assert value is not None
        return value  # type: ignore[no-any-return]

    def label(self) -> str:
        loc = self.location
        if isinstance(loc, VaultLocation):
            return f"vault:{loc.mount}/{loc.path}" + (f" (ns {loc.namespace})" if loc.namespace else "")
        if isinstance(loc, SsmLocation):
            return f"ssm:{loc.path}"
        if isinstance(loc, SecretsManagerLocation):
            return f"secretsmanager:{loc.secret_id}"
        if isinstance(loc, DotenvLocation):
            return f"dotenv:{loc.file}"
        return f"environ:{loc.prefix}" if loc.prefix else "environ"


class Environment(_Strict):
    stores: list[StoreSpec] = Field(default_factory=list)
    vault: VaultConnection | None = None
    aws: AwsConnection | None = None
    # Store keys never reported as `undeclared` (shell-style globs, e.g. "AWS_*").
    ignore_undeclared: list[str] = Field(default_factory=list)


# --- variables ---------------------------------------------------------------------------------------------


_FORMAT_FLAGS = ("url", "int", "bool", "integer", "boolean")  # the boolean fields, by alias or name


class FormatSpec(_Strict):
    """Expected shape of a value. Several checks may be combined; all must pass."""

    regex: str | None = None  # RE2 syntax, searched (anchor it with ^...$ for a full match)
    url: bool = False
    integer: bool = Field(default=False, alias="int")
    boolean: bool = Field(default=False, alias="bool")
    enum: list[str] | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):  # `format: url`
            if data not in _FORMAT_FLAGS:  # not made a key: an error location would quote it
                raise ValueError(f"a format is one of {', '.join(_FORMAT_FLAGS[:3])} or a mapping")
            return {data: True}
        return data

    @field_validator("regex")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            from secretguard.scan.regexes import problem  # noqa: PLC0415

            # Compiled without RE2's logging, and described without quoting the pattern (it may be a value).
            reason = problem(pattern)
            if reason is not None:
                raise ValueError(f"invalid RE2 regex: {reason}")
        return pattern


class VaultRef(_Strict):
    mount: str
    path: str
    key: str | None = None


class StorageRef(_Strict):
    """Where one variable lives in one environment, overriding the environment's store list.

    Accepted forms: `vault: secret/app/prod#KEY` (first segment is the mount) or `vault: {mount, path, key}`;
    `ssm: /full/parameter/name`; `secretsmanager: secret-id#json-key` (no `#`: the whole secret string);
    `dotenv: file#KEY`; `environ: NAME`. A plain string `kind:ref` is accepted too.
    """

    vault: VaultRef | None = None
    ssm: str | None = None
    secretsmanager: str | None = None
    dotenv: str | None = None
    environ: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            kind, sep, ref = data.partition(":")
            if not sep or kind not in STORE_KINDS:
                raise ValueError(f"expected `<kind>:<reference>` with kind one of {', '.join(STORE_KINDS)}")
            data = {kind: ref}
        if isinstance(data, dict) and isinstance(data.get("vault"), str):
            ref, _, key = data["vault"].partition("#")
            mount, _, path = ref.strip("/").partition("/")
            data = {**data, "vault": {"mount": mount, "path": path, "key": key or None}}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> StorageRef:
        given = [k for k in STORE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a storage reference needs exactly one of {', '.join(STORE_KINDS)}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in STORE_KINDS if getattr(self, k) is not None)


class Discovered(_Strict):
    """What discovery found last time (machine-written; rewritten on every `discover --write`)."""

    optional: bool = False
    secret: bool = False
    sources: list[str] = Field(default_factory=list)
    # The default the code falls back to (`os.getenv("LOG_LEVEL", "info")`), when one literal was found.
    # Never recorded for a secret.
    default: str | None = None


class RotationSpec(_Strict):
    """How `secretguard rotate` may replace this variable's value.

    `generate`: an app-generated secret (session, signing or webhook key) the tool may create itself;
    `aws-iam-access-key`: the secret half of an IAM access key pair, replaced through IAM and verified with
    STS; `manual` (the default): only the plan's steps, never automated.
    """

    kind: Literal["generate", "aws-iam-access-key", "manual"] = "manual"
    length: int = Field(default=48, ge=16, le=4096)  # generated characters
    alphabet: Literal["urlsafe", "hex", "alnum"] = "urlsafe"
    # generate: keep the old value under this key beside the new one (dual-key overlap: the app accepts
    # both while sessions or tokens signed with the old key expire, so rotation needs no downtime).
    previous: str | None = None
    key_id_variable: str | None = None  # IAM: the variable holding the access key id (default: sibling name)
    iam_user: str | None = None  # IAM: the key's user (default: asked from IAM by the old key id)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"kind": data} if isinstance(data, str) else data


class Variable(_Strict):
    name: str
    status: Literal["active", "vanished"] = "active"
    purpose: str = ""
    owner: str = ""
    secret: bool = False
    public: bool = False  # may be exposed to clients (a publishable key, a public URL)
    # true: every environment; false: none (optional everywhere); a list: those environments.
    required: bool | list[str] = True
    format: FormatSpec | None = None
    rotation_days: PositiveInt | None = None
    rotation: RotationSpec | None = None
    provider: str | None = None
    storage: dict[str, StorageRef] = Field(default_factory=dict)
    locations: list[str] = Field(default_factory=list)
    discovered: Discovered | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not name or any(ch.isspace() or ch in "=#" for ch in name) or len(name) > 256:
            raise ValueError(
                "a variable name must be non-empty, at most 256 characters, without spaces, = or #"
            )
        return name

    def required_in(self, environment: str) -> bool:
        if isinstance(self.required, bool):
            return self.required
        return environment in self.required

    @property
    def identifier(self) -> str | None:
        """The identifier its name says it holds (see `identifier_kind`), or None."""
        return identifier_kind(self.name)

    @property
    def holds_secret(self) -> bool:
        """Marked secret and not an identifier: what the check judges as a secret."""
        return self.secret and self.identifier is None

    @property
    def default(self) -> str | None:
        """The default discovery found in the code, if any (never one for a secret)."""
        if self.discovered is None or self.holds_secret:
            return None
        return self.discovered.default


class Inventory(_Strict):
    version: Literal[1] = 1
    connections: Connections = Field(default_factory=Connections)
    environments: dict[str, Environment] = Field(default_factory=dict)
    variables: list[Variable] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Inventory:
        seen: set[str] = set()
        for index, var in enumerate(self.variables):
            shown = var.name if name_shown(var.name) else f"#{index + 1}"
            if var.name in seen:
                raise ValueError(f"variable {shown} is declared twice")
            seen.add(var.name)
            if self.environments:
                named = [*var.storage, *(var.required if isinstance(var.required, list) else [])]
                missing = {e for e in named if e not in self.environments}
                unknown = sorted({e if name_shown(e) else "(a name not shown)" for e in missing})
                if unknown:
                    raise ValueError(f"variable {shown} names unknown environment(s): {', '.join(unknown)}")
        return self

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)


# --- loading and saving ------------------------------------------------------------------------------------


def name_shown(name: object) -> bool:
    """Whether an error may quote this name: it looks like a name, not like a value pasted in its place."""
    return (
        isinstance(name, str)
        and len(name) < 100
        and name[:1].isalpha()
        and all(c.isascii() and (c.isalnum() or c in "_.-") for c in name)
    )


def _describe(exc: ValidationError, data: Any) -> str:
    """Locations and messages only: never the input value pydantic would quote."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        parts: list[str] = []
        node = data
        for item in error["loc"]:
            if isinstance(item, int):
                name = (
                    node[item].get("name")
                    if isinstance(node, list) and item < len(node) and isinstance(node[item], dict)
                    else None
                )
                parts.append(f"[{item}]" + (f"({name})" if name_shown(name) else ""))
            else:
                parts.append(("." if parts else "") + str(item))
            try:
                node = node[item]
            except (KeyError, IndexError, TypeError):
                node = None
        message = error["msg"]
        if error["type"] in ("value_error", "assertion_error"):
            message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        lines.append(f"{''.join(parts) or '(top level)'}: {message}")
    return "; ".join(lines[:10]) + (f" (and {len(lines) - 10} more)" if len(lines) > 10 else "")


def parse_inventory(data: Any, source: str = INVENTORY_FILE) -> Inventory:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InventoryError(
            f"{source}: the inventory must be a mapping with `version`, `environments`, `variables`"
        )
    try:
        return Inventory.model_validate(data)
    except ValidationError as exc:
        raise InventoryError(f"{source}: invalid inventory: {_describe(exc, data)}") from None


# An inventory lists variables, not values: a few hundred KiB at most. Read as a regular file of at most this.
MAX_INVENTORY_BYTES = 16 * 1024 * 1024


def load_inventory(path: Path) -> Inventory:
    try:
        text = read_text_file(path, roots=None, max_bytes=MAX_INVENTORY_BYTES)
    except FileNotFoundError:
        raise InventoryError(
            f"inventory file {path} not found",
            hint="create it with `secretguard inventory discover PATH --write`",
        ) from None
    except RefusedInput as exc:
        raise InventoryError(f"cannot read inventory file {path}: {exc.reason}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InventoryError(f"cannot read inventory file {path}: {type(exc).__name__}") from None
    try:
        data = yaml.load(text, Loader=safe_yaml.SafeLoader)  # noqa: S506 - yaml.safe_load, merge keys bounded
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InventoryError(f"{path}: not valid YAML{where}") from None
    except RecursionError:  # the YAML parser recurses once per nested list or mapping
        raise InventoryError(f"{path}: not valid YAML: nested too deeply") from None
    except ValueError:  # an integer past Python's digit limit, a date such as 2024-13-01
        raise InventoryError(f"{path}: not valid YAML: a number or date out of range") from None
    return parse_inventory(data, str(path))


# The order of a variable's fields in the file. Every field of `Variable` is in it: one left out would be
# dropped on save (as `rotation` once was).
_LISTED_ORDER = (
    "name",
    "status",
    "purpose",
    "owner",
    "secret",
    "public",
    "required",
    "format",
    "rotation_days",
    "rotation",
    "provider",
    "storage",
    "locations",
    "discovered",
)
VARIABLE_ORDER = _LISTED_ORDER + tuple(f for f in Variable.model_fields if f not in _LISTED_ORDER)


def variable_data(var: Variable) -> dict[str, Any]:
    """One variable as a compact mapping for YAML, fields in `VARIABLE_ORDER`, defaults left out where they
    say nothing."""
    data = var.model_dump(mode="json", by_alias=True, exclude_none=True)
    if data.get("status") == "active":
        data.pop("status")
    if data.get("public") is False:
        data.pop("public")
    for key in ("storage", "locations"):
        if not data.get(key):
            data.pop(key, None)
    fmt = data.get("format")
    if isinstance(fmt, dict):
        data["format"] = {k: v for k, v in fmt.items() if v not in (False, None)}
    return {k: data[k] for k in VARIABLE_ORDER if k in data}


def inventory_to_data(inventory: Inventory) -> dict[str, Any]:
    """A compact, stable mapping for YAML: defaults left out where they say nothing."""
    data = inventory.model_dump(mode="json", by_alias=True, exclude_none=True)
    if not data.get("connections"):
        data.pop("connections", None)
    for env in data.get("environments", {}).values():
        if not env.get("ignore_undeclared"):
            env.pop("ignore_undeclared", None)
        for store in env.get("stores", []):
            for loc in store.values():
                if isinstance(loc, dict) and loc.get("timeout") == 10.0:
                    loc.pop("timeout")
    data["variables"] = [variable_data(var) for var in inventory.variables]
    return {"version": data["version"], **{k: v for k, v in data.items() if k != "version"}}


HEADER = (
    "# secretguard environment-variable inventory.\n"
    "# Edit purpose, owner, secret, required, format, rotation_days, rotation, provider, public and\n"
    "# storage freely, and comment anything: `secretguard inventory discover --write` only adds variables\n"
    "# (at the end of `variables`), marks vanished ones and refreshes `locations` and `discovered`; every\n"
    "# other line of this file is kept as it is.\n"
)


def dump_inventory(inventory: Inventory) -> str:
    """The inventory as a new file: the header, then every section."""
    body = yaml.safe_dump(inventory_to_data(inventory), sort_keys=False, allow_unicode=True, width=110)
    return HEADER + body


def render_inventory(inventory: Inventory, previous: str | None) -> tuple[str, bool]:
    """The file's new text, and whether it is `previous` edited in place (False: written afresh).

    Over an existing file, only what differs between the file's inventory and `inventory` is rewritten (see
    `roundtrip`): comments, field order, shorthands and fields this code does not know stay byte for byte.
    """
    if previous is None:
        return dump_inventory(inventory), False
    from secretguard.inventory import roundtrip  # noqa: PLC0415 - it imports this module

    text = roundtrip.update_text(previous, inventory)
    if text is None:
        return dump_inventory(inventory), False
    return text, True


def save_inventory(inventory: Inventory, path: Path) -> str | None:
    """Write atomically (a crash never leaves half an inventory behind), editing the existing file in place.

    Returns a note when an existing file could not be edited in place and was written afresh (its comments
    and layout lost, every field kept), None otherwise. The file's line endings (LF or CRLF) and permission
    bits are kept.
    """
    previous: str | None = None
    crlf = False
    mode: int | None = None
    try:
        raw = read_regular_file(path, roots=None, max_bytes=MAX_INVENTORY_BYTES)
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        pass
    except (OSError, RefusedInput):
        raise InventoryError(f"cannot read inventory file {path} before writing it") from None
    else:
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InventoryError(f"cannot read inventory file {path}: not UTF-8") from None
        crlf = "\r\n" in decoded and decoded.count("\r\n") == decoded.count("\n")
        previous = decoded.replace("\r\n", "\n").replace("\r", "\n")
    text, in_place = render_inventory(inventory, previous)
    if crlf:
        text = text.replace("\n", "\r\n")
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".inventory-", suffix=".yaml", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if mode is not None:
            Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except OSError as exc:
        raise InventoryError(f"cannot write inventory file {path}: {exc.strerror}") from None
    if previous is not None and not in_place:
        return (
            f"{path} could not be edited in place and was written afresh: every field is kept, but its "
            "comments and layout are not"
        )
    return None
