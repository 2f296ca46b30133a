"""The files phtkg writes: all or nothing, in place for streams, never what it did not write.

Devices, FIFOs and ``-`` are written to directly (a rename would replace a device node with
a regular file); the outputs of one command change together or not at all (a full disk is
simulated by an ``os.fsync`` that fails); a signal removes the temporaries (a child process
is stopped while its temporary waits, made deterministic by an ``os.fsync`` that sleeps);
temporaries have short names; a site is rebuilt without deleting the user's files; and a
stdout that cannot take the output is one line on stderr.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from phtkg import files
from phtkg.site import paths, writer

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("phtkg: ")
    return lines[0]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def mini_turtle(cli) -> bytes:
    result = cli("export", "-f", "turtle", ontology=MINI)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


# ---- streams: devices, FIFOs and stdout are written in place -------------------------------
@pytest.fixture
def null_device(tmp_path) -> Path:
    """A node of the null device (1, 3) of the test's own, so a failure cannot harm /dev/null."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    try:
        os.close(os.open(node, os.O_WRONLY))
    except OSError:
        pytest.skip("this file system does not open device nodes")
    return node


def test_a_device_stays_a_device(cli, tmp_path, null_device):
    result = cli("export", "-f", "turtle", "-o", str(null_device), ontology=MINI)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(null_device).st_mode)
    assert names(tmp_path) == ["null"]  # no description beside it, no temporary
    assert result.stdout == ""


def test_a_device_is_written_in_place_by_every_writer(tmp_path, null_device):
    files.write_atomically(null_device, b"data")
    files.write_all({null_device: b"data", tmp_path / "beside.ttl": b"file"})
    assert stat.S_ISCHR(os.stat(null_device).st_mode)
    assert names(tmp_path) == ["beside.ttl", "null"]


