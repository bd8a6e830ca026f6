"""The site page « Audit de visibilité », from every audit of content/audits/. Pure: no I/O, no clock.

The 2017 baseline is pages.AUDIT_2017, the figures of the project's domain notes (DOMAIN.md, « What
the 2017 audit found »): of 69 licensees' websites, 9 displayed the brand (13 %), 7 of them on the
home page, 3 with a link to the official site; 60 % mentioned the inscription.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from generator.content.audit_results import ERROR, NO, YES, fold
from generator.content.licensees import CATEGORIES, CATEGORY_LABELS
from generator.site.pages import AUDIT_2017
from generator.site.templates import Templates
from generator.site.wording import NNBSP, date_fr, french_spacing, md, nombre

Audit = Mapping[str, Any]

SERIES = (
    # key, label, colour, dash pattern, marker: told apart by shape and line style, not by colour alone.
    ("marque", "Marque affichée", "#B3262C", "", "circle"),
    ("mention", "Inscription mentionnée", "#41474D", "7 4", "square"),
    ("lien_officiel", "Lien vers le site officiel", "#1A5A8A", "2 3", "triangle"),
    ("extrait_a_jour", "Extrait à jour", "#2F6B34", "9 3 2 3", "diamond"),
)
"""The chart's lines; the red and grey are the brand's (content/marque.yml), all four 6:1 or more on white."""


@dataclass(frozen=True)
class Stats:
    """The counts of one audit, over the sites read successfully (errors are counted apart)."""

    total: int
    read: int
    errors: int
    yes: dict[str, int]
    brand_home: int
    brand_and_link: int
    kit_searched: bool
    version: str


def _pct(n: int, d: int) -> float | None:
    return 100 * n / d if d else None


def pct(n: int, d: int) -> str:
    """Return « 13 % » (rounded half up), or « — » when nothing was measured."""
    value = _pct(n, d)
    return "—" if value is None else f"{int(value + 0.5)}{NNBSP}%"


def stats(audit: Audit, category: str | None = None) -> Stats:
    """Count one audit's indicators, for every site or for one category."""
    sites = [s for s in audit.get("sites", []) if category is None or s.get("categorie") == category]
    read = [s for s in sites if s.get("statut") != ERROR]
    keys = ("marque", "mention", "lien_officiel", "lien_boite", "extrait", "extrait_a_jour")
    yes = {k: sum(1 for s in read if s.get(k) == YES) for k in keys}
    params = audit.get("parametres", {})
    return Stats(
        total=len(sites), read=len(read), errors=len(sites) - len(read), yes=yes,
        brand_home=sum(1 for s in read if s.get("marque_accueil") == YES),
        brand_and_link=sum(1 for s in read if s.get("marque") == YES and s.get("lien_officiel") == YES),
        kit_searched=bool(params.get("base_kits")), version=str(params.get("version_extraits") or ""),
    )


def _of(n: int, d: int) -> str:
    return f"{nombre(n)} sur {nombre(d)}"


def _cell(value: str) -> str:
    """Escape a data string for a Markdown table cell."""
    return md(value).replace("|", "\\|")


def _link(name: str, url: str) -> str:
    if not url.startswith(("http://", "https://")):
        return _cell(name)
    safe = quote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    return f"[{_cell(name)}](<{safe}>)"


def _date(audit: Audit) -> str:
    return date_fr(dt.date.fromisoformat(str(audit["date"])))


def _baseline() -> dict[str, Any]:
    base = dict(AUDIT_2017)
    base["with_brand_pct"] = pct(base["with_brand"], base["sites"])
    return base


def audit_page(audits: Sequence[Audit], templates: Templates | None = None) -> str:
    """Return the Markdown of the page « Audit de visibilité » for `audits` (audit_results.load_audits(), oldest first).

    `templates` renders the chart (the build's own; a fresh one if None)."""
    audits = sorted(audits, key=lambda a: str(a["date"]))
    parts = [_front_matter(), "# Audit de visibilité", _intro()]
    if audits:
        latest = audits[-1]
        parts += [_latest(latest), _categories(latest), _evolution(audits, templates), _per_site(latest)]
    else:
        parts.append("Aucun audit n’a encore été lancé : voici les chiffres de 2017, le point de départ, "
                     "et la marche à suivre pour mesurer où en sont les sites aujourd’hui.")
    parts += [_reference(), _method(audits[-1] if audits else None), _how_to()]
    # french_spacing leaves « x », (a closing quote before a comma) alone: the page's own quotes are done here.
    text = "\n\n".join(p.strip("\n") for p in parts).replace(" »", NNBSP + "»")
    return french_spacing(text) + "\n"


