"""`python main.py pack build|install|list|remove`: scenario packs from the command line.

`build` checks a pack folder (every file, against the game's catalogue plus the pack's own
red_flags.yaml) and writes it as one `.zip`, refusing a pack with errors; `install` checks a
`.zip` (or a folder) as untrusted input and copies it into the user's data folder; `list` and
`remove` manage what is installed. The checks themselves live in `game.packs`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TextIO

from game.packs import (
    META_NAME,
    NAME_PATTERN,
    PackError,
    check_pack,
    folder_files,
    installed_packs,
    pack_name_from,
    packs_home,
    read_pack_folder,
    read_zip,
    write_folder,
    zip_bytes,
)
from game.scenario import CATALOG_NAME, Catalog, Problem, errors_in
from game.storage import write_bytes_atomic

def main_pack(args, folder: Path, out: TextIO) -> int:
    """`python main.py pack build|install|list|remove`: the exit code (0 ok, 1 a pack with
    problems, 2 a usage error)."""
    from game.locale import default_lang
    from game.locale import Translator

    tr = Translator(default_lang())
    command = getattr(args, "pack_command", None)
    try:
        if command == "build":
            return _build(args, folder, tr, out)
        if command == "install":
            return _install(args, folder, tr, out)
        if command == "list":
            return _list(tr, out)
        if command == "remove":
            return _remove(args.name, tr, out)
    except PackError as exc:
        _print_problems(list(exc.problems), out)
        print(tr.t("pack.refused", count=len(exc.problems)), file=out)
        return 1
    print(tr.t("pack.usage"), file=out)
    return 2


def _print_problems(problems: list[Problem], out: TextIO, lang: str | None = None) -> None:
    try:
        from game.authoring.diagnostics import format_problem
    except ImportError:
        format_problem = None
    from game.locale import default_lang

    for problem in problems:
        print(format_problem(problem, lang or default_lang()) if format_problem else problem.format(), file=out)


def _base_and_taken(args, folder: Path) -> tuple[Catalog, set[str]]:
    from game.content import gather

    content = gather(folder, catalog_file=getattr(args, "catalog", None), installed=False)
    from game.scenario import scenario_files

    return content.catalog, {p.stem for p in scenario_files(content.sources[0].folder)}


def _build(args, folder: Path, tr, out: TextIO) -> int:
    source = Path(args.folder)
    if not source.is_dir():
        print(tr.t("pack.not_a_folder", path=source), file=out)
        return 2
    files, problems = folder_files(source)
    pack = read_pack_folder(source)
    base, taken = _base_and_taken(args, folder)
    for found in check_pack(pack, base, taken).values():
        problems += found
    _print_problems(problems, out)
    scenarios = _scenario_names(files)
    if errors_in(problems):
        print(tr.t("pack.build_refused", count=len(errors_in(problems))), file=out)
        return 1
    if not scenarios:
        print(tr.t("pack.empty", path=source), file=out)
        return 1
    output = Path(args.output)
    if output.suffix.lower() != ".zip":
        output = output.with_name(output.name + ".zip")
    write_bytes_atomic(output, zip_bytes(files))
    print(tr.t("pack.built", path=output, name=pack.name, count=len(scenarios)), file=out)
    return 0


def _scenario_names(files: dict[str, bytes]) -> list[str]:
    return [name for name in files if name.endswith(".yaml") and name not in (CATALOG_NAME, META_NAME)]


def _install(args, folder: Path, tr, out: TextIO) -> int:
    source = Path(args.file)
    if source.is_dir():
        files, problems = folder_files(source)
        if errors_in(problems):
            raise PackError(problems)
    elif source.is_file():
        files = read_zip(source)
    else:
        print(tr.t("pack.no_such_file", path=source), file=out)
        return 2
    home = packs_home()
    staged = home / f".{pack_name_from(source.stem)}.new"
    write_folder(files, staged)
    meta = read_pack_folder(staged)
    name = meta.name if (staged / META_NAME).is_file() and not meta.problems else pack_name_from(source.stem)
    target = home / name
    if target.exists() and not args.force:
        shutil.rmtree(staged, ignore_errors=True)
        print(tr.t("pack.already_installed", name=name), file=out)
        return 1
    if target.exists():
        shutil.rmtree(target)
    os.replace(staged, target)
    pack = read_pack_folder(target, installed=True)
    base, taken = _base_and_taken(args, folder)
    found = check_pack(pack, base, taken)
    for problems in found.values():
        _print_problems(problems, out)
    print(tr.t("pack.installed", name=name, count=len(_scenario_names(files)), path=target), file=out)
    broken = sum(1 for problems in found.values() if errors_in(problems))
    if broken:
        print(tr.t("pack.installed_with_problems", count=broken), file=out)
    return 0


def _list(tr, out: TextIO) -> int:
    from game.scenario import scenario_files

    packs = installed_packs()
    if not packs:
        print(tr.t("pack.none_installed", path=packs_home()), file=out)
        return 0
    for pack in packs:
        count = sum(1 for p in scenario_files(pack.folder) if p.name != META_NAME)
        version = f" {pack.version}" if pack.version else ""
        author = f" · {pack.author}" if pack.author else ""
        print(f"{pack.name}{version}  {pack.title_in(tr.lang)}{author}  ({tr.t('pack.scenario_count', count=count)})",
              file=out)
    return 0


def _remove(name: str, tr, out: TextIO) -> int:
    target = packs_home() / name
    if not NAME_PATTERN.match(name) or not target.is_dir():
        known = ", ".join(p.name for p in installed_packs()) or "-"
        print(tr.t("pack.not_installed", name=name, known=known), file=out)
        return 1
    shutil.rmtree(target)
    print(tr.t("pack.removed", name=name), file=out)
    return 0
