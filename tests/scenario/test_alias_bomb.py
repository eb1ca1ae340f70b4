"""An alias bomb is refused at the alias that would pass the cap, before any of it is built."""

from __future__ import annotations

from game.scenario import yamlread
from game.scenario.yamlread import MAX_ALIAS_VALUES, read_yaml


def _bomb(depth: int, width: int = 9) -> bytes:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, depth + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return ("\n".join(lines) + "\nlast: *a%d\n" % depth).encode()


def test_a_bomb_is_refused_at_its_first_alias_too_big(monkeypatch):
    built = []
    node = yamlread._Builder._node

    def counting(self, *args, **kwargs):
        built.append(1)
        return node(self, *args, **kwargs)

    monkeypatch.setattr(yamlread._Builder, "_node", counting)
    raw = _bomb(7)      # a1 … a4 add 66,420 values by aliases; a5's first *a4 (59,049) would pass 100,000
    document, problems = read_yaml("bomb.yaml", raw)
    assert document is None and [p.key for p in problems] == ["too_many_values"]
    assert (problems[0].line, problems[0].column) == (6, 10)    # `a5: &a5 [*a4, …]`: its first *a4
    assert len(built) < 90_000      # 74,735: refused before that alias is built, not part-way (~108,000)


def test_aliases_within_the_cap_still_expand():
    document, problems = read_yaml("fine.yaml", _bomb(2))
    assert not problems and len(document.data["last"]) == 9 and len(document.data["last"][0][0]) == 9
