"""Plan every output of a validated Site: {path inside kits/: text, a content file to copy, or a Job to make}.

No clock and no writing; it reads only the templates, the static scripts and, to measure lockups, the fonts.
Each output's path and address come from urls.py, its words from wording.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup

from generator.site import copies, embeds, feeds, image_jobs, opendata, pages, urls, wording
from generator.site import audit_page, heritage, reuse
from generator.jobs import Job, job
from generator.make.drawing import lockup
from generator.content import occasions
from generator.content.model import Commune, Element, Site
from generator.site.templates import Templates
from generator.errors import BuildError
from generator.state import BuildState

STATIC = Path(__file__).parent / "static"
"""Scripts served with the site, copied as they are."""

_AHEAD = f"{wording.en_lettres(occasions.SENT_AHEAD.days)} jours avant"
PRESS_RELEASES = tuple((name, template, occasions.RELEASES[name][0], when) for name, template, when in (
    (occasions.COMMUNE_RELEASE, "communique_commune.md.j2", "à tout moment de l’année"),
    ("anniversaire-inscription", "communique_anniversaire.md.j2", f"{_AHEAD} l’anniversaire de l’inscription"),
    ("journees-du-patrimoine", "communique_jep.md.j2", f"{_AHEAD} le troisième week-end de septembre"),
    ("sainte-barbe", "communique_sainte_barbe.md.j2", f"{_AHEAD} le 4 décembre"),
))
"""(file name, template, title, when to send it): the kits' press releases, dated by content/occasions.py."""


def md_names(elements: list[Element], sous_types: dict[str, str]) -> dict[str, str]:
    """wording.display_names, escaped for Markdown."""
    return {code: wording.md(name) for code, name in wording.display_names(elements, sous_types).items()}


COPY_INTRO = {
    "page-patrimoine": ("Voici la page à publier sur le site de la commune. Donnez-lui le titre ci-dessous, "
                        "puis copiez son texte dans l’onglet qui convient à votre outil : **HTML** pour un éditeur qui "
                        "accepte le code (WordPress : bloc « HTML personnalisé » ; Drupal : format « HTML complet »), "
                        "**Markdown** pour un éditeur qui le lit, **Texte** pour un courriel ou le bulletin municipal."),
}


def common_context(site: Site, site_url: str) -> dict[str, Any]:
    """What every page template may use: the site's facts and the helpers that say them the same way everywhere.
    `site_url` is the published address ending with /, or ""."""
    return {
        "site": site, "bien": site.bien, "marque": site.marque,
        "site_url": site_url,
        # Proper names in a sentence, by content/noms.yml: {{ de(c.nom)|md }} gives « d’Oignies ».
        "de": lambda nom: wording.de(nom, site.noms), "a": lambda nom: wording.at(nom, site.noms),
        "le": lambda nom: wording.the(nom, site.noms), "que": lambda nom: wording.que(nom, site.noms),
        "credit": data_credit(site), "press_releases": PRESS_RELEASES,
        # This site's helpers go in the context, not the shared environment's globals.
        "commune_names": lambda e, but=None: wording.liste([wording.md(site.communes[sl].nom) for sl in e.communes if sl != but]),
        # An element's label, the same in every output (wording.type_label), escaped for Markdown or plain.
        "type_label": lambda e: wording.md(wording.type_label(e, site.sous_types)),
        "type_text": lambda e: wording.type_label(e, site.sous_types),
        "element_summary": lambda e: wording.md(wording.element_summary(e, site.sous_types, site.bien)),
        "inscribed_since": wording.md(wording.inscribed_since(site.bien)),
        # Published addresses, for the texts a commune copies onto its own site (absolute links).
        "element_url": lambda e: urls.element_url(site_url, e.slug) if site_url else "",
        "public_url": lambda c: urls.public_url(site_url, c.slug) if site_url else "",
        "logo_url": lambda c: urls.absolute(site_url, urls.kit_page(c.slug, "logo")) if site_url else "",
        "version": site.bien.version, "version_date": site.bien.version_date,
        "formats": lockup.FORMATS, "format_text": image_jobs.FORMAT_TEXT, "variants": image_jobs.VARIANT_TEXT,
    }


