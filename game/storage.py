"""Writing files so that a crash never leaves a half-written one: write a temporary file
beside the target, flush it to disk, then rename it over the target (atomic on one volume).
And keeping a file that cannot be read: it is set aside under a name no earlier one has."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: Path, data: object) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def aside_name(path: Path, label: str = "corrupt") -> Path:
    """A free name beside `path`: `NAME.<label>-<UTC time>`, then `-2`, `-3`, … if taken."""
    path = Path(path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while aside.exists() or aside.is_symlink():
        number += 1
        aside = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    return aside


def set_aside(path: Path, label: str = "corrupt") -> Path:
    """Move `path` to `NAME.<label>-<UTC time>` (then `-2`, `-3`, … if that is taken), never over
    a file set aside before; returns the new path. OSError if it cannot be moved."""
    path = Path(path)
    aside = aside_name(path, label)
    path.replace(aside)
    return aside


def keep_aside(path: Path, data: object, label: str = "refused") -> Path:
    """Write `data` (JSON) beside `path` under a name no earlier file has (as `set_aside`
    names them), for a part of a file that is dropped while the rest is kept; returns the new
    path. OSError if it cannot be written."""
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=True) + "\n"
    for _ in range(100):
        aside = aside_name(path, label)
        try:
            with open(aside, "x", encoding="utf-8") as stream:      # never over a file another wrote
                stream.write(text)
            return aside
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name beside {Path(path).name}")


#: A temporary file of `write_bytes_atomic` older than this was left by a process that was killed
#: mid-write (a live writer renames its file within milliseconds).
LEFTOVER_SECONDS = 600


def clean_leftovers(folder: Path, *, now: float | None = None) -> int:
    """Delete the temporary files `write_bytes_atomic` left in `folder` when a process was killed
    while writing (`.NAME.*.tmp`, older than `LEFTOVER_SECONDS`); returns how many."""
    import time

    now = time.time() if now is None else now
    removed = 0
    try:
        candidates = list(Path(folder).glob(".*.tmp"))
    except OSError:
        return 0
    for path in candidates:
        try:
            if path.is_file() and not path.is_symlink() and now - path.stat().st_mtime > LEFTOVER_SECONDS:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
