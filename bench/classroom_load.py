"""The classroom under load, over loopback HTTP, against the real server process.

- load: `CLASS_STUDENTS` trainees join and each plays a whole scenario (first_steps) the way a
  phone's script does (flag some messages through the flag picker, skip ahead while messages
  arrive, choose), thinking 1–5 s between taps. Figures: the p50 and p99 of a command
  (POST /api/cmd), errors, the server's memory. Baseline in the same run: the p50 of the
  lightest request the server answers (GET /api/status, one row read) under the same load.
- stress: trainees tap with no thinking, `STRESS_CLIENTS` at once for `STRESS_SECONDS`:
  commands per second on one worker with SQLite, and on two workers with PostgreSQL (a real
  server on 127.0.0.1; skipped, saying why, where it cannot run).
- the play page's weight (HTML + CSS + JS, uncompressed), and the time from a tap to the
  updated page in Chromium (Debian's, through Playwright), median of taps on "skip ahead" and
  on flags.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASS_STUDENTS = 200
THINK = (1.0, 5.0)
STRESS_CLIENTS = 32
STRESS_SECONDS = 20.0
HEADERS = {"Content-Type": "application/json", "X-Requested-With": "redflag"}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (workers), in MB."""
    import subprocess

    pids = [str(pid)] + subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    total = 0
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class RawClient:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams. httpx costs ~2.5 ms of CPU a
    request here, and the load generator shares the machine's two cores with the server: a
    heavy client would measure itself. This one costs a tenth of that."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        host_port = base.split("://", 1)[1]
        self.host, _, port = host_port.partition(":")
        self.port = int(port or 80)
        self.timeout = timeout
        self.cookie = ""
        self.reader = self.writer = None

    async def __aenter__(self) -> "RawClient":
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.writer is not None:
            self.writer.close()

    async def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """One request; a kept-alive connection the server closed meanwhile is opened again
        once (as a browser does)."""
        reused = self.writer is not None
        try:
            return await self._request(method, path, body, headers)
        except (asyncio.IncompleteReadError, ConnectionError):
            if not reused:
                raise
            self.writer.close()
            self.reader = self.writer = None
            return await self._request(method, path, body, headers)

    async def _request(self, method: str, path: str, body: bytes | None, headers: dict | None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        for key, value in (headers or {}).items():
            lines.append(f"{key}: {value}")
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), self.timeout)
        status = int(head.split(b" ", 2)[1])
        length, chunked = 0, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"set-cookie":
                self.cookie = value.strip().split(b";", 1)[0].decode()
            elif name == b"transfer-encoding" and b"chunked" in value:
                chunked = True
        if chunked:
            data = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                data += chunk[:-2]
        else:
            data = await self.reader.readexactly(length)
        return _Reply(status, data)

    async def get(self, path: str):
        return await self.request("GET", path)

    async def post(self, path: str, json: dict, headers: dict | None = None):
        import json as json_module

        return await self.request("POST", path, json_module.dumps(json).encode(), headers)


class _Reply:
    def __init__(self, status: int, data: bytes) -> None:
        self.status_code, self.content = status, data

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self):
        import json

        return json.loads(self.content)


class _Player:
    """One trainee's browser script, asynchronously (httpx), timing each command."""

    def __init__(self, client, rng: random.Random, times: list[float], errors: list[str]) -> None:
        self.client, self.rng, self.times, self.errors = client, rng, times, errors

    async def command(self, state: dict, **command) -> dict | None:
        started = time.perf_counter()
        reply = await self.client.post("/api/cmd", json={"n": state["n"], **command}, headers=HEADERS)
        self.times.append(time.perf_counter() - started)
        if reply.status_code != 200:
            self.errors.append(f"{reply.status_code} {reply.text[:80]}")
            body = reply.json()
            return body.get("state")
        return reply.json()

    async def tap(self, state: dict) -> dict | None:
        view = state["view"]
        unflagged = [m for m in view["messages"] if m["flaggable"] and m["flag"] is None]
        if unflagged and self.rng.random() < 0.4:
            message = unflagged[0]["id"]
            options = (await self.client.get(f"/api/options?message={message}")).json()["options"]
            return await self.command(state, op="flag", message=message, flag=self.rng.choice(options)["id"])
        if view["waiting"]:
            return await self.command(state, op="skip")
        choices = [c["id"] for c in view["choices"] if c["available"]]
        return await self.command(state, op="choose", choice=self.rng.choice(choices)) if choices else \
            await self.command(state, op="tick", dt=5)


async def _trainee(base: str, code: str, name: str, seed: int, times, errors, think, until=None, light=None) -> int:
    rng = random.Random(seed)
    commands = 0
    async with RawClient(base) as client:
        joined = await client.post("/api/join", json={"code": code, "nickname": name}, headers=HEADERS)
        if joined.status_code != 200:
            errors.append(f"join {joined.status_code} {joined.text[:80]}")
            return 0
        player = _Player(client, rng, times, errors)
        state = (await client.get("/api/state")).json()
        while state is not None and not state["view"]["ended"]:
            if until is not None and time.perf_counter() > until:
                break
            if think:
                await asyncio.sleep(rng.uniform(*think))
                if light is not None and rng.random() < 0.2:
                    started = time.perf_counter()
                    await client.get("/api/status")
                    light.append(time.perf_counter() - started)
            state = await player.tap(state)
            commands += 1
    return commands


