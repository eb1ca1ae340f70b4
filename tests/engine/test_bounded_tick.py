"""One `tick` does bounded work whatever the file says: a timeout that leads back to its own
step with the shortest `after:` fires a bounded number of times per tick (it used to fire
thousands of times in one tick, for 34 s and 200 MB), and nothing rescans every message
delivered so far on each timeout."""

from __future__ import annotations

import pytest

from game.engine import Session
from game.engine.session import MAX_MESSAGES_PER_TICK, MAX_TIMEOUTS_PER_TICK
from game.engine.views import TimedOut
from game.scenario import check_scenario_bytes
from game.scenario.models import MIN_TIMEOUT


def _loop(catalog, messages: int = 1, delay: float = 0):
    lines = "\n".join(f"      - {{id: m{i}, from: agent, text: {{en: \"Still there? {i}\", zh: \"还在吗？{i}\"}}, "
                      f"delay: {delay}}}" for i in range(messages))
    text = f"""format: 1
id: loop
kind: scam
category: fake_loan
difficulty: 1
title: {{en: "Loop", zh: "循环"}}
summary: {{en: "A timeout that comes back.", zh: "会回来的超时。"}}
sources: ["Test"]
cast: {{agent: {{role: scammer, name: name}}}}
start: wait
endings: {{left: {{outcome: safe, debrief: {{en: "You left.", zh: "你离开了。"}}}}}}
steps:
  wait:
    channel: chat
    messages:
{lines}
    choices:
      - {{id: leave, text: {{en: "Leave", zh: "离开"}}, to: left}}
    timeout: {{after: {MIN_TIMEOUT:g}, to: wait}}
"""
    scenario, problems = check_scenario_bytes("loop.yaml", text.encode("utf-8"), catalog)
    assert scenario is not None, [p.format() for p in problems]
    return scenario


class CountingList(list):
    """The deliveries, counting every walk over them (a rescan)."""

    walks = 0

    def __iter__(self):
        CountingList.walks += 1
        return super().__iter__()


def test_a_self_looping_timeout_fires_a_bounded_number_of_times_per_tick(catalog):
    session = Session(_loop(catalog), catalog, seed=1)
    events = session.tick(3600)
    fired = sum(isinstance(e, TimedOut) for e in events)
    assert fired == MAX_TIMEOUTS_PER_TICK
    assert session.step_id == "wait" and not session.ended
    assert session.clock == pytest.approx(MAX_TIMEOUTS_PER_TICK * MIN_TIMEOUT)   # at the last timeout
    assert len(session.to_json()["choices"]) == fired
    assert session.seconds_until_timeout() == pytest.approx(MIN_TIMEOUT)
    session.choose("leave")
    assert session.ended and session.result().outcome == "safe"


def test_many_messages_per_loop_bound_the_tick_too(catalog):
    session = Session(_loop(catalog, messages=200), catalog, seed=1)
    before = len(session.to_json()["deliveries"])
    events = session.tick(3600)
    scheduled = len(session.to_json()["deliveries"]) - before
    assert MAX_MESSAGES_PER_TICK <= scheduled < MAX_MESSAGES_PER_TICK + 200
    assert sum(isinstance(e, TimedOut) for e in events) == scheduled // 200


def test_a_capped_tick_ends_where_small_ticks_would(catalog):
    """The cap changes how much time one tick spends, never what happens: the same state as
    ticking one second at a time up to the same moment."""
    scenario = _loop(catalog)
    big, small = Session(scenario, catalog, seed=5), Session(scenario, catalog, seed=5)
    big.tick(3600)
    while small.clock < big.clock:
        small.tick(MIN_TIMEOUT)
    assert small.clock == big.clock and small.to_json() == big.to_json()


def test_timeouts_do_not_rescan_the_delivered_messages(catalog):
    session = Session(_loop(catalog, delay=0.5), catalog, seed=2)
    session.tick(3600)
    session._state.deliveries = CountingList(session._state.deliveries)
    CountingList.walks = 0
    for _ in range(50):
        session.tick(MIN_TIMEOUT + 0.5)
        session.seconds_until_next_message()
        session.seconds_until_timeout()
        session.seconds_until_choices()
    assert CountingList.walks == 0


def test_the_next_message_is_the_first_not_yet_arrived(catalog):
    session = Session(_loop(catalog, messages=3, delay=2), catalog, seed=2)
    assert session.seconds_until_next_message() == pytest.approx(2)
    session.tick(3)
    assert session.seconds_until_next_message() == pytest.approx(1)
    session.tick(10)             # at 13: the loop came back at 7, and its messages arrived at 9, 11, 13
    assert session.clock == pytest.approx(13) and session.seconds_until_next_message() == 0.0
    session.tick(1)              # it comes back again at 14: the next message is due at 16
    assert session.seconds_until_next_message() == pytest.approx(2)
