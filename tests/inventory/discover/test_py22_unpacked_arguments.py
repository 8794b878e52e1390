"""Round 22 (Python): a reader helper called with its arguments unpacked from literal data, `read(**entry)`
over a list of dicts (each key binds the parameter of its name, the helper's own defaults fill in the
rest) and `read(*row)` over a list of tuples (bound by position), as Python binds them."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_READERS = """
    import os

    _PREFIX = "MAPS_"


    def _text(name, fallback):
        raw = os.environ.get(name)
        return fallback if raw is None else raw


    def _number(name, fallback):
        try:
            return int(os.environ[name])
        except (KeyError, ValueError):
            return fallback


    def _switch(name, fallback):
        raw = os.environ.get(name)
        if raw in ("0", "false", "no"):
            return False
        if raw in ("1", "true", "yes"):
            return True
        return fallback


    def option(key, fallback=None, kind="text"):
        variable = _PREFIX + key
        if kind == "number":
            return _number(variable, fallback)
        if kind == "switch":
            return _switch(variable, fallback)
        return _text(variable, fallback)
"""


def test_keyword_unpacking_of_a_table_of_dicts(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "maps/options.py": _READERS
            + """

    _TABLE = [
        {"key": "BIND", "fallback": "127.0.0.1"},
        {"key": "WORKERS", "fallback": 4, "kind": "number"},
        {"key": "ZOOM_OFFSET", "fallback": -2, "kind": "number"},
        {"kind": "switch", "fallback": False, "key": "TILE_CACHE"},
        {"key": "ATTRIBUTION"},
        {"key": "STYLE_URL", "fallback": None},
    ]

    SETTINGS = {entry["key"]: option(**entry) for entry in _TABLE}


    def labelled(key, fallback="auto"):
        return _text(_PREFIX + key, fallback)


    LABELS = [labelled(**entry) for entry in ({"key": "RENDERER"}, {"key": "LOCALE", "fallback": "en"})]
    """,
        },
    )
    assert found["MAPS_BIND"].default == "127.0.0.1"
    assert found["MAPS_WORKERS"].default == "4"
    assert found["MAPS_ZOOM_OFFSET"].default == "-2"
    assert found["MAPS_TILE_CACHE"].default == "false"  # key order does not matter: bound by name
    assert found["MAPS_ATTRIBUTION"].default is None  # the helper's own default applies (None)
    assert found["MAPS_STYLE_URL"].default is None
    assert found["MAPS_RENDERER"].default == "auto"  # a key left out: the parameter's own default
    assert found["MAPS_LOCALE"].default == "en"
    assert "BIND" not in found  # the prefix is part of every name
    assert "TILE_CACHE" not in found


def test_unpacking_in_a_for_loop_an_imported_table_and_positional_rows(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "maps/options.py": _READERS,
            "maps/tables.py": """
                TILE_OPTIONS = (
                    dict(key="TILE_SERVER", fallback="https://tiles.example.org"),
                    {"key": "TILE_TIMEOUT", "fallback": 30, "kind": "number"},
                )
                ROWS = [("LABEL_FONT", "Sans"), ("LABEL_SIZE", 12, "number")]
            """,
            "maps/settings.py": """
                from maps.options import option
                from maps.tables import ROWS, TILE_OPTIONS

                CONFIG = {}
                for entry in TILE_OPTIONS:
                    CONFIG[entry["key"]] = option(**entry)
                for row in ROWS:
                    CONFIG[row[0]] = option(*row)
                EXTRA = option(*("GRID", "off"), kind="text")
                MORE = option(**{"key": "LEGEND", "fallback": "bottom"})
            """,
        },
    )
    assert found["MAPS_TILE_SERVER"].default == "https://tiles.example.org"  # `dict(key=...)` too
    assert found["MAPS_TILE_TIMEOUT"].default == "30"
    assert found["MAPS_LABEL_FONT"].default == "Sans"
    assert found["MAPS_LABEL_SIZE"].default == "12"
    assert found["MAPS_GRID"].default == "off"
    assert found["MAPS_LEGEND"].default == "bottom"


def test_unknown_or_unrelated_unpacking_reads_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "maps/options.py": _READERS
            + """

    def from_request(request):
        return option(**request.args)


    def from_rows(rows):
        return [option(*row) for row in rows]


    _NOT_A_KEY = [{"name": "HIDDEN", "fallback": "x"}]  # no parameter is called `name`
    LOADED = [option(**entry) for entry in _NOT_A_KEY]
    """,
        },
    )
    assert not any(name.startswith("MAPS_") for name in found), sorted(found)
