"""The toolbox's words: French typography, numbers and dates, escaping for Markdown, and the labels, names
and recurring sentences every output uses (pages, snippets, embeds, structured data, Word, cards, feeds).
Pure functions, plain text in and out unless a name says Markdown (md…)."""

from __future__ import annotations

import collections
import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from generator.content.model import ELIDING, Names

if TYPE_CHECKING:
    from generator.content.model import Commune, Element, Property, RendezVous

NNBSP = "\u202f"
"""The narrow no-break space of French punctuation, on the toolbox's own pages."""
NBSP = "\u00a0"
"""The no-break space of French punctuation in what goes elsewhere (snippets, embeds, structured data):
U+202F (narrow) is missing from many CMS themes' fonts."""
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")

_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
"""Backslash-escaped in Markdown: emphasis, code, links, and braces (an attribute list « {: onfocus=… } » would
give the element live attributes)."""


_NUMERO = re.compile(r"\b[nN][°º]\s*(?=\d)")


def _numero(s: str) -> str:
    """« nº 10 »: the ordinal indicator and a no-break space (most texts have no « n° »: not scanned)."""
    return _NUMERO.sub(lambda m: m.group(0)[0] + "º" + NBSP, s) if "°" in s or "º" in s else s
_ORDINAL = re.compile(r"\b(\d+|[IVXLC]{2,}|[IVX])e\b(?=[ \u00a0\u202f]+(?:siècle|session|arrondissement|rang|étage|édition|anniversaire|millénaire)s?\b)")
_DASH = re.compile(r"(?<=\S) - (?=\S)")
_FIRST = re.compile(r"\b1er\b")
_ELISION = re.compile(r"(?<![\w’'-])([Dd])e (?=[AEIOUYÂÉÈÊÎÔÛ])")
"""« groupe de Oignies » in a GIS layer's field: « de » before a capital vowel (a proper noun) elides.
An h is left alone: an h aspiré would be wrong, and the names are in content/noms.yml."""


@functools.lru_cache(maxsize=1 << 16)
def typo(s: str) -> str:
    """French typography of a data string (a name, a note, a field the Mission typed):
    typographic apostrophe; « nº » before a number, as the Lexique de l’Imprimerie nationale writes it
    (the degree sign « n° » is read as a letter by checkers); « 36ᵉ session », « XVIIIᵉ siècle »;
    « 1ᵉʳ janvier »; « d’Oignies » for « de Oignies »; an en dash, not a hyphen, between spaces (« CA de Lens – Liévin »).
    Kept per string: the same names are set in thousands of places, and five patterns per call were a third of rendering."""
    s = s.replace("'", "’")
    s = _numero(s)
    s = _ORDINAL.sub(r"\1ᵉ", _FIRST.sub("1ᵉʳ", s))
    s = _ELISION.sub(r"\1’", s)
    return _DASH.sub(" – ", s)


