"""Round 75 (grist): names an object literal gives under a key saying it holds a variable's name
(`envVar: "X"`, `envVar: ["A", "B"]`, `envVarClientId: "X"`), with the sibling `defaultValue:`; a read
only tested for truth (`Boolean(A || B)`, `!(A || B)`, `if (A || B)`) has no fallback; `devServerMain.ts`
is a developer's server."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

SETTINGS = """
const shouldLog = appSettings.section("log").flag("apiDetails").readBool({
  envVar: ["GRIST_LOG_API_DETAILS", "GRIST_HOSTED_VERSION"],
  preferredEnvVar: "GRIST_LOG_API_DETAILS",
  defaultValue: false,
});
const email = appSettings.section("access").flag("defaultEmail").readString({
  envVar: "GRIST_DEFAULT_EMAIL",
  required: true,
});
const providers = {
  oidc: { envVarClientId: "GRIST_OIDC_CLIENT_ID", envVarClientSecret: "GRIST_OIDC_CLIENT_SECRET" },
};
interface AppSettingQuery {
  envVar: string | string[];
}
const labels = { envVar: "Environment variable" };
"""

SESSIONS = """
export function getGristHost() { return process.env.GRIST_HOST || "localhost"; }
export const live = Boolean(process.env.GRIST_HOST || process.env.GRIST_HOSTED);
if (!(process.env.GRIST_HOST || process.env.GRIST_HOSTED)) { clear(); }
"""


def test_names_under_env_var_keys(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "grist"}',
            "app/server/lib/settings.ts": SETTINGS,
            "app/server/lib/sessions.ts": SESSIONS,
            "app/server/devServerMain.ts": "const port = process.env.HOME_PORT || 9000;\n",
        },
    )
    assert found["GRIST_LOG_API_DETAILS"].default == "false"
    assert found["GRIST_HOSTED_VERSION"].default == "false"
    assert not found["GRIST_DEFAULT_EMAIL"].optional
    assert found["GRIST_OIDC_CLIENT_SECRET"].secret
    assert "GRIST_OIDC_CLIENT_ID" in found
    assert found["GRIST_HOST"].default == "localhost"  # the truth tests give no other fallback
    assert found["HOME_PORT"].scope == "dev"
