"""The one rule for when a record "may be out of date": it was last checked 12 or more whole calendar
months ago (from the same date a year on). Families' tags (web/core/staleness.py), the editors' review
status (live/records.py) and the "not reviewed" gap analysis (queries/gaps/not_reviewed.rq, the same
month count in SPARQL) all count this way, so no page can call a record current that another calls out of
date. Pure date arithmetic: no Flask, no store, so every layer can use it."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

REVIEW_MONTHS = 12


def months_since(day: date, today: date) -> int:
    """Whole calendar months from `day` to `today` (a month counts once its day of the month is reached)."""
    return (today.year - day.year) * 12 + today.month - day.month - (1 if today.day < day.day else 0)


def is_out_of_date(checked: date, today: date, every_months: int = REVIEW_MONTHS) -> bool:
    return months_since(checked, today) >= every_months


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def due_on(checked: date, every_months: int = REVIEW_MONTHS) -> date:
    """The last day a record checked on `checked` still counts as up to date (29 February's anniversary in
    a year without one is 1 March, as months_since counts it)."""
    year, month = _shift_months(checked, every_months)
    if checked.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, checked.day) - timedelta(days=1)
    return date(year, month, calendar.monthrange(year, month)[1])


def due_by(today: date, within_days: int, every_months: int = REVIEW_MONTHS) -> date:
    """The latest "last checked" date of a record that is out of date now or will be within `within_days`."""
    then = today + timedelta(days=within_days)
    year, month = _shift_months(then, -every_months)
    return date(year, month, min(then.day, calendar.monthrange(year, month)[1]))
