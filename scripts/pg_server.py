#!/usr/bin/env python3
"""A private, throw-away PostgreSQL server for building the project on Postgres.

Usage: python scripts/pg_server.py install        # Debian's postgresql, if missing
       python scripts/pg_server.py start DIR      # prints PGPORT=..., PGPID=...
       python scripts/pg_server.py stop DIR

`start` creates a cluster in DIR (owned by the postgres user when run as root,
since PostgreSQL refuses to run as root), listening only on 127.0.0.1 on a free
port, with trust authentication for local connections, and creates the database
`contact_center`. `stop` stops it by the PID in DIR/data/postmaster.pid and
removes DIR. The server() context manager does both, stopping the server even
when the body fails.
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATABASE = "contact_center"


def pg_bin(name: str) -> str:
    """A PostgreSQL server program: on PATH, else the newest Debian install."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda path: int(Path(path).parts[-3]))
    if not candidates:
        raise SystemExit(f"PostgreSQL's {name} was not found; run `python scripts/pg_server.py install` "
                         "(Debian's postgresql package) first.")
    return candidates[-1]


def install() -> None:
    """Install Debian's postgresql package when no server program is present."""
    try:
        print(f"PostgreSQL present: {pg_bin('initdb')}")
        return
    except SystemExit:
        pass
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
                   check=True, env=env)
    print(f"PostgreSQL installed: {pg_bin('initdb')}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def start(directory: Path) -> tuple[int, int]:
    """Start a new cluster in `directory` (a new folder; its parents must be
    readable by the postgres user, e.g. under /tmp); return (port, pid)."""
    directory = Path(directory).resolve()
    directory.mkdir(parents=True)
    data = directory / "data"
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
        directory.chmod(0o700)
    run(as_server_user([pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                        "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"]))
    port = free_port()
    options = (f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c timezone=UTC")
    run(as_server_user([pg_bin("pg_ctl"), "-D", str(data), "-l", str(directory / "server.log"),
                        "-o", options, "-w", "-t", "60", "start"]))
    pid = int((data / "postmaster.pid").read_text().split()[0])
    for _ in range(60):
        ready = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres",
                                "-Atc", f"create database {DATABASE}"], capture_output=True, text=True)
        if ready.returncode == 0:
            return port, pid
        time.sleep(0.5)
    raise RuntimeError(f"PostgreSQL did not accept connections: {ready.stderr}")


def stop(directory: Path) -> None:
    """Stop the server of `directory` by its PID (fast shutdown, then kill) and remove it."""
    directory = Path(directory).resolve()
    pid_file = directory / "data" / "postmaster.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text().split()[0])
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)  # fast shutdown
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.1)
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def server():
    """A private server in a new folder under the temporary directory for the body:
    yields (port, pid); stops the server and removes the folder afterwards, always."""
    directory = Path(tempfile.mkdtemp(prefix="contact-center-pg-"))
    directory.chmod(0o755)
    try:
        yield start(directory / "cluster")
    finally:
        stop(directory / "cluster")
        shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["install"]:
        install()
        return 0
    if len(argv) == 2 and argv[0] in ("start", "stop"):
        if argv[0] == "start":
            port, pid = start(Path(argv[1]))
            print(f"PGHOST=127.0.0.1\nPGPORT={port}\nPGPID={pid}\nPGDATABASE={DATABASE}")
        else:
            stop(Path(argv[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
