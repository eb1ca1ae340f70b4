"""Scenario packs: a folder or a .zip of scenarios (and new red flags) offered beside the built-in
ones by every command, with one catalogue; installed for the window; untrusted archives refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from game.cli import build_parser, main
from tests.conftest import FIXTURES

NEW_FLAG = """\
red_flags:
  parcel_fee_local:
    group: money
    name: {en: "A courier fee by chat", zh: "聊天里收快递费"}
    why: {en: "Couriers do not ask for fees in a chat.", zh: "快递公司不会在聊天里收费。"}
    safe: {en: "Check in the courier's own app.", zh: "在快递公司官方App里核实。"}
    sources: ["Town police notice, 2026"]
"""
REDEFINED = """\
red_flags:
  upfront_fee:
    group: money
    name: {en: "Changed", zh: "改了"}
    why: {en: "x", zh: "x"}
    safe: {en: "x", zh: "x"}
    sources: ["x"]
"""


def _cli(*args: str, text: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), stdin=io.StringIO(text), stdout=out)
    return code, out.getvalue()


def _scenario(scenario_id: str = "town_loan", flag: str = "parcel_fee_local") -> str:
    """tiny_loan as a pack scenario of its own, whose first message carries `flag`."""
    text = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    return (text.replace("id: tiny_loan", f"id: {scenario_id}")
            .replace('title: {en: "Tiny loan", zh: "小额贷款"}', 'title: {en: "Town loan", zh: "本地贷款"}')
            .replace("flags: [too_easy_credit, search_ad_lure]", f"flags: [too_easy_credit, {flag}]"))


@pytest.fixture
def pack(tmp_path) -> Path:
    folder = tmp_path / "town"
    folder.mkdir()
    (folder / "town_loan.yaml").write_text(_scenario(), encoding="utf-8")
    (folder / "red_flags.yaml").write_text(NEW_FLAG, encoding="utf-8")
    (folder / "pack.yaml").write_text('name: town_frauds\ntitle: {en: "Town frauds", zh: "本地骗局"}\n'
                                      'author: "A teacher"\nversion: "1"\n', encoding="utf-8")
    (folder / "README.md").write_text("For the class of May.\n", encoding="utf-8")
    return folder


@pytest.fixture
def built(pack, tmp_path) -> Path:
    code, out = _cli("pack", "build", str(pack), "-o", str(tmp_path / "town.zip"))
    assert code == 0, out
    return tmp_path / "town.zip"


def _list_ids(*args: str) -> dict[str, dict]:
    code, out = _cli("list", "--json", *args)
    assert code == 0
    return {row["id"]: row for row in json.loads(out)}


def test_a_pack_folder_and_its_zip_are_listed_beside_the_built_in_scenarios(pack, built):
    for given in (pack, built):
        rows = _list_ids("--pack", str(given))
        assert "loan_fee_trap" in rows and rows["town_loan"]["pack"] == "town_frauds"
        assert "pack" not in rows["loan_fee_trap"]
    assert "town_loan" not in _list_ids()           # not installed: offered only with --pack
    assert sorted(zipfile.ZipFile(built).namelist()) == ["README.md", "pack.yaml", "red_flags.yaml", "town_loan.yaml"]


def test_validate_checks_a_pack_with_its_own_red_flags(pack, built, capsys):
    assert _cli("validate", str(pack))[0] == 0                     # the folder's red_flags.yaml applies
    code, out = _cli("validate", str(FIXTURES / "valid"), "--pack", str(built))
    assert code == 0 and "✓ 4 files checked" in out     # tiny_loan, the pack's scenario, red_flags and pack.yaml
    (pack / "red_flags.yaml").unlink()
    code, out = _cli("validate", str(pack))
    assert code == 1 and "parcel_fee_local" in out


def test_a_built_in_red_flag_redefined_by_a_pack_is_a_located_error(pack, tmp_path):
    (pack / "red_flags.yaml").write_text(NEW_FLAG + REDEFINED.removeprefix("red_flags:\n"), encoding="utf-8")
    code, out = _cli("validate", str(pack))
    assert code == 1
    assert f"{pack / 'red_flags.yaml'}:8:3: the red flag 'upfront_fee' is built in" in out and "[RF060]" in out
    code, out = _cli("pack", "build", str(pack), "-o", str(tmp_path / "bad.zip"))
    assert code == 1 and "RF060" in out and not (tmp_path / "bad.zip").exists()
    from game.cli import command_catalog

    catalog = command_catalog(build_parser().parse_args(["list", "--pack", str(pack)]), Path("scenarios"))
    assert catalog.red_flags["upfront_fee"].name.en != "Changed"             # the built-in one wins
    assert "parcel_fee_local" in catalog.red_flags                          # the pack's new flag still counts


def test_a_pack_flag_is_named_in_the_terminal_debrief(pack):
    code, out = _cli("play", "--text", "--pack", str(pack), "--scenario", "town_loan", "--lang", "en",
                     "--seed", "3", text="1\n1\n")
    assert code == 0, out
    assert "A courier fee by chat" in out.split("Debrief")[-1]


def test_play_takes_a_scenario_file_and_its_folders_red_flags(pack):
    code, out = _cli("play", "--text", str(pack / "town_loan.yaml"), "--lang", "zh", "--seed", "3", text="1\n1\n")
    assert code == 0, out
    assert "本地贷款（种子 3）" in out and "聊天里收快递费" in out.split("复盘")[-1]
    args = build_parser().parse_args(["--autoplay", str(pack / "town_loan.yaml")])
    assert args.autoplay == str(pack / "town_loan.yaml")


def test_a_broken_pack_file_is_listed_with_its_first_error_in_the_terminal_menu(pack, capsys):
    (pack / "broken.yaml").write_text("id: broken\nkind: scam\n", encoding="utf-8")
    (pack / "loan_fee_trap.yaml").write_text(_scenario("loan_fee_trap"), encoding="utf-8")
    code, out = _cli("play", "--text", "--pack", str(pack), "--lang", "en", "--region", "CN", text="q\n")
    assert code == 0
    menu = out.split("Files that cannot be played")[1]
    assert f"✗ {pack / 'broken.yaml'}: 1:1" in menu and "[RF011]" in menu
    assert f"✗ {pack / 'loan_fee_trap.yaml'}: the scenario id 'loan_fee_trap' is already used by a built-in" in menu
    assert "Town loan" in out and "[pack: Town frauds]" in out
    _cli("list", "--pack", str(pack))
    assert "broken.yaml cannot be played: 1:1" in capsys.readouterr().err


@pytest.mark.parametrize("name, data, expect", [
    ("../evil.yaml", b"id: x\n", "points outside the pack"),
    ("/etc/evil.yaml", b"id: x\n", "points outside the pack"),
    ("big.yaml", b" " * 1_000_001, "is too large"),
    ("run.sh", b"echo hi\n", "is not a .yaml, .md or .txt file"),
])
def test_an_unsafe_archive_is_refused_and_nothing_is_written(tmp_path, name, data, expect):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("ok.yaml", _scenario("ok"))
        handle.writestr(zipfile.ZipInfo(name), data)
    code, out = _cli("pack", "install", str(archive))
    assert code == 1 and expect in out and "[RF064]" in out
    from game.packs import packs_home

    assert not packs_home().exists() or not any(packs_home().iterdir())
    assert not (tmp_path.parent / "evil.yaml").exists()
    code, out = _cli("list", "--pack", str(archive))        # given with --pack: reported, the game still lists
    assert code == 0 and "loan_fee_trap" in out


def test_an_installed_pack_is_in_the_windows_library(built, capsys):
    code, out = _cli("pack", "install", str(built))
    assert code == 0 and "town_frauds" in out
    assert "town_frauds 1  Town frauds · A teacher" in _cli("pack", "list")[1]
    (built.parent / "town" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    (built.parent / "town" / "loan_fee_trap.yaml").write_text(_scenario("loan_fee_trap"), encoding="utf-8")
    code, _ = _cli("pack", "install", str(built.parent / "town"))
    assert code == 1                                         # installed already: --force replaces it
    assert _cli("pack", "install", str(built.parent / "town"), "--force")[0] == 0
    from game.cli import window_parts

    catalog, library, _ = window_parts(build_parser().parse_args(["play"]), Path("scenarios"))
    assert "town_loan" in library.scenarios and "loan_fee_trap" in library.scenarios
    assert library.packs["town_loan"].title_in("zh") == "本地骗局"
    broken = [path for path in library.invalid if path.endswith("broken.yaml")]
    assert broken and library.invalid[broken[0]][0].code == "RF011"
    clash = [path for path in library.invalid if path.endswith("loan_fee_trap.yaml")]
    assert clash and library.invalid[clash[0]][0].code == "RF062"             # the built-in one wins
    assert library.scenarios["loan_fee_trap"].title.en != "Town loan"
    assert "parcel_fee_local" in catalog.red_flags
    assert _cli("pack", "remove", "town_frauds")[0] == 0
    assert "town_loan" not in _list_ids()


def test_the_window_picker_marks_a_pack_scenario(pack):
    from game.cli import window_parts
    from game.progress import Progress
    from game.ui.run import WindowOptions, build_app
    from game.ui.scenes.picker import PickerScene

    catalog, library, size = window_parts(build_parser().parse_args(["play", "--pack", str(pack)]), Path("scenarios"))
    app = build_app(catalog, library.scenarios, library.invalid, Progress.load(), WindowOptions(region="CN"))
    app.ctx.packs = library.packs
    picker = PickerScene(app)
    app.push(picker)
    app.step(0.0)
    card = next(w for w in picker.widgets() if w.id == "card:town_loan")
    assert card.data["pack"] == "Town frauds"
    assert "pack" not in {k for k, v in next(w for w in picker.widgets() if w.id == "card:first_steps").data.items()
                          if v}


def test_a_classroom_with_a_pack_offers_its_scenario_and_names_its_flags(pack, built, tmp_path):
    from game.web.server import load_content
    from tests.web.helpers import make_room, open_class, send

    catalog, scenarios, invalid = load_content(Path("scenarios"), (str(built),))
    assert "town_loan" in scenarios and not invalid
    room = make_room(tmp_path, catalog, scenarios)
    klass = open_class(room, ("town_loan",), region="CN")
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    while "ad_text" not in {m["id"] for m in state["view"]["messages"] if m["flaggable"]}:
        state = send(room, trainee.id, state, op="skip")
    names = {option["name"] for option in room.options(trainee.id, "ad_text")}
    assert "A courier fee by chat" in names
