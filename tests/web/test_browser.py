"""The classroom in a real browser: Debian's Chromium driven by Playwright, against the real
server process on 127.0.0.1. Three trainees on phone-sized pages play a whole scenario by
tapping while the teacher's page updates by itself; a scenario whose texts are HTML and script
shows them as text. Screenshots of the end are kept in build/artifacts/web/ (README uses some)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.web.server_process import ClassServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("REDFLAG_ARTIFACTS", ROOT / "build" / "artifacts")) / "web"
CHROMIUM = "/usr/bin/chromium"
HOSTILE = "<img src=x onerror='alert(1)'><script>alert(2)</script>"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                                "(.ci/run installs it: apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _phone(browser, width: int, height: int, dialogs: list, errors: list):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "409" not in m.text else None)
    return page


def _wait(page, expression: str, arg=None, timeout: float = 15.0) -> None:
    """Wait until `expression` (a JS function of `arg`) is true. Polled from here: Playwright's
    own wait_for_function evaluates a string, which the page's policy (no eval) refuses."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {expression}")
        page.wait_for_timeout(20)


def _join(page, join_url: str, nickname: str, lang: str) -> None:
    page.goto(f"{join_url}?lang={lang}")
    page.fill("#nickname", nickname)
    page.tap("#join-submit")
    page.wait_for_selector(".msg")


def _state(page) -> dict:
    return page.request.get(page.url.split("/play")[0] + "/api/state").json()


def _scam_way(store: Path, code: str, scenario_id: str) -> str | None:
    """The choice the demo's scam path takes now, read from the class store (the page itself
    never knows which way is the scam): a trainee who goes along with it, to reach the payments."""
    from game.engine import Session, TeachingPolicy
    from game.locale import words
    from game.scenario import load_catalog, load_scenario
    from game.web.store import ClassStore

    catalog = load_catalog(ROOT / "scenarios" / "red_flags.yaml")
    scenario = load_scenario(ROOT / "scenarios" / f"{scenario_id}.yaml", catalog)
    opened = ClassStore.open(str(store))
    try:
        saved = opened.trainee(opened.roster(code)[0].id).session
    finally:
        opened.close()
    return TeachingPolicy("scam").choose(Session.from_json(scenario, catalog, saved, words=words))


def _tap_once(page, flag_first: bool, checked: list, way=None) -> bool:
    """One tap the way a trainee would; False once the debrief is on screen."""
    if page.locator(".debrief .card").count():
        return False
    n = page.evaluate("document.body.dataset.n")
    if page.locator("#confirm-transfer").is_visible():
        state = _state(page)
        paying = [c for c in state["view"]["choices"] if c["payment"] and c["available"]]
        assert len(paying) >= 1
        choice = paying[0]
        amount = page.locator("#transfer-amount")
        assert amount.get_attribute("data-amount") == str(choice["payment"]["amount"])
        assert amount.get_attribute("data-payee") == choice["payment"]["payee"]
        assert amount.get_attribute("data-currency") == choice["payment"]["currency"]
        checked.append(choice["id"])
        page.tap("#transfer-confirm")
    elif page.locator("#skip").is_visible():
        page.tap("#skip")
    elif flag_first and page.locator(".msg:not([data-flag]) button.bubble").count():
        page.locator(".msg:not([data-flag]) button.bubble").first.tap()
        page.wait_for_selector("#flag-options button[data-flag-id]")
        page.locator("#flag-options button[data-flag-id]").first.tap()
    elif way is not None and page.locator("button.choice:not([disabled])").count():
        button = page.locator(f"button.choice[data-choice-id='{way()}']")
        paying = button.get_attribute("data-cost") not in (None, "0")
        button.tap()
        if paying:
            return True                                                  # the transfer sheet opens
    elif page.locator("button.choice:not([disabled])").count():
        page.locator("button.choice:not([disabled])").last.tap()      # the later choices go on with the story
        if page.locator("#confirm-transfer").is_visible():
            return True
    else:
        page.wait_for_timeout(300)                                       # time passes (a timer, a tick)
        return True
    _wait(page, "n => document.body.dataset.n !== n", n)
    return True


