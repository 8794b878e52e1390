"""Saving an inventory over the file it came from by editing the file's text, not by rewriting it.

`discover --write` must not lose what people wrote: comments (top of file, above a variable, at the end of a
line), fields the writer does not know about, shorthands (`rotation: generate`, `- ssm: /app/prod/`), quoting,
flow or block style, indentation. So the file is never re-serialised: the new inventory is compared with the
one the file holds, field by field, and only the fields that differ are rewritten in place (for discovery:
`status`, `locations` and `discovered`); new variables are appended to the `variables` list, in the list's
own indentation. Every other byte is the file's own.

Positions come from PyYAML's composer (each node's start and end in the text) and its scanner (every token:
what lies between tokens is white space or a comment). A mapping inside a changed field is edited field by
field, a list of scalars item by item (an item that stays keeps its line and its comment); a comment inside
a part that is rewritten is kept, moved next to it. A part of the file that cannot be edited in place (an
alias or a merge key where a field must change, a field sharing its line with the list's dash that must go)
is rewritten as one whole variable entry, its comments kept above it. Whatever was edited, the result is read
back and must hold exactly the new inventory; otherwise `update_text` returns None and the caller writes the
file afresh.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from secretguard import safe_yaml
from secretguard.inventory.model import (
    VARIABLE_ORDER,
    Inventory,
    InventoryError,
    Variable,
    inventory_to_data,
    parse_inventory,
    variable_data,
)

_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"
_TOP_ORDER = ("version", "connections", "environments", "variables")
_WIDTH = 110


class _OpaqueError(Exception):
    """This part of the file cannot be edited in place."""


class _Absent:
    """A field the new inventory leaves out."""


ABSENT = _Absent()


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _IndentedDumper(yaml.SafeDumper):
    """Lists inside mappings indented under their key (`key:\n  - item`), not level with it (PyYAML's way)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _dump(data: Any, indented_lists: bool) -> str:
    """Block-style YAML, lists indented under their key or not, as the file around it has them."""
    dumper = _IndentedDumper if indented_lists else yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=_WIDTH)


def _block(key: str, value: Any, indent: int, indented_lists: bool) -> str:
    """`key: value` in block style: the first line as it goes at the key's place, the others indented."""
    return _indented(_dump({key: value}, indented_lists), indent)


def _indented(dumped: str, indent: int) -> str:
    lines = dumped.rstrip("\n").split("\n")
    return lines[0] + "".join("\n" + (" " * indent + line if line else "") for line in lines[1:])


def _flow(key: str, value: Any) -> str:
    """`key: value` in flow style, on one line, for the inside of a `{...}` mapping."""
    dumped = yaml.safe_dump(
        {key: value}, sort_keys=False, allow_unicode=True, default_flow_style=True, width=2**30
    ).strip()
    if not (dumped.startswith("{") and dumped.endswith("}")) or "\n" in dumped:
        raise _OpaqueError
    return dumped[1:-1]


