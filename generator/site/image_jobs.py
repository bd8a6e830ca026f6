"""Which images each kit holds, described as Jobs for the image cache; pure, like the rest of the plan.

The paths and parameters decided here are what the pages link to and what the cache keys on:
a commune's images depend only on its own record and the brand, so editing one record redraws
only that commune's images.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator import colours
from generator.jobs import Job, job
from generator.make.drawing import lockup
from generator.content.model import Commune, Element, Photo, Site
from generator.site import heritage, urls, wording

FORMAT_TEXT = {
    "en-tete": ("En-tête de site", "l’en-tête du site, affiché à 100 pixels de haut (le fichier a le double, pour les écrans à haute densité)"),
    "pied-de-page": ("Pied de page", "le pied de page, à côté des logos des partenaires, affiché à 64 pixels de haut (double résolution)"),
    "avatar": ("Avatar de réseau social", "l’image de profil d’un compte de réseau social (carré à fond plein, lisible même recadré en rond)"),
    "impression": ("Impression", "les documents imprimés : 35 mm de haut à 300 points par pouce"),
    "extrait": ("Extraits HTML", "le badge et la bannière à coller, qui l’affichent à sa taille, 100 pixels de haut : "
                "un éditeur qui retire la largeur et la hauteur de l’image ne l’agrandit pas"),
}
"""What the logo page says of each format of lockup.FORMATS."""

VARIANT_TEXT = {
    "couleur": ("En couleurs", "sur fond blanc ou clair"),
    "noir-blanc": ("En noir et blanc", "pour les impressions en une couleur et les petites tailles"),
    "negatif": ("En négatif", "blanc, pour les fonds sombres ou les photos calmes"),
}

PHOTO_WIDTHS = (480, 960, 1600)
PHOTO_FORMATS = ("webp", "jpg")
MOCKUP_WIDTHS = (375, 1280)
MOCKUP_PAGES = ("accueil", "patrimoine")


@dataclass(frozen=True)
class LockupFile:
    path: PurePosixPath
    """Relative to the commune's kit folder."""
    format: lockup.Format
    variant: str
    width: int
    height: int


def brand_files(site: Site, official_variant: str | None = None) -> dict[str, Path]:
    m, root = site.marque, site.content_dir
    files = {"titres": root / m.polices.titres, "intertitres": root / m.polices.intertitres, "textes": root / m.polices.textes}
    if m.logo_officiel and official_variant:
        files["marque"] = root / getattr(m.logo_officiel, official_variant.replace("-", "_"))
    return files


def brand_params(site: Site) -> dict[str, Any]:
    m = site.marque
    return {"lignes": list(m.lignes_marque), "gris": m.palette.gris, "rouge": m.palette.rouge}


def _commune_files(site: Site, commune: Commune, variant: str = "couleur") -> dict[str, Path]:
    files = brand_files(site, variant)
    if commune.logo:
        files["logo"] = site.content_dir / commune.logo
    return files


def _ratio(site: Site, rel: str) -> float | None:
    size = site.image_sizes.get(rel)
    return size[0] / size[1] if size else None


def lockup_spec(site: Site, commune: Commune) -> lockup.Spec:
    m, root = site.marque, site.content_dir
    return lockup.Spec(commune.nom, m.lignes_marque, root / m.polices.titres, root / m.polices.intertitres,
                       logo_ratio=_ratio(site, commune.logo) if commune.logo else None,
                       official_ratio=_ratio(site, m.logo_officiel.couleur) if m.logo_officiel else None)


SVG_FORMAT = "en-tete"
"""The SVG files share the header's layout: a vector file has no size of its own."""


def lockup_files(site: Site, commune: Commune, sizes: dict[Any, tuple[int, int]] | None = None) -> list[LockupFile]:
    """Every lockup file of a commune with its pixel size, in the order the logo page lists them.

    Laying a lockup out measures its text: `sizes` (a build state's) keeps each answer for the build."""
    spec = lockup_spec(site, commune)
    sizes = {} if sizes is None else sizes
    out = []
    for fmt in lockup.FORMATS:
        if (spec, fmt) not in sizes:
            sizes[spec, fmt] = lockup.size_of(spec, fmt)
        width, height = sizes[spec, fmt]
        for variant in fmt.variants:
            out.append(LockupFile(urls.lockup(commune.slug, variant, fmt.name), fmt, variant, width, height))
    header = next(f for f in out if f.format.name == SVG_FORMAT)
    for variant in header.format.variants:
        out.append(LockupFile(urls.lockup(commune.slug, variant, None), header.format, variant,
                              header.width, header.height))
    return out


def colour_png(lockups: list[LockupFile], fmt: str) -> LockupFile:
    """The colour PNG of one format among a commune's lockup files."""
    return next(f for f in lockups if f.format.name == fmt and f.variant == "couleur" and f.path.suffix == ".png")


