"""Edits the fixes are made of: small text changes at the spans parsing recorded, so the YAML
and Markdown around them stay byte for byte as they were."""

from __future__ import annotations

from notelint.diagnostics import Edit
from notelint.note import Note
from notelint.yaml_nodes import YamlNode, YamlScalar, YamlSeq, scalar_text


def replace_node(node: YamlNode, text: str) -> Edit:
    return Edit(node.start, node.end, text)


def remove_item(note: Note, sequence: YamlSeq, index: int) -> Edit:
    """Drop one item of a list: its whole line in a block list, `, item` in a flow list."""
    item = sequence.items[index]
    if note.text.startswith("[", sequence.start):
        if index > 0:
            return Edit(sequence.items[index - 1].end, item.end, "")
        after = sequence.items[1].start if len(sequence.items) > 1 else item.end
        return Edit(item.start, after, "")
    line_start = note.text.rfind("\n", 0, item.start) + 1
    if note.text[item.end - 1 : item.end] == "\n":  # a block scalar ends after its newline
        return Edit(line_start, item.end, "")
    line_end = note.text.find("\n", item.end)
    return Edit(line_start, len(note.text) if line_end == -1 else line_end + 1, "")


def key_column(note: Note, key: YamlScalar) -> int:
    return key.start - (note.text.rfind("\n", 0, key.start) + 1)


def as_block_list(note: Note, key: YamlScalar, value: YamlScalar) -> Edit | None:
    """`tags: AI` -> `tags:\\n- AI`, the item at the key's indentation (the example's style)."""
    if note.frontmatter is None or note.frontmatter.flow:
        return None  # a block list cannot go inside a flow mapping
    indent = " " * key_column(note, key)
    colon = note.text.index(":", key.end)
    if "#" in note.text[colon + 1 : value.start]:
        return None  # a comment would be lost
    return Edit(colon + 1, value.end, f"\n{indent}- {note.text[value.start : value.end]}")


def insert_field(note: Note, name: str, value: object) -> Edit | None:
    """A new top-level `name: value` line, before the first key that sorts after it (and
    before the comment lines above that key). None when the frontmatter is not a block
    mapping at column 0, where a block line would not fit."""
    lines = _field_lines(name, value)
    frontmatter = note.frontmatter
    if frontmatter is None:
        return Edit(0, 0, f"---\n{lines}---\n")
    keys = [field.key for field in frontmatter.fields.values()]
    if frontmatter.flow or any(key_column(note, key) for key in keys):
        return None
    following = sorted((key for key in keys if str(key.value) > name), key=lambda k: k.start)
    if following:
        offset = above_comments(note.text, following[0].start)
    else:
        offset = note.text.rfind("---", 0, frontmatter.end)  # the closing line
    return Edit(offset, offset, lines)


def above_comments(text: str, line_start: int) -> int:
    """The start of the YAML comment lines right above a line: a comment belongs to the key
    that follows it, so it moves, or goes, with it."""
    while line_start > 0:
        previous = text.rfind("\n", 0, line_start - 1) + 1
        if not text.startswith("#", previous):
            break
        line_start = previous
    return line_start


def _field_lines(name: str, value: object) -> str:
    if isinstance(value, list):
        return f"{scalar_text(name)}:\n" + "".join(f"- {scalar_text(item)}\n" for item in value)
    return f"{scalar_text(name)}: {scalar_text(value)}\n"
