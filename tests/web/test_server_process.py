"""The classroom as a teacher runs it: a real process on 127.0.0.1, killed mid-class (SIGKILL)
and started again with --resume, losing no trainee's place; the ended class and a wrong code."""

from __future__ import annotations

import random

from game.records.store import Filter, Records
from tests.conftest import run_main
from tests.web.server_process import ClassServer, Trainee


def _tap(trainee: Trainee, state: dict, rng: random.Random) -> dict:
    view = state["view"]
    if view["ended"]:
        return trainee.send(state, op="next")
    open_messages = [m for m in view["messages"] if m["flaggable"] and m["flag"] is None]
    if open_messages and rng.random() < 0.5:
        options = trainee.options(open_messages[0]["id"])
        return trainee.send(state, op="flag", message=open_messages[0]["id"], flag=rng.choice(options)["id"])
    if view["waiting"]:
        return trainee.send(state, op="skip")
    return trainee.send(state, op="choose", choice=rng.choice([c["id"] for c in view["choices"] if c["available"]]))


def test_a_killed_server_resumes_every_trainee_exactly_where_they_were(tmp_path):
    server = ClassServer(tmp_path, "--playlist", "first_steps,loan_fee_trap", "--seed", "9", "--lang", "en").start()
    try:
        assert "127.0.0.1" in server.banner and server.code in server.banner
        trainees, states = [], []
        for number in range(3):
            trainee = Trainee(server.base)
            assert trainee.join(server.code, f"Trainee {number}")[0] == 200
            trainees.append(trainee)
            states.append(trainee.state())
        rng = random.Random(4)
        for _ in range(25):
            index = rng.randrange(3)
            states[index] = _tap(trainees[index], states[index], rng)
    finally:
        server.kill()
    again = ClassServer(tmp_path, "--resume", server.code, port=server.port).start()
    try:
        assert again.code == server.code and "again" in again.banner
        for trainee, state in zip(trainees, states):
            assert trainee.state() == state            # the same n, the same screen, the same flags
        for trainee, state in zip(trainees, states):  # and play goes on to the end of the playlist
            for _ in range(400):
                if state["finished"]:
                    break
                state = _tap(trainee, state, rng)
            assert state["finished"]
    finally:
        rest = again.stop()
    assert f"--resume {server.code}" in rest
    with Records.open(tmp_path / "records.sqlite") as records:
        attempts = records.attempts(Filter(class_code=server.code))
    assert sorted((a.nickname, a.scenario) for a in attempts) == sorted(
        (f"Trainee {n}", s) for n in range(3) for s in ("first_steps", "loan_fee_trap"))


def test_resuming_a_class_that_does_not_exist_or_has_ended_says_so(tmp_path):
    missing = run_main("classroom", "--resume", "NOSUCH", "--lang", "en", env={"REDFLAG_HOME": str(tmp_path)})
    assert missing.returncode == 1 and "There is no class NOSUCH" in missing.stderr
    assert "Traceback" not in missing.stderr
    server = ClassServer(tmp_path, "--lang", "en").start()
    try:
        teacher = Trainee(server.base)
        teacher.request("GET", server.teacher_url.replace(server.base, ""))
        assert teacher.request("POST", "/api/teacher/end", {})[1]["status"] == "ended"
        late = Trainee(server.base)
        status, body = late.join(server.code, "Late")
        assert status == 410 and body["error"] == "ended"
    finally:
        server.stop()
    ended = run_main("classroom", "--resume", server.code, "--lang", "en", env={"REDFLAG_HOME": str(tmp_path)})
    assert ended.returncode == 1 and "has ended" in ended.stderr


def test_a_host_beyond_this_computer_is_warned_about(tmp_path):
    server = ClassServer(tmp_path, "--host", "0.0.0.0", "--lang", "en").start()
    try:
        assert "WARNING" in server.banner and "0.0.0.0" in server.banner
    finally:
        server.stop()
