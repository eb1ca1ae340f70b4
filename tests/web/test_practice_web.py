"""The before/after skill check and drills in a class, over HTTP (Starlette's test client): a
trainee takes the before form on joining, plays, takes the after form; every answer lands in
the class store and the records file; a reload shows the same item with the same details; the
class report's numbers are `measure()`/`change()` of the stored answers. One phone-sized
Chromium page answers a drill item by tapping."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from game.practice import change
from game.records.store import Filter
from game.web import drills, figures
from game.web.app import Config, create_app
from game.web.report import class_report
from tests.web.helpers import make_room, open_class

HEADERS = {"Content-Type": "application/json", "X-Requested-With": "redflag"}
PLAYLIST = ("first_steps", "licensed_lender")
ROOT = Path(__file__).resolve().parents[2]
BROWSER = "/usr/bin/chromium"
#: Pictures of the pages are kept here (never in docs/: a test run must not change the repository).
ARTIFACTS = Path(os.environ.get("REDFLAG_ARTIFACTS", ROOT / "build" / "artifacts")) / "web"


@pytest.fixture
def room(tmp_path, catalog, scenarios):
    return make_room(tmp_path, catalog, scenarios)


def joined(room, nickname: str, playlist=PLAYLIST, klass=None):
    klass = klass or open_class(room, playlist, before_after=True)
    # A bot taps far faster than a person: the rate limit (tested in test_app) is raised here.
    client = TestClient(create_app(room, Config(code=klass.code, join_url=f"http://testserver/join/{klass.code}",
                                                rate=10_000, burst=10_000)))
    reply = client.post("/api/join", json={"code": klass.code, "nickname": nickname, "lang": "en"}, headers=HEADERS)
    assert reply.status_code == 200, reply.text
    return client, klass


def cmd(client, state, **command) -> dict:
    reply = client.post("/api/cmd", json={"n": state["n"], **command}, headers=HEADERS)
    assert reply.status_code == 200, reply.text
    return reply.json()


def take_form(client, state, rng) -> tuple[dict, list]:
    """Answer every item of the drill or form on screen; (the state after it, the items seen)."""
    seen = []
    form = state["practice"]["form"]
    while state["practice"] is not None and state["practice"]["form"] == form:
        p = state["practice"]
        if p["phase"] == "intro":
            state = cmd(client, state, op="drill_start")
        elif p["phase"] == "item":
            # before the answer nothing says where the message is from or why it was picked
            assert "key" not in p["item"] and "reason" not in p["item"]
            assert p["item"]["view"]["scenario_id"] == p["item"]["view"]["title"] == ""
            said = rng.choice(["scam", "genuine"])
            named = rng.choice([o["id"] for o in p["item"]["options"]]) if said == "scam" else None
            state = cmd(client, state, op="drill_answer", said=said, named=named, confidence=rng.choice([1, 2, 3]))
            assert state["practice"]["answer"]["lines"], "feedback follows every answer"
            seen.append(state["practice"]["item"]["key"])
        elif p["phase"] == "feedback":
            state = cmd(client, state, op="drill_next")
        else:
            state = cmd(client, state, op="drill_close")
    return state, seen


def play_scenario(client, state, rng) -> dict:
    """Play the scenario on screen to its debrief and press Next."""
    for _ in range(500):
        view = state["view"]
        if view["ended"]:
            return cmd(client, state, op="next")
        if view["waiting"]:
            state = cmd(client, state, op="skip")
            continue
        choices = [c for c in view["choices"] if c["available"]]
        state = cmd(client, state, op="choose", choice=rng.choice(choices)["id"]) if choices else \
            cmd(client, state, op="tick", dt=30)
    raise AssertionError("the scenario did not end")


def test_a_trainee_takes_the_before_form_plays_then_the_after_form_and_every_answer_is_kept(room):
    rng = random.Random(4)
    client, klass = joined(room, "Ann")
    state = client.get("/api/state").json()
    assert state["practice"]["form"] == "before" and state["practice"]["phase"] == "intro"
    assert state["view"] is None, "the scenario waits until the before form is done"
    state, before_items = take_form(client, state, rng)
    assert state["view"] is not None and state["position"] == 0
    for _ in PLAYLIST:
        state = play_scenario(client, state, rng)
    assert state["practice"]["form"] == "after" and not state["finished"]
    state, after_items = take_form(client, state, rng)
    assert state["finished"]
    assert before_items and after_items and not set(before_items) & set(after_items)
    trainee = room.store.roster(klass.code)[0]
    stored = [drills.from_json(data) for tid, data in room.store.practice_answers(klass.code) if tid == trainee.id]
    assert [a.item for a in stored] == before_items + after_items
    assert {a.class_code for a in stored} == {klass.code}
    kept = room.recorder.records.practice(Filter(class_code=klass.code))
    assert sorted(a.id for a in kept) == sorted(a.id for a in stored)
    assert {a.form for a in kept} == {"before", "after"}
    assert figures.snapshot(room, klass.code, "en", "")["forms"] == {"on": True, "before": 1, "after": 1, "drill": 0}


def test_a_double_tap_on_an_answer_keeps_one_answer(room):
    client, klass = joined(room, "Bo")
    state = cmd(client, client.get("/api/state").json(), op="drill_start")
    answered = cmd(client, state, op="drill_answer", said="genuine", named=None, confidence=2)
    again = client.post("/api/cmd", json={"n": state["n"], "op": "drill_answer", "said": "scam", "named": None,
                                          "confidence": 3}, headers=HEADERS)
    assert again.status_code == 409 and again.json()["state"]["n"] == answered["n"]
    assert len(room.store.practice_answers(klass.code)) == 1


def test_a_reload_or_another_worker_shows_the_same_item_with_the_same_details(room, tmp_path, catalog, scenarios):
    client, klass = joined(room, "Cy", playlist=("drill", "loan_fee_trap"))
    state = client.get("/api/state").json()
    state, _ = take_form(client, state, random.Random(1))          # the before form
    assert state["practice"]["form"] == "drill"
    state = cmd(client, state, op="drill_start")
    state = cmd(client, state, op="drill_answer", said="scam", named=None, confidence=1)
    state = cmd(client, state, op="drill_next")
    item = state["practice"]["item"]
    assert client.get("/api/state").json()["practice"]["item"] == item              # a reload
    other = make_room(tmp_path / "other", catalog, scenarios)                      # a second worker, same store
    other.store = room.store
    trainee_id = room.store.roster(klass.code)[0].id
    assert json.loads(json.dumps(other.state(trainee_id)["practice"]["item"])) == item    # as the wire carries it
    run = room.store.practice_state(trainee_id)["run"]
    assert run["seed"] is not None
    state = cmd(client, state, op="drill_answer", said="genuine", named=None, confidence=2)
    assert run["picks"][run["i"]][0] == state["practice"]["item"]["key"]     # the item kept is the item shown


def test_the_class_report_check_is_measure_and_change_of_the_stored_answers(room):
    rng = random.Random(9)
    klass = open_class(room, ("licensed_lender",), before_after=True)
    for nickname in ("Ann", "Bo", "Cy"):
        client, _ = joined(room, nickname, klass=klass)
        state, _ = take_form(client, client.get("/api/state").json(), rng)
        if nickname != "Cy":                                       # Cy takes only the before form
            state = play_scenario(client, state, rng)
            take_form(client, state, rng)
    data = json.loads(class_report(room, klass.code, "en", "json"))["check"]
    stored = [(tid, drills.from_json(a)) for tid, a in room.store.practice_answers(klass.code)]
    both = {tid for tid, a in stored if a.form == "after"}
    assert data["trainees"] == len(both) == 2
    expected = change([a for tid, a in stored if tid in both and a.form == "before"],
                      [a for tid, a in stored if tid in both and a.form == "after"])
    for side, measured in (("before", expected.before), ("after", expected.after)):
        assert data[side]["answers"] == measured.answers and data[side]["right"] == measured.right
        assert data[side]["d_prime"] == pytest.approx(measured.d_prime)
        assert data[side]["criterion"] == pytest.approx(measured.criterion)
        assert data[side]["brier"] == pytest.approx(measured.brier)
        assert data[side]["false_alarm_rate"] == (pytest.approx(measured.false_alarm_rate)
                                                  if measured.false_alarm_rate is not None else None)
    assert data["change"]["d_prime"] == pytest.approx(expected.d_prime)
    assert data["verdicts"] == list(expected.verdicts())
    for row in data["calibration"]:                       # the stored confidence counts, level by level
        for form in ("before", "after"):
            mine = [a for tid, a in stored if tid in both and a.form == form and a.confidence == row["confidence"]]
            assert row[f"{form}_answers"] == len(mine) and row[f"{form}_right"] == sum(a.correct for a in mine)
    text = class_report(room, klass.code, "zh", "text")
    assert "前测" in text and "后测" in text
    points = round(100 * (expected.after.accuracy - expected.before.accuracy))
    assert f"{points:+d}个百分点" in text                     # a change of shares is in points, not per cent
    if Path(BROWSER).exists():                   # a picture of the teacher's section
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
            try:
                page = browser.new_page(viewport={"width": 900, "height": 900})
                page.set_content(class_report(room, klass.code, "en", "html"))
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.locator("#check").screenshot(path=str(ARTIFACTS / "classroom-check.png"))
            finally:
                browser.close()


@pytest.mark.skipif(not Path(BROWSER).exists(), reason="Debian's chromium is not installed")
def test_a_phone_answers_a_drill_item_by_tapping(tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.web.server_process import ClassServer

    shots = ARTIFACTS
    shots.mkdir(parents=True, exist_ok=True)
    with ClassServer(tmp_path, "--playlist", "drill,licensed_lender", "--seed", "5", "--lang", "en") as server, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
            page = context.new_page()
            page.set_default_timeout(15_000)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{server.join_url}?lang=en")
            page.fill("#nickname", "Phone")
            page.tap("#join-submit")
            page.wait_for_selector("#drill-start")
            page.tap("#drill-start")
            page.wait_for_selector("#drill[data-phase=item] .drill-asked")
            for target in page.locator("#drill button, #topbar button").all():
                box = target.bounding_box()
                assert box is None or (box["height"] >= 44 and box["width"] >= 44), target.inner_text()
                assert box is None or box["x"] + box["width"] <= 360.5, "nothing runs off a 360 px screen"
            page.tap("#drill-scam")
            page.wait_for_selector("#drill-flags button[data-flag-id]")
            page.locator("#drill-flags button[data-flag-id]").first.tap()
            page.tap("#lang-zh")                          # the words change, the choice stays, no reload
            page.locator("#drill-scam", has_text="骗局").wait_for()
            assert page.get_attribute("#drill-scam", "aria-pressed") == "true"
            assert page.locator("#drill-flags button[aria-pressed=true]").count() == 1
            page.tap("#lang-en")
            page.locator("#drill-scam", has_text="Scam").wait_for()
            page.wait_for_selector("#drill-sure-2")
            page.set_viewport_size({"width": 360, "height": 1100})     # the whole item in one picture
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shots / "classroom-drill-phone.png"))
            page.set_viewport_size({"width": 360, "height": 640})
            page.tap("#drill-sure-2")
            page.wait_for_selector(".drill-feedback[data-verdict]")
            state = page.request.get(server.join_url.rsplit("/join/", 1)[0] + "/api/state").json()
            assert state["practice"]["answer"]["confidence"] == 2 and state["practice"]["answer"]["said"] == "scam"
            assert page.locator(".drill-feedback .fb-line").count() == len(state["practice"]["answer"]["lines"])
            assert not errors, errors
        finally:
            browser.close()


@pytest.mark.parametrize("page, script", [("play.html", "play.js"), ("teacher.html", "teacher.js"),
                                          ("join.html", "join.js")])
def test_every_word_a_page_script_names_is_served_to_it(page, script):
    """A locale key written in a page's script ("web.drill.continue") reaches the page in every
    language; one left out shows as the bare key on a trainee's phone."""
    import re

    from game.locale import get_locale, language_codes
    from game.web.app import PAGE_KEYS, page_strings

    source = (ROOT / "game" / "web" / "static" / script).read_text(encoding="utf-8")
    known = get_locale("en").strings
    named = {key for key in re.findall(r'"([a-z_]+(?:\.[a-z0-9_]+)+)"', source) if key in known}
    assert named, script
    served = page_strings(PAGE_KEYS[page])
    for code in language_codes():
        missing = sorted(key for key in named if key not in served[code])
        assert not missing, (code, missing)


