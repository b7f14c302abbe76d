"""A throwaway PostgreSQL cluster for the test session, on a free loopback port."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's versioned folder, else the PATH."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_RESTARTS: dict[str, list[str]] = {}  # server URL -> the command that restarts it


def restart(url: str) -> None:
    """Restart the server at ``url`` (fast shutdown: every connection is cut), waiting until it accepts again."""
    subprocess.run(_RESTARTS[url], check=True, capture_output=True)


@contextmanager
def postgres_server(pg_bin: Path) -> Iterator[str]:
    """Start a cluster (as the postgres user when running as root); yield its SQLAlchemy URL; stop it."""
    workdir = Path(tempfile.mkdtemp(prefix="mentor-pg-"))
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(workdir, user="postgres")
    data, port = workdir / "data", _free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True)  # noqa: E731
    run(str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    run(str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(workdir / "log"), "-w", "-o", options, "start")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    _RESTARTS[url] = [*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(workdir / "log")]
    _RESTARTS[url] += ["-w", "-m", "fast", "-o", options, "restart"]
    try:
        yield url
    finally:
        _RESTARTS.pop(url, None)
        subprocess.run(
            [*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)
