"""The only module that writes: kits/ (swapped whole, or file by file for the live preview), content/ records after an import,
and the cache's files (images and documents made, compiled templates, converted texts)."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import filecmp
import os
import pickle
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from generator.errors import BuildError

try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
except (AttributeError, OSError):  # not Linux, or a C library without it
    _renameat2 = None


def _target(root: Path, rel: PurePosixPath) -> Path:
    return Path(_target_name(str(root), rel))


def _target_name(root: str, rel: PurePosixPath) -> str:
    """Where rel goes under root, as a string: making a Path of each of 5,000 outputs was a fifth of a warm run."""
    # Checked on the path itself, not with resolve(): one lstat per component per file was
    # most of the build time, and kits/ holds no symlink we did not create.
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BuildError(f"{rel} : chemin de sortie hors de {root}")
    return os.path.join(root, *rel.parts)


def _place(data: str | Path, target: Path, cache_root: Path | None) -> None:
    """Create target (which must not exist) from a page's text or a file to copy.

    A file from the image cache is hard-linked when the file system allows it: thousands of
    images then cost almost nothing to place.
    """
    if isinstance(data, Path):
        if cache_root is not None and cache_root in data.resolve().parents:
            try:
                os.link(data, target)
                return
            except OSError:
                pass  # another file system: copy
        shutil.copyfile(data, target)
        return
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, data.encode("utf-8"))
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive(out_dir: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """One build at a time writes into out_dir (two `make kits` at once both crashed and mixed the tree):
    a second one waits for the first to finish, after `waiting` has said so. The lock is a hidden file
    beside out_dir, locked by the system (it goes with the process, even a killed one)."""
    if fcntl is None:  # not a POSIX system: no lock, as before
        yield
        return
    lock = out_dir.parent / f".{out_dir.name}.verrou"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def check_output_folder(out_dir: Path, keep: dict[str, Path]) -> None:
    """Refuse an output folder whose stale files would be someone's work: kits/ is emptied of what a build
    does not make, so it must not hold the content, the cache, the current folder or a repository."""
    out = out_dir.resolve()
    for label, path in {**keep, "le dossier courant": Path.cwd()}.items():
        p = path.resolve()
        if p == out or out in p.parents:
            raise BuildError(f"dossier de sortie refusé : {out_dir} contient {label} ({path}), que la construction effacerait ; "
                             "choisissez un dossier à part, par exemple kits")
    if (out / ".git").exists():
        raise BuildError(f"dossier de sortie refusé : {out_dir} est un dépôt git, que la construction effacerait ; "
                         "choisissez un dossier à part, par exemple kits")
    # Said now, before minutes of drawing, and without writing anything: the first folder that exists
    # on the way must be a folder we may write in.
    existing = next(p for p in (out, *out.parents) if os.path.lexists(p))
    if not existing.is_dir():
        raise BuildError(f"dossier de sortie impossible : {existing} est un fichier, pas un dossier")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BuildError(f"dossier de sortie impossible : écriture refusée dans {existing} (lecture seule ou droits insuffisants)")


def save_pickle(path: Path, value: object) -> None:
    """Store a cache file atomically (a reader never finds half of it)."""
    save_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path) -> Any:
    """What save_pickle stored, or None: a missing file, or one written by other code (another version, a class
    since renamed), only costs the work it would have saved. The caller checks the shape it expects."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
        return None