def _front_matter() -> str:
    return ('---\ntitle: Audit de visibilité\n'
            'description: "Qui affiche la marque Bassin minier Patrimoine mondial, parle de l’inscription et renvoie '
            'vers le site officiel : les sites des licenciés audités, comparés à 2017."\n---')


def _intro() -> str:
    b = _baseline()
    return (f"En 2017, un audit des sites internet de {b['sites']} licenciés de la marque « Bassin minier Patrimoine mondial » "
            f"a compté qui l’affichait ({b['with_brand_pct']}), qui parlait de l’inscription "
            f"({b['mentioning_inscription_pct']}{NNBSP}%) et qui renvoyait vers le site officiel. "
            "La commande `make audit` refait ce compte sur les sites des communes et des autres licenciés : "
            "cette page en présente les résultats.")


def _latest(audit: Audit) -> str:
    s, b = stats(audit), _baseline()
    lines = [
        f"## Le dernier audit : {_date(audit)}",
        "",
        f"{_sites(s.total)} audité{'s' if s.total > 1 else ''}, {nombre(s.read)} lu{'s' if s.read > 1 else ''}"
        + (f", {nombre(s.errors)} en erreur (site injoignable, page refusée…) : les parts ne portent que sur les sites lus."
           if s.errors else " : aucune erreur."),
        "",
        "| Indicateur | Sites | Part | En 2017 |",
        "|---|--:|--:|--:|",
        f"| Affichent la marque | {_of(s.yes['marque'], s.read)} | {pct(s.yes['marque'], s.read)} "
        f"| {b['with_brand_pct']} ({_of(b['with_brand'], b['sites'])}) |",
        f"| … dont sur la page d’accueil | {_of(s.brand_home, s.yes['marque'])} | {pct(s.brand_home, s.yes['marque'])} "
        f"| {_of(b['on_home_page'], b['with_brand'])} |",
        f"| … dont avec un lien vers le site officiel | {_of(s.brand_and_link, s.yes['marque'])} "
        f"| {pct(s.brand_and_link, s.yes['marque'])} | {_of(b['linking_official_site'], b['with_brand'])} |",
        f"| Parlent de l’inscription | {_of(s.yes['mention'], s.read)} | {pct(s.yes['mention'], s.read)} "
        f"| {b['mentioning_inscription_pct']}{NNBSP}% |",
        f"| Renvoient vers le site officiel | {_of(s.yes['lien_officiel'], s.read)} | {pct(s.yes['lien_officiel'], s.read)} "
        "| non mesuré |",
    ]
    if s.kit_searched:
        lines.append(f"| Renvoient vers la boîte à outils | {_of(s.yes['lien_boite'], s.read)} "
                     f"| {pct(s.yes['lien_boite'], s.read)} | — |")
    lines.append(f"| Utilisent un extrait de la boîte à outils | {_of(s.yes['extrait'], s.read)} "
                 f"| {pct(s.yes['extrait'], s.read)} | — |")
    if s.version:
        lines.append(f"| Utilisent un extrait à jour (version du {date_fr(dt.date.fromisoformat(s.version))}) "
                     f"| {_of(s.yes['extrait_a_jour'], s.read)} | {pct(s.yes['extrait_a_jour'], s.read)} | — |")
        stale = sum(1 for x in audit["sites"] if x.get("extrait_a_jour") == NO)
        if stale:
            lines += ["", f"{_sites(stale)} utilise{'nt' if stale > 1 else ''} un extrait périmé : "
                          "il suffit de recopier la version actuelle depuis le kit."]
    return "\n".join(lines)


def _sites(n: int) -> str:
    return f"{nombre(n)} site{'s' if n > 1 else ''}"


