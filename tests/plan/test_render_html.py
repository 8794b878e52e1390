"""The HTML plan page from hand-made entries: every value from the reports, in any element or attribute,
is text (the template is autoescaped), and the page lists what the entries hold."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from secretguard.formats.plan import to_html
from secretguard.plan.planner import Exposure, PlanEntry

HOSTILE = "\"'><img src=x onerror=alert(1)>&amp;"


class Elements(HTMLParser):
    """Every start tag and its attributes, and the text, as a browser's parser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _entry() -> PlanEntry:
    return PlanEntry(
        key="k",
        rule_id=f"custom.{HOSTILE}",
        title=f"Token {HOSTILE}",
        provider="p",
        severity="high",
        exposure_class="server-only",
        playbook="generic-api-key",
        fingerprint="custom:0",
        secret=f"{HOSTILE}…[redacted:01234567]",
        rank=1,
        priority="P0",
        deadline=f"2026-09-15T10:00:00{HOSTILE}",
        live=True,
        variables=[HOSTILE],
        environments=[HOSTILE],
        owner=HOSTILE,
        owner_source="CODEOWNERS",
        owner_rule=f"CODEOWNERS:1 {HOSTILE}",
        automation=HOSTILE,
        exposures=[
            Exposure(
                "history", f"{HOSTILE}.env", 3, since="2024-01-01T00:00:00+00:00", commit="0123456789abcdef"
            ),
            Exposure("public-bundle", f"dist/{HOSTILE}.js", 1),
            Exposure("public-bundle", "dist/other.js", 2),
        ],
        steps=[{"action": f"Revoke {HOSTILE}", "verify": HOSTILE}],
    )


def test_every_value_is_text_in_elements_and_attributes() -> None:
    page = to_html([_entry()], [f"note {HOSTILE}"], [f"exposure {HOSTILE}"])
    parsed = Elements()
    parsed.feed(page)
    assert "img" not in {tag for tag, _ in parsed.tags}
    text = "".join(parsed.text)
    for shown in (
        f"Token {HOSTILE}",
        f"owner: {HOSTILE} (from CODEOWNERS: CODEOWNERS:1 {HOSTILE})",
        f"automated: {HOSTILE}",
        f"history: {HOSTILE}.env:3 (commit 0123456789ab)",
        f"public-bundle: dist/{HOSTILE}.js:1 and 1 more place(s)",
        f"Revoke {HOSTILE} Verify: {HOSTILE}",
        f"note {HOSTILE}",
        f"exposure {HOSTILE}",
    ):
        assert shown in text, shown
    # Attribute values come back whole: a quote in a value did not end its attribute.
    attributes = {name: value for _, attrs in parsed.tags for name, value in attrs.items()}
    assert attributes["title"] in {
        f"from CODEOWNERS: CODEOWNERS:1 {HOSTILE}",
        f"2026-09-15T10:00:00{HOSTILE}",
    }
    sorts = [attrs.get("data-sort") for tag, attrs in parsed.tags if tag == "td" and "data-sort" in attrs]
    assert f"2026-09-15T10:00:00{HOSTILE}" in sorts
    assert HOSTILE in sorts  # owner and variables
    assert re.search(r"<tr class=\"P0\" id=\"entry-1\" data-rank=\"1\">", page)


def test_an_empty_plan_says_so() -> None:
    page = to_html([], [], [])
    parsed = Elements()
    parsed.feed(page)
    text = "".join(parsed.text)
    assert "0 credential(s) to rotate." in text
    assert "No exposure." in text
    assert [attrs for tag, attrs in parsed.tags if tag == "tr"] == [{}]  # the header row only
