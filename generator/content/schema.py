"""The record format, declared once: validation and the editors' JSON Schema both read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.content import occasions

HEX = r"^#[0-9A-Fa-f]{6}$"

LAT_RANGE = (50.25, 50.65)
LON_RANGE = (2.2, 3.7)
"""A generous box around the Mining Basin (elements lie within 50.31–50.59 N, 2.30–3.62 E)."""


MAX_LENGTH = {"code": 20, "choice": 100, "str": 300, "text": 5000, "url": 2000, "email": 254, "path": 255}
"""The longest value of each kind (in characters): ten times the longest of content/ or more, short enough
for a share card, a lockup or a press release to lay it out in a moment. Field.max_length overrides it."""


@dataclass(frozen=True)
class Field:
    """One field of a record: its French name, its kind and its documentation."""

    name: str
    kind: str
    """str, text, int, number, bool, date, url, email, path, code, choice, list, map."""
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str = ""
    pattern_hint: str = ""
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    """The longest value, in characters; MAX_LENGTH for its kind when None."""
    items: "Field | None" = None
    fields: tuple["Field", ...] = ()
    editorial: bool = False
    """Written by hand; the importer never overwrites it."""


def f(name: str, kind: str, doc: str, **kw: Any) -> Field:
    return Field(name, kind, doc, **kw)


def mapping(name: str, doc: str, fields: tuple[Field, ...], **kw: Any) -> Field:
    return Field(name, "map", doc, fields=fields, **kw)


def list_of(name: str, doc: str, item: Field, **kw: Any) -> Field:
    return Field(name, "list", doc, items=item, **kw)


PHOTO = mapping("photo", "Une photographie de l’élément ou de la commune.", (
    f("fichier", "path", "Chemin de l’image, relatif au dossier content/ (par exemple photos/lens/fosse-11.jpg).", required=True),
    f("alt", "str", "Texte alternatif : ce que montre l’image, pour les personnes qui ne la voient pas.", required=True),
    f("credit", "str", "Auteur ou détenteur des droits, tel qu’il doit être cité.", required=True),
    f("licence", "str", "Licence de réutilisation (par exemple CC BY-SA 4.0) ou « tous droits réservés, usage accordé ».", required=True),
    f("legende", "str", "Légende affichée sous l’image."),
))

CONTACT = mapping("contact_presse", "Contact presse de la commune, repris dans les communiqués.", (
    f("nom", "str", "Nom de la personne ou du service.", required=True, max_length=80),
    f("fonction", "str", "Fonction ou service (par exemple Service communication).", max_length=80),
    f("courriel", "email", "Adresse électronique.", max_length=80),
    f("telephone", "str", "Numéro de téléphone, au format 03 21 00 00 00.", pattern=r"^\+?[0-9 .]{10,20}$", pattern_hint="chiffres et espaces, par exemple 03 21 00 00 00"),
), editorial=True)

QUOTE = mapping("citation_maire", "Une citation du maire, reprise dans les communiqués.", (
    f("texte", "text", "La citation, sans guillemets : deux ou trois phrases (le communiqué tient sur une page).", required=True,
      max_length=400),
    f("auteur", "str", "Prénom et nom.", required=True, max_length=80),
    f("fonction", "str", "Par exemple « Maire de Lens ».", max_length=80),
), editorial=True)

RENDEZ_VOUS = mapping("rendez_vous", "Un rendez-vous que la commune organise, annoncé dans le communiqué de son occasion.", (
    f("occasion", "choice", "Le communiqué qui l’annonce, par le nom de son fichier : journees-du-patrimoine, "
      "anniversaire-inscription, sainte-barbe, ou commune-patrimoine-mondial pour un événement de la commune.",
      required=True, choices=tuple(occasions.RELEASES)),
    f("date", "date", "Jour du rendez-vous (AAAA-MM-JJ), pendant l’occasion du prochain communiqué.", required=True),
    f("heure", "str", "Heure de début, par exemple 14 h ou 14 h 30.", pattern=r"^([01]?[0-9]|2[0-3]) h( [0-5][0-9])?$",
      pattern_hint="les heures, « h », puis les minutes, par exemple 14 h 30"),
    f("titre", "str", "Ce qui est proposé, en quelques mots (par exemple Visite guidée de la cité nº 12).", required=True, max_length=100),
    f("lieu", "str", "Lieu de rendez-vous (par exemple devant l’église Saint-Édouard).", max_length=120),
    f("description", "text", "Une ou deux phrases : pour qui, durée, réservation. Le communiqué tient sur une page.", max_length=300),
    f("lien", "url", "Page du programme ou de l’inscription."),
), editorial=True)

PROTECTIONS = ("Classé MH", "Inscrit MH", "Inscrit MH et AVAP", "Situé en abords MH", "non")

ELEMENT = mapping("element", "Un élément inscrit, décrit une seule fois, dans la fiche de la commune où il se trouve.", (
    f("code", "code", "Code officiel de l’élément (par exemple 42A).", required=True, pattern=r"^[0-9]{1,3}[A-Z]{0,3}$", pattern_hint="un nombre suivi de lettres majuscules, par exemple 42A"),
    f("composante", "code", "Identifiant de la partie constitutive (par exemple 1360-042), déclarée dans composantes.yml.", required=True, pattern=r"^1360-[0-9]{3}$", pattern_hint="1360- suivi de trois chiffres, par exemple 1360-042"),
    f("nom", "str", "Nom d’inventaire de l’élément.", required=True),
    f("type", "str", "Type d’élément, tel que défini dans types.yml (par exemple terril).", required=True),
    f("sous_type", "str", "Typologie détaillée de la source (forme du terril, genre de cité…)."),
    f("latitude", "number", "Latitude WGS84 d’un point représentatif de l’élément.", required=True, minimum=LAT_RANGE[0], maximum=LAT_RANGE[1]),
    f("longitude", "number", "Longitude WGS84 d’un point représentatif de l’élément.", required=True, minimum=LON_RANGE[0], maximum=LON_RANGE[1]),
    f("protection", "choice", "Protection au titre des monuments historiques, telle que donnée par la source.", choices=PROTECTIONS),
    f("numero_terril", "code", "Numéro officiel du terril (par exemple T074).", pattern=r"^T[0-9]{3}[a-z]?$", pattern_hint="T suivi de trois chiffres, par exemple T074"),
    f("longueur_m", "int", "Longueur en mètres (cavaliers).", minimum=1, maximum=100000),
    list_of("autres_communes", "Autres communes sur lesquelles s’étend l’élément (par leur nom).", f("commune", "str", "Nom d’une commune qui a sa fiche.")),
    f("source", "str", "Couche de données d’origine (par exemple S1:batis), clé déclarée dans bien.yml.", pattern=r"^S[0-9]+(:[a-z_]+)?$", pattern_hint="par exemple S1:batis"),
    f("description", "text", "Présentation rédigée de l’élément.", editorial=True),
    f("visite", "text", "Informations de visite : accès, horaires, accessibilité.", editorial=True),
    f("site_web", "url", "Site internet consacré à l’élément.", editorial=True),
    f("hors_contour", "text", "Pourquoi le point de l’élément tombe hors du contour de ses communes, quand c’est voulu ou "
      "en attente d’une vérification (sinon valider signale l’écart).", editorial=True),
    list_of("photos", "Photographies de l’élément.", PHOTO, editorial=True),
))

PHONE = r"^0[1-9]( [0-9]{2}){4}$"

ANNUAIRE = mapping("annuaire", "La mairie et l’intercommunalité selon les données publiques (Annuaire de l’administration, "
                   "Code officiel géographique), écrites par make import-annuaire : ne pas modifier à la main, relancer l’import.", (
    f("source", "code", "Clé de la source, déclarée dans bien.yml (sources).", required=True, pattern=r"^[A-Z][0-9]+$",
      pattern_hint="une lettre majuscule suivie de chiffres, par exemple A1"),
    list_of("adresse", "Adresse postale de la mairie, ligne par ligne.", f("ligne", "str", "Une ligne de l’adresse.")),
    f("telephone", "str", "Téléphone de la mairie.", pattern=PHONE, pattern_hint="dix chiffres groupés par deux, par exemple 03 21 69 86 86"),
    f("courriel", "email", "Adresse électronique de la mairie."),
    f("site_web", "url", "Site internet de la commune selon l’annuaire."),
    f("intercommunalite", "str", "Nom officiel de l’intercommunalité."),
    f("siren_epci", "code", "SIREN de l’intercommunalité.", pattern=r"^[0-9]{9}$", pattern_hint="neuf chiffres entre guillemets"),
))

COMMUNE = mapping("commune", "Fiche d’une commune du Bassin minier Patrimoine mondial (content/communes/<slug>.yml).", (
    f("nom", "str", "Nom officiel de la commune.", required=True),
    f("insee", "code", "Code officiel géographique INSEE, entre guillemets.", required=True, pattern=r"^[0-9]{5}$", pattern_hint="cinq chiffres entre guillemets, par exemple \"62498\""),
    f("departement", "choice", "Département.", required=True, choices=("Nord (59)", "Pas-de-Calais (62)")),
    f("intercommunalite", "str", "Intercommunalité (EPCI) actuelle.", required=True),
    f("siren_epci", "code", "SIREN de l’intercommunalité.", pattern=r"^[0-9]{9}$", pattern_hint="neuf chiffres entre guillemets"),
    f("lien", "choice", "« direct » si des éléments se trouvent sur la commune, « faible » si elle n’est que nommée ou traversée.", choices=("direct", "faible")),
    f("note_lien", "text", "Pourquoi le lien est faible."),
    f("note", "text", "Remarque sur la commune (fusion, commune déléguée…).", editorial=True),
    f("site_web", "url", "Site internet de la commune.", editorial=True),
    f("presentation", "text", "Paragraphe de présentation de la commune et de son patrimoine minier (500 signes au plus : "
      "il paraît aussi dans le communiqué « Notre commune au patrimoine mondial », qui tient sur une page).", editorial=True,
      max_length=500),
    f("logo", "path", "Logo de la commune, relatif au dossier content/ (PNG à fond transparent de préférence, JPEG ou WebP ; 200 pixels de haut au moins). Il prend place à côté de son nom dans le bloc-marque.", editorial=True),
    CONTACT,
    QUOTE,
    list_of("rendez_vous", "Rendez-vous de la commune (visites, inaugurations, fêtes), trois au plus par communiqué ; retirez "
            "ceux qui sont passés.", RENDEZ_VOUS, editorial=True),
    ANNUAIRE,
    list_of("elements", "Éléments inscrits situés sur la commune.", ELEMENT),
))

COMPONENT = mapping("composante", "Une partie constitutive du Bien.", (
    f("id", "code", "Identifiant, 1360- suivi du numéro sur trois chiffres.", required=True, pattern=r"^1360-[0-9]{3}$", pattern_hint="par exemple 1360-042"),
    f("numero", "int", "Numéro de la partie constitutive (1 à 109).", required=True, minimum=1, maximum=999),
    f("nom", "str", "Nom de la partie constitutive.", required=True),
    f("compagnie", "str", "Compagnie minière (section du dossier) dont relève la partie constitutive.", required=True),
    f("surface_ha", "number", "Surface officielle en hectares.", minimum=0, maximum=10000),
    f("latitude", "number", "Latitude d’un point représentatif (calculée).", minimum=LAT_RANGE[0], maximum=LAT_RANGE[1]),
    f("longitude", "number", "Longitude d’un point représentatif (calculée).", minimum=LON_RANGE[0], maximum=LON_RANGE[1]),
))

COMPONENTS_FILE = mapping("composantes", "Les parties constitutives du Bien (content/composantes.yml).", (
    list_of("composantes", "Liste des parties constitutives.", COMPONENT, required=True),
))

LINK = mapping("lien", "Un lien.", (
    f("nom", "str", "Texte du lien.", required=True),
    f("url", "url", "Adresse.", required=True),
    f("description", "text", "Une phrase qui dit ce qu’on y trouve."),
    f("pour", "choice", "À qui le lien s’adresse : « tous » (par défaut) ; « communes » pour un lien utile aux seules "
      "communes (la licence de la marque), absent des pages écrites pour les habitants.", choices=("tous", "communes")),
))

SOURCE = mapping("source", "Une source des données.", (
    f("cle", "str", "Clé citée par les fiches (S1, S2…) ou par les faits.", required=True),
    f("titre", "str", "Titre de la source.", required=True),
    f("url", "url", "Adresse.", required=True),
    f("licence", "str", "Licence ou conditions de réutilisation."),
    f("attribution", "str", "Mention à reproduire quand les données sont publiées."),
))

GRAND_SITE = mapping("grand_site", "Un des cinq Grands sites miniers.", (
    f("nom", "str", "Nom du Grand site.", required=True),
    f("element", "code", "Code de l’élément principal, décrit dans une fiche de commune.", required=True, pattern=r"^[0-9]{1,3}[A-Z]{0,3}$", pattern_hint="par exemple 42A"),
    f("presentation", "text", "Une ou deux phrases de présentation, pour les habitants : ce qu’était le site, ce qu’il est devenu."),
    f("source", "str", "Clé de la source des faits de la présentation, déclarée dans « sources » (obligatoire avec une présentation)."),
    f("site_web", "url", "Site internet du Grand site."),
))

TOURISM = mapping("office", "Un office de tourisme.", (
    f("nom", "str", "Nom de l’office de tourisme.", required=True),
    f("url", "url", "Site internet.", required=True),
    list_of("siren_epci", "Intercommunalités qu’il sert, par leur SIREN (celui des fiches des communes) : chaque commune est "
            "renvoyée vers l’office de sa propre intercommunalité, et seulement vers lui.",
            f("siren", "code", "SIREN de l’intercommunalité.", pattern=r"^[0-9]{9}$", pattern_hint="neuf chiffres entre guillemets"), required=True),
    f("source", "str", "Clé de la source qui donne l’office et son adresse, déclarée dans « sources ».", required=True),
))

CRITERION_NOTE = mapping("critere_explique", "Un critère d’inscription expliqué en langage clair.", (
    f("critere", "str", "Le critère, en chiffres romains, tel qu’il figure dans « criteres » (par exemple ii).", required=True),
    f("titre", "str", "Ce que le critère reconnaît, en quelques mots (par exemple Un lieu d’échanges)."),
    f("explication", "text", "Ce que le critère reconnaît au Bien, en une ou deux phrases.", required=True),
))

DATA_VERSION = mapping("version", "Une mise à jour des données, datée : la date devient la version des kits et des extraits.", (
    f("date", "date", "Date de la mise à jour (AAAA-MM-JJ).", required=True),
    f("titre", "str", "Ce qui a changé, en quelques mots (par exemple Ajout des photos de la cité 9).", required=True),
    f("description", "text", "Le détail, en une ou deux phrases."),
    list_of("communes", "Communes concernées, par le nom de leur fiche (lens pour communes/lens.yml) ; absent : toutes.",
            f("commune", "str", "Nom de fiche d’une commune.")),
))

PROPERTY = mapping("bien", "Les faits du Bien inscrit (content/bien.yml).", (
    f("nom", "str", "Nom officiel du Bien en français.", required=True),
    f("numero_unesco", "int", "Numéro du Bien sur la Liste du patrimoine mondial.", required=True),
    f("date_inscription", "date", "Date d’inscription (AAAA-MM-JJ).", required=True),
    f("session_comite", "str", "Session du Comité du patrimoine mondial.", required=True),
    f("lieu_comite", "str", "Ville où siégeait le Comité."),
    f("categorie", "str", "Catégorie d’inscription.", required=True),
    list_of("criteres", "Critères d’inscription (en chiffres romains).", f("critere", "str", "Critère."), required=True),
    f("valeur_universelle", "text", "La valeur universelle exceptionnelle reconnue par le Comité, résumée en langage clair."),
    list_of("criteres_expliques", "Ce que reconnaît chaque critère d’inscription, en langage clair.", CRITERION_NOTE),
    f("periode_exploitation", "str", "Période d’exploitation du charbon.", required=True),
    f("fermeture_derniere_fosse", "date", "Date de fermeture du dernier puits."),
    f("surface_ha", "number", "Surface du Bien en hectares (chiffre UNESCO).", required=True),
    f("zone_tampon_ha", "number", "Surface de la zone tampon en hectares (chiffre UNESCO)."),
    f("longueur_km", "number", "Longueur approximative du Bassin minier."),
    f("nombre_elements", "int", "Nombre officiel d’éléments.", required=True),
    f("nombre_composantes", "int", "Nombre officiel de parties constitutives.", required=True),
    f("nombre_communes", "int", "Nombre officiel de communes du Bien.", required=True),
    f("nombre_communes_zone_tampon", "int", "Nombre de communes de la zone tampon."),
    f("gestionnaire", "str", "Structure gestionnaire.", required=True),
    f("siege_gestionnaire", "str", "Siège du gestionnaire."),
    list_of("grands_sites", "Les Grands sites miniers.", GRAND_SITE, required=True),
    list_of("liens", "Liens officiels, repris dans chaque kit (Mission, site officiel, UNESCO).", LINK, required=True),
    list_of("offices_de_tourisme", "Offices de tourisme du territoire.", TOURISM),
    list_of("sources", "Sources des données et leurs licences.", SOURCE, required=True),
    list_of("versions", "Journal des mises à jour des données, la plus récente d’abord. Chaque kit liste celles qui le concernent "
            "et la plus récente date les extraits que les communes copient : ajoutez une entrée à chaque changement publié.",
            DATA_VERSION, required=True),
))

BRAND = mapping("marque", "Les règles de la marque (content/marque.yml).", (
    f("nom", "str", "Nom de la marque.", required=True),
    f("proprietaire", "str", "Titulaire de la marque.", required=True),
    f("creation", "int", "Année de création de la marque."),
    f("licence", "text", "Qui peut utiliser la marque, et à quelles conditions.", required=True),
    f("obtenir", "text", "Comment obtenir la licence.", required=True),
    f("couleurs", "text", "Ce que disent les couleurs de la marque."),
    f("zone_protection", "text", "La zone de protection autour du bloc-marque.", required=True),
    f("largeur_min_ecran_px", "int", "Largeur minimale à l’écran, en pixels CSS.", required=True, minimum=16, maximum=2000),
    f("largeur_min_impression_mm", "int", "Largeur minimale à l’impression, en millimètres.", required=True, minimum=5, maximum=500),
    list_of("emplacements", "Où placer le bloc-marque.", f("emplacement", "text", "Un emplacement conseillé."), required=True),
    list_of("interdits", "Ce qu’il ne faut pas faire.", f("interdit", "text", "Une altération interdite."), required=True),
    f("embleme_unesco", "text", "Le régime de l’emblème de l’UNESCO, distinct de la marque.", required=True),
    f("embleme_demande", "text", "Comment demander l’autorisation d’utiliser l’emblème de l’UNESCO."),
    mapping("palette", "Les couleurs de la marque, reprises par les logos, les visuels, le site et les extraits HTML.", (
        f("gris", "str", "Le gris de la marque, en hexadécimal (#RRVVBB).", required=True, pattern=HEX, pattern_hint="#RRVVBB, par exemple #41474D"),
        f("rouge", "str", "Le rouge de la marque, en hexadécimal (#RRVVBB).", required=True, pattern=HEX, pattern_hint="#RRVVBB, par exemple #B3262C"),
    ), required=True),
    mapping("polices", "Les polices du bloc-marque et des visuels (fichiers TrueType ou OpenType sous licence libre, dans content/).", (
        f("titres", "path", "Police des titres et du nom de la commune (graisse grasse).", required=True),
        f("intertitres", "path", "Police des intertitres (graisse demi-grasse).", required=True),
        f("textes", "path", "Police des textes courants (graisse normale).", required=True),
        f("licence", "path", "Texte de la licence des polices, livré avec les téléchargements.", required=True),
    ), required=True),
    list_of("lignes_marque", "Les lignes du mot-marque dessiné par la boîte à outils (par exemple « Bassin minier », « Patrimoine mondial »).",
            f("ligne", "str", "Une ligne du mot-marque."), required=True),
    mapping("logo_officiel", "Les fichiers officiels de la marque fournis par la Mission (PNG à fond transparent, 600 pixels de haut au moins). "
            "S’ils sont présents, ils remplacent le mot-marque dessiné par la boîte à outils dans tous les blocs-marques.", (
        f("couleur", "path", "Version en couleurs.", required=True),
        f("noir_blanc", "path", "Version en noir et blanc.", required=True),
        f("negatif", "path", "Version en négatif (blanche, pour les fonds sombres).", required=True),
    )),
))

TYPE_DEF = mapping("type", "Définition d’un type d’élément.", (
    f("pluriel", "str", "Le type au pluriel, tel qu’il s’écrit dans une phrase (« cités minières ») ; obligatoire pour les types, "
      "sans objet pour les sous-types."),
    f("definition", "text", "Une ou deux phrases générales sur ce type d’élément.", required=True),
))


ARTICLES = ("le", "la", "les", "l’")

NAMES_FILE = mapping("noms", "Comment les pages disent les noms propres dans une phrase, et la forme affichée des noms des couches SIG "
                     "(content/noms.yml, facultatif).", (
    list_of("sans_elision", "Noms qui commencent par une voyelle ou un h et devant lesquels « de » ne s’élide pas "
            "(h aspiré) : « de Haisnes » et non « d’Haisnes ». Par défaut, « de » s’élide : « d’Oignies », « d’Hénin-Beaumont ».",
            f("nom", "str", "Le nom, tel que les pages l’affichent.")),
    list_of("articles", "Noms qui se disent avec un article dans une phrase : « le 9-9bis », « du Centre historique minier "
            "de Lewarde ».", mapping("article", "Un nom et son article.", (
                f("nom", "str", "Le nom, tel que les pages l’affichent.", required=True),
                f("article", "choice", "L’article : le, la, les ou l’.", choices=ARTICLES, required=True),
            ))),
    list_of("affichage", "Forme affichée d’un nom d’élément ou de partie constitutive des couches SIG (abréviation, coquille). "
            "Le nom officiel reste dans les données ouvertes et les fiches ; make import ne touche pas ce fichier.",
            mapping("forme", "Un nom officiel et sa forme affichée.", (
                f("officiel", "str", "Le nom tel qu’il figure dans les fiches (champ « nom »).", required=True),
                f("affiche", "str", "Le nom tel que les pages l’écrivent.", required=True),
                f("raison", "str", "Pourquoi (abréviation développée, accent rétabli…), pour la relecture."),
            ))),
))


def json_schema(spec: Field) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a field, for editors' autocompletion."""
    out: dict[str, Any] = {"description": spec.doc}
    if spec.kind == "map":
        out.update(type="object", additionalProperties=False,
                   properties={c.name: json_schema(c) for c in spec.fields})
        req = [c.name for c in spec.fields if c.required]
        if req:
            out["required"] = req
    elif spec.kind == "list":
        assert spec.items is not None
        out.update(type="array", items=json_schema(spec.items))
    elif spec.kind in ("int", "number"):
        out["type"] = "integer" if spec.kind == "int" else "number"
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
    elif spec.kind == "bool":
        out["type"] = "boolean"
    elif spec.kind == "choice":
        out.update(type="string", enum=list(spec.choices))
    elif spec.kind == "url":
        out.update(type="string", pattern=r"^(https?://[^\s/]+|mailto:\S+@\S+)")
    elif spec.kind == "email":
        out.update(type="string", format="email")
    elif spec.kind == "date":
        out.update(type="string", format="date")
    else:
        out["type"] = "string"
        if spec.pattern:
            out["pattern"] = spec.pattern
    if out.get("type") == "string" and "enum" not in out and "format" not in out or spec.kind == "email":
        # The editor warns as the checker refuses (content/check.py).
        out["maxLength"] = spec.max_length or MAX_LENGTH.get(spec.kind, MAX_LENGTH["str"])
    return out


def schema_document(spec: Field, title: str) -> dict[str, Any]:
    """Return a standalone JSON Schema document for one kind of file."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **json_schema(spec)}


SCHEMAS = {
    "commune.schema.json": (COMMUNE, "Fiche commune du Bassin minier Patrimoine mondial"),
    "composantes.schema.json": (COMPONENTS_FILE, "Parties constitutives du Bien"),
    "bien.schema.json": (PROPERTY, "Faits du Bien inscrit"),
    "marque.schema.json": (BRAND, "Règles de la marque Bassin minier Patrimoine mondial"),
    "noms.schema.json": (NAMES_FILE, "Noms propres : élisions, articles et formes affichées"),
}
