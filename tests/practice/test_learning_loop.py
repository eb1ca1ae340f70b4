"""Answers graded and measured, drills planned, forms matched, boosters scheduled, next play recommended."""

from __future__ import annotations

import random
from pathlib import Path
from collections import Counter
from dataclasses import replace

import pytest

from game.engine import sdt
from game.locale import words
from game.practice import (AFTER, BEFORE, GENUINE, SCAM, Coach, build_bank, build_item, change, feedback, forms,
                           grade, measure, plan_drill, recommend)
from game.practice import boosters
from game.practice.plan import DUE, LOOKALIKE
from game.records import Recorder, Records, facts_of, mastery_of
from game.records.practice import PracticeAnswer

from ..records.helpers import attempts as played_attempts


@pytest.fixture(scope="module")
def bank(scenarios, catalog):
    return build_bank({k: s for k, s in scenarios.items() if s.category != "tutorial"}, catalog)


def answer(item: str = "loan_fee_trap/x", *, truth: str = SCAM, said: str = SCAM, confidence: int = 2,
           at: str = "2026-10-01T10:00:00.000Z", flags: tuple[str, ...] = ("upfront_fee",), named: str | None = None,
           form: str = "drill", run: str = "r1", scenario: str = "loan_fee_trap",
           scam_type: str | None = "fake_loan") -> PracticeAnswer:
    return PracticeAnswer(id=f"{item}:{at}:{said}", run=run, form=form, item=item, scenario=scenario,
                          message_id=item.split("/")[1], region="CN", lang="en", seed=1, truth=truth,
                          flags=flags if truth == SCAM else (), scam_type=scam_type, difficulty=1, said=said,
                          named=named, confidence=confidence, answered_at=at, seconds=3.0)


# -- grading and measuring ---------------------------------------------------------------------

def test_grade_and_feedback(bank, scenarios, catalog):
    scam_spec = next(s for s in bank.items if s.truth == SCAM and len(s.flags) >= 2)
    genuine_spec = next(s for s in bank.items if s.truth == GENUINE)
    scam = build_item(scam_spec, scenarios[scam_spec.scenario], catalog, lang="en", seed=3, words=words)
    genuine = build_item(genuine_spec, scenarios[genuine_spec.scenario], catalog, lang="en", seed=3, words=words)
    second = scam_spec.flags[1]
    named_right = grade(scam, SCAM, second, 3, run="r")
    assert named_right.verdict == "hit" and named_right.named_right and named_right.correct
    said = feedback(scam, named_right)
    assert said.key == "drill.feedback.hit_named" and said.flag_name == catalog.red_flags[second].name.en
    assert said.reasons[0].flag == second and len(said.reasons) == len(scam_spec.flags)
    missed = grade(scam, GENUINE, second, 1, run="r")
    assert missed.verdict == "miss" and missed.named is None and not missed.correct
    said = feedback(scam, missed)
    assert said.key == "drill.feedback.miss" and said.flag_name == catalog.red_flags[scam_spec.flags[0]].name.en
    suspicious = grade(scam, SCAM, "", 2, run="r")
    assert suspicious.verdict == "hit" and not suspicious.named_right
    assert feedback(scam, suspicious).key == "drill.feedback.hit"
    alarm = grade(genuine, SCAM, "", 2, run="r")
    assert alarm.verdict == "false_alarm" and feedback(genuine, alarm).key == "drill.feedback.false_alarm"
    assert feedback(genuine, alarm).reasons == () and feedback(genuine, alarm).note == genuine.note
    trusted = grade(genuine, GENUINE, None, 3, run="r")
    assert trusted.verdict == "correct_rejection" and trusted.truth == GENUINE and trusted.scam_type == \
        genuine_spec.scam_type
    with pytest.raises(ValueError):
        grade(scam, "maybe", None, 2, run="r")
    with pytest.raises(ValueError):
        grade(scam, SCAM, None, 4, run="r")


