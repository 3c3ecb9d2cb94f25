"""The days of the week as iCalendar BYDAY codes (what lo:Schedule and ORUK store) and their English names
(what schema.org's DayOfWeek and ORUK's `byday` spelt out use)."""

from __future__ import annotations

DAY_NAMES: dict[str, str] = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
