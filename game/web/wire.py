"""What goes over the wire to a trainee's browser: a Session's frozen views as plain JSON.

Only what the player can see leaves the server. Views never say whether a contact is a scam;
this module also drops the one field a view keeps for the debrief (`ReceivedView.clears`: money
that will bounce looks like any other until the story ends). Red flags, roles, choice safety and
the scenario itself never appear before the debrief. Money goes out twice: the number with its
currency (tests compare it with the scenario) and the text a screen shows (`*_text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from game import debrief_lines
from game.engine import PaymentView, Result, Session, SessionView
from game.engine.views import plain as _plain
from game.locale import Translator, format_money

#: Fields of a view that stay on the server during play.
HIDDEN = {"received": ("clears",)}


_NAMES: dict[type, tuple[str, ...]] = {}


def _record(view: object, skip: tuple[str, ...] = ()) -> dict[str, object]:
    """A flat view record as a dict (what `asdict` gives for one without nested records, quicker)."""
    kind = type(view)
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in fields(view))
    return {name: _plain(getattr(view, name)) for name in names if name not in skip}


def _payment(payment: PaymentView | None, lang: str) -> dict | None:
    if payment is None:
        return None
    data = _record(payment)
    data["amount_text"] = format_money(payment.amount, payment.currency, lang)
    return data


def view_json(view: SessionView) -> dict[str, object]:
    """A SessionView as JSON-ready data, with the money written out in the view's language."""
    lang, currency = view.lang, view.currency
    data = {
        "revision": view.revision, "scenario_id": view.scenario_id, "title": view.title, "lang": lang,
        "region": view.region, "step_id": view.step_id, "channel": view.channel, "clock": view.clock,
        "day": view.day, "time_of_day": view.time_of_day, "waiting": view.waiting, "ended": view.ended,
        "outcome": view.outcome, "currency": currency,
        "paid": _plain(view.paid), "paid_text": format_money(view.paid, currency, lang),
        "balance": _plain(view.balance),
        "balance_text": format_money(view.balance, currency, lang) if view.balance is not None else None,
        "given": list(view.given),
        "timer": {"seconds_left": view.timer.seconds_left, "total": view.timer.total} if view.timer else None,
        "threads": [_record(t) for t in view.threads],
    }
    data["messages"] = [{**_record(m, ("payment",)), "payment": _payment(m.payment, lang)} for m in view.messages]
    data["choices"] = [{**_record(c, ("payment", "reason")),
                        "payment": _payment(c.payment, lang),
                        "reason": Translator(lang).t(c.reason.key, **dict(c.reason.params)) if c.reason else None}
                       for c in view.choices]
    data["payments"] = [{"payment": _payment(p.payment, lang), "at": p.at, "step_id": p.step_id, "thread": p.thread,
                         "choice_id": p.choice_id} for p in view.payments]
    data["received"] = [{**_record(r, HIDDEN["received"]),
                         "amount_text": format_money(r.amount, r.currency, lang)} for r in view.received]
    return data


def feedback_json(session: Session, view: SessionView | None = None) -> dict[str, dict]:
    """Immediate feedback on every flagged message (empty in delayed mode: nothing is said
    about a flag until the debrief)."""
    if session.feedback_mode != "immediate":
        return {}
    out = {}
    for message in (view or session.view()).messages:
        if message.flag is None or not message.flaggable:
            continue
        note = session.feedback(message.id)
        if note is not None:
            out[message.id] = {"verdict": note.verdict, "named_right": note.named_right, "headline": note.headline,
                               "line": note.line}
    return out


def result_json(result: Result, data_names: Mapping[str, str], flag_names: Mapping[str, str]) -> dict[str, object]:
    """The debrief as lines (the same sentences the window shows) plus the figures as fields."""
    tr = Translator(result.lang)
    lines = lambda items: [line._asdict() for line in items]      # noqa: E731
    return {
        "scenario": result.scenario, "outcome": result.outcome, "score": result.score, "seed": result.seed,
        "hits": result.hits, "misses": result.misses, "false_alarms": result.false_alarms,
        "correct_rejections": result.correct_rejections, "named_correctly": result.named_correctly,
        "d_prime": result.d_prime, "criterion": result.criterion, "currency": result.currency,
        "loss": _plain(result.loss), "paid": _plain(result.paid),
        "loss_text": format_money(result.loss, result.currency, result.lang),
        "summary": lines(debrief_lines.summary(result, tr, data_names)),
        "meaning": lines(debrief_lines.meaning(result, tr)),
        "help": lines(debrief_lines.help_lines(result, tr)),
        "cards": [{"message_id": m.id, "verdict": m.verdict, "flags": list(m.flags), "flagged": m.flagged,
                   "lines": lines(card)} for m, card in debrief_lines.cards(result, tr, flag_names)],
    }