def test_measure_counts_dprime_criterion_brier_and_calibration():
    answers = [answer(said=SCAM, confidence=3), answer(said=SCAM, confidence=3), answer(said=GENUINE, confidence=1),
               answer(truth=GENUINE, said=GENUINE, confidence=2), answer(truth=GENUINE, said=SCAM, confidence=3)]
    m = measure(answers)
    assert (m.hits, m.misses, m.false_alarms, m.correct_rejections) == (2, 1, 1, 1)
    assert (m.d_prime, m.criterion) == sdt(2, 1, 1, 1)
    # (0.95−1)² twice, (0.5−0)², (0.75−1)², (0.95−0)²
    assert m.brier == pytest.approx((0.0025 * 2 + 0.25 + 0.0625 + 0.9025) / 5)
    levels = {level.confidence: (level.answers, level.right) for level in m.calibration}
    assert levels == {1: (1, 0), 2: (1, 1), 3: (3, 2)}
    assert m.accuracy == pytest.approx(3 / 5) and m.false_alarm_rate == 0.5 and m.hit_rate == pytest.approx(2 / 3)
    assert m.mean_confidence == pytest.approx((0.5 + 0.75 + 0.95 * 3) / 5)
    assert measure([]).brier is None and measure([]).accuracy is None


def test_change_says_better_or_more_suspicious():
    before = [answer(said=GENUINE), answer(said=SCAM), answer(truth=GENUINE, said=GENUINE)] * 3
    better = [answer(said=SCAM), answer(said=SCAM), answer(truth=GENUINE, said=GENUINE)] * 3
    assert change(before, better).d_prime > 0.3 and change(before, better).verdicts() == ("check.better",)
    jumpy = [answer(said=SCAM), answer(said=SCAM), answer(truth=GENUINE, said=SCAM)] * 3
    verdicts = change(before, jumpy).verdicts()
    assert "check.more_suspicious" in verdicts and change(before, jumpy).criterion < -0.3
    assert change(before, before).verdicts() == ("check.same",)
    assert change(better, before).verdicts()[0] == "check.lower"


# -- drills and forms --------------------------------------------------------------------------

def test_a_drill_is_half_genuine_without_repeats_and_due_items_first(bank):
    due = [i.key for i in bank.items if i.truth == SCAM][:2]
    picks = plan_drill(bank, due=due, rng=random.Random(1), size=10)
    assert len(picks) == 10 and len({p.spec.key for p in picks}) == 10
    assert [p.spec.key for p in picks[:2]] == due and {p.reason for p in picks[:2]} == {DUE}
    assert sum(p.spec.truth == GENUINE for p in picks) == 5
    assert all(p.reason == LOOKALIKE for p in picks if p.spec.truth == GENUINE and p.reason != DUE)
    assert all(a.spec.scenario != b.spec.scenario for a, b in zip(picks[2:], picks[3:]))


@pytest.mark.parametrize("due_count", [3, 7, 12, 20])
def test_a_drill_never_grows_past_its_size_whatever_is_due(bank, due_count):
    due = [i.key for i in bank.items if i.truth == SCAM][:due_count]
    picks = plan_drill(bank, due=due, rng=random.Random(due_count), size=12)
    assert len(picks) == 12 and [p.spec.key for p in picks[:min(12, due_count)]] == due[:12]
    genuine = sum(p.spec.truth == GENUINE for p in picks)
    assert genuine == max(0, 6 - max(0, due_count - 6)) if due_count <= 12 else genuine == 0


def test_a_drill_leans_towards_the_weak_red_flags(bank, scenarios):
    """With mastery saying one red flag is always missed and another always caught, the missed
    one's messages come up clearly more often."""
    weak, strong = "upfront_fee", "code_or_password_request"
    ids = [sid for sid, s in scenarios.items() if s.kind == "scam"]
    facts = facts_of(scenarios.values())
    history = []
    for index in range(30):
        history.append(answer(item=f"x/w{index}", flags=(weak,), said=GENUINE, at=f"2026-10-01T10:{index:02d}:00Z"))
        history.append(answer(item=f"x/s{index}", flags=(strong,), said=SCAM, at=f"2026-10-01T11:{index:02d}:00Z"))
    mastery = mastery_of([], facts, answers=history, now="2026-10-02T00:00:00Z")
    assert mastery.flag(weak).score < 0.1 < 0.4 < mastery.flag(strong).score
    counts = Counter()
    for seed in range(60):
        for pick in plan_drill(bank, mastery=mastery, rng=random.Random(seed)):
            counts.update(flag for flag in (weak, strong) if flag in pick.spec.flags)
    available = Counter(flag for i in bank.items for flag in i.flags if flag in (weak, strong))
    assert ids and available[weak] and available[strong]
    assert counts[weak] / available[weak] > 1.5 * counts[strong] / available[strong]


