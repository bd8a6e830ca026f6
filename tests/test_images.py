"""Lockups, guide images and social cards: sizes, colours, legibility, and the image cache.

On the fixture (tests/fixture/content: three communes), where every image is drawn; only the legibility of
every shipped commune's name is checked on the shipped content (`site`), without drawing its files."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path, PurePosixPath

from xml.etree import ElementTree

import pytest
from PIL import Image, ImageChops

from generator import pipeline
from generator.site import plan, image_jobs
from generator.jobs import Job
from generator.make.drawing import draw, lockup
from generator.content.model import Site

from conftest import FIXTURE, ROOT, copy_content, linked_copy

LONGEST = ("Noyelles-lès-Vermelles", "Enquin-lez-Guinegatte", "Condé-sur-l'Escaut", "Montigny-en-Ostrevent", "Fouquières-lès-Lens")
"""The issue's three, and the longest of the data; Enquin-les-Mines became Enquin-lez-Guinegatte in 2017."""


def test_every_lockup_has_its_declared_size_and_transparency(fixture_site: Site, fixture_kits: Path) -> None:
    site, kits = fixture_site, fixture_kits
    checked = 0
    for commune in site.communes.values():
        for f in image_jobs.lockup_files(site, commune):
            if f.path.suffix == ".svg":
                root = ElementTree.parse(kits / "communes" / commune.slug / f.path).getroot()
                assert (root.get("width"), root.get("height")) == (str(f.width), str(f.height)), f.path
                assert root.get("viewBox") == f"0 0 {f.width} {f.height}"
                checked += 1
                continue
            with Image.open(kits / "communes" / commune.slug / f.path) as img:
                assert img.size == (f.width, f.height), f.path
                assert img.height == f.format.height and (f.format.width is None or img.width == f.format.width)
                assert img.mode == "RGBA", f.path
                lo, hi = img.getchannel("A").getextrema()
                if f.format.opaque:
                    assert (lo, hi) == (255, 255), f"{f.path} should have a solid background"
                else:
                    assert lo == 0 and hi == 255, f"{f.path} should be transparent around an opaque mark"
                    corners = [(0, 0), (img.width - 1, 0), (0, img.height - 1), (img.width - 1, img.height - 1)]
                    assert all(img.getpixel(c)[3] == 0 for c in corners), f.path
                if f.format.dpi != 72:
                    assert round(img.info["dpi"][0]) == f.format.dpi, f.path
                checked += 1
    assert checked == 3 * (12 + 3)


def test_black_and_white_lockups_hold_only_black_white_and_transparent(fixture_site: Site, fixture_kits: Path) -> None:
    checked = 0
    for commune in fixture_site.communes.values():
        for f in image_jobs.lockup_files(fixture_site, commune):
            if f.variant != "noir-blanc" or f.path.suffix != ".png":
                continue
            with Image.open(fixture_kits / "communes" / commune.slug / f.path) as img:
                colours = img.getcolors(maxcolors=1 << 20)
            assert colours, f.path
            inked = {(r, g, b) for _n, (r, g, b, a) in colours if a > 0}
            assert inked and inked <= {(0, 0, 0), (255, 255, 255)}, f"{f.path}: {sorted(inked)[:5]}"
            checked += 1
    assert checked == 3 * 3  # en-tête, pied de page, impression


def _name_box(spec: lockup.Spec, fmt: lockup.Format) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int], tuple[int, int]]:
    """Measure, in pixels, where the commune's name is drawn: draw the lockup with and without it."""
    palette = lockup.palette("couleur", "#41474D", "#B3262C")
    sc = lockup.scene(spec, fmt)
    full = draw.raster(sc, palette)
    brand_lines = {line.upper() for line in spec.lignes}
    sc.ops = [op for op in sc.ops if not (op[0] == "text" and op[3] not in brand_lines)]
    bare = draw.raster(sc, palette)
    name = ImageChops.difference(full, bare).getbbox(alpha_only=False)
    assert name, f"{spec.nom}: the name leaves no ink"
    if fmt.opaque:
        ink = ImageChops.difference(full, Image.new("RGBA", full.size, full.getpixel((0, 0)))).getbbox(alpha_only=False)
    else:
        ink = full.getchannel("A").getbbox()
    assert ink
    return name, ink, full.size


