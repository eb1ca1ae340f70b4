"""Scenario mutants for the hardening tests: byte-level, structure-level and schema-generated.

Every mutant is a pure function of (source, seed), so a failure is reproduced with

    python -m tests.hardening.mutants SOURCE SEED        # prints the mutant's YAML
    python -m tests.hardening.mutants SOURCE SEED --catalog   # …or the catalogue it plays with

where SOURCE is a shipped scenario's name (`loan_fee_trap`) or `generated`.

- byte mutants splice a few random bytes into a shipped file;
- structure mutants parse a shipped file (`yaml.safe_load`), change one to three things an
  author (or an attacker) could — a number to 0, -1, huge or 4,301 digits; a timeout to a
  moment; a `to:` to another step, an ending or its own step; `when` conditions added or
  removed; choices, timeouts, flags, steps or endings deleted; the red-flag catalogue shrunk to
  a few flags — and dump it back;
- generated files come from the JSON schema (schema/scenario.schema.json): every object, enum,
  pattern and range the schema states, with IDs drawn from pools so references often resolve.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from game.scenario import Catalog, check_catalog_bytes, load_catalog

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SCHEMA = ROOT / "schema" / "scenario.schema.json"
NOT_SCENARIOS = {"red_flags.yaml", "facts.yaml"}
HUGE = "9" * 4301                    # a number PyYAML reads, Python cannot print (int max str digits)
_HUGE_MARK = "HUGE_NUMBER_MARK"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Mutant:
    source: str                 # a shipped scenario's name, or "generated"
    seed: int
    what: str                   # what was done, for a failure's message
    data: bytes                 # the scenario file
    catalog: Catalog            # the catalogue it is checked and played with

    @property
    def label(self) -> str:
        return f"{self.source}#{self.seed}"

    @property
    def repro(self) -> str:
        return f"python -m tests.hardening.mutants {self.source} {self.seed}  ({self.what})"


# -- sources --------------------------------------------------------------------------------

def shipped_names() -> list[str]:
    return sorted(p.stem for p in SCENARIOS.glob("*.yaml") if p.name not in NOT_SCENARIOS)


@lru_cache(maxsize=None)
def shipped_bytes(name: str) -> bytes:
    return (SCENARIOS / f"{name}.yaml").read_bytes()


@lru_cache(maxsize=None)
def _shipped_doc(name: str) -> str:
    return json.dumps(yaml.load(shipped_bytes(name), Loader=_LOADER))     # copied by re-reading


def shipped_doc(name: str) -> dict:
    return json.loads(_shipped_doc(name))


@lru_cache(maxsize=1)
def base_catalog() -> Catalog:
    return load_catalog(SCENARIOS / "red_flags.yaml")


@lru_cache(maxsize=64)
def small_catalog(flags: tuple[str, ...]) -> Catalog:
    """The shipped catalogue with only `flags` in it (regions and facts as shipped)."""
    base = base_catalog()
    doc = yaml.load((SCENARIOS / "red_flags.yaml").read_bytes(), Loader=_LOADER)
    doc["red_flags"] = {k: v for k, v in doc["red_flags"].items() if k in flags}
    raw = yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True, sort_keys=False).encode("utf-8")
    catalog, problems = check_catalog_bytes("red_flags.yaml", raw, base.regions)
    assert catalog is not None, [p.format() for p in problems]
    return catalog.model_copy(update={"regions": base.regions, "facts": base.facts})


def dump(doc: Any) -> bytes:
    """YAML text of `doc`; the string `HUGE_NUMBER_MARK` becomes a 4,301-digit number."""
    text = yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=4096)
    return text.replace(f"'{_HUGE_MARK}'", HUGE).replace(_HUGE_MARK, HUGE).encode("utf-8")


# -- byte mutants ---------------------------------------------------------------------------

def byte_mutant(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    edits = []
    for _ in range(rng.randint(1, 3)):
        start = rng.randrange(len(data))
        cut = rng.randrange(12)
        insert = bytes(rng.randrange(256) for _ in range(rng.randrange(5))) if rng.random() < 0.5 else \
            rng.choice([b"0", b"-1", b"9" * 25, b"1e400", b".nan", b"\n", b": ", b"{", b"- ", b"&a ", b"*a", b"!!str "])
        data = data[:start] + insert + data[start + cut:]
        edits.append(f"@{start}-{cut}+{insert[:8]!r}")
    return data, "bytes " + " ".join(edits)


# -- structure mutants ----------------------------------------------------------------------

def _numbers(value: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every number in a parsed document (bools left out)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _numbers(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _numbers(v, (*path, i))]
    return []


def _set(doc: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _steps(doc: dict) -> dict:
    steps = doc.get("steps")
    return steps if isinstance(steps, dict) else {}


def _nodes(doc: dict) -> list[str]:
    endings = doc.get("endings") if isinstance(doc.get("endings"), dict) else {}
    return [*_steps(doc), *endings]


def _choices(doc: dict) -> list[tuple[str, dict]]:
    return [(sid, c) for sid, step in _steps(doc).items() if isinstance(step, dict)
            for c in step.get("choices") or [] if isinstance(c, dict)]


def _messages(doc: dict) -> list[dict]:
    return [m for step in _steps(doc).values() if isinstance(step, dict)
            for m in step.get("messages") or [] if isinstance(m, dict)]


def _number_vars(doc: dict) -> list[str]:
    variables = doc.get("vars") if isinstance(doc.get("vars"), dict) else {}
    found = [k for k, v in variables.items() if not (isinstance(v, dict) and "pick" in v
                                                     and any(isinstance(x, dict) for x in v["pick"]))]
    return found + ["paid"]


def _amount(rng: random.Random) -> Any:
    return rng.choice([0, -1, 1, 0.5, 10 ** 9, 10 ** 15, 2 ** 63, 10 ** 30, 1e308, -10 ** 12, _HUGE_MARK,
                       "1e400", 0.001])


def op_number(doc: dict, rng: random.Random) -> str | None:
    paths = _numbers(doc)
    if not paths:
        return None
    path, value = rng.choice(paths), _amount(rng)
    _set(doc, path, value)
    return f"number {'.'.join(map(str, path))}={str(value)[:12]}"


def op_tiny_timeout(doc: dict, rng: random.Random) -> str | None:
    steps = [(sid, s) for sid, s in _steps(doc).items() if isinstance(s, dict) and isinstance(s.get("timeout"), dict)]
    if not steps:
        return None
    sid, step = rng.choice(steps)
    step["timeout"]["after"] = rng.choice([0.001, 1e-6, 1e-300, 0.01, "0.001s", 0.5])
    if rng.random() < 0.5:
        step["timeout"]["to"] = sid
    return f"timeout {sid} after={step['timeout']['after']} to={step['timeout']['to']}"


def op_self_timeout(doc: dict, rng: random.Random) -> str | None:
    steps = [(sid, s) for sid, s in _steps(doc).items() if isinstance(s, dict)]
    if not steps:
        return None
    sid, step = rng.choice(steps)
    step["timeout"] = {"after": rng.choice([0.001, 0.01, 1, 60]), "to": sid}
    return f"timeout {sid} loops to itself after {step['timeout']['after']}"


def op_delay(doc: dict, rng: random.Random) -> str | None:
    messages = _messages(doc)
    if not messages:
        return None
    message = rng.choice(messages)
    message["delay"] = rng.choice([0, 3600, 1e-9, 86400])
    return f"delay {message.get('id')}={message['delay']}"


def op_retarget(doc: dict, rng: random.Random) -> str | None:
    nodes = _nodes(doc)
    edges = [(sid, c) for sid, c in _choices(doc)] + [
        (sid, s["timeout"]) for sid, s in _steps(doc).items() if isinstance(s, dict) and isinstance(s.get("timeout"), dict)]
    if not edges or not nodes:
        return None
    sid, edge = rng.choice(edges)
    edge["to"] = sid if rng.random() < 0.4 else rng.choice(nodes)
    return f"retarget {sid}.{edge.get('id', 'timeout')} to {edge['to']}"


def op_swap_targets(doc: dict, rng: random.Random) -> str | None:
    choices = _choices(doc)
    if len(choices) < 2:
        return None
    (s1, a), (s2, b) = rng.sample(choices, 2)
    a["to"], b["to"] = b.get("to"), a.get("to")
    return f"swap to of {s1}.{a.get('id')} and {s2}.{b.get('id')}"


def op_add_when(doc: dict, rng: random.Random) -> str | None:
    choices = _choices(doc)
    if not choices:
        return None
    sid, choice = rng.choice(choices)
    name = rng.choice(_number_vars(doc))
    test = rng.choice([0, 1, rng.randrange(10000), {"gt": 0}, {"lt": 0}, {"gte": rng.randrange(5000)}, {"ne": 0}])
    when = choice.get("when") if isinstance(choice.get("when"), dict) else {}
    choice["when"] = {**when, name: test}
    return f"when {sid}.{choice.get('id')} {name}={test}"


def op_drop_when(doc: dict, rng: random.Random) -> str | None:
    choices = [(sid, c) for sid, c in _choices(doc) if "when" in c]
    if not choices:
        return None
    sid, choice = rng.choice(choices)
    del choice["when"]
    return f"drop when {sid}.{choice.get('id')}"


def op_drop_choice(doc: dict, rng: random.Random) -> str | None:
    steps = [(sid, s) for sid, s in _steps(doc).items() if isinstance(s, dict) and s.get("choices")]
    if not steps:
        return None
    sid, step = rng.choice(steps)
    if rng.random() < 0.3:
        del step["choices"]
        return f"drop every choice of {sid}"
    gone = step["choices"].pop(rng.randrange(len(step["choices"])))
    return f"drop choice {sid}.{gone.get('id') if isinstance(gone, dict) else gone}"


def op_drop_timeout(doc: dict, rng: random.Random) -> str | None:
    steps = [(sid, s) for sid, s in _steps(doc).items() if isinstance(s, dict) and "timeout" in s]
    if not steps:
        return None
    sid, step = rng.choice(steps)
    del step["timeout"]
    return f"drop timeout {sid}"


def op_drop_flags(doc: dict, rng: random.Random) -> str | None:
    messages = [m for m in _messages(doc) if m.get("flags")]
    if not messages:
        return None
    chosen = messages if rng.random() < 0.3 else [rng.choice(messages)]
    for message in chosen:
        message.pop("flags", None)
        message.pop("why", None)
        message.pop("instead", None)
    return f"drop flags of {len(chosen)} message(s)"


def op_drop_node(doc: dict, rng: random.Random) -> str | None:
    kind = rng.choice(["steps", "endings"])
    nodes = doc.get(kind)
    if not isinstance(nodes, dict) or len(nodes) < 2:
        return None
    gone = rng.choice(list(nodes))
    del nodes[gone]
    return f"drop {kind} {gone}"


def op_loop_choice(doc: dict, rng: random.Random) -> str | None:
    steps = [(sid, s) for sid, s in _steps(doc).items() if isinstance(s, dict)]
    if not steps:
        return None
    sid, step = rng.choice(steps)
    target = rng.choice([sid, doc.get("start", sid)])
    choices = step.get("choices") if isinstance(step.get("choices"), list) else []
    if len(choices) >= 12:
        return None
    step["choices"] = [*choices, {"id": "again_loop", "text": {"en": "Again", "zh": "再来"}, "to": target}]
    return f"add choice {sid}.again_loop to {target}"


def op_huge_var(doc: dict, rng: random.Random) -> str | None:
    variables = doc.get("vars")
    if not isinstance(variables, dict) or not variables:
        return None
    name = rng.choice(list(variables))
    variables[name] = rng.choice([_HUGE_MARK, 10 ** 18, {"between": [0, 10 ** 12]}, {"between": [-5, -1]},
                                  {"pick": [10 ** 15, -1]}, 1e300])
    return f"var {name}={str(variables[name])[:20]}"


def op_few_messages(doc: dict, rng: random.Random) -> str | None:
    steps = [(sid, s) for sid, s in _steps(doc).items() if isinstance(s, dict) and len(s.get("messages") or []) > 1]
    if not steps:
        return None
    sid, step = rng.choice(steps)
    step["messages"] = step["messages"][:1]
    return f"keep one message in {sid}"


OPS: tuple[Callable[[dict, random.Random], str | None], ...] = (
    op_number, op_number, op_tiny_timeout, op_self_timeout, op_delay, op_retarget, op_retarget, op_swap_targets,
    op_add_when, op_add_when, op_drop_when, op_drop_choice, op_drop_choice, op_drop_timeout, op_drop_flags,
    op_drop_node, op_loop_choice, op_huge_var, op_few_messages)


def shrink_catalog(doc: dict, rng: random.Random) -> tuple[tuple[str, ...], str]:
    """Keep one to three of the flags the scenario uses; the catalogue keeps only those."""
    used = sorted({f for m in _messages(doc) for f in m.get("flags") or [] if isinstance(f, str)})
    base = sorted(base_catalog().red_flags)
    keep = tuple(sorted(rng.sample(used or base, min(len(used or base), rng.randint(1, 3)))))
    for message in _messages(doc):
        if isinstance(message.get("flags"), list):
            message["flags"] = [f for f in message["flags"] if f in keep]
            for key in ("why", "instead"):
                if isinstance(message.get(key), dict):
                    message[key] = {k: v for k, v in message[key].items() if k in keep}
    return keep, f"catalogue of {len(keep)} flag(s)"


def structure_mutant(name: str, rng: random.Random) -> tuple[bytes, Catalog, str]:
    doc = shipped_doc(name)
    done = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        what = rng.choice(OPS)(doc, rng)
        if what:
            done.append(what)
    catalog = base_catalog()
    if rng.random() < 0.12:
        keep, what = shrink_catalog(doc, rng)
        catalog = small_catalog(keep)
        done.append(what)
    return dump(doc), catalog, "; ".join(done) or "unchanged"


def mutant(source: str, seed: int) -> Mutant:
    """One mutant of a shipped scenario (or a generated one when `source` is "generated")."""
    rng = random.Random(f"{source}:{seed}")
    if source == "generated":
        return generated(seed)
    if seed % 6 == 5:
        data, what = byte_mutant(shipped_bytes(source), rng)
        return Mutant(source, seed, what, data, base_catalog())
    data, catalog, what = structure_mutant(source, rng)
    return Mutant(source, seed, what, data, catalog)


# -- from the schema ------------------------------------------------------------------------

@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


_WORDS = ["Pay now", "Your account is frozen", "点这里", "Call back", "核实一下", "OK", "{paid}", "{who_0.name}"]


class SchemaGenerator:
    """Random documents that follow the scenario JSON schema. IDs come from pools chosen per
    document (steps, endings, cast, variables) and the catalogue, picked by the property they
    fill, so `to:`, `from:`, `flags:`, `when:` and `start:` mostly refer to things that exist."""

    def __init__(self, rng: random.Random, catalog: Catalog) -> None:
        self.rng = rng
        self.defs = schema().get("definitions") or schema().get("$defs") or {}
        n_steps, n_endings = rng.randint(1, 6), rng.randint(1, 3)
        self.steps = [f"step_{i}" for i in range(n_steps)]
        self.endings = [f"end_{i}" for i in range(n_endings)]
        self.cast = [f"who_{i}" for i in range(rng.randint(1, 3))]
        self.vars = [f"var_{i}" for i in range(rng.randint(0, 3))]
        self.flags = sorted(catalog.red_flags)
        self.data_items = sorted(catalog.data_items)
        self.regions = sorted(catalog.regions) or ["CN"]
        self.serial = 0

    def _resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = self.defs[node["$ref"].rsplit("/", 1)[-1]]
        return node

    def ident(self, key: str) -> str:
        rng = self.rng
        pools = {"to": self.steps + self.endings, "start": self.steps, "from": self.cast + ["narrator"],
                 "payer": self.cast, "flags": self.flags, "give": self.data_items, "when": self.vars + ["paid"],
                 "set": self.vars, "add": self.vars, "amount": self.vars or ["paid"], "balance": self.vars or ["paid"], "start_": self.vars, "loss": ["paid"],
                 "why": self.flags, "instead": self.flags, "thread": self.cast, "with": self.cast,
                 "regions": self.regions, "by_region": self.regions, "secrets": self.data_items}
        if key in pools and pools[key] and rng.random() < 0.99:
            return rng.choice(pools[key])
        self.serial += 1
        return f"id_{self.serial}"

    def value(self, node: dict, key: str = "", depth: int = 0) -> Any:
        rng = self.rng
        node = self._resolve(node)
        for combo in ("oneOf", "anyOf"):
            if combo in node:
                options = [o for o in node[combo] if self._resolve(o).get("type") != "null"] or node[combo]
                return self.value(rng.choice(options), key, depth)
        if "allOf" in node:
            return self.value(node["allOf"][0], key, depth)
        if "enum" in node:
            return rng.choice(node["enum"])
        kind = node.get("type")
        if isinstance(kind, list):
            kind = rng.choice(kind)
        if kind == "object" or "properties" in node:
            return self.obj(node, key, depth)
        if kind == "array":
            if isinstance(node.get("items"), list):        # a fixed tuple, e.g. between: [low, high]
                low = rng.randint(-2, 5000)
                return [low, low + rng.randint(-1, 5000)]
            low = node.get("minItems", 0)
            high = min(node.get("maxItems", low + 3), low + 3)
            return [self.value(node.get("items", {}), key, depth + 1) for _ in range(rng.randint(low, max(low, high)))]
        if kind == "integer":
            low, high = node.get("minimum", -5), node.get("maximum", 10_000)
            return rng.randint(int(low), int(min(high, low + 10_000)))
        if kind == "number":
            low = node.get("minimum", node.get("exclusiveMinimum", -5))
            high = node.get("maximum", 10_000)
            value = rng.choice([round(rng.uniform(low, min(high, low + 600)), 2), int(rng.uniform(max(low, 0), min(high, 5000)))])
            return value if value != node.get("exclusiveMinimum") else value + 1
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "string":
            pattern = node.get("pattern", "")
            if node.get("x-pool") == "cast":
                return rng.choice(self.cast)
            if pattern.startswith("^[a-z]"):
                return self.ident(key)
            if pattern.startswith("^[A-Z]{2}"):
                return rng.choice(self.regions)
            if "smhd" in pattern:
                return rng.choice(["45s", "30m", "2h", "1d 6h", "0.5s"])
            if "\\d{2}:\\d{2}" in pattern or key == "starts_at":
                return f"{rng.randrange(24):02d}:{rng.randrange(60):02d}"
            return rng.choice(_WORDS)
        return rng.choice([0, "x", None])

    def obj(self, node: dict, key: str, depth: int) -> dict:
        rng = self.rng
        props = node.get("properties", {})
        required = set(node.get("required", ()))
        out: dict[str, Any] = {}
        for name, spec in props.items():
            if node.get("title") in ("Payment", "Receipt") and name in ("to", "from"):
                name, spec = name, {"type": "string", "pattern": "^[a-z]", "x-pool": "cast"}
            if name in required or (depth < 6 and rng.random() < 0.3):
                out[name] = self.value(spec, name, depth + 1)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and not props:
            for _ in range(rng.randint(node.get("minProperties", 0), node.get("minProperties", 0) + 2)):
                out[self.ident(key)] = self.value(extra, key, depth + 1)
        return out

    def scenario(self) -> dict:
        rng, props = self.rng, schema()["properties"]
        doc: dict[str, Any] = {"format": 2, "id": "generated", "regions": [rng.choice(self.regions)]}
        for name in ("kind", "category", "difficulty", "title", "summary", "sources", "starts_at"):
            doc[name] = self.value(props[name], name)
        cast_member = self._resolve(props["cast"]["additionalProperties"])
        doc["cast"] = {who: {"role": self.value(cast_member["properties"]["role"]), "name": "name"} for who in self.cast}
        doc["vars"] = {v: rng.choice([0, rng.randrange(10_000), {"between": [100, 900], "step": 100}])
                       for v in self.vars}
        if not doc["vars"]:
            del doc["vars"]
        doc["start"] = self.steps[0]
        step_spec, ending_spec = props["steps"]["additionalProperties"], props["endings"]["additionalProperties"]
        doc["steps"] = {sid: self.value(step_spec, "step") for sid in self.steps}
        for sid, step in doc["steps"].items():          # message IDs are unique in the scenario
            for number, message in enumerate(step.get("messages") or []):
                if isinstance(message, dict):
                    message["id"] = f"{sid}_m{number}"
                    flags = message.get("flags") or []
                    if flags and message.get("from") not in self.cast and rng.random() < 0.95:
                        message["from"] = rng.choice(self.cast)
                    for key in ("why", "instead"):          # explanations only of the message's own flags
                        if isinstance(message.get(key), dict) and rng.random() < 0.95:
                            message[key] = {k: v for k, v in message[key].items() if k in flags}
                    if "delay" in message:
                        message["delay"] = rng.choice([0, 1, 2.5, 30])
            if not step.get("choices") and not step.get("timeout") and rng.random() < 0.9:
                step["choices"] = [self.value(self.defs["Choice"], "choice")]
            for number, choice in enumerate(step.get("choices") or []):
                if isinstance(choice, dict):
                    choice["id"] = f"c{number}"
        doc["endings"] = {eid: self.value(ending_spec, "ending") for eid in self.endings}
        for ending in doc["endings"].values():
            if rng.random() < 0.9:
                ending.pop("fact", None)
        # mostly a path through every step to the endings (the rest of the `to:`s stay random)
        exits = iter(self.endings * 3)
        for number, step in enumerate(doc["steps"].values()):
            edges = [c for c in step.get("choices") or [] if isinstance(c, dict)]
            if isinstance(step.get("timeout"), dict):
                edges.append(step["timeout"])
            for index, edge in enumerate(edges):
                if rng.random() < 0.92:
                    edge["to"] = self.steps[number + 1] if index == 0 and number + 1 < len(self.steps) else \
                        next(exits, rng.choice(self.endings))
        return doc


def generated(seed: int) -> Mutant:
    rng = random.Random(f"generated:{seed}")
    catalog = base_catalog()
    doc = SchemaGenerator(rng, catalog).scenario()
    return Mutant("generated", seed, "from the schema", dump(doc), catalog)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    found = mutant(argv[0], int(argv[1]))
    if "--catalog" in argv:
        flags = sorted(found.catalog.red_flags)
        print(f"# catalogue: scenarios/red_flags.yaml with only {flags}")
        return 0
    sys.stdout.write(f"# {found.repro}\n")
    sys.stdout.buffer.write(found.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