def test_the_two_forms_are_parallel(bank):
    both = forms(bank)
    before, after = both[BEFORE], both[AFTER]
    assert len(before) == len(after) == 12
    assert sum(i.truth == GENUINE for i in before) == sum(i.truth == GENUINE for i in after) == 6
    assert not {i.key for i in before} & {i.key for i in after}
    matched = Counter((i.truth, i.scam_type, i.difficulty) for i in before)
    assert matched == Counter((i.truth, i.scam_type, i.difficulty) for i in after)
    assert len({i.scam_type for i in before}) >= 5
    assert forms(bank) == both                          # the same for everyone, every time


# -- boosters ----------------------------------------------------------------------------------

def test_missed_or_guessed_items_come_back_and_gaps_grow():
    missed = answer(said=GENUINE, at="2026-10-01T10:00:00.000Z")
    cards = boosters.review({}, [missed])
    assert list(cards) == [missed.item] and cards[missed.item].due.startswith("2026-10-02")
    assert boosters.review({}, [answer(said=SCAM, confidence=3)]) == {}         # right and sure: no card
    assert list(boosters.review({}, [answer(said=SCAM, confidence=1)])) == [missed.item]   # right, a guess
    first_due = cards[missed.item].due
    right = answer(said=SCAM, confidence=2, at=first_due)
    later = boosters.review(cards, [right])[missed.item]
    again = boosters.review({missed.item: later}, [answer(said=SCAM, confidence=2, at=later.due)])[missed.item]
    gaps = [boosters._moment(b) - boosters._moment(a) for a, b in
            ((missed.answered_at, first_due), (first_due, later.due), (later.due, again.due))]
    assert gaps[0] < gaps[1] < gaps[2]
    broken = {missed.item: boosters.Booster(missed.item, first_due, '{"state": "nonsense"')}   # hand-edited
    assert boosters.review(broken, [right])[missed.item].due > right.answered_at               # a fresh card
    odd = {missed.item: boosters.Booster(missed.item, first_due, '{"card_id": 1, "state": 2, "step": null, '
                                         '"stability": null, "difficulty": null, "due": "2026-10-02T10:00:00+00:00", '
                                         '"last_review": null}')}             # reads, but the library refuses it
    assert boosters.review(odd, [right])[missed.item].due > right.answered_at
    assert boosters.due(cards.values(), "2026-10-01T12:00:00.000Z") == []
    assert boosters.due(cards.values(), "2026-10-02T12:00:00.000Z") == [missed.item]
    assert boosters.minutes(0) == 0 and boosters.minutes(1) == 3 and boosters.minutes(30) == 4
    assert boosters.welcome_back("2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z")
    assert not boosters.welcome_back("2026-10-01T00:00:00Z", "2026-10-07T23:00:00Z")
    assert not boosters.welcome_back(None, "2026-10-08T00:00:00Z")


# -- what to play next -------------------------------------------------------------------------

