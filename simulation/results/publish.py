"""Publishing a results folder without ever destroying what the user has.

Every results folder (``simulate``, ``compare``, ``staffing``, ``gaps --matrix``) is written
into a hidden temporary folder beside ``--out`` and renamed into place only when complete,
with a marker file, :data:`MARKER`, listing every file written (name, size, SHA-256). The rules:

- ``--out`` that does not exist, or is an empty folder: the results are put there;
- ``--out`` that is a file, a link, or a folder missingsim did not write (no marker): refused
  (:class:`OutputError`, before any work): nothing is moved, replaced or deleted;
- ``--out`` that missingsim wrote (marker, and nothing in it added or changed since):
  replaced only with ``--force``, once the new results are complete;
- two runs into one ``--out``: the first to finish publishes; the other ends with one line
  (its results are discarded), never a half-replaced folder;
- results get ordinary permissions (folders 0777, files 0666, less the umask), so colleagues
  on a shared drive can read them;
- on any error or interruption the temporary folder, and any parent folder made for it, are
  removed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from models import MissingsimError
from simulation.run.interrupts import deferred

__all__ = ["MARKER", "OutputError", "check_out", "missingsim_version", "publish_directory",
           "shown"]

MARKER = "missingsim-results.json"
_SHOWN_LIMIT = 80


class OutputError(MissingsimError):
    """``--out`` cannot be used; one line naming it, what is wrong and what is expected."""

    def __init__(self, out: str | Path, message: str) -> None:
        self.out = str(out)
        self.message = message
        super().__init__(f"--out {shown(out)}: {message}")


def shown(value: object, limit: int = _SHOWN_LIMIT) -> str:
    """``value`` quoted for a one-line message: never longer than ``limit`` characters, on one
    line (the middle of a long value is left out)."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        half = (limit - 1) // 2
        text = f"{text[:half]}…{text[-half:]}"
    return f"'{text}'"


def missingsim_version() -> str:
    """The installed version of missingsim (``unknown`` when run from an uninstalled tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("missingsim")
    except PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------------------- what is there


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(folder: Path) -> dict[str, Path]:
    """Every entry under ``folder`` that is not a folder, by its relative POSIX path."""
    out: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in [*filenames, *links]:
            path = Path(dirpath) / name
            out[path.relative_to(folder).as_posix()] = path
    return out


def _manifest(folder: Path) -> dict[str, dict[str, object]] | None:
    """The files the marker lists, or None when there is no readable marker."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("written_by") != "missingsim":
        return None
    files = data.get("files")
    return files if isinstance(files, dict) else None


def _state(target: Path) -> tuple[str, str]:
    """What ``target`` is: (``missing``|``empty``|``ours``|``stray``|``theirs``|``file``|
    ``link``|``unreadable``, a detail for the message)."""
    if target.is_symlink():
        return "link", ""
    if not target.exists():
        return "missing", ""
    if not target.is_dir():
        return "file", ""
    try:
        if not any(target.iterdir()):
            return "empty", ""
        files = _files(target)
    except OSError as exc:
        return "unreadable", exc.strerror or type(exc).__name__
    listed = _manifest(target)
    if listed is None:
        return "theirs", ""
    for name in sorted(files):
        if name == MARKER:
            continue
        entry = listed.get(name)
        path = files[name]
        if (not isinstance(entry, dict) or path.is_symlink()
                or entry.get("bytes") != path.stat().st_size
                or entry.get("sha256") != _digest(path)):
            return "stray", name
    return "ours", ""


def _refusal(state: str, detail: str, force: bool) -> str | None:
    """Why ``--out`` in this state cannot be written (None when it can)."""
    if state in ("missing", "empty") or (state == "ours" and force):
        return None
    return {
        "file": "is a file; expected a folder (missingsim never replaces or moves a file)",
        "link": "is a symbolic link; expected a folder path that is not a link",
        "unreadable": f"cannot be read ({detail}); expected a folder you can write",
        "theirs": f"exists and was not written by missingsim (no {MARKER} in it); expected a "
                  "new or empty folder (missingsim never replaces a folder it did not write)",
        "stray": f"holds {shown(detail, 40)}, which missingsim did not write or which changed "
                 "since; expected only missingsim's files (move it out, or choose a new folder)",
        "ours": "holds the results of an earlier missingsim run; add --force to replace them, "
                "or choose a new folder",
    }[state]


