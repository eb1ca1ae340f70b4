"""`graph`: a scenario's steps and endings as a diagram (Mermaid, Graphviz dot, or SVG).

    python main.py graph scenarios/toll_text.yaml                 # Mermaid text: paste into https://mermaid.live
    python main.py graph scenarios/toll_text.yaml --format dot    # Graphviz dot text
    python main.py graph scenarios/toll_text.yaml -o toll.svg     # a picture (needs Graphviz's `dot`)

The Mermaid diagram is drawn by transitions' diagram support (`GraphMachine`, its Mermaid engine,
which needs no Graphviz) over a machine built like the engine's: one state per step and ending,
one transition per choice and timeout, `auto_transitions=False`, and nothing from the file ever
passed to transitions as a callback or condition (conditions are shown in the labels only). The
dot text is written from the same nodes and edges; SVG comes from Graphviz's `dot` program.

Each edge is labelled with the choice's ID and its first words, `timeout` and its delay, any
`when:` condition and what the choice pays or gives. The start is marked; endings are coloured
by outcome (safe green, scammed red, partial amber, overcautious violet), every row of
game/scenario/outcomes.py having a style.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from game.scenario import Catalog, Choice, Effects, Payment, Scenario, Step, check_scenario_file, errors_in

from game.locale import default_lang

from .language import say

FORMATS = ("mermaid", "dot", "svg")
SUFFIXES = {".svg": "svg", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid"}

#: Node styles: fill and border colour. One per outcome (a test checks every outcome has one).
STYLES: dict[str, tuple[str, str]] = {
    "step": ("#ffffff", "#555555"),
    "start": ("#dbeafe", "#1d4ed8"),
    "safe": ("#c6f6d5", "#2f855a"),
    "partial": ("#fefcbf", "#b7791f"),
    "overcautious": ("#e9d8fd", "#6b46c1"),
    "scammed": ("#fed7d7", "#c53030"),
}
_OPS = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}
#: Words Mermaid's state diagrams read as keywords: a step with such an ID gets a suffix there.
_MERMAID_WORDS = {"state", "note", "class", "classdef", "direction", "end", "style", "click", "as", "hide",
                  "default", "acctitle", "accdescr", "left", "right", "of", "over", "linkstyle"}
_PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")
FIRST_WORDS = 5          # of an English (or other spaced) text
FIRST_CHARACTERS = 12    # of a Chinese text


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    style: str               # a key of STYLES


@dataclass(frozen=True)
class Edge:
    source: str
    dest: str
    label: str
    timeout: bool = False
    safe: bool = False


@dataclass(frozen=True)
class Diagram:
    title: str
    start: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


class GraphvizMissing(Exception):
    """Graphviz's `dot` program is not installed: no SVG."""


# -- what the diagram shows -----------------------------------------------------------------------
def diagram(scenario: Scenario, lang: str = "en") -> Diagram:
    """The scenario's steps and endings as nodes, its choices and timeouts as labelled edges."""
    nodes = [Node(step_id, f"{step_id} ({step.channel})", "start" if step_id == scenario.start else "step")
             for step_id, step in scenario.steps.items()]
    for ending_id, ending in scenario.endings.items():
        title = f": {first_words(ending.title.get(lang))}" if ending.title is not None else ""
        nodes.append(Node(ending_id, f"{ending_id} · {ending.outcome}{title}",
                          ending.outcome if ending.outcome in STYLES else "step"))
    edges: list[Edge] = []
    for step_id, step in scenario.steps.items():
        for choice in step.choices:
            edges.append(Edge(step_id, choice.to, _choice_label(choice, step, lang), safe=choice.safe is True))
        if step.timeout is not None:
            label = f"timeout {_seconds(step.timeout.after)}" + _effects_label(step.timeout.effects, step)
            edges.append(Edge(step_id, step.timeout.to, label, timeout=True))
    return Diagram(f"{scenario.id}: {scenario.title.get(lang)}", scenario.start, tuple(nodes), tuple(edges))