def test_recommendation_targets_the_missed_flag_and_keeps_look_alikes(scenarios, catalog):
    facts = facts_of(scenarios.values())
    scam_ids = sorted(sid for sid, f in facts.items() if f.kind == "scam" and f.category != "tutorial")
    history = played_attempts({sid: scenarios[sid] for sid in scam_ids[:2]}, catalog, 2)
    mastery = mastery_of(history, facts)
    pick = recommend(mastery, facts, history, scenarios)
    assert pick is not None and pick.reason == "lookalike"       # two scams in a row: a genuine one next
    assert facts[pick.scenario].kind == "legit"
    assert recommend(mastery, facts, [], scenarios) is None
    # the look-alike offered resembles the scam type the player is least restrained on
    for weak_type in sorted({f.resembles for f in facts.values() if f.kind == "legit" and f.resembles}):
        alarms = [answer(item=f"g/{i}", truth=GENUINE, said=SCAM, scam_type=weak_type, scenario="gone",
                         at=f"2026-09-01T10:0{i}:00Z") for i in range(5)]
        pick = recommend(mastery_of(history, facts, answers=alarms), facts, history, scenarios)
        assert pick.reason == "lookalike" and facts[pick.scenario].resembles == weak_type == pick.params["scam_type"]
    # with one genuine attempt among the last two, the weakest missed red flag leads
    legit = next(sid for sid, f in facts.items() if f.kind == "legit" and f.resembles)
    mixed = history[:1] + played_attempts({legit: scenarios[legit]}, catalog, 1, start_day=5)
    mastery = mastery_of(mixed, facts)
    missed = [t for t in mastery.flags if t.opportunities > t.hits]
    pick = recommend(mastery, facts, mixed, scenarios)
    if missed:
        assert pick.reason == "missed_flag" and pick.params["flag"] == missed[0].key
        assert pick.params["times"] == missed[0].opportunities - missed[0].hits
        assert missed[0].key in facts[pick.scenario].flags and facts[pick.scenario].kind == "scam"
    else:
        assert pick.reason in ("new_type", "weak_type")


# -- the coach with a records file ---------------------------------------------------------------

def test_a_drill_is_kept_and_its_misses_come_back(tmp_path, scenarios, catalog):
    clock = {"now": "2026-10-01T10:00:00.000Z"}
    recorder = Recorder(tmp_path / "records.sqlite")
    recorder.use("Keen Owl")
    coach = Coach(scenarios, catalog, recorder=recorder, lang="en", words=words, clock=lambda: clock["now"],
                  rng=random.Random(2))
    assert coach.due_minutes() == 0 and not coach.welcome_back() and coach.booster_offer() == (0, False)
    run = coach.start("drill")
    missed = []
    while not run.done:
        item = run.current()
        said = GENUINE if item.is_scam else SCAM           # every answer the other way
        missed.append(item.key)
        run.answer(said, None, 2, at=clock["now"])
    with Records.open(tmp_path / "records.sqlite") as records:
        kept = records.practice()
        assert sorted(a.item for a in kept) == sorted(missed) and all(not a.correct for a in kept)
        assert len(records.cards(recorder.player.id)) == len(missed)
    assert coach.due() == []
    clock["now"] = "2026-10-02T12:00:00.000Z"
    assert sorted(coach.due()) == sorted(missed) and coach.due_minutes() >= 3
    booster = coach.start("booster")
    assert [p.spec.key for p in booster.picks[:len(missed)]] == coach.due()
    clock["now"] = "2026-10-20T12:00:00.000Z"
    assert coach.welcome_back() and coach.booster_offer() == (coach.due_minutes(), True)
    with Records.open(tmp_path / "records.sqlite") as records:      # nothing due: still a booster first
        records._db.execute("DELETE FROM practice_cards")
    assert coach.due() == [] and coach.booster_offer() == (3, True)
    # misses in drills count against those red flags
    assert coach.mastery().overall.opportunities == sum(1 for a in kept if a.truth == SCAM)
    recorder.close()


def test_before_and_after_forms_give_the_change(tmp_path, scenarios, catalog):
    recorder = Recorder(tmp_path / "records.sqlite")
    recorder.use("Keen Owl")
    coach = Coach(scenarios, catalog, recorder=recorder, lang="zh", words=words, rng=random.Random(4))
    assert coach.check() is None
    given = {}
    for form, good in ((BEFORE, False), (AFTER, True)):
        run = coach.start(form)
        assert run.total == 12
        while not run.done:
            item = run.current()
            right = SCAM if item.is_scam else GENUINE
            wrong = GENUINE if item.is_scam else SCAM
            run.answer(right if good or run.position % 2 else wrong, None, 3 if good else 1)
        given[form] = run.answers
        assert coach.form_taken(form)
    result = coach.check()
    assert result == change(given[BEFORE], given[AFTER])
    assert result.d_prime > 0 and result.brier < 0 and result.verdicts()[0] == "check.better"
    recorder.close()


