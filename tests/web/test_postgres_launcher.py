"""The throwaway PostgreSQL the store's tests and benchmarks run against: it stores and reads,
listens on 127.0.0.1 only, says clearly why it failed to start, and leaves nothing behind."""

from __future__ import annotations

import selectors
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.web import postgres
from tests.web.postgres import PostgresError, PostgresServer, unavailable

ROOT = Path(__file__).resolve().parents[2]
REASON = unavailable()
needs_postgres = pytest.mark.skipif(REASON is not None, reason=REASON or "")


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_session_server_stores_and_reads_through_sqlalchemy(pg_url):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(pg_url)
    try:
        with engine.begin() as db:
            db.exec_driver_sql("CREATE TEMP TABLE t (n int)")
            db.exec_driver_sql("INSERT INTO t VALUES (1), (2)")
            assert db.exec_driver_sql("SELECT sum(n) FROM t").scalar() == 3
            assert db.exec_driver_sql("SHOW max_connections").scalar() == "200"
            assert db.exec_driver_sql("SHOW fsync").scalar() == "on"          # defaults kept
            assert db.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
    finally:
        engine.dispose()


@needs_postgres
def test_listens_on_loopback_only_and_stop_leaves_nothing():
    import psycopg

    server = PostgresServer()
    with server:
        folder, port = server.dir, server.port
        assert folder is not None and folder.is_dir()
        with psycopg.connect(server.dsn, autocommit=True) as db:
            db.execute("CREATE TABLE attempts (id serial PRIMARY KEY, player text)")
            db.execute("INSERT INTO attempts (player) VALUES (%s), (%s)", ["ana", "bo"])
            assert db.execute("SELECT player FROM attempts ORDER BY id").fetchall() == [("ana",), ("bo",)]
            assert db.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
            assert db.execute("SHOW unix_socket_directories").fetchone() == (str(folder),)
            assert db.execute("SELECT inet_server_addr()::text").fetchone() == ("127.0.0.1/32",)
        assert _port_open(port)
    assert not _port_open(port)
    assert not folder.exists()
    assert server.dir is None
    server.stop()                                          # stopping twice is harmless


@needs_postgres
def test_a_failed_start_says_why_with_the_log_and_removes_its_folder(monkeypatch):
    made = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        made.append(Path(real_mkdtemp(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(postgres.tempfile, "mkdtemp", mkdtemp)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = PostgresServer(port=taken.getsockname()[1])
        with pytest.raises(PostgresError) as failure:
            server.start()
    message = str(failure.value)
    assert "server log" in message and "could not bind" in message
    assert len(made) == 1 and not made[0].exists()
    assert server.dir is None


def test_unavailable_says_why(monkeypatch):
    monkeypatch.setattr(postgres, "find_bindir", lambda: Path("/nowhere/bin"))
    monkeypatch.setattr(postgres.os, "geteuid", lambda: 1000)
    monkeypatch.setitem(sys.modules, "psycopg", None)      # makes `import psycopg` fail
    assert "psycopg" in unavailable()

    monkeypatch.setattr(postgres.os, "geteuid", lambda: 0)

    def no_such_user(name):
        raise KeyError(name)

    monkeypatch.setattr(postgres.pwd, "getpwnam", no_such_user)
    assert "'postgres' user" in unavailable()

    monkeypatch.setattr(postgres, "find_bindir", lambda: None)
    assert "binaries not found" in unavailable()


@needs_postgres
def test_run_as_a_script_it_prints_the_url_and_stops_on_ctrl_c():
    script = subprocess.Popen([sys.executable, "-m", "tests.web.postgres"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with selectors.DefaultSelector() as waiting:
            waiting.register(script.stdout, selectors.EVENT_READ)
            assert waiting.select(timeout=60), "no URL printed within 60 s"
        url = script.stdout.readline().strip()
        assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
        folder = Path(script.stdout.readline().split("removes ")[1].rstrip(")\n"))
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        assert _port_open(port) and folder.is_dir()
        script.send_signal(signal.SIGINT)
        assert script.wait(timeout=60) == 0, script.stderr.read()
        assert not _port_open(port) and not folder.exists()
    finally:
        if script.poll() is None:          # a failed check still stops the server (SIGTERM), not orphans it
            script.terminate()
            try:
                script.wait(timeout=60)
            except subprocess.TimeoutExpired:
                script.kill()
                script.wait()
