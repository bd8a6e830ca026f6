"""Time validation, Markdown generation and the mkdocs build of the real content; print the figures.

Run with `make bench`. Targets: generation under 1 s and under 10 % of the mkdocs build (issue 2);
every image drawn from an empty cache in under 60 s, and under 1 s with a warm cache (issue 3).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.content import load, validate
from generator.site import maps, plan
from generator import pipeline, write
from generator.jobs import Job
from generator.make import cache
from generator.state import BuildState

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def best_of(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    # Inside the repository: kits/ is written there, and /tmp may sit on a slower file system.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as tmp:
        work = Path(tmp)
        out = work / "kits"
        docs, _ = load.load_tree(CONTENT)
        site = validate.validate(docs, CONTENT)
        jobs = plan.render_site(site)
        images = sum(isinstance(v, Job) for v in jobs.values())
        cache_dir = work / "cache"
        start = time.perf_counter()
        outputs, drawn = cache.materialise(jobs, cache_dir)
        t_cold = time.perf_counter() - start
        # The maps' PNGs alone (issue 16: at most 15 s of the cold build on 2 cores), in a cache of their own.
        map_jobs = {k: v for k, v in jobs.items() if isinstance(v, Job) and v.kind == "plan"}
        start = time.perf_counter()
        cache.materialise(map_jobs, work / "cache-cartes")
        t_maps_png = time.perf_counter() - start
        warm = []
        for _ in range(3):
            start = time.perf_counter()
            _again, redrawn = cache.materialise(jobs, cache_dir)
            warm.append(time.perf_counter() - start)
            assert redrawn == 0
        t_warm = min(warm)
        def place_afresh() -> None:
            shutil.rmtree(work / "placed", ignore_errors=True)
            write.sync_tree(outputs, work / "placed", link_from=cache_dir)

        t_place = best_of(3, place_afresh)
        t_load = best_of(5, lambda: load.load_tree(CONTENT))
        t_validate = best_of(5, lambda: validate.validate(docs, CONTENT))
        t_render = best_of(5, lambda: plan.render_site(site))
        # A warm run: every commune's kit and element's pages taken back from the previous run (site/reuse.py).
        primed = BuildState()
        plan.render_site(site, "", primed)
        t_reused = best_of(5, lambda: plan.render_site(site, "", BuildState(primed.templates, primed.copies, parts=dict(primed.parts))))
        # The maps (issue 16): drawn as SVG text on every run, part of the rendering above.
        maps._SHAPES.clear()
        t_maps_cold = best_of(1, lambda: [maps.commune_map(site, c) for c in site.communes.values()]
                              + [maps.element_map(site, e) for e in site.elements.values()])
        t_maps = best_of(3, lambda: [maps.commune_map(site, c) for c in site.communes.values()]
                         + [maps.element_map(site, e) for e in site.elements.values()]
                         + [maps.basin_map(site, {s: s for s in site.communes})])
        write.sync_tree(outputs, out, link_from=cache_dir)
        t_write = best_of(5, lambda: write.sync_tree(outputs, out, link_from=cache_dir))
        # A warm run as `make kits`, `make site` and `make serve` do it (pipeline.Pipeline): a new pipeline takes back
        # the previous run's check and parts from the cache folder; the preview's own pipeline keeps them in memory.
        pipeline.Pipeline(CONTENT, out, cache_dir).run()
        t_pipeline = best_of(5, lambda: pipeline.Pipeline(CONTENT, out, cache_dir).run())
        preview = pipeline.Pipeline(CONTENT, out, cache_dir, in_place=True)
        preview.run()
        t_preview = best_of(5, preview.run)
        command = [sys.executable, "-m", "generator", "kits", "--out", str(out), "--cache", str(cache_dir)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        t_process = best_of(5, lambda: subprocess.run(command, cwd=ROOT, check=True, capture_output=True))
        generation = t_pipeline

        shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
        shutil.copytree(ROOT / "overrides", work / "overrides")
        # Every hook mkdocs.yml names (site_in_place, french_toc…): the folder as it is.
        shutil.copytree(ROOT / "generator" / "hooks", work / "generator" / "hooks")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        mk = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--quiet", "--config-file", "mkdocs.yml"], cwd=work, env=env, check=True)
            mk.append(time.perf_counter() - start)
        t_mkdocs = min(mk)
        pages = sum(1 for k in outputs if str(k).endswith(".md"))
        cache_bytes = sum(p.stat().st_size for p in cache_dir.rglob("*") if p.is_file())

    print(f"Contenu : {len(site.communes)} communes, {len(site.elements)} éléments -> {pages} pages Markdown")
    print(f"  lecture YAML            {t_load * 1000:8.0f} ms")
    print(f"  validation              {t_validate * 1000:8.0f} ms")
    print(f"  rendu Markdown          {t_render * 1000:8.0f} ms   (tout, sans rien reprendre)")
    print(f"  rendu, parts reprises   {t_reused * 1000:8.0f} ms   (aucune fiche changée : pages du site seules)")
    print(f"    dont cartes           {t_maps * 1000:8.0f} ms   ({len(site.communes)} communes, {len(site.elements)} éléments et le Bassin ;"
          f" {t_maps_cold * 1000:.0f} ms la première fois, contours projetés)")
    print(f"  écriture                {t_write * 1000:8.0f} ms   (kits/ déjà à jour : chaque fichier comparé, aucun réécrit)")
    print(f"  génération à chaud      {generation * 1000:8.0f} ms   (Pipeline.run : empreinte de content/, du code et des gabarits ; kits/ trouvé tel que laissé)")
    print(f"    aperçu, même suite    {t_preview * 1000:8.0f} ms   (make serve : ce qu’il garde en mémoire d’un enregistrement à l’autre)")
    print(f"    processus entier      {t_process * 1000:8.0f} ms   (python -m generator kits, aucune fiche changée ; objectif ≤ 1000 ms : "
          f"{'OK' if t_process <= 1 else 'DÉPASSÉ'})")
    print(f"  properdocs build        {t_mkdocs * 1000:8.0f} ms   (meilleur de 3, médiane {statistics.median(mk) * 1000:.0f} ms)")
    ratio = generation / t_mkdocs
    print(f"  génération / mkdocs     {ratio * 100:8.1f} %    objectif < 10 % : {'OK' if ratio < 0.10 else 'DÉPASSÉ'}")
    print(f"Images : {images} ({drawn} dessinées, {cache_bytes / 1e6:.1f} Mo), {os.cpu_count()} cœurs")
    print(f"  cache vide              {t_cold * 1000:8.0f} ms   objectif < 60 000 ms : {'OK' if t_cold < 60 else 'DÉPASSÉ'}")
    print(f"    dont cartes PNG       {t_maps_png * 1000:8.0f} ms   ({len(map_jobs)} cartes, seules dans un cache vide ;"
          f" objectif < 15 000 ms : {'OK' if t_maps_png < 15 else 'DÉPASSÉ'})")
    print(f"  cache chaud             {t_warm * 1000:8.0f} ms   objectif < 1 000 ms : {'OK' if t_warm < 1 else 'DÉPASSÉ'}"
          f"   (meilleur de 3 ; + {t_place * 1000:.0f} ms pour écrire pages et images dans un kits/ vide)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