def check_out(out: str | Path, *, force: bool = False) -> None:
    """Raise :class:`OutputError` when ``out`` may not receive results (see the module doc)."""
    target = Path(os.path.abspath(out))
    reason = _refusal(*_state(target), force)
    if reason:
        raise OutputError(out, reason)
    parent = target.parent
    while not parent.exists() and not parent.is_symlink() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(out, f"{shown(parent, 60)} is a file, so no folder can be made under "
                               "it; expected a folder path")


# ------------------------------------------------------------------------------- publishing


def _umask() -> int:
    with suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _open_permissions(root: Path) -> None:
    """Folders 0777 and files 0666 less the umask, as any program's new files get (temporary
    files and folders are created owner-only)."""
    mask = _umask()
    os.chmod(root, 0o777 & ~mask)
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o777 & ~mask)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o666 & ~mask)


def _write_marker(folder: Path, command: str) -> None:
    files = {name: {"bytes": path.stat().st_size, "sha256": _digest(path)}
             for name, path in sorted(_files(folder).items()) if name != MARKER}
    data = {"written_by": "missingsim", "version": missingsim_version(), "command": command,
            "files": files}
    (folder / MARKER).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


_RACE = ("was written by another run while this one worked; that folder is left as it is and "
         "this run's results were discarded (run again with a new --out)")


def _rename(tmp: Path, target: Path, out: str | Path) -> None:
    """Rename ``tmp`` to ``target``; the kernel refuses a non-empty folder or a file there, so
    a folder that appeared meanwhile is never replaced."""
    try:
        os.rename(tmp, target)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            raise OutputError(out, _RACE) from None
        raise OutputError(out, f"cannot be written ({exc.strerror}); expected a writable "
                               "folder") from None


def _move_into_place(tmp: Path, target: Path, out: str | Path, force: bool) -> None:
    """Put the finished ``tmp`` at ``target`` (replacing missingsim's own earlier results when
    ``force``); a folder that appeared meanwhile is never replaced."""
    state, detail = _state(target)
    if state in ("missing", "empty"):
        _rename(tmp, target, out)
        return
    if state != "ours" or not force:
        reason = None if state == "ours" else _refusal(state, detail, force)
        raise OutputError(out, reason or _RACE)
    old = tmp.with_name(tmp.name + ".old")
    try:
        os.rename(target, old)
    except FileNotFoundError:
        pass  # another run moved it away meanwhile: the place is free
    except OSError as exc:
        raise OutputError(out, f"cannot be replaced ({exc.strerror}); expected a folder you "
                               "can write") from None
    try:
        _rename(tmp, target, out)
    finally:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def publish_directory(out: str | Path, *, force: bool = False,
                      command: str = "missingsim") -> Iterator[Path]:
    """A temporary folder beside ``out``; renamed to ``out`` when the block completes.

    ``out`` is checked first (:func:`check_out`: :class:`OutputError` before any work). On any
    exception (a bad input, Ctrl-C, SIGTERM) the temporary folder and the parents made for it
    are removed and ``out`` is left as it was; an existing ``out`` that missingsim wrote is
    replaced, with ``force``, only once the new one is complete.
    """
    check_out(out, force=force)
    target = Path(os.path.abspath(out))
    created = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        _remove_empty(created)
        raise OutputError(out, f"no folder can be made there ({exc.strerror or exc}); "
                               "expected a writable folder") from None
    try:
        yield tmp
        _write_marker(tmp, command)
        _open_permissions(tmp)
        with deferred():
            _move_into_place(tmp, target, out, force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_empty(created)
        raise


def _remove_empty(created: list[Path]) -> None:
    for folder in created:  # innermost first; only the folders made here, if still empty
        with suppress(OSError):
            folder.rmdir()
