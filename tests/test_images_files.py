"""Image files from content/: `inspect` refuses what cannot be used, `photos.draw` makes clean derivatives.

Every fixture is made here with Pillow, in a temporary folder: no binary file is committed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import warnings
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageFile

from generator.make.drawing import photos
from generator.content.image_files import inspect

from conftest import ROOT, other_seed

CREDIT = "Mairie de Béthune – Jean-Loïc Dupont"
LICENCE = "CC BY-SA 4.0 « œuvre libre »"
ALT = "Le chevalement de la fosse n° 9, à l’aube"
PARAMS = {"credit": CREDIT, "licence": LICENCE, "alt": ALT}

GPS_IFD = ExifTags.IFD.GPSInfo
EXIF_IFD = ExifTags.IFD.Exif
B = ExifTags.Base


def _pattern(size: tuple[int, int]) -> Image.Image:
    """A picture with detail (so that codecs have work) and a red square in its top-left corner."""
    w, h = size
    im = Image.merge("RGB", (Image.linear_gradient("L").resize(size),
                             Image.linear_gradient("L").rotate(90).resize(size),
                             Image.effect_noise(size, 30).convert("L")))
    im.paste((255, 0, 0), (0, 0, w // 5, h // 5))
    return im


def _camera_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[B.Make] = "Canon"
    exif[B.Model] = "EOS 5D Mark IV"
    exif[B.DateTime] = "2024:05:01 10:00:00"
    exif[B.Orientation] = orientation
    exif[B.Artist] = "Ancien auteur"
    gps = exif.get_ifd(GPS_IFD)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 25.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 50.0, 3.0)
    exif.get_ifd(EXIF_IFD)[B.DateTimeOriginal] = "2024:05:01 10:00:00"
    return exif


@pytest.fixture
def camera_jpeg(tmp_path: Path) -> Path:
    """A 1800 × 1200 camera JPEG to be shown turned a quarter (orientation 6), with GPS and an ICC profile."""
    path = tmp_path / "camera.jpg"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    _pattern((1800, 1200)).save(path, quality=90, exif=_camera_exif(6), icc_profile=srgb,
                                comment=b"commentaire-secret", xmp=b"<x:xmpmeta>xmp-secret</x:xmpmeta>")
    return path


def _png_with_header(path: Path, width: int, height: int) -> Path:
    """A 1 × 1 PNG whose IHDR is rewritten (with a valid CRC) to declare width × height."""
    buf = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buf, format="PNG")
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))
    return path


def _ok(path: Path, **kw: object) -> tuple[int, int]:
    size, message = inspect(path, **kw)  # type: ignore[arg-type]
    assert message is None, message
    assert size is not None
    return size


def _refused(path: Path, **kw: object) -> str:
    size, message = inspect(path, **kw)  # type: ignore[arg-type]
    assert size is None
    assert message
    return message


# --- inspect: good files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_inspect_gives_the_size_of_a_good_image(tmp_path: Path, fmt: str, ext: str) -> None:
    path = tmp_path / f"bon.{ext}"
    _pattern((64, 40)).save(path, format=fmt)
    assert _ok(path) == (64, 40)


def test_inspect_gives_the_displayed_size_of_a_turned_photo(camera_jpeg: Path) -> None:
    assert _ok(camera_jpeg) == (1200, 1800)


@pytest.mark.parametrize("orientation,expected", [(1, (60, 30)), (3, (60, 30)), (5, (30, 60)), (8, (30, 60))])
def test_inspect_swaps_only_for_orientations_5_to_8(tmp_path: Path, orientation: int, expected: tuple[int, int]) -> None:
    path = tmp_path / "o.jpg"
    exif = Image.Exif()
    exif[B.Orientation] = orientation
    _pattern((60, 30)).save(path, exif=exif)
    assert _ok(path) == expected


def test_inspect_accepts_a_phone_mpo_as_a_jpeg(tmp_path: Path) -> None:
    """Phones write MPO files (a JPEG and its preview): browsers show them as JPEG, they are not animations."""
    path = tmp_path / "telephone.jpg"
    _pattern((80, 60)).save(path, format="MPO", save_all=True, append_images=[_pattern((40, 30))])
    with Image.open(path) as im:
        assert (im.format, im.n_frames) == ("MPO", 2)
    assert _ok(path) == (80, 60)


# --- inspect: files refused -------------------------------------------------------------------------


def test_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "bon.jpg"
    _pattern((400, 300)).save(good, quality=90)
    cut = tmp_path / "coupe.jpg"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert _refused(cut).startswith("l’image est tronquée")


def test_truncated_png_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "bon.png"
    _pattern((400, 300)).save(good)
    cut = tmp_path / "coupe.png"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert _refused(cut).startswith("l’image est tronquée")


def test_truncation_is_detected_even_if_another_module_allows_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    good = tmp_path / "bon.jpg"
    _pattern((400, 300)).save(good)
    cut = tmp_path / "coupe.jpg"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "tronquée" in _refused(cut)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back as it was


def test_png_with_a_damaged_chunk_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "bon.png"
    _pattern((100, 80)).save(good)
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside IDAT: its CRC no longer matches
    bad = tmp_path / "abime.png"
    bad.write_bytes(bytes(data))
    assert _refused(bad).startswith("l’image est endommagée")


def test_png_with_a_bad_checksum_is_refused(tmp_path: Path) -> None:
    """Pillow decodes it, but browsers (libpng) refuse a critical chunk whose CRC is wrong."""
    buf = io.BytesIO()
    _pattern((100, 80)).save(buf, format="PNG")
    data = bytearray(buf.getvalue())
    idat = data.index(b"IDAT")
    length = struct.unpack(">I", data[idat - 4: idat])[0]
    data[idat + 4 + length] ^= 0xFF  # first byte of IDAT's CRC
    bad = tmp_path / "crc.png"
    bad.write_bytes(bytes(data))
    with Image.open(bad) as im:
        im.load()  # what inspect must not rely on alone
    assert _refused(bad).startswith("l’image est endommagée")


def test_text_named_jpg_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_text("Ceci n’est pas une image.\n", encoding="utf-8")
    message = _refused(path)
    assert message.startswith("le fichier n’est pas une image, ou son format n’est pas reconnu")
    assert "formats acceptés : PNG, JPEG, WebP" in message


@pytest.mark.parametrize("fmt,ext,name", [("GIF", "gif", "GIF"), ("BMP", "bmp", "BMP"), ("TIFF", "tif", "TIFF")])
def test_formats_pillow_reads_but_the_site_refuses_are_named(tmp_path: Path, fmt: str, ext: str, name: str) -> None:
    path = tmp_path / f"image.{ext}"
    _pattern((30, 20)).save(path, format=fmt)
    message = _refused(path)
    assert message.startswith(f"format {name} non accepté (formats acceptés : PNG, JPEG, WebP) ; ")
    assert message.endswith("enregistrez-la en PNG, JPEG ou WebP")


def test_svg_is_named(tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n')
    message = _refused(path)
    assert message.startswith("format SVG (dessin vectoriel) non accepté")
    assert "exportez le dessin en PNG" in message


def test_heic_is_named(tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100)
    assert _refused(path).startswith("format HEIC/HEIF (photos d’iPhone) non accepté")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vide.png"
    path.write_bytes(b"")
    assert _refused(path) == "le fichier est vide ; remplacez-le par l’image elle-même"


def test_missing_file_is_reported_not_raised(tmp_path: Path) -> None:
    assert _refused(tmp_path / "absent.png").startswith("le fichier ne peut pas être lu (fichier introuvable)")


def test_only_the_given_kinds_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "marque.jpg"
    _pattern((30, 20)).save(path)
    assert _refused(path, kinds=frozenset({"PNG"})).startswith("format JPEG non accepté (format accepté : PNG) ; ")


def _never_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any decoding fail loudly: a refusal must come from the header alone."""
    def decode(self: object, *args: object, **kwargs: object) -> None:
        raise AssertionError("the image was decoded")
    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)


