"""`python -m generator.audit.evaluate DOSSIER`: the audit scored on sites whose answers are known.

Each sub-folder of DOSSIER is one small website (its pages, and perhaps robots.txt and style sheets) with an
`attendu.yml` giving the right answer to each question (« oui » / « non », and « extrait_a_jour »). Every site is
served on 127.0.0.1, audited as `make audit` would audit it, and each question scored: precision and recall, and
the sites it got wrong. A page robots.txt forbids must never be requested: any such request is an error too.

In the corpus, the official site is https://bassinminier-patrimoinemondial.org/ and the toolbox is at TOOLBOX below,
its snippets of the day dated CURRENT; no request leaves 127.0.0.1 (links to other hosts are read, not followed).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from protego import Protego

from generator.audit import crawl
from generator.audit.detect import Targets
from generator.audit.fetch import USER_AGENT, Fetcher, Policy
from generator.content.licensees import AuditSite

TOOLBOX = "https://boite-a-outils.example/bm/"
CURRENT = "2026-11-25"
QUESTIONS = ("marque", "mention", "lien_officiel", "extrait", "extrait_a_jour")
"""The record's fields scored; « extrait_a_jour » only where a snippet is expected (« oui » means all are current)."""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        self.server.log.append(self.path)  # type: ignore[attr-defined]

    def guess_type(self, path: str) -> str:  # type: ignore[override]
        return "text/css" if str(path).endswith(".css") else super().guess_type(path)


@contextmanager
def _served(folder: Path) -> Iterator[tuple[str, list[str]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    server.log = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.log  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Evaluation:
    scores: dict[str, Score]
    forbidden: list[str]
    """Requests robots.txt forbade (site: path)."""
    errors: list[str]
    """Sites the audit could not read."""


def evaluate(corpus: Path) -> Evaluation:
    """Audit every site of `corpus` and score each question against its attendu.yml."""
    scores = {q: Score() for q in QUESTIONS}
    forbidden: list[str] = []
    errors: list[str] = []
    targets = Targets(kits_base=TOOLBOX, current_version=CURRENT)
    for folder in sorted(p for p in corpus.iterdir() if (p / "attendu.yml").is_file()):
        expected = yaml.safe_load((folder / "attendu.yml").read_text(encoding="utf-8"))
        with _served(folder) as (url, log):
            # max_resolved=0: the corpus's links to other hosts are not followed, nothing leaves the machine.
            record = crawl.audit_site(AuditSite(f"corpus/{folder.name}", folder.name, url, "autre", str(folder)),
                                      Fetcher(Policy(timeout=2.0, delay=0.0)), targets, max_resolved=0)
            robots = folder / "robots.txt"
            if robots.is_file():
                rules = Protego.parse(robots.read_text(encoding="utf-8"))
                forbidden += [f"{folder.name} : {path}" for path in log
                              if path != "/robots.txt" and not rules.can_fetch(url.rstrip("/") + path, USER_AGENT)]
        if record["statut"] != "ok":
            errors.append(f"{folder.name} : {record['erreur']}")
            continue
        for q in QUESTIONS:
            want = str(expected.get(q, "sans objet" if q == "extrait_a_jour" else "non"))
            got = record[q]
            if q == "extrait_a_jour" and want == "sans objet":
                continue
            s = scores[q]
            if want == "oui" and got == "oui":
                s.tp += 1
            elif want == "oui":
                s.fn += 1
                s.wrong.append(f"{folder.name} ({got})")
            elif got == "oui":
                s.fp += 1
                s.wrong.append(f"{folder.name} (oui)")
            else:
                s.tn += 1
    return Evaluation(scores, forbidden, errors)


def report(ev: Evaluation) -> str:
    lines = [f"{'Question':<16} {'VP':>3} {'FP':>3} {'FN':>3} {'VN':>3}  précision  rappel  erreurs"]
    for q, s in ev.scores.items():
        lines.append(f"{q:<16} {s.tp:3d} {s.fp:3d} {s.fn:3d} {s.tn:3d}  {s.precision:9.2f}  {s.recall:6.2f}  {', '.join(s.wrong)}")
    lines.append(f"Pages interdites par robots.txt demandées : {len(ev.forbidden)} {' '.join(ev.forbidden)}".rstrip())
    if ev.errors:
        lines.append("Sites illisibles : " + " ; ".join(ev.errors))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage : python -m generator.audit.evaluate DOSSIER (un sous-dossier par site, avec son attendu.yml)",
              file=sys.stderr)
        return 2
    ev = evaluate(Path(argv[0]))
    print(report(ev))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
