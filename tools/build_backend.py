"""setuptools' build backend, asking for mypy and the type stubs only for a compiled build
(`NOTELINT_COMPILE=1`, see setup.py): a plain `pip install .`, or a pre-commit hook's, does
not download a type checker it will not run."""

from __future__ import annotations

import os
import tomllib
from typing import Any

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403 - the backend's other hooks, unchanged

# mypyc type-checks the modules it compiles, so it needs what they import (the project's own
# dependencies, read from pyproject.toml), typed
_TYPE_CHECKING = ["mypy>=1.15", "types-PyYAML"]


def _compiling() -> list[str]:
    if os.environ.get("NOTELINT_COMPILE") != "1":
        return []
    with open("pyproject.toml", "rb") as file:  # the backend runs in the project's folder
        dependencies: list[str] = tomllib.load(file)["project"]["dependencies"]
    return [*_TYPE_CHECKING, *dependencies]


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return [*build_meta.get_requires_for_build_wheel(config_settings), *_compiling()]
