"""Drills and the before/after skill check in a class: which one a trainee owes, and one run's state.

A class may run the before form when a trainee joins (before the first scenario) and the after
form after the last one (`Settings.before_after`), and may put a 10-item drill anywhere in its
playlist (the entry `drill`). The items come from every scenario the server offers in the
class's region, in the trainee's language (`game.practice.Coach`).

A run is kept as plain JSON with the trainee (the class store), so a reload or another worker
carries on at the same item with the same details: the picks (item keys and why each was
picked), the answers so far, and the seed of the item on screen (`build_item(..., seed=)` gives
back the same names, numbers and amounts). Its phase is `intro` (the card before the first
item), `item`, `feedback` (after an answer, until Next) or `end` (the summary card).

No HTTP and no SQL here: `classroom.py` calls these and saves what they return.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Mapping

from game.engine import EngineError
from game.locale import Translator, words
from game.practice import Coach, DrillItem, build_item, feedback, grade, measure
from game.records.practice import CONFIDENCE, PracticeAnswer
from game.scenario import Catalog, Scenario

from . import wire

DRILL = "drill"                  # a playlist entry that is a drill, not a scenario
BEFORE, AFTER = "before", "after"
MAX_SECONDS = 600.0              # an answer's time is capped (a phone left on the table)


def empty() -> dict:
    """A trainee's practice before any run: none in progress, none done."""
    return {"run": None, "done": []}


def scenario_ids(playlist) -> dict[str, None]:
    return {entry: None for entry in playlist if entry != DRILL}


def coach(scenarios: Mapping[str, Scenario], catalog: Catalog, playlist, *, region: str | None, lang: str,
          code: str, rng: random.Random | None = None) -> Coach:
    """A Coach over every scenario the server offers in the class's region (not only the
    playlist: a playlist of scams alone would leave the forms and drills without a genuine
    message, and the forms must be the same for every class), in the trainee's language."""
    own = {sid: s for sid, s in scenarios.items() if region is None or region in s.regions}

    def region_for(scenario: Scenario) -> str:
        return region if region in scenario.regions else scenario.regions[0]

    return Coach(own, catalog, region_for=region_for, lang=lang, class_code=code, words=words, rng=rng)


def owed(playlist, before_after: bool, position: int, done) -> tuple[str, str] | None:
    """The run a trainee at `position` must take now, as (form, done-mark), or None."""
    if before_after and position == 0 and BEFORE not in done:
        return BEFORE, BEFORE
    if position < len(playlist) and playlist[position] == DRILL and f"{DRILL}:{position}" not in done:
        return DRILL, f"{DRILL}:{position}"
    if before_after and position >= len(playlist) and AFTER not in done:
        return AFTER, AFTER
    return None


def start(the_coach: Coach, form: str, mark: str) -> dict:
    run = the_coach.start(form)
    return {"id": run.id, "form": form, "mark": mark, "picks": [[p.spec.key, p.reason] for p in run.picks],
            "i": 0, "seed": None, "phase": "intro", "answers": [], "shown_at": None}


def item(the_coach: Coach, run: dict, cache: dict) -> DrillItem | None:
    """The run's current item, built with its kept seed (a new seed is chosen and kept the first
    time). Items that cannot be shown are passed over. None when none is left."""
    while run["i"] < len(run["picks"]):
        key = run["picks"][run["i"]][0]
        spec = the_coach.bank.by_key.get(key)
        if spec is not None:
            scenario = the_coach.scenarios[spec.scenario]
            region = the_coach.region_for(scenario)
            wanted = (key, run["seed"], the_coach.lang, region)
            found = cache.get(wanted) if run["seed"] is not None else None
            if found is not None:
                return found
            try:
                built = build_item(spec, scenario, the_coach.catalog, lang=the_coach.lang, region=region,
                                   seed=run["seed"], words=words, rng=the_coach.rng)
            except EngineError:
                built = None
            if built is not None:
                run["seed"] = built.seed
                if len(cache) > 512:
                    cache.pop(next(iter(cache)))
                cache[(key, built.seed, the_coach.lang, region)] = built
                return built
        run["i"] += 1                    # its way is closed (or it left the library): the next one
        run["seed"] = None
    return None


