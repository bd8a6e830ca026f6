"""`python -m generator audit`: the only place of the audit that prints, reads the clock or picks an exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from generator.errors import ContentErrors
from generator.site.pages import AUDIT_2017
from generator.audit import browser, results
from generator.audit.crawl import MAX_PAGES
from generator.audit.detect import OFFICIAL_HOSTS, Targets
from generator.audit.fetch import Policy, user_agent
from generator.audit.run import CONCURRENCY, Interrupted, Options, run_audit
from generator.audit.sites import load_sites
from generator.content.audit_results import ERROR, NOT_SEARCHED
from generator.content.licensees import SITES_FILE
from generator.site.audit_page import stats

EXIT_INTERRUPTED = 130
"""What shells report for Ctrl+C."""


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"un nombre entier positif est attendu, pas « {text} »")
    return n


def _seconds(text: str) -> float:
    try:
        s = float(text.replace(",", "."))
    except ValueError:
        s = -1
    if not 0 <= s <= 600:
        raise argparse.ArgumentTypeError(f"un nombre de secondes entre 0 et 600 est attendu, pas « {text} »")
    return s


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"une date AAAA-MM-JJ est attendue, pas « {text} »") from None


def _base(text: str) -> str:
    text = text.strip()
    if text and not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"une adresse http:// ou https:// est attendue, pas « {text} »")
    return text if not text or text.endswith("/") else text + "/"


class _Parser(argparse.ArgumentParser):
    """argparse with its own few English words said in French."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "utilisation : ", 1)

    def format_help(self) -> str:
        return (super().format_help().replace("usage: ", "utilisation : ", 1).replace("\noptions:\n", "\noptions :\n")
                .replace("show this help message and exit", "afficher cette aide et quitter"))

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        message = (message.replace("unrecognized arguments", "option inconnue")
                   .replace("argument ", "option ").replace("expected one argument", "une valeur est attendue")
                   .replace("not allowed with argument", "incompatible avec"))
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = _Parser(prog="python -m generator audit",
                description="Refaire l’audit de visibilité de 2017 : sur les sites des communes (champ site_web des fiches, sinon celui de l’annuaire) "
                            "et des autres licenciés (content/audit/sites.yml), qui affiche la marque, parle de l’inscription, "
                            "renvoie vers le site officiel et utilise les extraits de la boîte à outils.")
    p.add_argument("--content", type=Path, default=Path("content"), metavar="DOSSIER", help="dossier des fiches (défaut : content)")
    p.add_argument("--fichier-sites", type=Path, default=None, metavar="FICHIER",
                   help=f"liste des autres licenciés (défaut : <content>/{SITES_FILE.as_posix()})")
    p.add_argument("--sites", type=_positive, default=CONCURRENCY, metavar="N",
                   help=f"nombre de sites audités en même temps (défaut : {CONCURRENCY}) ; chaque serveur ne reçoit qu’une requête à la fois")
    p.add_argument("--jusqu-a-la-page", type=_positive, default=MAX_PAGES, metavar="N", dest="max_pages",
                   help=f"nombre de pages lues au plus par site, page d’accueil comprise (défaut : {MAX_PAGES})")
    p.add_argument("--base-kits", type=_base, default=_base(os.environ.get("SITE_URL", "")), metavar="URL",
                   help="adresse publiée de la boîte à outils, pour repérer les liens vers les kits et les extraits intégrés "
                        "(défaut : la variable SITE_URL)")
    p.add_argument("--version-extraits", type=_date, default=None, metavar="AAAA-MM-JJ",
                   help="version actuelle des extraits de la boîte à outils : un extrait plus ancien est signalé périmé "
                        "(défaut : la dernière date de « versions » dans content/bien.yml)")
    p.add_argument("--site-officiel", action="append", default=None, metavar="HÔTE",
                   help=f"domaine du site officiel, répétable (défaut : {', '.join(OFFICIAL_HOSTS)})")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--reprendre", action="store_true",
                       help="reprendre le dernier audit interrompu, même commencé un autre jour (il garde sa date)")
    group.add_argument("--recommencer", action="store_true",
                       help="oublier l’audit interrompu du même jour et tout relire")
    p.add_argument("--sortie", type=Path, default=Path("content/audits"), metavar="DOSSIER",
                   help="dossier des résultats (défaut : content/audits)")
    p.add_argument("--date", type=_date, default=None, metavar="AAAA-MM-JJ", help="date de l’audit (défaut : aujourd’hui)")
    p.add_argument("--limite", type=_positive, default=None, metavar="N", help="n’auditer que les N premiers sites (pour un essai)")
    p.add_argument("--delai", type=_seconds, default=Policy.timeout, metavar="SECONDES",
                   help=f"attente au plus d’une réponse (défaut : {Policy.timeout:g})")
    p.add_argument("--navigateur", action="store_true",
                   help="lire chaque page comme Chromium l’affiche, scripts exécutés (sites qui ont besoin de JavaScript) ; "
                        "plus lent, un site à la fois ; demande Playwright et Chromium")
    p.add_argument("--pause", type=_seconds, default=Policy.delay, metavar="SECONDES",
                   help=f"pause entre deux requêtes au même serveur (défaut : {Policy.delay:g})")
    return p.parse_args(argv)