def first_words(text: str) -> str:
    """The start of a text, for a label: five words, or twelve characters of Chinese."""
    text = _PLACEHOLDER.sub(lambda m: f"«{m.group(1)}»", " ".join(text.split()))
    words = text.split(" ")
    if len(words) > 1 or len(text) <= FIRST_CHARACTERS:
        return " ".join(words[:FIRST_WORDS]) + ("…" if len(words) > FIRST_WORDS else "")
    return text[:FIRST_CHARACTERS] + ("…" if len(text) > FIRST_CHARACTERS else "")


def _choice_label(choice: Choice, step: Step, lang: str) -> str:
    label = f"{choice.id}: {first_words(choice.text.get(lang))}"
    if choice.safe:
        label += " ✓safe"
    if choice.when:
        tests = []
        for name, condition in choice.when.items():
            if hasattr(condition, "holds"):            # {gte: 5000, lt: 9000}
                tests += [f"{name} {_OPS[op]} {getattr(condition, op)}" for op in _OPS
                          if getattr(condition, op) is not None]
            else:                                      # a bare number means eq
                tests.append(f"{name} = {condition}")
        label += f" [when {', '.join(tests)}]"
    return label + _effects_label(choice.effects, step)


def _effects_label(effects: Effects, step: Step) -> str:
    parts = [f"{name} = {value}" for name, value in effects.set.items()]
    parts += [f"{name} + {value}" for name, value in effects.add.items()]
    if effects.pay is not None:
        payment = step.payment_for(effects)
        amount = effects.pay.amount if isinstance(effects.pay, Payment) else effects.pay
        parts.append(f"pays {amount}" + (f" to {payment.to}" if payment is not None else ""))
    if effects.receive is not None:
        parts.append(f"receives {effects.receive.amount}")
    if effects.give:
        parts.append(f"gives {', '.join(effects.give)}")
    return f" ({'; '.join(parts)})" if parts else ""


def _seconds(value: float) -> str:
    seconds = int(value)
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


# -- Mermaid, through transitions' GraphMachine -----------------------------------------------------
def to_mermaid(scenario: Scenario, lang: str = "en") -> str:
    """A Mermaid `stateDiagram-v2`, drawn by transitions' GraphMachine with its Mermaid engine."""
    from transitions.extensions import GraphMachine
    from transitions.extensions.diagrams_mermaid import Graph

    picture = diagram(scenario, lang)
    names = _mermaid_names([node.id for node in picture.nodes])
    labels = {names[node.id]: _mermaid_text(node.label) for node in picture.nodes}

    class LabelledGraph(Graph):
        def _convert_state_attributes(self, state: dict[str, Any]) -> str:
            return labels[state["name"]]

    class DiagramMachine(GraphMachine):
        style_attributes = {
            "node": {name: {"fill": fill, "stroke": stroke} for name, (fill, stroke) in STYLES.items()},
            "edge": {"default": {}},
            "graph": {"default": {}},
        }

        def _init_graphviz_engine(self, graph_engine: str) -> type:
            return LabelledGraph

    class Model:                               # holds the state only; nothing from the file is callable
        pass

    model = Model()
    # Labels ride on the transitions (a label is text, never a callback); triggers are built from
    # validated IDs, like the engine's.
    transitions = [{"trigger": f"e__{index}", "source": names[edge.source], "dest": names[edge.dest],
                    "label": _mermaid_text(edge.label)} for index, edge in enumerate(picture.edges)]
    machine = DiagramMachine(model=model, states=list(labels), transitions=transitions,
                             initial=names[picture.start], auto_transitions=False, graph_engine="mermaid",
                             title=f'title: "{_mermaid_text(picture.title)}"')   # Mermaid's front matter
    graph = machine.model_graphs[id(model)]
    for node in picture.nodes:
        graph.set_node_style(names[node.id], node.style)
    text = model.get_graph().source            # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def _mermaid_names(ids: list[str]) -> dict[str, str]:
    taken = set(ids)
    names = {}
    for node_id in ids:
        name = node_id
        if name.lower() in _MERMAID_WORDS:
            while name in taken:
                name += "_"
            taken.add(name)
        names[node_id] = name
    return names


