"""`discover --write` over a file people edited (issue #16): every comment, every field discovery does not own
(`rotation:` above all: losing it silently turns automated rotation off) and the file's layout stay byte for
byte; only `status`, `locations` and `discovered` change, and new variables are appended to the list."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

from secretguard.inventory.discover.base import DiscoveredVariable
from secretguard.inventory.merge import merge
from secretguard.inventory.model import (
    VARIABLE_ORDER,
    Inventory,
    Variable,
    dump_inventory,
    load_inventory,
    parse_inventory,
    save_inventory,
)
from tests.conftest import CliRunner
from tests.servers import ASSETS

EDITED = """\
# secretguard environment-variable inventory.
# Team: platform. Reviewed 2024-05-01.
version: 1

# Where the values live.
environments:
  production:
    stores:
      - ssm: /app/production/   # shorthand kept
      - vault: {mount: secret, path: app/prod, timeout: 10.0}
    ignore_undeclared: ["AWS_*"]
variables:
  # --- database ---
  - name: DATABASE_URL
    purpose: "Primary Postgres"   # quoted on purpose
    owner: dba@example.com
    secret: yes
    rotation_days: 90
    rotation: manual
    locations:
      - app.py:3
    discovered:
      optional: false
      secret: true
      sources: [python]
  # --- logging ---
  - name: LOG_LEVEL
    purpose: ''
    secret: false
    required: false
    locations:
    - app.py:4  # machine-written
    discovered:
      optional: true
      secret: false
      sources:
      - python
      default: info
    # keep at info in production
  - name: OLD_FLAG
    owner: ''
    locations:
    - app.py:6
    discovered:
      optional: true
      secret: false
      sources:
      - python
  - {name: SESSION_SECRET, secret: true, rotation: {kind: generate, length: 64, alphabet: hex}}  # weekly
  - name: JWT_KEY   # added by hand, never discovered
    secret: true
    rotation:
      kind: generate
      previous: JWT_KEY_PREVIOUS
# end of variables
"""

# What the code reads now: DATABASE_URL and LOG_LEVEL moved a line down, LOG_LEVEL's default changed,
# OLD_FLAG is gone, SESSION_SECRET is found for the first time, API_TOKEN and NEW_ONE are new.
FOUND = [
    DiscoveredVariable("DATABASE_URL", ["app.py:4"], optional=False, secret=True, sources=["python"]),
    DiscoveredVariable("LOG_LEVEL", ["app.py:5"], optional=True, sources=["python"], default="debug"),
    DiscoveredVariable("SESSION_SECRET", ["app.py:6"], optional=False, secret=True, sources=["python"]),
    DiscoveredVariable("NEW_ONE", ["app.py:7"], optional=True, sources=["python"], default="1"),
    DiscoveredVariable("API_TOKEN", ["app.py:8"], optional=False, secret=True, sources=["python"]),
]

EXPECTED = (
    EDITED.replace("      - app.py:3\n", "      - app.py:4\n")
    .replace("    - app.py:4  # machine-written\n", "    - app.py:5  # machine-written\n")
    .replace("      default: info\n", "      default: debug\n")
    .replace("  - name: OLD_FLAG\n", "  - name: OLD_FLAG\n    status: vanished\n")
    .replace(
        "alphabet: hex}}  # weekly\n",
        "alphabet: hex}, locations: ['app.py:6'], discovered: {optional: false, secret: true, sources: "
        "[python]}}  # weekly\n",
    )
    .replace(
        "      previous: JWT_KEY_PREVIOUS\n",
        """\
      previous: JWT_KEY_PREVIOUS
  - name: API_TOKEN
    purpose: ''
    owner: ''
    secret: true
    required: true
    locations:
      - app.py:8
    discovered:
      optional: false
      secret: true
      sources:
        - python
  - name: NEW_ONE
    purpose: ''
    owner: ''
    secret: false
    required: false
    locations:
      - app.py:7
    discovered:
      optional: true
      secret: false
      sources:
        - python
      default: '1'
