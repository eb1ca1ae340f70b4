"""Scenario packs: an educator's folder of scenario files, or the same folder as one `.zip`.

A pack holds scenario `.yaml` files and, optionally, a `red_flags.yaml` that adds NEW red flags
(a catalogue extension: changing a built-in flag is an error, never silent) and a small
`pack.yaml` (name, title, author, version, description); `.md` and `.txt` files may ride along.
`python main.py pack build DIR -o FILE` checks a folder and writes it as one `.zip`; `pack install`
copies a `.zip` or a folder into the user's data folder, where every command finds it (see
docs/packs.md). A `.zip` is untrusted: its names, sizes, count and file types are checked before
anything is written, and it is unpacked only into a folder of ours.

Everything here imports `game.scenario` (and the data and cache folders) only, so every front
end may use it; the `pack` command itself is `game.pack_command`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from game.scenario import CATALOG_NAME, Catalog, Problem, RedFlag, RedFlagError, Text, read_bytes
from game.scenario.yamlread import read_yaml

META_NAME = "pack.yaml"
ALLOWED_SUFFIXES = (".yaml", ".md", ".txt")
MAX_FILES = 200                     # files in one pack
MAX_FILE_BYTES = 1_000_000          # one file (a scenario file's own limit)
MAX_TOTAL_BYTES = 20_000_000        # the whole pack, unpacked
EXTENSION_KEYS = ("format", "red_flags", "data_items", "secrets")
META_KEYS = ("name", "title", "author", "version", "description")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class PackError(RedFlagError):
    """A pack that cannot be opened, built or installed. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in problems[:3]) or "invalid pack")


@dataclass(frozen=True)
class Pack:
    """A pack as found on disk. `folder` holds its files (a `.zip` is unpacked into a folder of
    ours first); `label` is how its files are named in messages (the folder, or the zip's name)."""

    name: str
    folder: Path
    label: str
    title: dict[str, str] = field(default_factory=dict)
    author: str = ""
    version: str = ""
    description: str = ""
    installed: bool = False
    problems: tuple[Problem, ...] = ()      # in pack.yaml

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en") or self.name

    def display(self, path: Path) -> str:
        """How a file of this pack is named in a message."""
        return f"{self.label}/{path.name}" if self.label.endswith(".zip") else str(path)


# ---- where installed packs live ----------------------------------------------------------------

def packs_home() -> Path:
    """The user's packs: `packs/` in the data folder ($REDFLAG_HOME, else the platform's)."""
    from game.progress import data_home

    return data_home() / "packs"


def installed_packs() -> list[Pack]:
    """Every installed pack, by name."""
    home = packs_home()
    if not home.is_dir():
        return []
    return [read_pack_folder(folder, installed=True) for folder in sorted(home.iterdir())
            if folder.is_dir() and not folder.name.startswith(".")]


def open_pack(path: Path) -> Pack:
    """A pack given on the command line: a folder as it is, a `.zip` checked and unpacked into the
    cache folder (the same archive is unpacked once). Raises PackError saying what is wrong."""
    path = Path(path)
    if path.is_dir():
        return read_pack_folder(path)
    if not path.exists():
        raise PackError([Problem(str(path), 0, 0, "RF001", "no such pack (a folder or a .zip)", "check the path")])
    files = read_zip(path)
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + data + b"\0")
    target = _unpack_home() / digest.hexdigest()[:24]
    if not target.is_dir():
        write_folder(files, target)
    pack = read_pack_folder(target)
    name = pack.name if (target / META_NAME).is_file() else pack_name_from(path.stem)
    return Pack(name, target, path.name, pack.title, pack.author, pack.version, pack.description, False,
                tuple(_relabel(p, path.name) for p in pack.problems))


def _unpack_home() -> Path:
    from game.cache import cache_home

    home = cache_home()
    return home / "packs" if home is not None else Path(tempfile.mkdtemp(prefix="redflag-pack-"))


def _relabel(problem: Problem, label: str) -> Problem:
    from dataclasses import replace

    return replace(problem, path=f"{label}/{Path(problem.path).name}")


def pack_name_from(text: str) -> str:
    """A pack name made from a folder or file name: "Town Pack-2" → "town_pack_2"."""
    name = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")[:64] or "pack"
    return name if name[0].isalpha() else f"pack_{name}"[:64]


