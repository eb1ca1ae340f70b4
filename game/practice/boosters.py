"""Spaced boosters: items the player missed or guessed at come back when they are about to be forgotten.

The schedule is the FSRS algorithm of the maintained `fsrs` library: each item the player got
wrong, or answered right but "just a guess", gets a card; every later answer to that item
reviews the card, and the card says when the item is due again. Ratings:

- wrong (a scam called genuine, or a genuine message called a scam): Again;
- right, "a guess": Hard; right, "fairly sure": Good; right, "sure": Easy.

Items answered right and sure the first time get no card (nothing to bring back). No
same-session learning steps: a drill already shows the right answer at once, so the first
booster of a missed item comes the next day and the gaps then grow with each right answer.
Fuzzing is off, so the same answers always give the same schedule.

A player who has not practised or played for `ABSENCE_DAYS` is welcomed back with a booster first.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

from game.records.practice import PracticeAnswer

ABSENCE_DAYS = 7
ITEM_SECONDS = 20               # about how long one item takes: "N minutes of practice"
BOOSTER_MIN_ITEMS = 8           # a booster of fewer due items is topped up to a short drill
BOOSTER_MAX_ITEMS = 12

_SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@dataclass(frozen=True, slots=True)
class Booster:
    """One item's card as it is kept: when it is due, and the card itself (the library's JSON)."""

    item: str
    due: str                    # ISO 8601 UTC
    card: str                   # Card.to_dict() as JSON


def rating(answer: PracticeAnswer) -> Rating:
    if not answer.correct:
        return Rating.Again
    return {1: Rating.Hard, 2: Rating.Good}.get(answer.confidence, Rating.Easy)


def needs_card(answer: PracticeAnswer) -> bool:
    """A first answer that should come back: wrong, or right but a guess."""
    return not answer.correct or answer.confidence == 1


def review(cards: Mapping[str, Booster], answers: Iterable[PracticeAnswer]) -> dict[str, Booster]:
    """The cards that change after `answers` (in the order given): new ones for missed or
    guessed items, updated ones for items that already had a card."""
    changed: dict[str, Booster] = {}
    for answer in answers:
        current = changed.get(answer.item) or cards.get(answer.item)
        if current is None and not needs_card(answer):
            continue
        card = _card(current.card) if current is not None else None
        card = card or Card(card_id=_card_id(answer.item))
        when = _moment(answer.answered_at)
        try:
            card, _ = _SCHEDULER.review_card(card, rating(answer), when)
        except (AssertionError, ValueError, TypeError, AttributeError, OverflowError):   # read, but makes no sense
            card, _ = _SCHEDULER.review_card(Card(card_id=_card_id(answer.item)), rating(answer), when)
        changed[answer.item] = Booster(answer.item, _iso(card.due), json.dumps(card.to_dict()))
    return changed


def due(cards: Iterable[Booster], now: str) -> list[str]:
    """Items due at `now`, the most overdue first."""
    return [c.item for c in sorted((c for c in cards if c.due <= now), key=lambda c: (c.due, c.item))]


def minutes(due_items: int) -> int:
    """How long the booster of `due_items` due items takes, in whole minutes (0: nothing is due)."""
    if due_items <= 0:
        return 0
    items = min(BOOSTER_MAX_ITEMS, max(BOOSTER_MIN_ITEMS, due_items))
    return max(1, math.ceil(items * ITEM_SECONDS / 60))


def welcome_back(last_activity: str | None, now: str) -> bool:
    """True for a player who played before and not for `ABSENCE_DAYS` days."""
    if not last_activity:
        return False
    return _moment(now) - _moment(last_activity) >= timedelta(days=ABSENCE_DAYS)


def _card(text: str) -> Card | None:
    """A kept card, or None when the records hold something the library cannot read (a file
    edited by hand, another version): the item then starts again with a new card."""
    try:
        return Card.from_dict(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return None


def _card_id(item: str) -> int:
    return int.from_bytes(item.encode()[:6].ljust(6, b"\0"), "big")     # stable; the library only stores it


def _moment(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