@pytest.mark.skipif(not Path(BROWSER).exists(), reason="Debian's chromium is not installed")
def test_a_phone_takes_the_whole_before_form_without_a_script_error(tmp_path, scenarios, catalog):
    """Every item of a form on the phone page, tapped through to its end card. The US before
    form holds a message with a balance (a tax account's amount due): the page once failed on it
    (the drill has no session of its own whose currency to use)."""
    from playwright.sync_api import sync_playwright

    from game.practice import BEFORE, build_bank, build_item, forms
    from tests.web.server_process import ClassServer

    us = {sid: s for sid, s in scenarios.items() if "US" in s.regions}
    form = forms(build_bank(us, catalog))[BEFORE]
    assert any(m.balance is not None for spec in form
               for m in build_item(spec, us[spec.scenario], catalog, lang="en", region="US", seed=1).view.messages)
    with ClassServer(tmp_path, "--playlist", "first_steps", "--before-after", "--region", "US", "--lang", "en") \
            as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
        try:
            page = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                                       has_touch=True).new_page()
            page.set_default_timeout(15_000)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{server.join_url}?lang=en")
            page.fill("#nickname", "Form")
            page.tap("#join-submit")
            page.wait_for_selector("#drill-start")
            asked = []

            def tap(selector: str) -> None:
                n = page.evaluate("document.body.dataset.n")
                page.tap(selector)
                _until(page, "n => document.body.dataset.n !== n", n)

            tap("#drill-start")
            while not page.locator(".drill-end").count():
                page.wait_for_selector("#drill-genuine:not([disabled])")
                asked.append(page.evaluate("document.querySelector('.drill-asked .bubble').innerText"))
                page.tap("#drill-genuine")
                tap("#drill-sure-1")
                assert page.locator(".drill-feedback[data-verdict]").count() == 1
                tap("#drill-next")
                assert not errors, errors
            assert len(asked) == len(form) and not errors
        finally:
            browser.close()


def _until(page, expression: str, arg=None, seconds: float = 15.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, expression
        page.wait_for_timeout(20)