def test_decompression_bomb_is_refused_without_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _png_with_header(tmp_path / "bombe.png", 40000, 40000)
    assert path.stat().st_size < 100
    _never_decode(monkeypatch)
    message = _refused(path)
    assert message.startswith("l’image est trop grande (40\u202f000 × 40\u202f000 pixels, soit 1\u202f600\u202f000\u202f000 pixels ; maximum 40\u202f000\u202f000 pixels)")


def test_image_over_max_pixels_is_refused_with_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _png_with_header(tmp_path / "grande.png", 7000, 7000)
    _never_decode(monkeypatch)
    message = _refused(path)
    assert message.startswith("l’image est trop grande (7\u202f000 × 7\u202f000 pixels, soit 49\u202f000\u202f000 pixels ; maximum 40\u202f000\u202f000 pixels)")


def test_max_pixels_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "petite.png"
    _pattern((40, 30)).save(path)
    assert _ok(path, max_pixels=1200) == (40, 30)
    assert "trop grande (40 × 30 pixels" in _refused(path, max_pixels=1199)


def test_our_limit_replaces_pillows_and_nothing_leaks(tmp_path: Path) -> None:
    """Over Pillow's own limit (about 89 million pixels) but under a raised max_pixels: our limit decides,
    no warning leaks, and Pillow's global limit is restored afterwards."""
    path = _png_with_header(tmp_path / "bombe.png", 10000, 10000)
    before = Image.MAX_IMAGE_PIXELS
    assert before is not None and 10000 * 10000 > before
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message = _refused(path, max_pixels=500_000_000)
    assert caught == []
    assert message.startswith("l’image est tronquée")  # decoded, since allowed: the header-only file ends early
    assert Image.MAX_IMAGE_PIXELS == before
    assert _refused(path).startswith("l’image est trop grande (10\u202f000 × 10\u202f000 pixels")