def test_a_fifo_is_written_in_place(cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("export", "-f", "turtle", "-o", str(fifo), ontology=MINI)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert received == [mini_turtle(cli)]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert names(tmp_path) == ["pipe"]


def test_dash_is_stdout(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (
        ("export", "-f", "turtle", "-o", "-"),
        ("query", "-e", "ASK { ?s ?p ?o }", "-o", "-"),
        ("diagram", "PHT", "-o", "-"),
    ):
        result = cli(*command, ontology=MINI)
        assert result.exit_code == 0, result.output
        assert result.stdout and "wrote" not in result.stdout, command
    assert cli("export", "-f", "turtle", "-o", "-", ontology=MINI).stdout_bytes == mini_turtle(cli)
    assert names(tmp_path) == []  # no file named '-' or '-.void.ttl'


def test_kgx_to_stdout_is_refused(cli):
    assert "give --output PREFIX" in one_line_error(cli("export", "-f", "kgx", "-o", "-"))


@pytest.mark.parametrize(
    "command",
    [
        ("export", "-f", "turtle", "-o", ""),
        ("diagram", "PHT", "-o", ""),
        ("query", "-e", "ASK { ?s ?p ?o }", "-o", ""),
        ("site", "-o", ""),
        ("build", "--output", ""),
        ("build", "--output", "  "),
        ("reason", "--inferred", ""),
    ],
)
def test_an_empty_name_is_one_line(cli, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    line = one_line_error(cli(*command, ontology=MINI))
    assert "the name is empty" in line
    assert names(tmp_path) == []


# ---- the outputs of one command change together -----------------------------------------------
def fsync_failing_at(monkeypatch, call: int) -> None:
    """``os.fsync`` that reports a full disk at its ``call``-th use (a temporary written)."""
    real, calls = os.fsync, []

    def fsync(handle):
        calls.append(handle)
        if len(calls) == call:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(handle)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_full_disk_changes_none_of_the_files(tmp_path, monkeypatch):
    old = {tmp_path / "a.ttl": b"old a", tmp_path / "b.owl": b"old b"}
    for path, data in old.items():
        path.write_bytes(data)
    fsync_failing_at(monkeypatch, 2)
    with pytest.raises(OSError) as raised:
        files.write_all({path: b"new " + data for path, data in old.items()})
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(tmp_path / "b.owl")  # the user's name, not the temporary
    assert {path: path.read_bytes() for path in old} == old
    assert names(tmp_path) == ["a.ttl", "b.owl"]


def test_a_build_with_room_for_one_output_changes_neither(cli, tmp_path, monkeypatch):
    old = {"phtkg.ttl": b"old turtle\n", "phtkg.owl": b"<old rdfxml/>\n"}
    for name, data in old.items():
        (tmp_path / name).write_bytes(data)
    fsync_failing_at(monkeypatch, 2)
    line = one_line_error(cli("build", "--output", str(tmp_path)))
    assert "No space left on device" in line
    assert {name: (tmp_path / name).read_bytes() for name in old} == old
    assert names(tmp_path) == ["phtkg.owl", "phtkg.ttl"]


def test_a_file_keeps_its_permissions_and_links_are_followed(tmp_path):
    target = tmp_path / "real.ttl"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link = tmp_path / "link.ttl"
    link.symlink_to(target.name)
    files.write_atomically(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# ---- short temporaries -----------------------------------------------------------------
def test_a_name_of_250_characters_can_be_written(cli, tmp_path):
    long_name = tmp_path / ("n" * 246 + ".ttl")
    files.write_atomically(long_name, b"data")
    assert long_name.read_bytes() == b"data"
    long_name.unlink()
    result = cli("export", "-f", "turtle", "--no-description", "-o", str(long_name), ontology=MINI)
    assert result.exit_code == 0, result.output
    assert long_name.read_bytes() == mini_turtle(cli)
    assert names(tmp_path) == [long_name.name]


def test_temporaries_have_short_names(tmp_path, monkeypatch):
    seen = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda handle: (seen.extend(names(tmp_path)), real(handle)))
    files.write_atomically(tmp_path / ("x" * 200), b"data")
    temporaries = [name for name in seen if name.endswith(".part")]
    assert temporaries and all(len(name) <= 24 for name in temporaries), temporaries
    assert all(name.startswith(".phtkg-") for name in temporaries)


# ---- signals ---------------------------------------------------------------------------
#: phtkg in a child whose first ``os.fsync`` announces it on stderr and then waits, so the
#: test can signal it while its temporary exists (PAUSE names what to wait in instead).
CHILD = """
import os, sys, time
pause = os.environ["PAUSE"]
def waiting(*args, **kwargs):
    sys.stderr.write("waiting\\n"); sys.stderr.flush()
    time.sleep(60)
if pause == "fsync":
    os.fsync = waiting
else:
    from phtkg.site import writer
    writer._fill = lambda staging, files: ((staging / "index.html").write_text("half"), waiting())
from phtkg.cli import main
sys.argv = ["phtkg", *sys.argv[1:]]
main()
"""


def signalled(args: list[str], number: int, cwd: Path, pause: str = "fsync"):
    """Run phtkg ARGS, send signal ``number`` once it waits; its exit status and stderr."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=cwd,
        env={**os.environ, "PAUSE": pause},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stderr.readline() == "waiting\n"
        child.send_signal(number)
        _, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    return child.returncode, stderr


@pytest.mark.slow  # child processes
@pytest.mark.parametrize(
    ("number", "status"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
)
def test_a_signal_during_a_write_removes_the_temporary(tmp_path, number, status):
    out = tmp_path / "out.ttl"
    out.write_bytes(b"old")
    code, stderr = signalled(
        ["--ontology", str(MINI), "export", "-f", "turtle", "-o", str(out)], number, tmp_path
    )
    assert code == status, stderr
    assert "Traceback" not in stderr
    assert names(tmp_path) == ["out.ttl"]  # no *.part, no description half-written
    assert out.read_bytes() == b"old"


@pytest.mark.slow  # child processes
def test_a_signal_during_a_site_rebuild_leaves_the_old_site(cli, tmp_path):
    folder = tmp_path / "site"
    assert cli("site", "-o", str(folder), ontology=MINI).exit_code == 0
    before = tree(folder)
    code, stderr = signalled(
        ["--ontology", str(MINI), "site", "-o", str(folder)], signal.SIGTERM, tmp_path, "fill"
    )
    assert code == 143, stderr
    assert tree(folder) == before
    assert names(tmp_path) == ["site"]
    assert not [p for p in folder.iterdir() if p.name.endswith(".new")]  # no staging left


# ---- the site: files phtkg did not write are kept ------------------------------------------
def site(cli, folder: Path):
    return cli("site", "-o", str(folder), ontology=MINI)


def manifest(folder: Path) -> list[str]:
    lines = (folder / paths.MARKER).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_a_rebuild_keeps_the_users_files(cli, tmp_path):
    folder = tmp_path / "site"
    assert site(cli, folder).exit_code == 0
    (folder / "notes.txt").write_text("mine")
    (folder / "terms" / "Mine.html").write_text("<p>mine</p>")
    (folder / "index.html").write_text("edited")  # a file of ours: replaced
    result = site(cli, folder)
    assert result.exit_code == 0, result.output
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "terms" / "Mine.html").read_text() == "<p>mine</p>"
    assert (folder / "index.html").read_text() != "edited"
    assert "notes.txt" not in manifest(folder)
    assert names(tmp_path) == ["site"]


def test_the_manifest_lists_every_file_written(cli, tmp_path):
    folder = tmp_path / "site"
    assert site(cli, folder).exit_code == 0
    written = sorted(name for name in tree(folder) if name != paths.MARKER)
    assert manifest(folder) == written


def test_a_rebuild_removes_only_the_files_of_the_old_site(cli, tmp_path):
    folder = tmp_path / "site"
    assert site(cli, folder).exit_code == 0
    (folder / "old").mkdir()
    (folder / "old" / "Gone.html").write_text("an old page")
    (folder / "terms" / "Gone.html").write_text("an old page")
    (tmp_path / "outside.txt").write_text("not in the site")
    listed = manifest(folder) + ["old/Gone.html", "terms/Gone.html", "../outside.txt"]
    (folder / paths.MARKER).write_text(writer.MANIFEST_HEADER + "\n".join(listed) + "\n")
    assert site(cli, folder).exit_code == 0
    assert not (folder / "terms" / "Gone.html").exists()
    assert not (folder / "old").exists()  # a folder of ours left empty
    assert (tmp_path / "outside.txt").read_text() == "not in the site"
    assert "terms/Gone.html" not in manifest(folder)


def test_a_page_in_place_of_a_file_not_ours_is_refused(cli, tmp_path):
    folder = tmp_path / "site"
    assert site(cli, folder).exit_code == 0
    listed = [name for name in manifest(folder) if name != "index.html"]
    (folder / paths.MARKER).write_text(writer.MANIFEST_HEADER + "\n".join(listed) + "\n")
    before = tree(folder)
    line = one_line_error(site(cli, folder))
    assert "index.html" in line and "did not write it" in line
    assert tree(folder) == before
    assert names(tmp_path) == ["site"]


def test_a_site_from_before_manifests_is_rebuilt_without_removing_anything(cli, tmp_path):
    folder = tmp_path / "site"
    assert site(cli, folder).exit_code == 0
    (folder / paths.MARKER).write_text("This folder was made by 'phtkg site'.\n")
    (folder / "notes.txt").write_text("mine")
    assert site(cli, folder).exit_code == 0
    assert (folder / "notes.txt").read_text() == "mine"
    assert "index.html" in manifest(folder)


def test_a_failed_first_build_leaves_no_folder(cli, tmp_path, monkeypatch):
    def full_disk(staging, files):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer, "_fill", full_disk)
    assert "No space left" in one_line_error(site(cli, tmp_path / "new"))
    assert names(tmp_path) == []


# ---- a stdout that cannot take the output ---------------------------------------------------
@pytest.mark.slow  # child processes
@pytest.mark.parametrize(
    "command",
    [
        ["aggravates"],
        ["query", "aggravates", "--param", "term=pht:ProximalHamstringTendinopathy"],
        ["export", "-f", "turtle"],
        ["export", "-f", "turtle", "-o", "-"],
    ],
)
def test_a_full_stdout_is_one_line(command):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "phtkg.cli", "--ontology", str(MINI), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == "phtkg: could not write the output: No space left on device\n"


@pytest.mark.slow  # a child process
def test_a_reader_that_went_away_is_quiet():
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "phtkg.cli", "--ontology", str(MINI), "aggravates"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")
