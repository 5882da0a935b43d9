"""Dependencies point down: the project package imports no app, and no import hides inside a function.

`make lint` checks the layers with import-linter (contracts in pyproject.toml); it reads imports wherever they are,
but cannot tell a function-level import that dodges a circle from one at the top. These tests can.
"""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from courses.models import Nomination, SeatAllotment, Trainee, TrainingClass
from plans.models import Agency, ImportKind, ImportRecord
from training_portal import importing

ROOT = Path(__file__).resolve().parent.parent
APPS = ("plans", "courses", "partners", "budget")
OURS = (*APPS, "training_portal")


def modules(*packages):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(node) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def names_ours(name: str, packages=OURS) -> bool:
    return name.split(".")[0] in packages


def is_app_ready(path: str, function: ast.AST) -> bool:
    """AppConfig.ready() in an app's apps.py: Django imports apps.py before any model is loaded, so the modules an
    app registers (its resources, which need its models) can only be imported once ready() runs. Not a circle."""
    return path.endswith("/apps.py") and function.name == "ready"


def function_level_imports(path: str, tree: ast.AST):
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if is_app_ready(path, function):
            continue
        for node in ast.walk(function):
            for name in imported(node):
                if names_ours(name):
                    yield f"{path}:{node.lineno} {function.name}() imports {name}"


def test_no_module_of_ours_imports_our_code_inside_a_function():
    found = [line for path, tree in modules(*OURS) for line in function_level_imports(path, tree)]
    assert found == [], "An import inside a function hides a circle: fix the circle.\n" + "\n".join(found)


def test_the_project_package_imports_no_app():
    found = [
        f"{path}:{node.lineno} imports {name}"
        for path, tree in modules("training_portal")
        for node in ast.walk(tree)
        for name in imported(node)
        if names_ours(name, APPS)
    ]
    assert found == [], "The project package names apps only by string (settings, URLs).\n" + "\n".join(found)


def test_each_app_registers_its_excel_kinds_and_exporters_with_the_engine():
    assert set(importing.importers()) == {kind.value for kind in ImportKind}
    assert isinstance(importing.importer_for(ImportKind.AGENCIES), importing.Importer)
    for model in (Agency, Trainee, TrainingClass, SeatAllotment, Nomination):
        assert issubclass(importing.exporter_for(model), importing.ImporterExporter)
    assert importing.exporter_for(ImportRecord) is None  # a list without its own exporter exports its columns


def test_the_engine_records_uploads_in_the_model_settings_name():
    assert importing.record_model() is ImportRecord


def test_the_engine_refuses_to_name_a_model_that_is_not_installed(settings):
    settings.IMPORT_RECORD_MODEL = "nowhere.Record"
    with pytest.raises(ImproperlyConfigured):
        importing.record_model()


def test_two_importers_of_the_same_kind_are_refused():
    class Another(importing.Importer):
        kind = ImportKind.AGENCIES.value

    with pytest.raises(ImproperlyConfigured):
        importing.register_importers({ImportKind.AGENCIES.value: Another})
    assert importing.importers()[ImportKind.AGENCIES.value] is not Another
    # Registering the same class again (a second ready()) changes nothing.
    importing.register_importers({ImportKind.AGENCIES.value: type(importing.importer_for(ImportKind.AGENCIES))})
