"""`python main.py drill` and the practice entries of `play --text`, end to end through piped input."""

from __future__ import annotations

import io
import re
import sqlite3

from game.cli import main
from game.locale import Translator, words
from game.practice import build_bank, build_item, feedback
from game.records import Filter, Records

EN = Translator("en")
FIXTURE = ("--scenarios", "tests/fixtures/valid", "--region", "CN", "--lang", "en")
SAFE = "f 1\nf 1 search_ad_lure\nf 2\n1\nf 3 upfront_fee\n2\n"      # tiny_loan to its safe ending


def _main(args, text, capsys=None):
    out = io.StringIO()
    code = main(list(args), stdin=io.StringIO(text), stdout=out)
    err = capsys.readouterr().err if capsys is not None else ""
    return code, out.getvalue(), err


def _drill(tmp_path, text, *extra, capsys=None):
    return _main(("drill", "--player", "Ann", "--records", str(tmp_path / "r.sqlite"), "--region", "CN",
                  "--lang", "en", *extra), text, capsys)


def _answers(tmp_path, forms=None):
    with Records.open(tmp_path / "r.sqlite") as records:
        return records.practice(Filter(nickname="Ann"), forms=forms)


def _item(answer, catalog, scenarios):
    """The item as it was asked: its scenario played again with the seed kept with the answer."""
    scenario = scenarios[answer.scenario]
    spec = build_bank({scenario.id: scenario}, catalog).by_key[answer.item]
    return build_item(spec, scenario, catalog, lang=answer.lang, region=answer.region, seed=answer.seed, words=words)


def _flat(text: str) -> str:
    """Text with every space and line break taken out: what was printed, whatever the wrapping."""
    return re.sub(r"\s+", "", text)


def test_a_drill_answered_in_full_keeps_every_answer_with_its_flag_and_confidence(tmp_path, catalog, scenarios):
    code, out, _ = _drill(tmp_path, "s\n1\n2\n" * 6, "--items", "6", "--seed", "7")
    assert code == 0
    answers = _answers(tmp_path)
    assert len(answers) == 6 and {a.form for a in answers} == {"drill"} and len({a.run for a in answers}) == 1
    for answer in answers:
        item = _item(answer, catalog, scenarios)
        assert (answer.said, answer.confidence, answer.named) == ("scam", 2, item.options[0].id)
        assert _flat(item.message.text) in _flat(out)                    # the message was shown …
        assert _flat(f"[{EN.t('channel.' + item.thread.channel)}] {item.thread.title}") in _flat(out)
        if item.before is not None:                                      # … after the one before it
            assert _flat(out).index(_flat(item.before.text)) < _flat(out).index(_flat(item.message.text))
    assert EN.t("drill.done", right=sum(a.correct for a in answers), total=6) in out
    # why an item was picked ("a genuine message that looks like a scam") comes only after its answer
    blocks = [b for b in out.split("── ")[1:] if b.startswith(EN.t("drill.progress", n=1, total=6)[:7])]
    assert len(blocks) == 6
    for block in blocks:
        question, _, after = block.partition(EN.t("drill.how_sure"))
        reasons = [EN.t(f"drill.reason.{r}") for r in ("due", "weak", "new", "lookalike")]
        assert not any(r in question for r in reasons) and any(r in after for r in reasons)


def test_the_feedback_gives_the_first_reasons_why_and_names_its_flag(tmp_path, catalog, scenarios):
    code, out, _ = _drill(tmp_path, "s\n\n3\n" * 6, "--items", "6", "--seed", "11")
    assert code == 0
    scams = 0
    for answer in _answers(tmp_path):
        item = _item(answer, catalog, scenarios)
        fb = feedback(item, answer)
        assert _flat(EN.t(fb.key, flag=fb.flag_name)) in _flat(out)
        assert _flat(EN.t("drill.from", title=fb.title)) in _flat(out)
        if item.is_scam:
            scams += 1
            assert fb.flag_name == item.reasons[0].name and _flat(fb.flag_name) in _flat(out)
            assert _flat(EN.label("drill.why", fb.reasons[0].why)) in _flat(out)
            assert _flat(EN.label("drill.safe", fb.reasons[0].safe)) in _flat(out)
        elif fb.note:
            assert _flat(EN.label("drill.feedback.trusted_because", fb.note)) in _flat(out)
    assert scams == 3


