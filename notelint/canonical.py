"""The canonical layout of a note, the example note's style. The body: one blank line after
the frontmatter and around every heading, no trailing whitespace (a hard break stays), no runs
of blank lines, one final newline; lines inside code, HTML blocks, math and comments are left
exactly as they are. The frontmatter: keys in order, lists one item a line at the key's
indentation, dates as quoted strings; each as its own small edit."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator

from msgspec import Struct
from mypy_extensions import mypyc_attr

from notelint.blocks import Fence, fence_after, is_atx_heading, list_item_text
from notelint.config import FormatConfig, NoteType
from notelint.diagnostics import Edit
from notelint.edits import above_comments
from notelint.note import DELIMITER, Field, Note
from notelint.yaml_nodes import YamlDocument, YamlMap, YamlScalar, YamlSeq, parse_yaml, scalar_text

# A line ending in a space or tab, or a run of blank lines: one search that stops only at
# newlines (three times faster than `" \n" in` and `"\n\n\n" in`, each a whole-text search)
_UNTIDY_LINE_END = re.compile(r"\n(?:\n\n|(?<=[ \t]\n))")
# What CommonMark counts as a blank line's whitespace. A line of other spaces (U+3000, a
# no-break space, a form feed) is a paragraph, often put there as a visible empty line.
_BLANK = " \t"


def canonical_body(note: Note, settings: FormatConfig) -> str:
    """The note's body (the text after the frontmatter) in canonical form."""
    body = note.text[note.body_start :]
    return body if _plainly_canonical(note, body, settings) else built_body(note, settings)


def _plainly_canonical(note: Note, body: str, settings: FormatConfig) -> bool:
    """Whether `built_body` would give the body back as it is, when a few string searches can
    tell (most notes): no trailing whitespace, no runs of blank lines, one blank line
    around every heading, the right ends, and no code or comment at either end. False means
    only: build it and compare."""
    if not body or body.isspace() or _UNTIDY_LINE_END.search(body):
        return False
    if body[-1] in _BLANK or body.startswith("\n\n") or body.endswith("\n\n"):
        return False
    text, start = note.text, note.body_start
    if settings.blank_line_after_frontmatter and body.startswith("\n") != bool(start):
        return False  # one blank line after frontmatter, none at the top of a note without
    if settings.final_newline and not body.endswith("\n"):
        return False
    ranges = note.verbatim
    if ranges and (ranges[0][0] <= start + 1 or max(end for _, end in ranges) >= len(text) - 1):
        return False  # a kept line at either end would not be trimmed
    return all(
        (heading.start == start or text.startswith("\n\n", heading.start - 2))
        and (heading.end + 1 >= len(text) or text.startswith("\n\n", heading.end))
        for heading in note.headings
        if heading.top_level
    )


def built_body(note: Note, settings: FormatConfig) -> str:
    """The canonical body, built line by line."""
    lines = note.text[note.body_start :].split("\n")
    offsets = _offsets(lines, note.body_start)
    # Whether a line is verbatim changes the output only for an empty line or one that ends in
    # whitespace (the rest come out as they are either way): only those are looked up.
    ranges = note.verbatim
    verbatim = [
        bool(ranges) and (not line or line[-1] in " \t") and _in_ranges(ranges, start, len(line))
        for start, line in zip(offsets, lines, strict=True)
    ]
    headings = _heading_lines(note, lines, offsets)
    out: list[str] = []
    kept: list[bool] = []  # whether each output line is verbatim
    # Blank lines between an empty list item and the next item stay: two after an empty item
    # end its list (markdown-it), and collapsed they would join the two lists.
    keep_run = False
    for index, line in enumerate(lines):
        trailing = line[-1:] in (" ", "\t")
        if trailing and not verbatim[index] and settings.strip_trailing_whitespace:
            line = _strip(line, lines[index + 1] if index + 1 < len(lines) else "")
        blank = not verbatim[index] and not line.strip(_BLANK)
        around = index in headings or index - 1 in headings
        if settings.blank_lines_around_headings and around and not blank and out and out[-1]:
            out.append("")
            kept.append(False)
        collapse = settings.collapse_blank_lines and not keep_run
        if blank and collapse and out and not out[-1] and not kept[-1]:
            continue
        out.append("" if blank else line)
        kept.append(verbatim[index])
        if not blank:
            keep_run = list_item_text(line) == "" and _item_follows(lines, index)
    return _trim(out, kept, note, settings)


def _item_follows(lines: list[str], index: int) -> bool:
    """Whether the first line after `index` that is not blank starts a list item."""
    for position in range(index + 1, len(lines)):  # (not a slice: a copy for every item)
        if lines[position].strip(_BLANK):
            return list_item_text(lines[position]) is not None
    return False


def _offsets(lines: list[str], start: int) -> list[int]:
    offsets = [start]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets


def _in_ranges(ranges: tuple[tuple[int, int], ...], start: int, length: int) -> bool:
    """Whether the line at `start` touches one of the (sorted, disjoint-ish) ranges."""
    end = start + length
    position = bisect.bisect_right(ranges, (end, end))
    return any(s <= end and start < e for s, e in ranges[max(0, position - 4) : position])


def _heading_lines(note: Note, lines: list[str], offsets: list[int]) -> set[int]:
    """Lines of top-level ATX headings (setext headings keep their layout), but for one
    right after a fence left open: in a list item, a blank line put before it joins the code."""
    starts = {heading.start for heading in note.headings if heading.top_level}
    found = [
        index
        for index, offset in enumerate(offsets)
        if offset in starts and is_atx_heading(lines[index])  # (a setext one's text may be #x)
    ]
    if not found or not note.verbatim:
        return set(found)
    open_before = _open_fence_before(note.verbatim, lines, offsets, found[-1])
    return {index for index in found if not open_before[index]}


def _open_fence_before(
    ranges: tuple[tuple[int, int], ...], lines: list[str], offsets: list[int], last: int
) -> list[bool]:
    """For each line up to `last`: whether the verbatim lines right before it open a fence
    they do not close. One pass: a walk back from each heading was quadratic."""
    fence: Fence | None = None
    found = []
    for index in range(last + 1):
        found.append(fence is not None)
        line = lines[index]
        fence = fence_after(fence, line) if _in_ranges(ranges, offsets[index], len(line)) else None
    return found


def _strip(line: str, following: str) -> str:
    stripped = line.rstrip(_BLANK)
    hard_break = line.endswith("  ") and stripped and following.strip(_BLANK)
    if hard_break and not is_atx_heading(following):
        return stripped + "  "  # a hard line break: two spaces, exactly
    return stripped


def _trim(out: list[str], kept: list[bool], note: Note, settings: FormatConfig) -> str:
    start = 0
    while start < len(out) and not out[start] and not kept[start]:
        start += 1
    if 0 < start < len(out) and not note.body_start and DELIMITER.fullmatch(out[start]):
        start -= 1  # a blank line stays: a `---` on the first line would open frontmatter
    end = len(out)
    while end > start and not out[end - 1] and not kept[end - 1]:
        end -= 1
    if start == end:
        return ""
    body = "\n".join(out[start:end])
    if note.body_start and settings.blank_line_after_frontmatter:
        body = "\n" + body
    elif not settings.blank_line_after_frontmatter:
        body = "\n" * start + body
    return body + ("\n" if settings.final_newline or note.text.endswith("\n") else "")


def first_difference(before: str, after: str) -> tuple[int, str]:
    """The 0-based line where two bodies first differ, and what differs there."""
    old, new = before.split("\n"), after.split("\n")
    for index, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            if a.rstrip(" \t") == b.rstrip(" \t"):
                return index, "trailing whitespace"
            if not b:
                return index, "a missing blank line"
            return index, "an extra blank line" if not a else "the layout"
    if len(old) < len(new):
        return len(old) - 1, "no final newline"
    return len(new) - 1, "blank lines at the end"


@mypyc_attr(native_class=False)
class Layout(Struct, frozen=True):
    """One way the frontmatter's layout differs from the canonical one, and its fix."""

    start: int  # where to report it
    message: str
    edits: tuple[Edit, ...]


def frontmatter_layouts(
    note: Note, note_type: NoteType | None, settings: FormatConfig
) -> list[Layout]:
    """Differences from the canonical frontmatter: keys in order, lists in block style with
    items at the key's indentation, dates as quoted strings. Each is a separate text edit, so
    comments, unknown keys and untouched values stay exactly as written."""
    frontmatter = note.frontmatter
    if frontmatter is None or note.problems or frontmatter.duplicates or not frontmatter.fields:
        return []
    if frontmatter.flow:
        return []  # JSON-style `{...}`: its own quoting and order rules; left as written
    found = [
        *(_list_layouts(note) if settings.block_lists else ()),
        *(_date_layouts(note, note_type) if settings.quote_dates else ()),
        *(_quote_layouts(note, note_type) if settings.plain_strings else ()),
    ]
    order = _key_order(note, note_type, settings.key_order)
    return [*found, order] if order is not None else found


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _list_layouts(note: Note) -> Iterator[Layout]:
    text = note.text
    assert note.frontmatter is not None
    for field in note.frontmatter.fields.values():
        value = field.value
        if not isinstance(value, YamlSeq) or _line_start(text, field.key.start) != field.key.start:
            continue
        if text.startswith("[", value.start):
            edit = _flow_to_block(note, field.key, value)
            if edit is not None:
                yield Layout(
                    field.key.start, f"{field.name}: a list is written one item a line", (edit,)
                )
            continue
        indent = value.start - _line_start(text, value.start)
        if indent > 0:
            edit = _dedent(note, value, indent)
            if edit is not None:
                message = f"{field.name}: list items sit at the key's indentation ('- item')"
                yield Layout(field.key.start, message, (edit,))


