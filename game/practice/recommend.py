"""What to play next, and the one line that says why.

From the player's mastery (`game.records.mastery`) and what they have played:

1. every `LOOKALIKE_EVERY`th recommendation is a genuine look-alike (the last
   `LOOKALIKE_EVERY − 1` attempts held none): the one that resembles the scam type the player
   is least restrained on, so practice never turns into "everything is a scam";
2. otherwise the red flag missed most (lowest mastery among flags missed at least once): a scam
   scenario that carries it, the least recently played first — "You missed 'one fee after
   another' twice: try this one";
3. nothing missed: a scam type not met yet, then the weakest scam type;
4. no attempt yet: None (the front end offers its guided first scenario).

`Recommendation.reason` names the line (`next.reason.<reason>` in the locale files) and
`params` fills it (IDs: the front end puts names in).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from game.records.attempt import Attempt
from game.records.mastery import Mastery, ScenarioFacts

LOOKALIKE_EVERY = 3             # one genuine look-alike in every three recommendations

MISSED_FLAG, LOOKALIKE, NEW_TYPE, WEAK_TYPE = "missed_flag", "lookalike", "new_type", "weak_type"


@dataclass(frozen=True)
class Recommendation:
    scenario: str
    reason: str                             # missed_flag | lookalike | new_type | weak_type
    params: dict[str, object] = field(default_factory=dict)     # flag, times, scam_type (IDs, counts)


def recommend(mastery: Mastery, facts: Mapping[str, ScenarioFacts], attempts: Iterable[Attempt],
              playable: Iterable[str]) -> Recommendation | None:
    """The next scenario among `playable` IDs (None: nothing played yet, or nothing to offer)."""
    history = sorted(attempts, key=lambda a: a.finished_at)
    playable = [sid for sid in playable if sid in facts and facts[sid].category != "tutorial"]
    if not history or not playable:
        return None
    last_played = {a.scenario: a.finished_at for a in history}
    recent = history[-(LOOKALIKE_EVERY - 1):]

    def freshest(candidates: list[str]) -> str:
        """Never played first, then the longest ago; ties by ID."""
        return min(candidates, key=lambda sid: (last_played.get(sid, ""), sid))

    genuine = [sid for sid in playable if facts[sid].kind == "legit" and facts[sid].resembles]
    if genuine and len(history) >= LOOKALIKE_EVERY - 1 and all(facts.get(a.scenario) is None
                                                               or facts[a.scenario].kind == "scam" for a in recent):
        weakest = {t.key: t.restraint for t in mastery.types}
        choice = min(genuine, key=lambda sid: (weakest.get(facts[sid].resembles, 0.5),
                                               last_played.get(sid, ""), sid))
        return Recommendation(choice, LOOKALIKE, {"scam_type": facts[choice].resembles})
    scams = [sid for sid in playable if facts[sid].kind == "scam"]
    if not scams:
        return None
    for tally in mastery.flags:                     # weakest first
        misses = tally.opportunities - tally.hits
        if misses <= 0:
            continue
        carrying = [sid for sid in scams if tally.key in facts[sid].flags]
        if carrying:
            return Recommendation(freshest(carrying), MISSED_FLAG, {"flag": tally.key, "times": misses})
    met = {t.key for t in mastery.types if t.opportunities}
    unmet = [sid for sid in scams if facts[sid].category not in met]
    if unmet:
        choice = freshest(unmet)
        return Recommendation(choice, NEW_TYPE, {"scam_type": facts[choice].category})
    for tally in mastery.types:
        carrying = [sid for sid in scams if facts[sid].category == tally.key]
        if carrying:
            return Recommendation(freshest(carrying), WEAK_TYPE, {"scam_type": tally.key})
    return Recommendation(freshest(scams), WEAK_TYPE, {"scam_type": facts[freshest(scams)].category})
