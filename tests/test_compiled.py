"""What the modules compiled with mypyc (setup.py's COMPILED) must not rely on: where mypyc
gives a construct other semantics, both builds still pass every other test, only slower."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def compiled_modules() -> list[str]:
    """setup.py's COMPILED, read without running setup.py, as paths from the repository."""
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "COMPILED":
            names = {"Path": lambda path: REPO / path, "sorted": sorted, "str": str}
            listed = eval(compile(ast.Expression(node.value), "setup.py", "eval"), names)
            return [Path(REPO, path).relative_to(REPO).as_posix() for path in listed]
    raise AssertionError("setup.py has no COMPILED list")


def test_the_compiled_modules_are_listed():
    modules = compiled_modules()
    assert "notelint/cache.py" in modules
    assert "notelint/rules/dead_link.py" in modules
    assert all((REPO / module).is_file() for module in modules)


@pytest.mark.parametrize("module", compiled_modules())
def test_no_compiled_module_has_a_cached_property(module):
    """mypyc compiles `functools.cached_property` as a plain property, even in a class left
    Python (`native_class=False`): the value is worked out again on every read. `Changes`
    had five, and a warm check of 10,000 notes took 16 s instead of 0.14 s."""
    tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
    decorated = [
        f"{module}:{node.lineno} {node.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        for decorator in node.decorator_list
        if ast.unparse(decorator).split(".")[-1] == "cached_property"
    ]
    assert decorated == []
