"""Run `kits` and stop it dead at chosen steps of its writing, as a kill would: for tests/test_faults.py.

    python tests/kill_points.py CONTENT OUT CACHE SAVED K [K ...]

For each K: OUT is put back as SAVED (a tree of hard links), then a child process runs the pipeline and
ends with os._exit (no cleanup, no `finally`, like SIGKILL) at the K-th file-system call made by the
writer (creating, linking, renaming, removing, writing). K = 0 counts the calls of a whole run instead.
Prints one JSON object per K: the calls counted, whether the child was stopped, and the SHA-256 of
every file under OUT afterwards, with what was left beside it.

One interpreter forks its children, so the generator is imported once and no test thread is forked.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import pipeline, write  # noqa: E402

CALLS = ("mkdir", "link", "rename", "replace", "unlink", "rmdir", "write", "utime", "open")
STOPPED = 86


def digest(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def child(content: Path, out: Path, cache: Path, k: int, tally: Path) -> None:
    count = [0]
    armed = [False]

    def counted(f):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            if armed[0]:
                count[0] += 1
                if count[0] == k:
                    os._exit(STOPPED)
            return f(*args, **kwargs)
        return call

    for name in CALLS:
        setattr(os, name, counted(getattr(os, name)))
    exchange = write._exchange
    write._exchange = counted(exchange)
    for name in ("swap_tree", "sync_tree"):
        writer = getattr(write, name)

        def arm(*args, _writer=writer, **kwargs):  # type: ignore[no-untyped-def]
            armed[0] = True
            return _writer(*args, **kwargs)
        setattr(write, name, arm)
        setattr(pipeline.write, name, arm)
    try:
        pipeline.build(content, out, cache)
    finally:
        armed[0] = False
        tally.write_text(str(count[0]))
        os._exit(0)


def main() -> None:
    content, out, cache, saved = map(Path, sys.argv[1:5])
    tally = out.parent / ".appels"
    for k in map(int, sys.argv[5:]):
        for leftover in (out, out.parent / f".{out.name}.nouveau", out.parent / f".{out.name}.ancien"):
            if leftover.exists():
                shutil.rmtree(leftover)
        shutil.copytree(saved, out, copy_function=os.link)
        tally.unlink(missing_ok=True)
        pid = os.fork()
        if pid == 0:
            child(content, out, cache, k, tally)
        _, status = os.waitpid(pid, 0)
        beside = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.name != f".{out.name}.verrou")
        print(json.dumps({"k": k, "stopped": os.waitstatus_to_exitcode(status) == STOPPED,
                          "calls": int(tally.read_text()) if tally.exists() else None,
                          "tree": digest(out), "beside": beside}), flush=True)


if __name__ == "__main__":
    main()
