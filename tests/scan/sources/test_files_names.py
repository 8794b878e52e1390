"""Archive members named after a secret (`backup.zip!deploy --token ghp_....sh`): `scan files` reports them
under their name with the secret redacted, in findings and in the skipped list alike."""

from __future__ import annotations

import io
import json
import random
import tarfile
import zipfile
from pathlib import Path

from tests.conftest import CliRunner
from tests.helpers import github_style_token, stripe_live_key


def test_secrets_in_archive_member_names_are_redacted_in_every_format(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(1411)
    key, token, big = stripe_live_key(rng), github_style_token(rng), github_style_token(rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"deploy --key {key}.sh", f"curl -u {key}: https://api.stripe.com\n")
        archive.writestr(f"notes {token}.txt", "nothing secret inside\n")
        archive.writestr(f"dump {big}.sql", "x" * 200_000)  # over the size limit below: skipped by name
        inner = io.BytesIO()
        with tarfile.open(fileobj=inner, mode="w") as tar:
            data = f"GH_TOKEN={token}\n".encode()
            info = tarfile.TarInfo(f"ci/{token}.env")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        archive.writestr("nested.tar", inner.getvalue())
    (tmp_path / "backup.zip").write_bytes(buffer.getvalue())
    outputs: list[str] = []
    for fmt in ("text", "json", "csv", "sarif"):
        run = cli("scan", "files", "backup.zip", "--all-files", "--max-size", "100000", "--format", fmt)
        assert run.code == 3, (fmt, run.err)  # findings, and the oversized member skipped
        outputs += [run.out, run.err]
    files = {f["file"] for f in json.loads(outputs[2])}
    assert any(f.startswith("backup.zip!deploy --key sk_l…[redacted:") and f.endswith(".sh") for f in files)
    assert any(f.startswith("backup.zip!nested.tar!ci/ghp_…[redacted:") for f in files)
    everything = "\n".join(outputs)
    assert "backup.zip!dump ghp_…[redacted:" in everything  # the skipped member, named
    for secret in (key, token, big):
        assert secret not in everything


def test_a_damaged_member_named_after_a_secret_is_skipped_by_its_redacted_name(
    cli: CliRunner, tmp_path: Path
) -> None:
    token = github_style_token(random.Random(1412))
    with zipfile.ZipFile(tmp_path / "backup.zip", "w") as archive:
        archive.writestr(f"deploy --token {token}.sh", "echo hello world\n" * 50)
    data = bytearray((tmp_path / "backup.zip").read_bytes())
    at = data.find(b"hello world")
    data[at : at + 5] = b"HELLO"  # the CRC check fails, and zipfile's message quotes the name
    (tmp_path / "backup.zip").write_bytes(bytes(data))
    run = cli("scan", "files", "backup.zip", "--all-files")
    assert run.code == 3, run.err
    assert "backup.zip!deploy --token ghp_…[redacted:" in run.out
    assert "unreadable member: Bad CRC-32 for file '…'" in run.out
    assert token not in run.out + run.err
