"""Apache httpd configuration expands `${NAME}` from its environment at start."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CONF = """
ServerName freshrss.localhost
<VirtualHost *:${LISTEN_PORT_HTTP}>
    DocumentRoot /var/www/FreshRSS/p/
    ErrorLog ${APACHE_LOG_DIR}/error.log

    Define VStart "${"
    Define VEnd "}"

    OIDCProviderMetadataURL ${OIDC_PROVIDER_METADATA_URL}
    OIDCClientID ${OIDC_CLIENT_ID}
    OIDCClientSecret ${OIDC_CLIENT_SECRET}
    # OIDCCryptoPassphrase ${COMMENTED_OUT}

    Define "Test_${OIDC_SCOPES}"
    <IfDefine !Test_${VStart}OIDC_SCOPES${VEnd}>
        OIDCScope "${OIDC_SCOPES}"
    </IfDefine>
</VirtualHost>
"""


def test_apache_config_expansions(tmp_path: Path) -> None:
    found = project(tmp_path, {"Docker/FreshRSS.Apache.conf": CONF})
    assert {"LISTEN_PORT_HTTP", "OIDC_PROVIDER_METADATA_URL", "OIDC_CLIENT_ID", "OIDC_SCOPES"} <= set(found)
    assert found["OIDC_CLIENT_SECRET"].secret
    assert not found["OIDC_CLIENT_ID"].optional
    assert "APACHE_LOG_DIR" not in found  # Debian's envvars script
    assert "VStart" not in found
    assert "COMMENTED_OUT" not in found


def test_other_conf_files_are_not_apache(tmp_path: Path) -> None:
    found = project(tmp_path, {"nginx/site.conf": "server {\n  listen ${PORT};\n}\n"})
    assert "PORT" not in found or found["PORT"].sources != ["apache"]
