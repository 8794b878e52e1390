"""An identifier (`*_CLIENT_ID`, `*_APP_ID`, `*_ACCESS_KEY_ID`) is not a secret, so its literal fallback is
its default like any other setting's (a placeholder client id the app starts with); a secret's never is."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_an_identifiers_literal_fallback_is_its_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/config.ts": """
                import { cleanEnv, str } from 'envalid';

                export const config = cleanEnv(process.env, {
                  OAUTH_CLIENT_ID: str({ default: 'placeholder-client' }),
                  OAUTH_CLIENT_SECRET: str({ default: 'placeholder-secret' }),
                  STORAGE_ACCESS_KEY_ID: str({ default: '' }),
                });
            """,
            "src/push.ts": "export const appId = process.env.PUSH_APP_ID ?? 'local-app';\n",
        },
    )
    assert (found["OAUTH_CLIENT_ID"].secret, found["OAUTH_CLIENT_ID"].default) == (
        False,
        "placeholder-client",
    )
    assert (found["PUSH_APP_ID"].secret, found["PUSH_APP_ID"].default) == (False, "local-app")
    assert found["OAUTH_CLIENT_SECRET"].secret
    assert found["OAUTH_CLIENT_SECRET"].default is None  # never for a secret
    assert found["STORAGE_ACCESS_KEY_ID"].optional
    assert not found["STORAGE_ACCESS_KEY_ID"].secret