def answer(shown: DrillItem, run: dict, payload: Mapping, *, code: str, seconds: float) -> PracticeAnswer:
    """Grade what the trainee said (ValueError on a malformed answer)."""
    said, named, confidence = payload.get("said"), payload.get("named"), payload.get("confidence")
    if said not in ("scam", "genuine"):
        raise ValueError("said")
    if named is not None and (not isinstance(named, str) or named not in {o.id for o in shown.options}):
        raise ValueError("named")
    if not isinstance(confidence, int) or isinstance(confidence, bool) or confidence not in CONFIDENCE:
        raise ValueError("confidence")
    return grade(shown, said, named, confidence, run=run["id"], form=run["form"], class_code=code,
                 seconds=min(MAX_SECONDS, max(0.0, seconds)))


def to_json(answer: PracticeAnswer) -> dict:
    data = dataclasses.asdict(answer)
    data["flags"] = list(answer.flags)
    return data


def from_json(data: Mapping) -> PracticeAnswer:
    return PracticeAnswer(**{**data, "flags": tuple(data["flags"])})


def new_run_id() -> str:
    return str(uuid.uuid4())


# -- what the phone shows ---------------------------------------------------------------------

def state_json(run: dict, shown: DrillItem | None, lang: str) -> dict:
    """The run as the trainee's page draws it, in `lang` (the answer key leaves only after an answer)."""
    tr = Translator(lang)
    form = run["form"]
    total = len(run["picks"])
    out = {"form": form, "phase": run["phase"], "title": tr.t(f"drill.form.{form}"),
           "position": min(run["i"] + 1, total), "total": total, "item": None, "answer": None, "end": None}
    if run["phase"] == "intro":
        out["intro"] = tr.t("drill.intro_check", count=total) if form in (BEFORE, AFTER) else tr.t("drill.intro")
        if not total:
            out["intro"] = tr.t("drill.empty")
    if run["phase"] in ("item", "feedback") and shown is not None:
        view = wire.view_json(shown.view)
        out["item"] = {"message_id": shown.message.id, "view": view,
                       "options": [{"id": o.id, "name": o.name} for o in shown.options]}
        if run["phase"] == "item":
            # Nothing a phone receives before the answer says which scenario the message is from
            # ("…_real") or why it was picked ("a genuine message that looks like a scam").
            view.update(scenario_id="", title="", step_id="")
        else:
            reason = run["picks"][run["i"]][1] if run["i"] < total else ""
            out["item"].update(key=shown.key, reason=tr.t(f"drill.reason.{reason}") if form == DRILL and reason
                               else "")
    if run["phase"] == "feedback" and run["answers"] and shown is not None:
        given = from_json(run["answers"][-1])
        out["answer"] = {"said": given.said, "named": given.named, "confidence": given.confidence,
                         "verdict": given.verdict, "correct": given.correct,
                         "lines": feedback_lines(shown, given, tr)}
    if run["phase"] == "end":
        out["end"] = {"lines": end_lines([from_json(a) for a in run["answers"]], tr)}
    return out


def feedback_lines(shown: DrillItem, given: PracticeAnswer, tr: Translator) -> list[dict]:
    """The feedback after an answer, as the practice core assembles it, in words."""
    fb = feedback(shown, given)
    lines = [{"kind": "head", "text": tr.t(fb.key, flag=fb.flag_name)}]
    for reason in fb.reasons:
        lines.append({"kind": "flag", "text": reason.name})
        lines.append({"kind": "why", "label": tr.t("drill.why"), "text": reason.why})
        lines.append({"kind": "safe", "label": tr.t("drill.safe"), "text": reason.safe})
    if not shown.is_scam and fb.note:
        lines.append({"kind": "trusted", "label": tr.t("drill.feedback.trusted_because"), "text": fb.note})
    lines.append({"kind": "from", "text": tr.t("drill.from", title=fb.title)})
    return lines


def end_lines(answers: list[PracticeAnswer], tr: Translator) -> list[dict]:
    m = measure(answers)
    scams = m.hits + m.misses
    genuine = m.false_alarms + m.correct_rejections
    lines = [{"kind": "done", "text": tr.t("drill.done", right=m.right, total=m.answers)},
             {"kind": "detail", "text": tr.t("drill.done_detail", hits=m.hits, scams=scams,
                                             trusted=m.correct_rejections, genuine=genuine)}]
    sure = m.calibration[-1]
    if sure.answers:
        lines.append({"kind": "sure", "text": tr.t("drill.done_sure", right=sure.right, total=sure.answers)})
    return lines
