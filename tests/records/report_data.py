"""Attempts for report tests and the benchmark: a class playing real sessions with the engine's
random bot, and single attempts written by hand to check each figure exactly."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from game.engine import FixedPersonas, RandomPolicy, Session, walk
from game.records.attempt import Attempt, MessageRecord, attempt_of

NICKNAMES = ("Calm Heron", "Sharp Fox", "Keen Owl", "Brave Otter", "小明", "王小红", "Steady Crane", "Ana",
             "Ana", "Quiet Lynx", "敏锐的猎鹰", "Patient Hare")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def player_id(number: int) -> str:
    """A fixed UUID-shaped ID per player number (two "Ana"s differ from the first character)."""
    return f"{number:08x}-0000-4000-8000-{number * 7919:012x}"


def play_class(scenarios: dict, catalog, *, attempts: int = 300, players: int = 12, seed: int = 1,
               class_code: str = "7B", start: str = "2026-09-01", days: int = 21,
               nicknames: tuple[str, ...] = NICKNAMES) -> list[Attempt]:
    """`attempts` finished attempts of `players` players over `days` days, each a real session of a
    random scenario played to its end by the random bot (each player flags at a rate of their own,
    so the class has careful and careless trainees)."""
    rng = random.Random(seed)
    ids = sorted(scenarios)
    personas = FixedPersonas()
    begin = datetime.fromisoformat(start).replace(tzinfo=timezone.utc, hour=8)
    rates = [0.15 + 0.7 * (n / max(1, players - 1)) for n in range(players)]
    found = []
    for number in range(attempts):
        who = number % players
        scenario = scenarios[ids[rng.randrange(len(ids))]]
        session = Session(scenario, catalog, seed=rng.randrange(1 << 30), lang="en", personas=personas,
                          region=rng.choice(scenario.regions))
        record = walk(session, policy=RandomPolicy(rng, flag_rate=rates[who]))
        assert record.error is None, record.error
        finished = begin + timedelta(days=number * days // attempts, minutes=rng.randrange(600))
        found.append(attempt_of(session, player_id=player_id(who + 1), nickname=nicknames[who % len(nicknames)],
                                class_code=class_code, finished_at=_iso(finished),
                                attempt_id=f"00000000-0000-4000-9000-{seed:04x}{number:08x}"))
    return found


def message(message_id: str, flags: tuple[str, ...], *, flagged: str | None = None, arrived: float = 0.0,
            first_at: float | None = None) -> MessageRecord:
    """A message as an attempt keeps it: `flagged` None (left alone), "" or a red-flag ID."""
    if flagged is None:
        verdict = "miss" if flags else "correct_rejection"
    else:
        verdict = "hit" if flags else "false_alarm"
    at = None if flagged is None else (arrived if first_at is None else first_at)
    return MessageRecord(message_id=message_id, step_id="s", channel="sms", flags=flags, verdict=verdict,
                         flagged=flagged, first_flag=flagged, final_flag=flagged, arrived_at=arrived,
                         first_flag_at=at, final_flag_at=at)


def attempt(number: int, *, player: str = "p1", nickname: str = "Ana", scenario: str = "toll_text",
            score: int = 50, outcome: str = "safe", loss=0, currency: str = "CNY", mode: str = "play",
            messages: tuple[MessageRecord, ...] = (), d_prime: float = 0.0, criterion: float = 0.0,
            day: str = "2026-10-01", region: str = "CN") -> Attempt:
    """An attempt written by hand; its counts follow from `messages`."""
    verdicts = [m.verdict for m in messages]
    return Attempt(
        id=f"a{number}", player_id=player, nickname=nickname, class_code="7B", mode=mode, source="here",
        scenario=scenario, scenario_version=1, kind="scam", lang="en", region=region, feedback="delayed", seed=number,
        started_at=f"{day}T08:00:00.000Z", finished_at=f"{day}T08:{number % 60:02d}:00.000Z", clock=60.0,
        ending="end", outcome=outcome, score=score, detection=0.0, restraint=0.0, decisions=0.0, d_prime=d_prime,
        criterion=criterion, hits=verdicts.count("hit"), misses=verdicts.count("miss"),
        false_alarms=verdicts.count("false_alarm"), correct_rejections=verdicts.count("correct_rejection"),
        named_correctly=sum(m.flagged in m.flags for m in messages), loss=loss, paid=loss, currency=currency,
        given=(), messages=messages, choices=())
