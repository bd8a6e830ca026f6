"""French typography of data strings and numbers (site/wording.py): what every output shows."""

from __future__ import annotations

import pytest

from generator.site import wording

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("typed, shown", [
    ("Cité n°10 de Béthune", f"Cité nº{NBSP}10 de Béthune"),
    ("Fosse N° 9", f"Fosse Nº{NBSP}9"),
    ("la 36e session", "la 36ᵉ session"),
    ("fin du XVIIIe siècle", "fin du XVIIIᵉ siècle"),
    ("le 1er janvier 2017", "le 1ᵉʳ janvier 2017"),
    ("CA de Lens - Liévin", "CA de Lens – Liévin"),
    ("Compagnie des mines d'Ostricourt (groupe de Oignies)", "Compagnie des mines d’Ostricourt (groupe d’Oignies)"),
    ("Cité des 3e et 4e", "Cité des 3e et 4e"),  # not an ordinal before a known noun: left as typed
    ("Fosse 2 de Haillicourt", "Fosse 2 de Haillicourt"),  # an h: left to content/noms.yml
    ("Saint-Pierre-lez-Aire", "Saint-Pierre-lez-Aire"),
])
def test_typo(typed: str, shown: str) -> None:
    assert wording.typo(typed) == shown


@pytest.mark.parametrize("metres, shown", [(850, "850 m"), (1000, "1 km"), (10_450, "10,5 km"), (10_449, "10,4 km"),
                                           (12_345, "12,3 km")])
def test_lengths(metres: int, shown: str) -> None:
    assert wording.longueur(metres) == shown.replace(" ", NNBSP)


def test_units_and_punctuation_keep_to_their_number() -> None:
    page = wording.french_spacing("Une image de 1 200 × 630 pixels, 35 mm de haut, 13 % des sites ; « la marque ».\n")
    assert page == (f"Une image de 1 200 × 630{NNBSP}pixels, 35{NNBSP}mm de haut, 13{NNBSP}% des sites{NNBSP}; "
                    f"«{NNBSP}la marque{NNBSP}».\n")


def test_press_releases_are_dated_for_their_next_occasion() -> None:
    """The date line follows the data's date, never the build's: the next 30 June, JEP Saturday or 4 December."""
    import datetime as dt
    from generator.content.occasions import heritage_days, occasion_date
    # The Journées européennes du patrimoine as they were held: the third Saturday of September.
    assert [heritage_days(y) for y in (2023, 2024, 2025)] == [dt.date(2023, 9, 16), dt.date(2024, 9, 21), dt.date(2025, 9, 20)]
    inscription = dt.date(2012, 6, 30)
    data = dt.date(2026, 11, 25)
    assert occasion_date("sainte-barbe", data, inscription) == dt.date(2026, 12, 4)
    assert occasion_date("anniversaire-inscription", data, inscription) == dt.date(2027, 6, 30)
    assert occasion_date("journees-du-patrimoine", data, inscription) == dt.date(2027, 9, 18)
    assert occasion_date("commune-patrimoine-mondial", data, inscription) == data
    # On the day itself, that day.
    assert occasion_date("sainte-barbe", dt.date(2026, 12, 4), inscription) == dt.date(2026, 12, 4)
    assert occasion_date("journees-du-patrimoine", dt.date(2026, 9, 19), inscription) == dt.date(2026, 9, 19)


def test_a_release_is_dated_ten_days_before_its_occasion_never_before_the_data() -> None:
    """What newsrooms need to announce it; the data's date when the occasion is nearer than that."""
    import datetime as dt
    from generator.content.occasions import release_date
    inscription, data = dt.date(2012, 6, 30), dt.date(2026, 11, 25)
    assert release_date("journees-du-patrimoine", data, inscription) == dt.date(2027, 9, 8)
    assert release_date("anniversaire-inscription", data, inscription) == dt.date(2027, 6, 20)
    assert release_date("sainte-barbe", data, inscription) == data  # the 4 December is nine days away
    assert release_date("sainte-barbe", dt.date(2026, 11, 1), inscription) == dt.date(2026, 11, 24)
    assert release_date("commune-patrimoine-mondial", data, inscription) == data


