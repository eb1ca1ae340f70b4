"""The strict shape of the player's progress files: `settings.json`, `autosave.json` and the old
`progress.json`. They are untrusted (anyone can edit them), so they are read through these
models (pydantic, strict types, no NaN or infinities, bounded numbers and lengths) and nothing
else reaches the game.

What is checked where:
- settings: every key against its type and range (a text size one of `TEXT_SIZES`, a retention
  of 1 to 36,500 days, …); a bad or unknown key falls back to its default, the others are kept;
- autosaves: per player, the entry's shape (a scenario id, a session object, when it started);
  one bad entry is dropped and the other players' entries are kept. The session inside is
  checked in full only on Resume, against its scenario (`game.engine.saves`);
- old progress.json: its settings as above, its autosave as an entry, its played/best counts per
  scenario (a bad count drops that scenario's line only).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

TEXT_SIZES = (1.0, 1.2, 1.4)    # the text size setting's values, smallest first
MAX_ENTRIES = 10_000            # players in one autosave file, scenarios in an old score table
MAX_COUNT = 10 ** 9             # an old file's play count
MAX_SCORE = 1_000               # an old file's best score (scores are 0 to 100)

ScenarioId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})?$")]
RegionCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
PlayerKey = Annotated[str, Field(max_length=200)]


def _text_size(value: float) -> float:
    if value not in TEXT_SIZES:
        raise ValueError(f"the text size must be one of {TEXT_SIZES}")
    return float(value)


def _nickname(value: str) -> str:
    if not value.strip() or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("a nickname needs a visible character and no control characters")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True)


class SettingsModel(_Strict):
    """settings.json (and the `settings` of an old progress.json). Defaults are the game's."""

    version: int | None = Field(default=None, ge=1, le=2)
    lang: LangCode | None = None                # None: from the system
    region: RegionCode | None = None            # None: from the system or the language
    text_size: Annotated[float, AfterValidator(_text_size)] = 1.0
    sound: bool = True
    high_contrast: bool = False
    reduced_motion: bool = False
    feedback: Literal["immediate", "delayed"] = "delayed"
    player: Annotated[str, Field(max_length=64), AfterValidator(_nickname)] | None = None
    retention_days: int | None = Field(default=None, ge=1, le=36_500)   # None: keep results for ever


class AutosaveModel(_Strict):
    """One player's unfinished session: its `session` is checked against the scenario on Resume."""

    scenario_id: ScenarioId
    session: dict[str, Any]
    started_at: Annotated[str, Field(max_length=64)] | None = None


class ScoreModel(_Strict):
    """An old progress.json's played/best for one scenario."""

    model_config = ConfigDict(extra="ignore")

    played: int = Field(ge=0, le=MAX_COUNT)
    best: int = Field(ge=0, le=MAX_SCORE)


def default_settings() -> dict[str, Any]:
    return SettingsModel().model_dump(exclude={"version"})


def check_settings(raw: object) -> tuple[dict[str, Any], bool]:
    """The settings `raw` holds, and whether all of it was fine. A key that is wrong or unknown
    falls back to its default; the others are kept."""
    if not isinstance(raw, dict):
        return default_settings(), False
    try:
        return SettingsModel.model_validate(raw).model_dump(exclude={"version"}), True
    except ValidationError as error:
        bad = {problem["loc"][0] for problem in error.errors() if problem["loc"]}
    kept = {key: value for key, value in raw.items() if key not in bad}
    try:
        return SettingsModel.model_validate(kept).model_dump(exclude={"version"}), False
    except ValidationError:
        return default_settings(), False


def check_autosave(raw: object) -> dict[str, Any] | None:
    """`raw` as an autosave entry (plain data), or None if it is not one."""
    try:
        return AutosaveModel.model_validate(raw).model_dump()
    except ValidationError:
        return None


def check_autosaves(raw: object) -> tuple[dict[str, dict[str, Any]], bool]:
    """The entries of autosave.json that are fine, per player, and whether all of it was fine."""
    if not isinstance(raw, dict) or len(raw) > MAX_ENTRIES:
        return {}, False
    good: dict[str, dict[str, Any]] = {}
    for player, entry in raw.items():
        checked = check_autosave(entry) if isinstance(player, str) and len(player) <= 200 else None
        if checked is not None:
            good[player] = checked
    return good, len(good) == len(raw)


def check_scores(raw: object) -> dict[str, tuple[int, int]]:
    """An old progress.json's played/best per scenario; lines that are not fine are left out."""
    found: dict[str, tuple[int, int]] = {}
    if not isinstance(raw, dict):
        return found
    for scenario, entry in list(raw.items())[:MAX_ENTRIES]:
        try:
            ScenarioModel.model_validate({"id": scenario})
            score = ScoreModel.model_validate(entry)
        except ValidationError:
            continue
        found[scenario] = (score.played, score.best)
    return found


class ScenarioModel(_Strict):
    id: ScenarioId
