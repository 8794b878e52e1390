"""Headless Chromium for the HTML plan: the DOM after the page's scripts ran, and a screenshot.

Chromium comes from Debian (`apt-get install -y chromium`; `.ci/run` installs it when missing). When it is
not installed the tests fail under CI (CI=true) and skip elsewhere, saying why. Every run gets a fresh
profile folder, and the flags keep Chromium off the network (it would otherwise hang on refused
connections to Google's services).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)
# Where screenshots are copied as well, when set (a CI job can keep them as artifacts).
KEEP_ENV = "SECRETGUARD_SCREENSHOT_DIR"


def chromium() -> str:
    """The Chromium binary; fails under CI and skips elsewhere when it is not installed."""
    binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        message = "headless Chromium is not installed: apt-get install -y chromium (.ci/run does it)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{message} (CI=true: refusing to skip)")
        print(f"SKIP: {message}", file=sys.stderr)
        pytest.skip(message)
    return binary


def _run(args: list[str], profile: Path) -> str:
    proc = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(profile)},
    )
    if proc.returncode != 0:
        raise AssertionError(f"chromium exited with {proc.returncode}: {proc.stderr[-2000:]}")
    return proc.stdout


@dataclass(frozen=True)
class Png:
    width: int
    height: int
    size: int
    distinct_rows: int  # rows of pixels that differ from the row above: 1 for a blank page


def read_png(path: Path) -> Png:
    """Size and a rough measure of content, from the PNG itself (no imaging library needed)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    idat, offset = b"", 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels * depth // 8
    # A row filtered "up" (2) with all-zero data repeats the row above, and so does a row filtered "none" or
    # "sub" (0, 1: no reference to the row above) whose bytes equal the previous row's. Count the others.
    distinct = 0
    previous = b""
    for row in range(height):
        line = raw[row * stride : (row + 1) * stride]
        same = (line[0] == 2 and not any(line[1:])) or (line[0] in (0, 1) and line == previous)
        distinct += not same
        previous = line
    return Png(width, height, len(data), distinct)


@dataclass(frozen=True)
class Rendered:
    dom: str  # the document after its scripts ran
    screenshot: Path | None


def render(
    page: Path, folder: Path, *, fragment: str = "", name: str = "plan", screenshot: bool = True
) -> Rendered:
    """Load `page` from a file:// URL: its DOM after scripts (`--dump-dom`) and a 1280x2000 screenshot
    `folder/<name>.png` (its path is printed, so it shows in the test's output)."""
    folder.mkdir(parents=True, exist_ok=True)
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    dom = _run(["--dump-dom", url], folder / f"{name}-profile-dom")
    if not screenshot:
        return Rendered(dom, None)
    shot = folder / f"{name}.png"
    _run([f"--screenshot={shot}", "--window-size=1280,2000", url], folder / f"{name}-profile-shot")
    assert shot.is_file(), "chromium wrote no screenshot"
    keep = os.environ.get(KEEP_ENV)
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy2(shot, Path(keep) / shot.name)
    print(f"screenshot: {shot}")
    return Rendered(dom, shot)