def test_rendez_vous_are_announced_by_day_and_time() -> None:
    """« samedi 18 septembre 2027 à 14 h 30 »; 9 h before 14 h (not as text), a rendez-vous without a time first."""
    import datetime as dt
    from generator.content.model import RendezVous
    day = dt.date(2027, 9, 18)
    later, early, untimed = RendezVous("x", day, "a", "14 h 30"), RendezVous("x", day, "b", "9 h"), RendezVous("x", day, "c")
    assert wording.rendez_vous_when(later) == "samedi 18 septembre 2027 à 14\u00a0h\u00a030"
    assert wording.rendez_vous_when(untimed) == "samedi 18 septembre 2027"
    assert wording.rendez_vous_when(RendezVous("x", day, "f", "09 h 05")) == "samedi 18 septembre 2027 à 9\u00a0h\u00a005"
    assert wording.rendez_vous_when(RendezVous("x", dt.date(2027, 9, 1), "d")) == "mercredi 1ᵉʳ septembre 2027"
    sunday = RendezVous("x", dt.date(2027, 9, 19), "e", "8 h")
    assert sorted([sunday, later, early, untimed], key=wording.rendez_vous_order) == [untimed, early, later, sunday]


def test_what_a_release_announces_runs_from_its_date_line_to_the_occasion_s_end() -> None:
    import datetime as dt
    from generator.content.occasions import announced_between
    inscription, data = dt.date(2012, 6, 30), dt.date(2026, 11, 25)
    assert announced_between("journees-du-patrimoine", data, inscription) == (dt.date(2027, 9, 18), dt.date(2027, 9, 19))
    assert announced_between("sainte-barbe", data, inscription) == (data, dt.date(2026, 12, 31))
    # From the date line, ten days before the day (or the data's date when later), to the occasion's end.
    assert announced_between("sainte-barbe", dt.date(2026, 11, 1), inscription) == (dt.date(2026, 11, 24), dt.date(2026, 12, 31))
    assert announced_between("anniversaire-inscription", data, inscription) == (dt.date(2027, 6, 20), dt.date(2027, 7, 31))
    assert announced_between("commune-patrimoine-mondial", data, inscription) == (data, dt.date(2027, 11, 25))


def test_a_name_gets_its_code_only_when_its_type_says_the_same_too() -> None:
    """Raismes' Mare à Goriaux, a terril and a pond: told apart by their types, no code. Lens' two teachers' houses, same
    name and type: their codes. Dourges' two « 10 d'Oignies » terrils: their subtypes (types.yml) tell them apart."""
    from generator.content.model import Element

    def e(code: str, nom: str, type_: str, sous_type: str = "") -> Element:
        return Element(code, "1360-015", nom, type_, 50.4, 3.4, "raismes", sous_type)

    sous_types = {"Plat": "…", "Grand terril moderne": "…"}
    names = wording.display_names([e("15B", "Mare à Goriaux", "terril", "Plat"), e("15C", "Mare à Goriaux", "étang"),
                                   e("63Z", "Maison d'instituteur", "logement d'instituteur"),
                                   e("63AA", "Maison d'instituteur", "logement d'instituteur"),
                                   e("42F", "10 d'Oignies", "terril", "Grand terril moderne"), e("42G", "10 d'Oignies", "terril", "Plat")],
                                  sous_types)
    assert names == {"15B": "Mare à Goriaux", "15C": "Mare à Goriaux", "63Z": "Maison d'instituteur (63Z)",
                     "63AA": "Maison d'instituteur (63AA)", "42F": "10 d'Oignies", "42G": "10 d'Oignies"}


def test_a_grand_site_names_its_commune_only_as_a_whole_name() -> None:
    assert wording.names_place("Centre historique minier de Lewarde", "Lewarde")
    assert not wording.names_place("Musée de Noyelles-sous-Lens", "Lens")
    assert not wording.names_place("Lensois", "Lens")
    assert wording.names_place("Cité de Loos-en-Gohelle", "Loos-en-Gohelle")