def save_bytes(path: Path, data: bytes) -> None:
    """Store one file of the cache (an image, a document, compiled templates) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_files(paths: list[Path]) -> None:
    """Remove cache files no longer used."""
    for p in paths:
        p.unlink(missing_ok=True)


def write_records(records: dict[str, str], content_dir: Path, obsolete: list[str]) -> list[str]:
    """Write changed records into content/ (each file replaced atomically); return what changed."""
    changed = []
    for rel, text in sorted(records.items()):
        target = _target(content_dir, PurePosixPath(rel))
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        save_bytes(target, text.encode("utf-8"))
        changed.append(rel)
    for rel in sorted(obsolete):
        _target(content_dir, PurePosixPath(rel)).unlink()
        changed.append(rel)
    return changed


def _relink(cache_file: Path, target: Path) -> None:
    """Replace target by a hard link to the cache file with the same bytes; where links fail, keep the copy."""
    tmp = target.with_name(f".{target.name}.lien")
    try:
        tmp.unlink(missing_ok=True)
        os.link(cache_file, tmp)
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)


def _up_to_date(target: str, data: str | Path, cache_abs: str) -> bool:
    """Whether target already holds data's bytes (a file of the cache that is the same bytes is linked on the way)."""
    try:
        st = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    if isinstance(data, Path):
        src = os.stat(data)
        if (src.st_dev, src.st_ino) == (st.st_dev, st.st_ino):
            return True
        same = src.st_size == st.st_size and filecmp.cmp(data, target, shallow=False)
        if same and cache_abs and src.st_dev == st.st_dev and os.path.abspath(data).startswith(cache_abs):
            _relink(data, Path(target))  # the same bytes: linked now, nothing to compare next time
        return same
    raw = data.encode("utf-8")
    if len(raw) != st.st_size:
        return False
    with open(target, "rb") as f:
        return f.read() == raw


def _cache_paths(link_from: Path | None) -> tuple[Path | None, str]:
    if link_from is None:
        return None, ""
    return link_from.resolve(), os.path.join(os.path.abspath(link_from), "")


