"""Turn loaded content into a Site: every field checked, every cross-file reference resolved, all errors at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path, PurePosixPath
from dataclasses import fields
from typing import Any, TypeVar

import shapely
import shapely.errors
import shapely.geometry
import shapely.validation
from slugify import slugify

from generator.content.assets import (LOGO_MAX_RATIO, LOGO_MIN_HEIGHT, PHOTO_MAX_RATIO, PHOTO_MIN_SIDE, check_brand_files,
                                      check_image)
from generator.content import geography, occasions
from generator.content.check import Checker, did_you_mean
from generator.content.load import Located, LocatedList, display_path
from generator.content.model import (Brand, Commune, Component, Contact, CriterionNote, DataVersion, Directory, Element, Fonts,
                                     ELIDING, GrandSite, Link, Names, OfficialLogo, Palette, Photo, Property, Quote, RendezVous, Site, Source,
                                     TourismOffice, element_order, photo_key)
from generator.content.schema import BRAND, COMMUNE, COMPONENTS_FILE, NAMES_FILE, PROPERTY, TYPE_DEF
from generator.errors import ContentError, ContentErrors


T = TypeVar("T")


def _make(cls: type[T], m: Located, nested: dict[str, type] | None = None, **given: Any) -> T:
    """Build a dataclass from a checked mapping whose keys are its field names.

    Absent or empty optional fields take the dataclass default, lists become tuples, and
    `nested` names the fields that hold mappings of another dataclass. Raises KeyError or
    TypeError on a missing required field, which the checker has already reported.
    """
    if not isinstance(m, dict):
        raise TypeError(f"{cls.__name__}: not a mapping")
    nested = nested or {}
    kwargs: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in given:
            kwargs[f.name] = given[f.name]
            continue
        v = m.get(f.name)
        if v is None:
            continue
        if f.name in nested:
            sub = nested[f.name]
            v = tuple(_make(sub, item) for item in v) if isinstance(v, list) else _make(sub, v)
        elif isinstance(v, list):
            v = tuple(v)
        kwargs[f.name] = v
    return cls(**kwargs)


def _commune_stem(rel: str) -> str | None:
    """Return the slug of `communes/<slug>.yml`, or None for any other document."""
    parts = rel.split("/")
    return parts[1][: -len(".yml")] if len(parts) == 2 and parts[0] == "communes" else None


EXPECTED_FILES = ("bien.yml", "composantes.yml", "marque.yml", "types.yml")
OPTIONAL_FILES = ("noms.yml",)


def validate(docs: dict[str, Any], content_dir: Path, load_errors: list[ContentError] | None = None) -> Site:
    """Check every document and every cross-reference; raise ContentErrors listing all problems.

    Files that did not parse are reported with the rest; references to them are not, since a
    commune whose record is unreadable would otherwise show up as "unknown" everywhere.
    """
    chk = Checker()
    chk.errors.extend(load_errors or ())
    if not docs and load_errors:
        raise ContentErrors(chk.errors)
    broken = {e.path for e in load_errors or ()}
    complete = not broken
    disp = lambda rel: display_path(content_dir / rel, content_dir)  # noqa: E731
    for rel in EXPECTED_FILES:
        if rel not in docs and disp(rel) not in broken:
            chk.errors.append(ContentError(disp(rel), 0, "fichier obligatoire manquant"))
    misnamed = {rel.split("/")[0] for rel in docs if "/" in rel and rel.split("/")[0].lower() == "communes"} - {"communes"}
    for folder in sorted(misnamed):  # « Communes/ »: one message, not one per record
        chk.errors.append(ContentError(disp(folder) + "/", 0, f"dossier « {folder} » : renommez-le « communes », en minuscules"))
    for rel in sorted(docs):
        if rel.split("/")[0] in misnamed:
            continue
        if rel not in EXPECTED_FILES + OPTIONAL_FILES and _commune_stem(rel) is None:
            chk.errors.append(ContentError(disp(rel), 0, "fichier inattendu : les fiches vont dans communes/, les faits dans bien.yml, composantes.yml, marque.yml et types.yml, "
                                                         "les noms propres dans noms.yml"))
    if any(rel not in docs for rel in EXPECTED_FILES):
        raise ContentErrors(chk.errors)

    bien_doc, comp_doc, types_doc = docs["bien.yml"], docs["composantes.yml"], docs["types.yml"]
    bien_ok = chk.mapping(bien_doc, PROPERTY, disp("bien.yml"), 1, "")
    comps_ok = chk.mapping(comp_doc, COMPONENTS_FILE, disp("composantes.yml"), 1, "")
    brand_doc = docs["marque.yml"]
    brand_ok = chk.mapping(brand_doc, BRAND, disp("marque.yml"), 1, "")
    types, sous_types, plurals = _types(chk, types_doc, disp("types.yml"))

    components: dict[str, Component] = {}
    declared: set[str] = set()  # ids in composantes.yml, even one with a mistake: its elements are not « undeclared »
    if comps_ok and isinstance(comp_doc.get("composantes"), list):
        for c in comp_doc["composantes"]:
            if not isinstance(c, Located) or not isinstance(c.get("id"), str):
                continue
            declared.add(c["id"])
            if c["id"] in components:
                chk.errors.append(ContentError(c.path, c.at("id"), f"composante {c['id']} déclarée deux fois"))
                continue
            if isinstance(c.get("numero"), int) and c["id"] != f"1360-{c['numero']:03d}":
                chk.errors.append(ContentError(c.path, c.at("numero"), f"composante {c['id']}, champ « numero » : {c['numero']} ne correspond pas à l’identifiant"))
            try:
                components[c["id"]] = _make(Component, c)
            except (KeyError, TypeError):
                pass

    communes: dict[str, Commune] = {}
    elements: dict[str, Element] = {}
    raw_elements: list[tuple[Located, str]] = []
    by_name: dict[str, str] = {}
    by_insee: dict[str, tuple[str, str]] = {}
    def well_named_first(rel: str) -> tuple[bool, str]:
        # A duplicate is blamed on the file whose name does not match its commune.
        nom = docs[rel].get("nom") if isinstance(docs[rel], dict) else None
        return (not isinstance(nom, str) or _commune_stem(rel) != slugify(nom), rel)

    # Every readable record's name, even one with another mistake: otherwise the commune
    # would also show up as "unknown" wherever another record names it.
    name_to_slug: dict[str, str] = {}
    for rel in sorted((r for r in docs if _commune_stem(r)), key=well_named_first):
        doc, path, stem = docs[rel], disp(rel), _commune_stem(rel)
        assert stem is not None
        if not chk.mapping(doc, COMMUNE, path, 1, ""):
            continue
        nom = doc.get("nom")
        if isinstance(nom, str) and nom.strip():
            name_to_slug.setdefault(nom, stem)
            expected = slugify(nom)
            if stem != expected:
                chk.error(path, doc.at("nom"), "champ « nom »", f"le fichier devrait s’appeler {expected}.yml pour « {nom} »")
            if expected in by_name:
                chk.error(path, doc.at("nom"), "", f"commune « {nom} » en double : déjà décrite dans {by_name[expected]}")
            else:
                by_name[expected] = path
        insee = doc.get("insee")
        if isinstance(insee, str):
            if insee in by_insee and by_insee[insee][1] != nom:
                other_path, other_name = by_insee[insee]
                chk.error(path, doc.at("insee"), "champ « insee »", f"le code {insee} est déjà celui {'d’' if other_name.startswith(ELIDING) else 'de '}{other_name} ({other_path}) ; "
                          "l’une des deux fiches a un code faux : vérifiez-le sur le Code officiel géographique de l’INSEE")
            by_insee.setdefault(insee, (f"{path}:{doc.at('insee')}", str(nom)))
        held = [e for e in doc.get("elements") or () if isinstance(e, Located)]
        raw_elements.extend((e, stem) for e in held)
        try:
            communes[stem] = _make(
                Commune, doc, {"contact_presse": Contact, "citation_maire": Quote, "annuaire": Directory,
                             "rendez_vous": RendezVous}, slug=stem,
                elements=tuple(e["code"] for e in held if isinstance(e.get("code"), str)),
            )
        except (KeyError, TypeError):
            pass  # already reported by the checker

    sizes: dict[str, tuple[int, int]] = {}
    if brand_ok:
        check_brand_files(chk, content_dir, brand_doc, sizes)
    source_keys = {s.get("cle") for s in bien_doc.get("sources") or () if isinstance(s, Located)} if bien_ok else set()
    seen_codes: dict[str, str] = {}
    photo_stems: dict[PurePosixPath, tuple[str, str]] = {}
    for e, holder in raw_elements:
        code = e.get("code")
        if not isinstance(code, str):
            continue
        where = f"{e.path}:{e.at('code')}"
        if code.lower() in seen_codes:
            chk.errors.append(ContentError(e.path, e.at("code"), f"élément {code} décrit deux fois : ici et dans {seen_codes[code.lower()]} ; "
                                           "gardez-le seulement dans la fiche de la commune qui le porte, et citez les autres dans « autres_communes »"))
            continue
        seen_codes[code.lower()] = where
        comp = e.get("composante")
        if isinstance(comp, str) and comps_ok and comp not in components and comp not in declared:
            chk.errors.append(ContentError(e.path, e.at("composante"), f"élément {code}, champ « composante » : {comp} n’est pas déclarée dans composantes.yml"))
        etype = e.get("type")
        if isinstance(etype, str) and types and etype not in types:
            chk.errors.append(ContentError(e.path, e.at("type"), f"élément {code}, champ « type » : « {etype} » n’est pas défini dans types.yml{did_you_mean(etype, sorted(types))}"))
        others: list[str] = []
        autres = e.get("autres_communes") or []
        for i, name in enumerate(autres if isinstance(autres, list) else []):
            if not isinstance(name, str):
                continue
            line = autres.item_lines[i]
            if name not in name_to_slug:
                if not complete or f"communes/{slugify(name)}.yml" in docs:
                    continue  # its record exists but cannot be read, or has no name: already reported there
                chk.errors.append(ContentError(e.path, line, f"élément {code}, champ « autres_communes » : la commune « {name} » n’a pas de fiche dans communes/{did_you_mean(name, sorted(name_to_slug))}"))
            elif name_to_slug[name] == holder:
                chk.errors.append(ContentError(e.path, line, f"élément {code}, champ « autres_communes » : « {name} » est déjà la commune de la fiche"))
            elif name_to_slug[name] in others:
                chk.errors.append(ContentError(e.path, line, f"élément {code}, champ « autres_communes » : « {name} » est citée deux fois"))
            else:
                others.append(name_to_slug[name])
        src = e.get("source")
        if isinstance(src, str) and bien_ok:
            if src.split(":")[0] not in source_keys:
                chk.errors.append(ContentError(e.path, e.at("source"), f"élément {code}, champ « source » : la clé {src.split(':')[0]} n’est pas déclarée dans bien.yml (sources)"))
        for i, p in enumerate(e.get("photos") or []):
            if isinstance(p, Located) and isinstance(p.get("fichier"), str):
                label = f"élément {code}, photos[{i + 1}], champ « fichier »"
                check_image(chk, content_dir, p["fichier"], p.path, p.at("fichier"), label, sizes,
                            min_side=PHOTO_MIN_SIDE, max_ratio=PHOTO_MAX_RATIO)
                if p["fichier"] not in sizes:
                    continue  # unusable, and already reported
                # photos/a.jpg and photos/a.png would both become photos/a-960.webp: one would replace the other.
                stem, where = photo_key(p["fichier"]), f"{p.path}:{p.at('fichier')}"
                other = photo_stems.setdefault(stem, (p["fichier"], where))
                if other[0] != p["fichier"]:
                    chk.error(p.path, p.at("fichier"), label, f"« {p['fichier']} » et « {other[0]} » ({other[1]}) donneraient les mêmes fichiers dans les kits ; renommez l’un des deux")
        try:
            elements[code] = _make(
                Element, e, {"photos": Photo}, commune=holder, autres_communes=tuple(others),
                latitude=float(e["latitude"]), longitude=float(e["longitude"]),
            )
        except (KeyError, TypeError, ValueError):
            pass

    for slug, c in communes.items():
        doc = docs[f"communes/{slug}.yml"]
        if c.logo:
            check_image(chk, content_dir, c.logo, doc.path, doc.at("logo"), "champ « logo »", sizes,
                        min_height=LOGO_MIN_HEIGHT, max_ratio=LOGO_MAX_RATIO)

    # Every declared component must be reached by at least one element.
    if comps_ok and complete and not chk.errors:
        used = {e.composante for e in elements.values()}
        for cid, comp in sorted(components.items()):
            if cid not in used:
                c_doc = next(c for c in comp_doc["composantes"] if c.get("id") == cid)
                chk.errors.append(ContentError(c_doc.path, c_doc.line, f"composante {cid} : aucun élément de cette composante n’est décrit dans les fiches des communes"))
        for slug, c in communes.items():
            if not any(slug in e.communes for e in elements.values()):
                doc = docs[f"communes/{slug}.yml"]
                chk.errors.append(ContentError(doc.path, doc.line, f"la commune « {c.nom} » n’a aucun élément : ajoutez-en un, ou citez-la dans « autres_communes » de l’élément qui la traverse"))

    outlines = _directory(chk, docs, communes, source_keys, content_dir, disp)
    perimeters = _shapes(chk, content_dir, "parties", set(components), "parties", disp,
                         lambda stem: f"aucune partie constitutive {stem} dans composantes.yml pour ce périmètre", source_keys or None)
    if outlines and not chk.errors:
        _elements_in_outlines(chk, raw_elements, elements, communes, outlines)
    if perimeters and not chk.errors:
        _elements_in_perimeters(chk, raw_elements, elements, components, perimeters)
    raw_codes = {str(e.get("code")).lower() for e, _ in raw_elements}
    bien = _property(chk, bien_doc, raw_codes, communes, complete, source_keys) if bien_ok else None
    if bien is not None:
        _releases(chk, docs, communes, bien)
    if chk.errors or bien is None or not brand_ok:
        raise ContentErrors(chk.errors)
    marque = _make(Brand, brand_doc, {"palette": Palette, "polices": Fonts, "logo_officiel": OfficialLogo})
    names, elements, components = _names(chk, docs.get("noms.yml"), disp("noms.yml"), elements, components, communes, bien)
    if chk.errors:
        raise ContentErrors(chk.errors)
    return Site(bien, marque, dict(sorted(components.items())), dict(sorted(communes.items())),
                dict(sorted(elements.items(), key=lambda kv: element_order(kv[1]))), types, sous_types, content_dir, sizes,
                noms=names, pluriels=plurals, contours=dict(sorted(outlines.items())), parties=perimeters)


MAX_RENDEZ_VOUS = 3
"""Rendez-vous one press release lists at most: with its lead, quote and contact, it still fits one page in Word."""


def _releases(chk: Checker, docs: dict[str, Any], communes: dict[str, Commune], bien: Property) -> None:
    """What a commune adds to its press releases fits them: each rendez-vous falls within what its release, dated for
    the occasion after the data's date, announces (a past one is an error to remove, not a sentence to publish); at
    most MAX_RENDEZ_VOUS per release; and the release's own words (presentation, press contact, quote, rendez-vous)
    within occasions.ROOM, so that it still fits one page."""
    for slug, commune in communes.items():
        doc = docs[f"communes/{slug}.yml"]
        per_release: dict[str, list[Located]] = {}
        for item in (i for i in doc.get("rendez_vous") or () if isinstance(i, Located)):
            release, day = item.get("occasion"), item.get("date")
            if release not in occasions.RELEASES:
                continue  # already reported by the checker
            title, during = occasions.RELEASES[release]
            per_release.setdefault(release, []).append(item)
            label = f"rendez-vous « {item.get('titre')} »"
            if len(per_release[release]) == MAX_RENDEZ_VOUS + 1:
                chk.error(item.path, item.line, label, f"plus de {MAX_RENDEZ_VOUS} rendez-vous pour le communiqué « {title} » : "
                          "gardez les principaux, pour qu’il tienne sur une page, et renvoyez au programme complet par « lien »")
            if not isinstance(day, dt.date):
                continue
            first, last = occasions.announced_between(release, bien.version_date, bien.date_inscription)
            dated = occasions.release_date(release, bien.version_date, bien.date_inscription)
            if day < bien.version_date:
                chk.error(item.path, item.at("date"), f"{label}, champ « date »",
                          f"le {day.isoformat()} est passé à la date des données ({bien.version_date.isoformat()}, la plus récente "
                          "des « versions » de bien.yml) : retirez ce rendez-vous de la fiche")
            elif not first <= day <= last:
                chk.error(item.path, item.at("date"), f"{label}, champ « date »",
                          f"le {day.isoformat()} n’est pas {during} : le prochain communiqué « {title} », daté du "
                          f"{dated.isoformat()}, annonce ce qui a lieu du {first.isoformat()} au {last.isoformat()}")
        _room(chk, doc, commune, per_release)


def _room(chk: Checker, doc: Located, commune: Commune, per_release: dict[str, list[Located]]) -> None:
    """Each release's own words within occasions.ROOM; a quote or a contact too long for every release is said once."""
    common = occasions.every_release_words(commune)
    if common > occasions.ROOM:
        line = doc.at("citation_maire") if commune.citation_maire else doc.at("contact_presse")
        both = bool(commune.citation_maire and commune.contact_presse)
        chk.error(doc.path, line, "champ « citation_maire »" if commune.citation_maire else "champ « contact_presse »",
                  f"{_and(_every_release(commune))} {'prennent' if both else 'prend'} {common} signes dans chaque communiqué (en comptant la "
                  f"signature), pour {occasions.ROOM} au plus : {'raccourcissez-les' if both else 'raccourcissez-la' if commune.citation_maire else 'raccourcissez-le'}, "
                  "pour que les communiqués tiennent sur une page")
        return
    for release, (title, _during) in occasions.RELEASES.items():
        used = occasions.own_words(commune, release)
        if used <= occasions.ROOM:
            continue
        items = per_release.get(release, [])
        parts = (["la présentation"] if release == occasions.COMMUNE_RELEASE and commune.presentation else []) + \
            _every_release(commune) + ([f"{len(items)} rendez-vous"] if items else [])
        line = items[0].line if items else doc.at("presentation")
        chk.error(doc.path, line, f"communiqué « {title} »",
                  f"{_and(parts)} y {'prennent' if len(parts) > 1 else 'prend'} {used} signes (en comptant la place de "
                  f"chaque date, de chaque lien et de la signature), pour {occasions.ROOM} au plus : raccourcissez "
                  f"{'l’un d’eux' if len(parts) > 1 else 'ce texte'} pour que le communiqué tienne sur une page"
                  + (" ; le programme complet peut se lire par le « lien » d’un rendez-vous" if items else ""))


