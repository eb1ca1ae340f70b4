"""Delivery to a real Ralph LRS from the outbox: statements arrive once; an LRS that is down,
slow or answering 500 loses nothing and is tried again with back-off; a response lost on the
way and a conflicting copy duplicate nothing. Settings come from the environment or a TOML file."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from game.records import Records, RecordsError
from game.records.lrs import LrsConfig, load_config, outbox_pairs, queue_attempt, sync
from game.records.xapi import attempts_from_statements
from tests.records.helpers import attempts
from tests.records.ralph import PASSWORD, USER, Ralph, free_port

FAST = dict(batch_size=7, timeout=5.0, retry_seconds=2.0)


@pytest.fixture(scope="module")
def ralph():
    with Ralph() as server:
        yield server


@pytest.fixture(scope="module")
def pool(scenarios, catalog):
    """Attempts to hand out, a few per test (each test's attempts are its own)."""
    return iter(attempts(scenarios, catalog, 60, player_id="6f1c2b8e-3d0a-4f8e-9b57-1a2c3d4e5f60",
                         nickname="Calm Heron", class_code="7B"))


def take(pool, count):
    return [next(pool) for _ in range(count)]


def config_for(url: str, **changes) -> LrsConfig:
    return replace(LrsConfig(url=url, username=USER, password=PASSWORD, **FAST), **changes)


def stored_with(records: Records, made, config: LrsConfig) -> list[str]:
    ids = []
    for attempt in made:
        pairs = outbox_pairs(attempt, config)
        assert records.add(attempt, outbox=pairs)
        ids += [statement_id for statement_id, _ in pairs]
    return ids


def in_lrs(ralph: Ralph, made) -> list[str]:
    """IDs of the statements the LRS holds for these attempts (repeats kept)."""
    registrations = {a.id for a in made}
    return [s["id"] for s in ralph.stored() if s["context"]["registration"] in registrations]


def queued(records: Records):
    return records.due(10_000, now=float("inf"))


class FakeTime:
    def __init__(self) -> None:
        self.now = time.time()
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


class Stub:
    """A tiny HTTP server on 127.0.0.1 that answers every POST by `behaviour(handler, body)`."""

    def __init__(self, behaviour) -> None:
        stub = self
        self.requests = 0
        self.release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stub.requests += 1
                behaviour(self, body, stub)

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/xAPI/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Stub":
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def answer_500(handler, body, stub):
    handler.send_response(500)
    handler.send_header("Content-Length", "2")
    handler.end_headers()
    handler.wfile.write(b"{}")


def never_in_time(handler, body, stub):
    stub.release.wait(30)                   # far longer than the client's timeout; freed at the end


# -- settings -------------------------------------------------------------------------------

def test_no_settings_means_no_lrs(tmp_path):
    assert load_config(None, env={}) is None
    assert load_config(tmp_path / "missing.toml", env={}) is None


def test_settings_come_from_the_environment_over_the_file(tmp_path):
    path = tmp_path / "lrs.toml"
    path.write_text('url = "https://lrs.example/xapi/"\nusername = "school"\npassword = "s3cret"\n'
                    'batch_size = 20\npseudonymise = true\n', encoding="utf-8")
    config = load_config(path, env={})
    assert (config.statements_url, config.username, config.batch_size, config.pseudonymise) == (
        "https://lrs.example/xapi/statements", "school", 20, True)
    config = load_config(path, env={"REDFLAG_LRS_URL": "http://127.0.0.1:9/xAPI/statements",
                                    "REDFLAG_LRS_BATCH": "5", "REDFLAG_LRS_PSEUDONYMISE": "no"})
    assert (config.statements_url, config.username, config.batch_size, config.pseudonymise) == (
        "http://127.0.0.1:9/xAPI/statements", "school", 5, False)
    assert "s3cret" not in repr(config)
    config = load_config(None, env={"REDFLAG_LRS_URL": "https://lrs.example/xAPI", "REDFLAG_LRS_USER": "u",
                                    "REDFLAG_LRS_PASSWORD": "p"})
    assert (config.username, config.password, config.timeout) == ("u", "p", 10.0)


@pytest.mark.parametrize("text, env, message", [
    ('url = "https://lrs.example"\nbatch = 3\n', {}, "unknown setting 'batch'"),
    ('url = "https://lrs.example"\nusername = "u"\n', {}, "both a user name and a password"),
    ('url = "ftp://lrs.example"\n', {}, "not an http:// or https:// address"),
    ('url = "https://lrs.example"\nbatch_size = 0\n', {}, "batch_size must be between 1 and 1000"),
    ('url = "https://lrs.example"\ntimeout = "soon"\n', {}, "timeout must be a number"),
    ('url = https://lrs.example\n', {}, "are not valid TOML"),
    ('username = "u"\npassword = "p"\n', {}, "without an address"),
    ('', {"REDFLAG_LRS_URL": "https://lrs.example", "REDFLAG_LRS_TIMEOUT": "-1"}, "REDFLAG_LRS_TIMEOUT must be"),
    ('', {"REDFLAG_LRS_URL": "https://lrs.example", "REDFLAG_LRS_PSEUDONYMISE": "maybe"}, "true or false"),
])
def test_bad_settings_are_a_sentence_not_a_traceback(tmp_path, text, env, message):
    path = tmp_path / "lrs.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordsError, match=message):
        load_config(path, env=env)


def test_no_lrs_queues_nothing(pool):
    assert outbox_pairs(next(pool), None) == []


# -- end to end against Ralph -----------------------------------------------------------------

def test_statements_arrive_once_in_batches_and_read_back_as_the_same_attempts(tmp_path, ralph, pool):
    made = take(pool, 4)
    config = config_for(ralph.url)
    with Records.open(tmp_path / "r.sqlite") as records:
        ids = stored_with(records, made, config)
        report = sync(records, config)
        assert (report.sent, report.failed, report.waiting, report.error) == (len(ids), 0, 0, "")
        assert len(ids) > 3 * config.batch_size                # several POSTs to one data folder
        assert sync(records, config).sent == 0                 # nothing left to send
        stored = records.attempts()
    found = in_lrs(ralph, made)
    assert sorted(found) == sorted(ids)                        # every one, once
    lrs_copy = [s for s in ralph.stored() if s["context"]["registration"] in {a.id for a in made}]
    back, problems = attempts_from_statements(lrs_copy)
    assert problems == []
    assert sorted(back, key=lambda a: a.id) == sorted((replace(a, source="import") for a in stored), key=lambda a: a.id)


def test_lrs_down_keeps_everything_queued_and_a_later_sync_delivers(tmp_path, ralph, pool):
    made = take(pool, 2)
    down = config_for(f"http://127.0.0.1:{free_port()}/xAPI/")   # nothing listens there
    with Records.open(tmp_path / "r.sqlite") as records:
        ids = stored_with(records, made, down)
        report = sync(records, down)
        assert (report.sent, report.waiting) == (0, len(ids))
        assert "cannot reach the LRS" in report.error and "refused" in report.error
        assert {q.tries for q in queued(records)} <= {0, 1} and any(q.tries == 1 for q in queued(records))
        assert records.last_error() == report.error
        assert sync(records, down).sent == 0                      # backing off: not due yet, nothing tried
        assert {q.tries for q in queued(records)} <= {0, 1}
        later = FakeTime()
        later.now += 60
        report = sync(records, config_for(ralph.url), clock=later.clock, sleep=later.sleep)
        assert (report.sent, report.waiting) == (len(ids), 0)
    assert sorted(in_lrs(ralph, made)) == sorted(ids)


def test_slow_lrs_times_out_and_keeps_everything(tmp_path, pool):
    made = take(pool, 1)
    with Stub(never_in_time) as stub, Records.open(tmp_path / "r.sqlite") as records:
        config = config_for(stub.url, timeout=0.3)
        ids = stored_with(records, made, config)
        started = time.monotonic()
        report = sync(records, config)
        assert time.monotonic() - started < 5
        assert (report.sent, report.waiting, stub.requests) == (0, len(ids), 1)
        assert "timed out" in report.error
        assert sorted(q.statement_id for q in queued(records)) == sorted(ids)


def test_answering_500_keeps_everything_counts_tries_and_backs_off(tmp_path, pool):
    made = take(pool, 1)
    fake = FakeTime()
    with Stub(answer_500) as stub, Records.open(tmp_path / "r.sqlite") as records:
        config = config_for(stub.url, batch_size=500, max_tries=4)
        ids = stored_with(records, made, config)
        report = sync(records, config, max_seconds=600, clock=fake.clock, sleep=fake.sleep)
        assert (report.sent, report.waiting, stub.requests) == (0, len(ids), 4)
        assert report.failed == 4 * len(ids) and "500" in report.error
        assert fake.waits == [2.0, 4.0, 8.0]                      # exponential, then it gives up
        assert {q.tries for q in queued(records)} == {4}
        assert sync(records, config, clock=fake.clock).sent == 0  # not due before its back-off ends
        assert stub.requests == 4
        fake.now += 15.9
        sync(records, config, clock=fake.clock)
        assert stub.requests == 4
        fake.now += 0.2                                           # 16 s after the fourth try
        report = sync(records, config, clock=fake.clock)
        assert stub.requests == 5 and {q.tries for q in queued(records)} == {5} and report.waiting == len(ids)


def test_max_seconds_bounds_the_waiting(tmp_path, pool):
    fake = FakeTime()
    with Stub(answer_500) as stub, Records.open(tmp_path / "r.sqlite") as records:
        config = config_for(stub.url, batch_size=500, max_tries=10)
        stored_with(records, take(pool, 1), config)
        sync(records, config, max_seconds=7, clock=fake.clock, sleep=fake.sleep)
        assert fake.waits == [2.0, 4.0] and stub.requests == 3


def test_no_batch_starts_after_max_seconds(tmp_path, pool):
    fake = FakeTime()

    def slow_200(handler, body, stub):                             # each answer takes 10 s of fake time
        fake.now += 10
        handler.send_response(200)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"[]")

    with Stub(slow_200) as stub, Records.open(tmp_path / "r.sqlite") as records:
        config = config_for(stub.url, batch_size=2)
        ids = stored_with(records, take(pool, 1), config)
        report = sync(records, config, max_seconds=25, clock=fake.clock, sleep=fake.sleep)
        assert stub.requests == 3 and (report.sent, report.waiting) == (6, len(ids) - 6)


