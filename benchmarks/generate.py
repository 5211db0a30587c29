"""Generate a deterministic benchmark vault for notelint.

    python benchmarks/generate.py OUT_DIR --notes N [--seed 1]

The vault looks like examples/vault, only bigger: Content notes under content/<area>/ and
Concept topic notes under topics/Concept/, with a `notelint.yaml` schema, an empty
`.obsidian/` and a `manifest.json`. The same seed and note count give a byte-identical vault,
so timings from two machines or two commits are about the same input.

Apart from the defects it plants on purpose, every note is valid and already in notelint's
canonical layout, so `notelint check` must report exactly the manifest's `defects` and
nothing else. That is what makes the benchmark honest: a fast wrong answer does not pass.

The manifest also describes the benchmark's edit cases (see benchmarks/run.py): a note to
append a defect to, a topic note to delete and every diagnostic that deletion must cause,
three notes to check by name and one clean note to pipe through `notelint fix -`.

Only the standard library is used, and all randomness comes from one `random.Random(seed)`.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR = "notelint-benchmark-vault"
VERSION = 1
MARKER = ".notelint-benchmark"  # written first: a half-written vault can still be replaced
MANIFEST = "manifest.json"  # written last: a vault without it is incomplete
TOPIC_FOLDER = "topics/Concept"

TOPIC_SHARE = 0.03  # topic notes, of all notes
DEFECT_SHARE = 0.03  # Content notes with one planted defect

SCHEMA = """\
# The schema of a generated benchmark vault. benchmarks/generate.py writes this file and
# replaces it on the next run, so edit the generator, not this copy.
type_field: type

types:
  # Something saved to read: an article, a talk, a paper. One note per link.
  Content:
    fields:
      already_read: {type: bool, required: true}                  # read it yet?
      link: {type: url, required: true, unique: true}             # no two notes save one link
      read_priority: {type: int, min: 1, max: 5, required: true}  # 5 = read it next
      relevance: {type: int, min: 0, max: 10}                     # optional score
      source: {type: str, required: true}                         # where it came from
      # One word per tag (letters, digits, _ / -), each tag once.
      tags: {type: list, items: {type: str, pattern: '^[A-Za-z0-9_/-]+$'}, unique_items: true}
      type: {type: str, required: true}                           # always Content
      upload_date: {type: date, format: '%Y-%m-%d', required: true}
    extra_fields: warn
    # What it says, where to read more, and the topic notes it embeds, in that order.
    sections:
      - {name: Summary, level: 2, required: true}
      - {name: Links, level: 2}
      - {name: Topics, level: 2, required: true}
    extra_sections: allow

  # A topic note, embedded by Content notes as ![[topics/Concept/Name]]. Its folder gives
  # it its type, so it has no `type:` key.
  Concept:
    paths: ['topics/**']
    fields:
      aliases: {type: list}
    extra_fields: allow
