"""The classroom's web application (Starlette): pages, the trainees' JSON commands, the
teacher's live page, and the guards around them.

Guards: a trainee holds a signed, HttpOnly, SameSite=Strict cookie naming their own place (ids
are random, 192 bits); the teacher holds another, given for the teacher key that only the
teacher's terminal shows. Every POST must be JSON and carry `X-Requested-With: redflag` (a page
of another site can send neither without asking first, and we never allow it), and a request
with a foreign Origin is refused. Every page has a Content-Security-Policy with no inline
script; bodies are capped; each client has a request budget. Errors are pages or JSON with a
sentence in the trainee's language, never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.applications import Starlette
import functools

import anyio
import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from game.locale import Translator, get_locale, language_codes

from . import figures
from .classroom import ClassError, Classroom

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent.parent / "assets" / "fonts"
TRAINEE_COOKIE = "rf_trainee"
TEACHER_COOKIE = "rf_teacher"
TOKEN_AGE = 12 * 3600                 # a trainee's place is kept this long after their last visit
MAX_BODY = 16 * 1024
MAX_SYNC_BODY = 1024 * 1024           # a whole saved session, from a desktop front end (`--join`)
#: The words each page's script uses (only those go out: a lighter page).
PAGE_KEYS = {
    "join.html": ("web.join.", "web.play.error", "web.error."),
    "play.html": ("web.play.", "web.list_separator", "web.error.", "channel.", "phone.", "play.", "flag.",
                  "transfer.", "debrief.", "button.", "feedback.", "drill.", "title.check_", "web.drill."),
    "teacher.html": ("web.", "channel.", "flag.", "check.", "drill.form."),
    "discuss.html": ("web.", "channel.", "flag."),
    "message.html": ("web.page.", "web.error."),
}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'none'; "
              "base-uri 'none'; form-action 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store")]


@dataclass
class Config:
    code: str                          # the class this server runs (the teacher's page and the QR)
    join_url: str                      # what the QR and the terminal show
    rate: float = 20.0                 # requests per second a client may make on average…
    burst: float = 60.0                # …and at once
    secure_cookies: bool = False       # behind HTTPS (a reverse proxy): cookies only over HTTPS
    teacher_lang: str = "en"


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class Limiter:
    """A token bucket per client (its cookie, else its address)."""

    rate: float
    burst: float
    buckets: dict[str, _Bucket] = field(default_factory=dict)

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        bucket = self.buckets.get(client)
        if bucket is None:
            if len(self.buckets) > 50_000:
                self.buckets.clear()
            bucket = self.buckets[client] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


class Guard:
    """ASGI middleware: security headers on every response, a body cap, a request budget."""

    def __init__(self, app, limiter: Limiter, open_limiter: Limiter | None = None) -> None:
        self.app, self.limiter = app, limiter
        self.open_limiter = open_limiter or Limiter(limiter.rate * 20, limiter.burst * 20)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        token = _cookie(headers.get(b"cookie", b""), TRAINEE_COOKIE)
        # A trainee's budget is their own; before joining, a whole class may share one address
        # (a school's network), so that budget is the class's: generous, only against floods.
        allowed = self.limiter.allow(token) if token else self.open_limiter.allow((scope.get("client") or ("?",))[0])
        if not scope["path"].startswith("/static/") and not allowed:
            await _plain_json(send, 429, {"error": "slow_down", "message": "Too many requests: wait a moment."})
            return
        cap = MAX_SYNC_BODY if scope["path"] == "/api/sync" else MAX_BODY
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > cap):
            await _plain_json(send, 413, {"error": "too_large", "message": "The request is too large."})
            return

        received = 0

        async def capped_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise HTTPException(413, "too large")
            return message

        async def secured_send(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((name, value) for name, value in SECURITY_HEADERS if name not in present)]
            await send(message)

        await self.app(scope, capped_receive, secured_send)


def _cookie(raw: bytes, name: str) -> str | None:
    for part in raw.decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


async def _plain_json(send, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": data})


def page_strings(prefixes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The words a page needs, in every language (a switch needs no reload)."""
    out = {}
    for code in language_codes():
        strings = get_locale(code).strings
        out[code] = {k: v for k, v in strings.items() if k.startswith(prefixes)}
    return out


#: Threads that run the class's work at once. Few: the work is short (a command is ~1 ms of
#: Python) and holds the GIL, so more threads only take turns, and a thread that is switched out
#: while it holds the store's write lock makes every other writer wait behind it.
WORK_THREADS = 4