def _categories(audit: Audit) -> str:
    present = [c for c in CATEGORIES if any(x.get("categorie") == c for x in audit["sites"])]
    lines = ["### Par catégorie", "",
             "Les catégories sont celles de l’audit de 2017 : communes, agglomérations, offices de tourisme, "
             "musées et sites, bailleurs.", "",
             "| Catégorie | Sites lus | Marque | Inscription | Lien officiel | Extrait à jour | En erreur |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for c in present:
        s = stats(audit, c)
        fresh = pct(s.yes["extrait_a_jour"], s.read) if s.version else "—"
        lines.append(f"| {CATEGORY_LABELS[c]} | {nombre(s.read)} | {pct(s.yes['marque'], s.read)} "
                     f"| {pct(s.yes['mention'], s.read)} | {pct(s.yes['lien_officiel'], s.read)} | {fresh} "
                     f"| {nombre(s.errors)} |")
    return "\n".join(lines)


def _points(audits: Sequence[Audit]) -> list[tuple[str, str, int | None, dict[str, float | None]]]:
    """(short label, long label, sites read, share of each series) for 2017 then every audit."""
    b = AUDIT_2017
    points: list[tuple[str, str, int | None, dict[str, float | None]]] = [
        ("2017", "2017 (référence)", b["sites"], {
            "marque": _pct(b["with_brand"], b["sites"]), "mention": float(b["mentioning_inscription_pct"]),
            "lien_officiel": None, "extrait_a_jour": None})]
    for a in audits:
        s = stats(a)
        d = dt.date.fromisoformat(str(a["date"]))
        values = {k: _pct(s.yes[k], s.read) for k in ("marque", "mention", "lien_officiel")}
        values["extrait_a_jour"] = _pct(s.yes["extrait_a_jour"], s.read) if s.version else None
        points.append((d.strftime("%d/%m/%Y"), date_fr(d), s.read, values))
    return points


def _evolution(audits: Sequence[Audit], templates: Templates | None) -> str:
    points = _points(audits)
    lines = ["## L’évolution", "", _chart(points, templates), "",
             "| Audit | Sites lus | Marque | Inscription | Lien officiel | Extrait à jour |", "|---|--:|--:|--:|--:|--:|"]
    for _, long_label, read, values in points:
        cells = [_fmt(values[k]) for k, *_ in SERIES]
        lines.append(f"| {long_label} | {nombre(read) if read is not None else '—'} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{int(value + 0.5)}{NNBSP}%"


def _chart(points: list[tuple[str, str, int | None, dict[str, float | None]]], templates: Templates | None) -> str:
    """An inline SVG line chart (templates/audit/chart.html.j2); its numbers are repeated in the table below it."""
    width, height, left, right, top, bottom = 640, 320, 48, 24, 72, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)
    pad = 40  # room for the first and last date labels
    xs = [left + plot_w / 2] if n == 1 else [left + pad + i * (plot_w - 2 * pad) / (n - 1) for i in range(n)]
    y_of = lambda v: top + (100 - v) / 100 * plot_h  # noqa: E731
    summary = " ; ".join(
        f"{long_label} : " + ", ".join(f"{label.lower()} {_fmt(values[key])}" for key, label, *_ in SERIES if values[key] is not None)
        for _, long_label, _, values in points)
    step = max(1, -(-n // 6))  # at most about six date labels, the last always shown
    dates = [(xs[i], short) for i, (short, *_) in enumerate(points) if i % step == 0 or i == n - 1]
    series = []
    for k, (key, label, colour, dash, shape) in enumerate(SERIES):
        runs: list[list[tuple[float, float]]] = [[]]  # the line breaks where a value was not measured
        markers = []
        for i, (_, long_label, _, values) in enumerate(points):
            value = values[key]
            if value is None:
                runs.append([])
                continue
            runs[-1].append((xs[i], y_of(value)))
            markers.append((xs[i], y_of(value), f"{label}, {long_label} : {_fmt(value)}"))
        series.append({"label": label, "colour": colour, "dash": dash, "shape": shape,
                       "lx": left + (k % 2) * (plot_w // 2), "ly": 18 + (k // 2) * 22,  # the legend on two rows of two
                       "runs": [run for run in runs if len(run) > 1], "markers": markers})
    return (templates or Templates()).render(
        "audit/chart.html.j2", width=width, height=height, left=left, right=right, bottom=bottom, summary=summary,
        grid=[(v, y_of(v)) for v in (0, 25, 50, 75, 100)], dates=dates, series=series).removesuffix("\n")


def _per_site(audit: Audit) -> str:
    lines = ["## Site par site", "",
             f"Résultats de l’audit du {_date(audit)}. Le détail (pages lues, extraits de page qui justifient chaque réponse) "
             f"est dans les fichiers `content/audits/{audit['date']}.json` et `.csv`.", "",
             "| Site | Catégorie | Marque | Inscription | Lien officiel | Extrait | Remarque |",
             "|---|---|---|---|---|---|---|"]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    for s in sorted(audit["sites"], key=lambda x: (order.get(x.get("categorie"), len(order)), fold(x.get("nom", "")), x["cle"])):
        # Every value comes from a file the audit filled from third-party pages: each one escaped, even a yes or no.
        lines.append(f"| {_link(s.get('nom', ''), s.get('url', ''))} | {_cell(CATEGORY_LABELS.get(s.get('categorie'), ''))} "
                     f"| {_cell(s.get('marque', ''))} | {_cell(s.get('mention', ''))} | {_cell(s.get('lien_officiel', ''))} "
                     f"| {_cell(_snippet(s))} | {_cell(_remark(s))} |")
    return "\n".join(lines)


def _snippet(s: Mapping[str, Any]) -> str:
    if s.get("extrait") != YES:
        return str(s.get("extrait", ""))
    return {YES: "à jour", NO: "périmé"}.get(str(s.get("extrait_a_jour")), YES)


def _remark(s: Mapping[str, Any]) -> str:
    if s.get("statut") == ERROR:
        return str(s.get("erreur", ""))
    notes = []
    versions = s.get("extrait_versions") or []
    if s.get("extrait_a_jour") == NO and versions:
        notes.append(f"extrait du {date_fr(dt.date.fromisoformat(versions[0]))} à remplacer")
    if s.get("marque") == YES and s.get("marque_accueil") != YES:
        notes.append("marque absente de la page d’accueil")
    return " ; ".join(notes)


def _reference() -> str:
    b = _baseline()
    return "\n".join([
        "## L’audit de 2017, point de départ", "",
        f"Sur {b['sites']} sites internet de licenciés de la marque, {b['with_brand']} l’affichaient ({b['with_brand_pct']}), "
        f"dont {b['on_home_page']} sur leur page d’accueil et {b['linking_official_site']} seulement avec un lien vers le site officiel ; "
        f"{b['mentioning_inscription_pct']}{NNBSP}% parlaient de l’inscription, le plus souvent dans des actualités de "
        f"{b['old_news_from']} à {b['old_news_to']}. "
        "La plupart des communes avaient une page « histoire » ou « patrimoine » qui s’arrêtait à la fin de la mine, sans citer "
        "les éléments inscrits de la commune. Les catégories de licenciés étaient les communes, les agglomérations, "
        "les offices de tourisme, les musées et sites, et les bailleurs.", "",
        "Source : audit de 2017 de l’usage de la marque sur les sites internet de ses licenciés, "
        "dont les constats ont conduit à cette boîte à outils.",
    ])


def _method(latest: Audit | None) -> str:
    pages = (latest or {}).get("parametres", {}).get("pages_par_site", 5)
    return "\n".join([
        "## La méthode", "",
        f"Pour chaque site, l’audit lit la page d’accueil puis, sur le même site, jusqu’à {nombre(int(pages) - 1)} pages "
        "dont le lien ou l’adresse parle de patrimoine, d’histoire, de culture, de tourisme, de l’UNESCO ou du Bassin minier. "
        "Il y cherche :", "",
        "- **la marque** : une image dont le nom de fichier, le texte alternatif ou le titre nomme la marque, une image de fond "
        "de la feuille de style de la page, ou un extrait de la boîte à outils ;",
        "- **l’inscription** : « patrimoine mondial », « UNESCO », « World Heritage » ou « patrimoine de l’humanité » dans le texte "
        "ou dans le texte alternatif d’une image ;",
        "- **le lien vers le site officiel** bassinminier-patrimoinemondial.org, direct ou par une adresse raccourcie qui y mène ;",
        "- **les extraits de la boîte à outils** et leur version, comparée à celle que la boîte à outils distribue.", "",
        "Chaque réponse « oui » est justifiée par l’adresse de la page et un court extrait, dans les fichiers de l’audit. "
        "« Non » veut dire que la page a été lue sans rien trouver ; « erreur », qu’elle n’a pas pu l’être : ces sites sont "
        "comptés à part. L’audit respecte le fichier robots.txt de chaque site, n’envoie qu’une requête à la fois à chaque "
        "serveur et s’annonce sous le nom BoiteAOutilsBassinMinier. Il ne lit ni les feuilles de style externes ni les "
        "contenus affichés par JavaScript : une marque qui n’apparaît que par ces moyens n’est pas vue.",
    ])


def _how_to() -> str:
    return "\n".join([
        "## Refaire l’audit", "",
        "Les sites audités sont ceux indiqués dans le champ `site_web` des fiches des communes, et les autres licenciés "
        "listés dans `content/audit/sites.yml`. Depuis le dossier du projet :", "",
        "```sh",
        "make audit",
        "```", "",
        "Les résultats s’écrivent dans `content/audits/` (un fichier JSON et un fichier CSV par date). Un audit interrompu "
        "reprend là où il s’était arrêté quand on relance la même commande le même jour, "
        "ou un autre jour avec `python -m generator audit --reprendre`.",
    ])
