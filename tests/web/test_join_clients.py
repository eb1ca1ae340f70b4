"""The window and the terminal join a class (`--join URL`) over real HTTP: the class's server
runs in this process (uvicorn on 127.0.0.1, a free port), the front ends play the sessions
themselves and send them; the class's store must show each trainee's place, tally and attempts,
every attempt recorded once (by the class, not also by this computer)."""

from __future__ import annotations

import io
import random
import socket
import threading

import pytest
import uvicorn

from game import cli
from game.classlink import ClassLink, LinkError, parse_address
from game.cli_join import class_reader
from game.locale import Translator
from game.records import FILE_NAME
from game.records.store import Filter
from game.web.app import Config, create_app
from game.web.classroom import Classroom, message_flags, tally_of
from tests.web.helpers import make_room, open_class

PLAYLIST = ("first_steps", "toll_text")
EN = Translator("en")


def _until(predicate, seconds: float = 10.0) -> bool:
    """Wait (bounded) for something another thread does; True once it holds."""
    pause = threading.Event()
    for _ in range(int(seconds / 0.01)):
        if predicate():
            return True
        pause.wait(0.01)
    return predicate()


class ClassServer:
    """A class served over loopback from a thread; `stop()` ends it (bounded)."""

    def __init__(self, room: Classroom, code: str, port: int = 0) -> None:
        self.room, self.code = room, code
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)               # connections queue from here: no waiting for the thread to start
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        app = create_app(room, Config(code=code, join_url=f"{self.base}/join/{code}", rate=1000, burst=1000))
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.base}/join/{self.code}"

    def trainee(self, nickname: str):
        return next(row for row in self.room.store.roster(self.code) if row.nickname == nickname)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
        assert not self.thread.is_alive()


@pytest.fixture
def served(tmp_path, catalog, scenarios):
    room = make_room(tmp_path / "class", catalog, scenarios)
    klass = open_class(room, PLAYLIST, seed=7, feedback="immediate")
    server = ClassServer(room, klass.code)
    yield server
    server.stop()


def _class_attempts(server: ClassServer):
    return server.room.recorder.records.attempts(Filter(class_code=server.code))


def _local_records(home):
    return home / FILE_NAME


def _run(argv: list[str], text: str = "") -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(argv, stdin=io.StringIO(text), stdout=out), out.getvalue()


# -- the terminal ---------------------------------------------------------------------------------
def test_the_terminal_plays_the_playlist_and_the_class_counts_and_records_it_once(served, tmp_path, monkeypatch,
                                                                                 catalog, scenarios):
    home = tmp_path / "lab_computer"
    monkeypatch.setenv("REDFLAG_HOME", str(home))
    code, out = _run(["--text", "--join", served.url, "--player", "Ana"], "1\n" * 60)
    assert code == 0, out
    assert EN.t("join.joined", code=served.code, nickname="Ana") in out
    assert EN.t("join.scenario_of", number=2, total=2) in out and EN.t("join.next") in out
    assert EN.t("join.all_done") in out
    row = served.trainee("Ana")
    assert (row.position, row.done) == (1, 2)
    # the tally the teacher's figures count is the one of the sessions this computer played
    saved = served.room.store.trainee(row.id).session
    from game.engine import Session
    from game.locale import words

    last = Session.from_json(scenarios["toll_text"], catalog, saved, words=words)
    assert last.ended and last.seed == 7 and last.feedback_mode == "immediate"
    expected = tally_of(last, 1, message_flags(scenarios["toll_text"]))
    assert expected and {k: v for k, v in row.tally.items() if k.startswith("1:")} == expected
    assert any(k.startswith("0:") for k in row.tally)
    attempts = _class_attempts(served)
    assert sorted(a.scenario for a in attempts) == sorted(PLAYLIST)        # once each
    assert {a.nickname for a in attempts} == {"Ana"}
    assert next(a for a in attempts if a.scenario == "toll_text").score == last.result().score
    assert not _local_records(home).exists() or "toll_text" not in _local_records(home).read_bytes().decode(
        "latin-1")                                                        # not also kept on this computer


def test_a_restarted_computer_comes_back_to_its_place_not_a_taken_nickname(served, tmp_path, monkeypatch):
    monkeypatch.setenv("REDFLAG_HOME", str(tmp_path / "lab_computer"))
    code, _ = _run(["--text", "--join", served.url, "--player", "Ana"], "1\n1\nq\n")
    assert code == 0
    before = served.trainee("Ana")
    code, out = _run(["--text", "--join", served.url], "q\n")            # no --player: the kept place
    assert code == 0 and EN.t("join.resumed", code=served.code, nickname="Ana") in out
    assert [r.nickname for r in served.room.store.roster(served.code)] == ["Ana"]
    assert served.trainee("Ana").n >= before.n