class _Document:
    def __init__(self, text: str) -> None:
        self.text = text
        self.root: Node | None = yaml.compose(text, Loader=safe_yaml.CSafeLoader)
        self.lists_indented = False
        # Nodes reached twice (an anchor and its aliases): their positions are the anchor's, never edited.
        self.shared: set[int] = set()
        # Merge keys (`<<: *base`): constructing the data rewrites the nodes that hold one.
        self.merges = False
        scalars: list[tuple[int, int]] = []
        seen: set[int] = set()
        stack = [self.root] if self.root is not None else []
        while stack:
            node = stack.pop()
            if id(node) in seen:
                self.shared.add(id(node))
                continue
            seen.add(id(node))
            if isinstance(node, ScalarNode):
                scalars.append((node.start_mark.index, node.end_mark.index))
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, MappingNode):
                for key, value in node.value:
                    self.merges = self.merges or key.tag in (_MERGE_TAG, _VALUE_TAG)
                    stack.extend((key, value))
        # Where scalars are (keys included, quotes, anchors and tags with them): a `#` after white space
        # anywhere else starts a comment.
        scalars.sort()
        self.scalar_starts = [start for start, _ in scalars]
        self.scalar_ends = [end for _, end in scalars]
        if isinstance(self.root, MappingNode):
            self.lists_indented = self.indented_lists(self.root.value, False)

    def data(self) -> Any:
        """The document's data, as `yaml.load` gives it (built from the nodes: no second parse)."""
        if self.root is None:
            return None
        if self.merges:
            return yaml.load(self.text, Loader=safe_yaml.CSafeLoader)  # noqa: S506 - safe, merges bounded
        loader = safe_yaml.CSafeLoader("")
        try:
            return loader.construct_document(self.root)
        finally:
            loader.dispose()

    def indented_lists(self, pairs: Iterable[tuple[Node, Node]], default: bool) -> bool:
        """Whether the first block list found among these mapping entries (depth first) is indented under its
        key (`key:\n  - item`); `default` when there is none."""
        stack = list(pairs)[::-1]
        while stack:
            key, value = stack.pop()
            if id(value) in self.shared:
                continue
            if isinstance(value, SequenceNode) and value.value and not value.flow_style:
                try:
                    return self.dash(value.value[0]) > self.column(key.start_mark.index)
                except _OpaqueError:
                    return default
            if isinstance(value, MappingNode) and not value.flow_style:
                stack.extend(value.value[::-1])
        return default

    # --- positions -----------------------------------------------------------------------------------

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end

    def column(self, index: int) -> int:
        return index - self.line_start(index)

    def insert_after_line(self, index: int, lines: str) -> _Edit:
        """An edit putting `lines` (no final line break) on lines of their own after the line of `index`: at
        the start of the next line, so that it never overlaps an edit of the line itself."""
        end = self.line_end(index)
        if end < len(self.text):
            return _Edit(end + 1, end + 1, lines + "\n")
        return _Edit(end, end, "\n" + lines)

    def first_on_line(self, index: int) -> bool:
        return not self.text[self.line_start(index) : index].strip()

    def end(self, node: Node) -> int:
        """Where the node's own text ends: its last character, not the white space and comments after."""
        if id(node) in self.shared:
            raise _OpaqueError
        if isinstance(node, ScalarNode):
            end = node.end_mark.index
            if node.style in ("|", ">"):  # a block scalar's token runs on over the line breaks after it
                while end > node.start_mark.index and self.text[end - 1] in " \t\n":
                    end -= 1
            return end
        assert isinstance(node, SequenceNode | MappingNode)
        if node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1] if isinstance(node, SequenceNode) else node.value[-1][1]
        return self.end(last)

    def comments(self, start: int, end: int) -> list[tuple[int, str]]:
        """The comments that start between `start` and `end`: (position, text up to the end of its line)."""
        found: list[tuple[int, str]] = []
        text = self.text
        hash_at = text.find("#", start, end)
        while hash_at >= 0:
            i = bisect.bisect_right(self.scalar_starts, hash_at) - 1
            inside = i >= 0 and self.scalar_ends[i] > hash_at
            if not inside and (hash_at == 0 or text[hash_at - 1] in " \t\n"):
                line_end = self.line_end(hash_at)
                found.append((hash_at, text[hash_at:line_end]))
                hash_at = text.find("#", line_end, end)
            else:
                hash_at = text.find("#", hash_at + 1, end)
        return found

    def dash(self, item: Node) -> int:
        """The column of the `-` that starts a block sequence's item."""
        line = self.text[self.line_start(item.start_mark.index) : item.start_mark.index]
        stripped = line.rstrip()
        if not stripped.endswith("-") or stripped[:-1].strip():
            raise _OpaqueError
        return len(stripped) - 1


