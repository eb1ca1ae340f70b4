"""A real Ralph LRS for tests and the bench: started on 127.0.0.1 at a free port with a data
folder of its own, a user made with `ralph auth … -w`, stopped afterwards. Every wait is bounded.

Ralph's file-system backend (`ralph.backends.lrs.fs.FSLRSBackend`) writes every POST to one
file, `fs_lrs.jsonl`, with its data backend's default operation type, `CREATE`, which refuses a
file that already exists (`FSDataBackend._write_bytes`: "already exists and overwrite is not
allowed"): only the first POST to a data folder is stored, every later one answers 500. No
setting changes it (the operation type is a class attribute, and the LRS router never passes
one). The same data backend supports `APPEND` (it opens the file with "ab"), so the server is
started through a two-line launcher that makes `APPEND` the LRS backend's default. Everything
else — validation, authentication, duplicate handling, the HTTP API — is Ralph's own. Pass
`append=False` to see the unpatched behaviour.

Also seen: a GET by `statementId` answers a page `{"statements": [that one]}` (not the bare
statement the spec asks for), like any other GET (`{"statements": [...], "more": ...}`).
On duplicate IDs Ralph does what xAPI asks: the same ID with an equivalent statement is dropped
(204 when the whole batch was there already, else 200 listing only the IDs it stored); a
different statement under a stored ID makes the whole batch 409, and none of it is stored.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

USER = "redflag"
PASSWORD = "not-a-secret-test-password"
START_SECONDS = 30

_LAUNCH = """
import sys
import uvicorn
if sys.argv[3] == "append":
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Ralph:
    """One running Ralph LRS. Use as a context manager, or call `start()` and `stop()`."""

    def __init__(self, folder: Path | None = None, *, append: bool = True) -> None:
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="redflag-ralph-"))
        self.append = append
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/statements"
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "RALPH_APP_DIR": str(self.folder / "app"), "RALPH_RUNSERVER_BACKEND": "fs",
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
                "RALPH_RUNSERVER_AUTH_BACKENDS": "basic", "NO_PROXY": "127.0.0.1,localhost",
                "no_proxy": "127.0.0.1,localhost"}

    def start(self) -> "Ralph":
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        ralph = Path(sys.executable).with_name("ralph")
        subprocess.run([str(ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "statements/write",
                        "-s", "statements/read", "-A", USER, f"http://127.0.0.1:{self.port}", "-w"],
                       env=self.env, check=True, capture_output=True, timeout=60)
        self._log = open(self.folder / "server.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCH, "127.0.0.1", str(self.port), "append" if self.append else "create"],
            env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError("Ralph stopped at start:\n" + self.server_log())
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__lbheartbeat__", timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Ralph did not answer within {START_SECONDS} s:\n" + self.server_log())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def remove(self) -> None:
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Ralph":
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
        self.remove()

    def server_log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text("utf-8", "replace")[-4000:] if path.exists() else ""

    # -- talking to it directly -----------------------------------------------------------------
    def request(self, method: str, query: str = "", body: object = None) -> tuple[int, object]:
        """One request to the statements resource: (status, decoded JSON or None)."""
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + query, data=data, method=method, headers={
            "Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                text = answer.read()
                return answer.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text) if text else None
            except ValueError:
                return error.code, text.decode("utf-8", "replace")

    def post(self, statements: list[dict]) -> tuple[int, object]:
        return self.request("POST", body=statements)

    def stored(self) -> list[dict]:
        """Every statement stored, following `more` links (bounded)."""
        found: list[dict] = []
        query = "?limit=500"
        for _ in range(1000):
            status, page = self.request("GET", query)
            assert status == 200, (status, page)
            found.extend(page["statements"])
            more = page.get("more")
            if not more:
                return found
            query = "?" + more.split("?", 1)[1]
        raise AssertionError("more than 1,000 pages of statements")
