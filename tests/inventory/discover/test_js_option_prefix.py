"""A helper building its keys on a property of an options parameter (`` process.env[`${opts.envPrefix}_ID`]
``) reads, at each call, the prefix the call's object literal gives (`sso({ envPrefix: "KEYCLOAK" })`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_each_calls_prefix_with_the_helpers_suffixes(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/auth/sso.ts": """
                type Options = { id: string; envPrefix: string; scopes?: string };

                export function sso(opts: Options) {
                  return {
                    id: opts.id,
                    clientId: process.env[`${opts.envPrefix}_CLIENT_ID`] as string,
                    clientSecret: process.env[`${opts.envPrefix}_CLIENT_SECRET`] as string,
                    issuer: process.env[`${opts.envPrefix}_ISSUER`] ?? "https://login.example.test",
                  };
                }
            """,
            "src/auth/providers.ts": """
                import { sso } from "./sso";

                export const providers = [
                  sso({ id: "keycloak", envPrefix: "KEYCLOAK", scopes: "openid" }),
                  sso({
                    id: "zitadel",
                    envPrefix: "ZITADEL",
                  }),
                  sso(loadOptions()),
                ];
            """,
        },
    )
    names = {"KEYCLOAK", "ZITADEL"}
    assert {f"{p}_{s}" for p in names for s in ("CLIENT_ID", "CLIENT_SECRET", "ISSUER")} <= set(found)
    assert found["ZITADEL_CLIENT_SECRET"].secret
    assert found["KEYCLOAK_ISSUER"].default == "https://login.example.test"
    assert not any(n.startswith("_") or n.startswith("UNDEFINED") for n in found)