def read_pack_folder(folder: Path, *, installed: bool = False) -> Pack:
    """The pack in `folder`, with its pack.yaml read (its problems kept, never raised)."""
    meta, problems = read_meta(folder / META_NAME) if (folder / META_NAME).is_file() else ({}, [])
    title = meta.get("title")
    titles = dict(title) if isinstance(title, dict) else {"en": title} if isinstance(title, str) else {}
    name = meta.get("name") if isinstance(meta.get("name"), str) else pack_name_from(folder.name)
    return Pack(name, folder, str(folder), titles, str(meta.get("author") or ""), str(meta.get("version") or ""),
                str(meta.get("description") or ""), installed, tuple(problems))


def read_meta(path: Path) -> tuple[dict, list[Problem]]:
    """`pack.yaml`: the values that are right, and a problem for each one that is not."""
    label = str(path)
    raw, problem = read_bytes(path)
    if problem:
        return {}, [problem]
    doc, problems = read_yaml(label, raw or b"")
    if doc is None:
        return {}, problems
    if not isinstance(doc.data, dict):
        return {}, problems + [Problem(label, 1, 1, "RF063", "pack.yaml must be a mapping (name:, title:, …)",
                                       "see docs/packs.md", key="pack_meta_shape")]
    meta: dict = {}
    for key, value in doc.data.items():
        line, column = doc.where((key,))
        if key not in META_KEYS:
            problems.append(Problem(label, line, column, "RF063", f"pack.yaml has an unknown key '{key}'",
                                    f"pack.yaml may have {', '.join(META_KEYS)}", key="pack_meta_key",
                                    params=(("key", key), ("keys", ", ".join(META_KEYS)))))
        elif key == "name" and not (isinstance(value, str) and NAME_PATTERN.match(value)):
            problems.append(Problem(label, line, column, "RF063", f"the pack name '{value}' is not a valid name",
                                    "use lower-case letters, digits and _, starting with a letter (town_frauds)",
                                    key="pack_meta_name", params=(("name", value),)))
        elif key == "title" and not (isinstance(value, str) or (isinstance(value, dict) and value and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()))):
            problems.append(Problem(label, line, column, "RF063", "the pack title should be text, or one text per "
                                    "language (en: …, zh: …)", "", key="pack_meta_title"))
        else:
            meta[key] = value
    return meta, problems


# ---- the catalogue extension -------------------------------------------------------------------

@dataclass
class Extension:
    """The new red flags (and data items) one `red_flags.yaml` adds, and its problems."""

    red_flags: dict[str, RedFlag] = field(default_factory=dict)
    data_items: dict[str, Text] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)


def check_extension(path: Path, catalog: Catalog, owners: dict[str, str] | None = None,
                    label: str | None = None) -> Extension:
    """The `red_flags.yaml` at `path` as an extension of `catalog`. A flag or data item that is
    already there with the same definition is fine (a copy); a different definition is an error
    (RF060 when the catalogue had it, RF061 when `owners` says which pack added it)."""
    label = label or str(path)
    raw, problem = read_bytes(path)
    if problem:
        return Extension(problems=[problem])
    doc, problems = read_yaml(label, raw or b"")
    found = Extension(problems=problems)
    if doc is None:
        return found
    if not isinstance(doc.data, dict):
        found.problems.append(Problem(label, 1, 1, "RF012", "red_flags.yaml must be a mapping with red_flags:",
                                      "see docs/packs.md", key="pack_extension_shape"))
        return found
    owners = owners or {}
    for key, value in doc.data.items():
        line, column = doc.where((key,))
        if key not in EXTENSION_KEYS:
            found.problems.append(Problem(label, line, column, "RF010", f"unknown key '{key}'",
                                          f"a pack's red_flags.yaml may have {', '.join(EXTENSION_KEYS)}"))
        elif key == "format" and value != 1:
            found.problems.append(Problem(label, line, column, "RF013", f"format is '{value}', but must be 1", ""))
        elif key in ("red_flags", "data_items"):
            if not isinstance(value, dict):
                found.problems.append(Problem(label, line, column, "RF012", f"{key} should be a mapping (id: …)", ""))
                continue
            model = RedFlag if key == "red_flags" else Text
            have = catalog.red_flags if key == "red_flags" else catalog.data_items
            for item_id, item in value.items():
                _extension_item(found, doc, label, key, item_id, item, model, have, owners)
        elif key == "secrets":
            items = value if isinstance(value, list) else []
            known = set(catalog.data_items) | set(found.data_items)
            for index, item in enumerate(items):
                if item not in known:
                    line, column = doc.where((key, index))
                    found.problems.append(Problem(label, line, column, "RF030",
                                                  f"'{item}' is not a data item", "add it under data_items"))
            found.secrets = tuple(i for i in items if isinstance(i, str))
    return found