def _flow_to_block(note: Note, key: YamlScalar, value: YamlSeq) -> Edit | None:
    raw = note.text[value.start : value.end]
    items = [note.text[item.start : item.end] for item in value.items]
    simple = all(
        isinstance(item, YamlScalar) and "\n" not in written
        for item, written in zip(value.items, items, strict=True)
    )
    if not simple or "\n" in raw or "#" in raw.replace("".join(items), ""):
        return None
    colon = note.text.index(":", key.end)
    if not items:
        return None  # `tags: []` stays: an empty block list would be null
    return Edit(colon + 1, value.end, "".join(f"\n- {item}" for item in items))


def _dedent(note: Note, value: YamlSeq, indent: int) -> Edit | None:
    first = _line_start(note.text, value.start)
    last = value.items[-1].end if value.items else value.end  # a block list ends at the next key
    end = note.text.find("\n", last)
    end = len(note.text) if end == -1 else end
    lines = note.text[first:end].split("\n")
    if any(line.strip() and not line.startswith(" " * indent) for line in lines):
        return None
    return Edit(first, end, "\n".join(line[indent:] if line.strip() else line for line in lines))


def _date_layouts(note: Note, note_type: NoteType | None) -> Iterator[Layout]:
    if note_type is None or note.frontmatter is None:
        return
    fields = note.frontmatter.fields
    for name in note_type.date_fields:
        field = fields.get(name)
        value = field.value if field is not None else None
        if not isinstance(value, YamlScalar) or value.style is not None:
            continue
        fmt = note_type.fields[name].date_format or "%Y-%m-%d"
        if isinstance(value.value, dt.date) and value.value.strftime(fmt) == value.text:
            message = f"{name}: a date is written as a quoted string ('{value.text}')"
            yield Layout(value.start, message, (Edit(value.start, value.end, f"'{value.text}'"),))


def _quote_layouts(note: Note, note_type: NoteType | None) -> Iterator[Layout]:
    """Strings plain unless YAML needs quotes, then single quotes (the example's style)."""
    assert note.frontmatter is not None
    dates = note_type.date_fields if note_type else ()
    for field in note.frontmatter.fields.values():
        if field.name in dates:
            continue
        items = field.value.items if isinstance(field.value, YamlSeq) else (field.value,)
        for node in items:
            if not isinstance(node, YamlScalar) or node.style not in ("'", '"'):
                continue
            if not isinstance(node.value, str) or "\n" in note.text[node.start : node.end]:
                continue
            wanted = scalar_text(node.value)
            if wanted != note.text[node.start : node.end] and _same_string(wanted, node.value):
                message = f"{field.name}: {note.text[node.start : node.end]} is written {wanted}"
                yield Layout(node.start, message, (Edit(node.start, node.end, wanted),))


def _same_string(written: str, value: str) -> bool:
    parsed = parse_yaml(f"k: {written}\n")
    if not isinstance(parsed, YamlDocument) or not isinstance(parsed.root, YamlMap):
        return False
    node = parsed.root.pairs[0][1]
    return isinstance(node, YamlScalar) and node.value == value


def _key_order(note: Note, note_type: NoteType | None, key_order: str) -> Layout | None:
    """`sorted`: keys by name; `schema`: the schema's fields in its order, then the rest by
    name. One edit moves every key's text (its comment lines above it included)."""
    assert note.frontmatter is not None
    if key_order == "preserve":
        return None
    by_name = note.frontmatter.fields
    names = list(by_name)  # (the fields' names, in file order)
    if key_order == "schema" and note_type is not None:
        rank = {name: index for index, name in enumerate(note_type.fields)}
        wanted_names = sorted(names, key=lambda name: (name not in rank, rank.get(name, 0), name))
    else:
        wanted_names = sorted(names)
    if wanted_names == names:
        return None  # (most notes: no field object is looked at)
    fields = list(by_name.values())
    text = note.text
    if any(_line_start(text, f.key.start) != f.key.start for f in fields):
        return None
    wanted = [by_name[name] for name in wanted_names]
    chunks = _chunks(note, fields)
    if chunks is None:
        return None
    texts = {field.name: note.text[a:b] for field, (a, b) in zip(fields, chunks, strict=True)}
    moved = next(f for f, w in zip(fields, wanted, strict=True) if f.name != w.name)
    message = f"keys are not in {key_order} order; {moved.name!r} is out of place"
    edit = Edit(chunks[0][0], chunks[-1][1], "".join(texts[f.name] for f in wanted))
    return Layout(moved.key.start, message, (edit,))


def _chunks(note: Note, fields: list[Field]) -> list[tuple[int, int]] | None:
    """Each key's text: the comment lines just above it, its line, its value's lines."""
    text = note.text
    starts = [above_comments(text, field.key.start) for field in fields]
    last = fields[-1].value
    end = text.find("\n", max(last.end - 1, fields[-1].key.end))
    if end == -1:
        return None
    ends = [*starts[1:], end + 1]
    chunks = list(zip(starts, ends, strict=True))
    if any(b <= a or not text[a:b].endswith("\n") for a, b in chunks):
        return None
    return chunks
