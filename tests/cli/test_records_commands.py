"""The records from the command line: terminal play keeps every attempt under a nickname and a
class, `progress` shows it, `records status/forget/keep` manage it, bad input gets a sentence."""

from __future__ import annotations

import json

from game.records import Filter, Records
from tests.conftest import run_main

PLAY = ("play", "--text", "--scenario", "tiny_loan", "--lang", "en", "--scenarios", "tests/fixtures/valid")
SAFE = "f 1\nf 1 search_ad_lure\nf 2\n1\nf 3 upfront_fee\n2\n"


def _play(tmp_path, *extra, seed="5", commands=SAFE):
    result = tmp_path / f"result-{seed}.json"
    done = run_main(*PLAY, "--seed", seed, "--records", str(tmp_path / "r.sqlite"), "--result-json", str(result),
                    *extra, input_text=commands)
    assert done.returncode == 0, done.stderr
    return done, json.loads(result.read_text(encoding="utf-8"))


def test_terminal_play_keeps_the_attempt_with_player_and_class(tmp_path):
    done, result = _play(tmp_path, "--player", "Keen Owl", "--class", "7B")
    assert "Playing as Keen Owl" in done.stdout
    with Records.open(tmp_path / "r.sqlite") as records:
        (attempt,) = records.attempts()
    assert (attempt.nickname, attempt.class_code, attempt.mode) == ("Keen Owl", "7B", "play")
    assert (attempt.scenario, attempt.seed, attempt.score, attempt.outcome) == \
        ("tiny_loan", 5, result["score"], result["outcome"])
    assert (attempt.hits, attempt.misses, attempt.false_alarms) == (result["hits"], result["misses"],
                                                                     result["false_alarms"])
    assert [m.message_id for m in attempt.messages] == [m["id"] for m in result["messages"]]
    assert attempt.started_at <= attempt.finished_at


def test_the_last_player_plays_on_and_a_new_computer_gets_a_suggested_nickname(tmp_path):
    done, _ = _play(tmp_path)
    suggested = done.stdout.split("Playing as ", 1)[1].split(".", 1)[0]
    assert suggested and "@" not in suggested
    _play(tmp_path, seed="6")
    with Records.open(tmp_path / "r.sqlite") as records:
        assert [p.nickname for p in records.players()] == [suggested]
        assert records.count() == 2


def test_progress_shows_a_players_attempts(tmp_path):
    _, first = _play(tmp_path, "--player", "Keen Owl")
    _, second = _play(tmp_path, "--player", "Keen Owl", seed="9", commands="1\n1\n1\n1\n")
    _play(tmp_path, "--player", "Calm Heron", seed="7")
    done = run_main("progress", "--player", "keen owl", "--records", str(tmp_path / "r.sqlite"), "--lang", "en",
                    "--scenarios", "tests/fixtures/valid")
    assert done.returncode == 0, done.stderr
    assert "My progress: Keen Owl" in done.stdout
    assert "Attempts: 2" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("2026") or line[:2] == "20"]
    assert len(rows) == 2
    assert [row.split()[-4] for row in rows] == [str(first["score"]), str(second["score"])]


def test_progress_in_chinese(tmp_path):
    _play(tmp_path, "--player", "机灵的熊猫")
    done = run_main("progress", "--records", str(tmp_path / "r.sqlite"), "--lang", "zh",
                    "--scenarios", "tests/fixtures/valid")
    assert done.returncode == 0, done.stderr
    assert "我的进度：机灵的熊猫" in done.stdout and "共 1 次练习" in done.stdout


def test_unknown_player_and_bad_nickname_are_sentences(tmp_path):
    _play(tmp_path, "--player", "Keen Owl")
    done = run_main("progress", "--player", "Nobody", "--records", str(tmp_path / "r.sqlite"))
    assert done.returncode == 1 and "no player called 'Nobody'" in done.stderr and "Keen Owl" in done.stderr
    done = run_main(*PLAY, "--player", "   ", "--records", str(tmp_path / "r.sqlite"), input_text="")
    assert done.returncode == 1 and "nickname" in done.stderr and "Traceback" not in done.stderr


def test_forget_deletes_a_player_and_keep_sets_retention(tmp_path):
    _play(tmp_path, "--player", "Keen Owl")
    _play(tmp_path, "--player", "Calm Heron", seed="7")
    records_file = str(tmp_path / "r.sqlite")
    done = run_main("records", "forget", "keen owl", "--records", records_file)
    assert done.returncode == 0, done.stderr
    assert "1 attempts deleted" in done.stdout
    with Records.open(tmp_path / "r.sqlite") as records:
        assert [a.nickname for a in records.attempts()] == ["Calm Heron"]
    done = run_main("records", "forget", "keen owl", "--records", records_file)
    assert done.returncode == 1 and "no player" in done.stderr
    done = run_main("records", "keep", "30", "--records", records_file)
    assert done.returncode == 0 and "30 days" in done.stdout
    done = run_main("records", "keep", "soon", "--records", records_file)
    assert done.returncode == 1 and "forever" in done.stderr


