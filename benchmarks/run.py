"""Time notelint on generated vaults, after making sure it gives the right answer.

    python benchmarks/run.py [--sizes 1k,10k,100k] [--runs K] [--work DIR] [--skip-peers]
                             [--peers-up-to NOTES] [--quick] [--output FILE] [--seed N]
                             [--notelint CMD] [--install-checkout]

For each size it generates a vault with benchmarks/generate.py (kept under --work and reused
while the generator's version, the seed and the size are the same), then checks that
`notelint check --output-format json` reports exactly the planted defects of its manifest,
and only then times whole processes, wall clock, `--runs` times each:

- `notelint check` cold (the cache folder deleted before each run) and warm;
- warm after one note was edited (a defect appended) and after one topic note was deleted;
- warm after every note got a new mtime with the same bytes (CI's fresh clone, the cache
  restored);
- `notelint check` of three named files, warm (what pre-commit does);
- `notelint fix - --stdin-filename NOTE` (an editor saving a note);
- `notelint fix --check` cold;
- one more cold check that samples the memory of notelint and all its child processes;
- markdownlint-cli2 and mdformat on the same vault, installed under --work/tools if missing
  (on vaults of up to --peers-up-to notes, 10,000 unless told: at 100k they take minutes a run).

Every timed run's output is checked too (a cache that returns a stale answer fails the run,
it does not win it). The result is a Markdown table; the exit code is 1 if notelint gave a
wrong answer, with the difference on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import posixpath
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generate import GENERATOR, VERSION, generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
QUICK_NOTES = 200
PEERS_UP_TO = 10_000  # notes: the largest vault the peers run on unless told otherwise
CACHE = ".notelint_cache"  # in the vault root; deleting it makes the next run cold

Key = tuple[str, int, int, str]  # path, line, column, rule: what a diagnostic must match


class WrongAnswer(Exception):
    """notelint's output differs from what the vault's manifest says it must be."""


# --- running a process -------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One finished process: how long it took and what it said."""

    seconds: float
    max_rss_kib: int  # of the largest single process: notelint, or one of its workers
    returncode: int
    stdout: bytes
    stderr: bytes


