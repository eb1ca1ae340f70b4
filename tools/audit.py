"""Checks what the game installs for known vulnerabilities, with pip-audit.

    python tools/audit.py [--strict]     (make audit: in a fresh virtual environment of its own)

Audits the packages the game needs at run time: the closure of `redflag`'s own requirements,
as installed in this interpreter's environment. Tooling that only tests or audits use (pytest,
the test LRS, pip-audit itself) is listed apart and never fails the check.

pip-audit asks PyPI's per-version API first. Where that does not answer (a mirror, a closed
network) a package is still checked when it is the newest release: PyPI's project page lists
the known vulnerabilities of its newest release. A package neither way could check is named, never
called clean; with `--strict` it fails the check. Any known vulnerability fails it (exit 1).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.request
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:                                   # pragma: no cover - the tomli backport, a dependency there
    import tomli as tomllib

PROJECT = "redflag"


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requires(name: str) -> list[str]:
    if name == PROJECT:                 # the checkout's own list, not an installed copy's (maybe stale)
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["dependencies"]
    try:
        return metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return []


def runtime_closure() -> set[str]:
    """The normalised names of every installed package the game needs to run (no extras)."""
    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [(PROJECT, frozenset())]
    while todo:
        name, extras = todo.pop()
        requires = _requires(name)
        for line in requires:
            requirement = Requirement(line)
            env = default_environment()
            if requirement.marker and not any(requirement.marker.evaluate({**env, "extra": e})
                                              for e in (extras or {""})):
                continue
            key = _key(requirement.name)
            if key not in seen:
                seen.add(key)
                todo.append((requirement.name, frozenset(requirement.extras)))
    return seen


def pip_audit() -> list[dict]:
    run = subprocess.run([sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off",
                          "--skip-editable", "--desc", "off"], capture_output=True, text=True, timeout=900)
    try:
        return json.loads(run.stdout).get("dependencies", [])
    except json.JSONDecodeError:
        sys.exit(f"audit: pip-audit did not run: {run.stderr.strip()[-400:]}")


def newest_release_vulns(name: str, version: str) -> list[str] | None:
    """The known vulnerabilities of `version` when it is PyPI's newest release, else None."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as answer:
            page = json.load(answer)
    except (OSError, ValueError):
        return None
    if page.get("info", {}).get("version") != version:
        return None
    return [v.get("id", "?") for v in page.get("vulnerabilities", [])]


def audit(strict: bool = False) -> int:
    runtime = runtime_closure()
    found: list[tuple[str, str, str, bool]] = []
    unchecked: list[tuple[str, bool]] = []
    checked = {True: 0, False: 0}
    for package in pip_audit():
        name = package["name"]
        try:
            version = package.get("version") or metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        needed = _key(name) in runtime
        if _key(name) == PROJECT:
            continue
        vulns = [v["id"] for v in package.get("vulns", [])]
        if package.get("skip_reason"):
            fallback = newest_release_vulns(name, version)
            if fallback is None:
                unchecked.append((f"{name} {version}", needed))
                continue
            vulns = fallback
        checked[needed] += 1
        found += [(name, version, vuln, needed) for vuln in vulns]
    for name, version, vuln, needed in found:
        print(f"audit: {name} {version}: {vuln}{'' if needed else ' (tooling only)'}")
    bad = [f for f in found if f[3]]
    print(f"audit: run time: {checked[True]} of {len(runtime)} packages checked, {len(bad)} known vulnerabilities; "
          f"tooling: {checked[False]} checked, {len(found) - len(bad)} known vulnerabilities")
    needed_unchecked = sorted(n for n, needed in unchecked if needed)
    if needed_unchecked:
        print(f"audit: warning: could not check (not the newest release, and PyPI's per-version API did not "
              f"answer): {', '.join(needed_unchecked)}", file=sys.stderr)
    if bad:
        return 1
    return 1 if strict and needed_unchecked else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check what the game installs for known vulnerabilities "
                                                 "(pip-audit; see the module's doc).")
    parser.add_argument("--strict", action="store_true",
                        help="also fail when a package the game needs could not be checked")
    return audit(strict=parser.parse_args(argv).strict)


if __name__ == "__main__":
    sys.exit(main())
