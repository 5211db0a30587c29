"""Inferring a starting schema from the notes of a vault, for `notelint init`.

Pure functions from parsed notes to an `Inferred` schema in which every rule carries its
evidence. The thresholds are those of infer_fields: a rule is inferred when nearly all (95%)
of the notes it applies to already follow it, so `check` right after `init` flags outliers.

Note types come from the type field (`type`, else another key that names kinds of notes),
else from folders: notes without a type, grouped under the folders where their shape (the
fields and sections nearly all of them have) changes.
"""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from msgspec import Struct, field
from msgspec.structs import replace

from notelint.check import note_type
from notelint.config import (
    SUPPRESSIONS_KEY,
    Config,
    FieldSpec,
    FormatConfig,
    NoteType,
    RuleLevel,
    SectionSpec,
    make_project,
)
from notelint.fields import is_empty
from notelint.infer_fields import NEARLY_ALL, RARE, FieldGuess, Resolver, Value, infer_field
from notelint.infer_layout import infer_layout
from notelint.note import Field, Note
from notelint.sections import top_headings
from notelint.yaml_nodes import YamlScalar

MIN_NOTES = 5  # a type (or a folder) with fewer notes is too small to infer a shape from
SECTION_SHARE = 0.5  # a heading most notes of a type have is one of its sections
# Keys that may name a note's kind, in the order they are tried; `type` is notelint's default
TYPE_FIELDS = ("type", "kind", "category", "class", "note_type", "notetype")
NEVER_FIELDS = frozenset({SUPPRESSIONS_KEY})  # in-note settings, not fields
ROOT_TYPE = "Note"  # the name of a type of notes spread over the whole vault
_UNUSED_NAMES = ("type", "note_type", "notelint_type", *(f"notelint_type_{i}" for i in range(99)))


class SectionGuess(Struct, frozen=True):
    """A section `init` proposes, with the evidence it shows the user."""

    spec: SectionSpec
    evidence: str


class TypeGuess(Struct, frozen=True):
    """An inferred note type; `fields` holds None specs for keys no type fits (left out)."""

    name: str
    notes: int
    evidence: str
    paths: list[str] = field(default_factory=list)
    fields: dict[str, FieldGuess] = field(default_factory=dict)
    rare: dict[str, int] = field(default_factory=dict)  # keys too few notes use, left out
    sections: list[SectionGuess] = field(default_factory=list)
    extra_fields: Literal["allow", "warn", "forbid"] = "warn"
    folder: str | None = None  # for folder types: the folder `paths` names

    def note_type(self) -> NoteType:
        fields = {name: g.spec for name, g in self.fields.items() if g.spec is not None}
        sections = [section.spec for section in self.sections]
        return NoteType(
            paths=self.paths, fields=fields, sections=sections, extra_fields=self.extra_fields
        )


class Inferred(Struct, frozen=True):
    """A schema inferred from a vault's notes, with the evidence for each of its lines."""

    notes: int
    type_field: str
    type_field_evidence: str
    types: list[TypeGuess]
    left_out: list[str] = field(default_factory=list)  # type names not declared, and why
    format: FormatConfig = field(default_factory=FormatConfig)
    format_evidence: dict[str, str] = field(default_factory=dict)
    rules: dict[str, tuple[RuleLevel, str]] = field(default_factory=dict)  # rule: level, why

    def config(self) -> Config:
        types = {guess.name: guess.note_type() for guess in self.types}
        rules = {rule: level for rule, (level, _) in self.rules.items()}
        return Config(type_field=self.type_field, types=types, rules=rules, format=self.format)


class Group(Struct):
    """Notes that become one type: those naming it in the type field, or a folder's."""

    name: str
    notes: list[Note]
    evidence: str
    folder: str | None = None  # for folder types: the folder their `paths` glob names
    typed: bool = False  # named by the type field, which it then declares


def infer_schema(notes: Sequence[Note], resolves: Resolver) -> Inferred:
    """The schema `notes` follow: all notes of a vault, of which unreadable ones and those
    whose frontmatter does not read only count as paths."""
    readable = [n for n in notes if n.unreadable is None and not n.problems]
    type_field, evidence = choose_type_field(readable)
    typed, left_out = _typed_groups(readable, type_field)
    untyped = [n for n in readable if type_field not in _keys(n)]
    folders = _folder_groups(untyped, [n.path for n in notes], type_field, {g.name for g in typed})
    types = [_infer_type(group, type_field, resolves) for group in typed + _path_order(folders)]
    types = _without_empty(types)
    inferred = Inferred(len(notes), type_field, evidence, types, left_out)
    return _with_layout(inferred, readable)


