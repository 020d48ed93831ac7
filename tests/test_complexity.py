"""Controllers and services stay small: no function above cyclomatic complexity C (20) anywhere but the
two pure modules, and none above D (30) in them (radon's ranks)."""

from pathlib import Path

from radon.complexity import cc_rank, cc_visit

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = {"decisions/engine.py", "interviews/scheduling/solver.py"}
SKIP = {".venv", "tests", "migrations", "node_modules"}


def _sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if not SKIP & set(p.relative_to(ROOT).parts))


def _too_complex(limit: int) -> list[str]:
    found = []
    for path in _sources():
        name = str(path.relative_to(ROOT))
        allowed = 30 if name in PURE_MODULES else limit
        for block in cc_visit(path.read_text()):
            if block.complexity > allowed:
                found.append(f"{name}:{block.lineno} {block.fullname} {cc_rank(block.complexity)} ({block.complexity})")
    return found


def test_the_two_pure_modules_are_where_they_are_said_to_be():
    """Renaming one must not silently lift its limit."""
    assert all((ROOT / name).exists() for name in PURE_MODULES)


def test_no_function_is_above_c_outside_the_pure_modules_nor_above_d_in_them():
    """radon cc: C is 11–20, D 21–30."""
    assert _too_complex(20) == []
