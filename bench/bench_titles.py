"""Time the share card's title fitting on hostile lengths (the tests count its measurements; time belongs here).

Before the bound (issue 12), a title of 320 words took 2.8 s and one of 100 kB never finished.
"""

from __future__ import annotations

import time
from pathlib import Path

from generator.make.drawing import cards

ROOT = Path(__file__).resolve().parent.parent
BOLD = ROOT / "tests" / "fixture" / "content" / "marque" / "polices" / "SourceSansPro-Bold.ttf"
TEXTS = {"20 000 mots": "Cité " * 20_000, "un mot de 100 000 lettres": "x" * 100_000, "50 mots": "Cité minière " * 25,
         "320 mots": "Cité minière " * 160}


def main() -> None:
    for label, text in TEXTS.items():
        start = time.perf_counter()
        cards.fit_title(text.strip(), BOLD, 700, 300, 72)
        fit = time.perf_counter() - start
        start = time.perf_counter()
        cards.ellipsize(text, BOLD, 30, 700)
        cut = time.perf_counter() - start
        print(f"Titre de carte, {label} : ajustement {fit:.3f} s, coupure {cut:.3f} s")


if __name__ == "__main__":
    main()
