"""Put the site in its folder, and never delete or overwrite a file phtkg did not write.

The folder keeps a manifest, ``.phtkg-site``, of the files the last ``phtkg site`` wrote.
A build first makes the whole new site in a hidden folder inside the target
(``.phtkg-XXXXXXXX.new``: the same file system, so moving a file in is a rename), and only
when it is complete:

1. lists in the manifest every file of the old site and of the new one, so that whatever
   happens next, every file of ours is named there and the next build finishes the job;
2. moves each new file over its place, with SIGTERM, SIGHUP and SIGINT held back until
   the last one, so a signal cannot stop the moves halfway;
3. removes the files the old site had and the new one has not, and the folders of ours
   that leaves empty;
4. lists the new site alone in the manifest.

Every other file in the folder is left alone, as Sphinx and MkDocs leave files they did not
make. A folder that holds files but no manifest is refused untouched, and so is a build
whose page would take the place of a file the manifest does not list.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import stat
import tempfile
from pathlib import Path

from ..files import TEMPORARY_PREFIX, signals_end_cleanly, signals_held, write_atomically
from .paths import MARKER

MANIFEST_HEADER = (
    "# phtkg site: the files 'phtkg site' wrote in this folder, one a line. Running\n"
    "# 'phtkg site' on the folder again replaces them, removes those the new site no\n"
    "# longer has, and leaves every other file alone.\n"
)


class SiteFolderError(Exception):
    """The target folder cannot take the site; ``hint`` says what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def check_target(target: Path) -> None:
    """Refuse a target that is a file, or a non-empty folder ``phtkg site`` did not make."""
    if target.exists() and not target.is_dir():
        raise SiteFolderError(
            f"{str(target)!r} is a file, not a folder", "choose an empty or new folder"
        )
    if target.is_dir():
        try:
            entries = [entry.name for entry in os.scandir(target)]
        except OSError as error:
            raise SiteFolderError(
                f"cannot read the folder {str(target)!r}: {error.strerror or error}"
            ) from None
        if entries and MARKER not in entries:
            raise SiteFolderError(
                f"{str(target)!r} already holds files that 'phtkg site' did not write",
                "choose an empty or new folder",
            )


def write_site(target: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (relative path -> bytes) into the folder ``target``; return its path."""
    target = Path(os.path.abspath(target))
    if target.is_symlink():
        target = target.resolve()
    check_target(target)
    with signals_end_cleanly():
        made = not target.exists()
        target.mkdir(parents=True, exist_ok=True)
        try:
            previous = _previous_files(target, files)
            _check_places(target, files, previous)
            staging = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, suffix=".new", dir=target))
            try:
                _fill(staging, files)
                _write_manifest(target, previous | set(files))
                with signals_held():
                    _move_in(staging, target, files)
                _remove(target, previous - set(files))
                _write_manifest(target, set(files))
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            if made:  # the folder is this build's alone
                shutil.rmtree(target, ignore_errors=True)
            raise
    return target


# ---- the manifest ----------------------------------------------------------------------
def _previous_files(target: Path, files: dict[str, bytes]) -> set[str]:
    """The files an earlier build wrote here, as its manifest lists them.

    A marker from before manifests (text without the header) names no files: then the
    earlier site is taken to be the files of this one that are there, and none is removed.
    """
    try:
        text = (target / MARKER).read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    if not text.startswith(MANIFEST_HEADER.splitlines()[0]):
        return {relative for relative in files if (target / relative).is_file()}
    return {
        line
        for line in text.splitlines()
        if line and not line.startswith("#") and _is_plain_relative(line)
    }


def _is_plain_relative(relative: str) -> bool:
    """A path inside the folder: relative, normal, no '..' (a manifest can be edited)."""
    return (
        not posixpath.isabs(relative)
        and posixpath.normpath(relative) == relative
        and ".." not in relative.split("/")
        and relative != MARKER
    )


def _write_manifest(target: Path, listed: set[str]) -> None:
    text = MANIFEST_HEADER + "".join(f"{relative}\n" for relative in sorted(listed))
    write_atomically(target / MARKER, text.encode("utf-8"))


# ---- the files -------------------------------------------------------------------------
def _check_places(target: Path, files: dict[str, bytes], ours: set[str]) -> None:
    """Refuse, before anything is written, a page whose place is taken by a file not ours."""
    for relative in files:
        place = target / relative
        inside = _inside(target, place)
        try:
            mode = place.lstat().st_mode
        except FileNotFoundError:
            mode = None
        except NotADirectoryError:  # a file of the user's where a folder of ours goes
            inside, mode = False, None
        taken = mode is not None and (relative not in ours or not stat.S_ISREG(mode))
        if taken or not inside:
            raise SiteFolderError(
                f"{str(place)!r} is in the way: 'phtkg site' did not write it",
                "move it out of the folder, or choose another folder",
            )


def _inside(target: Path, place: Path) -> bool:
    """Is ``place``'s folder within ``target``, through any links, and not a file?"""
    folder = os.path.realpath(place.parent)
    root = os.path.realpath(target)
    if os.path.exists(folder) and not os.path.isdir(folder):
        return False
    return folder == root or folder.startswith(root + os.sep)


def _fill(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _move_in(staging: Path, target: Path, files: dict[str, bytes]) -> None:
    for relative in files:
        place = target / relative
        place.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / relative, place)


def _remove(target: Path, stale: set[str]) -> None:
    """Remove files of the old site the new one has not, and folders of ours left empty."""
    for relative in sorted(stale):
        place = target / relative
        if not _inside(target, place) or not place.is_file() or place.is_symlink():
            continue  # moved, replaced by something else, or reached through a link: not ours
        place.unlink()
        folder = place.parent
        while folder != target:
            try:
                folder.rmdir()  # only if empty: a file of the user's keeps it
            except OSError:
                break
            folder = folder.parent