def test_half_the_items_are_genuine_and_the_same_seed_asks_the_same_messages(tmp_path):
    asked = []
    for folder in ("a", "b"):                           # two players with no history, one seed
        (tmp_path / folder).mkdir()
        _drill(tmp_path / folder, "g\n1\n" * 10, "--seed", "3")
        answers = _answers(tmp_path / folder)
        assert len(answers) == 10 and sum(a.truth == "genuine" for a in answers) == 5
        asked.append([(a.item, a.seed) for a in answers])
    assert asked[0] == asked[1]


def test_garbage_input_asks_again_and_the_end_of_input_keeps_what_was_answered(tmp_path, capsys):
    huge = "9" * 5000
    text = f"①\n{huge}\n \nyes\ns\n①\n{huge}\n0\n-1\n1\n④\n²\n{huge}\n3\n" + "g\n"    # then the input ends
    code, out, err = _drill(tmp_path, text, "--items", "4", "--seed", "5", capsys=capsys)
    assert code == 0 and "Traceback" not in err and "internal error" not in err
    assert out.count(EN.t("text_drill.again_sg")) == 4 and out.count(EN.t("text_drill.again_number", count=3)) == 3
    (answer,) = _answers(tmp_path)                                       # the one answered in full is kept
    assert (answer.said, answer.confidence) == ("scam", 3)
    code, out, err = _drill(tmp_path, "s\nq\n", "--items", "4", "--seed", "5", capsys=capsys)
    assert code == 0 and EN.t("text_drill.stopped") in out and len(_answers(tmp_path)) == 1
    code, out, err = _main(("play", "--text", *FIXTURE), "①\n" + huge + "\n0\n", capsys)
    assert code == 0 and "Traceback" not in err and "internal error" not in err


def test_bad_items_and_forms_are_usage_errors(tmp_path, capsys):
    assert _drill(tmp_path, "", "--items", "0", capsys=capsys)[0] == 2
    assert _drill(tmp_path, "", "--form", "exam", capsys=capsys)[0] == 2


def test_the_before_and_after_forms_are_the_matched_twelve_and_the_after_summary_says_the_change(tmp_path):
    _drill(tmp_path, "s\n1\n3\n" * 12, "--form", "before")
    before = _answers(tmp_path, ("before",))
    assert len(before) == 12 and sum(a.truth == "genuine" for a in before) == 6
    # the after form asked in a run of this test's own: answer each item as it truly is
    from game.cli import _coach, _load_content

    loaded = _load_content(__import__("pathlib").Path("scenarios"))
    coach = _coach(loaded.valid, loaded.catalog, "CN", "en", None)
    truths = [p.spec.truth for p in coach.start("after").picks]
    code, out, _ = _drill(tmp_path, "".join("s\n\n3\n" if t == "scam" else "g\n3\n" for t in truths),
                          "--form", "after")
    after = _answers(tmp_path, ("after",))
    assert [a.truth for a in after] == truths and all(a.correct for a in after)
    assert EN.t("check.title") in out and EN.t("check.better") in out
    assert EN.t("check.accuracy", before="50%", after="100%") in out


# -- the menu of play --text -------------------------------------------------------------------------
def _menu(tmp_path, text="q\n", *extra):
    return _main(("play", "--text", *FIXTURE, "--player", "Ann", "--records", str(tmp_path / "r.sqlite"), *extra),
                 text)


def _entries(out: str) -> list[str]:
    """The menu's entries, in order (the last menu printed)."""
    menu = out.rsplit(EN.t("play.menu_title"), 1)[1]
    return [line.split(") ", 1)[1] for line in menu.splitlines() if re.match(r"^  \d+\) ", line)]


def _play_tiny(tmp_path, *extra):
    code, out, _ = _main(("play", "--text", "--scenario", "tiny_loan", "--seed", "5", *FIXTURE, "--player", "Ann",
                          "--records", str(tmp_path / "r.sqlite"), *extra), SAFE)
    assert code == 0 and "You stayed safe." in out


