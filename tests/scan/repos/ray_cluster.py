"""Run a command against a real local Ray cluster that exists only on loopback.

Ray binds some of its servers to every interface and picks the machine's address as its node address, so
the cluster runs in a network namespace of its own (`unshare -n`) that holds nothing but 127.0.0.1: nothing
it starts can be reached from, or reach, anything else. Token authentication is on, with a fresh token.

    python -m tests.scan.repos.ray_cluster -- secretguard scan repos ... --ray 127.0.0.1:PORT

runs: `ray start --head` on 127.0.0.1, the command (with {address} replaced), `ray stop`; exits with the
command's exit code. Inside the namespace only; the test calls it through `unshare -n`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    port = _free_port()
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    temp = tempfile.mkdtemp(prefix="sg-ray-")
    ray = shutil.which("ray") or "ray"
    start = [
        ray,
        "start",
        "--head",
        "--node-ip-address=127.0.0.1",
        f"--port={port}",
        "--include-dashboard=false",
        "--num-cpus=2",
        "--disable-usage-stats",
        f"--temp-dir={temp}",
    ]
    started = subprocess.run(start, env=env, capture_output=True, text=True, check=False)
    if started.returncode != 0:
        sys.stderr.write(f"ray start failed:\n{started.stdout}\n{started.stderr}\n")
        return 99
    try:
        command = [part.replace("{address}", f"127.0.0.1:{port}") for part in argv]
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        subprocess.run([ray, "stop", "--force"], env=env, capture_output=True, check=False)
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