@pytest.mark.parametrize("format_name", ["pied-de-page", "avatar"])
def test_every_name_is_drawn_inside_the_canvas_and_legible(site: Site, format_name: str) -> None:
    """End to end: the two tightest formats, for every shipped commune: the name's pixels sit inside the clear space."""
    fmt = lockup.FORMATS_BY_NAME[format_name]
    for commune in site.communes.values():
        name, ink, (w, h) = _name_box(image_jobs.lockup_spec(site, commune), fmt)
        margin = 0.2 * h if fmt.layout == "horizontal" else 0.15 * h
        # The clear space (the cap height of the first line) is kept on every side.
        assert min(ink[0], ink[1], w - ink[2], h - ink[3]) >= margin, f"{commune.nom}: {ink} in {w}×{h}"
        assert name[0] >= ink[0] and name[2] <= ink[2] and name[1] >= ink[1] and name[3] <= ink[3]
        # Legible: never shrunk below a fifth of the file's height (a sixteenth of the avatar).
        assert name[3] - name[1] >= (0.2 * h if fmt.layout == "horizontal" else h / 16), f"{commune.nom}: {name}"


@pytest.mark.parametrize("nom", LONGEST)
def test_longest_names_fit_every_format(fixture_site: Site, nom: str) -> None:
    spec = dataclasses.replace(image_jobs.lockup_spec(fixture_site, fixture_site.communes["sains-en-gohelle"]), nom=nom)
    for fmt in lockup.FORMATS:
        name, ink, (w, h) = _name_box(spec, fmt)
        assert 0 < name[0] and name[2] < w and 0 < name[1] and name[3] < h
        if fmt.layout == "horizontal":
            assert w <= 6.5 * h, f"{spec.nom} {fmt.name}: {w}×{h} is too wide for a header"


def test_long_names_wrap_at_a_hyphen() -> None:
    assert lockup.split_name("Noyelles-lès-Vermelles") == ("Noyelles-", "lès-Vermelles")
    assert lockup.split_name("Condé-sur-l’Escaut") == ("Condé-sur-", "l’Escaut")
    assert lockup.split_name("Lens") is None


def test_guide_images_and_cards_have_their_sizes(fixture_site: Site, fixture_kits: Path) -> None:
    kits = fixture_kits
    cards = sorted((kits / "cartes").rglob("*.*"))
    assert [p.relative_to(kits / "cartes").as_posix() for p in cards] == [
        # 87B's card shows its photo, a JPEG, and so does its commune's; the others show their map, a flat PNG.
        "communes/aix-noulette.png", "communes/bouvigny-boyeffles.png", "communes/sains-en-gohelle.jpg",
        "elements/87a.png", "elements/87b.jpg", "elements/87c.png"]
    for card in cards:
        with Image.open(card) as img:
            assert img.size == (1200, 630), card
    for slug in fixture_site.communes:
        for width in image_jobs.MOCKUP_WIDTHS:
            for page in image_jobs.MOCKUP_PAGES:
                with Image.open(kits / "communes" / slug / "logos" / f"guide-maquette-{page}-{width}.png") as mock:
                    assert mock.width == width
        for name in ("guide-zone-de-protection.png", "guide-interdits.png"):
            with Image.open(kits / "communes" / slug / "logos" / name) as img:
                assert img.width >= 1200


