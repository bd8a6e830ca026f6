"""Responsive derivatives of a photo: a width, a format, the source's metadata replaced by its credit.

Each derivative is turned upright (EXIF orientation), converted to sRGB without transparency,
reduced (never enlarged) and encoded. Nothing of the source's metadata is kept: no GPS position,
date, camera, comment or colour profile. What is written instead comes from the photo's record:

- EXIF Artist = credit, Copyright = licence, ImageDescription = alt, in plain ASCII as the EXIF
  standard requires (accents dropped: « Béthune » becomes "Bethune");
- EXIF XPAuthor = credit, XPComment = licence, XPTitle = alt, the full text in UTF-16 (Windows);
- XMP, the full text in UTF-8: dc:creator and photoshop:Credit (credit), dc:rights and
  xmpRights:UsageTerms (licence), dc:description and Iptc4xmpCore:AltTextAccessibility (alt),
  the IPTC fields that photo libraries and search engines read.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import ExifTags, Image, ImageCms

from generator.content.image_files import displayed, orientation, strict_decoding
from generator.errors import BuildError

WIDTHS = (480, 960, 1600)
FORMATS = ("webp", "jpg")
QUALITY = 80

OVERSAMPLE = 2
"""A JPEG is decoded at a reduced scale (much faster) only down to this many times the target size."""

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_ASCII = str.maketrans({
    "’": "'", "‘": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "‑": "-", "…": "...", "©": "(c)", "®": "(R)", "™": "TM", "€": "EUR",
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
    "°": "o", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_SPACES = {"RGB": "RGB ", "L": "GRAY", "CMYK": "CMYK"}
"""Pillow mode -> ICC colour space that a profile must describe to convert an image in that mode."""


def derivative_size(size: tuple[int, int], largeur: int) -> tuple[int, int]:
    """The pixel size of a derivative of a photo displayed at `size`: `largeur` wide, or narrower
    when the photo is (a photo is never enlarged), with the photo's proportions."""
    w, h = size
    out_w = min(largeur, w)
    return out_w, max(1, round(h * out_w / w))


def ascii_text(text: str) -> str:
    """Text for an EXIF ASCII field: typographic signs replaced, accents dropped, the rest as '?'."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.encode("ascii", "replace").decode("ascii")


def exif_block(credit: str, licence: str, alt: str) -> Image.Exif:
    exif = Image.Exif()
    for tag, xp_tag, value in ((ExifTags.Base.Artist, ExifTags.Base.XPAuthor, credit),
                               (ExifTags.Base.Copyright, ExifTags.Base.XPComment, licence),
                               (ExifTags.Base.ImageDescription, ExifTags.Base.XPTitle, alt)):
        if value:
            exif[tag] = ascii_text(value)
            exif[xp_tag] = (value + "\0").encode("utf-16-le")
    return exif


def xmp_packet(credit: str, licence: str, alt: str) -> bytes:
    def alt_lang(v: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(v)}</rdf:li></rdf:Alt>'

    props = []
    if credit:
        props += [f"<dc:creator><rdf:Seq><rdf:li>{escape(credit)}</rdf:li></rdf:Seq></dc:creator>",
                  f"<photoshop:Credit>{escape(credit)}</photoshop:Credit>"]
    if licence:
        props += [f"<dc:rights>{alt_lang(licence)}</dc:rights>",
                  f"<xmpRights:UsageTerms>{alt_lang(licence)}</xmpRights:UsageTerms>"]
    if alt:
        props += [f"<dc:description>{alt_lang(alt)}</dc:description>",
                  f"<Iptc4xmpCore:AltTextAccessibility>{alt_lang(alt)}</Iptc4xmpCore:AltTextAccessibility>"]
    body = "\n   ".join(props)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"\n'
        '    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"\n'
        '    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode("utf-8")


def _flatten(im: Image.Image) -> Image.Image:
    """The image without transparency, laid on white, in L, RGB or CMYK (its ICC profile still applies)."""
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif im.mode == "1":
        im = im.convert("L")
    elif im.mode.startswith("I"):
        # 16-bit grey (PNG): scale to 8 bits, where a plain conversion would clip everything above 255.
        im = im.convert("I").point(lambda v: v / 257).convert("L")
    if im.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        gray = im.mode in ("LA", "La")
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba).convert("L" if gray else "RGB")
    if im.mode not in _SPACES:
        im = im.convert("RGB")
    return im


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert from the source's ICC profile to sRGB; drop a profile that is unusable or does not fit."""
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if profile.profile.xcolor_space == _SPACES[im.mode]:
                converted = ImageCms.profileToProfile(im, profile, _SRGB, outputMode="RGB")
                if converted is not None:
                    return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    return im.convert("RGB")


def render(source: Path, largeur: int) -> Image.Image:
    """The upright RGB picture of a derivative, before encoding."""
    with strict_decoding(), Image.open(source) as im:
        full = im.size
        box: tuple[float, float, float, float] = (0, 0, *full)
        if im.format in ("JPEG", "MPO"):
            # A JPEG's EXIF comes before its pixels: decode at 1/2, 1/4 or 1/8 scale (much faster)
            # when that still leaves OVERSAMPLE times the pixels of the derivative.
            orient = orientation(im)
            want = displayed(derivative_size(displayed(full, orient), largeur), orient)
            drafted = im.draft(None, (want[0] * OVERSAMPLE, want[1] * OVERSAMPLE))
            if drafted:
                box = drafted[1]
        im.load()
        # After load(): a PNG may carry its EXIF after the pixels. inspect() reads it the same way.
        orient = orientation(im)
        icc = im.info.get("icc_profile")
        out_size = displayed(derivative_size(displayed(full, orient), largeur), orient)  # in the file's orientation
        pic = _flatten(im)
        if pic.size != out_size or box != (0, 0, *pic.size):
            pic = pic.resize(out_size, Image.Resampling.LANCZOS, box=box)
    pic = _to_srgb(pic, icc)
    if orient in _TRANSPOSE:
        pic = pic.transpose(_TRANSPOSE[orient])
    pic.info = {}
    return pic


def encode(pic: Image.Image, fmt: str, credit: str = "", licence: str = "", alt: str = "") -> bytes:
    """Encode with only the given credit, licence and alt text as metadata; the same input gives the same bytes."""
    exif = exif_block(credit, licence, alt).tobytes()
    xmp = xmp_packet(credit, licence, alt)
    buf = io.BytesIO()
    if fmt == "jpg":
        pic.save(buf, format="JPEG", quality=QUALITY, optimize=True, progressive=True, exif=exif, xmp=xmp)
    elif fmt == "webp":
        pic.save(buf, format="WEBP", quality=QUALITY, method=4, exif=exif, xmp=xmp)
    else:
        raise BuildError(f"format de photo inconnu : {fmt}")
    return buf.getvalue()


def draw(params: dict[str, Any], files: dict[str, Path]) -> bytes:
    """Draw one derivative: params largeur (a width in WIDTHS), format (in FORMATS), credit, licence, alt."""
    pic = render(files["source"], int(params["largeur"]))
    return encode(pic, params["format"], params.get("credit") or "", params.get("licence") or "", params.get("alt") or "")