def _entries(node: MappingNode) -> dict[str, tuple[Node, Node]]:
    out: dict[str, tuple[Node, Node]] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode) or key.tag == _MERGE_TAG or key.value in out:
            raise _OpaqueError
        out[key.value] = (key, value)
    return out


class _Editor:
    def __init__(self, doc: _Document) -> None:
        self.doc = doc

    def fields(
        self, node: Node, old: dict[str, Any], new: dict[str, Any], order: tuple[str, ...]
    ) -> list[_Edit]:
        """Edits that turn mapping `node`, which holds `old`, into one holding `new`: the fields that differ
        are rewritten (a mapping inside one, field by field), added after their predecessor in `order`, or
        removed; every other byte is left."""
        if not isinstance(node, MappingNode) or id(node) in self.doc.shared:
            raise _OpaqueError
        names = [*order, *(k for k in (*new, *old) if k not in order)]
        changes = {
            k: new.get(k, ABSENT) for k in dict.fromkeys(names) if old.get(k, ABSENT) != new.get(k, ABSENT)
        }
        order = tuple(dict.fromkeys(names))
        edits: list[_Edit] = []
        entries = _entries(node)
        for key in list(changes):
            before, after = old.get(key), changes[key]
            if key not in entries:
                continue
            try:
                if isinstance(before, dict) and isinstance(after, dict) and after:
                    inner = self.fields(entries[key][1], before, after, tuple(after))
                elif isinstance(before, list) and isinstance(after, list) and after:
                    inner = self.items(entries[key][1], before, after)
                else:
                    continue
                _ordered(inner)
            except _OpaqueError:
                continue  # the whole field is rewritten
            edits += inner
            del changes[key]
        if node.flow_style:
            return edits + self._flow_fields(node, changes, order)
        return edits + self._block_fields(node, changes, order)

    def items(self, node: Node, old: list[Any], new: list[Any]) -> list[_Edit]:
        """Edits that turn block list `node`, which holds the scalars `old`, into `new`: the items that stay
        keep their lines (and comments), the others are removed or inserted in place."""
        doc = self.doc
        if (
            not isinstance(node, SequenceNode)
            or node.flow_style
            or id(node) in doc.shared
            or len(node.value) != len(old)
            or not old
            or any(not isinstance(item, ScalarNode) or id(item) in doc.shared for item in node.value)
            or any(isinstance(value, dict | list) for value in new)
        ):
            raise _OpaqueError
        items = node.value
        dash = doc.dash(items[0])
        if any(doc.dash(item) != dash for item in items):
            raise _OpaqueError
        edits: list[_Edit] = []
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, a1, i2, b1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            dumped = yaml.safe_dump(new[b1:j2], allow_unicode=True, width=2**30).rstrip("\n").split("\n")
            if j2 > b1 and len(dumped) != j2 - b1:
                raise _OpaqueError
            # Items replaced one for one are rewritten in place (a comment after one stays on its line).
            paired = min(i2 - a1, j2 - b1)
            for item, line in zip(items[a1 : a1 + paired], dumped[:paired], strict=True):
                edits.append(_Edit(item.start_mark.index, doc.end(item), line.removeprefix("- ")))
            i1, j1, dumped = a1 + paired, b1 + paired, dumped[paired:]
            for item in items[i1:i2]:
                edits += self.remove_item(item)
            if j2 > j1:
                if i1 > 0:
                    at = doc.line_end(doc.end(items[i1 - 1]))
                    edits.append(_Edit(at, at, "".join("\n" + " " * dash + line for line in dumped)))
                else:
                    at = doc.line_start(items[0].start_mark.index)
                    edits.append(_Edit(at, at, "".join(" " * dash + line + "\n" for line in dumped)))
        return edits

    def _predecessor(
        self, entries: dict[str, tuple[Node, Node]], key: str, order: tuple[str, ...], removed: set[str]
    ) -> tuple[Node, Node] | None:
        rank = order.index(key) if key in order else len(order)
        best: tuple[int, tuple[Node, Node]] | None = None
        for name, pair in entries.items():
            if name in removed or name not in order or order.index(name) >= rank:
                continue
            if best is None or order.index(name) > best[0]:
                best = (order.index(name), pair)
        if best is None and key not in order and entries:  # unknown to the order: after everything kept
            kept = [pair for name, pair in entries.items() if name not in removed]
            return max(kept, key=lambda p: p[0].start_mark.index) if kept else None
        return None if best is None else best[1]

    def _block_fields(
        self, node: MappingNode, changes: dict[str, Any], order: tuple[str, ...]
    ) -> list[_Edit]:
        doc = self.doc
        entries = _entries(node)
        removed = {k for k, v in changes.items() if v is ABSENT and k in entries}
        edits: list[_Edit] = []
        for key, value in changes.items():
            if key in entries:
                key_node, value_node = entries[key]
                start, end = key_node.start_mark.index, doc.end(value_node)
                column = doc.column(start)
                if value is ABSENT:
                    if not doc.first_on_line(start):
                        raise _OpaqueError  # `- status: x` on the dash's line: the entry is rewritten
                    span_end = min(doc.line_end(end) + 1, len(doc.text))
                    kept = "".join(" " * column + text + "\n" for _, text in doc.comments(start, span_end))
                    edits.append(_Edit(doc.line_start(start), span_end, kept))
                    continue
                style = doc.indented_lists([entries[key]], doc.indented_lists(node.value, doc.lists_indented))
                text = _block(key, value, column, style)
                notes = doc.comments(start, end)
                on_key_line = [t for i, t in notes if doc.line_start(i) == doc.line_start(start)]
                others = [t for i, t in notes if doc.line_start(i) != doc.line_start(start)]
                if on_key_line:
                    first, _, rest = text.partition("\n")
                    text = first + "  " + on_key_line[0] + ("\n" + rest if rest else "")
                    others = on_key_line[1:] + others
                if others:
                    if not doc.first_on_line(start):
                        raise _OpaqueError  # comments in a field on the dash's line: the entry is rewritten
                    text = "".join(t + "\n" + " " * column for t in others) + text
                edits.append(_Edit(start, end, text))
            elif value is not ABSENT:
                before = self._predecessor(entries, key, order, removed)
                if before is None:
                    raise _OpaqueError
                column = doc.column(before[0].start_mark.index)
                style = doc.indented_lists(node.value, doc.lists_indented)
                edits.append(
                    doc.insert_after_line(
                        doc.end(before[1]), " " * column + _block(key, value, column, style)
                    )
                )
        return edits

    def _flow_fields(self, node: MappingNode, changes: dict[str, Any], order: tuple[str, ...]) -> list[_Edit]:
        doc = self.doc
        entries = _entries(node)
        keys = [k.value for k, _ in node.value]
        removed = {k for k, v in changes.items() if v is ABSENT and k in entries}
        edits: list[_Edit] = []
        for key, value in changes.items():
            if key in entries:
                key_node, value_node = entries[key]
                start, end = key_node.start_mark.index, doc.end(value_node)
                if value is ABSENT:
                    index = keys.index(key)
                    if index > 0:
                        start = doc.end(node.value[index - 1][1])
                    elif index + 1 < len(keys):
                        end = node.value[index + 1][0].start_mark.index
                    text = ""
                else:
                    text = _flow(key, value)
                if doc.comments(start, end):
                    raise _OpaqueError
                edits.append(_Edit(start, end, text))
            elif value is not ABSENT:
                before = self._predecessor(entries, key, order, removed)
                if before is not None:
                    at = doc.end(before[1])
                    edits.append(_Edit(at, at, ", " + _flow(key, value)))
                elif not node.value:
                    at = node.start_mark.index
                    if doc.text[at : at + 1] != "{":
                        raise _OpaqueError
                    edits.append(_Edit(at + 1, at + 1, _flow(key, value)))
                else:
                    at = node.value[0][0].start_mark.index
                    edits.append(_Edit(at, at, _flow(key, value) + ", "))
        return edits

    def rewrite_item(self, item: Node, data: dict[str, Any]) -> list[_Edit]:
        """The whole entry `item` (an item of a block list) rewritten as `data`, its comments kept above."""
        doc = self.doc
        dash = doc.dash(item)
        start, end = item.start_mark.index, doc.end(item)
        notes = "".join(" " * dash + t + "\n" for _, t in doc.comments(start, end))
        style = doc.indented_lists(item.value, doc.lists_indented) if isinstance(item, MappingNode) else False
        text = _indented(_dump(data, style), dash + 2)
        line = doc.line_start(start)
        edits = [_Edit(start, end, text)]
        if notes:
            edits.insert(0, _Edit(line, line, notes))
        return edits

    def remove_item(self, item: Node) -> list[_Edit]:
        doc = self.doc
        dash = doc.dash(item)
        start = doc.line_start(item.start_mark.index)
        end = min(doc.line_end(doc.end(item)) + 1, len(doc.text))
        notes = "".join(" " * dash + t + "\n" for _, t in doc.comments(item.start_mark.index, end))
        return [_Edit(start, end, notes)]

    def append_items(self, key: Node, seq: Node, items: list[dict[str, Any]]) -> list[_Edit]:
        """Edits that append `items` to the list `seq` (the value of `key`), in the list's own style."""
        doc = self.doc
        if not items:
            return []
        if id(seq) in doc.shared:
            raise _OpaqueError
        if isinstance(seq, SequenceNode) and seq.value and not seq.flow_style:
            last = seq.value[-1]
            dash = doc.dash(last)
            at = doc.line_end(doc.end(last))
            # Comment lines right after the last entry and indented into it belong to it.
            while at < len(doc.text):
                nxt_end = doc.line_end(at + 1)
                line = doc.text[at + 1 : nxt_end]
                if line.lstrip().startswith("#") and len(line) - len(line.lstrip()) > dash:
                    at = nxt_end
                    continue
                break
            style = doc.lists_indented
            if isinstance(last, MappingNode):
                style = doc.indented_lists(last.value, style)
            return [doc.insert_after_line(at, " " * dash + _indented(_dump(items, style), dash))]
        if isinstance(seq, SequenceNode) and seq.value:  # a flow list: [{...}, {...}]
            dumped = yaml.safe_dump(
                items, sort_keys=False, allow_unicode=True, default_flow_style=True, width=2**30
            ).strip()
            at = doc.end(seq.value[-1])
            return [_Edit(at, at, ", " + dumped[1:-1])]
        empty = (isinstance(seq, SequenceNode) and not seq.value) or (
            isinstance(seq, ScalarNode) and seq.tag == "tag:yaml.org,2002:null"
        )
        if not empty:
            raise _OpaqueError
        start = seq.start_mark.index
        while start > key.end_mark.index and doc.text[start - 1] in " \t":
            start -= 1
        column = doc.column(key.start_mark.index) + (2 if doc.lists_indented else 0)
        dumped = _dump(items, doc.lists_indented)
        end = doc.end(seq)
        after = doc.comments(end, doc.line_end(end))  # `variables: []  # none yet`: stays on the key's line
        if after:
            end = doc.line_end(end)
        note = "".join("  " + text for _, text in after[:1])
        return [_Edit(start, end, note + "\n" + " " * column + _indented(dumped, column))]


