"""`validate`: check scenario files and the catalogue, listing every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.scenario import (
    CATALOG_NAME,
    Catalog,
    Problem,
    check_catalog_bytes,
    check_scenario_file,
    scenario_files,
)
from game.scenario import read_bytes


@dataclass
class Report:
    files: int = 0
    problems: dict[str, list[Problem]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.problems.values())


def check_catalog(path: Path) -> tuple[Catalog | None, list[Problem]]:
    raw, problem = read_bytes(path)
    if problem:
        return None, [problem]
    return check_catalog_bytes(str(path), raw or b"")


def expand(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Files named, and the scenario files in folders named, in order, without repeats."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = scenario_files(path)
            if (path / CATALOG_NAME).is_file():
                found.insert(0, path / CATALOG_NAME)
            if not found:
                problems.append(Problem(str(path), 0, 0, "RF001", "this folder holds no .yaml files", ""))
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, 0, "RF001", "no such file or folder", "check the path"))
    unique = list(dict.fromkeys(files))
    return unique, problems


def validate_paths(paths: list[Path], catalog: Catalog) -> Report:
    files, problems = expand(paths)
    report = Report(files=len(files))
    for problem in problems:
        report.problems.setdefault(problem.path, []).append(problem)
    for path in files:
        if path.name == CATALOG_NAME:
            _, found = check_catalog(path)
        else:
            _, found = check_scenario_file(path, catalog)
        report.problems[str(path)] = found
    return report
