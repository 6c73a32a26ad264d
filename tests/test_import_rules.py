"""One-way imports (scripts/check_imports.py): no import circle, no model importing a view or a form, no hand-written
module over 700 lines."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_imports.py"

spec = importlib.util.spec_from_file_location("check_imports", SCRIPT)
check_imports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_imports)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_project_has_no_circle_no_model_importing_a_view_or_form_and_no_long_module():
    found = check_imports.problems()
    assert found == []


def test_make_lint_runs_the_check_and_it_passes():
    result = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "scripts/check_imports.py" in (ROOT / "Makefile").read_text()


def test_circles_through_relative_and_function_imports_are_found(tmp_path):
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/a.py": "from . import b\n",
            "shop/b.py": "def later():\n    from shop.c import thing\n",
            "shop/c.py": "from .a import x\n",
            "shop/d.py": "import shop.a\n",  # imports into the circle, not part of it
        },
    )
    graph = check_imports.import_graph(check_imports.project_modules(tmp_path))
    assert check_imports.circles(graph) == [("shop.a", "shop.b", "shop.c")]


def test_type_checking_imports_do_not_count(tmp_path):
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop.b import B\n",
            "shop/b.py": "from shop.a import A\n",
        },
    )
    graph = check_imports.import_graph(check_imports.project_modules(tmp_path))
    assert check_imports.circles(graph) == []


def test_a_model_importing_a_form_or_view_is_a_fault_the_other_way_round_is_not(tmp_path):
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models/__init__.py": "from .pages import Page\n",
            "shop/models/pages.py": "from shop.forms import PageForm\n",
            "shop/forms.py": "",
            "shop/views.py": "from shop.models import Page\n",
            "shop/admin_views.py": "",
            "shop/other_models.py": "from shop import admin_views\n",  # not a model module by its name
        },
    )
    graph = check_imports.import_graph(check_imports.project_modules(tmp_path))
    assert check_imports.wrong_way_imports(graph) == [("shop.models.pages", "shop.forms")]


def test_long_modules_are_found_but_migrations_are_not(tmp_path):
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/long.py": "x = 1\n" * 701,
            "shop/fine.py": "x = 1\n" * 700,
            "shop/migrations/0001_initial.py": "x = 1\n" * 2000,
        },
    )
    assert check_imports.long_modules(tmp_path) == [("shop/long.py", 701)]