def _every_release(commune: Commune) -> list[str]:
    """What of the record every release carries: « la citation du maire », « le contact presse »."""
    return (["la citation du maire"] if commune.citation_maire else []) + (["le contact presse"] if commune.contact_presse else [])


def _and(items: list[str]) -> str:
    """« a, b et c » (the content stage does not import the site's wording)."""
    return ", ".join(items[:-1]) + " et " + items[-1] if len(items) > 1 else "".join(items)


def _names(chk: Checker, doc: Any, path: str, elements: dict[str, Element], components: dict[str, Component],
           communes: dict[str, Commune], bien: Property) -> tuple[Names, dict[str, Element], dict[str, Component]]:
    """Read content/noms.yml (optional): give elements and components their display names, and gather the
    names sentences say differently. Every name it lists must be one the records hold."""
    if doc is None:
        return Names(), elements, components
    if not chk.mapping(doc, NAMES_FILE, path, 1, ""):
        return Names(), elements, components
    shown: dict[str, str] = {}
    for i, form in enumerate(doc.get("affichage") or ()):
        where = f"affichage[{i + 1}], champ « officiel »"
        official, display = form.get("officiel"), form.get("affiche")
        if not isinstance(official, str) or not isinstance(display, str):
            continue
        if official in shown:
            chk.error(form.path, form.at("officiel"), where, f"« {official} » a déjà une forme affichée plus haut ; gardez-en une seule")
        elif not any(e.nom == official for e in elements.values()) and not any(c.nom == official for c in components.values()):
            chk.error(form.path, form.at("officiel"), where, f"« {official} » n’est le nom d’aucun élément ni d’aucune partie constitutive "
                      "des fiches ; recopiez-le tel qu’il figure dans le champ « nom », ou retirez cette forme")
        else:
            shown[official] = display
    elements = {code: dataclasses.replace(e, nom=shown[e.nom], nom_officiel=e.nom) if e.nom in shown else e
                for code, e in elements.items()}
    components = {cid: dataclasses.replace(c, nom=shown[c.nom], nom_officiel=c.nom) if c.nom in shown else c
                  for cid, c in components.items()}
    known = ({c.nom for c in communes.values()} | {e.nom for e in elements.values()} | {c.nom for c in components.values()}
             | {g.nom for g in bien.grands_sites})
    unknown = ("n’est le nom d’aucune commune, d’aucun élément, d’aucune partie constitutive ni d’aucun Grand site ; "
               "recopiez-le tel que les pages l’affichent, ou retirez la ligne")
    for i, name in enumerate(doc.get("sans_elision") or ()):
        if not isinstance(name, str):
            continue
        items = doc["sans_elision"]
        line, where = items.item_lines[i] if isinstance(items, LocatedList) else doc.at("sans_elision"), f"sans_elision[{i + 1}]"
        if name not in known:
            chk.error(doc.path, line, where, f"« {name} » {unknown}")
        elif not name.startswith(ELIDING):
            chk.error(doc.path, line, where, f"« {name} » ne commence ni par une voyelle ni par un h : « de » ne s’y élide jamais ; retirez la ligne")
    articles: dict[str, str] = {}
    for i, item in enumerate(doc.get("articles") or ()):
        name = item.get("nom")
        if isinstance(name, str) and isinstance(item.get("article"), str):
            if name not in known:
                chk.error(item.path, item.at("nom"), f"articles[{i + 1}], champ « nom »", f"« {name} » {unknown}")
            articles[name] = item["article"]
    return Names(frozenset(n for n in doc.get("sans_elision") or () if isinstance(n, str)), articles), elements, components