def child_environment() -> dict[str, str]:
    """No colour, and no CI variable that would switch notelint to another report format."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env["NO_COLOR"] = "1"
    return env


def run_process(
    command: Sequence[str],
    cwd: Path,
    stdin: Path | None = None,
    watch: Callable[[int], None] | None = None,
) -> Sample:
    """Run `command` to the end and time it. Output goes to temporary files rather than
    pipes, so that we can reap the child with os.wait4 (its peak RSS) without first
    draining pipes; `watch` is called with the pid while the process runs."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(tempfile.TemporaryFile())
        err = stack.enter_context(tempfile.TemporaryFile())
        source = stack.enter_context(stdin.open("rb")) if stdin else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdin=source, stdout=out, stderr=err, env=child_environment()
        )
        if watch is not None:
            watch(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        out.seek(0)
        err.seek(0)
        return Sample(seconds, usage.ru_maxrss, process.returncode, out.read(), err.read())


class TreeMemory:
    """Samples, every 50 ms, the memory of a process and all its descendants (the sum of
    their proportional set sizes, so pages shared after a fork count once). With a process
    pool, the largest single process, which is all wait4 reports, is not the peak."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @staticmethod
    def available() -> bool:
        return Path("/proc/self/smaps_rollup").exists()

    def watch(self, pid: int) -> None:
        self._thread = threading.Thread(target=self._sample, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _sample(self, root: int) -> None:
        while not self._stop.is_set():
            total = sum(_pss_kib(pid) for pid in _descendants(root))
            self.peak_kib = max(self.peak_kib, total)
            self._stop.wait(0.05)


def _descendants(root: int) -> list[int]:
    """`root` and every process below it, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name in () may hold spaces
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0  # it has just exited
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


# --- vaults and their expected output -----------------------------------------------------


@dataclass
class Vault:
    label: str
    path: Path
    manifest: dict[str, object]

    @property
    def notes(self) -> int:
        return int(str(self.manifest["notes"]))

    @property
    def cases(self) -> dict[str, object]:
        cases = self.manifest["cases"]
        assert isinstance(cases, dict)
        return cases

    def defects(self) -> set[Key]:
        return keys(self.manifest["defects"])


def keys(items: object) -> set[Key]:
    """Diagnostics (manifest entries or notelint's JSON) as comparable keys, the message
    left out; paths normalised, since notelint prints them relative to its cwd."""
    assert isinstance(items, list)
    return {
        (posixpath.normpath(d["path"]), int(d["line"]), int(d["column"]), str(d["rule"]))
        for d in items
    }


def ensure_vault(work: Path, label: str, notes: int, seed: int) -> Vault:
    """The vault for this size, generated unless a complete one from this generator
    version, seed and size is already there (generating 100k notes takes a while)."""
    path = work / "vaults" / f"{notes}-seed{seed}"
    manifest_path = path / "manifest.json"
    wanted = {"generator": GENERATOR, "version": VERSION, "seed": seed, "notes": notes}
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if all(manifest.get(k) == v for k, v in wanted.items()):
            return Vault(label, path, manifest)
    log(f"[{label}] generating {notes:,} notes in {path}")
    return Vault(label, path, generate(path, notes, seed))


def clear_cache(vault: Vault) -> None:
    shutil.rmtree(vault.path / CACHE, ignore_errors=True)


def snapshot(vault: Vault) -> dict[str, tuple[int, int]]:
    """Size and mtime of every note: a run that must write nothing must leave it as is."""
    found = {}
    for folder, dirs, files in os.walk(vault.path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(".md"):
                info = os.stat(os.path.join(folder, name))
                found[os.path.join(folder, name)] = (info.st_size, info.st_mtime_ns)
    return found


def reported(sample: Sample, what: str) -> list[dict[str, object]]:
    """notelint's JSON report; exit 0 or 1 (problems found) are both normal."""
    if sample.returncode not in (0, 1):
        raise WrongAnswer(f"{what}: exit code {sample.returncode}\n{_text(sample.stderr)}")
    try:
        items = json.loads(sample.stdout)
    except ValueError:
        output = _text(sample.stdout + b"\n" + sample.stderr)
        raise WrongAnswer(f"{what}: the report is not JSON:\n{output}") from None
    assert isinstance(items, list)
    return items


def expect(sample: Sample, expected: set[Key], what: str) -> str:
    """Fail unless the report is exactly `expected`; say what was found if it is."""
    found = keys(reported(sample, what))
    if found != expected:
        raise WrongAnswer(
            f"{what}: notelint's report differs from the manifest\n" + diff(expected, found)
        )
    return f"{len(found):,} diagnostics, as expected"


def diff(expected: set[Key], found: set[Key], limit: int = 40) -> str:
    lines = []
    for sign, name, items in (
        ("-", "missing", expected - found),
        ("+", "unexpected", found - expected),
    ):
        lines.append(f"{len(items)} {name}:")
        lines += [
            f"  {sign} {p}:{line}:{col}: {rule}" for p, line, col, rule in sorted(items)[:limit]
        ]
        if len(items) > limit:
            lines.append(f"  ... and {len(items) - limit} more")
    return "\n".join(lines)


def _text(data: bytes, limit: int = 4000) -> str:
    text = data.decode("utf-8", "replace")
    return text if len(text) <= limit else text[:limit] + "\n..."


# --- cases ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table."""

    case: str
    size: str
    samples: list[Sample] = field(default_factory=list)
    result: str = ""
    skipped: str = ""
    tree_peak_kib: int | None = None


@dataclass
class Bench:
    notelint: list[str]
    runs: Callable[[Vault], int]
    tools: dict[str, list[str] | str]  # a peer's command, or why it was skipped
    peers_up_to: int = PEERS_UP_TO  # notes: the peers take minutes a run on a larger vault

    def command(self, *args: str) -> list[str]:
        return [*self.notelint, *args]

    def check(self, vault: Vault, *paths: str) -> Sample:
        return run_process(
            self.command("check", *(paths or (".",)), "--output-format", "json"), vault.path
        )

    def warm_up(self, vault: Vault) -> None:
        """One untimed, verified check: fills the cache (when there is one)."""
        expect(self.check(vault), vault.defects(), "warm-up")

    def timed(
        self,
        vault: Vault,
        case: str,
        run: Callable[[], Sample],
        verify: Callable[[Sample], str],
        before: Callable[[], None] = lambda: None,
        restore: Callable[[], None] = lambda: None,
        after: Callable[[], None] = lambda: None,
    ) -> Row:
        """`runs` timed runs, each between `before` and `restore` (always called) and
        verified; `after` follows a verified run (re-warming the cache, say)."""
        row = Row(case, vault.label)
        count = self.runs(vault)
        for index in range(count):
            before()
            try:
                sample = run()
                row.result = verify(sample)
            finally:
                restore()
            after()
            row.samples.append(sample)
            log(f"[{vault.label}] {case}: run {index + 1}/{count}: {sample.seconds:.3f} s")
        return row


def case_cold(bench: Bench, vault: Vault) -> Row:
    return bench.timed(
        vault,
        "`notelint check`, cold",
        lambda: bench.check(vault),
        lambda sample: expect(sample, vault.defects(), "cold check"),
        before=lambda: clear_cache(vault),
    )


def case_warm(bench: Bench, vault: Vault) -> Row:
    return whole_vault_warm(bench, vault, "`notelint check`, warm", "warm check")


def whole_vault_warm(
    bench: Bench, vault: Vault, case: str, what: str, before: Callable[[], None] = lambda: None
) -> Row:
    """Checks of the whole vault after a warm-up, each after `before`, expecting the manifest's
    defects."""
    bench.warm_up(vault)
    return bench.timed(
        vault,
        case,
        lambda: bench.check(vault),
        lambda sample: expect(sample, vault.defects(), what),
        before=before,
    )


def case_edited(bench: Bench, vault: Vault) -> Row:
    """Warm, after a defect was appended to one clean note; put back after each run."""
    edit = vault.cases["edit"]
    assert isinstance(edit, dict)
    note = vault.path / edit["path"]
    original = note.read_bytes()
    expected = vault.defects() | keys(edit["expected"])
    bench.warm_up(vault)
    return bench.timed(
        vault,
        "`notelint check`, warm, 1 note edited",
        lambda: bench.check(vault),
        lambda sample: expect(sample, expected, f"check after editing {edit['path']}"),
        before=lambda: note.write_bytes(original + edit["append"].encode("utf-8")),
        restore=lambda: note.write_bytes(original),
        after=lambda: bench.warm_up(vault),
    )


def case_deleted(bench: Bench, vault: Vault, stash: Path) -> Row:
    """Warm, after one topic note was deleted: every link to it turns dead."""
    deleted = vault.cases["delete_topic"]
    assert isinstance(deleted, dict)
    topic = vault.path / deleted["path"]
    stash.mkdir(parents=True, exist_ok=True)
    kept = stash / topic.name  # a rename keeps the note's bytes and mtime
    expected = vault.defects() | keys(deleted["expected"])
    bench.warm_up(vault)
    return bench.timed(
        vault,
        "`notelint check`, warm, 1 topic deleted",
        lambda: bench.check(vault),
        lambda sample: expect(sample, expected, f"check after deleting {deleted['path']}"),
        before=lambda: os.replace(topic, kept),
        restore=lambda: os.replace(kept, topic),
        after=lambda: bench.warm_up(vault),
    )


def case_fresh_clone(bench: Bench, vault: Vault) -> Row:
    """Warm, after every note got a new mtime and kept its bytes: CI's fresh clone with the
    cache folder restored (README, The cache). Each run reads and hashes every note."""
    case = "`notelint check`, fresh clone, cache restored"
    return whole_vault_warm(
        bench, vault, case, "check after a fresh clone", before=lambda: touch_notes(vault)
    )


def touch_notes(vault: Vault) -> None:
    """Every note's mtime new, its bytes as they were: what a clone made a few seconds before
    the check leaves (a mtime of just now would not be saved, and later cases would hash)."""
    cloned = time.time_ns() - 10 * 10**9
    for path in snapshot(vault):
        os.utime(path, ns=(cloned, cloned))


def case_named(bench: Bench, vault: Vault) -> Row:
    """Three notes by name, as pre-commit passes them; links still resolve vault-wide."""
    named = vault.cases["named_files"]
    assert isinstance(named, list)
    expected = {key for key in vault.defects() if key[0] in named}
    bench.warm_up(vault)
    return bench.timed(
        vault,
        "`notelint check` 3 named notes, warm",
        lambda: bench.check(vault, *named),
        lambda sample: expect(sample, expected, "check of three named notes"),
    )


def case_stdin(bench: Bench, vault: Vault) -> Row:
    """An editor's format-on-save of a clean note: the same bytes must come back."""
    name = str(vault.cases["stdin_note"])
    note = vault.path / name
    original = note.read_bytes()

    def verify(sample: Sample) -> str:
        if sample.returncode != 0 or sample.stdout != original:
            same = "the same" if sample.stdout == original else "a changed"
            raise WrongAnswer(
                f"fix - --stdin-filename {name}: exit {sample.returncode}, {same} note back\n"
                + _text(sample.stderr)
            )
        return "clean note returned unchanged"

    return bench.timed(
        vault,
        "`notelint fix -` (stdin, 1 note)",
        lambda: run_process(bench.command("fix", "-", "--stdin-filename", name), vault.path, note),
        verify,
    )


def case_fix_check(bench: Bench, vault: Vault, fixable: int) -> Row:
    """`fix --check` must exit 1 when some planted defect is fixable, and write nothing."""
    wanted = 1 if fixable else 0
    before_notes = snapshot(vault)

    def verify(sample: Sample) -> str:
        if sample.returncode != wanted:
            raise WrongAnswer(
                f"fix --check: exit {sample.returncode}, expected {wanted}\n{_text(sample.stderr)}"
            )
        return f"exit {wanted} ({fixable} fixable)"

    row = bench.timed(
        vault,
        "`notelint fix --check`, cold",
        lambda: run_process(bench.command("fix", "--check", "."), vault.path),
        verify,
        before=lambda: clear_cache(vault),
    )
    if snapshot(vault) != before_notes:
        raise WrongAnswer("fix --check changed notes on disk")
    return row


def case_memory(bench: Bench, vault: Vault) -> Row:
    """One more cold check, not timed for the table: the sampling costs a little."""
    clear_cache(vault)
    memory = TreeMemory()
    try:
        sample = run_process(
            bench.command("check", ".", "--output-format", "json"), vault.path, watch=memory.watch
        )
    finally:
        memory.stop()
    row = Row("peak memory, cold check", vault.label, [sample], tree_peak_kib=memory.peak_kib)
    row.result = expect(sample, vault.defects(), "memory run")
    largest, total = sample.max_rss_kib / 1024, memory.peak_kib / 1024
    log(f"[{vault.label}] peak memory: {largest:.0f} MiB one process, {total:.0f} MiB all")
    return row


def case_peer(bench: Bench, vault: Vault, name: str, args: Sequence[str]) -> Row:
    """A peer tool on the same vault; they check other things, so only the time counts."""
    tool = bench.tools.get(name, "not run (--skip-peers)")
    if isinstance(tool, list) and vault.notes > bench.peers_up_to:
        tool = f"not run (over --peers-up-to {bench.peers_up_to:,} notes)"
    label = f"{name} {shlex.join(args)}".replace("'", '"')
    if isinstance(tool, str):
        return Row(label, vault.label, skipped=tool)
    return bench.timed(
        vault,
        label,
        lambda: run_process([*tool, *args], vault.path),
        lambda sample: peer_result(name, sample),
    )


def peer_result(name: str, sample: Sample) -> str:
    output = _text(sample.stdout + sample.stderr, limit=10**9)
    if name == "mdformat":
        changed = output.count("Error: File")  # the message itself is wrapped to the terminal
        return f"exit {sample.returncode}, {changed:,} files not in mdformat style"
    match = re.search(r"Summary: (\d+) error", output)
    problems = f", {int(match.group(1)):,} problems" if match else ""
    return f"exit {sample.returncode}{problems}"


def bench_vault(bench: Bench, vault: Vault, work: Path) -> list[Row]:
    """Check the answer first, then time every case on this vault."""
    log(f"[{vault.label}] checking notelint's answer against {vault.path / 'manifest.json'}")
    first = bench.check(vault)
    expect(first, vault.defects(), f"the {vault.label} vault")
    fixable = sum(1 for d in reported(first, "check") if d.get("fixable"))
    rows = [
        case_cold(bench, vault),
        case_warm(bench, vault),
        case_edited(bench, vault),
        case_deleted(bench, vault, work / "stash"),
        case_fresh_clone(bench, vault),
        case_named(bench, vault),
        case_stdin(bench, vault),
        case_fix_check(bench, vault, fixable),
    ]
    if TreeMemory.available():
        rows.append(case_memory(bench, vault))
    rows.append(case_peer(bench, vault, "markdownlint-cli2", ["**/*.md"]))
    rows.append(case_peer(bench, vault, "mdformat", ["--check", "."]))
    return rows


# --- peers ---------------------------------------------------------------------------------


def install_peers(tools: Path) -> dict[str, list[str] | str]:
    """markdownlint-cli2 (npm) and mdformat (PyPI) in a scratch folder, each either its
    command or the reason it is skipped (no npm, no network...)."""
    return {"markdownlint-cli2": _markdownlint(tools), "mdformat": _mdformat(tools)}


def _markdownlint(tools: Path) -> list[str] | str:
    binary = tools / "node_modules" / ".bin" / "markdownlint-cli2"
    if not binary.exists():
        if shutil.which("npm") is None:
            return "skipped: npm is not installed"
        log(f"installing markdownlint-cli2 into {tools}")
        failed = _install(
            [
                "npm",
                "install",
                "--prefix",
                str(tools),
                "--no-audit",
                "--no-fund",
                "markdownlint-cli2",
            ]
        )
        if failed:
            return f"skipped: npm install failed: {failed}"
    return [str(binary)]


def _mdformat(tools: Path) -> list[str] | str:
    venv = tools / "venv"
    binary = venv / "bin" / "mdformat"
    if not binary.exists():
        log(f"installing mdformat into {venv}")
        failed = _install([sys.executable, "-m", "venv", str(venv)]) or _install(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "mdformat"]
        )
        if failed:
            return f"skipped: pip install failed: {failed}"
    return [str(binary)]


def _install(command: list[str]) -> str:
    """'' on success, else the last line of the error."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if done.returncode == 0:
        return ""
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit {done.returncode}"


def tool_version(command: list[str]) -> str:
    try:
        done = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


# --- the report ----------------------------------------------------------------------------


def machine() -> list[str]:
    """What the numbers were measured on, for the top of the table."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        total = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        memory = f", {int(total) / 1024**2:.1f} GiB RAM"
    return [
        f"- Machine: {cpu}, {os.cpu_count()} logical cores ({usable} usable){memory}, "
        + platform.platform(),
        f"- Python {platform.python_version()} ({sys.executable})",
    ]


def notelint_version(bench: Bench) -> str:
    version = tool_version(bench.notelint)
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "notelint"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        return version
    state = ", notelint/ has uncommitted changes" if dirty else ""
    return f"{version} (`{shlex.join(bench.notelint)}`), repository at {commit}{state}"


def table(rows: list[Row], header: list[str]) -> str:
    lines = [
        "# notelint benchmark",
        "",
        *header,
        "",
        "| case | notes | median | min | max | max RSS | checked |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(_table_row(row))
    return "\n".join(lines) + "\n"


def _table_row(row: Row) -> str:
    if row.skipped:
        return f"| {row.case} | {row.size} | {row.skipped} | | | | |"
    seconds = [sample.seconds for sample in row.samples]
    rss = max(sample.max_rss_kib for sample in row.samples) / 1024
    if row.tree_peak_kib is not None:
        return (
            f"| {row.case} | {row.size} | | | | {rss:.0f} MiB "
            f"(all processes: {row.tree_peak_kib / 1024:.0f} MiB) | {row.result} |"
        )
    cells = [
        f"{statistics.median(seconds):.3f} s",
        f"{min(seconds):.3f} s",
        f"{max(seconds):.3f} s",
    ]
    return f"| {row.case} | {row.size} | {' | '.join(cells)} | {rss:.0f} MiB | {row.result} |"


# --- command line --------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_sizes(text: str) -> list[tuple[str, int]]:
    """`1k,10k,100k`; any `<n>` or `<n>k` works."""
    sizes = []
    for label in filter(None, (part.strip() for part in text.split(","))):
        match = re.fullmatch(r"(\d+)(k?)", label)
        if match is None:
            raise argparse.ArgumentTypeError(f"bad size {label!r}: use a number like 1k or 2500")
        sizes.append((label, int(match.group(1)) * (1000 if match.group(2) else 1)))
    return sizes


def compile_sources() -> None:
    """Byte-compile the checkout's notelint, as pip does for an installed package: in an
    editable install under PYTHONDONTWRITEBYTECODE, every run would compile every module."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "notelint")], check=False)


def install_checkout(work: Path) -> list[str]:
    """A regular (not editable) install of this checkout in its own venv, as pip and
    pre-commit install notelint: an editable install's import hook costs every process
    about 30 ms that users do not pay."""
    venv = work / "notelint-venv"
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    failed = (
        (_install([sys.executable, "-m", "venv", str(venv)]) if not python.exists() else "")
        or _install([*pip, str(REPO)])  # its dependencies
        or _install([*pip, "--force-reinstall", "--no-deps", str(REPO)])  # this checkout's code
    )
    if failed:
        raise SystemExit(f"run.py: could not install the checkout in {venv}: {failed}")
    return [str(venv / "bin" / "notelint")]


def default_notelint() -> list[str]:
    """The notelint next to this Python (the venv's), else on PATH, else `-m notelint`."""
    beside = Path(sys.executable).with_name("notelint")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("notelint")
    return [found] if found else [sys.executable, "-m", "notelint"]


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("1k,10k,100k"),
        help="vault sizes (default 1k,10k,100k)",
    )
    parser.add_argument(
        "--runs", type=int, help="timed runs per case (default 5; 3 for 100k notes or more)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=HERE / ".work",
        help="scratch folder for vaults and tools (default benchmarks/.work)",
    )
    parser.add_argument(
        "--skip-peers", action="store_true", help="do not run markdownlint-cli2 and mdformat"
    )
    parser.add_argument(
        "--peers-up-to",
        type=int,
        default=PEERS_UP_TO,
        metavar="NOTES",
        help=f"run the peers only on vaults of at most this many notes (default {PEERS_UP_TO:,}:"
        " at 100k they take minutes a run)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: one {QUICK_NOTES}-note vault, 1 run each, no peers",
    )
    parser.add_argument("--output", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--seed", type=int, default=1, help="the vaults' random seed (default 1)")
    parser.add_argument(
        "--notelint",
        type=shlex.split,
        default=None,
        help="the notelint command to time (default: this venv's)",
    )
    parser.add_argument(
        "--install-checkout",
        action="store_true",
        help="time a regular install of this checkout, made in --work/notelint-venv, instead"
        " of this venv's (an editable install costs each process about 30 ms more)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    sizes = [(str(QUICK_NOTES), QUICK_NOTES)] if args.quick else args.sizes

    def runs(vault: Vault) -> int:
        if args.runs:
            return int(args.runs)
        return 1 if args.quick else 3 if vault.notes >= 100_000 else 5

    work = args.work.resolve()
    compile_sources()
    skip_peers = args.skip_peers or args.quick
    tools = {} if skip_peers else install_peers(work / "tools")
    installed = install_checkout(work) if args.install_checkout else None
    bench = Bench(args.notelint or installed or default_notelint(), runs, tools, args.peers_up_to)
    version = notelint_version(bench)  # before the runs: the code they measured
    rows: list[Row] = []
    try:
        for label, notes in sizes:
            vault = ensure_vault(work, label, notes, args.seed)
            rows += bench_vault(bench, vault, work)
    except WrongAnswer as error:
        log(f"run.py: WRONG ANSWER, benchmark stopped: {error}")
        log(
            "(if an earlier run was killed halfway through a case, delete the vault: "
            "it is generated again)"
        )
        return 1
    header = [*machine(), f"- {version}"]
    header += [
        f"- {name}: {tool_version(tool)}" for name, tool in tools.items() if isinstance(tool, list)
    ]
    command = shlex.join(["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    header += [
        f"- `{command}`; vaults from benchmarks/generate.py (about 4 KB a note, 3% topic "
        "notes, 3% with a planted defect)",
        "- Times are the wall clock of the whole process, start-up included: median, min and "
        "max of the runs. Every run's output was checked against the vault's manifest.",
        "- max RSS is the largest single process (os.wait4) over the runs; the peak memory row "
        "also sums all of notelint's processes, sampled every 50 ms.",
    ]
    report = table(rows, header)
    print(report, end="")
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
