"""One play-through of one scenario.

A `Session` owns a `transitions.Machine` over the scenario's steps and endings and never
exposes it. Commands (`flag`, `unflag`, `choose`, `tick`) change the state; `view()` returns
an immutable snapshot; `result()` scores a finished session. Time passes only through `tick`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache

from transitions import Machine

from game.scenario import (
    BUILTIN_SENDERS,
    Between,
    Catalog,
    Effects,
    Ending,
    Identity,
    LANGS,
    Message,
    NumberPick,
    Payment,
    Region,
    Scenario,
    Step,
    Text,
    for_region,
    format_money,
    render,
)
from game.scenario.money import Number, normalize

from . import effects, saves, scoring
from .draws import draws, sample
from .errors import EngineError
from .index import ScenarioIndex, near_flags
from .personas import FakerPersonas, PersonaSource
from .state import Delivery, SessionState
from .views import (
    ChoiceMade,
    ChoiceRecord,
    ChoiceView,
    DebriefItem,
    Event,
    FactView,
    HelpView,
    FlagFeedback,
    FlagOption,
    FlagRaised,
    FlagRemoved,
    MessageArrived,
    MessageResult,
    MessageView,
    PaymentView,
    ReasonView,
    ReceivedView,
    Result,
    ScenarioEnded,
    SentPayment,
    SessionView,
    StepEntered,
    ThreadView,
    TimedOut,
    TimerView,
    TurnView,
)

LANG_CHOICES = LANGS      # the languages every session renders; front ends may pass more (`languages=`)
FEEDBACK_CHOICES = ("immediate", "delayed")
TIMEOUT = "timeout"
#: The currency of a region the catalogue does not describe (a bare test catalogue).
DEFAULT_CURRENCY = "CNY"


#: The few words the engine itself puts into views and results, by locale key; front ends pass
#: `words=` (game.locale.words) so they come from the locale files like every other string.
WORD_KEYS = ("feedback.no_red_flag", "feedback.no_red_flag_line", "debrief.no_red_flag", "debrief.fine_to_trust",
             "flag.just_suspicious", "play.waited")


def _key_only(key: str, lang: str) -> str:
    return f"⟦{key}⟧"


def neutral_region(region_id: str) -> Region:
    """A region with no services and no help lines, for catalogues loaded without region files."""
    return Region.model_construct(format=1, id=region_id, name=Text(en=region_id, zh=region_id),
                                  currency=DEFAULT_CURRENCY, faker="zh_CN", default_for=(), values={}, help=())
#: Channels where each sender has a conversation of their own (unless a step names a shared thread).
PER_SENDER_CHANNELS = ("sms", "chat", "email")
#: The most timeouts one `tick` runs out, and the most messages they may schedule. A timeout that
#: leads back to its own step fires at most once a second of game time (the format's shortest
#: `after:` is 1 s), and a tick stops after this much: the clock then stands at the last timeout,
#: and the rest of that tick's time is not spent (a story that loops that fast runs slower; a
#: tick never does unbounded work, whatever the file says).
MAX_TIMEOUTS_PER_TICK = 64
MAX_MESSAGES_PER_TICK = 500


class _Placeholders(dict):
    """What placeholders render to in one language with one set of numbers. A text uses a few of
    a session's dozens (cast fields, the region's services, variables), so each is worked out by
    `resolve` on first use and kept; `get` is all `render` asks of it."""

    __slots__ = ("_resolve",)

    def __init__(self, resolve: Callable[[str], str | None]) -> None:
        super().__init__()
        self._resolve = resolve

    def get(self, name: str, default: str | None = None) -> str | None:
        value = dict.get(self, name)
        if value is None:
            value = self._resolve(name)
            if value is None:
                return default
            self[name] = value
        return value


class _Model:
    """The private object transitions drives; it holds nothing but the machine's state."""

    def __init__(self, state: str) -> None:
        self.state = state


@lru_cache(maxsize=64)
def _machine_for(key: Identity) -> Machine:
    """One Machine per scenario, shared by its sessions: building one costs ~1 ms, which
    matters to bots playing thousands of sessions. Sessions keep their own model objects
    and fire events on them; the machine itself holds no session state."""
    return _build_machine(key.value)


@lru_cache(maxsize=64)
def _index_for(key: Identity) -> ScenarioIndex:
    """What sessions derive from the scenario alone (messages, threads, speakers), built once."""
    return ScenarioIndex.build(key.value, Session._thread_of)


@lru_cache(maxsize=64)
def _flag_options(catalog: Identity, lang: str) -> dict[str, FlagOption]:
    """Every red flag as an option offered by name (read only: the same for every session)."""
    return {flag_id: FlagOption(flag_id, flag.name.get(lang)) for flag_id, flag in catalog.value.red_flags.items()}


@lru_cache(maxsize=256)
def _variables(scenario: Identity, region: str) -> tuple[dict, dict[str, int], dict]:
    """A scenario's variables as `region` sets them (read only: shared by its sessions), the
    slot of each in a session's `vars`, and those that pick words rather than numbers."""
    specs = {name: for_region(spec, region) for name, spec in scenario.value.vars.items()}
    slots = {name: slot for slot, name in enumerate(specs)}
    words = {name: spec for name, spec in specs.items() if not isinstance(spec, (int, Decimal, Between, NumberPick))}
    return specs, slots, words


@lru_cache(maxsize=64)
def _help_views(region: Identity, lang: str) -> tuple[HelpView, ...]:
    """A region's help lines in `lang` (the same for every session)."""
    return tuple(HelpView(line.name.get(lang), line.contact.get(lang), line.when.get(lang))
                 for line in region.value.help)