def test_a_new_player_is_offered_practice_and_no_training_to_continue(tmp_path):
    code, out, _ = _menu(tmp_path)
    assert code == 0
    assert _entries(out) == ["Tiny loan  difficulty ★☆☆", EN.t("drill.title")]


def _askable(tiny, catalog) -> int:
    return len(build_bank({tiny.id: tiny}, catalog))


def test_practice_from_the_menu_runs_a_drill_then_the_menu_comes_back(tmp_path, tiny, catalog):
    count = _askable(tiny, catalog)                          # the fixture's only scenario: a small drill
    code, out, _ = _menu(tmp_path, "2\n" + "s\n1\n3\n" * count + "q\n")
    assert code == 0
    assert len(_answers(tmp_path)) == count
    assert out.count(EN.t("play.menu_title")) == 2 and EN.t("drill.done", right=count, total=count) in out


def test_continue_training_comes_first_once_there_is_a_history_and_starts_the_recommendation(tmp_path):
    _play_tiny(tmp_path)
    code, out, _ = _menu(tmp_path, "1\nq\n")
    first, *rest = _entries(out.split("Tiny loan  (seed")[0])
    assert first == f"{EN.t('title.continue')}: Tiny loan"
    assert rest == ["Tiny loan  difficulty ★☆☆", EN.t("drill.title")]
    assert EN.t("next.reason.weak_type", type=EN.t("category.fake_loan")) in out     # its one-line reason
    assert "Tiny loan  (seed" in out                                              # 1 started the scenario


def test_due_practice_is_offered_when_due_and_welcome_back_after_a_week_away(tmp_path, tiny, catalog):
    count = _askable(tiny, catalog)
    _menu(tmp_path, "2\n" + "g\n1\n" * count + "q\n")         # scams called genuine: a card each
    code, out, _ = _menu(tmp_path)
    assert not any("practice" in entry and "due" in entry for entry in _entries(out))      # due tomorrow
    db = sqlite3.connect(tmp_path / "r.sqlite")
    with db:
        db.execute("UPDATE practice_cards SET due = '2000-01-01T00:00:00.000Z'")
    db.close()
    code, out, _ = _menu(tmp_path, "1\n" + "s\n\n3\n" * count + "q\n")
    assert _entries(out.split(EN.t("drill.form.booster"))[0])[0] == EN.t("title.due", minutes=3)
    assert out.count(EN.t("drill.reason.due")) == count
    boosted = [a for a in _answers(tmp_path) if a.form == "booster"]
    assert len(boosted) == count and all(a.correct for a in boosted)
    code, out, _ = _menu(tmp_path)
    assert EN.t("title.due", minutes=3) not in out            # answered right and sure: not due now
    db = sqlite3.connect(tmp_path / "r.sqlite")
    with db:
        db.execute("UPDATE practice_answers SET answered_at = '2000-01-01T00:00:00.000Z'")
    db.close()
    code, out, _ = _menu(tmp_path)
    assert EN.t("title.welcome_back", minutes=3) in _entries(out)


def test_a_class_with_the_skill_check_runs_the_before_form_first_and_offers_the_after_form(tmp_path):
    check = ("--class", "7B", "--before-after")
    code, out, _ = _menu(tmp_path, "s\n\n3\n" * 12 + "q\n", *check)
    assert EN.t("title.check_before") in out and EN.t("drill.form.before") in out
    assert _answers(tmp_path, ("before",)) and {a.class_code for a in _answers(tmp_path)} == {"7B"}
    assert EN.t("title.check_after") not in out                 # nothing played in the class yet
    code, out, _ = _menu(tmp_path, "q\n", *check)
    assert EN.t("title.check_before") not in out                 # taken once
    _play_tiny(tmp_path, *check)
    code, out, _ = _menu(tmp_path, "2\n" + "s\n\n3\n" * 12 + "q\n", *check)
    assert _entries(out.split(EN.t("drill.form.after"))[0])[1] == EN.t("title.check_after")
    assert _answers(tmp_path, ("after",))
    code, out, _ = _menu(tmp_path, "q\n", *check)
    assert EN.t("title.check_after") not in out                  # until taken
    code, out, _ = _menu(tmp_path, "q\n")
    assert EN.t("title.check_after") not in out and EN.t("title.check_before") not in out      # no --before-after