def _without_empty(types: list[TypeGuess]) -> list[TypeGuess]:
    """Folder types with no field or section: left out, unless a broader folder type would
    take their notes (then kept, allowing any field, so that it does not)."""
    kept = []
    for guess in types:
        if guess.fields or guess.sections or guess.folder is None:
            kept.append(guess)
        elif any(o is not guess and _inside(guess.folder, o.folder) for o in types):
            why = f"{guess.evidence}; they share no field or section"
            kept.append(replace(guess, evidence=why, extra_fields="allow"))
    return kept


def _with_layout(inferred: Inferred, notes: Sequence[Note]) -> Inferred:
    """The schema with the layout its notes have, each note typed as check will type it."""
    config = dataclasses.replace(inferred.config(), template_folders=[])
    project = make_project(config, None, Path("."))
    layout, evidence, off = infer_layout([(note, note_type(note, project)[1]) for note in notes])
    rules: dict[str, tuple[RuleLevel, str]] = {"not-canonical": ("off", off)} if off else {}
    return replace(inferred, format=layout, format_evidence=evidence, rules=rules)


def _keys(note: Note) -> dict[str, Field]:
    return note.frontmatter.fields if note.frontmatter is not None else {}


# --- the type field ----------------------------------------------------------------------


def choose_type_field(notes: Sequence[Note]) -> tuple[str, str]:
    """The key that names note types, and why. A key qualifies when nearly all its values are
    names and most of them are shared by several notes; with none, types come from folders
    and the type field is a key no note uses (a note with `type: [a, b]` is no error)."""
    for key in TYPE_FIELDS:
        names, values = _type_names(notes, key)
        counts = Counter(names)
        shared = sum(count for count in counts.values() if count >= MIN_NOTES)
        if names and len(names) >= NEARLY_ALL * values and shared >= 0.5 * len(names):
            return key, f"{len(names):,} of {len(notes):,} notes name their type with it"
    used = {key for note in notes for key in _keys(note)}
    unused = next(k for k in _UNUSED_NAMES if k not in used)
    why = "no key names note types, so types come from folders"
    if unused != "type":
        why += "; no note has this key (notes use `type` for other values)"
    return unused, why


def _type_names(notes: Sequence[Note], key: str) -> tuple[list[str], int]:
    """The type names notes give `key`, and how many notes have the key at all."""
    names: list[str] = []
    values = 0
    for note in notes:
        found = note.frontmatter.fields.get(key) if note.frontmatter is not None else None
        if found is None:
            continue
        values += 1
        value = found.value.value if isinstance(found.value, YamlScalar) else None
        if isinstance(value, str) and value.strip():
            names.append(value)
    return names, values


def _typed_groups(notes: Sequence[Note], type_field: str) -> tuple[list[Group], list[str]]:
    """One group per type name; a name fewer than MIN_NOTES notes use is declared without
    fields, unless it looks like a misspelling of a bigger one (check then reports it)."""
    by_name: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        names, _ = _type_names([note], type_field)
        if names:
            by_name[names[0]].append(note)
    big = [name for name, members in by_name.items() if len(members) >= MIN_NOTES]
    groups: list[Group] = []
    left_out: list[str] = []
    for name, members in sorted(by_name.items(), key=lambda item: (-len(item[1]), item[0])):
        evidence = f"{len(members):,} notes with {type_field}: {name}"
        close = difflib.get_close_matches(name, [b for b in big if b != name], 1, 0.8)
        if len(members) < MIN_NOTES and close:
            count = f"{len(members)} note{'s' if len(members) > 1 else ''}"
            left_out.append(f"{type_field} {name!r} ({count}), too like {close[0]!r}")
        else:
            groups.append(Group(name, members, evidence, typed=True))
    return groups, left_out


# --- folder types ------------------------------------------------------------------------

Shape = tuple[frozenset[str], frozenset[str]]


