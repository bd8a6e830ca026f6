"""The files content/ points to (fonts, logos, photos): inside content/, present, of a sane size, readable."""

from __future__ import annotations

import difflib
import os
import re

from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError
from PIL import ImageFont

from generator.content.check import MAX_LENGTH, Checker, text_problem
from generator.content.image_files import inspect as inspect_image
from generator.content.load import Located

MAX_ASSET_BYTES = 20_000_000
"""Photos and logos above 20 MB are not web material; refuse them early."""


def check_brand_files(chk: Checker, content_dir: Path, doc: Located, sizes: dict[str, tuple[int, int]]) -> None:
    fonts = doc.get("polices")
    if isinstance(fonts, Located):
        for role in ("titres", "intertitres", "textes"):
            rel = fonts.get(role)
            if isinstance(rel, str) and _check_file(chk, content_dir, rel, fonts.path, fonts.at(role), f"polices, champ « {role} »"):
                if not os.access(content_dir / rel, os.R_OK):
                    chk.error(fonts.path, fonts.at(role), f"polices, champ « {role} »",
                              f"le fichier « {rel} » ne peut pas être lu (accès refusé) ; vérifiez ses droits")
                    continue
                try:
                    ImageFont.truetype(str(content_dir / rel), 12)
                    TTFont(str(content_dir / rel), lazy=True).close()  # the SVG reads outlines: one font, not a collection
                except (OSError, ValueError, TTLibError):
                    chk.error(fonts.path, fonts.at(role), f"polices, champ « {role} »",
                              f"« {rel} » n’est pas une police TrueType ou OpenType lisible")
        if isinstance(fonts.get("licence"), str):
            _check_file(chk, content_dir, fonts["licence"], fonts.path, fonts.at("licence"), "polices, champ « licence »")
    official = doc.get("logo_officiel")
    if isinstance(official, Located):
        for role in ("couleur", "noir_blanc", "negatif"):
            if isinstance(official.get(role), str):
                check_image(chk, content_dir, official[role], official.path, official.at(role), f"logo_officiel, champ « {role} »", sizes,
                            kinds=frozenset({"PNG"}), min_height=OFFICIAL_MIN_HEIGHT, max_ratio=LOGO_MAX_RATIO)
        # The pages give each lockup's size from the colour file: the three must share its proportions.
        main = sizes.get(official.get("couleur")) if isinstance(official.get("couleur"), str) else None
        for role in ("noir_blanc", "negatif"):
            other = sizes.get(official.get(role)) if isinstance(official.get(role), str) else None
            if main and other and abs(other[0] / other[1] - main[0] / main[1]) > 0.01 * main[0] / main[1]:
                chk.error(official.path, official.at(role), f"logo_officiel, champ « {role} »",
                          f"ce fichier ({other[0]} × {other[1]} pixels) n’a pas les proportions de la version en couleurs ({main[0]} × {main[1]} pixels)")


LOGO_MIN_HEIGHT = 200
"""A commune's logo, at least 200 pixels high (content/README.md): the lockups are drawn up to that height."""
OFFICIAL_MIN_HEIGHT = 600
"""The Mission's official brand files, at least 600 pixels high (content/README.md)."""
LOGO_MAX_RATIO = 10
"""A logo at most ten times as wide as high, or as high as wide: a thread of pixels is no logo, and drawing it
beside a name would take minutes."""
PHOTO_MIN_SIDE = 600
"""A photo at least 600 pixels on its shorter side (content/README.md): the share card shows it 630 pixels high,
the element page up to 960 pixels wide; below that it is enlarged, and blurred."""
PHOTO_MAX_RATIO = 3
"""A photo at most three times as wide as high, or as high as wide: the card and the page crop it to their frame."""


