"""The pre-commit hooks a translation repository uses (.pre-commit-hooks.yaml), run by pre-commit.

The hooks are taken from a snapshot of this checkout (its working tree, as ``pre-commit
try-repo`` does), so pre-commit builds its own virtualenv and pip-installs Dalbit into it,
as it does for a translation repository that lists this repository. A second test shows
the documented path for catalogs saved by editors that wrap lines (Poedit, Lokalize,
Weblate): ``dalbit fmt`` (or ``dalbit update``) restores the form ``dalbit fmt --check`` wants.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DALBIT = BIN / "dalbit"

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko_KP\\n"\n'
          '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n')
LONG_EN = ("This is a long English sentence that an editor such as Poedit would wrap at seventy-nine "
           "columns when it saves the catalog.")
LONG_KO = "이것은 Poedit 같은 편집기가 목록을 저장할 때 일흔아홉 글자에서 줄을 바꾸어 쓰는 긴 문장이다. 아주 긴 번역이다."


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def wrapped(path: Path, text: str) -> None:
    """Write a catalog as an editor that wraps at 79 columns saves it."""
    path.write_text(text, encoding="utf-8")
    subprocess.run(["msgcat", "--width=79", str(path), "-o", str(path)], check=True)


def snapshot_of_checkout(target: Path) -> Path:
    """A git repository holding what the hooks need from this checkout's working tree:
    the manifest and the installable package, committed (pre-commit clones a revision)."""
    target.mkdir()
    for name in (".pre-commit-hooks.yaml", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "tools", target / "tools", ignore=shutil.ignore_patterns(
        "__pycache__", "*.egg-info", "*.pyc"))
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return target


@pytest.fixture(scope="module")
def translation_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    if shutil.which("msgcat") is None:
        pytest.skip("msgcat (gettext) is not installed: apt-get install gettext")
    if not (BIN / "pre-commit").exists():
        pytest.skip("pre-commit is not installed: pip install -e '.[test]'")
    base = tmp_path_factory.mktemp("precommit")
    hooks = snapshot_of_checkout(base / "dalbit")
    repo = base / "translations"
    catalogs = repo / "locale" / "ko_KP" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy2(ROOT / "locale" / "ko_KP" / "glossary.toml", repo / "locale" / "ko_KP" / "glossary.toml")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {git(hooks, 'rev-parse', 'HEAD')}\n  hooks:\n"
        "  - id: dalbit-fmt\n  - id: dalbit-check\n    args: [locale/ko_KP/LC_MESSAGES]\n", encoding="utf-8")
    # as the hooks' manifest says: the writers' lock and temporary files are no catalogs to commit
    (repo / ".gitignore").write_text(".dalbit.lock\n*.dalbit-tmp\n", encoding="utf-8")
    git(repo, "init", "-q")
    # pre-commit's own home: its virtualenv for the hooks is built once for this module
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "pre-commit-home"),
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("VIRTUAL_ENV", None)
    return repo, env


def run_hooks(repo: Path, env: dict, *files: str) -> subprocess.CompletedProcess:
    git(repo, "add", "-A")
    done = subprocess.run([str(BIN / "pre-commit"), "run", "--files", *files], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0 and "Installing environment" in done.stdout + done.stderr \
            and ("Could not find a version" in done.stdout + done.stderr
                 or "No matching distribution" in done.stdout + done.stderr):
        pytest.skip("pre-commit could not pip-install Dalbit's dependencies into its virtualenv "
                    "(no package index reachable):\n" + done.stdout[-2000:])
    return done


def test_fmt_hook_restores_the_canonical_form(translation_repo) -> None:
    repo, env = translation_repo
    po = repo / "locale" / "ko_KP" / "LC_MESSAGES" / "wrapped.po"
    wrapped(po, HEADER + f'msgid "{LONG_EN}"\nmsgstr "{LONG_KO}"\n')
    assert max(len(line) for line in po.read_text(encoding="utf-8").splitlines()) <= 80  # msgcat wrapped it
    fails = subprocess.run([str(DALBIT), "fmt", "--check", str(po)], capture_output=True, text=True)
    assert fails.returncode == 1, fails.stdout + fails.stderr

    first = run_hooks(repo, env, str(po.relative_to(repo)))
    output = first.stdout + first.stderr
    assert first.returncode == 1, output  # pre-commit fails a hook that changed files
    assert "dalbit fmt" in output and "files were modified by this hook" in output, output
    assert "dalbit check" in output and "Passed" in output, output
    done = subprocess.run([str(DALBIT), "fmt", "--check", str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'msgid "{LONG_EN}"' in po.read_text(encoding="utf-8")

    again = run_hooks(repo, env, str(po.relative_to(repo)))  # what the translator commits next
    assert again.returncode == 0, again.stdout + again.stderr


def test_check_hook_fails_on_a_forbidden_word(translation_repo) -> None:
    repo, env = translation_repo
    catalogs = repo / "locale" / "ko_KP" / "LC_MESSAGES"
    for old in catalogs.glob("*.po"):
        old.unlink()
    po = catalogs / "phones.po"
    po.write_text(HEADER + 'msgid "The mobile phone is small."\nmsgstr "휴대폰은 작다."\n', encoding="utf-8")
    subprocess.run([str(DALBIT), "fmt", str(po)], check=True, capture_output=True)  # only check can fail
    done = run_hooks(repo, env, str(po.relative_to(repo)))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "휴대폰" in output and "phones.po" in output, output
    assert "files were modified" not in output, output  # a canonical catalog: fmt passed

    po.write_text(po.read_text(encoding="utf-8").replace("휴대폰은", "손전화는"), encoding="utf-8")
    fixed = run_hooks(repo, env, str(po.relative_to(repo)))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="msgcat (gettext) is not installed")
@pytest.mark.parametrize("restore", ["fmt", "update"])
def test_editor_wrapped_catalog_passes_ci_after_the_documented_path(tmp_path: Path, restore: str) -> None:
    """Poedit, Lokalize and Weblate wrap at 79 columns: `dalbit fmt --check` (CI) stays strict,
    and `dalbit fmt` (the pre-commit hook, `make fmt`) or `dalbit update` restores the form."""
    pot_dir, locale = tmp_path / "pot", tmp_path / "locale"
    catalogs = locale / "ko_KP" / "LC_MESSAGES"
    pot_dir.mkdir()
    catalogs.mkdir(parents=True)
    (pot_dir / "page.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{LONG_EN}"\nmsgstr ""\n\nmsgid "A second message, to translate in the editor."\nmsgstr ""\n',
        encoding="utf-8")
    subprocess.run([str(DALBIT), "update", str(pot_dir), str(locale), "-l", "ko_KP"], check=True,
                   capture_output=True)
    po = catalogs / "page.po"
    canonical = subprocess.run([str(DALBIT), "fmt", "--check", str(locale)], capture_output=True, text=True)
    assert canonical.returncode == 0, canonical.stdout

    # The translator's editor: translate (a long line), then save wrapped at 79 columns.
    text = po.read_text(encoding="utf-8").replace(f'msgid "{LONG_EN}"\nmsgstr ""',
                                                  f'msgid "{LONG_EN}"\nmsgstr "{LONG_KO}"')
    wrapped(po, text)
    ci = subprocess.run([str(DALBIT), "fmt", "--check", str(locale)], capture_output=True, text=True)
    assert ci.returncode == 1 and "not in canonical form" in ci.stdout, ci.stdout + ci.stderr

    if restore == "fmt":
        command = [str(DALBIT), "fmt", str(po)]
    else:
        command = [str(DALBIT), "update", str(pot_dir), str(locale), "-l", "ko_KP"]
    subprocess.run(command, check=True, capture_output=True)
    ci = subprocess.run([str(DALBIT), "fmt", "--check", str(locale)], capture_output=True, text=True)
    assert ci.returncode == 0, ci.stdout + ci.stderr
    assert f'msgstr "{LONG_KO}"' in po.read_text(encoding="utf-8")  # the edit kept, unwrapped
