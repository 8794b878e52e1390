"""`scan repos --ray ADDRESS`: the families of repositories as Ray tasks on an existing cluster.

Each task builds the engine from the run's settings (the settings object travels pickled, so the worker's
environment cannot change them), scans one family with its own blob-verdict cache and returns the family's
RepoScans; the driver merges them as a local run does, so both runs report the same thing.

What a cluster needs: secretguard installed on every node, the repositories at the same paths on every node
(shared storage or mirrored clones), and the cluster's own transport protection: findings travel from the
workers to the driver through Ray (token authentication is Ray's default; enable Ray's TLS for a cluster that
spans machines).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Sequence
from typing import Any

from secretguard.errors import InputError
from secretguard.scan.repos.listing import RepoRef
from secretguard.scan.repos.merge import RepoScan
from secretguard.settings import Settings

PROBE_SECONDS = 5.0
RAY_HINT = "install the extra: pip install 'secretguard-hygiene[ray]'"


def _family_task(settings: Settings, members: Sequence[RepoRef], request: dict[str, Any]) -> list[RepoScan]:
    # Runs on a Ray worker: the same steps as the local run, for one family.
    from secretguard.scan.repos.run import scan_families_here  # noqa: PLC0415

    return scan_families_here([list(members)], settings, request, workers=1)[0]


def _probe(address: str) -> None:
    """A cluster that does not answer is a clear error at once: ray.init would retry for minutes."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and other forms Ray resolves itself
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS):
            pass
    except OSError as exc:
        raise InputError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or type(exc).__name__}",
            hint="start it with `ray start --head`, or check the address",
        ) from exc


def scan_on_ray(
    address: str, families: Sequence[Sequence[RepoRef]], settings: Settings, request: dict[str, Any]
) -> list[list[RepoScan]]:
    """Each family's RepoScans, in the order of `families`."""
    _probe(address)
    # Ray's core writes its own connection warnings to stderr; errors still come through ours.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")
    try:
        import ray  # noqa: PLC0415
    except ImportError as exc:
        raise InputError("--ray needs the ray package", hint=RAY_HINT) from exc
    absolute = [[RepoRef(m.name, os.path.abspath(m.path)) for m in family] for family in families]
    try:
        ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Ray cluster at {address}: {type(exc).__name__}",
            hint="start it with `ray start --head`, or check the address and RAY_AUTH_TOKEN",
        ) from exc
    try:
        task = ray.remote(num_cpus=1)(_family_task)
        pending = [task.remote(settings, family, request) for family in absolute]
        done: list[list[RepoScan]] = ray.get(pending)
    finally:
        ray.shutdown()
    return done
