"""Write output files all or nothing, and write streams in place.

A regular file (or a new one) is first written in full to a temporary file in its own
folder, ``.phtkg-XXXXXXXX.part`` (short, so that any name the folder takes, its
temporary fits too), and flushed to the disk. Only when every file of the command is
complete are the temporaries renamed over their targets (a rename within a folder is
atomic), with SIGTERM, SIGHUP and SIGINT held back until the last rename, so the files of
one command change together or not at all. A failure or a signal before then removes the
temporaries and leaves every old file as it was.

Standard output (``-``), a device such as ``/dev/null`` and a FIFO are written to
directly: a rename would replace the device node or the pipe with a regular file.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: The name that means standard output.
STDOUT = "-"
TEMPORARY_PREFIX = ".phtkg-"


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def is_stream(target: Path | str) -> bool:
    """Standard output, a device, a FIFO or a socket: written in place, never replaced."""
    if str(target) == STDOUT:
        return True
    try:
        mode = os.stat(target).st_mode  # through a link: a link to /dev/null is a device
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


# ---- signals ---------------------------------------------------------------------------
_ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_HELD = _ENDING + (signal.SIGINT,)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _end_command(signum, frame) -> None:
    """Stop as a signalled command does (exit 128 + the signal), running the clean-ups."""
    for ending in _ENDING:  # a second signal must not interrupt the clean-up
        signal.signal(ending, signal.SIG_IGN)
    raise SystemExit(128 + signum)


@contextmanager
def signals_end_cleanly() -> Iterator[None]:
    """While temporaries exist, SIGTERM and SIGHUP exit through the clean-ups (143, 129).

    Their default action kills the process at once and would leave the temporaries behind;
    SIGINT already raises KeyboardInterrupt, which runs the same clean-ups (exit 130).
    """
    if not _in_main_thread():
        yield
        return
    previous = {number: signal.signal(number, _end_command) for number in _ENDING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGTERM, SIGHUP and SIGINT back until the block is done, then deliver them."""
    if not _in_main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# ---- writing ---------------------------------------------------------------------------
def write_atomically(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once; on failure an existing file is untouched."""
    write_all({Path(path): data})


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every ``path: data`` pair; regular files are replaced only once all are written.

    An ``OSError`` names the file the user asked for, never a temporary.
    """
    streams = {Path(p): data for p, data in files.items() if is_stream(p)}
    regular = {Path(p): data for p, data in files.items() if not is_stream(p)}
    staged: list[_Staged] = []
    with signals_end_cleanly():
        try:
            for target, data in regular.items():
                _stage(target, data, staged)
            for target, data in streams.items():
                _write_stream(target, data)
            with signals_held():
                while staged:
                    _named(staged[0].target, os.replace, staged[0].temporary, staged[0].destination)
                    staged.pop(0)
            for folder in {_destination(target).parent for target in regular}:
                _sync_folder(folder)
        finally:
            for left in staged:
                try:
                    os.unlink(left.temporary)
                except OSError:
                    pass


@dataclass(frozen=True)
class _Staged:
    temporary: str  # the complete new bytes
    destination: Path  # what the rename replaces
    target: Path  # the name the user gave, for messages


def _destination(target: Path) -> Path:
    """Where ``target``'s bytes go: through a symbolic link, to the file it names."""
    return Path(os.path.realpath(target)) if os.path.islink(target) else target


def _named(target: Path, action, *args):
    """Run ``action``; an OSError is reported against ``target``."""
    try:
        return action(*args)
    except OSError as error:
        raise OSError(error.errno, error.strerror or str(error), str(target)) from None


def _stage(target: Path, data: bytes, staged: list[_Staged]) -> None:
    """Write ``data`` in full to a new temporary beside ``target``'s destination."""
    destination = _destination(target)
    if destination.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(target))
    folder = str(destination.parent) or "."
    with signals_held():  # the temporary is listed for removal as soon as it exists
        handle, temporary = _named(
            target, lambda: tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".part", dir=folder)
        )
        staged.append(_Staged(temporary, destination, target))
    _named(target, _write_and_sync, handle, data, _mode_for(destination))


def _write_and_sync(handle: int, data: bytes, mode: int) -> None:
    """Write all of ``data`` to the new file ``handle``, give it ``mode``, flush it to disk."""
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
        os.fchmod(stream.fileno(), mode)


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def _write_stream(target: Path, data: bytes) -> None:
    """Write to standard output, a device or a FIFO as it is (opening a FIFO waits for a reader)."""
    if str(target) == STDOUT:
        write_stdout(data)  # a failure is the output's, reported as such by the command line
        return
    sys.stdout.flush()  # /dev/stdout: what was printed before comes first
    handle = _named(target, os.open, target, os.O_WRONLY)  # never creates a file
    _named(target, _write_to, handle, data)


def _write_to(handle: int, data: bytes) -> None:
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` last across a crash (not every system can)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def write_stdout(data: bytes) -> None:
    """Write bytes to standard output as they are (PNG, or text in its own encoding)."""
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stdout (some embeddings): decode
        sys.stdout.write(data.decode("utf-8", "replace"))
    else:
        stream.write(data)
    sys.stdout.flush()
