"""The suite keeps its own conventions (STYLE.md 9 and 18): every test says in one line what behaviour it
checks, and query counts are asserted exactly, never as a ceiling."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _test_functions():
    for path in sorted(TESTS.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                yield path.relative_to(TESTS), node


def test_every_test_has_a_one_line_docstring():
    """A docstring whose first line is a sentence about the behaviour."""
    missing = [
        f"{path}::{node.name}" for path, node in _test_functions() if not (ast.get_docstring(node) or "").strip()
    ]
    assert missing == []


def test_query_counts_are_asserted_exactly():
    """`django_assert_max_num_queries` would let a count creep up unnoticed."""
    ceilings = [
        str(path.relative_to(TESTS)) for path in TESTS.rglob("*.py") if "assert_max_num_queries" in path.read_text()
    ]
    assert ceilings == [str(Path(__file__).relative_to(TESTS))]
