"""The Markdown plan shows every value from the reports as text: a file named `<img src=x onerror=...>`
must not become HTML (GitHub, GitLab and most previewers render inline HTML), nor a link, nor break the
table."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from secretguard.formats.plan import to_markdown
from secretguard.plan.planner import Exposure, PlanEntry
from tests.conftest import CliRunner
from tests.helpers import github_style_token

IMG = "<img src=x onerror=alert(1)>"


def _entry(**fields: object) -> PlanEntry:
    base: dict[str, object] = {
        "key": "k",
        "rule_id": "github-pat",
        "title": "GitHub token",
        "provider": "github",
        "severity": "high",
        "exposure_class": "server-only",
        "playbook": "github-token",
        "fingerprint": "github-pat:0123",
        "secret": "ghp_…[redacted:01234567]",
        "rank": 1,
        "steps": [{"action": "Revoke it (Settings > Tokens).", "verify": "401"}],
    }
    return PlanEntry(**{**base, **fields})  # type: ignore[arg-type]


def _html_tags(markdown: str) -> list[str]:
    """What a CommonMark renderer would take as raw HTML: `<` then a tag name, `/`, `!` or `?`, outside
    code spans (whose content is literal)."""
    return re.findall(r"<[A-Za-z/!?]", re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown))


def test_a_file_named_like_html_stays_text_in_the_markdown_plan(cli: CliRunner, tmp_path: Path) -> None:
    """The issue's recipe: a real file named `<img onerror=...>`, scanned, and the report planned."""
    token = github_style_token(random.Random(1431))
    (tmp_path / f"{IMG}.env").write_text(f"GITHUB_TOKEN={token}\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert cli("scan", "files", ".", "--all-files", "--format", "json", "--output", report).code == 1
    run = cli("plan", "--findings", report, "--format", "markdown")
    assert run.code == 1, run.err
    assert _html_tags(run.out) == []
    assert "&lt;img src=x onerror=alert(1)>.env:1" in run.out
    assert token not in run.out


def test_every_value_is_escaped_and_the_table_keeps_its_columns() -> None:
    hostile = f"a|b\\|c [x](javascript:alert(1)) &amp; {IMG}\x1b]0;t\x07"
    entry = _entry(
        title=f"Token {hostile}",
        owner=hostile,
        owner_source="CODEOWNERS",
        owner_rule=f"CODEOWNERS:1 {hostile}",
        variables=[hostile],
        environments=[hostile],
        automation=hostile,
        exposures=[Exposure("ci-log", f"logs.zip!build/2_{hostile}.txt", 3, job=hostile, step=hostile)],
        steps=[{"action": hostile, "verify": hostile}],
        secret="`<b>…[redacted:01234567]",
        rule_id="custom.x",
    )
    markdown = to_markdown([entry], [f"note {hostile}"])
    assert _html_tags(markdown) == []
    assert not {"\x1b", "\x07"} & set(markdown)
    assert "](" not in markdown.replace("\\[x](", "")  # every link opener is escaped
    assert "\\\\\\|c" in markdown  # the backslash is escaped, then the pipe: `\|` cannot undo the escape
    [row] = [line for line in markdown.splitlines() if line.startswith("| 1 |")]
    # Nine columns: ten unescaped pipes.
    assert len(re.findall(r"(?<!\\)\|", row.replace("\\\\", ""))) == 10
    assert "(`` `<b>…[redacted:01234567] ``)" in row  # a code span the value's backtick cannot close
    assert "Revoke" not in markdown  # the entry's own steps were replaced
    assert "&amp;amp;" in markdown  # an entity in a name is shown as written


def test_a_commonmark_renderer_shows_the_hostile_values_as_written() -> None:
    markdown_it = pytest.importorskip("markdown_it")  # installed with rich
    hostile = f"a|b\\|c [x](javascript:alert(1)) &amp; {IMG}"
    exposure = Exposure("ci-log", f"logs.zip!build/2_{hostile}.txt", 3, job=hostile, step=hostile)
    entry = _entry(title=hostile, owner=hostile, variables=[hostile], exposures=[exposure])
    html = (
        markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(to_markdown([entry], []))
    )
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {"h1", "h2", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "code"}
    shown = "a|b\\|c [x](javascript:alert(1)) &amp;amp; &lt;img src=x onerror=alert(1)&gt;"
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert len(cells) == 9
    assert cells[3].startswith(shown)
    assert cells[4] == cells[6] == shown


def test_plain_values_read_as_before() -> None:
    markdown = to_markdown([_entry(owner="ops@example.test", owner_source="inventory")], [])
    assert "| 1 | P3 | None | GitHub token (`ghp_…[redacted:01234567]`) | ops@example.test |" in markdown
    assert "- rule `github-pat`, fingerprint `github-pat:0123`, exposure server-only" in markdown
    assert "  1. Revoke it (Settings > Tokens). — verify: 401" in markdown