def _shape(notes: Sequence[Note]) -> Shape:
    """The fields and section headings nearly all the notes have."""
    keys: Counter[str] = Counter()
    headings: Counter[str] = Counter()
    for note in notes:
        if note.frontmatter is not None:
            keys.update(k for k, f in note.frontmatter.fields.items() if not is_empty(f.value))
        headings.update({heading.text for heading in top_headings(note)})
    need = NEARLY_ALL * len(notes)
    return (
        frozenset(k for k, count in keys.items() if count >= need and k not in NEVER_FIELDS),
        frozenset(h for h, count in headings.items() if count >= need),
    )


def _folder_groups(
    untyped: list[Note], all_paths: list[str], type_field: str, taken: set[str]
) -> list[Group]:
    """Notes without a type, one group per folder whose notes' shape differs from the shape
    of the folder above (tried from the vault root down)."""
    found: list[tuple[str, list[Note]]] = []
    _split("", untyped, found)
    groups = []
    for folder, members in found:
        common = _common_folder(members)
        glob = _broadest(common, folder, {n.path for n in members}, all_paths)
        name = _type_name(common, taken)
        taken.add(name)
        where = f"under {glob}/" if glob else "in the vault"
        evidence = f"{len(members):,} notes without a {type_field}, {where}"
        groups.append(Group(name, members, evidence, folder=glob))
    return groups


def _split(folder: str, notes: list[Note], found: list[tuple[str, list[Note]]]) -> list[Note]:
    """Add the groups of `notes` (all under `folder`) to `found`; returns the notes left over
    (too few to make a type), which the folder above takes back."""
    shape = _shape(notes)
    rest = notes
    for sub in _subfolders(folder, notes):
        rest = _split_below(sub, rest, shape, found)
    if len(rest) >= MIN_NOTES:
        found.append((folder, rest))
        return []
    return rest


def _split_below(
    sub: str, notes: list[Note], shape: Shape, found: list[tuple[str, list[Note]]]
) -> list[Note]:
    """`notes` without those under `sub` or deeper that were split off: a folder of
    MIN_NOTES+ notes whose shape differs from `shape` becomes a group of its own."""
    inside = [note for note in notes if _under(note.path, sub)]
    if len(inside) < MIN_NOTES:
        return notes
    if _shape(inside) != shape:
        left = _split(sub, inside, found)
        return [note for note in notes if not _under(note.path, sub)] + left
    for child in _subfolders(sub, inside):
        notes = _split_below(child, notes, shape, found)
    return notes


def _inside(inner: str, outer: str | None) -> bool:
    """Whether folder `inner` lies inside folder `outer` ("" is the vault root)."""
    return outer is not None and inner != outer and _under(inner, outer)


