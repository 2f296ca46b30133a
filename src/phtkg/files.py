"""Write files all or nothing, so a failed command never leaves a half-written file.

Each file is first written in full to a temporary file in its own folder; only when every
one is complete are they renamed over their targets (a rename within a folder is atomic).
So a failure while producing or writing the export leaves no partial file, and an
existing file keeps its old content until the new one is whole.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once; on failure an existing file is untouched."""
    write_all({Path(path): data})


def write_all(files: dict[Path, bytes]) -> None:
    """Write every ``path: data`` pair, replacing existing files only once all are written."""
    pending: list[tuple[str, Path]] = []
    target = None
    try:
        for target, data in files.items():
            folder = target.parent if str(target.parent) else Path(".")
            handle, temporary = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=folder
            )
            pending.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, _mode_for(target))
        for temporary, target in pending:
            os.replace(temporary, target)
    except OSError as error:  # name the file the user asked for, not the temporary one
        raise OSError(error.errno, error.strerror or str(error), str(target)) from None
    finally:
        for temporary, _ in pending:
            if os.path.exists(temporary):
                os.unlink(temporary)


def write_stdout(data: bytes) -> None:
    """Write bytes to standard output as they are (PNG, or text in its own encoding)."""
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stdout (some embeddings): decode
        sys.stdout.write(data.decode("utf-8", "replace"))
    else:
        stream.write(data)
    sys.stdout.flush()
