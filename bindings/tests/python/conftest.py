"""Fixtures for the Python binding tests.

Every test gets its own store in pytest's `tmp_path`. Tests that need a server share one
`fieldsales-server` on loopback for the session (`server`), with one territory, an admin and two
reps; they make their own products and accounts, named so that tests do not see each other's.
"""

import json
import os
import re
import selectors
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

import fieldsales_ffi as fs
from support import password

ROOT = Path(__file__).resolve().parents[3]


def server_exe() -> Path:
    exe = Path(os.environ.get("FIELDSALES_SERVER", ROOT / "target/debug/fieldsales-server"))
    if not exe.is_file():
        pytest.fail(f"{exe} is missing: `cargo build -p fieldsales-server` (the run script does)")
    return exe


@dataclass
class Server:
    url: str
    territory_id: str
    process: subprocess.Popen
    log: Path
    data: Path


class Servers:
    """Starts `fieldsales-server` processes and stops them all at the end."""

    def __init__(self, base: Path):
        self.base = base
        self.started: list[Server] = []

    def cli(self, *args: str) -> str:
        done = subprocess.run([str(server_exe()), *args], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise AssertionError(f"fieldsales-server {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, users: dict[str, str]) -> Server:
        """A fresh data directory with the territory North and `users` (name -> role) in it."""
        data = self.base / f"server-{len(self.started)}"
        self.cli("init", "--data", str(data))
        territory = json.loads(
            self.cli("territory", "add", "--data", str(data), "--name", "North", "--json")
        )["id"]
        for name, role in users.items():
            self.cli("user", "add", "--data", str(data), "--name", name, "--password",
                     password(name), "--role", role, "--territory", territory, "--json")
        log_path = data / "server.log"
        log = open(log_path, "w")
        process = subprocess.Popen(
            [str(server_exe()), "serve", "--data", str(data), "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=log, text=True,
        )
        log.close()
        line = _first_line(process, timeout_s=30)
        found = re.search(r"listening on (http://\S+)", line)
        if not found:
            process.kill()
            process.wait()
            pytest.fail(f"fieldsales-server did not start: {line!r}\n{log_path.read_text()}")
        # keep reading stdout so that a chatty server never blocks on a full pipe
        threading.Thread(target=process.stdout.read, daemon=True).start()
        server = Server(found.group(1), territory, process, log_path, data)
        self.started.append(server)
        return server

    def stop(self, server: Server) -> None:
        if server.process.poll() is None:
            server.process.terminate()
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()

    def stop_all(self) -> None:
        for server in self.started:
            self.stop(server)


def _first_line(process: subprocess.Popen, timeout_s: float) -> str:
    sel = selectors.DefaultSelector()
    sel.register(process.stdout, selectors.EVENT_READ)
    try:
        if not sel.select(timeout=timeout_s):
            return f"(nothing on stdout after {timeout_s} s)"
        return process.stdout.readline()
    finally:
        sel.close()


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    pool = Servers(tmp_path_factory.mktemp("servers"))
    yield pool
    pool.stop_all()


@pytest.fixture(scope="session")
def server(servers) -> Server:
    """One server for the session: `root` (admin), `ana` and `ben` (reps), all in North."""
    return servers.start({"root": "admin", "ana": "rep", "ben": "rep"})


@pytest.fixture
def store(tmp_path):
    """A standalone store (not bound to a server): the rep `ana` in Berlin owns all its data."""
    s = fs.FieldSales.create(str(tmp_path / "ana.db"), "ana", fs.Role.REP, "Europe/Berlin")
    yield s
    s.close_store()


@pytest.fixture
def unique() -> str:
    """A short tag that keeps one test's records apart from another's on the shared server."""
    return uuid.uuid4().hex[:8]


@pytest.fixture
def dead_url() -> str:
    """A loopback URL nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def pytest_unconfigure(config):
    # An async call (login, sync) completes on one of the library's tokio threads, which hands
    # the result to asyncio through a Python callback (uniffi's continuation). That callback
    # lets go of the GIL inside `call_soon_threadsafe`; if the interpreter starts finalizing
    # before the thread takes the GIL back, CPython (< 3.14) ends the thread with pthread_exit,
    # whose forced unwind meets tokio's catch_unwind and aborts the process ("FATAL: exception
    # not rethrown", exit 134) after every test has passed. Letting go of the GIL here lets such
    # a thread finish first. Reported as an API problem; see bindings/tests/python/README.md.
    time.sleep(0.2)
