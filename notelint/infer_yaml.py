"""Writing an inferred schema as a commented notelint.yaml.

Every inferred line ends with a comment that gives its evidence, so the user can judge each
rule before trusting it. Scalars are written plain where YAML reads them back as the same
text, else quoted; inside flow collections (`{type: str}`, `[a, b]`) the flow indicators
`, [ ] { }` need quotes too. The output is checked by load_config in the tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from notelint.config import FieldSpec, FormatConfig
from notelint.infer import Inferred, TypeGuess
from notelint.infer_fields import FieldGuess
from notelint.report import escape
from notelint.yaml_nodes import YamlDocument, YamlMap, parse_yaml, scalar_text

RARE_SHOWN = 12  # rare keys named in a type's "left out" comment; the rest are counted

_HEADER = """\
# notelint.yaml, a starting schema `notelint init` inferred from {notes} notes.
# A rule is here when nearly all (95%) of the notes it applies to already follow it; the
# comment on each line gives the evidence. `notelint check` lists the notes that do not fit:
# fix them, or edit this file (see "The schema" in notelint's README).
"""


def schema_text(inferred: Inferred) -> str:
    """notelint.yaml for an inferred schema."""
    lines = _HEADER.format(notes=f"{inferred.notes:,}").splitlines()
    lines.append(_line(f"type_field: {_scalar(inferred.type_field)}", inferred.type_field_evidence))
    lines += [
        _comment(f"left out: {why}; check reports it (unknown-type)") for why in inferred.left_out
    ]
    lines += ["", "types:" if inferred.types else "types: {}"]
    for guess in inferred.types:
        lines += _type_lines(guess)
    lines += ["", _line("format:", "the layout `notelint fix` writes: the notes' own")]
    for name, value in _format_items(inferred.format):
        lines.append(_line(f"  {name}: {value}", inferred.format_evidence.get(name, "")))
    if inferred.rules:
        lines += ["", "rules:"]
        for rule, (level, why) in inferred.rules.items():
            lines.append(_line(f"  {_key(rule)}: {_scalar(level)}", why))
    return "\n".join(lines) + "\n"


def _type_lines(guess: TypeGuess) -> Iterator[str]:
    yield _line(f"  {_key(guess.name)}:", guess.evidence)
    if guess.paths:
        yield _line(f"    paths: {_flow_list(guess.paths)}", "the folder holding them")
    declared = {n: g for n, g in guess.fields.items() if g.spec is not None}
    left = {n: g for n, g in guess.fields.items() if g.spec is None}
    if declared or left or guess.rare:
        yield "    fields:" if declared else "    fields: {}"
    for name, field_guess in guess.fields.items():
        yield _field_line(name, field_guess)
    if guess.rare:
        yield "      " + _comment(
            "left out, in too few notes (unknown-field): " + _rare(guess.rare)
        )
    yield f"    extra_fields: {guess.extra_fields}"
    if guess.sections:
        yield "    sections:"
    for section in guess.sections:
        spec = section.spec
        parts = [f"name: {_flow(spec.name)}", f"level: {spec.level}"]
        if spec.required:
            parts.append("required: true")
        yield _line(f"      - {{{', '.join(parts)}}}", section.evidence)


def _field_line(name: str, guess: FieldGuess) -> str:
    if guess.spec is None:
        return "      " + _comment(f"{name}: left out: {guess.evidence}")
    return _line(f"      {_key(name)}: {_spec(guess.spec)}", guess.evidence)


def _spec(spec: FieldSpec) -> str:
    """A field spec as a flow mapping, its options in a fixed, readable order."""
    parts = [f"type: {spec.type}"]
    if spec.format is not None:
        parts.append(f"format: {_flow(spec.format)}")
    if spec.values is not None:
        parts.append(f"values: {_flow_list(spec.values)}")
    for bound in ("min", "max"):
        number = getattr(spec, bound)
        if number is not None:
            parts.append(f"{bound}: {_number(number)}")
    if spec.pattern is not None:
        parts.append(f"pattern: {_flow(spec.pattern)}")
    if spec.items is not None:
        parts.append(f"items: {_spec(spec.items)}")
    for flag in ("unique_items", "unique", "required"):
        if getattr(spec, flag):
            parts.append(f"{flag}: true")
    return "{" + ", ".join(parts) + "}"


def _rare(rare: dict[str, int]) -> str:
    ranked = sorted(rare.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{name} ({count:,})" for name, count in ranked[:RARE_SHOWN])
    more = len(ranked) - RARE_SHOWN
    return shown + (f" and {more:,} more" if more > 0 else "")


def _format_items(layout: FormatConfig) -> Iterator[tuple[str, str]]:
    for name, value in vars(layout).items():
        yield name, _scalar(value)


def _line(text: str, evidence: str) -> str:
    return f"{text}  {_comment(evidence)}" if evidence else text


def _comment(text: str) -> str:
    """A YAML comment; text from the notes (type names, keys) may hold line breaks, other
    controls or bidi overrides, escaped as the reports escape them (`report.escape`), so that
    the comment cannot end early or read otherwise than it is."""
    return "# " + escape(text)


# --- scalars ---------------------------------------------------------------------------


def _scalar(value: object) -> str:
    if isinstance(value, str) and not value.isprintable():
        return _quoted(value)
    return scalar_text(value)


def _flow(value: object) -> str:
    """A scalar inside a flow collection, where `, [ ] { }` would end a plain one."""
    text = _scalar(value)
    if isinstance(value, str) and text == value and any(char in value for char in ",[]{}"):
        return _quoted(value)
    return text


def _quoted(text: str) -> str:
    """Single quotes, or double quotes with escapes for what cannot be printed (a JSON
    string is a YAML double-quoted one): line breaks, controls, bidi overrides and other
    invisible characters, so that the schema cannot read otherwise than it is."""
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    escaped = json.dumps(text, ensure_ascii=False)
    return "".join(char if char.isprintable() else _escaped(char) for char in escaped)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _flow_list(values: list[str] | list[str | int | float | bool]) -> str:
    return "[" + ", ".join(_flow(value) for value in values) + "]"


def _key(text: str) -> str:
    """A mapping key that YAML reads back as exactly `text` (a string)."""
    for written in (_scalar(text), _quoted(text)):
        parsed = parse_yaml(f"{written}: 1\n")
        if isinstance(parsed, YamlDocument) and isinstance(parsed.root, YamlMap):
            key = parsed.root.pairs[0][0]
            if len(parsed.root.pairs) == 1 and key.value == text:
                return written
    return _quoted(text) if text.isprintable() else json.dumps(text)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
