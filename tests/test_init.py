"""`notelint init`: the schema it infers from a vault, the file it writes (never over another
config), and `check` right after it reporting only the notes that do not fit.

The main test runs init on a generated benchmark vault, whose schema and planted defects are
known: the inferred schema must be the generator's, and check must then report exactly the
planted defects."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from notelint.cli import main
from notelint.config import Config, FieldSpec, SectionSpec, load_config, make_project
from notelint.infer_fields import Value, infer_field
from notelint.init_command import infer_vault
from notelint.yaml_nodes import YamlDocument, YamlMap, parse_yaml
from tests.conftest import write_files

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    name = "notelint_benchmark_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def init(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "notelint", "init", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


# --- a generated vault: the generator's schema comes back ----------------------------------


@pytest.fixture(scope="module", params=[(600, 1), (400, 3)], ids=["600-seed1", "400-seed3"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A generated vault without its notelint.yaml, then `notelint init` run on it: (vault,
    the generator's config, the manifest, init's result)."""
    notes, seed = request.param
    generate = _generator()
    vault = tmp_path_factory.mktemp("generated") / "vault"
    manifest = generate.generate(vault, notes, seed)
    schema = vault / "notelint.yaml"
    expected = load_config(schema)
    schema.unlink()
    done = init(".", cwd=vault)
    return vault, expected, manifest, done


def test_init_on_a_generated_vault_writes_a_config_load_config_accepts(generated):
    vault, _, manifest, done = generated
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == (
        f"Wrote notelint.yaml: 2 note types, 10 fields, 3 sections, inferred from"
        f" {manifest['notes']:,} notes.\nRun `notelint check .` to see the notes that do not fit it.\n"
    )
    assert isinstance(load_config(vault / "notelint.yaml"), Config)


def test_the_inferred_content_type_is_the_generators(generated):
    """Every field and section of Content, with its type, required, range, format, pattern,
    unique and unique_items, as the generator declares it. One difference: every generated
    Content note has tags, so they are inferred required; the generator's schema leaves them
    optional, a choice no note shows."""
    vault, expected, _, _ = generated
    got = load_config(vault / "notelint.yaml")
    assert got.type_field == "type"
    assert list(got.types) == ["Content", "Concept"]
    content, wanted = got.types["Content"], expected.types["Content"]
    assert content.fields["tags"] == _with(wanted.fields["tags"], required=True)
    assert {n: s for n, s in content.fields.items() if n != "tags"} == {
        n: s for n, s in wanted.fields.items() if n != "tags"
    }
    assert content.sections == wanted.sections
    assert content.sections == [
        SectionSpec("Summary", 2, required=True),
        SectionSpec("Links", 2),
        SectionSpec("Topics", 2, required=True),
    ]
    assert (content.extra_fields, content.extra_sections) == ("warn", "allow")


def test_the_inferred_concept_type_is_the_generators_with_what_its_notes_all_have(generated):
    """Concept notes are typed by their folder, as the generator's `paths` says. Differences:
    every topic note has a `domain` text (the generator's schema leaves it to
    `extra_fields: allow`, init declares it, required, and keeps `warn`), and aliases are
    lists of text (the generator declares just a list)."""
    vault, expected, _, _ = generated
    concept, wanted = (
        load_config(vault / "notelint.yaml").types["Concept"],
        expected.types["Concept"],
    )
    assert concept.paths == wanted.paths == ["topics/**"]
    assert concept.fields["aliases"] == _with(wanted.fields["aliases"], items=FieldSpec("str"))
    assert concept.fields["domain"] == FieldSpec("str", required=True)
    assert set(concept.fields) == {"aliases", "domain"}
    assert concept.sections == wanted.sections == []  # each topic has its own headings
    assert (wanted.extra_fields, concept.extra_fields) == ("allow", "warn")


