"""The benchmark in benchmarks/: its vaults are deterministic, notelint reports exactly the
defects their manifest plants, and a smoke run of the runner passes. Everything runs as a
real subprocess, the way the benchmark itself is run."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "benchmarks" / "generate.py"
RUN = ROOT / "benchmarks" / "run.py"
KINDS = {
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
}


def generate(out: Path, notes: int = 150, seed: int = 1) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(GENERATE), str(out), "--notes", str(notes), "--seed", str(seed)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_same_seed_gives_a_byte_identical_vault(tmp_path: Path) -> None:
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        assert generate(tmp_path / name, seed=seed).returncode == 0
    first = tree(tmp_path / "a")
    assert len([p for p in first if p.endswith(".md")]) == 150
    assert first == tree(tmp_path / "b")
    assert first != tree(tmp_path / "c")
    assert (tmp_path / "a" / ".obsidian").is_dir()


def test_notelint_reports_exactly_the_planted_defects(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert generate(vault).returncode == 0
    command = [sys.executable, "-m", "notelint", "check", ".", "--output-format", "json"]
    done = subprocess.run(command, cwd=vault, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr  # errors found: the planted ones
    found = sorted((d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(done.stdout))
    manifest = json.loads((vault / "manifest.json").read_text("utf-8"))
    planted = [(d["path"], d["line"], d["column"], d["rule"]) for d in manifest["defects"]]
    assert found == planted
    assert {rule for *_, rule in planted} == KINDS


def test_the_generator_only_replaces_a_vault_it_wrote(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("my own note\n")
    refused = generate(tmp_path)
    assert refused.returncode == 2
    assert "refusing" in refused.stderr
    assert (tmp_path / "mine.md").read_text() == "my own note\n"
    vault = tmp_path / "vault"
    assert generate(vault).returncode == 0
    (vault / "content" / "stray.md").write_text("left over\n")
    assert generate(vault).returncode == 0  # a generated vault is replaced whole
    assert not (vault / "content" / "stray.md").exists()


def test_a_quick_benchmark_run_passes(tmp_path: Path) -> None:
    command = [sys.executable, str(RUN), "--quick", "--skip-peers", "--work", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "| `notelint check`, cold | 200 |" in done.stdout
    assert "| `notelint check`, warm, 1 topic deleted | 200 |" in done.stdout
    assert "| `notelint check`, fresh clone, cache restored | 200 |" in done.stdout


def test_the_peers_run_only_on_vaults_up_to_peers_up_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """markdownlint-cli2 takes minutes a run at 100k notes: its row says why it was not run."""
    monkeypatch.syspath_prepend(str(RUN.parent))  # run.py imports generate.py beside it
    spec = importlib.util.spec_from_file_location("benchmark_run", RUN)
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "benchmark_run", run)  # (dataclasses look it up)
    spec.loader.exec_module(run)
    tools = {"mdformat": [sys.executable, "-c", "pass"]}
    bench = run.Bench(["notelint"], lambda vault: 1, tools, peers_up_to=100)
    vault = run.Vault("200", tmp_path, {"notes": 200})
    row = run.case_peer(bench, vault, "mdformat", ["--check", "."])
    assert row.skipped == "not run (over --peers-up-to 100 notes)"
    assert run.case_peer(bench, vault, "markdownlint-cli2", []).skipped == "not run (--skip-peers)"
