"""setuptools' build backend, asking for mypy and the type stubs only for a compiled build
(`NOTELINT_COMPILE=1`, see setup.py): a plain `pip install .`, or a pre-commit hook's, does
not download a type checker it will not run."""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403 - the backend's other hooks, unchanged

# mypyc type-checks the modules it compiles, so it needs what they import, typed
COMPILE_REQUIRES = [
    "mypy>=1.15",
    "types-PyYAML",
    "pydantic>=2.6,<3",
    "msgspec>=0.18",
    "rapidfuzz>=3.0",
    "markdown-it-py>=3.0.0",
    "pathspec>=0.12",
    "junitparser>=5.0",
    "sarif-pydantic>=0.6,<1",
]


def _compiling() -> list[str]:
    return COMPILE_REQUIRES if os.environ.get("NOTELINT_COMPILE") == "1" else []


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return [*build_meta.get_requires_for_build_wheel(config_settings), *_compiling()]