@pytest.mark.parametrize("case", ["wrong_code", "unreachable", "bad_url", "taken", "ended"])
def test_a_class_that_cannot_be_joined_is_one_clear_line_and_exit_1(served, case, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REDFLAG_HOME", str(tmp_path / "home"))
    url = served.url
    expected = {"wrong_code": "web.error.no_class", "unreachable": "join.unreachable", "bad_url": "join.bad_url",
                "taken": "web.error.taken", "ended": "web.error.ended"}[case]
    if case == "wrong_code":
        url = f"{served.base}/join/ZZZZZZ"
    elif case == "unreachable":
        with socket.socket() as probe:                  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{probe.getsockname()[1]}/join/{served.code}"
    elif case == "bad_url":
        url = "ftp://nowhere"
    elif case == "taken":
        served.room.join(served.code, "Ana", "en")
    else:
        served.room.set_status(served.code, "ended")
    code, out = _run(["--text", "--join", url, "--player", "Ana"], "1\n")
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    first_words = EN.t(expected, url=url, reason="", code=served.code).split("(")[0].split(":")[0]
    assert lines[0].startswith(first_words), (lines[0], first_words)
    assert [r.nickname for r in served.room.store.roster(served.code)] == (["Ana"] if case == "taken" else [])


# -- the link --------------------------------------------------------------------------------------
def test_parse_address_takes_the_join_url_or_a_base_and_a_code():
    assert parse_address("http://10.0.0.5:8000/join/abc123") == parse_address("10.0.0.5:8000", "ABC123")
    assert parse_address("https://class.example.org/rf/join/Q2W3E4/").base == "https://class.example.org/rf"
    for bad in ("", "ftp://x/join/A", "http://h:port/join/A", "http://h/join/"):
        with pytest.raises(LinkError):
            parse_address(bad)


def test_pushes_coalesce_and_a_stale_count_is_taken_from_the_class(served, catalog, scenarios):
    link = ClassLink.join(served.url, "Bo", lang="en", poll_every=0.02, backoff=(0.02,))
    session = link.session_for(0, scenarios["first_steps"], catalog)
    served.room.sync(served.trainee("Bo").id, {"n": link.n, "position": 0, "session": session.to_json()})
    for _ in range(5):                              # the class moved on meanwhile: our n is stale
        session.tick(session.seconds_until_choices())
        session.choose(session.view().choices[0].id)
        link.push(session, 0)
        if session.ended:
            break
    assert link.close()
    row = served.trainee("Bo")
    assert row.n <= 2 + 5 and link.n == row.n
    assert served.room.store.trainee(row.id).session["revision"] == session.to_json()["revision"]


def test_a_dropped_network_is_retried_and_the_latest_state_arrives(served, catalog, scenarios):
    link = ClassLink.join(served.url, "Fay", lang="en", poll_every=0.05, backoff=(0.05,), timeout=3.0)
    session = link.session_for(0, scenarios["first_steps"], catalog)
    port = int(served.base.rsplit(":", 1)[1])
    served.stop()                                   # the Wi-Fi drops
    session.tick(session.seconds_until_choices())
    session.choose(session.view().choices[0].id)
    link.push(session, 0)
    assert _until(lambda: link.error is not None)
    assert link.error.startswith(EN.t("join.unreachable", url=served.base, reason="x").split("(")[0])
    assert not link.idle                            # kept, not dropped
    back = ClassServer(served.room, served.code, port)      # and comes back
    try:
        assert link.close(wait=10)
        row = back.trainee("Fay")
        assert back.room.store.trainee(row.id).session["revision"] == session.to_json()["revision"]
        assert link.error is None
    finally:
        back.stop()
        served.thread = back.thread                 # the fixture's stop() finds it stopped


def test_a_paused_class_holds_the_next_command_until_the_teacher_resumes(served, catalog, scenarios):
    link = ClassLink.join(served.url, "Cy", lang="en", poll_every=0.02, backoff=(0.02,))
    session = link.session_for(0, scenarios["first_steps"], catalog)
    said = threading.Event()

    class Out(io.StringIO):
        def write(self, text):
            if EN.t("join.paused") in text:
                said.set()
            return super().write(text)

    out = Out()

    def typed(prompt: str) -> str:                  # the teacher pauses while the trainee types
        served.room.set_status(served.code, "paused")
        return "1"

    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(class_reader(link, session, 0, typed, out)("> ")),
                              daemon=True)
    reader.start()
    assert said.wait(10)
    reader.join(0.3)
    assert reader.is_alive() and got == []          # held: the command is not handed to the game
    served.room.set_status(served.code, "open")
    reader.join(10)
    assert got == ["1"] and EN.t("join.going_on") in out.getvalue()
    # a state sent while paused is kept and reaches the class once it goes on
    served.room.set_status(served.code, "paused")
    session.tick(session.seconds_until_choices())
    session.choose(session.view().choices[0].id)
    link.push(session, 0)
    assert link.wait_while_paused(give_up=0.0) == "paused"
    before = served.trainee("Cy").n
    served.room.set_status(served.code, "open")
    assert link.refresh() == "open" and link.close()
    assert served.trainee("Cy").n == before + 1