def _ordered(edits: Iterable[_Edit]) -> list[_Edit]:
    """The edits in text order (inserts at one place in the order given); overlapping edits: _OpaqueError."""
    ordered = [edit for _, edit in sorted(enumerate(edits), key=lambda p: (p[1].start, p[1].end, p[0]))]
    previous_end = -1
    for edit in ordered:
        if edit.start < previous_end or edit.end < edit.start:
            raise _OpaqueError
        previous_end = edit.end
    return ordered


def _apply(text: str, edits: Iterable[_Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for edit in _ordered(edits):
        parts.append(text[pos : edit.start])
        parts.append(edit.text)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def _variable_edits(editor: _Editor, item: Node, old: Variable, new: Variable) -> list[_Edit]:
    if old.model_dump(mode="json") == new.model_dump(mode="json"):
        return []
    try:
        edits = editor.fields(item, variable_data(old), variable_data(new), VARIABLE_ORDER)
        _ordered(edits)  # overlapping edits: rewrite the entry instead
    except _OpaqueError:
        return editor.rewrite_item(item, variable_data(new))
    return edits


def update_text(previous: str, inventory: Inventory) -> str | None:
    """`previous` (an inventory file's text) edited to hold `inventory`; None when not possible in place."""
    try:
        return _update(previous, inventory)
    except (_OpaqueError, yaml.YAMLError, InventoryError, RecursionError, ValueError):
        return None


def _reread(text: str) -> Inventory:
    return parse_inventory(yaml.load(text, Loader=safe_yaml.CSafeLoader))  # noqa: S506 - safe, merge keys bounded


def _update(previous: str, inventory: Inventory) -> str | None:
    doc = _Document(previous)
    old = parse_inventory(doc.data())
    editor = _Editor(doc)
    data = inventory_to_data(inventory)
    if doc.root is None:  # comments only, or nothing: the inventory goes after them
        body = _dump(data, indented_lists=False)
        text = previous + ("" if not previous or previous.endswith("\n") else "\n") + body
    else:
        if not isinstance(doc.root, MappingNode):
            return None
        edits: list[_Edit] = []
        old_dump, new_dump = old.model_dump(mode="json"), inventory.model_dump(mode="json")
        if any(old_dump[k] != new_dump[k] for k in _TOP_ORDER[:-1]):
            old_data = inventory_to_data(old)
            old_data.pop("variables")
            edits += editor.fields(
                doc.root, old_data, {k: v for k, v in data.items() if k != "variables"}, _TOP_ORDER
            )
        if old.variables != inventory.variables:  # model equality: never "equal" when a dump would differ
            edits += _variables(editor, doc.root, old, inventory)
        text = _apply(previous, edits)
    reread = _reread(text)
    if reread.model_dump(mode="json") != inventory.model_dump(mode="json"):
        return None
    return text


def _variables(editor: _Editor, root: MappingNode, old: Inventory, new: Inventory) -> list[_Edit]:
    doc = editor.doc
    entries = _entries(root)
    new_names = [v.name for v in new.variables]
    old_names = [v.name for v in old.variables]
    wanted = set(new_names)
    kept = [n for n in old_names if n in wanted]
    if new_names[: len(kept)] != kept:
        raise _OpaqueError  # reordered: not something discovery does
    added = [variable_data(v) for v in new.variables[len(kept) :]]
    if "variables" not in entries:
        if root.flow_style:
            raise _OpaqueError
        if not added:
            return []
        dumped = _dump({"variables": added}, doc.lists_indented)
        at = len(doc.text)
        return [_Edit(at, at, ("" if doc.text.endswith("\n") else "\n") + dumped)]
    key, seq = entries["variables"]
    items = seq.value if isinstance(seq, SequenceNode) else []
    if len(items) != len(old.variables):
        raise _OpaqueError
    by_name = {v.name: v for v in new.variables}
    edits: list[_Edit] = []
    for item, old_var in zip(items, old.variables, strict=True):
        if not isinstance(item, MappingNode):
            raise _OpaqueError
        new_var = by_name.get(old_var.name)
        if new_var is None:
            if not isinstance(seq, SequenceNode) or seq.flow_style:
                raise _OpaqueError
            edits += editor.remove_item(item)
        else:
            edits += _variable_edits(editor, item, old_var, new_var)
    edits += editor.append_items(key, seq, added)
    return edits
