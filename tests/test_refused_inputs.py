"""One rule for every input the tool opens (issue 14, item 9): rule files, gitleaks configs, the inventory,
snapshots, scan reports, check results, plans, the rotation journal, CODEOWNERS and the files `inventory
discover` walks are read through secretguard.safe_read. A FIFO (which used to block forever), a device
(a symlink to /dev/zero, which never ends) or a file over the size limit is refused with the reason:
a named skip where the tool goes on (rule files: exit 3; discovery), a clear error elsewhere (exit 2).

Every call that used to block runs under `settle`, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from secretguard.errors import ExitCode
from secretguard.plan import owners
from secretguard.rotate.journal import Journal, JournalError
from tests.conftest import CliRun, CliRunner
from tests.helpers import settle

INVENTORY = "version: 1\nenvironments:\n  production: {stores: []}\nvariables:\n  - {name: APP_MODE}\n"
Hostile = Callable[[Path], None]


def fifo(path: Path) -> None:
    os.mkfifo(path)


def zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


HOSTILE: dict[str, tuple[Hostile, str]] = {
    "fifo": (fifo, "not a regular file but a FIFO"),
    "dev-zero": (zero, "not a regular file but a character device"),
}


def run(cli: CliRunner, *args: str | Path) -> CliRun:
    result = settle(lambda: cli(*args), f"secretguard {' '.join(map(str, args[:2]))}")
    assert isinstance(result, CliRun), result
    assert "Traceback" not in result.err
    return result


# --- rule files: a named skip, the scan goes on (exit 3) ------------------------------------------------


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("key", ["rules", "gitleaks_config"])
def test_a_hostile_rule_file_is_a_named_skip(cli: CliRunner, tmp_path: Path, kind: str, key: str) -> None:
    make, reason = HOSTILE[kind]
    make(tmp_path / "custom.yaml")
    value = "['custom.yaml']" if key == "rules" else "'custom.yaml'"
    (tmp_path / ".secretguard.toml").write_text(f"{key} = {value}\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("nothing here\n")
    done = run(cli, "scan", "files", tmp_path / "src")
    assert done.code == ExitCode.INCOMPLETE, done.err
    what = "rule file" if key == "rules" else "gitleaks config"
    assert f"rule not loaded: cannot read {what} custom.yaml: {reason}" in done.out


def test_an_oversized_rule_file_is_a_named_skip(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secretguard.scan import rules

    monkeypatch.setattr(rules, "MAX_RULE_FILE_BYTES", 64)
    (tmp_path / "custom.yaml").write_text("rules: []\n" + "# padding\n" * 10)
    (tmp_path / ".secretguard.toml").write_text("rules = ['custom.yaml']\n")
    (tmp_path / "src").mkdir()
    done = run(cli, "scan", "files", tmp_path / "src")
    assert done.code == ExitCode.INCOMPLETE, done.err
    assert "cannot read rule file custom.yaml: larger than the size limit" in done.out


# --- inputs of inventory, plan and rotate: an error naming the reason (exit 2) --------------------------


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "secretguard.inventory.yaml"
    path.write_text(INVENTORY)
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_inventory_is_an_error(cli: CliRunner, tmp_path: Path, kind: str) -> None:
    make, reason = HOSTILE[kind]
    make(tmp_path / "inv.yaml")
    for args in (("check", "--env", "production"), ("export", "--format", "dotenv-example")):
        done = run(cli, "inventory", args[0], "--inventory", tmp_path / "inv.yaml", *args[1:])
        assert done.code == ExitCode.USAGE
        assert f"cannot read inventory file {tmp_path / 'inv.yaml'}: {reason}" in done.err


def test_an_oversized_inventory_is_an_error(cli: CliRunner, tmp_path: Path) -> None:
    from secretguard.inventory.model import MAX_INVENTORY_BYTES

    big = tmp_path / "inv.yaml"
    big.touch()
    os.truncate(big, MAX_INVENTORY_BYTES + 1)  # sparse: refused by its size, never read
    done = run(cli, "inventory", "export", "--inventory", big, "--format", "dotenv-example")
    assert done.code == ExitCode.USAGE
    assert "larger than the size limit" in done.err


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_snapshot_is_an_error(cli: CliRunner, tmp_path: Path, kind: str) -> None:
    make, reason = HOSTILE[kind]
    make(tmp_path / "before.json")
    (tmp_path / "after.json").write_text("{}")
    done = run(cli, "inventory", "diff", tmp_path / "before.json", tmp_path / "after.json")
    assert done.code == ExitCode.USAGE
    assert f"cannot read snapshot {tmp_path / 'before.json'}: {reason}" in done.err


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_plan_inputs_are_errors(cli: CliRunner, tmp_path: Path, inventory: Path, kind: str) -> None:
    make, reason = HOSTILE[kind]
    make(tmp_path / "hostile.json")
    (tmp_path / "report.json").write_text("[]")
    done = run(cli, "plan", "--findings", tmp_path / "hostile.json")
    assert done.code == ExitCode.USAGE
    assert f"cannot read findings {tmp_path / 'hostile.json'}: {reason}" in done.err
    done = run(cli, "plan", "--findings", tmp_path / "report.json", "--check", tmp_path / "hostile.json")
    assert done.code == ExitCode.USAGE
    assert f"cannot read the check results {tmp_path / 'hostile.json'}: {reason}" in done.err
    done = run(cli, "inventory", "report", "--inventory", inventory, "--results", tmp_path / "hostile.json")
    assert done.code == ExitCode.USAGE
    assert f"cannot read check results {tmp_path / 'hostile.json'}: {reason}" in done.err
    done = run(cli, "rotate", "--inventory", inventory, "--plan", tmp_path / "hostile.json")
    assert done.code == ExitCode.USAGE
    assert f"cannot read the plan {tmp_path / 'hostile.json'}: {reason}" in done.err


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_journal_is_an_error(tmp_path: Path, kind: str) -> None:
    make, reason = HOSTILE[kind]
    make(tmp_path / "journal.jsonl")

    def open_it() -> None:
        with Journal(tmp_path / "journal.jsonl").open():
            pass

    error = settle(open_it, "opening the journal")
    assert isinstance(error, JournalError), error
    assert error.message == f"cannot open the rotation journal {tmp_path / 'journal.jsonl'}: {reason}"
    assert error.exit_code == ExitCode.USAGE


def test_a_journal_still_opens_when_new_or_regular(tmp_path: Path) -> None:
    path = tmp_path / "j" / "journal.jsonl"
    with Journal(path).open() as journal:
        journal.record(journal.start("prod/KEY"), "begin")
    with Journal(path).open() as journal:
        current = journal.current("prod/KEY")
        assert current is not None
        assert [e["event"] for e in current.events] == ["begin"]


def test_a_hostile_codeowners_is_a_named_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # find_codeowners takes only regular files; one swapped for a FIFO after that is still never read.
    (tmp_path / ".github").mkdir()
    os.mkfifo(tmp_path / ".github" / "CODEOWNERS")
    monkeypatch.setattr(owners, "find_codeowners", lambda repo: repo / ".github" / "CODEOWNERS")
    found = settle(lambda: owners.load_codeowners(tmp_path), "reading CODEOWNERS")
    assert isinstance(found, owners.CodeOwners), found
    assert found.rules == []
    assert found.problems == ["cannot read .github/CODEOWNERS: not a regular file but a FIFO"]


def test_a_fifo_gitignore_does_not_hang_the_plan_advice(tmp_path: Path) -> None:
    from secretguard.plan.cleanup import gitignore_advice

    os.mkfifo(tmp_path / ".gitignore")
    advice = settle(lambda: gitignore_advice([".env"], tmp_path), "reading .gitignore")
    assert advice == [".env"]  # read as if it had no lines


# --- inventory discover: hostile files in the tree are skipped and named --------------------------------


def test_discover_skips_and_names_fifos_devices_and_links_out(cli: CliRunner, tmp_path: Path) -> None:
    from secretguard.inventory.discover import MAX_SIZE

    tree = tmp_path / "project"
    tree.mkdir()
    outside = tmp_path / "outside.py"
    outside.write_text('import os\nos.environ["OUTSIDE_TOKEN"]\n')
    (tree / "app.py").write_text('import os\nTOKEN = os.environ["APP_TOKEN"]\n')
    os.mkfifo(tree / "pipe.py")  # a FIFO discovery would read as Python
    os.mkfifo(tree / "runme")  # no extension: its head is read to look for a shebang
    (tree / "zero.sh").symlink_to("/dev/zero")
    (tree / "out.py").symlink_to(outside)
    (tree / "big.py").touch()
    os.truncate(tree / "big.py", MAX_SIZE + 1)
    done = run(cli, "inventory", "discover", tree, "--format", "json")
    assert done.code == ExitCode.CLEAN, done.err
    assert "APP_TOKEN" in done.out
    assert "OUTSIDE_TOKEN" not in done.out
    for line in (
        "skipped pipe.py: not a regular file but a FIFO",
        "skipped runme: not a regular file but a FIFO",
        "skipped zero.sh: not a regular file but a character device",
        "skipped out.py: a symbolic link to outside the scanned folders",
        "skipped big.py: larger than the size limit",
    ):
        assert line in done.err
    assert done.err.count("skipped runme:") == 1


def test_discover_in_a_work_tree_says_nothing_of_folders_git_lists(cli: CliRunner, tmp_path: Path) -> None:
    from tests.scan.sources.gitfixtures import Git

    git = Git(tmp_path / "repo")
    git.write("sub/app.py", 'import os\nos.environ["APP_TOKEN"]\n')
    (git.path / "linked").symlink_to("sub")  # git lists a symlink to a folder (as it lists a submodule)
    git("add", "sub/app.py", "linked")
    git.commit("init")
    done = run(cli, "inventory", "discover", git.path, "--format", "json")
    assert done.code == ExitCode.CLEAN, done.err
    assert "APP_TOKEN" in done.out
    assert "skipped" not in done.err  # "linked" is refused as a folder, and that is no skip