def _mermaid_text(text: str) -> str:
    """Text Mermaid reads as text: no quotes, no `#` or `;` (they end a label), no angle brackets."""
    table = str.maketrans({'"': "'", "#": "№", ";": ",", "<": "‹", ">": "›", "\n": " ", "{": "(", "}": ")"})
    return text.translate(table)


# -- Graphviz ---------------------------------------------------------------------------------------
def to_dot(scenario: Scenario, lang: str = "en") -> str:
    """Graphviz dot text of the same diagram: the same nodes, edges and styles."""
    picture = diagram(scenario, lang)
    lines = [f"digraph {_quote(scenario.id)} {{",
             "  rankdir=LR;",
             f"  label={_quote(picture.title)}; labelloc=t; fontname=\"Helvetica,Arial,sans-serif\";",
             "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica,Arial,sans-serif\"];",
             "  edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=10];",
             "  __start [shape=point, width=0.2, label=\"\"];",
             f"  __start -> {_quote(picture.start)};"]
    for node in picture.nodes:
        fill, stroke = STYLES[node.style]
        extra = ", penwidth=2" if node.style == "start" else ""
        lines.append(f"  {_quote(node.id)} [label={_quote(node.label)}, class={_quote(node.style)}, "
                     f"fillcolor={_quote(fill)}, color={_quote(stroke)}{extra}];")
    for edge in picture.edges:
        extra = ", style=dashed" if edge.timeout else ", color=\"#2f855a\"" if edge.safe else ""
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.dest)} [label={_quote(edge.label)}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dot_program() -> str | None:
    return shutil.which("dot")


def to_svg(dot_text: str) -> str:
    """SVG drawn by Graphviz's `dot` program; GraphvizMissing when it is not installed."""
    program = dot_program()
    if program is None:
        raise GraphvizMissing("dot")
    done = subprocess.run([program, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=120,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Graphviz's dot failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")


# -- the command ------------------------------------------------------------------------------------
def output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output file's name says (.svg, .dot), else mermaid."""
    if fmt:
        return fmt
    if output is not None:
        return SUFFIXES.get(output.suffix.lower(), "mermaid")
    return "mermaid"


def catalog_for(args: argparse.Namespace, folder: Path) -> Catalog:
    """The one catalogue every command uses (game.content): `--catalog` or the game's, extended by
    the red_flags.yaml beside the file, the packs given with `--pack` and the installed ones."""
    from game.content import from_args

    return from_args(args, folder).catalog


def main_graph(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    lang = getattr(args, "lang", None) or default_lang()
    fmt = output_format(getattr(args, "fmt", None), args.output)
    scenario, problems = check_scenario_file(args.path, catalog_for(args, folder))
    if scenario is None or errors_in(problems):
        for problem in problems:
            print(_format(problem, lang), file=out)
        print(say(lang, "graph.invalid", path=args.path), file=out)
        return 1
    if fmt == "svg":
        try:
            text = to_svg(to_dot(scenario, lang))
        except GraphvizMissing:
            print(say(lang, "graph.no_graphviz"), file=out)
            return 1
    else:
        text = to_mermaid(scenario, lang) if fmt == "mermaid" else to_dot(scenario, lang)
    if args.output is None:
        out.write(text)
        return 0
    from game.storage import write_text_atomic

    write_text_atomic(args.output, text)
    args.output.chmod(0o644)                     # the temporary file it was written as is private
    print(say(lang, "graph.wrote", path=args.output, format=fmt), file=out)
    return 0


def _format(problem: Any, lang: str) -> str:
    try:
        from .diagnostics import format_problem
    except ImportError:                          # written at the same time by another helper
        return problem.format()
    return format_problem(problem, lang)
