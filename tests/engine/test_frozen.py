"""`@frozen` records behave exactly as `dataclass(frozen=True, slots=True)` ones, only faster to build."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from game.engine import bot, index, scoring, views
from game.engine.frozen import frozen

RECORDS = [obj for module in (views, scoring, bot, index) for obj in vars(module).values()
           if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__
           and obj.__dataclass_params__.frozen]


def test_every_engine_record_is_a_frozen_one():
    assert len(RECORDS) >= 30
    assert all(record.__init__.__module__ == record.__module__ and "_set0" in record.__init__.__code__.co_names
               for record in RECORDS), [r.__name__ for r in RECORDS if "_set0" not in r.__init__.__code__.co_names]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_a_record_keeps_what_a_frozen_dataclass_gives(record):
    fields = dataclasses.fields(record)
    required = [f for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    values = {f.name: object() for f in required}
    made = record(**values)
    for spec in fields:             # what was passed is kept; the rest takes its default
        expected = values[spec.name] if spec in required else (
            spec.default if spec.default is not dataclasses.MISSING else spec.default_factory())
        assert getattr(made, spec.name) == expected, spec.name
    assert made == record(*(values[f.name] for f in required)) == dataclasses.replace(made)
    if fields:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, fields[0].name, 1)
    if required:
        with pytest.raises(TypeError):
            record(**dict(list(values.items())[1:]))
    assert list(inspect.signature(record).parameters) == [f.name for f in fields]


def test_defaults_made_by_a_factory_are_fresh_and_post_init_runs():
    seen = []

    @frozen
    class Sample:
        a: int
        b: list = dataclasses.field(default_factory=list)

        def __post_init__(self):
            seen.append(self.a)

    one, two = Sample(1), Sample(2, [3])
    assert one.b == [] and one.b is not Sample(1).b and two.b == [3] and seen == [1, 2, 1]
    with pytest.raises(TypeError):
        @frozen
        class Bad:
            a: int = dataclasses.field(default=1, init=False)