def test_a_lost_response_and_a_retry_duplicate_nothing(tmp_path, ralph, pool):
    """The LRS stores a batch but its answer never arrives; the retry must not store it twice."""
    def forward_then_hang_up(handler, body, stub):
        status, _ = ralph.request("POST", body=__import__("json").loads(body))
        stub.forwarded.append(status)
        handler.close_connection = True                           # no answer at all

    made = take(pool, 2)
    with Stub(forward_then_hang_up) as stub, Records.open(tmp_path / "r.sqlite") as records:
        stub.forwarded = []
        lossy = config_for(stub.url, batch_size=500)
        ids = stored_with(records, made, lossy)
        report = sync(records, lossy)
        assert stub.forwarded == [200] and (report.sent, report.waiting) == (0, len(ids))
        assert sorted(in_lrs(ralph, made)) == sorted(ids)         # Ralph did store them
        fake = FakeTime()
        fake.now += 60
        report = sync(records, config_for(ralph.url), clock=fake.clock)
        assert (report.sent, report.waiting) == (len(ids), 0)
    assert sorted(in_lrs(ralph, made)) == sorted(ids)             # still once each


def test_a_different_statement_under_an_id_is_kept_and_counts_as_delivered(tmp_path, ralph, pool):
    """Ralph answers 409 for a whole batch when it holds a different statement under one of its
    IDs, and stores none of it: the batch is sent one by one and the new ones arrive."""
    first, second = take(pool, 2)
    plain = config_for(ralph.url, batch_size=500)
    with Records.open(tmp_path / "a.sqlite") as records:
        stored_with(records, [first], plain)
        assert sync(records, plain).waiting == 0
    hidden = replace(plain, pseudonymise=True)                      # same IDs, other actor name
    with Records.open(tmp_path / "b.sqlite") as records:
        ids = stored_with(records, [first, second], hidden)
        report = sync(records, hidden)
        assert (report.sent, report.waiting) == (len(ids), 0)
    held = [s for s in ralph.stored() if s["context"]["registration"] in (first.id, second.id)]
    assert sorted(s["id"] for s in held) == sorted(ids)             # once each
    assert {s["actor"].get("name") for s in held if s["context"]["registration"] == first.id} == {"Calm Heron"}
    assert {s["actor"].get("name") for s in held if s["context"]["registration"] == second.id} != {"Calm Heron"}


