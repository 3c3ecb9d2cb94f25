"""A pathway's steps for its page (and a step's page): each with its timescale, who is responsible and
what to do if it goes wrong, the flowchart SVG, and the adult pathway it leads on to."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup
from pyoxigraph import NamedNode

from ..core.graph import Graph
from ..core.i18n import translate
from ..core.labels import label_map
from ..core.links import Link, node_link
from .flowchart import FlowStep, deadline_text, flowchart_svg
from .shaping import pick_values
from .talk_it_through import TalkItThrough
from .version_rows import rows_per_version


@dataclass
class PathwayView:
    pathway: Link
    steps: list[FlowStep]
    onward: list[Link] = field(default_factory=list)
    svg: Markup = Markup("")
    talk: TalkItThrough | None = None  # the SENDIASS to call, beside the flowchart (pathway pages only)

    @property
    def deadlines(self) -> list[str]:
        return [d for d in (deadline_text(s.deadline_weeks) for s in self.steps) if d]


def pathway_view(
    graph: Graph, pathway: str, onward: list[str], languages: list[str], current_step: str | None = None
) -> PathwayView | None:
    rows = rows_per_version(graph, "navigate/pathway_steps", pathway=NamedNode(pathway))  # 12-16 ms at scale 1
    if not rows:
        return None
    names = label_map(graph, [pathway, *onward, *(r["step"].value for r in rows)], languages)
    texts: dict[tuple[str, str], list] = {}
    steps: dict[str, FlowStep] = {}
    for row in rows:
        step = row["step"].value
        for key in ("timescale", "responsible", "ifWrong"):
            if key in row and row[key] not in texts.setdefault((step, key), []):
                texts[(step, key)].append(row[key])
        if step not in steps:
            link = node_link(step, names.get(step, step.rsplit("/", 1)[-1]), graph.id_base)
            steps[step] = FlowStep(
                int(row["position"].value),
                link.label,
                url=link.url,
                iri=step,
                deadline_weeks=Decimal(row["deadline"].value) if "deadline" in row else None,
                current=step == current_step,
            )
    for step, entry in steps.items():
        entry.timescale = _text(texts, step, "timescale", languages)
        entry.responsible = _text(texts, step, "responsible", languages)
        entry.if_wrong = _text(texts, step, "ifWrong", languages)
    ordered = sorted(steps.values(), key=lambda s: (s.position, s.iri))
    onward_links = [node_link(o, names.get(o, o), graph.id_base) for o in onward]
    title = names.get(pathway, "Pathway")
    onward_names = ", ".join(o.label for o in onward_links) or None
    svg = flowchart_svg(translate("Flowchart: {title}", title=str(title)), ordered, onward_names)
    return PathwayView(node_link(pathway, title, graph.id_base), ordered, onward_links, svg)


def _text(texts: dict, step: str, key: str, languages: list[str]) -> str | None:
    picked = pick_values(texts.get((step, key), []), languages)
    return picked[0] if picked else None