def _types(chk: Checker, doc: Any, path: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The types' and subtypes' definitions, and the types' plurals."""
    out: list[dict[str, str]] = []
    plurals: dict[str, str] = {}
    if not isinstance(doc, Located):
        chk.error(path, 1, "fichier", "un ensemble de champs est attendu")
        return {}, {}, {}
    for key in doc:
        if key not in ("types", "sous_types"):
            chk.errors.append(ContentError(path, doc.at(key), f"champ « {key} » : champ inconnu{did_you_mean(key, ['types', 'sous_types'])}"))
    for section in ("types", "sous_types"):
        section_doc = doc.get(section)
        defs: dict[str, str] = {}
        if not isinstance(section_doc, Located):
            chk.errors.append(ContentError(path, doc.at(section) if section in doc else doc.line, f"champ « {section} » : un ensemble de types est attendu"))
        else:
            for name, d in section_doc.items():
                if chk.mapping(d, TYPE_DEF, path, section_doc.at(name), "", f"type « {name} »") and isinstance(d.get("definition"), str):
                    defs[name] = d["definition"]
                    if section == "sous_types":
                        continue
                    if isinstance(d.get("pluriel"), str):
                        plurals[name] = d["pluriel"]
                    else:
                        chk.error(path, section_doc.at(name), f"type « {name} »", "champ « pluriel » manquant : écrivez le type au "
                                  "pluriel, tel qu’il se lit dans une phrase (par exemple « pluriel: cités minières »)")
        out.append(defs)
    return out[0], out[1], plurals


def _property(chk: Checker, doc: Located, codes: set[str], communes: dict[str, Commune], complete: bool,
              keys: set[Any]) -> Property | None:
    sites = []
    for gs in doc.get("grands_sites") or ():
        if not isinstance(gs, Located) or not isinstance(gs.get("element"), str):
            continue
        if complete and gs["element"].lower() not in codes:
            chk.errors.append(ContentError(gs.path, gs.at("element"), f"grand site « {gs.get('nom')} », champ « element » : aucune commune ne décrit l’élément {gs['element']}"))
        label = f"grand site « {gs.get('nom')} »"
        if gs.get("presentation") and not gs.get("source"):
            chk.error(gs.path, gs.at("presentation"), f"{label}, champ « presentation »",
                      "une présentation publiée nomme la source de ses faits : ajoutez « source », la clé d’une source déclarée dans « sources »")
        if isinstance(gs.get("source"), str) and gs["source"] not in keys:
            chk.error(gs.path, gs.at("source"), f"{label}, champ « source »", f"la clé {gs['source']} n’est pas déclarée dans « sources »")
        try:
            sites.append(_make(GrandSite, gs))
        except (KeyError, TypeError):
            pass  # already reported by the checker
    sirens = {c.siren_epci for c in communes.values() if c.siren_epci}
    offices = []
    for o in doc.get("offices_de_tourisme") or ():
        if not isinstance(o, Located):
            continue
        label = f"office « {o.get('nom')} »"
        for i, siren in enumerate(o.get("siren_epci") or ()):
            if isinstance(siren, str) and sirens and siren not in sirens:
                chk.error(o.path, o["siren_epci"].item_lines[i], f"{label}, champ « siren_epci »",
                          f"{siren} n’est le SIREN de l’intercommunalité d’aucune commune (champ « siren_epci » des fiches)")
        if isinstance(o.get("source"), str) and o["source"] not in keys:
            chk.error(o.path, o.at("source"), f"{label}, champ « source »", f"la clé {o['source']} n’est pas déclarée dans « sources »")
        try:
            offices.append(_make(TourismOffice, o))
        except (KeyError, TypeError):
            pass  # already reported by the checker
    versions = doc.get("versions")
    if isinstance(versions, list) and not versions:
        chk.errors.append(ContentError(doc.path, doc.at("versions"), "champ « versions » : la liste est vide ; il faut au moins une mise à jour datée, dont la date est la version des kits"))
    if isinstance(versions, list):
        for v in versions:
            if isinstance(v, Located) and isinstance(v.get("date"), dt.date) and not 1980 <= v["date"].year <= 2107:
                chk.errors.append(ContentError(v.path, v.at("date"), f"version, champ « date » : {v['date'].isoformat()} est hors des dates possibles (de 1980 à 2107, celles d’une archive ZIP)"))
        entries = [v for v in versions if isinstance(v, Located)]
        dates = [v.get("date") for v in entries]
        if dates and all(isinstance(d, dt.date) for d in dates) and dates != sorted(dates, reverse=True):
            # The first entry newer than the one above it: the one out of place, most of the time.
            late = next(v for above, v in zip(entries, entries[1:]) if v["date"] > above["date"])
            chk.errors.append(ContentError(late.path, late.at("date"), f"champ « versions » : l’entrée du {late['date'].isoformat()} est plus récente "
                                           "que celle du dessus ; les entrées vont de la plus récente, en haut, à la plus ancienne"))
        for v in versions:
            if not isinstance(v, Located) or not isinstance(v.get("communes"), list):
                continue
            for i, slug in enumerate(v["communes"]):
                if isinstance(slug, str) and communes and slug not in communes:
                    chk.errors.append(ContentError(v.path, v["communes"].item_lines[i], f"version du {v.get('date')}, champ « communes » : aucune fiche communes/{slug}.yml{did_you_mean(slug, sorted(communes))}"))
    if chk.errors:
        return None
    return _make(Property, doc, {"liens": Link, "sources": Source, "criteres_expliques": CriterionNote, "versions": DataVersion},
                 grands_sites=tuple(sites), offices_de_tourisme=tuple(offices))


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f}".replace(".", ",") + "\u00a0km" if metres >= 1000 else f"{metres:.0f}\u00a0m"