def check_image(chk: Checker, content_dir: Path, rel: str, path: str, line: int, label: str,
                 sizes: dict[str, tuple[int, int]], kinds: frozenset[str] = frozenset({"PNG", "JPEG", "WEBP"}),
                 min_height: int = 0, max_ratio: float = 0, min_side: int = 0) -> None:
    """Refuse an image that cannot be drawn from: unreadable, truncated, a decompression bomb, another format;
    lower than `min_height` pixels (the logos), shorter than `min_side` pixels on either side (the photos), or more
    elongated than `max_ratio`."""
    if not _check_file(chk, content_dir, rel, path, line, label):
        return
    size, problem = inspect_image(content_dir / rel, kinds)
    if problem:
        chk.error(path, line, label, f"« {rel} » : {problem}")
    elif size and min_height and size[1] < min_height:
        chk.error(path, line, label, f"« {rel} » : l’image est trop petite ({size[0]} × {size[1]} pixels ; "
                  f"{min_height} pixels de haut au moins) ; demandez un fichier plus grand")
    elif size and min_side and min(size) < min_side:
        chk.error(path, line, label, f"« {rel} » : l’image est trop petite ({size[0]} × {size[1]} pixels ; "
                  f"{min_side} pixels au moins sur le plus petit côté, 1600 de large conseillés) ; demandez un fichier plus grand")
    elif size and max_ratio and max(size) > max_ratio * min(size):
        chk.error(path, line, label, f"« {rel} » : l’image est trop allongée ({size[0]} × {size[1]} pixels ; "
                  f"un côté au plus {max_ratio:g} fois plus long que l’autre)")
    elif size:
        sizes[rel] = size


def _missing_hint(content_dir: Path, rel: str) -> str:
    """Why a path typed by hand finds nothing, when it can be told: a Windows path, backslashes, letter case."""
    if re.match(r"^[A-Za-z]:[\\/]|^\\\\", rel):
        return " : c’est un chemin de votre ordinateur ; copiez le fichier sous content/ (par exemple content/photos/) et écrivez son chemin à partir de là, comme photos/lens/fosse.jpg"
    if "\\" in rel:
        return f" ; séparez les dossiers par des barres obliques / : « {rel.replace(chr(92), '/')} »"
    parent = (content_dir / rel).parent
    if parent.is_dir():
        names = [p.name for p in parent.iterdir()]
        same = [n for n in names if n.lower() == Path(rel).name.lower()]
        if same:
            return f" (vouliez-vous dire « {str(Path(rel).parent / same[0])} » ? majuscules et minuscules comptent)"
        close = difflib.get_close_matches(Path(rel).name, names, n=1, cutoff=0.75)
        if close:
            return f" (vouliez-vous dire « {str(Path(rel).parent / close[0])} » ?)"
    return ""


def _check_file(chk: Checker, content_dir: Path, rel: str, path: str, line: int, label: str) -> bool:
    """Refuse a path that leaves content/, does not exist or is oversized; return whether it is usable."""
    if not rel.strip() or text_problem(rel, multiline=False) or len(rel) > MAX_LENGTH["path"]:
        return False  # reported by the checker (an empty value, a control character, too long)
    try:
        root = content_dir.resolve()
        target = (content_dir / rel).resolve()
        if Path(rel).is_absolute() or root not in target.parents:
            if not Path(rel).is_absolute() and ".." not in Path(rel).parts:
                chk.error(path, line, label, f"« {rel} » est un lien (raccourci) vers un fichier hors de content/ ; "
                          "copiez le fichier lui-même à cette place")
            else:
                chk.error(path, line, label, f"« {rel} » sort du dossier content/ ; donnez un chemin relatif à content/")
        elif not target.is_file():
            chk.error(path, line, label, f"le fichier « {rel} » n’existe pas dans content/{_missing_hint(content_dir, rel)}")
        elif target.stat().st_size > MAX_ASSET_BYTES:
            chk.error(path, line, label, f"le fichier « {rel} » est trop volumineux ({target.stat().st_size} octets ; maximum {MAX_ASSET_BYTES})")
        else:
            return True
    except (OSError, ValueError):
        chk.error(path, line, label, f"le chemin « {rel} » ne peut pas être lu ; donnez un chemin relatif à content/, "
                  "fait de lettres, de chiffres, de tirets et de barres obliques")
    return False
