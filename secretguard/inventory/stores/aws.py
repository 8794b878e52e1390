"""boto3 sessions and clients shared by the SSM and Secrets Manager stores, and AWS errors made safe to show.

Profiles, regions and endpoints come from the inventory, else from the usual environment (`AWS_PROFILE`,
`AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL`, which botocore reads itself). botocore's "standard"
retry mode handles throttling and 5xx with backoff. boto3 is imported lazily.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from secretguard.inventory.model import AwsConnection
from secretguard.inventory.stores.base import StoreError

AUTH_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "UnauthorizedOperation",
        "NotAuthorized",
        "MissingAuthenticationToken",
        "IncompleteSignature",
    }
)
THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ThrottledException",
    }
)
MAX_ATTEMPTS = 4
# botocore logs whole response bodies (secret values included) at DEBUG on these loggers.
_BODY_LOGGERS = ("botocore.parsers", "botocore.endpoint", "botocore.httpsession")


def _quiet_body_logs() -> None:
    for name in _BODY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)


class AwsClients:
    def __init__(self) -> None:
        self._clients: dict[tuple[Any, ...], Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str, conn: AwsConnection) -> Any:
        key = (service, conn.profile, conn.region, conn.endpoint_url)
        with self._lock:
            if key in self._clients:
                return self._clients[key]
            import boto3  # noqa: PLC0415
            import botocore.config  # noqa: PLC0415
            import botocore.exceptions as bx  # noqa: PLC0415

            _quiet_body_logs()
            config = botocore.config.Config(
                retries={"max_attempts": MAX_ATTEMPTS, "mode": "standard"},
                connect_timeout=5,
                read_timeout=20,
                max_pool_connections=16,
            )
            try:
                session = boto3.session.Session(profile_name=conn.profile, region_name=conn.region)
                client = session.client(service, endpoint_url=conn.endpoint_url, config=config)
            except bx.ProfileNotFound:
                raise StoreError(f"AWS profile {conn.profile!r} not found") from None
            except bx.NoRegionError:
                raise StoreError(
                    "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), a profile region, or `region:` "
                    "in "
                    "the inventory"
                ) from None
            except (bx.BotoCoreError, ValueError) as exc:
                raise StoreError(f"cannot create the AWS {service} client ({type(exc).__name__})") from None
            self._clients[key] = client
            return client


def describe_error(exc: BaseException, service: str, what: str) -> str:
    """A clear reason from the error code and HTTP status only: AWS messages are not repeated."""
    import botocore.exceptions as bx  # noqa: PLC0415

    if isinstance(exc, bx.ClientError):
        error = exc.response.get("Error") or {}
        code = str(error.get("Code") or "")
        status = (exc.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        if code in AUTH_CODES or status in (401, 403):
            shown = code if code in AUTH_CODES else "AccessDenied"
            return (
                f"AWS {service} denied access to {what} ({shown}, HTTP {status}): check the credentials, "
                "their expiry and the IAM policy"
            )
        if code in THROTTLING_CODES or status == 429:
            return (
                f"AWS {service} kept throttling requests for {what} ({code}); "
                f"gave up after {MAX_ATTEMPTS} tries"
            )
        if status is not None and status >= 500:
            return (
                f"AWS {service} failed while reading {what} (HTTP {status}); "
                f"gave up after {MAX_ATTEMPTS} tries"
            )
        safe_code = code if code.isascii() and code.replace(".", "").isalnum() and len(code) < 80 else "error"
        return f"AWS {service} refused the request for {what} ({safe_code}, HTTP {status})"
    if isinstance(exc, bx.NoCredentialsError | bx.PartialCredentialsError):
        return f"no AWS credentials found for {service}"
    if isinstance(exc, bx.TokenRetrievalError | bx.SSOError | bx.CredentialRetrievalError):
        return f"cannot obtain AWS credentials for {service} ({type(exc).__name__}): log in again"
    if isinstance(exc, bx.EndpointConnectionError | bx.ConnectTimeoutError | bx.ConnectionClosedError):
        return f"cannot reach the AWS {service} endpoint for {what}"
    if isinstance(exc, bx.ReadTimeoutError):
        return f"AWS {service} did not answer in time for {what}"
    if isinstance(exc, bx.ParamValidationError):
        return f"invalid AWS {service} request for {what} (check the name or path)"
    return f"reading {what} from AWS {service} failed ({type(exc).__name__})"


def error_code(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str((response.get("Error") or {}).get("Code") or "")
    return ""
