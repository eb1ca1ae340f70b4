"""Every timer that can run out says what happened, in words that do not repeat the notice's
own title ("Time's up" / "时间到了")."""

from __future__ import annotations


def test_every_timeout_has_a_note_that_does_not_repeat_the_title(scenarios):
    for scenario in scenarios.values():
        for step_id, step in scenario.steps.items():
            if step.timeout is None:
                continue
            note = step.timeout.note
            assert note is not None, (scenario.id, step_id)
            assert not note.en.lower().startswith("time's up"), (scenario.id, step_id)
            assert not note.zh.startswith("时间到"), (scenario.id, step_id)
