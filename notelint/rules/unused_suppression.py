"""A suppression that suppresses nothing (ruff's RUF100 for `noqa`). That is a
`notelint-disable...` comment, one rule name in it, or one entry of the frontmatter's
`notelint: {ignore: [...]}` with no problem of its rule where it applies; a rule name that is
unknown (with the closest name) or not enabled in the config; a `notelint-enable` that ends
no `notelint-disable`. Also a suppression that cannot work as written: an unknown
`notelint-...` directive, a `notelint` key that is not `{ignore: [rule, ...]}`. It is weighed
after every other rule ran. A suppression that names unused-suppression is never reported as
unused: that is how to keep one meant to stay. Fixable: the fix removes the comment (with its
line when nothing else is on it) or the key when nothing in it was used, else the unused names.

Bad:
    %% notelint-disable-next-line dead-wikilink %%
    See [[Mechanistic Interpretability]] (which exists).
Good:
    See [[Mechanistic Interpretability]] (which exists).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from msgspec import Struct
from mypy_extensions import mypyc_attr

from notelint.diagnostics import Diagnostic, Edit, Fix, Severity
from notelint.edits import above_comments, remove_item
from notelint.note import Note
from notelint.rule import Context
from notelint.rules import RULE_IDS, unknown_rule
from notelint.suppressions import Directive, Suppressions
from notelint.yaml_nodes import YamlMap, YamlNode, YamlScalar, YamlSeq

ID = "unused-suppression"
SEVERITY = Severity.WARNING
FIXABLE = True


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    """Nothing yet: whether a suppression was used is known only after every other rule ran,
    so notelint.suppressions calls `report` then."""
    return iter(())


def report(
    note: Note, context: Context, suppressions: Suppressions, enabled: Collection[str]
) -> Iterator[Diagnostic]:
    """The suppressions that cannot work, and those that were not used (after `claim`)."""
    for problem in suppressions.problems:
        yield context.diagnostic(ID, note.span(problem.start, problem.end), problem.message)
    for index in range(len(suppressions.directives)):
        yield from _unused(note, context, suppressions, index, enabled)


def _unused(
    note: Note, context: Context, suppressions: Suppressions, index: int, enabled: Collection[str]
) -> Iterator[Diagnostic]:
    """The whole directive when no part of it was used, else each unused name."""
    directive = suppressions.directives[index]
    reasons = _reasons(suppressions, index, enabled, context.project.deselected)
    if all(reason is not None for reason in reasons.values()):
        message = f"unused suppression {directive.shown()!r}: {_joined(reasons.values())}"
        fix = Fix(tuple(_removal(note, suppressions, index)))
        span = note.span(directive.start, directive.end)
        yield context.diagnostic(ID, span, message, fix=fix if fix.edits else None)
        return
    for part, reason in reasons.items():
        if reason is not None:
            name = directive.names[part]
            message = f"unused suppression of {name.rule!r} in {directive.shown()!r}: {reason}"
            fix = Fix((_name_removal(note, directive, part),))
            yield context.diagnostic(ID, note.span(name.start, name.end), message, fix=fix)


def _reasons(
    suppressions: Suppressions, index: int, enabled: Collection[str], deselected: Collection[str]
) -> dict[int, Reason | None]:
    """Why each part of a directive (a name; -1 when it has none) is unused; None if used, or
    if it cannot be told: a rule the command line left out of this run did not look, so
    `fix --select unused-suppression` keeps the suppressions other rules need."""
    directive = suppressions.directives[index]
    kept = ID in (name.rule for name in directive.names)  # meant to stay
    reasons: dict[int, Reason | None] = {}
    for part in directive.parts():
        rule = directive.names[part].rule if part >= 0 else None
        if rule is not None and rule not in RULE_IDS:
            reasons[part] = Reason(unknown_rule(rule))
        elif kept or (index, part) in suppressions.used or _unjudged(rule, deselected):
            reasons[part] = None
        elif directive.kind == "enable":
            reasons[part] = Reason(f"no notelint-disable{f' of {rule}' if rule else ''} is open")
        elif rule is not None and rule not in enabled:
            reasons[part] = Reason(f"rule {rule!r} is not enabled")
        else:
            reasons[part] = Reason("", rule or "", _where(suppressions, index, part))
    if not reasons:
        reasons[-1] = Reason("the ignore list is empty")
    return reasons


def _unjudged(rule: str | None, deselected: Collection[str]) -> bool:
    """A rule left out of this run, or (no name) any rule: whether it is needed is unknown."""
    return rule in deselected if rule is not None else bool(deselected)


@mypyc_attr(native_class=False)
class Reason(Struct, frozen=True):
    """Why a part is unused: `text`, or no problem of `rule` `where` it applies."""

    text: str
    rule: str = ""
    where: str = ""

    def __str__(self) -> str:
        return self.text or f"no {self.rule + ' ' if self.rule else ''}problem {self.where}"


def _where(suppressions: Suppressions, index: int, part: int) -> str:
    if suppressions.directives[index].kind == "ignore":
        return "in this note"
    lines = suppressions.lines.get((index, part))
    if lines is None:
        return "after it: no line follows"
    first, last = lines
    return f"on line {first}" if first == last else f"on lines {first}-{last}"


def _joined(reasons: Collection[Reason | None]) -> str:
    """The reasons, with `no a problem on line 3; no b problem on line 3` said once."""
    merged: list[Reason] = []
    for reason in reasons:
        assert reason is not None
        previous = merged[-1] if merged else None
        if previous and reason.rule and previous.rule and previous.where == reason.where:
            merged[-1] = Reason("", f"{previous.rule} or {reason.rule}", reason.where)
        else:
            merged.append(reason)
    return "; ".join(map(str, merged))


# --- fixes ----------------------------------------------------------------------------------


def _removal(note: Note, suppressions: Suppressions, index: int) -> Iterator[Edit]:
    """The whole directive, and the enables that end only it (they would end nothing)."""
    directive = suppressions.directives[index]
    if directive.kind == "ignore":
        edit = _remove_key(note, directive)
        yield from [edit] if edit is not None else []
        return
    edit = remove_comment(note, directive.start, directive.end)
    yield edit
    for enable, ended in suppressions.closed.items():
        if {key[0] for key in ended} == {index}:
            partner = suppressions.directives[enable]
            other = remove_comment(note, partner.start, partner.end)
            if other.start >= edit.end or other.end <= edit.start:
                yield other


def _name_removal(note: Note, directive: Directive, part: int) -> Edit:
    """One name and the separator before it (after it, for the first)."""
    if directive.items is not None:
        return remove_item(note, directive.items, part)
    names = directive.names
    if part > 0:
        return Edit(names[part - 1].end, names[part].end, "")
    return Edit(names[0].start, names[1].start, "")


def remove_comment(note: Note, start: int, end: int) -> Edit:
    """A comment with the spaces that would be left; its lines when nothing else is on them."""
    text = note.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = _line_end(text, end)
    before, after = text[line_start:start], text[end:line_end]
    if not before.strip() and not after.strip():
        return _remove_lines(note, line_start, line_end)
    if not after.strip():
        return Edit(len(before.rstrip(" \t")) + line_start, line_end, "")
    if not before.strip():
        return Edit(start, end + len(after) - len(after.lstrip(" \t")), "")
    return Edit(len(before.rstrip(" \t")) + line_start, end, "")


def _remove_lines(note: Note, start: int, end: int) -> Edit:
    """Lines [start, end) and their newline, and a blank line beside them when two blank
    lines would otherwise meet (or one would end the note)."""
    text = note.text
    stop = min(end + 1, len(text))
    following = text[stop : _line_end(text, stop)]
    blank_after = stop >= len(text) or not following.strip()
    if start > note.body_start:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not text[previous : start - 1].strip() and blank_after:
            return Edit(previous, stop, "")
    elif start == 0 and stop < len(text) and blank_after:
        return Edit(start, min(_line_end(text, stop) + 1, len(text)), "")
    return Edit(start, stop, "")


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end


def _remove_key(note: Note, directive: Directive) -> Edit | None:
    """The `notelint` key with its value and the comment lines above it (they are about it);
    None unless it is a key of a block mapping at column 0 holding only `ignore`."""
    present = directive.yaml_field
    assert present is not None
    text = note.text
    start = present.key.start
    flow = note.frontmatter is not None and note.frontmatter.flow
    if flow or text.rfind("\n", 0, start) + 1 != start or len(_pairs(present.value)) != 1:
        return None  # in a flow mapping, or with keys besides ignore (not ours to drop)
    end = text.find("\n", max(_content_end(present.value) - 1, present.key.end))
    return Edit(above_comments(text, start), end + 1, "") if end != -1 else None


def _pairs(node: YamlNode) -> tuple[tuple[YamlScalar, YamlNode], ...]:
    return node.pairs if isinstance(node, YamlMap) else ()


def _content_end(node: YamlNode) -> int:
    """Where a value's last scalar ends (a block mapping's span runs on over comments)."""
    if isinstance(node, YamlMap) and node.pairs:
        key, value = node.pairs[-1]
        return max(key.end, _content_end(value))
    if isinstance(node, YamlSeq) and node.items:
        return _content_end(node.items[-1])
    return node.end
