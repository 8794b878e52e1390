"""Fuzzing the dotenv parser (inventory discovery of `.env.example` and the dotenv store): any text parses,
line numbers stay in order and in range, keys are well formed, and written values read back as written."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.inventory.discover.dotenv_example import discover_env_example
from secretguard.inventory.dotenv_format import parse_dotenv
from secretguard.inventory.stores.base import StoreError, plain_facts
from secretguard.inventory.stores.dotenv import DotenvStore
from tests.fuzz._harness import CANARY, NASTY, assert_quiet, counted, junk_text, scratch

keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,20}", fullmatch=True)
line_pieces = st.one_of(
    st.sampled_from(
        ["export ", "  ", "#", " # note", "=", "'", '"', "\\", "\\n", "\n", "\r\n", "\t", "\ufeff"]
    ),
    keys,
    NASTY,
    st.text(max_size=10),
)
# Lines shaped like dotenv, with quotes opened and not closed, escapes, comments, exports and junk.
dotenv_texts = st.one_of(
    st.lists(st.lists(line_pieces, max_size=6).map("".join), max_size=12).map("\n".join),
    junk_text(200),
)


@given(text=dotenv_texts)
@example(text='A="unterminated\nB=1\n')
@example(text="\ufeffexport   K = 'v' # c\n")
@counted
def test_any_text_parses(text: str) -> None:
    last = 0
    total_lines = text.count("\n") + 1
    for entry in parse_dotenv(text):
        assert entry.key
        assert entry.key.isascii()
        assert not entry.key[0].isdigit()
        assert all(c.isalnum() or c in "_.-" for c in entry.key)
        assert last < entry.line <= total_lines
        last = entry.line
        assert entry.has_value == bool(entry.value)
    discover_env_example(text, ".env.example")


# Values without what the format gives a meaning to: quotes at the start, ` #`, surrounding blanks, newlines.
plain_values = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], blacklist_characters="#'\"\\"
    ),
    max_size=20,
)


@given(pairs=st.lists(st.tuples(keys, plain_values, st.sampled_from(["", "export "])), max_size=8))
@counted
def test_plain_assignments_read_back(pairs: list[tuple[str, str, str]]) -> None:
    text = "".join(f"{export}{key}={value}\n" for key, value, export in pairs)
    assert [(e.key, e.value, e.line) for e in parse_dotenv(text)] == [
        (key, value, number) for number, (key, value, _) in enumerate(pairs, start=1)
    ]


_ESCAPE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "$": "\\$"}


@given(pairs=st.lists(st.tuples(keys, st.text(max_size=30)), max_size=6))
@counted
def test_double_quoted_values_read_back(pairs: list[tuple[str, str]]) -> None:
    text = "".join(f'{key}="{"".join(_ESCAPE.get(c, c) for c in value)}"\n' for key, value in pairs)
    assert [(e.key, e.value) for e in parse_dotenv(text)] == pairs


@given(raw=st.one_of(dotenv_texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
@counted
def test_dotenv_store(raw: bytes) -> None:
    path = scratch() / "store.env"
    path.write_bytes(raw + b"\nCANARY_KEY=" + CANARY.encode() + b"\n")
    store = DotenvStore(path, ".env.fuzz", "dotenv:.env.fuzz")
    try:
        reading = store.read({"CANARY_KEY": "CANARY_KEY", "OTHER": "OTHER"}, plain_facts)
    except StoreError as exc:
        assert_quiet(exc)
        return
    assert set(reading.values) == {"CANARY_KEY", "OTHER"}