def test_levels_say_strong_growing_or_just_started():
    from game.records.mastery import Tally
    base = dict(key="f", opportunities=9, hits=9, lookalikes=0, false_alarms=0, weighted_opportunities=9.0,
                weighted_hits=9.0, weighted_lookalikes=0.0, weighted_false_alarms=0.0, hit_rate=0.9, restraint=0.9,
                last_seen="")
    assert Tally(**base, score=0.8, confidence=0.6).level == "mastered"
    assert Tally(**base, score=0.8, confidence=0.4).level == "new"
    assert Tally(**base, score=0.3, confidence=0.7).level == "growing"


def test_without_records_a_drill_still_works(scenarios, catalog):
    coach = Coach(scenarios, catalog, lang="en", words=words, rng=random.Random(6))
    run = coach.start("drill", size=4)
    while not run.done:
        run.answer(GENUINE, None, 1)
    assert len(coach.answers()) == 4 and coach.due() == []
    assert coach.mastery().overall.opportunities + coach.mastery().overall.lookalikes == 4


def test_the_example_of_docs_learning():
    """docs/learning.md, "The before/after check", Example: the figures in its table."""
    def form(hits: int, false_alarms: int, run: str) -> list[PracticeAnswer]:
        made = [answer(item=f"s/{run}{i}", said=SCAM if i < hits else GENUINE, run=run) for i in range(6)]
        made += [answer(item=f"g/{run}{i}", truth=GENUINE, said=SCAM if i < false_alarms else GENUINE, run=run)
                 for i in range(6)]
        return made
    result = change(form(4, 3, "b"), form(5, 1, "a"))
    assert (round(result.before.d_prime, 2), round(result.before.criterion, 2)) == (0.37, -0.18)
    assert (round(result.after.d_prime, 2), round(result.after.criterion, 2)) == (1.58, 0.0)
    assert round(result.d_prime, 2) == 1.22 and result.verdicts() == ("check.better",)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "learning.md").read_text(encoding="utf-8")
    assert "= 0.37 | −0.18 |" in doc and "= 1.58 | 0.00 |" in doc and "d′ rose by 1.22" in doc


def test_a_counts_line_says_only_what_there_are_answers_for():
    from game.records.mastery import Tally
    base = dict(key="f", weighted_opportunities=1.0, weighted_hits=1.0, weighted_lookalikes=1.0,
                weighted_false_alarms=0.0, hit_rate=0.5, restraint=0.5, score=0.1, confidence=0.3, last_seen="")
    assert Tally(**base, opportunities=0, hits=0, lookalikes=4, false_alarms=1).counts() == (
        "mastery.row_only_lookalikes", {"kept": 3, "lookalikes": 4})
    assert Tally(**base, opportunities=3, hits=2, lookalikes=0, false_alarms=0).counts() == (
        "mastery.row", {"hits": 2, "shown": 3})
    assert Tally(**base, opportunities=3, hits=2, lookalikes=4, false_alarms=1).counts() == (
        "mastery.row_lookalikes", {"hits": 2, "shown": 3, "kept": 3, "lookalikes": 4})


def test_in_a_class_the_forms_are_the_ones_taken_in_it(tmp_path, scenarios, catalog):
    recorder = Recorder(tmp_path / "records.sqlite")
    recorder.use("Keen Owl")
    home = Coach(scenarios, catalog, recorder=recorder, lang="en", words=words, rng=random.Random(1))
    run = home.start(BEFORE)
    while not run.done:
        run.answer(SCAM, None, 2)
    recorder.class_code = "7B"
    klass = Coach(scenarios, catalog, recorder=recorder, lang="en", words=words, class_code="7b")
    assert home.form_taken(BEFORE) and not klass.form_taken(BEFORE)     # taken at home, not in class 7B
    for form in (BEFORE, AFTER):
        run = klass.start(form)
        while not run.done:
            run.answer(GENUINE, None, 3)
    assert klass.form_taken(BEFORE) and klass.form_taken(AFTER)
    assert {a.class_code for a in recorder.practice() if a.run != home.answers()[0].run} == {"7b"}
    assert klass.check().before.answers == 12 and klass.check().before.false_alarms == 0
    recorder.close()
