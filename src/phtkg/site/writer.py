"""Put the site in its folder all at once, and never write over someone else's folder.

The whole site is written into a new folder beside the target, then swapped in with
renames, so a failure leaves either the old site or the new one, never half of one. A
folder that already holds files is replaced only if ``phtkg site`` made it (it holds the
marker file); anything else is refused untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..files import current_umask
from .paths import MARKER


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


def _fill(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    os.chmod(folder, 0o777 & ~current_umask())  # mkdtemp made it private


def write_site(target: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (relative path -> bytes) as the folder ``target``; return its path."""
    target = Path(os.path.abspath(target))
    if target.is_symlink():
        target = target.resolve()
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        _fill(staging, files)
        if target.exists():
            _swap(staging, target)
        else:
            os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _swap(staging: Path, target: Path) -> None:
    """Replace the folder ``target`` with ``staging``; on failure put the old one back."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)  # only its unique name is wanted
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
