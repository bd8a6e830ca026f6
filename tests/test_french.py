"""The French of every text the toolbox publishes, checked by Grammalecte (grammalecte-cli, from Debian) and by
a search for « de » before a vowel: the fixture's site and kits, and the whole shipped content (e2e).

Grammalecte is the checker LibreOffice and Firefox use; spelling is off (proper nouns are out of scope).
Its false positives are in tests/grammalecte_autorise.yml, each with its sentence and reason. Where
grammalecte-cli is missing the test is skipped with its reason, unless BM_REQUIRE_GRAMMALECTE=1 (set by .ci/run).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import french
from conftest import E2E_SITE_URL, FullSite
from generator.jobs import Job

MISSING = french.grammalecte_missing()


@pytest.fixture(autouse=True, scope="module")
def _grammalecte() -> None:
    if MISSING:
        if os.environ.get("BM_REQUIRE_GRAMMALECTE") == "1":
            pytest.fail(f"BM_REQUIRE_GRAMMALECTE=1 mais {MISSING}", pytrace=False)
        pytest.skip(MISSING)


def _report(findings: list[french.Finding], where: dict[str, str]) -> str:
    lines = [f"{len(findings)} constats de Grammalecte :"]
    for f in findings[:60]:
        lines.append(f"  {where.get(f.paragraph, '?')} {f}")
    return "\n".join(lines)


def _elisions(texts: dict[str, str]) -> list[str]:
    """Each « de », « le »… left whole before a vowel, in its context."""
    return [f"{rel}: … {p[max(0, m.start() - 40):m.end() + 30]} …"
            for p, rel in texts.items() for m in french.MISSING_ELISION.finditer(p)]


def _texts(*roots: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for root in roots:
        for paragraph, rel in french.texts_of_tree(root).items():
            found.setdefault(paragraph, f"{root.name}/{rel}")
    return found


def test_grammalecte_reads_a_finding_where_there_is_one() -> None:
    """The checker and the reading of outputs catch what they must: a test of the test."""
    findings = french.grammalecte(["Le kit de Oignies compte 1 éléments, depuis la 36e session ; voir « ici »."])
    rules = {f.rule.split("__")[1] if "__" in f.rule else f.rule for f in findings}
    assert {"eleu_élisions_manquantes", "gn_nombre_chiffres_1m", "typo_ordinaux_chiffres_exposants",
            "nbsp_avant_double_ponctuation", "nbsp_après_chevrons_ouvrants"} <= rules
    page = b'<html><head><meta name="generator" content="mkdocs-1"><meta name="description" content="D\xc3\xa9cor : x">' \
           b'</head><body><h1>Titre\xe2\x80\xaf?</h1><p>Un <code>fichier.yml</code> et <em>du</em> texte.</p><pre><code>ignor\xc3\xa9</code></pre></body></html>'
    assert french.html_paragraphs(page, page=True) == ["Décor : x", "Titre\u202f?", "Un fichier.yml et du texte."]
    assert french.unexplained([french.Finding("Code officiel : 8J", "unit_nbsp_avant_unités1", "8J", "", ())]) == []


def test_the_fixture_site_and_kits_read_as_french(fixture_mkdocs: Path) -> None:
    texts = _texts(fixture_mkdocs / "site", fixture_mkdocs / "kits")
    assert len(texts) > 500
    findings = french.unexplained(french.grammalecte(list(texts)))
    assert findings == [], _report(findings, texts)


def _card_texts(outputs: dict) -> dict[str, str]:
    """What the share cards say (drawn into images, so read from their jobs): title, label above it, fact lines."""
    found: dict[str, str] = {}
    for path, value in outputs.items():
        if isinstance(value, Job) and value.kind == "carte":
            params = dict(value.params)
            for text in (params["surtitre"], params["titre"], *params["lignes"]):
                found.setdefault(text, f"carte {path}")
    return found


def test_the_fixture_cards_read_as_french(fixture_outputs: dict) -> None:
    texts = _card_texts(fixture_outputs)
    assert len(texts) > 5
    assert _elisions(texts) == []
    findings = french.unexplained(french.grammalecte(list(texts)))
    assert findings == [], _report(findings, texts)


def test_no_de_before_a_vowel_in_the_fixture(fixture_mkdocs: Path) -> None:
    texts = _texts(fixture_mkdocs / "site", fixture_mkdocs / "kits")
    assert _elisions(texts) == []


@pytest.mark.e2e
def test_the_whole_site_reads_as_french(full_site: FullSite, published_outputs: dict) -> None:
    """Every distinct paragraph of the shipped content's site and kits, and every share card's text (Word files
    and ZIPs are checked on the fixture, where they are made for real: here they are empty stand-ins)."""
    assert full_site.mkdocs.returncode == 0, full_site.mkdocs.stderr
    # The tests serve the site on a local port: its number is no French to check.
    texts = {p.replace(E2E_SITE_URL, "https://boite-a-outils.exemple.fr/"): rel
             for p, rel in _texts(full_site.site_dir, full_site.kits).items()}
    for text, where in _card_texts(published_outputs).items():
        texts.setdefault(text, where)
    assert len(texts) > 10_000
    assert _elisions(texts) == []
    findings = french.unexplained(french.grammalecte(list(texts)))
    assert findings == [], _report(findings, texts)