def _files_under(root: Path) -> Iterator[str]:
    """Every file and link under root (a link to a folder too, never followed), as a path."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            yield os.path.join(dirpath, name)


def tree_state(root: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Every file (and link) under root, sorted, with its size, modification time and inode: what a run that finds
    nothing to do compares with what the previous run left (see pipeline.KITS_STATE). A missing root is empty."""
    found = []
    for path in _files_under(root):
        try:
            st = os.lstat(path)
        except OSError:
            continue  # gone since it was listed: not in the state, so it differs
        found.append((os.path.relpath(path, root), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(sorted(found))


def _stray_files(root: Path, wanted: set[str]) -> list[str]:
    """Files (and links) under root that are not among the wanted paths."""
    return [p for p in _files_under(root) if p not in wanted]


def sync_tree(outputs: dict[PurePosixPath, str | Path], out_dir: Path, link_from: Path | None = None, *,
              known: dict[PurePosixPath, str | Path] | None = None) -> list[PurePosixPath]:
    """Bring out_dir in line with outputs in place, touching only what differs; return the paths written or removed.

    For the live preview (`make serve`), which watches kits/ and must keep watching the same folder:
    a file whose bytes are already right keeps its inode and its mtime, so `mkdocs serve --dirty`
    rebuilds only the pages that changed. Each file is replaced atomically (written beside it under
    a hidden name, then renamed), so a reader never sees half a file; the tree as a whole is not
    (`swap_tree` does that, for `make kits`). A file written gets the current time even when it is
    hard-linked from the cache (the cache entry's mtime moves with it: the cache goes by name, not
    by date), since mkdocs compares mtimes. Files that are not in outputs are removed, with the
    folders they leave empty.

    `known` is what the previous call wrote into the same out_dir: a page with the same text, or
    the same cache file, there is taken as already on disk without reading it back (the preview's
    common case); a file removed from out_dir by hand since is then only put back once it changes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    cache_root, cache_abs = _cache_paths(link_from)
    changed: list[PurePosixPath] = []
    wanted: set[str] = set()

    def rel_of(p: Path) -> PurePosixPath:
        return PurePosixPath(p.relative_to(root).as_posix())

    def make_parent(target: Path) -> None:
        # A file may stand where a folder is now wanted (a page that became a section).
        for parent in reversed(target.parents):
            if parent == root or root not in parent.parents:
                continue
            if parent.is_symlink() or (parent.exists() and not parent.is_dir()):
                parent.unlink()
                changed.append(rel_of(parent))
        target.parent.mkdir(parents=True, exist_ok=True)

    base = str(root)
    for rel in sorted(outputs):
        name = _target_name(base, rel)
        wanted.add(name)
        data = outputs[rel]
        if (known is not None and rel in known and known[rel] == data
                and (isinstance(data, str) or (link_from is not None and data.is_relative_to(link_from)))):
            continue  # a cache file never changes under its name; other files are compared
        if _up_to_date(name, data, cache_abs):
            continue
        target = Path(name)
        make_parent(target)
        tmp = target.with_name(f".{target.name}.sync")
        tmp.unlink(missing_ok=True)  # never write through a link left by an interrupted run
        try:
            _place(data, tmp, cache_root)
            os.utime(tmp)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            os.replace(tmp, target)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            # Named after the file being written, not the hidden name it is written under.
            raise OSError(e.errno, e.strerror, str(target)) from e
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        changed.append(rel)

    for p in _stray_files(root, wanted):
        os.unlink(p)
        changed.append(rel_of(Path(p)))
    for dirpath, _dirnames, _filenames in os.walk(root, topdown=False):
        here = Path(dirpath)
        if here != root and not any(here.iterdir()):
            here.rmdir()
    return sorted(set(changed))


def _beside(out_dir: Path, what: str) -> Path:
    return out_dir.parent / f".{out_dir.name}.{what}"


def recover(out_dir: Path) -> None:
    """Finish what a swap killed half-way left: out_dir is then whole again, old or new, and nothing lies beside it.

    A kill before the swap leaves the new tree unfinished beside out_dir (removed); a kill after it, the old
    tree beside it (removed); a kill between the two renames of the fallback, out_dir missing and the old tree
    beside it (put back: the run that follows makes the new one)."""
    old, new = _beside(out_dir, "ancien"), _beside(out_dir, "nouveau")
    if os.path.isdir(old):
        if os.path.lexists(out_dir):
            shutil.rmtree(old)
        else:
            os.rename(old, out_dir)
    if os.path.lexists(new):
        shutil.rmtree(new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # the file system cannot exchange: two renames instead
    raise OSError(err, os.strerror(err), str(b))


def swap_tree(outputs: dict[PurePosixPath, str | Path], out_dir: Path, link_from: Path | None = None) -> list[PurePosixPath]:
    """Bring out_dir in line with outputs in one step; return the paths written or removed.

    For `make kits`: killed at any moment, out_dir holds the old tree or the new one, never a mix
    (the next run clears what the kill left beside it, see `recover`). When something differs, the
    new tree is made beside out_dir, unchanged files as hard links to the old ones (they keep their
    inode and mtime: 4,500 links take a tenth of a second), then exchanged with out_dir by the
    system in one step. When nothing differs, nothing is written.
    """
    recover(out_dir)
    cache_root, cache_abs = _cache_paths(link_from)
    exists = out_dir.is_dir()
    root = out_dir.resolve() if exists else out_dir.absolute()
    keep: set[PurePosixPath] = set()
    if exists:
        targets = {rel: _target_name(str(root), rel) for rel in outputs}
        keep = {rel for rel, target in targets.items() if _up_to_date(target, outputs[rel], cache_abs)}
        stray = _stray_files(root, set(targets.values()))
        changed = sorted({*(rel for rel in outputs if rel not in keep),
                          *(PurePosixPath(Path(p).relative_to(root).as_posix()) for p in stray)})
        if not changed:
            return []
    else:
        changed = sorted(outputs)
    new = _beside(root, "nouveau")
    swapped = False
    try:
        new.mkdir(parents=True)
        for rel in sorted(outputs):
            target = _target(new, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel in keep:
                try:
                    os.link(_target(root, rel), target)
                except OSError:
                    shutil.copy2(_target(root, rel), target)
            else:
                _place(outputs[rel], target, cache_root)
                os.utime(target)
        if not exists:
            os.rename(new, root)
            return changed
        if _exchange(new, root):
            swapped = True
        else:
            old = _beside(root, "ancien")
            os.rename(root, old)
            os.rename(new, root)
            swapped = True
            new = old
        shutil.rmtree(new)  # the old tree, now beside
    except OSError as e:
        if swapped:
            raise  # out_dir is whole and new; what is left beside it goes next run
        shutil.rmtree(new, ignore_errors=True)
        if e.filename and str(e.filename).startswith(str(new)):
            # Named after the file of out_dir being made, not the folder it is made in.
            raise OSError(e.errno, e.strerror, str(root / Path(e.filename).relative_to(new))) from e
        raise
    return changed
