"""A throwaway PostgreSQL server on 127.0.0.1 for the classroom server's tests and benchmarks.

`PostgresServer` runs Debian's own server binaries (`/usr/lib/postgresql/<version>/bin`, the
newest there, else `pg_config --bindir`): it initdb's a fresh cluster into a temporary folder,
listens on 127.0.0.1 only (a free port, picked here) with its unix socket in that folder, and
stops and removes everything on `stop()` or leaving the `with` block. Settings are PostgreSQL's
defaults (fsync and synchronous commit stay on, so benchmarks measure the real thing) except
`max_connections = 200` and a modest `shared_buffers`. As root the server runs as the `postgres`
user (PostgreSQL refuses to run as root); as anyone else it runs as that user.

`unavailable()` says why no server can be started here (or None), for a test to skip with.

From a shell: `python -m tests.web.postgres` starts one, prints its URL and waits for Ctrl-C.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

START_TIMEOUT = 30.0    # seconds until a server that does not accept connections is given up
STOP_TIMEOUT = 20.0     # seconds a fast shutdown may take before the server is killed
SERVER_USER = "postgres"
SETTINGS = {            # everything else stays PostgreSQL's default
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "200",
    "shared_buffers": "'64MB'",
}


class PostgresError(RuntimeError):
    """The server could not be set up, started or stopped; the message ends with its log."""


def find_bindir() -> Path | None:
    """The folder of the newest installed server binaries (the one holding `initdb`), or None."""
    versions = []
    for initdb in Path("/usr/lib/postgresql").glob("*/bin/initdb"):
        number = initdb.parent.parent.name
        key = tuple(int(part) for part in re.findall(r"\d+", number))
        versions.append((key, initdb.parent))
    if versions:
        return max(versions)[1]
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                   timeout=10, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        if found and (Path(found) / "initdb").is_file():
            return Path(found)
    return None


def unavailable() -> str | None:
    """Why a throwaway PostgreSQL cannot be used on this machine, or None when it can."""
    if find_bindir() is None:
        return ("PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb, "
                "no pg_config --bindir); install Debian's postgresql package")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run the server as"
        if not (shutil.which("runuser") or shutil.which("su")):
            return f"running as root and neither runuser nor su is here to become {SERVER_USER!r}"
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        return f"psycopg is not importable ({error}); install the 'postgres' extra"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only.

    `with PostgresServer() as server:` starts it (or raises `PostgresError` with the log's tail);
    `server.url` is a SQLAlchemy URL (psycopg 3 driver), `server.dsn` a plain libpq one, both for
    the `postgres` superuser (trust authentication) and the `postgres` database.
    """

    def __init__(self, *, port: int | None = None, start_timeout: float = START_TIMEOUT) -> None:
        self._asked_port = port
        self.start_timeout = start_timeout
        self.port = 0
        self.dir: Path | None = None
        self._bindir: Path | None = None
        self._as_root = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def running(self) -> bool:
        return self.dir is not None

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if self.running:
            return
        reason = unavailable()
        if reason:
            raise PostgresError(reason)
        self._bindir = find_bindir()
        tries = 1 if self._asked_port else 3    # a picked port may be taken before the server binds it
        for attempt in range(tries):
            self.port = self._asked_port or free_port()
            try:
                self._start_once()
                return
            except PostgresError as error:
                if attempt + 1 == tries or "could not bind" not in str(error):
                    raise

    def _start_once(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="redflag-pg-"))
        atexit.register(self.stop)
        try:
            if self._as_root:
                user = pwd.getpwnam(SERVER_USER)
                os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._run("initdb", "-D", str(self._data), "-A", "trust", "-U", "postgres",
                      "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
                      timeout=120, what="initdb")
            settings = {**SETTINGS, "port": str(self.port),
                        "unix_socket_directories": f"'{self.dir}'"}
            with open(self._data / "postgresql.conf", "a", encoding="utf-8") as conf:
                conf.write("\n# throwaway test server\n")
                conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
            self._run("pg_ctl", "-D", str(self._data), "-l", str(self._log), "-w",
                      "-t", str(max(1, round(self.start_timeout))), "start",
                      timeout=self.start_timeout + 10, what="start")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stops the server (fast shutdown, killed if it hangs) and removes its folder. Idempotent."""
        if self.dir is None:
            return
        atexit.unregister(self.stop)
        if (self._data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self._data), "-m", "fast", "-w",
                          "-t", str(round(STOP_TIMEOUT)), "stop", timeout=STOP_TIMEOUT + 10, what="stop")
            except PostgresError:
                self._kill(self._data)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    @property
    def _data(self) -> Path:
        assert self.dir is not None
        return self.dir / "data"

    @property
    def _log(self) -> Path:
        assert self.dir is not None
        return self.dir / "log"

    def _run(self, program: str, *args: str, timeout: float, what: str) -> None:
        assert self._bindir is not None
        command = [str(self._bindir / program), *args]
        if self._as_root:
            if shutil.which("runuser"):
                command = ["runuser", "-u", SERVER_USER, "--", *command]
            else:
                command = ["su", SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(command)]
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        try:
            done = subprocess.run(command, cwd=self.dir, env=env,
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            failure = f"{what} did not finish within {timeout:.0f} s"
        else:
            if done.returncode == 0:
                return
            failure = f"{what} failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()}"
        raise PostgresError(f"PostgreSQL {failure}\n--- server log (tail) ---\n{_tail(self._log)}")

    @staticmethod
    def _kill(data: Path) -> None:
        """Last resort when a fast shutdown hangs: SIGKILL the postmaster (its children follow)."""
        try:
            pid = int((data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            return
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except OSError:
                return
            time.sleep(0.05)


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    reason = unavailable()
    if reason:
        raise SystemExit(f"cannot start PostgreSQL here: {reason}")
    signal.signal(signal.SIGTERM, _interrupt)
    with PostgresServer() as server:
        try:            # Ctrl-C may come as soon as the lines are read: while the print still returns
            print(server.url, flush=True)
            print(f"# libpq: {server.dsn}   (Ctrl-C stops it and removes {server.dir})", flush=True)
            while True:
                signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