def _elements_in_outlines(chk: Checker, raw: list[tuple[Located, str]], elements: dict[str, Element],
                          communes: dict[str, Commune], outlines: dict[str, dict[str, Any]]) -> None:
    """Each element's point inside the outline of one of its communes (within TOLERANCE_M), or the reason it is not in
    « hors_contour »; a reason for a point that is inside is stale. Elements of a commune without an outline are skipped."""
    shapes = {slug: geography.projected(g) for slug, g in outlines.items()}
    located = {str(e.get("code")): e for e, _ in raw}
    for code, el in elements.items():
        slugs = el.communes
        if not all(s in shapes for s in slugs):
            continue
        e = located[code]
        off = geography.distance_outside(el.latitude, el.longitude, (shapes[s] for s in slugs))
        names = " ni de ".join(communes[s].nom for s in slugs)
        if off > geography.TOLERANCE_M and not el.hors_contour:
            chk.error(e.path, e.at("latitude"), f"élément {el.code}, champs « latitude » et « longitude »",
                      f"le point ({el.latitude}, {el.longitude}) est à {_km(off)} du contour de {names} ; vérifiez ses "
                      "coordonnées et sa commune dans l’export SIG, ou, si l’écart est connu, expliquez-le dans un champ « hors_contour »")
        elif off <= geography.TOLERANCE_M and el.hors_contour:
            chk.error(e.path, e.at("hors_contour"), f"élément {el.code}, champ « hors_contour »",
                      f"le point est maintenant dans le contour de {names} ; supprimez ce champ")