def _extension_item(found: Extension, doc, label: str, key: str, item_id, item, model, have, owners) -> None:
    line, column = doc.where((key, item_id))
    kind = "red flag" if key == "red_flags" else "data item"
    if not (isinstance(item_id, str) and NAME_PATTERN.match(item_id)):
        found.problems.append(Problem(label, line, column, "RF013", f"'{item_id}' is not a valid ID",
                                      "IDs use lower-case letters, digits and _, and start with a letter"))
        return
    try:
        checked = model.model_validate(item)
    except ValidationError as exc:
        for error in exc.errors(include_url=False)[:3]:
            where = ".".join(str(part) for part in (key, item_id, *error["loc"]))
            line, column = doc.where((key, item_id, *error["loc"]))
            if error["type"] == "missing":
                found.problems.append(Problem(label, line, column, "RF011", f"'{error['loc'][-1]}' is missing in "
                                              f"{key}.{item_id}", "see the built-in flags in scenarios/red_flags.yaml"))
            else:
                found.problems.append(Problem(label, line, column, "RF012", f"{where}: "
                                              f"{error['msg'].removeprefix('Value error, ')}",
                                              "see docs/scenario-format.md, 'The red-flag catalogue'"))
        return
    if item_id in have and have[item_id] != checked:
        owner = owners.get(item_id)
        if owner is None:
            found.problems.append(Problem(
                label, line, column, "RF060", f"the {kind} '{item_id}' is built in; a pack may add {kind}s but not "
                "change one", f"give yours a new id (e.g. '{item_id}_local') and use that id in your scenarios",
                key=f"pack_{'flag' if key == 'red_flags' else 'item'}_redefined", params=(("id", item_id),)))
        else:
            found.problems.append(Problem(
                label, line, column, "RF061", f"the {kind} '{item_id}' is also added by '{owner}', differently; "
                f"the one from '{owner}' is used", "rename it in one of the two packs",
                key=f"pack_{'flag' if key == 'red_flags' else 'item'}_conflict", params=(("id", item_id), ("owner", owner))))
        return
    (found.red_flags if key == "red_flags" else found.data_items)[item_id] = checked


def extend(catalog: Catalog, extension: Extension) -> Catalog:
    """`catalog` with the extension's new red flags and data items: those that passed every check
    (a flag with a problem, or one that would change a built-in flag, is left out: the built-in one
    wins, and the extension's problems say why)."""
    return catalog.model_copy(update={
        "red_flags": {**catalog.red_flags, **extension.red_flags},
        "data_items": {**catalog.data_items, **extension.data_items},
        "secrets": tuple(dict.fromkeys((*catalog.secrets, *extension.secrets)))})


# ---- zip archives (untrusted) ------------------------------------------------------------------

