"""Counts as rates per 10,000 children and young people aged 0 to 25, written as a board reads them.

A rate per child such as 0.005 means nothing to a reader; 50 per 10,000 does. Small rates keep one
decimal place, larger ones are whole numbers, and a rate that rounds to nothing says so in words."""

from __future__ import annotations

PER = 10_000


def per_10000(count: float, population: int | None) -> float | None:
    """The count per 10,000 of the population, or None when no population is known."""
    if not population or population <= 0:
        return None
    return count * PER / population


def rate_text(rate: float | None) -> str:
    """'—' when unknown, '0', 'less than 0.1', one decimal below 10 ('2.4'), whole numbers above ('1,235').
    The size only: a difference's direction is shown by its ▲/▼ mark and words, not a minus sign."""
    if rate is None:
        return "—"
    rate = abs(rate)
    if rate == 0:
        return "0"
    if rate < 0.05:
        return "less than 0.1"
    if round(rate, 1) < 10:
        return f"{rate:.1f}"
    return f"{round(rate):,}"


def number_text(value: float) -> str:
    """A count or an average of counts: whole numbers as they are, averages with one decimal place."""
    value = abs(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"
