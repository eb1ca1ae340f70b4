"""The teaching policy: how the demo player plays a scenario in front of a class.

It knows the truth (which messages carry which red flags, which choices are `safe: true`,
which ones pay) and plays to show it: every message that carries a red flag is flagged with
its first flag, no flag-free message ever is. The path chooses the story:

- "scam": go on with the scam at every step, so the class sees each fee: a paying choice first,
  then one that hands data over, then any that is not `safe: true`, always towards the worst
  ending still reachable (scammed, else partial, …). In a genuine scenario this walks into the
  side scam it hides (the spam loan offer, the fake callback) or the mistake it warns about.
- "safe": take a `safe: true` choice as soon as one is offered (in a genuine scenario these are
  the ones that check and then trust), towards a safe ending.

A policy is used for one play-through: it remembers the steps it has seen, to prefer a way
not taken yet, and how often it took each choice: a choice taken twice already ranks below every
other open one (the least taken first), so the walk leaves any loop a file allows, whatever
the path prefers there.
"""

from __future__ import annotations

from game.scenario import OUTCOMES

from .bot import Choose, Command, Flag, Wait, reachable
from .errors import EngineError
from .session import Session

PATHS = ("scam", "safe")

#: How bad an outcome is for the player: the scam path heads for the highest reachable.
_HARM = {name: spec.harm for name, spec in OUTCOMES.items()}


class TeachingPolicy:
    def __init__(self, path: str = "scam") -> None:
        if path not in PATHS:
            raise EngineError(f"unknown demo path {path!r}; use one of {PATHS}")
        self.path = path
        self.visited: set[str] = set()
        self.taken: dict[tuple[str, str], int] = {}       # (step, choice) → times chosen
        self._turn: tuple[tuple[str, int], str] | None = None   # this turn's (step, moves) and its choice
        self._scenario: object = None
        self._worst: dict[str, int] = {}
        self._can_end_safe: dict[str, bool] = {}
        self._flags: dict[str, str | None] = {}

    # -- what it knows ------------------------------------------------------------------------
    def _learn(self, session: Session) -> None:
        scenario = session.scenario
        if self._scenario is scenario:
            return
        reach = reachable(scenario)
        outcomes = {e: ending.outcome for e, ending in scenario.endings.items()}
        self._worst = {node: max((_HARM[outcomes[n]] for n in found if n in outcomes), default=-1)
                       for node, found in reach.items()}
        self._can_end_safe = {node: any(outcomes.get(n) == "safe" for n in found) for node, found in reach.items()}
        self._flags = {m.id: (m.flags[0] if m.flags else None)
                       for step in scenario.steps.values() for m in step.messages}
        self._scenario = scenario

    def right_flag(self, session: Session, message_id: str) -> str | None:
        """The red flag to name on a message (its first), or None: a flag-free message is left alone."""
        self._learn(session)
        if message_id not in self._flags:
            raise EngineError(f"no message {message_id!r} in {session.scenario.id}")
        return self._flags[message_id]

    # -- one turn -----------------------------------------------------------------------------
    def flags_to_raise(self, session: Session) -> tuple[Flag, ...]:
        """Flags for every visible message that carries a red flag and is not flagged yet."""
        flags = []
        for message in session.view().messages:
            if message.flaggable and message.flag is None:
                right = self.right_flag(session, message.id)
                if right is not None:
                    flags.append(Flag(message.id, right))
        return tuple(flags)

    def plan(self, session: Session) -> tuple[Command, ...]:
        self._learn(session)
        flags = self.flags_to_raise(session)
        pending = session.seconds_until_choices()
        if pending > 0:
            return (*flags, Wait(pending))
        choice_id = self.choose(session)
        if choice_id is not None:
            return (*flags, Choose(choice_id))
        timeout = session.seconds_until_timeout()
        if timeout is None:
            raise EngineError(f"stuck in step {session.step_id!r}: no choice is available and no timeout")
        return (*flags, Wait(timeout + 0.001))

    def choose(self, session: Session) -> str | None:
        """The choice this path takes now (None if no choice is offered)."""
        self._learn(session)
        self.visited.add(session.step_id)
        view = session.view()
        offered = [c for c in view.choices if c.available]
        if not offered:
            return None
        authored = {c.id: c for c in session.scenario.steps[session.step_id].choices}
        order = {c.id: index for index, c in enumerate(offered)}

        step_id = session.step_id
        turn = (step_id, session.moves)
        if self._turn is not None and self._turn[0] == turn and any(c.id == self._turn[1] for c in offered):
            return self._turn[1]            # asked again before moving (the window shows it first): the same

        def rank(choice) -> tuple:
            spec = authored[choice.id]
            fresh = spec.to not in self.visited
            worn = max(0, self.taken.get((step_id, choice.id), 0) - 1)     # round a loop twice: try another
            if self.path == "scam":
                pays = choice.cost > 0 or choice.payment is not None
                return (worn, -self._worst[spec.to], not fresh, not pays, not choice.gives, spec.safe is True,
                        order[choice.id])
            return (worn, spec.safe is not True, not self._can_end_safe[spec.to], not fresh, order[choice.id])

        chosen = min(offered, key=rank).id
        self.taken[step_id, chosen] = self.taken.get((step_id, chosen), 0) + 1
        self._turn = (turn, chosen)
        return chosen