def read_zip(path: Path) -> dict[str, bytes]:
    """The files of a pack archive by name, after every check; PackError lists what is wrong.
    One top folder inside the archive (a zipped folder) is taken off the names."""
    label = str(path)

    def problem(message: str, hint: str = "", key: str = "", params: tuple = ()) -> Problem:
        return Problem(label, 0, 0, "RF064", message, hint, key=key, params=params)

    try:
        archive = zipfile.ZipFile(_open_regular(path))
    except _NotRegular:
        raise PackError([problem(f"'{Path(path).name}' is not a regular file (a folder, a link, a named pipe or a "
                                 "device)", "a pack's files sit in one folder", "pack_zip_not_file",
                                 (("name", Path(path).name),))]) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackError([problem(f"this is not a readable .zip file ({exc})",
                                 "make one with: python main.py pack build FOLDER -o FILE.zip", "pack_zip_unreadable")])
    problems: list[Problem] = []
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_FILES:
            raise PackError([problem(f"the archive holds {len(entries)} entries; a pack may hold at most {MAX_FILES}",
                                     "", "pack_zip_count", (("count", len(entries)), ("max", MAX_FILES)))])
        names: dict[str, zipfile.ZipInfo] = {}
        for info in entries:
            raw_name = info.filename
            name = raw_name.replace("\\", "/")
            parts = PurePosixPath(name).parts
            mode = info.external_attr >> 16
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts or "\0" in name:
                problems.append(problem(f"'{raw_name}' points outside the pack (an absolute name or '..')",
                                        "a pack's files sit in one folder", "pack_zip_unsafe_name",
                                        (("name", raw_name),)))
            elif info.is_dir():
                continue
            elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):         # a link, a device: never unpacked
                problems.append(problem(f"'{raw_name}' is not a regular file (a folder, a link, a named pipe or a "
                                        "device)", "a pack's files sit in one folder", "pack_zip_not_file",
                                        (("name", raw_name),)))
            elif info.flag_bits & 0x1:
                problems.append(problem(f"'{raw_name}' is encrypted", "", "pack_zip_encrypted", (("name", raw_name),)))
            elif not name.lower().endswith(ALLOWED_SUFFIXES):
                problems.append(problem(f"'{raw_name}' is not a .yaml, .md or .txt file",
                                        "a pack holds only scenario files and notes", "pack_zip_file_type",
                                        (("name", raw_name),)))
            elif info.file_size > MAX_FILE_BYTES:
                problems.append(problem(f"'{raw_name}' is too large ({info.file_size:,} bytes)",
                                        f"a file may be at most {MAX_FILE_BYTES:,} bytes", "pack_zip_too_large",
                                        (("name", raw_name), ("size", info.file_size))))
            elif name in names:
                problems.append(problem(f"'{raw_name}' is in the archive twice", "", "pack_zip_twice",
                                        (("name", raw_name),)))
            else:
                names[name] = info
        total = sum(info.file_size for info in names.values())
        if total > MAX_TOTAL_BYTES:
            problems.append(problem(f"the pack unpacks to {total:,} bytes; at most {MAX_TOTAL_BYTES:,} are allowed",
                                    "", "pack_zip_total", (("size", total),)))
        if problems:
            raise PackError(problems)
        tops = {PurePosixPath(name).parts[0] for name in names}
        strip = len(tops) == 1 and all(len(PurePosixPath(n).parts) == 2 for n in names)
        files: dict[str, bytes] = {}
        for name, info in names.items():
            parts = PurePosixPath(name).parts[1:] if strip else PurePosixPath(name).parts
            if len(parts) != 1:
                problems.append(problem(f"'{info.filename}' is in a subfolder; a pack's files sit in one folder",
                                        "", "pack_zip_subfolder", (("name", info.filename),)))
                continue
            try:
                with archive.open(info) as stream:
                    data = stream.read(MAX_FILE_BYTES + 1)       # never trust the size the header states
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
                problems.append(problem(f"'{info.filename}' cannot be read ({exc})", "", "pack_zip_unreadable"))
                continue
            if len(data) > MAX_FILE_BYTES:
                problems.append(problem(f"'{info.filename}' is too large", "", "pack_zip_too_large",
                                        (("name", info.filename), ("size", len(data)))))
                continue
            files[parts[0]] = data
    if problems:
        raise PackError(problems)
    return files


class _NotRegular(Exception):
    pass


def _open_regular(path: Path):
    """`path` opened for reading if it is a regular file (a link is followed), without ever
    blocking: a named pipe or a device raises _NotRegular, before opening and once open."""
    found = os.stat(path)
    if not stat.S_ISREG(found.st_mode):
        raise _NotRegular()
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0))
    handle = os.fdopen(descriptor, "rb")
    opened = os.fstat(handle.fileno())
    if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (found.st_dev, found.st_ino):
        handle.close()
        raise _NotRegular()
    return handle