def test_queue_attempt_adds_the_statements_of_a_stored_attempt_once(tmp_path, pool):
    attempt = next(pool)
    config = config_for("https://lrs.example/xAPI/")
    with Records.open(tmp_path / "r.sqlite") as records:
        records.add(attempt)
        assert records.waiting() == 0
        assert queue_attempt(records, attempt, config) == len(attempt.messages) + 3
        assert queue_attempt(records, attempt, config) == 0
        assert queue_attempt(records, attempt, None) == 0
        assert records.waiting() == len(attempt.messages) + 3


def test_the_end_of_an_attempt_sends_its_statements(tmp_path, ralph, scenarios, catalog):
    """The recorder front ends use: an attempt kept and its statements queued in one go, then sent
    (terminal: at once; window: in a background thread), each exactly once."""
    from game.records import Recorder
    from game.records.xapi import statements
    from tests.records.helpers import played

    for background, seed in ((False, 31), (True, 32)):
        recorder = Recorder(tmp_path / f"r{seed}.sqlite", lrs=config_for(ralph.url), class_code="9C",
                            background_sync=background)
        recorder.use("Keen Owl")
        attempt = recorder.record(played(scenarios["loan_fee_trap"], catalog, seed=seed))
        recorder.wait_for_sync(30)
        expected = [s["id"] for s in statements(attempt)]
        assert sorted(in_lrs(ralph, [attempt])) == sorted(expected)
        assert recorder.records.waiting() == 0 and recorder.last_sync.sent == len(expected)
        recorder.close()


