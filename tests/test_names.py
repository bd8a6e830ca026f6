"""Proper names in sentences (site/wording.py: de, at, the) and their exceptions and display forms (content/noms.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE, copy_content, tree_digest
from generator import pipeline
from generator.content.model import Names
from generator.errors import ContentErrors
from generator.site import wording

NAMES = Names(frozenset({"Haisnes"}), {"Centre historique minier de Lewarde": "le", "Base 11/19": "la",
                                        "Attaques": "les", "Arena": "l’"})


@pytest.mark.parametrize("name, of, at, the", [
    ("Lens", "de Lens", "à Lens", "Lens"),
    ("Oignies", "d’Oignies", "à Oignies", "Oignies"),
    ("Évin-Malmaison", "d’Évin-Malmaison", "à Évin-Malmaison", "Évin-Malmaison"),
    ("Hénin-Beaumont", "d’Hénin-Beaumont", "à Hénin-Beaumont", "Hénin-Beaumont"),
    ("Haisnes", "de Haisnes", "à Haisnes", "Haisnes"),  # listed: h aspiré
    ("Le Portel", "du Portel", "au Portel", "Le Portel"),
    ("Les Attaques", "des Attaques", "aux Attaques", "Les Attaques"),
    ("La Sentinelle", "de La Sentinelle", "à La Sentinelle", "La Sentinelle"),
    ("Centre historique minier de Lewarde", "du Centre historique minier de Lewarde",
     "au Centre historique minier de Lewarde", "le Centre historique minier de Lewarde"),
    ("Base 11/19", "de la Base 11/19", "à la Base 11/19", "la Base 11/19"),
    ("Attaques", "des Attaques", "aux Attaques", "les Attaques"),
    ("Arena", "de l’Arena", "à l’Arena", "l’Arena"),
])
def test_names_in_a_sentence(name: str, of: str, at: str, the: str) -> None:
    assert (wording.de(name, NAMES), wording.at(name, NAMES), wording.the(name, NAMES)) == (of, at, the)


@pytest.mark.parametrize("name, that", [("Lens", "que Lens"), ("Aix-Noulette", "qu’Aix-Noulette"), ("Haisnes", "que Haisnes"),
                                        ("Base 11/19", "que la Base 11/19"), ("Arena", "que l’Arena")])
def test_que_before_a_name(name: str, that: str) -> None:
    assert wording.que(name, NAMES) == that


def _content(tmp_path: Path, noms: str) -> Path:
    content = copy_content(FIXTURE, tmp_path / "content")
    (content / "noms.yml").write_text(noms, encoding="utf-8")
    return content


def test_a_display_form_replaces_the_name_everywhere_but_the_official_data(tmp_path: Path) -> None:
    content = _content(tmp_path, "affichage:\n- officiel: Église Sainte-Marguerite\n  affiche: Église Sainte-Marguerite d’Antioche\n"
                                 "  raison: essai\narticles:\n- nom: Église Sainte-Marguerite d’Antioche\n  article: l’\n")
    site = pipeline.validate(content)
    e = site.elements["87B"]
    assert (e.nom, e.official_name) == ("Église Sainte-Marguerite d’Antioche", "Église Sainte-Marguerite")
    assert site.noms.articles == {"Église Sainte-Marguerite d’Antioche": "l’"}
    out = tmp_path / "kits"
    pipeline.build(content, out, tmp_path / "cache")
    texts = {rel: (out / rel).read_text(encoding="utf-8") for rel in tree_digest(out) if rel.endswith((".md", ".txt", ".csv"))}
    shown = [rel for rel, text in texts.items() if "Sainte-Marguerite d’Antioche" in text]
    assert "elements/87b.md" in shown and "communes/sains-en-gohelle/page-patrimoine.md" in shown
    old = [rel for rel, text in texts.items() if "Sainte-Marguerite\n" in text or "Sainte-Marguerite :" in text
           or "Sainte-Marguerite," in text]
    assert old == ["donnees/elements.csv"]  # the official name, in its own column
    assert "87B,Église Sainte-Marguerite d’Antioche,Église Sainte-Marguerite," in texts["donnees/elements.csv"]


@pytest.mark.parametrize("noms, line, message", [
    ("affichage:\n- officiel: Eglise Sainte-Marguerite\n  affiche: Église\n", 2,
     "affichage[1], champ « officiel » : « Eglise Sainte-Marguerite » n’est le nom d’aucun élément ni d’aucune partie constitutive"),
    ("sans_elision:\n- Aix-Noulete\n", 2, "sans_elision[1] : « Aix-Noulete » n’est le nom d’aucune commune"),
    ("sans_elision:\n- Sains-en-Gohelle\n", 2, "sans_elision[1] : « Sains-en-Gohelle » ne commence ni par une voyelle ni par un h"),
    ("articles:\n- nom: Base 11/19\n  article: le\n", 2, "articles[1], champ « nom » : « Base 11/19 » n’est le nom d’aucune commune"),
    ("articles:\n- nom: Cité n°10 de Béthune\n  article: un\n", 3, "champ « article »"),
    ("article:\n- nom: Cité n°10 de Béthune\n", 1, "champ « article » : champ inconnu"),
])
def test_noms_yml_names_only_what_the_records_hold(tmp_path: Path, noms: str, line: int, message: str) -> None:
    with pytest.raises(ContentErrors) as caught:
        pipeline.validate(_content(tmp_path, noms))
    errors = [str(e) for e in caught.value.errors]
    assert len(errors) == 1 and errors[0].startswith(f"content/noms.yml:{line}:") and message in errors[0], errors
