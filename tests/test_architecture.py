"""The apps depend in one direction (README "Architecture"): every import, model relation and migration
dependency points down the order below, and `core` imports no app."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may use the apps before it, never one after it.
LAYERS = [
    "core",
    "accounts",
    "audit",
    "notifications",
    "hiring",
    "interviews",
    "decisions",
    "analytics",
    "home",
    "demo",
]
RANK = {app: rank for rank, app in enumerate(LAYERS)}
# The composition root wires everything together; it is not an app.
ROOTS = {"config"}


def _imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an import statement names, at any depth (function-local imports too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _edges() -> list[tuple[str, int, str, str]]:
    """(file, line, from app, to app) for every import of one app by another."""
    edges = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for line, module in _imported_modules(tree):
                target = module.split(".", 1)[0]
                if (target in RANK or target in ROOTS) and target != app:
                    edges.append((str(path.relative_to(ROOT)), line, app, target))
    return edges


def test_the_layers_are_every_app_of_the_project():
    """A new app must take its place in the order (and the README's table) before it can be used."""
    ours = {config.label for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert ours == set(LAYERS)


def test_the_walk_sees_function_local_imports():
    """The check would be hollow if it missed an import inside a function."""
    tree = ast.parse("def f():\n    from decisions import services\n")
    assert _imported_modules(tree) == [(2, "decisions")]


def test_every_import_points_down_the_order():
    """No module imports an app above its own (nor the composition root in config/)."""
    wrong = [
        f"{path}:{line}: {source} imports {target}"
        for path, line, source, target in _edges()
        if target in ROOTS or RANK[target] > RANK[source]
    ]
    assert wrong == []


def test_core_imports_no_app():
    """The base layer knows no domain."""
    assert [edge for edge in _edges() if edge[2] == "core"] == []


@pytest.mark.parametrize("app", LAYERS)
def test_model_relations_point_down_the_order(app):
    """A foreign key to a model of a higher app would be a cycle in the schema."""
    wrong = []
    for model in apps.get_app_config(app).get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is None or field.auto_created:
                continue
            label = related._meta.app_label
            if label in RANK and RANK[label] > RANK[app]:
                wrong.append(f"{model.__name__}.{field.name} → {label}.{related.__name__}")
    assert wrong == []


def test_migrations_depend_only_on_lower_apps():
    """No migration of an app depends on a migration of an app above it."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    wrong = [
        f"{app}.{name} depends on {dependency}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in RANK
        for dependency in migration.dependencies
        if dependency[0] in RANK and RANK[dependency[0]] > RANK[app]
    ]
    assert wrong == []