def test_status_says_what_is_kept_and_that_nothing_is_sent(tmp_path):
    _play(tmp_path, "--player", "Keen Owl")
    done = run_main("records", "status", "--records", str(tmp_path / "r.sqlite"))
    assert done.returncode == 0, done.stderr
    assert "attempts: 1" in done.stdout and "none configured" in done.stdout
    with Records.open(tmp_path / "r.sqlite") as records:
        assert records.waiting() == 0                 # no LRS: nothing queued, nothing sent


def test_a_garbage_records_file_is_moved_aside_and_play_goes_on(tmp_path):
    (tmp_path / "r.sqlite").write_bytes(b"\x00garbage" * 500)
    done, _ = _play(tmp_path, "--player", "Keen Owl")
    assert "could not be read" in done.stdout and "Traceback" not in done.stderr
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("r.sqlite.corrupt-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"\x00garbage" * 500
    with Records.open(tmp_path / "r.sqlite") as records:
        assert records.count(Filter()) == 1


def test_report_by_class_and_a_usb_stick_round_trip(tmp_path):
    _play(tmp_path, "--player", "Keen Owl", "--class", "7B")
    _play(tmp_path, "--player", "Calm Heron", "--class", "7B", seed="6", commands="1\n1\n1\n1\n")
    _play(tmp_path, "--player", "Calm Heron", "--class", "8A", seed="7")
    mine = str(tmp_path / "r.sqlite")
    done = run_main("report", "--class", "7b", "--format", "json", "--records", mine,
                    "--scenarios", "tests/fixtures/valid")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert sorted(t["name"] for t in report["trainees"]) == ["Calm Heron", "Keen Owl"]
    assert sum(t["attempts"] for t in report["trainees"]) == 2
    stick = tmp_path / "stick"
    done = run_main("records", "export", "-o", str(stick / "7b.jsonl"), "--class", "7B", "--records", mine)
    assert done.returncode == 0 and "wrote 2 attempts" in done.stdout, done.stderr
    teacher = str(tmp_path / "teacher.sqlite")
    args = ("report", "--format", "json", "--records", teacher, "--scenarios", "tests/fixtures/valid")
    done = run_main(*args, "--import", str(stick))
    assert done.returncode == 0 and "imported 2 attempts (0 already here)" in done.stderr, done.stderr
    merged = json.loads(done.stdout)
    assert merged["trainees"] == report["trainees"] and merged["flags"] == report["flags"]
    done = run_main(*args, "--import", str(stick / "7b.jsonl"))
    assert "imported 0 attempts (2 already here)" in done.stderr
    with Records.open(tmp_path / "teacher.sqlite") as records:
        assert records.count() == 2


def test_a_printable_html_report_from_the_command_line(tmp_path):
    _play(tmp_path, "--player", "<b>Keen</b>", "--class", "7B")
    out = tmp_path / "report.html"
    done = run_main("report", "--format", "html", "-o", str(out), "--records", str(tmp_path / "r.sqlite"),
                    "--scenarios", "tests/fixtures/valid", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;Keen&lt;/b&gt;" in page and "<b>Keen</b>" not in page
    assert "<svg" in page and "lang=\"zh" in page
    done = run_main("report", "--since", "last tuesday", "--records", str(tmp_path / "r.sqlite"))
    assert done.returncode == 1 and "2026-09-01" in done.stderr and "Traceback" not in done.stderr


def test_an_old_progress_file_hands_its_counts_to_the_first_player(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_text(json.dumps({
        "version": 1, "settings": {"sound": False},
        "scores": {"loan_fee_trap": {"played": 4, "best": 90}}, "autosave": None}), encoding="utf-8")
    done = run_main(*PLAY, "--seed", "5", "--player", "Keen Owl", "--records", str(tmp_path / "r.sqlite"),
                    input_text=SAFE, env={"REDFLAG_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert not (home / "progress.json").exists() and (home / "progress.json.migrated").exists()
    assert json.loads((home / "settings.json").read_text(encoding="utf-8"))["sound"] is False
    with Records.open(tmp_path / "r.sqlite") as records:
        player = records.player("Keen Owl", create=False)
        assert records.scores(player.id)["loan_fee_trap"] == (4, 90)
