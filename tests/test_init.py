"""dalbit init on a project laid out as sphinx-quickstart leaves it: what it says and creates."""
from __future__ import annotations

from pathlib import Path

from dalbit.catalogs import LOCK_NAME
from dalbit.init import init_project, next_steps


def test_init_names_the_projects_own_catalog_folder_and_what_an_epub_lacks(tmp_path: Path) -> None:
    source = tmp_path / "docs" / "source"
    source.mkdir(parents=True)
    (source / "conf.py").write_text('project = "Gadgets"\nlocale_dirs = ["translations/"]\n', encoding="utf-8")
    result = init_project(tmp_path, ["ko_KP"])
    assert result.catalogs == "docs/source/translations/<language>/LC_MESSAGES"
    assert "translate docs/source/translations/<language>/LC_MESSAGES/*.po" in next_steps(result)
    notes = "\n".join(result.notes)
    assert "no copyright" in notes and "no release" in notes
    ignore = source / "translations" / ".gitignore"
    assert ignore.read_text(encoding="utf-8") == f"{LOCK_NAME}\n" and ignore in result.created
    assert (source / "translations" / "ko_KP" / "LC_MESSAGES").is_dir()


def test_init_leaves_a_projects_gitignore_and_says_nothing_of_what_is_set(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('project = "Gadgets"\ncopyright = "2026, Us"\nrelease = "1.0"\n',
                                      encoding="utf-8")
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / ".gitignore").write_text("*.mo\n", encoding="utf-8")
    result = init_project(tmp_path, ["ko_KP"])
    assert result.notes == [] and result.catalogs == "locale/<language>/LC_MESSAGES"
    assert (tmp_path / "locale" / ".gitignore").read_text(encoding="utf-8") == "*.mo\n"
    again = init_project(tmp_path, ["ko_KP"])
    assert again.diff == "" and again.created == []