def test_an_ended_class_stops_the_terminal(served, tmp_path, monkeypatch):
    monkeypatch.setenv("REDFLAG_HOME", str(tmp_path / "home"))
    room, code = served.room, served.code

    class Ending(io.StringIO):
        """Input whose third line comes after the teacher has ended the class."""

        def __init__(self):
            super().__init__()
            self.lines = iter(["1\n", "1\n", "1\n", "1\n", "1\n"])
            self.count = 0

        def readline(self, size: int = -1):
            self.count += 1
            if self.count == 3:
                room.set_status(code, "ended")
            return next(self.lines, "")

    out = io.StringIO()
    assert cli.main(["--text", "--join", served.url, "--player", "Di"], stdin=Ending(), stdout=out) == 0
    assert EN.t("join.ended") in out.getvalue() and EN.t("join.all_done") not in out.getvalue()


# -- the window ------------------------------------------------------------------------------------
def test_the_window_plays_the_class_scenario_and_its_pushes_reach_the_class(served, tmp_path, catalog, scenarios):
    from game.progress import Progress
    from game.ui.run import WindowOptions, build_app
    from game.ui.scenes.debrief import DebriefScene
    from game.ui.scenes.flagmenu import FlagMenuScene
    from game.ui.scenes.play import PlayScene
    from game.ui.scenes.timeup import TimeUpScene
    from game.ui.scenes.transfer import TransferConfirmScene
    from tests.ui.pilot import Pilot

    link = ClassLink.join(served.url, "Eve", lang="en", poll_every=0.05, backoff=(0.05,))
    home = tmp_path / "window_home"
    pilot = Pilot.__new__(Pilot)                    # the pilot's stepping and clicking, on a window that joined
    pilot.progress, pilot.recorder = Progress.load(home), None
    pilot.app = build_app(catalog, scenarios, {}, pilot.progress, WindowOptions(lang=link.lang, region="CN"),
                          link=link)
    pilot.step()
    scene = pilot.scene
    assert isinstance(scene, PlayScene) and scene.class_position == 0 and scene.scenario.id == "first_steps"
    assert scene.session.seed == 7 and scene.session.feedback_mode == "immediate"
    rng = random.Random(3)
    for _ in range(300):
        scene = pilot.scene
        if isinstance(scene, DebriefScene):
            break
        if isinstance(scene, TransferConfirmScene):
            pilot.click("dialog:yes")
        elif isinstance(scene, TimeUpScene):
            pilot.click("timeup:continue")
        elif isinstance(scene, FlagMenuScene):
            pilot.click(rng.choice([i for i in pilot.widget_ids() if i.startswith("flag_option:")]))
        else:
            pilot.wait_for_choices()
            ids = pilot.widget_ids()
            messages = [i for i in ids if i.startswith("msg:")]
            choices = [i for i in ids if i.startswith("choice:")]
            if messages and rng.random() < 0.3:
                pilot.click(rng.choice(messages))
            elif choices:
                pilot.click(rng.choice(choices))
            else:
                pilot.advance(1.0)
    played = pilot.scene.session
    assert isinstance(pilot.scene, DebriefScene) and played.ended
    assert "debrief:next" in pilot.widget_ids() and "debrief:new_people" not in pilot.widget_ids()
    from game.ui.fit import TextLog

    pilot.app.assets.text_log = TextLog()
    pilot.step()
    status_line = EN.t("join.status_line", code=served.code, nickname="Eve", status=EN.t("join.status.open"))
    assert [p.text for p in pilot.app.assets.text_log.placed if p.where.endswith(":class")] == [status_line]
    assert pilot.click("debrief:next")
    pilot.step()
    assert isinstance(pilot.scene, PlayScene) and pilot.scene.class_position == 1
    assert pilot.scene.scenario.id == "toll_text"
    assert link.close()
    row = served.trainee("Eve")
    assert (row.position, row.done) == (1, 1)
    attempts = _class_attempts(served)
    assert [(a.scenario, a.nickname, a.score) for a in attempts] == [("first_steps", "Eve", played.result().score)]
    assert not (home / FILE_NAME).exists()


@pytest.mark.parametrize("settings", [{"before_after": True}, {"playlist": ("first_steps", "drill")}])
def test_a_class_with_drills_or_a_skill_check_asks_for_a_browser(tmp_path, catalog, scenarios, capsys, monkeypatch,
                                                                 settings):
    """The desktop client plays scenarios only: it says so in one line rather than skip the practice."""
    monkeypatch.setenv("REDFLAG_HOME", str(tmp_path / "home"))
    room = make_room(tmp_path / "class", catalog, scenarios)
    klass = open_class(room, settings.pop("playlist", PLAYLIST), **settings)
    server = ClassServer(room, klass.code)
    try:
        code, _ = _run(["--text", "--join", server.url, "--player", "Ana"], "1\n")
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [EN.t("web.error.browser_only")]
