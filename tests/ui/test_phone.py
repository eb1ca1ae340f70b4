"""The simulated phone, tested as data: the rows it lays out (transfer cards, sent payments,
balances), its tabs, its call timer, its widgets, and the text log of what it draws."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.engine import (  # noqa: E402
    ChoiceView,
    MessageView,
    PaymentView,
    SentPayment,
    Session,
    SessionView,
    ThreadView,
)
from game.locale import Translator, format_money  # noqa: E402
from game.scenario import CHANNELS  # noqa: E402
from game.ui.assets import Assets  # noqa: E402
from game.ui.fit import TextLog  # noqa: E402
from game.ui.phone import CHANNEL_VIEWS, PhoneView  # noqa: E402
from game.ui.phone.base import ChannelView  # noqa: E402
from game.ui.phone.call import call_clock  # noqa: E402
from game.ui.phone.page import account_shown  # noqa: E402
from game.ui.phone.rows import FULL_TEXT  # noqa: E402
from game.ui.phone.tabs import tab_labels  # noqa: E402
from game.ui.scenes.play import PlayScene  # noqa: E402
from game.ui.theme import make_theme  # noqa: E402
from tests.ui.pilot import Pilot  # noqa: E402

LARGEST = 1.4
SMALL_WINDOW = (1024, 640)


@pytest.fixture(scope="module")
def assets():
    pygame.init()
    return Assets(sound=False)


def _clock(at: float) -> tuple[int, str]:
    total = 8 * 60 + int(at // 60)
    return total // 1440 + 1, f"{total // 60 % 24:02d}:{total % 60:02d}"


def _phone(assets, *, lang="en", scale=1.0, high_contrast=False, size=SMALL_WINDOW, clock=_clock) -> PhoneView:
    phone = PhoneView(assets, make_theme(high_contrast, scale), Translator(lang).t, clock, False)
    phone.rect = PlayScene.regions(None, size)[1]          # where the play screen puts the phone
    return phone


# -- small hand-made views ----------------------------------------------------------------------

def _message(number, thread, channel, sender, text, at, *, name="", step="s1", **fields) -> MessageView:
    flaggable = sender not in ("player", "narrator")
    return MessageView(number=number if flaggable else 0, id=f"m{number}", step_id=step, thread=thread,
                       channel=channel, sender=sender, sender_name=name or sender.title(), text=text, at=at,
                       flaggable=flaggable, flag=fields.pop("flag", None), **fields)


def _view(messages, threads, *, step="s1", channel=None, clock=None, payments=(), choices=(), waiting=False,
          ended=False, lang="en") -> SessionView:
    return SessionView(
        revision=hash((tuple(messages), clock, tuple(payments), step)), scenario_id="x", title="X", lang=lang,
        step_id=step, channel=channel if channel is not None else threads[-1].channel,
        clock=clock if clock is not None else (messages[-1].at if messages else 0.0), day=1, time_of_day="08:00",
        messages=tuple(messages), threads=tuple(threads), choices=tuple(choices), waiting=waiting, timer=None,
        paid=0, currency="CNY", payments=tuple(payments), given=(), ended=ended, outcome=None)


def _thread(thread_id, channel, title, messages=(), **fields) -> ThreadView:
    return ThreadView(thread_id, channel, title, tuple(m.id for m in messages if m.thread == thread_id), **fields)


# -- the registry ---------------------------------------------------------------------------------

def test_phone_registry_covers_every_channel():
    assert set(CHANNEL_VIEWS) == set(CHANNELS)
    for channel, view in CHANNEL_VIEWS.items():
        assert isinstance(view, ChannelView) and view.channel == channel


# -- money on the phone is read from fields, for every scenario -----------------------------------

def _choose_first(step_id: str, choices: list[ChoiceView]) -> list[ChoiceView]:
    return choices


def _choose_last(step_id: str, choices: list[ChoiceView]) -> list[ChoiceView]:
    return choices[::-1]


def _choose_paying(step_id: str, choices: list[ChoiceView]) -> list[ChoiceView]:
    """The scam path: stop at each fee and pay it."""
    return sorted(choices, key=lambda c: c.payment is None)


WAIT = "(wait)"
POLICIES = {"first": _choose_first, "last": _choose_last, "paying": _choose_paying}


def _towards(scenario, target: str):
    """A policy that takes the shortest way to step `target` (choosing, or letting a timer run
    out), then the first choices."""
    way: dict[str, str] = {}
    parents: dict[str, tuple[str, str] | None] = {scenario.start: None}
    queue = [scenario.start]
    while queue:
        step_id = queue.pop(0)
        step = scenario.steps.get(step_id)
        edges = [(c.id, c.to) for c in step.choices] if step else []
        if step is not None and step.timeout is not None:
            edges.append((WAIT, step.timeout.to))
        for choice_id, to in edges:
            if to not in parents:
                parents[to] = (step_id, choice_id)
                queue.append(to)
    node = target
    while parents.get(node) is not None:
        step_id, choice_id = parents[node]
        way[step_id] = choice_id
        node = step_id

    def policy(step_id: str, choices: list[ChoiceView]) -> list[ChoiceView]:
        return [] if way.get(step_id) == WAIT else sorted(choices, key=lambda c: c.id != way.get(step_id))

    return policy


def _paths(scenario):
    """The fixed paths: first, last, paying, and one towards every step with a message asking for money."""
    paths = dict(POLICIES)
    for step_id, step in scenario.steps.items():
        if any(m.payment is not None for m in step.messages):
            paths[f"to_{step_id}"] = _towards(scenario, step_id)
    return paths


def _walk(scenario, catalog, policy, *, seed=7, lang="en", limit=120):
    """Every view at which the player decides (all messages in), then the final view. `policy`
    orders the choices; the first one not yet taken at that step is taken (so loops end)."""
    session = Session(scenario, catalog, seed=seed, lang=lang)
    taken: set[tuple[str, str]] = set()
    for _ in range(limit):
        wait = session.seconds_until_choices()
        if wait > 0:
            session.tick(wait)
        view = session.view()
        yield session, view
        if view.ended:
            return
        choices = [c for c in view.choices if c.available]
        if not choices:
            session.tick(1.0)
            continue
        ordered = policy(view.step_id, choices)
        if not ordered and (view.step_id, WAIT) not in taken:       # let the timer run out
            taken.add((view.step_id, WAIT))
            session.tick(session.seconds_until_timeout() + 0.5)
            continue
        ordered = ordered or choices
        choice = next((c for c in ordered if (view.step_id, c.id) not in taken), ordered[0])
        taken.add((view.step_id, choice.id))
        session.choose(choice.id)
    raise AssertionError(f"{scenario.id}: no ending within {limit} decisions")


def _thread_messages(view: SessionView, thread: ThreadView) -> list[MessageView]:
    ids = set(thread.message_ids)
    return [m for m in view.messages if m.id in ids]


def _check_money_rows(phone: PhoneView, view: SessionView, thread: ThreadView, where: str) -> dict[str, int]:
    checked = {"transfer": 0, "payment_request": 0, "sent_payment": 0, "balance": 0}
    messages = _thread_messages(view, thread)
    by_id = {m.id: m for m in messages}
    for row in phone.rows:
        if row.kind in ("transfer", "payment_request"):
            payment = by_id[row.data["message_id"]].payment
            assert payment is not None, where
            fields = {key: value for key, _, value, _, _ in row.data["fields"]}
            assert fields["payee"] == payment.payee, where
            assert fields["amount"] == format_money(payment.amount, payment.currency, view.lang), where
            assert fields.get("account", "") == account_shown(phone.t, payment), where
            assert fields.get("bank", "") == payment.bank, where
            assert (row.data["payee"], row.data["account"], row.data["card_tail"], row.data["amount"]) == (
                payment.payee, payment.account, payment.card_tail, payment.amount), where
            checked[row.kind] += 1
    # the bank screen shows the latest message in the thread that asks for money
    if thread.channel == "bank_transfer":
        asking = [m for m in messages if m.payment is not None]
        cards = [r for r in phone.rows if r.kind == "transfer"]
        assert [r.data["message_id"] for r in cards] == [asking[-1].id] if asking else not cards, where
    # a page shows a payment form under every message that asks for money
    if thread.channel in ("web", "app"):
        forms = [r.data["message_id"] for r in phone.rows if r.kind == "payment_request"]
        assert forms == [m.id for m in messages if m.payment is not None], where
    # a transfer bubble for every payment made from this thread, in order, with its payee and amount
    sent = [(r.data["payee"], r.data["amount"]) for r in phone.rows if r.kind == "sent_payment"]
    assert sent == [(p.payment.payee, p.payment.amount) for p in view.payments if p.thread == thread.id], where
    checked["sent_payment"] += len(sent)
    times = [r.message.at if r.message is not None else r.data["at"] for r in phone.rows
             if r.kind == "sent_payment" or (r.message is not None and r.kind != "narrator")]
    assert times == sorted(times), where                      # each transfer bubble at its time
    # the chart plots the balances of the thread's messages
    balances = tuple(m.balance for m in messages if m.balance is not None)
    charts = [r.data["values"] for r in phone.rows if r.kind == "balance"]
    if thread.channel == "app":
        assert charts == ([balances] if balances else []), where
    checked["balance"] += len(charts)
    return checked


def _check_tabs(phone: PhoneView, view: SessionView, thread_id: str, where: str) -> None:
    labels = [label for _, label in phone.tabs]
    assert len(labels) == len(set(labels)), (where, labels)
    if len(view.threads) > 1:
        tabs = [w for w in phone.widgets if w.kind == "tab"]
        active = [w for w in tabs if w.id == f"thread:{thread_id}"]
        assert active and phone.screen.contains(active[0].rect), (where, [w.id for w in tabs])


def test_money_on_the_phone_comes_from_payment_fields_in_every_scenario(assets, scenarios, catalog):
    totals = {"transfer": 0, "payment_request": 0, "sent_payment": 0, "balance": 0}
    asking, shown = set(), set()
    for scenario_id, scenario in sorted(scenarios.items()):
        asking |= {(scenario_id, m.id) for step in scenario.steps.values() for m in step.messages
                   if m.payment is not None}
        for path_name, policy in _paths(scenario).items():
            for session, view in _walk(scenario, catalog, policy):
                phone = _phone(assets, clock=session.day_and_time)
                shown |= {(scenario_id, m.id) for m in view.messages if m.payment is not None}
                for thread in view.threads:
                    where = f"{scenario_id}/{path_name}/{view.step_id}/{thread.id}"
                    phone.layout(view, thread.id)
                    _check_tabs(phone, view, thread.id, where)
                    for kind, count in _check_money_rows(phone, view, thread, where).items():
                        totals[kind] += count
    # the paths reach every message that asks for money, and the screens being checked
    assert asking - shown == set()
    assert totals["transfer"] > 0 and totals["payment_request"] > 0 and totals["sent_payment"] > 0, totals


def test_the_bank_screen_shows_the_latest_request_and_a_bubble_after_each_payment(assets):
    first = PaymentView(3000, "CNY", "Kellie Burch", account="6222 0200 0000 1111", bank="Harbor Bank")
    second = PaymentView(90000, "CNY", "Leroy Walters", card_tail="2502")
    messages = [_message(1, "b", "bank_transfer", "teller", "Transfer to this account.", 0.0, payment=first),
                _message(2, "b", "bank_transfer", "teller", "One more, please.", 200.0, payment=second),
                _message(3, "b", "bank_transfer", "teller", "Done.", 400.0)]
    payments = [SentPayment(first, 100.0, "s1", "b", "pay_first"), SentPayment(second, 300.0, "s2", "b", "pay")]
    phone = _phone(assets)
    view = _view(messages, [_thread("b", "bank_transfer", "Jade River Bank", messages)], payments=payments)
    phone.layout(view, "b")
    cards = [r for r in phone.rows if r.kind == "transfer"]
    assert len(cards) == 1
    fields = {key: value for key, _, value, _, _ in cards[0].data["fields"]}
    assert fields == {"payee": "Leroy Walters", "account": "Card ending 2502", "amount": "CN¥90,000"}
    order = [r.message.id if r.message is not None else r.data["payee"] for r in phone.rows
             if r.kind in ("paragraph", "sent_payment")]
    assert order == ["m1", "Kellie Burch", "m2", "Leroy Walters", "m3"]


# -- tabs ----------------------------------------------------------------------------------------------

def test_tab_labels_are_unique_and_say_the_channel_when_two_senders_share_a_name():
    t = Translator("en").t
    threads = [ThreadView("a", "sms", "QuickFund", ()), ThreadView("b", "app", "QuickFund", ()),
               ThreadView("c", "chat", "Amy", ()), ThreadView("d", "web", "", ()), ThreadView("e", "web", "", ()),
               ThreadView("f", "sms", "QuickFund", ())]
    labels = dict(tab_labels(threads, t))
    assert labels["a"] == "QuickFund · SMS" and labels["b"] == "QuickFund · App"
    assert labels["c"] == "Amy"
    assert len(set(labels.values())) == len(labels)


def test_the_active_tab_is_always_in_the_strip_and_the_arrows_reach_every_tab(assets):
    threads = [ThreadView(f"t{i}", "chat", f"Contact number {i}", (f"m{i}",)) for i in range(9)]
    messages = [_message(i, f"t{i}", "chat", "friend", f"hello {i}", i * 10.0, name=f"Contact number {i}")
                for i in range(9)]
    view = _view(messages, threads)
    phone = _phone(assets, scale=LARGEST)
    seen: set[str] = set()
    for active in [t.id for t in threads] + ["t0", "t8", "t4"]:
        phone.layout(view, active)
        _check_tabs(phone, view, active, active)
        for direction in ("next", "next", "next", "prev", "next", "next", "next", "next", "next", "next", "next"):
            arrow = next((w for w in phone.widgets if w.id == f"tabs:{direction}"), None)
            if arrow is not None:
                arrow.activate()
            phone.layout(view, active)
            _check_tabs(phone, view, active, f"{active} after {direction}")
            seen |= {w.id for w in phone.widgets if w.kind == "tab"}
    assert seen == {f"thread:{t.id}" for t in threads}


def test_a_group_chat_is_headed_by_the_groups_name(assets):
    messages = [_message(1, "g", "chat", "ann", "Great returns today!", 0, name="Ann"),
                _message(2, "g", "chat", "bob", "Me too", 30, name="Bob")]
    phone = _phone(assets)
    phone.layout(_view(messages, [_thread("g", "chat", "Lucky Stars Investors", messages, group=True)]), "g")
    assert phone.header.title == "Lucky Stars Investors"
    assert phone.header.detail == Translator("en").t("phone.group")
    bubbles = [r for r in phone.rows if r.kind == "bubble"]
    assert all("name" in r.boxes for r in bubbles)          # in a group, each bubble says who wrote it


def test_the_players_replies_sit_on_the_right_in_sms_as_in_chat(assets):
    for channel in ("sms", "chat"):
        messages = [_message(1, "s", channel, "bank", "Your card is blocked.", 0),
                    _message(2, "s", channel, "player", "Who is this?", 30)]
        phone = _phone(assets)
        phone.layout(_view(messages, [_thread("s", channel, "Bank", messages)]), "s")
        theirs, mine = [r for r in phone.rows if r.kind == "bubble"]
        width = phone.content_rect().width
        assert mine.data["mine"] and mine.boxes["bubble"].right == width - 12, channel
        assert not theirs.data["mine"] and theirs.boxes["bubble"].left < width // 3, channel


# -- the call screen --------------------------------------------------------------------------------

def test_the_call_timer_runs_with_game_time_and_stops_when_the_call_ends(assets):
    messages = [_message(1, "k", "call", "officer", "This is the police.", 100.0),
                _message(2, "k", "call", "officer", "Keep this secret.", 130.0)]
    threads = [_thread("k", "call", "Officer Li", messages, detail="+86 21 5555 0110")]
    phone = _phone(assets)
    timers = []
    for clock in (130.0, 135.0, 175.0):
        phone.layout(_view(messages, threads, clock=clock), "k")
        assert phone.header.live
        timers.append(phone.header.timer)
    assert timers == ["00:30", "00:35", "01:15"]
    assert call_clock(3725) == "1:02:05"
    phone.layout(_view(messages, threads + [ThreadView("s", "sms", "Mum", ())], clock=400.0, step="s2",
                       channel="sms"), "k")
    assert not phone.header.live and phone.header.timer == "00:30"
    assert "phone:hang_up" not in {w.id for w in phone.widgets}
    # hours later the same person calls again: a new call, a new timer
    later = messages + [_message(3, "k", "call", "officer", "It's me again.", 5000.0, step="s3")]
    phone.layout(_view(later, [_thread("k", "call", "Officer Li", later)], clock=5020.0, step="s3"), "k")
    assert phone.header.live and phone.header.timer == "00:20"


def test_the_hang_up_button_points_at_the_replies(assets):
    messages = [_message(1, "k", "call", "officer", "This is the police.", 0.0)]
    threads = [_thread("k", "call", "Officer Li", messages)]
    t = Translator("en").t
    for choices, key in (((ChoiceView(1, "hang_up", "Hang up"),), "phone.hint.hang_up"),
                         ((), "phone.hint.hang_up_wait")):
        phone = _phone(assets)
        phone.assets.text_log = TextLog()
        view = _view(messages, threads, choices=choices)
        button = next(w for w in phone.layout(view, "k") if w.id == "phone:hang_up")
        assert button.activate()                              # it does something …
        phone.layout(view, "k")
        surface = pygame.Surface((1024, 640))
        phone.draw(surface)
        hints = [p.text for p in phone.assets.text_log.placed if p.where == "phone.hint"]
        assert hints == [t(key)]                              # … it says where the replies are
        phone.assets.text_log = None


def test_the_pilot_shows_a_running_call_timer_and_hang_up_moves_focus_to_the_replies(tmp_path):
    pilot = Pilot(tmp_path, scenario="police_safe_account", seed=3)
    phone = pilot.scene.phone
    for _ in range(120):
        if phone.channel == "call" and phone.header.live and pilot.view.waiting:
            break
        pilot.advance(0.5)
    assert phone.channel == "call" and phone.header.live
    before = phone.header.timer
    pilot.advance(3.0)
    minutes, seconds = before.split(":")
    after_minutes, after_seconds = phone.header.timer.split(":")
    assert (int(after_minutes) * 60 + int(after_seconds)) - (int(minutes) * 60 + int(seconds)) in (2, 3, 4)
    assert pilot.wait_for_choices()
    assert pilot.click("phone:hang_up")
    assert pilot.scene.focus_id == f"choice:{pilot.view.choices[0].id}"


# -- scrolling, hover, and where things are drawn ------------------------------------------------------

def _long_thread(count=40):
    messages = [_message(i, "c", "chat", "friend" if i % 3 else "player", f"Message number {i}, a little longer "
                         "so that it wraps onto a second line.", i * 30.0, name="Friend") for i in range(1, count)]
    return messages, [_thread("c", "chat", "Friend", messages)]


def test_the_back_to_latest_button_never_covers_text(assets):
    messages, threads = _long_thread()
    view = _view(messages, threads)
    phone = _phone(assets)
    phone.layout(view, "c")
    assert "phone:to_bottom" not in {w.id for w in phone.widgets}
    phone.scroll_by(400)
    widgets = phone.layout(view, "c")
    button = next(w for w in widgets if w.id == "phone:to_bottom")
    viewport = phone.content_rect()
    assert not viewport.colliderect(button.rect)              # rows scroll above the bar, never under the button
    assert all(not w.rect.colliderect(button.rect) for w in widgets if w.kind == "message")
    assert button.activate() and phone.scroll == 0


def test_hovered_and_focused_messages_look_different(assets):
    messages, threads = _long_thread(4)
    view = _view(messages, threads)
    phone = _phone(assets)
    target = next(w for w in phone.layout(view, "c") if w.kind == "message")

    def pixels(**state) -> bytes:
        phone.layout(view, "c", **state)
        surface = pygame.Surface((1024, 640))
        phone.draw(surface)
        area = target.rect.inflate(10, 10)
        return pygame.image.tobytes(surface.subsurface(area), "RGB")

    plain = pixels()
    assert pixels(hover_id=target.id) != plain
    assert pixels(focus_id=target.id) != plain
    assert pixels(hover_id="msg:nothing") == plain


def _sweep(phone: PhoneView, view: SessionView, thread_id: str, log: TextLog, where: str,
           pages: int = 400) -> None:
    """Draw the thread scrolled from the latest message up to the first (or `pages` screens);
    check what was drawn."""
    surface = pygame.Surface(SMALL_WINDOW)
    phone.scroll = 0
    seen_top = False
    for _ in range(pages):
        log.clear()
        phone.layout(view, thread_id)
        phone.draw(surface)
        _check_log(phone, log, where)
        if seen_top:
            break
        before = phone.scroll
        phone.scroll_by(max(40, phone.content_rect().height - 40))
        phone.layout(view, thread_id)
        seen_top = phone.scroll == before
    phone.scroll = 0


def _check_log(phone: PhoneView, log: TextLog, where: str) -> None:
    screen = phone.screen
    for placed in log.placed:
        if not placed.where.startswith("phone."):
            continue
        assert placed.box.contains(placed.rect), (where, placed)
        assert screen.left <= placed.box.left and placed.box.right <= screen.right, (where, placed)
        if placed.where == "phone.header":
            assert phone.header_rect.contains(placed.box), (where, placed)
        if placed.where in FULL_TEXT:
            assert placed.shown.replace("\n", "").replace(" ", "") == placed.text.replace(" ", ""), (where, placed)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phone_text_stays_in_its_box_at_the_smallest_window_with_the_largest_text(assets, scenarios, catalog, lang):
    log = TextLog()
    assets.text_log = log
    try:
        for scenario_id, scenario in sorted(scenarios.items()):
            for policy_name in ("paying", "first"):
                last = None
                for session, view in _walk(scenario, catalog, POLICIES[policy_name], lang=lang):
                    phone = _phone(assets, lang=lang, scale=LARGEST, clock=session.day_and_time)
                    current = next((m.thread for m in reversed(view.messages)), None)
                    if current is not None:                    # the live screen (call footer, typing)
                        _sweep(phone, view, current, log, f"{scenario_id}/{policy_name}/{view.step_id}",
                               pages=1)
                    last = (phone, view)
                phone, view = last
                for thread in view.threads:
                    _sweep(phone, view, thread.id, log, f"{scenario_id}/{policy_name}/end/{thread.id}")
    finally:
        assets.text_log = None


def test_the_layout_check_fails_on_text_outside_its_box(assets):
    """The checker itself: a header text placed below the header is caught."""
    log = TextLog()
    from game.ui.fit import Placed

    phone = _phone(assets)
    messages, threads = _long_thread(3)
    phone.layout(_view(messages, threads), "c")
    box = phone.header_rect.move(0, phone.header_rect.height)
    log.placed.append(Placed(box.copy(), box.copy(), "+86 138 0013 8000", "+86 138 0013 8000", "phone.header"))
    with pytest.raises(AssertionError):
        _check_log(phone, log, "planted")


def test_layout_builds_the_hit_targets_and_draw_only_paints(assets):
    messages, threads = _long_thread(6)
    view = _view(messages, threads)
    phone = _phone(assets)
    widgets = phone.layout(view, "c")
    ids = [w.id for w in widgets]
    assert ids and all(i.startswith("msg:") for i in ids)
    phone.draw(pygame.Surface(SMALL_WINDOW))
    assert [w.id for w in phone.widgets] == ids and phone.widgets is widgets
