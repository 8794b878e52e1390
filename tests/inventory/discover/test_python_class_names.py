"""Round 74 (chainlit): a base class's method reading `f"OAUTH_{self.get_env_prefix()}_PROMPT"`, with the
prefix built from an attribute each subclass sets, reads one variable per subclass."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

PROVIDERS = """
import os


class OAuthProvider:
    id: str
    env: list

    def get_env_prefix(self) -> str:
        \"\"\"Return environment prefix, like AZURE_AD.\"\"\"
        return self.id.replace("-", "_").upper()

    def get_prompt(self):
        if prompt := os.environ.get(f"OAUTH_{self.get_env_prefix()}_PROMPT"):
            return prompt
        return os.environ.get("OAUTH_PROMPT")


class GithubOAuthProvider(OAuthProvider):
    id = "github"


class AzureADOAuthProvider(OAuthProvider):
    id = "azure-ad"


class KeycloakOAuthProvider(OAuthProvider):
    id = os.environ.get("OAUTH_KEYCLOAK_NAME", "keycloak")


class Unrelated:
    id = "other"
"""


def test_names_built_from_each_subclass_attribute(tmp_path: Path) -> None:
    found = project(tmp_path, {"chainlit/oauth_providers.py": PROVIDERS})
    for name in ("OAUTH_GITHUB_PROMPT", "OAUTH_AZURE_AD_PROMPT", "OAUTH_KEYCLOAK_PROMPT", "OAUTH_PROMPT"):
        assert found[name].scope == "runtime", name
    assert "OAUTH_OTHER_PROMPT" not in found
