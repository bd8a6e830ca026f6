"""Check that a file from content/ is an image the site can use, before anything is drawn from it.

`inspect` opens the file with Pillow and decodes it in full, so that a truncated or damaged file,
a format browsers or the drawing code cannot take, an animation or a decompression bomb is refused
with a French message at validation time rather than as a traceback halfway through a build.
"""

from __future__ import annotations

import contextlib
import errno
import re
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

DEFAULT_KINDS = frozenset({"PNG", "JPEG", "WEBP"})

_LABELS = {"WEBP": "WebP", "JPEG2000": "JPEG 2000", "MPO": "JPEG"}
_ORDER = ("PNG", "JPEG", "WEBP")
_SAME_AS = {"MPO": "JPEG"}
"""Cameras and phones write MPO files (a JPEG followed by a preview or depth map): a plain JPEG to browsers."""

_SNIFFED = (
    # Formats Pillow does not read, recognised from their first bytes so that the message can name them.
    (re.compile(rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg", re.S | re.I), "SVG (dessin vectoriel)"),
    (re.compile(rb"^....ftyp(heic|heix|hevc|hevx|heim|heis|mif1|msf1)", re.S), "HEIC/HEIF (photos d’iPhone)"),
    (re.compile(rb"^%PDF-"), "PDF"),
)
_HINTS = {
    "SVG (dessin vectoriel)": "exportez le dessin en PNG (à fond transparent pour un logo)",
    "HEIC/HEIF (photos d’iPhone)": "exportez la photo en JPEG (sur iPhone : Réglages > Appareil photo > Formats > « Le plus compatible »)",
    "PDF": "exportez la page en PNG ou en JPEG",
}


def label(kind: str) -> str:
    return _LABELS.get(kind, kind)


def _names(kinds: frozenset[str]) -> list[str]:
    return [label(k) for k in _ORDER if k in kinds] + sorted(label(k) for k in kinds if k not in _ORDER)


def _accepted(kinds: frozenset[str]) -> str:
    names = _names(kinds)
    return ("formats acceptés : " if len(names) > 1 else "format accepté : ") + ", ".join(names)


def _save_as(kinds: frozenset[str]) -> str:
    """'enregistrez-la en PNG, JPEG ou WebP'"""
    names = _names(kinds)
    if not names:
        return "dans un format accepté"
    return "en " + (", ".join(names[:-1]) + " ou " + names[-1] if len(names) > 1 else names[0])


def _number(n: int) -> str:
    """40000000 -> '40 000 000', with narrow no-break spaces (French typography) so a message never wraps inside a number."""
    return f"{n:,}".replace(",", "\u202f")


def _too_big(max_pixels: int, size: tuple[int, int] | None = None, pixels: int | None = None) -> str:
    if size:
        what = f"{_number(size[0])} × {_number(size[1])} pixels, soit {_number(size[0] * size[1])} pixels"
    else:
        what = f"{_number(pixels)} pixels" if pixels else "plus de pixels que la limite"
    return (f"l’image est trop grande ({what} ; maximum {_number(max_pixels)} pixels) ; "
            f"réduisez-la dans un logiciel de retouche avant de l’ajouter ({_number(3000)} pixels de large suffisent au site)")


def _not_accepted(name: str, kinds: frozenset[str]) -> str:
    hint = _HINTS.get(name, f"ouvrez-la dans un logiciel de retouche et enregistrez-la {_save_as(kinds)}")
    return f"format {name} non accepté ({_accepted(kinds)}) ; {hint}"


def _unknown(kinds: frozenset[str]) -> str:
    return ("le fichier n’est pas une image, ou son format n’est pas reconnu "
            f"({_accepted(kinds)}) ; ouvrez-le dans un logiciel de retouche et enregistrez-le {_save_as(kinds)}")


TRUNCATED = ("l’image est tronquée : le fichier s’arrête avant la fin de l’image (copie ou téléchargement interrompu) ; "
             "copiez de nouveau le fichier d’origine, ou exportez-le à nouveau")
DAMAGED = ("l’image est endommagée et ne peut pas être décodée ; ouvrez-la dans un logiciel de retouche et "
           "enregistrez-la de nouveau, ou reprenez le fichier d’origine")
EMPTY = "le fichier est vide ; remplacez-le par l’image elle-même"


@contextlib.contextmanager
def strict_decoding() -> Iterator[None]:
    """Decode with truncation reported and Pillow's warnings silenced, restoring both afterwards.

    A decompression-bomb warning becomes an error. Another module may have set
    LOAD_TRUNCATED_IMAGES (it is global): it is forced off here and put back as it was.
    """
    previous, previous_max = ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    # Pillow's own bomb check would refuse at open() without the size; ours, on the header, names it.
    Image.MAX_IMAGE_PIXELS = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS = previous, previous_max


def orientation(im: Image.Image) -> int:
    """The EXIF orientation (1 to 8) of an opened image; 1 when absent, invalid or unreadable."""
    try:
        value = im.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # a damaged EXIF block must not make the picture itself unusable
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def displayed(size: tuple[int, int], orient: int) -> tuple[int, int]:
    """The size a viewer shows: orientations 5 to 8 turn the picture a quarter turn."""
    return (size[1], size[0]) if orient >= 5 else size


def _bomb_pixels(err: BaseException) -> int | None:
    m = re.search(r"\((\d+) pixels\)", str(err))
    return int(m.group(1)) if m else None


def _is_truncation(err: BaseException) -> bool:
    return isinstance(err, (EOFError, struct.error)) or "truncated" in str(err).lower()


def inspect(path: Path, kinds: frozenset[str] = DEFAULT_KINDS,
            max_pixels: int = 40_000_000) -> tuple[tuple[int, int] | None, str | None]:
    """Return ((width, height), None) for a usable image, as displayed (EXIF orientation applied),
    or (None, message) with a French message saying what is wrong and what to do.

    `kinds` are Pillow format names. The file is decoded in full; its declared size is checked
    against `max_pixels` before any decoding. Never raises.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError as e:
        reason = {errno.ENOENT: "fichier introuvable", errno.EACCES: "accès refusé", errno.EPERM: "accès refusé",
                  errno.EISDIR: "c’est un dossier"}.get(e.errno or 0, e.strerror or type(e).__name__)
        return None, f"le fichier ne peut pas être lu ({reason}) ; vérifiez qu’il existe et que ses droits permettent de le lire"
    if not head:
        return None, EMPTY
    try:
        with strict_decoding():
            return _inspect(path, head, kinds, max_pixels)
    except Image.DecompressionBombError as e:
        return None, _too_big(max_pixels, pixels=_bomb_pixels(e))
    except Image.DecompressionBombWarning as e:
        return None, _too_big(max_pixels, pixels=_bomb_pixels(e))
    except Exception as e:  # noqa: BLE001 - every decoder failure is the file's fault, reported as such
        return None, TRUNCATED if _is_truncation(e) else DAMAGED


def _inspect(path: Path, head: bytes, kinds: frozenset[str],
             max_pixels: int) -> tuple[tuple[int, int] | None, str | None]:
    try:
        im = Image.open(path)
    except UnidentifiedImageError:
        for pattern, name in _SNIFFED:
            if pattern.match(head):
                return None, _not_accepted(name, kinds)
        return None, _unknown(kinds)
    with im:
        fmt = im.format or ""
        kind = _SAME_AS.get(fmt, fmt)
        if kind not in kinds:
            return None, _not_accepted(label(fmt) if fmt else "inconnu", kinds)
        w, h = im.size
        if w * h > max_pixels:
            return None, _too_big(max_pixels, size=(w, h))
        frames = getattr(im, "n_frames", 1) if fmt != "MPO" else 1
        if frames > 1:
            return None, f"image animée ({frames} images) non acceptée ; enregistrez une seule image fixe, {_save_as(kinds)}"
        if fmt == "PNG":
            # CRCs of every chunk: load() alone does not check those of the image data.
            with Image.open(path) as again:
                again.verify()
        im.load()
        return displayed(im.size, orientation(im)), None
