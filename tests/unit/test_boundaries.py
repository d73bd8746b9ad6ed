"""The shape of the code: logic modules never import streamlit; pages hold no SQL or scoring."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_logic_modules_do_not_import_streamlit():
    logic = list((ROOT / "assessment").glob("*.py"))
    assert len(logic) >= 6
    offenders = [p.name for p in logic if "streamlit" in _imported_modules(p)]
    assert offenders == [], "only the assessment/ui package may import streamlit"


def test_only_the_state_module_touches_the_session_state():
    # One module names every key a session keeps; pages and the other UI modules go through it.
    touching = [
        p.relative_to(ROOT).as_posix()
        for p in [
            *(ROOT / "assessment" / "ui").glob("*.py"),
            *(ROOT / "app_pages").glob("*.py"),
            ROOT / "app.py",
        ]
        if "session_state" in p.read_text(encoding="utf-8")
    ]
    assert touching == ["assessment/ui/state.py"]


def test_pages_do_not_touch_the_database_or_build_csv_themselves():
    for page in (ROOT / "app_pages").glob("*.py"):
        imported = _imported_modules(page)
        assert not imported & {"sqlalchemy", "sqlite3", "csv", "psycopg"}, page.name
        assert "assessment.storage" not in page.read_text(encoding="utf-8"), page.name


def test_there_is_no_legacy_pages_folder():
    # A pages/ folder beside app.py makes a deep link opened first after a start run without app.py.
    assert not (ROOT / "pages").exists()
