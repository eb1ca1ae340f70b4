"""The cache of validated scenarios (game/cache.py, game/scenario/cached.py): what comes out of it
equals a fresh validation, any changed byte misses it, a corrupt or tampered entry is ignored and
rewritten, an invalid file is never kept, and writes are atomic."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import game.scenario.cached as cached
from game.cache import ScenarioCache, cache_home
from game.scenario import check_scenario_file, load_folder
from tests.conftest import FIXTURES, SCENARIOS


class CountingCache(ScenarioCache):
    """The real cache, counting what it found and what it kept."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.hits: list[str] = []
        self.puts: list[str] = []

    def get(self, key: str, name: str) -> object | None:
        data = super().get(key, name)
        if data is not None:
            self.hits.append(name)
        return data

    def put(self, key: str, name: str, data: object) -> None:
        self.puts.append(name)
        super().put(key, name, data)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A folder with two small valid scenarios (the catalogue is the shipped one)."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name in ("valid/tiny_loan.yaml", "format2/rebate_wallet.yaml"):
        shutil.copy(FIXTURES / name, folder / Path(name).name)
    return folder


def _entries(cache: ScenarioCache, name: str) -> list[Path]:
    return sorted(cache.folder.glob(f"{name}.*.json"))


def _key(entry: Path) -> str:
    return json.loads(entry.read_text(encoding="utf-8").partition("\n")[0])["key"]


def test_the_cache_gives_models_equal_to_fresh_validation_for_every_shipped_scenario(tmp_path, catalog, scenarios):
    cache = CountingCache(tmp_path / "cache")
    cold, invalid = load_folder(SCENARIOS, catalog, cache=cache)
    assert not invalid
    assert sorted(cache.puts) == sorted(p.stem for p in SCENARIOS.glob("*.yaml")
                                        if p.name not in ("red_flags.yaml", "facts.yaml"))
    assert cache.hits == []
    warm, invalid = load_folder(SCENARIOS, catalog, cache=CountingCache(cache.folder))
    assert not invalid
    assert cold == scenarios and warm == scenarios
    for scenario_id, scenario in warm.items():
        assert scenario == scenarios[scenario_id] and scenario.money_vars == scenarios[scenario_id].money_vars


def test_a_warm_load_reads_every_file_from_the_cache(tmp_path, catalog, library):
    load_folder(library, catalog, cache=ScenarioCache(tmp_path / "cache"))
    cache = CountingCache(tmp_path / "cache")
    load_folder(library, catalog, cache=cache)
    assert sorted(cache.hits) == ["rebate_wallet", "tiny_loan"] and cache.puts == []


def test_one_changed_byte_misses_the_cache(tmp_path, catalog, library):
    load_folder(library, catalog, cache=ScenarioCache(tmp_path / "cache"))
    path = library / "tiny_loan.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("Tiny loan") == 1
    path.write_text(text.replace("Tiny loan", "Tiny loaN"), encoding="utf-8")      # one byte
    cache = CountingCache(tmp_path / "cache")
    valid, _ = load_folder(library, catalog, cache=cache)
    assert valid["tiny_loan"].title.en == "Tiny loaN"
    assert cache.hits == ["rebate_wallet"] and cache.puts == ["tiny_loan"]
    assert len(_entries(cache, "tiny_loan")) == 1          # the older entry for that file is gone


def test_the_catalogue_is_part_of_the_key(tmp_path, catalog, library):
    load_folder(library, catalog, cache=ScenarioCache(tmp_path / "cache"))
    other = catalog.model_copy(update={"facts": {}})
    cache = CountingCache(tmp_path / "cache")
    load_folder(library, other, cache=cache)
    assert cache.hits == []


def test_the_validating_code_is_part_of_the_key(tmp_path, catalog, library, monkeypatch):
    load_folder(library, catalog, cache=ScenarioCache(tmp_path / "cache"))
    monkeypatch.setattr(cached, "validator_version", lambda: "the checks changed")
    cache = CountingCache(tmp_path / "cache")
    load_folder(library, catalog, cache=cache)
    assert cache.hits == [] and sorted(cache.puts) == ["rebate_wallet", "tiny_loan"]
    monkeypatch.setattr(cached, "validator_version", lambda: None)      # source unreadable: no cache at all
    cache = CountingCache(tmp_path / "cache")
    valid, _ = load_folder(library, catalog, cache=cache)
    assert sorted(valid) == ["rebate_wallet", "tiny_loan"] and cache.hits == cache.puts == []


@pytest.mark.parametrize("damage", ["truncated", "garbage", "data_changed", "checksum_kept_but_invalid"])
def test_a_corrupt_or_tampered_entry_is_ignored_and_rewritten(tmp_path, catalog, library, damage):
    fresh, _ = load_folder(library, catalog)
    load_folder(library, catalog, cache=ScenarioCache(tmp_path / "cache"))
    cache = CountingCache(tmp_path / "cache")
    [entry] = _entries(cache, "tiny_loan")
    good = entry.read_text(encoding="utf-8")
    header, _, data = good.partition("\n")
    assert '"Tiny loan"' in data
    if damage == "truncated":
        entry.write_text(good[: len(good) // 2], encoding="utf-8")
    elif damage == "garbage":
        entry.write_bytes(b"\xff\xfe not json at all")
    elif damage == "data_changed":          # the checksum no longer matches
        entry.write_text(header + "\n" + data.replace('"Tiny loan"', '"Tiny loaX"'), encoding="utf-8")
    else:                                   # a consistent entry whose data is not a scenario
        cache.put(_key(entry), "tiny_loan", {"id": "tiny_loan"})
        assert entry.read_text(encoding="utf-8") != good
    cache.hits.clear()
    cache.puts.clear()
    valid, invalid = load_folder(library, catalog, cache=cache)
    assert not invalid and valid["tiny_loan"] == fresh["tiny_loan"]
    assert cache.puts == ["tiny_loan"]                           # checked in full, then kept again
    assert entry.read_text(encoding="utf-8") == good             # rewritten as it should be


def test_an_invalid_file_is_never_cached(tmp_path, catalog, library):
    bad = library / "tiny_loan.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("start: ad", "start: nowhere", 1), encoding="utf-8")
    cache = CountingCache(tmp_path / "cache")
    valid, invalid = load_folder(library, catalog, cache=cache)
    assert "tiny_loan" not in valid and list(invalid) == [str(bad)]
    assert cache.puts == ["rebate_wallet"] and _entries(cache, "tiny_loan") == []
    scenario, problems = check_scenario_file(bad, catalog, cache)     # and it is still reported in full
    assert scenario is None and problems


def test_a_failed_write_leaves_the_old_entry_whole(tmp_path, catalog, library, monkeypatch):
    cache = ScenarioCache(tmp_path / "cache")
    load_folder(library, catalog, cache=cache)
    [entry] = _entries(cache, "tiny_loan")
    before = entry.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)          # dies after writing the temporary file
    cache.put(_key(entry), "tiny_loan", {"anything": "else"})    # never raises: a cache only costs speed
    assert entry.read_bytes() == before
    assert sorted(p.name for p in cache.folder.iterdir()) == sorted(p.name for p in _entries(cache, "*"))


def test_the_cache_lives_in_redflag_home_and_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.delenv("REDFLAG_CACHE", raising=False)
    monkeypatch.setenv("REDFLAG_HOME", str(tmp_path))
    assert cache_home() == tmp_path / "cache"
    assert ScenarioCache.default().folder == tmp_path / "cache" / "scenarios"
    monkeypatch.setenv("REDFLAG_CACHE", "off")
    assert cache_home() is None and ScenarioCache.default() is None