@pytest.mark.parametrize("fmt,ext", [("WEBP", "webp"), ("PNG", "png")])
def test_animation_is_refused(tmp_path: Path, fmt: str, ext: str) -> None:
    path = tmp_path / f"anim.{ext}"
    frames = [Image.new("RGB", (20, 20), c) for c in ("red", "blue", "green")]
    frames[0].save(path, format=fmt, save_all=True, append_images=frames[1:], duration=100)
    with Image.open(path) as im:
        assert im.format == fmt and im.n_frames == 3
    assert _refused(path) == ("image animée (3 images) non acceptée ; enregistrez une seule image fixe, "
                              "en PNG, JPEG ou WebP")


def test_bad_files_print_nothing_and_warn_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "bon.jpg"
    _pattern((200, 150)).save(good)
    data = bytearray(good.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = b"\x55" * 64  # corrupt entropy-coded data: libjpeg warns
    files = [tmp_path / "a.jpg", tmp_path / "b.jpg", tmp_path / "c.txt"]
    files[0].write_bytes(bytes(data))
    files[1].write_bytes(bytes(data[: len(data) // 3]))
    files[2].write_bytes(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\xff\xff\xff\xff")  # a JPEG start, broken EXIF
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [inspect(f) for f in files]
    assert caught == []
    assert results[1][1] is not None and "tronquée" in results[1][1]
    assert results[2][1] is not None
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


# --- photos.draw ------------------------------------------------------------------------------------


def _draw(source: Path, largeur: int, fmt: str, **params: str) -> bytes:
    return photos.draw({"largeur": largeur, "format": fmt, **(params or PARAMS)}, {"source": source})


def test_widths_and_formats() -> None:
    assert photos.WIDTHS == (480, 960, 1600)
    assert photos.FORMATS == ("webp", "jpg")


@pytest.mark.parametrize("size,largeur,expected", [
    ((4000, 3000), 1600, (1600, 1200)),
    ((3000, 4000), 480, (480, 640)),
    ((1200, 1800), 1600, (1200, 1800)),  # never enlarged
    ((1000, 333), 480, (480, 160)),
    ((5000, 1), 480, (480, 1)),  # never zero
])
def test_derivative_size(size: tuple[int, int], largeur: int, expected: tuple[int, int]) -> None:
    assert photos.derivative_size(size, largeur) == expected


@pytest.mark.parametrize("fmt,pillow_format", [("jpg", "JPEG"), ("webp", "WEBP")])
@pytest.mark.parametrize("largeur,expected", [(480, (480, 720)), (960, (960, 1440)), (1600, (1200, 1800))])
def test_derivative_size_and_format(camera_jpeg: Path, fmt: str, pillow_format: str, largeur: int,
                                    expected: tuple[int, int]) -> None:
    data = _draw(camera_jpeg, largeur, fmt)
    with Image.open(io.BytesIO(data)) as out:
        assert out.format == pillow_format
        assert out.size == expected
        assert out.mode == "RGB"
    # What the pages announce (from inspect) is what is drawn.
    assert photos.derivative_size(_ok(camera_jpeg), largeur) == expected


@pytest.mark.parametrize("fmt", photos.FORMATS)
def test_orientation_is_applied(camera_jpeg: Path, fmt: str) -> None:
    """Orientation 6: the file's top-left corner is shown at the top right."""
    with Image.open(io.BytesIO(_draw(camera_jpeg, 480, fmt))) as out:
        assert out.height > out.width
        w, h = out.size
        r, g, b = out.getpixel((w - 10, 10))
        assert r > 200 and g < 60 and b < 60, (r, g, b)
        r, g, b = out.getpixel((10, 10))
        assert not (r > 200 and g < 60 and b < 60), (r, g, b)
        assert ExifTags.Base.Orientation not in out.getexif()


@pytest.mark.parametrize("fmt", photos.FORMATS)
def test_source_metadata_is_stripped(camera_jpeg: Path, fmt: str) -> None:
    data = _draw(camera_jpeg, 480, fmt)
    with Image.open(io.BytesIO(data)) as out:
        exif = out.getexif()
        assert GPS_IFD not in exif and exif.get_ifd(GPS_IFD) == {}
        assert EXIF_IFD not in exif and exif.get_ifd(EXIF_IFD) == {}  # DateTimeOriginal lived there
        for tag in (B.Make, B.Model, B.DateTime, B.Orientation):
            assert tag not in exif
        assert set(exif) == {B.Artist, B.Copyright, B.ImageDescription, B.XPAuthor, B.XPComment, B.XPTitle}
        assert "icc_profile" not in out.info
        assert "comment" not in out.info
    for secret in (b"Canon", b"EOS 5D", b"2024:05:01", b"commentaire-secret", b"xmp-secret", b"Ancien auteur"):
        assert secret not in data


def _xmp_values(xmp: bytes) -> dict[str, str]:
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
          "photoshop": "http://ns.adobe.com/photoshop/1.0/", "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
          "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"}
    start, end = xmp.index(b"<x:xmpmeta"), xmp.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    desc = ElementTree.fromstring(xmp[start:end]).find("rdf:RDF/rdf:Description", ns)
    assert desc is not None
    out = {}
    for key in ("dc:creator", "photoshop:Credit", "dc:rights", "xmpRights:UsageTerms", "dc:description",
                "Iptc4xmpCore:AltTextAccessibility"):
        el = desc.find(key, ns)
        assert el is not None, key
        li = el.find(".//rdf:li", ns)
        out[key] = (li if li is not None else el).text or ""
    return out


@pytest.mark.parametrize("fmt", photos.FORMATS)
def test_credit_licence_and_alt_are_embedded(camera_jpeg: Path, fmt: str) -> None:
    with Image.open(io.BytesIO(_draw(camera_jpeg, 480, fmt))) as out:
        exif = out.getexif()
        # EXIF ASCII fields: ASCII only, as the standard requires.
        assert exif[B.Artist] == "Mairie de Bethune - Jean-Loic Dupont"
        assert exif[B.Copyright] == 'CC BY-SA 4.0 " oeuvre libre "'
        assert exif[B.ImageDescription] == "Le chevalement de la fosse no 9, a l'aube"
        # Windows fields: the full text, UTF-16.
        assert exif[B.XPAuthor].decode("utf-16-le").rstrip("\0") == CREDIT
        assert exif[B.XPComment].decode("utf-16-le").rstrip("\0") == LICENCE
        assert exif[B.XPTitle].decode("utf-16-le").rstrip("\0") == ALT
        # XMP (IPTC): the full text, UTF-8.
        assert _xmp_values(out.info["xmp"]) == {
            "dc:creator": CREDIT, "photoshop:Credit": CREDIT, "dc:rights": LICENCE, "xmpRights:UsageTerms": LICENCE,
            "dc:description": ALT, "Iptc4xmpCore:AltTextAccessibility": ALT,
        }


def test_small_jpeg_kept_as_it_is_loses_its_comment_too(tmp_path: Path) -> None:
    """No resizing, no colour conversion: the source's JPEG comment must still not be carried over."""
    path = tmp_path / "petite.jpg"
    _pattern((200, 100)).save(path, comment=b"commentaire-secret")
    with Image.open(path) as im:
        assert im.info["comment"] == b"commentaire-secret"
    data = _draw(path, 480, "jpg")
    assert b"commentaire-secret" not in data
    with Image.open(io.BytesIO(data)) as out:
        assert out.size == (200, 100) and "comment" not in out.info


def test_xml_special_characters_survive(camera_jpeg: Path) -> None:
    data = _draw(camera_jpeg, 480, "jpg", credit="A & B <photo>", licence='"CC0"', alt="1 < 2 & 3 > 2")
    with Image.open(io.BytesIO(data)) as out:
        values = _xmp_values(out.info["xmp"])
    assert (values["dc:creator"], values["dc:rights"], values["dc:description"]) == ("A & B <photo>", '"CC0"', "1 < 2 & 3 > 2")


SAME_BYTES = """
import hashlib, json, sys
from pathlib import Path
from generator.make.drawing import photos
for params in json.loads(sys.argv[2]):
    print(hashlib.sha256(photos.draw(params, {"source": Path(sys.argv[1])})).hexdigest())
"""


def test_same_inputs_give_the_same_bytes(camera_jpeg: Path) -> None:
    """Drawn again in another process, with another hash seed: the same bytes, in both formats."""
    cases = [{"largeur": 960, "format": fmt, **PARAMS} for fmt in photos.FORMATS]
    here = [hashlib.sha256(photos.draw(params, {"source": camera_jpeg})).hexdigest() for params in cases]
    there = subprocess.run([sys.executable, "-c", SAME_BYTES, str(camera_jpeg), json.dumps(cases)], cwd=ROOT,
                           capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": other_seed()}).stdout.split()
    assert there == here and len(set(here)) == 2


@pytest.mark.parametrize("fmt", photos.FORMATS)
def test_other_words_give_other_bytes(camera_jpeg: Path, fmt: str) -> None:
    assert _draw(camera_jpeg, 960, fmt) != _draw(camera_jpeg, 960, fmt, credit="Autre", licence=LICENCE, alt=ALT)


def test_small_photo_is_not_enlarged(tmp_path: Path) -> None:
    path = tmp_path / "petite.png"
    _pattern((300, 200)).save(path)
    for largeur in photos.WIDTHS:
        with Image.open(io.BytesIO(_draw(path, largeur, "webp"))) as out:
            assert out.size == (300, 200)


def test_transparency_is_laid_on_white(tmp_path: Path) -> None:
    path = tmp_path / "transparent.png"
    im = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    im.paste((0, 0, 255, 255), (50, 0, 100, 50))
    im.save(path)
    with Image.open(io.BytesIO(_draw(path, 480, "jpg"))) as out:
        assert out.mode == "RGB"
        assert all(c > 245 for c in out.getpixel((10, 25)))
        r, g, b = out.getpixel((90, 25))
        assert r < 30 and g < 30 and b > 220


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    path = tmp_path / "gris16.png"
    Image.new("I;16", (40, 40), 30000).save(path)
    with Image.open(io.BytesIO(_draw(path, 480, "webp"))) as out:
        r, g, b = out.getpixel((20, 20))
    assert abs(r - round(30000 / 257)) <= 2 and r == g == b


def _linear_rgb_profile() -> bytes:
    """An ICC v2 RGB profile with sRGB primaries and a linear (gamma 1) tone curve."""
    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 0x0100) + b"\0\0"
    tags = [(b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)), (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + b"\0" * 12
              + b"acsp" + b"\0" * 24 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def test_icc_profile_is_converted_to_srgb_then_dropped(tmp_path: Path) -> None:
    path = tmp_path / "lineaire.png"
    Image.new("RGB", (40, 40), (128, 128, 128)).save(path, icc_profile=_linear_rgb_profile())
    with Image.open(io.BytesIO(_draw(path, 480, "webp"))) as out:
        assert "icc_profile" not in out.info
        r, g, b = out.getpixel((20, 20))
    assert 180 <= r <= 195 and abs(r - g) <= 2 and abs(r - b) <= 2, (r, g, b)  # linear 0.5 is sRGB 188


def test_unusable_icc_profile_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "profil-casse.png"
    Image.new("RGB", (40, 40), (10, 120, 200)).save(path, icc_profile=b"pas un profil")
    with Image.open(io.BytesIO(_draw(path, 480, "jpg"))) as out:
        assert "icc_profile" not in out.info
        r, g, b = out.getpixel((20, 20))
    assert abs(r - 10) <= 4 and abs(g - 120) <= 4 and abs(b - 200) <= 4


def test_reduced_jpeg_decoding_matches_full_decoding(tmp_path: Path) -> None:
    """A large JPEG is decoded at a reduced scale for small widths: the result must not differ visibly."""
    path = tmp_path / "grande.jpg"
    _pattern((4000, 3000)).save(path, quality=90)
    fast = photos.render(path, 480)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(photos, "OVERSAMPLE", 10**6)  # no reduced decoding
        full = photos.render(path, 480)
    assert fast.size == full.size == (480, 360)
    extrema = ImageChops.difference(fast, full).getextrema()
    assert max(hi for _lo, hi in extrema) <= 8, extrema
