"""One drill item as a player sees it: a message on the phone in its context, with fresh details.

`build_item` starts a real `Session` of the item's scenario with a new seed (so new names,
numbers and amounts from Faker and the scenario's ranges), plays it along the item's route to
the message, and keeps what the phone shows then: the conversation's title and detail, the
message before it in the same conversation, and the message itself. `view` is a `SessionView`
holding just those (no replies, no timer), so every front end draws it with its own phone.

What the answer is checked against, and the feedback, come with it as data: the red flags the
message carries, each with its name, why it is one *here* (the message's own `why`, else the
catalogue's) and what to do (`instead`, else the catalogue's `safe`), and for a genuine message
its note (why it can be trusted), if it has one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from game.engine import EngineError, FlagOption, MessageView, PersonaSource, Session, SessionView, ThreadView
from game.scenario import Catalog, Scenario

from .bank import ItemSpec, replay

_TRIES = 4                       # seeds tried before an item is given up (a route closed by its numbers)


@dataclass(frozen=True)
class Reason:
    flag: str
    name: str                    # the red flag's name
    why: str                     # why it is one in this message
    safe: str                    # what to do instead


@dataclass(frozen=True)
class DrillItem:
    spec: ItemSpec
    seed: int
    lang: str
    region: str
    currency: str
    view: SessionView            # the phone: one conversation, the message before and this one
    message: MessageView
    before: MessageView | None   # the message before it in the same conversation
    thread: ThreadView
    options: tuple[FlagOption, ...]     # red-flag names to pick from, then "just suspicious" (id "")
    reasons: tuple[Reason, ...]  # one per red flag it carries (none: a genuine message)
    note: str                    # the message's own note (a genuine one: why it can be trusted); may be ""
    title: str                   # its scenario's title: shown only with the feedback (it gives the answer away)
    starts_at: str = "20:00"     # the story's clock at its start ("HH:MM"): for `day_and_time`

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def is_scam(self) -> bool:
        return self.spec.is_scam

    def day_and_time(self, at: float) -> tuple[int, str]:
        """The story's day (1 first) and time of day at game second `at`, as `Session.day_and_time`."""
        hours, minutes = self.starts_at.split(":")
        total = int(hours) * 60 + int(minutes) + int(at // 60)
        return total // 1440 + 1, f"{total // 60 % 24:02d}:{total % 60:02d}"


def build_item(spec: ItemSpec, scenario: Scenario, catalog: Catalog, *, lang: str, region: str | None = None,
               seed: int | None = None, personas: PersonaSource | None = None,
               words: Callable[[str, str], str] | None = None, rng: random.Random | None = None) -> DrillItem:
    """The item shown with a fresh seed (or `seed`). `region` must be one the scenario plays in
    (default: its first). EngineError if no seed tried reaches the message."""
    if scenario.id != spec.scenario:
        raise EngineError(f"item {spec.key} is not from scenario {scenario.id!r}")
    region = region or scenario.regions[0]
    rng = rng or random.Random()
    for attempt in range(_TRIES if seed is None else 1):
        this_seed = seed if seed is not None else rng.randrange(1, 2 ** 31)
        session = Session(scenario, catalog, seed=this_seed, lang=lang, region=region, personas=personas,
                          words=words, languages=(lang,))
        if replay(session, spec):
            return _shown(spec, session, scenario, catalog, lang)
    raise EngineError(f"item {spec.key} could not be reached in region {region}")


def _shown(spec: ItemSpec, session: Session, scenario: Scenario, catalog: Catalog, lang: str) -> DrillItem:
    full = session.view()
    message = next(m for m in full.messages if m.id == spec.message)
    thread = next(t for t in full.threads if t.id == message.thread)
    position = thread.message_ids.index(message.id)
    before = None
    if position > 0:
        before_id = thread.message_ids[position - 1]
        before = next(m for m in full.messages if m.id == before_id)
    shown = tuple(m for m in (before, message) if m is not None)
    cut_thread = replace(thread, message_ids=tuple(m.id for m in shown))
    # Money sent or received shows only between the message before and this one: what happened
    # earlier in the story is not the item's context (and would give the answer away)
    # (strictly after the message before, which the phone would otherwise draw it above).
    since = before.at if before is not None else message.at

    def near(thread_id: str, at: float) -> bool:
        return thread_id == thread.id and (since < at <= message.at or at == message.at)

    # The view does not say which scenario it is from (its title and ID give the answer away).
    view = replace(full, scenario_id="", title="", step_id="", messages=shown, threads=(cut_thread,), choices=(),
                   waiting=False, timer=None,
                   channel=thread.channel, payments=tuple(p for p in full.payments if near(p.thread, p.at)),
                   received=tuple(r for r in full.received if near(r.thread, r.at)), given=())
    authored = next(m for m in scenario.steps[spec.step].messages if m.id == spec.message)
    reasons = []
    for flag_id in authored.flags:
        flag = catalog.red_flags[flag_id]
        why = authored.why.get(flag_id, flag.why)
        safe = authored.instead.get(flag_id, flag.safe)
        reasons.append(Reason(flag_id, flag.name.get(lang), session.render(why, lang), session.render(safe, lang)))
    note = session.render(authored.note, lang) if authored.note else ""
    return DrillItem(spec=spec, seed=session.seed, lang=lang, region=session.region.id, currency=session.currency,
                     view=view, message=message, before=before, thread=cut_thread,
                     options=session.flag_options(spec.message), reasons=tuple(reasons), note=note,
                     title=session.render(scenario.title, lang), starts_at=scenario.starts_at)