def test_pages_name_their_social_card(fixture_kits: Path) -> None:
    kits = fixture_kits
    assert 'image: "cartes/communes/sains-en-gohelle.jpg"' in (kits / "communes" / "sains-en-gohelle" / "index.md").read_text(encoding="utf-8")
    assert 'image: "cartes/communes/aix-noulette.png"' in (kits / "communes" / "aix-noulette" / "index.md").read_text(encoding="utf-8")
    assert 'image: "cartes/elements/87a.png"' in (kits / "elements" / "87a.md").read_text(encoding="utf-8")
    assert 'image: "cartes/elements/87b.jpg"' in (kits / "elements" / "87b.md").read_text(encoding="utf-8")


def test_a_second_build_draws_nothing(fixture_site: Site, fixture_built: tuple[Path, pipeline.Report], fixture_cache: Path,
                                      tmp_path: Path) -> None:
    _kits, first = fixture_built
    # Per commune 12 PNG and 3 SVG lockups, 6 guide images, a card and its map's PNG; a card per element; the photo in
    # 3 widths, 2 formats.
    assert first.images == len(fixture_site.communes) * (12 + 3 + 6 + 1 + 1) + len(fixture_site.elements) + 3 * 2
    again = pipeline.build(FIXTURE, tmp_path / "kits", fixture_cache)
    assert again.drawn == 0 and again.images == first.images and again.documents == first.documents == 3 * (4 + 1)


def _jobs_of(outputs: dict[PurePosixPath, object], slug: str) -> set[PurePosixPath]:
    return {p for p, v in outputs.items() if isinstance(v, Job)
            and (p.parts[:2] == ("communes", slug) or p.with_suffix("") == PurePosixPath("cartes", "communes", slug))}


SAINS = "sains-en-gohelle"


def _content_with_a_logo(tmp_path: Path, colour: tuple[int, int, int, int] = (30, 80, 160, 255)) -> Path:
    """A copy of the fixture where Sains-en-Gohelle has its own logo: one record changed."""
    content = copy_content(FIXTURE, tmp_path / "content")
    (content / "logos").mkdir()
    shield = Image.new("RGBA", (300, 360), (0, 0, 0, 0))
    shield.paste(colour, (20, 20, 280, 340))
    shield.save(content / "logos" / f"{SAINS}.png")
    record = content / "communes" / f"{SAINS}.yml"
    text = record.read_text(encoding="utf-8")
    assert text.count("lien: direct\n") == 1
    record.write_text(text.replace("lien: direct\n", f"lien: direct\nlogo: logos/{SAINS}.png\n", 1), encoding="utf-8")
    return content


def test_one_record_changed_redraws_only_that_commune(fixture_kits: Path, fixture_cache: Path, tmp_path: Path) -> None:
    kits = fixture_kits
    content = _content_with_a_logo(tmp_path)
    report = pipeline.build(content, tmp_path / "kits", fixture_cache)
    # The logo shows in the commune’s 12 PNG and 3 SVG lockups and 6 guide images; its social card does not carry it.
    # The print lockup is in each of its 4 Word press releases, and all of them in its kit's ZIP.
    # Nor does its map.
    redrawn = _jobs_of(plan.render_site(pipeline.validate(content)), SAINS) - {
        PurePosixPath(f"cartes/communes/{SAINS}.jpg"), PurePosixPath(f"communes/{SAINS}/carte-{SAINS}.png")}
    documents = {p for p in redrawn if p.suffix in (".docx", ".zip")}
    assert len(documents) == 5 and PurePosixPath(f"communes/{SAINS}/kit-{SAINS}.zip") in documents
    redrawn -= documents
    assert len(redrawn) == 21 and report.drawn == 21 + 5
    # The communes' maps (carte-*.svg and .png) are counted apart.
    images = [p for p in (tmp_path / "kits").rglob("*.*g") if p.suffix in (".png", ".svg") and not p.name.startswith("carte-")]
    # Every lockup and guide image of the three kits, and the cards in PNG (two communes', 87A's and 87C's).
    assert len(images) == 3 * (12 + 3 + 6) + 4
    changed = {p.relative_to(tmp_path / "kits").as_posix() for p in images
               if (kits / p.relative_to(tmp_path / "kits")).read_bytes() != p.read_bytes()}
    assert changed == {p.as_posix() for p in redrawn}