""",
    )
)


def _write(path: Path, found: list[DiscoveredVariable]) -> str | None:
    merged, _ = merge(load_inventory(path), found)
    return save_inventory(merged, path)


def test_only_discovery_fields_change(tmp_path: Path) -> None:
    path = tmp_path / "secretguard.inventory.yaml"
    path.write_text(EDITED, encoding="utf-8")
    assert _write(path, FOUND) is None
    assert path.read_text(encoding="utf-8") == EXPECTED
    inv = load_inventory(path)
    rotation = {v.name: v.rotation.kind if v.rotation else None for v in inv.variables}
    assert rotation == {
        "DATABASE_URL": "manual",
        "LOG_LEVEL": None,
        "OLD_FLAG": None,
        "SESSION_SECRET": "generate",
        "JWT_KEY": "generate",
        "API_TOKEN": None,
        "NEW_ONE": None,
    }
    assert inv.variables[-1].discovered is not None
    assert inv.variables[-1].discovered.default == "1"
    # Run again with the same discovery: nothing moves.
    assert _write(path, FOUND) is None
    assert path.read_text(encoding="utf-8") == EXPECTED


def test_a_vanished_variable_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(EXPECTED, encoding="utf-8")
    back = DiscoveredVariable("OLD_FLAG", ["app.py:9"], optional=True, sources=["python"])
    _write(path, [*FOUND, back])
    assert path.read_text(encoding="utf-8") == EXPECTED.replace(
        "  - name: OLD_FLAG\n    status: vanished\n    owner: ''\n    locations:\n    - app.py:6\n",
        "  - name: OLD_FLAG\n    owner: ''\n    locations:\n    - app.py:9\n",
    )


def test_flow_style_variable_vanishes_and_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    text = (
        "variables:\n"
        "- {name: A, rotation: generate, locations: [a.py:1], discovered: {sources: [python]}}  # note\n"
    )
    path.write_text(text, encoding="utf-8")
    _write(path, [])
    vanished = text.replace("{name: A, ", "{name: A, status: vanished, ")
    assert path.read_text(encoding="utf-8") == vanished
    _write(path, [DiscoveredVariable("A", ["a.py:1"], sources=["python"])])
    assert path.read_text(encoding="utf-8") == text.replace(
        "discovered: {sources: [python]}", "discovered: {optional: true, sources: [python]}"
    )


def test_comments_inside_a_rewritten_field_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(
        "variables:\n"
        "- name: A\n"
        "  rotation: generate\n"
        "  locations:   # where it is read\n"
        "  # the first is the real one\n"
        "  - a.py:1\n"
        "  - b.py:2  # old\n"
        "  # rotation happens on Mondays\n"
        "  discovered:\n"
        "    optional: true\n"
        "    secret: false\n",
        encoding="utf-8",
    )
    _write(path, [DiscoveredVariable("A", ["c.py:3"])])
    assert path.read_text(encoding="utf-8") == (
        "variables:\n"
        "- name: A\n"
        "  rotation: generate\n"
        "  locations:   # where it is read\n"
        "  # the first is the real one\n"
        "  - c.py:3\n"
        "  # old\n"
        "  # rotation happens on Mondays\n"
        "  discovered:\n"
        "    optional: true\n"
        "    secret: false\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "# only a comment\n",
        "",
        "version: 1\nvariables: []  # none yet\n",
        "version: 1\nenvironments: {}\n",
        "# kept\nvariables:\n  - name: OLD\n    rotation: generate\n",
    ],
)
def test_new_variables_go_into_the_variables_list(tmp_path: Path, text: str) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    assert _write(path, [DiscoveredVariable("NEW", ["x.py:1"])]) is None
    result = path.read_text(encoding="utf-8")
    assert re.findall("#.*", result) == re.findall("#.*", text)
    inv = load_inventory(path)
    assert inv.variables[-1].name == "NEW"
    assert [v.name for v in inv.variables][:-1] == [
        v.name for v in parse_inventory(yaml.safe_load(text)).variables
    ]


def test_crlf_and_permissions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_bytes(EDITED.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    _write(path, FOUND)
    assert path.read_bytes() == EXPECTED.replace("\n", "\r\n").encode()
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_file_that_cannot_be_edited_in_place_is_written_afresh_with_every_field(tmp_path: Path) -> None:
    # A's entry is anchored and B merges it: a change to A cannot be made without breaking B.
    path = tmp_path / "inv.yaml"
    path.write_text(
        "variables:\n"
        "- &base {name: A, owner: ops, rotation: generate, locations: [a.py:1],\n"
        "         discovered: {sources: [py]}}\n"
        "- <<: *base\n"
        "  name: B\n",
        encoding="utf-8",
    )
    note = _write(path, [DiscoveredVariable("A", ["a.py:2"]), DiscoveredVariable("B", ["a.py:1"])])
    assert note is not None
    assert "written afresh" in note
    inv = load_inventory(path)
    assert [(v.name, v.owner, v.rotation.kind if v.rotation else None) for v in inv.variables] == [
        ("A", "ops", "generate"),
        ("B", "ops", "generate"),
    ]


def test_every_field_is_written_in_a_new_file() -> None:
    """The field order names every field of a variable: one missing from it was dropped on save."""
    assert set(VARIABLE_ORDER) == set(Variable.model_fields)
    inv = parse_inventory(
        {"variables": [{"name": "S", "secret": True, "rotation": {"kind": "generate", "length": 64}}]}
    )
    again = parse_inventory(yaml.safe_load(dump_inventory(inv)))
    assert again == inv
    assert again.variables[0].rotation is not None
    assert again.variables[0].rotation.length == 64


def _annotated(text: str) -> str:
    """Every line of `text` with an inline comment, and a comment line before each."""
    out = []
    for number, line in enumerate(text.splitlines()):
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip())
        out.append(" " * indent + f"# above {number}")
        out.append(f"{line}  # inline {number}")
    return "\n".join(out) + "\n"


def test_discover_write_keeps_every_comment_and_rotation(cli: CliRunner, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ASSETS / "project", project)
    target = project / "secretguard.inventory.yaml"
    assert cli("inventory", "discover", project, "--write").code == 0
    # A person comments every line and sets rotation (shorthand and full) and a hand-added variable.
    text = target.read_text(encoding="utf-8")
    text = re.sub(
        r"(- name: (STRIPE_SECRET_KEY|BATCH_SIZE)\n)", r"\1  rotation: generate  # weekly\n", text
    ) + (
        "- name: HAND_ADDED\n  secret: true\n  rotation:\n    kind: generate\n    previous: HAND_ADDED_OLD\n"
        "# the end\n"
    )
    text = _annotated(text)
    target.write_text(text, encoding="utf-8")
    before = load_inventory(target)
    comments = sorted(re.findall(r"# (?:above|inline) \d+", text))

    # The code changes: the Go worker goes away, a variable appears.
    shutil.rmtree(project / "services")
    (project / "backend" / "app" / "extra.py").write_text(
        'import os\nFLAG = os.getenv("NEW_FEATURE_FLAG", "off")\n', encoding="utf-8"
    )
    run = cli("inventory", "discover", project, "--write")
    assert run.code == 0, run.err
    assert "note:" not in run.err
    result = target.read_text(encoding="utf-8")
    assert sorted(re.findall(r"# (?:above|inline) \d+", result)) == comments
    after = load_inventory(target)
    old = {v.name: v for v in before.variables}
    for var in after.variables:
        if var.name not in old:
            continue
        # Nothing but discovery's fields changed.
        assert var.model_dump(exclude={"status", "locations", "discovered"}) == old[var.name].model_dump(
            exclude={"status", "locations", "discovered"}
        )
    merged = {v.name: v for v in after.variables}
    assert merged["BATCH_SIZE"].status == "vanished"
    assert merged["BATCH_SIZE"].rotation is not None
    assert merged["STRIPE_SECRET_KEY"].rotation is not None
    assert merged["HAND_ADDED"].rotation is not None
    assert merged["HAND_ADDED"].rotation.previous == "HAND_ADDED_OLD"
    assert "NEW_FEATURE_FLAG" in merged
    assert result.index("NEW_FEATURE_FLAG") > result.index("HAND_ADDED")
    assert result.endswith("# the end\n")
    # Lines outside the variables' discovery fields are byte for byte the same.
    added = result[result.index("- name: NEW_FEATURE_FLAG") : result.index("# the end")]
    assert "# " not in added
    assert _outside_discovery(result.replace(added, "")) == _outside_discovery(text)


def _outside_discovery(text: str) -> list[str]:
    """The file's lines, without `status`, `locations` and `discovered` blocks and appended variables."""
    kept = []
    skip_deeper_than: int | None = None
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if skip_deeper_than is not None:
            if (
                not stripped
                or stripped.startswith("#")
                or indent > skip_deeper_than
                or (stripped.startswith("- ") and indent == skip_deeper_than)
            ):
                continue
            skip_deeper_than = None
        if re.match(r"(status|locations|discovered):", stripped):
            skip_deeper_than = indent
            continue
        if stripped.startswith("#"):
            continue  # comments are compared as a whole above (some move next to their field)
        kept.append(line)
    return kept