def _elements_in_perimeters(chk: Checker, raw: list[tuple[Located, str]], elements: dict[str, Element],
                            components: dict[str, Component], perimeters: dict[str, dict[str, Any]]) -> None:
    """Each element's point lies in its component part's official perimeter (content/parties/), within the tolerance:
    a point or a part number mistyped in the GIS export shows here."""
    located = {str(e.get("code")): e for e, _ in raw}
    shapes = {cid: geography.projected(g) for cid, g in perimeters.items()}
    for code, el in elements.items():
        if el.composante not in shapes:
            continue
        off = geography.distance_outside(el.latitude, el.longitude, [shapes[el.composante]])
        if off > geography.TOLERANCE_M:
            e = located[code]
            part = components[el.composante]
            chk.error(e.path, e.at("latitude"), f"élément {el.code}, champs « latitude » et « longitude »",
                      f"le point ({el.latitude}, {el.longitude}) est à {_km(off)} du périmètre officiel de sa partie constitutive, "
                      f"nº {part.numero} « {part.nom} » ; vérifiez ses coordonnées et sa partie dans l’export SIG")


def _directory(chk: Checker, docs: dict[str, Any], communes: dict[str, Commune], source_keys: set[Any],
               content_dir: Path, disp: Any) -> dict[str, dict[str, Any]]:
    """The blocks and outlines make import-annuaire wrote: their source declared, their intercommunality the record's,
    each outline a valid polygon of a commune that has a record. Return the valid outlines (GeoJSON geometries) by commune."""
    outlines: dict[str, dict[str, Any]] = {}
    for slug, c in communes.items():
        doc = docs[f"communes/{slug}.yml"]
        block = doc.get("annuaire")
        if c.annuaire is None or not isinstance(block, Located):
            continue
        if source_keys and c.annuaire.source not in source_keys:
            chk.error(block.path, block.at("source"), "annuaire, champ « source »",
                      f"la clé {c.annuaire.source} n’est pas déclarée dans bien.yml (sources)")
        if c.annuaire.siren_epci and c.siren_epci and c.annuaire.siren_epci != c.siren_epci:
            chk.error(block.path, block.at("siren_epci"), "annuaire, champ « siren_epci »",
                      f"l’intercommunalité de l’annuaire ({c.annuaire.siren_epci}) n’est pas celle de la fiche ({c.siren_epci}) ; "
                      "relancez make import puis make import-annuaire avec des données à jour")
    known = {p.stem for p in (content_dir / "communes").glob("*.yml")}  # an unreadable record is reported by itself
    outlines.update(_shapes(chk, content_dir, "contours", known, "annuaire", disp,
                            lambda stem: f"aucune fiche communes/{stem}.yml pour ce contour"))
    return outlines