def _build_machine(scenario: Scenario) -> Machine:
    transitions = []
    for step_id, step in scenario.steps.items():
        for choice in step.choices:
            transitions.append({"trigger": f"c__{choice.id}", "source": step_id, "dest": choice.to})
        if step.timeout:
            transitions.append({"trigger": f"t__{TIMEOUT}", "source": step_id, "dest": step.timeout.to})
    states = [*scenario.steps, *scenario.endings]
    return Machine(model=None, states=states, transitions=transitions, initial=scenario.start,
                   auto_transitions=False, ignore_invalid_triggers=False)


def _number(value: Number) -> str:
    return f"{value:,}"


class Session:
    """One play-through. Build it with a validated Scenario, the catalogue and a seed."""

    def __init__(self, scenario: Scenario, catalog: Catalog, *, seed: int, lang: str = "en",
                 personas: PersonaSource | None = None, feedback: str = "delayed", region: str | None = None,
                 languages: tuple[str, ...] = LANG_CHOICES, words: Callable[[str, str], str] | None = None,
                 _state: SessionState | None = None) -> None:
        languages = tuple(dict.fromkeys((*LANG_CHOICES, *languages)))
        if _state is not None:
            region, languages = _state.region, tuple(_state.personas)
        if lang not in languages:
            raise EngineError(f"unknown language {lang!r}; use one of {languages}")
        if feedback not in FEEDBACK_CHOICES:
            raise EngineError(f"unknown feedback mode {feedback!r}; use one of {FEEDBACK_CHOICES}")
        region = region or scenario.regions[0]
        if region not in scenario.regions:
            raise EngineError(f"{scenario.id} does not play in region {region!r}; it plays in {scenario.regions}")
        self.scenario = scenario
        self.catalog = catalog
        self.words = words or _key_only
        self._words: dict[tuple[str, str], str] = {}
        self.languages = languages
        self.region = catalog.regions.get(region) or neutral_region(region)
        self.currency = self.region.currency
        self._money_text = scenario.format >= 2       # format 1 wrote "¥{fee}": its numbers stay bare
        self._catalog_key, self._scenario_key = Identity(catalog), Identity(scenario)
        # the variables as the region sets them; their slots in state.vars; those that are words
        self._specs, self._var_slots, self._text_vars = _variables(self._scenario_key, region)
        index = _index_for(self._scenario_key)      # shared by every session of the scenario: read only
        self._flaggable, self._step_of, self._threads = index.messages, index.step_of, index.threads
        self._counterparts, self._senders = index.counterparts, index.senders
        self._view_key: tuple | None = None
        self._values_cache: dict[str, tuple[tuple, _Placeholders]] = {}
        # Messages are rendered in the session's language as they are scheduled; in another
        # language only when asked for, with the numbers of the moment they were scheduled.
        self._snapshots: dict[int, tuple] = {}
        self._results: dict[str, tuple[float, Result]] = {}
        self._arrived_count = 0                     # see `_arrived`
        self._arrived_ids: set[str] = set()
        self._names: dict[str, dict[str, str]] = {}
        self._options: dict[tuple[str, str, int], tuple[FlagOption, ...]] = {}
        self._message_cache: dict[int, tuple[tuple[str, str | None], MessageView]] = {}
        self._view_parts: tuple = ((), (), ())
        self._threads_key: tuple | None = None
        self._history_key: tuple | None = None
        self._history_parts: tuple = ((), (), ())
        self._thread_parts: tuple = ((), {})
        self._machine = _machine_for(self._scenario_key)
        self._persona_source: PersonaSource | None = None    # a new session's: see `_personas`
        self._persona_lang = lang
        if _state is not None:
            _state.vars = {name: _state.vars[name] for name in self._specs}     # the order placeholders read
            self._state = _state
            self._model = _Model(_state.node)
            return
        rng = random.Random(f"vars:{seed}")
        source = self._persona_source = personas if personas is not None else FakerPersonas()
        self._persona_lang = lang
        self._state = SessionState(
            scenario_id=scenario.id, scenario_version=scenario.version, seed=seed, lang=lang,
            node=scenario.start,
            personas=source.generate(scenario, seed, lang, locale=self.region.faker, languages=(lang,)),
            vars=self._draw_vars(rng), feedback=feedback, region=region)
        if scenario.wallet is not None:
            self._state.wallet = max(0, effects.amount(self._state, scenario.wallet.start))
        self._model = _Model(scenario.start)
        self._enter(scenario.start)

    def _draw_vars(self, rng: random.Random) -> dict[str, Number]:
        values: dict[str, Number] = {}
        for name, spec in self._specs.items():
            if isinstance(spec, (int, Decimal)):
                values[name] = spec
            elif isinstance(spec, Between):
                low, high = spec.between
                values[name] = low + spec.step * rng.randrange((high - low) // spec.step + 1)
            elif isinstance(spec, NumberPick):
                values[name] = spec.pick[rng.randrange(len(spec.pick))]
            else:
                values[name] = rng.randrange(len(spec.pick))
        return values

    # -- reading ----------------------------------------------------------------------------
    @property
    def seed(self) -> int:
        return self._state.seed

    @property
    def lang(self) -> str:
        return self._state.lang

    @property
    def feedback_mode(self) -> str:
        return self._state.feedback

    @property
    def ended(self) -> bool:
        return self._state.ended

    @property
    def step_id(self) -> str:
        return self._state.node

    @property
    def moves(self) -> int:
        """How many times the story moved on from a step: choices made and timeouts run out."""
        return len(self._state.choices)

    @property
    def clock(self) -> float:
        return self._state.clock

    def _numbers(self) -> tuple:
        """The numbers placeholders show now: what was paid and every variable."""
        return self._state.paid, tuple(self._state.vars.values())

    def _values(self, lang: str, numbers: tuple | None = None) -> "_Placeholders":
        """What placeholders render to, per language: now, or with earlier `numbers` (see
        `_numbers`). Each is worked out when a text first uses it, and kept until a number
        changes."""
        numbers = numbers or self._numbers()
        cached = self._values_cache.get(lang)
        if cached is not None and cached[0] == numbers:
            return cached[1]
        values = _Placeholders(self._resolver(lang, numbers))
        self._values_cache[lang] = (numbers, values)
        return values

    def _resolver(self, lang: str, numbers: tuple) -> Callable[[str], str | None]:
        """Works out one placeholder in `lang` with `numbers`: `paid`, a variable, a region's
        service (`region.KEY`) or a cast member's field (`member.field`); None if unknown."""
        paid, variables = numbers
        money = self.scenario.money_vars if self._money_text else frozenset()
        slots, text_vars = self._var_slots, self._text_vars
        region_values = self.region.values

        def resolve(name: str) -> str | None:
            if name == "paid":
                return self.money(paid, lang) if money else _number(paid)
            slot = slots.get(name)
            if slot is not None:
                value, spec = variables[slot], text_vars.get(name)
                if spec is not None:
                    return spec.pick[value].get(lang)
                return self.money(value, lang) if name in money else _number(value)
            member, _, field = name.partition(".")
            if member == "region" and field in region_values:
                value = region_values[field]
                return value if isinstance(value, str) else value.get(lang)
            return self._personas(lang).get(member, {}).get(field)

        return resolve

    def money(self, amount: Number, lang: str | None = None) -> str:
        """An amount written out in this session's currency, the way `lang` writes numbers."""
        return format_money(amount, self.currency, lang or self._state.lang)

    def _personas(self, lang: str) -> dict[str, dict[str, str]]:
        """The cast's fields in `lang`. A new session makes them in its own language first and in
        another when one is asked for: the same people (the seed fixes them), other words."""
        personas = self._state.personas
        fields = personas.get(lang)
        if fields is None:
            if self._persona_source is not None and lang in self.languages:
                fields = personas[lang] = self._persona_source.generate(
                    self.scenario, self._state.seed, self._persona_lang, locale=self.region.faker,
                    languages=(lang,))[lang]
            else:
                fields = personas.get("en") or next(iter(personas.values()))
        return fields

    def render(self, text: Text, lang: str | None = None) -> str:
        lang = lang or self._state.lang
        source = text.get(lang)
        if "{" not in source and "}" not in source:        # nothing to fill in
            return source
        return render(source, self._values(lang))

    def _current_step(self) -> Step | None:
        return None if self._state.ended else self.scenario.steps[self._state.node]

    def _arrived(self) -> int:
        """How many messages have arrived: they are a prefix of the deliveries, which are
        scheduled in order of arrival (a step's messages one after another, each step after the
        last), and the clock never goes back, so the count only grows."""
        deliveries, clock, count = self._state.deliveries, self._state.clock, self._arrived_count
        while count < len(deliveries) and deliveries[count].at <= clock:
            self._arrived_ids.add(deliveries[count].message_id)
            count += 1
        self._arrived_count = count
        return count

    def _visible(self) -> list[Delivery]:
        """The messages that have arrived, in order."""
        return self._state.deliveries[:self._arrived()]

    def _waiting(self) -> bool:
        return not self._state.ended and self._state.clock < self._state.choices_at

    def _available(self, choice) -> bool:
        for name, condition in choice.when.items():
            value = effects.amount(self._state, name)
            if isinstance(condition, (int, Decimal)):
                if value != condition:
                    return False
            elif not condition.holds(value):
                return False
        return True

    def _sender_name(self, sender: str, lang: str) -> str:
        names = self._names.get(lang)
        if names is None:           # who is who never changes in a session: look it up once per language
            names = self._names[lang] = {member: fields.get("name") or member
                                         for member, fields in self._personas(lang).items()}
            names.update(dict.fromkeys(BUILTIN_SENDERS, ""))
        return names.get(sender, sender)

    @staticmethod
    def _thread_of(step: Step, message: Message) -> tuple[str, str]:
        """The conversation a message appears in, and who that conversation is with. A step's
        `thread:` puts all its messages in one (a group chat, headed by `with:`); otherwise on
        SMS, chat and e-mail each sender has a thread of their own, and other channels (a call,
        a page) are one conversation with the step's counterpart."""
        counterpart = step.counterpart
        if counterpart is None:
            counterpart = next((m.sender for m in step.messages if m.sender not in BUILTIN_SENDERS), "")
        if step.thread:
            return step.thread, counterpart
        if step.channel in PER_SENDER_CHANNELS and message.sender not in BUILTIN_SENDERS:
            counterpart = message.sender
        return f"{step.channel}:{counterpart}", counterpart

    def _is_group(self, thread_id: str) -> bool:
        """A group chat: named after a member who never speaks in it (the group), with two or
        more people writing. A one-to-one chat with an app's own notices is not a group."""
        counterpart = self._counterparts[thread_id]
        speakers = self._senders.get(thread_id, set())
        return counterpart not in speakers and len(speakers) >= 2

    def _payment_view(self, payment: Payment, amount: int, lang: str) -> PaymentView:
        fields = self._personas(lang).get(payment.to, {})
        return PaymentView(amount=amount, currency=self.currency, payee=fields.get("name") or payment.to,
                           account=fields.get("account", ""),
                           card_tail=fields.get("card") or fields.get("card_tail", ""),
                           bank=fields.get("bank", ""), taken=payment.how == "taken")

    def _message_views(self, lang: str) -> tuple[tuple[MessageView, ...], tuple[ThreadView, ...]]:
        """The visible messages and threads; rebuilt only when something visible changed, and
        then reusing the view of every message whose flag and language did not change."""
        state = self._state
        visible = self._visible()
        key = (state.revision, lang, len(visible))
        if key == self._view_key:
            return self._view_parts
        if (lang, len(visible)) != self._threads_key:       # threads change only as messages arrive
            self._threads_key, self._thread_parts = (lang, len(visible)), self._thread_views(visible, lang)
        thread_views, channels = self._thread_parts
        messages: list[MessageView] = []
        number = 0
        for index, delivery in enumerate(visible):
            message = self._flaggable[delivery.message_id]
            flaggable = message.sender not in BUILTIN_SENDERS
            number += flaggable
            flag = state.flags.get(message.id)
            first = state.first_flags.get(message.id)
            cached = self._message_cache.get(index)
            if cached is None or cached[0] != (lang, flag, first):
                thread = self._threads[message.id][0]
                payment = (self._payment_view(message.payment, delivery.payment, lang)
                           if message.payment is not None and delivery.payment is not None else None)
                view = MessageView(
                    number=number if flaggable else 0, id=message.id, step_id=delivery.step_id, thread=thread,
                    channel=channels[thread], sender=message.sender,
                    sender_name=self._sender_name(message.sender, lang), text=self._text(index, lang),
                    at=delivery.at,
                    flaggable=flaggable, flag=flag, balance=delivery.balance, payment=payment, first_flag=first,
                    look=message.look or "")
                self._message_cache[index] = cached = ((lang, flag, first), view)
            messages.append(cached[1])
        parts = (tuple(messages), thread_views)
        self._view_key, self._view_parts = key, parts
        return parts

    def _text(self, index: int, lang: str) -> str:
        """The text of the `index`th delivered message in `lang`, rendered on first use."""
        delivery = self._state.deliveries[index]
        text = delivery.text.get(lang)
        if text is None:
            message = self._flaggable[delivery.message_id]
            numbers = self._snapshots.get(index) or self._numbers()
            text = delivery.text[lang] = render(message.text.get(lang), self._values(lang, numbers))
        return text

    def _complete_texts(self) -> None:
        """The cast and every delivered message in every language (a save holds them all)."""
        for lang in self.languages:
            self._personas(lang)
        for index in range(len(self._state.deliveries)):
            for lang in self.languages:
                self._text(index, lang)

    def _thread_views(self, visible: list[Delivery], lang: str) -> tuple[tuple[ThreadView, ...], dict[str, str]]:
        """The conversations of the visible messages, in order of their first message, and the
        channel each is shown in (that of the step it started in)."""
        threads: dict[str, tuple[str, str, list[str]]] = {}
        for delivery in visible:
            thread, counterpart = self._threads[delivery.message_id]
            if thread not in threads:
                channel = self.scenario.steps[delivery.step_id].channel
                threads[thread] = (channel, self._sender_name(counterpart, lang) if counterpart else "", [])
            threads[thread][2].append(delivery.message_id)
        views = tuple(ThreadView(t, c, title, tuple(ids), self._detail(t, c, lang), group=self._is_group(t))
                      for t, (c, title, ids) in threads.items())
        return views, {t: c for t, (c, _, _) in threads.items()}

    def view(self) -> SessionView:
        """An immutable snapshot of what the player can see now. Cheap; safe to call every frame."""
        state, lang = self._state, self._state.lang
        messages, threads = self._message_views(lang)
        choices: tuple[ChoiceView, ...] = ()
        timer = None
        step = self._current_step()
        if step is not None and not self._waiting():
            values = self._values(lang)
            shown = [c for c in step.choices if self._available(c)]
            choices = tuple(self._choice_view(number, step, c, values, lang) for number, c in enumerate(shown, start=1))
            if step.timeout:
                left = max(0.0, state.choices_at + step.timeout.after - state.clock)
                timer = TimerView(left, step.timeout.after)
        day, time_of_day = self.day_and_time(state.clock)
        ending = None if not state.ended else self.scenario.endings[state.node]
        history = self._history(lang)
        return SessionView(
            revision=state.revision, scenario_id=self.scenario.id, title=self.scenario.title.get(lang),
            lang=lang, region=self.region.id, step_id=state.node, channel=step.channel if step else "",
            clock=state.clock, day=day, time_of_day=time_of_day,
            messages=messages, threads=threads,
            choices=choices, waiting=self._waiting(), timer=timer, paid=state.paid, currency=self.currency,
            payments=history[0], given=history[1],
            ended=state.ended, outcome=ending.outcome if ending else None,
            received=history[2], balance=self.balance())

    def turn(self) -> TurnView:
        """What a bot needs to plan its turn: the visible messages with their flags, and the
        choices that are open now (those `view()` shows as available), by ID."""
        state = self._state
        flags = state.flags
        messages = tuple((d.message_id, self._flaggable[d.message_id].sender not in BUILTIN_SENDERS,
                          flags.get(d.message_id)) for d in self._visible())
        step = self._current_step()
        if step is None or self._waiting():
            return TurnView(messages, ())
        return TurnView(messages, tuple(c.id for c in step.choices if self._available(c) and self._affordable(step, c)))

    def _history(self, lang: str) -> tuple[tuple[SentPayment, ...], tuple[str, ...], tuple[ReceivedView, ...]]:
        """What was paid, handed over and received so far, as views; these lists only grow, so
        the views are rebuilt only when one grows or the language changes."""
        state = self._state
        key = (lang, len(state.payments), len(state.given), len(state.received))
        if key != self._history_key:
            self._history_key, self._history_parts = key, (
                tuple(self._sent(p, lang) for p in state.payments),
                tuple(self.catalog.data_items[item].get(lang) for item in state.given),
                tuple(self._received_view(r, lang) for r in state.received))
        return self._history_parts

    def _choice_view(self, number: int, step: Step, choice, values: dict[str, str], lang: str) -> ChoiceView:
        payment = self._payment_of(step, choice.effects, lang)
        reason = self._shortfall(payment, lang)
        return ChoiceView(number, choice.id, render(choice.text.get(lang), values), available=reason is None,
                          cost=payment.amount if payment else 0, payment=payment,
                          gives=tuple(self.catalog.data_items[i].get(lang) for i in choice.effects.give),
                          reason=reason)

    # -- the wallet -------------------------------------------------------------------------
    def balance(self) -> Number | None:
        """The player's money now: the wallet's start, less what was paid, plus what came in
        (money that does not clear is taken back once the story ends). None without a wallet."""
        state = self._state
        if state.wallet is None:
            return None
        came_in = sum((r["amount"] for r in state.received if r["clears"] or not state.ended), 0)
        return normalize(state.wallet - state.paid + came_in)

    def _affordable(self, step: Step, choice) -> bool:
        """Whether the wallet (if the scenario has one) lets the player take `choice` now."""
        return self.scenario.wallet is None or \
            self._shortfall(self._payment_of(step, choice.effects, self._state.lang), self._state.lang) is None

    def _shortfall(self, payment: PaymentView | None, lang: str) -> ReasonView | None:
        """Why a choice that pays `payment` cannot be taken (None if it can): the payment would
        take the balance below the wallet's `min`. Money taken without a transfer of the player's
        (`how: taken`) is not asked for, so the wallet never stops it."""
        wallet, balance = self.scenario.wallet, self.balance()
        if wallet is None or balance is None or payment is None or payment.taken or payment.amount <= 0:
            return None
        least = max(0, effects.amount(self._state, wallet.min))
        if balance - payment.amount >= least:
            return None
        params = {"cost": self.money(payment.amount, lang), "balance": self.money(balance, lang)}
        if least:
            return ReasonView("play.unaffordable_keep", (*params.items(), ("min", self.money(least, lang))))
        return ReasonView("play.unaffordable", tuple(params.items()))

    def _received_view(self, record: dict[str, object], lang: str) -> ReceivedView:
        step_id, payer = str(record["step_id"]), str(record["from"])
        step = self.scenario.steps[step_id]
        said = next((m for m in reversed(step.messages) if m.sender == payer), step.messages[0])
        return ReceivedView(amount=record["amount"], currency=self.currency, payer=self._sender_name(payer, lang),
                            at=float(record["at"]), step_id=step_id, thread=self._threads[said.id][0],
                            clears=bool(record["clears"]))

    def _payment_of(self, step: Step, effects_: Effects, lang: str) -> PaymentView | None:
        """The payment `effects_` would make now (None if it pays nothing)."""
        if effects_.pay is None:
            return None
        payment = step.payment_for(effects_)
        amount = max(0, effects.amount(self._state, effects_.pay.amount if isinstance(effects_.pay, Payment)
                                       else effects_.pay))
        if payment is None:          # validate refuses this; a hand-built scenario still plays
            return PaymentView(amount=amount, currency=self.currency, payee="")
        return self._payment_view(payment, amount, lang)

    def _sent(self, record: dict[str, object], lang: str) -> SentPayment:
        payee = str(record["to"])
        fields = self._personas(lang).get(payee)
        how = "taken" if record["taken"] else "transfer"
        amount = record["amount"]
        view = (self._payment_view(Payment(amount=0, to=payee, how=how), amount, lang)
                if fields is not None
                else PaymentView(amount=amount, currency=self.currency, payee="", taken=how == "taken"))
        return SentPayment(view, float(record["at"]), str(record["step_id"]), str(record["thread"]),
                           str(record["choice_id"]))

    def _record_payment(self, step_id: str, effects_: Effects, choice_id: str) -> None:
        """Remember where money went (before the effects run, while the amounts are current)."""
        step = self.scenario.steps[step_id]
        view = self._payment_of(step, effects_, self._state.lang)
        if view is None or view.amount <= 0:
            return
        payment = step.payment_for(effects_)
        asking = next((m for m in reversed(step.messages) if payment is not None and m.payment == payment), None)
        thread = self._threads[(asking or step.messages[0]).id][0]
        self._state.payments.append({"amount": view.amount, "to": payment.to if payment else "",
                                     "at": self._state.clock, "step_id": step_id, "thread": thread,
                                     "choice_id": choice_id, "taken": view.taken})

    _DETAIL_FIELDS = ("phone", "site", "address", "domain", "email", "number", "url")
    _ROLE_FIELDS = ("title", "job")      # in person: who they are to the player ("Police officer")

    def _detail(self, thread_id: str, channel: str, lang: str) -> str:
        """The line under a conversation's title: their number, site or address; in person, the
        role they present (their `title` or `job` field)."""
        counterpart = self._counterparts[thread_id]
        fields = self._personas(lang).get(counterpart, {})
        names = self._ROLE_FIELDS if channel == "in_person" else self._DETAIL_FIELDS
        return next((fields[f] for f in names if f in fields), "")

    def day_and_time(self, at: float) -> tuple[int, str]:
        """The story's day (1 first) and time of day ("HH:MM") at game second `at`."""
        hours, minutes = self.scenario.starts_at.split(":")
        total = int(hours) * 60 + int(minutes) + int(at // 60)
        return total // 1440 + 1, f"{total // 60 % 24:02d}:{total % 60:02d}"

    def seconds_until_choices(self) -> float:
        """Game time until every message of the current step has arrived (0 if it has)."""
        return max(0.0, self._state.choices_at - self._state.clock) if not self._state.ended else 0.0

    def seconds_until_next_message(self) -> float:
        """Game time until the next scheduled message arrives (0 if none is on its way)."""
        arrived, deliveries = self._arrived(), self._state.deliveries    # the rest arrive in order
        return deliveries[arrived].at - self._state.clock if arrived < len(deliveries) else 0.0

    def seconds_until_timeout(self) -> float | None:
        step = self._current_step()
        if step is None or step.timeout is None:
            return None
        return max(0.0, self._state.choices_at + step.timeout.after - self._state.clock)

    def flag_options(self, message_id: str, count: int = 4) -> tuple[FlagOption, ...]:
        """Red-flag names to offer for a message: its own flags plus plausible distractors from
        the catalogue (same group first), shuffled by the seed, then "just suspicious"."""
        lang = self._state.lang
        cached = self._options.get((message_id, lang, count))
        if cached is not None:
            return cached
        message = self._message(message_id)
        right = list(message.flags[:count])
        numbers = draws(f"options:{self._state.seed}:{message_id}", 3 * count)   # at most count each: pick, fill, order
        # distractors from the same groups first (they look plausible); for a flag-free message,
        # the flags of the messages around it
        catalog = self._catalog_key
        near = near_flags(catalog, self._scenario_key, message_id, count)
        chosen = right + sample(near, count - len(right), numbers)
        if len(chosen) < count:
            chosen += sample([f for f in self.catalog.red_flags if f not in chosen], count - len(chosen), numbers)
        named = _flag_options(catalog, lang)
        options = tuple(named[f] for f in sample(chosen, len(chosen), numbers)) + (
            FlagOption("", self._word("flag.just_suspicious", lang)),)
        self._options[(message_id, lang, count)] = options
        return options

    def feedback(self, message_id: str) -> FlagFeedback | None:
        """Immediate feedback on the flag the player raised on `message_id` (None if unflagged)."""
        message = self._message(message_id)
        flagged = self._state.flags.get(message_id)
        if flagged is not None and self._state.feedback == "immediate":
            flagged = self._state.first_flags.get(message_id, flagged)
        if flagged is None:
            return None
        lang = self._state.lang
        if not message.flags:
            line = self.render(message.note) if message.note else self._word("feedback.no_red_flag_line", lang)
            return FlagFeedback(message_id, scoring.FALSE_ALARM, False, self._word("feedback.no_red_flag", lang), line)
        named_right = flagged in message.flags
        flag_id = flagged if named_right else message.flags[0]
        flag = self.catalog.red_flags[flag_id]
        return FlagFeedback(message_id, scoring.HIT, named_right, flag.name.get(lang), self._why(message, flag_id, lang))

    def _why(self, message: Message, flag_id: str, lang: str) -> str:
        """Why `flag_id` is a red flag on this message: the message's own words if it has them,
        else the catalogue's general explanation."""
        specific = message.why.get(flag_id)
        return self.render(specific if specific is not None else self.catalog.red_flags[flag_id].why, lang)

    # -- commands ---------------------------------------------------------------------------
    def _message(self, message_id: str):
        message = self._flaggable.get(message_id)
        if message is None:
            raise EngineError(f"no message {message_id!r} in {self.scenario.id}")
        return message

    def _word(self, key: str, lang: str) -> str:
        """One of the engine's few words (`WORD_KEYS`) from the front end's locale files."""
        word = self._words.get((key, lang))
        if word is None:
            word = self._words[(key, lang)] = self.words(key, lang)
        return word

    def _bump(self) -> None:
        self._state.revision += 1

    def set_lang(self, lang: str) -> None:
        if lang not in self.languages:
            raise EngineError(f"unknown language {lang!r}; use one of {self.languages}")
        if lang != self._state.lang:
            self._state.lang = lang
            self._bump()

    def flag(self, message_id: str, flag_id: str | None = None) -> tuple[Event, ...]:
        """Flag a visible message, naming a red flag or (None / "") calling it just suspicious.
        Flagging again replaces the name."""
        if self._state.ended:
            raise EngineError("the scenario has ended; flags can no longer change")
        message = self._message(message_id)
        self._arrived()
        if message_id not in self._arrived_ids:
            raise EngineError(f"message {message_id!r} has not arrived yet")
        if message.sender in BUILTIN_SENDERS:
            raise EngineError(f"message {message_id!r} is from {message.sender} and cannot be flagged")
        flag_id = flag_id or ""
        if flag_id and flag_id not in self.catalog.red_flags:
            raise EngineError(f"{flag_id!r} is not a red flag in the catalogue")
        self._state.flags[message_id] = flag_id
        self._state.first_flags.setdefault(message_id, flag_id)
        self._state.flag_log.append({"at": self._state.clock, "message_id": message_id, "flag": flag_id})
        self._bump()
        verdict = scoring.verdict(message.flags, flag_id)
        return (FlagRaised(message_id, flag_id, verdict, bool(flag_id) and flag_id in message.flags),)

    def unflag(self, message_id: str) -> tuple[Event, ...]:
        if self._state.ended:
            raise EngineError("the scenario has ended; flags can no longer change")
        self._message(message_id)
        if message_id not in self._state.flags:
            return ()
        del self._state.flags[message_id]
        self._state.flag_log.append({"at": self._state.clock, "message_id": message_id, "flag": None})
        self._bump()
        return (FlagRemoved(message_id),)

    def choose(self, choice_id: str) -> tuple[Event, ...]:
        step = self._current_step()
        if step is None:
            raise EngineError("the scenario has ended")
        if self._waiting():
            raise EngineError("choices appear only after every message of the step has arrived")
        choice = next((c for c in step.choices if c.id == choice_id), None)
        if choice is None:
            raise EngineError(f"no choice {choice_id!r} in step {self._state.node!r}")
        if not self._available(choice):
            raise EngineError(f"choice {choice_id!r} is not available now")
        if not self._affordable(step, choice):
            raise EngineError(f"choice {choice_id!r} costs more than the player's wallet allows")
        text = self.render(choice.text)
        self._state.choices.append({"step_id": self._state.node, "choice_id": choice.id, "text": text,
                                    "at": self._state.clock, "safe": choice.safe})
        events: list[Event] = [ChoiceMade(choice.id)]
        self._record_payment(self._state.node, choice.effects, choice.id)
        events += effects.apply(self._state, choice.effects)
        self._fire(f"c__{choice.id}")
        events += self._enter(self._model.state)
        return tuple(events)

    def tick(self, seconds: float) -> tuple[Event, ...]:
        """Let `seconds` of game time pass: messages arrive and timeouts run out (at most
        MAX_TIMEOUTS_PER_TICK of them, scheduling at most MAX_MESSAGES_PER_TICK messages: then
        the clock stops at the last one, so that one tick's work is bounded whatever the file)."""
        if seconds < 0:
            raise EngineError("time cannot run backwards")
        state = self._state
        events: list[Event] = []
        target = state.clock + seconds
        scheduled = len(state.deliveries)
        for fired in range(MAX_TIMEOUTS_PER_TICK + 1):
            if state.ended:
                state.clock = max(state.clock, target)
                break
            step = self.scenario.steps[state.node]
            deadline = state.choices_at + step.timeout.after if step.timeout else None
            if deadline is None or deadline > target:
                events += self._advance(target)
                break
            if fired == MAX_TIMEOUTS_PER_TICK or len(state.deliveries) - scheduled >= MAX_MESSAGES_PER_TICK:
                break                       # enough for one tick: the clock stays at the last timeout
            events += self._advance(deadline)
            events += self._time_out(step)
            target = max(target, state.clock)
        return tuple(events)

    def _advance(self, to: float) -> list[Event]:
        state = self._state
        before = self._arrived()
        state.clock = max(state.clock, to)
        arrived = state.deliveries[before:self._arrived()]
        if arrived:
            self._bump()
        return [MessageArrived(d.message_id) for d in arrived]

    def _time_out(self, step: Step) -> list[Event]:
        assert step.timeout is not None
        text = self._word("play.waited", self._state.lang)
        self._state.choices.append({"step_id": self._state.node, "choice_id": TIMEOUT, "text": text,
                                    "at": self._state.clock, "safe": None})
        note = self.render(step.timeout.note) if step.timeout.note else ""
        events: list[Event] = [TimedOut(self._state.node, note)]
        self._record_payment(self._state.node, step.timeout.effects, TIMEOUT)
        events += effects.apply(self._state, step.timeout.effects)
        self._fire(f"t__{TIMEOUT}")
        events += self._enter(self._model.state)
        return events

    def _fire(self, trigger: str) -> None:
        """Move along the authored graph; transitions raises MachineError on an invalid trigger."""
        self._machine.events[trigger].trigger(self._model)

    def _enter(self, node_id: str) -> list[Event]:
        state = self._state
        state.node = node_id
        self._bump()
        if node_id in self.scenario.endings:
            state.ended = True
            return [ScenarioEnded(node_id, self.scenario.endings[node_id].outcome)]
        step = self.scenario.steps[node_id]
        state.clock += step.gap
        at = state.clock
        lang, numbers, deliveries = state.lang, self._numbers(), state.deliveries
        values = self._values(lang, numbers)
        for message in step.messages:
            at += message.delay
            self._snapshots[len(deliveries)] = numbers
            deliveries.append(Delivery(
                message.id, node_id, at, {lang: render(message.text.get(lang), values)},
                effects.amount(state, message.payment.amount) if message.payment else None,
                effects.amount(state, message.balance) if message.balance is not None else None))
        state.choices_at = at
        events: list[Event] = [StepEntered(node_id, step.channel)]
        return events + self._advance(state.clock)

    # -- the end ---------------------------------------------------------------------------
    def scored_flag(self, message_id: str) -> str | None:
        """The flag that counts for `message_id`: the final one, or in immediate-feedback mode
        the first one raised (feedback has shown the answer; changing it then earns nothing)."""
        if self._state.feedback == "immediate" and message_id in self._state.first_flags:
            return self._state.first_flags[message_id]
        return self._state.flags.get(message_id)

    def result(self, lang: str | None = None) -> Result:
        """The scored result of a finished session, in `lang` (default: the session's language).
        Only words change with the language; every fact and figure is the same."""
        state = self._state
        if not state.ended:
            raise EngineError("the scenario has not ended yet")
        lang = lang or state.lang
        if lang not in self.languages:
            raise EngineError(f"unknown language {lang!r}; use one of {self.languages}")
        cached = self._results.get(lang)
        if cached is not None and cached[0] == state.clock:       # nothing else changes once it ended
            return cached[1]
        ending: Ending = self.scenario.endings[state.node]
        # A secret handed over on the way (a code, a PIN) is a loss waiting to happen, whatever the
        # ending says: "safe" becomes "partial", and the debrief says why.
        lowered_by = tuple(item for item in state.given if item in self.catalog.secrets) \
            if ending.outcome == "safe" else ()
        outcome = "partial" if lowered_by else ending.outcome
        pairs, results = [], []
        steps, scored = self.scenario.steps, self.scored_flag
        first_at: dict[str, float] = {}
        final_at: dict[str, float | None] = {}
        for entry in state.flag_log:
            message_id, at = str(entry["message_id"]), float(entry["at"])  # type: ignore[arg-type]
            first_at.setdefault(message_id, at)
            final_at[message_id] = at if entry["flag"] is not None else None
        for index, delivery in enumerate(state.deliveries):
            message = self._flaggable[delivery.message_id]
            if message.sender in BUILTIN_SENDERS:
                continue
            carries, flagged = message.flags, scored(message.id)
            pairs.append((carries, flagged))
            results.append(MessageResult(
                id=message.id, step_id=delivery.step_id, text=self._text(index, lang), flags=carries,
                flagged=flagged, verdict=scoring.verdict(carries, flagged), credit=scoring.credit(carries, flagged),
                at=delivery.at, sender_name=self._sender_name(message.sender, lang),
                channel=steps[delivery.step_id].channel,
                note=self.render(message.note, lang) if message.note else "", final_flag=state.flags.get(message.id),
                first_flag=state.first_flags.get(message.id), first_flag_at=first_at.get(message.id),
                final_flag_at=final_at.get(message.id) if message.id in state.flags else None))
        total = scoring.score(pairs, outcome, len(state.given))
        messages = tuple(results)
        debrief = self._debrief(messages, lang)
        missed = [item for item in debrief if item.kind == "red_flag" and not item.named]
        takeaway_from = missed[0] if missed else next((i for i in debrief if i.kind == "red_flag"), None)
        received = normalize(sum((r["amount"] for r in state.received if r["clears"]), 0))
        taken_back = normalize(sum((r["amount"] for r in state.received if not r["clears"]), 0))
        # By default the loss is what was paid, less what came back in and cleared (a rebate); an
        # ending's own `loss:` says it exactly. A recovery is part of the loss, never more.
        loss = effects.amount(state, ending.loss) if ending.loss is not None else max(0, normalize(state.paid - received))
        recovered = min(loss, max(0, effects.amount(state, ending.recover.amount))) if ending.recover else 0
        result = Result(
            scenario=self.scenario.id, scenario_version=self.scenario.version, kind=self.scenario.kind,
            seed=state.seed, lang=lang, ending=state.node,
            ending_title=self.render(ending.title, lang) if ending.title else "", outcome=outcome,
            score=total.score, detection=total.detection, restraint=total.restraint, decisions=total.decisions,
            loss=loss, paid=state.paid, currency=self.currency, region=self.region.id, feedback=state.feedback,
            given=tuple(state.given), fact=self._fact(ending, lang),
            received=received, taken_back=taken_back, recovered=recovered,
            recovery_pending=bool(recovered) and ending.recover is not None and ending.recover.pending,
            help=_help_views(Identity(self.region), lang), region_name=self.region.name.get(lang),
            hits=total.hits, misses=total.misses,
            false_alarms=total.false_alarms, correct_rejections=total.correct_rejections,
            named_correctly=total.named_correctly, d_prime=total.d_prime, criterion=total.criterion,
            ending_debrief=self.render(ending.debrief, lang), takeaway=takeaway_from.safe if takeaway_from else "",
            debrief=debrief, messages=messages,
            choices=tuple(ChoiceRecord(**c) for c in state.choices), clock=state.clock, lowered_by=lowered_by)
        self._results[lang] = (state.clock, result)
        return result

    def _fact(self, ending: Ending, lang: str) -> FactView | None:
        fact_id = ending.fact_for(self.region.id)
        fact = self.catalog.facts.get(fact_id) if fact_id else None
        return FactView(fact.text.get(lang), fact.year, fact.source) if fact else None

    def _debrief(self, messages: tuple[MessageResult, ...], lang: str) -> tuple[DebriefItem, ...]:
        """A line per red flag of every message, per false alarm, and per message rightly trusted
        that has a note. The same red flag with the same explanation is explained once: each of
        its lines says which of how many it is."""
        red_flags = self.catalog.red_flags
        keys = [(flag_id, self._why(self._flaggable[result.id], flag_id, lang))    # one per red-flag line
                for result in messages for flag_id in result.flags]
        totals = Counter(keys)
        lines, seen = iter(keys), Counter()
        items: list[DebriefItem] = []
        for result in messages:
            if result.flags:
                message = self._flaggable[result.id]
                for flag_id in result.flags:
                    key = next(lines)
                    flag, why = red_flags[flag_id], key[1]
                    seen[key] += 1
                    items.append(DebriefItem(
                        kind="red_flag", message_id=result.id, message_text=result.text, flag_id=flag_id,
                        name=flag.name.get(lang), caught=result.flagged is not None,
                        named=result.flagged == flag_id, why=why,
                        safe=self.render(message.instead.get(flag_id, flag.safe), lang),
                        occurrence=seen[key] if totals[key] > 1 else 1, occurrences=totals[key]))
            elif result.verdict == scoring.FALSE_ALARM:
                why = result.note or self._word("feedback.no_red_flag_line", lang)
                items.append(DebriefItem(
                    kind="false_alarm", message_id=result.id, message_text=result.text, flag_id=None,
                    name=self._word("debrief.no_red_flag", lang), caught=False, named=False,
                    why=why, safe=""))
            elif result.note:
                items.append(DebriefItem(
                    kind="trusted", message_id=result.id, message_text=result.text, flag_id=None,
                    name=self._word("debrief.fine_to_trust", lang), caught=False, named=False,
                    why=result.note, safe=""))
        return tuple(items)

    # -- saving -----------------------------------------------------------------------------
    def to_json(self) -> dict[str, object]:
        """The whole state as plain JSON-ready data; content is referred to by ID only."""
        self._complete_texts()
        return saves.dump(self._state, self.scenario)

    @classmethod
    def from_json(cls, scenario: Scenario, catalog: Catalog, data: Mapping[str, object],
                  words: Callable[[str, str], str] | None = None) -> "Session":
        """Resume a saved session. Raises SaveError if the save is corrupt or does not fit."""
        state = saves.load(data, scenario, catalog)
        return cls(scenario, catalog, seed=state.seed, lang=state.lang, feedback=state.feedback, region=state.region,
                   words=words, _state=state)