"""

# --- vocabulary --------------------------------------------------------------------------


def _split(text: str, separator: str | None = None) -> tuple[str, ...]:
    """A word list written as one block of text, so it stays compact in the source."""
    return tuple(item.strip() for item in text.split(separator) if item.strip())


# Each area is a folder under content/ with its own nouns.
AREAS: dict[str, tuple[str, ...]] = {
    "energy": _split(
        """heat pump, radiator, insulation, solar panel, battery, boiler, flow temperature,
        draught, heat loss, meter, grid, tariff, retrofit""",
        ",",
    ),
    "garden": _split(
        """compost heap, seed tray, raised bed, mulch, cover crop, greenhouse, pollinator,
        hedge, soil test, leaf mould, tomato, bean row, orchard""",
        ",",
    ),
    "kitchen": _split(
        """sourdough starter, brine, ferment, stock, knife, cast iron pan, spice, pickle,
        dough, oven, recipe, kimchi, yoghurt""",
        ",",
    ),
    "science": _split(
        """experiment, sample, field study, control group, measurement, model, hypothesis,
        dataset, instrument, review, replication, trial, survey""",
        ",",
    ),
    "city": _split(
        """street, bus lane, park, rooftop, square, cycle path, tram line, market, library,
        courtyard, bridge, allotment, neighbourhood""",
        ",",
    ),
    "software": _split(
        """parser, cache, process pool, index, benchmark, profiler, test suite, build,
        release, config file, command line, schema, lockfile""",
        ",",
    ),
    "health": _split(
        """sleep, walk, stretch, posture, diet, habit, heart rate, routine, breathing,
        recovery, hydration, workout, checkup""",
        ",",
    ),
    "history": _split(
        """archive, letter, map, manuscript, census, guild, canal, harbour, railway, mill,
        parish record, chronicle, ledger""",
        ",",
    ),
}
ADJECTIVES = _split(
    """small large cheap slow quick careful old new shared local hidden simple seasonal daily
    modest common rare quiet open urban rural practical forgotten obvious early late cold warm
    dry wet light heavy messy tidy honest patient thin thick"""
)
SUBJECTS = _split(
    """The author, The article, The study, A reader, The interviewer, The guide, The report,
    The second half, One chapter, The opening section, A short appendix, The talk,
    Her follow-up post, His newsletter, The podcast episode, The review""",
    ",",
)
VERBS = _split(
    """argues that, shows that, explains why, suggests that, notes that, doubts that,
    claims that, points out that, admits that, finds that, warns that, reminds us that""",
    ",",
)
LINKERS = _split("and but because so while although unless until since as")
PREDICATES = _split(
    """matters more than expected, costs less than it seems, needs a second look,
    works best in winter, is rarely measured, changes with the season, depends on the weather,
    fails without maintenance, saves time in the long run, is easy to get wrong,
    improves with practice, takes a week to settle, is worth writing down,
    looks different up close, gets better with age, rewards a little patience,
    is cheaper to fix early, beats the obvious alternative""",
    ",",
)
# Most sentences end plainly; the rest with one of these.
ENDINGS = ("",) * 3 + tuple(
    f" {ending}"
    for ending in _split(
        """in most cases, for a beginner, at home, on a small budget, in an older building,
        after the first year, according to the data, with the right tools,
        when nobody is watching, over a whole season""",
        ",",
    )
)
SOURCES = _split(
    """Retrofit Journal, Greenhouse Weekly, The Slow Oven, Field Notes Podcast,
    Urban Nature Digest, Home Energy Newsletter, Archive Hour, Weekend Reads, Lab Notebook,
    City Desk, Morning Briefing, Long Reads, Build Log, The Quiet Kitchen, Open Data Weekly,
    Reader Mail""",
    ",",
)
TAGS = _split(
    """Energy Heat_pump Home_retrofit Gardening Soil Composting Bees Fermentation Baking Recipes
    Science Methods Data City Transport Housing Software Python Performance Testing Health
    Sleep Fitness History Maps Archives Reading/Later Reading/Done How-to Long_read Opinion
    Interview Review Case_study Beginner Deep_dive Tools"""
)
TOPIC_ADJECTIVES = _split(
    """Thermal Passive Soil Wild Urban Cold Heat Lactic Solar Water Carbon Nitrogen Seed Root
    Leaf Grid Peak Base Open Shared Public Private Local Deep Slow Fast Social Spatial
    Temporal Circular Modular Adaptive Natural Applied Early Late Civic Digital Analog Manual
    Mixed Dry Wet Living Green Blue Red"""
)
TOPIC_NOUNS = _split(
    """Mass Cooling Microbiome Yeast Heat Storage Fermentation Pumps Networks Cycles Pollination
    Composting Design Planning Transport Memory Caching Indexing Parsing Archives Mapping
    Markets Habits Sleep Recovery Exposure Drainage Shading Ventilation Insulation Tariffs
    Batteries Forests Rivers Gardens Streets Housing Records Sampling Models Surveys Trials
    Baking Brewing Pickling Grazing"""
)
TOPIC_SUFFIXES = _split("Basics Theory Methods Effects Limits Patterns Practice")
TOPIC_HEADINGS = _split(
    """Definition, How It Works, History, Common Mistakes, Open Questions, Measurements,
    In Practice, Trade-offs, Costs, Further Reading, Examples, Related Ideas, When It Fails,
    Rules of Thumb, Key Numbers, Tools""",
    ",",
)
# Names no generated note has and headings no topic has: planted dead links point at them.
MISSING_NOTES = _split(
    """Nitrogen Fixation Notes, Draft on Cold Frames, Unwritten Essay, Idea Backlog,
    Questions for Later, Reading List 2026, Half Formed Thought, Someday Project""",
    ",",
)
MISSING_HEADINGS = _split("No Such Heading, Night Ventilation, Appendix B, Sources Checked", ",")
CODE_WORDS = _split("load parse count merge split scan score group clean")
BAD_TAGS = ("Lacto fermentation", "to read", "'#energy'")  # a space, a space, a leading #

# --- planted defects ---------------------------------------------------------------------

KINDS = (
    "out-of-range",
    "bad-date",
    "missing-field",
    "wrong-type",
    "bad-value",
    "duplicate-value",
    "unknown-field",
    "dead-transclusion",
    "dead-anchor",
    "dead-wikilink",
    "missing-section",
)


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic notelint must report: what the manifest lists and run.py compares."""

    path: str
    line: int
    column: int
    rule: str

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column, "rule": self.rule}


