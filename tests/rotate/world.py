"""A production environment on the real test servers: an app-generated session secret in OpenBao KV v2, a
webhook signing key as an SSM SecureString, a cookie key in Secrets Manager, and an IAM user whose access
key pair lives in a Secrets Manager JSON secret (or in SSM, or in Vault). Plus the probes the tests use to
check the outcome from the servers' side, never from secretguard's own report.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secretguard.scan.finding import secret_hash
from tests.servers import Bao, Moto

ROTATE_SOURCE = Path(__file__).resolve().parents[2] / "secretguard" / "rotate"


@dataclass
class World:
    inventory: Path
    journal: Path
    uid: str
    bao: Bao
    moto: Moto
    iam_store: str  # secretsmanager, ssm or vault
    old_key_id: str
    old_key_secret: str
    old_values: dict[str, str]  # variable -> value before any rotation

    @property
    def user(self) -> str:
        return f"app-{self.uid}"

    @property
    def vault_path(self) -> str:
        return f"{self.uid}/prod"

    @property
    def ssm_path(self) -> str:
        return f"/{self.uid}/prod/"

    @property
    def sm_app(self) -> str:
        return f"{self.uid}/prod/app"

    @property
    def sm_aws(self) -> str:
        return f"{self.uid}/prod/aws"

    # --- probes --------------------------------------------------------------------------------------------

    def iam_keys(self) -> list[dict[str, Any]]:
        keys: list[dict[str, Any]] = self.moto.client("iam").list_access_keys(UserName=self.user)[
            "AccessKeyMetadata"
        ]
        return keys

    def stored_key_pair(self) -> tuple[str, str]:
        """The access key pair the store hands applications now."""
        if self.iam_store == "secretsmanager":
            text = self.moto.client("secretsmanager").get_secret_value(
                SecretId=self.sm_aws, VersionStage="AWSCURRENT"
            )["SecretString"]
            data = json.loads(text)
            return data["AWS_ACCESS_KEY_ID"], data["AWS_SECRET_ACCESS_KEY"]
        if self.iam_store == "ssm":
            ssm = self.moto.client("ssm")
            got = [
                ssm.get_parameter(Name=self.ssm_path + n, WithDecryption=True)["Parameter"]["Value"]
                for n in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
            ]
            return got[0], got[1]
        data = self.vault_data()
        return data["AWS_ACCESS_KEY_ID"], data["AWS_SECRET_ACCESS_KEY"]

    def identity(self, key_id: str, secret: str) -> str:
        arn: str = self.moto.client("sts", key=key_id, secret=secret).get_caller_identity()["Arn"]
        return arn

    def vault_data(self, version: int | None = None) -> dict[str, str]:
        response = self.bao.client().secrets.kv.v2.read_secret_version(
            path=self.vault_path, mount_point="secret", version=version, raise_on_deleted_version=True
        )
        return dict(response["data"]["data"])

    def vault_version(self) -> int:
        meta = self.bao.client().secrets.kv.v2.read_secret_metadata(
            path=self.vault_path, mount_point="secret"
        )
        return int(meta["data"]["current_version"])

    def ssm_parameter(self, name: str, version: int | None = None) -> dict[str, Any]:
        asked = f"{self.ssm_path}{name}" + (f":{version}" if version else "")
        found: dict[str, Any] = self.moto.client("ssm").get_parameter(Name=asked, WithDecryption=True)[
            "Parameter"
        ]
        return found

    def sm_stages(self, secret_id: str) -> dict[str, list[str]]:
        stages: dict[str, list[str]] = self.moto.client("secretsmanager").describe_secret(SecretId=secret_id)[
            "VersionIdsToStages"
        ]
        return stages

    def sm_current(self, secret_id: str) -> dict[str, str]:
        text = self.moto.client("secretsmanager").get_secret_value(
            SecretId=secret_id, VersionStage="AWSCURRENT"
        )["SecretString"]
        return dict(json.loads(text))

    def current_values(self) -> dict[str, str]:
        key_id, key_secret = self.stored_key_pair()
        return {
            "SESSION_SECRET": self.vault_data()["SESSION_SECRET"],
            "WEBHOOK_SIGNING_KEY": self.ssm_parameter("WEBHOOK_SIGNING_KEY")["Value"],
            "COOKIE_KEY": self.sm_current(self.sm_app)["COOKIE_KEY"],
            "AWS_ACCESS_KEY_ID": key_id,
            "AWS_SECRET_ACCESS_KEY": key_secret,
        }


def build_world(
    tmp_path: Path,
    bao: Bao,
    moto: Moto,
    uid: str,
    iam_store: str = "secretsmanager",
    ssm_params: dict[str, dict[str, Any]] | None = None,
    sm_kms_key: str | None = None,
) -> World:
    """Create the user, its key, the secrets in the three stores, and the inventory describing them.
    `ssm_params` gives a parameter's PutParameter arguments (Type, KeyId, Tier) by variable name;
    `sm_kms_key` the KMS key of the Secrets Manager secrets."""
    params = ssm_params or {}
    iam = moto.client("iam")
    user = f"app-{uid}"
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    key_id, key_secret = key["AccessKeyId"], key["SecretAccessKey"]
    session, webhook, cookie = (secrets.token_urlsafe(32) for _ in range(3))
    pair = {"AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": key_secret}
    vault_data = {"SESSION_SECRET": session, "DATABASE_HOST": "db.internal"}
    if iam_store == "vault":
        vault_data |= pair
    bao.client().secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/prod", secret=vault_data, mount_point="secret"
    )
    ssm = moto.client("ssm")
    ssm_values = {"WEBHOOK_SIGNING_KEY": webhook, **(pair if iam_store == "ssm" else {})}
    for name, value in ssm_values.items():
        args = {"Type": "SecureString", **params.get(name, {})}
        ssm.put_parameter(Name=f"/{uid}/prod/{name}", Value=value, **args)
    sm = moto.client("secretsmanager")
    kms = {"KmsKeyId": sm_kms_key} if sm_kms_key else {}
    sm.create_secret(
        Name=f"{uid}/prod/app", SecretString=json.dumps({"COOKIE_KEY": cookie, "REGION": "eu"}), **kms
    )
    if iam_store == "secretsmanager":
        sm.create_secret(Name=f"{uid}/prod/aws", SecretString=json.dumps(pair), **kms)
    inventory = tmp_path / "secretguard.inventory.yaml"
    stores = [
        {"vault": {"mount": "secret", "path": f"{uid}/prod", "kv_version": 2}},
        {"ssm": f"/{uid}/prod/"},
        {"secretsmanager": f"{uid}/prod/app"},
    ]
    if iam_store == "secretsmanager":
        stores.append({"secretsmanager": f"{uid}/prod/aws"})
    document = {
        "version": 1,
        "environments": {"production": {"stores": stores}},
        "variables": [
            {
                "name": "SESSION_SECRET",
                "secret": True,
                "owner": "web",
                "rotation": {"kind": "generate", "previous": "SESSION_SECRET_PREVIOUS"},
            },
            {
                "name": "WEBHOOK_SIGNING_KEY",
                "secret": True,
                "owner": "integrations",
                "rotation": {"kind": "generate", "length": 64, "alphabet": "hex"},
            },
            {
                "name": "COOKIE_KEY",
                "secret": True,
                "owner": "web",
                "rotation": {"kind": "generate", "previous": "COOKIE_KEY_PREVIOUS"},
            },
            {"name": "DATABASE_HOST", "owner": "platform"},
            {"name": "AWS_ACCESS_KEY_ID", "owner": "platform"},
            {"name": "AWS_SECRET_ACCESS_KEY", "secret": True, "owner": "platform"},
        ],
    }
    import yaml

    inventory.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return World(
        inventory=inventory,
        journal=tmp_path / "journal.jsonl",
        uid=uid,
        bao=bao,
        moto=moto,
        iam_store=iam_store,
        old_key_id=key_id,
        old_key_secret=key_secret,
        old_values={
            "SESSION_SECRET": session,
            "WEBHOOK_SIGNING_KEY": webhook,
            "COOKIE_KEY": cookie,
            **pair,
        },
    )


def hashes(values: dict[str, str]) -> dict[str, str]:
    return {k: secret_hash(v) for k, v in values.items()}


def set_rotation(world: World, variable: str, rotation: dict[str, Any]) -> None:
    """Change one variable's `rotation:` in the world's inventory."""
    import yaml

    document = yaml.safe_load(world.inventory.read_text(encoding="utf-8"))
    for entry in document["variables"]:
        if entry["name"] == variable:
            entry["rotation"] = rotation
    world.inventory.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
