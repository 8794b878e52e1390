"""The rule screen: proof that a small input holds no finding, without building the engine.

Every finding the engine reports starts as a Hyperscan hit of the matcher's databases on the chunk (a
decoding is only tried where a trigger of those same databases hit), and the filters after that only take
findings away. So input on which none of the databases hits has no finding, whatever the settings say about
confidence, allowlists or baselines.

A full run stores the databases of the engine it built (`Matcher.screen_databases()`) under a key made of the
settings' canonical form (settings.settings_canonical: every setting, as validated) and the bytes of every
rule file, built-in and the user's: another setting or an edited rule file is another key. A later run
with validated settings from the snapshot (settings.load_settings_snapshot) loads that screen without
pydantic, the rule YAML or the engine. Imports: hyperscan and the standard library.

Path exclusions (the allowlist's `paths`) are not applied here: they only take findings away, so an input
screened whole is clean whether or not some of it would have been excluded.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import secretguard
from secretguard.cache import cache_dir, write_atomic
from secretguard.safe_read import RefusedInput, read_regular_file

if TYPE_CHECKING:
    from secretguard.scan.engine import Engine
    from secretguard.settings import Settings, SettingsSnapshot

SCREEN_VERSION = 2
KEEP_SCREENS = 16
_MAX_RULE_FILE = 64 * 1024 * 1024
_BUILTIN = Path(secretguard.__file__).parent / "rules"


def _rule_files(rules: Iterable[str | Path], gitleaks_config: str | Path | None) -> list[Path]:
    """Every file the engine's rules come from: the shipped YAML files, then the user's."""
    try:
        builtin = sorted(p for p in _BUILTIN.iterdir() if p.name.endswith(".yaml"))
    except OSError:
        builtin = []
    user = [Path(p) for p in rules]
    if gitleaks_config is not None:
        user.append(Path(gitleaks_config))
    return [*builtin, *user]


def screen_key(canonical: str, rule_files: Sequence[Path]) -> str | None:
    """The key of the screen for these settings (their canonical form) and rule files; None when a rule
    file cannot be read (the full path reports it, and no screen is stored for it)."""
    import hyperscan  # noqa: PLC0415

    version = getattr(hyperscan, "__version__", "0")
    digest = hashlib.sha256(f"screen-v{SCREEN_VERSION} {secretguard.__version__} hs{version}\0".encode())
    digest.update(canonical.encode() + b"\0")
    for path in rule_files:
        try:
            data = read_regular_file(path, roots=None, max_bytes=_MAX_RULE_FILE)
        except (RefusedInput, OSError):
            return None
        name = str(path).encode("utf-8", "surrogateescape")
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def store_screen(engine: Engine, settings: Settings) -> None:
    """Called by a full scan that built `engine` from `settings` with no rule left out: lets the next run
    with the same settings and rule files answer a clean input from the screen."""
    import hyperscan  # noqa: PLC0415

    from secretguard.settings import settings_canonical  # noqa: PLC0415

    key = screen_key(settings_canonical(settings), _rule_files(settings.rules, settings.gitleaks_config))
    if key is None:
        return
    target = cache_dir() / f"screen-{key}.pickle"
    if target.exists():
        return
    try:
        blobs = [hyperscan.dumpb(db) for db in engine.matcher.screen_databases()]
    except hyperscan.error:
        return
    if not blobs:
        return
    state = {"version": SCREEN_VERSION, "databases": blobs}
    write_atomic(
        target, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), keep=("screen-*", KEEP_SCREENS)
    )


@dataclass(slots=True)
class Screen:
    """The compiled rule databases of one configuration, ready to prove inputs clean."""

    databases: list[tuple[Any, Any]]  # (hyperscan.Database, its Scratch)

    def hits(self, data: bytes) -> bool:
        """Whether any rule or decoding trigger of the engine hits `data` (then only the engine can tell)."""
        if not data:
            return False
        import hyperscan  # noqa: PLC0415 - already loaded by load_screen

        hit: list[bool] = []

        def on_hit(_rule: int, _start: int, _end: int, _flags: int, _ctx: object) -> bool:
            hit.append(True)
            return True  # one is enough

        for database, scratch in self.databases:
            try:
                database.scan(data, match_event_handler=on_hit, scratch=scratch)
            except hyperscan.ScanTerminated:
                return True
            except hyperscan.error:
                return True  # the engine will report it
            if hit:
                return True
        return False


def load_screen(settings: SettingsSnapshot) -> Screen | None:
    """The screen stored for these settings and the rule files as they are now, or None."""
    try:
        import hyperscan  # noqa: PLC0415

        key = screen_key(settings.canonical, _rule_files(settings.rules, settings.gitleaks_config))
        if key is None:
            return None
        with (cache_dir() / f"screen-{key}.pickle").open("rb") as handle:
            state = pickle.load(handle)  # noqa: S301 - our own cache, in the user's own cache folder
        if not isinstance(state, dict) or state.get("version") != SCREEN_VERSION:
            return None
        databases = [hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK) for blob in state["databases"]]
        if not databases:
            return None
        return Screen([(db, hyperscan.Scratch(db)) for db in databases])
    except Exception:  # noqa: BLE001 - any trouble with the cache only means the full path runs
        return None