@dataclass
class Topic:
    name: str
    headings: list[str]
    blocks: list[str]

    @property
    def path(self) -> str:
        return f"{TOPIC_FOLDER}/{self.name}.md"


@dataclass
class ContentPlan:
    """A Content note decided before any note is written, so that defects can refer to
    other notes (a duplicate link needs an earlier note in path order)."""

    path: str
    area: str
    link: str
    defect: str | None = None
    duplicate_of: str | None = None  # the earlier note whose link this one reuses


@dataclass
class Text:
    """A note being written line by line, which knows each line's number (1-based) so that
    defects and references get the positions notelint reports."""

    lines: list[str] = field(default_factory=list)

    def add(self, line: str = "") -> int:
        self.lines.append(line)
        return len(self.lines)

    def paragraph(self, line: str) -> int:
        """A block after a blank line (canonical layout: blocks are separated by one)."""
        if self.lines and self.lines[-1] != "":
            self.add()
        return self.add(line)

    def render(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Inline:
    """One paragraph (a single line) being built. It remembers the column of each link it
    holds to a topic, and of a planted dead link, since notelint reports both by column."""

    parts: list[str] = field(default_factory=list)
    width: int = 0
    marks: list[tuple[int, str | None, str]] = field(default_factory=list)  # column, topic, rule

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.width += len(text)

    def mark(self, text: str, topic: str | None, rule: str) -> None:
        """Add a link; `topic` None means a planted defect, else the topic it points at."""
        self.marks.append((self.width + 1, topic, rule))
        self.add(text)

    def text(self) -> str:
        return "".join(self.parts)


# A frontmatter defect changes `fields` (key -> its lines) and says where notelint reports
# it: (key, line within the key's lines, column, rule); key "" means line 1 (a field that is
# absent has no line of its own).
Planted = tuple[str, int, int, str]


def _out_of_range(rng: random.Random, fields: dict[str, list[str]]) -> Planted:
    fields["read_priority"] = [f"read_priority: {rng.choice((0, 6, 7, 9))}"]
    return "read_priority", 0, 1, "out-of-range"


def _bad_date(rng: random.Random, fields: dict[str, list[str]]) -> Planted:
    year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(13, 28)
    written = rng.choice(
        (f"{day:02d}/{month:02d}/{year}", f"{year}-02-30", f"{year}{month:02d}{day}")
    )
    fields["upload_date"] = [f"upload_date: '{written}'"]
    return "upload_date", 0, 1, "bad-date"


def _missing_field(rng: random.Random, fields: dict[str, list[str]]) -> Planted:
    key = rng.choice(("already_read", "read_priority", "source", "upload_date"))
    if key == "source" and rng.random() < 0.5:
        fields["source"] = ["source:"]  # present but empty: reported at the key
        return "source", 0, 1, "missing-field"
    del fields[key]
    return "", 0, 1, "missing-field"


def _wrong_type(rng: random.Random, fields: dict[str, list[str]]) -> Planted:
    key, line = rng.choice(
        (
            ("already_read", "already_read: yes"),  # YAML 1.2: a string, not a boolean
            ("relevance", "relevance: 7.5"),
            ("source", "source: 42"),
            ("tags", "tags: Reading"),  # one string, not a list
        )
    )
    fields[key] = [line]
    return key, 0, 1, "wrong-type"


def _bad_value(rng: random.Random, fields: dict[str, list[str]]) -> Planted:
    tags = fields["tags"]
    position = rng.randint(1, len(tags))  # tags[0] is the `tags:` line itself
    tags.insert(position, f"- {rng.choice(BAD_TAGS)}")
    return "tags", position, 3, "bad-value"


def _duplicate_value(rng: random.Random, fields: dict[str, list[str]]) -> Planted:
    return "link", 0, 1, "duplicate-value"  # the plan already reuses an earlier note's link


def _unknown_field(rng: random.Random, fields: dict[str, list[str]]) -> Planted:
    key, value = rng.choice(
        (("rating", "4"), ("author", "Jane Doe"), ("status", "unread"), ("language", "en"))
    )
    fields[key] = [f"{key}: {value}"]
    return key, 0, 1, "unknown-field"


FRONTMATTER_DEFECTS: dict[str, Callable[[random.Random, dict[str, list[str]]], Planted]] = {
    "out-of-range": _out_of_range,
    "bad-date": _bad_date,
    "missing-field": _missing_field,
    "wrong-type": _wrong_type,
    "bad-value": _bad_value,
    "duplicate-value": _duplicate_value,
    "unknown-field": _unknown_field,
}


class Generator:
    """Builds one vault from a single seeded random stream: plans every note first (paths,
    links, which note gets which defect), then renders them one at a time."""

    def __init__(self, notes: int, seed: int) -> None:
        if notes < 50:
            raise ValueError("a vault needs at least 50 notes (one defect of each kind)")
        self.rng = random.Random(seed)
        self.notes = notes
        self.seed = seed
        self.defects: list[Diagnostic] = []
        self.references: list[Diagnostic] = []  # links to the topic the benchmark deletes
        self.topics = self._make_topics(max(5, round(notes * TOPIC_SHARE)))
        weights = (1 / (rank + 1) ** 0.9 for rank in range(len(self.topics)))
        self.topic_weights = list(itertools.accumulate(weights))
        self.deleted = self.topics[len(self.topics) // 5]  # neither a hub nor unused
        self.plans = self._plan_content(notes - len(self.topics))

    # -- planning ---------------------------------------------------------------------

    def _make_topics(self, count: int) -> list[Topic]:
        rng = self.rng
        names: set[str] = set()
        topics: list[Topic] = []
        while len(topics) < count:
            name = f"{rng.choice(TOPIC_ADJECTIVES)} {rng.choice(TOPIC_NOUNS)}"
            if rng.random() < 0.3:
                name += f" {rng.choice(TOPIC_SUFFIXES)}"
            if name.lower() in names or name in MISSING_NOTES:
                continue
            names.add(name.lower())  # links compare names case-insensitively
            headings = rng.sample(TOPIC_HEADINGS, rng.randint(2, 4))
            words = rng.sample(CODE_WORDS, rng.randint(0, 2))
            topics.append(Topic(name, headings, [f"{w}-{rng.randint(1, 99)}" for w in words]))
        return topics

    def _plan_content(self, count: int) -> list[ContentPlan]:
        rng = self.rng
        slugs: set[str] = set()
        plans = []
        for _ in range(count):
            area = rng.choice(tuple(AREAS))
            words = [rng.choice(ADJECTIVES), *rng.choice(AREAS[area]).split()]
            words.append(rng.choice(("notes", "guide", "review", "diary", "primer", "test")))
            slug = base = "-".join(words)
            number = 2
            while slug in slugs:
                slug, number = f"{base}-{number}", number + 1
            slugs.add(slug)
            host = rng.choice(("example.com", "example.org", "example.net"))
            link = f"https://{host}/{area}/{slug}"
            plans.append(ContentPlan(f"content/{area}/{slug}.md", area, link))
        plans.sort(key=lambda plan: plan.path)  # notelint's path order: `unique` keeps the first
        self._plant(plans)
        return plans

    def _plant(self, plans: list[ContentPlan]) -> None:
        """Choose the notes with a defect (never the first: a duplicate link needs a clean
        earlier note to copy) and give each kind the same share, at least one of each."""
        rng = self.rng
        wanted = min(len(plans) // 3, max(len(KINDS), round(len(plans) * DEFECT_SHARE)))
        chosen = sorted(rng.sample(range(1, len(plans)), wanted))
        kinds = [KINDS[i % len(KINDS)] for i in range(wanted)]
        rng.shuffle(kinds)
        for index, kind in zip(chosen, kinds, strict=True):
            plans[index].defect = kind
        clean = [i for i, plan in enumerate(plans) if plan.defect is None]
        for index in chosen:
            if plans[index].defect == "duplicate-value":
                earlier = clean[: bisect.bisect_left(clean, index)]
                plans[index].duplicate_of = plans[rng.choice(earlier)].link

    def _pick_topics(self, count: int) -> list[Topic]:
        """`count` distinct topics, popular ones more often (a few hubs, a long tail)."""
        picked: dict[str, Topic] = {}
        while len(picked) < min(count, len(self.topics)):
            topic = self.rng.choices(self.topics, cum_weights=self.topic_weights)[0]
            picked.setdefault(topic.name, topic)
        return list(picked.values())

    # -- prose --------------------------------------------------------------------------

    def _phrase(self, nouns: Sequence[str]) -> str:
        return f"{self.rng.choice(ADJECTIVES)} {self.rng.choice(nouns)}"

    def _sentence(self, nouns: Sequence[str], inline: Inline) -> None:
        """One sentence of prose, now and then with bold, inline code or a web link."""
        rng = self.rng
        inline.add(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} the ")
        roll = rng.random()
        if roll < 0.12:
            inline.add(f"**{self._phrase(nouns)}**")
        elif roll < 0.22:
            noun = rng.choice(nouns)
            inline.add(f"{noun} (`{rng.choice(CODE_WORDS)}_{noun.split()[-1]}()`)")
        elif roll < 0.30:
            words = self._phrase(nouns)
            inline.add(f"[{words}](https://example.org/{words.replace(' ', '-')})")
        else:
            inline.add(self._phrase(nouns))
        inline.add(f" {rng.choice(PREDICATES)}")
        if rng.random() < 0.5:
            inline.add(
                f", {rng.choice(LINKERS)} the {self._phrase(nouns)} {rng.choice(PREDICATES)}"
            )
        inline.add(f"{rng.choice(ENDINGS)}.")

    def _topic_link(self, topic: Topic, inline: Inline) -> None:
        """A sentence that links to a topic: plainly, to a heading, to a block, or aliased.
        Once the topic is gone every form is a dead-wikilink (the file is what is missing)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            target = topic.name
        elif roll < 0.7:
            target = f"{topic.name}#{rng.choice(topic.headings)}"
        elif roll < 0.85 and topic.blocks:
            target = f"{topic.name}#^{rng.choice(topic.blocks)}"
        else:
            target = f"{topic.name}|{topic.name.lower()}"
        inline.add(rng.choice(("More on this in ", "See ", "Compare ", "This ties in with ")))
        inline.mark(f"[[{target}]]", topic.name, "dead-wikilink")
        inline.add(".")

    def _dead_link(self, kind: str, inline: Inline) -> None:
        """A planted dead-wikilink (a note never written) or dead-anchor (a real topic,
        never the deleted one, without that heading or block)."""
        rng = self.rng
        if kind == "dead-wikilink":
            target = rng.choice(MISSING_NOTES)
        else:
            topic = rng.choice([t for t in self.topics[:20] if t is not self.deleted])
            anchor = rng.choice(MISSING_HEADINGS) if rng.random() < 0.7 else "^no-such-block"
            target = f"{topic.name}#{anchor}"
        inline.add(" Still to check: ")
        inline.mark(f"[[{target}]]", None, kind)
        inline.add(".")

    def _paragraph(self, nouns: Sequence[str], links: Sequence[Topic] = ()) -> Inline:
        inline = Inline()
        for index in range(self.rng.randint(3, 6)):
            if index:
                inline.add(" ")
            self._sentence(nouns, inline)
        for topic in links:
            inline.add(" ")
            self._topic_link(topic, inline)
        return inline

    def _place(self, path: str, text: Text, inline: Inline) -> None:
        """Write a paragraph, recording its planted defects and links to the deleted topic."""
        line = text.paragraph(inline.text())
        for column, topic, rule in inline.marks:
            if topic is None:
                self._defect(path, line, column, rule)
            elif topic == self.deleted.name:
                self.references.append(Diagnostic(path, line, column, rule))

    def _list(self, nouns: Sequence[str], text: Text) -> None:
        rng = self.rng
        if rng.random() < 0.4:
            text.paragraph(f"### {rng.choice(('Key Points', 'Steps', 'What to Try', 'Caveats'))}")
        ordered = rng.random() < 0.3
        for number in range(1, rng.randint(4, 7)):
            bullet = f"{number}." if ordered else "-"
            item = f"{bullet} {self._phrase(nouns).capitalize()} {rng.choice(PREDICATES)}."
            if number == 1:
                text.paragraph(item)
            else:
                text.add(item)

    def _code(self, nouns: Sequence[str], text: Text) -> None:
        """A fenced block; its `# comment` line must not count as a heading."""
        rng = self.rng
        word = rng.choice(nouns).split()[-1].replace("-", "_")
        verb = rng.choice(CODE_WORDS)
        text.paragraph("```python")
        text.add(f"# {verb} every {word} once, then {rng.choice(CODE_WORDS)} the rest")
        text.add(f"def {verb}_{word}s(items):")
        text.add(f"    return sorted(item for item in items if item.{rng.choice(CODE_WORDS)}())")
        text.add("```")

    # -- Content notes --------------------------------------------------------------------

    def content_note(self, plan: ContentPlan) -> str:
        rng = self.rng
        text = Text()
        nouns = AREAS[plan.area]
        self._frontmatter(plan, text)
        text.paragraph(plan.duplicate_of or plan.link)
        topics = self._pick_topics(rng.randint(3, 7))
        missing = rng.choice(("Summary", "Topics")) if plan.defect == "missing-section" else ""
        if missing != "Summary":
            self._summary(plan, nouns, topics, text)
        if missing == "Summary" or rng.random() < 0.85:
            heading = self._links(plan, nouns, text)
            if missing == "Summary":  # reported where it belongs: before the next section
                self._defect(plan.path, heading, 1, "missing-section")
        if missing == "Topics":  # the last section: reported at the note's last line
            self._defect(plan.path, len(text.lines), 1, "missing-section")
        else:
            self._topics_section(plan, topics, text)
        return text.render()

    def _frontmatter(self, plan: ContentPlan, text: Text) -> None:
        """The frontmatter with its keys sorted (canonical), and a planted defect if the
        plan has a frontmatter kind."""
        rng = self.rng
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        fields = {
            "already_read": [f"already_read: {rng.choice(('true', 'false'))}"],
            "link": [f"link: {plan.duplicate_of or plan.link}"],
            "read_priority": [f"read_priority: {rng.randint(1, 5)}"],
            "source": [f"source: {rng.choice(SOURCES)}"],
            "tags": ["tags:", *(f"- {tag}" for tag in rng.sample(TAGS, rng.randint(1, 5)))],
            "type": ["type: Content"],
            "upload_date": [f"upload_date: '{date}'"],
        }
        if rng.random() < 0.8:
            fields["relevance"] = [f"relevance: {rng.randint(0, 10)}"]
        plant = FRONTMATTER_DEFECTS.get(plan.defect or "")
        target = plant(rng, fields) if plant is not None else None
        text.add("---")
        for key in sorted(fields):
            for offset, line in enumerate(fields[key]):
                number = text.add(line)
                if target is not None and target[:2] == (key, offset):
                    self._defect(plan.path, number, target[2], target[3])
        text.add("---")
        if target is not None and target[0] == "":
            self._defect(plan.path, 1, target[2], target[3])

    def _summary(
        self, plan: ContentPlan, nouns: Sequence[str], topics: list[Topic], text: Text
    ) -> None:
        """A few paragraphs, some linking to the note's topics, now and then a list or a
        code block; a planted dead link goes at the end of one paragraph."""
        rng = self.rng
        text.paragraph("## Summary")
        paragraphs = rng.randint(4, 8)
        linked = topics[: rng.randint(1, min(4, len(topics)))]
        spots = [rng.randrange(paragraphs) for _ in linked]
        planted = rng.randrange(paragraphs)
        with_list, with_code = rng.sample(range(paragraphs), 2)
        for index in range(paragraphs):
            links = [topic for topic, spot in zip(linked, spots, strict=True) if spot == index]
            inline = self._paragraph(nouns, links)
            if index == planted and plan.defect in ("dead-anchor", "dead-wikilink"):
                self._dead_link(plan.defect, inline)
            self._place(plan.path, text, inline)
            if index == with_list and rng.random() < 0.35:
                self._list(nouns, text)
            if index == with_code and rng.random() < 0.2:
                self._code(nouns, text)

    def _links(self, plan: ContentPlan, nouns: Sequence[str], text: Text) -> int:
        rng = self.rng
        heading = text.paragraph("## Links")
        text.add()
        for _ in range(rng.randint(1, 5)):
            title = self._phrase(nouns).title()
            host = rng.choice(("example.org", "example.net"))
            url = f"https://{host}/{plan.area}/{title.lower().replace(' ', '-')}"
            text.add(f"- [{title}]({url}) : {self._phrase(nouns)} {rng.choice(PREDICATES)}.")
        return heading

    def _topics_section(self, plan: ContentPlan, topics: list[Topic], text: Text) -> None:
        text.paragraph("## Topics")
        for topic in topics:
            line = text.paragraph(f"![[{TOPIC_FOLDER}/{topic.name}]]")
            if topic is self.deleted:
                self.references.append(Diagnostic(plan.path, line, 1, "dead-transclusion"))
        if plan.defect == "dead-transclusion":
            line = text.paragraph(f"![[{TOPIC_FOLDER}/{self.rng.choice(MISSING_NOTES)}]]")
            self._defect(plan.path, line, 1, "dead-transclusion")

    # -- topic notes ----------------------------------------------------------------------

    def topic_note(self, topic: Topic) -> str:
        """A Concept note: a title, an intro and a few `##` sections for anchors to find,
        block ids at the end of some paragraphs, now and then a link to another topic."""
        rng = self.rng
        text = Text()
        text.add("---")
        if rng.random() < 0.6:
            text.add("aliases:")
            text.add(f"- {topic.name.lower()}")
        text.add(f"domain: {rng.choice(tuple(AREAS))}")
        text.add("---")
        text.paragraph(f"# {topic.name}")
        nouns = AREAS[rng.choice(tuple(AREAS))]
        self._place(topic.path, text, self._paragraph(nouns))
        blocks = list(topic.blocks)
        for heading in topic.headings:
            text.paragraph(f"## {heading}")
            for _ in range(rng.randint(1, 3)):
                other = self._pick_topics(1)[0]
                links = [other] if other is not topic and rng.random() < 0.25 else []
                inline = self._paragraph(nouns, links)
                if blocks:
                    inline.add(f" ^{blocks.pop()}")
                self._place(topic.path, text, inline)
        return text.render()

    def _defect(self, path: str, line: int, column: int, rule: str) -> None:
        self.defects.append(Diagnostic(path, line, column, rule))

    # -- the benchmark's cases ------------------------------------------------------------

    def cases(self, line_counts: dict[str, int]) -> dict[str, object]:
        """What run.py changes between warm runs, and what notelint must then report."""
        rng = self.rng
        clean = [plan.path for plan in self.plans if plan.defect is None]
        edited = rng.choice(clean)
        missing = rng.choice(MISSING_NOTES)
        by_kind = {plan.defect: plan.path for plan in self.plans if plan.defect}
        named = [by_kind["duplicate-value"], by_kind["dead-anchor"], rng.choice(clean)]
        return {
            "edit": {
                "path": edited,
                "append": f"\n![[{TOPIC_FOLDER}/{missing}]]\n",
                "expected": [
                    Diagnostic(edited, line_counts[edited] + 2, 1, "dead-transclusion").as_json()
                ],
            },
            "delete_topic": {
                "path": self.deleted.path,
                "expected": [d.as_json() for d in sorted(self.references, key=_order)],
            },
            "named_files": sorted(named),
            "stdin_note": rng.choice(clean),
        }


def _order(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.rule


def _write(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


class NotAGeneratedVault(Exception):
    """OUT_DIR holds something the generator did not write: it is left alone."""


def prepare(out: Path) -> None:
    """Make `out` an empty folder. A non-empty folder is only emptied when the generator
    wrote it (its marker file is there): anything else might be someone's real vault."""
    if out.exists() and not out.is_dir():
        raise NotAGeneratedVault(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        marker = out / MARKER
        if not marker.is_file() or not marker.read_text("utf-8").startswith(GENERATOR):
            raise NotAGeneratedVault(
                f"{out} is not empty and is not a generated vault (no {MARKER}); "
                "refusing to overwrite it"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def generate(out: Path, notes: int, seed: int = 1) -> dict[str, object]:
    """Write a vault of `notes` notes to `out` and return its manifest."""
    generator = Generator(notes, seed)
    prepare(out)
    _write(out / MARKER, f"{GENERATOR} {VERSION}: generated by benchmarks/generate.py\n")
    _write(out / "notelint.yaml", SCHEMA)
    (out / ".obsidian").mkdir()
    size = 0
    for topic in generator.topics:
        size += _write(out / topic.path, generator.topic_note(topic))
    line_counts = {}
    for plan in generator.plans:
        note = generator.content_note(plan)
        line_counts[plan.path] = note.count("\n")
        size += _write(out / plan.path, note)
    manifest = {
        "generator": GENERATOR,
        "version": VERSION,
        "seed": seed,
        "notes": notes,
        "content_notes": len(generator.plans),
        "topic_notes": len(generator.topics),
        "note_bytes": size,
        "defects": [d.as_json() for d in sorted(generator.defects, key=_order)],
        "cases": generator.cases(line_counts),
    }
    _write(out / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="the vault folder to write")
    parser.add_argument("--notes", type=int, required=True, help="how many notes (at least 50)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    args = parser.parse_args(argv)
    if args.notes < 50:
        parser.error("--notes must be at least 50")
    try:
        manifest = generate(args.out, args.notes, args.seed)
    except NotAGeneratedVault as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 2
    defects = manifest["defects"]
    assert isinstance(defects, list)
    print(
        f"{args.out}: {args.notes} notes, {manifest['note_bytes']:,} bytes of notes, "
        f"{len(defects)} planted defects"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
