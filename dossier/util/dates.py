"""Dates as the editors write them, checked in one place, and shown in words.

* :func:`parse_date`: a partial date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (events,
  the catalogue), or with ``ranges=True`` also ``START/END`` (the catalogue);
* :func:`parse_timestamp`: ``YYYY-MM-DD[ HH:MM[:SS]]`` (an essay's ``Date:``);
* :func:`format_date`: "10 April 2022", "April 2022" or "2022".

A problem comes back as text for the caller's own diagnostic; nothing here raises.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; the groups are year, month, day.
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TIMESTAMP = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_date(date: str, ranges: bool = False) -> tuple[str, str]:
    """``date`` -> (precision, problem); the problem is "" for a valid date.

    Precision is ``day``, ``month`` or ``year``; with ``ranges``, ``START/END`` (each a
    partial date) is also valid, with precision ``range``."""
    parts = date.split("/") if ranges else [date]
    if len(parts) > 2:
        return "", "has more than one '/'"
    found = [_parse_partial(p) for p in parts]
    problems = [problem for _, problem in found if problem]
    if problems:
        return "", problems[0]
    return ("range" if len(found) == 2 else found[0][0]), ""


def _parse_partial(date: str) -> tuple[str, str]:
    m = PARTIAL_DATE.match(date)
    if not m:
        return "", "is not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = m.groups()
    if int(year) < 1:
        return "", "has year 0"
    if month and not 1 <= int(month) <= 12:
        return "", f"has no month {month}"
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            return "", f"is not a day of the calendar ({MONTHS[int(month) - 1]} {int(day)})"
        return "day", ""
    return ("month" if month else "year"), ""


def parse_timestamp(value: str, key: str) -> tuple[str, tuple[str, str] | None]:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` -> (ISO text, None), or ("", (message, fix)).

    ``key`` names the field in the message ("Date", "Modified")."""
    m = _TIMESTAMP.match(value)
    if not m:
        return "", (f"{key} {value!r} is not a date in YYYY-MM-DD form",
                    _suggest_date(value) or "write it as YYYY-MM-DD, e.g. 2023-03-01")
    year, month, day = (int(g) for g in m.groups()[:3])
    if not 1 <= month <= 12:
        return "", (f"impossible date {value!r}: there is no month {month}",
                    "months go from 01 to 12")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return "", (f"impossible date {value!r}",
                    f"{calendar.month_name[month]} {year} has {days} days")
    hour, minute, second = (int(g) if g else 0 for g in m.groups()[3:])
    try:
        when = dt.datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        return "", (f"impossible time in {value!r} ({exc})", "use HH:MM from 00:00 to 23:59")
    return (when.date().isoformat() if m.group(4) is None else when.isoformat()), None


def _suggest_date(value: str) -> str:
    from dateutil import parser  # pelican's own date parser, for the suggestion only

    try:
        guess = parser.parse(value, dayfirst=False, fuzzy=False)
    except (ValueError, OverflowError):
        return ""
    return f"did you mean '{guess.date().isoformat()}'?"


def format_date(date: str, precision: str) -> str:
    """"10 April 2022", "April 2022" or "2022", as far as the precision goes."""
    parts = date.split("-")
    try:
        if precision == "day" and len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if precision in ("day", "month") and len(parts) >= 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return date
    return parts[0]