def _line(done: int, total: int, record: dict[str, Any]) -> str:
    head = f"[{done}/{total}] {record['nom']}"
    if record["statut"] == ERROR:
        return f"{head} : erreur — {record['erreur']}"
    return (f"{head} : marque {record['marque']}, inscription {record['mention']}, "
            f"lien officiel {record['lien_officiel']}, extrait {record['extrait']}")


def _share(n: int, d: int) -> str:
    return f"{n} sur {d} ({int(100 * n / d + 0.5)} %)" if d else "aucun site lu"


def summary(doc: dict[str, Any]) -> list[str]:
    """The French summary printed at the end of an audit."""
    s, b = stats(doc), AUDIT_2017
    lines = [f"Audit du {doc['date']} terminé : {s.total} site(s), {s.read} lu(s), {s.errors} en erreur.",
             f"  Marque affichée : {_share(s.yes['marque'], s.read)} ; "
             f"en 2017 : {b['with_brand']} sur {b['sites']}, {int(100 * b['with_brand'] / b['sites'] + 0.5)} %",
             f"  Inscription mentionnée : {_share(s.yes['mention'], s.read)} ; en 2017 : {b['mentioning_inscription_pct']} %",
             f"  Lien vers le site officiel : {_share(s.yes['lien_officiel'], s.read)}"]
    if any(r.get("lien_boite") != NOT_SEARCHED for r in doc["sites"]):
        lines.append(f"  Lien vers la boîte à outils : {_share(s.yes['lien_boite'], s.read)}")
    lines.append(f"  Extrait de la boîte à outils : {_share(s.yes['extrait'], s.read)}")
    if s.version:
        lines.append(f"  Extrait à jour (version {s.version}) : {_share(s.yes['extrait_a_jour'], s.read)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the audit; return 0 when done, 2 on a content mistake, 130 when interrupted, 1 when the results cannot be written."""
    args = parse_args(argv)
    try:
        listing = load_sites(args.content, args.fichier_sites)
    except ContentErrors as e:
        print(e, file=sys.stderr)
        n = len(e.errors)
        print(f"{n} erreur{'s' if n > 1 else ''} ; aucun site n’a été audité.", file=sys.stderr)
        return 2
    if args.navigateur and browser.missing():
        print(f"Erreur : {browser.missing()}.", file=sys.stderr)
        return 2
    sites = listing.sites[: args.limite] if args.limite else listing.sites
    if not sites:
        print("Aucun site à auditer : renseignez le champ site_web des fiches des communes (ou lancez make import-annuaire), "
              f"ou ajoutez des sites dans {args.content.as_posix()}/{SITES_FILE.as_posix()}.")
        return 0

    date = args.date
    if args.reprendre:
        date = date or results.latest_partial(args.sortie)
        if date is None:
            print("Aucun audit interrompu à reprendre : un nouvel audit commence.", file=sys.stderr)
    date = date or dt.date.today().isoformat()
    partial = results.partial_path(args.sortie, date)
    if partial.exists() and not args.recommencer:
        n = len(results.read_partial(partial))
        print(f"Reprise de l’audit interrompu du {date} : {n} site(s) déjà audité(s) ne seront pas relus.", file=sys.stderr)

    version = args.version_extraits or listing.snippet_version
    targets = Targets(tuple(args.site_officiel or OFFICIAL_HOSTS), args.base_kits, version)
    policy = Policy(timeout=args.delai, delay=args.pause, user_agent=user_agent(args.base_kits))
    opts = Options(date, args.sortie, targets, policy, args.max_pages, args.sites, browser=args.navigateur)
    print(f"Audit du {date} : {len(sites)} site(s), {args.sites} à la fois, {args.max_pages} page(s) au plus par site. "
          + (f"Version actuelle des extraits : {version}. " if version else "")
          + "Ctrl+C interrompt ; la même commande reprend.", file=sys.stderr)
    try:
        outcome = run_audit(sites, opts, restart=args.recommencer,
                            on_site=lambda done, total, r: print(_line(done, total, r), file=sys.stderr, flush=True))
    except Interrupted as e:
        print(f"\nAudit interrompu : {e.saved} site(s) sur {e.total} enregistré(s) dans {e.partial.as_posix()}. "
              "Relancez la même commande pour reprendre (un autre jour : ajoutez --reprendre).", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:  # a second Ctrl+C while the requests in flight end
        print("\nAudit arrêté ; les sites déjà enregistrés seront repris à la prochaine commande.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as e:
        print(f"Erreur : écriture impossible dans {args.sortie.as_posix()} ({e.strerror or e}).", file=sys.stderr)
        return 1
    for line in summary(outcome.document):
        print(line)
    print(f"Résultats : {outcome.json_path.as_posix()} et {outcome.csv_path.as_posix()}"
          + (f" ({outcome.reused} site(s) repris de l’audit interrompu)." if outcome.reused else "."))
    return 0
