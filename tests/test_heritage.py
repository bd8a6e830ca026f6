"""The heritage page a commune publishes, read as its residents would: one sentence that counts what the commune
holds, the elements grouped by component part then by type in the inventory's order, each type defined once, the
Grand site named first. On the real content (content/), for communes of different shapes."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from generator.content.model import Element, Site, element_order
from generator.site import urls


def _copy(outputs: dict[PurePosixPath, Any], slug: str) -> str:
    """The Markdown a commune copies (the page's Markdown tab), its no-break spaces as plain ones."""
    page = str(outputs[urls.kit_page(slug, "page-patrimoine")])
    return page.split("````markdown\n", 1)[1].split("\n````", 1)[0].replace("\u202f", " ").replace("\u00a0", " ")


def test_codes_sort_as_in_the_inventory() -> None:
    codes = ["63AA", "10", "63M", "9A", "63Z", "63AB", "42B", "42A"]
    ordered = sorted(codes, key=lambda c: element_order(Element(c, "", "", "", 0.0, 0.0, "")))
    assert ordered == ["9A", "10", "42A", "42B", "63M", "63Z", "63AA", "63AB"]


def test_lens_opens_on_what_it_holds_most_and_defines_each_type_once(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    text = _copy(full_outputs, "lens")
    lead = text.split("\n", 1)[0]
    assert lead.startswith("Lens compte 28 éléments du Bassin minier du Nord-Pas de Calais")
    # Counted by type, the most numerous first; a noun with no singular is not counted as « 1 grands bureaux ».
    assert re.search(r" : 7 cités minières, 4 logements d’instituteur, ", lead), lead
    assert "des grands bureaux" in lead and "1 grands bureaux" not in lead
    for type_, definition in site.types.items():
        assert text.count(definition[:60]) <= 1, type_
    first_group = text.split("## Paysage et ensemble miniers d’Auchy-les-Mines à Lens\n\nPartie nº 63 du Bien inscrit. Elle s’étend aussi sur ", 1)[1]
    assert first_group.split("\n\n", 1)[1].startswith("### Cités minières\n\nQuartier d’habitation"), first_group[:200]
    # The parts Lens holds one element of are gathered at the end, each element saying its part.
    others = text.split("## Autres éléments inscrits\n", 1)[1].split("## En savoir plus")[0]
    assert "partie nº 68 « Gare de Lens »" in others and others.count("\n- ") == 6
    # Within a type, the inventory's order: 63Z before 63AA.
    assert text.index("(63Z)") < text.index("(63AA)")
    # Each element once, each of the 28.
    assert sum(line.startswith("- ") for line in text.split("## En savoir plus")[0].splitlines()) == 28


def test_a_grand_site_is_named_first_with_its_visitor_link(full_outputs: dict[PurePosixPath, Any]) -> None:
    text = _copy(full_outputs, "oignies")
    assert "Le Site du 9-9bis, l’un des cinq Grands sites miniers du Bassin, est à Oignies." in text.split("\n", 1)[0]
    # Its presentation (bien.yml, with its source), then the visitor link.
    section = text.split("## Site du 9-9bis, Grand site minier\n\n", 1)[1].split("\n", 1)[0]
    assert section.startswith("À la fosse 9-9bis, le charbon a été extrait de 1933 à 1990.")
    assert section.endswith("Pour préparer la visite : [9-9bis.com](http://9-9bis.com).")
    groups = text.split("## Paysage et ensemble miniers des fosses nº 9-9bis et nº 10", 1)[1]
    assert groups.split("\n- ", 1)[1].startswith("**Fosse 9-9bis**")


def test_a_weak_commune_says_what_ties_it_and_nothing_it_does_not_hold(full_outputs: dict[PurePosixPath, Any]) -> None:
    text = _copy(full_outputs, "cuinchy")
    assert "compte" not in text.split("\n", 1)[0]
    assert text.startswith("Le Bassin minier du Nord-Pas de Calais est inscrit au patrimoine mondial de l’UNESCO. Cuinchy est "
                           "liée au Bien par un élément qu’elle partage avec Annequin, Noyelles-lès-Vermelles, Cambrin, Vermelles et Auchy-les-Mines.")
    # The element's line does not say again, as if Cuinchy held it, where else it lies.
    assert "- **Cavalier Annequin – Noyelles-lès-Vermelles – Cambrin – Cuinchy – Vermelles – Auchy-les-Mines** : 8,9 km de long (" in text


def test_a_photo_reaches_the_heritage_page_and_the_public_page_with_its_credit(fixture_site: Site) -> None:
    """The fixture's photo of 87B: on the public page at its display size, in the copied text as the smallest
    derivative at an absolute address (an editor that drops width and height changes nothing), caption and credit
    under it in every form; without the site's address, no photo in the copy (a relative path would break)."""
    from generator.site import plan
    base = "https://exemple.github.io/boite-a-outils/"
    out = plan.render_site(fixture_site, base)
    public = str(out[urls.public_page("sains-en-gohelle")])
    assert "](../photos/sains-en-gohelle/image-de-test-960.jpg){ width=\"480\" height=\"320\" loading=\"lazy\" }" in public
    caption = "*Église Sainte-Marguerite : Image de test de la boîte à outils, à ne pas publier. © Image de test, CC0.*"
    assert caption in public.replace("\u202f", " ")
    copied = _copy(out, "sains-en-gohelle")
    assert f"]({base}photos/sains-en-gohelle/image-de-test-480.jpg)  \n{caption}" in copied
    text = str(out[urls.kit_page("sains-en-gohelle", "page-patrimoine")]).split("````text\n", 1)[1].replace("\u202f", " ")
    assert "\n\nÉglise Sainte-Marguerite : Image de test de la boîte à outils, à ne pas publier. © Image de test, CC0.\n" in text
    local = plan.render_site(fixture_site)
    assert "image-de-test" not in _copy(local, "sains-en-gohelle")
    assert "image-de-test-960.jpg" in str(local[urls.public_page("sains-en-gohelle")])


def test_a_link_for_communes_only_stays_out_of_the_residents_pages(full_outputs: dict[PurePosixPath, Any]) -> None:
    """bien.yml's brand-licence link (« pour: communes ») is in the kit, not in the texts written for residents."""
    licence = "inscription-logos"
    assert licence not in _copy(full_outputs, "lens")
    assert licence not in str(full_outputs[urls.public_page("lens")])
    assert licence in str(full_outputs[urls.kit_page("lens")])


def test_the_public_page_lists_the_rendez_vous_and_the_copied_text_does_not(fixture_outputs: dict[PurePosixPath, Any]) -> None:
    """The public page is rebuilt with the data; the heritage text a commune pastes once is not, so a rendez-vous
    there would stay after its day. The fixture's two rendez-vous (anniversary, heritage weekend), by day."""
    public = fixture_outputs[urls.public_page("sains-en-gohelle")]
    upcoming = public.split("## Les prochains rendez-vous\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split("**")[1] for line in upcoming] == ["Visite de l’école de la cité", "Balade commentée dans la cité nº\u00a010"]
    assert upcoming[0].endswith(": mercredi 30 juin 2027 à 18\u00a0h.")
    assert public.index("## Les prochains rendez-vous") < public.index("## En savoir plus")
    assert "rendez-vous" not in _copy(fixture_outputs, "sains-en-gohelle")


def test_every_element_page_has_a_title_of_its_own(full_outputs: dict[PurePosixPath, Any], site: Site) -> None:
    """353 pages, 353 titles (a browser tab, a search result): Dourges' two « 10 d’Oignies » by their types, Lens' two
    teachers' houses by their codes."""
    titles = {e.code: re.search(r'^title: "(.*)"$', str(full_outputs[urls.element_page(e.slug)]), re.M).group(1)
              for e in site.elements.values()}
    assert len(set(titles.values())) == len(titles) == 353
    assert titles["42F"] == "10 d’Oignies, grand terril moderne (Dourges)"
    assert titles["63Z"] == "Maison d’instituteur (63Z, Lens)"
    assert titles["42A"] == "Fosse 9-9bis (Oignies)"


def test_the_public_page_opens_its_map_at_full_size(fixture_outputs: dict[PurePosixPath, Any]) -> None:
    """On a phone the map shows at a third of its size: a link opens the SVG alone, at its own width."""
    public = fixture_outputs[urls.public_page("sains-en-gohelle")]
    svg = urls.commune_map("sains-en-gohelle")
    assert f"[Voir la carte en grand](../{svg}){{ .bm-carte__agrandir }}" in public
    assert svg in fixture_outputs


def test_a_release_too_long_to_list_names_what_to_see(site: Site, full_outputs: dict[PurePosixPath, Any]) -> None:
    """Lens's 28 elements are counted by type; the release still names three: protected ones with a name of their own
    and a type Lens holds once first (not « Maison syndicale », which only says its type), and says how many are
    protected. Oignies: its Grand site first."""
    from generator.site import heritage
    assert [e.code for e in heritage.highlights(site, site.elements_of("lens"))] == ["64", "68", "63O"]
    assert [e.code for e in heritage.highlights(site, site.elements_of("oignies"))][0] == "42A"
    release = str(full_outputs[urls.kit_page("lens", "communiques")]).replace("\u202f", " ").replace("\u00a0", " ")
    assert "**À découvrir notamment** : Grands bureaux des Mines de Lens ; Gare de Lens ; Église Saint-Édouard." in release
    assert "Parmi eux, 11 sont protégés au titre des monuments historiques." in release