def test_an_attempt_with_the_lrs_down_waits_in_the_outbox(tmp_path, scenarios, catalog):
    from game.records import Recorder
    from tests.records.helpers import played

    recorder = Recorder(tmp_path / "r.sqlite", lrs=config_for(f"http://127.0.0.1:{free_port()}/xAPI/"),
                        background_sync=False)
    recorder.use("Keen Owl")
    attempt = recorder.record(played(scenarios["loan_fee_trap"], catalog, seed=5))
    assert attempt is not None and recorder.error is None          # play goes on
    assert recorder.records.waiting() > 0 and "cannot reach the LRS" in recorder.last_sync.error
    recorder.close()


def test_terminal_play_sends_to_the_configured_lrs_and_records_sync_delivers_what_waited(tmp_path, ralph):
    """As an educator sets it up: the LRS from the environment, terminal play, `records sync`."""
    from tests.conftest import run_main

    play = ("play", "--text", "--scenario", "tiny_loan", "--lang", "en", "--scenarios", "tests/fixtures/valid",
            "--player", "Keen Owl", "--records", str(tmp_path / "r.sqlite"))
    moves = "f 1\nf 1 search_ad_lure\nf 2\n1\nf 3 upfront_fee\n2\n"
    up = {"REDFLAG_LRS_URL": ralph.url, "REDFLAG_LRS_USER": USER, "REDFLAG_LRS_PASSWORD": PASSWORD}
    down = {**up, "REDFLAG_LRS_URL": f"http://127.0.0.1:{free_port()}/xAPI/"}
    assert run_main(*play, "--seed", "5", input_text=moves, env=up).returncode == 0
    assert run_main(*play, "--seed", "6", input_text=moves, env=down).returncode == 0
    with Records.open(tmp_path / "r.sqlite") as records:
        first, second = records.attempts()
        assert records.waiting() > 0                              # the second waits: its LRS was down
    assert len(in_lrs(ralph, [first])) > 0 and in_lrs(ralph, [second]) == []
    status = run_main("records", "status", "--records", str(tmp_path / "r.sqlite"), env=up)
    assert ralph.url in status.stdout and "waiting to be sent: 0" not in status.stdout
    done = run_main("records", "sync", "--records", str(tmp_path / "r.sqlite"), env=up)
    assert done.returncode == 0 and "still waiting: 0" not in done.stdout, done.stderr
    assert "0 still waiting" in done.stdout
    assert len(in_lrs(ralph, [second])) == len(in_lrs(ralph, [first]))
    nothing = run_main("records", "sync", "--records", str(tmp_path / "r.sqlite"))
    assert nothing.returncode == 1 and "no Learning Record Store is configured" in nothing.stderr
