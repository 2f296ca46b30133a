"""Write an export's files all or nothing.

Each file is first written in full to a temporary file in its own folder; only when every
one is complete are they renamed over their targets (a rename within a folder is atomic).
So a failure while producing or writing the export leaves no partial file, and an
existing file keeps its old content until the new one is whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_all(files: dict[Path, bytes]) -> None:
    """Write every ``path: data`` pair, replacing existing files only once all are written."""
    pending: list[tuple[str, Path]] = []
    mode = 0o666 & ~_umask()
    target = None
    try:
        for target, data in files.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                                 dir=target.parent)
            pending.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, mode)
        for temporary, target in pending:
            os.replace(temporary, target)
    except OSError as error:  # name the file the user asked for, not the temporary one
        raise OSError(error.errno, error.strerror or str(error), str(target)) from None
    finally:
        for temporary, _ in pending:
            if os.path.exists(temporary):
                os.unlink(temporary)