class FastJSON(JSONResponse):
    """JSON written by orjson: a trainee's state (every message on screen) goes out after every
    tap, and the standard encoder was a tenth of the server's time."""

    def render(self, content: object) -> bytes:
        return orjson.dumps(content)


def create_app(room: Classroom, config: Config) -> Starlette:
    limiter = anyio.CapacityLimiter(WORK_THREADS)
    inline = room.store.kind == "sqlite"

    async def run_in_threadpool(function, *args):
        """The class's work. On SQLite it runs right here, on the event loop: it takes a
        millisecond, holds the GIL all along, and a hop to a thread and back cost a tenth of
        it. On PostgreSQL it waits on the network, so it runs in a few threads."""
        if inline:
            return function(*args)
        return await anyio.to_thread.run_sync(functools.partial(function, *args), limiter=limiter)

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    strings = {name: page_strings(prefixes) for name, prefixes in PAGE_KEYS.items()}
    langs = tuple(language_codes())

    def lang_of(request: Request, default: str = "en") -> str:
        wanted = request.query_params.get("lang")
        if wanted in langs:
            return wanted
        header = request.headers.get("accept-language", "")
        for part in header.split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in langs:
                return code
        return default

    def error_text(key: str, lang: str, **params) -> str:
        return Translator(lang).t(f"web.error.{key}", **params)

    def page(request: Request, name: str, status: int = 200, **context) -> Response:
        context.setdefault("lang", lang_of(request))
        context.setdefault("strings_all", strings[name])
        return templates.TemplateResponse(request, name, context, status_code=status)

    def message_page(request: Request, key: str, status: int, lang: str | None = None) -> Response:
        lang = lang or lang_of(request)
        tr = Translator(lang)
        return page(request, "message.html", status, lang=lang, title=tr.t(f"web.error.{key}.title"),
                    text=tr.t(f"web.error.{key}"), link_url="/", link_text=tr.t("web.page.home"))

    # -- tokens ---------------------------------------------------------------------------
    def signer(code: str, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(room.get_class(code).secret, salt=salt)

    checked: dict[str, tuple[str, float]] = {}      # cookie → (trainee id, checked until)

    def trainee_of(request: Request) -> str:
        """The trainee's id from their cookie; ClassError("expired"/"no_trainee") if none. A
        cookie verified in the last minute is not verified again (its signature is a tenth of a
        command's cost)."""
        raw = request.cookies.get(TRAINEE_COOKIE)
        if not raw or "." not in raw:
            raise ClassError("no_trainee", 401)
        known = checked.get(raw)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        code, _, signed = raw.partition(".")
        try:
            trainee_id = signer(code, "trainee").loads(signed, max_age=TOKEN_AGE)
            if len(checked) > 100_000:
                checked.clear()
            checked[raw] = (trainee_id, time.monotonic() + min(60.0, TOKEN_AGE))
            return trainee_id
        except SignatureExpired:
            raise ClassError("expired", 401) from None
        except (BadSignature, ClassError):
            raise ClassError("no_trainee", 401) from None

    def is_teacher(request: Request) -> bool:
        raw = request.cookies.get(TEACHER_COOKIE, "")
        code, _, signed = raw.partition(".")
        if code != config.code:
            return False
        try:
            return signer(code, "teacher").loads(signed, max_age=7 * 24 * 3600) == code
        except (BadSignature, ClassError):
            return False

    def set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict",
                            secure=config.secure_cookies, path="/")

    # -- request checks -------------------------------------------------------------------
    async def json_body(request: Request) -> dict:
        if request.headers.get("x-requested-with") != "redflag" or \
                not request.headers.get("content-type", "").startswith("application/json"):
            raise ClassError("forbidden", 403)
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host"):
            raise ClassError("forbidden", 403)
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise ClassError("bad_command") from None
        if not isinstance(data, dict):
            raise ClassError("bad_command")
        return data

    def json_error(exc: ClassError, lang: str) -> JSONResponse:
        body: dict = {"error": exc.key, "message": error_text(exc.key, lang, **exc.params)}
        if exc.state is not None:
            body["state"] = exc.state
        return FastJSON(body, status_code=exc.status)

    def api(handler):
        """A JSON endpoint: ClassError becomes JSON with a sentence; nothing else escapes."""
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except ClassError as exc:
                return json_error(exc, lang_of(request))
            except HTTPException as exc:
                return FastJSON({"error": "bad_request", "message": str(exc.detail)}, status_code=exc.status_code)
        return endpoint

    # -- trainee pages ----------------------------------------------------------------------
    async def home(request: Request) -> Response:
        try:
            trainee_of(request)
            return RedirectResponse("/play", 303)
        except ClassError:
            pass
        return page(request, "join.html", code=request.path_params.get("code", ""), error=None)

    async def join(request: Request) -> Response:
        data = await json_body(request)
        lang = data.get("lang") if data.get("lang") in langs else lang_of(request)
        try:
            row = await run_in_threadpool(room.join, str(data.get("code", "")), str(data.get("nickname", ""))[:200],
                                          lang)
        except ClassError as exc:               # said in the language the trainee chose on the page
            return json_error(exc, lang)
        response = FastJSON({"ok": True, "next": "/play"})
        set_cookie(response, TRAINEE_COOKIE, f"{row.class_code}.{signer(row.class_code, 'trainee').dumps(row.id)}",
                   TOKEN_AGE)
        return response

    async def play(request: Request) -> Response:
        try:
            trainee_id = trainee_of(request)
            state = await run_in_threadpool(room.state, trainee_id)
        except ClassError as exc:
            if exc.key in ("no_trainee", "expired"):
                response = RedirectResponse("/", 303) if exc.key == "no_trainee" else \
                    message_page(request, "expired", 401)
                response.delete_cookie(TRAINEE_COOKIE, path="/")
                return response
            return message_page(request, exc.key, exc.status)
        response = page(request, "play.html", lang=state["lang"], nickname=state["nickname"], code=state["code"])
        # a place is kept TOKEN_AGE after the trainee last opened the page, not after joining
        set_cookie(response, TRAINEE_COOKIE, f"{state['code']}.{signer(state['code'], 'trainee').dumps(trainee_id)}",
                   TOKEN_AGE)
        return response

    async def api_state(request: Request) -> Response:
        return FastJSON(await run_in_threadpool(room.state, trainee_of(request)))

    async def api_cmd(request: Request) -> Response:
        trainee_id = trainee_of(request)
        data = await json_body(request)
        return FastJSON(await run_in_threadpool(room.command, trainee_id, data))

    async def api_options(request: Request) -> Response:
        trainee_id = trainee_of(request)
        message = request.query_params.get("message", "")[:100]
        return FastJSON({"options": await run_in_threadpool(room.options, trainee_id, message)})

    async def api_link(request: Request) -> Response:
        return FastJSON(await run_in_threadpool(room.link, trainee_of(request)))

    async def api_sync(request: Request) -> Response:
        trainee_id = trainee_of(request)
        data = await json_body(request)
        return FastJSON(await run_in_threadpool(room.sync, trainee_id, data))

    async def api_status(request: Request) -> Response:
        return FastJSON(await run_in_threadpool(room.status, trainee_of(request)))

    # -- teacher ------------------------------------------------------------------------------
    def teacher_only(request: Request) -> None:
        if not is_teacher(request):
            raise ClassError("teacher_only", 403)

    async def teacher(request: Request) -> Response:
        key = request.query_params.get("key")
        if key is not None:
            row = room.get_class(config.code, fresh=True)
            if key != row.teacher_key:
                return message_page(request, "teacher_only", 403, config.teacher_lang)
            lang = lang_of(request, config.teacher_lang)
            response = RedirectResponse(f"/teacher?lang={lang}", 303)
            set_cookie(response, TEACHER_COOKIE, f"{config.code}.{signer(config.code, 'teacher').dumps(config.code)}",
                       7 * 24 * 3600)
            return response
        if not is_teacher(request):
            return message_page(request, "teacher_only", 403, config.teacher_lang)
        lang = lang_of(request, config.teacher_lang)
        snap = await run_in_threadpool(figures.snapshot, room, config.code, lang, config.join_url)
        return page(request, "teacher.html", lang=lang, code=config.code, join_url=config.join_url, snapshot=snap)

    async def discuss(request: Request) -> Response:
        if not is_teacher(request):
            return message_page(request, "teacher_only", 403, config.teacher_lang)
        lang = lang_of(request, config.teacher_lang)
        snap = await run_in_threadpool(figures.snapshot, room, config.code, lang, config.join_url)
        return page(request, "discuss.html", lang=lang, code=config.code, snapshot=snap)

    async def teacher_snapshot(request: Request) -> Response:
        teacher_only(request)
        lang = lang_of(request, config.teacher_lang)
        return FastJSON(await run_in_threadpool(figures.snapshot, room, config.code, lang, config.join_url))

    async def teacher_events(request: Request) -> Response:
        teacher_only(request)
        lang = lang_of(request, config.teacher_lang)

        async def stream():
            last, quiet = None, 0.0
            while not await request.is_disconnected():
                marker = await run_in_threadpool(room.store.marker, config.code)
                if marker != last:
                    last = marker
                    snap = await run_in_threadpool(figures.snapshot, room, config.code, lang, config.join_url)
                    yield f"event: snapshot\ndata: {json.dumps(snap, ensure_ascii=False)}\n\n"
                    quiet = 0.0
                elif quiet >= 15:
                    yield ": ping\n\n"
                    quiet = 0.0
                await asyncio.sleep(1.0)
                quiet += 1.0

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"cache-control": "no-store", "x-accel-buffering": "no"})

    async def teacher_action(request: Request) -> Response:
        teacher_only(request)
        data = await json_body(request)
        action = request.path_params["action"]
        if action == "remove":
            await run_in_threadpool(room.remove, config.code, str(data.get("trainee", "")))
            return FastJSON({"ok": True})
        status = {"pause": "paused", "resume": "open", "end": "ended"}.get(action)
        if status is None:
            raise ClassError("bad_command", 404)
        now = await run_in_threadpool(room.set_status, config.code, status)
        return FastJSON({"ok": True, "status": now, **({"report": "/teacher/report"} if now == "ended" else {})})

    async def report(request: Request) -> Response:
        if not is_teacher(request):
            return message_page(request, "teacher_only", 403, config.teacher_lang)
        from .report import class_report

        lang = lang_of(request, config.teacher_lang)
        html = await run_in_threadpool(class_report, room, config.code, lang)
        # The printable report is one self-contained file (python main.py report makes the same):
        # its styles and charts are inline. Styles may be; scripts still may not, nor anything
        # from elsewhere.
        return Response(html, media_type="text/html; charset=utf-8",
                        headers={"content-security-policy": REPORT_CSP})

    async def qr(request: Request) -> Response:
        import io

        import segno

        out = io.BytesIO()
        segno.make(config.join_url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False,
                                                    svgclass="qr", title="QR")
        return Response(out.getvalue(), media_type="image/svg+xml")

    async def not_found(request: Request, exc) -> Response:
        if request.url.path.startswith("/api/"):
            return FastJSON({"error": "not_found", "message": "No such address."}, status_code=404)
        return message_page(request, "not_found", 404)

    async def server_error(request: Request, exc) -> Response:
        return FastJSON({"error": "internal", "message": "Something went wrong; try again."}, status_code=500)

    routes = [
        Route("/", home), Route("/join/{code}", home), Route("/play", play),
        Route("/api/join", api(join), methods=["POST"]), Route("/api/state", api(api_state)),
        Route("/api/cmd", api(api_cmd), methods=["POST"]), Route("/api/options", api(api_options)),
        Route("/api/status", api(api_status)), Route("/api/link", api(api_link)),
        Route("/api/sync", api(api_sync), methods=["POST"]),
        Route("/teacher", teacher), Route("/teacher/discuss", discuss), Route("/teacher/report", report),
        Route("/teacher/events", api(teacher_events)), Route("/api/teacher/snapshot", api(teacher_snapshot)),
        Route("/api/teacher/{action}", api(teacher_action), methods=["POST"]),
        Route("/qr.svg", qr),
        Mount("/static/fonts", StaticFiles(directory=str(FONTS)), name="fonts"),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 500: server_error, Exception: server_error})
    app.state.room = room
    return Guard(app, Limiter(config.rate, config.burst))


def error_keys() -> Mapping[str, int]:
    """Every ClassError key a browser may see (each has `web.error.<key>` in every language)."""
    return {"no_code": 400, "no_class": 404, "ended": 410, "bad_nickname": 400, "no_email": 400, "taken": 409,
            "full": 409, "no_trainee": 401, "expired": 401, "removed": 410, "stale": 409, "paused": 423,
            "finished": 409, "not_ended": 400, "refused": 400, "bad_command": 400, "bad_message": 400,
            "forbidden": 403, "teacher_only": 403, "bad_playlist": 400, "not_found": 404, "browser_only": 409}
