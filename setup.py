"""Build notelint; with `NOTELINT_COMPILE=1`, compile the modules every note passes through
with mypyc, as black builds its wheels: the same source, run as C, checks a note in about
three quarters of the instructions (README, Performance).

Everything else (project metadata, dependencies) is in pyproject.toml. Compiling is opt-in:
it takes a C compiler and two minutes, which a pre-commit hook install or a quick
`pip install .` should not pay unasked. An editable install, a missing mypyc or a failing
compiler give the pure-Python package, which behaves the same.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

# What a check of one note runs: parsing, the rules, the vault index and its cache entry. The
# command line, config and reporters run once a run and stay Python, and so does `run` (the
# tests count its calls to the parser). The rule registry stays Python: it imports its rules
# by name, on first use.
COMPILED = [
    "notelint/blocks.py",
    "notelint/cache.py",
    "notelint/canonical.py",
    "notelint/check.py",
    "notelint/diagnostics.py",
    "notelint/edits.py",
    "notelint/fields.py",
    "notelint/files.py",
    "notelint/links.py",
    "notelint/markdown.py",
    "notelint/note.py",
    "notelint/rule.py",
    "notelint/sections.py",
    "notelint/suppressions.py",
    "notelint/vault.py",
    "notelint/yaml_nodes.py",
    *sorted(str(path) for path in Path("notelint/rules").glob("[a-z]*.py")),
]


class OptionalBuildExt(build_ext):
    """A compiler that is missing or fails leaves the Python modules, with a warning, not a
    failed install. The first failure stops the build, and what was built before it works on
    its own: the shared library comes first, then each module's stub that loads it."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # any failure to build means: stay Python
            self.warn(f"notelint: compiling with mypyc failed ({error}); the rest stays Python")


def compiled_modules() -> list[Any]:
    if os.environ.get("NOTELINT_COMPILE") != "1":
        return []
    if {"editable_wheel", "develop"} & set(sys.argv):
        return []  # compiled modules would shadow the sources being edited
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    # The modules share one C library, named into the package (notelint/compiled__mypyc...):
    # as a top-level module it would be missing wherever only the package is on the path (an
    # editable install's finder, with the library built in place).
    return list(mypycify(COMPILED, opt_level="3", group_name="notelint.compiled"))


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
