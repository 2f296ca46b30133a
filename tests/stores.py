"""Start real SPARQL stores on 127.0.0.1 for the tests, and stop them again.

Two stores with different habits: the Oxigraph server (from the ``oxigraph`` PyPI
package) and OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource-7-bin``). Each runs as
a child process on free loopback ports with its files in a temporary folder, start-up
waits are bounded, and :meth:`Server.stop` ends exactly the process it started.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 60.0


class StoreUnavailable(Exception):
    """The store's program is not installed here; the message says how to get it."""


@dataclass
class Server:
    """A running store: its process and its endpoints."""

    name: str
    process: subprocess.Popen
    query: str
    update: str
    store: str
    folder: Path
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    extra: dict = field(default_factory=dict)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (both stores shut down cleanly on it), SIGKILL if it does not end in time."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(process: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"the store exited early (status {process.returncode}): {tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    process.terminate()
    process.wait(30)
    raise RuntimeError(f"the store did not answer {url} within {timeout:g} s")


# ---- Oxigraph -----------------------------------------------------------------------------
def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command installed beside this Python, or on PATH."""
    import sys

    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def start_oxigraph(folder: Path) -> Server:
    """``oxigraph serve`` on a free port, in memory."""
    binary = oxigraph_binary()
    if not binary:
        raise StoreUnavailable("the Oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    log = folder / "oxigraph.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    _wait_until_ready(process, f"{base}/query?query=ASK%7B%7D", log, START_TIMEOUT_S)
    return Server(
        "oxigraph",
        process,
        query=f"{base}/query",
        update=f"{base}/update",
        store=f"{base}/store",
        folder=folder,
    )


# ---- Virtuoso -----------------------------------------------------------------------------
VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {dir}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
VADInstallDir            = {dir}/vad/
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 256M
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {dir}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 1

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 60
DeferInferenceRulesInit    = 0
"""


def virtuoso_binary() -> str | None:
    return (
        os.environ.get("VIRTUOSO_BIN")
        or shutil.which("virtuoso-t")
        or ("/usr/bin/virtuoso-t" if Path("/usr/bin/virtuoso-t").is_file() else None)
    )


def start_virtuoso(folder: Path) -> Server:
    """``virtuoso-t +foreground`` with a fresh database in ``folder``, HTTP and SQL on loopback.

    ``MaxQueryCostEstimationTime = 0`` turns off the refusal of queries by their estimated
    cost: on this graph the estimate varies from start to start and exceeds the default
    limit (400 s) for grouped queries that run in milliseconds. docs/triple-stores.md asks
    for the same setting on a server that answers the bundled queries.

    A fresh database has the user ``dba`` with password ``dba``. Writes go to the
    digest-protected endpoints (``/sparql-auth``, ``/sparql-graph-crud-auth``), so the
    tests exercise digest credentials and nothing has to be granted to anonymous users.
    """
    binary = virtuoso_binary()
    if not binary:
        raise StoreUnavailable(
            "OpenLink Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)"
        )
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    for sub in ("vad", "vsp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, http_port=http_port, sql_port=sql_port))
    log = folder / "virtuoso.stdout"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{http_port}"
    _wait_until_ready(process, f"{base}/sparql?query=ASK%7B%7D", log, START_TIMEOUT_S)
    return Server(
        "virtuoso",
        process,
        query=f"{base}/sparql",
        update=f"{base}/sparql-auth",
        store=f"{base}/sparql-graph-crud-auth",
        folder=folder,
        user="dba",
        password="dba",
        auth="digest",
    )