def test_check_after_init_reports_exactly_the_planted_defects(generated):
    vault, _, manifest, _ = generated
    command = [sys.executable, "-m", "notelint", "check", ".", "--format", "json", "--no-cache"]
    done = subprocess.run(command, cwd=vault, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    found = sorted((d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(done.stdout))
    planted = [(d["path"], d["line"], d["column"], d["rule"]) for d in manifest["defects"]]
    assert found == planted
    assert len({rule for *_, rule in planted}) == 11  # every kind the generator plants


def test_each_inferred_line_carries_its_evidence(generated):
    vault, _, _, _ = generated
    text = (vault / "notelint.yaml").read_text("utf-8")
    content = re.search(r"^  Content: .*?(?=^  Concept:)", text, re.MULTILINE | re.DOTALL)
    assert content is not None
    lines = [line for line in content.group().splitlines() if line.strip()]
    assert lines[0].startswith("  Content:  # ") and lines[0].endswith(" notes with type: Content")
    for line in lines[1:]:
        if line.strip().startswith(("fields:", "extra_fields:", "sections:", "#")):
            continue
        assert "  # in " in line, line
    priority = next(line for line in lines if line.startswith("      read_priority:"))
    assert re.search(
        r"# in [\d,]+ of [\d,]+ Content notes; an integer in all; 1 to 5 in [\d,]+,", priority
    )


def _with(spec: FieldSpec, **changes: object) -> FieldSpec:
    fields = {name: getattr(spec, name) for name in spec.__dataclass_fields__}
    return FieldSpec(**{**fields, **changes})


# --- a tiny hand-written vault: the exact file ---------------------------------------------

BOOK = """\
---
author: {author}
rating: {rating}
read: {read}
tags:
- {tag}
type: Book
---

# {title}

## Summary

Text.
"""
QUOTES = "\n## Quotes\n\nA quote.\n"
BOOKS = [
    ("dune", "Dune", "Frank Herbert", "5", "2024-03-01", "scifi", True),
    ("emma", "Emma", "Jane Austen", "4", "2023-11-20", "classic", True),
    ("ubik", "Ubik", "Philip K. Dick", "3", "2024-01-05", "scifi", True),
    ("kindred", "Kindred", "Octavia Butler", "five", "2022-07-14", "classic", True),
    ("solaris", "Solaris", "Stanislaw Lem", "4", "2021-02-09", "scifi", True),
    ("beloved", "Beloved", "Toni Morrison", "5", "2020-05-30", "classic", False),
]
PEOPLE = [
    ("Ada Lovelace", 1815),
    ("Alan Turing", 1912),
    ("Grace Hopper", 1906),
    ("Edsger Dijkstra", 1930),
    ("Barbara Liskov", 1939),
]


def tiny_vault(root: Path) -> Path:
    """Six Book notes (one rating written as a word, one without Quotes), five people notes
    in a folder without a type, a note whose type is a typo, an index, and a template."""
    files: dict[str, str | bytes] = {
        ".obsidian/templates.json": '{"folder": "Templates"}',
        "Templates/Book.md": "---\ntype: Book\ncreated: {{date}}\n---\n",
        "books/draft.md": "---\nnotelint: {ignore: [unused-suppression]}\ntype: Bok\n---\n\nA typo.\n",
        "index.md": "# Index\n\n[[Dune]]\n",
    }
    for slug, title, author, rating, read, tag, quotes in BOOKS:
        text = BOOK.format(author=author, rating=rating, read=read, tag=tag, title=title)
        files[f"books/{slug}.md"] = text + (QUOTES if quotes else "")
    for name, born in PEOPLE:
        slug = name.lower().replace(" ", "-")
        files[f"people/{name}.md"] = (
            f"---\nborn: {born}\nwebsite: https://example.org/{slug}\n---\n\n# {name}\n"
        )
    return write_files(root, files)


TINY_SCHEMA = """\
# notelint.yaml, a starting schema `notelint init` inferred from 13 notes.
# A rule is here when nearly all (95%) of the notes it applies to already follow it; the
# comment on each line gives the evidence. `notelint check` lists the notes that do not fit:
# fix them, or edit this file (see "The schema" in notelint's README).
type_field: type  # 7 of 13 notes name their type with it
# left out: type 'Bok' (1 note), too like 'Book'; check reports it (unknown-type)

types:
  Book:  # 6 notes with type: Book
    fields:
      author: {type: str, required: true}  # in 6 of 6 Book notes; text in all
      rating: {type: int, required: true}  # in 6 of 6 Book notes; an integer in 5, 1 not
      read: {type: date, format: '%Y-%m-%d', required: true}  # in 6 of 6 Book notes; '%Y-%m-%d' in all
      tags: {type: list, items: {type: str}, required: true}  # in 6 of 6 Book notes; a list in all; items: text in all
      type: {type: str, required: true}  # in 6 of 6 Book notes; names the type
    extra_fields: warn
    sections:
      - {name: Summary, level: 2, required: true}  # in 6 of 6 Book notes
      - {name: Quotes, level: 2}  # in 5 of 6 Book notes
  people:  # 5 notes without a type, under people/
    paths: [people/**]  # the folder holding them
    fields:
      born: {type: int, required: true}  # in 5 of 5 people notes; an integer in all
      website: {type: url, unique: true, required: true}  # in 5 of 5 people notes; a URL in all; no two notes share one
    extra_fields: warn

format:  # the layout `notelint fix` writes: the notes' own
  key_order: sorted  # as all 13 notes are
  block_lists: true  # as all 13 notes are
  quote_dates: false  # would change 6 of 13 notes
  plain_strings: true  # as all 13 notes are
  blank_line_after_frontmatter: true  # as all 13 notes are
  blank_lines_around_headings: true  # as all 13 notes are
  strip_trailing_whitespace: true  # as all 13 notes are
  collapse_blank_lines: true  # as all 13 notes are
  final_newline: true  # as all 13 notes are
"""


def test_init_writes_the_expected_schema_for_a_tiny_vault(tmp_path: Path, capsys):
    vault = tiny_vault(tmp_path / "vault")
    assert main(["init", str(vault)]) == 0
    out = capsys.readouterr().out
    written = vault / "notelint.yaml"
    assert out == (
        f"Wrote {written}: 2 note types, 7 fields, 2 sections, inferred from 13 notes.\n"
        f"Run `notelint check {vault}` to see the notes that do not fit it.\n"
    )
    assert written.read_text("utf-8") == TINY_SCHEMA
    assert load_config(written) == infer_vault(vault).config()


def test_check_after_init_on_the_tiny_vault_flags_its_two_outliers(
    tmp_path: Path, capsys, monkeypatch
):
    vault = tiny_vault(tmp_path / "vault")
    assert main(["init", str(vault)]) == 0
    capsys.readouterr()
    monkeypatch.chdir(vault)
    assert main(["check", "--no-cache", "--color", "never"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "books/draft.md:3:1: unknown-type type 'Bok' is not a note type; expected one of:"
        " Book, people (did you mean 'Book'?)",
        "books/kindred.md:3:1: wrong-type rating is a string, expected an integer",
        "Found 2 problems in 2 of 13 notes (2 errors, 0 warnings).",
    ]


def test_stdout_prints_the_schema_and_writes_nothing(tmp_path: Path, capsys):
    vault = tiny_vault(tmp_path / "vault")
    assert main(["init", str(vault), "--stdout"]) == 0
    assert capsys.readouterr().out == TINY_SCHEMA
    assert not (vault / "notelint.yaml").exists()


def test_init_defaults_to_the_current_folder(tmp_path: Path):
    vault = tiny_vault(tmp_path / "vault")
    done = init(cwd=vault)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote notelint.yaml: 2 note types,")
    assert (vault / "notelint.yaml").read_text("utf-8") == TINY_SCHEMA
    assert [p.name for p in vault.iterdir() if p.name.endswith(".tmp")] == []
    mask = os.umask(0o022)
    os.umask(mask)
    assert (vault / "notelint.yaml").stat().st_mode & 0o777 == 0o666 & ~mask


# --- never over a config -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("notelint.yaml", "types: {}\n"),
        (".notelint.yaml", "types: {}\n"),
        ("pyproject.toml", "[tool.notelint]\ntype_field = 'kind'\n"),
    ],
)
def test_init_never_replaces_a_config(tmp_path: Path, capsys, name: str, text: str):
    vault = tiny_vault(tmp_path / "vault")
    (vault / name).write_text(text, encoding="utf-8")
    before = sorted(p.relative_to(vault) for p in vault.rglob("*"))
    assert main(["init", str(vault)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"notelint: error: {vault / name} already exists; notelint init never replaces a config"
        " (--stdout prints what it would write)\n"
    )
    assert (vault / name).read_text("utf-8") == text
    assert sorted(p.relative_to(vault) for p in vault.rglob("*")) == before


def test_a_pyproject_without_a_notelint_table_is_no_config(tmp_path: Path, capsys):
    vault = tiny_vault(tmp_path / "vault")
    (vault / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    assert main(["init", str(vault)]) == 0
    assert (vault / "notelint.yaml").read_text("utf-8") == TINY_SCHEMA


def test_stdout_works_beside_an_existing_config(tmp_path: Path, capsys):
    vault = tiny_vault(tmp_path / "vault")
    (vault / "notelint.yaml").write_text("types: {}\n", encoding="utf-8")
    assert main(["init", str(vault), "--stdout"]) == 0
    assert capsys.readouterr().out == TINY_SCHEMA
    assert (vault / "notelint.yaml").read_text("utf-8") == "types: {}\n"


def test_init_on_a_folder_without_notes_writes_nothing(tmp_path: Path, capsys):
    (tmp_path / "readme.txt").write_text("not a note\n")
    assert main(["init", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"notelint: error: no notes in {tmp_path} to infer a schema from (is it the vault?)\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["readme.txt"]


def test_init_on_a_missing_folder_is_a_usage_error(tmp_path: Path, capsys):
    assert main(["init", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"notelint: error: not a folder: {tmp_path / 'nowhere'}\n"


def test_a_config_that_appears_while_init_runs_is_kept(tmp_path: Path, monkeypatch, capsys):
    """The file is linked into place only if its name is still free: a config written by
    someone else meanwhile wins, and no temporary file is left."""
    vault = tiny_vault(tmp_path / "vault")
    from notelint import init_command

    real = init_command.init_text

    def slow(folder: Path) -> tuple[str, object]:
        found = real(folder)
        (vault / "notelint.yaml").write_text("types: {}\n", encoding="utf-8")
        return found

    monkeypatch.setattr(init_command, "init_text", slow)
    assert main(["init", str(vault)]) == 2
    assert "appeared meanwhile; it was left as it is" in capsys.readouterr().err
    assert (vault / "notelint.yaml").read_text("utf-8") == "types: {}\n"
    assert [p.name for p in vault.iterdir() if p.name.endswith(".tmp")] == []


def test_without_hard_links_the_file_is_still_created_never_replaced(tmp_path: Path, monkeypatch):
    from notelint import write

    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(write.os, "link", no_links)
    target = tmp_path / "notelint.yaml"
    write.create_new(target, b"types: {}\n")
    assert target.read_text("utf-8") == "types: {}\n"
    with pytest.raises(FileExistsError):
        write.create_new(target, b"other\n")
    assert target.read_text("utf-8") == "types: {}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notelint.yaml"]


# --- keys and values that need quoting -----------------------------------------------------

AWKWARD_KEYS = [
    "creation date",
    "key: with colon",
    "#hash",
    "- dash",
    "123",
    "yes",
    "it's",
    "a, b",
    "naïve",
    "[x]",
    "{y}",
    "tab\there",
    "*star",
    "@at",
    "%percent",
]


def test_awkward_names_and_values_are_quoted_so_the_file_reads_back(tmp_path: Path, capsys):
    """Keys, type names, section names, enum values and globs that YAML would misread
    unquoted: the written file loads, and as exactly the inferred schema."""
    files: dict[str, str | bytes] = {}
    keys = "".join(f"{json.dumps(key)}: {index}\n" for index, key in enumerate(AWKWARD_KEYS))
    for index in range(40):
        status = ["yes", "a, b", "1", "[draft]"][index % 4]
        files[f"notes/{index}.md"] = (
            f"---\n{keys}status: {json.dumps(status)}\ntype: 'Ref: Book, #1'\n---\n\n"
            "## Q&A, notes\n\nText.\n\n## [draft] {{title}}\n\nText.\n"
        )
    for index in range(5):
        files[f"[odd] folder*/{index}.md"] = "---\nn: 1\n---\n"
    vault = write_files(tmp_path / "vault", files)
    assert main(["init", str(vault)]) == 0
    config = load_config(vault / "notelint.yaml")
    assert config == infer_vault(vault).config()
    book = config.types["Ref: Book, #1"]
    assert set(book.fields) == {*AWKWARD_KEYS, "status", "type"}
    assert book.fields["status"].values == ["1", "[draft]", "a, b", "yes"]
    assert [s.name for s in book.sections] == ["Q&A, notes", "[draft] {{title}}"]
    assert config.types["[odd] folder*"].paths == ["\\[odd\\] folder\\*/**"]
    project = make_project(config, vault / "notelint.yaml", vault)
    assert project.type_by_path("[odd] folder*/0.md") == "[odd] folder*"
    assert project.type_by_path("notes/0.md") is None


# --- one field at a time -------------------------------------------------------------------


def values(*texts: str) -> list[Value]:
    """Each text the value of `k` in its own note."""
    found = []
    for index, text in enumerate(texts):
        parsed = parse_yaml(f"k: {text}\n")
        assert isinstance(parsed, YamlDocument) and isinstance(parsed.root, YamlMap)
        found.append(Value(f"n{index}.md", parsed.root.pairs[0][1]))
    return found


def guess(texts: list[str], notes: int | None = None, resolves: bool = True) -> FieldSpec | None:
    found = infer_field(values(*texts), notes or len(texts), "notes", lambda *_: resolves)
    return found.spec


def test_a_range_covers_the_dense_values_not_the_rare_outliers():
    scale = [str(1 + i % 5) for i in range(200)]
    spec = guess([*scale, "7", "0"])
    assert spec == FieldSpec("int", required=True, min=1, max=5)


def test_no_range_for_counts_with_many_values_or_few_notes():
    assert guess([str(i * 37) for i in range(100)]) == FieldSpec("int", required=True)
    assert guess(["1", "2", "3", "2", "1", "3"]) == FieldSpec("int", required=True)


def test_numbers_with_decimals_are_floats_unless_rare():
    assert guess(["1.5", "2", "3.25", "4"] * 5).type == "float"
    assert guess([*(["3"] * 40), "7.5"]).type == "int"


def test_required_means_present_and_not_empty_in_95_percent():
    assert guess(["a"] * 19, notes=20) == FieldSpec("str", required=True)
    assert guess(["a"] * 19 + [""], notes=20) == FieldSpec("str", required=True)
    assert guess(["a"] * 18, notes=20) == FieldSpec("str", required=False)
    assert guess(["a"] * 18 + ["", ""], notes=20) == FieldSpec("str", required=False)


def test_date_formats_come_from_the_text_as_written():
    assert guess(["2025-04-28", "'2024-01-02'"] * 10) == FieldSpec(
        "date", required=True, format="%Y-%m-%d"
    )
    day_first = ["'28/04/2025'", "'03/05/2025'", "'13/12/2024'"] * 7
    assert guess(day_first).format == "%d/%m/%Y"
    assert guess(["2025-04-28T14:30:00"] * 20).format == "%Y-%m-%dT%H:%M:%S"
    iso = ["2025-04-28T14:30:00+02:00", "2025-04-28T14:30:00.5Z"] * 10
    assert guess(iso) == FieldSpec("datetime", required=True)


def test_few_repeated_values_are_an_enum_free_text_is_not():
    status = ["todo", "doing", "done"] * 20 + ["dnoe"]
    assert guess(status) == FieldSpec("enum", required=True, values=["doing", "done", "todo"])
    sources = [f"Source {i % 16}" for i in range(400)]  # 16 names: a vocabulary that grows
    assert guess(sources) == FieldSpec("str", required=True)
    assert guess(["todo", "done"] * 5) == FieldSpec("str", required=True)  # too few notes


def test_urls_are_unique_unless_often_repeated():
    urls = [f"https://example.com/{i}" for i in range(100)]
    assert guess([*urls, urls[3]]) == FieldSpec("url", required=True, unique=True)
    assert guess(urls[:10] * 3) == FieldSpec("url", required=True)


def test_a_tag_pattern_is_the_character_class_the_items_share():
    tags = ["Heat_pump", "Reading/Later", "How-to", "Python3", "Data", "Maps", "Sleep", "Bees"]
    tags += ["Soil", "Tools"]
    lists = [f"[{tags[i % 10]}, {tags[(i + 3) % 10]}]" for i in range(60)] + ["[to read]"]
    spec = guess(lists)
    item = FieldSpec("str", pattern="^[A-Za-z0-9_/-]+$")
    assert spec == FieldSpec("list", required=True, items=item, unique_items=True)
    phrases = [f"[thermal mass {i}, passive cooling {i}]" for i in range(60)]
    assert guess(phrases) == FieldSpec(
        "list", required=True, items=FieldSpec("str"), unique_items=True
    )


def test_links_are_wikilinks_only_when_they_resolve():
    links = [f'"[[Note {i}]]"' for i in range(10)]
    assert guess(links) == FieldSpec("wikilink", required=True)
    assert guess(links, resolves=False) == FieldSpec("str", required=True)


def test_a_type_most_values_have_is_taken_and_mixed_ones_are_left_out():
    mostly = ["2025-04-28T14:30:00"] * 8 + ["2025-04-28"] * 2
    assert guess(mostly).format == "%Y-%m-%dT%H:%M:%S"
    found = infer_field(values(*(["1", "a"] * 5)), 10, "X notes", lambda *_: True)
    assert found.spec is None
    assert found.evidence == "in 10 of 10 X notes; 5 integers, 5 texts: no type fits 3 in 4 of them"


def test_the_notelint_key_and_rare_keys_are_not_fields(tmp_path: Path):
    files: dict[str, str | bytes] = {
        f"n{i}.md": "---\ntype: Log\nlevel: 1\nnotelint: {ignore: [x]}\n---\n" for i in range(300)
    }
    files["odd.md"] = "---\ntype: Log\nlevel: 2\nlevle: 2\n---\n"
    inferred = infer_vault(write_files(tmp_path / "vault", files))
    [log] = inferred.types
    assert set(log.fields) == {"level", "type"}
    assert log.rare == {"levle": 1}


def test_notes_without_a_type_are_grouped_by_the_folder_their_shape_changes_at(tmp_path: Path):
    files: dict[str, str | bytes] = {}
    for i in range(6):
        files[f"journal/2024/{i}.md"] = "---\nmood: ok\n---\n\n## Log\n"
        files[f"journal/2025/{i}.md"] = "---\nmood: ok\n---\n\n## Log\n"
        files[f"people/{i}.md"] = f"---\nemail: p{i}@example.org\n---\n"
        files[f"people/staff/{i}.md"] = f"---\nemail: s{i}@example.org\nrole: dev\n---\n"
    inferred = infer_vault(write_files(tmp_path / "vault", files))
    assert inferred.type_field == "type"
    assert [(t.name, t.paths, sorted(t.fields)) for t in inferred.types] == [
        ("journal", ["journal/**"], ["mood"]),  # 2024 and 2025 share a shape: one type
        ("staff", ["people/staff/**"], ["email", "role"]),  # before the folder around it
        ("people", ["people/**"], ["email"]),
    ]


def test_a_type_key_that_holds_no_names_gives_way_to_an_unused_key(tmp_path: Path):
    files: dict[str, str | bytes] = {
        f"refs/{i}.md": '---\ntype: ["[[Books]]"]\nyear: 2001\n---\n' for i in range(6)
    }
    files["index.md"] = "# Index\n"
    inferred = infer_vault(write_files(tmp_path / "vault", files))
    assert inferred.type_field == "note_type"
    [refs] = inferred.types
    assert refs.paths == ["refs/**"]
    assert refs.fields["type"].spec == FieldSpec("list", required=True, items=FieldSpec("str"))


# --- a real vault --------------------------------------------------------------------------

CORPUS = next(
    (p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), None
)


@pytest.mark.skipif(CORPUS is None, reason="the shared corpus is only in the development checkout")
@pytest.mark.parametrize("vault_name", ["kepano-obsidian", "obsidian-tasks-docs"])
def test_init_then_check_on_a_copy_of_a_real_vault(tmp_path: Path, capsys, vault_name: str):
    assert CORPUS is not None
    copy = tmp_path / "vault"
    shutil.copytree(CORPUS / vault_name, copy, symlinks=True)
    assert main(["init", str(copy)]) == 0
    assert load_config(copy / "notelint.yaml") == infer_vault(copy).config()
    capsys.readouterr()
    assert main(["check", str(copy), "--no-cache"]) in (0, 1)
    shown = capsys.readouterr().out.splitlines()
    schema_rules = ("missing-field", "wrong-type", "bad-value", "bad-date", "out-of-range")
    flagged = [line for line in shown if any(f": {rule} " in line for rule in schema_rules)]
    assert len(flagged) <= 5, flagged  # the schema's outliers, not the vault's style


def test_a_rare_key_cannot_hide_text_in_a_comment(tmp_path: Path, capsys):
    """Keys left out are named in a comment: a line break or a bidi override in one is escaped
    (no Trojan Source in the written schema), and the file still reads back."""
    files: dict[str, str | bytes] = {
        f"notes/{index}.md": "---\ntitle: T\n---\n\nText.\n" for index in range(40)
    }
    files["notes/0.md"] = '---\ntitle: T\n"evil\\u202e\\nkey": 1\n---\n\nText.\n'
    vault = write_files(tmp_path / "vault", files)
    assert main(["init", str(vault)]) == 0
    written = (vault / "notelint.yaml").read_text(encoding="utf-8")
    assert "left out, in too few notes (unknown-field): evil\\u202e\\x0akey (1)" in written
    assert "\u202e" not in written
    assert load_config(vault / "notelint.yaml") == infer_vault(vault).config()


def test_a_common_key_cannot_hide_text_in_the_schema(tmp_path: Path):
    """A key in every note becomes a field: a bidi override in its name is written escaped,
    and the schema reads back with the key as the notes spell it."""
    files: dict[str, str | bytes] = {
        f"notes/{index}.md": '---\ntitle: T\n"evil\\u202ekey": 1\n---\n\nText.\n'
        for index in range(40)
    }
    vault = write_files(tmp_path / "vault", files)
    assert main(["init", str(vault)]) == 0
    written = (vault / "notelint.yaml").read_text(encoding="utf-8")
    assert '"evil\\u202ekey":' in written
    assert "\u202e" not in written
    config = load_config(vault / "notelint.yaml")
    assert "evil\u202ekey" in next(iter(config.types.values())).fields
