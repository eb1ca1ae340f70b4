"""`python main.py classroom` as a real process on 127.0.0.1, for tests and benchmarks: started
with a free port, its banner read (class code, join address, teacher address), stopped (or
killed) within bounded time. `Trainee` plays over HTTP the way a browser's script does."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {"Content-Type": "application/json", "X-Requested-With": "redflag"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ClassServer:
    def __init__(self, home: Path, *args: str, port: int | None = None, timeout: float = 30.0) -> None:
        self.home, self.args, self.port, self.timeout = Path(home), args, port or free_port(), timeout
        self.process: subprocess.Popen | None = None
        self.banner = ""
        self.code = self.teacher_url = self.join_url = ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ClassServer":
        env = {**os.environ, "REDFLAG_HOME": str(self.home), "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
        self.process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "classroom", "--port", str(self.port),
                                         *self.args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        deadline = time.monotonic() + self.timeout
        lines = []
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the classroom server stopped at once:\n{''.join(lines)}")
                continue
            lines.append(line)
            if "/teacher?key=" in line:
                break
        self.banner = "".join(lines)
        self.teacher_url = re.search(r"(http://\S+/teacher\?key=\S+)", self.banner).group(1)
        self.join_url = re.search(r"(http://\S+/join/\S+?)\s", self.banner).group(1)
        self.code = self.join_url.rsplit("/", 1)[1]
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"the classroom server did not listen within {self.timeout} s:\n{self.banner}")

    def kill(self) -> None:
        """SIGKILL: no chance to save anything more."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self._close()

    def stop(self) -> str:
        """Ctrl-C, as a teacher stops it; what it printed after the banner."""
        rest = ""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                rest, _ = self.process.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                rest, _ = self.process.communicate(timeout=5)
        self._close()
        return rest or ""

    def _close(self) -> None:
        if self.process and self.process.stdout and not self.process.stdout.closed:
            self.process.stdout.close()

    def __enter__(self) -> "ClassServer":
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


class Trainee:
    """One trainee's browser, as its script talks to the server (cookies kept)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 10) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=HEADERS if data else {})
        try:
            with self.opener.open(req, timeout=timeout) as reply:
                return reply.status, _parsed(reply.read())
        except urllib.error.HTTPError as exc:
            return exc.code, _parsed(exc.read())

    def join(self, code: str, nickname: str, lang: str = "en") -> tuple[int, dict]:
        return self.request("POST", "/api/join", {"code": code, "nickname": nickname, "lang": lang})

    def state(self) -> dict:
        status, body = self.request("GET", "/api/state")
        assert status == 200, body
        return body

    def send(self, state: dict, **command) -> dict:
        status, body = self.request("POST", "/api/cmd", {"n": state["n"], **command})
        if status == 200:
            return body
        if "state" in body:
            return body["state"]
        raise AssertionError(f"{status}: {body}")

    def options(self, message_id: str) -> list[dict]:
        status, body = self.request("GET", f"/api/options?message={message_id}")
        assert status == 200, body
        return body["options"]


def _parsed(raw: bytes) -> dict:
    """JSON, or a page's HTML under "page"."""
    try:
        return json.loads(raw)
    except ValueError:
        return {"page": raw.decode("utf-8", "replace")}
