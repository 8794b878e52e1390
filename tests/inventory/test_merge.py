"""`discover --write`: creates the inventory, then merges on re-run: new variables added, vanished ones
marked, human-edited fields never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from secretguard.inventory.model import load_inventory
from tests.conftest import CliRunner
from tests.servers import ASSETS


def test_create_then_merge(cli: CliRunner, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ASSETS / "project", project)
    target = project / "secretguard.inventory.yaml"
    run = cli("inventory", "discover", project, "--write")
    assert run.code == 0, run.err
    assert "created" in run.err
    inv = load_inventory(target)
    first = {v.name: v for v in inv.variables}
    assert first["STRIPE_SECRET_KEY"].secret
    assert first["STRIPE_SECRET_KEY"].required is True
    assert first["LOG_LEVEL"].required is False
    assert first["NEXT_PUBLIC_API_URL"].public
    assert first["STRIPE_SECRET_KEY"].locations[0] == "deploy/k8s/deployment.yaml:15"

    # A person documents the inventory, declares an environment and adds a variable of their own.
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data["environments"] = {"production": {"stores": [{"ssm": {"path": "/app/production/"}}]}}
    for var in data["variables"]:
        if var["name"] == "STRIPE_SECRET_KEY":
            var.update(
                purpose="Charge customers",
                owner="payments@example.com",
                rotation_days=90,
                provider="stripe",
                format={"regex": "^sk_"},
                storage={"production": {"secretsmanager": "shared/stripe#secret_key"}},
            )
        if var["name"] == "LOG_LEVEL":
            var.update(secret=True, required=["production"], owner="ops")  # deliberately against the guess
        if var["name"] == "WORKER_API_TOKEN":
            var["owner"] = "platform"
    data["variables"].append({"name": "MANUAL_ONLY", "purpose": "set by the platform", "owner": "ops"})
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    # The code changes: the Go worker goes away, a new variable appears.
    shutil.rmtree(project / "services")
    compose = project / "docker-compose.yml"
    compose.write_text(
        compose.read_text(encoding="utf-8").replace("      WORKER_API_TOKEN:\n", ""),
        encoding="utf-8",
    )
    (project / "backend" / "app" / "extra.py").write_text(
        'import os\nFLAG = os.getenv("NEW_FEATURE_FLAG", "off")\n', encoding="utf-8"
    )
    run = cli("inventory", "discover", project, "--write")
    assert run.code == 0, run.err
    assert "updated" in run.err
    assert "1 added" in run.err

    merged = {v.name: v for v in load_inventory(target).variables}
    assert "NEW_FEATURE_FLAG" in merged
    assert merged["NEW_FEATURE_FLAG"].required is False
    assert merged["WORKER_API_TOKEN"].status == "vanished"
    assert merged["WORKER_API_TOKEN"].owner == "platform"
    assert merged["BATCH_SIZE"].status == "vanished"
    # still read elsewhere: locations refreshed, not vanished
    assert merged["AWS_REGION"].status == "active"
    assert merged["AWS_REGION"].locations == ["backend/app/main.py:13"]
    stripe = merged["STRIPE_SECRET_KEY"]
    assert (stripe.purpose, stripe.owner, stripe.rotation_days, stripe.provider) == (
        "Charge customers",
        "payments@example.com",
        90,
        "stripe",
    )
    assert stripe.format is not None
    assert stripe.format.regex == "^sk_"
    assert stripe.storage["production"].secretsmanager == "shared/stripe#secret_key"
    log = merged["LOG_LEVEL"]
    assert log.secret is True
    assert log.required == ["production"]
    assert log.owner == "ops"
    assert merged["MANUAL_ONLY"].status == "active"
    assert merged["MANUAL_ONLY"].purpose == "set by the platform"
    assert load_inventory(target).environments["production"].stores[0].kind == "ssm"

    # Bring the worker back: vanished variables become active again.
    shutil.copytree(ASSETS / "project" / "services", project / "services")
    run = cli("inventory", "discover", project, "--write")
    again = {v.name: v for v in load_inventory(target).variables}
    assert again["BATCH_SIZE"].status == "active"
    # The worker's own variables come back; the ones compose alone declares (QUEUE_URL, WORKER_API_TOKEN:
    # `service:` or `build` scope since discovery has scopes) vanished with its code and come back with it.
    returning = ("BATCH_SIZE", "QUEUE_URL", "WORKER_API_TOKEN")
    back = [name for name in returning if again[name].status == "active"]
    assert f"{len(back)} back" in run.err


def test_write_to_an_explicit_file(cli: CliRunner, tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "a.py").write_text("import os\nos.environ['ONLY_ONE']\n", encoding="utf-8")
    target = tmp_path / "inv.yaml"
    assert cli("inventory", "discover", project, "--write", "--inventory", target).code == 0
    assert [v.name for v in load_inventory(target).variables] == ["ONLY_ONE"]
    assert target.read_text(encoding="utf-8").startswith("# secretguard environment-variable inventory")