def write_folder(files: dict[str, bytes], target: Path) -> None:
    """Write `files` as the folder `target`, all at once (a folder beside it, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        if target.exists():
            shutil.rmtree(target)
        os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def folder_files(folder: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """The files of a pack folder, with the same rules as an archive (types, sizes, count): only
    regular files are read (never a link, a folder, a named pipe or a device: each is a problem)."""
    problems: list[Problem] = []
    files: dict[str, bytes] = {}
    entries = sorted(folder.iterdir())
    for path in entries:
        if path.name.startswith(".") or path.name == "__pycache__":
            continue
        label = str(path)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = 0
        if not stat.S_ISREG(mode):
            problems.append(Problem(label, 0, 0, "RF064", f"'{path.name}' is not a regular file (a folder, a link, "
                                    "a named pipe or a device)", "a pack's files sit in one folder",
                                    key="pack_zip_not_file", params=(("name", path.name),)))
        elif not path.name.lower().endswith(ALLOWED_SUFFIXES):
            problems.append(Problem(label, 0, 0, "RF064", f"'{path.name}' is not a .yaml, .md or .txt file",
                                    "a pack holds only scenario files and notes", key="pack_zip_file_type",
                                    params=(("name", path.name),)))
        else:
            raw, problem = read_bytes(path)      # never blocks; refuses a file swapped in meanwhile
            if problem is not None and problem.key == "file_too_large":
                problems.append(Problem(label, 0, 0, "RF064", f"'{path.name}' is too large",
                                        f"a file may be at most {MAX_FILE_BYTES:,} bytes", key="pack_zip_too_large",
                                        params=(("name", path.name), ("size", path.stat().st_size))))
            elif problem is not None:
                problems.append(problem)
            else:
                files[path.name] = raw or b""
    if len(files) > MAX_FILES:
        problems.append(Problem(str(folder), 0, 0, "RF064", f"the pack holds {len(files)} files; at most {MAX_FILES}",
                                "", key="pack_zip_count", params=(("count", len(files)), ("max", MAX_FILES))))
    if sum(len(d) for d in files.values()) > MAX_TOTAL_BYTES:
        problems.append(Problem(str(folder), 0, 0, "RF064", "the pack is too large", "", key="pack_zip_total",
                                params=(("size", sum(len(d) for d in files.values())),)))
    return files, problems


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A pack archive: the files at the top, in name order, with fixed dates (the same folder
    always gives the same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


# ---- checking a whole pack ---------------------------------------------------------------------

def check_pack(pack: Pack, base: Catalog, taken: set[str]) -> dict[str, list[Problem]]:
    """Every problem of a pack by file, checked against the game's catalogue plus its own
    extension: pack.yaml, red_flags.yaml, each scenario, and scenario ids `taken` elsewhere."""
    from game.scenario import check_scenario_file, scenario_files

    found: dict[str, list[Problem]] = {}
    if pack.problems:
        found[pack.display(pack.folder / META_NAME)] = list(pack.problems)
    catalog = base
    extension_path = pack.folder / CATALOG_NAME
    if extension_path.is_file():
        extension = check_extension(extension_path, base, label=pack.display(extension_path))
        if extension.problems:
            found[pack.display(extension_path)] = extension.problems
        catalog = extend(base, extension)
    for path in scenario_files(pack.folder):
        if path.name == META_NAME:
            continue
        if path.stem in taken:
            found[pack.display(path)] = [id_taken(pack.display(path), path.stem, None)]
            continue
        _, problems = check_scenario_file(path, catalog)
        if problems:
            found[pack.display(path)] = [_relabel(p, pack.label) if pack.label.endswith(".zip") else p
                                         for p in problems]
    return found


def id_taken(label: str, scenario_id: str, pack: str | None) -> Problem:
    """RF062: a scenario id a built-in scenario (`pack` None) or an earlier pack already offers."""
    if pack is None:
        return Problem(label, 0, 0, "RF062", f"the scenario id '{scenario_id}' is already used by a built-in "
                       "scenario; this file is not offered", "rename the file and its id: to something of your own",
                       key="pack_id_builtin", params=(("id", scenario_id),))
    return Problem(label, 0, 0, "RF062", f"the scenario id '{scenario_id}' is already used by the pack '{pack}'; "
                   "this file is not offered", "rename the file and its id: to something of your own",
                   key="pack_id_taken", params=(("id", scenario_id), ("owner", pack)))
