"""Round 22 (Python): a fallback held by a class attribute (`Palette.DARK`, the class here or imported; an
Enum member's `.value`; a `str` Enum's member, which is a string), and a fallback that can never be used
because the read sits in the branch of a conditional expression that runs only once the variable is set
(the default is what the other branch gives)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_class_attribute_fallbacks_here_and_imported(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "board/palette.py": """
                import enum


                class Palette:
                    \"\"\"The board's colour schemes.\"\"\"

                    DARK = "dark"
                    LIGHT = "light"


                class Density(enum.Enum):
                    COMPACT = "compact"
                    ROOMY = "roomy"


                class Layout(str, enum.Enum):
                    GRID = "grid"
                    LIST = "list"
            """,
            "board/settings.py": """
                import os

                from board.palette import Density, Layout, Palette


                class Limits:
                    PAGE_SIZE = 50
                    NAME = "board"


                THEME = os.environ.get("BOARD_THEME", Palette.DARK)
                PAGE_SIZE = int(os.getenv("BOARD_PAGE_SIZE", Limits.PAGE_SIZE))
                SITE_NAME = os.getenv("BOARD_SITE_NAME", Limits.NAME)
                DENSITY = os.environ.get("BOARD_DENSITY", Density.ROOMY.value)
                DENSITY_ITEM = os.environ.get("BOARD_DENSITY_ITEM", Density.ROOMY)
                DENSITY_NAME = os.environ.get("BOARD_DENSITY_NAME", Density.ROOMY.name)
                LAYOUT = os.environ.get("BOARD_LAYOUT", Layout.LIST)
                UNKNOWN = os.environ.get("BOARD_ACCENT", Palette.ACCENT)
            """,
        },
    )
    assert found["BOARD_THEME"].default == "dark"  # an imported class's attribute
    assert found["BOARD_PAGE_SIZE"].default == "50"  # a number, in this module's class
    assert found["BOARD_SITE_NAME"].default == "board"
    assert found["BOARD_DENSITY"].default == "roomy"  # `.value` of an Enum member
    assert found["BOARD_DENSITY_ITEM"].default is None  # the member itself, no string
    assert found["BOARD_DENSITY_NAME"].default == "ROOMY"
    assert found["BOARD_LAYOUT"].default == "list"  # a `str` Enum's member is a string
    assert found["BOARD_ACCENT"].default is None  # no such attribute


def test_class_attributes_that_may_change_are_no_fallback(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "board/settings.py": """
                import os


                class Defaults:
                    MODE = "safe"
                    MODE = "fast"
                    LEVEL = "info"

                    def louder(self):
                        self.LEVEL = "debug"


                class Holder:
                    COLOR = "red"


                Holder.COLOR = "blue"

                MODE = os.environ.get("BOARD_MODE", Defaults.MODE)
                LEVEL = os.environ.get("BOARD_LEVEL", Defaults.LEVEL)
                COLOR = os.environ.get("BOARD_COLOR", Holder.COLOR)
            """,
        },
    )
    assert found["BOARD_MODE"].default is None  # bound twice in the class body
    assert found["BOARD_LEVEL"].default is None  # assigned through an instance
    assert found["BOARD_COLOR"].default is None  # reassigned from outside the class


def test_fallback_behind_a_presence_test_in_a_conditional_expression(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "board/settings.py": """
                import os

                EMOJI = (
                    None
                    if "BOARD_EMOJI" not in os.environ
                    else os.environ.get("BOARD_EMOJI", "yes")[0].lower() in ("y", "1", "t")
                )
                MARKDOWN = os.environ.get("BOARD_MARKDOWN", "on") if "BOARD_MARKDOWN" in os.environ else None
                WIDTH = int(os.environ["BOARD_WIDTH"]) if "BOARD_WIDTH" in os.environ else 80
                FONT = os.getenv("BOARD_FONT", "serif") if os.getenv("BOARD_FONT") else "mono"
                ZONE = "UTC" if os.getenv("BOARD_ZONE") is None else os.getenv("BOARD_ZONE", "local")
                # not a presence test: the fallback is reachable
                SORT = os.getenv("BOARD_SORT", "name") if os.getenv("BOARD_MODE") else "date"
            """,
        },
    )
    assert found["BOARD_EMOJI"].default is None  # unset: None, not the unreachable "yes"
    assert found["BOARD_EMOJI"].optional
    assert found["BOARD_MARKDOWN"].default is None
    assert found["BOARD_WIDTH"].default == "80"  # the other branch's literal
    assert found["BOARD_WIDTH"].optional
    assert found["BOARD_FONT"].default == "mono"
    assert found["BOARD_ZONE"].default == "UTC"
    assert found["BOARD_SORT"].default == "name"