def test_command_reports_drawing_and_a_warm_run_draws_nothing(fixture_kits: Path, fixture_cache: Path, tmp_path: Path) -> None:
    # The fixture's cache, warm (fixture_kits), copied: the command prunes its cache.
    cache_dir = linked_copy(fixture_cache, tmp_path / "cache" / "images")
    content = _content_with_a_logo(tmp_path, (160, 40, 30, 255))  # a logo no other test draws
    args = [sys.executable, "-m", "generator", "--content", str(content), "kits", "--out", str(tmp_path / "kits"), "--cache", str(cache_dir)]
    first = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "Fabrication des images et documents : 21/21" in first.stderr
    assert "(26 fabriqués)" in first.stdout  # and the commune's 4 Word press releases and its ZIP
    second = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert "(aucun à refaire)" in second.stdout and "Fabrication" not in second.stderr


def test_the_missions_official_files_replace_the_drawn_wordmark(tmp_path: Path, fixture_cache: Path) -> None:
    """Dropping the official brand files into content/ and naming them in marque.yml puts them in every lockup."""
    content = copy_content(FIXTURE, tmp_path / "content")
    (content / "marque" / "officiel").mkdir()
    colours = {"couleur": (0, 128, 0, 255), "noir_blanc": (0, 0, 0, 255), "negatif": (255, 255, 255, 255)}
    for variant, colour in colours.items():
        Image.new("RGBA", (1200, 600), colour).save(content / "marque" / "officiel" / f"{variant}.png")
    marque = content / "marque.yml"
    marque.write_text(marque.read_text(encoding="utf-8") + "logo_officiel:\n" + "".join(
        f"  {v}: marque/officiel/{v}.png\n" for v in colours), encoding="utf-8")
    pipeline.build(content, tmp_path / "kits", fixture_cache)
    with Image.open(tmp_path / f"kits/communes/{SAINS}/logos/{SAINS}-bloc-marque-couleur-en-tete.png") as img:
        rgba = img.convert("RGBA")
    # The official file (2:1) stands where the mark and wordmark were, at the wordmark's height.
    greens = [(x, y) for x in range(rgba.width) for y in range(0, rgba.height, 4) if rgba.getpixel((x, y)) == (0, 128, 0, 255)]
    assert greens, "the official file is not in the lockup"
    xs, ys = [p[0] for p in greens], [p[1] for p in greens]
    assert 1.7 < (max(xs) - min(xs)) / (max(ys) - min(ys) + 4) < 2.3
    assert (0x41, 0x47, 0x4D, 255) in {rgba.getpixel((x, rgba.height // 2)) for x in range(max(xs), rgba.width)}, "the commune's name is gone"
    # The social cards carry it too.
    with Image.open(tmp_path / "kits/cartes/communes/aix-noulette.png") as card:
        card_colours = {rgb for _n, rgb in card.convert("RGB").getcolors(1 << 20)}
    assert any(abs(r - 0) + abs(g - 128) + abs(b - 0) < 24 for r, g, b in card_colours), "the card still draws the toolbox's wordmark"
    logo_page = (tmp_path / f"kits/communes/{SAINS}/logo.md").read_text(encoding="utf-8")
    assert "Source Sans Pro" not in logo_page  # the page no longer says the wordmark is the toolbox's own


def test_the_palette_in_content_drives_images_and_theme(tmp_path: Path, fixture_cache: Path) -> None:
    content = copy_content(FIXTURE, tmp_path / "content")
    marque = content / "marque.yml"
    text = marque.read_text(encoding="utf-8")
    assert text.count('gris: "#41474D"') == 1
    marque.write_text(text.replace('gris: "#41474D"', 'gris: "#203040"'), encoding="utf-8")
    pipeline.build(content, tmp_path / "kits", fixture_cache)
    assert "--bm-gris: #203040;" in (tmp_path / "kits/assets/marque.css").read_text(encoding="utf-8")
    with Image.open(tmp_path / f"kits/communes/{SAINS}/logos/{SAINS}-bloc-marque-couleur-en-tete.png") as img:
        colours = {(r, g, b) for _n, (r, g, b, a) in img.getcolors(1 << 20) if a == 255}
    assert (0x20, 0x30, 0x40) in colours and (0x41, 0x47, 0x4D) not in colours


def test_social_cards_say_each_fact_once(fixture_site: Site) -> None:
    """The words drawn on a card are checked where they are decided: in the job's parameters."""
    site = fixture_site
    sains = dict(image_jobs.commune_card(site, site.communes[SAINS]).params)
    assert sains["titre"] == "Sains-en-Gohelle"
    assert sains["lignes"] == ["3\u00a0éléments inscrits au patrimoine mondial de l’UNESCO", "CA de Lens – Liévin"]
    weak = dict(image_jobs.commune_card(site, site.communes["aix-noulette"]).params)  # only named by 87A
    assert weak["lignes"][0] == "1\u00a0élément inscrit au patrimoine mondial de l’UNESCO"
    # A name typed with a straight apostrophe is drawn with a typographic one.
    conde = dataclasses.replace(site.communes["bouvigny-boyeffles"], nom="Condé-sur-l'Escaut")
    assert dict(image_jobs.commune_card(site, conde).params)["titre"] == "Condé-sur-l’Escaut"
    church = dict(image_jobs.element_card(site, site.elements["87B"]).params)
    assert church["titre"] == "Église Sainte-Marguerite" and church["lignes"][0] == "Élément 87B · Sains-en-Gohelle"


def test_a_16_bit_grey_logo_keeps_its_greys() -> None:
    """Pillow's plain conversion would clip every 16-bit value above 255 to white."""
    grey = Image.new("I;16", (4, 1))
    grey.putdata([0, 5000, 30000, 65535])
    shades = [lockup.adapt_picture(grey, "couleur").getpixel((x, 0))[0] for x in range(4)]
    assert shades == [0, 19, 116, 255]


def test_a_guide_sheet_keeps_its_flat_colours_in_its_layout_s_shared_palette() -> None:
    """draw.quantize_like: every pixel of a colour in the shared palette keeps it exactly (the brand's red and grey);
    an image with colours of its own (a commune's logo) gets its own median cut, as every sheet had before."""
    import numpy as np
    from PIL import Image, ImageDraw

    from generator.make.drawing.draw import quantize_like

    def sheet(x: int) -> Image.Image:
        img = Image.new("RGB", (200, 100), (255, 255, 255))
        d = ImageDraw.Draw(img)
        d.rectangle((x, 10, x + 60, 60), fill=(178, 34, 52))
        d.ellipse((120, 20, 180, 80), fill=(65, 71, 77))
        return img.resize((400, 200), Image.Resampling.BICUBIC)  # antialiased edges, colours of their own

    reference = sheet(10).quantize(colors=256)
    other = sheet(40)
    shared = quantize_like(other, reference)
    assert shared.mode == "P" and shared.getpalette() == reference.getpalette()
    before, after = np.asarray(other), np.asarray(shared.convert("RGB"))
    for colour in ((255, 255, 255), (178, 34, 52), (65, 71, 77)):
        where = (before == colour).all(axis=2)
        assert where.sum() > 100 and (after[where] == colour).all()

    photo = Image.effect_mandelbrot((400, 200), (-2, -1, 1, 1), 50).convert("RGB")
    photo.paste(Image.linear_gradient("L").resize((400, 100)).convert("RGB"), (0, 100))
    assert quantize_like(photo, reference).tobytes() == photo.quantize(colors=256).tobytes()
