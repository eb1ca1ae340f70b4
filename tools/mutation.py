"""Mutation testing of the rules: do the tests fail when scoring, the result and debrief
assembly or the saves are broken on purpose?

    .venv/bin/python tools/mutation.py                  # every target, one worker
    .venv/bin/python tools/mutation.py scoring saves -j 2 --survivors

Each mutant is one small change made through the syntax tree — a comparison moved across its
boundary (`<` → `<=`, `==` → `!=`, `in` → `not in`), `+`/`-` and `*`/`/` swapped, `and`/`or`
swapped, `min`/`max` swapped, True/False flipped, a number changed (0 → 1, 1 → 0, n → n + 1,
x → x + 1.0), a `not` or a unary minus removed, `return x` made `return None`, or a statement
with an effect (a call, an augmented or item assignment, `raise`, `continue`, `break`)
deleted. Docstrings, annotations, decorators and strings are left alone.

Mutants are applied one at a time to a COPY of the repository in a temporary folder (the
working copy is never touched), and the target's tests run with `-x -q -p no:cacheprovider`
in a child forked (POSIX only) from a process that has already imported pytest and the third-party
libraries: a mutant costs a fraction of a second plus its tests. A mutant is killed when the
tests fail (or do not even import), survives when they pass, and times out after five times
the unmutated run. Known equivalent mutants (`EQUIVALENT`, each with its reason) are counted
apart and left out of the rate.

Then the deliberate breakages a review found to pass the whole suite (`BREAKS`: the criterion
forced to 0, the payment confirmation removed, every flag marked ✓ in the terminal debrief) are
made the same way, and each must be caught.

The figures go to build/artifacts/mutation.json (per target: mutants, killed, survived, timeout,
equivalent, rate, and each survivor). A run naming targets updates those targets in that file;
`--recheck` runs only the survivors that file lists (after adding tests) and keeps the rest.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "build" / "artifacts" / "mutation.json"
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "mutants", "__pycache__", "*.pyc", "node_modules",
                                     ".pytest_cache", ".hypothesis", "*.egg-info")
PRELOAD = ("pytest", "yaml", "pydantic", "transitions", "faker", "babel", "platformdirs", "hypothesis", "pygame",
           "sqlalchemy", "orjson", "jsonschema")


@dataclass(frozen=True)
class Target:
    name: str
    path: str                             # the module's file, from the repository's root
    tests: tuple[str, ...]                # fastest and most pointed first (the run stops at the first failure)
    functions: tuple[str, ...] = ()       # qualified names to mutate; empty: the whole module


TARGETS = (
    Target("scoring", "game/engine/scoring.py",
           ("tests/guards/test_scoring_rules.py", "tests/engine/test_scoring.py", "tests/engine/test_truth.py")),
    Target("outcomes", "game/scenario/outcomes.py",
           ("tests/guards/test_scoring_rules.py", "tests/guards/test_debrief_lines.py",
            "tests/scenario/test_outcomes.py")),
    Target("result", "game/engine/session.py",
           ("tests/guards/test_result_assembly.py", "tests/engine/test_scoring.py", "tests/engine/test_money_in.py",
            "tests/engine/test_truth.py"),
           ("Session.scored_flag", "Session.result", "Session._debrief")),
    Target("views", "game/engine/views.py",
           ("tests/guards/test_result_assembly.py", "tests/engine/test_truth.py"), ("Result.to_dict", "plain")),
    Target("debrief_lines", "game/debrief_lines.py",
           ("tests/guards/test_debrief_lines.py", "tests/text/test_debrief_text.py")),
    Target("text_debrief", "game/text/debrief.py",
           ("tests/guards/test_debrief_text.py", "tests/text/test_debrief_text.py")),
    Target("attempt", "game/records/attempt.py",
           ("tests/guards/test_records_assembly.py", "tests/records/test_summary.py")),
    Target("summary", "game/records/summary.py",
           ("tests/guards/test_records_assembly.py", "tests/records/test_summary.py")),
    Target("saves", "game/engine/saves.py",
           ("tests/guards/test_saves_rules.py", "tests/engine/test_saves.py", "tests/unit/test_save_schema.py",
            "tests/unit/test_tampered_saves.py")),
    Target("save_schema", "game/save_schema.py",
           ("tests/guards/test_save_schema_rules.py", "tests/guards/test_progress_rules.py",
            "tests/unit/test_save_schema.py", "tests/unit/test_progress.py")),
    Target("progress", "game/progress.py",
           ("tests/guards/test_progress_rules.py", "tests/unit/test_progress.py", "tests/unit/test_save_schema.py",
            "tests/unit/test_tampered_saves.py")),
)

@dataclass(frozen=True)
class Break:
    """A deliberate breakage found by a review to pass the whole suite once: it must now be caught."""

    name: str
    path: str
    old: str                              # exact text in the module …
    new: str                              # … and what it becomes
    tests: tuple[str, ...]


BREAKS = (
    Break("criterion forced to 0 (scoring)", "game/engine/scoring.py",
          "return z_hit - z_fa, -(z_hit + z_fa) / 2", "return z_hit - z_fa, 0.0",
          ("tests/guards/test_scoring_rules.py", "tests/engine/test_scoring.py")),
    Break("criterion forced to 0 (result)", "game/engine/session.py",
          "criterion=total.criterion", "criterion=0.0",
          ("tests/guards/test_result_assembly.py", "tests/engine/test_scoring.py")),
    Break("payment confirmation removed (window)", "game/ui/scenes/play.py",
          "if choice.payment is not None and choice.payment.amount > 0 and not choice.payment.taken:",
          "if False:", ("tests/ui/test_play_truth.py",)),
    Break("every flag marked ✓ (terminal debrief)", "game/text/debrief.py",
          'out.append(f"   {flag_mark(item)} {name} — {status}")', 'out.append(f"   ✓ {name} — {status}")',
          ("tests/guards/test_debrief_text.py", "tests/text/test_debrief_text.py")),
    Break("every flag marked ✓ (shared debrief lines)", "game/debrief_lines.py",
          'return "✓" if item.named else "~" if item.caught else "✗"', 'return "✓"',
          ("tests/guards/test_debrief_text.py", "tests/guards/test_debrief_lines.py",
           "tests/text/test_debrief_text.py")),
)

#: Mutants that cannot change behaviour, by target and key ("function|source|change"), with why.
EQUIVALENT: dict[str, dict[str, str]] = {
    "scoring": {
        "score|return Score(counts[HIT], counts[MISS], counts[FALSE_ALARM],|4 → 5#3":
            "decisions is weight × (1 − 0.1·k) with one-decimal weights: two places at most, so rounding "
            "it to 4 or 5 places gives the same number",
    },
    "result": {
        "Session._debrief|items.append(DebriefItem(kind='red_flag', message_id=result.|> → >=":
            "occurrence = seen if total > 1 else 1: every key counts at least once, and where the total is 1 "
            "seen is 1 too, so `>= 1` gives the same occurrence",
        "Session._debrief|items.append(DebriefItem(kind='red_flag', message_id=result.|1 → 0#2":
            "`total > 0` instead of `total > 1`: the same as above (a single occurrence has seen == 1)",
    },
    "text_debrief": {
        key: "dead code: `money_notes` has no caller (the summary's money lines come from game.debrief_lines)"
        for key in ("money_notes|return notes|return None",
                    "money_notes|notes.append(tr.t('debrief.taken_back', money=format_money(r|delete statement",
                    "money_notes|notes.append(tr.t(key, money=format_money(result.recovered, |delete statement")
    },
    "summary": {
        "summarise|missed_most = tuple(sorted((t for t in tallies if 2 * t.caug|/ → *":
            "the tie-break among flags missed equally often: with `missed` fixed, caught/shown and caught×shown "
            "both grow with `caught`, so the order is the same",
    },
    "saves": {
        'load|raise SaveError("the save has no \'wallet\'")|delete statement':
            "unreachable: `SaveModel` requires `wallet` (no default), so `check_shape` has already refused a "
            "save without it",
        "_Strict|model_config = ConfigDict(strict=True, extra='forbid', allow|False → True":
            "allow_inf_nan: every float of a save is `Seconds`, bounded 0 to MAX_SECONDS, which NaN and "
            "infinities fail anyway (amounts go through `_amount`, which refuses them)",
        "_Strict|model_config = ConfigDict(strict=True, extra='forbid', allow|True → False#2":
            "frozen: the models are only read after validation, never assigned to",
        "_problem|first = error.errors(include_url=False, include_input=False)|False → True":
            "include_url only adds a 'url' key to each error; the sentence uses 'loc' and 'msg' only",
        "_problem|first = error.errors(include_url=False, include_input=False)|False → True#2":
            "include_input only adds an 'input' key to each error; the sentence uses 'loc' and 'msg' only",
        "load|wallet = max(0, variables.get(start, 0) if isinstance(start,|0 → 1#2":
            "the default of `variables.get(start, 0)` is never used: the variables were checked to be exactly the "
            "scenario's, and a wallet's `start` variable is one of them",
    },
    "save_schema": {
        "|PlayerKey = Annotated[str, Field(max_length=200)]|200 → 201":
            "dead code: `PlayerKey` is used nowhere (check_autosaves bounds a player key with its own `len(...) <= 200`)",
        "check_settings|return (default_settings(), False)|return None#2":
            "unreachable: every error of SettingsModel names its key (no model-level validator), so the keys "
            "left after dropping those always validate",
        "check_settings|return (default_settings(), False)|False → True#2": "unreachable, as above",
        "_Strict|model_config = ConfigDict(strict=True, extra='forbid', allow|False → True":
            "allow_inf_nan: the only float, text_size, must be one of TEXT_SIZES, which NaN and infinities are not",
        "_Strict|model_config = ConfigDict(strict=True, extra='forbid', allow|True → False#2":
            "frozen: the models are only read after validation, never assigned to",
    },
    "outcomes": {
        "|OUTCOMES = MappingProxyType({spec.name: spec for spec in (Ou|3 → 4":
            "harm is only compared (the demo heads for the largest): scammed at 4 keeps the same order",
    },
}


@dataclass
class Mutant:
    target: str
    index: int                            # position in the walk of the module's tree
    variant: int                          # which change of that node
    line: int
    function: str
    description: str
    key: str
    status: str = ""                      # killed | survived | timeout | equivalent
    seconds: float = 0.0


# -- making mutants ----------------------------------------------------------------------

CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
       ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
BIN = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
       ast.Mod: ast.FloorDiv}
SWAP_NAMES = {"min": "max", "max": "min"}
SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
          ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
          ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.And: "and", ast.Or: "or"}


def _skipped(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations, decorators, imports, TYPE_CHECKING blocks."""
    skip: set[int] = set()

    def drop(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            drop(body[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            drop(node.returns)
            for deco in node.decorator_list:
                drop(deco)
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg,
                        node.args.kwarg):
                if arg is not None:
                    drop(arg.annotation)
        elif isinstance(node, ast.ClassDef):
            for deco in node.decorator_list:
                drop(deco)
        elif isinstance(node, ast.AnnAssign):
            drop(node.annotation)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            drop(node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            drop(node)
        elif isinstance(node, ast.JoinedStr):
            drop(node)           # f-strings: their text is words, their format specs presentation
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    skip.difference_update(id(n) for n in ast.walk(value.value))
    return skip


def _scopes(tree: ast.Module) -> dict[int, str]:
    """id of every node → the qualified name of the function or class it is in ("" at module level)."""
    where: dict[int, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        where[id(node)] = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = f"{scope}.{node.name}" if scope else node.name
        for child in ast.iter_child_nodes(node):
            visit(child, scope)

    visit(tree, "")
    return where


def _changes(node: ast.AST) -> list[str]:
    """What can be done to `node`: descriptions; `_apply` does them, in the same order."""
    out: list[str] = []
    if isinstance(node, ast.Compare):
        out += [f"{SYMBOL[type(op)]} → {SYMBOL[CMP[type(op)]]}" for op in node.ops if type(op) in CMP]
    elif isinstance(node, ast.BinOp) and type(node.op) in BIN:
        out.append(f"{SYMBOL[type(node.op)]} → {SYMBOL[BIN[type(node.op)]]}")
    elif isinstance(node, ast.AugAssign):
        if type(node.op) in BIN:
            out.append(f"{SYMBOL[type(node.op)]}= → {SYMBOL[BIN[type(node.op)]]}=")
        out.append("delete statement")
    elif isinstance(node, ast.BoolOp):
        out.append("and → or" if isinstance(node.op, ast.And) else "or → and")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        out.append("remove not" if isinstance(node.op, ast.Not) else "remove unary -")
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            out.append(f"{value} → {not value}")
        elif isinstance(value, int):
            out.append(f"{value} → {_number(value)}")
        elif isinstance(value, float):
            out.append(f"{value} → {_number(value)}")
    elif isinstance(node, ast.Name) and node.id in SWAP_NAMES and isinstance(node.ctx, ast.Load):
        out.append(f"{node.id} → {SWAP_NAMES[node.id]}")
    elif isinstance(node, ast.Return) and node.value is not None \
            and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        out.append("return None")
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        out.append("delete statement")
    elif isinstance(node, ast.Assign) and any(isinstance(t, (ast.Subscript, ast.Attribute)) for t in node.targets):
        out.append("delete statement")
    elif isinstance(node, (ast.Raise, ast.Continue, ast.Break)):
        out.append("delete statement")
    return out


def _number(value: int | float) -> int | float:
    if isinstance(value, float):
        return value + 1.0
    return {0: 1, 1: 0}.get(value, value + 1)


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for name, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, name, new)
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is old:
                    value[i] = new
                    return
    raise LookupError("node not found under its parent")


def _apply(tree: ast.Module, index: int, variant: int) -> ast.Module:
    """A copy of `tree` with change `variant` of the `index`-th node of its walk made."""
    tree = copy.deepcopy(tree)
    nodes = list(ast.walk(tree))
    parents = {id(child): node for node in nodes for child in ast.iter_child_nodes(node)}
    node = nodes[index]
    description = _changes(node)[variant]
    if isinstance(node, ast.Compare):
        ops = [i for i, op in enumerate(node.ops) if type(op) in CMP]
        node.ops[ops[variant]] = CMP[type(node.ops[ops[variant]])]()
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and description != "delete statement":
        node.op = BIN[type(node.op)]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.UnaryOp):
        _replace(parents[id(node)], node, node.operand)
    elif isinstance(node, ast.Constant):
        node.value = (not node.value) if isinstance(node.value, bool) else _number(node.value)
    elif isinstance(node, ast.Name):
        node.id = SWAP_NAMES[node.id]
    elif isinstance(node, ast.Return):
        node.value = ast.Constant(None)
    else:                                        # delete a statement
        _replace(parents[id(node)], node, ast.Pass())
    return ast.fix_missing_locations(tree)


def mutants_of(target: Target, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    skip, scopes = _skipped(tree), _scopes(tree)
    out: list[Mutant] = []
    seen: dict[str, int] = {}
    statement: dict[int, ast.stmt] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.If, ast.For,
                                                                 ast.While, ast.With, ast.Try)):
            for inner in ast.walk(node):
                statement.setdefault(id(inner), node)
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        scope = scopes.get(id(node), "")
        if target.functions and not any(scope == f or scope.startswith(f + ".") for f in target.functions):
            continue
        for variant, description in enumerate(_changes(node)):
            where = statement.get(id(node), node)           # the key names the statement, not its line
            snippet = " ".join(ast.unparse(where).split())[:60]
            key = f"{scope}|{snippet}|{description}"
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key += f"#{seen[key]}"
            out.append(Mutant(target.name, index, variant, getattr(node, "lineno", 0), scope, description, key))
    return out


# -- running them --------------------------------------------------------------------------

def _run_tests(workdir: Path, tests: tuple[str, ...], timeout: float, bytecode: bool = False) -> tuple[str, float]:
    """Fork, run pytest on `tests` in `workdir`; "passed", "failed" or "timeout", and the seconds taken.
    Only the unmutated run writes bytecode (so later runs import the untouched modules quicker)."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:                                                  # the child
        try:
            os.setpgid(0, 0)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            sys.dont_write_bytecode = not bytecode
            import pytest
            code = pytest.main([*tests, "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                                "-W", "ignore::pytest.PytestAssertRewriteWarning"])
            os._exit(int(code))
        except BaseException:   # noqa: BLE001 - anything in the child is a failed run
            os._exit(3)
    deadline = start + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return ("passed" if code == 0 else "failed"), time.monotonic() - start
        if time.monotonic() > deadline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            return "timeout", time.monotonic() - start
        time.sleep(0.02)


def _prepare(workdir: Path) -> None:
    shutil.copytree(ROOT, workdir, ignore=COPY_IGNORE, symlinks=True)
    (workdir / "build").mkdir(exist_ok=True)
    os.chdir(workdir)
    sys.path.insert(0, str(workdir))
    os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", REDFLAG_CACHE=str(workdir / ".cache"))
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass


def _clear_bytecode(path: Path) -> None:
    for stale in (path.parent / "__pycache__").glob(path.stem + ".*.pyc"):
        stale.unlink()


def run_target(target: Target, source: str, mutants: list[Mutant], workdir: Path, log) -> None:
    """Run `mutants` (made from `source`, the module as it was read at the start) in `workdir`."""
    path = workdir / target.path
    original = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    tests = tuple(t for t in target.tests if t.startswith("-") or (workdir / t.split("::")[0]).exists())
    if not any(not t.startswith("-") for t in tests):    # pytest without paths would run the whole suite
        raise SystemExit(f"{target.name}: none of its test files exist")
    try:
        path.write_text(ast.unparse(tree) + "\n", encoding="utf-8")    # the baseline is the unparsed source
        _clear_bytecode(path)
        outcome, seconds = _run_tests(workdir, tests, 600, bytecode=True)
        if outcome != "passed":
            raise SystemExit(f"{target.name}: the tests fail without any mutant ({outcome}); fix them first")
        timeout = max(10.0, 5 * seconds)
        log(f"{target.name}: {len(mutants)} mutants, baseline {seconds:.1f}s")
        for mutant in mutants:
            if mutant.key in EQUIVALENT.get(target.name, {}):
                mutant.status = "equivalent"
                continue
            path.write_text(ast.unparse(_apply(tree, mutant.index, mutant.variant)) + "\n", encoding="utf-8")
            _clear_bytecode(path)
            outcome, mutant.seconds = _run_tests(workdir, tests, timeout)
            mutant.status = {"passed": "survived", "failed": "killed"}.get(outcome, outcome)
            if mutant.status == "survived":
                log(f"  survived {target.path}:{mutant.line} {mutant.function or '<module>'}: {mutant.description}")
    finally:
        path.write_text(original, encoding="utf-8")
        _clear_bytecode(path)


def run_breaks(workdir: Path, log) -> dict[str, str]:
    """Each of `BREAKS` made in `workdir` and its tests run: "caught", "missed", or "stale" (its
    text is no longer in the module: update the table)."""
    found = {}
    for item in BREAKS:
        path = workdir / item.path
        original = path.read_text(encoding="utf-8")
        if original.count(item.old) != 1:
            found[item.name] = "stale"
            continue
        try:
            path.write_text(original.replace(item.old, item.new), encoding="utf-8")
            _clear_bytecode(path)
            tests = tuple(t for t in item.tests if (workdir / t).exists())
            outcome = _run_tests(workdir, tests, 600)[0] if tests else "passed"      # no tests: nothing catches it
        finally:
            path.write_text(original, encoding="utf-8")
            _clear_bytecode(path)
        found[item.name] = "missed" if outcome == "passed" else "caught"
        log(f"break: {item.name}: {found[item.name]}")
    return found


def module_figures(target: Target, mine: list[Mutant]) -> dict[str, object]:
    count = {s: sum(m.status == s for m in mine) for s in ("killed", "survived", "timeout", "equivalent")}
    counted = len(mine) - count["equivalent"]
    return {
        "path": target.path, "functions": list(target.functions), "tests": list(target.tests),
        "mutants": len(mine), **count,
        "rate": round((count["killed"] + count["timeout"]) / counted, 4) if counted else None,
        "survivors": [f"{m.line} {m.function or '<module>'}: {m.description} [{m.key}]"
                      for m in mine if m.status == "survived"],
        "equivalent_mutants": [f"{m.line} {m.function or '<module>'}: {m.description} — "
                               f"{EQUIVALENT[target.name][m.key]}" for m in mine if m.status == "equivalent"],
        "run_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def report_of(modules: dict[str, dict], breaks: dict[str, str]) -> dict[str, object]:
    """The whole report: every module's figures (in the order of TARGETS), the total, the breaks."""
    order = [t.name for t in TARGETS if t.name in modules]
    modules = {name: modules[name] for name in order}
    counted = sum(m["mutants"] - m["equivalent"] for m in modules.values())
    dead = sum(m["killed"] + m["timeout"] for m in modules.values())
    return {"tool": "tools/mutation.py", "command": ".venv/bin/python tools/mutation.py", "modules": modules,
            "total": {"mutants": sum(m["mutants"] for m in modules.values()), "counted": counted, "killed": dead,
                      "rate": round(dead / counted, 4) if counted else None},
            "breaks": breaks}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"targets to run (default: all): {[t.name for t in TARGETS]}")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="parallel workers, each with its own copy")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--survivors", action="store_true", help="print every survivor at the end")
    parser.add_argument("--json", type=Path, default=REPORT, help="where the figures go")
    parser.add_argument("--recheck", action="store_true",
                        help="run only the survivors the report lists for these targets (after adding tests); "
                             "the other figures are kept")
    parser.add_argument("--breaks", action="store_true",
                        help="also make the review's deliberate breakages (always done when no target is named)")
    args = parser.parse_args(argv)
    unknown = set(args.targets) - {t.name for t in TARGETS}
    if unknown:
        parser.error(f"unknown target(s): {sorted(unknown)}")
    targets = [t for t in TARGETS if not args.targets or t.name in args.targets]
    sources = {t.name: (ROOT / t.path).read_text(encoding="utf-8") for t in targets}   # one reading for all workers
    mutants = {t.name: mutants_of(t, sources[t.name]) for t in targets}
    earlier_modules: dict[str, dict] = {}
    if args.recheck:
        earlier_modules = json.loads(args.json.read_text(encoding="utf-8"))["modules"]
        for name in mutants:
            listed = {line.rsplit(" [", 1)[1][:-1] for line in earlier_modules[name]["survivors"]}
            mutants[name] = [m for m in mutants[name] if m.key in listed]
    if args.list:
        for target in targets:
            for m in mutants[target.name]:
                print(f"{target.path}:{m.line} {m.function or '<module>'}: {m.description}")
        return 0
    started = time.monotonic()
    jobs = max(1, args.jobs)
    tmp = Path(tempfile.mkdtemp(prefix="redflag-mutation-"))
    children: list[int] = []

    def stop(signum: int, _frame: object) -> None:          # end the workers and clean up (the finally below)
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        for worker in range(jobs):
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                try:
                    workdir = tmp / f"w{worker}"
                    _prepare(workdir)
                    mine = {name: ms[worker::jobs] for name, ms in mutants.items()}
                    for target in targets:
                        run_target(target, sources[target.name], mine[target.name], workdir,
                                   lambda text: print(f"[{worker}] {text}", flush=True))
                    results = [[m.target, m.index, m.variant, m.status, m.seconds] for ms in mine.values() for m in ms]
                    breaks = run_breaks(workdir, lambda text: print(f"[{worker}] {text}", flush=True)) \
                        if worker == 0 and (args.breaks or not args.targets) else {}
                    (tmp / f"w{worker}.json").write_text(json.dumps({"mutants": results, "breaks": breaks}),
                                                         encoding="utf-8")
                    os._exit(0)
                except BaseException as error:   # noqa: BLE001 - reported by the parent
                    print(f"[{worker}] {error}", file=sys.stderr, flush=True)
                    os._exit(1)
            children.append(pid)
        failed = [pid for pid in children if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0]
        if failed:
            print("a worker failed; no figures written", file=sys.stderr)
            return 1
        by_id = {(m.target, m.index, m.variant): m for ms in mutants.values() for m in ms}
        breaks: dict[str, str] = {}
        for worker in range(jobs):
            found = json.loads((tmp / f"w{worker}.json").read_text())
            breaks.update(found["breaks"])
            for name, index, variant, status, seconds in found["mutants"]:
                by_id[name, index, variant].status, by_id[name, index, variant].seconds = status, seconds
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    modules = {t.name: module_figures(t, mutants[t.name]) for t in targets}
    for name, rechecked in earlier_modules.items():        # --recheck: the survivors' new fate, the rest as before
        if name not in modules:
            continue
        now = modules[name]
        found = {line.rsplit(" [", 1)[1][:-1] for line in now["survivors"]} | {m.key for m in mutants[name]}
        stale = [line for line in rechecked["survivors"] if line.rsplit(" [", 1)[1][:-1] not in found]
        merged = {**rechecked, "survivors": now["survivors"] + stale, "rechecked_at": now["run_at"],
                  "equivalent_mutants": rechecked.get("equivalent_mutants", []) + now["equivalent_mutants"]}
        for key in ("killed", "timeout", "equivalent"):
            merged[key] = rechecked[key] + now[key]
        merged["survived"] = len(merged["survivors"])
        counted = merged["mutants"] - merged["equivalent"]
        merged["rate"] = round((merged["killed"] + merged["timeout"]) / counted, 4) if counted else None
        modules[name] = merged
    if args.targets and args.json.exists():       # a partial run updates its modules in the last full report
        try:
            earlier = json.loads(args.json.read_text(encoding="utf-8"))
            modules = {**{k: v for k, v in earlier.get("modules", {}).items() if k in {t.name for t in TARGETS}},
                       **modules}
            breaks = breaks or earlier.get("breaks", {})
        except (OSError, ValueError, AttributeError):
            pass
    report = report_of(modules, breaks)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{'target':<14}{'mutants':>8}{'killed':>8}{'survived':>9}{'timeout':>8}{'equiv':>6}{'rate':>8}")
    for name, m in report["modules"].items():
        rate = f"{m['rate']:.1%}" if m["rate"] is not None else "-"
        print(f"{name:<14}{m['mutants']:>8}{m['killed']:>8}{m['survived']:>9}{m['timeout']:>8}{m['equivalent']:>6}"
              f"{rate:>8}")
    total = report["total"]
    print(f"{'all':<14}{total['mutants']:>8}{'':>31}{total['rate']:>8.1%}" if total["rate"] is not None else "")
    for name, status in breaks.items():
        print(f"break {name}: {status}")
    if args.survivors:
        for name, m in report["modules"].items():
            for line in m["survivors"]:
                print(f"  {name} {line}")
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
