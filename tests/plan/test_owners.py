"""CODEOWNERS parsing and matching (secretguard/plan/owners.py): gitignore-style patterns, last match wins,
owner-less lines un-set, GitLab sections, and which file is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.plan.owners import compile_pattern, load_codeowners, parse_codeowners
from tests.conftest import CliRunner


def owners(text: str, path: str) -> str | None:
    match = parse_codeowners(text).owners_for(path)
    return " ".join(match.owners) if match else None


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        # no slash: any depth, a file or a directory of that name
        ("*.js", "app.js", True),
        ("*.js", "web/src/app.js", True),
        ("*.js", "web/app.jsx", False),
        ("build", "build", True),
        ("build", "a/build/out.txt", True),
        ("build", "a/builds/out.txt", False),
        ("*", "any/thing/at/all.txt", True),
        # leading slash: anchored at the root
        ("/build", "build/x", True),
        ("/build", "a/build/x", False),
        ("/README.md", "README.md", True),
        ("/README.md", "docs/README.md", False),
        # a slash inside: anchored too
        ("docs/api", "docs/api/v1.md", True),
        ("docs/api", "site/docs/api/v1.md", False),
        # trailing slash: a directory, everything under it, at any depth when not otherwise anchored
        ("apps/", "apps/web/main.py", True),
        ("apps/", "services/apps/web/main.py", True),
        ("apps/", "apps", False),  # a file named apps is not the directory
        ("/apps/", "services/apps/x", False),
        # `*` does not cross `/`; `dir/*` owns only direct children (GitHub)
        ("docs/*", "docs/getting-started.md", True),
        ("docs/*", "docs/build-app/troubleshooting.md", False),
        ("/src/*.py", "src/a.py", True),
        ("/src/*.py", "src/pkg/a.py", False),
        ("?.txt", "a.txt", True),
        ("?.txt", "ab.txt", False),
        # `**`
        ("**/logs", "logs/a", True),
        ("**/logs", "build/logs/a", True),
        ("**/logs", "deeply/nested/logs/a.log", True),
        ("**/logs", "catalogs/a", False),
        ("/a/**/b", "a/b", True),
        ("/a/**/b", "a/x/y/b", True),
        ("/a/**/b", "a/x/yb", False),
        ("/a/**", "a/x/y", True),
        ("/a/**", "a", False),
        # character classes and escapes
        ("[Dd]ocs/", "Docs/x", True),
        ("[Dd]ocs/", "docs/x", True),
        ("[!D]ocs/", "Docs/x", False),
        ("my\\ file.txt", "my file.txt", True),
        ("file.txt", "filextxt", False),  # `.` is literal
    ],
)
def test_pattern(pattern: str, path: str, expected: bool) -> None:
    assert (compile_pattern(pattern).fullmatch(path) is not None) is expected


GITHUB_STYLE = """\
# Default owners for everything in the repository.
*       @acme/maintainers