def test_three_phones_play_a_scenario_and_the_teacher_watches_it_live(browser, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with ClassServer(tmp_path, "--playlist", "first_steps", "--seed", "5", "--lang", "en") as server:
        teacher = browser.new_page(viewport={"width": 1280, "height": 800})
        teacher.goto(server.teacher_url)
        assert teacher.locator("#class-code").inner_text().strip() == server.code
        assert teacher.locator("#roster tbody tr[data-trainee-id]").count() == 0
        dialogs, errors = [], []
        phones = [(_phone(browser, 390, 844, dialogs, errors), "Calm Heron", "en", True),
                  (_phone(browser, 360, 640, dialogs, errors), "沉着的白鹭", "zh", False),
                  (_phone(browser, 412, 915, dialogs, errors), "Swift Fox", "en", True)]
        for page, nickname, lang, _ in phones:
            _join(page, server.join_url, nickname, lang)
        _wait(teacher, "() => document.querySelectorAll('#roster tbody tr[data-trainee-id]').length === 3")
        # every tap target a trainee uses is at least 44 px tall
        for selector in ("button.choice", "#lang-en", "#lang-zh"):
            for box in (phones[1][0].locator(selector).nth(i).bounding_box()
                        for i in range(phones[1][0].locator(selector).count())):
                assert box is None or box["height"] >= 44, selector
        transfers: list = []
        playing = list(phones)
        for _ in range(200):
            playing = [p for p in playing if _tap_once(p[0], p[3], transfers)]
            if not playing:
                break
        assert not playing, "a trainee never reached the debrief"
        for page, nickname, lang, _ in phones:
            state = _state(page)
            assert state["view"]["ended"] and state["nickname"] == nickname and state["lang"] == lang
            assert page.locator(".debrief .card").count() == len(state["result"]["cards"])
            shown = [page.locator(".debrief .card").nth(i).get_attribute("data-verdict")
                     for i in range(len(state["result"]["cards"]))]
            assert shown == [c["verdict"] for c in state["result"]["cards"]]
        _wait(teacher, "() => document.querySelector('#count-finished').dataset.value === '3'")
        snapshot = teacher.request.get(f"{server.base}/api/teacher/snapshot").json()
        rows = teacher.locator("#flags tbody tr[data-flag-id]")
        assert rows.count() == len(snapshot["flags"]) > 0
        for index, expected in enumerate(snapshot["flags"]):
            row = rows.nth(index)
            assert row.get_attribute("data-flag-id") == expected["id"]
            assert [row.locator(c).get_attribute("data-value") for c in (".spotted", ".missed", ".false-alarms")] \
                == [str(expected["spotted"]), str(expected["missed"]), str(expected["false_alarms"])]
        assert not dialogs and not errors, (dialogs, errors)
        for (page, nickname, lang, _), name in zip(phones, ("phone-en", "phone-zh", "phone-en-2")):
            page.screenshot(path=str(ARTIFACTS / f"{name}-debrief.png"))
        teacher.screenshot(path=str(ARTIFACTS / "teacher.png"))
        teacher.click("#show-discuss")
        teacher.wait_for_selector("#discuss-view:not([hidden])")
        teacher.screenshot(path=str(ARTIFACTS / "teacher-discuss.png"))


def test_a_transfer_shows_the_payee_and_amount_the_scenario_says_before_it_is_sent(browser, tmp_path):
    with ClassServer(tmp_path, "--playlist", "fake_shopping_deal", "--seed", "3", "--lang", "en") as server:
        dialogs, errors = [], []
        page = _phone(browser, 390, 844, dialogs, errors)
        _join(page, server.join_url, "Payer", "en")
        transfers: list = []
        for _ in range(200):
            if not _tap_once(page, False, transfers,
                             way=lambda: _scam_way(tmp_path / "records.sqlite", server.code, "fake_shopping_deal")):
                break
        state = _state(page)
        assert state["view"]["ended"] and transfers, "no transfer was confirmed on the way"
        assert state["result"]["paid"] > 0 and state["view"]["paid"] == state["result"]["paid"]
        money = page.locator(".debrief .summary .line[data-kind='money']")
        assert money.get_attribute("data-role") == "danger"
        assert not dialogs and not errors, (dialogs, errors)
        page.screenshot(path=str(ARTIFACTS / "phone-paid-debrief.png"))


def test_scenario_texts_that_are_html_and_script_show_as_text(browser, tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    tiny = (ROOT / "tests" / "fixtures" / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    (folder / "tiny_loan.yaml").write_text(tiny.replace("Loans in five minutes, no credit check.", HOSTILE),
                                           encoding="utf-8")
    with ClassServer(tmp_path, "--scenarios", str(folder), "--playlist", "tiny_loan", "--lang", "en") as server:
        dialogs, errors = [], []
        page = _phone(browser, 390, 844, dialogs, errors)
        _join(page, server.join_url, "<b>Bold</b>", "en")
        while page.locator("#skip").is_visible():
            page.tap("#skip")
            page.wait_for_timeout(200)
        page.wait_for_selector(".msg")
        assert HOSTILE in page.locator("#thread").inner_text()
        assert page.locator("#thread img, #thread script, #thread b").count() == 0
        teacher = browser.new_page(viewport={"width": 1280, "height": 800})
        teacher.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        teacher.goto(server.teacher_url)
        teacher.wait_for_selector("#roster tbody tr[data-trainee-id]")
        assert teacher.locator("#roster .nick").first.inner_text() == "<b>Bold</b>"
        assert not dialogs, dialogs


def test_a_reload_or_a_lost_connection_comes_back_exactly_where_the_trainee_was(browser, tmp_path):
    with ClassServer(tmp_path, "--playlist", "loan_fee_trap", "--seed", "8", "--lang", "en") as server:
        dialogs, errors = [], []
        page = _phone(browser, 390, 844, dialogs, errors)
        _join(page, server.join_url, "Reloader", "en")
        for _ in range(6):
            _tap_once(page, True, [])
        ids = lambda: page.evaluate(  # noqa: E731
            "() => [...document.querySelectorAll('.msg')].map(m => m.dataset.messageId + ':' + (m.dataset.flag ?? '-'))")
        before, n = ids(), page.evaluate("document.body.dataset.n")
        page.reload()
        page.wait_for_selector(".msg")
        _wait(page, "n => document.body.dataset.n === n", n)
        assert ids() == before
        page.context.set_offline(True)                   # Wi-Fi gone: the tap waits, nothing is lost
        target = "#skip" if page.locator("#skip").is_visible() else "button.choice:not([disabled])"
        page.locator(target).first.tap()
        _wait(page, "() => !document.querySelector('#banner').hidden")
        page.context.set_offline(False)
        _wait(page, "() => document.querySelector('#banner').hidden", timeout=30)
        state = _state(page)
        assert state["n"] >= int(n) and page.evaluate("document.body.dataset.n") == str(state["n"])
        assert not dialogs, dialogs
