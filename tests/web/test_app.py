"""The classroom over HTTP (Starlette's test client, no socket): the guards, the errors a
browser sees, the teacher's key, and pages that escape what scenarios and nicknames say."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

import game.web.app as web_app
from game.web.app import Config, create_app, error_keys
from game.locale import STRINGS
from tests.conftest import FIXTURES, scenario_from_text
from tests.web.helpers import make_room, open_class

HEADERS = {"Content-Type": "application/json", "X-Requested-With": "redflag"}
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def room(tmp_path, catalog, scenarios):
    hostile = scenario_from_text(
        (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
        .replace("Loans in five minutes, no credit check.", HOSTILE.replace('"', "'"))
        .replace('"Tiny loan"', '"</title><script>alert(3)</script>"'), catalog)
    return make_room(tmp_path, catalog, {**scenarios, hostile.id: hostile})


def client_for(room, playlist=("first_steps",), **config) -> tuple[TestClient, object]:
    klass = open_class(room, playlist)
    app = create_app(room, Config(code=klass.code, join_url=f"http://testserver/join/{klass.code}", **config))
    return TestClient(app), klass


def joined(room, playlist=("first_steps",), nickname="Ann", **config):
    client, klass = client_for(room, playlist, **config)
    reply = client.post("/api/join", json={"code": klass.code, "nickname": nickname, "lang": "en"}, headers=HEADERS)
    assert reply.status_code == 200, reply.text
    return client, klass


def test_every_response_carries_a_policy_with_no_inline_script(room):
    client, klass = joined(room)
    for path in ("/play", "/api/state", "/", "/join/XYZ", "/nowhere", "/static/play.js"):
        response = client.get(path, follow_redirects=False)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_the_trainee_cookie_is_signed_httponly_and_samesite(room):
    client, klass = client_for(room)
    reply = client.post("/api/join", json={"code": klass.code, "nickname": "Ann"}, headers=HEADERS)
    cookie = reply.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    value = client.cookies["rf_trainee"]
    trainee_id = room.store.roster(klass.code)[0].id
    assert value.startswith(klass.code + ".") and trainee_id not in value.split(".", 1)[0]
    assert len(trainee_id) >= 32                          # 192 random bits: not guessable
    client.cookies.set("rf_trainee", value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    forged = client.get("/api/state")
    assert forged.status_code == 401 and forged.json()["error"] == "no_trainee"


def test_a_trainee_reaches_only_their_own_session(room):
    client_a, klass = joined(room, nickname="Ann")
    client_b = TestClient(client_a.app)
    client_b.post("/api/join", json={"code": klass.code, "nickname": "Bob"}, headers=HEADERS)
    state_a, state_b = client_a.get("/api/state").json(), client_b.get("/api/state").json()
    assert (state_a["nickname"], state_b["nickname"]) == ("Ann", "Bob")
    client_b.post("/api/cmd", json={"n": state_b["n"], "op": "skip"}, headers=HEADERS)
    assert client_a.get("/api/state").json() == state_a


@pytest.mark.parametrize("headers", [
    {"Content-Type": "application/json"},                                          # no custom header
    {"Content-Type": "application/x-www-form-urlencoded", "X-Requested-With": "redflag"},
    {"Content-Type": "text/plain", "X-Requested-With": "redflag"},
    {**HEADERS, "Origin": "http://evil.example"},                                  # another site's page
])
def test_a_post_from_another_site_is_refused(room, headers):
    client, klass = joined(room)
    state = client.get("/api/state").json()
    reply = client.post("/api/cmd", content=json.dumps({"n": state["n"], "op": "skip"}), headers=headers)
    assert reply.status_code == 403 and reply.json()["error"] == "forbidden"
    assert client.get("/api/state").json()["n"] == state["n"]


def test_bodies_are_capped_and_clients_have_a_budget(room):
    client, klass = joined(room, rate=0.001, burst=5)
    big = client.post("/api/cmd", content=b'{"n": 1, "op": "' + b"x" * 20_000 + b'"}', headers=HEADERS)
    assert big.status_code == 413
    codes = [client.get("/api/status").status_code for _ in range(8)]
    assert 429 in codes and codes[0] == 200


def test_malformed_requests_get_a_sentence_and_the_server_carries_on(room):
    client, klass = joined(room)
    for body in (b"{", b"[]", b'"x"', b'{"n": 1}', b'{"op": "tick", "n": 1, "dt": 1e999}'):
        reply = client.post("/api/cmd", content=body, headers=HEADERS)
        assert reply.status_code in (400, 409) and reply.json()["message"], body
        assert "Traceback" not in reply.text
    assert client.get("/api/state").status_code == 200


def test_join_errors_are_sentences_in_the_trainees_language(room):
    client, klass = joined(room)
    fresh = TestClient(client.app)
    taken = fresh.post("/api/join", json={"code": klass.code, "nickname": "ann", "lang": "zh"}, headers=HEADERS)
    assert taken.status_code == 409 and taken.json() == {"error": "taken", "message": STRINGS["web.error.taken"]["zh"]}
    wrong = fresh.post("/api/join", json={"code": "ZZZZZZ", "nickname": "Bo", "lang": "en"}, headers=HEADERS)
    assert wrong.status_code == 404 and wrong.json()["message"] == STRINGS["web.error.no_class"]["en"]


def test_every_error_a_browser_may_see_has_a_sentence_in_every_language():
    for key in error_keys():
        for suffix in ("", ".title"):
            texts = STRINGS[f"web.error.{key}{suffix}"]
            assert texts.get("en") and texts.get("zh"), key


def test_opening_the_page_again_keeps_the_place_longer(room):
    client, klass = joined(room)
    first = client.cookies["rf_trainee"]
    import time as clock

    clock.sleep(1.1)                                   # signatures carry whole seconds
    page = client.get("/play")
    assert page.status_code == 200 and "rf_trainee=" in page.headers["set-cookie"]
    assert client.cookies["rf_trainee"] != first and client.get("/api/state").status_code == 200


def test_an_expired_place_is_told_not_crashed(room, monkeypatch):
    client, klass = joined(room)
    monkeypatch.setattr(web_app, "TOKEN_AGE", -1)
    assert client.get("/api/state").json()["error"] == "expired"
    page = client.get("/play", follow_redirects=False)
    assert page.status_code == 401 and STRINGS["web.error.expired.title"]["en"] in page.text


def test_the_teacher_pages_need_the_teacher_key(room):
    client, klass = joined(room)                       # a trainee's browser
    assert client.get("/teacher").status_code == 403
    assert client.get("/api/teacher/snapshot").status_code == 403
    assert client.post("/api/teacher/end", json={}, headers=HEADERS).status_code == 403
    assert client.get("/teacher?key=wrong").status_code == 403
    assert room.get_class(klass.code, fresh=True).status == "open"
    teacher = TestClient(client.app)
    entry = teacher.get(f"/teacher?key={klass.teacher_key}", follow_redirects=False)
    assert entry.status_code == 303 and "key" not in entry.headers["location"]
    assert "httponly" in entry.headers["set-cookie"].lower()
    snapshot = teacher.get("/api/teacher/snapshot").json()
    assert [row["nickname"] for row in snapshot["roster"]] == ["Ann"]


def test_the_teacher_pauses_removes_and_ends_and_the_trainee_is_told(room):
    client, klass = joined(room)
    teacher = TestClient(client.app)
    teacher.get(f"/teacher?key={klass.teacher_key}")
    state = client.get("/api/state").json()
    assert teacher.post("/api/teacher/pause", json={}, headers=HEADERS).json()["status"] == "paused"
    room._classes.clear()
    paused = client.post("/api/cmd", json={"n": state["n"], "op": "skip"}, headers=HEADERS)
    assert paused.status_code == 423 and paused.json()["state"]["status"] == "paused"
    assert client.get("/api/status").json()["status"] == "paused"
    teacher.post("/api/teacher/resume", json={}, headers=HEADERS)
    room._classes.clear()
    assert client.post("/api/cmd", json={"n": state["n"], "op": "skip"}, headers=HEADERS).status_code == 200
    ended = teacher.post("/api/teacher/end", json={}, headers=HEADERS).json()
    assert ended == {"ok": True, "status": "ended", "report": "/teacher/report"}
    room._classes.clear()
    state = client.get("/api/state").json()
    after = client.post("/api/cmd", json={"n": state["n"], "op": "skip"}, headers=HEADERS)
    assert after.status_code == 410 and after.json()["error"] == "ended"
    report = teacher.get("/teacher/report")
    assert report.status_code == 200 and klass.code in report.text


def test_a_removed_trainee_is_told_so(room):
    client, klass = joined(room)
    teacher = TestClient(client.app)
    teacher.get(f"/teacher?key={klass.teacher_key}")
    trainee_id = room.store.roster(klass.code)[0].id
    assert teacher.post("/api/teacher/remove", json={"trainee": trainee_id}, headers=HEADERS).json() == {"ok": True}
    reply = client.get("/api/state")
    assert reply.status_code == 410 and reply.json()["error"] == "removed"


def test_what_scenarios_and_nicknames_say_never_becomes_markup(room):
    client, klass = joined(room, playlist=("tiny_loan",), nickname="</script><script>alert(4)</script>")
    state = client.get("/api/state").json()
    while state["view"]["waiting"]:
        state = client.post("/api/cmd", json={"n": state["n"], "op": "skip"}, headers=HEADERS).json()
    texts = [m["text"] for m in state["view"]["messages"]]
    assert any("<script>alert(2)</script>" in t for t in texts)          # kept as text, to be shown as text
    teacher = TestClient(client.app)
    teacher.get(f"/teacher?key={klass.teacher_key}")
    for path in ("/teacher", "/teacher/discuss", "/play"):
        page = (teacher if path != "/play" else client).get(path).text
        for raw in ("<script>alert(", "onerror=\"alert", "</title><script>"):
            assert raw not in page, (path, raw)


def test_the_class_report_keeps_its_own_styles_and_still_runs_no_script(room):
    client, klass = joined(room)
    teacher = TestClient(client.app)
    teacher.get(f"/teacher?key={klass.teacher_key}")
    teacher.post("/api/teacher/end", json={}, headers=HEADERS)
    report = teacher.get("/teacher/report")
    policy = report.headers["content-security-policy"]
    assert report.status_code == 200 and "<style" in report.text
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy and "script-src" not in policy
    assert report.headers["content-security-policy"].count("default-src") == 1