def _shapes(chk: Checker, content_dir: Path, folder: str, known: set[str], command: str, disp: Any,
            orphan: Any, source_keys: set[Any] | None = None) -> dict[str, dict[str, Any]]:
    """The GeoJSON polygons an import wrote in content/<folder>/ (one Feature per file, named after what it outlines):
    each of something `known` (else `orphan(stem)` says what is missing), readable, a valid polygon, its source
    declared when `source_keys` is given. Return the valid geometries by file stem."""
    out: dict[str, dict[str, Any]] = {}
    redo = f"relancez make import-{command}"
    for path in sorted((content_dir / folder).glob("*.geojson")) if (content_dir / folder).is_dir() else ():
        where = disp(f"{folder}/{path.name}")
        if path.stem not in known:
            chk.error(where, 0, "", f"{orphan(path.stem)} ; supprimez-le ou {redo}")
            continue
        try:
            feature = json.loads(path.read_text(encoding="utf-8"))
            shape = shapely.geometry.shape(feature["geometry"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, shapely.errors.ShapelyError):
            chk.error(where, 0, "", f"contour illisible (un objet GeoJSON « Feature » avec sa géométrie est attendu) ; {redo}")
            continue
        source = (feature.get("properties") or {}).get("source")
        if shape.geom_type not in ("Polygon", "MultiPolygon") or shape.is_empty or not shape.is_valid:
            chk.error(where, 0, "", f"le contour n’est pas un polygone valide ({shapely.validation.explain_validity(shape)}) ; {redo}")
        elif source_keys is not None and source not in source_keys:
            chk.error(where, 0, "source", f"la source {source!r} n’est pas déclarée dans bien.yml (sources) ; {redo}")
        else:
            out[path.stem] = feature["geometry"]
    return out
