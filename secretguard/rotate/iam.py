"""AWS IAM access keys: find the owner of a key, create, deactivate and delete keys, and prove a key works
with STS. Key ids are shown masked (`AKIA…WXYZ`, as the AWS console does) and matched by hash; the secret
half only ever passes through memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from secretguard.inventory.model import AwsConnection
from secretguard.inventory.stores.aws import AUTH_CODES, AwsClients, error_code
from secretguard.inventory.stores.aws import describe_error as describe_aws_error
from secretguard.inventory.stores.base import StoreError
from secretguard.rotate.store_writes import ConflictError, PlaceError
from secretguard.scan.finding import secret_hash


def mask_key_id(key_id: str) -> str:
    return f"{key_id[:4]}…{key_id[-4:]}" if len(key_id) > 8 else "…"


@dataclass(frozen=True, slots=True)
class AccessKey:
    key_id: str
    status: str  # Active or Inactive
    created: datetime | None

    @property
    def id_hash(self) -> str:
        return secret_hash(self.key_id)

    @property
    def masked(self) -> str:
        return mask_key_id(self.key_id)


class Iam:
    def __init__(self, conn: AwsConnection, clients: AwsClients) -> None:
        self.conn, self.clients = conn, clients

    def _call(self, what: str, call: Callable[[Any], Any]) -> Any:
        try:
            return call(self.clients.client("iam", self.conn))
        except StoreError as exc:
            raise PlaceError(exc.reason) from None
        except Exception as exc:  # noqa: BLE001 - described by code and status only
            raise PlaceError(describe_aws_error(exc, "IAM", what)) from None

    def owner(self, key_id: str) -> str:
        response = self._call(
            f"the owner of key {mask_key_id(key_id)}",
            lambda c: c.get_access_key_last_used(AccessKeyId=key_id),
        )
        user = response.get("UserName")
        if not user:
            raise PlaceError(
                f"IAM does not say which user owns key {mask_key_id(key_id)}",
                hint="name the user with `rotation: {kind: aws-iam-access-key, iam_user: NAME}`",
            )
        return str(user)

    def keys(self, user: str) -> list[AccessKey]:
        response = self._call(f"the access keys of {user}", lambda c: c.list_access_keys(UserName=user))
        return [
            AccessKey(str(k["AccessKeyId"]), str(k["Status"]), k.get("CreateDate"))
            for k in response.get("AccessKeyMetadata", [])
        ]

    def by_hash(self, user: str, id_hash: str) -> AccessKey | None:
        return next((k for k in self.keys(user) if k.id_hash == id_hash), None)

    def create(self, user: str) -> tuple[str, str]:
        try:
            response = self.clients.client("iam", self.conn).create_access_key(UserName=user)
        except StoreError as exc:
            raise PlaceError(exc.reason) from None
        except Exception as exc:  # noqa: BLE001 - described by code and status only
            if error_code(exc) == "LimitExceeded":  # two keys already: another run created one just now
                raise ConflictError(
                    f"conflict: IAM user {user} already has two access keys: another rotation may be "
                    "under way",
                    hint="if none is, delete the unused key by hand, then run again",
                ) from None
            raise PlaceError(describe_aws_error(exc, "IAM", f"a new access key for {user}")) from None
        key = response["AccessKey"]
        return str(key["AccessKeyId"]), str(key["SecretAccessKey"])

    def set_status(self, user: str, key: AccessKey, status: str) -> None:
        self._call(
            f"setting key {key.masked} of {user} {status}",
            lambda c: c.update_access_key(UserName=user, AccessKeyId=key.key_id, Status=status),
        )

    def delete(self, user: str, key: AccessKey) -> None:
        self._call(
            f"deleting key {key.masked} of {user}",
            lambda c: c.delete_access_key(UserName=user, AccessKeyId=key.key_id),
        )

    def identity(self, key_id: str, secret: str, *, wait: float) -> str:
        """The ARN STS reports for this key pair, waiting up to `wait` seconds for a new key to work (IAM
        is eventually consistent: a fresh key may be refused for a few seconds)."""
        import boto3  # noqa: PLC0415
        import botocore.config  # noqa: PLC0415

        session = boto3.session.Session(
            aws_access_key_id=key_id, aws_secret_access_key=secret, region_name=self.conn.region
        )
        config = botocore.config.Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5)
        deadline = time.monotonic() + wait
        delay = 1.0
        while True:
            try:
                client = session.client("sts", endpoint_url=self.conn.endpoint_url, config=config)
                return str(client.get_caller_identity()["Arn"])
            except Exception as exc:  # noqa: BLE001 - described, never shown
                if error_code(exc) not in AUTH_CODES or time.monotonic() + delay > deadline:
                    raise PlaceError(
                        describe_aws_error(exc, "STS", f"the new key {mask_key_id(key_id)}")
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 8.0)


def arn_user(arn: str) -> str:
    """`arn:aws:iam::123:user/path/name` -> `name`."""
    resource = arn.split(":", 5)[-1]
    return resource.rsplit("/", 1)[-1] if resource.startswith("user/") else ""