SITE_PART = ("site", "")
"""The site's own pages (home, directory, open data, feeds) among the parts: kept under the whole run's digest."""


def render_site(site: Site, site_url: str = "", state: BuildState | None = None,
                whole_key: str | None = None) -> dict[PurePosixPath, str | Path | Job]:
    """Render every page of kits/, keyed by its path relative to kits/.

    A str is a page, a Path a file to copy, a Job an image for the image cache to draw.
    `site_url` is where the toolbox is published: copyable texts link to its pages only when it is known.
    `state` holds the template environments and the converted copy texts (a fresh one if None).
    `whole_key` is reuse.whole's digest of the run: under the previous run's, everything that run rendered is taken back.
    """
    state = state or BuildState()
    site_url = urls.site_base(site_url) if site_url else ""
    kept = state.parts.get(SITE_PART)
    if whole_key and kept and kept[0] == whole_key:
        out: dict[PurePosixPath, str | Path | Job] = {}
        for _key, part in state.parts.values():
            out.update(part)
        return out
    # Imported here: maps load shapely, numpy and pyproj, which a run that takes everything back does without.
    from generator.site import maps

    env = state.templates.markdown
    convert = state.copies.copyable
    out = {}
    common = common_context(site, site_url)

    def page(path: str | PurePosixPath, template: str, copy: str = "", after: str = "", **ctx: Any) -> tuple[str, copies.Copyable] | None:
        """Render one page; with `copy`, return its title and the text in copy tabs."""
        key = PurePosixPath(path)
        if key in out:
            raise BuildError(f"{path} : deux pages à la même place dans kits/")
        md = wording.french_spacing(env.get_template(template).render(**common, **ctx).rstrip("\n") + "\n")
        copied = None
        if copy:
            # The page's text goes in copy tabs; what follows them is for the webmaster only.
            front, h1, body = copies.split_page(md)
            intro = wording.french_spacing(COPY_INTRO[copy])
            title = wording.french_spacing(state.templates.render("copies/title.html.j2", title=wording.plain(h1[2:])))
            copied = (h1[2:], convert(body))
            md = (f"{front}\n{h1}\n\n{intro}\n\n{title}\n\n{copies.tabs(copied[1], templates=state.templates)}"
                  f"{wording.french_spacing(after)}")
        out[key] = md
        return copied

    def press_page(base: str, ctx: dict[str, Any], print_logo: PurePosixPath,
                   figures: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, tuple[str, copies.Copyable]]:
        # One page for the four releases (a page each was a quarter of the site's pages, hence
        # of its build time); each release is a section with its own copy tabs and downloads.
        commune = ctx["c"]
        releases, sections, texts = [], [], {}
        for n, (name, template, label, when) in enumerate(PRESS_RELEASES, 1):
            md = release_markdown(site, env, name, template, {**common, **ctx})
            _front, h1, body = copies.split_page(md)
            title, item = h1[2:], convert(body)
            texts[name] = (title, item)
            releases.append((name, title, when))
            # What is copied starts with the release's title: pasted into an e-mail or a news page, it is not lost.
            titled = copies.titled(convert(h1), item)
            out[urls.press_release(commune.slug, name, "docx")] = job(
                "docx", {"logo": print_logo, **figures[0]}, **figures[1], format="docx", titre=title, texte=body,
                commune=commune.nom, version=site.bien.version,
                alt_logo=f"Bloc-marque Bassin minier Patrimoine mondial {wording.de(commune.nom, site.noms)}")
            out[urls.press_release(commune.slug, name, "txt")] = _as_text(title, item)
            downloads = (f"Télécharger : [document Word](communiques/{name}.docx) (une page, à ouvrir dans "
                         f"Word ou LibreOffice) ou [texte brut](communiques/{name}.txt).")
            sections.append(f"## {wording.md(label)} {{#{name}}}\n\n{wording.french_spacing(f'À envoyer {when}. ' + downloads)}\n\n"
                            + copies.tabs(titled, n, demote=2, templates=state.templates))
        page(urls.kit_page(commune.slug, "communiques"), "communiques.md.j2", releases=releases, **ctx)
        out[urls.kit_page(commune.slug, "communiques")] += "\n" + "".join(sections)
        return texts

    counts = {slug: len(site.elements_of(slug)) for slug in site.communes}
    site_ctx = pages.context(site)
    for path, tpl in pages.SITE_PAGES:
        page(path, tpl, **site_ctx)
    page("communes/index.md", "annuaire.md.j2", counts=counts, groups=_by_epci(site),
         basin_map=maps.basin_map(site, {s: f"../{urls.published(urls.public_page(s))}" for s in site.communes}) or "",
         basin_legend=maps.basin_legend(),
         departements=sorted({c.departement for c in site.communes.values()}),
         table=Markup(state.templates.render("_annuaire_tableau.html.j2", rows=[
             {"nom": c.nom, "kit": f"../{urls.published(urls.kit_page(c.slug))}", "epci": c.epci_nom, "departement": c.departement, "elements": counts[c.slug],
              "public": f"../{urls.published(urls.public_page(c.slug))}", "lien": f"Le patrimoine mondial {wording.at(c.nom, site.noms)}"}
             for c in sorted(site.communes.values(), key=lambda c: c.slug)])))
    page("elements/index.md", "elements_index.md.j2")
    page("donnees.md", "donnees.md.j2", open_data=opendata.FILES)
    out[PurePosixPath("ressources", "audit.md")] = audit_page.audit_page(site.audits, state.templates)
    out[urls.feed()] = feeds.atom(
        "", wording.french_spacing("Boîte à outils du Bassin minier Patrimoine mondial : mises à jour des données"),
        common["site_url"] or "./", common["site_url"] + str(urls.feed()), list(site.bien.versions),
        site.bien.gestionnaire, common["version_date"], state.templates)
    out.update(opendata.files(site, data_credit(site), common["site_url"]))
    out[PurePosixPath("assets", "marque.css")] = env.get_template("marque.css.j2").render(marque=site.marque)
    for script in sorted(STATIC.iterdir()):
        out[PurePosixPath("assets", script.name)] = script
    within = _names_within_others(site)

    def commune_part(slug: str, commune: Commune) -> None:
        lockups = image_jobs.lockup_files(site, commune, state.lockup_sizes)
        commune_map = maps.commune_map(site, commune)
        map_png = urls.commune_map_png(slug) if commune_map else None
        if commune_map and map_png:
            out[urls.commune_map(slug)] = commune_map
            out[map_png] = image_jobs.map_job(site, commune_map)
        out.update(image_jobs.commune_jobs(site, commune, lockups, map_png))
        ctx = commune_context(site, commune)
        ctx.update(lockups=lockups, card=image_jobs.card_path(site, commune))
        ctx.update(map_path=str(urls.commune_map(slug)), map_text=maps.commune_map_text(site, commune) if commune_map else "",
                   map_size=maps.size(commune_map) if commune_map else (0, 0))
        base = str(urls.kit(slug))
        updates = [v for v in site.bien.versions if v.concerns(slug)]
        feed = urls.feed(slug)
        page(urls.kit_page(slug), "kit_index.md.j2", updates=updates, feed=str(feed), search_boost=10 if slug in within else 8, **ctx)
        embed_files, sections, jsonld = embeds.commune_outputs(site, commune, site_url, state)
        if site_url:
            _add_meta(out, urls.kit_page(slug), {"oembed": str(urls.oembed("commune", slug)), "jsonld": jsonld})
        out.update(embed_files)
        page(urls.kit_page(slug, "integrer"), "integrer.md.j2", **ctx)
        out[urls.kit_page(slug, "integrer")] += "\n" + sections
        out[feed] = feeds.atom(base, wording.french_spacing(wording.typo(f"Kit {wording.de(commune.nom, site.noms)} : mises à jour")),
                               common["site_url"] + urls.published(urls.kit_page(slug)), common["site_url"] + str(feed), updates,
                               site.bien.gestionnaire, common["version_date"], state.templates)
        # An element's first photo: in the text a commune copies only with the site's address (a relative
        # path would break on the commune's site); on the public page, relative to patrimoine/.
        # The copy gets the smallest derivative, drawn at the size it is shown: an editor that drops width and
        # height (issue 17) changes nothing, and Markdown needs no attribute syntax.
        photos = {e.code: image_jobs.photo_set(site, e.photos[0])[0] for e in ctx["elements"] if e.photos}
        smallest = {code: ps.sources["jpg"][0][0] for code, ps in photos.items()}
        heritage = page(urls.kit_page(slug, "page-patrimoine"), "page_patrimoine.md.j2", copy="page-patrimoine",
                        after=env.get_template("_fiches.md.j2").render(**common, **ctx), element_link=common["element_url"],
                        photo_src=lambda e: urls.absolute(urls.site_base(site_url), smallest[e.code]) if site_url else "",
                        photo_attrs=lambda e: "",
                        # The map in the copied text: at the published address (an SVG any browser shows), published builds only.
                        copy_map_src=urls.absolute(urls.site_base(site_url), urls.commune_map(slug)) if site_url and commune_map else "",
                        **ctx)
        page(urls.public_page(slug), "public.md.j2", element_link=lambda e: f"../{urls.element_page(e.slug)}",
             photo_src=lambda e: f"../{photos[e.code].fallback}",
             photo_attrs=lambda e: f'{{ width="{photos[e.code].width // 2}" height="{photos[e.code].height // 2}" loading="lazy" }}',
             nearest=maps.nearest_grand_sites(site, commune),
             upcoming=sorted(commune.rendez_vous, key=wording.rendez_vous_order), **ctx)
        page(urls.kit_page(slug, "logo"), "logo.md.j2", **ctx)
        print_logo = urls.kit(slug) / image_jobs.colour_png(lockups, "impression").path
        figures = release_figures(site, commune, map_png, maps.commune_map_text(site, commune, on_page=False), common["credit"])
        releases = press_page(base, ctx, print_logo, figures)
        assert heritage is not None
        out[urls.archive(slug)] = kit_archive(
            site, commune, heritage, releases, lockups, embed_files,
            opendata.geojson(site, ctx["elements"], common["credit"], common["site_url"], f"{commune.nom} — éléments inscrits"),
            common["site_url"], state.templates, (commune_map, map_png) if commune_map and map_png else None)

    def element_part(element: Element) -> None:
        photo_sets = []
        for photo in element.photos:
            ps, jobs = image_jobs.photo_set(site, photo)
            photo_sets.append(ps)
            out.update(jobs)
        out[image_jobs.card_path(site, element)] = image_jobs.element_card(site, element)
        embed_files, meta, embed_code = embeds.element_outputs(site, element, site_url, state)
        out.update(embed_files)
        element_map = maps.element_map(site, element)
        if element_map:
            out[urls.element_map(element.slug)] = element_map
        page(urls.element_page(element.slug), "element.md.j2", e=element, photo_sets=photo_sets, embed_code=embed_code,
             map_text=maps.element_map_text(site, element) if element_map else "",
             map_size=maps.size(element_map) if element_map else (0, 0),
             card=image_jobs.card_path(site, element), component=site.composantes[element.composante],
             siblings=[s for s in site.elements_in(element.composante) if s.code != element.code],
             sibling_names=md_names(site.elements_in(element.composante), site.sous_types),
             page_title=wording.element_title(element, site.elements_of(element.commune), site.sous_types,
                                              site.communes[element.commune].nom))
        _add_meta(out, urls.element_page(element.slug), meta)

    # Each commune's kit and each element's pages: taken from the previous run when what they are made from
    # did not change (reuse.Keys), rendered into a part of their own otherwise.
    keys, previous = reuse.Keys(site, site_url), state.parts
    parts = {SITE_PART: (whole_key, dict(out))} if whole_key else {}
    whole = out
    for name, key, make in [*((('commune', slug), keys.commune(c, slug in within), functools.partial(commune_part, slug, c))
                              for slug, c in site.communes.items()),
                            *((('element', e.code), keys.element(e), functools.partial(element_part, e))
                              for e in site.elements.values())]:
        kept = previous.get(name)
        if kept is not None and kept[0] == key:
            part = kept[1]
        else:
            out = {}
            make()
            part, out = out, whole
        parts[name] = (key, part)
        for path, value in part.items():
            # The same photo in two elements' records makes the same derivatives twice, as before; two different
            # pages at one place are an error.
            if path in out and out[path] != value:
                raise BuildError(f"{path} : deux pages à la même place dans kits/")
        out.update(part)
    state.parts = parts
    return out


