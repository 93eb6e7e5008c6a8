"""``dalbit build``: every edition's HTML and EPUB, the bilingual editions, the chooser, the bundle.

Each edition is an independent ``sphinx-build`` in its own process; up to
``jobs`` run side by side. Builds are incremental (Sphinx re-reads what
changed, and the extension re-reads pages whose catalog changed); a clean
build empties the output first, and the bundle is always made from one, so
that the same commit gives the same bytes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dalbit.editions import Edition, current_edition
from dalbit.project import Project

TARGETS = ("html", "epub", "bilingual", "bundle")


@dataclass(frozen=True)
class Job:
    """One sphinx-build: an edition with one builder."""

    edition: Edition
    builder: str  # "html" or "epub"
    overrides: tuple[tuple[str, str], ...] = ()
    needs: str = ""  # the job whose doctrees this one reads (a bilingual edition's source)

    @property
    def name(self) -> str:
        return f"{self.builder}-{self.edition.name}"


@dataclass
class Outcome:
    job: Job
    seconds: float
    returncode: int
    output: str = ""
    epubcheck: list[str] = field(default_factory=list)


def source_edition(project: Project) -> Edition:
    return (current_edition(project.editions, project.source_language)
            or Edition(project.source_language, project.source_language, project.source_language))


def plan(project: Project, targets: set[str], build_dir: Path) -> list[Job]:
    """The sphinx-builds the targets need, source editions first."""
    source = source_edition(project)
    builders = [b for b in ("html", "epub") if b in targets or "bundle" in targets]
    jobs = [Job(edition, builder, (("dalbit_edition", edition.name),))
            for builder in builders for edition in project.editions if not edition.bilingual]
    if "bilingual" in targets or "bundle" in targets:
        doctrees = str(build_dir / "doctrees" / f"html-{source.name}")
        for edition in project.editions:
            if edition.bilingual:
                for builder in ("html", "epub"):
                    jobs.append(Job(edition, builder, (("dalbit_edition", edition.name),
                                                       ("dalbit_bilingual_source", doctrees)),
                                    needs=f"html-{source.name}"))
                if not any(j.name == f"html-{source.name}" for j in jobs):
                    jobs.insert(0, Job(source, "html", (("dalbit_edition", source.name),)))
    return jobs


def sphinx_command(project: Project, job: Job, build_dir: Path, verbose: bool) -> list[str]:
    command = [sys.executable, "-m", "sphinx", "-b", job.builder, "-c", str(project.confdir),
               "-D", f"language={job.edition.language}", "-W", "--keep-going"]
    for name, value in job.overrides:
        command += ["-D", f"{name}={value}"]
    if job.builder == "epub":
        command += ["-D", f"epub_basename={project.basename}-{job.edition.name}"]
    if not verbose:
        command.append("-q")
    command += ["-d", str(build_dir / "doctrees" / job.name), str(project.srcdir), str(output(job, build_dir))]
    return command


def output(job: Job, build_dir: Path) -> Path:
    folder = "html" if job.builder == "html" else "epub-work"
    return build_dir / folder / job.edition.name


def epub_path(project: Project, edition: Edition, build_dir: Path) -> Path:
    return build_dir / "epub" / f"{project.basename}-{edition.name}.epub"


def run_job(project: Project, job: Job, build_dir: Path, clean: bool, verbose: bool) -> Outcome:
    """One sphinx-build; an EPUB is then made reproducible, put in build/epub/ and validated."""
    from dalbit.bundle import repack_epub
    from dalbit.epubvalidate import FAILING_LEVELS, JavaMissing, validate_epub

    start = time.monotonic()
    if clean:
        for folder in (output(job, build_dir), build_dir / "doctrees" / job.name):
            shutil.rmtree(folder, ignore_errors=True)
    result = subprocess.run(sphinx_command(project, job, build_dir, verbose), cwd=project.root,
                            stdout=None if verbose else subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    outcome = Outcome(job, 0.0, result.returncode, result.stdout or "")
    if result.returncode == 0 and job.builder == "epub":
        book = epub_path(project, job.edition, build_dir)
        book.parent.mkdir(parents=True, exist_ok=True)
        tmp = book.with_name(f".{book.name}.tmp")
        shutil.copyfile(output(job, build_dir) / f"{project.basename}-{job.edition.name}.epub", tmp)
        repack_epub(tmp)
        os.replace(tmp, book)
        try:
            failing = [m for m in validate_epub(book) if m.level in FAILING_LEVELS]
        except JavaMissing as error:
            failing = [str(error)]
        outcome.epubcheck = [f"{book}: {m}" for m in failing]
        if failing:
            outcome.returncode = 1
    outcome.seconds = time.monotonic() - start
    return outcome


def compile_catalogs(project: Project) -> None:
    """Every language's .mo, once, before the builds start.

    Editions of one language share its catalogs, and Sphinx writes a stale .mo
    in place: two builds side by side could read one half written.

    A catalog that cannot be read stops the build before it starts (an InputError naming
    every such catalog, file:line), as it stops ``dalbit check``: Sphinx would only warn
    and show its pages in English.
    """
    from dalbit.catalogs import compile_mo
    from dalbit.errors import InputError
    from dalbit.po.reader import raise_broken, read_or_error

    compiled = [(po, po.with_suffix(".mo")) for language in project.translated_languages
                for po in sorted(project.catalog_dir(language).glob("*.po"))]
    stale = [(po, mo) for po, mo in compiled if not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime]
    raise_broken([read for read in (read_or_error(po) for po, _ in stale) if isinstance(read, InputError)])
    for po, mo in stale:
        compile_mo(po, mo)
        os.utime(mo)  # newer than its .po, so Sphinx leaves it alone


def source_date_epoch(root: Path) -> None:
    """Timestamps in the outputs come from the last commit, so a commit gives the same bytes."""
    if "SOURCE_DATE_EPOCH" in os.environ or not (root / ".git").exists():
        return
    stamp = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                           capture_output=True, text=True).stdout.strip()
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp


def build(project: Project, targets: set[str], jobs: int = 2, clean: bool = False,
          build_dir: Path | None = None, dist_dir: Path | None = None) -> list[Outcome]:
    """Build the targets; returns each sphinx-build's outcome (the chooser and bundle follow on success)."""
    from dalbit.bundle import make_bundle, summary
    from dalbit.chooser import write_chooser

    build_dir = (build_dir or project.build_dir).resolve()
    clean = clean or "bundle" in targets
    source_date_epoch(project.root)
    work = plan(project, targets, build_dir)
    compile_catalogs(project)
    verbose = jobs == 1 and sys.stdout.isatty()
    futures: dict[str, Future[Outcome]] = {}
    lock = threading.Lock()

    def run(job: Job) -> Outcome:
        if job.needs and job.needs in futures:
            needed = futures[job.needs].result()
            if needed.returncode != 0:
                return Outcome(job, 0.0, 1, f"not built: {job.needs} failed")
        outcome = run_job(project, job, build_dir, clean, verbose)
        with lock:
            status = "ok" if outcome.returncode == 0 else "FAILED"
            print(f"{job.builder:5} {job.edition.name:10} {outcome.seconds:6.1f} s  {status}")
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for job in work:  # a job that needs another is submitted after it, so it never waits on an unstarted one
            futures[job.name] = pool.submit(run, job)
        outcomes = [futures[job.name].result() for job in work]
    if any(o.returncode for o in outcomes):
        return outcomes
    if (build_dir / "html").is_dir():
        write_chooser(build_dir / "html" / "index.html", build_dir / "html", build_dir / "epub")
    if "bundle" in targets:
        folder, archive, parts = make_bundle(build_dir, (dist_dir or project.dist_dir).resolve(),
                                             project.release, project.basename)
        print(summary(folder, archive, parts))
    return outcomes


def extract_messages(project: Project, build_dir: Path | None = None) -> Path:
    """Run Sphinx's gettext builder: the templates (``.pot``) that ``dalbit update`` merges."""
    from dalbit.errors import InputError

    pot_dir = (build_dir or project.build_dir).resolve() / "gettext"
    job = Job(source_edition(project), "gettext")
    # -E: a fresh read, so that text generated from code (the reference) is never stale.
    command = [sys.executable, "-m", "sphinx", "-b", "gettext", "-c", str(project.confdir), "-q", "-E",
               "-W", "--keep-going", "-d", str(pot_dir.parent / "doctrees" / "gettext"),
               str(project.srcdir), str(pot_dir)]
    result = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    if result.returncode != 0:
        raise InputError(str(project.confdir / "conf.py"), 0,
                         f"{job.name}: sphinx-build failed:\n{result.stdout}{result.stderr}".rstrip())
    return pot_dir