def commune_jobs(site: Site, commune: Commune, lockups: list[LockupFile],
                 map_png: PurePosixPath | None = None) -> dict[PurePosixPath, Job]:
    """The lockups, placement guide images and social card of one commune's kit (`map_png`: its map, drawn by
    map_job, for the card of a commune without a photo)."""
    base = urls.kit(commune.slug)
    params = {**brand_params(site), "nom": commune.nom}
    out: dict[PurePosixPath, Job] = {}
    for f in lockups:
        svg = {"format": "svg"} if f.path.suffix == ".svg" else {}
        out[base / f.path] = job("logo-svg" if svg else "logo", _commune_files(site, commune, f.variant), **params,
                                 format_logo=f.format.name, variante=f.variant, **svg)
    guide = {**params, "largeur_min_px": site.marque.largeur_min_ecran_px, "largeur_min_mm": site.marque.largeur_min_impression_mm}
    files = _commune_files(site, commune)
    out[base / "logos" / "guide-zone-de-protection.png"] = job("guide", files, **guide, sorte="zone")
    out[base / "logos" / "guide-interdits.png"] = job("guide", files, **guide, sorte="interdits")
    for page in MOCKUP_PAGES:
        for width in MOCKUP_WIDTHS:
            out[base / "logos" / f"guide-maquette-{page}-{width}.png"] = job("guide", files, **guide, sorte="maquette", page=page, largeur=width)
    out[card_path(site, commune)] = commune_card(site, commune, map_png)
    return out


MAP_PNG_WIDTH = 1280
"""Twice the SVG's width: sharp on a high-density screen, and 78 mm wide in Word at more than 400 dpi."""


def map_job(site: Site, svg: str) -> Job:
    """A map's PNG, drawn from its SVG in the brand's text fonts."""
    fonts = brand_files(site)
    return job("plan", {"textes": fonts["textes"], "titres": fonts["titres"]}, svg=svg, largeur=MAP_PNG_WIDTH, format="png")


def card_path(site: Site, item: Commune | Element) -> PurePosixPath:
    """A social card's path: a JPEG when it shows a photo (a commune's lead photo, an element's first)."""
    if isinstance(item, Commune):
        return urls.card("communes", item.slug, "jpg" if heritage.lead_photo(site, item.slug) else "png")
    return urls.card("elements", item.slug, "jpg" if item.photos else "png")


def commune_card(site: Site, commune: Commune, map_png: PurePosixPath | None = None) -> Job:
    """The commune's card: beside its text, the photo that stands for it, else its map (whole, not cropped)."""
    n = len(site.elements_of(commune.slug))
    lines = [f"{wording.pluriel(n, 'élément inscrit', 'éléments inscrits')} au patrimoine mondial de l’UNESCO",
             wording.typo(commune.intercommunalite)]
    files: dict[str, Any] = dict(brand_files(site, "couleur"))
    lead = heritage.lead_photo(site, commune.slug)
    picture: dict[str, Any] = {}
    if lead:
        files["photo"] = site.content_dir / lead[1].fichier
    elif map_png is not None:
        files["photo"] = map_png
        picture = {"ajuster": "contenir", "fond": colours.MAP_GROUND}
    return job("carte", files, **_card_brand(site), **picture, sorte="commune", format="jpg" if lead else "png",
               titre=wording.typo(commune.nom), surtitre="Commune du Bassin minier", lignes=lines)


def element_card(site: Site, e: Element) -> Job:
    communes = [wording.typo(site.communes[s].nom) for s in e.communes]
    lines = [f"Élément {e.code} · {', '.join(communes)}", "Bassin minier du Nord-Pas de Calais, patrimoine mondial"]
    files = brand_files(site, "couleur")
    if e.photos:
        files["photo"] = site.content_dir / e.photos[0].fichier
    return job("carte", files, **_card_brand(site), sorte="element", format="jpg" if e.photos else "png",
               titre=wording.typo(e.nom), surtitre=wording.typo(wording.capital(wording.type_label(e, site.sous_types))), lignes=lines)


def _card_brand(site: Site) -> dict[str, Any]:
    # brand_params under another name: a card's `lignes` are its fact lines, so the wordmark's go in `marque`.
    m = site.marque
    return {"marque": list(m.lignes_marque), "gris": m.palette.gris, "rouge": m.palette.rouge}


@dataclass(frozen=True)
class PhotoSet:
    """The derivatives of one photo, for a <picture> element."""

    photo: Photo
    width: int
    height: int
    sources: dict[str, list[tuple[PurePosixPath, int]]]
    """Per format, the (path, width) pairs from smallest to largest."""
    fallback: PurePosixPath


def photo_set(site: Site, photo: Photo) -> tuple[PhotoSet, dict[PurePosixPath, Job]]:
    from generator.make.drawing.photos import derivative_size
    size = site.image_sizes[photo.fichier]
    stem = urls.photo_stem(photo.fichier)
    widths = sorted({derivative_size(size, w)[0] for w in PHOTO_WIDTHS})
    jobs: dict[PurePosixPath, Job] = {}
    sources: dict[str, list[tuple[PurePosixPath, int]]] = {}
    for fmt in PHOTO_FORMATS:
        for w in widths:
            path = stem.with_name(f"{stem.name}-{w}.{fmt}")
            jobs[path] = job("photo", {"source": site.content_dir / photo.fichier}, largeur=w, format=fmt,
                             credit=photo.credit, licence=photo.licence, alt=photo.alt)
            sources.setdefault(fmt, []).append((path, w))
    mid = min(widths, key=lambda w: abs(w - 960))
    w, h = derivative_size(size, mid)
    fallback = next(p for p, pw in sources["jpg"] if pw == mid)
    return PhotoSet(photo, w, h, sources, fallback), jobs


def small_photo(site: Site, photo: Photo) -> tuple[PurePosixPath, int, int]:
    """The smallest JPEG derivative of a photo and its pixel size: for a live card, where a frame's width is small."""
    from generator.make.drawing.photos import derivative_size
    ps, _jobs = photo_set(site, photo)
    path, width = ps.sources["jpg"][0]
    return path, width, derivative_size(site.image_sizes[photo.fichier], width)[1]
