"""One exception family; only __main__ turns them into messages and exit codes."""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in content/, located by file and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class ContentErrors(Exception):
    """Every problem found in content/, sorted, raised once."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class BuildError(Exception):
    """A problem in the generator or the output folder, not in the content."""


_SYSTEM = {
    errno.EROFS: "le disque est en lecture seule",
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota du disque est atteint",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un fichier se trouve à la place d’un dossier",
    errno.EISDIR: "un dossier se trouve à la place d’un fichier",
    errno.EEXIST: "un fichier se trouve déjà à cet endroit",
}


def system_error(e: OSError) -> BuildError:
    """A file system failure (read-only or full disk, permissions) in the project's own words, with its file."""
    what = _SYSTEM.get(e.errno or 0, f"erreur système n° {e.errno}" if e.errno else "erreur système")
    where = f" : {e.filename}" if e.filename else ""
    return BuildError(f"écriture ou lecture impossible ({what}){where}")