def release_markdown(site: Site, env: Any, name: str, template: str, context: dict[str, Any]) -> str:
    """One press release's page (front matter, « # » title, body), dated for its occasion."""
    day = occasions.occasion_date(name, site.bien.version_date, site.bien.date_inscription)
    dated = occasions.release_date(name, site.bien.version_date, site.bien.date_inscription)
    # Validation keeps each rendez-vous within its release's occasion.
    commune = context["c"]
    announced = sorted((r for r in commune.rendez_vous if r.occasion == name), key=wording.rendez_vous_order)
    # The commune's own words take the room of the generic ones (the inventory by name, the highlights, the long
    # « À propos »), so that with them the release still fits one page (validate._releases bounds them: occasions.ROOM).
    brief = bool(announced or commune.citation_maire or (commune.presentation and name == occasions.COMMUNE_RELEASE))
    when = next(w for n, _t, _title, w in PRESS_RELEASES if n == name)
    # The Journées européennes du patrimoine: the Saturday (the occasion's day), and the Sunday.
    return wording.french_spacing(env.get_template(template).render(**context, release_date=dated, occasion_day=day,
                                                                    rendez_vous=announced, brief=brief, send_when=when,
                                                                    weekend_end=day + dt.timedelta(days=1)))


def release_figures(site: Site, commune: Commune, map_png: PurePosixPath | None, map_text: str,
                    credit: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Word releases' pictures, as a docx job's files and params: the commune's map, the photo that stands for it."""
    files: dict[str, Any] = {}
    params: dict[str, Any] = {}
    if map_png is not None:
        files["carte"] = map_png
        params.update(alt_carte=wording.french_spacing(map_text),
                      legende_carte=wording.french_spacing(f"Carte des éléments inscrits {wording.de(commune.nom, site.noms)}. {credit}"))
    lead = heritage.lead_photo(site, commune.slug)
    if lead:
        e, photo = lead
        ps, _jobs = image_jobs.photo_set(site, photo)
        files["photo"] = ps.fallback  # the photo at about 960 pixels: sharp at 78 mm, light in the file
        params.update(alt_photo=wording.typo(photo.alt), legende_photo=wording.french_spacing(heritage.photo_caption(e, photo)))
    return files, params


def _names_within_others(site: Site) -> frozenset[str]:
    """The communes whose name is a run of words of another's (Lens, in Fouquières-lès-Lens). Their kits weigh a little
    more in the site's search (kit_index.md.j2: 10, the others 8, all above the element pages that name them too), so
    that the name searched alone gives its own kit first."""
    words = {slug: re.split(r"[\s\-’']+", c.nom.lower()) for slug, c in site.communes.items()}
    return frozenset(slug for slug, own in words.items()
                     if any(other != slug and any(theirs[i:i + len(own)] == own for i in range(len(theirs)))
                            for other, theirs in words.items()))


def _add_meta(out: dict[PurePosixPath, Any], path: PurePosixPath, meta: dict[str, str]) -> None:
    """Add front-matter keys to a rendered page (JSON strings are valid YAML double-quoted scalars)."""
    if not meta:
        return
    md = out[path]
    end = md.index("\n---\n", 4)
    out[path] = md[:end] + "".join(f"\n{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + md[end:]


def _as_text(title: str, item: copies.Copyable) -> str:
    """A copy text as a plain-text file: its title, then its text."""
    return f"{wording.plain(title)}\n\n{item.text}"


def kit_archive(site: Site, commune: Commune, heritage: tuple[str, copies.Copyable],
                releases: dict[str, tuple[str, copies.Copyable]], lockups: list[image_jobs.LockupFile],
                embed_files: dict[PurePosixPath, str], geojson: str, site_url: str, templates: Templates,
                commune_map: tuple[str, PurePosixPath] | None = None) -> Job:
    """The whole kit of a commune in one ZIP, made by the cache from the texts and the files it names
    (`commune_map`: the map's SVG text and its PNG's output path)."""
    texts: dict[str, str] = {}

    def forms(stem: str, title: str, item: copies.Copyable) -> None:
        texts[f"{stem}.md"] = f"# {title}\n\n{item.markdown}"
        # The title is escaped by the template (a hostile name stays text); the body is Python-Markdown's HTML.
        texts[f"{stem}.html"] = templates.render("archive/page.html.j2", title=wording.plain(title), body=Markup(item.html))
        texts[f"{stem}.txt"] = _as_text(title, item)

    forms("page-patrimoine/page-patrimoine", *heritage)
    files: dict[str, PurePosixPath] = {}
    for name, (title, item) in releases.items():
        forms(f"communiques/{name}", title, item)
        files[f"communiques/{name}.docx"] = urls.press_release(commune.slug, name, "docx")
    for f in lockups:
        files[f"logos/{f.path.name}"] = urls.kit(commune.slug) / f.path
    for path, content in embed_files.items():
        if path.parent == urls.snippets(commune.slug):
            texts[f"snippets/{path.name}"] = content
    texts["donnees/elements.geojson"] = geojson
    if commune_map:
        svg, png = commune_map
        texts[f"carte/{urls.commune_map(commune.slug).name}"] = svg
        files[f"carte/{png.name}"] = png
    credits = []
    for e in site.elements_of(commune.slug):
        for photo in e.photos:
            ps, _jobs = image_jobs.photo_set(site, photo)
            largest = ps.sources["jpg"][-1][0]
            files[f"photos/{largest.name}"] = largest
            credits.append(f"{largest.name} : {e.nom}, © {photo.credit}, {photo.licence}")
    texts["LISEZMOI.txt"] = readme(site, commune, sorted([*texts, *files, "LISEZMOI.txt"]), site_url, credits)
    return job("zip", files, format="zip", textes=sorted(texts.items()), version=site.bien.version)


def readme(site: Site, commune: Commune, names: list[str], site_url: str, credits: list[str] | None = None) -> str:
    """LISEZMOI.txt: what the ZIP holds and where each file goes, in plain French; `credits`: each photo's."""
    what = {
        "page-patrimoine/": "la page patrimoine à publier sur le site de la commune (HTML à coller, Markdown, texte brut)",
        "communiques/": "les communiqués de presse (document Word prêt à envoyer, HTML, Markdown, texte brut)",
        "logos/": "le bloc-marque de la commune, dans toutes ses versions (PNG et SVG)",
        "snippets/": "les extraits HTML à intégrer (badge, carte du patrimoine, bannière, signature de courriel)",
        "donnees/": "les éléments inscrits de la commune, en GeoJSON (à importer dans uMap ou QGIS)",
        "carte/": "la carte des éléments inscrits de la commune (SVG pour le web, PNG pour les documents et l’impression)",
        "photos/": "les photos des éléments, à publier avec leur crédit (voir plus bas)",
    }
    lines = [
        f"Kit {wording.de(commune.nom, site.noms)} : Bassin minier Patrimoine mondial",
        "",
        f"Version des données : {wording.date_fr(site.bien.version_date)}.",
        f"Ce dossier rassemble tout le kit {wording.de(commune.nom, site.noms)} tel qu’il figure dans la boîte à outils"
        + (f" ({urls.kit_url(site_url, commune.slug)})." if site_url else "."),
        "",
        "Contenu :",
    ]
    for folder, label in what.items():
        if any(n.startswith(folder) for n in names):
            lines.append(f"{copies.BULLET}« {folder} » : {label} ;")
    lines[-1] = lines[-1].removesuffix(" ;") + "."
    lines += [
        "",
        "Le bloc-marque « Bassin minier Patrimoine mondial » s’utilise selon le guide du logo du kit. L’emblème du patrimoine "
        "mondial de l’UNESCO n’est pas fourni : son usage est soumis à l’autorisation de l’UNESCO.",
        "",
        *(["Crédits des photos, à citer avec chacune :", *(f"{copies.BULLET}{wording.typo(c)}" for c in credits), ""]
          if credits else []),
        "Fichiers :",
        *(f"{copies.BULLET}{n}" for n in names),
        "",
    ]
    return wording.french_spacing("\n".join(lines))


def commune_context(site: Site, commune: Commune) -> dict[str, Any]:
    """Gather what the pages of one commune's kit say."""
    elements = site.elements_of(commune.slug)
    component_ids = sorted({e.composante for e in elements})
    shared = []
    for cid in component_ids:
        others = sorted({s for e in site.elements_in(cid) for s in e.communes} - {commune.slug})
        if others:
            shared.append((site.composantes[cid], [site.communes[s] for s in others]))
    # Only the commune's own intercommunality's office: another's would send visitors elsewhere.
    offices = [o for o in site.bien.offices_de_tourisme if commune.siren_epci in o.siren_epci]
    return {
        "c": commune, "elements": elements, "names": md_names(elements, site.sous_types),
        "components": [site.composantes[cid] for cid in component_ids],
        "shared_components": shared,
        "offices": offices, "mission_link": pages.mission_link(site),
        "grands_sites": [(g, site.elements[g.element]) for g in site.bien.grands_sites],
        "grand_site_here": [g for g in site.bien.grands_sites if site.elements[g.element] in elements],
        # The heritage page: its lead, its groups and each element's facts (site/heritage.py).
        "grand_here": [(g, site.elements[g.element]) for g in site.bien.grands_sites if site.elements[g.element] in elements],
        "groups": heritage.groups(site, elements, [g for g in site.bien.grands_sites if site.elements[g.element] in elements], commune.slug),
        "shared_with": [site.communes[s].nom for s in dict.fromkeys(s for e in elements for s in e.communes if s != commune.slug)],
        "type_counts": heritage.type_counts(site, elements),
        "commune_sentence": wording.commune_sentence(site.bien, commune),
        "element_facts": lambda e, with_part=False: heritage.facts(site, e, commune.slug, with_part),
        "en_lettres": pages.en_lettres, "combien": pages.combien,
        # The press releases: an inventory up to this many elements, their count by type beyond.
        "lived_in": heritage.lived_in(elements), "LIST_UP_TO": 6, "highlights": heritage.highlights(site, elements),
        "protected_elements": [e for e in elements if e.protection in heritage.PROTECTED],
    }


def _by_epci(site: Site) -> list[tuple[str, list[Commune]]]:
    groups: dict[str, list[Commune]] = {}
    for c in site.communes.values():
        groups.setdefault(c.epci_nom, []).append(c)
    return sorted(groups.items())


def data_credit(site: Site) -> str:
    """The attribution line that Licence Ouverte 2.0 asks for, from bien.yml's sources."""
    parts = [f"{s.attribution} ({s.licence})" for s in site.bien.sources if s.attribution and s.licence]
    return "Données : " + " ; ".join(dict.fromkeys(parts)) + "."
