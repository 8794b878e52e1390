"""A PEM-encoded key named `*_PEM`, and a delimiter of a list of database URLs."""

from __future__ import annotations

from secretguard.inventory.discover.base import secret_by_name


def test_pem_and_delimiter_names() -> None:
    assert secret_by_name("GITHUB_PEM") is True  # a private key, PEM-encoded
    assert secret_by_name("TLS_CERT_PEM") is False  # a certificate is public
    assert secret_by_name("REPLICA_DATABASE_URLS_DELIMITER") is False  # the separator of a list, no URL
    assert secret_by_name("REPLICA_DATABASE_URLS") is True