async def _load(base: str, code: str) -> dict:
    times, errors, light = [], [], []
    await asyncio.gather(*(_trainee(base, code, f"Load {i}", i, times, errors, THINK, light=light)
                           for i in range(CLASS_STUDENTS)))
    return {"class_students": CLASS_STUDENTS, "class_cmd_p50_ms": _percentile(times, 0.5) * 1e3,
            "class_cmd_p99_ms": _percentile(times, 0.99) * 1e3, "class_commands": len(times),
            "class_errors": len(errors), "class_error_examples": errors[:3],
            "baseline_status_p50_ms": _percentile(light, 0.5) * 1e3}


async def _stress(base: str, code: str, prefix: str) -> dict:
    times, errors = [], []
    until = time.perf_counter() + STRESS_SECONDS
    started = time.perf_counter()
    counter = iter(range(10**6))

    async def lane(lane_number: int) -> None:
        while time.perf_counter() < until:
            number = next(counter)
            await _trainee(base, code, f"{prefix} {number}", 1000 + number, times, errors, None, until=until)

    await asyncio.gather(*(lane(i) for i in range(STRESS_CLIENTS)))
    elapsed = time.perf_counter() - started
    return {"per_s": len(times) / elapsed, "p50_ms": _percentile(times, 0.5) * 1e3,
            "p99_ms": _percentile(times, 0.99) * 1e3, "errors": len(errors), "examples": errors[:3]}


def _page_weight(base: str, code: str) -> float:
    import httpx

    with httpx.Client(base_url=base) as client:
        client.post("/api/join", json={"code": code, "nickname": "Weigher"}, headers=HEADERS)
        html = client.get("/play").text
        total = len(html.encode())
        for asset in set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html)):
            total += len(client.get(asset).content)
    return total / 1024


#: Installed in the page (through the browser's debugging protocol, as the page's own policy
#: allows no script but its own): the time from a tap to the frame that shows the new state.
_TAP_TIMER = """() => {
  window.__taps = [];
  document.addEventListener("click", () => { window.__t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const t0 = window.__t0;
    if (!t0) return;
    window.__t0 = 0;
    requestAnimationFrame(() => window.__taps.push(performance.now() - t0));
  }).observe(document.body, { attributes: true, attributeFilter: ["data-n"] });
}"""


def _tap_to_update(base: str, code: str) -> float | None:
    """Median ms from a tap (skip ahead, or a flag's name in the picker) to the next frame
    showing the server's new state, in Chromium at phone size, timed inside the page."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{base}/join/{code}")
        page.fill("#nickname", "Tapper")
        page.click("#join-submit")
        page.wait_for_selector(".msg", timeout=15000)
        page.evaluate(_TAP_TIMER)
        for _ in range(40):
            before = page.evaluate("document.body.dataset.n")
            if page.locator("#skip").is_visible():
                page.click("#skip")
            elif page.locator(".msg:not([data-flag]) button.bubble").count():
                page.locator(".msg:not([data-flag]) button.bubble").first.click()
                page.wait_for_selector("#flag-options button[data-flag-id]", timeout=5000)
                page.locator("#flag-options button[data-flag-id]").first.click()
            else:
                break
            deadline = time.monotonic() + 5
            while page.evaluate("document.body.dataset.n") == before and time.monotonic() < deadline:
                page.wait_for_timeout(10)
        samples = page.evaluate("window.__taps")
        browser.close()
    return statistics.median(samples) if samples else None


def classroom_figures() -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.web.postgres import PostgresServer, unavailable
    from tests.web.server_process import ClassServer

    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="redflag-bench-class-") as home:
        with ClassServer(Path(home), "--playlist", "first_steps", "--seed", "7", "--lang", "en",
                         "--max-trainees", "100000") as server:
            figures.update(asyncio.run(_load(server.base, server.code)))
            figures["class_server_rss_mb"] = _rss_mb(server.process.pid)
            stress = asyncio.run(_stress(server.base, server.code, "Stress"))
            figures.update(class_cmd_per_s=stress["per_s"], class_stress_p50_ms=stress["p50_ms"],
                           class_stress_p99_ms=stress["p99_ms"], class_stress_errors=stress["errors"])
            figures["class_stress_rss_mb"] = _rss_mb(server.process.pid)
            figures["play_page_kb"] = _page_weight(server.base, server.code)
            figures["tap_to_update_ms"] = _tap_to_update(server.base, server.code)
    reason = unavailable()
    if reason:
        figures.update(class_pg_cmd_per_s=None, class_pg_note=reason)
        return figures
    with tempfile.TemporaryDirectory(prefix="redflag-bench-pg-") as home, PostgresServer() as pg:
        with ClassServer(Path(home), "--playlist", "first_steps", "--seed", "7", "--lang", "en", "--store", pg.url,
                         "--workers", "2", "--max-trainees", "100000") as server:
            stress = asyncio.run(_stress(server.base, server.code, "PG"))
            figures.update(class_pg_cmd_per_s=stress["per_s"], class_pg_p50_ms=stress["p50_ms"],
                           class_pg_p99_ms=stress["p99_ms"], class_pg_errors=stress["errors"],
                           class_pg_rss_mb=_rss_mb(server.process.pid))
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(classroom_figures(), indent=2))
