"""Text from scanned input made safe to print: the one place every format cleans what it writes."""

from __future__ import annotations


def printable(text: object) -> str:
    """`text` with every unprintable character (control characters, the ESC of an ANSI or OSC sequence,
    lone surrogates) replaced by a space: printed raw, scanned text could rewrite the reader's terminal."""
    value = str(text)
    if value.isprintable():
        return value
    return "".join(ch if ch.isprintable() else " " for ch in value)


# DEL and the C1 controls (U+0080-U+009F; U+009B is a one-character CSI): `json.dumps(ensure_ascii=False)`
# escapes only U+0000-U+001F. Written as \u escapes they read back as the same value.
_JSON_CONTROLS = str.maketrans({code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)})


def json_text(document: str) -> str:
    """JSON text from `json.dumps(..., ensure_ascii=False)` with the controls it leaves raw escaped (they
    can only stand inside strings there, where an escape means the same character)."""
    return document.translate(_JSON_CONTROLS)
