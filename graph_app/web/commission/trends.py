"""A trend line per council for each headline figure (graph_app/gaps/compare.py's HEADLINES), drawn on the
server as SVG with the same numbers in a table under it, so the page needs no JavaScript and the picture is
never the only way to read the figures. The points are the store versions kept in the history
(graph_app/gaps/snapshots.py): one a day, snapshots named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...gaps import snapshots
from ...gaps.compare import HEADLINES, Headline
from ...gaps.rates import number_text
from ...gaps.snapshots import Point
from ..core.cookie_session import get_private_db
from ..core.i18n import translate
from ..core.staff_user import current_user
from .choices import gaps

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30  # room for the axis numbers and dates


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    point: Point
    text: str  # the count as written


@dataclass(frozen=True)
class Trend:
    headline: Headline
    label: str  # the figure's name in the page's language
    points: list[Point]
    dots: list[Dot]
    path: str  # the SVG path of the line ("" with fewer than two points)
    top: float  # the y axis runs from 0 to this
    summary: str  # the line in words: first and last value and date

    @property
    def slug(self) -> str:
        return self.headline.analysis.replace("_", "-")


def _days(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def draw(headline: Headline, points: list[Point]) -> Trend:
    """The line for one figure: x by date, y from 0 to the largest value (a flat line stays readable)."""
    label = translate(headline.label)
    top = max([p.count for p in points] + [1.0])
    first, last = (_days(points[0].day), _days(points[-1].day)) if points else (0, 0)
    span = max(last - first, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    dots = []
    for p in points:
        x = LEFT + (inner_w * (_days(p.day) - first) / span if len(points) > 1 else inner_w / 2)
        y = TOP + inner_h * (1 - p.count / top)
        dots.append(Dot(round(x, 1), round(y, 1), p, number_text(p.count)))
    path = "M" + " L".join(f"{d.x},{d.y}" for d in dots) if len(dots) > 1 else ""
    if not points:
        summary = translate("No figures kept yet.")
    elif len(points) == 1:
        summary = translate("{value} on {day}; one point so far.", value=dots[0].text, day=points[0].day)
    else:
        summary = translate(
            "From {first} on {first_day} to {last} on {last_day}.",
            first=dots[0].text,
            first_day=points[0].day,
            last=dots[-1].text,
            last_day=points[-1].day,
        )
    return Trend(headline, label, points, dots, path, top, summary)


def trends_for(council_iri: str, only: str | None = None) -> list[Trend]:
    """Each headline figure's trend for a council (or only the named analysis's), in the pages' order."""
    kept = snapshots.trend(get_private_db(), council_iri)
    return [draw(h, kept.get(h.analysis, [])) for h in HEADLINES if only in (None, h.analysis)]


def trends_json(trends: list[Trend]) -> list[dict[str, object]]:
    return [
        {
            "analysis": t.slug,
            "figure": t.headline.key,
            "label": t.label,
            "summary": t.summary,
            "points": [{"day": p.day, "count": p.count, "snapshot": p.snapshot} for p in t.points],
        }
        for t in trends
    ]


def axis(trend: Trend) -> dict[str, object]:
    """Where the axis words go: the top value, and the first and last dates."""
    return {
        "top_text": number_text(trend.top),
        "first_day": trend.points[0].day if trend.points else "",
        "last_day": trend.points[-1].day if len(trend.points) > 1 else "",
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
    }


@gaps.context_processor
def trend_helpers() -> dict[str, object]:
    return {"trend_axis": axis, "staff_user": current_user(), "council_trends": trends_for}
