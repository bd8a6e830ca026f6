"""What one build keeps while it runs, or the live preview across saves: made by the pipeline, passed down.

No stage keeps state of its own in its module: the template environments, the converted copy
texts and the lockups' measures live here, so two builds in one process (the tests, the preview)
never see each other's. Fonts are the one thing read once and kept by the drawing code itself,
by what the file is (path, time, size, inode: make/drawing/draw.font_file), so a replaced font
is read again and nothing can go stale; the drawing runs in worker processes of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import write
from generator.site.copies import Converter, Copyable, memo_version
from generator.site.templates import Templates


@dataclass
class BuildState:
    templates: Templates = field(default_factory=Templates)
    """Both Jinja environments, their compiled templates kept for the build (and on disk, with a cache folder)."""
    copies: Converter = field(default_factory=Converter)
    """The copy texts already converted from Markdown to HTML and plain text."""
    lockup_sizes: dict[Any, tuple[int, int]] = field(default_factory=dict)
    """Each lockup's pixel size by its layout (image_jobs.lockup_files): measured once per build."""
    parts: dict[tuple[str, str], tuple[str, dict[Any, Any]]] = field(default_factory=dict)
    """Each commune's kit and each element's pages as the last run rendered them, under the digest of what they are
    made from (site/reuse.py): plan.render_site takes back those whose digest is the same."""

    @classmethod
    def in_cache(cls, cache_dir: Path) -> BuildState:
        """A state that starts from what the previous run left in the cache folder (compiled templates, converted texts)."""
        return cls(Templates(cache_dir / "jinja"), Converter(load_copies(cache_dir / "copies.pickle")),
                   parts=load_parts(cache_dir / PARTS))

    def next_run(self) -> None:
        """Before another run of the same pipeline (the preview, after a save): forget what a changed file may
        have made stale. Fonts may have been replaced: their measures go; templates and copies check their sources."""
        self.lockup_sizes.clear()


PARTS = "parties.pickle"


def load_parts(path: Path) -> dict[tuple[str, str], tuple[str, dict[Any, Any]]]:
    """The parts the previous run rendered; a missing or unreadable file only costs rendering them again."""
    parts = write.load_pickle(path)
    return parts if isinstance(parts, dict) else {}


def load_copies(path: Path) -> dict[str, Copyable]:
    """The converted texts of the previous runs; a missing or unreadable file only costs the conversions."""
    match write.load_pickle(path):
        case (version, dict() as memo) if version == memo_version():
            return memo
    return {}  # none yet, or converted by other code: converted again