def test_save_keeps_an_unchanged_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(EDITED, encoding="utf-8")
    save_inventory(load_inventory(path), path)
    assert path.read_text(encoding="utf-8") == EDITED


def test_fresh_file_is_the_plain_dump(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    inv = Inventory(variables=[Variable(name="A", rotation={"kind": "generate"})])  # type: ignore[arg-type]
    assert save_inventory(inv, path) is None
    assert path.read_text(encoding="utf-8") == dump_inventory(inv)
    assert os.access(path, os.R_OK)


def _styled(inv: Inventory, style: int) -> str:
    """The inventory written as a person might: PyYAML's layout, lists indented, or flow entries; with
    comments above and beside every variable."""
    data = yaml.safe_load(dump_inventory(inv))
    lines = ["# top comment", "version: 1", "variables:  # the list"]
    for var in data["variables"]:
        lines.append(f"  # about {var['name']}")
        if style == 2:
            lines.append(
                "  - " + yaml.safe_dump(var, default_flow_style=True, width=10_000).strip() + "  # flow"
            )
            continue
        dumper = yaml.SafeDumper
        block = yaml.dump([var], Dumper=dumper, sort_keys=False, width=10_000)
        if style == 1:
            block = yaml.dump([var], Dumper=_Indented, sort_keys=False, width=10_000)
        first, *rest = block.rstrip("\n").split("\n")
        lines.append("  " + first + "  # first line")
        lines.extend("  " + line for line in rest)
        lines.append("    # inside, at the end")
    lines.append("# bottom comment")
    return "\n".join(lines) + "\n"


class _Indented(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


@pytest.mark.parametrize("style", [0, 1, 2])
@pytest.mark.parametrize("seed", range(12))
def test_random_rediscoveries_keep_every_comment(tmp_path: Path, style: int, seed: int) -> None:
    rng = random.Random(seed * 10 + style)
    names = [f"VAR_{i}" for i in range(8)]

    def discovery(least: int = 0) -> list[DiscoveredVariable]:
        found = []
        for name in rng.sample(names, rng.randint(least, len(names))):
            found.append(
                DiscoveredVariable(
                    name,
                    [f"{rng.choice('abc')}.py:{rng.randint(1, 30)}" for _ in range(rng.randint(1, 3))],
                    optional=rng.random() < 0.5,
                    secret=rng.random() < 0.3,
                    sources=sorted(
                        rng.sample(["python", "compose", "dockerfile", "dotenv"], rng.randint(1, 2))
                    ),
                    default=rng.choice([None, "1", "yes", "info", "a: b", "#x"]),
                )
            )
        return found

    merged, _ = merge(None, discovery(least=1))
    for var in merged.variables[::2]:
        var.owner = "team@example.com"
        var.rotation = (
            parse_inventory({"variables": [{"name": "X", "rotation": "generate"}]}).variables[0].rotation
        )
    path = tmp_path / "inv.yaml"
    text = _styled(merged, style)
    path.write_text(text, encoding="utf-8")
    marks = r"# (?:about VAR_\d|top comment|bottom comment|the list|flow|first line|inside, at the end)"
    comments = sorted(re.findall(marks, text))
    for _ in range(4):
        before = load_inventory(path)
        merged, _ = merge(before, discovery())
        assert save_inventory(merged, path) is None
        after = path.read_text(encoding="utf-8")
        assert load_inventory(path).model_dump() == merged.model_dump()
        assert sorted(re.findall(marks, after)) == comments
        assert after.startswith("# top comment\nversion: 1\nvariables:  # the list\n")
        assert after.endswith("# bottom comment\n")
        old = {v.name: v for v in before.variables}
        for var in load_inventory(path).variables:
            if var.name in old:
                assert var.rotation == old[var.name].rotation
                assert var.owner == old[var.name].owner
