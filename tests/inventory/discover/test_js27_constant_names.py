"""A read helper called with a constant of the file holding the name (`getFileEnv(oidcClientSecret)`), a
boolean parser whose ternary gives its second parameter when the value is unset, and an example manifest's
`secretKeyRef` on a username."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
    function getBoolean(str, defaultValue = false) {
      return str ? str.toLowerCase() === 'true' : defaultValue;
    }

    function getFileEnv(envVariable) {
      const origVar = process.env[envVariable];
      const fileVar = process.env[envVariable + '_FILE'];
      if (fileVar) {
        return readFirstLine(fileVar);
      }
      return origVar;
    }

    const basicAuthUsername = 'SHOP_BASICAUTH_USERNAME';
    const oidcClientSecret = 'SHOP_OIDC_CLIENTSECRET';

    export default {
      url: getFileEnv('SHOP_MONGODB_URL'),
      admin: getBoolean(process.env.SHOP_ENABLE_ADMIN, false),
      readOnly: getBoolean(process.env.SHOP_READ_ONLY, true),
      username: getFileEnv(basicAuthUsername) || 'admin',
      clientSecret: getFileEnv(oidcClientSecret),
    };
"""

_EXAMPLE = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
    spec:
      template:
        spec:
          containers:
            - name: shop
              image: shop:latest
              env:
                - name: SHOP_BASICAUTH_USERNAME
                  valueFrom:
                    secretKeyRef:
                      name: shop-auth
                      key: username
"""


def test_names_held_in_constants_and_a_boolean_parser(tmp_path: Path) -> None:
    found = project(tmp_path, {"config.default.js": _CONFIG, "examples/kubernetes/deployment.yml": _EXAMPLE})
    assert found["SHOP_OIDC_CLIENTSECRET"].secret is True
    assert "SHOP_OIDC_CLIENTSECRET_FILE" in found
    assert found["SHOP_BASICAUTH_USERNAME"].default == "admin"
    assert found["SHOP_BASICAUTH_USERNAME"].secret is False  # only an example keeps it in a Secret
    assert found["SHOP_ENABLE_ADMIN"].default == "false"
    assert found["SHOP_READ_ONLY"].default == "true"
    assert "SHOP_MONGODB_URL_FILE" in found