def _under(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def _subfolders(folder: str, notes: Sequence[Note]) -> list[str]:
    """The folders directly inside `folder` that hold some of the notes."""
    depth = folder.count("/") + 1 if folder else 0
    found = set()
    for note in notes:
        parts = note.path.split("/")
        if len(parts) > depth + 1:
            found.add("/".join(parts[: depth + 1]))
    return sorted(found)


def _common_folder(notes: Sequence[Note]) -> str:
    folders = [posixpath.dirname(note.path) for note in notes]
    common = posixpath.commonpath(folders) if all(folders) else ""
    return common


def _broadest(folder: str, top: str, members: set[str], all_paths: list[str]) -> str:
    """The highest folder, from `folder` up to `top`, in which every note is a member: the
    glob then also types notes added to it later, and no other note."""
    while folder != top:
        parent = posixpath.dirname(folder)
        if any(_under(path, parent) and path not in members for path in all_paths):
            break
        folder = parent
    return folder


def _type_name(folder: str, taken: set[str]) -> str:
    name = posixpath.basename(folder) or ROOT_TYPE
    candidates = [name, folder or ROOT_TYPE, *(f"{name} {i}" for i in range(2, 100))]
    return next(c for c in candidates if c not in taken)


def _path_order(groups: list[Group]) -> list[Group]:
    """Biggest first, but a type whose folder lies inside another's comes before it: the first
    type whose paths match a note is the note's type."""
    ordered: list[Group] = []
    for group in sorted(groups, key=lambda g: (-len(g.notes), g.name)):
        inner = group.folder or ""
        index = next((i for i, o in enumerate(ordered) if _inside(inner, o.folder)), len(ordered))
        ordered.insert(index, group)
    return ordered


def glob_for(folder: str) -> str:
    """A gitignore-style glob for everything under `folder`, its special characters escaped."""
    if not folder:
        return "**"
    escaped = "".join("\\" + char if char in "*?[]\\" else char for char in folder)
    if escaped[0] in "#!":
        escaped = "\\" + escaped
    return escaped + "/**"


# --- one type ----------------------------------------------------------------------------


def _infer_type(group: Group, type_field: str, resolves: Resolver) -> TypeGuess:
    notes = group.notes
    paths = [glob_for(group.folder)] if group.folder is not None else []
    if len(notes) < MIN_NOTES:
        evidence = f"{group.evidence}; too few to infer a shape from"
        return TypeGuess(group.name, len(notes), evidence, paths, extra_fields="allow")
    label = f"{group.name} notes"
    fields, rare = _fields(notes, label, type_field, resolves)
    if group.typed:
        named = f"in {len(notes):,} of {len(notes):,} {label}; names the type"
        fields[type_field] = FieldGuess(FieldSpec("str", required=True), named)
    sections = _sections(notes, label)
    fields = dict(sorted(fields.items()))
    return TypeGuess(
        group.name, len(notes), group.evidence, paths, fields, rare, sections, folder=group.folder
    )


def _fields(
    notes: list[Note], label: str, type_field: str, resolves: Resolver
) -> tuple[dict[str, FieldGuess], dict[str, int]]:
    """A guess for each key enough notes have; keys fewer notes have are outliers."""
    values: dict[str, list[Value]] = defaultdict(list)
    for note in notes:
        if note.frontmatter is not None:
            for name, present in note.frontmatter.fields.items():
                values[name].append(Value(note.path, present.value))
    enough = max(2, RARE * len(notes))
    fields: dict[str, FieldGuess] = {}
    rare: dict[str, int] = {}
    for name, found in sorted(values.items()):
        if name == type_field or name in NEVER_FIELDS or not name:
            continue
        if len(found) < enough:
            rare[name] = len(found)
        else:
            fields[name] = infer_field(found, len(notes), label, resolves)
    return fields, rare


def _sections(notes: list[Note], label: str) -> list[SectionGuess]:
    """The headings most notes share, in their usual order, at their usual level; a heading
    whose level, order or uniqueness varies in more than 5% of the notes is left out."""
    present: Counter[str] = Counter()
    levels: dict[str, Counter[int]] = defaultdict(Counter)
    repeated: Counter[str] = Counter()
    orders: list[list[str]] = []
    for note in notes:
        seen: list[str] = []
        twice: set[str] = set()
        for heading in top_headings(note):
            if heading.text in seen:
                twice.add(heading.text)
                continue
            seen.append(heading.text)
            levels[heading.text][heading.level] += 1
        present.update(seen)
        repeated.update(twice)
        orders.append(seen)
    names = [
        name
        for name, count in present.items()
        if name
        and count >= SECTION_SHARE * len(notes)
        and levels[name].most_common(1)[0][1] >= NEARLY_ALL * count
        and repeated[name] <= (1 - NEARLY_ALL) * count
    ]
    ordered = _usual_order(names, orders, present)
    return [_section(name, present[name], levels[name], len(notes), label) for name in ordered]


def _section(name: str, count: int, levels: Counter[int], total: int, label: str) -> SectionGuess:
    level = levels.most_common(1)[0][0]
    spec = SectionSpec(name, level, required=count >= NEARLY_ALL * total)
    return SectionGuess(spec, f"in {count:,} of {total:,} {label}")


def _usual_order(names: list[str], orders: list[list[str]], present: Counter[str]) -> list[str]:
    """The sections in the order most notes have them; of two sections whose order varies in
    more than 5% of the notes with both, the rarer is dropped."""
    before: Counter[tuple[str, str]] = Counter()
    wanted = set(names)
    for order in orders:
        kept = [name for name in order if name in wanted]
        for i, first in enumerate(kept):
            for second in kept[i + 1 :]:
                before[first, second] += 1
    while True:
        score = {a: sum(before[a, b] - before[b, a] for b in names if b != a) for a in names}
        names = sorted(names, key=lambda a: (-score[a], -present[a], a))
        dropped = _contested(names, before, present)
        if dropped is None:
            return names
        names.remove(dropped)


def _contested(
    names: list[str], before: Counter[tuple[str, str]], present: Counter[str]
) -> str | None:
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            against = before[second, first]
            if against > (1 - NEARLY_ALL) * (against + before[first, second]):
                return min((first, second), key=lambda name: (present[name], name))
    return None
