"""The issue #7 fixture: a real git repository with leaked credentials, a built frontend bundle, and an
inventory whose production stores (OpenBao KV v2, SSM SecureString parameters, a Secrets Manager secret)
hold the values the team runs with now. Shared by the plan tests and, later, the rotate tests.

The four cases, each with its expected place in a rotation plan:

- `live`: a GitHub token committed at HEAD (`services/api/deploy.sh`) that is still GH_DEPLOY_TOKEN in Vault;
  the inventory names its owner.
- `rotated`: a Stripe key committed long ago (`services/billing/legacy_keys.py`), then deleted; SSM held it,
  was overwritten since, and now holds another value. The inventory owner does not apply (the value is no
  longer any variable's): CODEOWNERS names the owner.
- `bundle`: a SendGrid key inlined by the bundler into `frontend/dist/assets/index-*.js` (git-ignored build
  output, with a source map naming `frontend/src/mail.ts`); it is SENDGRID_API_KEY in Secrets Manager,
  whose inventory entry has no owner: CODEOWNERS names the owner of the source file.
- `stale`: SESSION_SIGNING_KEY in SSM, never leaked, with `rotation_days: 30`; `inventory check --as-of`
  60 days ahead reports it stale.

Every plaintext value is in `Scenario.secrets()`, for tests that grep every output for them.

Use: `build_scenario(bao, moto, uid, folder)`, or the `leak_scenario` fixture (import it into a conftest:
`from tests.plan.scenario import leak_scenario  # noqa: F401`); `scan_reports(cli, scenario, folder)` runs
`scan git`, `scan bundle` and `inventory check` and returns the JSON reports.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliRunner
from tests.helpers import ALNUM, github_style_token, rand, sendgrid_key, stripe_live_key
from tests.scan.sources.gitfixtures import Git
from tests.servers import Bao, Moto

ENVIRONMENT = "production"
DAY = 86_400
CODEOWNERS = """\
# Default owners; later lines take precedence.
*                    @acme/maintainers
/services/api/       @acme/api
/services/billing/   @acme/billing alice@example.test
/frontend/           @acme/web
/frontend/dist/      @acme/release
"""
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
MAIL_TS = (
    'const API = "https://api.example.test";\n\n'
    "export async function sendMail(message: object): Promise<Response> {\n"
    "  // Vite inlines VITE_* variables at build time: this one should never have been one.\n"
    "  const key = import.meta.env.VITE_MAIL_KEY;\n"
    '  return fetch(API + "/mail", { method: "POST", headers: { Authorization: `Bearer ${key}` },\n'
    "    body: JSON.stringify(message) });\n"
    "}\n"
)


@dataclass(frozen=True)
class Leak:
    label: str  # live, rotated, bundle, stale
    variable: str  # the inventory variable that held (or holds) the value
    value: str  # the leaked (or, for `stale`, the stored) plaintext
    store: str  # vault, ssm, secretsmanager
    rule_id: str | None  # the scanner's rule; None for `stale` (it never leaked)
    file: str | None  # repository-relative path of the leak
    owner: str  # the owner the plan must give
    owner_source: str  # inventory or CODEOWNERS


@dataclass(frozen=True)
class Scenario:
    root: Path
    repo: Path
    bundle: Path  # the built frontend (repo/frontend/dist), git-ignored
    inventory: Path
    uid: str
    vault_mount: str
    vault_path: str  # KV v2 secret holding GH_DEPLOY_TOKEN and DATABASE_PASSWORD
    ssm_prefix: str  # SecureString parameters STRIPE_SECRET_KEY, SESSION_SIGNING_KEY
    secret_id: str  # Secrets Manager secret holding SENDGRID_API_KEY
    leaks: dict[str, Leak]
    current: dict[str, str]  # variable -> the value the stores hold now
    commits: dict[str, str]  # live-added, rotated-added, rotated-deleted -> commit
    dates: dict[str, str]  # the same keys -> ISO commit date
    stale_as_of: str  # `inventory check --as-of` date that makes SESSION_SIGNING_KEY stale
    environment: str = ENVIRONMENT

    def secrets(self) -> dict[str, str]:
        """Every plaintext value of the scenario (leaked, old and current), by a label for messages."""
        out = {f"leak:{k}": v.value for k, v in self.leaks.items()}
        out.update({f"store:{k}": v for k, v in self.current.items()})
        return out

    def assert_no_secret(self, *texts: str) -> None:
        for text in texts:
            for label, value in self.secrets().items():
                assert value not in text, f"the {label} value shows up in the output"
                assert json.dumps(value)[1:-1] not in text, f"the {label} value shows up JSON-escaped"


def _vlq(value: int) -> str:
    bits = (value << 1) if value >= 0 else ((-value) << 1) | 1
    out = ""
    while True:
        digit, bits = bits & 31, bits >> 5
        out += _B64[digit | (32 if bits else 0)]
        if not bits:
            return out


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _build_bundle(dist: Path, key: str) -> str:
    """A Vite-style build: one minified chunk with the key inlined, and its source map. Returns the chunk's
    repository-relative path."""
    prefix = 'const e="https://api.example.test";async function t(n){const o="'
    code = (
        f'{prefix}{key}";return fetch(e+"/mail",{{method:"POST",headers:{{Authorization:`Bearer ${{o}}`}},'
        "body:JSON.stringify(n)})}export{t as sendMail};\n"
    )
    name = "index-5f3a2c9e.js"
    read_line = MAIL_TS.splitlines().index("  const key = import.meta.env.VITE_MAIL_KEY;")
    mappings = "AAAA," + "".join(_vlq(v) for v in (len(prefix), 0, read_line, 2))
    source_map = {
        "version": 3,
        "file": name,
        "sources": ["../../src/mail.ts"],
        "sourcesContent": [MAIL_TS],
        "names": [],
        "mappings": mappings,
    }
    _write(dist / "assets" / name, code + f"//# sourceMappingURL={name}.map\n")
    _write(dist / "assets" / f"{name}.map", json.dumps(source_map))
    _write(dist / "index.html", f'<!doctype html><script type="module" src="/assets/{name}"></script>\n')
    return f"frontend/dist/assets/{name}"


def build_scenario(
    bao: Bao, moto: Moto, uid: str, root: Path, seed: int = 7, *, live: str = "github"
) -> Scenario:
    """Create the repository, the bundle, the store contents and the inventory under `root`.

    `live="aws"` makes the live leak an IAM access key pair (a real key of moto's IAM user `deploy-<uid>`,
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in Vault) instead of the GitHub token: what `rotate` can rotate
    by itself, for the rotate tests."""
    rng = random.Random(seed)
    live_token = github_style_token(rng)
    aws_pair: dict[str, str] = {}
    if live == "aws":
        moto.client("iam").create_user(UserName=f"deploy-{uid}")
        key = moto.client("iam").create_access_key(UserName=f"deploy-{uid}")["AccessKey"]
        aws_pair = {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}
    old_stripe, new_stripe = stripe_live_key(rng), stripe_live_key(rng)
    mail_key = sendgrid_key(rng)
    signing_key = rand(rng, ALNUM, 48)
    db_password = rand(rng, ALNUM, 32)
    repo = root / "repo"
    git = Git(repo)
    now = int(time.time())
    commits: dict[str, str] = {}
    dates: dict[str, str] = {}

    def commit(key: str, days_ago: int, message: str, files: dict[str, str | None]) -> None:
        git.clock = now - days_ago * DAY - 600  # each git call moves the clock on by 60 s
        for name, text in files.items():
            if text is None:
                git("rm", "-q", name)
            else:
                git.write(name, text)
                git("add", name)
        sha = git.commit(message)
        commits[key] = sha
        dates[key] = git("show", "-s", "--format=%cI", sha)

    commit(
        "initial",
        400,
        "Initial layout",
        {
            ".gitignore": "node_modules/\nfrontend/dist/\n.env*\n",
            ".github/CODEOWNERS": CODEOWNERS,
            "README.md": "# shop\n\nAPI, billing worker and web frontend.\n",
            "frontend/src/mail.ts": MAIL_TS,
        },
    )
    commit(
        "rotated-added",
        200,
        "Billing: charge through Stripe",
        {
            "services/billing/legacy_keys.py": f'STRIPE_SECRET_KEY = "{old_stripe}"\n',
            "services/billing/charge.py": "from .legacy_keys import STRIPE_SECRET_KEY\n",
        },
    )
    commit(
        "rotated-deleted",
        150,
        "Billing: read the Stripe key from the environment",
        {
            "services/billing/legacy_keys.py": None,
            "services/billing/charge.py": "import os\n\n"
            'STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]\n',
        },
    )
    commit(
        "live-added",
        30,
        "API: deploy script",
        {
            "services/api/deploy.sh": "#!/bin/sh\nset -eu\n# TODO move to the CI secret store\n"
            + (
                f"export GH_TOKEN={live_token}\n"
                'git clone "https://x-access-token:${GH_TOKEN}@github.com/acme/shop.git" /srv/shop\n'
                if not aws_pair
                else "".join(f"export {k}={v}\n" for k, v in aws_pair.items())
                + "aws s3 sync ./public s3://acme-shop-assets\n"
            ),
            "services/api/app.py": 'import os\n\nTOKEN = os.environ["GH_DEPLOY_TOKEN"]\n',
        },
    )
    bundle_file = _build_bundle(repo / "frontend" / "dist", mail_key)

    vault_path = f"{uid}/{ENVIRONMENT}"
    bao.client().secrets.kv.v2.create_or_update_secret(
        path=vault_path,
        mount_point="secret",
        secret={**(aws_pair or {"GH_DEPLOY_TOKEN": live_token}), "DATABASE_PASSWORD": db_password},
    )
    ssm_prefix = f"/{uid}/{ENVIRONMENT}/"
    ssm = moto.client("ssm")
    ssm.put_parameter(Name=f"{ssm_prefix}STRIPE_SECRET_KEY", Value=old_stripe, Type="SecureString")
    ssm.put_parameter(  # the rotation: the leaked value stays only in the parameter's history
        Name=f"{ssm_prefix}STRIPE_SECRET_KEY", Value=new_stripe, Type="SecureString", Overwrite=True
    )
    ssm.put_parameter(Name=f"{ssm_prefix}SESSION_SIGNING_KEY", Value=signing_key, Type="SecureString")
    secret_id = f"{uid}/{ENVIRONMENT}"
    moto.client("secretsmanager").create_secret(
        Name=secret_id, SecretString=json.dumps({"SENDGRID_API_KEY": mail_key})
    )

    def variable(name: str, **fields: object) -> dict[str, object]:
        return {"name": name, "secret": True, "required": [ENVIRONMENT], **fields}

    inventory = {
        "version": 1,
        "environments": {
            ENVIRONMENT: {
                "stores": [
                    {"vault": {"mount": "secret", "path": vault_path}},
                    {"ssm": {"path": ssm_prefix}},
                    {"secretsmanager": {"secret_id": secret_id}},
                ]
            }
        },
        "variables": [
            *(
                [
                    variable(
                        "GH_DEPLOY_TOKEN",
                        purpose="clones the repository on deploy",
                        owner="platform@example.test",
                        provider="github",
                        rotation_days=90,
                    )
                ]
                if not aws_pair
                else [
                    variable(
                        "AWS_ACCESS_KEY_ID", purpose="deploys assets to S3", owner="platform@example.test"
                    ),
                    variable(
                        "AWS_SECRET_ACCESS_KEY",
                        purpose="deploys assets to S3",
                        owner="platform@example.test",
                        provider="aws",
                    ),
                ]
            ),
            variable("DATABASE_PASSWORD", purpose="API database login", owner="dba@example.test"),
            variable("STRIPE_SECRET_KEY", purpose="billing worker charges", provider="stripe"),
            variable("SENDGRID_API_KEY", purpose="transactional mail", provider="sendgrid"),
            variable(
                "SESSION_SIGNING_KEY",
                purpose="signs session cookies",
                owner="security@example.test",
                rotation_days=30,
                rotation="generate",  # app-generated: `secretguard rotate` may replace it itself
            ),
        ],
    }
    inventory_path = repo / "secretguard.inventory.yaml"
    commit(
        "inventory",
        10,
        "Inventory of the production variables",
        {"secretguard.inventory.yaml": yaml.safe_dump(inventory, sort_keys=False)},
    )

    leaks = {
        "live": Leak(
            "live", "GH_DEPLOY_TOKEN", live_token, "vault", "github-pat", "services/api/deploy.sh",
            "platform@example.test", "inventory",
        ) if not aws_pair else Leak(
            "live", "AWS_SECRET_ACCESS_KEY", aws_pair["AWS_SECRET_ACCESS_KEY"], "vault",
            "aws-secret-access-key", "services/api/deploy.sh", "platform@example.test", "inventory",
        ),
        "rotated": Leak(
            "rotated", "STRIPE_SECRET_KEY", old_stripe, "ssm", "stripe-live-secret-key",
            "services/billing/legacy_keys.py", "@acme/billing alice@example.test", "CODEOWNERS",
        ),
        "bundle": Leak(
            "bundle", "SENDGRID_API_KEY", mail_key, "secretsmanager", "sendgrid-api-key", bundle_file,
            "@acme/web", "CODEOWNERS",
        ),
        "stale": Leak(
            "stale", "SESSION_SIGNING_KEY", signing_key, "ssm", None, None, "security@example.test",
            "inventory",
        ),
    }  # fmt: skip
    current = {
        **(aws_pair or {"GH_DEPLOY_TOKEN": live_token}),
        "DATABASE_PASSWORD": db_password,
        "STRIPE_SECRET_KEY": new_stripe,
        "SENDGRID_API_KEY": mail_key,
        "SESSION_SIGNING_KEY": signing_key,
    }
    return Scenario(
        root=root,
        repo=repo,
        bundle=repo / "frontend" / "dist",
        inventory=inventory_path,
        uid=uid,
        vault_mount="secret",
        vault_path=vault_path,
        ssm_prefix=ssm_prefix,
        secret_id=secret_id,
        leaks=leaks,
        current=current,
        commits=commits,
        dates=dates,
        stale_as_of=(datetime.now(UTC) + timedelta(days=60)).date().isoformat(),
    )


@pytest.fixture
def leak_scenario(vault_env: Bao, aws_env: Moto, uid: str, tmp_path: Path) -> Scenario:
    """The scenario against the session's OpenBao and moto servers (VAULT_* and AWS_* point at them)."""
    return build_scenario(vault_env, aws_env, uid, tmp_path)


@dataclass(frozen=True)
class Reports:
    git: Path
    bundle: Path
    check: Path
    outputs: list[str]  # stdout and stderr of the three runs


def scan_reports(cli: CliRunner, scenario: Scenario, folder: Path) -> Reports:
    """`scan git`, `scan bundle` and `inventory check` (as of the date that makes the stale key stale), as
    JSON files in `folder`, through the real CLI."""
    git_report, bundle_report, check = folder / "git.json", folder / "bundle.json", folder / "check.json"
    outputs: list[str] = []
    runs = [
        ("scan", "git", scenario.repo, "--format", "json", "--output", git_report),
        ("scan", "bundle", scenario.bundle, "--format", "json", "--output", bundle_report),
        (
            "inventory", "check", "--inventory", scenario.inventory, "--env", scenario.environment,
            "--format", "json", "--output", check, "--as-of", scenario.stale_as_of,
        ),
    ]  # fmt: skip
    for args in runs:
        run = cli(*args)
        assert run.code == 1, f"{' '.join(map(str, args[:2]))}: exit {run.code}: {run.err}"
        outputs += [run.out, run.err]
    return Reports(git_report, bundle_report, check, outputs)