# Order matters: the last matching pattern takes precedence.
*.js    @acme/web  # inline comment
/services/billing/   @acme/billing   alice@example.test
/services/billing/generated/
/docs/   @acme/docs
docs/*   @acme/docs-top
\\#notes.md  @acme/notes
"""


def test_last_matching_pattern_wins_and_empty_owners_unset() -> None:
    assert owners(GITHUB_STYLE, "README.md") == "@acme/maintainers"
    assert owners(GITHUB_STYLE, "web/app.js") == "@acme/web"  # the inline comment is not an owner
    assert owners(GITHUB_STYLE, "services/billing/config.py") == "@acme/billing alice@example.test"
    assert owners(GITHUB_STYLE, "services/billing/generated/pb.py") is None  # un-set by the later line
    assert owners(GITHUB_STYLE, "docs/index.md") == "@acme/docs-top"
    assert owners(GITHUB_STYLE, "docs/guide/setup.md") == "@acme/docs"
    assert owners(GITHUB_STYLE, "#notes.md") == "@acme/notes"
    assert owners(GITHUB_STYLE, "./services/billing/x.py") == "@acme/billing alice@example.test"


def test_match_names_the_deciding_line() -> None:
    match = parse_codeowners(GITHUB_STYLE, ".github/CODEOWNERS").owners_for("services/billing/x.py")
    assert match is not None
    assert match.describe() == ".github/CODEOWNERS:6 /services/billing/"


def test_gitlab_sections_combine_and_default_owners() -> None:
    text = """\
* @acme/maintainers
[Backend] @acme/backend
/services/
/services/api/ @acme/api
^[Docs][2] @acme/docs
*.md
"""
    assert owners(text, "services/api/handler.py") == "@acme/maintainers @acme/api"
    assert owners(text, "services/worker/main.py") == "@acme/maintainers @acme/backend"
    assert owners(text, "services/api/README.md") == "@acme/maintainers @acme/api @acme/docs"
    assert owners(text, "web/index.html") == "@acme/maintainers"


def test_unsupported_and_invalid_lines_are_skipped_and_reported() -> None:
    parsed = parse_codeowners("!secret.txt @a\n[abc @b\n/ok/ @c\n", "CODEOWNERS")
    assert [r.pattern for r in parsed.rules] == ["/ok/"]
    assert parsed.problems == [
        "CODEOWNERS:1: negated pattern skipped (not supported by GitHub)",
        "CODEOWNERS:2: invalid pattern skipped",
    ]


def test_file_locations_in_order(tmp_path: Path) -> None:
    assert load_codeowners(tmp_path) is None
    (tmp_path / ".gitlab").mkdir()
    (tmp_path / ".gitlab" / "CODEOWNERS").write_text("* @gitlab\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "CODEOWNERS").write_text("* @docs\n")
    found = load_codeowners(tmp_path)
    assert found is not None
    assert found.source == "docs/CODEOWNERS"
    (tmp_path / "CODEOWNERS").write_text("* @root\n")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("* @github\n")
    found = load_codeowners(tmp_path)
    assert found is not None
    assert found.source == ".github/CODEOWNERS"
    match = found.owners_for("x")
    assert match is not None
    assert match.owners == ("@github",)


def test_undecodable_bytes_do_not_stop_the_file(tmp_path: Path) -> None:
    (tmp_path / "CODEOWNERS").write_bytes(b"/a/ @x\xff\n/b/ @y\n")
    found = load_codeowners(tmp_path)
    assert found is not None
    match = found.owners_for("b/c")
    assert match is not None
    assert match.owners == ("@y",)


def test_report_paths_as_repository_paths(tmp_path: Path) -> None:
    from secretguard.plan.planner import repo_path

    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    (repo / "src").mkdir(parents=True)
    elsewhere.mkdir()
    assert repo_path("src/a.py", repo, repo, from_git=True) == "src/a.py"
    assert repo_path(str(repo / "src" / "a.py"), repo, elsewhere, from_git=False) == "src/a.py"
    assert repo_path("./a.py", repo, repo / "src", from_git=False) == "src/a.py"  # relative to the scan's cwd
    assert repo_path("src/a.py", repo, elsewhere, from_git=False) == "src/a.py"  # else to the repository
    assert repo_path(str(elsewhere / "a.py"), repo, repo, from_git=False) is None
    assert repo_path("dist/app.zip!config/.env", repo, repo, from_git=False) == "dist/app.zip"
    assert repo_path("<commit message>", repo, repo, from_git=True) is None


def test_codeowners_only_when_the_inventory_names_no_owner(tmp_path: Path) -> None:
    from secretguard.plan.planner import Exposure, PlanEntry, assign_codeowners

    def entry(owner: str | None, *exposures: Exposure) -> PlanEntry:
        return PlanEntry(
            key="k", rule_id="r", title="t", provider="p", severity="high", exposure_class="server-only",
            playbook="generic-api-key", fingerprint="f", secret="", exposures=list(exposures), owner=owner,
            owner_source="inventory" if owner else None,
        )  # fmt: skip

    rules = parse_codeowners("/api/ @api\n/web/ @web\n/web/dist/ @release\n", ".github/CODEOWNERS")
    kept = entry("ops@example.test", Exposure("repository", "api/x.py", 1))
    history = entry(None, Exposure("history", "api/old.py", 1, commit="c" * 40))
    bundle = entry(
        None,
        Exposure("history", "api/x.py", 1, commit="c" * 40),
        Exposure(
            "public-bundle", str(tmp_path / "web/dist/a.js"), 1, original_file=str(tmp_path / "web/a.ts")
        ),
    )
    nobody = entry(None, Exposure("repository", "docs/x.md", 1))
    assert assign_codeowners([kept, history, bundle, nobody], rules, tmp_path, tmp_path) == 2
    assert (kept.owner, kept.owner_source, kept.owner_rule) == ("ops@example.test", "inventory", None)
    assert (history.owner, history.owner_source) == ("@api", "CODEOWNERS")
    assert history.owner_rule == ".github/CODEOWNERS:1 /api/"
    assert bundle.owner == "@web"  # the most public exposure's source file decides
    assert (nobody.owner, nobody.owner_source) == (None, None)


def test_plan_cli_notes_a_repository_without_codeowners(tmp_path: Path, cli: CliRunner) -> None:
    report = tmp_path / "r.json"
    report.write_text("[]")
    run = cli("plan", "--findings", report, "--repo", tmp_path, "--format", "json")
    assert run.code == 0
    assert "no CODEOWNERS in" in run.err
    (tmp_path / "CODEOWNERS").write_text("!x @a\n")
    run = cli("plan", "--findings", report, "--repo", tmp_path, "--format", "json")
    assert "CODEOWNERS:1: negated pattern skipped" in run.err