def _entities(s: object) -> str:
    return typo(str(s)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md(s: object) -> str:
    """Escape a data string for Markdown: hostile HTML shows as text, never as markup."""
    return _md(str(s))


@functools.lru_cache(maxsize=1 << 16)
def _md(s: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", _entities(s))
    # Line breaks and runs of spaces become one space; no-break spaces stay (str.split() would take them too).
    return _SPACES.sub(" ", text).strip()


def md_url(url: object) -> str:
    """A checked web address (content/check.py, web_address) as a Markdown link's target: every character a link
    cannot hold as it is (brackets, parentheses, quotes, spaces, < >, non-ASCII letters) percent-encoded."""
    return quote(str(url), safe=":/?#@!$&*+,;=%~-._")


def plain(markdown_line: str) -> str:
    """Undo md() for plain text (a title in a .txt file): no backslash escapes, no entities."""
    unescaped = re.sub(r"\\(.)", r"\1", markdown_line)
    return unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def shown_url(url: str) -> str:
    """An address as a link text shows it: no scheme, no final slash (« www.missionbassinminier.org »)."""
    return url.split("://", 1)[-1].rstrip("/")


def point(s: str) -> str:
    """End a sentence with a full stop, unless it already ends with a punctuation mark."""
    s = s.rstrip()
    return s if not s or s[-1] in ".!?…" else s + "."


def md_text(s: object) -> str:
    """Escape a multi-paragraph text field, keeping its paragraphs (blank lines)."""
    paragraphs = re.split(r"\n\s*\n", str(s).strip())
    return "\n\n".join(md(p) for p in paragraphs if p.strip())


def md_attr(s: object) -> str:
    """Escape a data string for a double-quoted YAML front-matter value."""
    # Material prints page titles unescaped in <title>: markup in a name must arrive as entities.
    return _entities(s).replace("\\", "\\\\").replace('"', "&quot;").replace("\n", " ")


def nombre(n: float | int, decimals: int = 0) -> str:
    """Format a number the French way: 3 943 ; 0,18 (integers lose no digit, others keep `decimals`)."""
    body = f"{int(n):,}" if decimals == 0 and float(n).is_integer() else f"{n:,.{decimals or 2}f}"
    return body.replace(",", NNBSP).replace(".", ",")


def longueur(metres: int) -> str:
    """« 850 m », « 10,5 km » (10 450 m: rounded half up, as one reads it, not to the float below), « 3 km »."""
    if metres < 1000:
        return f"{nombre(metres)}{NNBSP}m"
    km = (Decimal(metres) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{nombre(int(km)) if km == km.to_integral_value() else nombre(float(km), 1)}{NNBSP}km"


def address_line(line: str) -> str:
    """A line of a postal address: the postal code and its commune kept together (« 62160 Aix-Noulette »)."""
    return re.sub(r"^([0-9]{5}) ", "\\1" + NBSP, typo(line))


def date_fr(d: dt.date, year: bool = True) -> str:
    """Return « 30 juin 2012 » (1ᵉʳ for the first of the month)."""
    day = "1ᵉʳ" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}" if year else f"{day} {MONTHS[d.month - 1]}"


WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def rendez_vous_when(r: "RendezVous") -> str:
    """« samedi 18 septembre 2027 à 14 h 30 »: the day in full, as a release announces it, then the time if given.
    Plain text: the time's spaces are no-break (« 14 h 30 » stays on one line)."""
    day = f"{WEEKDAYS[r.date.weekday()]} {date_fr(r.date)}"
    if not r.heure:
        return day
    hours, minutes = _clock(r.heure)
    return f"{day} à {hours}{NBSP}h" + (f"{NBSP}{minutes}" if minutes else "")  # « 9 h 05 », not « 09 h 05 »


def rendez_vous_order(r: "RendezVous") -> tuple[dt.date, int, int]:
    """By day, then time (« 9 h » before « 14 h »); a rendez-vous with no time first on its day."""
    hours, minutes = _clock(r.heure) if r.heure else (-1, "")
    return r.date, hours, int(minutes or 0)


def _clock(heure: str) -> tuple[int, str]:
    """« 14 h 30 » (the record's pattern, content/schema.py): the hour as a number, the minutes as typed (or "")."""
    hours, _, minutes = heure.partition(" h")
    return int(hours), minutes.strip()


def pluriel(n: int, singular: str, plural: str | None = None) -> str:
    """Return « 1 élément », « 3 éléments », the number and its noun on one line (a phone broke « 1 / cavalier »)."""
    return f"{nombre(n)}{NBSP}{singular if n == 1 else (plural or singular + 's')}"


NUMBERS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def en_lettres(n: int) -> str:
    """Spell out the small numbers French prose writes in letters (« cinq Grands sites »), digits above ten."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def combien(n: int, singular: str, plural: str | None = None) -> str:
    """A count in a sentence: « un élément », « sept éléments », « 28 éléments » (a masculine noun)."""
    return f"{en_lettres(n) if n <= 10 else nombre(n)}{NBSP if n > 10 else ' '}{singular if n == 1 else (plural or singular + 's')}"


def liste(items: list[str]) -> str:
    """Join as French prose: « a, b et c »."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


_SPACE_PUNCT = re.compile(r"(?<=[^\s|(\[]) ([;:!?»])(?=[\s*_).,;:!?\]]|$)", re.M)
_OPEN_QUOTE = re.compile(r"« ")
_UNIT = re.compile(r" (?=(?:%|‰|(?:mm|cm|km|m²|km²|px|pixels?|dpi|ha|hectares?|Mo|ko|Go|kg|€|points?|ans|m)\b))(?<=[0-9] )")
"""A number and its unit stay on one line: « 35 mm », « 186 m », « 13 % », « 1 200 pixels ». (It starts with the space, and looks
back for the digit last: over a whole page, four times faster than a look-behind first.)"""


def french_spacing(text: str) -> str:
    """Put a narrow no-break space before ; : ! ? » and after «, outside code blocks."""
    if "```" in text:
        parts = re.split(r"(^```.*?^```[^\n]*$)", text, flags=re.S | re.M)
        return "".join(p if i % 2 else french_spacing(p) for i, p in enumerate(parts))
    text = _UNIT.sub(NNBSP, _SPACE_PUNCT.sub(NNBSP + r"\1", text))
    return _numero(_OPEN_QUOTE.sub("«" + NNBSP, text))


_SPACE_BEFORE = re.compile(r"(?<=\S)[ \u202f]([;:!?»])")
_AFTER_OPENING = re.compile(r"«[ \u202f]")


def french(s: object) -> str:
    """French typography for one text that leaves the toolbox (snippets, embeds, structured data):
    typographic apostrophe, no-break space (U+00A0) before ; : ! ? » and after «, and after n°."""
    out = _UNIT.sub(NBSP, _SPACE_BEFORE.sub(NBSP + r"\1", typo(str(s))))
    return _AFTER_OPENING.sub("«" + NBSP, out).replace(NNBSP, NBSP)


PROTECTION = {
    # a record's « protection » value (content/schema.py, PROTECTIONS) -> what the pages say
    # The Code du patrimoine's own words, as nouns (they follow any element, whatever its gender): « monument
    # historique inscrit » beside « inscrit au patrimoine mondial » read as if the UNESCO inscription were meant.
    "Classé MH": "classement au titre des monuments historiques",
    "Inscrit MH": "inscription au titre des monuments historiques",
    "Inscrit MH et AVAP": "inscription au titre des monuments historiques, dans une aire de mise en valeur de l’architecture et du patrimoine (AVAP)",
    "Situé en abords MH": "dans les abords d’un monument historique",
    "non": "aucune protection au titre des monuments historiques",
}
"""What each protection value of the records means, in words."""


# --- Elements and communes: one label, one name, wherever they are shown ---------------------

def capital(s: str) -> str:
    """The first letter in capitals, the rest as it is (« cité minière » → « Cité minière »)."""
    return s[:1].upper() + s[1:]


ADJECTIVE_SUBTYPES = frozenset({"Conique", "Plat", "Tronqué"})
"""Subtypes of types.yml that are adjectives (a terril's shape): they follow their type's noun (« terril plat »); the
others are nouns of their own (« cité minière, cité jardin »)."""


def type_label(e: "Element", sous_types: dict[str, str]) -> str:
    """« terril conique », « cité minière, cité jardin », « grand terril moderne »: the element's type, with its subtype
    when types.yml defines it; a subtype that names the type already stands alone. Plain text: each output escapes it
    for its context."""
    sub = subtype(e, sous_types)
    if not sub:
        return e.type
    if e.sous_type in ADJECTIVE_SUBTYPES:
        return f"{e.type} {sub}"
    return sub if e.type.lower() in sub else f"{e.type}, {sub}"


def subtype(e: "Element", sous_types: dict[str, str]) -> str:
    """The element's subtype in lower case, when types.yml defines it and the type does not already say it; else ""."""
    return e.sous_type.lower() if e.sous_type in sous_types and e.sous_type.lower() not in e.type.lower() else ""


def display_names(elements: "list[Element]", sous_types: dict[str, str]) -> dict[str, str]:
    """Name each element of one list. Every list shows an element's type beside its name (type_label), so a name the
    list holds twice gets its code only when the type says the same too: « Maison d’instituteur (63Z) », but « Mare à
    Goriaux », terril, and « Mare à Goriaux », étang d’affaissement. Plain text, by element code."""
    keys = {e.code: (e.nom, type_label(e, sous_types)) for e in elements}
    counts = collections.Counter(keys.values())
    return {e.code: e.nom + (f" ({e.code})" if counts[keys[e.code]] > 1 else "") for e in elements}


def element_title(e: "Element", held: "list[Element]", sous_types: dict[str, str], commune: str) -> str:
    """An element page's title, unique in the site: « Fosse 9-9bis (Oignies) »; with its type when its commune holds
    another of that name (« 10 d’Oignies, terril plat (Dourges) »), with its code when the type is the same too
    (« Maison d’instituteur (63Z, Lens) »). `held`: the elements of the commune that holds it. Plain text."""
    same = [o for o in held if o.nom == e.nom and o.code != e.code]
    if not same:
        return f"{e.nom} ({commune})"
    label = type_label(e, sous_types)
    if any(type_label(o, sous_types) == label for o in same):
        return f"{e.nom} ({e.code}, {commune})"
    return f"{e.nom}, {label} ({commune})"


# --- Proper names in a sentence: « d’Oignies », « au 9-9bis », « du Centre historique minier » ---------

NO_NAMES = Names()
_OF = {"le": "du ", "les": "des ", "la": "de la ", "l’": "de l’"}
_AT = {"le": "au ", "les": "aux ", "la": "à la ", "l’": "à l’"}
_THE = {"le": "le ", "les": "les ", "la": "la ", "l’": "l’"}


def _before_name(nom: str, noms: Names, with_article: dict[str, str], le: str, les: str, plain: str) -> str:
    """A preposition before a name: contracted with the name's article (noms.yml, or « Le »/« Les » in it), or plain."""
    article = noms.articles.get(nom)
    if article:
        return with_article[article] + nom
    if nom.startswith("Le "):
        return le + nom[3:]
    if nom.startswith("Les "):
        return les + nom[4:]
    return plain + nom


def de(nom: str, noms: Names = NO_NAMES) -> str:
    """« de Lens », « d’Oignies », « d’Hénin-Beaumont », « du Portel », « du Centre historique minier de Lewarde »."""
    elided = nom.startswith(ELIDING) and nom not in noms.sans_elision
    return _before_name(nom, noms, _OF, "du ", "des ", "d’" if elided else "de ")


def commune_title(commune: Commune) -> str:
    """The title of a commune's heritage page and of its first release: « Lens, commune du Bassin minier Patrimoine
    mondial ». A commune only named or crossed by the property is not called one (its kit says it is probably not
    among the official communes): « Cuinchy et le Bassin minier Patrimoine mondial »."""
    if commune.lien == "direct":
        return f"{commune.nom}, commune du Bassin minier Patrimoine mondial"
    return f"{commune.nom} et le Bassin minier Patrimoine mondial"


def que(nom: str, noms: Names = NO_NAMES) -> str:
    """« que Lens », « qu’Aix-Noulette », « que la Base 11/19 »: the conjunction before a name."""
    article = noms.articles.get(nom)
    if article:
        return "que " + _THE[article] + nom
    if nom.startswith(ELIDING) and nom not in noms.sans_elision:
        return "qu’" + nom
    return "que " + nom


def at(nom: str, noms: Names = NO_NAMES) -> str:
    """« à Lens », « au Portel », « aux Attaques », « au 9-9bis »: the preposition before a name."""
    return _before_name(nom, noms, _AT, "au ", "aux ", "à ")


def the(nom: str, noms: Names = NO_NAMES) -> str:
    """A name as the subject or object of a sentence: « le 9-9bis », « Lens »."""
    article = noms.articles.get(nom)
    return _THE[article] + nom if article else nom


def names_place(name: str, place: str) -> bool:
    """« Centre historique minier de Lewarde » names Lewarde; « … de Noyelles-sous-Lens » does not name Lens."""
    return re.search(rf"(?<![\w-]){re.escape(place)}(?![\w-])", name) is not None


def is_its_type(e: "Element") -> bool:
    """A name that is only its type (« Presbytère », « Gare »): it tells a reader nothing more."""
    return e.nom.strip().lower() == e.type.strip().lower()


def says_its_type(e: "Element", sous_types: dict[str, str]) -> bool:
    """A name that already says what the element is (« Gare de Lens », « Église Sainte-Marguerite »): a list need not
    follow it with its type."""
    return type_label(e, sous_types).lower() in e.nom.lower()


def link_label(e: "Element", sous_types: dict[str, str], commune: "Commune", names: dict[str, str]) -> str:
    """An element as one link text that says what it is out of context: « Renard, terril conique ».

    A name that is its type (« Presbytère », « Gare ») gets the commune instead: « Presbytère à Lens ».
    `names` are the list's display names (display_names)."""
    if is_its_type(e):
        return f"{names[e.code]} {at(commune.nom)}"
    return f"{names[e.code]}, {type_label(e, sous_types)}"


def inscribed_since(bien: "Property") -> str:
    """« inscrit sur la Liste du patrimoine mondial de l’UNESCO depuis le 30 juin 2012 »."""
    return f"inscrit sur la Liste du patrimoine mondial de l’UNESCO depuis le {date_fr(bien.date_inscription)}"


def stamp(version: dt.date) -> str:
    """« Informations à jour au 25 novembre 2026 »: the data's date, on every snippet."""
    return f"Informations à jour au {date_fr(version)}"


def element_where(e: "Element", communes: "dict[str, Commune]") -> str:
    """« à Lens », « sur Loos-en-Gohelle et Lens »: the communes of an element."""
    names = liste([communes[s].nom for s in e.communes])
    return f"à {names}" if len(e.communes) == 1 else f"sur {names}"


def element_summary(e: "Element", sous_types: dict[str, str], bien: "Property") -> str:
    """« Terril, conique, élément 8A du Bassin minier…, inscrit sur la Liste… »: what the element page opens with."""
    return (f"{capital(type_label(e, sous_types))}, élément {e.code} du {bien.nom}, "
            "inscrit sur la Liste du patrimoine mondial de l’UNESCO.")


def commune_sentence(bien: "Property", commune: "Commune") -> str:
    """The one sentence every snippet says, from bien.yml's facts and the commune's record."""
    if commune.lien == "faible" and commune.note_lien.strip():
        # A commune only named or crossed does not "belong" to the property: say what ties it.
        return f"Le {bien.nom} est {inscribed_since(bien)}. {commune.nom} est {commune.note_lien.strip().rstrip('.')}."
    return f"{commune.nom} fait partie du {bien.nom}, {inscribed_since(bien)}."


def commune_count(bien: "Property", commune: "Commune", n: int) -> str:
    """« Lens compte 28 éléments du Bassin minier…, inscrit… » (without its final punctuation). A commune only named
    or crossed by the property holds none on its territory (its heritage page and releases say so): « Aix-Noulette est
    liée au Bassin minier…, inscrit…, par un élément qu’elle partage avec d’autres communes »."""
    if commune.lien != "direct":
        return (f"{commune.nom} est liée au {bien.nom}, {inscribed_since(bien)}, par {combien(n, 'élément')} qu’elle "
                "partage avec d’autres communes")
    return f"{commune.nom} compte {pluriel(n, 'élément')} du {bien.nom}, {inscribed_since(bien)}"


def discover_link(commune: "Commune", n: int) -> str:
    """Where the kit link leads, meaningful out of context (a screen reader's list of links)."""
    if n == 1:
        return f"Découvrir l’élément du patrimoine mondial {at(commune.nom)}"
    return f"Découvrir les {nombre(n)} éléments du patrimoine mondial {at(commune.nom)}"


def heritage_heading(commune: "Commune") -> str:
    """« Le patrimoine mondial à Lens »: the card's heading and the live card's title."""
    return f"Le patrimoine mondial {at(commune.nom)}"
