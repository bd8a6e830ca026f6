"""Run an audit over many sites in a few threads, saving each site as soon as it is done, so that it can resume."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.audit import results
from generator.audit.crawl import MAX_PAGES, audit_site, error_record
from generator.audit.browser import Renderer
from generator.audit.detect import Targets
from generator.audit.fetch import Fetcher, Policy, Stopped
from generator.content.licensees import AuditSite

CONCURRENCY = 4
"""Sites audited at the same time; each host still gets one request at a time."""

OnSite = Callable[[int, int, dict[str, Any]], None]
"""Called in the main thread after each site is saved: (sites done, sites in all, the site's record)."""


@dataclass(frozen=True)
class Options:
    date: str
    """AAAA-MM-JJ: the audit's name, and the only date in its files."""
    out_dir: Path
    targets: Targets = Targets()
    policy: Policy = field(default_factory=Policy)
    max_pages: int = MAX_PAGES
    concurrency: int = CONCURRENCY
    browser: bool = False
    """--navigateur: pages read as Chromium shows them (browser.py); one site at a time."""


@dataclass(frozen=True)
class Outcome:
    document: dict[str, Any]
    json_path: Path
    csv_path: Path
    reused: int
    """Sites taken from the interrupted audit without being fetched again."""


class Interrupted(Exception):
    """Ctrl+C: the sites done so far are saved in `partial`; the same command resumes."""

    def __init__(self, saved: int, total: int, partial: Path) -> None:
        super().__init__(f"{saved}/{total}")
        self.saved, self.total, self.partial = saved, total, partial


def parameters(opts: Options) -> dict[str, Any]:
    """What the audit looked for, saved with its results so that a later reader knows."""
    return {
        "pages_par_site": opts.max_pages,
        "base_kits": opts.targets.kits_base,
        "version_extraits": opts.targets.current_version,
        "sites_officiels": list(opts.targets.official_hosts),
    }


def run_audit(sites: list[AuditSite], opts: Options, *, restart: bool = False, on_site: OnSite | None = None) -> Outcome:
    """Audit `sites` (resuming the partial file of the same date unless `restart`), write the results, return them.

    Raises Interrupted on Ctrl+C (KeyboardInterrupt), after the requests in flight have ended.
    """
    opts.out_dir.mkdir(parents=True, exist_ok=True)
    partial = results.partial_path(opts.out_dir, opts.date)
    if restart:
        partial.unlink(missing_ok=True)
    wanted = {s.key: s for s in sites}
    # A site whose address changed since the interruption is audited again.
    done = {k: r for k, r in results.read_partial(partial).items() if k in wanted and r.get("url") == wanted[k].url}
    reused = len(done)
    todo = [s for s in sorted(sites) if s.key not in done]
    if todo:
        _fetch_all(todo, opts, partial, done, len(sites), on_site)
    doc = results.document(opts.date, list(done.values()), parameters(opts))
    json_path, csv_path = results.write_results(opts.out_dir, doc)
    partial.unlink(missing_ok=True)
    return Outcome(doc, json_path, csv_path, reused)


def _fetch_all(todo: list[AuditSite], opts: Options, partial: Path, done: dict[str, dict[str, Any]], total: int,
               on_site: OnSite | None) -> None:
    stop = threading.Event()
    fetcher = Fetcher(opts.policy, stop)
    # Playwright's objects belong to the thread that made them: in browser mode, one worker thread does everything.
    renderer = Renderer(fetcher) if opts.browser else None
    pool = ThreadPoolExecutor(max_workers=1 if renderer else max(1, opts.concurrency), thread_name_prefix="audit")
    render = renderer.render if renderer else None
    pending: dict[Future[dict[str, Any]], AuditSite] = {
        pool.submit(audit_site, s, fetcher, opts.targets, opts.max_pages, render=render): s for s in todo}
    saved = len(done)
    try:
        with partial.open("a", encoding="utf-8") as fh:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: pending[f].key):
                    site = pending.pop(future)
                    try:
                        record = future.result()
                    except Stopped:
                        continue
                    except Exception as e:  # noqa: BLE001 - a bug on one site must not lose the others' results
                        # Kept out of the partial file: a resumed audit tries the site again.
                        record = error_record(site, f"erreur interne de l’audit ({type(e).__name__} : {e})")
                    else:
                        results.append_partial(fh, record)
                        saved += 1
                    done[site.key] = record
                    if on_site is not None:
                        on_site(len(done), total, record)
        if renderer is not None:
            pool.submit(renderer.close).result()  # in the thread that started Chromium
    except KeyboardInterrupt:
        stop.set()  # requests in flight end (at most one timeout); queued sites never start
        pool.shutdown(wait=True, cancel_futures=True)
        raise Interrupted(saved, total, partial) from None  # Chromium, if any, ends with the process
    pool.shutdown(wait=True)
