"""A new version scanned in its changed lines (changed.py, blobscan.scan_changed) gives the findings a scan of
the whole of it gives; chain order reads each version right after the one it replaced."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding, ScanResult
from secretguard.scan.rules import Rule
from secretguard.scan.sources.git import changed
from secretguard.scan.sources.git.blobscan import ScannedVersion, chain_order, scan_changed
from secretguard.scan.sources.git.history import GitOptions, scan_history
from tests.helpers import Planted, private_key_block
from tests.scan.sources.gitfixtures import Git

ALNUM = string.ascii_letters + string.digits


@pytest.fixture(scope="module")
def low_engine(rules: list[Rule], cache_dir: Path) -> Engine:
    """Every finding down to low confidence: the generic rules, whose confidence depends most on context."""
    return Engine(rules, min_confidence="low")


def _filler(rng: random.Random, n: int) -> list[str]:
    words = ["config", "timeout", "retries", "handler", "session", "region", "bucket", "user", "name", "path"]
    lines = []
    for _ in range(n):
        kind = rng.randrange(6)
        a, b = rng.choice(words), rng.choice(words)
        if kind == 0:
            lines.append(f"def {a}_{b}(value):\n    return value * {rng.randrange(100)}\n")
        elif kind == 1:
            lines.append(f'{a.upper()}_{b.upper()} = "{a}-{b}-{rng.randrange(1000)}"\n')
        elif kind == 2:
            lines.append(f"# {a} {b}: see the docs for how the {b} is chosen\n")
        elif kind == 3:
            lines.append(f"    {a}.{b}({rng.randrange(10)}, {b}={a!r})\n")
        elif kind == 4:
            lines.append("\n")
        else:
            lines.append(f"{a}_{b}_list = [{', '.join(str(rng.randrange(99)) for _ in range(8))}]\n")
    return lines


def _secret_lines(rng: random.Random, planted: list[Planted]) -> list[str]:
    value = "".join(rng.choice(ALNUM) for _ in range(22))
    user = "".join(rng.choice(string.ascii_lowercase) for _ in range(6))
    options = [
        rng.choice(planted).text,
        f'DB_PASSWORD = "{value}"\n',
        f'api_key = "{value}"\n',
        f"password:\n  {value}\n",
        f'DATABASE_URL = "postgres://{user}:{value}@db.internal:5432/app"\n',
        f'secret_key = "{value}"  # for sessions\n',
        private_key_block(rng) + "\n",
    ]
    return [rng.choice(options)]


def _edit(rng: random.Random, lines: list[str], planted: list[Planted]) -> list[str]:
    out = list(lines)
    at = rng.randrange(len(out) + 1)
    kind = rng.randrange(7)
    if kind == 0:  # a secret typed in
        out[at:at] = _secret_lines(rng, planted)
    elif kind == 1 and out:  # lines deleted (perhaps a secret's)
        del out[at : at + rng.randrange(1, 4)]
    elif kind == 2 and out:  # a line changed in place
        i = min(at, len(out) - 1)
        out[i] = out[i].rstrip("\n") + "  # edited\n"
    elif kind == 3:  # code added
        out[at:at] = _filler(rng, rng.randrange(1, 6))
    elif kind == 4:  # a private key's body replaced (its BEGIN and END lines unchanged)
        for i, line in enumerate(out):
            if line.startswith("-----BEGIN"):
                out[i] = private_key_block(rng) + "\n"
                break
        else:
            out[at:at] = [private_key_block(rng) + "\n"]
    elif kind == 5 and len(out) > 2:  # a line moved
        line = out.pop(rng.randrange(len(out)))
        out.insert(rng.randrange(len(out) + 1), line)
    elif out:  # the last line loses its newline, or gets one back
        out[-1] = out[-1].rstrip("\n") if out[-1].endswith("\n") else out[-1] + "\n"
    return out


def _view(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted(
        (
            f.rule_id,
            f.secret,
            f.line,
            f.end_line,
            f.column,
            f.end_column,
            f.offset,
            f.confidence,
            f.reasons,
            f.excerpt,
        )
        for f in findings
    )


def test_a_version_scanned_in_its_changed_lines_has_the_whole_scans_findings(
    low_engine: Engine, planted: list[Planted]
) -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(12):
        lines = _filler(rng, 400)
        for _ in range(3):
            at = rng.randrange(len(lines))
            lines[at:at] = _secret_lines(rng, planted)
        old_text = "".join(lines).encode()
        old = low_engine.scan(Chunk(data=old_text, path="app/settings.py"))
        for _ in range(25):
            lines = _edit(rng, lines, planted)
            new_text = "".join(lines).encode()
            whole = low_engine.scan(Chunk(data=new_text, path="app/settings.py"))
            version = _version(old_text, old)
            part = scan_changed(low_engine, new_text, version, "app/settings.py")
            if part is not None:
                checked += 1
                assert _view(part.findings) == _view(whole)
                assert part.pem == (b"-----BEGIN " in new_text)
            old_text, old = new_text, whole
    assert checked > 150  # most edits are scanned in part


def _version(text: bytes, findings: list[Finding]) -> ScannedVersion:
    return ScannedVersion(text, "app/settings.py", findings, b"-----BEGIN " in text)


def test_split_widens_to_a_whole_private_key_and_keeps_small_files_whole() -> None:
    rng = random.Random(3)
    head = "".join(f"line {i}\n" for i in range(300))
    old = (head + private_key_block(rng) + "\n" + head).encode()
    new = (head + private_key_block(rng) + "\n" + head).encode()
    parts = changed.split(new, old)
    assert parts is not None
    region = new[parts.start : parts.end]
    assert b"-----BEGIN RSA PRIVATE KEY-----" in region
    assert b"-----END RSA PRIVATE KEY-----" in region
    assert changed.split(b"a = 1\n", b"a = 2\n") is None  # below MIN_SIZE: scanned whole
    assert changed.split(new, new) is None
    assert changed.split(b"x" * 5000, b"y" * 5000) is None  # everything changed: no gain


def test_chain_order_puts_each_version_after_the_one_it_replaced_and_loses_none() -> None:
    a, b, c, d, e = (bytes([i]) * 20 for i in range(1, 6))
    previous = {b: a, c: b, e: d, d: e}  # d and e replace each other (a range scan can see that)
    order = list(chain_order([c, b, a, d, e], {a, b, c, d, e}, previous))
    assert sorted(order) == sorted([a, b, c, d, e])
    assert order.index(a) < order.index(b) < order.index(c)
    assert order[order.index(a) + 1] == b


def test_history_scanned_in_changed_lines_reports_what_whole_blobs_report(
    tmp_path: Path, low_engine: Engine, planted: list[Planted], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(19)
    git = Git(tmp_path / "r")
    lines = _filler(rng, 300)
    for step in range(30):
        lines = _edit(rng, lines, planted)
        git.commit(f"step {step}", app__py="".join(lines), notes__md=f"step {step}\n")
    in_part = ScanResult()
    found_in_part = scan_history(str(git.path), low_engine, None, GitOptions(), in_part)
    monkeypatch.setattr(changed, "MIN_SIZE", 1 << 40)
    whole = ScanResult()
    found_whole = scan_history(str(git.path), low_engine, None, GitOptions(), whole)
    assert in_part.stats.get("blobs_scanned_in_part", 0) >= 5
    assert "blobs_scanned_in_part" not in whole.stats

    def view(findings: list[Finding]) -> list[tuple[object, ...]]:
        return sorted(
            (f.rule_id, f.secret, f.file, f.line, f.extra.get("commit"), f.confidence) for f in findings
        )

    assert found_whole
    assert view(found_in_part) == view(found_whole)
